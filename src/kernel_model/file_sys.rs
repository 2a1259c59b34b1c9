//! File syscalls of the [`Kernel`], keyed by the calling task: the VFS
//! ([`super::vfs`]) does the work, with the caller's root and cwd
//! (`fs_struct`), its fd table (`files_struct`) and a [`Ctx`] built from
//! its credentials. /proc is a proc mount in the VFS served by
//! `ProcFs`; writes to /proc files reach the Kernel through the open
//! file ([`Vfs::file_pseudo_node`]).
//!
//! Ids: `stat` returns uids/gids as the caller's user namespace sees them
//! (the overflow id 65534 when unmapped, stat(2) and user_namespaces(7));
//! `chown` takes ids of the caller's user namespace, -1 meaning "leave"
//! and an unmapped id giving EINVAL (`chown_common()`).

use super::capability::CAP_SYS_ADMIN;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::procfs::ProcFs;
use super::task::TaskId;
use super::vfs::{
    AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, Ctx, DirEntry, FilesStruct, FsStruct, O_DIRECTORY,
    O_NOCTTY, O_RDONLY, O_WRONLY, Path, PseudoKind, Stat, Timespec, Vfs,
};

impl Kernel {
    /// Runs one VFS call as `caller`: takes the VFS and the caller's fd
    /// table out of the Kernel (so that the proc provider can read the rest
    /// of it), builds the [`Ctx`], and puts everything back. The clock
    /// ticks once; proc super block references are brought up to date.
    pub(crate) fn with_vfs<R>(
        &mut self,
        name: &'static str,
        caller: TaskId,
        f: impl FnOnce(&mut Vfs, &Ctx, &mut FsStruct, &mut FilesStruct) -> SysResult<R>,
    ) -> SysResult<R> {
        self.enter(name, caller);
        self.caller(caller)?;
        let mut vfs = std::mem::replace(&mut self.vfs, Vfs::new(1, 1));
        let mut fs = self
            .task(caller)
            .fs
            .clone()
            .expect("live task has an fs_struct");
        // A copy, so that the proc provider sees the caller's own fd table
        // (/proc/self/fd) while the VFS works on this one.
        let mut files = self.task(caller).files.clone();
        let r = {
            let k: &Kernel = self;
            let cred = &k.task(caller).cred;
            let user_ns = cred.user_ns;
            let owner_mapped = move |u, g| {
                let n = k.user_ns(user_ns);
                n.uid_map.map_up(u).is_some() && n.gid_map.map_up(g).is_some()
            };
            let mnt = k.task(caller).nsproxy.as_ref().expect("live").mnt;
            let provider = ProcFs { k, reader: caller };
            let ctx = Ctx {
                fsuid: cred.fsuid,
                fsgid: cred.fsgid,
                groups: &cred.groups,
                cap_effective: cred.cap_effective,
                owner_mapped: &owner_mapped,
                mnt_admin: k.ns_capable(caller, k.ns_owner(mnt), CAP_SYS_ADMIN),
                mnt_ns: mnt,
                umask: k.task(caller).umask,
                now: k.vfs_now(),
                pseudo: &provider,
                root: Some(fs.root),
            };
            f(&mut vfs, &ctx, &mut fs, &mut files)
        };
        self.vfs = vfs;
        let t = self.task_mut(caller);
        t.fs = Some(fs);
        t.files = files;
        self.sync_proc_refs();
        r
    }

    /// Maps kernel ids of a [`Stat`] into the caller's user namespace.
    fn stat_for(&self, caller: TaskId, mut st: Stat) -> Stat {
        let ns = self.task(caller).cred.user_ns;
        st.uid = self.from_kuid_munged(ns, st.uid);
        st.gid = self.from_kgid_munged(ns, st.gid);
        st
    }

    /// open(2).
    pub fn open(&mut self, caller: TaskId, path: &str, flags: u32, mode: u32) -> SysResult<i32> {
        self.openat(caller, AT_FDCWD, path, flags, mode)
    }

