//! exit(2), wait4(2) and what happens in between (kernel/exit.c): zombies
//! until reaped, reparenting of orphans to the init of the PID namespace,
//! and the death of a namespace's init killing the namespace
//! (`zap_pid_namespace()`).

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::signal::{SIGCHLD, SigDisposition, wstatus_exited};
use super::task::{TaskId, TaskState};

/// waitpid(2) options.
pub const WNOHANG: i32 = 1;
pub const WUNTRACED: i32 = 2;
pub const WCONTINUED: i32 = 8;
const WNOTHREAD: i32 = 0x2000_0000;
const WALL: i32 = 0x4000_0000;
const WCLONE: i32 = -0x8000_0000;

impl Kernel {
    /// exit_group(2) with `code` (the low 8 bits are what wait sees).
    ///
    /// The initial PID 1 cannot exit: the real kernel panics ("Attempted to
    /// kill init!"); the model refuses with EPERM and changes nothing.
    pub fn exit(&mut self, caller: TaskId, code: i32) -> SysResult<()> {
        self.enter("exit", caller);
        self.caller(caller)?;
        if caller == self.init_task {
            return Err(Errno::EPERM);
        }
        self.do_exit(caller, wstatus_exited(code));
        Ok(())
    }

    /// `do_exit()`: leave the namespaces, give the children to a reaper,
    /// become a zombie and tell the parent.
    pub(crate) fn do_exit(&mut self, task: TaskId, wstatus: i32) {
        if task == self.init_task {
            return;
        }
        let Some(np) = self.task_mut(task).nsproxy.take() else {
            return; // already exiting
        };
        self.task_mut(task).exit_status = wstatus;
        self.exit_ctty(task);
        // exit_files(), exit_fs(): descriptors close, root and cwd go.
        let files = std::mem::take(&mut self.task_mut(task).files);
        self.vfs.put_files(files);
        if let Some(fs) = self.task_mut(task).fs.take() {
            self.vfs.put_fs_struct(fs);
        }
        for n in np.all() {
            self.put_ns(n);
        }
        self.sync_proc_refs();
        self.forget_original_parent(task);
        self.task_mut(task).state = TaskState::Zombie;
        self.do_notify_parent(task);
    }

    /// `forget_original_parent()`: if `father` is the init of its PID
    /// namespace, kill the namespace first; then hand the children to the
    /// init of `father`'s PID namespace (pid_namespaces(7): orphans are
    /// reparented to the namespace's init; PR_SET_CHILD_SUBREAPER is not
    /// modelled).
    fn forget_original_parent(&mut self, father: TaskId) {
        let ns = self.task_active_pid_ns(father);
        if self.pid_ns(ns).child_reaper == Some(father) {
            self.zap_pid_namespace(ns, father);
        }
        let children: Vec<(u64, TaskId)> = std::mem::take(&mut self.task_mut(father).children)
            .into_iter()
            .collect();
        self.task_mut(father).zombie_children.clear();
        if children.is_empty() {
            return;
        }
        let reaper = self
            .pid_ns(ns)
            .child_reaper
            .filter(|&r| r != father)
            .unwrap_or(self.init_task);
        for (_, c) in children {
            let seq = self.next_sibling_seq;
            self.next_sibling_seq += 1;
            let ct = self.task_mut(c);
            ct.real_parent = Some(reaper);
            ct.sibling_seq = seq;
            let zombie = ct.state == TaskState::Zombie;
            self.task_mut(reaper).children.insert(seq, c);
            if zombie {
                self.do_notify_parent(c);
            }
        }
    }

    /// `zap_pid_namespace()`: init of `ns` is dying. No new processes may
    /// enter (fork there fails with ENOMEM), every other process with a pid
    /// in `ns` (including deeper namespaces) gets SIGKILL, in pid order, and
    /// init reaps its zombie children (pid_namespaces(7): "If the init
    /// process of a PID namespace terminates, the kernel terminates all of
    /// the processes in the namespace via a SIGKILL signal").
    ///
    /// Simplification: the kernel's dying init then waits until processes
    /// of the namespace whose parents are outside it (after setns(2)) have
    /// been reaped by those parents; the model does not block, so init
    /// becomes a zombie at once and those stay zombies of their parents.
    fn zap_pid_namespace(&mut self, ns: NsId, init: TaskId) {
        self.pid_ns_mut(ns).adding = false;
        let victims: Vec<TaskId> = self
            .pid_ns(ns)
            .nrs()
            .filter(|&(nr, _)| nr >= 2)
            .filter_map(|(_, p)| self.pid(p).task)
            .collect();
        for v in victims {
            if self
                .get_task(v)
                .is_some_and(|t| t.state != TaskState::Zombie)
            {
                self.do_exit(v, super::signal::wstatus_signaled(super::signal::SIGKILL));
            }
        }
        let zombies: Vec<TaskId> = self.task(init).zombie_children.values().copied().collect();
        for z in zombies {
            self.release_task(z);
        }
    }

