//! User namespaces: maps, setgroups, capabilities, nesting. "Checked on
//! 6.18" means observed on this machine's Linux 6.18 (as root, and as uid
//! 1000 via setuid + PR_SET_DUMPABLE, python3 ctypes) with that result.

use ctlab::kernel_model::*;

fn k() -> (Kernel, TaskId) {
    let k = Kernel::new();
    let i = k.init_task();
    (k, i)
}

fn status_line(k: &mut Kernel, t: TaskId, key: &str) -> String {
    let st = k.read_file(t, "/proc/self/status").unwrap();
    st.lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap()
        .to_owned()
}

/// user_namespaces(7), "Unmapped user and group IDs": before uid_map is
/// written, ids show as the overflow id 65534; the creator has every
/// capability in the new namespace. Checked on 6.18: Uid/Gid 65534 ×4,
/// CapEff 000001ffffffffff, uid_map empty, setgroups "allow".
#[test]
fn new_user_ns_unmapped_ids_and_full_caps() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    k.unshare(c, CloneFlags::NEWUSER).unwrap();
    assert_eq!(
        status_line(&mut k, c, "Uid"),
        "Uid:\t65534\t65534\t65534\t65534"
    );
    assert_eq!(
        status_line(&mut k, c, "Gid"),
        "Gid:\t65534\t65534\t65534\t65534"
    );
    assert_eq!(
        status_line(&mut k, c, "CapEff"),
        "CapEff:\t000001ffffffffff"
    );
    assert_eq!(k.read_file(c, "/proc/self/uid_map"), Ok(String::new()));
    assert_eq!(k.read_file(c, "/proc/self/setgroups"), Ok("allow\n".into()));
    assert_eq!(k.getuid(c), Ok(65534));
    // The parent still sees the kernel ids.
    assert!(
        k.read_file(init, "/proc/2/status")
            .unwrap()
            .contains("Uid:\t0\t0\t0\t0\n")
    );
}

/// uid_map write rules (user_namespaces(7), "Defining user and group ID
/// mappings"; map_write()): zero length, overlap (inside or outside),
/// trailing garbage and empty writes are EINVAL; the map can be written
/// once, the second write is EPERM. Checked on 6.18: exactly these errnos,
/// and the map then reads `         0          0          1\n`.
#[test]
fn uid_map_write_rules() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    k.unshare(c, CloneFlags::NEWUSER).unwrap();
    let w = |k: &mut Kernel, s: &str| k.write_file(c, "/proc/self/uid_map", s.as_bytes());
    assert_eq!(w(&mut k, "0 0 0\n"), Err(Errno::EINVAL));
    assert_eq!(w(&mut k, "0 0 1\n0 5 1\n"), Err(Errno::EINVAL));
    assert_eq!(w(&mut k, "0 0 1\n1 0 1\n"), Err(Errno::EINVAL));
    assert_eq!(w(&mut k, "0 0 1 x\n"), Err(Errno::EINVAL));
    assert_eq!(w(&mut k, "\n"), Err(Errno::EINVAL));
    assert_eq!(w(&mut k, "4294967295 0 1\n"), Err(Errno::EINVAL));
    assert_eq!(
        w(&mut k, &" ".repeat(4096)),
        Err(Errno::EINVAL),
        "a page or more"
    );
    assert_eq!(w(&mut k, "0 0 1"), Ok(5));
    assert_eq!(w(&mut k, "1 1 1\n"), Err(Errno::EPERM));
    assert_eq!(
        k.read_file(c, "/proc/self/uid_map"),
        Ok("         0          0          1\n".into())
    );
    assert_eq!(k.getuid(c), Ok(0));
}