    /// openat(2).
    pub fn openat(
        &mut self,
        caller: TaskId,
        dirfd: i32,
        path: &str,
        flags: u32,
        mode: u32,
    ) -> SysResult<i32> {
        let fd = self.with_vfs("openat", caller, |v, ctx, fs, files| {
            v.openat(ctx, fs, files, dirfd, path, flags, mode)
        })?;
        self.open_maybe_set_ctty(caller, fd, flags & O_NOCTTY != 0);
        Ok(fd)
    }

    /// read(2) of at most `count` bytes.
    pub fn read(&mut self, caller: TaskId, fd: i32, count: usize) -> SysResult<Vec<u8>> {
        let r = self.with_vfs("read", caller, |v, ctx, _, files| {
            v.read(ctx, files, fd, count)
        });
        if let Ok(data) = &r {
            // Copying costs the budget too (a page is one call's worth).
            self.spend(caller, (data.len() / 4096) as u64);
        }
        r
    }

    /// write(2). On a proc file the Kernel's own write logic runs (uid_map,
    /// gid_map, setgroups, timens_offsets, comm; see
    /// [`Kernel::write_proc_node`]) for the file the descriptor has open.
    pub fn write(&mut self, caller: TaskId, fd: i32, buf: &[u8]) -> SysResult<usize> {
        self.caller(caller)?;
        self.spend(caller, (buf.len() / 4096) as u64);
        let t = self.task(caller);
        if let Some((PseudoKind::Proc, instance, key)) = self.vfs.file_pseudo_node(&t.files, fd) {
            let fid = t.files.get(fd).expect("open");
            let (writable, pos) = {
                let f = &self.vfs.files[&fid];
                (f.writable(), f.pos)
            };
            self.enter("write", caller);
            if !writable {
                return Err(Errno::EBADF);
            }
            let ns = super::ns_common::NsId(instance as u32);
            let node = self.proc_resolve(caller, ns, &key, true)?;
            // map_write(), proc_setgroups_write(): one write at offset 0
            // (a second write on the same descriptor is EINVAL; checked on
            // 6.18: EINVAL there, EPERM on a new descriptor).
            let at_zero_only = matches!(
                node,
                super::procfs::Node::PidFile(_, "uid_map" | "gid_map" | "setgroups")
            );
            if at_zero_only && pos != 0 {
                return Err(Errno::EINVAL);
            }
            let n = self.write_proc_node(caller, node, buf)?;
            if at_zero_only && let Some(f) = self.vfs.files.get_mut(&fid) {
                f.pos += n as u64;
            }
            return Ok(n);
        }
        let r = self.with_vfs("write", caller, |v, ctx, _, files| {
            v.write(ctx, files, fd, buf)
        });
        self.epipe(caller, r)
    }

    /// lseek(2).
    pub fn lseek(&mut self, caller: TaskId, fd: i32, offset: i64, whence: u32) -> SysResult<u64> {
        self.with_vfs("lseek", caller, |v, _, _, files| {
            v.lseek(files, fd, offset, whence)
        })
    }

    /// close(2).
    pub fn close(&mut self, caller: TaskId, fd: i32) -> SysResult<()> {
        self.with_vfs("close", caller, |v, _, _, files| v.close(files, fd))
    }

    /// dup(2).
    pub fn dup(&mut self, caller: TaskId, fd: i32) -> SysResult<i32> {
        self.with_vfs("dup", caller, |v, _, _, files| v.dup(files, fd))
    }

    /// dup2(2).
    pub fn dup2(&mut self, caller: TaskId, oldfd: i32, newfd: i32) -> SysResult<i32> {
        self.with_vfs("dup2", caller, |v, _, _, files| v.dup2(files, oldfd, newfd))
    }

    /// getdents64(2): the whole directory in one call, then nothing.
    pub fn getdents(&mut self, caller: TaskId, fd: i32) -> SysResult<Vec<DirEntry>> {
        self.with_vfs("getdents", caller, |v, ctx, fs, files| {
            v.getdents(ctx, fs, files, fd)
        })
    }

