//! Open file descriptions (`struct file`), fd tables (`struct
//! files_struct`), a task's root and cwd (`struct fs_struct`), and the
//! syscalls on descriptors: openat(2), read(2), write(2), lseek(2),
//! close(2), dup(2), getdents(2).

use std::collections::BTreeMap;

use super::inode::{CharDev, FsKind, InodeData};
use super::namei::{Last, MAY_READ, MAY_WRITE};
use super::pseudo::PseudoContent;
use super::{Ctx, FileId, Path, Vfs};
use super::{
    O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDONLY, O_RDWR,
    O_TRUNC, O_WRONLY,
};
use super::{S_IFDIR, S_IFMT, S_IFREG, S_ISGID, SEEK_CUR, SEEK_END, SEEK_SET};
use crate::kernel_model::errno::{Errno, SysResult};

/// The highest fd + 1 a table may hold (RLIMIT_NOFILE soft limit 1024):
/// beyond it open/dup give EMFILE and dup2 EBADF (dup(2)).
pub const NR_OPEN: i32 = 1024;

/// `struct fs_struct`: a task's root directory (chroot(2)) and cwd. Each
/// path holds a reference on its mount (so umount(2) sees the mount busy);
/// create, copy and drop one with [`Vfs::fs_struct_init`],
/// [`Vfs::copy_fs_struct`] and [`Vfs::put_fs_struct`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsStruct {
    pub root: Path,
    pub pwd: Path,
}

/// One slot of an fd table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FdEntry {
    pub file: FileId,
    /// FD_CLOEXEC (`close_on_exec` bitmap).
    pub cloexec: bool,
    /// The open file's access mode (O_RDONLY, O_WRONLY, O_RDWR), kept here
    /// so that procfs can give /proc/PID/fd/N its mode (`proc_fd_link`
    /// r-x/-wx/rwx) from the fd table alone.
    pub access: u32,
}

/// `struct files_struct`: the fd table. Cheap to clone (a map of small
/// entries); a fork copies it with [`Vfs::dup_files`] (which takes a
/// reference on each open file), CLONE_FILES shares it (the Kernel's
/// business), exit drops it with [`Vfs::put_files`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilesStruct {
    fds: BTreeMap<i32, FdEntry>,
}

impl FilesStruct {
    pub fn new() -> FilesStruct {
        FilesStruct::default()
    }

    /// The open file description behind `fd`.
    pub fn get(&self, fd: i32) -> Option<FileId> {
        self.fds.get(&fd).map(|e| e.file)
    }

    pub fn entry(&self, fd: i32) -> Option<FdEntry> {
        self.fds.get(&fd).copied()
    }

    /// Open descriptors in ascending order (as /proc/PID/fd lists them).
    pub fn fds(&self) -> impl Iterator<Item = (i32, FdEntry)> + '_ {
        self.fds.iter().map(|(&fd, &e)| (fd, e))
    }

    /// `get_unused_fd_flags()`: the lowest free descriptor (open(2)). O(number
    /// of open fds below the hole), as the kernel's bitmap scan.
    fn lowest_free(&self, from: i32) -> SysResult<i32> {
        let mut fd = from;
        for (&k, _) in self.fds.range(from..) {
            if k != fd {
                break;
            }
            fd += 1;
        }
        if fd >= NR_OPEN {
            Err(Errno::EMFILE)
        } else {
            Ok(fd)
        }
    }
}

/// `struct file`: an open file description, shared by dup'ed descriptors
/// and across fork (so they share the offset and status flags, open(2)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: Path,
    /// Access mode and status flags (O_APPEND, O_NONBLOCK…; O_CREAT,
    /// O_EXCL, O_TRUNC, O_NOCTTY and O_CLOEXEC are not kept, open(2)).
    pub flags: u32,
    pub pos: u64,
    pub(crate) refs: u32,
}

impl File {
    pub fn readable(&self) -> bool {
        matches!(self.flags & O_ACCMODE, O_RDONLY | O_RDWR)
    }

    pub fn writable(&self) -> bool {
        matches!(self.flags & O_ACCMODE, O_WRONLY | O_RDWR)
    }
}

/// One entry getdents(2) returns (`struct linux_dirent64` without d_off).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub ino: u64,
    /// `DT_*`: 4 directory, 8 regular, 10 symlink, 2 character device.
    pub d_type: u8,
    pub name: String,
}

