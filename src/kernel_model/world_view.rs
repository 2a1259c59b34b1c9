//! `WorldView`: the structured state after a step (DESIGN.md), shared by
//! the UI (which draws it) and the native backend (which builds the same
//! type by parsing a real /proc with the parsers in `procfs`, see
//! `ctlab_native::world_view`). Everything is seen from the initial
//! namespaces: pids at every level from the initial PID namespace down,
//! kernel uids/gids, absolute cgroup paths; the native side reads its
//! sandbox's namespaces as these initial ones (pids of the sandbox's PID
//! namespace, cgroup paths below its cgroup, levels counted from its own
//! PID and user namespaces). Two views are compared up to renaming of
//! namespace inode numbers and mount ids by `world_view_diff::diff`.

use serde::{Deserialize, Serialize};

use super::kernel::{Kernel, NsKind};
use super::ns_common::NsType;
use super::task::TaskState;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessView {
    /// The pid at every level, initial namespace first (NSpid as /proc of
    /// the initial namespace shows it).
    pub nspid: Vec<i32>,
    /// The parent's pid in the initial namespace (0 for PID 1).
    pub ppid: i32,
    pub comm: String,
    /// "R", "S", "T" or "Z" as /proc/PID/status would show to an outside
    /// reader (live processes show as sleeping "S").
    pub state: String,
    /// Real uid and gid as the initial user namespace sees them.
    pub uid: u32,
    pub gid: u32,
    /// Inode numbers, keyed by /proc/PID/ns entry name; missing entries
    /// are the ones readlink would fail on (ENOENT).
    pub ns: Vec<(String, u32)>,
    /// Absolute cgroup path (unified hierarchy).
    pub cgroup: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamespaceView {
    pub ns_type: NsType,
    pub inode: u32,
    /// Parent namespace (PID and user namespaces).
    pub parent: Option<u32>,
    /// Owning user namespace (None for user namespaces).
    pub owner: Option<u32>,
    /// Nesting level (PID and user namespaces; 0 for the rest).
    pub level: u32,
    /// Type-specific facts, as short key/value pairs (hostname,
    /// uid_map lines, loopback state, message queue ids…).
    pub details: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorldView {
    /// Sorted by pid in the initial namespace.
    pub processes: Vec<ProcessView>,
    /// Sorted by inode number.
    pub namespaces: Vec<NamespaceView>,
    /// One per mount namespace, sorted by its inode number.
    #[serde(default)]
    pub mount_tables: Vec<MountTableView>,
}

/// One mount as the UI draws it (a line of /proc/PID/mountinfo read by a
/// process whose root is its namespace's root, proc(5)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountView {
    /// mountinfo field 1 (reused after umount).
    pub mount_id: u32,
    /// mountinfo field 2: the parent's id (its own for the namespace root).
    pub parent_id: u32,
    /// Mount point as seen from the namespace's root directory.
    pub mount_point: String,
    pub fs_type: String,
    pub source: String,
    /// Per-mount options ("rw,nosuid,relatime"…), mountinfo field 6.
    pub options: String,
}

/// The mount table of one mount namespace, in mountinfo order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountTableView {
    pub ns: u32,
    pub mounts: Vec<MountView>,
}

