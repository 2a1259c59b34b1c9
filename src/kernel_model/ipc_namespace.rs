//! IPC namespaces (ipc_namespaces(7)): each has its own System V IPC
//! identifiers. This stage models message queues: msgget(2) and
//! msgctl(IPC_RMID), with identifiers allocated like ipc/util.c does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::errno::{Errno, SysResult};
use super::kernel::{BOOT_EPOCH_SECS, Kernel};
use super::task::TaskId;

pub const IPC_PRIVATE: i32 = 0;
pub const IPC_CREAT: i32 = 0o1000;
pub const IPC_EXCL: i32 = 0o2000;
/// `IPCMNI`: an identifier is `seq * 32768 + index`.
pub const IPCMNI: i32 = 32768;
/// `MSGMNI`: the default /proc/sys/kernel/msgmni.
pub const MSGMNI: usize = 32000;
/// `ipc_min_cycle` (RADIX_TREE_MAP_SIZE): indexes cycle through at least 64.
const IPC_MIN_CYCLE: i32 = 64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MsgQueue {
    pub key: i32,
    pub id: i32,
    pub mode: u32,
    pub cuid: u32,
    pub cgid: u32,
    /// msg_ctime in seconds since the epoch (virtual clock).
    pub ctime: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpcNamespace {
    /// index → queue.
    pub msg_queues: BTreeMap<i32, MsgQueue>,
    /// `ids->last_idx`, -1 before the first allocation.
    last_idx: Option<i32>,
    /// `ids->seq`.
    seq: i32,
}

impl IpcNamespace {
    /// `ipc_idr_alloc()` since Linux 5.x: the index cycles
    /// (`idr_alloc_cyclic` in [0, max(in_use*3/2, 64))), and the sequence
    /// number grows only when the index wraps. Checked on 6.18 in a fresh
    /// IPC namespace: ids 0, 1, 2, 3, 4; after removing 1 the next is 5.
    fn alloc_index(&mut self) -> Option<(i32, i32)> {
        let in_use = self.msg_queues.len() as i32;
        let max_idx = (in_use * 3 / 2).max(IPC_MIN_CYCLE).min(MSGMNI as i32);
        let start = self.last_idx.map_or(0, |l| l + 1);
        let free_from = |from: i32, to: i32| (from..to).find(|i| !self.msg_queues.contains_key(i));
        let idx =
            free_from(start.min(max_idx), max_idx).or_else(|| free_from(0, start.min(max_idx)))?;
        if self.last_idx.is_some_and(|l| idx <= l) {
            self.seq += 1;
            if self.seq >= i32::MAX / IPCMNI {
                self.seq = 0;
            }
        }
        self.last_idx = Some(idx);
        Some((idx, self.seq))
    }
}

impl Kernel {
    /// msgget(2): the queue with `key` in the caller's IPC namespace, or a
    /// new one. ENOENT without IPC_CREAT, EEXIST with IPC_CREAT|IPC_EXCL,
    /// ENOSPC past MSGMNI queues. (Permission checks on an existing queue's
    /// mode are not modelled yet.)
    pub fn msgget(&mut self, caller: TaskId, key: i32, msgflg: i32) -> SysResult<i32> {
        self.enter("msgget", caller);
        let t = self.caller(caller)?;
        let ipc = t.nsproxy.as_ref().expect("live").ipc;
        let (cuid, cgid) = (t.cred.euid, t.cred.egid);
        let now = BOOT_EPOCH_SECS + self.clock_ns / 1_000_000_000;
        let ns = self.ipc_ns_mut(ipc);
        if key != IPC_PRIVATE
            && let Some(q) = ns.msg_queues.values().find(|q| q.key == key)
        {
            if msgflg & IPC_CREAT != 0 && msgflg & IPC_EXCL != 0 {
                return Err(Errno::EEXIST);
            }
            return Ok(q.id);
        }
        if key != IPC_PRIVATE && msgflg & IPC_CREAT == 0 {
            return Err(Errno::ENOENT);
        }
        if ns.msg_queues.len() >= MSGMNI {
            return Err(Errno::ENOSPC);
        }
        let (idx, seq) = ns.alloc_index().ok_or(Errno::ENOSPC)?;
        let id = seq * IPCMNI + idx;
        ns.msg_queues.insert(
            idx,
            MsgQueue {
                key,
                id,
                mode: (msgflg & 0o777) as u32,
                cuid,
                cgid,
                ctime: now,
            },
        );
        Ok(id)
    }

    /// msgctl(id, IPC_RMID): EINVAL for an id not in the caller's IPC
    /// namespace; EPERM unless the caller is the creator or has
    /// CAP_SYS_ADMIN in the namespace's owner.
    pub fn msgctl_rmid(&mut self, caller: TaskId, id: i32) -> SysResult<()> {
        self.enter("msgctl", caller);
        let t = self.caller(caller)?;
        let ipc = t.nsproxy.as_ref().expect("live").ipc;
        let euid = t.cred.euid;
        let idx = id.rem_euclid(IPCMNI);
        let q = match self.ipc_ns(ipc).msg_queues.get(&idx) {
            Some(q) if q.id == id && id >= 0 => q.clone(),
            _ => return Err(Errno::EINVAL),
        };
        if q.cuid != euid
            && !self.ns_capable(caller, self.ns_owner(ipc), super::capability::CAP_SYS_ADMIN)
        {
            return Err(Errno::EPERM);
        }
        self.ipc_ns_mut(ipc).msg_queues.remove(&idx);
        Ok(())
    }
}
