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
