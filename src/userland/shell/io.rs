//! Where a running command's descriptors 0, 1, 2 (and any other it opened
//! with a redirection) lead: the terminal, or a file open in the model.
//!
//! The model has no terminal device that keeps what is written (its
//! /dev/tty discards), so the terminal is the userland's: bytes written to
//! it are collected in an [`Output`] for the UI. Files are ordinary model
//! descriptors of the task that runs the command.

use std::collections::BTreeMap;

use crate::kernel_model::{Errno, Kernel, SysResult, TaskId, TaskState};

/// What one command line printed, and its exit status (`$?` afterwards).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// What the terminal shows: stdout and stderr interleaved in the order
    /// they were written, as a transcript records them.
    pub screen: Vec<u8>,
    pub status: i32,
    /// The system calls the line's processes made, in order (what
    /// `strace -f` would list), when the session traces.
    pub syscalls: Vec<crate::kernel_model::SyscallRecord>,
}

impl Output {
    /// Bytes written to the terminal through stdout.
    pub fn out(&mut self, buf: &[u8]) {
        self.stdout.extend_from_slice(buf);
        self.show(buf);
    }

    /// Bytes written to the terminal through stderr.
    pub fn err(&mut self, buf: &[u8]) {
        self.stderr.extend_from_slice(buf);
        self.show(buf);
    }

    /// A terminal shows nothing for NUL (`cat /proc/$$/cmdline` shows
    /// `bash-i`), so the screen leaves it out; stdout keeps every byte.
    fn show(&mut self, buf: &[u8]) {
        self.screen.extend(buf.iter().copied().filter(|&b| b != 0));
    }
}

/// One descriptor of a running command, as the userland sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// The terminal's keyboard: the model feeds no input yet, so reads see
    /// end of file (as `cat` with stdin from an empty pipe).
    TermIn,
    /// The terminal's screen, stdout side (collected in [`Output::stdout`]).
    TermOut,
    /// The terminal's screen, stderr side (collected in [`Output::stderr`]).
    TermErr,
    /// A descriptor open in the model, in the task running the command.
    Model(i32),
}

/// The descriptor table of a running command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Io {
    fds: BTreeMap<u32, Stream>,
}

impl Default for Io {
    fn default() -> Self {
        Io::terminal()
    }
}

impl Io {
    /// 0, 1 and 2 on the terminal, as at a prompt.
    pub fn terminal() -> Io {
        let mut fds = BTreeMap::new();
        fds.insert(0, Stream::TermIn);
        fds.insert(1, Stream::TermOut);
        fds.insert(2, Stream::TermErr);
        Io { fds }
    }

    pub fn get(&self, fd: u32) -> Option<Stream> {
        self.fds.get(&fd).copied()
    }

    pub fn set(&mut self, fd: u32, s: Stream) {
        self.fds.insert(fd, s);
    }

    pub fn close(&mut self, fd: u32) {
        self.fds.remove(&fd);
    }

    /// write(2) of all of `buf` to `fd`. EBADF if `fd` is not open.
    pub fn write(
        &self,
        k: &mut Kernel,
        task: TaskId,
        out: &mut Output,
        fd: u32,
        buf: &[u8],
    ) -> SysResult<()> {
        // A process killed mid-program (Ctrl-C) writes nothing more.
        if k.get_task(task)
            .is_none_or(|t| t.state == TaskState::Zombie)
        {
            return Err(Errno::ESRCH);
        }
        match self.get(fd) {
            Some(Stream::TermOut) => out.out(buf),
            Some(Stream::TermErr) => out.err(buf),
            Some(Stream::TermIn) | None => return Err(Errno::EBADF),
            Some(Stream::Model(n)) => {
                let mut rest = buf;
                while !rest.is_empty() {
                    let w = k.write(task, n, rest)?;
                    if w == 0 {
                        return Err(Errno::EIO);
                    }
                    rest = &rest[w..];
                }
            }
        }
        Ok(())
    }

    /// Reads `fd` to end of file.
    pub fn read_all(&self, k: &mut Kernel, task: TaskId, fd: u32) -> SysResult<Vec<u8>> {
        match self.get(fd) {
            Some(Stream::TermIn) => Ok(Vec::new()),
            Some(Stream::TermOut | Stream::TermErr) | None => Err(Errno::EBADF),
            Some(Stream::Model(n)) => read_fd(k, task, n),
        }
    }
}

/// Reads a model descriptor to end of file.
pub fn read_fd(k: &mut Kernel, task: TaskId, fd: i32) -> SysResult<Vec<u8>> {
    let mut all = Vec::new();
    loop {
        let chunk = k.read(task, fd, 65536)?;
        if chunk.is_empty() {
            return Ok(all);
        }
        all.extend_from_slice(&chunk);
    }
}
