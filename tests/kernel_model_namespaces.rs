//! UTS, IPC, network, cgroup, mount and time namespaces, and errno texts.

use ctlab::kernel_model::ipc_namespace::{IPC_CREAT, IPC_EXCL, IPC_PRIVATE};
use ctlab::kernel_model::*;

fn k() -> (Kernel, TaskId) {
    let k = Kernel::new();
    let i = k.init_task();
    (k, i)
}

/// strerror(3) texts as glibc prints them. Checked on this machine with
/// python3 `os.strerror(n)` for every errno listed; the native crate's
/// test compares all of them with libc at run time.
#[test]
fn errno_numbers_and_texts() {
    assert_eq!(Errno::EPERM as i32, 1);
    assert_eq!(Errno::ENOSPC as i32, 28);
    assert_eq!(Errno::EUSERS as i32, 87);
    assert_eq!(Errno::EPERM.to_string(), "Operation not permitted");
    assert_eq!(Errno::ENOMEM.to_string(), "Cannot allocate memory");
    assert_eq!(Errno::ECHILD.to_string(), "No child processes");
    assert_eq!(Errno::from_raw(22), Some(Errno::EINVAL));
    assert_eq!(Errno::EINVAL.name(), "EINVAL");
}

/// uts_namespaces(7): a new UTS namespace starts as a copy; changes stay
/// inside. sethostname(2): EINVAL for more than 64 bytes (checked on 6.18:
/// 65 bytes → EINVAL), EPERM without CAP_SYS_ADMIN in the owning user
/// namespace.
#[test]
fn uts_namespace_hostname() {
    let (mut k, init) = k();
    let c = k.kernel_clone(init, CloneFlags::NEWUTS).unwrap();
    assert_eq!(k.uname(c).unwrap().nodename, "ctlab");
    k.sethostname(c, b"inner").unwrap();
    k.setdomainname(c, b"example").unwrap();
    assert_eq!(k.uname(c).unwrap().nodename, "inner");
    assert_eq!(k.uname(c).unwrap().domainname, "example");
    assert_eq!(k.uname(init).unwrap().nodename, "ctlab");
    assert_eq!(k.uname(init).unwrap().domainname, "(none)");
    assert_eq!(k.sethostname(c, &[b'x'; 65]), Err(Errno::EINVAL));
    assert_eq!(k.sethostname(c, &[b'x'; 64]), Ok(()));
    let g = k.fork(c).unwrap();
    assert_eq!(
        k.uname(g).unwrap().nodename.len(),
        64,
        "children inherit the namespace"
    );
}

/// ipc_namespaces(7): System V ids are per namespace. msgget(2): ENOENT
/// without IPC_CREAT, EEXIST with IPC_CREAT|IPC_EXCL; ids cycle through the
/// index space (ipc_idr_alloc()). Checked on 6.18 in a new IPC namespace:
/// ids 0,1,2,3, keyed queue 4, ENOENT, EEXIST, after removing 1 the next
/// id is 5; /proc/sysvipc/msg lines as rendered here (ctime aside).
#[test]
fn ipc_namespace_message_queues() {
    let (mut k, init) = k();
    let c = k.kernel_clone(init, CloneFlags::NEWIPC).unwrap();
    let ids: Vec<i32> = (0..4)
        .map(|_| k.msgget(c, IPC_PRIVATE, IPC_CREAT | 0o600).unwrap())
        .collect();
    assert_eq!(ids, vec![0, 1, 2, 3]);
    assert_eq!(k.msgget(c, 1234, 0o600), Err(Errno::ENOENT));
    assert_eq!(k.msgget(c, 1234, IPC_CREAT | 0o600), Ok(4));
    assert_eq!(k.msgget(c, 1234, 0), Ok(4));
    assert_eq!(
        k.msgget(c, 1234, IPC_CREAT | IPC_EXCL | 0o600),
        Err(Errno::EEXIST)
    );
    k.msgctl_rmid(c, 1).unwrap();
    assert_eq!(k.msgget(c, IPC_PRIVATE, IPC_CREAT | 0o600), Ok(5));
    assert_eq!(k.msgctl_rmid(c, 1), Err(Errno::EINVAL));
    // The initial namespace has none of them.
    assert_eq!(k.msgctl_rmid(init, 0), Err(Errno::EINVAL));
    let text = k.read_file(c, "/proc/sysvipc/msg").unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime"
    );
    let first = lines.next().unwrap();
    assert!(
        first.starts_with("         0          0   600           0          0     0     0     0     0     0     0          0          0 "),
        "{first:?}"
    );
    assert_eq!(text.lines().count(), 1 + 5);
}

