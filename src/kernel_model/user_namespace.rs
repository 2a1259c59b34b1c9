//! User namespaces (user_namespaces(7), kernel/user_namespace.c): the owner
//! of every other namespace, the uid/gid maps and their write rules, the
//! setgroups switch, and capability checks evaluated against the namespace
//! tree (`cap_capable()` in security/commoncap.c).

use serde::{Deserialize, Serialize};

use super::capability::{CAP_SETFCAP, CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN, Capability};
use super::cred::{Cred, INVALID_ID, Kgid, Kuid, OVERFLOW_ID};
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::ns_common::NsId;
use super::task::TaskId;

/// Nesting limit: `create_user_ns()` refuses when the parent's level is
/// above 32, so levels 0 (initial) to 33 exist; the 34th nested
/// unshare(CLONE_NEWUSER) fails with ENOSPC (clone(2): "ENOSPC (since Linux
/// 4.9; beforehand EUSERS)"). Checked on this machine's 6.18 kernel: 33
/// nested user namespaces succeed, the 34th gets ENOSPC.
pub const MAX_USER_NS_PARENT_LEVEL: u32 = 32;

const PAGE_SIZE: usize = 4096;

/// `UID_GID_MAP_MAX_EXTENTS` (user_namespaces(7): "up to 340 lines").
pub const UID_GID_MAP_MAX_EXTENTS: usize = 340;
/// Up to this many extents the kernel keeps (and prints) them in write
/// order; above it, sorted by the first id (`sort_idmaps()`).
const UID_GID_MAP_MAX_BASE_EXTENTS: usize = 5;

/// One line of a uid_map/gid_map. `lower_first` is a *kernel* id: the kernel
/// translates the written ID-outside-ns through the parent's map when the
/// map is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UidGidExtent {
    pub first: u32,
    pub lower_first: u32,
    pub count: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UidGidMap {
    pub extents: Vec<UidGidExtent>,
}

impl UidGidMap {
    /// The identity map of the initial user namespace: `0 0 4294967295`.
    pub fn identity() -> UidGidMap {
        UidGidMap {
            extents: vec![UidGidExtent {
                first: 0,
                lower_first: 0,
                count: u32::MAX,
            }],
        }
    }

    /// `map_id_down()`: namespace id → kernel id.
    pub fn map_down(&self, id: u32) -> Option<u32> {
        self.extents.iter().find_map(|e| {
            let off = id.checked_sub(e.first)?;
            (off < e.count).then(|| e.lower_first + off)
        })
    }

    /// `map_id_range_down()`: the whole range must lie in one extent.
    pub fn map_range_down(&self, id: u32, count: u32) -> Option<u32> {
        self.extents.iter().find_map(|e| {
            let off = id.checked_sub(e.first)?;
            (off < e.count && count <= e.count - off).then(|| e.lower_first + off)
        })
    }

    /// `map_id_up()`: kernel id → namespace id.
    pub fn map_up(&self, kid: u32) -> Option<u32> {
        self.extents.iter().find_map(|e| {
            let off = kid.checked_sub(e.lower_first)?;
            (off < e.count).then(|| e.first + off)
        })
    }

