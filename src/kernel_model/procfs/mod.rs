//! procfs (proc(5)) as the model renders it: path resolution for a calling
//! task, and the files students read. What /proc shows depends on the PID
//! namespace of the proc mount in the caller's mount namespace
//! (pid_namespaces(7), "/proc and PID namespaces"): /proc/N is the process
//! with pid N *there*, /proc/self is the caller's pid there (a dangling link,
//! ENOENT, if the caller is not in it), and the pids inside status files are
//! that namespace's. Ids in files are shown from the reader's user
//! namespace, cgroup paths from the reader's cgroup namespace.
//!
//! Simplifications: no VFS yet (see mnt_namespace.rs for the proc mount
//! fact); no DAC or ptrace-access checks on /proc/PID files (the lessons'
//! readers are root); `/proc/sys`, `/proc/thread-self` and per-task files
//! not listed in [`PID_ENTRIES`] are not modelled (ENOENT).

pub mod cgroup;
pub mod id_map;
pub mod ns_link;
pub mod status;
pub mod sysvipc;

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::ns_common::{NsId, NsType};
use super::task::{TASK_COMM_LEN, TaskId, TaskState};
use super::user_namespace::IdMapKind;
use ns_link::NS_ENTRIES;

/// The per-process files the model has, sorted as `ls` prints them.
pub const PID_ENTRIES: [&str; 8] = [
    "cgroup",
    "comm",
    "gid_map",
    "ns",
    "setgroups",
    "status",
    "timens_offsets",
    "uid_map",
];

