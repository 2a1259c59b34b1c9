//! Mounts (`struct mount`), the mount tree of each mount namespace,
//! mount(2), umount2(2), the copy made by clone/unshare(CLONE_NEWNS)
//! (mount_namespaces(7)), and /proc/PID/mountinfo and /proc/PID/mounts
//! (proc(5)).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::file::FsStruct;
use super::inode::{DevT, FsKind, Timespec};
use super::pseudo::PseudoKind;
use super::{Ctx, DentryId, FilesStruct, MountId, Path, SbId, Vfs};
use super::{MNT_DETACH, MNT_EXPIRE, MNT_FORCE, UMOUNT_NOFOLLOW};
use super::{
    MS_BIND, MS_MOVE, MS_NOATIME, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_RDONLY, MS_REC,
};
use super::{MS_REMOUNT, MS_SHARED, MS_SLAVE, MS_STRICTATIME, MS_UNBINDABLE};
use crate::kernel_model::capability::CAP_SYS_ADMIN;
use crate::kernel_model::errno::{Errno, SysResult};
use crate::kernel_model::ns_common::NsId;

/// Propagation state of a mount (mount_namespaces(7), "Shared subtrees").
/// Stored and shown in mountinfo; mount events are not propagated (yet).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Propagation {
    /// Peer group id when shared (`shared:N`).
    pub shared: Option<u32>,
    /// Peer group this mount is a slave of (`master:N`).
    pub master: Option<u32>,
    pub unbindable: bool,
}

/// Access-time policy of a mount (`MNT_RELATIME` is the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Atime {
    #[default]
    Relatime,
    Noatime,
    Strictatime,
}

/// `struct mount`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// The id shown in mountinfo (lowest free from the allocator; freed at
    /// umount).
    pub mnt_id: u32,
    pub sb: SbId,
    /// The dentry of `sb` this mount shows at its root (not the super
    /// block's root for a bind mount).
    pub root: DentryId,
    /// `mnt_parent`; `None` for a namespace's root and detached mounts.
    pub parent: Option<MountId>,
    /// `mnt_mountpoint`, a dentry of the parent mount.
    pub mountpoint: DentryId,
    /// `mnt_devname`: the source shown in mountinfo.
    pub source: String,
    pub readonly: bool,
    pub nosuid: bool,
    pub nodev: bool,
    pub noexec: bool,
    pub atime: Atime,
    pub propagation: Propagation,
    /// The mount namespace this mount belongs to; `None` once detached.
    pub ns: Option<NsId>,
    /// Child mounts in attach order (`mnt_mounts`).
    pub children: Vec<MountId>,
    /// Open files and fs_struct paths on this mount.
    pub(crate) refs: u32,
    /// Files open for writing (`mnt_writers`).
    pub(crate) writers: u32,
    /// `MNT_LOCKED`: copied into a less privileged mount namespace, this
    /// mount may not be unmounted alone (EINVAL) — it would reveal what it
    /// covers (mount_namespaces(7), "Restrictions on mount namespaces").
    pub locked: bool,
    /// The `MNT_LOCK_*` flags: which of the flags a less privileged
    /// namespace may not change by remount (EPERM).
    pub lock: MntLocks,
}

/// `MNT_LOCK_READONLY`, `MNT_LOCK_NODEV`, `MNT_LOCK_NOSUID`,
/// `MNT_LOCK_NOEXEC`, `MNT_LOCK_ATIME`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MntLocks {
    pub readonly: bool,
    pub nodev: bool,
    pub nosuid: bool,
    pub noexec: bool,
    pub atime: bool,
}

/// A mount namespace's mount tree: its root mount and every mount in it,
/// in `mnt_id_unique` order — the order /proc/PID/mountinfo lists them
/// (`mnt_ns->mounts`, Linux ≥ 6.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountTree {
    pub root: MountId,
    pub mounts: BTreeSet<MountId>,
}

/// Old mount → its copy, from [`Vfs::copy_mnt_ns`].
pub type MountMap = BTreeMap<MountId, MountId>;

/// How `clone_mnt` treats propagation (`CL_SLAVE`, `CL_SHARED_TO_SLAVE`,
/// `CL_PRIVATE`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum CloneProp {
    Keep,
    SharedToSlave,
}

/// Mangles the characters mountinfo escapes (`seq_path`, `mangle()`:
/// space, tab, newline, backslash as octal).
fn mangle(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("\\040"),
            '\t' => out.push_str("\\011"),
            '\n' => out.push_str("\\012"),
            '\\' => out.push_str("\\134"),
            c => out.push(c),
        }
    }
    out
}

impl Vfs {
    /// Creates the initial mount namespace `ns` as Linux boots: a hidden
    /// "rootfs" mount is the namespace's root (`init_mount_tree()`), and the
    /// root filesystem `sb` is mounted on it, so "/" has a parent (mountinfo
    /// shows it as the parent id of "/", as on a real system) and
    /// pivot_root(2) works. Returns the path of "/" for init's fs_struct.
    pub fn create_mnt_ns(&mut self, ns: NsId, sb: SbId, source: &str, now: Timespec) -> Path {
        let rootfs_sb = self.new_super(FsKind::Memory, "rootfs", DevT::new(0, 1), 0o755, 0, 0, now);
        let rootfs_root = self.super_block(rootfs_sb).root;
        let rootfs = self.new_mount(rootfs_sb, rootfs_root, "rootfs");
        self.mount_mut(rootfs).ns = Some(ns);
        self.namespaces.insert(
            ns,
            MountTree {
                root: rootfs,
                mounts: BTreeSet::from([rootfs]),
            },
        );
        let root = self.super_block(sb).root;
        let m = self.new_mount(sb, root, source);
        self.attach_mnt(
            m,
            Path {
                mnt: rootfs,
                dentry: rootfs_root,
            },
            Some(ns),
        );
        Path {
            mnt: m,
            dentry: root,
        }
    }

