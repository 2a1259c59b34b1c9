//! PID namespaces and the task life cycle, each test stating the kernel
//! behaviour and its source. "Checked on 6.18" means the same scenario was
//! run on this machine's Linux 6.18 as root inside `unshare` (python3
//! ctypes calling unshare/setns/fork/kill) with the result given.

use ctlab::kernel_model::exit::WNOHANG;
use ctlab::kernel_model::signal::*;
use ctlab::kernel_model::vfs::{O_CREAT, O_WRONLY};
use ctlab::kernel_model::*;

fn k() -> (Kernel, TaskId) {
    let k = Kernel::new();
    let i = k.init_task();
    (k, i)
}

/// pid_namespaces(7): "The first process created in a new namespace ...
/// has the PID 1"; getppid() there returns 0 because the parent is in
/// another namespace. Checked on 6.18: child getpid 1, getppid 0, and the
/// parent saw the child under its own pid.
#[test]
fn first_child_in_new_pid_ns_is_pid_1() {
    let (mut k, init) = k();
    let sh = k.fork(init).unwrap();
    k.unshare(sh, CloneFlags::NEWPID).unwrap();
    let c = k.fork(sh).unwrap();
    assert_eq!(k.getpid(c), Ok(1));
    assert_eq!(k.getppid(c), Ok(0));
    assert_eq!(k.pid_vnr(sh, c), 3);
    let nspid: Vec<i32> = k.task_nspid(c).iter().map(|u| u.nr).collect();
    assert_eq!(nspid, vec![3, 1]);
    // The unsharer itself stays in its PID namespace (unshare(2)).
    assert_eq!(k.getpid(sh), Ok(2));
}

/// clone(2) with CLONE_NEWPID puts the child itself into the new namespace
/// as its PID 1.
#[test]
fn clone_newpid_child_is_init() {
    let (mut k, init) = k();
    let c = k.kernel_clone(init, CloneFlags::NEWPID).unwrap();
    assert_eq!(k.getpid(c), Ok(1));
    assert_eq!(
        k.readlink(c, "/proc/self/ns/pid").unwrap(),
        k.readlink(c, "/proc/self/ns/pid_for_children").unwrap()
    );
}

/// namespaces(7) / pidns_for_children_get(): after unshare(CLONE_NEWPID)
/// and before the first child, /proc/self/ns/pid_for_children is a link
/// that cannot be followed (ENOENT). Checked on 6.18: readlink gives
/// ENOENT, then `pid:[N]` after the fork.
#[test]
fn pid_for_children_enoent_before_first_fork() {
    let (mut k, init) = k();
    let sh = k.fork(init).unwrap();
    k.unshare(sh, CloneFlags::NEWPID).unwrap();
    assert_eq!(
        k.readlink(sh, "/proc/self/ns/pid_for_children"),
        Err(Errno::ENOENT)
    );
    assert_eq!(
        k.readlink(sh, "/proc/self/ns/pid"),
        Ok("pid:[4026531836]".into())
    );
    k.fork(sh).unwrap();
    assert_eq!(
        k.readlink(sh, "/proc/self/ns/pid_for_children"),
        Ok("pid:[4026532177]".into())
    );
}

/// copy_pid_ns(): a second unshare(CLONE_NEWPID) before forking fails with
/// EINVAL (pid_for_children is no longer the active namespace). Checked on
/// 6.18: EINVAL.
#[test]
fn second_unshare_newpid_is_einval() {
    let (mut k, init) = k();
    let sh = k.fork(init).unwrap();
    k.unshare(sh, CloneFlags::NEWPID).unwrap();
    assert_eq!(k.unshare(sh, CloneFlags::NEWPID), Err(Errno::EINVAL));
    assert_eq!(k.kernel_clone(sh, CloneFlags::NEWPID), Err(Errno::EINVAL));
}