/// /proc/PID/setgroups (user_namespaces(7)): "deny" before gid_map; then
/// "allow" is EPERM; "deny" after gid_map was written is EPERM. Checked on
/// 6.18 as root in a new user namespace: deny 0, gid_map 0, allow EPERM,
/// deny EPERM, file reads "deny\n".
#[test]
fn setgroups_rules() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    k.unshare(c, CloneFlags::NEWUSER).unwrap();
    assert_eq!(k.write_file(c, "/proc/self/setgroups", b"deny"), Ok(4));
    assert_eq!(k.write_file(c, "/proc/self/gid_map", b"0 0 1\n"), Ok(6));
    assert_eq!(
        k.write_file(c, "/proc/self/setgroups", b"allow\n"),
        Err(Errno::EPERM)
    );
    assert_eq!(
        k.write_file(c, "/proc/self/setgroups", b"deny\n"),
        Err(Errno::EPERM)
    );
    assert_eq!(
        k.write_file(c, "/proc/self/setgroups", b"maybe"),
        Err(Errno::EINVAL)
    );
    assert_eq!(k.read_file(c, "/proc/self/setgroups"), Ok("deny\n".into()));
    // setgroups(2) is now refused in this namespace (may_setgroups()).
    assert_eq!(k.setgroups(c, &[0]), Err(Errno::EPERM));
}

/// An unprivileged user may map only its own uid, and its own gid only
/// after writing "deny" to setgroups (user_namespaces(7); since Linux
/// 3.19). Checked on 6.18 as uid 1000: mapping uid 0 → EPERM, own uid → 0,
/// gid without deny → EPERM, deny → 0, gid → 0, then Uid/Gid read 0.
#[test]
fn unprivileged_map_rules() {
    let (mut k, init) = k();
    let u = k.fork(init).unwrap();
    k.setgid(u, 1000).unwrap();
    k.setuid(u, 1000).unwrap();
    assert_eq!(
        status_line(&mut k, u, "CapEff"),
        "CapEff:\t0000000000000000"
    );
    k.unshare(u, CloneFlags::NEWUSER).unwrap();
    assert_eq!(
        k.write_file(u, "/proc/self/uid_map", b"0 0 1\n"),
        Err(Errno::EPERM)
    );
    assert_eq!(k.write_file(u, "/proc/self/uid_map", b"0 1000 1\n"), Ok(9));
    assert_eq!(
        k.write_file(u, "/proc/self/gid_map", b"0 1000 1\n"),
        Err(Errno::EPERM)
    );
    assert_eq!(k.write_file(u, "/proc/self/setgroups", b"deny\n"), Ok(5));
    assert_eq!(k.write_file(u, "/proc/self/gid_map", b"0 1000 1\n"), Ok(9));
    assert_eq!(status_line(&mut k, u, "Uid"), "Uid:\t0\t0\t0\t0");
    assert_eq!(status_line(&mut k, u, "Gid"), "Gid:\t0\t0\t0\t0");
    assert_eq!(
        status_line(&mut k, u, "CapEff"),
        "CapEff:\t000001ffffffffff"
    );
    // The parent namespace sees the real ids.
    let pid = k.pid_vnr(init, u);
    let st = k.read_file(init, &format!("/proc/{pid}/status")).unwrap();
    assert!(st.contains("Uid:\t1000\t1000\t1000\t1000\n"), "{st}");
    // uid_map read from the parent namespace shows parent ids.
    assert_eq!(
        k.read_file(init, &format!("/proc/{pid}/uid_map")),
        Ok("         0       1000          1\n".into())
    );
}

/// Who may write: only a process in the namespace or its parent
/// (user_namespaces(7) rule 2, EPERM); a sibling namespace may not.
#[test]
fn map_writer_must_be_in_ns_or_parent() {
    let (mut k, init) = k();
    let a = k.kernel_clone(init, CloneFlags::NEWUSER).unwrap();
    let b = k.kernel_clone(init, CloneFlags::NEWUSER).unwrap();
    let apid = k.pid_vnr(b, a);
    assert_eq!(
        k.write_file(b, &format!("/proc/{apid}/uid_map"), b"0 0 1\n"),
        Err(Errno::EPERM)
    );
    // The parent (init, with CAP_SETUID in the initial namespace) may write
    // any range.
    assert_eq!(
        k.write_file(init, &format!("/proc/{apid}/uid_map"), b"0 100000 65536\n"),
        Ok(15)
    );
    assert_eq!(
        k.write_file(init, &format!("/proc/{apid}/uid_map"), b"0 0 1\n"),
        Err(Errno::EPERM)
    );
}