/// The index cycles in [0, max(in_use*3/2, 64)) and the sequence number
/// grows on wrap, so the 65th queue created after removals gets
/// 32768 + index (ipc/util.c; IPCMNI = 32768). Checked on 6.18: 64
/// create+remove cycles end at id 63, the next msgget returns 32768.
#[test]
fn ipc_ids_wrap_with_sequence() {
    let (mut k, init) = k();
    let mut last = 0;
    for _ in 0..64 {
        last = k.msgget(init, IPC_PRIVATE, IPC_CREAT | 0o600).unwrap();
        k.msgctl_rmid(init, last).unwrap();
    }
    assert_eq!(last, 63);
    assert_eq!(k.msgget(init, IPC_PRIVATE, IPC_CREAT | 0o600), Ok(32768));
}

/// network_namespaces(7): a new network namespace has its own loopback
/// device, down; raising it needs CAP_NET_ADMIN in the owning user
/// namespace.
#[test]
fn net_namespace_has_own_lo_down() {
    let (mut k, init) = k();
    let c = k.kernel_clone(init, CloneFlags::NEWNET).unwrap();
    let view = k.world_view();
    let net_inode: u32 = k.readlink(c, "/proc/self/ns/net").unwrap()[5..15]
        .parse()
        .unwrap();
    let ns = view
        .namespaces
        .iter()
        .find(|n| n.inode == net_inode)
        .unwrap();
    assert_eq!(ns.details, vec![("lo".to_string(), "DOWN".to_string())]);
    let init_net = view
        .namespaces
        .iter()
        .find(|n| n.inode == 4026531833)
        .unwrap();
    assert_eq!(init_net.details, vec![("lo".to_string(), "UP".to_string())]);
    assert_eq!(k.set_link_up(c, "eth0", true), Err(Errno::ENODEV));
    k.set_link_up(c, "lo", true).unwrap();
    let u = k.fork(init).unwrap();
    k.setuid(u, 1000).unwrap();
    assert_eq!(k.set_link_up(u, "lo", false), Err(Errno::EPERM));
}

/// cgroup_namespaces(7): the namespace root is the creator's cgroup;
/// /proc/PID/cgroup paths are relative to the *reader's* namespace root,
/// with `..` for cgroups outside it (the man page's "/../../" example).
#[test]
fn cgroup_namespace_paths() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    k.cgroup_attach(c, "/lab/a").unwrap();
    k.unshare(c, CloneFlags::NEWCGROUP).unwrap();
    assert_eq!(k.read_file(c, "/proc/self/cgroup"), Ok("0::/\n".into()));
    assert_eq!(
        k.read_file(init, "/proc/2/cgroup"),
        Ok("0::/lab/a\n".into())
    );
    let sib = k.fork(init).unwrap();
    k.cgroup_attach(sib, "/lab/b/x").unwrap();
    let sp = k.pid_vnr(c, sib);
    assert_eq!(
        k.read_file(c, &format!("/proc/{sp}/cgroup")),
        Ok("0::/../b/x\n".into())
    );
    assert_eq!(k.read_file(c, "/proc/1/cgroup"), Ok("0::/../..\n".into()));
    let child = k.fork(c).unwrap();
    k.cgroup_attach(child, "/lab/a/sub").unwrap();
    assert_eq!(
        k.read_file(c, &format!("/proc/{}/cgroup", k.pid_vnr(c, child))),
        Ok("0::/sub\n".into())
    );
}

/// mount_namespaces(7): a new mount namespace starts with a copy of the
/// creator's mount table, including its /proc; mounting proc there does not
/// change the parent's.
#[test]
fn mnt_namespace_copies_table() {
    let (mut k, init) = k();
    let c = k.kernel_clone(init, CloneFlags::NEWNS).unwrap();
    let view = k.world_view();
    let mnts: Vec<_> = view
        .namespaces
        .iter()
        .filter(|n| n.ns_type == NsType::Mnt)
        .collect();
    assert_eq!(mnts.len(), 2);
    assert_eq!(mnts[0].details, mnts[1].details);
    let c2 = k.kernel_clone(c, CloneFlags::NEWPID).unwrap();
    k.mount(c2, "proc", "/proc", "proc", 0, "").unwrap();
    assert_eq!(
        k.read_dir(c, "/proc").unwrap(),
        vec!["1", "mounts", "self", "stat", "sys", "sysvipc", "uptime"]
    );
    assert_eq!(k.read_dir(init, "/proc").unwrap()[..3], ["1", "2", "3"]);
}

