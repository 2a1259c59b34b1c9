//! The namespaces a task is in (`struct nsproxy`), clone flags, and the
//! syscalls that change them: unshare(2) and setns(2). (clone(2) is in
//! fork.rs.) The user namespace is not in the nsproxy but in the task's
//! credentials, and the active PID namespace is the one its pid lives in, as
//! in the kernel.

use std::ops::{BitAnd, BitOr};

use serde::{Deserialize, Serialize};

use super::capability::{CAP_SYS_ADMIN, CAP_SYS_CHROOT};
use super::cgroup_namespace::CgroupNamespace;
use super::errno::{Errno, SysResult};
use super::kernel::{Kernel, NsKind};
use super::mnt_namespace::MntNamespace;
use super::net_namespace::NetNamespace;
use super::ns_common::{NsId, NsType};
use super::pid_namespace::{MAX_PID_NS_LEVEL, PidNamespace};
use super::task::TaskId;
use super::time_namespace::TimeNamespace;
use super::uts_namespace::UtsNamespace;
use super::vfs::MountMap;

/// clone(2)/unshare(2) flags (include/uapi/linux/sched.h).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct CloneFlags(pub u64);

impl CloneFlags {
    pub const EMPTY: CloneFlags = CloneFlags(0);
    pub const NEWTIME: CloneFlags = CloneFlags(0x0000_0080);
    pub const VM: CloneFlags = CloneFlags(0x0000_0100);
    pub const FS: CloneFlags = CloneFlags(0x0000_0200);
    pub const FILES: CloneFlags = CloneFlags(0x0000_0400);
    pub const SIGHAND: CloneFlags = CloneFlags(0x0000_0800);
    pub const THREAD: CloneFlags = CloneFlags(0x0001_0000);
    pub const NEWNS: CloneFlags = CloneFlags(0x0002_0000);
    pub const SYSVSEM: CloneFlags = CloneFlags(0x0004_0000);
    pub const NEWCGROUP: CloneFlags = CloneFlags(0x0200_0000);
    pub const NEWUTS: CloneFlags = CloneFlags(0x0400_0000);
    pub const NEWIPC: CloneFlags = CloneFlags(0x0800_0000);
    pub const NEWUSER: CloneFlags = CloneFlags(0x1000_0000);
    pub const NEWPID: CloneFlags = CloneFlags(0x2000_0000);
    pub const NEWNET: CloneFlags = CloneFlags(0x4000_0000);
    /// Every CLONE_NEW* flag.
    pub const ALL_NS: CloneFlags = CloneFlags(
        Self::NEWTIME.0
            | Self::NEWNS.0
            | Self::NEWCGROUP.0
            | Self::NEWUTS.0
            | Self::NEWIPC.0
            | Self::NEWUSER.0
            | Self::NEWPID.0
            | Self::NEWNET.0,
    );

    pub fn contains(self, other: CloneFlags) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn intersects(self, other: CloneFlags) -> bool {
        self.0 & other.0 != 0
    }
}

impl BitOr for CloneFlags {
    type Output = CloneFlags;
    fn bitor(self, rhs: CloneFlags) -> CloneFlags {
        CloneFlags(self.0 | rhs.0)
    }
}

impl BitAnd for CloneFlags {
    type Output = CloneFlags;
    fn bitand(self, rhs: CloneFlags) -> CloneFlags {
        CloneFlags(self.0 & rhs.0)
    }
}

/// `struct nsproxy`. Each field holds one reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nsproxy {
    pub uts: NsId,
    pub ipc: NsId,
    pub mnt: NsId,
    /// Where the task's next child's pid is allocated (/proc/PID/ns/pid_for_children).
    pub pid_for_children: NsId,
    pub net: NsId,
    pub cgroup: NsId,
    pub time: NsId,
    pub time_for_children: NsId,
}

impl Nsproxy {
    /// `init_nsproxy`.
    pub fn init() -> Nsproxy {
        Nsproxy {
            uts: NsType::Uts.init_inum(),
            ipc: NsType::Ipc.init_inum(),
            mnt: NsType::Mnt.init_inum(),
            pid_for_children: NsType::Pid.init_inum(),
            net: NsType::Net.init_inum(),
            cgroup: NsType::Cgroup.init_inum(),
            time: NsType::Time.init_inum(),
            time_for_children: NsType::Time.init_inum(),
        }
    }

