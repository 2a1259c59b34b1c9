//! The Kernel and the VFS as one model: /proc is a proc mount served by
//! the Kernel, each task has a root, a cwd and an fd table, and mount
//! namespaces own mount trees.
//!
//! "Checked on 6.18" below means: observed on this machine's Linux 6.18,
//! as root inside `unshare --mount --propagation private --pid --fork
//! --mount-proc`, in a tmpfs mounted under /tmp in that namespace
//! (bash, python3 `os`, perl `syscall(308)` for setns).

use ctlab::kernel_model::vfs::{
    MNT_DETACH, MS_NODEV, MS_NOEXEC, MS_NOSUID, O_CLOEXEC, O_CREAT, O_RDONLY, O_RDWR, O_WRONLY,
    SEEK_CUR,
};
use ctlab::kernel_model::*;

const PROC_FLAGS: u64 = MS_NOSUID | MS_NODEV | MS_NOEXEC;

fn pids(k: &mut Kernel, t: TaskId) -> Vec<String> {
    k.read_dir(t, "/proc")
        .unwrap()
        .into_iter()
        .filter(|e| e.bytes().all(|b| b.is_ascii_digit()))
        .collect()
}

fn mountinfo_lines(k: &mut Kernel, t: TaskId) -> usize {
    k.read_file(t, "/proc/self/mountinfo")
        .unwrap()
        .lines()
        .count()
}

/// pid_namespaces(7), "/proc and PID namespaces": a /proc shows the PID
/// namespace of the process that mounted it, not the reader's, so after
/// `unshare --pid --fork` without `--mount-proc` /proc/self is the outer
/// pid; once the child mounts proc it sees itself as 1; a process of the
/// same mount namespace outside that PID namespace then finds /proc/self
/// dangling (proc(5): ENOENT). Checked on 6.18: `unshare --pid --fork`
/// printed `$$`=1 and `readlink /proc/self`=6; after `unshare --pid
/// --fork mount -t proc proc /proc`, the outer shell's `readlink
/// /proc/self` failed and `cat /proc/self/status` gave ENOENT.
#[test]
fn proc_shows_the_pid_namespace_of_its_mount() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let sh = k.fork(init).unwrap();
    k.unshare(sh, CloneFlags::NEWPID | CloneFlags::NEWNS)
        .unwrap();
    let c = k.fork(sh).unwrap();
    assert_eq!(k.getpid(c), Ok(1));
    assert_eq!(k.readlink(c, "/proc/self"), Ok("3".into()));
    assert_eq!(pids(&mut k, c), ["1", "2", "3"]);
    k.mount(c, "proc", "/proc", "proc", PROC_FLAGS, "").unwrap();
    assert_eq!(k.readlink(c, "/proc/self"), Ok("1".into()));
    assert_eq!(pids(&mut k, c), ["1"]);
    assert!(
        k.read_file(c, "/proc/self/status")
            .unwrap()
            .contains("\nPid:\t1\n")
    );
    // sh shares the mount namespace but not the PID namespace.
    assert_eq!(k.readlink(sh, "/proc/self"), Err(Errno::ENOENT));
    assert_eq!(k.read_file(sh, "/proc/self/status"), Err(Errno::ENOENT));
    // init's mount namespace still has the initial proc.
    assert_eq!(k.readlink(init, "/proc/self"), Ok("1".into()));
    assert_eq!(pids(&mut k, init), ["1", "2", "3"]);
    // /proc/mounts is a link to self/mounts (checked on 6.18).
    assert_eq!(k.readlink(init, "/proc/mounts"), Ok("self/mounts".into()));
    assert!(k.check_invariants().is_ok());
}

