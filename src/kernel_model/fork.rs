//! clone(2)/fork(2) (`copy_process()` in kernel/fork.c).

use super::capability::CAP_SYS_ADMIN;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::nsproxy::CloneFlags;
use super::task::{Task, TaskId, TaskState};

impl Kernel {
    /// fork(2): clone without flags.
    pub fn fork(&mut self, caller: TaskId) -> SysResult<TaskId> {
        self.kernel_clone(caller, CloneFlags::EMPTY)
    }

    /// clone(2) with `exit_signal` SIGCHLD (named after kernel/fork.c's
    /// `kernel_clone()`, since `clone` is taken by `Clone`). The model creates processes
    /// only, so the accepted flags are the CLONE_NEW* ones; any other flag
    /// is EINVAL (the kernel would accept e.g. CLONE_VM, which the model
    /// has nothing to share for). Checks in the kernel's order:
    /// CLONE_NEWNS|CLONE_FS and CLONE_NEWUSER|CLONE_FS are EINVAL; a new
    /// user namespace is made first (ENOSPC past the nesting limit, EPERM if
    /// the caller's ids are unmapped); other new namespaces need
    /// CAP_SYS_ADMIN in the (possibly new) user namespace (EPERM);
    /// CLONE_NEWPID after unshare(CLONE_NEWPID) is EINVAL; then a pid is
    /// allocated at every level (EAGAIN when out of pids, ENOMEM when the
    /// target PID namespace's init has died). The first process of a new PID
    /// namespace gets pid 1 and becomes its init (pid_namespaces(7)).
    ///
    /// Returns the child; [`Kernel::pid_vnr`] gives the pid the parent sees.
    pub fn kernel_clone(&mut self, caller: TaskId, flags: CloneFlags) -> SysResult<TaskId> {
        self.enter("clone", caller);
        self.caller(caller)?;
        if flags.contains(CloneFlags::NEWNS | CloneFlags::FS)
            || flags.contains(CloneFlags::NEWUSER | CloneFlags::FS)
        {
            return Err(Errno::EINVAL);
        }
        if flags.0 & !CloneFlags::ALL_NS.0 != 0 {
            return Err(Errno::EINVAL);
        }
        let mut cred = self.task(caller).cred.clone();
        let new_user = if flags.contains(CloneFlags::NEWUSER) {
            Some(self.create_user_ns(&mut cred)?)
        } else {
            None
        };
        let undo_user = |k: &mut Kernel| {
            if let Some(u) = new_user {
                k.put_ns(u);
            }
        };
        let old = self.task(caller).nsproxy.expect("live");
        let ns_flags = CloneFlags(flags.0 & CloneFlags::ALL_NS.0 & !CloneFlags::NEWUSER.0);
        let mut mnt_map = None;
        let mut np = if ns_flags.0 != 0 {
            if !self.cap_capable(&cred, cred.user_ns, CAP_SYS_ADMIN) {
                undo_user(self);
                return Err(Errno::EPERM);
            }
            match self.create_new_namespaces(ns_flags, caller, &old, cred.user_ns) {
                Ok((np, map)) => {
                    mnt_map = map;
                    np
                }
                Err(e) => {
                    undo_user(self);
                    return Err(e);
                }
            }
        } else {
            for n in old.all() {
                self.get_ns(n);
            }
            old
        };
        // timens_on_fork(): the child enters time_for_children.
        if np.time != np.time_for_children {
            self.get_ns(np.time_for_children);
            self.put_ns(np.time);
            np.time = np.time_for_children;
            self.time_ns_mut(np.time).frozen = true;
        }
        let pid = match self.alloc_pid(np.pid_for_children) {
            Ok(p) => p,
            Err(e) => {
                for n in np.all() {
                    self.put_ns(n);
                }
                undo_user(self);
                return Err(e);
            }
        };
        if new_user.is_none() {
            self.get_ns(cred.user_ns);
        }
        let seq = self.next_sibling_seq;
        self.next_sibling_seq += 1;
        // copy_fs_struct() and dup_fd(): the child's root, cwd and fd table
        // are copies (CLONE_FS/CLONE_FILES are not modelled); in a new
        // mount namespace the root and cwd move to the copied mounts.
        let pt = self
            .tasks
            .get(caller.index, caller.generation)
            .expect("live task");
        let mut fs = self.vfs.copy_fs_struct(pt.fs.as_ref().expect("live"));
        let files = self.vfs.dup_files(&pt.files);
        if let Some(map) = &mnt_map {
            self.vfs.translate_fs(&mut fs, map);
        }
        let parent = self.task(caller);
        let (pgrp, session) = (parent.pgrp, parent.session);
        let child = Task {
            comm: parent.comm.clone(),
            state: TaskState::Running,
            pid,
            pgrp,
            session,
            real_parent: Some(caller),
            children: Default::default(),
            zombie_children: Default::default(),
            sibling_seq: seq,
            exit_status: 0,
            cred,
            nsproxy: Some(np),
            sighand: parent.sighand,
            shared_pending: 0,
            umask: parent.umask,
            cgroup: parent.cgroup.clone(),
            start_time_ns: self.clock_ns,
            fs: Some(fs),
            files,
            argv: parent.argv.clone(),
            exe: parent.exe.clone(),
            tty: parent.tty,
            did_exec: false,
        };
        if let Some(p) = pgrp {
            self.pid_mut(p).pgrp_users += 1;
        }
        if let Some(s) = session {
            self.pid_mut(s).session_users += 1;
        }
        self.total_forks += 1;
        let (index, generation) = self.tasks.insert(child);
        let id = TaskId { index, generation };
        self.attach_pid(pid, id);
        self.task_mut(caller).children.insert(seq, id);
        let p = self.pid(pid);
        let deepest = p.numbers[p.level()];
        if deepest.nr == 1 {
            self.pid_ns_mut(deepest.ns).child_reaper = Some(id);
        }
        Ok(id)
    }

    /// The pid of `task` as `viewer`'s active PID namespace sees it
    /// (`task_pid_vnr()`): what fork returns to the parent; 0 if invisible
    /// or if either task no longer exists.
    pub fn pid_vnr(&self, viewer: TaskId, task: TaskId) -> i32 {
        if self.get_task(viewer).is_none() || self.get_task(task).is_none() {
            return 0;
        }
        self.task_pid_nr_ns(task, self.task_active_pid_ns(viewer))
    }
}