    pub(crate) fn all(&self) -> [NsId; 8] {
        [
            self.uts,
            self.ipc,
            self.mnt,
            self.pid_for_children,
            self.net,
            self.cgroup,
            self.time,
            self.time_for_children,
        ]
    }
}

/// An open /proc/PID/ns/* file: holds a reference to the namespace until
/// [`Kernel::close_ns`]. Not `Clone`, like a file descriptor is not.
#[derive(Debug, PartialEq, Eq)]
pub struct NsFd {
    pub ns_type: NsType,
    pub ns: NsId,
}

/// The flags unshare(2) accepts (`check_unshare_flags()`); others are EINVAL.
const UNSHARE_VALID: u64 = CloneFlags::THREAD.0
    | CloneFlags::FS.0
    | CloneFlags::NEWNS.0
    | CloneFlags::SIGHAND.0
    | CloneFlags::VM.0
    | CloneFlags::FILES.0
    | CloneFlags::SYSVSEM.0
    | CloneFlags::NEWUTS.0
    | CloneFlags::NEWIPC.0
    | CloneFlags::NEWNET.0
    | CloneFlags::NEWUSER.0
    | CloneFlags::NEWPID.0
    | CloneFlags::NEWCGROUP.0
    | CloneFlags::NEWTIME.0;

impl Kernel {
    /// `create_new_namespaces()` (kernel/nsproxy.c): a new nsproxy from
    /// `old` with a fresh namespace for each flag, created in the kernel's
    /// order (mnt, uts, ipc, pid, cgroup, net, time) and owned by `user_ns`.
    /// On error everything created is released (and its inode number
    /// freed). `task` is the task whose active PID namespace and cgroup
    /// count (the caller of unshare, or the parent in clone).
    pub(crate) fn create_new_namespaces(
        &mut self,
        flags: CloneFlags,
        task: TaskId,
        old: &Nsproxy,
        user_ns: NsId,
    ) -> SysResult<(Nsproxy, Option<MountMap>)> {
        let mut new = *old;
        for n in old.all() {
            self.get_ns(n);
        }
        let mut map = None;
        let r = self.create_new_namespaces_inner(flags, task, &mut new, user_ns, &mut map);
        if r.is_err() {
            for n in new.all() {
                self.put_ns(n);
            }
        }
        r.map(|()| (new, map))
    }

    fn create_new_namespaces_inner(
        &mut self,
        flags: CloneFlags,
        task: TaskId,
        new: &mut Nsproxy,
        user_ns: NsId,
        mnt_map: &mut Option<MountMap>,
    ) -> SysResult<()> {
        let owner = Some(user_ns);
        if flags.contains(CloneFlags::NEWNS) {
            // copy_mnt_ns(): the new namespace gets a copy of the mount
            // tree; one created by a less privileged user namespace gets
            // its mounts locked and shared mounts turned into slaves
            // (mount_namespaces(7), "Restrictions on mount namespaces").
            let old = new.mnt;
            let less_privileged = user_ns != self.ns_owner(old);
            let id = self.new_ns(NsKind::Mnt(MntNamespace::default()), owner);
            *mnt_map = Some(self.vfs.copy_mnt_ns(old, id, less_privileged));
            self.put_ns(std::mem::replace(&mut new.mnt, id));
        }
        if flags.contains(CloneFlags::NEWUTS) {
            let u = self.uts_ns(new.uts).clone();
            let id = self.new_ns(NsKind::Uts(UtsNamespace { ..u }), owner);
            self.put_ns(std::mem::replace(&mut new.uts, id));
        }
        if flags.contains(CloneFlags::NEWIPC) {
            let id = self.new_ns(NsKind::Ipc(Default::default()), owner);
            self.put_ns(std::mem::replace(&mut new.ipc, id));
        }
        if flags.contains(CloneFlags::NEWPID) {
            // copy_pid_ns(): only from the active namespace (a second
            // unshare(CLONE_NEWPID) before forking is EINVAL, checked on
            // 6.18), and at most MAX_PID_NS_LEVEL deep (ENOSPC).
            let active = self.task_active_pid_ns(task);
            if new.pid_for_children != active {
                return Err(Errno::EINVAL);
            }
            let p = self.pid_ns(active);
            let level = p.level + 1;
            if level > MAX_PID_NS_LEVEL {
                return Err(Errno::ENOSPC);
            }
            let pid_max = p.pid_max;
            self.get_ns(active);
            let id = self.new_ns(
                NsKind::Pid(PidNamespace::new(Some(active), level, pid_max)),
                owner,
            );
            self.put_ns(std::mem::replace(&mut new.pid_for_children, id));
        }
        if flags.contains(CloneFlags::NEWCGROUP) {
            // copy_cgroup_ns(): the root is the creator's current cgroup.
            let root = self.task(task).cgroup.clone();
            let id = self.new_ns(NsKind::Cgroup(CgroupNamespace { root }), owner);
            self.put_ns(std::mem::replace(&mut new.cgroup, id));
        }
        if flags.contains(CloneFlags::NEWNET) {
            let id = self.new_ns(NsKind::Net(NetNamespace::new_empty()), owner);
            self.put_ns(std::mem::replace(&mut new.net, id));
        }
        if flags.contains(CloneFlags::NEWTIME) {
            // copy_time_ns(): copies the offsets of time_for_children.
            let t = self.time_ns(new.time_for_children).clone();
            let id = self.new_ns(NsKind::Time(TimeNamespace { frozen: false, ..t }), owner);
            self.put_ns(std::mem::replace(&mut new.time_for_children, id));
        }
        Ok(())
    }

