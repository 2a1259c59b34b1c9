//! Capabilities, numbered as in include/uapi/linux/capability.h (Linux 6.18:
//! `CAP_LAST_CAP == CAP_CHECKPOINT_RESTORE == 40`), and the 64-bit sets that
//! /proc/PID/status prints as `CapEff:\t000001ffffffffff` (capabilities(7)).

use serde::{Deserialize, Serialize};

/// One capability number.
pub type Capability = u32;

pub const CAP_CHOWN: Capability = 0;
pub const CAP_DAC_OVERRIDE: Capability = 1;
pub const CAP_KILL: Capability = 5;
pub const CAP_SETGID: Capability = 6;
pub const CAP_SETUID: Capability = 7;
pub const CAP_NET_ADMIN: Capability = 12;
pub const CAP_SYS_CHROOT: Capability = 18;
pub const CAP_SYS_PTRACE: Capability = 19;
pub const CAP_SYS_ADMIN: Capability = 21;
pub const CAP_SYS_TIME: Capability = 25;
pub const CAP_SETFCAP: Capability = 31;
pub const CAP_CHECKPOINT_RESTORE: Capability = 40;
/// The highest capability number of the modelled kernel (6.18).
pub const CAP_LAST_CAP: Capability = CAP_CHECKPOINT_RESTORE;

/// A capability set (`kernel_cap_t`, a u64 bitmask since Linux 6.3).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct CapSet(pub u64);

impl CapSet {
    /// `CAP_EMPTY_SET`.
    pub const EMPTY: CapSet = CapSet(0);
    /// `CAP_FULL_SET`: every valid capability, `000001ffffffffff` on 6.18.
    pub const FULL: CapSet = CapSet((1u64 << (CAP_LAST_CAP + 1)) - 1);

    pub fn has(self, cap: Capability) -> bool {
        cap <= CAP_LAST_CAP && self.0 & (1u64 << cap) != 0
    }

    pub fn union(self, other: CapSet) -> CapSet {
        CapSet(self.0 | other.0)
    }

    /// The 16 hex digits proc(5) prints (`%016llx`).
    pub fn to_proc_hex(self) -> String {
        format!("{:016x}", self.0)
    }
}
