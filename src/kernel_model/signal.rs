//! Signals (signal(7), kill(2)) as far as the lessons need them: dispositions
//! (default, ignore, handler), default actions, permission checks and the
//! protection of a PID namespace's init (pid_namespaces(7), "The namespace
//! init process").

use serde::{Deserialize, Serialize};

use super::capability::CAP_KILL;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::{TaskId, TaskState};

pub const SIGHUP: i32 = 1;
pub const SIGINT: i32 = 2;
pub const SIGQUIT: i32 = 3;
pub const SIGKILL: i32 = 9;
pub const SIGUSR1: i32 = 10;
pub const SIGUSR2: i32 = 12;
pub const SIGPIPE: i32 = 13;
pub const SIGTERM: i32 = 15;
pub const SIGCHLD: i32 = 17;
pub const SIGCONT: i32 = 18;
pub const SIGSTOP: i32 = 19;
pub const SIGTSTP: i32 = 20;
pub const SIGTTIN: i32 = 21;
pub const SIGTTOU: i32 = 22;
pub const SIGURG: i32 = 23;
pub const SIGWINCH: i32 = 28;
/// `_NSIG`.
pub const NSIG: i32 = 64;

/// What a task does with a signal (sigaction(2) `sa_handler`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigDisposition {
    Default,
    Ignore,
    /// A user handler; the model does not run user code, so a caught signal
    /// only shows in SigCgt.
    Handler,
}

/// The default action of a signal (signal(7), "Standard signals").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    Term,
    Ign,
    Stop,
    Cont,
}

pub fn default_action(sig: i32) -> DefaultAction {
    match sig {
        SIGCHLD | SIGURG | SIGWINCH => DefaultAction::Ign,
        SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU => DefaultAction::Stop,
        SIGCONT => DefaultAction::Cont,
        // Core-dumping signals terminate too; the model never dumps core
        // (RLIMIT_CORE 0), so the wait status has no 0x80 bit.
        _ => DefaultAction::Term,
    }
}

fn bit(sig: i32) -> u64 {
    1u64 << (sig - 1)
}

/// The task's signal dispositions (`struct sighand_struct`) as the two masks
/// /proc/PID/status prints as SigIgn and SigCgt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigHand {
    pub ignored: u64,
    pub caught: u64,
}

impl SigHand {
    pub fn disposition(&self, sig: i32) -> SigDisposition {
        if self.caught & bit(sig) != 0 {
            SigDisposition::Handler
        } else if self.ignored & bit(sig) != 0 {
            SigDisposition::Ignore
        } else {
            SigDisposition::Default
        }
    }

    /// execve(2): "handled signals are reset to their default; ignored
    /// signals stay ignored" (`flush_signal_handlers()`).
    pub fn exec(&mut self) {
        self.caught = 0;
    }
}

/// What a wait(2) status says (wait(2) WIFEXITED/WIFSIGNALED).
pub fn wstatus_exited(code: i32) -> i32 {
    (code & 0xff) << 8
}

pub fn wstatus_signaled(sig: i32) -> i32 {
    sig & 0x7f
}

impl Kernel {
    /// rt_sigaction(2), disposition only. EINVAL for an invalid signal or
    /// for changing SIGKILL/SIGSTOP ("cannot be caught or ignored").
    pub fn sigaction(
        &mut self,
        caller: TaskId,
        sig: i32,
        disp: SigDisposition,
    ) -> SysResult<SigDisposition> {
        self.enter("sigaction", caller);
        self.caller(caller)?;
        if !(1..=NSIG).contains(&sig) || sig == SIGKILL || sig == SIGSTOP {
            return Err(Errno::EINVAL);
        }
        let sh = &mut self.task_mut(caller).sighand;
        let old = sh.disposition(sig);
        sh.caught &= !bit(sig);
        sh.ignored &= !bit(sig);
        match disp {
            SigDisposition::Default => {}
            SigDisposition::Ignore => sh.ignored |= bit(sig),
            SigDisposition::Handler => sh.caught |= bit(sig),
        }
        Ok(old)
    }

    /// `kill_ok_by_cred()` (kernel/signal.c, kill(2) "Permissions"): the
    /// sender's real or effective uid equals the target's real or saved
    /// uid, or the sender has CAP_KILL in the target's user namespace.
    fn kill_permitted(&self, sender: TaskId, target: TaskId) -> bool {
        let c = &self.task(sender).cred;
        let t = &self.task(target).cred;
        c.euid == t.suid
            || c.euid == t.uid
            || c.uid == t.suid
            || c.uid == t.uid
            || self.cap_capable(c, t.user_ns, CAP_KILL)
    }