/// A resolved /proc path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Root,
    SelfLink(i32),
    PidDir(TaskId),
    PidFile(TaskId, &'static str),
    NsDir(TaskId),
    NsLink(TaskId, &'static str),
    SysvipcDir,
    SysvipcMsg,
}

impl Kernel {
    /// The PID namespace of the proc mounted at /proc in the caller's mount
    /// namespace (ENOENT if none).
    fn proc_ns_of(&self, caller: TaskId) -> SysResult<NsId> {
        let mnt = self.task(caller).nsproxy.as_ref().ok_or(Errno::ESRCH)?.mnt;
        self.mnt_ns(mnt).proc_pid_ns.ok_or(Errno::ENOENT)
    }

    fn resolve(&self, caller: TaskId, path: &str, follow_self: bool) -> SysResult<Node> {
        self.caller(caller)?;
        let comps: Vec<&str> = path
            .split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .collect();
        if !path.starts_with('/') || comps.first() != Some(&"proc") {
            return Err(Errno::ENOENT);
        }
        let ns = self.proc_ns_of(caller)?;
        let rest = &comps[1..];
        let Some((&first, rest)) = rest.split_first() else {
            return Ok(Node::Root);
        };
        let task = match first {
            "self" => {
                let nr = self.task_pid_nr_ns(caller, ns);
                if nr == 0 {
                    return Err(Errno::ENOENT); // proc_self_get_link()
                }
                if rest.is_empty() && !follow_self {
                    return Ok(Node::SelfLink(nr));
                }
                caller
            }
            "sysvipc" => {
                return match rest {
                    [] => Ok(Node::SysvipcDir),
                    ["msg"] => Ok(Node::SysvipcMsg),
                    _ => Err(Errno::ENOENT),
                };
            }
            n => {
                // proc_pid_lookup(): a decimal number without sign.
                if !n.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(Errno::ENOENT);
                }
                let nr: i32 = n.parse().map_err(|_| Errno::ENOENT)?;
                self.find_task_by_pid_ns(nr, ns).ok_or(Errno::ENOENT)?
            }
        };
        match rest {
            [] => Ok(Node::PidDir(task)),
            ["ns"] => Ok(Node::NsDir(task)),
            ["ns", name] => NS_ENTRIES
                .iter()
                .find(|e| *e == name)
                .map(|e| Node::NsLink(task, e))
                .ok_or(Errno::ENOENT),
            [name] => PID_ENTRIES
                .iter()
                .find(|e| *e == name && **e != "ns")
                .map(|e| Node::PidFile(task, e))
                .ok_or(Errno::ENOENT),
            [_, ..] => Err(if PID_ENTRIES.contains(&rest[0]) {
                Errno::ENOTDIR
            } else {
                Errno::ENOENT
            }),
        }
    }

    /// The namespace a /proc/PID/ns/NAME link points to (`ns_get_path()`):
    /// ENOENT for a zombie's namespaces other than pid and user (its nsproxy
    /// is gone; checked on 6.18) and for pid_for_children before the first
    /// process of that namespace exists (`pidns_for_children_get()`; checked
    /// on 6.18 after unshare(CLONE_NEWPID)).
    pub(crate) fn ns_of_task(&self, task: TaskId, name: &str) -> SysResult<(NsType, NsId)> {
        let t = self.task(task);
        match name {
            "pid" => return Ok((NsType::Pid, self.task_active_pid_ns(task))),
            "user" => return Ok((NsType::User, t.cred.user_ns)),
            _ => {}
        }
        let np = t.nsproxy.as_ref().ok_or(Errno::ENOENT)?;
        Ok(match name {
            "net" => (NsType::Net, np.net),
            "uts" => (NsType::Uts, np.uts),
            "ipc" => (NsType::Ipc, np.ipc),
            "mnt" => (NsType::Mnt, np.mnt),
            "cgroup" => (NsType::Cgroup, np.cgroup),
            "time" => (NsType::Time, np.time),
            "time_for_children" => (NsType::Time, np.time_for_children),
            "pid_for_children" => {
                if self.pid_ns(np.pid_for_children).child_reaper.is_none() {
                    return Err(Errno::ENOENT);
                }
                (NsType::Pid, np.pid_for_children)
            }
            _ => return Err(Errno::ENOENT),
        })
    }

    pub(crate) fn resolve_ns_link(&self, caller: TaskId, path: &str) -> SysResult<(NsType, NsId)> {
        match self.resolve(caller, path, true)? {
            Node::NsLink(t, name) => self.ns_of_task(t, name),
            _ => Err(Errno::EINVAL),
        }
    }

    /// readlink(2) under /proc: namespace links and /proc/self. EINVAL for
    /// anything that is not a link.
    pub fn readlink(&mut self, caller: TaskId, path: &str) -> SysResult<String> {
        self.tick();
        match self.resolve(caller, path, false)? {
            Node::SelfLink(nr) => Ok(nr.to_string()),
            Node::NsLink(t, name) => {
                let (ty, ns) = self.ns_of_task(t, name)?;
                Ok(ns_link::render_ns_link(ty, ns))
            }
            _ => Err(Errno::EINVAL),
        }
    }

    /// Lists a /proc directory: for /proc the visible pids (ascending) and
    /// "self" (and "sysvipc"); for /proc/PID the modelled entries; for
    /// /proc/PID/ns the kernel's order.
    pub fn read_dir(&mut self, caller: TaskId, path: &str) -> SysResult<Vec<String>> {
        self.tick();
        match self.resolve(caller, path, true)? {
            Node::Root => {
                let ns = self.proc_ns_of(caller)?;
                let mut v: Vec<String> = self
                    .pid_ns(ns)
                    .nrs()
                    .filter(|&(_, p)| self.pid(p).task.is_some())
                    .map(|(nr, _)| nr.to_string())
                    .collect();
                v.push("self".into());
                v.push("sysvipc".into());
                Ok(v)
            }
            Node::PidDir(_) => Ok(PID_ENTRIES.iter().map(|s| s.to_string()).collect()),
            Node::NsDir(_) => Ok(NS_ENTRIES.iter().map(|s| s.to_string()).collect()),
            Node::SysvipcDir => Ok(vec!["msg".into()]),
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// Reads a whole /proc file as the caller would with cat(1).
    pub fn read_file(&mut self, caller: TaskId, path: &str) -> SysResult<String> {
        self.tick();
        let node = self.resolve(caller, path, true)?;
        self.render_node(caller, node)
    }

    /// Rendering without advancing the clock (for snapshots and tests).
    pub fn render_proc_file(&self, caller: TaskId, path: &str) -> SysResult<String> {
        let node = self.resolve(caller, path, true)?;
        self.render_node(caller, node)
    }

    fn render_node(&self, caller: TaskId, node: Node) -> SysResult<String> {
        let reader = &self.task(caller).cred;
        let reader_user = reader.user_ns;
        match node {
            Node::Root | Node::PidDir(_) | Node::NsDir(_) | Node::SysvipcDir => Err(Errno::EISDIR),
            Node::SelfLink(_) => unreachable!("followed"),
            // nsfs files have no read operation.
            Node::NsLink(..) => Err(Errno::EINVAL),
            Node::SysvipcMsg => {
                let ipc = self.task(caller).nsproxy.as_ref().expect("live").ipc;
                Ok(sysvipc::render_sysvipc_msg(
                    self.ipc_ns(ipc),
                    |u| self.from_kuid_munged(reader_user, u),
                    |g| self.from_kgid_munged(reader_user, g),
                ))
            }
            Node::PidFile(t, file) => {
                let task = self.task(t);
                match file {
                    "status" => Ok(self.render_status_of(caller, t)),
                    "comm" => Ok(format!("{}\n", task.comm)),
                    "uid_map" | "gid_map" => {
                        let ns = task.cred.user_ns;
                        let u = self.user_ns(ns);
                        // uid_m_show(): relative to the reader's namespace,
                        // or its parent if the reader is in `ns`.
                        let mut lower_ns = reader_user;
                        if lower_ns == ns
                            && let Some(p) = u.parent
                        {
                            lower_ns = p;
                        }
                        Ok(if file == "uid_map" {
                            id_map::render_id_map(&u.uid_map, |k| self.from_kuid(lower_ns, k))
                        } else {
                            id_map::render_id_map(&u.gid_map, |k| self.from_kgid(lower_ns, k))
                        })
                    }
                    "setgroups" => {
                        let u = self.user_ns(task.cred.user_ns);
                        Ok(if u.setgroups_allowed {
                            "allow\n"
                        } else {
                            "deny\n"
                        }
                        .into())
                    }
                    // A zombie has no nsproxy: the file reads empty
                    // (proc_timens_show_offsets() prints nothing).
                    "timens_offsets" => Ok(task.nsproxy.as_ref().map_or_else(String::new, |np| {
                        super::time_namespace::render_timens_offsets(
                            self.time_ns(np.time_for_children),
                        )
                    })),
                    "cgroup" => {
                        let cg_ns = self.task(caller).nsproxy.as_ref().expect("live").cgroup;
                        let root = &self.cgroup_ns(cg_ns).root;
                        Ok(cgroup::render_cgroup(
                            &super::cgroup_namespace::cgroup_path_from_root(&task.cgroup, root),
                        ))
                    }
                    _ => Err(Errno::ENOENT),
                }
            }
        }
    }

    fn render_status_of(&self, reader: TaskId, t: TaskId) -> String {
        let proc_ns = self.proc_ns_of(reader).expect("resolved");
        let user = self.task(reader).cred.user_ns;
        let task = self.task(t);
        let pid = self.pid(task.pid);
        let from = self.pid_ns(proc_ns).level as usize;
        let nrs_of = |p: Option<super::pid::PidId>| -> Vec<i32> {
            pid.numbers[from..]
                .iter()
                .map(|u| p.map_or(0, |p| self.pid_nr_ns(p, u.ns)))
                .collect()
        };
        let c = &task.cred;
        let state = match task.state {
            TaskState::Zombie => "Z (zombie)",
            TaskState::Stopped => "T (stopped)",
            TaskState::Running if t == reader => "R (running)",
            TaskState::Running => "S (sleeping)",
        };
        status::render_status(&status::StatusInput {
            comm: &task.comm,
            umask: (task.state != TaskState::Zombie).then_some(task.umask),
            state,
            pid: self.task_pid_nr_ns(t, proc_ns),
            ppid: task
                .real_parent
                .map_or(0, |p| self.task_pid_nr_ns(p, proc_ns)),
            uid: [c.uid, c.euid, c.suid, c.fsuid].map(|k| self.from_kuid_munged(user, k)),
            gid: [c.gid, c.egid, c.sgid, c.fsgid].map(|k| self.from_kgid_munged(user, k)),
            groups: c
                .groups
                .iter()
                .map(|&g| self.from_kgid_munged(user, g))
                .collect(),
            nspid: nrs_of(Some(task.pid)),
            nspgid: nrs_of(task.pgrp),
            nssid: nrs_of(task.session),
            shd_pnd: task.shared_pending,
            sig_ign: task.sighand.ignored,
            sig_cgt: task.sighand.caught,
            caps: [
                c.cap_inheritable,
                c.cap_permitted,
                c.cap_effective,
                c.cap_bset,
                c.cap_ambient,
            ]
            .map(|s| s.0),
        })
    }

    /// Writes `buf` to a /proc file in one write(2) at offset 0, as
    /// `echo … > file` does. Writable: uid_map, gid_map, setgroups, comm
    /// (only the caller's own, else EINVAL; cut to 15 bytes). Others:
    /// EACCES (read-only mode), EISDIR for directories.
    pub fn write_file(&mut self, caller: TaskId, path: &str, buf: &[u8]) -> SysResult<usize> {
        self.tick();
        let node = self.resolve(caller, path, true)?;
        match node {
            Node::PidFile(t, "uid_map") => {
                let ns = self.task(t).cred.user_ns;
                self.write_id_map(caller, ns, IdMapKind::Uid, buf)
            }
            Node::PidFile(t, "gid_map") => {
                let ns = self.task(t).cred.user_ns;
                self.write_id_map(caller, ns, IdMapKind::Gid, buf)
            }
            Node::PidFile(t, "setgroups") => {
                let ns = self.task(t).cred.user_ns;
                self.write_setgroups(caller, ns, buf)
            }
            Node::PidFile(t, "timens_offsets") => self.write_timens_offsets(caller, t, buf),
            Node::PidFile(t, "comm") => {
                if t != caller {
                    return Err(Errno::EINVAL);
                }
                let n = buf.len().min(TASK_COMM_LEN - 1);
                // comm_write() keeps a trailing newline (checked on 6.18:
                // Name shows "foo\n" after writing "foo\n").
                let end = buf[..n].iter().position(|&c| c == 0).unwrap_or(n);
                self.task_mut(t).comm = String::from_utf8_lossy(&buf[..end]).into_owned();
                Ok(buf.len())
            }
            Node::Root | Node::PidDir(_) | Node::NsDir(_) | Node::SysvipcDir => Err(Errno::EISDIR),
            _ => Err(Errno::EACCES),
        }
    }
}