    /// The root a task entering namespace `ns` gets (setns(2): the
    /// namespace's root, followed down through the mounts on it).
    pub fn ns_root(&self, ns: NsId) -> Option<Path> {
        let t = self.namespaces.get(&ns)?;
        Some(self.follow_mount(Path {
            mnt: t.root,
            dentry: self.mnt(t.root).root,
        }))
    }

    pub(super) fn new_mount(&mut self, sb: SbId, root: DentryId, source: &str) -> MountId {
        let id = self.alloc_mount_id();
        let mnt_id = self.mnt_ids.alloc();
        self.mounts.insert(
            id,
            Mount {
                mnt_id,
                sb,
                root,
                parent: None,
                mountpoint: root,
                source: source.to_owned(),
                readonly: false,
                nosuid: false,
                nodev: false,
                noexec: false,
                atime: Atime::Relatime,
                propagation: Propagation::default(),
                ns: None,
                children: Vec::new(),
                refs: 0,
                writers: 0,
                locked: false,
                lock: MntLocks::default(),
            },
        );
        id
    }

    /// `clone_mnt()`: a new mount of the same super block at dentry `root`,
    /// with the same flags and source; a copy of a shared mount joins its
    /// peer group, a copy of a slave has the same master.
    fn clone_mnt(&mut self, old: MountId, root: DentryId, prop: CloneProp) -> MountId {
        let o = self.mnt(old).clone();
        let id = self.new_mount(o.sb, root, &o.source);
        let m = self.mount_mut(id);
        m.readonly = o.readonly;
        m.nosuid = o.nosuid;
        m.nodev = o.nodev;
        m.noexec = o.noexec;
        m.atime = o.atime;
        m.locked = o.locked;
        m.lock = o.lock;
        m.propagation = match (prop, o.propagation.shared) {
            (CloneProp::SharedToSlave, Some(g)) => Propagation {
                shared: None,
                master: Some(g),
                unbindable: false,
            },
            _ => Propagation {
                unbindable: false,
                ..o.propagation
            },
        };
        id
    }

    /// `attach_mnt()`: hangs `child` on `mp` (a path in its parent mount).
    fn attach_mnt(&mut self, child: MountId, mp: Path, ns: Option<NsId>) {
        let c = self.mount_mut(child);
        c.parent = Some(mp.mnt);
        c.mountpoint = mp.dentry;
        c.ns = ns;
        self.mount_mut(mp.mnt).children.push(child);
        self.dentry_mut(mp.dentry).mounted += 1;
        let prev = self.mount_hash.insert(mp, child);
        debug_assert!(prev.is_none(), "mount on a covered mountpoint");
        if let Some(ns) = ns {
            self.namespaces
                .get_mut(&ns)
                .expect("live ns")
                .mounts
                .insert(child);
        }
    }

    /// The mounts of the subtree rooted at `m`, preorder, children in attach
    /// order (`next_mnt()`).
    fn subtree(&self, m: MountId) -> Vec<MountId> {
        let mut out = Vec::new();
        let mut stack = vec![m];
        while let Some(x) = stack.pop() {
            out.push(x);
            for &c in self.mnt(x).children.iter().rev() {
                stack.push(c);
            }
        }
        out
    }

    /// `copy_tree()`: copies mount `src` seen from dentry `root` and every
    /// mount below `root`, preorder (the copies' unique ids, hence their
    /// mountinfo order, follow that order — checked on 6.18). Unbindable
    /// submounts are skipped unless `copy_unbindable`.
    fn copy_tree(
        &mut self,
        src: MountId,
        root: DentryId,
        prop: CloneProp,
        copy_unbindable: bool,
        map: &mut MountMap,
    ) -> MountId {
        let top = self.clone_mnt(src, root, prop);
        map.insert(src, top);
        let children = self.mnt(src).children.clone();
        for c in children {
            if !self.is_subdir(self.mnt(c).mountpoint, root) {
                continue;
            }
            for s in self.subtree(c) {
                let sm = self.mnt(s);
                if !copy_unbindable && sm.propagation.unbindable {
                    continue;
                }
                let Some(parent_copy) = sm.parent.and_then(|p| map.get(&p).copied()) else {
                    continue;
                };
                let (sroot, mp) = (sm.root, sm.mountpoint);
                let q = self.clone_mnt(s, sroot, prop);
                map.insert(s, q);
                self.attach_mnt(
                    q,
                    Path {
                        mnt: parent_copy,
                        dentry: mp,
                    },
                    None,
                );
            }
        }
        top
    }

