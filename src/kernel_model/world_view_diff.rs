//! Comparing two [`WorldView`]s — the model's and one read from a real
//! kernel — *up to renaming*: what a student could notice must agree, the
//! names the kernel hands out need not.
//!
//! Renamed, never compared by value:
//! - namespace inode numbers. A renaming is a bijection, built from the
//!   processes both views have (matched by their pid, `nspid[0]`): the
//!   model's `uts` entry of process 4 names the same namespace as the
//!   kernel's `uts` entry of process 4. It is then extended through the
//!   `parent` and `owner` of namespaces already paired. Two model
//!   namespaces cannot map to one kernel namespace, nor one to two: such
//!   a clash is reported as [`Difference::Renaming`] (the two worlds share
//!   namespaces differently).
//! - mount ids and parent ids, within each pair of mount tables: line *i*
//!   of the model's table is paired with line *i* of the kernel's (tables
//!   are in mountinfo order, which both sides keep), and each parent id
//!   must map to the paired id of the parent line.
//!
//! Normalised by construction (each rule named, never silent):
//! - [`ROOT_FILE_SYSTEM`]: the file system of a namespace's root mount
//!   differs by design — the model's root is its image (`ext4` on
//!   `/dev/vda`, the type and source this machine's real root shows), the
//!   sandbox's root is an overlay on the host's disk (type and source
//!   `overlay`). In each table, every line whose (type, source) equals
//!   that table's first line's compares as "the root file system" (a bind
//!   mount of a root directory included). The overlay's super-block
//!   options (lowerdir=… with host paths) would differ as well, but a
//!   [`MountView`] keeps only the per-mount options, which do agree.
//! - [`HIDDEN_PARENT`]: the parent id of a namespace's root mount is a
//!   mount outside the namespace's root (the hidden rootfs, or in the
//!   sandbox the mount it was pivoted from): its number means nothing, so
//!   a parent id outside its table only has to be outside on both sides.
//! - [`NOT_OBSERVABLE`]: a namespace no process of its view refers to
//!   (kept alive by an open file, a bind mount, or `pid_for_children`
//!   before its first process) is not reachable through /proc/PID/ns, so
//!   a reader of a real kernel cannot list it; such namespaces are left
//!   out on both sides unless the renaming reaches them as a parent or
//!   owner and both sides describe them.
//!
//! What the kernel side already normalised when it read the view (see
//! the native reader): pids are those of the sandbox's PID namespace,
//! cgroup paths are relative to the sandbox's cgroup, and levels and
//! parents of PID and user namespaces count from the sandbox's own.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ns_common::NsType;
use super::procfs::ns_link::NS_ENTRIES;
use super::world_view::{MountTableView, MountView, NamespaceView, ProcessView, WorldView};

/// Why the root mount's file system is not compared (module doc).
pub const ROOT_FILE_SYSTEM: &str = "root file system";
/// Why the parent id of a namespace's root mount is not compared.
pub const HIDDEN_PARENT: &str = "hidden parent";
/// Why namespaces no process refers to are left out.
pub const NOT_OBSERVABLE: &str = "not observable through /proc/PID/ns";

/// Which of the two views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Model,
    Kernel,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Model => "the model",
            Side::Kernel => "the kernel",
        })
    }
}