/// `DT_*` from a mode (`S_DT()`).
pub fn dt_type(mode: u32) -> u8 {
    ((mode & S_IFMT) >> 12) as u8
}

impl Vfs {
    /// A path's mount gains a reference (`path_get`).
    pub(crate) fn path_get(&mut self, p: Path) {
        self.mount_mut(p.mnt).refs += 1;
    }

    /// `path_put`.
    pub(crate) fn path_put(&mut self, p: Path) {
        let m = self.mount_mut(p.mnt);
        m.refs = m.refs.checked_sub(1).expect("mount reference underflow");
        if m.refs == 0 && m.ns.is_none() {
            // the last reference to a detached mount: its super block may
            // go, and the mount itself is freed (`mntput_no_expire()`)
            let (sb, detached) = (m.sb, m.parent.is_none() && m.mnt_id == 0);
            self.maybe_kill_sb(sb);
            if detached {
                self.mounts.remove(&p.mnt);
            }
        }
    }

    /// A new fs_struct with root and cwd at `root` (init's, or after
    /// chroot-less setup).
    pub fn fs_struct_init(&mut self, root: Path) -> FsStruct {
        self.path_get(root);
        self.path_get(root);
        FsStruct { root, pwd: root }
    }

    /// `copy_fs_struct()` for fork without CLONE_FS.
    pub fn copy_fs_struct(&mut self, fs: &FsStruct) -> FsStruct {
        self.path_get(fs.root);
        self.path_get(fs.pwd);
        fs.clone()
    }

    /// `free_fs_struct()` when the last user exits.
    pub fn put_fs_struct(&mut self, fs: FsStruct) {
        self.path_put(fs.root);
        self.path_put(fs.pwd);
    }

    /// `dup_fd()` for fork without CLONE_FILES: same descriptors, each
    /// sharing its open file description.
    pub fn dup_files(&mut self, files: &FilesStruct) -> FilesStruct {
        for e in files.fds.values() {
            self.files.get_mut(&e.file).expect("open file").refs += 1;
        }
        files.clone()
    }

    /// `put_files_struct()` at exit: closes every descriptor.
    pub fn put_files(&mut self, files: FilesStruct) {
        for e in files.fds.into_values() {
            self.fput(e.file);
        }
    }

    /// `do_close_on_exec()`: closes the FD_CLOEXEC descriptors (execve(2)).
    pub fn close_on_exec(&mut self, files: &mut FilesStruct) {
        let close: Vec<i32> = files
            .fds
            .iter()
            .filter(|(_, e)| e.cloexec)
            .map(|(&fd, _)| fd)
            .collect();
        for fd in close {
            let e = files.fds.remove(&fd).expect("listed");
            self.fput(e.file);
        }
    }

    /// The open file description behind a descriptor.
    pub fn file(&self, files: &FilesStruct, fd: i32) -> SysResult<&File> {
        files.get(fd).map(|f| &self.files[&f]).ok_or(Errno::EBADF)
    }

    fn fput(&mut self, f: FileId) {
        let file = self.files.get_mut(&f).expect("open file");
        file.refs -= 1;
        if file.refs == 0 {
            let file = self.files.remove(&f).expect("open file");
            if file.writable() && !self.is_special(file.path) {
                self.mount_mut(file.path.mnt).writers -= 1;
            }
            self.path_put(file.path);
            if self.pipe_ino(file.path).is_some() {
                self.pipe_release(file.path);
            }
        }
    }

    fn is_special(&self, p: Path) -> bool {
        let i = self.path_inode(p);
        !(i.is_reg() || i.is_dir() || i.is_symlink())
    }

    /// Installs a new open file description at the lowest free descriptor.
    pub(super) fn install(
        &mut self,
        files: &mut FilesStruct,
        path: Path,
        flags: u32,
    ) -> SysResult<i32> {
        let fd = files.lowest_free(0)?;
        let id = self.alloc_file_id();
        let keep = flags
            & !(O_CREAT
                | O_EXCL
                | O_TRUNC
                | super::O_NOCTTY
                | O_CLOEXEC
                | O_NOFOLLOW
                | O_DIRECTORY);
        let f = File {
            path,
            flags: keep,
            pos: 0,
            refs: 1,
        };
        if f.writable() && !self.is_special(path) {
            self.mount_mut(path.mnt).writers += 1;
        }
        self.path_get(path);
        self.files.insert(id, f);
        files.fds.insert(
            fd,
            FdEntry {
                file: id,
                cloexec: flags & O_CLOEXEC != 0,
                access: flags & O_ACCMODE,
            },
        );
        Ok(fd)
    }

