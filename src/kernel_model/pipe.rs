//! pipe2(2) for a task (the VFS side is vfs/pipe.rs), and SIGPIPE for a
//! write to a pipe nobody reads.

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::signal::{SIGPIPE, SigDisposition};
use super::task::TaskId;

impl Kernel {
    /// pipe2(2): `(read end, write end)`. Flags: O_CLOEXEC, O_NONBLOCK
    /// (O_DIRECT accepted), else EINVAL; EMFILE when the fd table is full.
    pub fn pipe2(&mut self, caller: TaskId, flags: u32) -> SysResult<(i32, i32)> {
        self.with_vfs("pipe2", caller, |v, ctx, _, files| {
            v.pipe2(files, flags, (ctx.fsuid, ctx.fsgid), ctx.now)
        })
    }

    /// pipe(2).
    pub fn pipe(&mut self, caller: TaskId) -> SysResult<(i32, i32)> {
        self.pipe2(caller, 0)
    }

    /// After a write(2) failed with EPIPE: `pipe_write()` sends SIGPIPE to
    /// the writer (`send_sig(SIGPIPE, current, 0)`), which by default
    /// terminates it (wait status 13, as `$?` 141 in bash); the write still
    /// returns EPIPE to a writer that ignores or catches the signal.
    pub(crate) fn epipe(&mut self, caller: TaskId, r: SysResult<usize>) -> SysResult<usize> {
        if r == Err(Errno::EPIPE) {
            // sig_task_ignored(): a namespace init (SIGNAL_UNKILLABLE)
            // ignores a default-action signal that is not forced.
            let ns = self.task_active_pid_ns(caller);
            let is_init = self.pid_ns(ns).child_reaper == Some(caller);
            let dfl = self.task(caller).sighand.disposition(SIGPIPE) == SigDisposition::Default;
            if !(is_init && dfl) {
                self.deliver(caller, SIGPIPE);
            }
        }
        r
    }
}