    /// stat(2).
    pub fn stat(&mut self, caller: TaskId, path: &str) -> SysResult<Stat> {
        let st = self.with_vfs("stat", caller, |v, ctx, fs, files| {
            v.fstatat(ctx, fs, files, AT_FDCWD, path, 0)
        })?;
        Ok(self.stat_for(caller, st))
    }

    /// lstat(2).
    pub fn lstat(&mut self, caller: TaskId, path: &str) -> SysResult<Stat> {
        let st = self.with_vfs("lstat", caller, |v, ctx, fs, files| {
            v.fstatat(ctx, fs, files, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW)
        })?;
        Ok(self.stat_for(caller, st))
    }

    /// fstat(2).
    pub fn fstat(&mut self, caller: TaskId, fd: i32) -> SysResult<Stat> {
        let st = self.with_vfs("fstat", caller, |v, _, _, files| v.fstat(files, fd))?;
        Ok(self.stat_for(caller, st))
    }

    /// mkdir(2).
    pub fn mkdir(&mut self, caller: TaskId, path: &str, mode: u32) -> SysResult<()> {
        self.with_vfs("mkdir", caller, |v, ctx, fs, files| {
            v.mkdirat(ctx, fs, files, AT_FDCWD, path, mode)
        })
    }

    /// rmdir(2).
    pub fn rmdir(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        self.with_vfs("rmdir", caller, |v, ctx, fs, files| {
            v.rmdir(ctx, fs, files, AT_FDCWD, path)
        })
    }

    /// unlink(2).
    pub fn unlink(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        self.with_vfs("unlink", caller, |v, ctx, fs, files| {
            v.unlinkat(ctx, fs, files, AT_FDCWD, path, 0)
        })
    }

    /// unlinkat(2) (`AT_REMOVEDIR` is rmdir).
    pub fn unlinkat(
        &mut self,
        caller: TaskId,
        dirfd: i32,
        path: &str,
        flags: u32,
    ) -> SysResult<()> {
        if flags == AT_REMOVEDIR {
            return self.with_vfs("unlinkat", caller, |v, ctx, fs, files| {
                v.rmdir(ctx, fs, files, dirfd, path)
            });
        }
        self.with_vfs("unlinkat", caller, |v, ctx, fs, files| {
            v.unlinkat(ctx, fs, files, dirfd, path, flags)
        })
    }

    /// rename(2).
    pub fn rename(&mut self, caller: TaskId, oldpath: &str, newpath: &str) -> SysResult<()> {
        self.with_vfs("rename", caller, |v, ctx, fs, files| {
            v.renameat(ctx, fs, files, AT_FDCWD, oldpath, AT_FDCWD, newpath)
        })
    }

    /// symlink(2).
    pub fn symlink(&mut self, caller: TaskId, target: &str, linkpath: &str) -> SysResult<()> {
        self.with_vfs("symlink", caller, |v, ctx, fs, files| {
            v.symlinkat(ctx, fs, files, target, AT_FDCWD, linkpath)
        })
    }

    /// readlink(2), through the path walk (so /proc/self, /proc/mounts and
    /// /proc/PID/ns/* are links of the proc mount the caller sees).
    pub fn readlink(&mut self, caller: TaskId, path: &str) -> SysResult<String> {
        self.with_vfs("readlink", caller, |v, ctx, fs, files| {
            v.readlinkat(ctx, fs, files, AT_FDCWD, path)
        })
    }

    /// link(2).
    pub fn link(&mut self, caller: TaskId, oldpath: &str, newpath: &str) -> SysResult<()> {
        self.with_vfs("link", caller, |v, ctx, fs, files| {
            v.linkat(ctx, fs, files, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0)
        })
    }

    /// chmod(2).
    pub fn chmod(&mut self, caller: TaskId, path: &str, mode: u32) -> SysResult<()> {
        self.with_vfs("chmod", caller, |v, ctx, fs, files| {
            v.fchmodat(ctx, fs, files, AT_FDCWD, path, mode)
        })
    }

