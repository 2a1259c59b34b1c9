//! Cgroup namespaces (cgroup_namespaces(7)): a namespace's root is the
//! cgroup of the process that created it, and /proc/PID/cgroup paths are
//! shown relative to the *reader's* cgroup namespace root, with `..` for
//! cgroups outside it. The cgroup hierarchy itself comes with the cgroups
//! issue; for now a task's cgroup is a path in the unified (v2) hierarchy.

use serde::{Deserialize, Serialize};

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::TaskId;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CgroupNamespace {
    /// The root as an absolute path in the hierarchy.
    pub root: String,
}

/// `cgroup_path_ns()`/`kernfs_path_from_node()`: `path` relative to
/// `root`, both absolute; outside paths climb with `..`
/// (cgroup_namespaces(7): "/../../cgroup" example).
pub fn cgroup_path_from_root(path: &str, root: &str) -> String {
    let comps = |s: &str| {
        s.split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let p = comps(path);
    let r = comps(root);
    let common = p.iter().zip(r.iter()).take_while(|(a, b)| a == b).count();
    let mut out = String::new();
    for _ in common..r.len() {
        out.push_str("/..");
    }
    for c in &p[common..] {
        out.push('/');
        out.push_str(c);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

impl Kernel {
    /// Stand-in for writing a pid to `cgroup.procs` until the cgroups issue
    /// brings the hierarchy: moves `target` to the cgroup at absolute
    /// `path` ("/a/b"). ESRCH for a dead task, EINVAL for a relative path.
    pub fn cgroup_attach(&mut self, target: TaskId, path: &str) -> SysResult<()> {
        self.enter("write", target);
        self.caller(target)?;
        if !path.starts_with('/') || path.split('/').any(|c| c == "." || c == "..") {
            return Err(Errno::EINVAL);
        }
        let mut norm = String::new();
        for c in path.split('/').filter(|c| !c.is_empty()) {
            norm.push('/');
            norm.push_str(c);
        }
        if norm.is_empty() {
            norm.push('/');
        }
        self.task_mut(target).cgroup = norm;
        Ok(())
    }
}
