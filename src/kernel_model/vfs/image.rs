//! The initial root filesystem: a small, fixed, Debian-like tree (merged
//! /usr, as Debian 12 on this machine: /bin → usr/bin), with the memory
//! devices in /dev and the /etc files lessons read.

use super::image_bin::{BIN_ENTRIES, BinEntry};
use super::inode::{CharDev, DevT, FsKind, InodeData, Timespec};
use super::{Ctx, DentryId, FilesStruct, FsStruct, MS_NODEV, MS_NOEXEC, MS_NOSUID, PseudoFs, Vfs};
use super::{S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use crate::kernel_model::errno::SysResult;
use crate::kernel_model::ns_common::NsId;

/// What the root filesystem looks like and how it is shown in mountinfo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootImage {
    /// Type name shown in mountinfo (the model keeps tmpfs rules).
    pub fstype: String,
    /// Source shown in mountinfo.
    pub source: String,
    /// The root's super block options after `rw` in mountinfo.
    pub options: String,
    pub dev: DevT,
    /// /etc/hostname (without newline).
    pub hostname: String,
    /// Mount proc on /proc and sysfs on /sys (nosuid,nodev,noexec, as
    /// systemd and container runtimes do), and devpts on /dev/pts.
    pub mount_proc_sys: bool,
    /// Mount the sandbox's world (tmpfs on /tmp, /root, /dev…) instead of
    /// just proc, sysfs and devpts.
    pub sandbox_world: bool,
    /// Where the mount id allocator starts (the kernel has used some at
    /// boot) and the first anonymous device minor.
    pub first_mnt_id: u32,
    pub first_anon_minor: u32,
}

/// A plain image for the VFS's own tests: ext4 on /dev/vda (254:0, as
/// this machine's root), proc on /proc, sysfs on /sys, devpts on
/// /dev/pts.
pub fn default_root_image() -> RootImage {
    RootImage {
        fstype: "ext4".into(),
        source: "/dev/vda".into(),
        options: String::new(),
        dev: DevT::new(254, 0),
        hostname: "ctlab".into(),
        mount_proc_sys: true,
        sandbox_world: false,
        first_mnt_id: 1,
        first_anon_minor: 21,
    }
}

/// The image the kernel boots: the native sandbox's world
/// (native/src/sandbox/rootfs.rs): an overlay over the host's root with
/// its upper and work dirs on a tmpfs outside the sandbox, shown in
/// mountinfo as on Linux 6.18, then the sandbox's mounts
/// (`Vfs::mount_sandbox_world`). The device number stays the host root's
/// (254:0). The model does not implement overlay semantics for the root:
/// its files are the image's.
pub fn sandbox_root_image() -> RootImage {
    RootImage {
        fstype: "overlay".into(),
        source: "overlay".into(),
        options: ",lowerdir=/,upperdir=/tmp/upper,workdir=/tmp/work,uuid=on".into(),
        sandbox_world: true,
        ..default_root_image()
    }
}

const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\n\
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
/// Debian's base group file has tty (5), the group of /dev/pts/N.
const GROUP: &str = "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n";
const OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n\
NAME=\"Debian GNU/Linux\"\n\
VERSION_ID=\"12\"\n\
VERSION=\"12 (bookworm)\"\n\
VERSION_CODENAME=bookworm\n\
ID=debian\n\
HOME_URL=\"https://www.debian.org/\"\n\
SUPPORT_URL=\"https://www.debian.org/support\"\n\
BUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

