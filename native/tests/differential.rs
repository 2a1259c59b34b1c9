//! Differential checks: the same small scenarios run on the real kernel
//! (by the `ctlab-probe` binary, a separate single-threaded process) and
//! on the model must print the same lines. Tests that need the real kernel
//! as root print why they are skipped when they cannot run.
#![cfg(target_os = "linux")]

use std::process::Command;

use ctlab::kernel_model::procfs::status::parse_status;
use ctlab::kernel_model::*;

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

fn probe(scenario: &str) -> Option<String> {
    if !is_root() {
        eprintln!("skipped: needs root to create namespaces on the real kernel");
        return None;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_ctlab-probe"))
        .arg(scenario)
        .output()
        .expect("run ctlab-probe");
    assert!(
        out.status.success(),
        "probe failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

fn res<T>(r: SysResult<T>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e.name().into(),
    }
}

fn model_uid_map() -> String {
    let mut k = Kernel::new();
    let t = k.fork(k.init_task()).unwrap();
    let mut s = String::new();
    let mut out = |l: &str, r: String| s.push_str(&format!("{l} {r}\n"));
    out("unshare_user", res(k.unshare(t, CloneFlags::NEWUSER)));
    for &(label, text) in ctlab_native::scenarios::UID_MAP_WRITES {
        out(
            label,
            res(k.write_file(t, "/proc/self/uid_map", text.as_bytes())),
        );
    }
    out(
        "uid_map",
        format!("{:?}", k.read_file(t, "/proc/self/uid_map").unwrap()),
    );
    out(
        "setgroups_deny",
        res(k.write_file(t, "/proc/self/setgroups", b"deny")),
    );
    out(
        "gid_map",
        res(k.write_file(t, "/proc/self/gid_map", b"0 0 1\n")),
    );
    out(
        "setgroups_allow_after",
        res(k.write_file(t, "/proc/self/setgroups", b"allow\n")),
    );
    out(
        "setgroups_deny_after",
        res(k.write_file(t, "/proc/self/setgroups", b"deny\n")),
    );
    out(
        "setgroups_bad",
        res(k.write_file(t, "/proc/self/setgroups", b"maybe")),
    );
    out(
        "setgroups",
        format!("{:?}", k.read_file(t, "/proc/self/setgroups").unwrap()),
    );
    let st = k.read_file(t, "/proc/self/status").unwrap();
    for l in st
        .lines()
        .filter(|l| ["Uid:", "Gid:", "CapEff:"].iter().any(|p| l.starts_with(p)))
    {
        out("status", format!("{l:?}"));
    }
    out("nested_user", res(k.unshare(t, CloneFlags::NEWUSER)));
    out(
        "nested_unmapped_user",
        res(k.unshare(t, CloneFlags::NEWUSER)),
    );
    s
}

fn model_pid_ns() -> String {
    let mut k = Kernel::new();
    let t = k.fork(k.init_task()).unwrap();
    let mut s = String::new();
    let mut out = |l: &str, r: String| s.push_str(&format!("{l} {r}\n"));
    out("unshare_pid", res(k.unshare(t, CloneFlags::NEWPID)));
    out(
        "pid_for_children",
        res(k.readlink(t, "/proc/self/ns/pid_for_children")),
    );
    out("unshare_pid_again", res(k.unshare(t, CloneFlags::NEWPID)));
    let c = k.fork(t).unwrap();
    k.execve(c, "/proc/self/exe").unwrap();
    out(
        "child",
        format!("{} {}", k.getpid(c).unwrap(), k.getppid(c).unwrap()),
    );
    k.exit(c, 3).unwrap();
    let (_, status) = k.wait4(t, -1, 0).unwrap().unwrap();
    out("child_exit", (status >> 8).to_string());
    out("fork_again", res(k.fork(t)));
    s
}

fn model_uts() -> String {
    let mut k = Kernel::new();
    let t = k.fork(k.init_task()).unwrap();
    let mut s = String::new();
    let mut out = |l: &str, r: String| s.push_str(&format!("{l} {r}\n"));
    out("unshare_uts", res(k.unshare(t, CloneFlags::NEWUTS)));
    out("sethostname_65", res(k.sethostname(t, &[b'x'; 65])));
    out("sethostname_box", res(k.sethostname(t, b"box")));
    out("nodename", k.uname(t).unwrap().nodename);
    s
}

fn model_time() -> String {
    let mut k = Kernel::new();
    let t = k.fork(k.init_task()).unwrap();
    let mut s = String::new();
    let mut out = |l: &str, r: String| s.push_str(&format!("{l} {r}\n"));
    let path = "/proc/self/timens_offsets";
    out("init_ns", res(k.write_file(t, path, b"monotonic 1 0\n")));
    out("unshare_time", res(k.unshare(t, CloneFlags::NEWTIME)));
    for (label, text) in [
        ("mono", "monotonic 10 0\n"),
        ("boot", "boottime -5 100\n"),
        ("mono_num", "1 3 0\n"),
        ("boot_num", "7 4 0"),
        ("nsec", "monotonic 1 1000000000\n"),
        ("realtime", "realtime 1 0\n"),
        ("nan", "monotonic x 0\n"),
        ("short", "monotonic 1\n"),
    ] {
        out(label, res(k.write_file(t, path, text.as_bytes())));
    }
    out("offsets", format!("{:?}", k.read_file(t, path).unwrap()));
    out("fork", res(k.fork(t)));
    out("after_fork", res(k.write_file(t, path, b"monotonic 2 0\n")));
    s
}

/// Nesting limits: user namespaces nest 33 deep below the initial one, then
/// ENOSPC; PID namespaces 32 levels, then ENOSPC (user_namespaces(7),
/// pid_namespaces(7), clone(2)). The probe starts in the initial
/// namespaces when the test runs there.
#[test]
fn nesting_limits_match_kernel() {
    let Some(real) = probe("user-depth") else {
        return;
    };
    let mut k = Kernel::new();
    let t = k.fork(k.init_task()).unwrap();
    let mut levels = 0;
    let model = loop {
        match k.unshare(t, CloneFlags::NEWUSER) {
            Ok(()) => levels += 1,
            Err(e) => break format!("user_depth {levels} then {}\n", e.name()),
        }
        k.write_file(t, "/proc/self/uid_map", b"0 0 1\n").unwrap();
        k.write_file(t, "/proc/self/setgroups", b"deny\n").unwrap();
        k.write_file(t, "/proc/self/gid_map", b"0 0 1\n").unwrap();
    };
    assert_eq!(model, real);

    let Some(real) = probe("pid-depth") else {
        return;
    };
    let real_levels: u32 = real.split_whitespace().nth(1).unwrap().parse().unwrap();
    // The probe's own starting level is that of the test process.
    let l = std::fs::read_to_string("/proc/self/status").unwrap();
    let start = l
        .lines()
        .find(|l| l.starts_with("NSpid:"))
        .unwrap()
        .split_whitespace()
        .count()
        - 2;
    let mut t = k.fork(k.init_task()).unwrap();
    for _ in 0..start {
        k.unshare(t, CloneFlags::NEWPID).unwrap();
        t = k.fork(t).unwrap();
    }
    let mut n = 0;
    let model = loop {
        match k.unshare(t, CloneFlags::NEWPID) {
            Ok(()) => n += 1,
            Err(e) => break format!("pid_depth {n} then {}\n", e.name()),
        }
        t = k.fork(t).unwrap();
    };
    assert_eq!(model, real);
    assert_eq!(real_levels as usize + start, 32);
}

/// time_namespaces(7): timens_offsets format and write rules.
#[test]
fn time_offsets_match_kernel() {
    let Some(real) = probe("time") else { return };
    assert_eq!(model_time(), real);
}

/// user_namespaces(7) map and setgroups rules, errno for errno.
#[test]
fn uid_map_rules_match_kernel() {
    let Some(real) = probe("uid-map") else { return };
    assert_eq!(model_uid_map(), real);
}

/// pid_namespaces(7): pid_for_children ENOENT, second unshare EINVAL, first
/// child is pid 1 with ppid 0, fork after init died ENOMEM.
#[test]
fn pid_namespace_rules_match_kernel() {
    let Some(real) = probe("pid-ns") else { return };
    assert_eq!(model_pid_ns(), real);
}

/// sethostname(2) length limit and UTS isolation.
#[test]
fn uts_rules_match_kernel() {
    let Some(real) = probe("uts") else { return };
    assert_eq!(model_uts(), real);
}

/// Every errno text equals what libc's strerror gives on this machine.
#[test]
fn errno_texts_match_libc() {
    for &e in Errno::ALL {
        let libc = std::io::Error::from_raw_os_error(e as i32).to_string();
        let libc = libc.split(" (os error").next().unwrap();
        assert_eq!(e.strerror(), libc, "{}", e.name());
    }
}

/// /proc/self/status of `cat` run by `unshare --user --pid --fork
/// --mount-proc` (no id map, so uid 65534 and no capabilities after exec):
/// every line the model renders appears in the real file, in the same order
/// and with the same bytes (Umask and SigIgn aside: both are inherited from
/// whoever runs the test; here the launcher ignores signals 32 and 33).
#[test]
fn status_lines_match_kernel() {
    if !is_root() {
        eprintln!("skipped: needs root to create namespaces on the real kernel");
        return;
    }
    let out = match Command::new("unshare")
        .args([
            "--user",
            "--pid",
            "--fork",
            "--mount-proc",
            "cat",
            "/proc/self/status",
        ])
        .output()
    {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            eprintln!(
                "skipped: unshare(1) failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            return;
        }
        Err(e) => {
            eprintln!("skipped: unshare(1) not available: {e}");
            return;
        }
    };
    let real = String::from_utf8(out.stdout).unwrap();
    let mut k = Kernel::new();
    let sh = k.fork(k.init_task()).unwrap();
    k.unshare(
        sh,
        CloneFlags::NEWUSER | CloneFlags::NEWPID | CloneFlags::NEWNS,
    )
    .unwrap();
    let c = k.fork(sh).unwrap();
    k.mount(c, "proc", "/proc", "proc", 0, "").unwrap();
    k.execve(c, "/usr/bin/cat").unwrap();
    let model = k.read_file(c, "/proc/self/status").unwrap();
    assert!(
        parse_status(&real).is_some(),
        "the parser reads the real file"
    );
    let real_lines: Vec<&str> = real.lines().collect();
    let mut pos = 0;
    for line in model
        .lines()
        .filter(|l| !l.starts_with("Umask:") && !l.starts_with("SigIgn:"))
    {
        let key = line.split(':').next().unwrap();
        let found = real_lines[pos..]
            .iter()
            .position(|l| l.split(':').next() == Some(key));
        let Some(i) = found else {
            panic!("{key} missing or out of order in real status:\n{real}")
        };
        assert_eq!(real_lines[pos + i], line, "line {key} differs");
        pos += i + 1;
    }
}

/// namespaces(7): the links read `TYPE:[INODE]`; the model's parser reads
/// every real link, and, when this test runs in the initial namespaces, the
/// initial inode numbers are the fixed ones the model uses
/// (include/linux/proc_ns.h, 6.18).
#[test]
fn ns_links_parse_and_initial_inodes_match() {
    let dir = match std::fs::read_dir("/proc/self/ns") {
        Ok(d) => d,
        Err(e) => {
            eprintln!("skipped: no /proc/self/ns: {e}");
            return;
        }
    };
    let mut seen = 0;
    for entry in dir {
        let entry = entry.unwrap();
        let target = std::fs::read_link(entry.path()).unwrap();
        let text = target.to_string_lossy();
        let (t, _) = ctlab::kernel_model::procfs::ns_link::parse_ns_link(&text)
            .unwrap_or_else(|| panic!("{text}"));
        assert!(
            entry
                .file_name()
                .to_string_lossy()
                .starts_with(t.proc_name())
        );
        seen += 1;
    }
    assert_eq!(seen, 10, "Linux 6.18 has 10 entries in /proc/PID/ns");
    // A namespace number below PROC_DYNAMIC_FIRST is a static initial one,
    // and must be the number the model gives that type (checked here: all
    // eight of this process's namespaces are the initial ones).
    let mut statics = 0;
    for t in NsType::ALL {
        let l = std::fs::read_link(format!("/proc/self/ns/{}", t.proc_name())).unwrap();
        let (_, id) =
            ctlab::kernel_model::procfs::ns_link::parse_ns_link(&l.to_string_lossy()).unwrap();
        if id.0 < ctlab::kernel_model::ns_common::PROC_DYNAMIC_FIRST {
            assert_eq!(id, t.init_inum(), "{t}");
            statics += 1;
        }
    }
    eprintln!("{statics} of 8 namespaces are initial ones and match the model's numbers");
}

/// pid_namespaces(7), "/proc and PID namespaces": /proc/self is resolved
/// in the PID namespace of the proc *mount*. In a fresh sandbox, `readlink
/// /proc/self` from a child, from a child of `unshare --pid --fork` (no new
/// proc: its outer pid) and from one of `unshare --pid --fork --mount-proc`
/// (its own proc: 1) print the same on the model, which runs the same
/// forks, unshares and mounts.
#[test]
fn proc_self_follows_the_proc_mount_like_kernel() {
    if !is_root() {
        eprintln!("skipped: needs root to create namespaces on the real kernel");
        return;
    }
    let script = "readlink /proc/self; unshare --pid --fork readlink /proc/self; \
                  unshare --pid --fork --mount-proc readlink /proc/self";
    let out = match Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "--pid",
            "--fork",
            "--mount-proc",
            "sh",
            "-c",
            script,
        ])
        .output()
    {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            eprintln!(
                "skipped: unshare(1) failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            return;
        }
        Err(e) => {
            eprintln!("skipped: unshare(1) not available: {e}");
            return;
        }
    };
    let real = String::from_utf8(out.stdout).unwrap();
    // The model: init plays the sandbox's sh (pid 1).
    let mut k = Kernel::new();
    let sh = k.init_task();
    let mut model = String::new();
    let a = k.fork(sh).unwrap();
    k.execve(a, "/usr/bin/readlink").unwrap();
    model.push_str(&format!("{}\n", k.readlink(a, "/proc/self").unwrap()));
    k.exit(a, 0).unwrap();
    k.wait4(sh, -1, 0).unwrap();
    for mount_proc in [false, true] {
        let u = k.fork(sh).unwrap();
        let flags = if mount_proc {
            CloneFlags::NEWPID | CloneFlags::NEWNS
        } else {
            CloneFlags::NEWPID
        };
        k.unshare(u, flags).unwrap();
        let c = k.fork(u).unwrap();
        if mount_proc {
            // util-linux: make / private, then mount proc on /proc.
            k.mount(c, "none", "/", "", vfs::MS_REC | vfs::MS_PRIVATE, "")
                .unwrap();
            k.mount(
                c,
                "proc",
                "/proc",
                "proc",
                vfs::MS_NOSUID | vfs::MS_NODEV | vfs::MS_NOEXEC,
                "",
            )
            .unwrap();
        }
        k.execve(c, "/usr/bin/readlink").unwrap();
        model.push_str(&format!("{}\n", k.readlink(c, "/proc/self").unwrap()));
        k.exit(c, 0).unwrap();
        k.wait4(u, -1, 0).unwrap();
        k.exit(u, 0).unwrap();
        k.wait4(sh, -1, 0).unwrap();
    }
    assert!(k.check_invariants().is_ok());
    assert_eq!(model, real);
}
