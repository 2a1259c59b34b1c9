//! Unit tests of the VFS internals and of the pseudo-filesystem hook.

use super::*;
use crate::kernel_model::errno::{Errno, SysResult};

const NS: NsId = NsId(4026531832);

/// A toy /proc: "self" → the reader's pid, one directory per pid with
/// "status" and "mountinfo".
struct ToyProc {
    pids: Vec<u32>,
    me: u32,
    root: Path,
}

impl PseudoFs for ToyProc {
    fn instance(&self, kind: PseudoKind) -> SysResult<u64> {
        Ok(if kind == PseudoKind::Proc { 7 } else { 8 })
    }
    fn lookup(&self, kind: PseudoKind, instance: u64, dir: &str, name: &str) -> Option<PseudoNode> {
        self.readdir(kind, instance, dir)
            .into_iter()
            .find(|n| n.name == name)
    }
    fn readdir(&self, kind: PseudoKind, instance: u64, dir: &str) -> Vec<PseudoNode> {
        assert_eq!((kind, instance), (PseudoKind::Proc, 7));
        let node = |name: &str, mode: u32, ino: u64| PseudoNode {
            name: name.into(),
            mode,
            uid: 0,
            gid: 0,
            ino,
        };
        if dir == "/" {
            let mut v: Vec<PseudoNode> = self
                .pids
                .iter()
                .map(|p| node(&p.to_string(), S_IFDIR | 0o555, 1000 + u64::from(*p)))
                .collect();
            v.push(node("self", S_IFLNK | 0o777, 3));
            v
        } else if self.pids.iter().any(|p| dir == format!("/{p}")) {
            vec![
                node("status", S_IFREG | 0o444, 50),
                node("mountinfo", S_IFREG | 0o444, 51),
            ]
        } else {
            Vec::new()
        }
    }
    fn read(&self, _: PseudoKind, _: u64, path: &str) -> SysResult<PseudoContent> {
        if path.ends_with("/mountinfo") {
            return Ok(PseudoContent::Mountinfo {
                ns: NS,
                root: self.root,
            });
        }
        Ok(PseudoContent::Bytes(
            format!("Name:\ttoy\npath:\t{path}\n").into_bytes(),
        ))
    }
    fn readlink(&self, _: PseudoKind, _: u64, path: &str) -> SysResult<String> {
        assert_eq!(path, "/self");
        Ok(self.me.to_string())
    }
}

#[test]
fn vfs_proc_hook_lookup_read_readlink_revalidate() {
    let t = Timespec::default();
    let mut toy = ToyProc {
        pids: vec![1, 2],
        me: 2,
        root: Path {
            mnt: MountId(0),
            dentry: DentryId(0),
        },
    };
    let (mut v, fs) = Vfs::boot(&default_root_image(), NS, t, &toy).unwrap();
    toy.root = fs.root;
    let mut files = FilesStruct::new();
    let mut ctx = Ctx::root(NS, t);
    ctx.pseudo = &toy;
    let fd = v
        .openat(
            &ctx,
            &fs,
            &mut files,
            AT_FDCWD,
            "/proc/self/status",
            O_RDONLY,
            0,
        )
        .unwrap();
    assert_eq!(
        v.read(&ctx, &files, fd, 100).unwrap(),
        b"Name:\ttoy\npath:\t/2/status\n"
    );
    assert_eq!(
        v.readlinkat(&ctx, &fs, &files, AT_FDCWD, "/proc/self")
            .unwrap(),
        "2"
    );
    let st = v
        .fstatat(&ctx, &fs, &files, AT_FDCWD, "/proc/1", 0)
        .unwrap();
    assert_eq!((st.mode, st.ino), (S_IFDIR | 0o555, 1001));
    let d = v
        .openat(
            &ctx,
            &fs,
            &mut files,
            AT_FDCWD,
            "/proc",
            O_RDONLY | O_DIRECTORY,
            0,
        )
        .unwrap();
    let names: Vec<String> = v
        .getdents(&ctx, &fs, &files, d)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, [".", "..", "1", "2", "self"]);
    let mi = v
        .openat(
            &ctx,
            &fs,
            &mut files,
            AT_FDCWD,
            "/proc/1/mountinfo",
            O_RDONLY,
            0,
        )
        .unwrap();
    let text = String::from_utf8(v.read(&ctx, &files, mi, 4096).unwrap()).unwrap();
    assert_eq!(
        text,
        "2 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n\
         3 2 0:21 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n\
         4 2 0:22 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n\
         5 2 0:23 / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666\n"
    );
    // writes are left to the Kernel
    assert_eq!(
        v.file_pseudo_node(&files, mi),
        Some((PseudoKind::Proc, 7, "/1/mountinfo".into()))
    );
    assert_eq!(
        v.openat(
            &ctx,
            &fs,
            &mut files,
            AT_FDCWD,
            "/proc/new",
            O_CREAT | O_WRONLY,
            0o644
        ),
        Err(Errno::ENOENT)
    );
    // proc (checked on 6.18): create is ENOENT, remove EPERM, write EINVAL
    assert_eq!(
        v.mkdirat(&ctx, &fs, &files, AT_FDCWD, "/proc/x", 0o755),
        Err(Errno::ENOENT)
    );
    assert_eq!(
        v.rmdir(&ctx, &fs, &files, AT_FDCWD, "/proc/1"),
        Err(Errno::EPERM)
    );
    assert_eq!(
        v.unlinkat(&ctx, &fs, &files, AT_FDCWD, "/proc/1/status", 0),
        Err(Errno::EPERM)
    );
    assert_eq!(
        v.readlinkat(&ctx, &fs, &files, AT_FDCWD, "/proc/1/status"),
        Err(Errno::EINVAL)
    );
    let w = v
        .openat(
            &ctx,
            &fs,
            &mut files,
            AT_FDCWD,
            "/proc/1/status",
            O_WRONLY,
            0,
        )
        .unwrap();
    assert_eq!(v.write(&ctx, &files, w, b"x"), Err(Errno::EINVAL));
    v.close(&mut files, w).unwrap();
    // pid 2 exits: its cached dentry is dropped at the next lookup
    toy.pids = vec![1];
    toy.me = 1;
    let mut ctx2 = Ctx::root(NS, t);
    ctx2.pseudo = &toy;
    assert_eq!(
        v.fstatat(&ctx2, &fs, &files, AT_FDCWD, "/proc/2", 0)
            .map(|_| ()),
        Err(Errno::ENOENT)
    );
    assert_eq!(
        v.readlinkat(&ctx2, &fs, &files, AT_FDCWD, "/proc/self")
            .unwrap(),
        "1"
    );
    // the open file of the gone process still reads (as a stale proc fd
    // would give ESRCH in Linux; the provider decides)
    assert!(v.read(&ctx2, &files, fd, 10).is_ok());
    v.check_invariants(&[&fs], &[&files]).unwrap();
    // sysfs shares its super block per instance; proc does not
    let files0 = FilesStruct::new();
    v.mkdirat(&ctx2, &fs, &files0, AT_FDCWD, "/mnt/p", 0o755)
        .unwrap();
    v.mkdirat(&ctx2, &fs, &files0, AT_FDCWD, "/mnt/s", 0o755)
        .unwrap();
    v.mount(&ctx2, &fs, &files0, "proc", "/mnt/p", "proc", 0, "")
        .unwrap();
    v.mount(&ctx2, &fs, &files0, "sysfs", "/mnt/s", "sysfs", 0, "")
        .unwrap();
    let mi = v.render_mountinfo(NS, fs.root);
    assert!(mi.ends_with("6 2 0:24 / /mnt/p rw,relatime - proc proc rw\n7 2 0:22 / /mnt/s rw,relatime - sysfs sysfs rw\n"), "{mi}");
}

