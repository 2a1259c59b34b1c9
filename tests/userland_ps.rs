//! `ps` (procps-ng 4.0.2) on the model.
//!
//! Expected outputs were taken from the real ps on this machine, run in
//! `unshare --pid --fork --mount-proc` under a PID 1 named `init` with an
//! interactive bash on a pseudo-terminal of 80 columns (`script -qc "bash
//! --norc -i"`, commands fed on stdin; `| cat` for the pipe cases). Only
//! what the two worlds share is compared: PIDs, the tree, headers, widths,
//! alignment, truncation, STAT letters; the times differ by construction.
//!
//! Real bash puts each foreground job in its own process group and makes
//! it the terminal's foreground group (so bash shows `Ss`, ps `R+`). Most
//! tests here run ps by hand through the kernel API exactly as bash does
//! (fork, setpgid, tcsetpgrp, execve with argv, wait4, tcsetpgrp back),
//! so that they depend on ps alone; `through_the_session` runs it through
//! the shell executor, which does the same.
#![cfg(not(target_arch = "wasm32"))]

use ctlab::kernel_model::{Kernel, TaskId};
use ctlab::userland::programs::{self, Proc};
use ctlab::userland::sched::Sched;
use ctlab::userland::session::Session;
use ctlab::userland::shell::exec::Shell;
use ctlab::userland::shell::io::{Io, Output, Stream, read_fd};

/// The lesson world: init (1) → bash (2) on /dev/pts/0.
fn world() -> (Kernel, TaskId) {
    let mut k = Kernel::new();
    let init = k.init_task();
    let pty = k.alloc_pty(init).unwrap();
    let sh = Shell::start(&mut k, init, pty, Sched::default()).unwrap();
    (k, sh.task)
}

/// Runs `argv` as a foreground job of `bash`, stdout on the terminal
/// (`tty`) or into a pipe; returns stdout, stderr and the status.
fn fg(k: &mut Kernel, bash: TaskId, argv: &[&str], tty: bool) -> (String, String, i32) {
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let child = k.fork(bash).unwrap();
    let pid = k.pid_vnr(bash, child);
    k.setpgid(child, 0, 0).unwrap();
    k.setpgid(bash, pid, pid).unwrap();
    k.tcsetpgrp(child, 0, pid).unwrap();
    let (path, main) = programs::lookup(&argv[0]).unwrap();
    k.execve_argv(child, path, argv.clone()).unwrap();
    let mut io = Io::terminal();
    let pipe = if tty {
        None
    } else {
        let (r, w) = k.pipe2(child, 0).unwrap();
        io.set(1, Stream::Model(w));
        Some((r, w))
    };
    let mut out = Output::default();
    let code = main(
        &mut Proc::new(
            &mut *k,
            child,
            &io,
            &mut out,
            Vec::new(),
            Sched::default(),
            false,
        ),
        &argv,
    );
    let mut stdout = String::from_utf8(out.stdout).unwrap();
    if let Some((r, w)) = pipe {
        k.close(child, w).unwrap();
        stdout = String::from_utf8(read_fd(k, child, r).unwrap()).unwrap();
    }
    k.exit(child, code).unwrap();
    k.wait4(bash, pid, 0).unwrap();
    k.tcsetpgrp(bash, 0, 2).unwrap();
    (stdout, String::from_utf8(out.stderr).unwrap(), code)
}

fn ps(k: &mut Kernel, bash: TaskId, args: &str) -> String {
    let argv: Vec<&str> = args.split(' ').collect();
    let (out, err, code) = fg(k, bash, &argv, true);
    assert_eq!((err.as_str(), code), ("", 0), "{args}");
    out
}

#[test]
fn default_selects_own_terminal_and_user() {
    let (mut k, bash) = world();
    assert_eq!(
        ps(&mut k, bash, "ps"),
        "    PID TTY          TIME CMD\n      2 pts/0    00:00:00 bash\n      3 pts/0    00:00:00 ps\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -e"),
        "    PID TTY          TIME CMD\n      1 ?        00:00:00 init\n      2 pts/0    00:00:00 bash\n      4 pts/0    00:00:00 ps\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -A"),
        ps(&mut k, bash, "ps -e").replace("  6 pts", "  5 pts")
    );
}

