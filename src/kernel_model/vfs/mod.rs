//! The virtual filesystem: inodes, dentries, super blocks, mounts and mount
//! trees, the path walk, open files and file descriptor tables — built with
//! the kernel's names (fs/namei.c, fs/namespace.c, fs/open.c,
//! fs/libfs.c, mm/shmem.c) so that each rule can be traced to its source.
//!
//! The [`Vfs`] is one value that owns every object (arenas keyed by ordered
//! ids, like the kernel's slabs): inodes, dentries, super blocks, mounts,
//! open file descriptions, and one [`MountTree`] per mount namespace (keyed
//! by the namespace's [`NsId`]). A task's view is held outside, by the
//! caller: an [`FsStruct`] (root and cwd, fs_struct) and a [`FilesStruct`]
//! (the fd table, files_struct). Every syscall is a method taking the
//! caller's context [`Ctx`] (credentials, the "capable over this inode"
//! predicate, the umask, the virtual time, the pseudo-filesystem provider)
//! and returns `SysResult<_>` with the errno Linux returns.
//!
//! Sources are cited beside each rule: open(2), mkdir(2), rmdir(2),
//! unlink(2), rename(2), link(2), symlink(2), readlink(2), stat(2),
//! chmod(2), chown(2), chdir(2), chroot(2), getcwd(3), getdents(2),
//! lseek(2), dup(2), mount(2), umount(2), path_resolution(7), proc(5), and
//! the Linux 6.18 sources. Behaviours marked "checked on 6.18" were observed
//! on this machine's kernel (python3 `os` errnos, `stat`, mountinfo inside
//! `unshare --mount`), see tests/kernel_model_vfs.rs.
//!
//! # API in short
//!
//! - Boot: [`Vfs::boot`]`(&`[`default_root_image`]`(), init_mnt_ns, now,
//!   provider)` → (`Vfs`, init's `FsStruct`): a hidden rootfs, the Debian-like
//!   root image on "/", proc on /proc and sysfs on /sys.
//! - Per task: [`FsStruct`] (`fs_struct_init`, `copy_fs_struct`,
//!   `put_fs_struct`) and [`FilesStruct`] (`FilesStruct::new`, `dup_files`,
//!   `put_files`, `close_on_exec`). These hold references (mount busy
//!   counts, open file counts), so copy and drop them only through `Vfs`.
//! - Syscalls (all `&mut self, ctx: &Ctx, …`): `openat`, `read`, `write`,
//!   `lseek`, `close`, `dup`, `dup2`, `dup3`, `set_cloexec`, `getdents`,
//!   `fstat`, `fstatat`, `mkdirat`, `rmdir`, `unlinkat`, `renameat`,
//!   `linkat`, `symlinkat`, `readlinkat`, `fchmodat`, `fchmod`, `fchownat`,
//!   `faccessat`, `utimensat`, `chdir`, `fchdir`, `chroot`, `getcwd`,
//!   `mount`, `umount2`, `pivot_root` (+ `chroot_fs_refs`).
//! - Mount namespaces: `copy_mnt_ns(old, new, less_privileged)` → a
//!   [`MountMap`] old → new, `translate_fs(&mut fs, &map)`, `drop_mnt_ns`,
//!   `ns_root` (for setns), `mount_tree`, `render_mountinfo`,
//!   `render_mounts`, `d_path`.
//! - /proc and /sys: the Kernel implements [`PseudoFs`] and passes it in
//!   `Ctx::pseudo`; `file_pseudo_node(fd)` tells it which /proc file an fd
//!   has open, for writes it implements itself.
//! - `check_invariants(fs_structs, fd_tables)` for tests.
//!
//! # Wiring into the Kernel
//!
//! Done in `kernel_model` (see file_sys.rs): `Kernel` owns one `Vfs`; each
//! task holds its `FsStruct` (`Option`, gone at exit) and `FilesStruct`.
//! `Kernel::with_vfs` takes the VFS and the caller's fd table out of the
//! Kernel for the call, so that the proc provider (`procfs::ProcFs`, the
//! Kernel seen by the reader) can read everything else, and builds the
//! `Ctx` from the caller's `Cred` (`owner_mapped` = kuid and kgid both
//! mapped in `cred.user_ns`, `mnt_admin` = CAP_SYS_ADMIN over the owner of
//! its mount namespace). fork copies (`copy_fs_struct`, `dup_files`), exit
//! puts, execve runs `close_on_exec`; clone/unshare(CLONE_NEWNS) run
//! `copy_mnt_ns` and `translate_fs`, the namespace's last `put_ns` runs
//! `drop_mnt_ns`, setns(mnt) resets root and cwd to `ns_root`, pivot_root
//! applies `chroot_fs_refs` to every task. Live proc super blocks hold a
//! reference on their PID namespace (`Kernel::sync_proc_refs`).

