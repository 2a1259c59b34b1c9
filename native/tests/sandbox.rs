//! The sandbox on the real kernel: the world a lesson starts in
//! (docs/lesson-format.md) and that a run leaves nothing behind. Needs
//! root; skipped with a printed reason otherwise.
#![cfg(target_os = "linux")]

use std::time::Duration;

use ctlab_native::sandbox::{Ending, Sandbox, Terminal, cgroup};

fn sandbox() -> Option<Sandbox> {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: the sandbox needs root on the real kernel");
        return None;
    }
    Some(Sandbox::start().expect("sandbox starts"))
}

fn run(t: &mut Terminal, line: &str) -> String {
    t.send_line(line).unwrap();
    let (out, how) = t.read_until_prompt(Duration::from_secs(10)).unwrap();
    assert_eq!(
        how,
        Ending::Prompt,
        "{line}: {}",
        String::from_utf8_lossy(&out)
    );
    ctlab_native::sandbox::terminal::clean(&out)
}

fn open(s: &mut Sandbox) -> Terminal {
    let mut t = s.open_terminal().unwrap();
    let (out, how) = t.read_until_prompt(Duration::from_secs(10)).unwrap();
    assert_eq!((how, out.as_slice()), (Ending::Prompt, &b""[..]));
    t
}

#[test]
fn a_lesson_starts_in_the_promised_world() {
    let Some(mut s) = sandbox() else { return };
    let mut host = open(&mut s);
    let mut other = open(&mut s);
    assert_eq!(
        run(
            &mut host,
            "echo $$; tty; hostname; cat /proc/1/cmdline; echo"
        ),
        "2\n/dev/pts/0\nctlab\ninit\n"
    );
    assert_eq!(run(&mut other, "echo $$; tty"), "3\n/dev/pts/1\n");
    assert_eq!(
        run(&mut host, "ps -e -o pid,ppid,stat,tty,comm"),
        "    PID    PPID STAT TT       COMMAND\n      1       0 S    ?        init\n      2       1 Ss   pts/0    bash\n      3       1 Ss+  pts/1    bash\n      8       2 R+   pts/0    ps\n"
    );
    assert_eq!(
        run(
            &mut host,
            "env | sort; umask; cd; pwd; ls -A /tmp /root /mnt"
        ),
        "HOME=/root\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nPWD=/\nSHLVL=1\nTERM=dumb\n_=/usr/bin/env\n0022\n/root\n/mnt:\n\n/root:\n\n/tmp:\n"
    );
    assert_eq!(
        run(
            &mut host,
            "findmnt -n -o TARGET,SOURCE,FSTYPE,VFS-OPTIONS -l"
        ),
        "/         overlay    overlay rw,relatime\n/tmp      tmpfs      tmpfs   rw,nosuid,nodev,relatime\n/root     tmpfs      tmpfs   rw,relatime\n/dev      tmpfs      tmpfs   rw,nosuid,relatime\n/dev/pts  devpts     devpts  rw,nosuid,noexec,relatime\n/dev/shm  tmpfs      tmpfs   rw,nosuid,nodev,relatime\n/proc     proc       proc    rw,nosuid,nodev,noexec,relatime\n/proc/sys proc[/sys] proc    ro,nosuid,nodev,noexec,relatime\n/sys      sysfs      sysfs   ro,nosuid,nodev,noexec,relatime\n"
    );
    // lo is up, as in a container and in the model's initial world.
    assert_eq!(
        run(
            &mut host,
            "cat /sys/class/net/lo/operstate /sys/class/net/lo/flags"
        ),
        "unknown\n0x9\n"
    );
    // The cgroup namespace's root is the run's cgroup.
    assert!(
        run(&mut host, "cat /proc/self/cgroup")
            .lines()
            .all(|l| l.ends_with(":/"))
    );
    // SIGPIPE is back to its default in the shells (Rust ignores it).
    assert_eq!(
        run(&mut host, "yes | head -2; echo ${PIPESTATUS[@]}"),
        "y\ny\n141 0\n"
    );
    s.teardown().unwrap();
}

#[test]
fn teardown_leaves_no_process_and_no_cgroup() {
    let Some(mut s) = sandbox() else { return };
    let mut t = open(&mut s);
    run(&mut t, "sleep 1000 & sleep 1000 & disown -a");
    let name = s.run_name().to_string();
    let init = s.init_host_pid();
    s.teardown().unwrap();
    assert!(!std::path::Path::new(&format!("/proc/{init}")).exists());
    for h in cgroup::hierarchies().unwrap() {
        assert!(
            !h.own.join(&name).exists(),
            "{} left behind",
            h.own.join(&name).display()
        );
    }
}