/// A proc mount holds its PID namespace (`proc_fs_info->pid_ns`): when
/// every process of the namespace is gone the mount stays and lists no
/// pids (checked on 6.18: `ls /proc` empty of pids after the inner
/// `unshare --pid --fork mount -t proc …` exited); unmounting it frees the
/// namespace.
#[test]
fn proc_mount_keeps_its_pid_namespace() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let sh = k.fork(init).unwrap();
    k.unshare(sh, CloneFlags::NEWNS).unwrap();
    let c = k.kernel_clone(sh, CloneFlags::NEWPID).unwrap();
    k.mount(c, "proc", "/proc", "proc", PROC_FLAGS, "").unwrap();
    k.exit(c, 0).unwrap();
    assert!(k.wait4(sh, -1, 0).unwrap().is_some());
    let n_pid = |k: &Kernel| {
        k.world_view()
            .namespaces
            .iter()
            .filter(|n| n.ns_type == NsType::Pid)
            .count()
    };
    assert_eq!(n_pid(&k), 2);
    assert_eq!(pids(&mut k, sh), Vec::<String>::new());
    k.umount2(sh, "/proc", 0).unwrap();
    assert_eq!(n_pid(&k), 1);
    // The initial proc is visible again below.
    assert_eq!(k.readlink(sh, "/proc/self"), Ok("2".into()));
    assert!(k.check_invariants().is_ok());
}

/// chroot(2) and proc(5): /proc is found by the path walk from the
/// caller's root, so a chroot without proc has no /proc; mounted inside,
/// /proc/self/mountinfo lists only the mounts under the root (proc(5):
/// "mount point relative to the process's root directory"). The cwd left
/// outside the new root is "(unreachable)" for the getcwd syscall
/// (getcwd(3) NOTES; glibc turns it into ENOENT). Checked on 6.18: ENOENT
/// for /proc/self/status in the bare chroot, getcwd ENOENT via glibc,
/// and with proc mounted inside a one-line mountinfo `… / /proc rw,relatime
/// - proc proc rw`.
#[test]
fn chroot_sees_only_the_proc_mounted_inside() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k.fork(init).unwrap();
    k.unshare(c, CloneFlags::NEWNS).unwrap();
    k.mkdir(c, "/tmp/jail", 0o755).unwrap();
    k.mkdir(c, "/tmp/jail/proc", 0o555).unwrap();
    let d = k.fork(c).unwrap();
    k.chroot(d, "/tmp/jail").unwrap();
    assert_eq!(k.read_file(d, "/proc/self/status"), Err(Errno::ENOENT));
    assert_eq!(k.getcwd(d), Ok("(unreachable)/".into()));
    k.mount(c, "proc", "/tmp/jail/proc", "proc", 0, "").unwrap();
    k.chroot(c, "/tmp/jail").unwrap();
    k.chdir(c, "/").unwrap();
    assert_eq!(k.getcwd(c), Ok("/".into()));
    assert!(
        k.read_file(c, "/proc/self/status")
            .unwrap()
            .starts_with("Name:\t")
    );
    let mi = k.read_file(c, "/proc/self/mountinfo").unwrap();
    assert_eq!(mi.lines().count(), 1, "{mi}");
    assert!(mi.contains(" / /proc rw,relatime - proc proc rw"), "{mi}");
    assert_eq!(
        k.read_file(c, "/proc/mounts"),
        Ok("proc /proc proc rw,relatime 0 0\n".into())
    );
    // Another reader sees the same mount at its full path.
    assert!(
        k.read_file(init, "/proc/2/mountinfo")
            .unwrap()
            .contains(" / /proc rw,relatime - proc proc rw")
    );
    assert!(k.check_invariants().is_ok());
}