impl Kernel {
    /// A snapshot of the whole world.
    pub fn world_view(&self) -> WorldView {
        let init_pid_ns = NsType::Pid.init_inum();
        let mut processes: Vec<ProcessView> = self
            .task_ids()
            .into_iter()
            .map(|t| {
                let task = self.task(t);
                let ns = super::procfs::ns_link::NS_ENTRIES
                    .iter()
                    .filter_map(|name| {
                        self.ns_of_task(t, name)
                            .ok()
                            .map(|(_, id)| (name.to_string(), id.0))
                    })
                    .collect();
                ProcessView {
                    nspid: self.task_nspid(t).iter().map(|u| u.nr).collect(),
                    ppid: task
                        .real_parent
                        .map_or(0, |p| self.task_pid_nr_ns(p, init_pid_ns)),
                    comm: task.comm.clone(),
                    state: match task.state {
                        TaskState::Running => "S",
                        TaskState::Stopped => "T",
                        TaskState::Zombie => "Z",
                    }
                    .into(),
                    uid: task.cred.uid,
                    gid: task.cred.gid,
                    ns,
                    cgroup: task.cgroup.clone(),
                }
            })
            .collect();
        processes.sort_by_key(|p| p.nspid[0]);
        let namespaces = self
            .namespaces
            .values()
            .map(|n| {
                let (parent, level, details) = match &n.kind {
                    NsKind::User(u) => {
                        let map = |m: &super::user_namespace::UidGidMap| {
                            // In the order /proc/PID/uid_map prints them,
                            // which is what the native side reads.
                            m.display_order()
                                .iter()
                                .map(|e| format!("{} {} {}", e.first, e.lower_first, e.count))
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        (
                            u.parent.map(|p| p.0),
                            u.level,
                            vec![
                                ("owner_uid".into(), u.owner.to_string()),
                                ("uid_map".into(), map(&u.uid_map)),
                                ("gid_map".into(), map(&u.gid_map)),
                                (
                                    "setgroups".into(),
                                    if u.setgroups_allowed { "allow" } else { "deny" }.into(),
                                ),
                            ],
                        )
                    }
                    NsKind::Pid(p) => (
                        p.parent.map(|x| x.0),
                        p.level,
                        vec![("init_alive".into(), p.adding.to_string())],
                    ),
                    NsKind::Uts(u) => (
                        None,
                        0,
                        vec![
                            (
                                "hostname".into(),
                                String::from_utf8_lossy(&u.nodename).into_owned(),
                            ),
                            (
                                "domainname".into(),
                                String::from_utf8_lossy(&u.domainname).into_owned(),
                            ),
                        ],
                    ),
                    NsKind::Ipc(i) => (
                        None,
                        0,
                        vec![(
                            "msg_queues".into(),
                            i.msg_queues
                                .values()
                                .map(|q| q.id.to_string())
                                .collect::<Vec<_>>()
                                .join(" "),
                        )],
                    ),
                    NsKind::Net(net) => (
                        None,
                        0,
                        net.devices
                            .iter()
                            .map(|d| (d.name.clone(), if d.up { "UP" } else { "DOWN" }.into()))
                            .collect(),
                    ),
                    // The mounts a process at the namespace's root lists in
                    // its mountinfo: the hidden rootfs below the initial
                    // namespace's root is not counted, since a reader of a
                    // real kernel's /proc cannot count it either.
                    NsKind::Mnt(_) => (
                        None,
                        0,
                        vec![(
                            "mounts".into(),
                            self.vfs
                                .ns_root(n.inum)
                                .map_or(0, |root| {
                                    self.vfs.render_mountinfo(n.inum, root).lines().count()
                                })
                                .to_string(),
                        )],
                    ),
                    NsKind::Cgroup(c) => (None, 0, vec![("root".into(), c.root.clone())]),
                    NsKind::Time(t) => (None, 0, vec![("frozen".into(), t.frozen.to_string())]),
                };
                NamespaceView {
                    ns_type: n.kind.ns_type(),
                    inode: n.inum.0,
                    parent,
                    owner: n.owner.map(|o| o.0),
                    level,
                    details,
                }
            })
            .collect();
        let mount_tables = self.mount_tables();
        WorldView {
            processes,
            namespaces,
            mount_tables,
        }
    }
}

impl ProcessView {
    /// Builds a process view from parsed /proc text, as the native backend
    /// does for a real process: `status` read through a /proc of the
    /// initial PID namespace by a reader in the initial user namespace,
    /// the readable /proc/PID/ns links, and /proc/PID/cgroup (the unified
    /// hierarchy's `0::` line) read from the initial cgroup namespace.
    pub fn from_proc(
        status: &super::procfs::status::ProcStatus,
        ns: Vec<(String, u32)>,
        cgroup: &[super::procfs::cgroup::CgroupLine],
    ) -> ProcessView {
        // Live processes are "S" in the view whatever they were doing when
        // read; stopped and zombie states are kept.
        let state = match status.state {
            'Z' => "Z",
            'T' | 't' => "T",
            _ => "S",
        };
        ProcessView {
            nspid: status.nspid.clone(),
            ppid: status.ppid,
            comm: status.name.clone(),
            state: state.into(),
            uid: status.uid[0],
            gid: status.gid[0],
            ns,
            cgroup: cgroup
                .iter()
                .find(|l| l.hierarchy == 0)
                .map_or_else(|| "/".into(), |l| l.path.clone()),
        }
    }
}

impl MountTableView {
    /// Builds a table from /proc/PID/mountinfo text (proc(5)): what the
    /// model renders for a reader at its namespace's root, and what the
    /// native backend reads from a real process. Malformed lines are
    /// skipped.
    pub fn from_mountinfo(ns: u32, text: &str) -> MountTableView {
        let mounts = text
            .lines()
            .filter_map(|l| {
                let (left, right) = l.split_once(" - ")?;
                let f: Vec<&str> = left.split(' ').collect();
                let r: Vec<&str> = right.split(' ').collect();
                if f.len() < 6 || r.len() < 2 {
                    return None;
                }
                Some(MountView {
                    mount_id: f[0].parse().ok()?,
                    parent_id: f[1].parse().ok()?,
                    mount_point: f[4].to_owned(),
                    fs_type: r[0].to_owned(),
                    source: r[1].to_owned(),
                    options: f[5].to_owned(),
                })
            })
            .collect();
        MountTableView { ns, mounts }
    }
}

impl Kernel {
    /// Every mount namespace's table, as a reader whose root is the
    /// namespace's root would read its mountinfo.
    fn mount_tables(&self) -> Vec<MountTableView> {
        self.namespaces
            .values()
            .filter(|n| n.kind.ns_type() == NsType::Mnt)
            .filter_map(|n| {
                // What a task entering the namespace sees (setns(2)): the
                // root mount followed down, so the hidden rootfs of the
                // initial namespace is left out, as in its mountinfo.
                let root = self.vfs.ns_root(n.inum)?;
                Some(MountTableView::from_mountinfo(
                    n.inum.0,
                    &self.vfs.render_mountinfo(n.inum, root),
                ))
            })
            .collect()
    }
}
