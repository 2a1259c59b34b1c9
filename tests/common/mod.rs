//! What the userland tests share: typing a line into terminal `host` of a
//! model session and reading what it printed.
#![allow(dead_code)]

use ctlab::userland::session::{Output, Session};

/// (stdout, stderr, status) of one line typed in terminal `host`.
pub fn run(s: &mut Session, line: &str) -> (String, String, i32) {
    let Output {
        stdout,
        stderr,
        status,
        ..
    } = s.run("host", line);
    (
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
        status,
    )
}

/// The stdout of a line that must succeed quietly (no stderr, status 0).
pub fn ok(s: &mut Session, line: &str) -> String {
    let (o, e, st) = run(s, line);
    assert_eq!((e.as_str(), st), ("", 0), "stderr and status of {line:?}");
    o
}

/// A session booted into the plain world of this machine's own root
/// (ext4 on /dev/vda, proc, sysfs, devpts: `Config::sandbox_world` false),
/// where the mount and stat tests' expected outputs were recorded on the
/// real tools. Lessons boot into the sandbox's world instead.
pub fn plain_session() -> Session {
    use ctlab::kernel_model::kernel::{Config, Kernel};
    Session::with_kernel(Kernel::with_config(Config {
        sandbox_world: false,
        ..Config::default()
    }))
}