/// unshare(2) CLONE_NEWNS and mount_namespaces(7): the new namespace gets
/// a copy of the caller's mount tree, and later mounts stay in it.
/// Checked on 6.18: after `unshare -m` and a tmpfs mount, the inner
/// mountinfo had one line more (23 vs 22) and the outer was unchanged.
/// The WorldView carries both tables.
#[test]
fn unshare_newns_copies_the_mount_tree() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k.fork(init).unwrap();
    let before = mountinfo_lines(&mut k, init);
    k.unshare(c, CloneFlags::NEWNS).unwrap();
    assert_eq!(mountinfo_lines(&mut k, c), before);
    k.mount(c, "tmpfs", "/mnt", "tmpfs", 0, "").unwrap();
    assert_eq!(mountinfo_lines(&mut k, c), before + 1);
    assert_eq!(mountinfo_lines(&mut k, init), before);
    let v = k.world_view();
    assert_eq!(v.mount_tables.len(), 2);
    assert_eq!(v.mount_tables[0].mounts.len(), before);
    let new = &v.mount_tables[1];
    assert_eq!(new.mounts.len(), before + 1);
    let m = new.mounts.last().unwrap();
    assert_eq!(
        (
            m.mount_point.as_str(),
            m.fs_type.as_str(),
            m.source.as_str()
        ),
        ("/mnt", "tmpfs", "tmpfs")
    );
    assert_eq!(new.mounts[0].mount_point, "/");
    // Its parent is the (hidden) rootfs copy, as init's "/" line on Linux
    // names a parent id no line shows.
    assert!(
        new.mounts
            .iter()
            .all(|m| m.mount_id != new.mounts[0].parent_id)
    );
    // mount ids of the copy are new ones.
    assert!(new.mounts[0].mount_id > v.mount_tables[0].mounts.last().unwrap().mount_id);
    assert!(k.check_invariants().is_ok());
}

/// setns(2): "changing the mount namespace … the caller's root directory
/// and current working directory are set to the root of the namespace".
/// Checked on 6.18 with perl: after `chroot .` into a directory, setns to
/// the namespace's own /proc/self/ns/mnt returned 0 and the cwd was "/"
/// with /tmp visible again.
#[test]
fn setns_into_a_mount_namespace_resets_root_and_cwd() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k.fork(init).unwrap();
    k.mkdir(c, "/tmp/jail", 0o755).unwrap();
    let fd = k.open_ns(c, "/proc/self/ns/mnt").unwrap();
    k.chdir(c, "/tmp/jail").unwrap();
    k.chroot(c, ".").unwrap();
    assert_eq!(k.stat(c, "/tmp").err(), Some(Errno::ENOENT));
    k.setns(c, &fd, CloneFlags::NEWNS).unwrap();
    k.close_ns(fd);
    assert_eq!(k.getcwd(c), Ok("/".into()));
    assert!(k.stat(c, "/tmp/jail").is_ok());
    assert!(k.check_invariants().is_ok());
}

/// pivot_root(2): "changes the root directory and the current working
/// directory of each process or thread in the same mount namespace to
/// new_root if they point to the old root directory"; others keep theirs.
/// Checked on 6.18: after `pivot_root . old`, a sleeper started before had
/// its root at the new "/" and its cwd at /old/tmp/wire-exp/w.
#[test]
fn pivot_root_moves_other_tasks_roots() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let sh = k.fork(init).unwrap();
    k.unshare(sh, CloneFlags::NEWNS).unwrap();
    k.mkdir(sh, "/tmp/new", 0o755).unwrap();
    k.mount(sh, "tmpfs", "/tmp/new", "tmpfs", 0, "").unwrap();
    k.mkdir(sh, "/tmp/new/old", 0o755).unwrap();
    let sleeper = k.fork(sh).unwrap();
    k.chdir(sleeper, "/tmp").unwrap();
    let rooted = k.fork(sh).unwrap(); // cwd and root at the old root
    k.chdir(sh, "/tmp/new").unwrap();
    k.pivot_root(sh, ".", "old").unwrap();
    assert_eq!(k.getcwd(sh), Ok("/".into()));
    assert_eq!(k.getcwd(sleeper), Ok("/old/tmp".into()));
    assert_eq!(k.getcwd(rooted), Ok("/".into()));
    assert!(k.stat(sleeper, "/old/etc/hostname").is_ok());
    assert!(k.stat(rooted, "/old/etc/hostname").is_ok());
    // The initial namespace is untouched.
    assert!(k.stat(init, "/tmp/new").is_ok());
    assert_eq!(k.stat(init, "/old").err(), Some(Errno::ENOENT));
    assert!(k.check_invariants().is_ok());
}

