//! Each command line reports the system calls its processes made, so the
//! UI can show what `unshare` or `hostname` really asked the kernel for.
#![cfg(not(target_arch = "wasm32"))]

use ctlab::userland::session::Session;

fn calls(s: &mut Session, line: &str) -> Vec<(i32, String, &'static str)> {
    s.run("host", line)
        .syscalls
        .into_iter()
        .map(|c| (c.pid, c.comm, c.name))
        .collect()
}

#[test]
fn a_program_reports_its_syscalls() {
    let mut s = Session::new();
    let c = calls(&mut s, "unshare --uts hostname box");
    // bash (2) forks 3, which execs unshare; unshare calls unshare(2) and
    // execs hostname in place, which calls sethostname(2); bash reaps it.
    let names: Vec<&str> = c.iter().map(|(_, _, n)| *n).collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap_or(usize::MAX);
    assert!(at("clone") < at("execve"), "{names:?}");
    assert!(at("execve") < at("unshare"), "{names:?}");
    assert!(at("unshare") < at("sethostname"), "{names:?}");
    assert!(at("sethostname") < at("wait4"), "{names:?}");
    assert!(c.contains(&(3, "unshare".into(), "unshare")), "{c:?}");
    assert!(c.contains(&(3, "hostname".into(), "sethostname")), "{c:?}");
    assert!(c.contains(&(2, "bash".into(), "wait4")), "{c:?}");
    // The next line starts a new record.
    let c = calls(&mut s, "echo hi");
    assert!(c.iter().all(|(pid, _, _)| *pid <= 2), "{c:?}");
}