    /// utimensat(2): sets the access and modification times of `path`
    /// (relative to `dirfd`, `AT_FDCWD` for the cwd; `AT_SYMLINK_NOFOLLOW`
    /// in `flags` for the link itself) to `times` = (atime, mtime), or to
    /// the virtual clock's now when `None` (the man page's `times` NULL);
    /// the change time becomes now either way. `UTIME_NOW` and
    /// `UTIME_OMIT` are not modelled: `None` is what both `UTIME_NOW` give.
    ///
    /// Errors, as utimensat(2) lists them and fs/utimes.c with
    /// `notify_change()` produce them: EROFS on a read-only mount or super
    /// block (`mnt_want_write()` first); setting to now needs ownership
    /// (or CAP_FOWNER) or write access (CAP_DAC_OVERRIDE counts), else
    /// EACCES; explicit times need ownership or CAP_FOWNER, else EPERM;
    /// ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG and EACCES (search) from the
    /// lookup; EBADF for a bad `dirfd`; EINVAL for unknown `flags`.
    pub fn utimensat(
        &mut self,
        caller: TaskId,
        dirfd: i32,
        path: &str,
        times: Option<(Timespec, Timespec)>,
        flags: u32,
    ) -> SysResult<()> {
        self.with_vfs("utimensat", caller, |v, ctx, fs, files| {
            v.utimensat(ctx, fs, files, dirfd, path, times, flags)
        })
    }

    /// chown(2) with ids of the caller's user namespace (`u32::MAX`, i.e.
    /// -1, leaves one unchanged; an unmapped id is EINVAL).
    pub fn chown(&mut self, caller: TaskId, path: &str, uid: u32, gid: u32) -> SysResult<()> {
        self.caller(caller)?;
        let ns = self.task(caller).cred.user_ns;
        let kuid = match uid {
            u32::MAX => None,
            u => Some(self.make_kuid(ns, u)),
        };
        let kgid = match gid {
            u32::MAX => None,
            g => Some(self.make_kgid(ns, g)),
        };
        if matches!(kuid, Some(None)) || matches!(kgid, Some(None)) {
            self.enter("chown", caller);
            return Err(Errno::EINVAL);
        }
        let (kuid, kgid) = (kuid.flatten(), kgid.flatten());
        self.with_vfs("chown", caller, |v, ctx, fs, files| {
            v.fchownat(ctx, fs, files, AT_FDCWD, path, kuid, kgid, 0)
        })
    }

    /// chdir(2).
    pub fn chdir(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        self.with_vfs("chdir", caller, |v, ctx, fs, files| {
            v.chdir(ctx, fs, files, path)
        })
    }

    /// getcwd(3): the cwd from the caller's root ("(unreachable)" prefix
    /// when outside it, as the kernel's getcwd gives).
    pub fn getcwd(&mut self, caller: TaskId) -> SysResult<String> {
        self.with_vfs("getcwd", caller, |v, _, fs, _| v.getcwd(fs))
    }

    /// chroot(2).
    pub fn chroot(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        self.with_vfs("chroot", caller, |v, ctx, fs, files| {
            v.chroot(ctx, fs, files, path)
        })
    }

    /// mount(2). Mounting proc makes a new instance for the caller's
    /// active PID namespace (which it then holds a reference on).
    pub fn mount(
        &mut self,
        caller: TaskId,
        source: &str,
        target: &str,
        fstype: &str,
        flags: u64,
        data: &str,
    ) -> SysResult<()> {
        self.with_vfs("mount", caller, |v, ctx, fs, files| {
            v.mount(ctx, fs, files, source, target, fstype, flags, data)
        })
    }

    /// umount2(2).
    pub fn umount2(&mut self, caller: TaskId, target: &str, flags: u32) -> SysResult<()> {
        self.with_vfs("umount2", caller, |v, ctx, fs, files| {
            v.umount2(ctx, fs, files, target, flags)
        })
    }