    /// Extents in the order /proc/PID/uid_map prints them.
    pub fn display_order(&self) -> Vec<UidGidExtent> {
        let mut v = self.extents.clone();
        if v.len() > UID_GID_MAP_MAX_BASE_EXTENTS {
            v.sort_by_key(|e| e.first);
        }
        v
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserNamespace {
    pub parent: Option<NsId>,
    pub level: u32,
    /// euid of the creator: has every capability in this namespace when in
    /// the parent namespace (user_namespaces(7)).
    pub owner: Kuid,
    pub group: Kgid,
    pub uid_map: UidGidMap,
    pub gid_map: UidGidMap,
    /// `USERNS_SETGROUPS_ALLOWED`: /proc/PID/setgroups says "allow".
    pub setgroups_allowed: bool,
    /// Whether the creator had CAP_SETFCAP (`verify_root_map()`).
    pub parent_could_setfcap: bool,
}

/// Which map a write goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdMapKind {
    Uid,
    Gid,
}

/// Parses what a process writes to uid_map/gid_map, exactly as
/// `map_write()` does (kernel/user_namespace.c): one extent per line, three
/// decimal numbers separated by white space, nothing after the third; the
/// last line may lack its newline; no line may have count 0, wrap around,
/// use id 4294967295 or overlap another extent on either side
/// (user_namespaces(7), "Defining user and group ID mappings"); more than
/// 340 lines, or none at all, is EINVAL. Numbers are read like
/// `simple_strtoul`: no digits reads 0, and the value is truncated to 32
/// bits.
pub fn parse_id_map_write(buf: &[u8]) -> SysResult<Vec<UidGidExtent>> {
    fn is_space(c: u8) -> bool {
        matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
    }
    fn skip_spaces(s: &[u8]) -> &[u8] {
        let n = s.iter().take_while(|&&c| is_space(c)).count();
        &s[n..]
    }
    fn strtoul(s: &[u8]) -> (u32, &[u8]) {
        let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
        let v = s[..n].iter().fold(0u64, |acc, &c| {
            acc.wrapping_mul(10).wrapping_add(u64::from(c - b'0'))
        });
        (v as u32, &s[n..])
    }
    // The kernel copies the buffer into a NUL-terminated string; an embedded
    // NUL ends it.
    let end = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
    let mut rest: Option<&[u8]> = Some(&buf[..end]);
    let mut out: Vec<UidGidExtent> = Vec::new();
    let inval = Err(Errno::EINVAL);
    while let Some(chunk) = rest {
        let (line, next) = match chunk.iter().position(|&c| c == b'\n') {
            Some(i) => {
                let after = &chunk[i + 1..];
                (
                    &chunk[..i],
                    if after.is_empty() { None } else { Some(after) },
                )
            }
            None => (chunk, None),
        };
        rest = next;
        let pos = skip_spaces(line);
        let (first, pos) = strtoul(pos);
        if pos.first().is_none_or(|&c| !is_space(c)) {
            return inval;
        }
        let pos = skip_spaces(pos);
        let (lower_first, pos) = strtoul(pos);
        if pos.first().is_none_or(|&c| !is_space(c)) {
            return inval;
        }
        let pos = skip_spaces(pos);
        let (count, pos) = strtoul(pos);
        if pos.first().is_some_and(|&c| !is_space(c)) {
            return inval;
        }
        if !skip_spaces(pos).is_empty() {
            return inval;
        }
        if first == u32::MAX || lower_first == u32::MAX {
            return inval;
        }
        if first.wrapping_add(count) <= first || lower_first.wrapping_add(count) <= lower_first {
            return inval;
        }
        let e = UidGidExtent {
            first,
            lower_first,
            count,
        };
        let overlaps = out.iter().any(|p| {
            let up = e.first < p.first + p.count && p.first < e.first + e.count;
            let low =
                e.lower_first < p.lower_first + p.count && p.lower_first < e.lower_first + e.count;
            up || low
        });
        if overlaps {
            return inval;
        }
        if out.len() + 1 == UID_GID_MAP_MAX_EXTENTS && rest.is_some() {
            return inval;
        }
        out.push(e);
    }
    if out.is_empty() {
        return inval;
    }
    Ok(out)
}

impl Kernel {
    /// `cap_capable()` (security/commoncap.c): does `cred` have `cap` in
    /// user namespace `ns`? Walks from `ns` up: in the cred's own namespace
    /// the effective set decides; the owner (by euid) of a namespace whose
    /// parent is the cred's namespace has every capability in it and its
    /// descendants; a namespace at or above the cred's level (and not its
    /// own) grants nothing (user_namespaces(7), "Capabilities").
    pub(crate) fn cap_capable(&self, cred: &Cred, ns: NsId, cap: Capability) -> bool {
        let cred_level = self.user_ns(cred.user_ns).level;
        let mut cur = ns;
        loop {
            if cur == cred.user_ns {
                return cred.cap_effective.has(cap);
            }
            let u = self.user_ns(cur);
            if u.level <= cred_level {
                return false;
            }
            let parent = u.parent.expect("level > 0 has a parent");
            if parent == cred.user_ns && u.owner == cred.euid {
                return true;
            }
            cur = parent;
        }
    }