impl Vfs {
    /// The mounts of the sandbox's world, in its order (mountinfo as read
    /// in the sandbox, native/tests/sandbox.rs): tmpfs on /tmp, /root and
    /// /dev (with the container's device nodes and links), devpts on
    /// /dev/pts, tmpfs on /dev/shm, proc with /proc/sys bound read-only,
    /// and sysfs read-only, as Docker mounts them (the last two by
    /// `Kernel::mount_late_world`).
    fn mount_sandbox_world(
        &mut self,
        ns: NsId,
        fs: &FsStruct,
        now: Timespec,
        pseudo: &dyn PseudoFs,
    ) -> SysResult<()> {
        let mut ctx = Ctx::root(ns, now);
        ctx.pseudo = pseudo;
        let files = FilesStruct::new();
        let nsnd = MS_NOSUID | MS_NODEV;
        let nsndne = nsnd | MS_NOEXEC;
        self.mount(
            &ctx,
            fs,
            &files,
            "tmpfs",
            "/tmp",
            "tmpfs",
            nsnd,
            "mode=1777",
        )?;
        self.mount(&ctx, fs, &files, "tmpfs", "/root", "tmpfs", 0, "mode=700")?;
        self.mount(
            &ctx, fs, &files, "tmpfs", "/dev", "tmpfs", MS_NOSUID, "mode=755",
        )?;
        let dev = self.newest_mount_root(ns);
        let link = |t: &str| InodeData::Symlink(t.to_owned());
        self.add_char_devs(dev, now);
        self.img_add(dev, "fd", S_IFLNK | 0o777, link("/proc/self/fd"), now);
        self.img_add(dev, "ptmx", S_IFLNK | 0o777, link("pts/ptmx"), now);
        self.img_add(dev, "pts", S_IFDIR | 0o755, InodeData::Dir, now);
        self.img_add(dev, "shm", S_IFDIR | 0o755, InodeData::Dir, now);
        for (i, n) in ["stdin", "stdout", "stderr"].iter().enumerate() {
            self.img_add(
                dev,
                n,
                S_IFLNK | 0o777,
                link(&format!("/proc/self/fd/{i}")),
                now,
            );
        }
        // Docker's devpts line: rw,nosuid,noexec,relatime with
        // gid=5,mode=620,ptmxmode=666.
        let opts = "gid=5,mode=620,ptmxmode=666";
        self.mount(
            &ctx,
            fs,
            &files,
            "devpts",
            "/dev/pts",
            "devpts",
            MS_NOSUID | MS_NOEXEC,
            opts,
        )?;
        self.mount(
            &ctx,
            fs,
            &files,
            "tmpfs",
            "/dev/shm",
            "tmpfs",
            nsnd,
            "mode=1777",
        )?;
        self.mount(&ctx, fs, &files, "proc", "/proc", "proc", nsndne, "")?;
        // /proc/sys (a bind of proc's own directory, which only the
        // running kernel's procfs can look up) and /sys follow once PID 1
        // exists: `Kernel::mount_late_world`.
        Ok(())
    }

    /// The character devices the model has, 0666 as in every container.
    fn add_char_devs(&mut self, dev: DentryId, now: Timespec) {
        for (n, c) in [
            ("full", CharDev::Full),
            ("null", CharDev::Null),
            ("tty", CharDev::Tty),
            ("zero", CharDev::Zero),
        ] {
            self.img_add(dev, n, S_IFCHR | 0o666, InodeData::CharDev(c), now);
        }
    }

    /// The root dentry of the namespace's most recent mount.
    fn newest_mount_root(&self, ns: NsId) -> DentryId {
        let id = *self.namespaces[&ns].mounts.last().expect("mounted");
        self.mnt(id).root
    }

    fn img_add(
        &mut self,
        parent: DentryId,
        name: &str,
        mode: u32,
        data: InodeData,
        now: Timespec,
    ) -> DentryId {
        let sb = self.dentry(parent).sb;
        let ino = self.new_inode(sb, mode, 0, 0, now, data);
        if mode & S_IFMT == S_IFDIR {
            let pi = self.dentry(parent).inode;
            self.inode_mut(pi).nlink += 1;
        }
        self.d_add(parent, name, ino)
    }

