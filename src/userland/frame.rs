//! What a terminal holds: the stack of processes its keyboard belongs to.
//! The bottom is the tab's login shell; `unshare --fork bash` pushes the
//! unshare process (waiting for its child) and the new bash on top, which
//! reads the next lines until it exits; then the frames below finish in
//! turn — unshare exits as its child did, and the shell below reaps it and
//! shows its prompt again.

use crate::kernel_model::TaskId;
use crate::userland::sched::Relay;
use crate::userland::shell::exec::Shell;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// An interactive shell. Below the top, it waits for its foreground
    /// job ([`Shell::fg_wait`]).
    Shell(Box<Shell>),
    /// A program blocked in waitpid(2) for `child`, which ends the way
    /// its child ended; `stderr_tty`: its stderr is the terminal.
    Waiter {
        task: TaskId,
        child: TaskId,
        relay: Relay,
        stderr_tty: bool,
    },
}

impl Frame {
    pub fn task(&self) -> TaskId {
        match self {
            Frame::Shell(sh) => sh.task,
            Frame::Waiter { task, .. } => *task,
        }
    }
}