#[test]
fn full_format_and_stat() {
    let (mut k, bash) = world();
    // STIME: the model boots 2026-01-01 00:00 UTC and the terminal opens
    // an hour later.
    assert_eq!(
        ps(&mut k, bash, "ps -ef"),
        "UID          PID    PPID  C STIME TTY          TIME CMD\n\
         root           1       0  0 00:00 ?        00:00:00 init\n\
         root           2       1  0 01:00 pts/0    00:00:00 bash -i\n\
         root           3       2  0 01:00 pts/0    00:00:00 ps -ef\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -o pid,ppid,stat,comm"),
        "    PID    PPID STAT COMMAND\n      2       1 Ss   bash\n      4       2 R+   ps\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -o pid,ppid,pgid,sid,tty,tpgid,stat,comm"),
        "    PID    PPID    PGID     SID TT         TPGID STAT COMMAND\n      2       1       2       2 pts/0          5 Ss   bash\n      5       2       5       2 pts/0          5 R+   ps\n"
    );
    assert_eq!(
        ps(
            &mut k,
            bash,
            "ps -e -o pid,user,uid,euid,ruid,gid,group,comm"
        ),
        "    PID USER       UID  EUID  RUID   GID GROUP    COMMAND\n      1 root         0     0     0     0 root     init\n      2 root         0     0     0     0 root     bash\n      6 root         0     0     0     0 root     ps\n"
    );
}

/// Renamed and resized columns; no header line when every header is
/// empty; `cmd` (27 wide) is cut when it is not the last column.
#[test]
fn format_headers_and_widths() {
    let (mut k, bash) = world();
    assert_eq!(
        ps(&mut k, bash, "ps -o pid,comm=NAME,user,uid"),
        "    PID NAME            USER       UID\n      2 bash            root         0\n      3 ps              root         0\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -o pid= -o comm="),
        "      2 bash\n      4 ps\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -o user:12,pid:3"),
        "USER         PID\nroot           2\nroot           5\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -o cmd,stat,tty,time,etime"),
        "CMD                         STAT TT           TIME     ELAPSED\n\
         bash -i                     Ss   pts/0    00:00:00       00:00\n\
         ps -o cmd,stat,tty,time,eti R+   pts/0    00:00:00       00:00\n"
    );
}

/// On the terminal lines are cut at 80 columns; into a pipe they are not.
#[test]
fn terminal_width_truncates_pipe_does_not() {
    let (mut k, bash) = world();
    let long = "ps -e -o pid,ppid,pgid,sid,user,uid,comm,args --ppid 2";
    let out = ps(&mut k, bash, long);
    assert_eq!(
        out,
        "    PID    PPID    PGID     SID USER       UID COMMAND         COMMAND\n\
         \x20     1       0       0       0 root         0 init            init\n\
         \x20     2       1       2       2 root         0 bash            bash -i\n\
         \x20     3       2       3       2 root         0 ps              ps -e -o pid,ppid\n"
    );
    let argv: Vec<&str> = long.split(' ').collect();
    let (piped, _, _) = fg(&mut k, bash, &argv, false);
    assert!(
        piped
            .ends_with(" ps              ps -e -o pid,ppid,pgid,sid,user,uid,comm,args --ppid 2\n"),
        "{piped}"
    );
}

