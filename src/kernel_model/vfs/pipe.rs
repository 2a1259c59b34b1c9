//! Pipes (pipe(7), fs/pipe.c): pipe2(2) makes an inode of pipefs, an
//! internal filesystem mounted nowhere, and two open files on it, a read
//! end and a write end. /proc/PID/fd/N of either end reads `pipe:[INO]`.
//!
//! Simplified, because the model runs the members of a pipeline one after
//! another (the writer first): the buffer is unbounded, so a write never
//! blocks; a read of an empty pipe returns end of file once no write end
//! is open, and EAGAIN while one still is (where Linux would block —
//! userland never does that read). A write with no read end open fails
//! with EPIPE; the Kernel then sends SIGPIPE to the writer.

use super::inode::{DevT, FsKind, InodeData};
use super::{FilesStruct, MountId, Path, S_IFIFO, Vfs};
use super::{O_CLOEXEC, O_NONBLOCK, O_RDONLY, O_WRONLY};
use crate::kernel_model::cred::{Kgid, Kuid};
use crate::kernel_model::errno::{Errno, SysResult};
use crate::kernel_model::vfs::Timespec;

/// pipefs's device (0:15 on this machine: `stat -L -c %D /dev/stdin` with
/// a pipe on stdin prints f).
pub const PIPEFS_DEV: DevT = DevT::new(0, 15);

/// The first inode number of a pipe. Linux takes pipe inode numbers from
/// `get_next_ino()`, a counter shared with other pseudo inodes, so the
/// real numbers depend on boot history; the model starts at this fixed
/// value.
pub const PIPE_FIRST_INO: u64 = 20_000;

/// O_DIRECT (packet mode), accepted by pipe2(2) and ignored here.
const O_DIRECT: u32 = 0o40000;

impl Vfs {
    /// The pipefs mount, made on first use; it holds a reference that is
    /// never dropped (`kern_mount()`), so it is never killed.
    fn pipe_mount(&mut self, now: Timespec) -> MountId {
        if let Some(m) = self.pipe_mnt {
            return m;
        }
        let sb = self.new_super(FsKind::Memory, "pipefs", PIPEFS_DEV, 0o600, 0, 0, now);
        self.supers.get_mut(&sb).expect("sb").next_ino = PIPE_FIRST_INO;
        let root = self.super_block(sb).root;
        let m = self.new_mount(sb, root, "pipefs");
        // Internal mounts are not listed anywhere; give the id back.
        let id = self.mnt(m).mnt_id;
        self.mnt_ids.free(id);
        self.mount_mut(m).mnt_id = 0;
        self.mount_mut(m).refs = 1;
        self.pipe_mnt = Some(m);
        m
    }

    /// pipe2(2): the read end and the write end, at the two lowest free
    /// descriptors. EINVAL for flags other than O_CLOEXEC, O_NONBLOCK and
    /// O_DIRECT; EMFILE if the table is full (nothing is left open then).
    pub fn pipe2(
        &mut self,
        files: &mut FilesStruct,
        flags: u32,
        owner: (Kuid, Kgid),
        now: Timespec,
    ) -> SysResult<(i32, i32)> {
        if flags & !(O_CLOEXEC | O_NONBLOCK | O_DIRECT) != 0 {
            return Err(Errno::EINVAL);
        }
        let mnt = self.pipe_mount(now);
        let sb = self.mnt(mnt).sb;
        let root = self.mnt(mnt).root;
        let ino = self.new_inode(
            sb,
            S_IFIFO | 0o600,
            owner.0,
            owner.1,
            now,
            InodeData::Pipe(Vec::new()),
        );
        let name = format!("pipe:[{}]", self.inode(ino).ino);
        let dentry = self.d_add(root, &name, ino);
        let path = Path { mnt, dentry };
        let keep = flags & (O_CLOEXEC | O_NONBLOCK);
        let r = match self.install(files, path, O_RDONLY | keep) {
            Ok(fd) => fd,
            Err(e) => {
                self.pipe_release(path);
                return Err(e);
            }
        };
        match self.install(files, path, O_WRONLY | keep) {
            Ok(w) => Ok((r, w)),
            Err(e) => {
                self.close(files, r)?;
                Err(e)
            }
        }
    }

    /// How many open files read and write this pipe (`pipe->readers`,
    /// `pipe->writers`).
    fn pipe_ends(&self, path: Path) -> (usize, usize) {
        let on = self.files.values().filter(|f| f.path == path);
        on.fold((0, 0), |(r, w), f| {
            (r + usize::from(f.readable()), w + usize::from(f.writable()))
        })
    }

    pub(crate) fn pipe_read(&mut self, path: Path, count: usize) -> SysResult<Vec<u8>> {
        let (_, writers) = self.pipe_ends(path);
        let ino = self.dentry(path.dentry).inode;
        let InodeData::Pipe(buf) = &mut self.inode_mut(ino).data else {
            unreachable!("a pipe inode");
        };
        if buf.is_empty() {
            return if writers == 0 {
                Ok(Vec::new())
            } else {
                Err(Errno::EAGAIN)
            };
        }
        let n = count.min(buf.len());
        Ok(buf.drain(..n).collect())
    }

    /// write(2) on a pipe: EPIPE without readers (the caller, the Kernel,
    /// sends SIGPIPE).
    pub(crate) fn pipe_write(&mut self, path: Path, data: &[u8]) -> SysResult<usize> {
        let (readers, _) = self.pipe_ends(path);
        if readers == 0 {
            return Err(Errno::EPIPE);
        }
        let ino = self.dentry(path.dentry).inode;
        let InodeData::Pipe(buf) = &mut self.inode_mut(ino).data else {
            unreachable!("a pipe inode");
        };
        buf.extend_from_slice(data);
        Ok(data.len())
    }

    /// The pipe's inode number if `path` is a pipe (for `pipe:[INO]`).
    pub fn pipe_ino(&self, path: Path) -> Option<u64> {
        let i = self.path_inode(path);
        matches!(i.data, InodeData::Pipe(_)).then_some(i.ino)
    }

    /// Frees a pipe once no open file refers to it (`free_pipe_info()`).
    pub(crate) fn pipe_release(&mut self, path: Path) {
        if self.files.values().any(|f| f.path == path) {
            return;
        }
        let ino = self.dentry(path.dentry).inode;
        self.d_drop(path.dentry);
        self.dentries.remove(&path.dentry);
        self.inodes.remove(&ino);
    }
}