    /// pivot_root(2): then every task whose root or cwd was the old root
    /// moves to the new root (`chroot_fs_refs()`).
    pub fn pivot_root(&mut self, caller: TaskId, new_root: &str, put_old: &str) -> SysResult<()> {
        let (old, new) = self.with_vfs("pivot_root", caller, |v, ctx, fs, files| {
            v.pivot_root(ctx, fs, files, new_root, put_old)
        })?;
        self.chroot_fs_refs(old, new);
        Ok(())
    }

    fn chroot_fs_refs(&mut self, old: Path, new: Path) {
        for id in self.task_ids() {
            let Some(mut fs) = self.task_mut(id).fs.take() else {
                continue;
            };
            self.vfs.chroot_fs_refs(&mut fs, old, new);
            self.task_mut(id).fs = Some(fs);
        }
    }

    /// umask(2): sets the mask (& 0777) and returns the old one.
    pub fn umask(&mut self, caller: TaskId, mask: u32) -> SysResult<u32> {
        self.enter("umask", caller);
        self.caller(caller)?;
        let t = self.task_mut(caller);
        Ok(std::mem::replace(&mut t.umask, mask & 0o777))
    }

    // ---- conveniences (what cat, echo > and ls do) ------------------------

    /// open + read(2) until end of file + close, as cat(1) does.
    pub fn read_file(&mut self, caller: TaskId, path: &str) -> SysResult<String> {
        let fd = self.open(caller, path, O_RDONLY, 0)?;
        let mut out = Vec::new();
        let r = loop {
            match self.read(caller, fd, 65536) {
                Ok(b) if b.is_empty() => break Ok(()),
                Ok(b) => out.extend_from_slice(&b),
                Err(e) => break Err(e),
            }
        };
        let _ = self.close(caller, fd);
        r.map(|()| String::from_utf8_lossy(&out).into_owned())
    }

    /// open(O_WRONLY) + one write(2) at offset 0 + close, as `echo … >
    /// file` does on an existing file.
    pub fn write_file(&mut self, caller: TaskId, path: &str, buf: &[u8]) -> SysResult<usize> {
        let fd = self.open(caller, path, O_WRONLY, 0)?;
        let r = self.write(caller, fd, buf);
        let _ = self.close(caller, fd);
        r
    }

    /// open(O_DIRECTORY) + getdents + close: the names without "." and "..",
    /// in getdents order.
    pub fn read_dir(&mut self, caller: TaskId, path: &str) -> SysResult<Vec<String>> {
        let fd = self.open(caller, path, O_RDONLY | O_DIRECTORY, 0)?;
        let r = self.getdents(caller, fd);
        let _ = self.close(caller, fd);
        Ok(r?
            .into_iter()
            .filter(|e| e.name != "." && e.name != "..")
            .map(|e| e.name)
            .collect())
    }

    /// The namespace a /proc/PID/ns/NAME path names, found with the path
    /// walk (the last component not followed) in the proc mount the caller
    /// sees: for [`Kernel::open_ns`].
    pub(crate) fn resolve_ns_link(
        &mut self,
        caller: TaskId,
        path: &str,
    ) -> SysResult<(super::ns_common::NsType, super::ns_common::NsId)> {
        let node = self.with_vfs("open", caller, |v, ctx, fs, files| {
            let p = v.path_lookup(ctx, fs, files, AT_FDCWD, path, false)?;
            v.path_pseudo_node(p).ok_or(Errno::EINVAL)
        })?;
        let (kind, instance, key) = node;
        if kind != PseudoKind::Proc {
            return Err(Errno::EINVAL);
        }
        let ns = super::ns_common::NsId(instance as u32);
        match self.proc_resolve(caller, ns, &key, false)? {
            super::procfs::Node::NsLink(t, name) => self.ns_of_task(t, name),
            _ => Err(Errno::EINVAL),
        }
    }
}