//! Simplifications (each named where it applies):
//! - Inodes, dentries and super blocks are never freed: an unlinked inode
//!   stays in its arena (unreachable), which is what an open file or a cwd
//!   inside it needs. Detached mounts are freed at their last reference
//!   (so creating and dropping mount namespaces does not grow the arena).
//! - Mount propagation types are stored and rendered (`shared:N`,
//!   `master:N`, `unbindable`), but mount events are not propagated.
//! - Every in-memory filesystem (tmpfs and the root image) behaves as tmpfs
//!   does (directory sizes, block counts, inode numbers from 1, readdir
//!   order) — the "ext4" root image too.
//! - getdents returns a whole directory in one call; no atime updates
//!   (relatime); no file size limits, no ENOSPC on tmpfs, no xattrs/ACLs,
//!   no O_PATH, no mknod, no truncate(2).
//! - Superblock remounts (MS_REMOUNT without MS_BIND) need only
//!   `Ctx::mnt_admin` (Linux also wants CAP_SYS_ADMIN over the super
//!   block's user namespace); tmpfs options kept: size, nr_inodes, mode.
//! - Errnos missing from `Errno` (owned by the namespaces code) are not
//!   produced: ESPIPE, ENXIO (/dev/tty without a terminal reads as
//!   /dev/null here), EMLINK, EFBIG.

mod devpts;
mod file;
mod image;
mod image_bin;
mod inode;
mod invariants;
mod mount;
mod namei;
mod ops;
mod pipe;
mod pseudo;
#[cfg(test)]
mod tests;

pub use file::{DirEntry, File, FilesStruct, FsStruct, NR_OPEN};
pub use image::{RootImage, default_root_image, sandbox_root_image};
pub use inode::{CharDev, Dentry, DevT, FsKind, Inode, InodeData, Stat, SuperBlock, Timespec};
pub use mount::{Atime, MntLocks, Mount, MountMap, MountTree, Propagation};
pub use namei::MAY_EXEC;
pub use pseudo::{FD_LINK_MARK, NoPseudoFs, PseudoContent, PseudoFs, PseudoKind, PseudoNode};

use std::collections::{BTreeMap, BTreeSet};

use super::capability::{CapSet, Capability};
use super::cred::{Kgid, Kuid};
use super::ns_common::NsId;

/// Handle of an inode in [`Vfs`] (never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InodeId(pub u64);
/// Handle of a dentry (never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DentryId(pub u64);
/// Handle of a super block (never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SbId(pub u64);
/// Handle of a mount: the kernel's `mnt_id_unique` (a 64-bit counter, never
/// reused; mount namespaces list mounts in this order since Linux 6.8). The
/// number shown in mountinfo is [`Mount::mnt_id`], which *is* reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MountId(pub u64);
/// Handle of an open file description (never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u64);

/// `struct path`: a dentry as seen through a mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path {
    pub mnt: MountId,
    pub dentry: DentryId,
}

// Capabilities used here that capability.rs does not name (capability.h).
pub const CAP_DAC_READ_SEARCH: Capability = 2;
pub const CAP_FOWNER: Capability = 3;
pub const CAP_FSETID: Capability = 4;
pub const CAP_MKNOD: Capability = 27;

