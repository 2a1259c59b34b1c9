//! Path resolution (path_resolution(7), fs/namei.c) and permission checks
//! (`generic_permission()`, `inode_permission()`).

use super::file::{FilesStruct, FsStruct};
use super::inode::{FsKind, InodeData};
use super::{
    AT_FDCWD, CAP_DAC_READ_SEARCH, Ctx, DentryId, InodeId, MAXSYMLINKS, NAME_MAX, PATH_MAX, Path,
    Vfs,
};
use super::{S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use crate::kernel_model::capability::CAP_DAC_OVERRIDE;
use crate::kernel_model::errno::{Errno, SysResult};

/// Access masks (`MAY_EXEC`, `MAY_WRITE`, `MAY_READ`).
pub const MAY_EXEC: u32 = 1;
pub const MAY_WRITE: u32 = 2;
pub const MAY_READ: u32 = 4;

/// The kind of the last component (`LAST_NORM`, `LAST_ROOT`, `LAST_DOT`,
/// `LAST_DOTDOT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Last {
    Norm(String),
    Root,
    Dot,
    DotDot,
}

/// What `filename_parentat()` returns: the directory holding the last
/// component, the component, and whether the path ended in a slash.
#[derive(Clone, Debug)]
pub(crate) struct Parent {
    pub dir: Path,
    pub last: Last,
    pub trailing_slash: bool,
}

impl Vfs {
    /// `generic_permission()` plus the read-only super block rule of
    /// `inode_permission()`: owner, group or other bits; then
    /// CAP_DAC_READ_SEARCH (read/search of directories, read of files) and
    /// CAP_DAC_OVERRIDE (everything but executing a file with no x bit),
    /// each only if the inode's owner is mapped in the caller's user
    /// namespace (capabilities(7)).
    pub(crate) fn inode_permission(&self, ctx: &Ctx, ino: InodeId, mask: u32) -> SysResult<()> {
        let i = self.inode(ino);
        let ft = i.mode & S_IFMT;
        if mask & MAY_WRITE != 0
            && self.super_block(i.sb).rdonly
            && (ft == S_IFREG || ft == S_IFDIR || ft == S_IFLNK)
        {
            return Err(Errno::EROFS);
        }
        let mode = if ctx.fsuid == i.uid {
            i.mode >> 6
        } else if ctx.in_group(i.gid) {
            i.mode >> 3
        } else {
            i.mode
        };
        if mask & !mode & 7 == 0 {
            return Ok(());
        }
        if ft == S_IFDIR {
            if mask & MAY_WRITE == 0 && ctx.capable_wrt(CAP_DAC_READ_SEARCH, i.uid, i.gid) {
                return Ok(());
            }
            if ctx.capable_wrt(CAP_DAC_OVERRIDE, i.uid, i.gid) {
                return Ok(());
            }
            return Err(Errno::EACCES);
        }
        if (mask & MAY_EXEC == 0 || i.mode & 0o111 != 0)
            && ctx.capable_wrt(CAP_DAC_OVERRIDE, i.uid, i.gid)
        {
            return Ok(());
        }
        if mask == MAY_READ && ctx.capable_wrt(CAP_DAC_READ_SEARCH, i.uid, i.gid) {
            return Ok(());
        }
        Err(Errno::EACCES)
    }

    /// `may_create()`: ENOENT in a removed directory (`IS_DEADDIR`), else
    /// write and search permission on it.
    pub(crate) fn may_create(&self, ctx: &Ctx, dir: InodeId) -> SysResult<()> {
        if self.inode(dir).nlink == 0 {
            return Err(Errno::ENOENT);
        }
        self.inode_permission(ctx, dir, MAY_WRITE | MAY_EXEC)
    }

    /// Which pseudo filesystem a dentry is on, if any.
    pub(crate) fn pseudo_kind(&self, d: DentryId) -> Option<super::PseudoKind> {
        match self.super_block(self.dentry(d).sb).kind {
            FsKind::Pseudo(k) => Some(k),
            FsKind::Memory => None,
        }
    }

    pub(crate) fn dentry_is_dir(&self, d: DentryId) -> bool {
        self.inode(self.dentry(d).inode).is_dir()
    }

