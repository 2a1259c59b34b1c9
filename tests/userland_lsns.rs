//! lsns against util-linux 2.38.1. The real runs were inside
//! `unshare --mount --pid --fork --mount-proc --uts --ipc --net`, where all
//! processes share the namespaces (as the model's init, bash and lsns do):
//! one line per namespace sorted by inode, NPROCS the process count, PID
//! the lowest pid, COMMAND its /proc/PID/cmdline; "TYPE" is 6 wide for
//! "cgroup", NS 10 and right-aligned (real: `        NS TYPE   NPROCS PID
//! USER COMMAND`). The tree, widths and truncation are checked against
//! real outputs in the unit tests of `programs::lsns`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::run;
use ctlab::userland::session::Session;

const ALL: &str = "        NS TYPE   NPROCS PID USER COMMAND\n\
                   4026531832 mnt         3   1 root init\n\
                   4026531833 net         3   1 root init\n\
                   4026531834 time        3   1 root init\n\
                   4026531835 cgroup      3   1 root init\n\
                   4026531836 pid         3   1 root init\n\
                   4026531837 user        3   1 root init\n\
                   4026531838 uts         3   1 root init\n\
                   4026531839 ipc         3   1 root init\n";

#[test]
fn lsns_lists_the_namespaces() {
    let mut s = Session::new();
    assert_eq!(run(&mut s, "lsns"), (ALL.into(), "".into(), 0));
    assert_eq!(
        run(&mut s, "lsns > /tmp/o; cat /tmp/o"),
        (ALL.into(), "".into(), 0)
    );
    // -p: the namespaces of that process; -n: no header, same widths
    // (real `lsns -n -t ipc`: `4026532253 ipc       4   1 root …`).
    assert_eq!(
        run(&mut s, "lsns -n -t ipc -p 1").0,
        "4026531839 ipc       3   1 root init\n"
    );
    assert_eq!(run(&mut s, "lsns -p 999").0, "");
}

/// `-o +LIST` appends columns: right-aligned PPID and UID, COMMAND padded
/// when not last (real `lsns -t net -o +PPID,UID,PATH`); the last column
/// is not padded (real `lsns -t user -o NS,TYPE`).
#[test]
fn lsns_output_columns() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "lsns -t uts -o +PPID,PATH,UID").0,
        "        NS TYPE NPROCS PID USER COMMAND PPID PATH           UID\n\
         4026531838 uts       3   1 root init       0 /proc/1/ns/uts   0\n"
    );
    assert_eq!(
        run(&mut s, "lsns -t user -o NS,TYPE").0,
        "        NS TYPE\n4026531837 user\n"
    );
}

/// `-r`: libsmartcols' raw format, blanks as `\x20` (real `lsns -r -t uts`:
/// `4026532178 uts 2 1 root bash\x20-c\x20…`).
#[test]
fn lsns_raw() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "lsns -r -t uts").0,
        "NS TYPE NPROCS PID USER COMMAND\n4026531838 uts 3 1 root init\n"
    );
}

#[test]
fn lsns_errors() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "lsns -t bogus"),
        ("".into(), "lsns: unknown namespace type: bogus\n".into(), 1)
    );
    assert_eq!(
        run(&mut s, "lsns -o NS,BOGUS"),
        ("".into(), "lsns: unknown column: BOGUS\n".into(), 1)
    );
    assert_eq!(
        run(&mut s, "lsns -z"),
        (
            "".into(),
            "lsns: invalid option -- 'z'\nTry 'lsns --help' for more information.\n".into(),
            1
        )
    );
}