/// pid_namespaces(7): if init of a PID namespace terminates, "a subsequent
/// fork(2) into this PID namespace fails with the error ENOMEM" — the
/// classic `unshare -p bash` without --fork. Checked on 6.18: child exited
/// with status 3 (wait status 768), the next fork failed with ENOMEM.
#[test]
fn fork_after_init_died_is_enomem() {
    let (mut k, init) = k();
    let sh = k.fork(init).unwrap();
    k.unshare(sh, CloneFlags::NEWPID).unwrap();
    let c = k.fork(sh).unwrap();
    k.exit(c, 3).unwrap();
    assert_eq!(k.wait4(sh, -1, 0), Ok(Some((3, 768))));
    assert_eq!(k.fork(sh), Err(Errno::ENOMEM));
    // Forks that do not enter that namespace are fine.
    assert!(k.fork(init).is_ok());
}

/// MAX_PID_NS_LEVEL = 32: namespaces nest to level 32; creating level 33
/// fails with ENOSPC (pid_namespaces(7), "Since Linux 3.7"). Checked on
/// 6.18: from level 1, 31 more unshare+fork succeed, the next is ENOSPC.
#[test]
fn pid_namespace_nesting_limit() {
    let (mut k, init) = k();
    let mut t = init;
    for level in 1..=32 {
        k.unshare(t, CloneFlags::NEWPID)
            .unwrap_or_else(|e| panic!("level {level}: {e:?}"));
        t = k.fork(t).unwrap();
        assert_eq!(k.task_nspid(t).len(), level + 1);
    }
    assert_eq!(k.unshare(t, CloneFlags::NEWPID), Err(Errno::ENOSPC));
    assert_eq!(k.kernel_clone(t, CloneFlags::NEWPID), Err(Errno::ENOSPC));
}

/// pid_namespaces(7), "The namespace init process": "Only signals for
/// which the init process has established a signal handler can be sent to
/// the init process by other members of the PID namespace"; SIGKILL and
/// SIGSTOP from an ancestor namespace are forced. kill() still returns 0.
/// Checked on 6.18: kill(1, SIGKILL) and kill(1, SIGTERM) from init itself
/// and from its child returned 0 and init lived on.
#[test]
fn init_ignores_unhandled_signals_from_inside() {
    let (mut k, init) = k();
    let outer = k.kernel_clone(init, CloneFlags::NEWPID).unwrap();
    let inner = k.fork(outer).unwrap();
    assert_eq!(k.kill(outer, 1, SIGKILL), Ok(()));
    assert_eq!(k.kill(inner, 1, SIGTERM), Ok(()));
    assert_eq!(k.kill(inner, 1, SIGKILL), Ok(()));
    assert_eq!(k.get_task(outer).unwrap().state, TaskState::Running);
    // A handled signal is delivered (and caught).
    k.sigaction(outer, SIGUSR1, SigDisposition::Handler)
        .unwrap();
    assert_eq!(k.kill(inner, 1, SIGUSR1), Ok(()));
    assert_eq!(k.get_task(outer).unwrap().state, TaskState::Running);
    // SIGTERM from the parent namespace is also ignored without a handler…
    let outer_pid = k.pid_vnr(init, outer);
    assert_eq!(k.kill(init, outer_pid, SIGTERM), Ok(()));
    assert_eq!(k.get_task(outer).unwrap().state, TaskState::Running);
    // …but SIGKILL from an ancestor namespace is forced.
    assert_eq!(k.kill(init, outer_pid, SIGKILL), Ok(()));
    assert_eq!(k.get_task(outer).unwrap().state, TaskState::Zombie);
}

/// The initial init cannot be killed from anywhere (SIGNAL_UNKILLABLE, no
/// ancestor namespace exists).
#[test]
fn global_init_is_unkillable() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    assert_eq!(k.kill(c, 1, SIGKILL), Ok(()));
    assert_eq!(k.get_task(init).unwrap().state, TaskState::Running);
    assert_eq!(k.exit(init, 0), Err(Errno::EPERM));
}