    /// `follow_mount()`: down through every mount stacked on this path.
    pub(crate) fn follow_mount(&self, mut p: Path) -> Path {
        while let Some(&m) = self.mount_hash.get(&p) {
            p = Path {
                mnt: m,
                dentry: self.mnt(m).root,
            };
        }
        p
    }

    /// `follow_dotdot()`: the parent directory, never above the task's root
    /// (chroot(2)), and up across mount points.
    pub(crate) fn follow_dotdot(&self, fs: &FsStruct, mut p: Path) -> Path {
        loop {
            if p == fs.root {
                return p;
            }
            let m = self.mnt(p.mnt);
            if p.dentry != m.root {
                return Path {
                    mnt: p.mnt,
                    dentry: self.dentry(p.dentry).parent,
                };
            }
            match m.parent {
                Some(parent) => {
                    p = Path {
                        mnt: parent,
                        dentry: m.mountpoint,
                    }
                }
                None => return p,
            }
        }
    }

    /// The path of a pseudo-filesystem dentry inside its filesystem.
    fn pseudo_key(&self, d: DentryId) -> String {
        match &self.inode(self.dentry(d).inode).data {
            InodeData::Pseudo(k) => k.clone(),
            _ => "/".to_owned(),
        }
    }

    /// `lookup_one()` in directory `dir` (already checked to be a searchable
    /// directory): the child dentry, or `None` for a negative lookup. Names
    /// longer than NAME_MAX give ENAMETOOLONG (`simple_lookup()`).
    pub(crate) fn lookup_one(
        &mut self,
        ctx: &Ctx,
        dir: Path,
        name: &str,
    ) -> SysResult<Option<DentryId>> {
        if name.len() > NAME_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let sb_id = self.dentry(dir.dentry).sb;
        let sb = self.super_block(sb_id);
        match sb.kind {
            FsKind::Memory => Ok(self.dentry(dir.dentry).children.get(name).copied()),
            FsKind::Pseudo(kind) => {
                let instance = sb.instance;
                let key = self.pseudo_key(dir.dentry);
                let node = ctx.pseudo.lookup(kind, instance, &key, name);
                let cached = self.dentry(dir.dentry).children.get(name).copied();
                if let Some(c) = cached {
                    let ci = self.inode(self.dentry(c).inode);
                    let same = node
                        .as_ref()
                        .is_some_and(|n| n.ino == ci.ino && n.mode & S_IFMT == ci.mode & S_IFMT);
                    if same {
                        let n = node.expect("checked");
                        let ino = self.dentry(c).inode;
                        let i = self.inode_mut(ino);
                        i.mode = n.mode;
                        i.uid = n.uid;
                        i.gid = n.gid;
                        return Ok(Some(c));
                    }
                    // d_invalidate(): a mount on a stale entry stays, but
                    // the name no longer leads to it.
                    self.d_invalidate(c);
                }
                let Some(n) = node else { return Ok(None) };
                let child_key = if key == "/" {
                    format!("/{name}")
                } else {
                    format!("{key}/{name}")
                };
                let nlink = if n.mode & S_IFMT == S_IFDIR { 2 } else { 1 };
                let id = self.alloc_inode_id();
                let now = ctx.now;
                self.inodes.insert(
                    id,
                    super::Inode {
                        sb: sb_id,
                        ino: n.ino,
                        mode: n.mode,
                        uid: n.uid,
                        gid: n.gid,
                        nlink,
                        atime: now,
                        mtime: now,
                        ctime: now,
                        data: InodeData::Pseudo(child_key),
                    },
                );
                Ok(Some(self.d_add(dir.dentry, name, id)))
            }
        }
    }

    /// A pseudo filesystem's magic link ([`super::PseudoFs::is_magic_link`]).
    pub(crate) fn is_magic_link(&self, ctx: &Ctx, d: DentryId) -> bool {
        let i = self.inode(self.dentry(d).inode);
        let sb = self.super_block(i.sb);
        match (&i.data, sb.kind) {
            (InodeData::Pseudo(key), FsKind::Pseudo(kind)) => {
                ctx.pseudo.is_magic_link(kind, sb.instance, key)
            }
            _ => false,
        }
    }

