//! The syscalls on names: mkdir(2), rmdir(2), unlink(2), rename(2),
//! link(2), symlink(2), readlink(2), stat(2), chmod(2), chown(2),
//! chdir(2), fchdir(2), chroot(2), getcwd(3).

use super::file::{FilesStruct, FsStruct};
use super::inode::{InodeData, Stat};
use super::namei::{Last, MAY_EXEC, MAY_READ, MAY_WRITE};
use super::pseudo::PseudoKind;
use super::{
    AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW, CAP_FOWNER, CAP_FSETID, Ctx, DentryId,
    Path, Vfs,
};
use super::{S_IALLUGO, S_IFDIR, S_IFLNK, S_ISGID, S_ISUID, S_ISVTX};
use crate::kernel_model::capability::{CAP_CHOWN, CAP_SYS_CHROOT};
use crate::kernel_model::cred::{Kgid, Kuid};
use crate::kernel_model::errno::{Errno, SysResult};

impl Vfs {
    fn is_pseudo(&self, d: DentryId) -> bool {
        self.pseudo_kind(d).is_some()
    }

    /// `filename_create()`: the parent and the new name. EEXIST for a last
    /// component ".", ".." or "/" and for an existing name; ENOENT for a
    /// trailing slash on a non-directory create; then EROFS on a read-only
    /// mount (after the existence check: mkdir of an existing name on a
    /// read-only mount is EEXIST); then `may_create()`: EACCES without write
    /// and search permission on the directory.
    fn filename_create(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        is_dir: bool,
    ) -> SysResult<(Path, String)> {
        let nd = self.path_parent(ctx, fs, files, dirfd, path)?;
        let Last::Norm(name) = nd.last else {
            return Err(Errno::EEXIST);
        };
        if self.lookup_one(ctx, nd.dir, &name)?.is_some() {
            return Err(Errno::EEXIST);
        }
        if nd.trailing_slash && !is_dir {
            return Err(Errno::ENOENT);
        }
        if self.pseudo_kind(nd.dir.dentry) == Some(PseudoKind::Proc) {
            // proc_lookup() fails with ENOENT instead of returning a
            // negative dentry (checked on 6.18: mkdir /proc/x is ENOENT)
            return Err(Errno::ENOENT);
        }
        self.mnt_want_write(nd.dir.mnt)?;
        let dir_ino = self.dentry(nd.dir.dentry).inode;
        self.may_create(ctx, dir_ino)?;
        if self.is_pseudo(nd.dir.dentry) {
            return Err(Errno::EPERM);
        }
        Ok((nd.dir, name))
    }

