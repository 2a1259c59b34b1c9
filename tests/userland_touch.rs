//! touch (GNU coreutils 9.1) setting the times of existing files through
//! utimensat(2). Checked on this machine as root in a fresh tmpfs:
//! `touch f; stat -c '%x|%y|%z' f` shows one time three times; after
//! `sleep 1.1; touch f` the three move together to the new time and
//! `ls -l f` shows `-rw-r--r-- 1 root root 0 Nov 22 07:42 f` (the minute
//! of that time); `touch /` and `touch -c nope f` print nothing, status 0;
//! `touch dang` through a dangling symlink creates its target.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{ok, run};
use ctlab::userland::session::Session;

/// `stat -c '%x|%y|%z'`: the three times, which touch makes equal.
fn times(s: &mut Session, f: &str) -> String {
    let out = ok(s, &format!("stat -c '%x|%y|%z' {f}"));
    let v: Vec<&str> = out.trim_end().split('|').collect();
    assert_eq!(v.len(), 3, "{out}");
    assert!(v[0] == v[1] && v[1] == v[2], "{out}");
    assert!(v[0].ends_with(" +0000") && v[0].len() == 35, "{out}");
    v[0].to_string()
}

#[test]
fn touch_existing_file_moves_atime_mtime_ctime_to_now() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp; touch f");
    let first = times(&mut s, "f");
    let y1: i64 = ok(&mut s, "stat -c %Y f").trim().parse().unwrap();
    ok(&mut s, "sleep 2; touch f");
    let second = times(&mut s, "f");
    assert!(second > first, "{first} {second}");
    let y2: i64 = ok(&mut s, "stat -c %Y f").trim().parse().unwrap();
    assert_eq!(y2 - y1, 2);
    // `ls -l` shows the minute of the new mtime (the model's clock starts
    // at 2026-01-01 01:00:00).
    assert!(second.starts_with("2026-01-01 01:00:0"), "{second}");
    assert_eq!(
        ok(&mut s, "ls -l f"),
        "-rw-r--r-- 1 root root 0 Jan  1 01:00 f\n"
    );
    assert_eq!(ok(&mut s, "stat -c '%A %s' f"), "-rw-r--r-- 0\n");
}

#[test]
fn touch_directories_no_create_and_symlinks() {
    let mut s = Session::new();
    assert_eq!(run(&mut s, "touch /"), (String::new(), String::new(), 0));
    ok(&mut s, "cd /tmp; touch f");
    assert_eq!(
        run(&mut s, "touch -c nope f; ls nope"),
        (
            String::new(),
            "ls: cannot access 'nope': No such file or directory\n".into(),
            2
        )
    );
    ok(&mut s, "ln -s nope dang; touch dang");
    // On the terminal, ls prints columns.
    assert_eq!(ok(&mut s, "ls"), "dang  f  nope\n");
}
