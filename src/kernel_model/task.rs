//! Tasks (the kernel's `struct task_struct`), one per process: the model has
//! no threads, so a process is one task and its tgid is its pid.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cred::Cred;
use super::nsproxy::Nsproxy;
use super::pid::PidId;
use super::signal::SigHand;
use super::vfs::{FilesStruct, FsStruct};

/// Handle of a task, stable for its life (the slot's generation changes
/// when the slot is reused, so stale handles are detected).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TaskId {
    pub index: u32,
    pub generation: u32,
}

/// The states the model distinguishes (proc(5), /proc/PID/stat "state").
/// A live task that is not the reader shows as sleeping, as a shell waiting
/// for its child does; the reader itself is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskState {
    Running,
    /// Stopped by SIGSTOP (`T (stopped)`).
    Stopped,
    /// Exited, not yet reaped by wait (`Z (zombie)`).
    Zombie,
}

/// `TASK_COMM_LEN`: the comm is at most 15 bytes plus NUL.
pub const TASK_COMM_LEN: usize = 16;

#[derive(Clone, Debug)]
pub struct Task {
    /// `comm`, set by execve(2) to the file name's last component,
    /// truncated to 15 bytes (proc(5) /proc/PID/comm).
    pub comm: String,
    pub state: TaskState,
    pub(crate) pid: PidId,
    /// Process group and session (kept by a zombie until it is reaped).
    pub(crate) pgrp: Option<PidId>,
    pub(crate) session: Option<PidId>,
    pub(crate) real_parent: Option<TaskId>,
    /// Children in the order of the kernel's `children` list (fork order,
    /// reparented ones appended), keyed by a sequence number.
    pub(crate) children: BTreeMap<u64, TaskId>,
    /// The children that are zombies, same keys, so wait is not a scan.
    pub(crate) zombie_children: BTreeMap<u64, TaskId>,
    /// This task's key in its parent's `children`.
    pub(crate) sibling_seq: u64,
    /// The wait(2) status once a zombie: `code << 8` or the signal number.
    pub exit_status: i32,
    pub cred: Cred,
    /// `None` once exited (exit_task_namespaces()).
    pub nsproxy: Option<Nsproxy>,
    pub sighand: SigHand,
    /// Process-directed signals waiting while the task is stopped
    /// (`signal->shared_pending`, ShdPnd in /proc/PID/status).
    pub shared_pending: u64,
    pub umask: u32,
    /// Absolute path of the task's cgroup in the unified hierarchy.
    pub cgroup: String,
    /// Virtual CLOCK_BOOTTIME at fork, in nanoseconds.
    pub start_time_ns: u64,
    /// Root and cwd (`fs_struct`); `None` once exited (exit_fs()).
    pub(crate) fs: Option<FsStruct>,
    /// The fd table (`files_struct`); emptied at exit (exit_files()).
    pub(crate) files: FilesStruct,
    /// The argument vector of the last execve(2) (the mm's arg area, what
    /// /proc/PID/cmdline shows); a fork shares its parent's.
    pub argv: Vec<String>,
    /// The executable of the last execve(2) (`mm->exe_file`), as its path
    /// from the exec-ing task's root (/proc/PID/exe; simplified: Linux
    /// renders it from the reader's root).
    pub exe: String,
    /// The controlling terminal (`signal->tty`), inherited at fork,
    /// dropped by setsid(2).
    pub tty: Option<super::tty::TtyId>,
    /// Has called execve(2) since fork (setpgid(2) EACCES on a child that
    /// has).
    pub(crate) did_exec: bool,
}

impl Task {
    pub fn real_parent(&self) -> Option<super::task::TaskId> {
        self.real_parent
    }

    pub fn children(&self) -> impl Iterator<Item = TaskId> + '_ {
        self.children.values().copied()
    }
}

/// The comm execve(2) gives: the last path component, at most 15 bytes
/// (`__set_task_comm()` via `kbasename()`), cut at a character boundary.
pub fn comm_from_path(path: &str) -> String {
    let base = path.rsplit('/').next().unwrap_or(path);
    let mut end = base.len().min(TASK_COMM_LEN - 1);
    while !base.is_char_boundary(end) {
        end -= 1;
    }
    base[..end].to_owned()
}

impl super::kernel::Kernel {
    /// The state /proc shows for `t` when `reader` reads it (the State
    /// line of status and field 3 of stat). The model has no scheduler, so
    /// the one rule for every proc file is: the reader is running (R) —
    /// it is executing the read; every other live task is sleeping (S),
    /// as all of them are blocked on the terminal, wait4(2) or a sleep;
    /// a stopped task is T, a zombie Z.
    pub fn task_state_name(&self, reader: TaskId, t: TaskId) -> &'static str {
        match self.task(t).state {
            TaskState::Zombie => "Z (zombie)",
            TaskState::Stopped => "T (stopped)",
            TaskState::Running if t == reader => "R (running)",
            TaskState::Running => "S (sleeping)",
        }
    }
}