#[test]
fn vfs_ida_lowest_free() {
    let mut ida = Ida::new(1);
    assert_eq!((ida.alloc(), ida.alloc(), ida.alloc()), (1, 2, 3));
    ida.free(2);
    ida.free(3);
    assert_eq!(ida.alloc(), 2);
    ida.free(1);
    assert_eq!((ida.alloc(), ida.alloc()), (1, 3));
}

#[test]
fn vfs_unlinked_open_file_and_getcwd_of_detached_mount() {
    let t = Timespec::default();
    let (mut v, mut fs) = Vfs::boot(&default_root_image(), NS, t, &NoPseudoFs).unwrap();
    let ctx = Ctx::root(NS, t);
    let mut files = FilesStruct::new();
    v.mount(&ctx, &fs, &files, "tmpfs", "/mnt", "tmpfs", 0, "")
        .unwrap();
    v.mkdirat(&ctx, &fs, &files, AT_FDCWD, "/mnt/d", 0o755)
        .unwrap();
    v.chdir(&ctx, &mut fs, &files, "/mnt/d").unwrap();
    let fd = v
        .openat(
            &ctx,
            &fs,
            &mut files,
            AT_FDCWD,
            "f",
            O_RDWR | O_CREAT,
            0o600,
        )
        .unwrap();
    v.write(&ctx, &files, fd, b"data").unwrap();
    assert_eq!(v.umount2(&ctx, &fs, &files, "/mnt", 0), Err(Errno::EBUSY));
    v.umount2(&ctx, &fs, &files, "/mnt", MNT_DETACH).unwrap();
    // the cwd lives on in the detached tree
    assert_eq!(v.getcwd(&fs).unwrap(), "(unreachable)/d");
    v.unlinkat(&ctx, &fs, &files, AT_FDCWD, "f", 0).unwrap();
    v.lseek(&files, fd, 0, SEEK_SET).unwrap();
    assert_eq!(v.read(&ctx, &files, fd, 10).unwrap(), b"data");
    assert_eq!(v.fstat(&files, fd).unwrap().nlink, 0);
    v.check_invariants(&[&fs], &[&files]).unwrap();
    // the device number is reused once nothing refers to the detached mount
    v.chdir(&ctx, &mut fs, &files, "/").unwrap();
    v.close(&mut files, fd).unwrap();
    v.mount(&ctx, &fs, &files, "tmpfs", "/mnt", "tmpfs", 0, "")
        .unwrap();
    assert_eq!(
        v.fstatat(&ctx, &fs, &files, AT_FDCWD, "/mnt", 0)
            .unwrap()
            .dev,
        DevT::new(0, 24)
    );
}
