//! What every namespace shares (the kernel's `struct ns_common`): a type, a
//! proc inode number (the number in `pid:[4026531836]`), a reference count and
//! the owning user namespace (user_namespaces(7): "each non-user namespace is
//! owned by a user namespace").

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

use super::nsproxy::CloneFlags;

/// A namespace, named by its proc inode number. The kernel hands these out
/// from one allocator for all namespace types, so the number alone is unique
/// among live namespaces (numbers of freed namespaces are reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NsId(pub u32);

impl fmt::Display for NsId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The eight namespace types of Linux 6.18 (namespaces(7)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NsType {
    Cgroup,
    Ipc,
    Mnt,
    Net,
    Pid,
    Time,
    User,
    Uts,
}

impl NsType {
    /// All types in the order `ls /proc/self/ns` sorts them.
    pub const ALL: [NsType; 8] = [
        NsType::Cgroup,
        NsType::Ipc,
        NsType::Mnt,
        NsType::Net,
        NsType::Pid,
        NsType::Time,
        NsType::User,
        NsType::Uts,
    ];

    /// The name in /proc/PID/ns and in the link text (`uts:[…]`).
    pub fn proc_name(self) -> &'static str {
        match self {
            NsType::Cgroup => "cgroup",
            NsType::Ipc => "ipc",
            NsType::Mnt => "mnt",
            NsType::Net => "net",
            NsType::Pid => "pid",
            NsType::Time => "time",
            NsType::User => "user",
            NsType::Uts => "uts",
        }
    }

    pub fn from_proc_name(s: &str) -> Option<NsType> {
        NsType::ALL.into_iter().find(|t| t.proc_name() == s)
    }

    /// The CLONE_NEW* flag of this type (clone(2), setns(2) `nstype`).
    pub fn clone_flag(self) -> CloneFlags {
        match self {
            NsType::Cgroup => CloneFlags::NEWCGROUP,
            NsType::Ipc => CloneFlags::NEWIPC,
            NsType::Mnt => CloneFlags::NEWNS,
            NsType::Net => CloneFlags::NEWNET,
            NsType::Pid => CloneFlags::NEWPID,
            NsType::Time => CloneFlags::NEWTIME,
            NsType::User => CloneFlags::NEWUSER,
            NsType::Uts => CloneFlags::NEWUTS,
        }
    }

    /// The proc inode number Linux gives the initial namespace of this type
    /// (include/linux/proc_ns.h, 6.18: `PROC_*_INIT_INO`, counting down from
    /// 0xEFFFFFFF). Checked with `ls -l /proc/1/ns` on this machine's 6.18
    /// kernel: cgroup 4026531835, ipc 4026531839, mnt 4026531832,
    /// net 4026531833, pid 4026531836, time 4026531834, user 4026531837,
    /// uts 4026531838. (Kernels before 6.18 gave mnt and net dynamic numbers,
    /// typically 4026531840 and 4026531992.)
    pub fn init_inum(self) -> NsId {
        NsId(match self {
            NsType::Ipc => 0xEFFF_FFFF,
            NsType::Uts => 0xEFFF_FFFE,
            NsType::User => 0xEFFF_FFFD,
            NsType::Pid => 0xEFFF_FFFC,
            NsType::Cgroup => 0xEFFF_FFFB,
            NsType::Time => 0xEFFF_FFFA,
            NsType::Net => 0xEFFF_FFF9,
            NsType::Mnt => 0xEFFF_FFF8,
        })
    }
}

impl fmt::Display for NsType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.proc_name())
    }
}

/// `PROC_DYNAMIC_FIRST` (fs/proc/generic.c): the proc inode allocator hands
/// out numbers from 0xF0000000 = 4026531840 upwards.
pub const PROC_DYNAMIC_FIRST: u32 = 0xF000_0000;

/// Where the model's allocator starts. The kernel's allocator is shared with
/// every /proc entry registered at boot, so the first namespace a user
/// creates gets a number a few hundred above PROC_DYNAMIC_FIRST (4026532177
/// on this machine's 6.18 kernel). The model starts there and, like the
/// kernel's ida, always hands out the lowest free number, so freed numbers
/// are reused. Unlike the kernel it spends no numbers on the /proc/net
/// entries of a new network namespace (68 on this machine), so later
/// numbers differ from a real run; comparisons rename inode numbers anyway.
pub const MODEL_FIRST_DYNAMIC_INUM: u32 = 4_026_532_177;

/// `proc_alloc_inum`/`proc_free_inum`: lowest free number first.
#[derive(Clone, Debug)]
pub(crate) struct InumAllocator {
    next: u32,
    free: BTreeSet<u32>,
}

impl Default for InumAllocator {
    fn default() -> Self {
        InumAllocator {
            next: MODEL_FIRST_DYNAMIC_INUM,
            free: BTreeSet::new(),
        }
    }
}

impl InumAllocator {
    pub fn alloc(&mut self) -> NsId {
        if let Some(n) = self.free.pop_first() {
            return NsId(n);
        }
        let n = self.next;
        self.next += 1;
        NsId(n)
    }

    pub fn free(&mut self, id: NsId) {
        if id.0 < MODEL_FIRST_DYNAMIC_INUM {
            return; // initial namespaces are static
        }
        if id.0 + 1 == self.next {
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
            self.free.insert(id.0);
        }
    }
}