/// pid_namespaces(7): "If the init process of a PID namespace terminates,
/// the kernel terminates all of the processes in the namespace via a
/// SIGKILL signal" — including processes of nested namespaces; init's
/// parent then sees init die by SIGKILL (wait status 9). Checked on 6.18:
/// SIGTERM from the parent namespace left the namespace's init sleeping,
/// SIGKILL killed it (wait status 9) and its child; /proc then listed only
/// the outer init.
#[test]
fn killing_init_kills_the_namespace() {
    let (mut k, init) = k();
    let ns_init = k.kernel_clone(init, CloneFlags::NEWPID).unwrap();
    let a = k.fork(ns_init).unwrap();
    let b = k.fork(a).unwrap();
    let nested = k.kernel_clone(b, CloneFlags::NEWPID).unwrap();
    let nested_child = k.fork(nested).unwrap();
    let before = k.nr_tasks();
    let pid = k.pid_vnr(init, ns_init);
    k.kill(init, pid, SIGKILL).unwrap();
    // Everything inside is gone (reaped by the dying inits); init is a zombie.
    for t in [a, b, nested, nested_child] {
        assert!(k.get_task(t).is_none(), "{t:?} still exists");
    }
    assert_eq!(k.nr_tasks(), before - 4);
    assert_eq!(k.wait4(init, pid, 0), Ok(Some((pid, SIGKILL))));
    assert_eq!(k.wait4(init, -1, WNOHANG), Err(Errno::ECHILD));
}

/// pid_namespaces(7): orphans are reparented to the init of their PID
/// namespace (not to the global init). Checked on 6.18 in `unshare --pid
/// --fork`: a grandchild's PPid became 1 (the namespace init).
#[test]
fn orphans_reparent_to_namespace_init() {
    let (mut k, init) = k();
    let ns_init = k.kernel_clone(init, CloneFlags::NEWPID).unwrap();
    let mid = k.fork(ns_init).unwrap();
    let leaf = k.fork(mid).unwrap();
    k.exit(mid, 0).unwrap();
    assert_eq!(k.getppid(leaf), Ok(1));
    assert_eq!(k.get_task(leaf).unwrap().real_parent(), Some(ns_init));
    // In the initial namespace orphans go to PID 1.
    let p = k.fork(init).unwrap();
    let q = k.fork(p).unwrap();
    k.exit(p, 0).unwrap();
    assert_eq!(k.get_task(q).unwrap().real_parent(), Some(init));
}

/// setns(2): a process may only join its active PID namespace or a
/// descendant (EINVAL otherwise); only its children move. Checked on 6.18:
/// setns into the parent namespace → EINVAL, into its own → 0, nstype
/// mismatch → EINVAL, into its own user namespace → EINVAL.
#[test]
fn setns_pid_rules() {
    let (mut k, init) = k();
    let parent_fd = k.open_ns(init, "/proc/self/ns/pid").unwrap();
    let c = k.kernel_clone(init, CloneFlags::NEWPID).unwrap();
    assert_eq!(
        k.setns(c, &parent_fd, CloneFlags::NEWPID),
        Err(Errno::EINVAL)
    );
    let own = k.open_ns(c, "/proc/self/ns/pid").unwrap();
    assert_eq!(k.setns(c, &own, CloneFlags::NEWPID), Ok(()));
    assert_eq!(k.setns(c, &own, CloneFlags::NEWUTS), Err(Errno::EINVAL));
    let user = k.open_ns(c, "/proc/self/ns/user").unwrap();
    assert_eq!(k.setns(c, &user, CloneFlags::NEWUSER), Err(Errno::EINVAL));
    // The parent can enter the child's namespace; its next child is born there.
    let outsider = k.fork(init).unwrap();
    assert_eq!(k.setns(outsider, &own, CloneFlags::EMPTY), Ok(()));
    let born = k.fork(outsider).unwrap();
    assert_eq!(k.getpid(born), Ok(2));
    assert_eq!(k.getpid(outsider), Ok(k.pid_vnr(init, outsider)));
    for fd in [parent_fd, own, user] {
        k.close_ns(fd);
    }
}