/// user_namespaces(7): uid_map is written through an open file; a write
/// on a descriptor opened read-only is EBADF (write(2); checked on 6.18:
/// errno 9), and the map then reads back.
#[test]
fn uid_map_writes_go_through_the_open_file() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k.kernel_clone(init, CloneFlags::NEWUSER).unwrap();
    let path = "/proc/2/uid_map";
    let ro = k.open(init, path, O_RDONLY, 0).unwrap();
    assert_eq!(k.write(init, ro, b"0 0 1\n"), Err(Errno::EBADF));
    let wr = k.open(init, path, O_WRONLY, 0).unwrap();
    assert_eq!(k.write(init, wr, b"0 1000 1\n"), Ok(9));
    // map_write(): only at offset 0 — a second write on the same fd is
    // EINVAL, on a new fd EPERM (the map is set). Checked on 6.18 with
    // python3 on /proc/PID/uid_map of `unshare --user sleep`: 22, then 1.
    assert_eq!(k.write(init, wr, b"1 1 1\n"), Err(Errno::EINVAL));
    let wr2 = k.open(init, path, O_WRONLY, 0).unwrap();
    assert_eq!(k.write(init, wr2, b"1 1 1\n"), Err(Errno::EPERM));
    k.close(init, wr2).unwrap();
    k.close(init, wr).unwrap();
    k.close(init, ro).unwrap();
    assert_eq!(
        k.read_file(c, "/proc/self/uid_map"),
        Ok("         0       1000          1\n".into())
    );
    assert!(k.check_invariants().is_ok());
}

/// stat(2) shows ids mapped into the caller's user namespace (the overflow
/// id 65534 when unmapped, user_namespaces(7)); chown(2) with an id that
/// has no mapping is EINVAL. Checked on 6.18 in `unshare --user`: stat
/// gave 65534 65534, os.chown(…, 5, 5) errno 22.
#[test]
fn stat_and_chown_use_the_callers_user_namespace() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let fd = k.open(init, "/tmp/f", O_WRONLY | O_CREAT, 0o644).unwrap();
    k.close(init, fd).unwrap();
    let c = k.kernel_clone(init, CloneFlags::NEWUSER).unwrap();
    let st = k.stat(c, "/tmp/f").unwrap();
    assert_eq!((st.uid, st.gid), (65534, 65534));
    assert_eq!(k.chown(c, "/tmp/f", 5, 5), Err(Errno::EINVAL));
    let st = k.stat(init, "/tmp/f").unwrap();
    assert_eq!((st.uid, st.gid), (0, 0));
}

/// umount(2): EBUSY while a file on the mount is open; MNT_DETACH detaches
/// it and the open file stays readable. Checked on 6.18 with a proc mount
/// and /…/self/status open: `umount` failed (busy), `umount -l` worked,
/// the fd still read "Name:".
#[test]
fn open_proc_file_keeps_the_mount_busy() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k.fork(init).unwrap();
    k.unshare(c, CloneFlags::NEWNS).unwrap();
    k.mount(c, "proc", "/mnt", "proc", 0, "").unwrap();
    let fd = k.open(c, "/mnt/self/status", O_RDONLY, 0).unwrap();
    assert_eq!(k.umount2(c, "/mnt", 0), Err(Errno::EBUSY));
    k.umount2(c, "/mnt", MNT_DETACH).unwrap();
    assert!(k.check_invariants().is_ok());
    let b = k.read(c, fd, 5).unwrap();
    assert_eq!(b, b"Name:");
    k.close(c, fd).unwrap();
    assert!(k.check_invariants().is_ok());
}