    /// `ns_capable()` for a task.
    pub(crate) fn ns_capable(&self, task: TaskId, ns: NsId, cap: Capability) -> bool {
        self.cap_capable(&self.task(task).cred, ns, cap)
    }

    /// `from_kuid_munged()`: the uid as namespace `ns` sees it, or 65534.
    pub fn from_kuid_munged(&self, ns: NsId, kuid: Kuid) -> u32 {
        self.user_ns(ns).uid_map.map_up(kuid).unwrap_or(OVERFLOW_ID)
    }

    pub fn from_kgid_munged(&self, ns: NsId, kgid: Kgid) -> u32 {
        self.user_ns(ns).gid_map.map_up(kgid).unwrap_or(OVERFLOW_ID)
    }

    /// `from_kuid()`: 4294967295 when unmapped.
    pub fn from_kuid(&self, ns: NsId, kuid: Kuid) -> u32 {
        self.user_ns(ns).uid_map.map_up(kuid).unwrap_or(INVALID_ID)
    }

    pub fn from_kgid(&self, ns: NsId, kgid: Kgid) -> u32 {
        self.user_ns(ns).gid_map.map_up(kgid).unwrap_or(INVALID_ID)
    }

    pub(crate) fn make_kuid(&self, ns: NsId, uid: u32) -> Option<Kuid> {
        self.user_ns(ns).uid_map.map_down(uid)
    }

    pub(crate) fn make_kgid(&self, ns: NsId, gid: u32) -> Option<Kgid> {
        self.user_ns(ns).gid_map.map_down(gid)
    }

    /// `create_user_ns()`: a child of `cred.user_ns` owned by `cred.euid`;
    /// switches `cred` into it. The caller holds the reference returned.
    pub(crate) fn create_user_ns(&mut self, cred: &mut Cred) -> SysResult<NsId> {
        let parent = cred.user_ns;
        let p = self.user_ns(parent);
        if p.level > MAX_USER_NS_PARENT_LEVEL {
            return Err(Errno::ENOSPC);
        }
        // "The creator needs a mapping in the parent user namespace or else
        // we won't be able to reasonably tell userspace who created a
        // user_namespace" (EPERM, user_namespaces(7)).
        if p.uid_map.map_up(cred.euid).is_none() || p.gid_map.map_up(cred.egid).is_none() {
            return Err(Errno::EPERM);
        }
        let ns = UserNamespace {
            parent: Some(parent),
            level: p.level + 1,
            owner: cred.euid,
            group: cred.egid,
            uid_map: UidGidMap::default(),
            gid_map: UidGidMap::default(),
            setgroups_allowed: true,
            parent_could_setfcap: cred.cap_effective.has(CAP_SETFCAP),
        };
        self.get_ns(parent);
        let id = self.new_ns(super::kernel::NsKind::User(ns), None);
        cred.set_user_ns(id);
        Ok(id)
    }