    /// The text of a symbolic link (`->get_link`).
    pub(crate) fn get_link(&self, ctx: &Ctx, d: DentryId) -> SysResult<String> {
        let i = self.inode(self.dentry(d).inode);
        match &i.data {
            InodeData::Symlink(t) => Ok(t.clone()),
            InodeData::Pseudo(k) if i.is_symlink() => {
                let sb = self.super_block(i.sb);
                let FsKind::Pseudo(kind) = sb.kind else {
                    return Err(Errno::EINVAL);
                };
                let text = ctx.pseudo.readlink(kind, sb.instance, k)?;
                // A link to an open file (/proc/PID/fd/N): the provider
                // names the file, the VFS renders its path.
                match text.strip_prefix(super::pseudo::FD_LINK_MARK) {
                    Some(id) => {
                        let id = id.parse().map_err(|_| Errno::EINVAL)?;
                        self.fd_link_text(super::FileId(id), ctx.root)
                    }
                    None => Ok(text),
                }
            }
            _ => Err(Errno::EINVAL),
        }
    }

    /// `path_init()`: where a walk starts — the root for absolute paths,
    /// else the cwd or the directory open as `dirfd` (EBADF if not open,
    /// ENOTDIR if not a directory).
    pub(crate) fn path_start(
        &self,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
    ) -> SysResult<Path> {
        if path.starts_with('/') {
            return Ok(fs.root);
        }
        if dirfd == AT_FDCWD {
            return Ok(fs.pwd);
        }
        let f = files.get(dirfd).ok_or(Errno::EBADF)?;
        let p = self.files[&f].path;
        if !path.is_empty() && !self.dentry_is_dir(p.dentry) {
            return Err(Errno::ENOTDIR);
        }
        Ok(p)
    }

    /// `getname()` checks: an empty name is ENOENT, one of PATH_MAX bytes
    /// or more ENAMETOOLONG (checked on 6.18: 4095 bytes resolve, 4096 do
    /// not).
    pub(crate) fn check_name(path: &str) -> SysResult<()> {
        if path.is_empty() {
            return Err(Errno::ENOENT);
        }
        if path.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        Ok(())
    }

    /// `link_path_walk()`: walks every component but the last, following
    /// symlinks, from `start` (or the root for an absolute path). Each
    /// directory passed through needs search permission (EACCES), each
    /// intermediate component must be a directory (ENOTDIR) that exists
    /// (ENOENT). `nlinks` counts symlinks followed in this whole lookup.
    pub(crate) fn walk_parent(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        start: Path,
        path: &str,
        nlinks: &mut u32,
    ) -> SysResult<Parent> {
        let mut cur = if path.starts_with('/') {
            fs.root
        } else {
            start
        };
        let comps: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
        let trailing_slash = path.ends_with('/') && !comps.is_empty();
        let Some((last, init)) = comps.split_last() else {
            return Ok(Parent {
                dir: cur,
                last: Last::Root,
                trailing_slash: false,
            });
        };
        for comp in init {
            self.inode_permission(ctx, self.dentry(cur.dentry).inode, MAY_EXEC)?;
            cur = self.step(ctx, fs, cur, comp, nlinks)?;
            if !self.dentry_is_dir(cur.dentry) {
                return Err(Errno::ENOTDIR);
            }
        }
        self.inode_permission(ctx, self.dentry(cur.dentry).inode, MAY_EXEC)?;
        let last = match *last {
            "." => Last::Dot,
            ".." => Last::DotDot,
            n => Last::Norm(n.to_owned()),
        };
        Ok(Parent {
            dir: cur,
            last,
            trailing_slash,
        })
    }

    /// One intermediate component: `.`, `..`, or a name (symlinks followed).
    fn step(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        cur: Path,
        comp: &str,
        nlinks: &mut u32,
    ) -> SysResult<Path> {
        match comp {
            "." => Ok(cur),
            ".." => Ok(self.follow_mount(self.follow_dotdot(fs, cur))),
            name => {
                let d = self.lookup_one(ctx, cur, name)?.ok_or(Errno::ENOENT)?;
                let p = self.follow_mount(Path {
                    mnt: cur.mnt,
                    dentry: d,
                });
                if self.inode(self.dentry(p.dentry).inode).is_symlink() {
                    self.follow_link(ctx, fs, cur, p, nlinks)
                } else {
                    Ok(p)
                }
            }
        }
    }

