//! Terminals: pseudo-terminals of devpts and controlling terminals
//! (credentials(7) "Sessions and process groups", tty_ioctl(4),
//! drivers/tty/tty_jobctrl.c).
//!
//! [`Kernel::alloc_pty`] stands for opening /dev/ptmx: it makes /dev/pts/N
//! in the devpts instance mounted on the caller's /dev/pts and returns N.
//! A session leader without a controlling terminal that opens a terminal
//! without O_NOCTTY acquires it (`tty_open_proc_set_tty()`); the terminal
//! then records the session and its foreground process group, which
//! tcsetpgrp(3) changes. When the session leader exits the terminal loses
//! its session (`disassociate_ctty()`; the model sends no SIGHUP).
//!
//! Simplified: no master side, no line discipline, no job-control
//! signals (a background process may write and call tcsetpgrp(3) without
//! SIGTTOU).

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::pid::PidId;
use super::task::TaskId;
use super::vfs::{AT_FDCWD, CharDev, DevT, InodeData, SbId};

/// A terminal: the devpts instance (its super block) and the index N of
/// /dev/pts/N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TtyId {
    pub sb: SbId,
    pub index: u32,
}

impl TtyId {
    /// The device number, 136:N (devices.txt).
    pub fn dev(self) -> DevT {
        CharDev::Pty(self.index).rdev()
    }
}

/// `struct tty_struct`, the job-control part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tty {
    /// The session it controls (`tty->session`).
    pub session: Option<PidId>,
    /// Its foreground process group (`tty->pgrp`).
    pub pgrp: Option<PidId>,
}

/// `new_encode_dev()`: the 32-bit device number /proc/PID/stat shows as
/// tty_nr (minor bits 0–7 and 20–31, major bits 8–19).
pub fn new_encode_dev(d: DevT) -> u32 {
    (d.minor & 0xff) | (d.major << 8) | ((d.minor & !0xff) << 12)
}

impl Kernel {
    /// Allocates a pseudo-terminal as an open of /dev/ptmx would: the
    /// devpts instance is the one on the caller's /dev/pts (ENOENT if
    /// there is none, ENODEV if something else is mounted there). Returns
    /// N of the new /dev/pts/N (the lowest free index).
    pub fn alloc_pty(&mut self, caller: TaskId) -> SysResult<u32> {
        let (sb, index) = self.with_vfs("open", caller, |v, ctx, fs, files| {
            let p = v.path_lookup(ctx, fs, files, AT_FDCWD, "/dev/pts", true)?;
            let sb = v.dentry(p.dentry).sb;
            let gid = ctx.fsgid;
            Ok((sb, v.devpts_new(sb, ctx.fsuid, gid, ctx.now)?))
        })?;
        self.ttys.insert(TtyId { sb, index }, Tty::default());
        Ok(index)
    }

    /// The terminal, if any, a descriptor of `task` has open (/dev/tty
    /// stands for the task's controlling terminal).
    pub(crate) fn fd_tty(&self, task: TaskId, fd: i32) -> SysResult<Option<TtyId>> {
        let t = self.task(task);
        let f = self.vfs.file(&t.files, fd)?;
        let inode = self.vfs.path_inode(f.path);
        Ok(match inode.data {
            InodeData::CharDev(CharDev::Pty(index)) => Some(TtyId {
                sb: inode.sb,
                index,
            }),
            InodeData::CharDev(CharDev::Tty) => t.tty,
            _ => None,
        })
    }

    /// After open(2) of `fd`: a session leader without a controlling
    /// terminal acquires the terminal it opened, if that one controls no
    /// session and O_NOCTTY was not given.
    pub(crate) fn open_maybe_set_ctty(&mut self, task: TaskId, fd: i32, noctty: bool) {
        if noctty || !self.is_session_leader(task) || self.task(task).tty.is_some() {
            return;
        }
        let Ok(Some(id)) = self.fd_tty(task, fd) else {
            return;
        };
        let Some(tty) = self.ttys.get(&id) else {
            return;
        };
        if tty.session.is_some() {
            return;
        }
        let t = self.task(task);
        let (session, pgrp) = (t.session, t.pgrp);
        self.ttys.insert(id, Tty { session, pgrp });
        self.task_mut(task).tty = Some(id);
    }

    /// `disassociate_ctty()` when a session leader exits: its terminal
    /// no longer controls a session.
    pub(crate) fn exit_ctty(&mut self, task: TaskId) {
        if !self.is_session_leader(task) {
            return;
        }
        if let Some(id) = self.task(task).tty
            && let Some(tty) = self.ttys.get_mut(&id)
        {
            *tty = Tty::default();
        }
    }

    /// The terminal `fd` refers to, which must be the caller's controlling
    /// terminal, controlling the caller's session: EBADF, ENOTTY.
    fn ctty_of_fd(&self, caller: TaskId, fd: i32) -> SysResult<TtyId> {
        let id = self.fd_tty(caller, fd)?.ok_or(Errno::ENOTTY)?;
        let t = self.task(caller);
        if t.tty != Some(id) || self.ttys.get(&id).map(|x| x.session) != Some(t.session) {
            return Err(Errno::ENOTTY);
        }
        Ok(id)
    }

    /// tcgetpgrp(3) (TIOCGPGRP): the foreground process group of the
    /// caller's controlling terminal open on `fd` (0 if none). EBADF,
    /// ENOTTY (not a terminal, or not the caller's controlling terminal).
    pub fn tcgetpgrp(&mut self, caller: TaskId, fd: i32) -> SysResult<i32> {
        self.enter("tcgetpgrp", caller);
        self.caller(caller)?;
        let id = self.fd_tty(caller, fd)?.ok_or(Errno::ENOTTY)?;
        if self.task(caller).tty != Some(id) {
            return Err(Errno::ENOTTY);
        }
        Ok(self.pid_id_vnr(caller, self.ttys[&id].pgrp))
    }

    /// tcsetpgrp(3) (TIOCSPGRP, `tiocspgrp()`): EBADF, ENOTTY (as for
    /// tcgetpgrp, or the terminal controls another session), EINVAL for a
    /// negative group, ESRCH if no such process group exists, EPERM if it
    /// is in another session.
    pub fn tcsetpgrp(&mut self, caller: TaskId, fd: i32, pgrp: i32) -> SysResult<()> {
        self.enter("tcsetpgrp", caller);
        self.caller(caller)?;
        let id = self.ctty_of_fd(caller, fd)?;
        if pgrp < 0 {
            return Err(Errno::EINVAL);
        }
        let ns = self.task_active_pid_ns(caller);
        let g = *self.pid_ns(ns).idr.get(&pgrp).ok_or(Errno::ESRCH)?;
        // session_of_pgrp(): the session of a member of the group.
        let session = self
            .tasks
            .iter()
            .find(|(_, _, t)| t.pgrp == Some(g))
            .map(|(_, _, t)| t.session);
        match session {
            None => return Err(Errno::ESRCH),
            Some(s) if s != self.task(caller).session => return Err(Errno::EPERM),
            Some(_) => {}
        }
        self.ttys.get_mut(&id).expect("allocated").pgrp = Some(g);
        Ok(())
    }

    /// The job-control state of a terminal.
    pub fn tty(&self, id: TtyId) -> Option<&Tty> {
        self.ttys.get(&id)
    }
}