    /// `copy_mnt_ns()` for clone(2)/unshare(2) with CLONE_NEWNS: namespace
    /// `new` gets a copy of every mount of `old` (same super blocks, new
    /// mount ids, same order). Shared mounts stay peers of the originals,
    /// or become their slaves when `less_privileged` (the new namespace is
    /// owned by a less privileged user namespace, mount_namespaces(7)).
    /// Returns old → new so the Kernel can move the caller's root and cwd
    /// ([`Vfs::translate_fs`]); open files keep their old mounts.
    /// With `less_privileged`, the copy is also locked (`lock_mnt_tree()`):
    /// every mount but the root is `MNT_LOCKED`, and every mount's
    /// read-only, nodev, nosuid, noexec and atime flags are locked.
    pub fn copy_mnt_ns(&mut self, old: NsId, new: NsId, less_privileged: bool) -> MountMap {
        let shared_to_slave = less_privileged;
        let tree = self.namespaces[&old].clone();
        let root_dentry = self.mnt(tree.root).root;
        let prop = if shared_to_slave {
            CloneProp::SharedToSlave
        } else {
            CloneProp::Keep
        };
        let mut map = MountMap::new();
        let root = self.copy_tree(tree.root, root_dentry, prop, true, &mut map);
        self.mount_mut(root).mountpoint = root_dentry;
        let mut mounts = BTreeSet::new();
        for &m in map.values() {
            let mm = self.mount_mut(m);
            mm.ns = Some(new);
            if less_privileged {
                mm.lock = MntLocks {
                    readonly: mm.lock.readonly || mm.readonly,
                    nodev: mm.lock.nodev || mm.nodev,
                    nosuid: mm.lock.nosuid || mm.nosuid,
                    noexec: mm.lock.noexec || mm.noexec,
                    atime: true,
                };
                mm.locked = m != root;
            }
            mounts.insert(m);
        }
        self.namespaces.insert(new, MountTree { root, mounts });
        map
    }

    /// Moves an fs_struct's root and cwd to the copies of their mounts
    /// (what `copy_mnt_ns()` does for the calling task's fs_struct).
    pub fn translate_fs(&mut self, fs: &mut FsStruct, map: &MountMap) {
        for p in [&mut fs.root, &mut fs.pwd] {
            if let Some(&n) = map.get(&p.mnt) {
                self.mount_mut(p.mnt).refs -= 1;
                self.mount_mut(n).refs += 1;
                p.mnt = n;
            }
        }
    }

    /// `put_mnt_ns()` when the last reference to a mount namespace goes:
    /// every mount of it is unmounted (detached; ids freed).
    pub fn drop_mnt_ns(&mut self, ns: NsId) {
        if let Some(t) = self.namespaces.get(&ns).cloned() {
            self.umount_tree(t.root);
            self.namespaces.remove(&ns);
        }
    }

    /// `umount_tree()`: detaches `m` and everything below it.
    fn umount_tree(&mut self, m: MountId) {
        let all = self.subtree(m);
        let sbs: BTreeSet<SbId> = all.iter().map(|&x| self.mnt(x).sb).collect();
        if let Some(parent) = self.mnt(m).parent {
            self.mount_mut(parent).children.retain(|&c| c != m);
        }
        for x in all {
            let mm = self.mnt(x).clone();
            if let Some(p) = mm.parent {
                self.mount_hash.remove(&Path {
                    mnt: p,
                    dentry: mm.mountpoint,
                });
                self.dentry_mut(mm.mountpoint).mounted -= 1;
            }
            if let Some(ns) = mm.ns
                && let Some(t) = self.namespaces.get_mut(&ns)
            {
                t.mounts.remove(&x);
            }
            if let Some(g) = mm.propagation.shared {
                self.put_group(g, x);
            }
            self.mnt_ids.free(mm.mnt_id);
            let w = self.mount_mut(x);
            w.parent = None;
            w.ns = None;
            w.children.clear();
            w.mnt_id = 0;
            w.propagation = Propagation::default();
        }
        for sb in sbs {
            self.maybe_kill_sb(sb);
        }
        // `mntput()`: a detached mount nothing refers to is freed (one still
        // open or a cwd/root stays until its last `path_put`), so that
        // dropping mount namespaces does not grow the arena.
        self.mounts.retain(|_, x| {
            x.ns.is_some()
                || x.refs > 0
                || x.parent.is_some()
                || !x.children.is_empty()
                || x.mnt_id != 0
        });
    }

    /// `deactivate_super()` → `kill_anon_super()`: once no attached mount
    /// and no referenced detached mount shows a super block, its anonymous
    /// device number is freed for reuse (checked on 6.18: a new tmpfs gets
    /// the minor of one just unmounted). O(mounts), only on umount.
    pub(crate) fn maybe_kill_sb(&mut self, sb: SbId) {
        let used = self
            .mounts
            .values()
            .any(|x| x.sb == sb && (x.ns.is_some() || x.refs > 0));
        let s = self.supers.get_mut(&sb).expect("sb");
        if used || s.dead {
            return;
        }
        s.dead = true;
        if s.dev.major == 0 {
            let minor = s.dev.minor;
            self.anon_devs.free(minor);
        }
    }

    /// Frees a peer group id once no other attached mount uses it
    /// (`mnt_release_group_id`). O(mounts), only on umount.
    fn put_group(&mut self, g: u32, leaving: MountId) {
        let used = self.mounts.iter().any(|(&id, m)| {
            id != leaving
                && m.ns.is_some()
                && (m.propagation.shared == Some(g) || m.propagation.master == Some(g))
        });
        if !used {
            self.group_ids.free(g);
        }
    }

    /// `check_mnt()`: the mount belongs to the caller's namespace.
    fn check_mnt(&self, ctx: &Ctx, m: MountId) -> bool {
        self.mnt(m).ns == Some(ctx.mnt_ns)
    }