/// wait(2): a child is a zombie until reaped; wait4 returns its pid and
/// status (exit code << 8); with no children ECHILD. A zombie still has its
/// pid: kill(pid, 0) succeeds (kill(2)); after reaping it is ESRCH.
#[test]
fn zombie_until_reaped() {
    let (mut k, init) = k();
    let p = k.fork(init).unwrap();
    let c = k.fork(p).unwrap();
    assert_eq!(k.wait4(p, -1, WNOHANG), Ok(None));
    k.exit(c, 7).unwrap();
    assert_eq!(k.get_task(c).unwrap().state, TaskState::Zombie);
    let cpid = k.pid_vnr(p, c);
    assert_eq!(k.kill(p, cpid, 0), Ok(()));
    let st = k.read_file(p, &format!("/proc/{cpid}/status")).unwrap();
    assert!(st.contains("State:\tZ (zombie)\n"), "{st}");
    assert!(!st.contains("Umask"), "zombies have no fs_struct: {st}");
    assert_eq!(
        k.readlink(p, &format!("/proc/{cpid}/ns/uts")),
        Err(Errno::ENOENT)
    );
    assert!(k.readlink(p, &format!("/proc/{cpid}/ns/pid")).is_ok());
    assert_eq!(k.wait4(p, -1, 0), Ok(Some((cpid, 7 << 8))));
    assert_eq!(k.kill(p, cpid, 0), Err(Errno::ESRCH));
    assert_eq!(k.wait4(p, -1, 0), Err(Errno::ECHILD));
    assert_eq!(k.wait4(p, 12345, 0), Err(Errno::ECHILD));
}

/// wait(2) NOTES: if SIGCHLD is set to SIG_IGN, children do not become
/// zombies and wait fails with ECHILD.
#[test]
fn sigchld_ignored_autoreaps() {
    let (mut k, init) = k();
    let p = k.fork(init).unwrap();
    k.sigaction(p, SIGCHLD, SigDisposition::Ignore).unwrap();
    let c = k.fork(p).unwrap();
    k.exit(c, 0).unwrap();
    assert!(k.get_task(c).is_none());
    assert_eq!(k.wait4(p, -1, 0), Err(Errno::ECHILD));
    let st = k.read_file(p, "/proc/self/status").unwrap();
    assert!(st.contains("SigIgn:\t0000000000010000\n"), "{st}");
}

/// kill(2) errors: EINVAL for an invalid signal, ESRCH for no such process,
/// EPERM without permission; SIGTERM's default action terminates (wait
/// status = signal number); SIGKILL cannot be caught (sigaction EINVAL).
#[test]
fn kill_errors_and_default_actions() {
    let (mut k, init) = k();
    let a = k.fork(init).unwrap();
    assert_eq!(k.kill(init, 2, 65), Err(Errno::EINVAL));
    assert_eq!(k.kill(init, 9999, 0), Err(Errno::ESRCH));
    assert_eq!(
        k.sigaction(a, SIGKILL, SigDisposition::Ignore),
        Err(Errno::EINVAL)
    );
    let b = k.fork(init).unwrap();
    k.setuid(b, 1000).unwrap();
    assert_eq!(k.kill(b, 2, SIGTERM), Err(Errno::EPERM));
    assert_eq!(k.kill(b, 2, 0), Err(Errno::EPERM));
    k.kill(init, 2, SIGTERM).unwrap();
    assert_eq!(k.wait4(init, 2, 0), Ok(Some((2, SIGTERM))));
    // SIGSTOP stops, SIGCONT resumes.
    k.kill(init, 3, SIGSTOP).unwrap();
    assert_eq!(k.get_task(b).unwrap().state, TaskState::Stopped);
    k.kill(init, 3, SIGCONT).unwrap();
    assert_eq!(k.get_task(b).unwrap().state, TaskState::Running);
    // SIGCHLD's default action is to ignore.
    k.kill(init, 3, SIGCHLD).unwrap();
    assert_eq!(k.get_task(b).unwrap().state, TaskState::Running);
}