/// fork(2): the child gets copies of the descriptors, sharing the open
/// file descriptions and so their offsets (open(2)); execve(2) closes the
/// FD_CLOEXEC ones; exit closes the rest. Checked on 6.18 with python3: the
/// parent's offset was 5 after the child wrote "child".
#[test]
fn fds_are_inherited_shared_and_closed_on_exec() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let p = k.fork(init).unwrap();
    let fd = k.open(p, "/tmp/f2", O_RDWR | O_CREAT, 0o644).unwrap();
    let ce = k.open(p, "/etc/hostname", O_RDONLY | O_CLOEXEC, 0).unwrap();
    let c = k.fork(p).unwrap();
    assert_eq!(k.write(c, fd, b"child"), Ok(5));
    k.exit(c, 0).unwrap();
    assert_eq!(k.lseek(p, fd, 0, SEEK_CUR), Ok(5));
    k.execve(p, "/usr/bin/cat").unwrap();
    assert_eq!(k.read(p, ce, 1), Err(Errno::EBADF));
    assert_eq!(k.lseek(p, fd, 0, SEEK_CUR), Ok(5));
    assert_eq!(k.umask(p, 0o077), Ok(0o022));
    assert!(k.check_invariants().is_ok());
}

/// proc(5) /proc/PID/ns: reading a namespace link's file is EINVAL (nsfs
/// files have no read operation; checked on 6.18: os.read on
/// /proc/1/ns/pid → errno 22); readlink gives "type:[inode]".
#[test]
fn ns_links_are_magic() {
    let mut k = Kernel::new();
    let init = k.init_task();
    assert_eq!(k.read_file(init, "/proc/1/ns/pid"), Err(Errno::EINVAL));
    assert_eq!(
        k.readlink(init, "/proc/self/ns/pid"),
        Ok("pid:[4026531836]".into())
    );
    let st = k.lstat(init, "/proc/self").unwrap();
    assert_eq!(st.mode, 0o120777);
    let st = k.stat(init, "/proc/1/ns").unwrap();
    assert_eq!(st.mode, 0o40511); // checked on 6.18
    let st = k.stat(init, "/proc/1/uid_map").unwrap();
    assert_eq!(st.mode, 0o100644); // checked on 6.18
    let st = k.stat(init, "/proc/1/mountinfo").unwrap();
    assert_eq!(st.mode, 0o100444); // checked on 6.18
}

/// mount_namespaces(7): a mount namespace's mounts go with it when its
/// last process exits (`put_mnt_ns()` → `umount_tree()`, and each mount is
/// freed at its last reference): many short-lived `unshare -m` processes
/// leave the mount arena as it was; a cwd inside a dropped namespace keeps
/// just its mount alive until the process goes.
#[test]
fn dropped_mount_namespaces_free_their_mounts() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let base = k.vfs().nr_mounts();
    for _ in 0..50 {
        let c = k.fork(init).unwrap();
        k.unshare(c, CloneFlags::NEWNS).unwrap();
        k.mount(c, "tmpfs", "/mnt", "tmpfs", 0, "").unwrap();
        k.exit(c, 0).unwrap();
        k.wait4(init, -1, 0).unwrap();
    }
    assert_eq!(k.vfs().nr_mounts(), base);
    // A task whose cwd is in a namespace that is dropped under it (it
    // setns'd away keeping an fd open on a file there).
    let c = k.fork(init).unwrap();
    k.unshare(c, CloneFlags::NEWNS).unwrap();
    k.mount(c, "tmpfs", "/mnt", "tmpfs", 0, "").unwrap();
    let fd = k.open(c, "/mnt/f", O_RDWR | O_CREAT, 0o644).unwrap();
    let ns = k.open_ns(init, "/proc/1/ns/mnt").unwrap();
    k.setns(c, &ns, CloneFlags::NEWNS).unwrap();
    k.close_ns(ns);
    assert!(k.check_invariants().is_ok());
    assert_eq!(
        k.vfs().nr_mounts(),
        base + 1,
        "the open file keeps its tmpfs"
    );
    assert_eq!(k.write(c, fd, b"x"), Ok(1));
    k.close(c, fd).unwrap();
    assert_eq!(k.vfs().nr_mounts(), base);
    assert!(k.check_invariants().is_ok());
}