    /// mount(2). Supported: a new tmpfs, proc or sysfs (ENODEV for other
    /// types); MS_BIND (with MS_REC: the whole subtree); MS_REMOUNT of a
    /// super block, and MS_REMOUNT|MS_BIND to change only the mount's
    /// flags (e.g. read-only); MS_SHARED/MS_PRIVATE/MS_SLAVE/MS_UNBINDABLE
    /// (with MS_REC). Errors as mount(2) and fs/namespace.c give them:
    /// lookup errors on the target first, then EPERM without CAP_SYS_ADMIN
    /// over the mount namespace, EINVAL for a target outside the caller's
    /// namespace or (remount, propagation change) not a mount's root,
    /// ENOTDIR binding a directory onto a non-directory or back, EBUSY
    /// making a mount read-only while a file is open for writing on it.
    /// MS_MOVE moves a mount (see `do_move_mount`).
    #[allow(clippy::too_many_arguments)]
    pub fn mount(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        source: &str,
        target: &str,
        fstype: &str,
        flags: u64,
        data: &str,
    ) -> SysResult<()> {
        let flags = if flags & 0xffff_0000 == 0xC0ED_0000 {
            flags & 0xffff
        } else {
            flags
        };
        let tp = self.path_lookup(ctx, fs, files, super::AT_FDCWD, target, true)?;
        if !ctx.mnt_admin {
            return Err(Errno::EPERM);
        }
        let prop_flags = flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE);
        if flags & MS_REMOUNT != 0 {
            let m = tp.mnt;
            if !self.check_mnt(ctx, m) || tp.dentry != self.mnt(m).root {
                return Err(Errno::EINVAL);
            }
            let ro = flags & MS_RDONLY != 0;
            let keep_atime = flags & (MS_NOATIME | MS_STRICTATIME | super::MS_RELATIME) == 0;
            let mut want = self.mnt(m).clone();
            set_mnt_flags(&mut want, flags);
            if keep_atime {
                want.atime = self.mnt(m).atime;
            }
            if !can_change_locked_flags(self.mnt(m), &want) {
                return Err(Errno::EPERM);
            }
            if ro && !self.mnt_is_readonly(m) {
                let busy = if flags & MS_BIND != 0 {
                    self.mnt(m).writers > 0
                } else {
                    let sb = self.mnt(m).sb;
                    self.mounts.values().any(|x| x.sb == sb && x.writers > 0)
                };
                if busy {
                    return Err(Errno::EBUSY);
                }
            }
            if flags & MS_BIND == 0 {
                let sb = self.mnt(m).sb;
                self.supers.get_mut(&sb).expect("sb").rdonly = ro;
            }
            *self.mount_mut(m) = want;
            return Ok(());
        }
        if flags & MS_BIND != 0 {
            return self.do_loopback(ctx, fs, files, source, tp, flags & MS_REC != 0);
        }
        if prop_flags != 0 {
            if prop_flags.count_ones() != 1 {
                return Err(Errno::EINVAL);
            }
            if !self.check_mnt(ctx, tp.mnt) || tp.dentry != self.mnt(tp.mnt).root {
                return Err(Errno::EINVAL);
            }
            let list = if flags & MS_REC != 0 {
                self.subtree(tp.mnt)
            } else {
                vec![tp.mnt]
            };
            for m in list {
                self.change_type(m, prop_flags);
            }
            return Ok(());
        }
        if flags & MS_MOVE != 0 {
            return self.do_move_mount(ctx, fs, files, source, tp);
        }
        // do_new_mount()
        if fstype.is_empty() {
            return Err(Errno::EINVAL);
        }
        if !matches!(fstype, "tmpfs" | "proc" | "sysfs" | "devpts") {
            return Err(Errno::ENODEV);
        }
        if !self.check_mnt(ctx, tp.mnt) {
            return Err(Errno::EINVAL);
        }
        let sb = match fstype {
            "tmpfs" => {
                let dev = self.anon_dev();
                let mode = parse_mode(data).unwrap_or(0o1777);
                let sb = self.new_super(
                    FsKind::Memory,
                    "tmpfs",
                    dev,
                    mode,
                    ctx.fsuid,
                    ctx.fsgid,
                    ctx.now,
                );
                let opts = tmpfs_show_options(data);
                self.supers.get_mut(&sb).expect("sb").options = opts;
                sb
            }
            "devpts" => self.new_devpts(data, ctx.now)?,
            "proc" | "sysfs" => {
                let kind = if fstype == "proc" {
                    PseudoKind::Proc
                } else {
                    PseudoKind::Sysfs
                };
                let instance = ctx.pseudo.instance(kind)?;
                let existing = (kind == PseudoKind::Sysfs)
                    .then(|| {
                        self.supers
                            .iter()
                            .find(|(_, s)| {
                                s.kind == FsKind::Pseudo(kind) && s.instance == instance && !s.dead
                            })
                            .map(|(&id, _)| id)
                    })
                    .flatten();
                match existing {
                    Some(sb) => sb,
                    None => {
                        let dev = self.anon_dev();
                        let mode = if kind == PseudoKind::Proc {
                            0o555
                        } else {
                            0o755
                        };
                        let sb =
                            self.new_super(FsKind::Pseudo(kind), fstype, dev, mode, 0, 0, ctx.now);
                        self.supers.get_mut(&sb).expect("sb").instance = instance;
                        sb
                    }
                }
            }
            _ => return Err(Errno::ENODEV),
        };
        if flags & MS_RDONLY != 0 {
            self.supers.get_mut(&sb).expect("sb").rdonly = true;
        }
        let root = self.super_block(sb).root;
        let m = self.new_mount(sb, root, source);
        set_mnt_flags(self.mount_mut(m), flags);
        self.graft(m, tp)
    }

    /// `graft_tree()` + `attach_recursive_mnt()`: attaches a (detached)
    /// tree at `mp` in the caller's namespace. Under a shared parent the new
    /// mounts get new peer groups (`invent_group_ids()`).
    fn graft(&mut self, m: MountId, mp: Path) -> SysResult<()> {
        // lock_mount(): a mount goes on top of whatever is already mounted
        // there (the target may name a covered dentry, e.g. "." or "/").
        let mp = self.follow_mount(mp);
        if self.dentry_is_dir(mp.dentry) != self.dentry_is_dir(self.mnt(m).root) {
            self.discard_tree(m);
            return Err(Errno::ENOTDIR);
        }
        let ns = self.mnt(mp.mnt).ns;
        let parent_shared = self.mnt(mp.mnt).propagation.shared.is_some();
        let all = self.subtree(m);
        self.attach_mnt(m, mp, ns);
        for x in all {
            if x != m
                && let Some(ns) = ns
            {
                self.mount_mut(x).ns = Some(ns);
                self.namespaces.get_mut(&ns).expect("ns").mounts.insert(x);
            }
            if parent_shared && self.mnt(x).propagation.shared.is_none() {
                let g = self.group_ids.alloc();
                self.mount_mut(x).propagation.shared = Some(g);
            }
        }
        Ok(())
    }

    /// Drops a tree that was never attached (a failed graft).
    fn discard_tree(&mut self, m: MountId) {
        for x in self.subtree(m) {
            if let Some(p) = self.mnt(x).parent {
                let mp = self.mnt(x).mountpoint;
                self.mount_hash.remove(&Path { mnt: p, dentry: mp });
                self.dentry_mut(mp).mounted -= 1;
            }
            let id = self.mnt(x).mnt_id;
            let sb = self.mnt(x).sb;
            self.mnt_ids.free(id);
            self.mounts.remove(&x);
            self.maybe_kill_sb(sb);
        }
    }

    /// `do_loopback()`: a bind mount of `source` (symlinks followed) at
    /// `mp`; EINVAL for an empty source, an unbindable source, or a source
    /// or target outside the caller's namespace.
    fn do_loopback(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        source: &str,
        mp: Path,
        recurse: bool,
    ) -> SysResult<()> {
        if source.is_empty() {
            return Err(Errno::EINVAL);
        }
        let old = self.path_lookup(ctx, fs, files, super::AT_FDCWD, source, true)?;
        if self.mnt(old.mnt).propagation.unbindable {
            return Err(Errno::EINVAL);
        }
        if !self.check_mnt(ctx, mp.mnt) || !self.check_mnt(ctx, old.mnt) {
            return Err(Errno::EINVAL);
        }
        // has_locked_children(): a non-recursive bind would reveal what a
        // locked mount below the source covers.
        if !recurse
            && self.mnt(old.mnt).children.iter().any(|&c| {
                let cm = self.mnt(c);
                cm.locked && self.is_subdir(cm.mountpoint, old.dentry)
            })
        {
            return Err(Errno::EINVAL);
        }
        let m = if recurse {
            let mut map = MountMap::new();
            self.copy_tree(old.mnt, old.dentry, CloneProp::Keep, false, &mut map)
        } else {
            self.clone_mnt(old.mnt, old.dentry, CloneProp::Keep)
        };
        self.mount_mut(m).locked = false;
        self.graft(m, mp)
    }

    /// `do_move_mount()` (mount(2) MS_MOVE): the mount at `source` moves to
    /// `target`. EINVAL unless `source` is the root of an attached mount of
    /// the caller's namespace that is not locked; ENOTDIR if directory and
    /// non-directory differ; ELOOP if the target is inside the moved mount
    /// (checked on 6.18: EINVAL for a plain directory, ELOOP moving a mount
    /// below itself or moving "/").
    fn do_move_mount(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        source: &str,
        target: Path,
    ) -> SysResult<()> {
        let old = self.path_lookup(ctx, fs, files, super::AT_FDCWD, source, true)?;
        let new = self.follow_mount(target);
        let m = old.mnt;
        if !self.check_mnt(ctx, m) || !self.check_mnt(ctx, new.mnt) || self.mnt(m).locked {
            return Err(Errno::EINVAL);
        }
        if old.dentry != self.mnt(m).root {
            return Err(Errno::EINVAL);
        }
        if self.dentry_is_dir(new.dentry) != self.dentry_is_dir(old.dentry) {
            return Err(Errno::ENOTDIR);
        }
        if self.mnt(m).parent.is_none() {
            return Err(Errno::EINVAL);
        }
        let mut p = Some(new.mnt);
        while let Some(x) = p {
            if x == m {
                return Err(Errno::ELOOP);
            }
            p = self.mnt(x).parent;
        }
        self.detach_one(m);
        self.attach_mnt(m, new, Some(ctx.mnt_ns));
        Ok(())
    }

    /// `do_change_type()` for one mount.
    fn change_type(&mut self, m: MountId, flag: u64) {
        let old = self.mnt(m).propagation;
        let new = match flag {
            MS_SHARED => Propagation {
                shared: Some(old.shared.unwrap_or_else(|| self.group_ids.alloc())),
                master: old.master,
                unbindable: false,
            },
            MS_SLAVE => Propagation {
                shared: None,
                master: old.shared.or(old.master),
                unbindable: false,
            },
            MS_PRIVATE => Propagation::default(),
            _ => Propagation {
                unbindable: true,
                ..Propagation::default()
            },
        };
        self.mount_mut(m).propagation = new;
        if let Some(g) = old.shared
            && new.shared != Some(g)
            && new.master != Some(g)
        {
            self.put_group(g, m);
        }
    }

    /// umount2(2): lookup errors first (UMOUNT_NOFOLLOW: a final symlink is
    /// not followed), EPERM without CAP_SYS_ADMIN, EINVAL if the target is
    /// not the root of a mount in the caller's namespace, or is the
    /// namespace's root mount, or for unknown flags or MNT_EXPIRE with
    /// MNT_FORCE/MNT_DETACH; EBUSY if anything is open, a cwd or root, or
    /// mounted below it — unless MNT_DETACH, which detaches the whole
    /// subtree at once (umount(2); checked on 6.18: EINVAL on a
    /// non-mount-point, EBUSY with the cwd inside).
    pub fn umount2(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        target: &str,
        flags: u32,
    ) -> SysResult<()> {
        if flags & !(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW) != 0 {
            return Err(Errno::EINVAL);
        }
        let p = self.path_lookup(
            ctx,
            fs,
            files,
            super::AT_FDCWD,
            target,
            flags & UMOUNT_NOFOLLOW == 0,
        )?;
        // LOOKUP_MOUNTPOINT: the topmost mount at the path, also for "."
        // and "/" (checked on 6.18: `umount -l .` after `pivot_root . .`
        // removes the old root stacked there).
        let p = self.follow_mount(p);
        if !ctx.mnt_admin {
            return Err(Errno::EPERM);
        }
        let m = p.mnt;
        if p.dentry != self.mnt(m).root || !self.check_mnt(ctx, m) || self.mnt(m).locked {
            return Err(Errno::EINVAL);
        }
        if flags & MNT_FORCE != 0 && !ctx.capable(CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        if flags & MNT_EXPIRE != 0 && flags & (MNT_FORCE | MNT_DETACH) != 0 {
            return Err(Errno::EINVAL);
        }
        if self.mnt(m).parent.is_none() {
            return Err(Errno::EINVAL);
        }
        if flags & MNT_DETACH == 0 {
            let mm = self.mnt(m);
            if mm.refs > 0 || !mm.children.is_empty() {
                return Err(Errno::EBUSY);
            }
            if flags & MNT_EXPIRE != 0 {
                return Err(Errno::EAGAIN);
            }
        }
        self.umount_tree(m);
        Ok(())
    }

    /// pivot_root(2): the caller's root mount moves to `put_old` and the
    /// mount at `new_root` takes its place. Checks in the kernel's order:
    /// EPERM without CAP_SYS_ADMIN; lookup errors, ENOTDIR; EINVAL if
    /// `put_old`'s mount, `new_root`'s parent or the root's parent is
    /// shared, a mount is outside the caller's namespace, or `new_root` is
    /// locked; ENOENT if `new_root` was removed; EBUSY if `new_root` or
    /// `put_old` is on the root's mount; EINVAL if the root or `new_root`
    /// is not a mount's root, or `put_old` is not under `new_root`, or
    /// `new_root` is not under the root. (Checked on 6.18: EBUSY for a
    /// plain directory or "/", `pivot_root . .` then `umount -l .`.)
    /// Returns (old root, new root): the Kernel moves every task's root and
    /// cwd that was the old root to the new one ([`Vfs::chroot_fs_refs`]).
    pub fn pivot_root(
        &mut self,
        ctx: &Ctx,
        fs: &FsStruct,
        files: &FilesStruct,
        new_root: &str,
        put_old: &str,
    ) -> SysResult<(Path, Path)> {
        if !ctx.mnt_admin {
            return Err(Errno::EPERM);
        }
        let new = self.path_lookup(ctx, fs, files, super::AT_FDCWD, new_root, true)?;
        if !self.dentry_is_dir(new.dentry) {
            return Err(Errno::ENOTDIR);
        }
        let old = self.path_lookup(ctx, fs, files, super::AT_FDCWD, put_old, true)?;
        if !self.dentry_is_dir(old.dentry) {
            return Err(Errno::ENOTDIR);
        }
        let old_mp = self.follow_mount(old);
        let root = fs.root;
        let (new_mnt, root_mnt, old_mnt) = (new.mnt, root.mnt, old_mp.mnt);
        let shared =
            |v: &Vfs, m: Option<MountId>| m.is_some_and(|m| v.mnt(m).propagation.shared.is_some());
        if shared(self, Some(old_mnt))
            || shared(self, self.mnt(new_mnt).parent)
            || shared(self, self.mnt(root_mnt).parent)
        {
            return Err(Errno::EINVAL);
        }
        if !self.check_mnt(ctx, root_mnt)
            || !self.check_mnt(ctx, new_mnt)
            || self.mnt(new_mnt).locked
        {
            return Err(Errno::EINVAL);
        }
        if !self.dentry(new.dentry).hashed {
            return Err(Errno::ENOENT);
        }
        if new_mnt == root_mnt || old_mnt == root_mnt {
            return Err(Errno::EBUSY);
        }
        let (Some(root_parent), Some(_)) = (self.mnt(root_mnt).parent, self.mnt(new_mnt).parent)
        else {
            return Err(Errno::EINVAL);
        };
        if root.dentry != self.mnt(root_mnt).root || new.dentry != self.mnt(new_mnt).root {
            return Err(Errno::EINVAL);
        }
        if !self.path_from(old_mp, new).1 || !self.path_from(new, root).1 {
            return Err(Errno::EINVAL);
        }
        // umount_mnt(new_mnt); unhash_mnt(root_mnt)
        let root_mp = self.mnt(root_mnt).mountpoint;
        self.detach_one(new_mnt);
        self.detach_one(root_mnt);
        if self.mnt(root_mnt).locked {
            self.mount_mut(new_mnt).locked = true;
            self.mount_mut(root_mnt).locked = false;
        }
        let ns = Some(ctx.mnt_ns);
        self.attach_mnt(root_mnt, old_mp, ns);
        self.attach_mnt(
            new_mnt,
            Path {
                mnt: root_parent,
                dentry: root_mp,
            },
            ns,
        );
        Ok((root, new))
    }

    /// Unhooks one mount from its parent, keeping it in its namespace.
    fn detach_one(&mut self, m: MountId) {
        let mm = self.mnt(m);
        let (parent, mp) = (mm.parent.expect("attached"), mm.mountpoint);
        self.mount_hash.remove(&Path {
            mnt: parent,
            dentry: mp,
        });
        self.dentry_mut(mp).mounted -= 1;
        self.mount_mut(parent).children.retain(|&c| c != m);
        self.mount_mut(m).parent = None;
    }

    /// `chroot_fs_refs()`: after pivot_root(2), a root or cwd that was the
    /// old root becomes the new root. Call it for every task's fs_struct.
    pub fn chroot_fs_refs(&mut self, fs: &mut FsStruct, old_root: Path, new_root: Path) {
        for p in [&mut fs.root, &mut fs.pwd] {
            if *p == old_root {
                self.mount_mut(p.mnt).refs -= 1;
                self.mount_mut(new_root.mnt).refs += 1;
                *p = new_root;
            }
        }
    }

    /// `d_path()`: the path of `p` as seen from `root`, and whether it is
    /// under `root` (for a WorldView mount table).
    pub fn d_path(&self, p: Path, root: Path) -> (String, bool) {
        self.path_from(p, root)
    }

    /// The path of `p` as seen from `root` (`prepend_path()`), and whether
    /// `root` was met on the way up (false: the path is outside the root,
    /// and the string is its path from the namespace's root).
    pub(crate) fn path_from(&self, p: Path, root: Path) -> (String, bool) {
        let mut names: Vec<&str> = Vec::new();
        let (mut mnt, mut d) = (p.mnt, p.dentry);
        let reachable = loop {
            if (Path { mnt, dentry: d }) == root {
                break true;
            }
            let m = self.mnt(mnt);
            if d == m.root {
                match m.parent {
                    Some(parent) => {
                        d = m.mountpoint;
                        mnt = parent;
                        continue;
                    }
                    None => break false,
                }
            }
            let de = self.dentry(d);
            names.push(&de.name);
            d = de.parent;
        };
        let mut s = String::new();
        for n in names.iter().rev() {
            s.push('/');
            s.push_str(n);
        }
        if s.is_empty() {
            s.push('/');
        }
        (s, reachable)
    }

    /// The path of a dentry from its super block's root (`dentry_path`),
    /// mountinfo's fourth field.
    fn dentry_path(&self, mut d: DentryId) -> String {
        let mut names = Vec::new();
        loop {
            let de = self.dentry(d);
            if de.parent == d {
                break;
            }
            names.push(de.name.as_str());
            d = de.parent;
        }
        let mut s = String::new();
        for n in names.iter().rev() {
            s.push('/');
            s.push_str(n);
        }
        if s.is_empty() {
            s.push('/');
        }
        s
    }

    fn mnt_opts(&self, m: &Mount, ro: bool) -> String {
        let mut s = String::from(if ro { "ro" } else { "rw" });
        for (on, t) in [
            (m.nosuid, ",nosuid"),
            (m.nodev, ",nodev"),
            (m.noexec, ",noexec"),
        ] {
            if on {
                s.push_str(t);
            }
        }
        match m.atime {
            Atime::Relatime => s.push_str(",relatime"),
            Atime::Noatime => s.push_str(",noatime"),
            Atime::Strictatime => {}
        }
        s
    }

    /// /proc/PID/mountinfo of a task in namespace `ns` with root `root`
    /// (proc(5), `show_mountinfo()`): one line per mount visible under the
    /// root, in namespace order:
    /// `ID PARENT MAJ:MIN ROOT MOUNTPOINT MNT_OPTS [OPTIONAL…] - TYPE SOURCE SUPER_OPTS`.
    /// The namespace root shows itself as its parent. Checked on 6.18 inside
    /// `unshare --mount` (e.g. `64 43 0:39 /x /tmp/b ro,relatime - tmpfs tmpfs rw`).
    pub fn render_mountinfo(&self, ns: NsId, root: Path) -> String {
        let mut out = String::new();
        let Some(t) = self.namespaces.get(&ns) else {
            return out;
        };
        for &id in &t.mounts {
            let m = self.mnt(id);
            let (mp, ok) = self.path_from(
                Path {
                    mnt: id,
                    dentry: m.root,
                },
                root,
            );
            if !ok {
                continue;
            }
            let sb = self.super_block(m.sb);
            let parent = m.parent.map_or(m.mnt_id, |p| self.mnt(p).mnt_id);
            let DevT { major, minor } = sb.dev;
            let _ = write!(
                out,
                "{} {} {}:{} {} {} {}",
                m.mnt_id,
                parent,
                major,
                minor,
                mangle(&self.dentry_path(m.root)),
                mangle(&mp),
                self.mnt_opts(m, m.readonly)
            );
            if let Some(g) = m.propagation.shared {
                let _ = write!(out, " shared:{g}");
            }
            if let Some(g) = m.propagation.master {
                let _ = write!(out, " master:{g}");
            }
            if m.propagation.unbindable {
                out.push_str(" unbindable");
            }
            let _ = writeln!(
                out,
                " - {} {} {}{}",
                sb.fstype,
                mangle(&m.source),
                if sb.rdonly { "ro" } else { "rw" },
                sb.options
            );
        }
        out
    }

    /// /proc/PID/mounts (proc(5), `show_vfsmnt()`, the fstab(5) format):
    /// `SOURCE MOUNTPOINT TYPE OPTS 0 0`, where OPTS is "ro" if the mount
    /// or its super block is read-only, then the mount flags and the
    /// filesystem's options (checked on 6.18: `tmpfs /tmp/b tmpfs
    /// ro,relatime 0 0` for a read-only bind mount).
    pub fn render_mounts(&self, ns: NsId, root: Path) -> String {
        let mut out = String::new();
        let Some(t) = self.namespaces.get(&ns) else {
            return out;
        };
        for &id in &t.mounts {
            let m = self.mnt(id);
            let (mp, ok) = self.path_from(
                Path {
                    mnt: id,
                    dentry: m.root,
                },
                root,
            );
            if !ok {
                continue;
            }
            let sb = self.super_block(m.sb);
            let _ = writeln!(
                out,
                "{} {} {} {}{} 0 0",
                mangle(&m.source),
                mangle(&mp),
                sb.fstype,
                self.mnt_opts(m, m.readonly || sb.rdonly),
                sb.options
            );
        }
        out
    }
}

