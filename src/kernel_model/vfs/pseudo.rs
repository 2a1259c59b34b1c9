//! The hook for proc and sysfs: their contents belong to the Kernel (tasks,
//! namespaces), so the VFS delegates lookups, directory listings and reads
//! to a provider the Kernel implements, as the kernel's procfs builds its
//! dentries on lookup (`proc_root_lookup`, `proc_pid_lookup`). Dentries and
//! inodes are instantiated on lookup and revalidated on every later lookup
//! (`pid_revalidate`): a name the provider no longer knows is dropped.

use super::Path;
use crate::kernel_model::cred::{Kgid, Kuid};
use crate::kernel_model::errno::{Errno, SysResult};
use crate::kernel_model::ns_common::NsId;

/// Which pseudo filesystem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PseudoKind {
    Proc,
    Sysfs,
}

impl PseudoKind {
    pub fn fstype(self) -> &'static str {
        match self {
            PseudoKind::Proc => "proc",
            PseudoKind::Sysfs => "sysfs",
        }
    }
}

/// What [`PseudoFs::readlink`] returns, followed by a decimal `FileId`,
/// for a link to an open file (/proc/PID/fd/N): the provider cannot see
/// the VFS while it serves it, so the VFS renders the file's path.
pub const FD_LINK_MARK: &str = "\0fd:";

/// One entry of a pseudo directory, as the provider describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PseudoNode {
    pub name: String,
    /// Type and permission bits (e.g. `S_IFDIR | 0o555`, `S_IFLNK | 0o777`).
    pub mode: u32,
    pub uid: Kuid,
    pub gid: Kgid,
    /// The inode number to show (proc: fixed numbers for static entries,
    /// per-task numbers for /proc/PID/…).
    pub ino: u64,
}

/// What reading a pseudo file yields. Mount tables are rendered by the VFS
/// itself (which owns them): the provider only says whose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PseudoContent {
    Bytes(Vec<u8>),
    /// /proc/PID/mountinfo of a task in mount namespace `ns` whose root is
    /// `root`.
    Mountinfo {
        ns: NsId,
        root: Path,
    },
    /// /proc/PID/mounts (and /proc/mounts → self/mounts).
    Mounts {
        ns: NsId,
        root: Path,
    },
}

/// The provider the Kernel implements. `instance` is the value returned by
/// [`PseudoFs::instance`] when the filesystem was mounted (for proc: the
/// PID namespace of the mounter; for sysfs: its network namespace);
/// `path` is the node's path inside the filesystem ("/", "/1/status").
pub trait PseudoFs {
    /// Called by mount(2) for a new proc or sysfs: the instance key, or the
    /// errno that refuses the mount (e.g. EPERM without CAP_SYS_ADMIN over
    /// the PID namespace's owner). Two sysfs mounts with the same key share
    /// one super block (as sysfs is per network namespace); proc gets a new
    /// super block per mount (Linux ≥ 5.8).
    fn instance(&self, kind: PseudoKind) -> SysResult<u64>;
    /// The entry `name` in directory `dir`, if it exists now.
    fn lookup(&self, kind: PseudoKind, instance: u64, dir: &str, name: &str) -> Option<PseudoNode>;
    /// The entries of directory `dir`, in the order getdents returns them.
    fn readdir(&self, kind: PseudoKind, instance: u64, dir: &str) -> Vec<PseudoNode>;
    /// The contents of a file.
    fn read(&self, kind: PseudoKind, instance: u64, path: &str) -> SysResult<PseudoContent>;
    /// The target of a symbolic link (/proc/self → "42").
    fn readlink(&self, kind: PseudoKind, instance: u64, path: &str) -> SysResult<String>;
    /// Whether the link at `path` is a "magic link" (/proc/PID/ns/*,
    /// proc(5)): following it does not resolve its text but lands on the
    /// object itself (`nd_jump_link()`). Here the walk then stops at the
    /// link's own dentry, so open(2) gives a file whose reads the provider
    /// answers (nsfs files: EINVAL).
    fn is_magic_link(&self, kind: PseudoKind, instance: u64, path: &str) -> bool {
        let _ = (kind, instance, path);
        false
    }
}

/// A provider that serves empty filesystems (tests, or before the Kernel
/// wires procfs in).
pub struct NoPseudoFs;

impl PseudoFs for NoPseudoFs {
    fn instance(&self, _: PseudoKind) -> SysResult<u64> {
        Ok(0)
    }
    fn lookup(&self, _: PseudoKind, _: u64, _: &str, _: &str) -> Option<PseudoNode> {
        None
    }
    fn readdir(&self, _: PseudoKind, _: u64, _: &str) -> Vec<PseudoNode> {
        Vec::new()
    }
    fn read(&self, _: PseudoKind, _: u64, _: &str) -> SysResult<PseudoContent> {
        Err(Errno::ENOENT)
    }
    fn readlink(&self, _: PseudoKind, _: u64, _: &str) -> SysResult<String> {
        Err(Errno::EINVAL)
    }
}
