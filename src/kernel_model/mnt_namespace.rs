//! Mount namespaces (mount_namespaces(7)). The namespace object itself only
//! carries the registry's bookkeeping (inode number, owner, references);
//! its mount tree lives in the VFS ([`super::vfs::Vfs::mount_tree`], keyed
//! by the namespace's inode number), created by `copy_mnt_ns` on
//! clone/unshare(CLONE_NEWNS) and dropped by `drop_mnt_ns` when the last
//! reference goes ([`Kernel::put_ns`](super::kernel::Kernel)).
//!
//! Which PID namespace /proc shows is no longer a fact of the mount
//! namespace: it is the instance of the proc super block mounted at /proc
//! in the reader's tree (pid_namespaces(7), "/proc and PID namespaces"),
//! which is why `unshare --pid --fork` without `--mount-proc` still shows
//! the parent namespace's processes.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MntNamespace {}