    /// unshare(2). Unknown flags are EINVAL. CLONE_NEWUSER is done first,
    /// so the other new namespaces are owned by the new user namespace and
    /// the capability check (CAP_SYS_ADMIN, EPERM without) is made there:
    /// `unshare -U -u` works unprivileged (user_namespaces(7)). Checked on
    /// 6.18 as uid 1000: unshare(CLONE_NEWUTS) → EPERM,
    /// unshare(CLONE_NEWUSER|CLONE_NEWUTS) → 0. CLONE_NEWPID and
    /// CLONE_NEWTIME change only the namespace of later children. Flags that
    /// unshare non-namespace state (CLONE_FS, CLONE_FILES…) are no-ops for a
    /// single-threaded process, which every model process is.
    pub fn unshare(&mut self, caller: TaskId, flags: CloneFlags) -> SysResult<()> {
        self.enter("unshare", caller);
        self.caller(caller)?;
        if flags.0 & !UNSHARE_VALID != 0 {
            return Err(Errno::EINVAL);
        }
        let mut cred = self.task(caller).cred.clone();
        let mut new_user = None;
        if flags.contains(CloneFlags::NEWUSER) {
            new_user = Some(self.create_user_ns(&mut cred)?);
        }
        let ns_flags = CloneFlags(flags.0 & CloneFlags::ALL_NS.0 & !CloneFlags::NEWUSER.0);
        let mut new_nsproxy = None;
        if ns_flags.0 != 0 {
            let r = if !self.cap_capable(&cred, cred.user_ns, CAP_SYS_ADMIN) {
                Err(Errno::EPERM)
            } else {
                let old = self.task(caller).nsproxy.expect("live");
                self.create_new_namespaces(ns_flags, caller, &old, cred.user_ns)
            };
            match r {
                Ok(n) => new_nsproxy = Some(n),
                Err(e) => {
                    if let Some(u) = new_user {
                        self.put_ns(u);
                    }
                    return Err(e);
                }
            }
        }
        if new_user.is_some() {
            let old = std::mem::replace(&mut self.task_mut(caller).cred, cred);
            self.put_ns(old.user_ns);
        }
        if let Some((n, map)) = new_nsproxy {
            if let Some(map) = map {
                // The caller's root and cwd move to the copies.
                let mut fs = self.task_mut(caller).fs.take().expect("live");
                self.vfs.translate_fs(&mut fs, &map);
                self.task_mut(caller).fs = Some(fs);
            }
            let old = self.task_mut(caller).nsproxy.replace(n).expect("live");
            for id in old.all() {
                self.put_ns(id);
            }
            self.sync_proc_refs();
        }
        Ok(())
    }

    /// Opens /proc/PID/ns/NAME (the model's `open()` of a namespace file);
    /// the path is resolved like procfs does for the caller. ENOENT as
    /// readlink(2) would give.
    pub fn open_ns(&mut self, caller: TaskId, path: &str) -> SysResult<NsFd> {
        self.enter("open_ns", caller);
        self.caller(caller)?;
        let (ns_type, ns) = self.resolve_ns_link(caller, path)?;
        self.get_ns(ns);
        *self.open_ns_files.entry(ns).or_default() += 1;
        Ok(NsFd { ns_type, ns })
    }