/// time_namespaces(7): unshare(CLONE_NEWTIME) only changes
/// time_for_children; the caller's children are in the new namespace.
/// Checked on 6.18: after unshare, time stayed 4026531834 and
/// time_for_children changed.
#[test]
fn time_namespace_for_children() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    k.unshare(c, CloneFlags::NEWTIME).unwrap();
    assert_eq!(
        k.readlink(c, "/proc/self/ns/time"),
        Ok("time:[4026531834]".into())
    );
    let tfc = k.readlink(c, "/proc/self/ns/time_for_children").unwrap();
    assert_ne!(tfc, "time:[4026531834]");
    let g = k.fork(c).unwrap();
    assert_eq!(k.readlink(g, "/proc/self/ns/time"), Ok(tfc));
}

/// unshare(2): unknown flags are EINVAL; clone(2): CLONE_NEWUSER|CLONE_FS
/// and CLONE_NEWNS|CLONE_FS are EINVAL.
#[test]
fn invalid_flags() {
    let (mut k, init) = k();
    assert_eq!(k.unshare(init, CloneFlags(0x1)), Err(Errno::EINVAL));
    assert_eq!(
        k.kernel_clone(init, CloneFlags::NEWUSER | CloneFlags::FS),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        k.kernel_clone(init, CloneFlags::NEWNS | CloneFlags::FS),
        Err(Errno::EINVAL)
    );
    // unsharing non-namespace state of a single-threaded process is a no-op.
    assert_eq!(k.unshare(init, CloneFlags::FS | CloneFlags::FILES), Ok(()));
}

/// time_namespaces(7), /proc/PID/timens_offsets: offsets of the
/// time_for_children namespace, settable until a process enters it.
/// Checked on 6.18: EACCES in the initial namespace; after
/// unshare(CLONE_NEWTIME) "monotonic 10 0", "boottime -5 100", "1 3 0" and
/// "7 4 0" succeed, nsec ≥ 10⁹, "realtime", a non-number and a missing
/// field are EINVAL; the file then reads as below; after a fork, EACCES.
#[test]
fn time_namespace_offsets() {
    let (mut k, init) = k();
    let c = k.fork(init).unwrap();
    let w = |k: &mut Kernel, s: &str| {
        k.write_file(c, "/proc/self/timens_offsets", s.as_bytes())
            .map(|_| ())
    };
    assert_eq!(w(&mut k, "monotonic 1 0\n"), Err(Errno::EACCES));
    k.unshare(c, CloneFlags::NEWTIME).unwrap();
    for ok in ["monotonic 10 0\n", "boottime -5 100\n", "1 3 0\n", "7 4 0"] {
        assert_eq!(w(&mut k, ok), Ok(()), "{ok:?}");
    }
    for bad in [
        "monotonic 1 1000000000\n",
        "realtime 1 0\n",
        "monotonic x 0\n",
        "monotonic 1\n",
    ] {
        assert_eq!(w(&mut k, bad), Err(Errno::EINVAL), "{bad:?}");
    }
    assert_eq!(
        k.read_file(c, "/proc/self/timens_offsets"),
        Ok("monotonic           3         0\nboottime            4         0\n".into())
    );
    k.fork(c).unwrap();
    assert_eq!(w(&mut k, "monotonic 2 0\n"), Err(Errno::EACCES));
    let u = k.fork(init).unwrap();
    k.setuid(u, 1000).unwrap();
    k.unshare(u, CloneFlags::NEWUSER | CloneFlags::NEWTIME)
        .unwrap();
    // The range is checked before the frozen flag (proc_timens_set_offset()).
    assert_eq!(w(&mut k, "monotonic -99999999 0\n"), Err(Errno::ERANGE));
    assert_eq!(
        k.write_file(u, "/proc/self/timens_offsets", b"monotonic -99999999 0\n"),
        Err(Errno::ERANGE)
    );
}
