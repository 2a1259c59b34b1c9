//! PID namespaces (pid_namespaces(7), kernel/pid_namespace.c): a tree of
//! namespaces, each a map from local pid to `struct pid`, with a level, an
//! init ("child reaper") and the PIDNS_ADDING switch that makes fork fail
//! with ENOMEM once init has died.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ns_common::NsId;
use super::pid::PidId;
use super::task::TaskId;

/// `MAX_PID_NS_LEVEL` (include/linux/pid_namespace.h): namespaces nest to
/// level 32; creating one at level 33 fails with ENOSPC (pid_namespaces(7):
/// "Since Linux 3.7, the kernel limits the maximum nesting depth for PID
/// namespaces to 32"). Checked on this machine's 6.18 kernel: starting at
/// level 1, 31 more unshare(CLONE_NEWPID)+fork succeed and the next fails
/// with ENOSPC.
pub const MAX_PID_NS_LEVEL: u32 = 32;

/// `RESERVED_PIDS`: once pid numbers wrap around, they restart at 300.
pub const RESERVED_PIDS: i32 = 300;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PidNamespace {
    pub parent: Option<NsId>,
    pub level: u32,
    /// `ns->idr`: local pid number → struct pid.
    pub(crate) idr: BTreeMap<i32, PidId>,
    /// `idr_get_cursor()`: where the cyclic search for the next pid starts.
    pub(crate) idr_next: i32,
    pub pid_max: i32,
    /// The task with pid 1 here, once the first process was forked. Stays
    /// set after init dies (pidns_for_children_get() only checks it is set).
    pub child_reaper: Option<TaskId>,
    /// `PIDNS_ADDING`: cleared when init dies (`disable_pid_allocation()`).
    pub adding: bool,
}

impl PidNamespace {
    pub fn new(parent: Option<NsId>, level: u32, pid_max: i32) -> PidNamespace {
        PidNamespace {
            parent,
            level,
            idr: BTreeMap::new(),
            idr_next: 0,
            pid_max,
            child_reaper: None,
            adding: true,
        }
    }

    /// `idr_alloc_cyclic(&ns->idr, NULL, pid_min, pid_max)` as `alloc_pid()`
    /// calls it: the lowest free number at or after the cursor, else the
    /// lowest free from `pid_min` (1, or 300 once the cursor passed 300).
    /// `None` is the kernel's -ENOSPC (alloc_pid turns it into EAGAIN).
    pub(crate) fn alloc_nr(&mut self, pid: PidId) -> Option<i32> {
        let pid_min = if self.idr_next > RESERVED_PIDS {
            RESERVED_PIDS
        } else {
            1
        };
        let curr = self.idr_next.max(pid_min);
        let nr = self
            .first_free(curr, self.pid_max)
            .or_else(|| self.first_free(pid_min, curr.min(self.pid_max)))?;
        self.idr.insert(nr, pid);
        self.idr_next = nr + 1;
        Some(nr)
    }

    fn first_free(&self, from: i32, end: i32) -> Option<i32> {
        let mut cand = from;
        for (&nr, _) in self.idr.range(from..end) {
            if nr != cand {
                break;
            }
            cand += 1;
        }
        (cand < end).then_some(cand)
    }

    /// Live pids in this namespace (the ones /proc lists), ascending.
    pub fn nrs(&self) -> impl Iterator<Item = (i32, PidId)> + '_ {
        self.idr.iter().map(|(&n, &p)| (n, p))
    }
}
