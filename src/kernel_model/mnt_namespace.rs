//! Mount namespaces (mount_namespaces(7)), reduced to this stage: a mount
//! table copied at unshare/clone(CLONE_NEWNS), and which PID namespace the
//! /proc mount belongs to. Mount propagation and the VFS come with the
//! mounts issue.
//!
//! Simplification: instead of a VFS with a proc superblock, a mount
//! namespace records the one fact procfs needs: "proc is mounted at /proc
//! for PID namespace X" (`proc_pid_ns`). A copied namespace keeps the same
//! proc mount, which is why `unshare --pid --fork` without `--mount-proc`
//! still shows the parent namespace's processes (pid_namespaces(7),
//! "/proc and PID namespaces").

use serde::{Deserialize, Serialize};

use super::capability::CAP_SYS_ADMIN;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::ns_common::NsId;
use super::task::TaskId;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mount {
    pub source: String,
    pub target: String,
    pub fstype: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MntNamespace {
    pub mounts: Vec<Mount>,
    /// The PID namespace of the proc filesystem mounted at /proc, if any.
    pub proc_pid_ns: Option<NsId>,
}

impl MntNamespace {
    pub fn init(pid_ns: NsId) -> MntNamespace {
        MntNamespace {
            mounts: vec![
                Mount {
                    source: "/dev/root".into(),
                    target: "/".into(),
                    fstype: "ext4".into(),
                },
                Mount {
                    source: "proc".into(),
                    target: "/proc".into(),
                    fstype: "proc".into(),
                },
            ],
            proc_pid_ns: Some(pid_ns),
        }
    }
}

impl Kernel {
    /// `mount -t proc proc /proc` (what `unshare --mount-proc` does after
    /// its fork): a new proc instance for the caller's active PID namespace
    /// replaces the one at /proc. Needs CAP_SYS_ADMIN in the user namespace
    /// owning the caller's mount namespace and in the one owning its PID
    /// namespace (proc's `fc->user_ns`, mount(2) EPERM).
    pub fn mount_proc(&mut self, caller: TaskId) -> SysResult<()> {
        self.tick();
        let mnt = self.caller(caller)?.nsproxy.as_ref().expect("live").mnt;
        let pid_ns = self.task_active_pid_ns(caller);
        if !self.ns_capable(caller, self.ns_owner(mnt), CAP_SYS_ADMIN)
            || !self.ns_capable(caller, self.ns_owner(pid_ns), CAP_SYS_ADMIN)
        {
            return Err(Errno::EPERM);
        }
        self.get_ns(pid_ns);
        let m = self.mnt_ns_mut(mnt);
        let old = m.proc_pid_ns.replace(pid_ns);
        if !m.mounts.iter().any(|x| x.target == "/proc") {
            m.mounts.push(Mount {
                source: "proc".into(),
                target: "/proc".into(),
                fstype: "proc".into(),
            });
        }
        if let Some(old) = old {
            self.put_ns(old);
        }
        Ok(())
    }
}
