//! Blocked programs and virtual time.
//!
//! The model kernel has no scheduler: a program runs to its end when the
//! shell starts it. Two things a real program does can outlast that: it
//! sleeps (`sleep 100 &`), or it waits for a child that sleeps (`unshare
//! --fork sleep 100 &`). The userland keeps, for each such blocked task,
//! what it does once woken — the one thing a model program can still do
//! then is end — and moves the kernel's virtual clock forward when a
//! foreground `sleep` or `wait` lets time pass.
//!
//! Shared (`Rc<RefCell<…>>`) by every shell and program of one
//! [`Session`](super::session::Session): a timer armed in one terminal
//! fires while another terminal sleeps.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::kernel_model::{Kernel, TaskId, TaskState};

/// What a blocked task does when it wakes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// `sleep` ended: exit 0.
    Exit0,
    /// A parent that waits for `child` and then ends the way it ended
    /// (`unshare --fork`, `nsenter` with a PID namespace): exit with its
    /// code, or kill itself with the same signal.
    AfterChild(TaskId, Relay),
}

/// How a program that waited for its child passes the child's end on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relay {
    /// util-linux 2.38.1 unshare: `signal(sig, SIG_DFL)` fails for SIGKILL
    /// and SIGSTOP, so it prints `unshare: sigprocmask unblock failed:
    /// Invalid argument` and exits 1 instead of dying the same way
    /// (checked on the real kernel).
    Unshare,
    /// nsenter: exit with the code, or kill itself with the signal.
    Raise,
    /// A shell whose last command it waited for: exits with that
    /// command's `$?` (128 + the signal if it was killed).
    Shell,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Inner {
    /// Armed timers: (deadline in virtual ns, arming order) → task.
    timers: BTreeMap<(u64, u64), TaskId>,
    seq: u64,
    /// Every blocked task and its continuation (ordered: firing order
    /// must not depend on hashing).
    blocked: BTreeMap<TaskId, Wake>,
}

/// The blocked tasks of one session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sched(Rc<RefCell<Inner>>);

impl Sched {
    /// `task` sleeps for `ns` of virtual time, then exits 0.
    pub fn sleep(&self, k: &Kernel, task: TaskId, ns: u64) {
        let mut s = self.0.borrow_mut();
        let deadline = k.clock_ns().saturating_add(ns);
        s.seq += 1;
        let seq = s.seq;
        s.timers.insert((deadline, seq), task);
        s.blocked.insert(task, Wake::Exit0);
    }

    /// `task` waits for `child` to end, then ends the same way.
    pub fn wait_child(&self, task: TaskId, child: TaskId, relay: Relay) {
        self.0
            .borrow_mut()
            .blocked
            .insert(task, Wake::AfterChild(child, relay));
    }

    pub fn is_blocked(&self, task: TaskId) -> bool {
        self.0.borrow().blocked.contains_key(&task)
    }

    /// When `task` (or the chain of waiters it ends) would next wake on a
    /// timer: `None` if it never will (it waits for nothing that sleeps).
    pub fn wake_time(&self, task: TaskId) -> Option<u64> {
        let s = self.0.borrow();
        let mut t = task;
        for _ in 0..=s.blocked.len() {
            match s.blocked.get(&t)? {
                Wake::Exit0 => {
                    return s
                        .timers
                        .iter()
                        .find(|(_, v)| **v == t)
                        .map(|((d, _), _)| *d);
                }
                Wake::AfterChild(c, _) => t = *c,
            }
        }
        None
    }

    /// Lets `ns` of virtual time pass: every timer that expires on the way
    /// fires at its own time, in order, and the waiters it ends follow.
    pub fn advance(&self, k: &mut Kernel, ns: u64) {
        let end = k.clock_ns().saturating_add(ns);
        self.advance_to(k, end);
    }

    /// Lets time pass until `end` (virtual ns).
    pub fn advance_to(&self, k: &mut Kernel, end: u64) {
        loop {
            let next = {
                let s = self.0.borrow();
                s.timers
                    .iter()
                    .next()
                    .filter(|((d, _), _)| *d <= end)
                    .map(|(key, t)| (*key, *t))
            };
            let Some((key, task)) = next else { break };
            self.0.borrow_mut().timers.remove(&key);
            if k.clock_ns() < key.0 {
                k.advance_clock(key.0 - k.clock_ns());
            }
            if self.0.borrow_mut().blocked.remove(&task).is_some() && alive(k, task) {
                let _ = k.exit(task, 0);
            }
            self.settle(k);
        }
        if k.clock_ns() < end {
            k.advance_clock(end - k.clock_ns());
        }
        self.settle(k);
    }

    /// Runs the continuations that are due: waiters whose child has ended
    /// reap it and end the same way; entries of tasks that died (a signal)
    /// are dropped.
    pub fn settle(&self, k: &mut Kernel) {
        loop {
            let entries: Vec<(TaskId, Wake)> = {
                let s = self.0.borrow();
                s.blocked.iter().map(|(t, w)| (*t, *w)).collect()
            };
            let mut changed = false;
            for (task, wake) in entries {
                if !alive(k, task) {
                    let mut s = self.0.borrow_mut();
                    s.blocked.remove(&task);
                    s.timers.retain(|_, t| *t != task);
                    changed = true;
                    continue;
                }
                let Wake::AfterChild(child, relay) = wake else {
                    continue;
                };
                if alive(k, child) {
                    continue;
                }
                self.0.borrow_mut().blocked.remove(&task);
                let pid = k.pid_vnr(task, child);
                let status = match k.wait4(task, pid, 0) {
                    Ok(Some((_, ws))) => ws,
                    _ => 0,
                };
                if let Some(msg) = end_like(k, task, status, relay) {
                    // Its stderr, if that is a file; on the terminal the
                    // line would show while the tab is idle: the model
                    // drops it there (the lessons redirect it).
                    let _ = k.write(task, 2, msg.as_bytes());
                    let _ = k.exit(task, 1);
                }
                changed = true;
            }
            if !changed {
                return;
            }
        }
    }
}

/// The task exists and has not exited.
pub fn alive(k: &Kernel, task: TaskId) -> bool {
    k.get_task(task)
        .is_some_and(|t| t.state != TaskState::Zombie)
}

/// Ends `task` as its child ended (wait status `ws`): with the same exit
/// code, or killed by the same signal (`kill(getpid(), WTERMSIG(status))`
/// in util-linux). `Some(message)`: the program cannot, prints this on
/// its stderr and must exit 1 (see [`Relay::Unshare`]); the task is left
/// alive for the caller to do so.
pub fn end_like(k: &mut Kernel, task: TaskId, ws: i32, relay: Relay) -> Option<&'static str> {
    let sig = ws & 0x7f;
    if sig == 0 {
        let _ = k.exit(task, (ws >> 8) & 0xff);
        return None;
    }
    if relay == Relay::Shell {
        let _ = k.exit(task, 128 + sig);
        return None;
    }
    if relay == Relay::Unshare && (sig == 9 || sig == 19) {
        return Some("unshare: sigprocmask unblock failed: Invalid argument\n");
    }
    let pid = k.getpid(task).unwrap_or(0);
    let _ = k.kill(task, pid, sig);
    if alive(k, task) {
        let _ = k.exit(task, 128 + sig);
    }
    None
}