/// user_namespaces(7): capabilities are evaluated in the user namespace
/// owning the target namespace. Without CAP_SYS_ADMIN there, unshare of
/// other namespaces and sethostname are EPERM; with a new user namespace
/// they work. Checked on 6.18 as uid 1000: unshare(CLONE_NEWUTS) → EPERM,
/// unshare(CLONE_NEWUSER|CLONE_NEWUTS) → 0.
#[test]
fn capabilities_in_owning_namespace() {
    let (mut k, init) = k();
    let u = k.fork(init).unwrap();
    k.setuid(u, 1000).unwrap();
    assert_eq!(k.unshare(u, CloneFlags::NEWUTS), Err(Errno::EPERM));
    assert_eq!(k.sethostname(u, b"x"), Err(Errno::EPERM));
    assert_eq!(k.kernel_clone(u, CloneFlags::NEWPID), Err(Errno::EPERM));
    k.unshare(u, CloneFlags::NEWUSER | CloneFlags::NEWUTS)
        .unwrap();
    assert_eq!(k.sethostname(u, b"box"), Ok(()));
    assert_eq!(k.uname(u).unwrap().nodename, "box");
    assert_eq!(k.uname(init).unwrap().nodename, "ctlab");
    // The user namespace owns the UTS namespace; the IPC namespace is still
    // the initial one, owned by the initial user namespace: no power there.
    assert_eq!(k.msgget(u, 0, 0o1600).map(|_| ()), Ok(()));
    let fd = k.open_ns(init, "/proc/self/ns/uts").unwrap();
    assert_eq!(k.setns(u, &fd, CloneFlags::NEWUTS), Err(Errno::EPERM));
    k.close_ns(fd);
}

/// The owner of a user namespace has all capabilities in it from the parent
/// namespace (user_namespaces(7) rule 3): root in the parent may setns into
/// it; setns(2) into a user namespace grants a full capability set.
#[test]
fn owner_has_caps_in_child_namespace() {
    let (mut k, init) = k();
    let c = k
        .kernel_clone(init, CloneFlags::NEWUSER | CloneFlags::NEWUTS)
        .unwrap();
    let cpid = k.pid_vnr(init, c);
    let fd = k.open_ns(init, &format!("/proc/{cpid}/ns/uts")).unwrap();
    let other = k.fork(init).unwrap();
    assert_eq!(k.setns(other, &fd, CloneFlags::NEWUTS), Ok(()));
    k.close_ns(fd);
    let ufd = k.open_ns(init, &format!("/proc/{cpid}/ns/user")).unwrap();
    k.setuid(other, 1000).unwrap();
    assert_eq!(k.setns(other, &ufd, CloneFlags::NEWUSER), Err(Errno::EPERM));
    k.close_ns(ufd);
}

/// create_user_ns(): levels 0..=33 exist; the 34th nested unshare fails
/// with ENOSPC (clone(2): "ENOSPC (since Linux 4.9; beforehand EUSERS)").
/// Each level needs the creator's ids mapped in the parent (EPERM
/// otherwise). Checked on 6.18: 33 nested unshares (writing maps at each
/// level) succeed, the 34th gets ENOSPC; without maps the second gets EPERM.
#[test]
fn user_namespace_nesting_limit() {
    let (mut k, init) = k();
    let t = k.fork(init).unwrap();
    for level in 1..=33 {
        k.unshare(t, CloneFlags::NEWUSER)
            .unwrap_or_else(|e| panic!("level {level}: {e:?}"));
        k.write_file(t, "/proc/self/uid_map", b"0 0 1\n").unwrap();
        k.write_file(t, "/proc/self/setgroups", b"deny\n").unwrap();
        k.write_file(t, "/proc/self/gid_map", b"0 0 1\n").unwrap();
    }
    assert_eq!(k.unshare(t, CloneFlags::NEWUSER), Err(Errno::ENOSPC));
    let u = k.fork(init).unwrap();
    k.unshare(u, CloneFlags::NEWUSER).unwrap();
    assert_eq!(k.unshare(u, CloneFlags::NEWUSER), Err(Errno::EPERM));
}