/// --forest draws children of listed processes with ` \_ `, and " |  "
/// under an ancestor with later siblings; init's children start at the
/// margin. -H indents two spaces per level.
#[test]
fn forest_and_hierarchy() {
    let (mut k, bash) = world();
    // a background `sleep` (pid 3) with a zombie child (pid 4)
    let sleep = k.fork(bash).unwrap();
    k.setpgid(sleep, 0, 0).unwrap();
    k.execve_argv(sleep, "/usr/bin/sleep", vec!["sleep".into(), "3".into()])
        .unwrap();
    let z = k.fork(sleep).unwrap();
    k.execve_argv(z, "/usr/bin/sleep", vec!["sleep".into(), "0".into()])
        .unwrap();
    k.exit(z, 0).unwrap();
    assert_eq!(
        ps(&mut k, bash, "ps -e --forest -o pid,stat,args"),
        // The model's PID 1 leads session 1 (a real init does after its
        // setsid(); the sandbox's PID 1 shows `S` with SID 0).
        "    PID STAT COMMAND\n\
         \x20     1 S    init\n\
         \x20     2 Ss   bash -i\n\
         \x20     3 S     \\_ sleep 3\n\
         \x20     4 Z     |   \\_ [sleep] <defunct>\n\
         \x20     5 R+    \\_ ps -e --forest -o pid,stat,args\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -o pid,stat,comm,args"),
        "    PID STAT COMMAND         COMMAND\n\
         \x20     2 Ss   bash            bash -i\n\
         \x20     3 S    sleep           sleep 3\n\
         \x20     4 Z    sleep           [sleep] <defunct>\n\
         \x20     6 R+   ps              ps -o pid,stat,comm,args\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps --forest"),
        "    PID TTY          TIME CMD\n      2 pts/0    00:00:00 bash\n      3 pts/0    00:00:00  \\_ sleep\n      4 pts/0    00:00:00  |   \\_ sleep\n      7 pts/0    00:00:00  \\_ ps\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps -H -e"),
        "    PID TTY          TIME CMD\n      1 ?        00:00:00 init\n      2 pts/0    00:00:00   bash\n      3 pts/0    00:00:00     sleep\n      4 pts/0    00:00:00       sleep\n      8 pts/0    00:00:00     ps\n"
    );
}

/// -p and --ppid; no process selected: header only, status 1; errors.
#[test]
fn selection_and_errors() {
    let (mut k, bash) = world();
    assert_eq!(
        ps(&mut k, bash, "ps -f -p 1,2"),
        "UID          PID    PPID  C STIME TTY          TIME CMD\nroot           1       0  0 00:00 ?        00:00:00 init\nroot           2       1  0 01:00 pts/0    00:00:00 bash -i\n"
    );
    assert_eq!(
        ps(&mut k, bash, "ps --ppid 2"),
        "    PID TTY          TIME CMD\n      4 pts/0    00:00:00 ps\n"
    );
    assert_eq!(
        fg(&mut k, bash, &["ps", "-p", "99"], true),
        ("    PID TTY          TIME CMD\n".into(), String::new(), 1)
    );
    let (out, err, code) = fg(&mut k, bash, &["ps", "-o", "pid,foo"], true);
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.starts_with(
            "error: unknown user-defined format specifier \"foo\"\n\nUsage:\n ps [options]\n"
        ),
        "{err}"
    );
    let (_, err, _) = fg(&mut k, bash, &["ps", "-p"], true);
    assert!(
        err.starts_with("error: list of process IDs must follow -p\n"),
        "{err}"
    );
    assert_eq!(
        fg(&mut k, bash, &["ps", "aux"], true),
        (
            String::new(),
            "ctlab: ps: option aux is not supported yet\n".into(),
            1
        )
    );
    assert_eq!(
        fg(&mut k, bash, &["ps", "-l"], true).1,
        "ctlab: ps: option -l is not supported yet\n"
    );
}

/// Through the session as it is: the terminal's bash is PID 2 on pts/0.
#[test]
fn through_the_session() {
    let mut s = Session::new();
    let o = s.run("host", "ps -o pid,ppid,tty,comm");
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "    PID    PPID TT       COMMAND\n      2       1 pts/0    bash\n      3       2 pts/0    ps\n"
    );
    let o = s.run("other", "ps -e -o pid,tty,comm");
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "    PID TT       COMMAND\n      1 ?        init\n      2 pts/0    bash\n      4 pts/1    bash\n      5 pts/1    ps\n"
    );
}