/// signal(7): a stopped process keeps SIGTERM pending (ShdPnd in status)
/// and dies of it when SIGCONT arrives; SIGKILL kills it at once.
#[test]
fn stopped_task_keeps_signals_pending() {
    let (mut k, init) = k();
    let a = k.fork(init).unwrap();
    k.kill(init, 2, SIGSTOP).unwrap();
    k.kill(init, 2, SIGTERM).unwrap();
    assert_eq!(k.get_task(a).unwrap().state, TaskState::Stopped);
    let st = k.read_file(init, "/proc/2/status").unwrap();
    assert!(
        st.contains("State:\tT (stopped)\n") && st.contains("ShdPnd:\t0000000000004000\n"),
        "{st}"
    );
    k.kill(init, 2, SIGCONT).unwrap();
    assert_eq!(k.wait4(init, 2, 0), Ok(Some((2, SIGTERM))));
    let b = k.fork(init).unwrap();
    let bp = k.pid_vnr(init, b);
    k.kill(init, bp, SIGSTOP).unwrap();
    k.kill(init, bp, SIGKILL).unwrap();
    assert_eq!(k.wait4(init, bp, 0), Ok(Some((bp, SIGKILL))));
}

/// execve(2): comm becomes the basename cut to 15 bytes (proc(5),
/// TASK_COMM_LEN); caught signals reset, ignored stay ignored.
#[test]
fn execve_sets_comm_and_resets_handlers() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    k.sigaction(c, SIGUSR1, SigDisposition::Handler).unwrap();
    k.sigaction(c, SIGUSR2, SigDisposition::Ignore).unwrap();
    let fd = k
        .open(
            c,
            "/usr/bin/a-very-long-program-name",
            O_CREAT | O_WRONLY,
            0o755,
        )
        .unwrap();
    k.close(c, fd).unwrap();
    k.execve(c, "/usr/bin/a-very-long-program-name").unwrap();
    assert_eq!(k.get_task(c).unwrap().comm, "a-very-long-pro");
    let st = k.read_file(c, "/proc/self/status").unwrap();
    assert!(st.contains("Name:\ta-very-long-pro\n"));
    assert!(st.contains("SigCgt:\t0000000000000000\n"));
    assert!(st.contains("SigIgn:\t0000000000000800\n"));
    assert_eq!(k.execve(c, ""), Err(Errno::ENOENT));
    // do_open_execat(): a missing file, a directory, a file without x bit.
    assert_eq!(k.execve(c, "/usr/bin/nope"), Err(Errno::ENOENT));
    assert_eq!(k.execve(c, "/usr/bin"), Err(Errno::EACCES));
    assert_eq!(k.execve(c, "/etc/passwd"), Err(Errno::EACCES));
    // the root is the caller's: after chroot /tmp there is no /usr/bin/true
    k.execve(c, "/usr/bin/true").unwrap();
    k.chroot(c, "/tmp").unwrap();
    assert_eq!(k.execve(c, "/usr/bin/true"), Err(Errno::ENOENT));
}

/// Pid allocation (alloc_pid(), idr_alloc_cyclic): numbers increase and
/// are not reused until they wrap past pid_max, then restart at 300
/// (RESERVED_PIDS). Out of numbers → EAGAIN (fork(2)).
#[test]
fn pid_allocation_is_cyclic() {
    let mut k = Kernel::with_config(Config {
        pid_max: 310,
        ..Config::default()
    });
    let init = k.init_task();
    let a = k.fork(init).unwrap();
    k.exit(a, 0).unwrap();
    k.wait4(init, -1, 0).unwrap();
    let b = k.fork(init).unwrap();
    assert_eq!(k.pid_vnr(init, b), 3, "2 is not reused at once");
    let mut last = b;
    while k.pid_vnr(init, last) < 309 {
        last = k.fork(init).unwrap();
    }
    // Wrap: restart at 300 (RESERVED_PIDS) and find nothing free but 2..299
    // are below pid_min, so EAGAIN.
    assert_eq!(k.fork(init), Err(Errno::EAGAIN));
    k.exit(last, 0).unwrap();
    k.wait4(init, -1, 0).unwrap();
    let again = k.fork(init).unwrap();
    assert_eq!(k.pid_vnr(init, again), 309);
}