/// One thing a student could notice differs. Values are the text of the
/// field on each side; `None` is a field (or line) that side lacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    /// A process (by pid) one side has and the other lacks.
    ProcessOnlyIn { side: Side, pid: i32, comm: String },
    /// A field of a process both sides have: nspid, ppid, comm, state,
    /// uid, gid, cgroup, or `ns NAME` (present on one side only).
    Process {
        pid: i32,
        comm: String,
        field: String,
        model: Option<String>,
        kernel: Option<String>,
    },
    /// Pairing model namespace `model` with kernel namespace `kernel`
    /// (found at `context`) clashes with a pair made before.
    Renaming {
        context: String,
        ns_type: NsType,
        model: u32,
        kernel: u32,
        earlier_model: u32,
        earlier_kernel: u32,
    },
    /// A namespace some process of one side refers to and no namespace
    /// of the other side corresponds to.
    NamespaceOnlyIn {
        side: Side,
        ns_type: NsType,
        inode: u32,
    },
    /// A field (type, level, parent, owner, or a detail key) of a pair of
    /// namespaces.
    Namespace {
        ns_type: NsType,
        model_inode: u32,
        kernel_inode: u32,
        field: String,
        model: Option<String>,
        kernel: Option<String>,
    },
    /// A paired mount namespace whose table only one side has.
    MountTableOnlyIn {
        side: Side,
        model_ns: u32,
        kernel_ns: u32,
    },
    /// Line `line` (1-based) of a pair of mount tables: `field` is
    /// mount_id, parent_id, mount_point, fs_type, source, options, or
    /// `line` for a line one side lacks.
    Mount {
        model_ns: u32,
        kernel_ns: u32,
        line: usize,
        mount_point: String,
        field: String,
        model: Option<String>,
        kernel: Option<String>,
    },
}

struct Value<'a>(&'a Option<String>);

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{v:?}"),
            None => f.write_str("absent"),
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::ProcessOnlyIn { side, pid, comm } => {
                write!(f, "process {pid} ({comm}): only in {side}")
            }
            Difference::Process {
                pid,
                comm,
                field,
                model,
                kernel,
            } => write!(
                f,
                "process {pid} ({comm}): {field} model {} kernel {}",
                Value(model),
                Value(kernel)
            ),
            Difference::Renaming {
                context,
                ns_type,
                model,
                kernel,
                earlier_model,
                earlier_kernel,
            } => write!(
                f,
                "{context}: {ns_type}:[model {model} ↔ kernel {kernel}] clashes with \
                 {ns_type}:[model {earlier_model} ↔ kernel {earlier_kernel}] \
                 (the two sides share namespaces differently)"
            ),
            Difference::NamespaceOnlyIn {
                side,
                ns_type,
                inode,
            } => write!(f, "namespace {ns_type}:[{inode}]: only in {side}"),
            Difference::Namespace {
                ns_type,
                model_inode,
                kernel_inode,
                field,
                model,
                kernel,
            } => write!(
                f,
                "namespace {ns_type}:[model {model_inode} ↔ kernel {kernel_inode}]: \
                 {field} model {} kernel {}",
                Value(model),
                Value(kernel)
            ),
            Difference::MountTableOnlyIn {
                side,
                model_ns,
                kernel_ns,
            } => write!(
                f,
                "mount table of mnt:[model {model_ns} ↔ kernel {kernel_ns}]: only in {side}"
            ),
            Difference::Mount {
                model_ns,
                kernel_ns,
                line,
                mount_point,
                field,
                model,
                kernel,
            } => write!(
                f,
                "mount table of mnt:[model {model_ns} ↔ kernel {kernel_ns}]: line {line} \
                 ({mount_point}): {field} model {} kernel {}",
                Value(model),
                Value(kernel)
            ),
        }
    }
}

/// A partial bijection between model names and kernel names.
#[derive(Default)]
struct Renaming {
    m2k: BTreeMap<u32, u32>,
    k2m: BTreeMap<u32, u32>,
}

impl Renaming {
    /// Pairs `m` with `k`, or returns the earlier pair it clashes with.
    fn pair(&mut self, m: u32, k: u32) -> Result<(), (u32, u32)> {
        match (self.m2k.get(&m), self.k2m.get(&k)) {
            (Some(&k2), _) if k2 != k => Err((m, k2)),
            (_, Some(&m2)) if m2 != m => Err((m2, k)),
            (Some(_), _) => Ok(()),
            _ => {
                self.m2k.insert(m, k);
                self.k2m.insert(k, m);
                Ok(())
            }
        }
    }
}

/// The namespace type of a /proc/PID/ns entry name.
fn entry_type(name: &str) -> Option<NsType> {
    NsType::from_proc_name(match name {
        "pid_for_children" => "pid",
        "time_for_children" => "time",
        n => n,
    })
}

