//! The guest's side: PID 1 after /init, reading requests from the control
//! port and answering on it (`protocol`). Its stdout and stderr are
//! the console (ttyS0), which the host keeps in a log file.
//!
//! As PID 1 it inherits every orphan but does not reap them with
//! `waitpid(-1)`: that could steal a child that `replay::observe` waits
//! for. Orphaned zombies in a machine that lives for one test run cost a
//! pid each and nothing else.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::process::Command;

use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};

use super::protocol::{self, Check, Probe, Request, Response};
use crate::replay;

/// Runs the agent on the control port named by the first argument (the
/// /init script passes `init::CONTROL_PORT`); returns only if it cannot start.
pub fn main() -> i32 {
    let Some(port) = std::env::args().nth(1) else {
        eprintln!("usage: ctlab-guest-agent CONTROL-PORT");
        return 2;
    };
    let control = match open_raw(&port) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("ctlab-guest-agent: {port}: {e}");
            return 1;
        }
    };
    match serve(control) {
        Ok(()) => power_off(),
        Err(e) => {
            eprintln!("ctlab-guest-agent: {port}: {e}");
            1
        }
    }
}

/// The port opened for reading and writing. A virtio port is a plain
/// character device; a serial port (a tty) is put in raw mode, since its
/// line discipline would echo what the host sends back to it, turn "\n"
/// into "\r\n" and cap a line at 4095 bytes (termios(3), cfmakeraw).
fn open_raw(port: &str) -> std::io::Result<File> {
    let file = OpenOptions::new().read(true).write(true).open(port)?;
    if rustix::termios::isatty(&file) {
        let mut termios = tcgetattr(&file)?;
        termios.make_raw();
        tcsetattr(&file, OptionalActions::Now, &termios)?;
    }
    Ok(file)
}

fn serve(control: File) -> std::io::Result<()> {
    let mut out = control.try_clone()?;
    let mut send = |response: &Response| -> std::io::Result<()> {
        let mut line = protocol::encode(response);
        line.push('\n');
        out.write_all(line.as_bytes())?;
        out.flush()
    };
    send(&Response::Hello {
        kernel_release: kernel_release(),
    })?;
    let mut lines = BufReader::new(control);
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(()); // the host hung up
        }
        let request = match protocol::decode::<Request>(&line) {
            None => continue,
            Some(Err(e)) => {
                send(&Response::Invalid(e))?;
                continue;
            }
            Some(Ok(request)) => request,
        };
        match request {
            Request::Probe => send(&Response::Probe(probe()))?,
            Request::Observe {
                lesson_source,
                options,
            } => send(&Response::Observe(observe(&lesson_source, &options)))?,
            Request::Shutdown => {
                send(&Response::ShuttingDown)?;
                return Ok(());
            }
        }
    }
}

fn kernel_release() -> String {
    rustix::system::uname()
        .release()
        .to_string_lossy()
        .into_owned()
}

fn observe(source: &str, options: &replay::Options) -> Result<replay::KernelRun, String> {
    let parsed = ctlab::lesson::parse(source);
    if parsed.has_errors() {
        let messages: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect();
        return Err(format!(
            "the lesson does not parse: {}",
            messages.join("; ")
        ));
    }
    replay::observe(&parsed.lesson, options).map_err(|e| e.to_string())
}

/// The checks `Request::Probe` runs: what the sandbox needs from a kernel,
/// each done with the real tools the lessons use.
pub const CHECKS: &[(&str, &str)] = &[
    (
        // An overlay in a private mount namespace: a write through the
        // merged directory lands in the upper one (copy-up).
        "overlay",
        "set -eu
d=/tmp/ctlab-probe-overlay
mkdir -p $d/lower $d/upper $d/work $d/merged
echo lower > $d/lower/file
unshare --mount bash -c 'set -eu
d=/tmp/ctlab-probe-overlay
mount -t overlay overlay -o lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work $d/merged
echo upper >> $d/merged/file
findmnt -n -o FSTYPE $d/merged'
cat $d/upper/file",
    ),
    (
        // The first process of a new pid namespace is its PID 1.
        "pid_namespace",
        "unshare --pid --fork --mount-proc bash -c 'echo $$'",
    ),
    (
        // The root the sandbox starts from can be pivot_root'ed away
        // (the initial rootfs cannot: see guest::init).
        "pivot_root",
        "set -eu
mkdir -p /tmp/ctlab-probe-root
unshare --mount bash -c 'set -eu
mount -t tmpfs tmpfs /tmp/ctlab-probe-root
mkdir /tmp/ctlab-probe-root/old
cd /tmp/ctlab-probe-root
pivot_root . old
cd /
[ -d /old/proc/self ] && echo pivoted'",
    ),
    (
        // A child cgroup on the v2 hierarchy: a process moved into it sees
        // itself there.
        "cgroup_v2",
        "set -eu
mkdir /sys/fs/cgroup/ctlab-probe
bash -c 'echo $$ > /sys/fs/cgroup/ctlab-probe/cgroup.procs; cat /proc/self/cgroup'
rmdir /sys/fs/cgroup/ctlab-probe",
    ),
    (
        // The guest's root directory: a Debian root's directories, nothing
        // of the boot left over.
        "root_directory",
        "ls -A /",
    ),
    (
        // cgroup_no_v1=all: no v1 controller can be mounted (the v1
        // hierarchy exists only for named, controller-less mounts).
        "cgroup_v1_refused",
        "mkdir -p /tmp/ctlab-probe-v1
unshare --mount mount -t cgroup -o pids cgroup /tmp/ctlab-probe-v1 2>&1
echo \"status $?\"",
    ),
];

fn probe() -> Probe {
    let read =
        |path: &str| std::fs::read_to_string(path).unwrap_or_else(|e| format!("{path}: {e}"));
    Probe {
        kernel_release: kernel_release(),
        self_cgroup: read("/proc/self/cgroup"),
        cgroup_filesystems: read("/proc/filesystems")
            .lines()
            .filter(|l| l.contains("cgroup"))
            .map(str::to_string)
            .collect(),
        cgroup_controllers: read("/sys/fs/cgroup/cgroup.controllers"),
        checks: CHECKS
            .iter()
            .map(|(name, script)| check(name, script))
            .collect(),
    }
}

fn check(name: &str, script: &str) -> Check {
    let out = Command::new("/usr/bin/bash").arg("-c").arg(script).output();
    let (status, stdout, stderr) = match out {
        Ok(o) => (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (None, String::new(), e.to_string()),
    };
    Check {
        name: name.to_string(),
        script: script.to_string(),
        status,
        stdout,
        stderr,
    }
}

/// Powers the machine off (reboot(2) LINUX_REBOOT_CMD_POWER_OFF): qemu
/// exits. Should that fail, returning makes PID 1 exit, the kernel panic
/// and qemu (`-no-reboot`, `panic=-1`) exit all the same.
fn power_off() -> i32 {
    rustix::fs::sync();
    if let Err(e) = rustix::system::reboot(rustix::system::RebootCommand::PowerOff) {
        eprintln!("ctlab-guest-agent: reboot(POWER_OFF): {e}");
    }
    0
}