    /// `do_notify_parent()`: a zombie `task` tells its parent. If the parent
    /// ignores SIGCHLD (SIG_IGN), the child is reaped at once (wait(2),
    /// "POSIX.1-2001 specifies that if the disposition of SIGCHLD is set to
    /// SIG_IGN ... children that terminate do not become zombies").
    fn do_notify_parent(&mut self, task: TaskId) {
        let Some(parent) = self.task(task).real_parent else {
            return;
        };
        let seq = self.task(task).sibling_seq;
        if self.task(parent).sighand.disposition(SIGCHLD) == SigDisposition::Ignore {
            self.release_task(task);
        } else {
            self.task_mut(parent).zombie_children.insert(seq, task);
        }
    }

    /// `release_task()`: the zombie is gone; its pid numbers become free.
    pub(crate) fn release_task(&mut self, task: TaskId) {
        let t = self
            .tasks
            .remove(task.index, task.generation)
            .expect("live task");
        if let Some(p) = t.real_parent
            && let Some(pt) = self.tasks.get_mut(p.index, p.generation)
        {
            pt.children.remove(&t.sibling_seq);
            pt.zombie_children.remove(&t.sibling_seq);
        }
        self.pid_mut(t.pid).task = None;
        self.maybe_free_pid(t.pid);
        if let Some(p) = t.pgrp {
            self.pid_mut(p).pgrp_users -= 1;
            self.maybe_free_pid(p);
        }
        if let Some(s) = t.session {
            self.pid_mut(s).session_users -= 1;
            self.maybe_free_pid(s);
        }
        self.put_ns(t.cred.user_ns);
    }

    /// wait4(2). `pid > 0`: that child; `-1`: any child; `0`: any child in
    /// the caller's process group; `< -1`: any child in group `-pid`.
    /// Returns the reaped child's pid (as the caller's PID namespace sees
    /// it) and its wait status. ECHILD if no child matches, EINVAL for
    /// unknown options.
    ///
    /// The model has no scheduler and never blocks: where the real call
    /// would sleep (matching children exist, none has exited), it returns
    /// `Ok(None)`, as with WNOHANG.
    pub fn wait4(
        &mut self,
        caller: TaskId,
        pid: i32,
        options: i32,
    ) -> SysResult<Option<(i32, i32)>> {
        self.enter("wait4", caller);
        self.caller(caller)?;
        if options & !(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE) != 0 {
            return Err(Errno::EINVAL);
        }
        let ns = self.task_active_pid_ns(caller);
        let me = self.task(caller);
        let matches = |k: &Kernel, c: TaskId| -> bool {
            let ct = k.task(c);
            match pid {
                -1 => true,
                0 => ct.pgrp.is_some() && ct.pgrp == k.task(caller).pgrp,
                p if p < -1 => ct
                    .pgrp
                    .is_some_and(|g| Some(k.pid_nr_ns(g, ns)) == p.checked_neg()),
                _ => unreachable!(),
            }
        };
        let found = if pid > 0 {
            let c = self
                .find_task_by_pid_ns(pid, ns)
                .filter(|&c| self.task(c).real_parent == Some(caller));
            let Some(c) = c else {
                return Err(Errno::ECHILD);
            };
            (self.task(c).state == TaskState::Zombie).then_some(c)
        } else if pid == -1 {
            if me.children.is_empty() {
                return Err(Errno::ECHILD);
            }
            me.zombie_children.values().next().copied()
        } else {
            let matching: Vec<TaskId> = me
                .children
                .values()
                .copied()
                .filter(|&c| matches(self, c))
                .collect();
            if matching.is_empty() {
                return Err(Errno::ECHILD);
            }
            me.zombie_children
                .values()
                .copied()
                .find(|&z| matches(self, z))
        };
        let Some(child) = found else { return Ok(None) };
        let nr = self.task_pid_nr_ns(child, ns);
        let status = self.task(child).exit_status;
        self.release_task(child);
        Ok(Some((nr, status)))
    }
}

use super::ns_common::NsId;
