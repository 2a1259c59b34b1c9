//! Process groups and sessions (credentials(7), kernel/sys.c): setsid(2),
//! setpgid(2), getpgid(2), getsid(2). A task's group and session are
//! `struct pid`s that stay allocated while some task uses them
//! (`pgrp_users`, `session_users`), so their numbers are not reused.

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::pid::PidId;
use super::task::TaskId;

impl Kernel {
    /// Moves `task` into process group `pgrp` (`change_pid(PIDTYPE_PGID)`).
    fn set_pgrp(&mut self, task: TaskId, pgrp: PidId) {
        let old = self.task_mut(task).pgrp.replace(pgrp);
        self.pid_mut(pgrp).pgrp_users += 1;
        if let Some(o) = old {
            self.pid_mut(o).pgrp_users -= 1;
            self.maybe_free_pid(o);
        }
    }

    /// Moves `task` into session `sid` (`change_pid(PIDTYPE_SID)`).
    fn set_session(&mut self, task: TaskId, sid: PidId) {
        let old = self.task_mut(task).session.replace(sid);
        self.pid_mut(sid).session_users += 1;
        if let Some(o) = old {
            self.pid_mut(o).session_users -= 1;
            self.maybe_free_pid(o);
        }
    }

    /// Whether `task` leads its session (`signal->leader`).
    pub fn is_session_leader(&self, task: TaskId) -> bool {
        let t = self.task(task);
        t.session == Some(t.pid)
    }

    /// setsid(2): EPERM if a process group with the caller's pid exists
    /// (the caller leads one, or a former group of it lives on); else the
    /// caller leads a new session and a new process group, without a
    /// controlling terminal. Returns the new session id.
    pub fn setsid(&mut self, caller: TaskId) -> SysResult<i32> {
        self.enter("setsid", caller);
        let pid = self.caller(caller)?.pid;
        if self.pid(pid).pgrp_users > 0 {
            return Err(Errno::EPERM);
        }
        self.set_session(caller, pid);
        self.set_pgrp(caller, pid);
        self.task_mut(caller).tty = None;
        Ok(self.pid_vnr(caller, caller))
    }

    /// setpgid(2) as kernel/sys.c does it: `pid` 0 is the caller, `pgid`
    /// 0 is `pid`; EINVAL for a negative `pgid`; ESRCH if `pid` is neither
    /// the caller nor a child of it; for a child, EPERM if it is in another
    /// session and EACCES once it has called execve(2); EPERM if the target
    /// leads its session, or if `pgid` names no process group of the
    /// caller's session.
    pub fn setpgid(&mut self, caller: TaskId, pid: i32, pgid: i32) -> SysResult<()> {
        self.enter("setpgid", caller);
        self.caller(caller)?;
        if pgid < 0 {
            return Err(Errno::EINVAL);
        }
        let ns = self.task_active_pid_ns(caller);
        let p = if pid == 0 {
            caller
        } else {
            self.find_task_by_pid_ns(pid, ns).ok_or(Errno::ESRCH)?
        };
        let pid_nr = self.task_pid_nr_ns(p, ns);
        let pgid = if pgid == 0 { pid_nr } else { pgid };
        let my_session = self.task(caller).session;
        if self.task(p).real_parent == Some(caller) {
            if self.task(p).session != my_session {
                return Err(Errno::EPERM);
            }
            if self.task(p).did_exec {
                return Err(Errno::EACCES);
            }
        } else if p != caller {
            return Err(Errno::ESRCH);
        }
        if self.is_session_leader(p) {
            return Err(Errno::EPERM);
        }
        let target = self.task(p).pid;
        let pgrp = if pgid == pid_nr {
            target
        } else {
            let g = *self.pid_ns(ns).idr.get(&pgid).ok_or(Errno::EPERM)?;
            let same_session = self
                .tasks
                .iter()
                .any(|(_, _, t)| t.pgrp == Some(g) && t.session == my_session);
            if !same_session {
                return Err(Errno::EPERM);
            }
            g
        };
        if self.task(p).pgrp != Some(pgrp) {
            self.set_pgrp(p, pgrp);
        }
        Ok(())
    }

    /// The number of a `struct pid` in the caller's PID namespace, 0 if
    /// it has none there or is gone.
    pub(crate) fn pid_id_vnr(&self, viewer: TaskId, pid: Option<PidId>) -> i32 {
        let ns = self.task_active_pid_ns(viewer);
        match pid {
            Some(p) if self.pids.get(p.0, p.1).is_some() => self.pid_nr_ns(p, ns),
            _ => 0,
        }
    }

    fn target_of(&self, caller: TaskId, pid: i32) -> SysResult<TaskId> {
        if pid == 0 {
            return Ok(caller);
        }
        let ns = self.task_active_pid_ns(caller);
        self.find_task_by_pid_ns(pid, ns).ok_or(Errno::ESRCH)
    }

    /// getpgid(2): the process group of `pid` (0: the caller); ESRCH if
    /// there is no such process.
    pub fn getpgid(&mut self, caller: TaskId, pid: i32) -> SysResult<i32> {
        self.enter("getpgid", caller);
        self.caller(caller)?;
        let t = self.target_of(caller, pid)?;
        Ok(self.pid_id_vnr(caller, self.task(t).pgrp))
    }

    /// getsid(2): the session of `pid` (0: the caller); ESRCH if there is
    /// no such process.
    pub fn getsid(&mut self, caller: TaskId, pid: i32) -> SysResult<i32> {
        self.enter("getsid", caller);
        self.caller(caller)?;
        let t = self.target_of(caller, pid)?;
        Ok(self.pid_id_vnr(caller, self.task(t).session))
    }
}
