//! Terminals, sessions, pipes and the /proc files `ps` reads:
//! /proc/PID/stat, cmdline, fd/, /proc/stat, /proc/uptime.
//!
//! Checked on this machine (Linux 6.18, Debian 12): an interactive bash
//! started by `script` inside `unshare --pid --fork --mount-proc` has
//! `2 (bash) S 1 2 2 34816 7 4194304 …` in /proc/2/stat while `cat` (pgid
//! 7) runs in the foreground; /proc/PID/cmdline is NUL-terminated
//! arguments; `readlink /proc/self/fd/0` of a pipe is `pipe:[INO]`;
//! devpts slaves are 136:N.
#![cfg(not(target_arch = "wasm32"))]

use ctlab::kernel_model::procfs::cmdline::parse_cmdline;
use ctlab::kernel_model::procfs::stat::parse_stat;
use ctlab::kernel_model::signal::SIGPIPE;
use ctlab::kernel_model::vfs::{O_NOCTTY, O_RDONLY, O_RDWR, S_IFCHR};
use ctlab::kernel_model::{Errno, Kernel, TaskId};

/// init → bash on /dev/pts/0 as `Shell::start` makes it: setsid, open the
/// slave (acquiring it), dup to 0–2, exec, tcsetpgrp.
fn terminal(k: &mut Kernel) -> TaskId {
    let init = k.init_task();
    assert_eq!(k.alloc_pty(init), Ok(0));
    let bash = k.fork(init).unwrap();
    assert_eq!(k.setsid(bash), Ok(2));
    assert_eq!(k.open(bash, "/dev/pts/0", O_RDWR, 0), Ok(0));
    k.dup2(bash, 0, 1).unwrap();
    k.dup2(bash, 0, 2).unwrap();
    k.execve_argv(bash, "/usr/bin/bash", vec!["bash".into(), "-i".into()])
        .unwrap();
    k.tcsetpgrp(bash, 0, 2).unwrap();
    bash
}

#[test]
fn terminal_bash_stat_and_cmdline() {
    let mut k = Kernel::new();
    let bash = terminal(&mut k);
    let init = k.init_task();
    // a foreground job, as bash runs one: its own group, made foreground
    let job = k.fork(bash).unwrap();
    k.setpgid(job, 0, 0).unwrap();
    k.setpgid(bash, 3, 3).unwrap(); // bash does it too; same result
    k.tcsetpgrp(job, 0, 3).unwrap();
    k.execve_argv(
        job,
        "/usr/bin/cat",
        vec!["cat".into(), "/proc/2/stat".into()],
    )
    .unwrap();
    let text = k.read_file(job, "/proc/2/stat").unwrap();
    let st = parse_stat(&text).unwrap();
    assert_eq!(st.fields.len(), 52);
    assert_eq!(
        &text[..text.find(" 0 0 0 0 0 0 0 0 20").unwrap()],
        "2 (bash) S 1 2 2 34816 3 4194304"
    );
    // the reader runs, init sleeps; before exec a child has PF_FORKNOEXEC
    let me = parse_stat(&k.read_file(job, "/proc/self/stat").unwrap()).unwrap();
    assert_eq!(
        (me.state, me.pgrp, me.session, me.tpgid, me.wchan),
        ('R', 3, 2, 3, 0)
    );
    let one = parse_stat(&k.read_file(job, "/proc/1/stat").unwrap()).unwrap();
    assert_eq!(
        (one.state, one.tty_nr, one.tpgid, one.wchan),
        ('S', 0, -1, 1)
    );
    let c = k.fork(init).unwrap();
    let st = parse_stat(&k.read_file(job, "/proc/4/stat").unwrap()).unwrap();
    assert_eq!(st.flags, 0x400040);
    // starttime: ticks of the virtual boot clock (an hour up)
    assert!(st.starttime >= 360_000, "{}", st.starttime);
    // cmdline: NUL-separated with a trailing NUL; status agrees on state
    assert_eq!(k.read_file(job, "/proc/2/cmdline").unwrap(), "bash\0-i\0");
    assert_eq!(
        parse_cmdline(&k.read_file(job, "/proc/3/cmdline").unwrap()),
        ["cat", "/proc/2/stat"]
    );
    assert!(
        k.read_file(job, "/proc/2/status")
            .unwrap()
            .contains("State:\tS (sleeping)\n")
    );
    assert!(
        k.read_file(job, "/proc/3/status")
            .unwrap()
            .contains("State:\tR (running)\n")
    );
    // a zombie: Z, empty cmdline, exit code in field 52
    k.exit(c, 1).unwrap();
    assert_eq!(k.read_file(job, "/proc/4/cmdline").unwrap(), "");
    let z = parse_stat(&k.read_file(job, "/proc/4/stat").unwrap()).unwrap();
    assert_eq!((z.state, z.exit_code, z.flags & 4), ('Z', 256, 4));
    // fd links and the fd directory
    assert_eq!(k.readlink(job, "/proc/2/fd/0").unwrap(), "/dev/pts/0");
    assert_eq!(k.read_dir(job, "/proc/2/fd").unwrap(), ["0", "1", "2"]);
    assert_eq!(k.lstat(job, "/proc/2/fd/1").unwrap().mode, 0o120700);
    assert_eq!(k.readlink(job, "/proc/2/fd/7"), Err(Errno::ENOENT));
    // exe: the executable's path (a zombie has none); exec through it
    // gives comm "exe" as on Linux
    assert_eq!(k.readlink(job, "/proc/2/exe").unwrap(), "/usr/bin/bash");
    assert_eq!(k.readlink(job, "/proc/1/exe").unwrap(), "/usr/sbin/init");
    assert_eq!(k.readlink(job, "/proc/4/exe"), Err(Errno::ENOENT));
    let e = k.fork(bash).unwrap();
    k.execve(e, "/proc/self/exe").unwrap();
    assert_eq!(k.read_file(e, "/proc/self/comm").unwrap(), "exe\n");
    assert_eq!(k.readlink(e, "/proc/self/exe").unwrap(), "/usr/bin/bash");
    assert!(k.check_invariants().is_ok());
}