    /// close(2) of a namespace file: drops its reference.
    pub fn close_ns(&mut self, fd: NsFd) {
        let n = self.open_ns_files.get_mut(&fd.ns).expect("open ns file");
        *n -= 1;
        if *n == 0 {
            self.open_ns_files.remove(&fd.ns);
        }
        self.put_ns(fd.ns);
    }

    /// setns(2): move the caller into the namespace `fd` refers to.
    /// `nstype` 0 allows any type, else it must match (EINVAL). Rules per
    /// type (setns(2), each `*_install()`):
    /// - user: not the caller's own (EINVAL); CAP_SYS_ADMIN in the target
    ///   (EPERM); the caller gets a full capability set there.
    /// - pid: CAP_SYS_ADMIN in the target's owner and in the caller's user
    ///   namespace (EPERM); only the caller's active namespace or one of its
    ///   descendants (EINVAL; checked on 6.18: setns into the parent PID
    ///   namespace gives EINVAL). Only children move (pid_for_children).
    /// - mnt: also CAP_SYS_CHROOT in the caller's user namespace.
    /// - time: sets both time and time_for_children.
    /// - others: CAP_SYS_ADMIN in the target's owner and in the caller's
    ///   user namespace (EPERM).
    pub fn setns(&mut self, caller: TaskId, fd: &NsFd, nstype: CloneFlags) -> SysResult<()> {
        self.enter("setns", caller);
        self.caller(caller)?;
        if nstype.0 != 0 && nstype != fd.ns_type.clone_flag() {
            return Err(Errno::EINVAL);
        }
        let target = fd.ns;
        let cur_user = self.task(caller).cred.user_ns;
        if fd.ns_type == NsType::User {
            if target == cur_user {
                return Err(Errno::EINVAL);
            }
            if !self.ns_capable(caller, target, CAP_SYS_ADMIN) {
                return Err(Errno::EPERM);
            }
            self.get_ns(target);
            self.task_mut(caller).cred.set_user_ns(target);
            self.put_ns(cur_user);
            return Ok(());
        }
        let owner = self.ns_owner(target);
        if !self.ns_capable(caller, owner, CAP_SYS_ADMIN)
            || !self.ns_capable(caller, cur_user, CAP_SYS_ADMIN)
        {
            return Err(Errno::EPERM);
        }
        if fd.ns_type == NsType::Mnt && !self.ns_capable(caller, cur_user, CAP_SYS_CHROOT) {
            return Err(Errno::EPERM);
        }
        if fd.ns_type == NsType::Pid {
            let active = self.task_active_pid_ns(caller);
            let active_level = self.pid_ns(active).level;
            let mut anc = target;
            if self.pid_ns(anc).level < active_level {
                return Err(Errno::EINVAL);
            }
            while self.pid_ns(anc).level > active_level {
                anc = self.pid_ns(anc).parent.expect("level > 0");
            }
            if anc != active {
                return Err(Errno::EINVAL);
            }
        }
        let mut np = self.task(caller).nsproxy.expect("live");
        let mut replaced = Vec::new();
        let mut set = |slot: &mut NsId| replaced.push(std::mem::replace(slot, target));
        match fd.ns_type {
            NsType::Uts => set(&mut np.uts),
            NsType::Ipc => set(&mut np.ipc),
            NsType::Mnt => set(&mut np.mnt),
            NsType::Net => set(&mut np.net),
            NsType::Cgroup => set(&mut np.cgroup),
            NsType::Pid => set(&mut np.pid_for_children),
            NsType::Time => {
                set(&mut np.time);
                set(&mut np.time_for_children);
            }
            NsType::User => unreachable!(),
        }
        for _ in &replaced {
            self.get_ns(target);
        }
        if fd.ns_type == NsType::Time {
            self.time_ns_mut(target).frozen = true;
        }
        self.task_mut(caller).nsproxy = Some(np);
        if fd.ns_type == NsType::Mnt {
            // mntns_install(): root and cwd become the namespace's root.
            let root = self.vfs.ns_root(target).expect("live mount namespace");
            let new_fs = self.vfs.fs_struct_init(root);
            let old_fs = self.task_mut(caller).fs.replace(new_fs).expect("live");
            self.vfs.put_fs_struct(old_fs);
        }
        for old in replaced {
            self.put_ns(old);
        }
        self.sync_proc_refs();
        Ok(())
    }
}