    /// A write to /proc/PID/uid_map or gid_map by `opener` (whose cred is
    /// the file's opener cred). Rules from user_namespaces(7) and
    /// `proc_uid_map_write()`/`map_write()`/`new_idmap_permitted()`:
    /// - the opener must be in the target's user namespace or its parent
    ///   (EPERM);
    /// - a map can be written once (EPERM on the second write);
    /// - the opener needs CAP_SYS_ADMIN in the target namespace (EPERM);
    /// - bad text, zero length, overlap → EINVAL;
    /// - every ID-outside-ns must be mapped in the parent namespace (EPERM);
    /// - without CAP_SETUID/CAP_SETGID in the parent namespace, only a
    ///   single line mapping the opener's own euid (egid, and only after
    ///   "deny" was written to setgroups) is allowed (EPERM);
    /// - mapping parent id 0 needs CAP_SETFCAP (`verify_root_map()`).
    pub(crate) fn write_id_map(
        &mut self,
        opener: TaskId,
        ns: NsId,
        kind: IdMapKind,
        buf: &[u8],
    ) -> SysResult<usize> {
        let cred = self.task(opener).cred.clone();
        let target = self.user_ns(ns).clone();
        if cred.user_ns != ns && Some(cred.user_ns) != target.parent {
            return Err(Errno::EPERM);
        }
        let parent = target.parent.ok_or(Errno::EPERM)?;
        // map_write(): "Only allow < page size writes at the beginning of
        // the file".
        if buf.len() >= PAGE_SIZE {
            return Err(Errno::EINVAL);
        }
        let existing = match kind {
            IdMapKind::Uid => &target.uid_map,
            IdMapKind::Gid => &target.gid_map,
        };
        if !existing.extents.is_empty() {
            return Err(Errno::EPERM);
        }
        if !self.cap_capable(&cred, ns, CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        let mut extents = parse_id_map_write(buf)?;
        // Translate ID-outside-ns through the parent's map into kernel ids.
        let pmap = match kind {
            IdMapKind::Uid => &self.user_ns(parent).uid_map,
            IdMapKind::Gid => &self.user_ns(parent).gid_map,
        };
        let written = extents.clone();
        for e in &mut extents {
            e.lower_first = pmap
                .map_range_down(e.lower_first, e.count)
                .ok_or(Errno::EPERM)?;
        }
        let cap_setid = match kind {
            IdMapKind::Uid => CAP_SETUID,
            IdMapKind::Gid => CAP_SETGID,
        };
        // verify_root_map(): mapping parent id 0.
        if kind == IdMapKind::Uid && written.iter().any(|e| e.lower_first == 0) {
            let ok = if cred.user_ns == ns {
                target.parent_could_setfcap
            } else {
                self.cap_capable(&cred, parent, CAP_SETFCAP)
            };
            if !ok {
                return Err(Errno::EPERM);
            }
        }
        let mut permitted = false;
        if extents.len() == 1 && extents[0].count == 1 && target.owner == cred.euid {
            let id = extents[0].lower_first;
            permitted = match kind {
                IdMapKind::Uid => id == cred.euid,
                IdMapKind::Gid => !target.setgroups_allowed && id == cred.egid,
            };
        }
        if !permitted {
            // ns_capable(ns->parent, cap_setid) for the writer and
            // file_ns_capable() for the opener: the same task here.
            permitted = self.cap_capable(&cred, parent, cap_setid);
        }
        if !permitted {
            return Err(Errno::EPERM);
        }
        let u = self.user_ns_mut(ns);
        let map = UidGidMap { extents };
        match kind {
            IdMapKind::Uid => u.uid_map = map,
            IdMapKind::Gid => u.gid_map = map,
        }
        Ok(buf.len())
    }

    /// A write to /proc/PID/setgroups (`proc_setgroups_write()`,
    /// user_namespaces(7) "The /proc/[pid]/setgroups file"): "allow" or
    /// "deny" (optionally followed by white space), else EINVAL; at most 7
    /// bytes; "allow" after "deny" → EPERM; "deny" after gid_map was written
    /// → EPERM. Opening it for writing needs CAP_SYS_ADMIN in the namespace
    /// (EACCES from `proc_setgroups_open()`).
    pub(crate) fn write_setgroups(
        &mut self,
        opener: TaskId,
        ns: NsId,
        buf: &[u8],
    ) -> SysResult<usize> {
        if !self.ns_capable(opener, ns, CAP_SYS_ADMIN) {
            return Err(Errno::EACCES);
        }
        if buf.len() >= 8 {
            return Err(Errno::EINVAL);
        }
        let end = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
        let s = &buf[..end];
        let (allow, rest) = if let Some(r) = s.strip_prefix(b"allow") {
            (true, r)
        } else if let Some(r) = s.strip_prefix(b"deny") {
            (false, r)
        } else {
            return Err(Errno::EINVAL);
        };
        if !rest
            .iter()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
        {
            return Err(Errno::EINVAL);
        }
        let u = self.user_ns_mut(ns);
        if allow {
            if !u.setgroups_allowed {
                return Err(Errno::EPERM);
            }
        } else {
            if !u.gid_map.extents.is_empty() {
                return Err(Errno::EPERM);
            }
            u.setgroups_allowed = false;
        }
        Ok(buf.len())
    }
}