    /// kill(2). `pid > 0`: that process; `0`: the caller's process group;
    /// `-1`: every process the caller may signal except itself and the init
    /// of its PID namespace; `< -1`: process group `-pid`. `sig == 0` only
    /// checks existence and permission. Errors: EINVAL (bad signal), ESRCH
    /// (no such process or group, as seen from the caller's PID namespace),
    /// EPERM (not permitted). A zombie can still be signalled (and ignores
    /// it).
    pub fn kill(&mut self, caller: TaskId, pid: i32, sig: i32) -> SysResult<()> {
        self.enter("kill", caller);
        self.caller(caller)?;
        if !(0..=NSIG).contains(&sig) {
            return Err(Errno::EINVAL);
        }
        let ns = self.task_active_pid_ns(caller);
        if pid > 0 {
            let target = self.find_task_by_pid_ns(pid, ns).ok_or(Errno::ESRCH)?;
            return self.send_sig(caller, target, sig);
        }
        if pid == -1 {
            // kill_something_info(): every visible process with vnr > 1,
            // except the caller. Returns 0 if one was found, even if every
            // one was refused with EPERM.
            let targets: Vec<TaskId> = self
                .pid_ns(ns)
                .nrs()
                .filter(|&(nr, _)| nr > 1)
                .filter_map(|(_, p)| self.pid(p).task)
                .filter(|&t| t != caller)
                .collect();
            if targets.is_empty() {
                return Err(Errno::ESRCH);
            }
            let mut ret = Ok(());
            for t in targets {
                if self.get_task(t).is_none() {
                    continue;
                }
                if let Err(e) = self.send_sig(caller, t, sig)
                    && e != Errno::EPERM
                {
                    ret = Err(e);
                }
            }
            return ret;
        }
        // Process group: __kill_pgrp_info().
        let pgrp_pid = if pid == 0 {
            self.task(caller).pgrp.ok_or(Errno::ESRCH)?
        } else {
            let nr = pid.checked_neg().ok_or(Errno::ESRCH)?;
            *self.pid_ns(ns).idr.get(&nr).ok_or(Errno::ESRCH)?
        };
        let members: Vec<TaskId> = self
            .tasks
            .iter()
            .filter(|(_, _, t)| t.pgrp == Some(pgrp_pid))
            .map(|(index, generation, _)| TaskId { index, generation })
            .collect();
        let mut ret = Err(Errno::ESRCH);
        let mut success = false;
        for t in members {
            if self.get_task(t).is_none() {
                continue;
            }
            let r = self.send_sig(caller, t, sig);
            success |= r.is_ok();
            ret = r;
        }
        if success { Ok(()) } else { ret }
    }

    /// Permission check and delivery to one task.
    fn send_sig(&mut self, sender: TaskId, target: TaskId, sig: i32) -> SysResult<()> {
        if !self.kill_permitted(sender, target) {
            return Err(Errno::EPERM);
        }
        if sig == 0 {
            return Ok(());
        }
        let t = self.task(target);
        if t.state == TaskState::Zombie {
            return Ok(());
        }
        let disp = t.sighand.disposition(sig);
        let tns = self.task_active_pid_ns(target);
        let is_ns_init = self.pid_ns(tns).child_reaper == Some(target);
        if is_ns_init && disp == SigDisposition::Default {
            // pid_namespaces(7): init gets only signals it has a handler
            // for, except SIGKILL and SIGSTOP sent from an ancestor
            // namespace, which are forced. sig_task_ignored() in
            // kernel/signal.c. Checked on 6.18: kill(1, SIGKILL) and
            // kill(1, SIGTERM) from inside return 0 and init lives on.
            let from_ancestor = self.task_pid_nr_ns(sender, tns) == 0;
            if !(from_ancestor && (sig == SIGKILL || sig == SIGSTOP)) {
                return Ok(());
            }
        }
        self.deliver(target, sig);
        Ok(())
    }

    /// `prepare_signal()` + delivery. Stop signals discard a pending
    /// SIGCONT and SIGCONT discards pending stop signals and resumes the
    /// task. While a task is stopped, signals other than SIGKILL and
    /// SIGCONT wait in its shared pending set (unless ignored, in which
    /// case they are discarded at once); SIGCONT then delivers them, lowest
    /// number first (signal(7), "Signal mask and pending signals").
    pub(crate) fn deliver(&mut self, target: TaskId, sig: i32) {
        const STOP_MASK: u64 = (1 << (SIGSTOP - 1))
            | (1 << (SIGTSTP - 1))
            | (1 << (SIGTTIN - 1))
            | (1 << (SIGTTOU - 1));
        let t = self.task_mut(target);
        let disp = t.sighand.disposition(sig);
        if sig == SIGKILL {
            self.do_exit(target, wstatus_signaled(SIGKILL));
            return;
        }
        if sig == SIGCONT {
            t.shared_pending &= !STOP_MASK;
            if t.state == TaskState::Stopped {
                t.state = TaskState::Running;
                let mut pending = std::mem::take(&mut t.shared_pending);
                while pending != 0 && self.task(target).state != TaskState::Zombie {
                    let s = pending.trailing_zeros() as i32 + 1;
                    pending &= pending - 1;
                    self.deliver(target, s);
                }
            }
            return;
        }
        if bit(sig) & STOP_MASK != 0 {
            t.shared_pending &= !bit(SIGCONT);
        }
        let ignored = disp == SigDisposition::Ignore
            || (disp == SigDisposition::Default && default_action(sig) == DefaultAction::Ign);
        if ignored {
            return;
        }
        if t.state == TaskState::Stopped {
            t.shared_pending |= bit(sig);
            return;
        }
        if disp == SigDisposition::Default {
            match default_action(sig) {
                DefaultAction::Term => self.do_exit(target, wstatus_signaled(sig)),
                DefaultAction::Stop => self.task_mut(target).state = TaskState::Stopped,
                DefaultAction::Ign | DefaultAction::Cont => {}
            }
        }
    }
}
