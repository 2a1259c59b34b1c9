//! /proc/PID/fd/N (proc(5)): a symbolic link per open descriptor whose text
//! is the open file's path as the *reader* sees it (`d_path()` from the
//! reader's root), `pipe:[INO]` for a pipe (pipefs's `d_dname`), with
//! " (deleted)" appended once the file was unlinked.
//!
//! Simplified: on Linux these are magic links (following one opens the
//! very file, even a pipe or a deleted file); the model resolves their
//! text like an ordinary symlink, which reaches the same file whenever its
//! path is still valid in the reader's view.

use crate::kernel_model::errno::{Errno, SysResult};
use crate::kernel_model::kernel::Kernel;
use crate::kernel_model::task::TaskId;
use crate::kernel_model::vfs::{FD_LINK_MARK, O_RDONLY, O_RDWR, O_WRONLY};

impl Kernel {
    /// What the proc provider answers for readlink of /proc/PID/fd/N: a
    /// reference to the open file, which the VFS renders (see
    /// [`FD_LINK_MARK`]).
    pub(crate) fn fd_link_text(&self, t: TaskId, fd: i32) -> SysResult<String> {
        let e = self.task(t).files.entry(fd).ok_or(Errno::ENOENT)?;
        Ok(format!("{FD_LINK_MARK}{}", e.file.0))
    }

    /// The permission bits of /proc/PID/fd/N: r-x for a file open for
    /// reading, -wx for writing, rwx for both.
    pub(crate) fn fd_link_mode(&self, t: TaskId, fd: i32) -> u32 {
        match self.task(t).files.entry(fd).map(|e| e.access) {
            Some(O_RDONLY) => 0o500,
            Some(O_WRONLY) => 0o300,
            Some(O_RDWR) => 0o700,
            _ => 0,
        }
    }
}
