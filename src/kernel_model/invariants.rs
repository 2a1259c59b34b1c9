//! Consistency checks over the whole model, for tests: every task in
//! exactly one namespace of each type, PID maps consistent at every level,
//! parent/child links consistent, every namespace reference accounted for.

use std::collections::BTreeMap;

use super::kernel::{Kernel, NsKind};
use super::ns_common::{NsId, NsType};
use super::task::{TaskId, TaskState};
use super::vfs::{FsKind, PseudoKind};

impl Kernel {
    /// Checks every invariant; the error says which one broke.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut refs: BTreeMap<NsId, u32> = BTreeMap::new();
        let mut add = |id: NsId| *refs.entry(id).or_default() += 1;
        let ty = |id: NsId| self.namespaces.get(&id).map(|n| n.kind.ns_type());
        for t in NsType::ALL {
            add(t.init_inum()); // static reference
        }
        for (&id, &n) in &self.open_ns_files {
            for _ in 0..n {
                add(id);
            }
        }
        for (index, generation, task) in self.tasks.iter() {
            let id = TaskId { index, generation };
            // Credentials: a user namespace.
            if ty(task.cred.user_ns) != Some(NsType::User) {
                return Err(format!(
                    "{id:?}: cred.user_ns {} is not a user namespace",
                    task.cred.user_ns
                ));
            }
            add(task.cred.user_ns);
            // A controlling terminal is an allocated one.
            if let Some(tty) = task.tty
                && !self.ttys.contains_key(&tty)
            {
                return Err(format!(
                    "{id:?}: controlling terminal {tty:?} not allocated"
                ));
            }
            // nsproxy: one namespace of each other type while alive.
            match (&task.nsproxy, task.state) {
                (None, TaskState::Zombie) => {}
                (Some(np), s) if s != TaskState::Zombie => {
                    let want = [
                        (np.uts, NsType::Uts),
                        (np.ipc, NsType::Ipc),
                        (np.mnt, NsType::Mnt),
                        (np.pid_for_children, NsType::Pid),
                        (np.net, NsType::Net),
                        (np.cgroup, NsType::Cgroup),
                        (np.time, NsType::Time),
                        (np.time_for_children, NsType::Time),
                    ];
                    for (n, t) in want {
                        if ty(n) != Some(t) {
                            return Err(format!(
                                "{id:?}: nsproxy {t:?} slot holds {n} ({:?})",
                                ty(n)
                            ));
                        }
                        add(n);
                    }
                }
                _ => return Err(format!("{id:?}: nsproxy/state mismatch")),
            }
            // struct pid: one number per level, found in each level's map.
            let pid = self
                .pids
                .get(task.pid.0, task.pid.1)
                .ok_or(format!("{id:?}: dangling pid"))?;
            if pid.task != Some(id) {
                return Err(format!("{id:?}: pid.task is {:?}", pid.task));
            }
            for (level, u) in pid.numbers.iter().enumerate() {
                match self.namespaces.get(&u.ns).map(|n| &n.kind) {
                    Some(NsKind::Pid(p)) if p.level as usize == level => {
                        if p.idr.get(&u.nr) != Some(&task.pid) {
                            return Err(format!(
                                "{id:?}: level {level} nr {} not mapped back",
                                u.nr
                            ));
                        }
                    }
                    _ => {
                        return Err(format!(
                            "{id:?}: level {level} ns {} is not a PID ns at that level",
                            u.ns
                        ));
                    }
                }
            }
            for w in pid.numbers.windows(2) {
                if self.pid_ns(w[1].ns).parent != Some(w[0].ns) {
                    return Err(format!(
                        "{id:?}: pid levels do not follow the namespace tree"
                    ));
                }
            }
            // Parent/child links.
            if let Some(p) = task.real_parent {
                let pt = self
                    .get_task(p)
                    .ok_or(format!("{id:?}: dead parent {p:?}"))?;
                if pt.children.get(&task.sibling_seq) != Some(&id) {
                    return Err(format!("{id:?}: not in parent's children"));
                }
                let listed = pt.zombie_children.get(&task.sibling_seq) == Some(&id);
                if listed != (task.state == TaskState::Zombie) {
                    return Err(format!(
                        "{id:?}: zombie list mismatch (state {:?})",
                        task.state
                    ));
                }
                if pt.state == TaskState::Zombie {
                    return Err(format!("{id:?}: parent is a zombie"));
                }
            } else if id != self.init_task {
                return Err(format!("{id:?}: no parent"));
            }
            for (&seq, &c) in &task.children {
                let ct = self
                    .get_task(c)
                    .ok_or(format!("{id:?}: dead child {c:?}"))?;
                if ct.real_parent != Some(id) || ct.sibling_seq != seq {
                    return Err(format!("{id:?}: child {c:?} points elsewhere"));
                }
            }
            for c in task.zombie_children.values() {
                if !task.children.values().any(|x| x == c) {
                    return Err(format!("{id:?}: zombie child {c:?} not a child"));
                }
            }
        }
        for (i, g, pid) in self.pids.iter() {
            for u in &pid.numbers {
                add(u.ns);
            }
            if pid.task.is_none() && pid.pgrp_users == 0 && pid.session_users == 0 {
                return Err(format!("pid ({i},{g}) unused but not freed"));
            }
        }
        let mut pgrp_users: BTreeMap<(u32, u32), u32> = BTreeMap::new();
        let mut session_users: BTreeMap<(u32, u32), u32> = BTreeMap::new();
        for (_, _, t) in self.tasks.iter() {
            if let Some(p) = t.pgrp {
                *pgrp_users.entry((p.0, p.1)).or_default() += 1;
            }
            if let Some(s) = t.session {
                *session_users.entry((s.0, s.1)).or_default() += 1;
            }
        }
        for (i, g, pid) in self.pids.iter() {
            if pgrp_users.get(&(i, g)).copied().unwrap_or(0) != pid.pgrp_users
                || session_users.get(&(i, g)).copied().unwrap_or(0) != pid.session_users
            {
                return Err(format!("pid ({i},{g}) group/session counts wrong"));
            }
        }
        for ns in self.namespaces.values() {
            if let Some(o) = ns.owner {
                if ty(o) != Some(NsType::User) {
                    return Err(format!("ns {} owner {} is not a user ns", ns.inum, o));
                }
                add(o);
            }
            match &ns.kind {
                NsKind::User(u) => {
                    if let Some(p) = u.parent {
                        add(p);
                        if self.user_ns(p).level + 1 != u.level {
                            return Err(format!("user ns {} level", ns.inum));
                        }
                    }
                }
                NsKind::Pid(p) => {
                    if let Some(par) = p.parent {
                        add(par);
                        if self.pid_ns(par).level + 1 != p.level {
                            return Err(format!("pid ns {} level", ns.inum));
                        }
                    }
                    for (&nr, &pid) in &p.idr {
                        let pd = self
                            .pids
                            .get(pid.0, pid.1)
                            .ok_or(format!("pid ns {}: nr {nr} dangling", ns.inum))?;
                        let u = pd.numbers.get(p.level as usize);
                        if u.map(|u| (u.nr, u.ns)) != Some((nr, ns.inum)) {
                            return Err(format!(
                                "pid ns {}: nr {nr} maps to a pid without that number",
                                ns.inum
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        // Live proc super blocks hold their PID namespace.
        for (&ns, &n) in &self.proc_sb_refs {
            for _ in 0..n {
                add(ns);
            }
        }
        for ns in self.namespaces.values() {
            let want = refs.get(&ns.inum).copied().unwrap_or(0);
            if want != ns.refs {
                return Err(format!(
                    "ns {} ({:?}) has {} refs, {} accounted",
                    ns.inum,
                    ns.kind.ns_type(),
                    ns.refs,
                    want
                ));
            }
        }
        if let Some((id, _)) = refs
            .iter()
            .find(|(id, _)| !self.namespaces.contains_key(id))
        {
            return Err(format!("reference to freed namespace {id}"));
        }
        self.check_vfs_invariants()
    }

    /// The VFS part: every live task has a root/cwd, a zombie has none and
    /// no open files; each mount namespace has a mount tree and each tree a
    /// namespace; proc super block references are accounted; and the
    /// VFS's own invariants hold with every task's fs_struct and fd table.
    fn check_vfs_invariants(&self) -> Result<(), String> {
        let mut fs_structs = Vec::new();
        let mut tables = Vec::new();
        for (index, generation, task) in self.tasks.iter() {
            let id = TaskId { index, generation };
            match (&task.fs, task.state) {
                (None, TaskState::Zombie) => {
                    if task.files.fds().next().is_some() {
                        return Err(format!("{id:?}: zombie with open files"));
                    }
                }
                (Some(fs), s) if s != TaskState::Zombie => {
                    let mnt = task.nsproxy.as_ref().map(|n| n.mnt);
                    if self.vfs.mnt(fs.root.mnt).ns.is_some() && self.vfs.mnt(fs.root.mnt).ns != mnt
                    {
                        return Err(format!("{id:?}: root in another mount namespace"));
                    }
                    fs_structs.push(fs);
                }
                _ => return Err(format!("{id:?}: fs_struct/state mismatch")),
            }
            tables.push(&task.files);
        }
        for ns in self.namespaces.values() {
            if ns.kind.ns_type() == NsType::Mnt && self.vfs.mount_tree(ns.inum).is_none() {
                return Err(format!("mnt ns {} has no mount tree", ns.inum));
            }
        }
        for &ns in self.vfs.namespaces.keys() {
            if self.namespaces.get(&ns).map(|n| n.kind.ns_type()) != Some(NsType::Mnt) {
                return Err(format!("mount tree {ns} without a mount namespace"));
            }
        }
        let mut live: BTreeMap<NsId, u32> = BTreeMap::new();
        for sb in self.vfs.supers.values() {
            if sb.kind == FsKind::Pseudo(PseudoKind::Proc) && !sb.dead {
                *live.entry(NsId(sb.instance as u32)).or_default() += 1;
            }
        }
        if live != self.proc_sb_refs {
            return Err(format!(
                "proc super blocks {live:?}, references {:?}",
                self.proc_sb_refs
            ));
        }
        self.vfs.check_invariants(&fs_structs, &tables)
    }
}