    /// Boots a VFS: the root image as the root mount of mount namespace
    /// `ns`, and (if the image says so) proc on /proc and sysfs on /sys,
    /// mounted through `pseudo`. Returns the VFS and init's fs_struct.
    pub fn boot(
        image: &RootImage,
        ns: NsId,
        now: Timespec,
        pseudo: &dyn PseudoFs,
    ) -> SysResult<(Vfs, FsStruct)> {
        let mut v = Vfs::new(image.first_mnt_id, image.first_anon_minor);
        let sb = v.new_super(FsKind::Memory, &image.fstype, image.dev, 0o755, 0, 0, now);
        let r = v.super_block(sb).root;
        let dir = |m: u32| S_IFDIR | m;
        let link = |t: &str| InodeData::Symlink(t.to_owned());
        let file = |s: &str| InodeData::Regular(s.as_bytes().to_vec());
        v.img_add(r, "bin", S_IFLNK | 0o777, link("usr/bin"), now);
        v.img_add(r, "boot", dir(0o755), InodeData::Dir, now);
        let dev = v.img_add(r, "dev", dir(0o755), InodeData::Dir, now);
        v.add_char_devs(dev, now);
        // As in a container: /dev/ptmx → pts/ptmx, devpts on /dev/pts.
        v.img_add(dev, "ptmx", S_IFLNK | 0o777, link("pts/ptmx"), now);
        v.img_add(dev, "pts", dir(0o755), InodeData::Dir, now);
        let etc = v.img_add(r, "etc", dir(0o755), InodeData::Dir, now);
        v.img_add(etc, "group", S_IFREG | 0o644, file(GROUP), now);
        v.img_add(
            etc,
            "hostname",
            S_IFREG | 0o644,
            file(&format!("{}\n", image.hostname)),
            now,
        );
        v.img_add(
            etc,
            "os-release",
            S_IFLNK | 0o777,
            link("../usr/lib/os-release"),
            now,
        );
        v.img_add(etc, "passwd", S_IFREG | 0o644, file(PASSWD), now);
        v.img_add(r, "home", dir(0o755), InodeData::Dir, now);
        v.img_add(r, "lib", S_IFLNK | 0o777, link("usr/lib"), now);
        v.img_add(r, "lib64", S_IFLNK | 0o777, link("usr/lib64"), now);
        v.img_add(r, "mnt", dir(0o755), InodeData::Dir, now);
        v.img_add(r, "opt", dir(0o755), InodeData::Dir, now);
        v.img_add(r, "proc", dir(0o555), InodeData::Dir, now);
        v.img_add(r, "root", dir(0o700), InodeData::Dir, now);
        v.img_add(r, "run", dir(0o755), InodeData::Dir, now);
        v.img_add(r, "sbin", S_IFLNK | 0o777, link("usr/sbin"), now);
        v.img_add(r, "srv", dir(0o755), InodeData::Dir, now);
        v.img_add(r, "sys", dir(0o555), InodeData::Dir, now);
        v.img_add(r, "tmp", dir(0o1777), InodeData::Dir, now);
        let usr = v.img_add(r, "usr", dir(0o755), InodeData::Dir, now);
        let bin = v.img_add(usr, "bin", dir(0o755), InodeData::Dir, now);
        let lib = v.img_add(usr, "lib", dir(0o755), InodeData::Dir, now);
        v.img_add(lib, "os-release", S_IFREG | 0o644, file(OS_RELEASE), now);
        v.img_add(usr, "lib64", dir(0o755), InodeData::Dir, now);
        v.img_add(usr, "local", dir(0o755), InodeData::Dir, now);
        let sbin = v.img_add(usr, "sbin", dir(0o755), InodeData::Dir, now);
        for e in BIN_ENTRIES {
            let (path, mode, data) = match *e {
                BinEntry::File(p, m) => (p, S_IFREG | m, InodeData::Regular(Vec::new())),
                BinEntry::Link(p, t) => (p, S_IFLNK | 0o777, link(t)),
            };
            let (parent, name) = match (
                path.strip_prefix("/usr/bin/"),
                path.strip_prefix("/usr/sbin/"),
            ) {
                (Some(n), _) => (bin, n),
                (_, Some(n)) => (sbin, n),
                _ => unreachable!("programs live in /usr/bin and /usr/sbin"),
            };
            v.img_add(parent, name, mode, data, now);
        }
        // The program of PID 1 ("init"): Debian's container image has
        // none, the model's world runs one.
        let exe = InodeData::Regular(Vec::new());
        v.img_add(sbin, "init", S_IFREG | 0o755, exe, now);
        v.img_add(usr, "share", dir(0o755), InodeData::Dir, now);
        let var = v.img_add(r, "var", dir(0o755), InodeData::Dir, now);
        for n in ["cache", "lib", "log"] {
            v.img_add(var, n, dir(0o755), InodeData::Dir, now);
        }
        v.img_add(var, "tmp", dir(0o1777), InodeData::Dir, now);
        let root = v.create_mnt_ns(ns, sb, &image.source, now);
        let mut fs = v.fs_struct_init(root);
        v.supers.get_mut(&sb).expect("root sb").options = image.options.clone();
        if image.mount_proc_sys && image.sandbox_world {
            v.mount_sandbox_world(ns, &fs, now, pseudo)?;
            let mut ctx = Ctx::root(ns, now);
            ctx.pseudo = pseudo;
            v.chdir(&ctx, &mut fs, &FilesStruct::new(), "/")?;
        } else if image.mount_proc_sys {
            let mut ctx = Ctx::root(ns, now);
            ctx.pseudo = pseudo;
            let files = FilesStruct::new();
            let fl = MS_NOSUID | MS_NODEV | MS_NOEXEC;
            v.mount(&ctx, &fs, &files, "proc", "/proc", "proc", fl, "")?;
            v.mount(&ctx, &fs, &files, "sysfs", "/sys", "sysfs", fl, "")?;
            let opts = "gid=5,mode=620,ptmxmode=666";
            v.mount(
                &ctx,
                &fs,
                &files,
                "devpts",
                "/dev/pts",
                "devpts",
                MS_NOSUID | MS_NOEXEC,
                opts,
            )?;
            v.chdir(&ctx, &mut fs, &files, "/")?;
        }
        Ok((v, fs))
    }
}
