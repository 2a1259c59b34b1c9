//! Task credentials (the kernel's `struct cred`, credentials(7)): user and
//! group ids as *kernel* ids (kuid/kgid: the id in the initial user
//! namespace), supplementary groups, the five capability sets and the user
//! namespace the capabilities are valid in.

use serde::{Deserialize, Serialize};

use super::capability::CapSet;
use super::ns_common::NsId;

/// A kernel user id (`kuid_t`): the uid as the initial user namespace sees it.
pub type Kuid = u32;
/// A kernel group id (`kgid_t`).
pub type Kgid = u32;

/// `overflowuid`/`overflowgid` (/proc/sys/kernel/overflowuid): what an id
/// with no mapping in the viewer's user namespace shows as
/// (user_namespaces(7), "Unmapped user and group IDs").
pub const OVERFLOW_ID: u32 = 65534;

/// `(uid_t)-1`: an invalid id (from_kuid() of an unmapped id; uid_map lines
/// print it as 4294967295).
pub const INVALID_ID: u32 = u32::MAX;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cred {
    pub uid: Kuid,
    pub euid: Kuid,
    pub suid: Kuid,
    pub fsuid: Kuid,
    pub gid: Kgid,
    pub egid: Kgid,
    pub sgid: Kgid,
    pub fsgid: Kgid,
    /// Supplementary groups, sorted (groups_sort()).
    pub groups: Vec<Kgid>,
    pub cap_inheritable: CapSet,
    pub cap_permitted: CapSet,
    pub cap_effective: CapSet,
    pub cap_bset: CapSet,
    pub cap_ambient: CapSet,
    /// The user namespace the capabilities are valid in.
    pub user_ns: NsId,
}

impl Cred {
    /// `init_cred`: root with every capability in the initial user namespace.
    pub fn init(user_ns: NsId) -> Cred {
        Cred {
            uid: 0,
            euid: 0,
            suid: 0,
            fsuid: 0,
            gid: 0,
            egid: 0,
            sgid: 0,
            fsgid: 0,
            groups: Vec::new(),
            cap_inheritable: CapSet::EMPTY,
            cap_permitted: CapSet::FULL,
            cap_effective: CapSet::FULL,
            cap_bset: CapSet::FULL,
            cap_ambient: CapSet::EMPTY,
            user_ns,
        }
    }

    /// `set_cred_user_ns()` (kernel/user_namespace.c): a task that creates or
    /// enters a user namespace gets every capability in it and loses all
    /// inheritable and ambient ones (user_namespaces(7), "Capabilities").
    pub fn set_user_ns(&mut self, ns: NsId) {
        self.cap_inheritable = CapSet::EMPTY;
        self.cap_permitted = CapSet::FULL;
        self.cap_effective = CapSet::FULL;
        self.cap_ambient = CapSet::EMPTY;
        self.cap_bset = CapSet::FULL;
        self.user_ns = ns;
    }
}