    /// `inode_init_owner()`: the new inode's owner is the caller's fsuid;
    /// its group the fsgid, or the directory's group if the directory is
    /// set-group-ID (then a new directory inherits S_ISGID too; a non-member
    /// without CAP_FSETID loses S_ISGID on a group-executable file).
    pub(crate) fn init_owner(&self, ctx: &Ctx, dir: Path, mode: u32) -> (u32, u32, u32) {
        let d = self.path_inode(dir);
        let mut mode = mode;
        let gid = if d.mode & S_ISGID != 0 {
            if mode & S_IFMT == S_IFDIR {
                mode |= S_ISGID;
            } else if mode & (S_ISGID | 0o010) == (S_ISGID | 0o010)
                && !ctx.in_group(d.gid)
                && !ctx.capable_wrt(super::CAP_FSETID, d.uid, d.gid)
            {
                mode &= !S_ISGID;
            }
            d.gid
        } else {
            ctx.fsgid
        };
        (ctx.fsuid, gid, mode)
    }

    /// openat(2). Rules (open(2), fs/namei.c `do_filp_open`, checked on
    /// 6.18): O_CREAT|O_EXCL on an existing name (even a dangling symlink)
    /// is EEXIST; O_CREAT follows a final symlink unless O_EXCL or
    /// O_NOFOLLOW, creating its target; O_CREAT with a trailing slash, or on
    /// a directory, is EISDIR; O_NOFOLLOW on a symlink is ELOOP; O_DIRECTORY
    /// on a non-directory ENOTDIR; a directory opened for writing EISDIR;
    /// creating needs write+search on the directory (EACCES) and a writable
    /// mount (EROFS); opening a regular file for writing on a read-only
    /// mount is EROFS (devices are exempt); O_TRUNC truncates a regular
    /// file. The new inode's mode is `mode & ~umask`.
    #[allow(clippy::too_many_arguments)]
    pub fn openat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &mut FilesStruct,
        dirfd: i32,
        path: &str,
        flags: u32,
        mode: u32,
    ) -> SysResult<i32> {
        if flags & O_CREAT != 0 && flags & O_DIRECTORY != 0 {
            return Err(Errno::EINVAL); // Linux ≥ 6.4
        }
        Self::check_name(path)?;
        let start = self.path_start(fs, files, dirfd, path)?;
        let mut nlinks = 0;
        let mut nd = self.walk_parent(ctx, fs, start, path, &mut nlinks)?;
        let mut created = false;
        let target = loop {
            if flags & O_CREAT != 0 && nd.trailing_slash {
                return Err(Errno::EISDIR);
            }
            let Last::Norm(name) = nd.last.clone() else {
                let p = self
                    .walk_last(ctx, fs, &nd, true, &mut nlinks)?
                    .expect("dots resolve");
                break p;
            };
            match self.lookup_one(ctx, nd.dir, &name)? {
                None => {
                    if flags & O_CREAT == 0
                        || self.pseudo_kind(nd.dir.dentry) == Some(super::PseudoKind::Proc)
                    {
                        return Err(Errno::ENOENT);
                    }
                    self.mnt_want_write(nd.dir.mnt)?;
                    let dir_ino = self.dentry(nd.dir.dentry).inode;
                    self.may_create(ctx, dir_ino)?;
                    if matches!(
                        self.super_block(self.dentry(nd.dir.dentry).sb).kind,
                        FsKind::Pseudo(_)
                    ) {
                        return Err(Errno::EACCES);
                    }
                    let (uid, gid, m) =
                        self.init_owner(ctx, nd.dir, S_IFREG | (mode & 0o7777 & !ctx.umask));
                    let sb = self.dentry(nd.dir.dentry).sb;
                    let ino =
                        self.new_inode(sb, m, uid, gid, ctx.now, InodeData::Regular(Vec::new()));
                    let d = self.d_add(nd.dir.dentry, &name, ino);
                    self.touch_dir(dir_ino, ctx);
                    created = true;
                    break super::Path {
                        mnt: nd.dir.mnt,
                        dentry: d,
                    };
                }
                Some(d) => {
                    if flags & O_CREAT != 0 && flags & O_EXCL != 0 {
                        return Err(Errno::EEXIST);
                    }
                    let p = self.follow_mount(super::Path {
                        mnt: nd.dir.mnt,
                        dentry: d,
                    });
                    let is_link = self.path_inode(p).is_symlink();
                    if is_link && (flags & O_NOFOLLOW == 0 || nd.trailing_slash) {
                        nlinks += 1;
                        if nlinks > super::MAXSYMLINKS {
                            return Err(Errno::ELOOP);
                        }
                        let t = self.get_link(ctx, p.dentry)?;
                        if self.is_magic_link(ctx, p.dentry) {
                            break p; // nd_jump_link()
                        }
                        if t.is_empty() {
                            return Err(Errno::ENOENT);
                        }
                        let slash = nd.trailing_slash;
                        nd = self.walk_parent(ctx, fs, nd.dir, &t, &mut nlinks)?;
                        nd.trailing_slash |= slash;
                        continue;
                    }
                    break p;
                }
            }
        };
        let inode = self.path_inode(target);
        // do_open(): O_EXCL without a create is EEXIST, also for ".", ".."
        // and "/" (checked on 6.18), before EISDIR for O_CREAT on a dir.
        if flags & O_CREAT != 0 && flags & O_EXCL != 0 && !created {
            return Err(Errno::EEXIST);
        }
        if flags & O_CREAT != 0 && inode.is_dir() {
            return Err(Errno::EISDIR);
        }
        if (flags & O_DIRECTORY != 0 || nd.trailing_slash) && !inode.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        if !created {
            // may_open()
            let mut acc = match flags & O_ACCMODE {
                O_RDONLY => MAY_READ,
                O_WRONLY => MAY_WRITE,
                _ => MAY_READ | MAY_WRITE,
            };
            if flags & O_TRUNC != 0 {
                acc |= MAY_WRITE;
            }
            if inode.is_symlink()
                && !(flags & O_NOFOLLOW == 0 && self.is_magic_link(ctx, target.dentry))
            {
                return Err(Errno::ELOOP);
            }
            if inode.is_dir() && acc & MAY_WRITE != 0 {
                return Err(Errno::EISDIR);
            }
            if inode.is_chr() && self.mnt(target.mnt).nodev {
                return Err(Errno::EACCES);
            }
            let ino = self.dentry(target.dentry).inode;
            // do_open(): a truncating open takes write access on the mount
            // before may_open(); a plain write open after it.
            let trunc = flags & O_TRUNC != 0 && self.path_inode(target).is_reg();
            if trunc {
                self.mnt_want_write(target.mnt)?;
            }
            self.inode_permission(ctx, ino, acc)?;
            if flags & O_ACCMODE != O_RDONLY && !self.is_special(target) {
                self.mnt_want_write(target.mnt)?;
            }
            if flags & O_TRUNC != 0 && self.path_inode(target).is_reg() {
                let i = self.inode_mut(ino);
                if let InodeData::Regular(b) = &mut i.data
                    && !b.is_empty()
                {
                    b.clear();
                    i.mtime = ctx.now;
                    i.ctime = ctx.now;
                }
            }
        }
        self.install(files, target, flags)
    }

    /// A directory's mtime and ctime change when an entry is added or
    /// removed.
    pub(crate) fn touch_dir(&mut self, dir: super::InodeId, ctx: &Ctx) {
        let i = self.inode_mut(dir);
        i.mtime = ctx.now;
        i.ctime = ctx.now;
    }

    /// close(2): EBADF if `fd` is not open.
    pub fn close(&mut self, files: &mut FilesStruct, fd: i32) -> SysResult<()> {
        let e = files.fds.remove(&fd).ok_or(Errno::EBADF)?;
        self.fput(e.file);
        Ok(())
    }

    /// dup(2): the lowest free descriptor, sharing the open file description
    /// (offset and status flags), FD_CLOEXEC clear.
    pub fn dup(&mut self, files: &mut FilesStruct, oldfd: i32) -> SysResult<i32> {
        let f = files.get(oldfd).ok_or(Errno::EBADF)?;
        let fd = files.lowest_free(0)?;
        let file = self.files.get_mut(&f).expect("open");
        file.refs += 1;
        let access = file.flags & O_ACCMODE;
        files.fds.insert(
            fd,
            FdEntry {
                file: f,
                cloexec: false,
                access,
            },
        );
        Ok(fd)
    }

    /// dup2(2): `newfd` is closed first if open; `oldfd == newfd` returns
    /// it unchanged (if valid); a `newfd` outside [0, NR_OPEN) is EBADF.
    pub fn dup2(&mut self, files: &mut FilesStruct, oldfd: i32, newfd: i32) -> SysResult<i32> {
        files.get(oldfd).ok_or(Errno::EBADF)?;
        if !(0..NR_OPEN).contains(&newfd) {
            return Err(Errno::EBADF);
        }
        if oldfd == newfd {
            return Ok(newfd);
        }
        self.dup3(files, oldfd, newfd, 0)
    }

    /// dup3(2): as dup2 but EINVAL if `oldfd == newfd` or on flags other
    /// than O_CLOEXEC.
    pub fn dup3(
        &mut self,
        files: &mut FilesStruct,
        oldfd: i32,
        newfd: i32,
        flags: u32,
    ) -> SysResult<i32> {
        if flags & !O_CLOEXEC != 0 || oldfd == newfd {
            return Err(Errno::EINVAL);
        }
        let f = files.get(oldfd).ok_or(Errno::EBADF)?;
        if !(0..NR_OPEN).contains(&newfd) {
            return Err(Errno::EBADF);
        }
        let file = self.files.get_mut(&f).expect("open");
        file.refs += 1;
        let access = file.flags & O_ACCMODE;
        if let Some(old) = files.fds.insert(
            newfd,
            FdEntry {
                file: f,
                cloexec: flags & O_CLOEXEC != 0,
                access,
            },
        ) {
            self.fput(old.file);
        }
        Ok(newfd)
    }

    /// The text of /proc/PID/fd/N for open file `fid` as a reader whose
    /// root is `root` sees it (`d_path()`): `pipe:[INO]` for a pipe, the
    /// path from the root, " (deleted)" after it once unlinked. ENOENT if
    /// the file is no longer open.
    pub fn fd_link_text(&self, fid: FileId, root: Option<Path>) -> SysResult<String> {
        let f = self.files.get(&fid).ok_or(Errno::ENOENT)?;
        if let Some(ino) = self.pipe_ino(f.path) {
            return Ok(format!("pipe:[{ino}]"));
        }
        let root = match root {
            Some(r) => r,
            None => {
                let m = self.mnt(f.path.mnt);
                let ns = m.ns.ok_or(Errno::ENOENT)?;
                let top = self.mount_tree(ns).ok_or(Errno::ENOENT)?.root;
                Path {
                    mnt: top,
                    dentry: self.mnt(top).root,
                }
            }
        };
        let (mut text, _) = self.path_from(f.path, root);
        if !self.dentry(f.path.dentry).hashed {
            text.push_str(" (deleted)");
        }
        Ok(text)
    }

    /// Sets or clears FD_CLOEXEC (`fcntl(fd, F_SETFD)`).
    pub fn set_cloexec(&mut self, files: &mut FilesStruct, fd: i32, on: bool) -> SysResult<()> {
        files.fds.get_mut(&fd).ok_or(Errno::EBADF)?.cloexec = on;
        Ok(())
    }

    /// The bytes of a pseudo file or mount table, rendered now.
    fn pseudo_bytes(&self, ctx: &Ctx, p: Path) -> SysResult<Vec<u8>> {
        let i = self.path_inode(p);
        let sb = self.super_block(i.sb);
        let (FsKind::Pseudo(kind), InodeData::Pseudo(key)) = (sb.kind, &i.data) else {
            return Ok(Vec::new());
        };
        Ok(match ctx.pseudo.read(kind, sb.instance, key)? {
            PseudoContent::Bytes(b) => b,
            PseudoContent::Mountinfo { ns, root } => self.render_mountinfo(ns, root).into_bytes(),
            PseudoContent::Mounts { ns, root } => self.render_mounts(ns, root).into_bytes(),
        })
    }

    /// read(2): EBADF if not open for reading, EISDIR on a directory;
    /// /dev/null reads end of file, /dev/zero and /dev/full read zeros
    /// (null(4), zero(4), full(4)); a regular file reads from the shared
    /// offset.
    pub fn read(
        &mut self,
        ctx: &Ctx,
        files: &FilesStruct,
        fd: i32,
        count: usize,
    ) -> SysResult<Vec<u8>> {
        let fid = files.get(fd).ok_or(Errno::EBADF)?;
        let file = &self.files[&fid];
        if !file.readable() {
            return Err(Errno::EBADF);
        }
        let (path, pos) = (file.path, file.pos);
        let inode = self.path_inode(path);
        let out = match &inode.data {
            InodeData::Dir => return Err(Errno::EISDIR),
            InodeData::Pseudo(_) if inode.is_dir() => return Err(Errno::EISDIR),
            InodeData::CharDev(CharDev::Null | CharDev::Tty | CharDev::Ptmx | CharDev::Pty(_)) => {
                return Ok(Vec::new());
            }
            InodeData::CharDev(CharDev::Zero | CharDev::Full) => return Ok(vec![0; count]),
            InodeData::Regular(b) => slice_at(b, pos, count),
            InodeData::Pseudo(_) => slice_at(&self.pseudo_bytes(ctx, path)?, pos, count),
            InodeData::Symlink(_) => return Err(Errno::EINVAL),
            InodeData::Pipe(_) => return self.pipe_read(path, count),
        };
        self.files.get_mut(&fid).expect("open").pos = pos + out.len() as u64;
        Ok(out)
    }

    /// write(2): EBADF if not open for writing; /dev/full gives ENOSPC,
    /// /dev/null and /dev/zero swallow; a regular file is written at the
    /// shared offset (at the end with O_APPEND), zero-filling any hole.
    /// (Read-only mounts refuse at open(2) with EROFS; a mount cannot be
    /// made read-only while a file is open for writing on it — EBUSY.)
    pub fn write(
        &mut self,
        ctx: &Ctx,
        files: &FilesStruct,
        fd: i32,
        buf: &[u8],
    ) -> SysResult<usize> {
        let fid = files.get(fd).ok_or(Errno::EBADF)?;
        let file = &self.files[&fid];
        if !file.writable() {
            return Err(Errno::EBADF);
        }
        let (path, pos, append) = (file.path, file.pos, file.flags & O_APPEND != 0);
        let ino = self.dentry(path.dentry).inode;
        if matches!(self.inode(ino).data, InodeData::Pipe(_)) {
            return self.pipe_write(path, buf);
        }
        let inode = self.inode_mut(ino);
        match &mut inode.data {
            InodeData::CharDev(CharDev::Full) => Err(Errno::ENOSPC),
            InodeData::CharDev(_) => Ok(buf.len()),
            InodeData::Regular(b) => {
                let at = if append { b.len() } else { pos as usize };
                if b.len() < at + buf.len() {
                    b.resize(at + buf.len(), 0);
                }
                b[at..at + buf.len()].copy_from_slice(buf);
                if !buf.is_empty() {
                    inode.mtime = ctx.now;
                    inode.ctime = ctx.now;
                }
                self.files.get_mut(&fid).expect("open").pos = (at + buf.len()) as u64;
                Ok(buf.len())
            }
            // Writes to proc/sysfs files are the Kernel's to intercept
            // (see `Vfs::file_pseudo_node`); a file without a write
            // operation gives EINVAL (checked on 6.18: /proc/self/status).
            InodeData::Pseudo(_) => Err(Errno::EINVAL),
            InodeData::Dir | InodeData::Symlink(_) => Err(Errno::EISDIR),
            InodeData::Pipe(_) => unreachable!("handled above"),
        }
    }

    /// Which pseudo file an fd has open, so that the Kernel can implement
    /// writes to /proc files (uid_map, …): (filesystem, instance, path).
    pub fn file_pseudo_node(
        &self,
        files: &FilesStruct,
        fd: i32,
    ) -> Option<(super::PseudoKind, u64, String)> {
        let f = self.file(files, fd).ok()?;
        let i = self.path_inode(f.path);
        let sb = self.super_block(i.sb);
        match (sb.kind, &i.data) {
            (FsKind::Pseudo(k), InodeData::Pseudo(key)) => Some((k, sb.instance, key.clone())),
            _ => None,
        }
    }

    /// Which pseudo file a path names: (filesystem, instance, path).
    pub fn path_pseudo_node(&self, p: Path) -> Option<(super::PseudoKind, u64, String)> {
        let i = self.path_inode(p);
        let sb = self.super_block(i.sb);
        match (sb.kind, &i.data) {
            (FsKind::Pseudo(k), InodeData::Pseudo(key)) => Some((k, sb.instance, key.clone())),
            (FsKind::Pseudo(k), _) => Some((k, sb.instance, "/".into())),
            _ => None,
        }
    }

    /// lseek(2): EINVAL for an unknown whence or a negative result;
    /// character devices always report 0 (`noop_llseek` for /dev/null
    /// returns 0, checked on 6.18).
    pub fn lseek(
        &mut self,
        files: &FilesStruct,
        fd: i32,
        offset: i64,
        whence: u32,
    ) -> SysResult<u64> {
        let fid = files.get(fd).ok_or(Errno::EBADF)?;
        let f = &self.files[&fid];
        let inode = self.path_inode(f.path);
        if inode.file_type() == super::S_IFIFO {
            return Err(Errno::ESPIPE);
        }
        if inode.is_chr() {
            if whence > SEEK_END {
                return Err(Errno::EINVAL);
            }
            return Ok(0);
        }
        let size = match &inode.data {
            InodeData::Regular(b) => b.len() as i64,
            _ => 0,
        };
        let base = match whence {
            SEEK_SET => 0,
            SEEK_CUR => f.pos as i64,
            SEEK_END => size,
            _ => return Err(Errno::EINVAL),
        };
        let new = base.checked_add(offset).ok_or(Errno::EINVAL)?;
        if new < 0 {
            return Err(Errno::EINVAL);
        }
        self.files.get_mut(&fid).expect("open").pos = new as u64;
        Ok(new as u64)
    }

    /// getdents64(2): every entry of the directory in one call, then
    /// nothing (end of directory) until lseek(fd, 0, SEEK_SET). The order
    /// is Linux 6.18 tmpfs's: ".", "..", then the newest entry first (each
    /// create, link or rename-into takes the next directory offset; checked
    /// on 6.18: files created b, a, c list as c, a, b). `ls` sorts anyway.
    /// EBADF if not open, ENOTDIR on a non-directory.
    pub fn getdents(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        fd: i32,
    ) -> SysResult<Vec<DirEntry>> {
        let fid = files.get(fd).ok_or(Errno::EBADF)?;
        let f = &self.files[&fid];
        let p = f.path;
        if !self.path_inode(p).is_dir() {
            return Err(Errno::ENOTDIR);
        }
        if f.pos != 0 {
            return Ok(Vec::new());
        }
        let out = self.list_dir(ctx, fs, p);
        self.files.get_mut(&fid).expect("open").pos = 1;
        Ok(out)
    }

    /// The entries of a directory, as getdents returns them. ".." is the
    /// dentry's parent in its own filesystem (`dir_emit_dots`: at a mount's
    /// root, the root's own parent, i.e. itself).
    pub fn list_dir(&mut self, ctx: &Ctx, fs: &FsStruct, p: Path) -> Vec<DirEntry> {
        let _ = fs;
        let d = self.dentry(p.dentry);
        let me = self.inode(d.inode);
        let parent = self.inode(self.dentry(d.parent).inode);
        let mut out = vec![
            DirEntry {
                ino: me.ino,
                d_type: dt_type(S_IFDIR),
                name: ".".into(),
            },
            DirEntry {
                ino: parent.ino,
                d_type: dt_type(S_IFDIR),
                name: "..".into(),
            },
        ];
        let sb = self.super_block(me.sb);
        match sb.kind {
            FsKind::Memory => {
                for &c in d.by_offset.values().rev() {
                    let cd = self.dentry(c);
                    let ci = self.inode(cd.inode);
                    out.push(DirEntry {
                        ino: ci.ino,
                        d_type: dt_type(ci.mode),
                        name: cd.name.clone(),
                    });
                }
            }
            FsKind::Pseudo(kind) => {
                let key = match &me.data {
                    InodeData::Pseudo(k) => k.clone(),
                    _ => "/".into(),
                };
                for n in ctx.pseudo.readdir(kind, sb.instance, &key) {
                    out.push(DirEntry {
                        ino: n.ino,
                        d_type: dt_type(n.mode),
                        name: n.name,
                    });
                }
            }
        }
        out
    }
}

fn slice_at(b: &[u8], pos: u64, count: usize) -> Vec<u8> {
    let start = (pos as usize).min(b.len());
    let end = start.saturating_add(count).min(b.len());
    b[start..end].to_vec()
}