/// /proc shows the PID namespace of the proc mount, not the reader's:
/// after `unshare --pid --fork` without --mount-proc, /proc/self/status of
/// the child still shows its outer pid; after mounting proc, pid 1
/// (pid_namespaces(7), "/proc and PID namespaces").
#[test]
fn proc_view_depends_on_proc_mount() {
    let (mut k, init) = k();
    let c = k
        .kernel_clone(init, CloneFlags::NEWPID | CloneFlags::NEWNS)
        .unwrap();
    let st = k.read_file(c, "/proc/self/status").unwrap();
    assert!(
        st.contains("\nPid:\t2\n") && st.contains("\nNSpid:\t2\t1\n"),
        "{st}"
    );
    assert!(
        k.read_file(c, "/proc/1/status")
            .unwrap()
            .contains("Name:\tinit")
    );
    k.mount(c, "proc", "/proc", "proc", 0, "").unwrap();
    let st = k.read_file(c, "/proc/self/status").unwrap();
    assert!(
        st.contains("\nPid:\t1\n") && st.contains("\nPPid:\t0\n") && st.contains("\nNSpid:\t1\n"),
        "{st}"
    );
    assert_eq!(k.read_dir(c, "/proc").unwrap()[0], "1");
    assert_eq!(k.read_file(c, "/proc/2/status"), Err(Errno::ENOENT));
    // The parent's view is unchanged (its mount namespace kept the old proc).
    assert!(
        k.read_file(init, "/proc/2/status")
            .unwrap()
            .contains("\nNSpid:\t2\t1\n")
    );
    // A process outside the namespace whose mount namespace has the inner
    // proc: /proc/self dangles.
    let fd = k.open_ns(c, "/proc/self/ns/mnt").unwrap();
    let outsider = k.fork(init).unwrap();
    k.setns(outsider, &fd, CloneFlags::NEWNS).unwrap();
    assert_eq!(k.readlink(outsider, "/proc/self"), Err(Errno::ENOENT));
    assert_eq!(
        k.read_file(outsider, "/proc/self/status"),
        Err(Errno::ENOENT)
    );
    assert_eq!(k.readlink(c, "/proc/self"), Ok("1".into()));
    k.close_ns(fd);
}

/// The same program, written once against the `Syscalls` trait (as
/// userland and the native backend will be), run on the model: `unshare
/// --pid --fork` makes the child PID 1 with parent 0.
#[test]
fn scenario_through_the_syscalls_trait() {
    fn unshare_pid_fork<S: Syscalls>(s: &mut S, shell: S::Proc) -> (i32, i32) {
        s.unshare(shell, CloneFlags::NEWPID).unwrap();
        let child = s.fork(shell).unwrap();
        (s.getpid(child).unwrap(), s.getppid(child).unwrap())
    }
    let (mut k, init) = k();
    let sh = Syscalls::fork(&mut k, init).unwrap();
    assert_eq!(unshare_pid_fork(&mut k, sh), (1, 0));
}

/// kill(2) with pid -1: every process the caller may signal except itself
/// and the init of its PID namespace; ESRCH when there is none. Checked on
/// 6.18 as init of a new PID namespace: alone, kill(-1, 0) → ESRCH; with two
/// children, kill(-1, SIGTERM) → 0 and both died of SIGTERM (status 15).
#[test]
fn kill_minus_one() {
    let (mut k, init) = k();
    let ns_init = k.kernel_clone(init, CloneFlags::NEWPID).unwrap();
    assert_eq!(k.kill(ns_init, -1, 0), Err(Errno::ESRCH));
    let a = k.fork(ns_init).unwrap();
    let b = k.fork(ns_init).unwrap();
    assert_eq!(k.kill(ns_init, -1, SIGTERM), Ok(()));
    assert_eq!(k.wait4(ns_init, -1, 0), Ok(Some((2, SIGTERM))));
    assert_eq!(k.wait4(ns_init, -1, 0), Ok(Some((3, SIGTERM))));
    assert!(k.get_task(a).is_none() && k.get_task(b).is_none());
    assert_eq!(k.get_task(ns_init).unwrap().state, TaskState::Running);
    // From inside, the global init and the caller's ancestors are invisible.
    assert_eq!(k.get_task(init).unwrap().state, TaskState::Running);
}