/// File type bits of `st_mode` (inode(7)).
pub const S_IFMT: u32 = 0o170000;
pub const S_IFSOCK: u32 = 0o140000;
pub const S_IFLNK: u32 = 0o120000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFBLK: u32 = 0o060000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFCHR: u32 = 0o020000;
pub const S_IFIFO: u32 = 0o010000;
pub const S_ISUID: u32 = 0o4000;
pub const S_ISGID: u32 = 0o2000;
pub const S_ISVTX: u32 = 0o1000;
pub const S_IALLUGO: u32 = 0o7777;

/// open(2) flags (x86-64 / asm-generic values).
pub const O_ACCMODE: u32 = 0o3;
pub const O_RDONLY: u32 = 0;
pub const O_WRONLY: u32 = 0o1;
pub const O_RDWR: u32 = 0o2;
pub const O_CREAT: u32 = 0o100;
pub const O_EXCL: u32 = 0o200;
pub const O_NOCTTY: u32 = 0o400;
pub const O_TRUNC: u32 = 0o1000;
pub const O_APPEND: u32 = 0o2000;
pub const O_NONBLOCK: u32 = 0o4000;
pub const O_DIRECTORY: u32 = 0o200000;
pub const O_NOFOLLOW: u32 = 0o400000;
pub const O_CLOEXEC: u32 = 0o2000000;

/// The `dirfd` meaning "the current working directory" (openat(2)).
pub const AT_FDCWD: i32 = -100;
pub const AT_SYMLINK_NOFOLLOW: u32 = 0x100;
pub const AT_REMOVEDIR: u32 = 0x200;
pub const AT_SYMLINK_FOLLOW: u32 = 0x400;

/// lseek(2) whence.
pub const SEEK_SET: u32 = 0;
pub const SEEK_CUR: u32 = 1;
pub const SEEK_END: u32 = 2;

/// mount(2) flags (include/uapi/linux/mount.h).
pub const MS_RDONLY: u64 = 1;
pub const MS_NOSUID: u64 = 2;
pub const MS_NODEV: u64 = 4;
pub const MS_NOEXEC: u64 = 8;
pub const MS_REMOUNT: u64 = 32;
pub const MS_NOATIME: u64 = 1024;
pub const MS_BIND: u64 = 4096;
pub const MS_MOVE: u64 = 8192;
pub const MS_REC: u64 = 16384;
pub const MS_SILENT: u64 = 32768;
pub const MS_UNBINDABLE: u64 = 1 << 17;
pub const MS_PRIVATE: u64 = 1 << 18;
pub const MS_SLAVE: u64 = 1 << 19;
pub const MS_SHARED: u64 = 1 << 20;
pub const MS_RELATIME: u64 = 1 << 21;
pub const MS_STRICTATIME: u64 = 1 << 24;
/// umount2(2) flags.
pub const MNT_FORCE: u32 = 1;
pub const MNT_DETACH: u32 = 2;
pub const MNT_EXPIRE: u32 = 4;
pub const UMOUNT_NOFOLLOW: u32 = 8;

/// PATH_MAX and NAME_MAX (include/uapi/linux/limits.h).
pub const PATH_MAX: usize = 4096;
pub const NAME_MAX: usize = 255;
/// MAXSYMLINKS (include/linux/namei.h): the 41st link in one walk → ELOOP.
pub const MAXSYMLINKS: u32 = 40;