/// capabilities(7), execve of a program without file capabilities: a
/// process whose uid is not 0 in its user namespace loses its capabilities
/// — so after `unshare -U` (no map) `cat /proc/self/status` shows CapEff 0,
/// while with uid 0 mapped it keeps them.
#[test]
fn execve_recomputes_capabilities() {
    let (mut k, init) = k();
    let a = k.fork(init).unwrap();
    k.unshare(a, CloneFlags::NEWUSER).unwrap();
    let cat = k.fork(a).unwrap();
    k.execve(cat, "/bin/cat").unwrap();
    assert_eq!(
        status_line(&mut k, cat, "CapEff"),
        "CapEff:\t0000000000000000"
    );
    assert_eq!(
        status_line(&mut k, cat, "CapPrm"),
        "CapPrm:\t0000000000000000"
    );
    k.write_file(a, "/proc/self/uid_map", b"0 0 1\n").unwrap();
    let cat2 = k.fork(a).unwrap();
    k.execve(cat2, "/bin/cat").unwrap();
    assert_eq!(
        status_line(&mut k, cat2, "CapEff"),
        "CapEff:\t000001ffffffffff"
    );
}

/// Namespaces created together with a user namespace are owned by it
/// (unshare(2): CLONE_NEWUSER is done first), and their inode numbers are
/// handed out in the kernel's order: user, mnt, uts, ipc, pid, cgroup, net,
/// time. Checked on 6.18 (`unshare` with all eight flags): user 4026532177,
/// mnt …178, uts …179, ipc …180, cgroup …182, net …183, time_for_children
/// later (the net namespace's /proc entries took numbers in between).
#[test]
fn unshare_all_inode_order() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    let all = CloneFlags::ALL_NS;
    k.unshare(c, all).unwrap();
    k.fork(c).unwrap();
    let link = |k: &mut Kernel, n: &str| k.readlink(c, &format!("/proc/self/ns/{n}")).unwrap();
    assert_eq!(link(&mut k, "user"), "user:[4026532177]");
    assert_eq!(link(&mut k, "mnt"), "mnt:[4026532178]");
    assert_eq!(link(&mut k, "uts"), "uts:[4026532179]");
    assert_eq!(link(&mut k, "ipc"), "ipc:[4026532180]");
    assert_eq!(link(&mut k, "pid_for_children"), "pid:[4026532181]");
    assert_eq!(link(&mut k, "cgroup"), "cgroup:[4026532182]");
    assert_eq!(link(&mut k, "net"), "net:[4026532183]");
    assert_eq!(link(&mut k, "time_for_children"), "time:[4026532184]");
    assert_eq!(link(&mut k, "pid"), "pid:[4026531836]");
    assert_eq!(link(&mut k, "time"), "time:[4026531834]");
}

/// Freed namespaces give their inode numbers back (the kernel's ida hands
/// out the lowest free number).
#[test]
fn inode_numbers_are_reused() {
    let (mut k, init) = k();
    let a = k.kernel_clone(init, CloneFlags::NEWUTS).unwrap();
    let b = k.kernel_clone(init, CloneFlags::NEWUTS).unwrap();
    assert_eq!(
        k.readlink(b, "/proc/self/ns/uts"),
        Ok("uts:[4026532178]".into())
    );
    k.exit(a, 0).unwrap();
    let c = k.kernel_clone(init, CloneFlags::NEWIPC).unwrap();
    assert_eq!(
        k.readlink(c, "/proc/self/ns/ipc"),
        Ok("ipc:[4026532177]".into())
    );
    // An open ns file keeps a namespace (and its number) alive.
    let fd = k.open_ns(b, "/proc/self/ns/uts").unwrap();
    k.exit(b, 0).unwrap();
    let d = k.kernel_clone(init, CloneFlags::NEWUTS).unwrap();
    assert_eq!(
        k.readlink(d, "/proc/self/ns/uts"),
        Ok("uts:[4026532179]".into())
    );
    k.close_ns(fd);
}