/// /dev/pts/N: 136:N, group tty, mode 620 (Docker's devpts options);
/// mountinfo shows the instance.
#[test]
fn devpts_nodes_and_mount() {
    let mut k = Kernel::new();
    let bash = terminal(&mut k);
    let st = k.stat(bash, "/dev/pts/0").unwrap();
    assert_eq!((st.mode, st.uid, st.gid), (S_IFCHR | 0o620, 0, 5));
    assert_eq!((st.rdev.major, st.rdev.minor, st.ino), (136, 0, 3));
    assert_eq!(k.stat(bash, "/dev/ptmx").unwrap().rdev.minor, 2);
    assert!(
        k.read_file(bash, "/etc/group")
            .unwrap()
            .contains("\ntty:x:5:\n")
    );
    let mi = k.read_file(bash, "/proc/self/mountinfo").unwrap();
    assert!(
        mi.contains(
            " / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666\n"
        ),
        "{mi}"
    );
    let init = k.init_task();
    assert_eq!(k.alloc_pty(init), Ok(1));
    let mut names = k.read_dir(bash, "/dev/pts").unwrap();
    names.sort();
    assert_eq!(names, ["0", "1", "ptmx"]);
}

/// Controlling terminals and job control errors (setsid(2), setpgid(2),
/// tcsetpgrp(3), credentials(7)).
#[test]
fn sessions_groups_and_tcsetpgrp_errors() {
    let mut k = Kernel::new();
    let bash = terminal(&mut k);
    let init = k.init_task();
    // a group leader cannot setsid; bash leads its session already
    assert_eq!(k.setsid(bash), Err(Errno::EPERM));
    assert_eq!(k.getsid(bash, 0), Ok(2));
    assert_eq!(k.getpgid(init, 2), Ok(2));
    assert_eq!(k.getsid(init, 99), Err(Errno::ESRCH));
    assert_eq!(k.tcgetpgrp(bash, 1), Ok(2));
    // init has no controlling terminal: ENOTTY; /dev/null is no tty
    let fd = k.open(init, "/dev/pts/0", O_RDWR | O_NOCTTY, 0).unwrap();
    assert_eq!(k.tcgetpgrp(init, fd), Err(Errno::ENOTTY));
    let null = k.open(bash, "/dev/null", O_RDONLY, 0).unwrap();
    assert_eq!(k.tcsetpgrp(bash, null, 2), Err(Errno::ENOTTY));
    assert_eq!(k.tcsetpgrp(bash, 9, 2), Err(Errno::EBADF));
    assert_eq!(k.tcsetpgrp(bash, 0, -1), Err(Errno::EINVAL));
    assert_eq!(k.tcsetpgrp(bash, 0, 77), Err(Errno::ESRCH));
    // No group 1: the sandbox's init is in its creator's group, outside
    // the namespace (checked in the sandbox: ps shows PGID 0 for PID 1).
    assert_eq!(k.tcsetpgrp(bash, 0, 1), Err(Errno::ESRCH));
    let job = k.fork(bash).unwrap();
    // session leader: EPERM; not a child: ESRCH; joining a group of
    // another session: EPERM; a child after exec: EACCES
    assert_eq!(k.setpgid(bash, 0, 0), Err(Errno::EPERM));
    assert_eq!(k.setpgid(job, 1, 1), Err(Errno::ESRCH));
    assert_eq!(k.setpgid(job, 0, 1), Err(Errno::EPERM));
    assert_eq!(k.setpgid(job, 0, -3), Err(Errno::EINVAL));
    k.execve(job, "/usr/bin/true").unwrap();
    assert_eq!(k.setpgid(bash, 3, 3), Err(Errno::EACCES));
    // a new session has no controlling terminal; the child keeps its
    // parent's until then
    let pid = k.getpid(job).unwrap();
    assert_eq!(pid, 3);
    assert_eq!(k.tcgetpgrp(job, 0), Ok(2));
    assert_eq!(k.setsid(job), Ok(3));
    assert_eq!(k.tcgetpgrp(job, 0), Err(Errno::ENOTTY));
    let st = parse_stat(&k.read_file(job, "/proc/self/stat").unwrap()).unwrap();
    assert_eq!((st.session, st.tty_nr, st.tpgid), (3, 0, -1));
    // the session leader's exit leaves the terminal without session
    k.exit(bash, 0).unwrap();
    let st = parse_stat(&k.read_file(init, "/proc/2/stat").unwrap()).unwrap();
    assert_eq!((st.tty_nr, st.tpgid), (34816, 0));
    assert!(k.check_invariants().is_ok());
}