/// The caller's context for one VFS call: the parts of `struct cred` the
/// VFS reads, plus what the kernel would find through `current`.
///
/// Capabilities: Linux honours CAP_DAC_OVERRIDE and friends on an inode only
/// if the caller has the capability in its user namespace *and* the inode's
/// uid and gid are mapped there (`capable_wrt_inode_uidgid()`,
/// capabilities(7)); that mapping test is `owner_mapped`, supplied by the
/// Kernel, which owns the user namespaces.
pub struct Ctx<'a> {
    pub fsuid: Kuid,
    pub fsgid: Kgid,
    /// Supplementary groups.
    pub groups: &'a [Kgid],
    /// Effective capabilities, valid in the caller's user namespace.
    pub cap_effective: CapSet,
    /// Whether an inode owned by (uid, gid) is mapped in the caller's user
    /// namespace (`privileged_wrt_inode_uidgid()`).
    pub owner_mapped: &'a dyn Fn(Kuid, Kgid) -> bool,
    /// CAP_SYS_ADMIN in the user namespace owning the caller's mount
    /// namespace (`may_mount()`, mount(2) EPERM).
    pub mnt_admin: bool,
    /// The caller's mount namespace (mount/umount act on it; `check_mnt()`).
    pub mnt_ns: NsId,
    /// umask(2) of the caller, applied on create.
    pub umask: u32,
    /// The virtual time stamped on inodes.
    pub now: Timespec,
    /// Serves proc and sysfs lookups and reads.
    pub pseudo: &'a dyn PseudoFs,
    /// The caller's root (`current->fs->root`), from which d_path() shows
    /// paths (/proc/PID/fd/N); `None`: the mount namespace's root.
    pub root: Option<Path>,
}

fn all_mapped(_: Kuid, _: Kgid) -> bool {
    true
}

impl<'a> Ctx<'a> {
    /// Root with every capability, in the namespace `mnt_ns`, everything
    /// mapped, umask 022, no pseudo filesystem provider (tests, images).
    pub fn root(mnt_ns: NsId, now: Timespec) -> Ctx<'static> {
        Ctx {
            fsuid: 0,
            fsgid: 0,
            groups: &[],
            cap_effective: CapSet::FULL,
            owner_mapped: &all_mapped,
            mnt_admin: true,
            mnt_ns,
            umask: 0o022,
            now,
            pseudo: &NoPseudoFs,
            root: None,
        }
    }

    /// `in_group_p()`: fsgid or a supplementary group.
    pub fn in_group(&self, gid: Kgid) -> bool {
        self.fsgid == gid || self.groups.contains(&gid)
    }

    /// `ns_capable(current_user_ns(), cap)`.
    pub fn capable(&self, cap: Capability) -> bool {
        self.cap_effective.has(cap)
    }

    /// `capable_wrt_inode_uidgid()`.
    pub fn capable_wrt(&self, cap: Capability, uid: Kuid, gid: Kgid) -> bool {
        self.capable(cap) && (self.owner_mapped)(uid, gid)
    }
}

/// Lowest-free id allocator (the kernel's IDA / xarray with `XA_LIMIT(min,
/// max)`): mount ids, anonymous device minors, peer group ids.
#[derive(Clone, Debug)]
pub(crate) struct Ida {
    first: u32,
    next: u32,
    free: BTreeSet<u32>,
}

impl Ida {
    pub fn new(first: u32) -> Ida {
        Ida {
            first,
            next: first,
            free: BTreeSet::new(),
        }
    }

    pub fn alloc(&mut self) -> u32 {
        if let Some(n) = self.free.pop_first() {
            return n;
        }
        self.next += 1;
        self.next - 1
    }

    /// Returns `n` to the pool; numbers below the first one (handed out
    /// by fiat, like rootfs's 0:1) are ignored.
    pub fn free(&mut self, n: u32) {
        if n < self.first || n >= self.next {
            return;
        }
        if n + 1 == self.next {
            self.next -= 1;
            while let Some(&last) = self.free.last() {
                if last + 1 == self.next {
                    self.free.pop_last();
                    self.next -= 1;
                } else {
                    break;
                }
            }
        } else {
            self.free.insert(n);
        }
    }
}