    /// mkdirat(2): EEXIST, ENOENT, ENOTDIR, EACCES, EROFS as
    /// `filename_create`; the mode is `mode & ~umask & 07777`, plus S_ISGID
    /// inherited from a set-group-ID parent (checked on 6.18: `mkdir .`,
    /// `mkdir ..`, `mkdir /` and `mkdir file/` are EEXIST).
    pub fn mkdirat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        mode: u32,
    ) -> SysResult<()> {
        let (dir, name) = self.filename_create(ctx, fs, files, dirfd, path, true)?;
        let (uid, gid, m) = self.init_owner(ctx, dir, S_IFDIR | (mode & 0o7777 & !ctx.umask));
        let sb = self.dentry(dir.dentry).sb;
        let ino = self.new_inode(sb, m, uid, gid, ctx.now, InodeData::Dir);
        self.d_add(dir.dentry, &name, ino);
        let dir_ino = self.dentry(dir.dentry).inode;
        self.inode_mut(dir_ino).nlink += 1;
        self.touch_dir(dir_ino, ctx);
        Ok(())
    }

    /// symlinkat(2): ENOENT for an empty target; otherwise as mkdir
    /// (EEXIST even for a dangling symlink of that name). Mode 0777.
    pub fn symlinkat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        target: &str,
        dirfd: i32,
        path: &str,
    ) -> SysResult<()> {
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        if target.len() >= super::PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let (dir, name) = self.filename_create(ctx, fs, files, dirfd, path, false)?;
        let (uid, gid, m) = self.init_owner(ctx, dir, S_IFLNK | 0o777);
        let sb = self.dentry(dir.dentry).sb;
        let ino = self.new_inode(
            sb,
            m,
            uid,
            gid,
            ctx.now,
            InodeData::Symlink(target.to_owned()),
        );
        self.d_add(dir.dentry, &name, ino);
        let dir_ino = self.dentry(dir.dentry).inode;
        self.touch_dir(dir_ino, ctx);
        Ok(())
    }

    /// readlinkat(2): EINVAL if the path is not a symbolic link.
    pub fn readlinkat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
    ) -> SysResult<String> {
        let p = self.path_lookup(ctx, fs, files, dirfd, path, false)?;
        if !self.path_inode(p).is_symlink() {
            return Err(Errno::EINVAL);
        }
        self.get_link(ctx, p.dentry)
    }

    /// `check_sticky()`: in a sticky directory only the file's owner, the
    /// directory's owner or a CAP_FOWNER holder may delete or rename.
    fn check_sticky(&self, ctx: &Ctx, dir: DentryId, victim: DentryId) -> bool {
        let d = self.inode(self.dentry(dir).inode);
        if d.mode & S_ISVTX == 0 {
            return false;
        }
        let v = self.inode(self.dentry(victim).inode);
        if v.uid == ctx.fsuid || d.uid == ctx.fsuid {
            return false;
        }
        !ctx.capable_wrt(CAP_FOWNER, v.uid, v.gid)
    }

    /// `may_delete()`: EACCES without write+search on the directory, EPERM
    /// in a sticky directory (checked on 6.18 in a 1777 directory),
    /// ENOTDIR/EISDIR when the victim's type does not match, EBUSY for a
    /// filesystem root.
    fn may_delete(&self, ctx: &Ctx, dir: Path, victim: DentryId, is_dir: bool) -> SysResult<()> {
        if self.inode(self.dentry(dir.dentry).inode).nlink == 0 {
            return Err(Errno::ENOENT);
        }
        self.inode_permission(ctx, self.dentry(dir.dentry).inode, MAY_WRITE | MAY_EXEC)?;
        if self.check_sticky(ctx, dir.dentry, victim) {
            return Err(Errno::EPERM);
        }
        let vdir = self.dentry_is_dir(victim);
        if is_dir {
            if !vdir {
                return Err(Errno::ENOTDIR);
            }
            if self.dentry(victim).parent == victim {
                return Err(Errno::EBUSY);
            }
        } else if vdir {
            return Err(Errno::EISDIR);
        }
        Ok(())
    }

    /// Removes a name (the inode lives on while open, with nlink 0).
    fn remove_entry(&mut self, ctx: &Ctx, dir: DentryId, victim: DentryId) {
        let vi = self.dentry(victim).inode;
        let is_dir = self.inode(vi).is_dir();
        self.d_drop(victim);
        let i = self.inode_mut(vi);
        i.nlink = if is_dir { 0 } else { i.nlink - 1 };
        i.ctime = ctx.now;
        let di = self.dentry(dir).inode;
        if is_dir {
            self.inode_mut(di).nlink -= 1;
        }
        self.touch_dir(di, ctx);
    }

    /// rmdir(2) (`do_rmdir()`; all checked on 6.18): a last component
    /// ".." is ENOTEMPTY, "." EINVAL, "/" EBUSY; EROFS (before the lookup);
    /// ENOENT; `may_delete` (EACCES, EPERM, ENOTDIR, EBUSY); EBUSY on a
    /// mount point; ENOTEMPTY on a non-empty directory.
    pub fn rmdir(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
    ) -> SysResult<()> {
        let nd = self.path_parent(ctx, fs, files, dirfd, path)?;
        let name = match nd.last {
            Last::DotDot => return Err(Errno::ENOTEMPTY),
            Last::Dot => return Err(Errno::EINVAL),
            Last::Root => return Err(Errno::EBUSY),
            Last::Norm(n) => n,
        };
        self.mnt_want_write(nd.dir.mnt)?;
        let victim = self.lookup_one(ctx, nd.dir, &name)?.ok_or(Errno::ENOENT)?;
        self.may_delete(ctx, nd.dir, victim, true)?;
        if self.is_pseudo(victim) {
            return Err(Errno::EPERM); // no ->rmdir
        }
        if self.dentry(victim).mounted > 0 {
            return Err(Errno::EBUSY);
        }
        if !self.dentry(victim).children.is_empty() {
            return Err(Errno::ENOTEMPTY);
        }
        self.remove_entry(ctx, nd.dir.dentry, victim);
        Ok(())
    }

    /// unlinkat(2) (`do_unlinkat()`; checked on 6.18): with AT_REMOVEDIR it
    /// is rmdir; a last component ".", ".." or "/" is EISDIR; EROFS;
    /// ENOENT; a trailing slash gives EISDIR on a directory, ENOTDIR
    /// otherwise; `may_delete` (EISDIR for a directory — Linux, where POSIX
    /// allows EPERM); EBUSY if the name is a mount point.
    pub fn unlinkat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        flags: u32,
    ) -> SysResult<()> {
        if flags & !AT_REMOVEDIR != 0 {
            return Err(Errno::EINVAL);
        }
        if flags & AT_REMOVEDIR != 0 {
            return self.rmdir(ctx, fs, files, dirfd, path);
        }
        let nd = self.path_parent(ctx, fs, files, dirfd, path)?;
        let Last::Norm(name) = nd.last else {
            return Err(Errno::EISDIR);
        };
        self.mnt_want_write(nd.dir.mnt)?;
        let victim = self.lookup_one(ctx, nd.dir, &name)?.ok_or(Errno::ENOENT)?;
        if nd.trailing_slash {
            return Err(if self.dentry_is_dir(victim) {
                Errno::EISDIR
            } else {
                Errno::ENOTDIR
            });
        }
        self.may_delete(ctx, nd.dir, victim, false)?;
        if self.is_pseudo(victim) {
            return Err(Errno::EPERM); // no ->unlink
        }
        if self.dentry(victim).mounted > 0 {
            return Err(Errno::EBUSY);
        }
        self.remove_entry(ctx, nd.dir.dentry, victim);
        Ok(())
    }

    /// renameat(2) (`do_renameat2()`, `vfs_rename()`; checked on 6.18):
    /// EXDEV if the two parents are on different mounts (checked first);
    /// EBUSY if either last component is ".", ".." or "/"; EROFS; ENOENT;
    /// ENOTDIR for a trailing slash on a non-directory source or target
    /// name; EINVAL moving a directory below itself; ENOTEMPTY if the target
    /// is an ancestor of the source; renaming onto itself does nothing;
    /// EACCES/EPERM (sticky) as unlink; ENOTDIR replacing a non-directory by
    /// a directory, EISDIR the reverse; EBUSY for a mount point; ENOTEMPTY
    /// replacing a non-empty directory.
    #[allow(clippy::too_many_arguments)]
    pub fn renameat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        olddirfd: i32,
        oldpath: &str,
        newdirfd: i32,
        newpath: &str,
    ) -> SysResult<()> {
        let old = self.path_parent(ctx, fs, files, olddirfd, oldpath)?;
        let new = self.path_parent(ctx, fs, files, newdirfd, newpath)?;
        if old.dir.mnt != new.dir.mnt {
            return Err(Errno::EXDEV);
        }
        let (Last::Norm(old_name), Last::Norm(new_name)) = (&old.last, &new.last) else {
            return Err(Errno::EBUSY);
        };
        let (old_name, new_name) = (old_name.clone(), new_name.clone());
        self.mnt_want_write(old.dir.mnt)?;
        let src = self
            .lookup_one(ctx, old.dir, &old_name)?
            .ok_or(Errno::ENOENT)?;
        let is_dir = self.dentry_is_dir(src);
        if !is_dir && (old.trailing_slash || new.trailing_slash) {
            return Err(Errno::ENOTDIR);
        }
        let tgt = self.lookup_one(ctx, new.dir, &new_name)?;
        if tgt.is_none() && self.pseudo_kind(new.dir.dentry) == Some(PseudoKind::Proc) {
            return Err(Errno::ENOENT);
        }
        // lock_rename()'s trap: the source may not be an ancestor of the
        // new parent, nor the target an ancestor of the old parent.
        if self.is_subdir(new.dir.dentry, src) {
            return Err(Errno::EINVAL);
        }
        if let Some(t) = tgt
            && self.is_subdir(old.dir.dentry, t)
        {
            return Err(Errno::ENOTEMPTY);
        }
        if tgt == Some(src) {
            return Ok(());
        }
        self.may_delete(ctx, old.dir, src, is_dir)?;
        match tgt {
            None => self.may_create(ctx, self.dentry(new.dir.dentry).inode)?,
            Some(t) => self.may_delete(ctx, new.dir, t, is_dir)?,
        }
        if self.is_pseudo(src) {
            return Err(Errno::EPERM); // no ->rename
        }
        if is_dir && old.dir.dentry != new.dir.dentry {
            self.inode_permission(ctx, self.dentry(src).inode, MAY_WRITE)?;
        }
        if self.dentry(src).mounted > 0 || tgt.is_some_and(|t| self.dentry(t).mounted > 0) {
            return Err(Errno::EBUSY);
        }
        if let Some(t) = tgt
            && is_dir
            && !self.dentry(t).children.is_empty()
        {
            return Err(Errno::ENOTEMPTY);
        }
        if let Some(t) = tgt {
            self.remove_entry(ctx, new.dir.dentry, t);
        }
        self.d_move(src, new.dir.dentry, &new_name);
        if is_dir && old.dir.dentry != new.dir.dentry {
            let (oi, ni) = (
                self.dentry(old.dir.dentry).inode,
                self.dentry(new.dir.dentry).inode,
            );
            self.inode_mut(oi).nlink -= 1;
            self.inode_mut(ni).nlink += 1;
        }
        let (oi, ni, si) = (
            self.dentry(old.dir.dentry).inode,
            self.dentry(new.dir.dentry).inode,
            self.dentry(src).inode,
        );
        self.touch_dir(oi, ctx);
        self.touch_dir(ni, ctx);
        self.inode_mut(si).ctime = ctx.now;
        Ok(())
    }

    /// linkat(2) (`do_linkat()`; checked on 6.18): lookup errors on the old
    /// path (a final symlink followed only with AT_SYMLINK_FOLLOW), then
    /// `filename_create` errors on the new one (EEXIST…), EXDEV across
    /// mounts, EPERM for a directory.
    #[allow(clippy::too_many_arguments)]
    pub fn linkat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        olddirfd: i32,
        oldpath: &str,
        newdirfd: i32,
        newpath: &str,
        flags: u32,
    ) -> SysResult<()> {
        if flags & !AT_SYMLINK_FOLLOW != 0 {
            return Err(Errno::EINVAL);
        }
        let old = self.path_lookup(
            ctx,
            fs,
            files,
            olddirfd,
            oldpath,
            flags & AT_SYMLINK_FOLLOW != 0,
        )?;
        let (dir, name) = self.filename_create(ctx, fs, files, newdirfd, newpath, false)?;
        if old.mnt != dir.mnt {
            return Err(Errno::EXDEV);
        }
        if self.dentry_is_dir(old.dentry) || self.is_pseudo(old.dentry) {
            return Err(Errno::EPERM);
        }
        let ino = self.dentry(old.dentry).inode;
        if self.inode(ino).nlink == 0 {
            return Err(Errno::ENOENT);
        }
        if self.protected_hardlinks && !self.may_linkat(ctx, ino) {
            return Err(Errno::EPERM);
        }
        self.d_add(dir.dentry, &name, ino);
        let i = self.inode_mut(ino);
        i.nlink += 1;
        i.ctime = ctx.now;
        let di = self.dentry(dir.dentry).inode;
        self.touch_dir(di, ctx);
        Ok(())
    }

    /// `may_linkat()` with fs.protected_hardlinks = 1 (its value on this
    /// machine, set by systemd): only the owner, a CAP_FOWNER holder, or
    /// for a regular non-set-id file someone who may read and write it.
    fn may_linkat(&self, ctx: &Ctx, ino: super::InodeId) -> bool {
        let i = self.inode(ino);
        if ctx.fsuid == i.uid || ctx.capable_wrt(CAP_FOWNER, i.uid, i.gid) {
            return true;
        }
        i.is_reg()
            && i.mode & S_ISUID == 0
            && i.mode & (S_ISGID | 0o010) != (S_ISGID | 0o010)
            && self
                .inode_permission(ctx, ino, MAY_READ | MAY_WRITE)
                .is_ok()
    }

    /// faccessat(2) (`do_faccessat()`): F_OK (0) checks existence; R_OK
    /// (4), W_OK (2), X_OK (1) check permission as `inode_permission()` does
    /// — so root gets EACCES for X_OK on a file with no execute bit (checked
    /// on 6.18) — and W_OK on a read-only mount is EROFS. access(2) checks
    /// with the *real* ids: the Kernel passes a Ctx built from uid/gid
    /// (and, for a non-root real uid, no capabilities).
    pub fn faccessat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        mode: u32,
    ) -> SysResult<()> {
        if mode & !7 != 0 {
            return Err(Errno::EINVAL);
        }
        let p = self.path_lookup(ctx, fs, files, dirfd, path, true)?;
        if mode == 0 {
            return Ok(());
        }
        let ino = self.dentry(p.dentry).inode;
        self.inode_permission(ctx, ino, mode)?;
        let i = self.inode(ino);
        if mode & MAY_WRITE != 0 && (i.is_reg() || i.is_dir() || i.is_symlink()) {
            self.mnt_want_write(p.mnt)?;
        }
        Ok(())
    }

    /// The lookup of the *at calls whose only flag is AT_SYMLINK_NOFOLLOW
    /// (fstatat(2), utimensat(2), fchownat(2)): any other bit is EINVAL
    /// before the path is looked at.
    fn path_lookup_at(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        flags: u32,
    ) -> SysResult<Path> {
        if flags & !AT_SYMLINK_NOFOLLOW != 0 {
            return Err(Errno::EINVAL);
        }
        self.path_lookup(
            ctx,
            fs,
            files,
            dirfd,
            path,
            flags & AT_SYMLINK_NOFOLLOW == 0,
        )
    }

    /// utimensat(2): `times` = Some((atime, mtime)) sets them and needs
    /// ownership or CAP_FOWNER (EPERM); None sets both to now and also
    /// allows anyone with write permission (EACCES otherwise). EROFS first.
    /// The ctime becomes now.
    #[allow(clippy::too_many_arguments)]
    pub fn utimensat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        times: Option<(super::Timespec, super::Timespec)>,
        flags: u32,
    ) -> SysResult<()> {
        let p = self.path_lookup_at(ctx, fs, files, dirfd, path, flags)?;
        self.mnt_want_write(p.mnt)?;
        let ino = self.dentry(p.dentry).inode;
        if !self.owner_or_capable(ctx, p.dentry) {
            if times.is_some() {
                return Err(Errno::EPERM);
            }
            self.inode_permission(ctx, ino, MAY_WRITE)?;
        }
        let (a, m) = times.unwrap_or((ctx.now, ctx.now));
        let i = self.inode_mut(ino);
        i.atime = a;
        i.mtime = m;
        i.ctime = ctx.now;
        Ok(())
    }

    /// fstatat(2); AT_SYMLINK_NOFOLLOW gives lstat(2).
    pub fn fstatat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        flags: u32,
    ) -> SysResult<Stat> {
        let p = self.path_lookup_at(ctx, fs, files, dirfd, path, flags)?;
        Ok(self.stat_dentry(p.dentry))
    }

    /// fstat(2).
    pub fn fstat(&self, files: &FilesStruct, fd: i32) -> SysResult<Stat> {
        let f = self.file(files, fd)?;
        Ok(self.stat_dentry(f.path.dentry))
    }

    /// `inode_owner_or_capable()`.
    fn owner_or_capable(&self, ctx: &Ctx, d: DentryId) -> bool {
        let i = self.inode(self.dentry(d).inode);
        ctx.fsuid == i.uid || ctx.capable_wrt(CAP_FOWNER, i.uid, i.gid)
    }

    /// fchmodat(2) (`chmod_common()`): EROFS first, then EPERM unless the
    /// owner or CAP_FOWNER; S_ISGID is cleared when the caller is not in the
    /// file's group and lacks CAP_FSETID (chmod(2)).
    pub fn fchmodat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        mode: u32,
    ) -> SysResult<()> {
        let p = self.path_lookup(ctx, fs, files, dirfd, path, true)?;
        self.chmod_path(ctx, p, mode)
    }

    /// fchmod(2).
    pub fn fchmod(&mut self, ctx: &Ctx, files: &FilesStruct, fd: i32, mode: u32) -> SysResult<()> {
        let p = self.file(files, fd)?.path;
        self.chmod_path(ctx, p, mode)
    }

    fn chmod_path(&mut self, ctx: &Ctx, p: Path, mode: u32) -> SysResult<()> {
        self.mnt_want_write(p.mnt)?;
        if !self.owner_or_capable(ctx, p.dentry) {
            return Err(Errno::EPERM);
        }
        let ino = self.dentry(p.dentry).inode;
        let i = self.inode(ino);
        let mut mode = mode & S_IALLUGO;
        if mode & S_ISGID != 0 && !ctx.in_group(i.gid) && !ctx.capable_wrt(CAP_FSETID, i.uid, i.gid)
        {
            mode &= !S_ISGID;
        }
        let i = self.inode_mut(ino);
        i.mode = (i.mode & !S_IALLUGO) | mode;
        i.ctime = ctx.now;
        Ok(())
    }

    /// fchownat(2) (`chown_common()`, `chown_ok()`, `chgrp_ok()`): ids are
    /// kernel ids, `None` for "-1, unchanged". EROFS first; changing the
    /// owner needs CAP_CHOWN (or is a no-op change by the owner); changing
    /// the group needs ownership and membership of the new group, or
    /// CAP_CHOWN; otherwise EPERM (checked on 6.18 as nobody). A
    /// non-directory loses S_ISUID, and S_ISGID if group-executable.
    #[allow(clippy::too_many_arguments)]
    pub fn fchownat(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        uid: Option<Kuid>,
        gid: Option<Kgid>,
        flags: u32,
    ) -> SysResult<()> {
        let p = self.path_lookup_at(ctx, fs, files, dirfd, path, flags)?;
        self.mnt_want_write(p.mnt)?;
        let ino = self.dentry(p.dentry).inode;
        let i = self.inode(ino);
        let cap = ctx.capable_wrt(CAP_CHOWN, i.uid, i.gid);
        if let Some(u) = uid
            && !(ctx.fsuid == i.uid && u == i.uid || cap)
        {
            return Err(Errno::EPERM);
        }
        if let Some(g) = gid
            && !(ctx.fsuid == i.uid && (g == i.gid || ctx.in_group(g)) || cap)
        {
            return Err(Errno::EPERM);
        }
        let i = self.inode_mut(ino);
        if let Some(u) = uid {
            i.uid = u;
        }
        if let Some(g) = gid {
            i.gid = g;
        }
        if !i.is_dir() && (uid.is_some() || gid.is_some()) {
            i.mode &= !S_ISUID;
            if i.mode & 0o010 != 0 {
                i.mode &= !S_ISGID;
            }
        }
        i.ctime = ctx.now;
        Ok(())
    }

    /// chdir(2): ENOTDIR, EACCES without search permission.
    pub fn chdir(
        &mut self,
        ctx: &Ctx,
        fs: &mut FsStruct,
        files: &FilesStruct,
        path: &str,
    ) -> SysResult<()> {
        let p = self.dir_lookup(ctx, fs, files, path)?;
        self.set_pwd(fs, p);
        Ok(())
    }

    fn dir_lookup(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        path: &str,
    ) -> SysResult<Path> {
        let p = self.path_lookup(ctx, fs, files, super::AT_FDCWD, path, true)?;
        if !self.dentry_is_dir(p.dentry) {
            return Err(Errno::ENOTDIR);
        }
        self.inode_permission(ctx, self.dentry(p.dentry).inode, MAY_EXEC)?;
        Ok(p)
    }

    fn set_pwd(&mut self, fs: &mut FsStruct, p: Path) {
        self.path_get(p);
        self.path_put(fs.pwd);
        fs.pwd = p;
    }

    /// fchdir(2): EBADF, ENOTDIR, EACCES.
    pub fn fchdir(
        &mut self,
        ctx: &Ctx,
        fs: &mut FsStruct,
        files: &FilesStruct,
        fd: i32,
    ) -> SysResult<()> {
        let p = self.file(files, fd)?.path;
        if !self.dentry_is_dir(p.dentry) {
            return Err(Errno::ENOTDIR);
        }
        self.inode_permission(ctx, self.dentry(p.dentry).inode, MAY_EXEC)?;
        self.set_pwd(fs, p);
        Ok(())
    }

    /// chroot(2): lookup errors, ENOTDIR, EACCES, then EPERM without
    /// CAP_SYS_CHROOT in the caller's user namespace (checked on 6.18 as
    /// nobody). The cwd is not changed (so it may lie outside the root).
    pub fn chroot(
        &mut self,
        ctx: &Ctx,
        fs: &mut FsStruct,
        files: &FilesStruct,
        path: &str,
    ) -> SysResult<()> {
        let p = self.dir_lookup(ctx, fs, files, path)?;
        if !ctx.capable(CAP_SYS_CHROOT) {
            return Err(Errno::EPERM);
        }
        self.path_get(p);
        self.path_put(fs.root);
        fs.root = p;
        Ok(())
    }

    /// getcwd(3)/getcwd syscall: ENOENT if the cwd was removed; a cwd
    /// outside the root (after chroot(2), or in a detached mount) is shown
    /// from the namespace's root with the prefix "(unreachable)" (getcwd(3)
    /// NOTES).
    pub fn getcwd(&self, fs: &FsStruct) -> SysResult<String> {
        if !self.dentry(fs.pwd.dentry).hashed {
            return Err(Errno::ENOENT);
        }
        let (s, ok) = self.path_from(fs.pwd, fs.root);
        Ok(if ok { s } else { format!("(unreachable){s}") })
    }
}