/// `can_change_locked_flags()`: a remount may not clear a locked flag nor
/// change a locked atime policy.
fn can_change_locked_flags(m: &Mount, want: &Mount) -> bool {
    !(m.lock.readonly && !want.readonly
        || m.lock.nodev && !want.nodev
        || m.lock.nosuid && !want.nosuid
        || m.lock.noexec && !want.noexec
        || m.lock.atime && m.atime != want.atime)
}

/// The per-mount flags of mount(2) `flags` (`MNT_*` from `MS_*`; relatime
/// unless MS_NOATIME or MS_STRICTATIME).
fn set_mnt_flags(m: &mut Mount, flags: u64) {
    m.readonly = flags & MS_RDONLY != 0;
    m.nosuid = flags & MS_NOSUID != 0;
    m.nodev = flags & MS_NODEV != 0;
    m.noexec = flags & MS_NOEXEC != 0;
    m.atime = if flags & MS_NOATIME != 0 {
        Atime::Noatime
    } else if flags & MS_STRICTATIME != 0 {
        Atime::Strictatime
    } else {
        Atime::Relatime
    };
}

/// tmpfs `mode=` (octal) option.
fn parse_mode(data: &str) -> Option<u32> {
    data.split(',')
        .find_map(|o| o.strip_prefix("mode="))
        .and_then(|m| u32::from_str_radix(m, 8).ok())
        .map(|m| m & 0o7777)
}