/// The whole VFS state. See the module documentation.
#[derive(Clone, Debug)]
pub struct Vfs {
    pub(crate) inodes: BTreeMap<InodeId, Inode>,
    pub(crate) dentries: BTreeMap<DentryId, Dentry>,
    pub(crate) supers: BTreeMap<SbId, SuperBlock>,
    pub(crate) mounts: BTreeMap<MountId, Mount>,
    pub(crate) files: BTreeMap<FileId, File>,
    /// `mount_hashtable`: the mount on top of (parent mount, dentry).
    pub(crate) mount_hash: BTreeMap<Path, MountId>,
    pub(crate) namespaces: BTreeMap<NsId, MountTree>,
    next_inode: u64,
    next_dentry: u64,
    next_sb: u64,
    next_mount: u64,
    next_file: u64,
    /// `mnt_id_xa`: mount ids from 1, lowest free first.
    pub(crate) mnt_ids: Ida,
    /// `unnamed_dev_ida`: minors of anonymous devices (major 0).
    pub(crate) anon_devs: Ida,
    /// `mnt_group_ida`: peer group ids of shared mounts, from 1.
    pub(crate) group_ids: Ida,
    /// /proc/sys/fs/protected_hardlinks (1 on this machine): see linkat.
    pub protected_hardlinks: bool,
    /// pipefs's internal mount (`pipe_mnt`, a kern_mount in no namespace),
    /// made by the first pipe(2).
    pub(crate) pipe_mnt: Option<MountId>,
}

impl Vfs {
    /// An empty VFS. `first_mnt_id` and `first_anon_minor` say where the
    /// mount id and anonymous device allocators start, so that a model can
    /// number like a booted kernel (which has used some already).
    pub fn new(first_mnt_id: u32, first_anon_minor: u32) -> Vfs {
        Vfs {
            inodes: BTreeMap::new(),
            dentries: BTreeMap::new(),
            supers: BTreeMap::new(),
            mounts: BTreeMap::new(),
            files: BTreeMap::new(),
            mount_hash: BTreeMap::new(),
            namespaces: BTreeMap::new(),
            next_inode: 1,
            next_dentry: 1,
            next_sb: 1,
            next_mount: 1,
            next_file: 1,
            mnt_ids: Ida::new(first_mnt_id.max(1)),
            anon_devs: Ida::new(first_anon_minor.max(1)),
            group_ids: Ida::new(1),
            protected_hardlinks: true,
            pipe_mnt: None,
        }
    }

    pub fn inode(&self, id: InodeId) -> &Inode {
        &self.inodes[&id]
    }

    pub(crate) fn inode_mut(&mut self, id: InodeId) -> &mut Inode {
        self.inodes.get_mut(&id).expect("live inode")
    }

    pub fn dentry(&self, id: DentryId) -> &Dentry {
        &self.dentries[&id]
    }

    pub(crate) fn dentry_mut(&mut self, id: DentryId) -> &mut Dentry {
        self.dentries.get_mut(&id).expect("live dentry")
    }

    pub fn mnt(&self, id: MountId) -> &Mount {
        &self.mounts[&id]
    }

    pub(crate) fn mount_mut(&mut self, id: MountId) -> &mut Mount {
        self.mounts.get_mut(&id).expect("live mount")
    }

    pub fn super_block(&self, id: SbId) -> &SuperBlock {
        &self.supers[&id]
    }

    /// Number of mounts in the arena (attached, or detached and still
    /// referenced).
    pub fn nr_mounts(&self) -> usize {
        self.mounts.len()
    }

    /// The mount tree of a mount namespace.
    pub fn mount_tree(&self, ns: NsId) -> Option<&MountTree> {
        self.namespaces.get(&ns)
    }

    /// The inode a path's dentry refers to.
    pub fn path_inode(&self, p: Path) -> &Inode {
        self.inode(self.dentry(p.dentry).inode)
    }

    pub(crate) fn alloc_inode_id(&mut self) -> InodeId {
        self.next_inode += 1;
        InodeId(self.next_inode - 1)
    }

    pub(crate) fn alloc_dentry_id(&mut self) -> DentryId {
        self.next_dentry += 1;
        DentryId(self.next_dentry - 1)
    }

    pub(crate) fn alloc_sb_id(&mut self) -> SbId {
        self.next_sb += 1;
        SbId(self.next_sb - 1)
    }

    pub(crate) fn alloc_mount_id(&mut self) -> MountId {
        self.next_mount += 1;
        MountId(self.next_mount - 1)
    }

    pub(crate) fn alloc_file_id(&mut self) -> FileId {
        self.next_file += 1;
        FileId(self.next_file - 1)
    }
}
