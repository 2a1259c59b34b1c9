//! Identity syscalls (kernel/sys.c): getpid(2) and friends as seen from the
//! caller's namespaces, setuid(2)/setgid(2)/setgroups(2) with their
//! capability effects.

use super::capability::{CAP_SETGID, CAP_SETUID, CapSet};
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::TaskId;

/// `NGROUPS_MAX`.
pub const NGROUPS_MAX: usize = 65536;

impl Kernel {
    /// getpid(2): the caller's pid in its own PID namespace (1 for the
    /// first process of a new namespace).
    pub fn getpid(&mut self, caller: TaskId) -> SysResult<i32> {
        self.enter("getpid", caller);
        self.caller(caller)?;
        Ok(self.pid_vnr(caller, caller))
    }

    /// getppid(2): the parent's pid in the caller's PID namespace, 0 when
    /// the parent is outside it (pid_namespaces(7); checked on 6.18: the
    /// init of a new namespace gets 0).
    pub fn getppid(&mut self, caller: TaskId) -> SysResult<i32> {
        self.enter("getppid", caller);
        let t = self.caller(caller)?;
        Ok(t.real_parent.map_or(0, |p| self.pid_vnr(caller, p)))
    }

    /// getuid(2), geteuid(2), getgid(2), getegid(2): ids as the caller's
    /// user namespace sees them; unmapped ids show as 65534 (overflowuid).
    pub fn getuid(&mut self, caller: TaskId) -> SysResult<u32> {
        self.enter("getuid", caller);
        let c = &self.caller(caller)?.cred;
        Ok(self.from_kuid_munged(c.user_ns, c.uid))
    }

    pub fn geteuid(&mut self, caller: TaskId) -> SysResult<u32> {
        self.enter("geteuid", caller);
        let c = &self.caller(caller)?.cred;
        Ok(self.from_kuid_munged(c.user_ns, c.euid))
    }

    pub fn getgid(&mut self, caller: TaskId) -> SysResult<u32> {
        self.enter("getgid", caller);
        let c = &self.caller(caller)?.cred;
        Ok(self.from_kgid_munged(c.user_ns, c.gid))
    }

    pub fn getegid(&mut self, caller: TaskId) -> SysResult<u32> {
        self.enter("getegid", caller);
        let c = &self.caller(caller)?.cred;
        Ok(self.from_kgid_munged(c.user_ns, c.egid))
    }

    /// setuid(2): EINVAL if `uid` has no mapping in the caller's user
    /// namespace; with CAP_SETUID there, sets real, effective, saved and
    /// filesystem uid; without it, only to the real or saved uid (else
    /// EPERM). Capabilities change as capabilities(7) "Effect of user ID
    /// changes on capabilities" says (`cap_emulate_setxuid()`): dropping
    /// every root uid clears permitted, effective and ambient; leaving
    /// euid 0 clears effective; gaining euid 0 restores effective from
    /// permitted. "Root" is uid 0 of the caller's user namespace.
    pub fn setuid(&mut self, caller: TaskId, uid: u32) -> SysResult<()> {
        self.enter("setuid", caller);
        let old = self.caller(caller)?.cred.clone();
        let kuid = self.make_kuid(old.user_ns, uid).ok_or(Errno::EINVAL)?;
        let mut new = old.clone();
        if self.cap_capable(&old, old.user_ns, CAP_SETUID) {
            new.uid = kuid;
            new.suid = kuid;
        } else if kuid != old.uid && kuid != old.suid {
            return Err(Errno::EPERM);
        }
        new.euid = kuid;
        new.fsuid = kuid;
        if let Some(root) = self.make_kuid(old.user_ns, 0) {
            let was_root = old.uid == root || old.euid == root || old.suid == root;
            let is_root = new.uid == root || new.euid == root || new.suid == root;
            if was_root && !is_root {
                new.cap_permitted = CapSet::EMPTY;
                new.cap_effective = CapSet::EMPTY;
                new.cap_ambient = CapSet::EMPTY;
            }
            if old.euid == root && new.euid != root {
                new.cap_effective = CapSet::EMPTY;
            }
            if old.euid != root && new.euid == root {
                new.cap_effective = new.cap_permitted;
            }
        }
        self.task_mut(caller).cred = new;
        Ok(())
    }

    /// setgid(2): like setuid(2) with CAP_SETGID, without capability effects.
    pub fn setgid(&mut self, caller: TaskId, gid: u32) -> SysResult<()> {
        self.enter("setgid", caller);
        let old = self.caller(caller)?.cred.clone();
        let kgid = self.make_kgid(old.user_ns, gid).ok_or(Errno::EINVAL)?;
        let mut new = old.clone();
        if self.cap_capable(&old, old.user_ns, CAP_SETGID) {
            new.gid = kgid;
            new.sgid = kgid;
        } else if kgid != old.gid && kgid != old.sgid {
            return Err(Errno::EPERM);
        }
        new.egid = kgid;
        new.fsgid = kgid;
        self.task_mut(caller).cred = new;
        Ok(())
    }

    /// setgroups(2): needs CAP_SETGID in the caller's user namespace and,
    /// in a non-initial one, a written gid_map and setgroups "allow"
    /// (`may_setgroups()`, user_namespaces(7)): else EPERM. EINVAL for more
    /// than NGROUPS_MAX groups or an unmapped gid.
    pub fn setgroups(&mut self, caller: TaskId, groups: &[u32]) -> SysResult<()> {
        self.enter("setgroups", caller);
        let cred = self.caller(caller)?.cred.clone();
        if groups.len() > NGROUPS_MAX {
            return Err(Errno::EINVAL);
        }
        let u = self.user_ns(cred.user_ns);
        let may = self.cap_capable(&cred, cred.user_ns, CAP_SETGID)
            && !u.gid_map.extents.is_empty()
            && u.setgroups_allowed;
        if !may {
            return Err(Errno::EPERM);
        }
        let mut k = Vec::with_capacity(groups.len());
        for &g in groups {
            k.push(self.make_kgid(cred.user_ns, g).ok_or(Errno::EINVAL)?);
        }
        k.sort_unstable();
        self.task_mut(caller).cred.groups = k;
        Ok(())
    }

    /// getgroups(2) as the caller's user namespace sees the groups.
    pub fn getgroups(&mut self, caller: TaskId) -> SysResult<Vec<u32>> {
        self.enter("getgroups", caller);
        let c = &self.caller(caller)?.cred;
        Ok(c.groups
            .iter()
            .map(|&g| self.from_kgid_munged(c.user_ns, g))
            .collect())
    }
}
