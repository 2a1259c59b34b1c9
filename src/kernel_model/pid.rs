//! `struct pid` (kernel/pid.c): one pid number per PID-namespace level, from
//! the initial namespace down to the namespace the process was created in
//! (what /proc/PID/status shows as NSpid). A `struct pid` outlives its task
//! while a process group or session still uses it, so its numbers are not
//! reused while they name a group.

use serde::{Deserialize, Serialize};

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::ns_common::NsId;
use super::task::TaskId;

/// Handle of a `struct pid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PidId(pub(crate) u32, pub(crate) u32);

/// `struct upid`: the number in one namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upid {
    pub nr: i32,
    pub ns: NsId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pid {
    /// `numbers[level]` is the number in the namespace at that level.
    pub numbers: Vec<Upid>,
    /// The task this is the PID of (PIDTYPE_PID), until it is reaped.
    pub task: Option<TaskId>,
    /// Tasks using it as process group (PIDTYPE_PGID) / session (PIDTYPE_SID).
    pub pgrp_users: u32,
    pub session_users: u32,
}

impl Pid {
    /// The deepest level: the namespace the process was created in.
    pub fn level(&self) -> usize {
        self.numbers.len() - 1
    }

    /// `pid_nr_ns()`: the number in `ns` (at `level`), 0 if not visible there.
    pub fn nr_in(&self, ns: NsId, level: u32) -> i32 {
        match self.numbers.get(level as usize) {
            Some(u) if u.ns == ns => u.nr,
            _ => 0,
        }
    }
}

impl Kernel {
    /// `alloc_pid()`: a number in `ns` and every ancestor, deepest first;
    /// EAGAIN when a namespace is out of numbers, ENOMEM when `ns` no longer
    /// accepts processes because its init died (pid_namespaces(7): "a
    /// subsequent fork(2) ... fails with the error ENOMEM"). A failed
    /// allocation still moves the cyclic cursors, as in the kernel.
    pub(crate) fn alloc_pid(&mut self, ns: NsId) -> SysResult<PidId> {
        let mut chain = Vec::new();
        let mut cur = Some(ns);
        while let Some(n) = cur {
            chain.push(n);
            cur = self.pid_ns(n).parent;
        }
        let (i, g) = self.pids.insert(Pid {
            numbers: Vec::new(),
            task: None,
            pgrp_users: 0,
            session_users: 0,
        });
        let id = PidId(i, g);
        let mut numbers = vec![Upid { nr: 0, ns }; chain.len()];
        let mut failed = None;
        for (k, &n) in chain.iter().enumerate() {
            match self.pid_ns_mut(n).alloc_nr(id) {
                Some(nr) => numbers[chain.len() - 1 - k] = Upid { nr, ns: n },
                None => {
                    failed = Some((k, Errno::EAGAIN));
                    break;
                }
            }
        }
        if failed.is_none() && !self.pid_ns(ns).adding {
            failed = Some((chain.len(), Errno::ENOMEM));
        }
        if let Some((done, err)) = failed {
            for (k, &n) in chain.iter().enumerate().take(done) {
                let nr = numbers[chain.len() - 1 - k].nr;
                self.pid_ns_mut(n).idr.remove(&nr);
            }
            self.pids.remove(i, g);
            return Err(err);
        }
        self.pid_mut(id).numbers = numbers;
        for &n in &chain {
            self.get_ns(n);
        }
        Ok(id)
    }

    pub(crate) fn attach_pid(&mut self, pid: PidId, task: TaskId) {
        self.pid_mut(pid).task = Some(task);
    }

    /// Frees the pid once nothing uses it (`free_pid()`), releasing its
    /// numbers at every level.
    pub(crate) fn maybe_free_pid(&mut self, id: PidId) {
        let p = self.pid(id);
        if p.task.is_some() || p.pgrp_users > 0 || p.session_users > 0 {
            return;
        }
        let p = self.pids.remove(id.0, id.1).expect("live pid");
        for u in p.numbers {
            self.pid_ns_mut(u.ns).idr.remove(&u.nr);
            self.put_ns(u.ns);
        }
    }

    /// The PID namespace a task was created in (`task_active_pid_ns()`).
    /// Panics if the task does not exist (see [`Kernel::get_task`]); so do
    /// the other `task_*` queries.
    pub fn task_active_pid_ns(&self, task: TaskId) -> NsId {
        let p = self.pid(self.task(task).pid);
        p.numbers[p.level()].ns
    }

    /// `task_pid_nr_ns()`: the task's pid as PID namespace `ns` sees it,
    /// 0 if invisible there.
    pub fn task_pid_nr_ns(&self, task: TaskId, ns: NsId) -> i32 {
        let level = self.pid_ns(ns).level;
        self.pid(self.task(task).pid).nr_in(ns, level)
    }

    pub(crate) fn pid_nr_ns(&self, pid: PidId, ns: NsId) -> i32 {
        let level = self.pid_ns(ns).level;
        self.pid(pid).nr_in(ns, level)
    }

    /// `find_task_by_pid_ns()`: the task with number `nr` in `ns`.
    pub fn find_task_by_pid_ns(&self, nr: i32, ns: NsId) -> Option<TaskId> {
        let pid = *self.pid_ns(ns).idr.get(&nr)?;
        self.pid(pid).task
    }

    /// The task's pid in each namespace from the initial one down (NSpid).
    pub fn task_nspid(&self, task: TaskId) -> Vec<Upid> {
        self.pid(self.task(task).pid).numbers.clone()
    }
}