/// pipe(7): EOF once no writer is left, EAGAIN (the model's stand-in for
/// blocking) while one is, EPIPE + SIGPIPE without reader; the fd links
/// read pipe:[INO]; lseek is ESPIPE.
#[test]
fn pipes() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let sh = k.fork(init).unwrap();
    let (r, w) = k.pipe2(sh, 0).unwrap();
    assert_eq!((r, w), (0, 1));
    let link = k.readlink(sh, "/proc/self/fd/0").unwrap();
    assert!(link.starts_with("pipe:[") && link.ends_with(']'), "{link}");
    assert_eq!(k.readlink(sh, "/proc/self/fd/1").unwrap(), link);
    assert_eq!(k.lstat(sh, "/proc/self/fd/0").unwrap().mode, 0o120500);
    assert_eq!(k.lstat(sh, "/proc/self/fd/1").unwrap().mode, 0o120300);
    assert_eq!(k.fstat(sh, 0).unwrap().mode, 0o010600);
    assert_eq!(k.lseek(sh, 0, 0, 0), Err(Errno::ESPIPE));
    assert_eq!(k.read(sh, r, 10), Err(Errno::EAGAIN));
    let writer = k.fork(sh).unwrap();
    k.close(sh, w).unwrap();
    assert_eq!(k.write(writer, w, b"hello\n"), Ok(6));
    k.exit(writer, 0).unwrap();
    assert_eq!(k.read(sh, r, 3).unwrap(), b"hel");
    assert_eq!(k.read(sh, r, 10).unwrap(), b"lo\n");
    assert_eq!(k.read(sh, r, 10).unwrap(), b"");
    // no reader: EPIPE and SIGPIPE kills the writer (status 13)
    let (r2, w2) = k.pipe2(sh, 0).unwrap();
    let child = k.fork(sh).unwrap();
    k.close(child, r2).unwrap();
    k.close(sh, r2).unwrap();
    assert_eq!(k.write(child, w2, b"x"), Err(Errno::EPIPE));
    let pid = k.pid_vnr(sh, child);
    assert_eq!(k.wait4(sh, pid, 0), Ok(Some((pid, SIGPIPE))));
    assert_eq!(k.pipe2(sh, 0o1), Err(Errno::EINVAL));
    assert!(k.check_invariants().is_ok());
}

/// /proc/stat's btime is the wall time of boot (2026-01-01 00:00:00 UTC in
/// the model, whose clock starts an hour after boot); /proc/uptime the
/// boot clock.
#[test]
fn proc_stat_and_uptime() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let s = k.read_file(init, "/proc/stat").unwrap();
    assert!(s.contains("\nbtime 1767225600\n"), "{s}");
    assert!(s.starts_with("cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 "));
    assert!(s.contains("\nprocesses 1\n"));
    let u = k.read_file(init, "/proc/uptime").unwrap();
    assert_eq!(u, "3600.00 0.00\n");
    assert_eq!(k.read_file(init, "/proc/uptime/x"), Err(Errno::ENOTDIR));
}

/// Every program path of the userland's PROGRAMS table (read from its
/// source, so programs added later are covered) is an executable regular
/// file of the image, as is /usr/bin/bash; /bin and /lib are merged-/usr
/// links as on Debian 12.
#[test]
fn image_has_every_program() {
    let src = include_str!("../src/userland/programs/mod.rs");
    let table = &src[src.find("const PROGRAMS").unwrap()..];
    let table = &table[..table.find("];").unwrap()];
    let mut paths: Vec<&str> = table
        .split('"')
        .filter(|s| s.starts_with("/usr/"))
        .collect();
    assert!(paths.len() >= 5, "{paths:?}");
    paths.push("/usr/bin/bash");
    let mut k = Kernel::new();
    let init = k.init_task();
    for p in paths {
        let st = k.stat(init, p).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(st.mode & 0o170111, 0o100111, "{p}");
        let alias = p.replacen("/usr", "", 1);
        assert_eq!(k.stat(init, &alias).unwrap().ino, st.ino, "{alias}");
    }
    for (link, target) in [
        ("/bin", "usr/bin"),
        ("/sbin", "usr/sbin"),
        ("/lib", "usr/lib"),
        ("/lib64", "usr/lib64"),
    ] {
        assert_eq!(k.readlink(init, link).unwrap(), target);
    }
}