/// What `shmem_show_options()` prints for the options the model keeps, in
/// its order: `size=` in KiB rounded up to pages, `nr_inodes=`, `mode=`
/// unless 1777 (checked on 6.18: `-o mode=755,size=1m` shows
/// `rw,size=1024k,mode=755`).
fn tmpfs_show_options(data: &str) -> String {
    let mut size = None;
    let mut nr_inodes = None;
    let mut mode = None;
    for o in data.split(',') {
        if let Some(v) = o.strip_prefix("size=") {
            size = parse_size(v).map(|b| b.div_ceil(4096) * 4);
        } else if let Some(v) = o.strip_prefix("nr_inodes=") {
            nr_inodes = parse_size(v);
        } else if let Some(v) = o.strip_prefix("mode=") {
            mode = u32::from_str_radix(v, 8)
                .ok()
                .map(|m| m & 0o7777)
                .filter(|&m| m != 0o1777);
        }
    }
    let mut s = String::new();
    if let Some(k) = size {
        let _ = write!(s, ",size={k}k");
    }
    if let Some(n) = nr_inodes {
        let _ = write!(s, ",nr_inodes={n}");
    }
    if let Some(m) = mode {
        let _ = write!(s, ",mode={m:o}");
    }
    s
}

/// `memparse()`: a number with an optional k/m/g suffix.
fn parse_size(v: &str) -> Option<u64> {
    let (num, mul) = match v.chars().last()? {
        'k' | 'K' => (&v[..v.len() - 1], 1u64 << 10),
        'm' | 'M' => (&v[..v.len() - 1], 1 << 20),
        'g' | 'G' => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mul)
}