    /// Follows the symlink at `link` found in directory `dir` to what it
    /// names (fully resolved). More than MAXSYMLINKS links in one lookup
    /// give ELOOP (path_resolution(7)); an empty target ENOENT.
    pub(crate) fn follow_link(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        dir: Path,
        link: Path,
        nlinks: &mut u32,
    ) -> SysResult<Path> {
        *nlinks += 1;
        if *nlinks > MAXSYMLINKS {
            return Err(Errno::ELOOP);
        }
        let target = self.get_link(ctx, link.dentry)?;
        if self.is_magic_link(ctx, link.dentry) {
            return Ok(link); // nd_jump_link()
        }
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        let nd = self.walk_parent(ctx, fs, dir, &target, nlinks)?;
        let p = self
            .walk_last(ctx, fs, &nd, true, nlinks)?
            .ok_or(Errno::ENOENT)?;
        if nd.trailing_slash && !self.dentry_is_dir(p.dentry) {
            return Err(Errno::ENOTDIR);
        }
        Ok(p)
    }

    /// `lookup_last()`: resolves the last component; `None` if the name
    /// does not exist. A trailing slash forces following a final symlink.
    pub(crate) fn walk_last(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        nd: &Parent,
        follow: bool,
        nlinks: &mut u32,
    ) -> SysResult<Option<Path>> {
        match &nd.last {
            Last::Root | Last::Dot => Ok(Some(nd.dir)),
            Last::DotDot => Ok(Some(self.follow_mount(self.follow_dotdot(fs, nd.dir)))),
            Last::Norm(name) => {
                let Some(d) = self.lookup_one(ctx, nd.dir, name)? else {
                    return Ok(None);
                };
                let p = self.follow_mount(Path {
                    mnt: nd.dir.mnt,
                    dentry: d,
                });
                if (follow || nd.trailing_slash)
                    && self.inode(self.dentry(p.dentry).inode).is_symlink()
                {
                    return self.follow_link(ctx, fs, nd.dir, p, nlinks).map(Some);
                }
                Ok(Some(p))
            }
        }
    }

    /// `user_path_at()`: resolves a whole path; a trailing slash requires a
    /// directory (ENOTDIR).
    pub fn path_lookup(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
        follow: bool,
    ) -> SysResult<Path> {
        Self::check_name(path)?;
        let start = self.path_start(fs, files, dirfd, path)?;
        let mut nlinks = 0;
        let nd = self.walk_parent(ctx, fs, start, path, &mut nlinks)?;
        let p = self
            .walk_last(ctx, fs, &nd, follow, &mut nlinks)?
            .ok_or(Errno::ENOENT)?;
        if nd.trailing_slash && !self.dentry_is_dir(p.dentry) {
            return Err(Errno::ENOTDIR);
        }
        Ok(p)
    }

    /// `filename_parentat()` for the create/remove family.
    pub(crate) fn path_parent(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        dirfd: i32,
        path: &str,
    ) -> SysResult<Parent> {
        Self::check_name(path)?;
        let start = self.path_start(fs, files, dirfd, path)?;
        let mut nlinks = 0;
        self.walk_parent(ctx, fs, start, path, &mut nlinks)
    }

    /// Whether `d` is `ancestor` or below it (`is_subdir()`), within one
    /// super block.
    pub(crate) fn is_subdir(&self, mut d: DentryId, ancestor: DentryId) -> bool {
        loop {
            if d == ancestor {
                return true;
            }
            let p = self.dentry(d).parent;
            if p == d {
                return false;
            }
            d = p;
        }
    }

    /// `__mnt_is_readonly()`: the mount or its super block is read-only.
    pub(crate) fn mnt_is_readonly(&self, m: super::MountId) -> bool {
        let mnt = self.mnt(m);
        mnt.readonly || self.super_block(mnt.sb).rdonly
    }

    /// `mnt_want_write()`: EROFS on a read-only mount.
    pub(crate) fn mnt_want_write(&self, m: super::MountId) -> SysResult<()> {
        if self.mnt_is_readonly(m) {
            Err(Errno::EROFS)
        } else {
            Ok(())
        }
    }
}