/// Every difference between `model` and `kernel`, up to renaming (module
/// doc), in a fixed order: processes by pid, then namespaces by the
/// model's inode number (the kernel's only after them), then mount tables.
pub fn diff(model: &WorldView, kernel: &WorldView) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut ns = Renaming::default();
    diff_processes(model, kernel, &mut ns, &mut out);
    extend_through_parents(model, kernel, &mut ns);
    diff_namespaces(model, kernel, &ns, &mut out);
    diff_mount_tables(model, kernel, &ns, &mut out);
    out
}

fn by_pid(v: &WorldView) -> BTreeMap<i32, &ProcessView> {
    v.processes
        .iter()
        .filter_map(|p| Some((*p.nspid.first()?, p)))
        .collect()
}

fn diff_processes(
    model: &WorldView,
    kernel: &WorldView,
    ns: &mut Renaming,
    out: &mut Vec<Difference>,
) {
    let (m, k) = (by_pid(model), by_pid(kernel));
    let pids: BTreeSet<i32> = m.keys().chain(k.keys()).copied().collect();
    for pid in pids {
        let (mp, kp) = match (m.get(&pid), k.get(&pid)) {
            (Some(mp), Some(kp)) => (*mp, *kp),
            (Some(p), None) | (None, Some(p)) => {
                let side = if m.contains_key(&pid) {
                    Side::Model
                } else {
                    Side::Kernel
                };
                out.push(Difference::ProcessOnlyIn {
                    side,
                    pid,
                    comm: p.comm.clone(),
                });
                continue;
            }
            (None, None) => continue,
        };
        let mut field = |name: &str, a: String, b: String| {
            if a != b {
                out.push(Difference::Process {
                    pid,
                    comm: mp.comm.clone(),
                    field: name.into(),
                    model: Some(a),
                    kernel: Some(b),
                });
            }
        };
        let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(" ");
        field("nspid", join(&mp.nspid), join(&kp.nspid));
        field("ppid", mp.ppid.to_string(), kp.ppid.to_string());
        field("comm", mp.comm.clone(), kp.comm.clone());
        field("state", mp.state.clone(), kp.state.clone());
        field("uid", mp.uid.to_string(), kp.uid.to_string());
        field("gid", mp.gid.to_string(), kp.gid.to_string());
        field("cgroup", mp.cgroup.clone(), kp.cgroup.clone());
        let lookup =
            |p: &ProcessView, name: &str| p.ns.iter().find(|(n, _)| n == name).map(|&(_, i)| i);
        // NS_ENTRIES first, in the kernel's order, then any other name.
        let mut names: Vec<String> = NS_ENTRIES.iter().map(|s| s.to_string()).collect();
        for (n, _) in mp.ns.iter().chain(&kp.ns) {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        for name in names {
            let Some(ty) = entry_type(&name) else {
                continue;
            };
            match (lookup(mp, &name), lookup(kp, &name)) {
                (None, None) => {}
                (Some(a), Some(b)) => {
                    if let Err((em, ek)) = ns.pair(a, b) {
                        out.push(Difference::Renaming {
                            context: format!("process {pid} ({}) ns {name}", mp.comm),
                            ns_type: ty,
                            model: a,
                            kernel: b,
                            earlier_model: em,
                            earlier_kernel: ek,
                        });
                    }
                }
                (a, b) => out.push(Difference::Process {
                    pid,
                    comm: mp.comm.clone(),
                    field: format!("ns {name}"),
                    model: a.map(|i| format!("{ty}:[{i}]")),
                    kernel: b.map(|i| format!("{ty}:[{i}]")),
                }),
            }
        }
    }
}

fn by_inode(v: &WorldView) -> BTreeMap<u32, &NamespaceView> {
    v.namespaces.iter().map(|n| (n.inode, n)).collect()
}

/// Pairs the parents and owners of paired namespaces, until nothing new
/// is paired. A pair that would clash is left out here; comparing the
/// namespaces then reports the parent or owner as different.
fn extend_through_parents(model: &WorldView, kernel: &WorldView, ns: &mut Renaming) {
    let (m, k) = (by_inode(model), by_inode(kernel));
    loop {
        let mut new = Vec::new();
        for (&a, &b) in &ns.m2k {
            let (Some(mn), Some(kn)) = (m.get(&a), k.get(&b)) else {
                continue;
            };
            for (x, y) in [(mn.parent, kn.parent), (mn.owner, kn.owner)] {
                if let (Some(x), Some(y)) = (x, y)
                    && !ns.m2k.contains_key(&x)
                    && !ns.k2m.contains_key(&y)
                {
                    new.push((x, y));
                }
            }
        }
        let mut grew = false;
        for (x, y) in new {
            grew |= ns.pair(x, y).is_ok() && ns.m2k.get(&x) == Some(&y);
        }
        if !grew {
            break;
        }
    }
}

/// The namespaces some process of `v` refers to ([`NOT_OBSERVABLE`]).
fn referenced(v: &WorldView) -> BTreeSet<u32> {
    v.processes
        .iter()
        .flat_map(|p| p.ns.iter().map(|&(_, i)| i))
        .collect()
}

fn diff_namespaces(
    model: &WorldView,
    kernel: &WorldView,
    ns: &Renaming,
    out: &mut Vec<Difference>,
) {
    let (m, k) = (by_inode(model), by_inode(kernel));
    let (m_refs, k_refs) = (referenced(model), referenced(kernel));
    for (&a, mn) in &m {
        let Some(&b) = ns.m2k.get(&a) else {
            if m_refs.contains(&a) {
                out.push(Difference::NamespaceOnlyIn {
                    side: Side::Model,
                    ns_type: mn.ns_type,
                    inode: a,
                });
            }
            continue;
        };
        let Some(kn) = k.get(&b) else {
            // Paired through a parent or owner link, but not described
            // on the kernel side: only a process's namespace must be.
            if m_refs.contains(&a) {
                out.push(Difference::NamespaceOnlyIn {
                    side: Side::Model,
                    ns_type: mn.ns_type,
                    inode: a,
                });
            }
            continue;
        };
        let mut field = |name: &str, x: Option<String>, y: Option<String>| {
            if x != y {
                out.push(Difference::Namespace {
                    ns_type: mn.ns_type,
                    model_inode: a,
                    kernel_inode: b,
                    field: name.into(),
                    model: x,
                    kernel: y,
                });
            }
        };
        field(
            "type",
            Some(mn.ns_type.to_string()),
            Some(kn.ns_type.to_string()),
        );
        field(
            "level",
            Some(mn.level.to_string()),
            Some(kn.level.to_string()),
        );
        for (name, x, y) in [
            ("parent", mn.parent, kn.parent),
            ("owner", mn.owner, kn.owner),
        ] {
            // Equal when the model's maps to the kernel's; else show the
            // two raw numbers.
            if x.map(|x| ns.m2k.get(&x).copied()) != y.map(Some) {
                field(name, x.map(|v| v.to_string()), y.map(|v| v.to_string()));
            }
        }
        let get = |v: &NamespaceView, key: &str| {
            v.details
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let mut keys: Vec<&str> = mn.details.iter().map(|(k, _)| k.as_str()).collect();
        for (key, _) in &kn.details {
            if !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
        for key in keys {
            field(key, get(mn, key), get(kn, key));
        }
    }
    for (&b, kn) in &k {
        let paired = ns.k2m.get(&b).is_some_and(|a| m.contains_key(a));
        if !paired && k_refs.contains(&b) {
            out.push(Difference::NamespaceOnlyIn {
                side: Side::Kernel,
                ns_type: kn.ns_type,
                inode: b,
            });
        }
    }
}

fn diff_mount_tables(
    model: &WorldView,
    kernel: &WorldView,
    ns: &Renaming,
    out: &mut Vec<Difference>,
) {
    let k: BTreeMap<u32, &MountTableView> = kernel.mount_tables.iter().map(|t| (t.ns, t)).collect();
    let mut seen = BTreeSet::new();
    for mt in &model.mount_tables {
        let Some(&b) = ns.m2k.get(&mt.ns) else {
            continue;
        };
        seen.insert(b);
        match k.get(&b) {
            Some(kt) => diff_table(mt, kt, out),
            None => out.push(Difference::MountTableOnlyIn {
                side: Side::Model,
                model_ns: mt.ns,
                kernel_ns: b,
            }),
        }
    }
    for kt in &kernel.mount_tables {
        if let Some(&a) = ns.k2m.get(&kt.ns)
            && !seen.contains(&kt.ns)
        {
            out.push(Difference::MountTableOnlyIn {
                side: Side::Kernel,
                model_ns: a,
                kernel_ns: kt.ns,
            });
        }
    }
}

/// (type, source) of a mount, [`ROOT_FILE_SYSTEM`] for the root's.
fn file_system(t: &MountTableView, m: &MountView) -> (String, String) {
    match t.mounts.first() {
        Some(r) if r.fs_type == m.fs_type && r.source == m.source => {
            (ROOT_FILE_SYSTEM.into(), ROOT_FILE_SYSTEM.into())
        }
        _ => (m.fs_type.clone(), m.source.clone()),
    }
}

fn summary(m: &MountView) -> String {
    format!(
        "{} {} {} {} {}",
        m.mount_id, m.parent_id, m.mount_point, m.fs_type, m.source
    )
}

fn diff_table(mt: &MountTableView, kt: &MountTableView, out: &mut Vec<Difference>) {
    let mut ids = Renaming::default();
    let m_ids: BTreeSet<u32> = mt.mounts.iter().map(|m| m.mount_id).collect();
    let k_ids: BTreeSet<u32> = kt.mounts.iter().map(|m| m.mount_id).collect();
    let n = mt.mounts.len().max(kt.mounts.len());
    let mut push = |line: usize, point: &str, field: &str, x: Option<String>, y: Option<String>| {
        out.push(Difference::Mount {
            model_ns: mt.ns,
            kernel_ns: kt.ns,
            line,
            mount_point: point.into(),
            field: field.into(),
            model: x,
            kernel: y,
        });
    };
    // Pair every id first, so a parent listed after its child maps too.
    let mut clashes = BTreeMap::new();
    for (i, (a, b)) in mt.mounts.iter().zip(&kt.mounts).enumerate() {
        if let Err((em, ek)) = ids.pair(a.mount_id, b.mount_id) {
            clashes.insert(i, (em, ek));
        }
    }
    for i in 0..n {
        let line = i + 1;
        let (a, b) = match (mt.mounts.get(i), kt.mounts.get(i)) {
            (Some(a), Some(b)) => (a, b),
            (a, b) => {
                let point = a.or(b).map_or("", |m| m.mount_point.as_str());
                push(line, point, "line", a.map(summary), b.map(summary));
                continue;
            }
        };
        let point = a.mount_point.as_str();
        if let Some((em, ek)) = clashes.get(&i) {
            push(
                line,
                point,
                "mount_id",
                Some(format!("{} (model {em} ↔ kernel {ek} earlier)", a.mount_id)),
                Some(b.mount_id.to_string()),
            );
        }
        // HIDDEN_PARENT: a parent outside the table only has to be
        // outside on both sides.
        let parent_ok = match (m_ids.contains(&a.parent_id), k_ids.contains(&b.parent_id)) {
            (true, true) => ids.m2k.get(&a.parent_id) == Some(&b.parent_id),
            (false, false) => true,
            _ => false,
        };
        if !parent_ok {
            let show = |id: u32, inside: bool| {
                if inside {
                    id.to_string()
                } else {
                    format!("{id} ({HIDDEN_PARENT})")
                }
            };
            push(
                line,
                point,
                "parent_id",
                Some(show(a.parent_id, m_ids.contains(&a.parent_id))),
                Some(show(b.parent_id, k_ids.contains(&b.parent_id))),
            );
        }
        let (mf, kf) = (file_system(mt, a), file_system(kt, b));
        for (field, x, y) in [
            ("mount_point", &a.mount_point, &b.mount_point),
            ("fs_type", &mf.0, &kf.0),
            ("source", &mf.1, &kf.1),
            ("options", &a.options, &b.options),
        ] {
            if x != y {
                push(line, point, field, Some(x.clone()), Some(y.clone()));
            }
        }
    }
}
