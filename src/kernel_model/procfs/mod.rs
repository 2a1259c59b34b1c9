//! procfs (proc(5)) as the model renders it. The Kernel serves proc to the
//! VFS through [`ProcFs`], its [`PseudoFs`] implementation: a proc super
//! block's instance is the PID namespace of the task that mounted it, so
//! what a /proc shows depends on the PID namespace of the *mount*, not of
//! the reader (pid_namespaces(7), "/proc and PID namespaces"): /proc/N is
//! the process with pid N there, /proc/self a link to the reader's pid
//! there (a link that fails with ENOENT if the reader is not in it), and
//! the pids inside status files are that namespace's. Ids in files are
//! shown from the reader's user namespace, cgroup paths from the reader's
//! cgroup namespace; /proc/PID/mountinfo and /proc/PID/mounts are rendered
//! by the VFS for the task's mount namespace and root.
//!
//! Simplifications: no DAC or ptrace-access checks beyond the VFS's
//! permission bits on /proc/PID files (the lessons' readers are root);
//! `/proc/sys`, `/proc/thread-self` and per-task files not listed in
//! [`PID_ENTRIES`] are not modelled (ENOENT); /proc/PID/ns/* are magic
//! links whose text is "type:[inode]": following one stops at the link
//! (open(2) then read(2) gives EINVAL as on Linux, but stat(2) shows the
//! link rather than the nsfs inode); namespace files to setns(2) with
//! are opened with [`Kernel::open_ns`]. /proc lists the pids first, then
//! "mounts", "self" and "sysvipc" (Linux lists its fixed entries first;
//! `ls` sorts either way).
pub mod cgroup;
pub mod cmdline;
pub mod fd;
pub mod id_map;
pub mod kstat;
pub mod ns_link;
pub mod stat;
pub mod status;
pub mod sysvipc;

use super::capability::CAP_SYS_ADMIN;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::ns_common::{NsId, NsType};
use super::task::{TASK_COMM_LEN, TaskId, TaskState};
use super::user_namespace::IdMapKind;
use super::vfs::{PseudoContent, PseudoFs, PseudoKind, PseudoNode};
use ns_link::NS_ENTRIES;

/// The per-process files the model has, sorted as `ls` prints them.
pub const PID_ENTRIES: [&str; 14] = [
    "cgroup",
    "cmdline",
    "comm",
    "exe",
    "fd",
    "gid_map",
    "mountinfo",
    "mounts",
    "ns",
    "setgroups",
    "stat",
    "status",
    "timens_offsets",
    "uid_map",
];

/// The fixed entries of the /proc root the model has, listed after the pids.
pub const ROOT_ENTRIES: [&str; 6] = ["mounts", "self", "stat", "sys", "sysvipc", "uptime"];

/// A resolved path inside a proc instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    Root,
    /// /proc/self: the reader's pid in the instance (0: not in it).
    SelfLink(i32),
    /// /proc/mounts → self/mounts.
    MountsLink,
    PidDir(TaskId),
    PidFile(TaskId, &'static str),
    NsDir(TaskId),
    NsLink(TaskId, &'static str),
    SysvipcDir,
    SysvipcMsg,
    /// /proc/PID/fd and its links /proc/PID/fd/N.
    FdDir(TaskId),
    FdLink(TaskId, i32),
    /// /proc/stat and /proc/uptime.
    KernelStat,
    Uptime,
    /// /proc/sys and /proc/sys/kernel: only what lessons read so far.
    SysDir,
    SysKernelDir,
    /// /proc/sys/kernel/{hostname,domainname}: the UTS namespace's names
    /// (proc_do_uts_string()), mode 0644.
    SysUts(&'static str),
}

/// The Kernel as the provider of proc (and of an empty sysfs) for one
/// reader: the VFS calls it for lookups, listings and reads.
pub(crate) struct ProcFs<'a> {
    pub k: &'a Kernel,
    pub reader: TaskId,
}

/// Inode numbers of proc's own entries (fixed) and of per-task entries
/// (from the task's handle, so a reused pid gets new inodes and stale
/// dentries are dropped, as `pid_revalidate()` does).
fn node_ino(node: &Node) -> u64 {
    let task_ino = |t: TaskId, slot: u64| {
        0x1_0000 + (((t.generation as u64) << 32) | ((t.index as u64) << 6) | slot)
    };
    let slot_of = |name: &str, base: u64| {
        base + PID_ENTRIES
            .iter()
            .chain(NS_ENTRIES.iter())
            .position(|e| *e == name)
            .unwrap_or(0) as u64
    };
    match node {
        Node::Root => 1,
        Node::MountsLink => 2,
        Node::SelfLink(_) => 3,
        Node::SysvipcDir => 4,
        Node::SysvipcMsg => 5,
        Node::PidDir(t) => task_ino(*t, 0),
        Node::PidFile(t, n) => task_ino(*t, slot_of(n, 1)),
        Node::NsDir(t) => task_ino(*t, 40),
        Node::NsLink(t, n) => task_ino(*t, slot_of(n, 20)),
        Node::FdDir(t) => task_ino(*t, 41),
        // fds < NR_OPEN (1024) fit in 10 bits, above every task inode.
        Node::FdLink(t, fd) => {
            (1 << 62) | (u64::from(t.generation) << 42) | (u64::from(t.index) << 10) | *fd as u64
        }
        Node::KernelStat => 6,
        Node::Uptime => 7,
        Node::SysDir => 8,
        Node::SysKernelDir => 9,
        Node::SysUts("hostname") => 10,
        Node::SysUts(_) => 11,
    }
}

impl ProcFs<'_> {
    fn node_meta(&self, name: &str, node: &Node) -> PseudoNode {
        use super::vfs::{S_IFDIR, S_IFLNK, S_IFREG};
        let owner = |t: &TaskId| {
            let c = &self.k.task(*t).cred;
            (c.euid, c.egid)
        };
        let (mode, (uid, gid)) = match node {
            Node::Root | Node::SysvipcDir | Node::SysDir | Node::SysKernelDir => {
                (S_IFDIR | 0o555, (0, 0))
            }
            Node::SysUts(_) => (S_IFREG | 0o644, (0, 0)),
            Node::SelfLink(_) | Node::MountsLink => (S_IFLNK | 0o777, (0, 0)),
            Node::SysvipcMsg | Node::KernelStat | Node::Uptime => (S_IFREG | 0o444, (0, 0)),
            // proc_fd_link modes: r-x for reading, -wx for writing.
            Node::FdDir(t) => (S_IFDIR | 0o500, owner(t)),
            Node::FdLink(t, fd) => (S_IFLNK | self.k.fd_link_mode(*t, *fd), owner(t)),
            Node::PidDir(t) => (S_IFDIR | 0o555, owner(t)),
            Node::NsDir(t) => (S_IFDIR | 0o511, owner(t)),
            Node::NsLink(t, _) => (S_IFLNK | 0o777, owner(t)),
            Node::PidFile(t, "exe") => (S_IFLNK | 0o777, owner(t)),
            Node::PidFile(t, f) => {
                let m = match *f {
                    "comm" | "uid_map" | "gid_map" | "setgroups" | "timens_offsets" => 0o644,
                    _ => 0o444,
                };
                (S_IFREG | m, owner(t))
            }
        };
        PseudoNode {
            name: name.to_owned(),
            mode,
            uid,
            gid,
            ino: node_ino(node),
        }
    }
}

impl PseudoFs for ProcFs<'_> {
    /// proc: the mounter's active PID namespace, which needs CAP_SYS_ADMIN
    /// over its owner (`proc_fill_super` → `fc->user_ns`, mount(2) EPERM);
    /// sysfs: the mounter's network namespace.
    fn instance(&self, kind: PseudoKind) -> SysResult<u64> {
        let k = self.k;
        match kind {
            PseudoKind::Proc => {
                let pid_ns = k.task_active_pid_ns(self.reader);
                if !k.ns_capable(self.reader, k.ns_owner(pid_ns), CAP_SYS_ADMIN) {
                    return Err(Errno::EPERM);
                }
                Ok(pid_ns.0 as u64)
            }
            PseudoKind::Sysfs => {
                let np = k.task(self.reader).nsproxy.as_ref().ok_or(Errno::ESRCH)?;
                Ok(np.net.0 as u64)
            }
        }
    }

    fn lookup(&self, kind: PseudoKind, instance: u64, dir: &str, name: &str) -> Option<PseudoNode> {
        if kind != PseudoKind::Proc {
            return None;
        }
        let path = join(dir, name);
        let node = self
            .k
            .proc_resolve(self.reader, NsId(instance as u32), &path, false)
            .ok()?;
        Some(self.node_meta(name, &node))
    }

    fn readdir(&self, kind: PseudoKind, instance: u64, dir: &str) -> Vec<PseudoNode> {
        if kind != PseudoKind::Proc {
            return Vec::new();
        }
        let ns = NsId(instance as u32);
        let k = self.k;
        let Ok(node) = k.proc_resolve(self.reader, ns, dir, true) else {
            return Vec::new();
        };
        let names: Vec<String> = match node {
            Node::Root => {
                let mut v: Vec<String> = k
                    .pid_ns(ns)
                    .nrs()
                    .filter(|&(_, p)| k.pid(p).task.is_some())
                    .map(|(nr, _)| nr.to_string())
                    .collect();
                v.extend(ROOT_ENTRIES.map(String::from));
                v
            }
            Node::FdDir(t) => k
                .task(t)
                .files
                .fds()
                .map(|(fd, _)| fd.to_string())
                .collect(),
            Node::PidDir(_) => PID_ENTRIES.iter().map(|s| s.to_string()).collect(),
            Node::NsDir(_) => NS_ENTRIES.iter().map(|s| s.to_string()).collect(),
            Node::SysvipcDir => vec!["msg".into()],
            Node::SysDir => vec!["kernel".into()],
            Node::SysKernelDir => vec!["domainname".into(), "hostname".into()],
            _ => Vec::new(),
        };
        names
            .into_iter()
            .filter_map(|n| self.lookup(kind, instance, dir, &n))
            .collect()
    }

    fn read(&self, kind: PseudoKind, instance: u64, path: &str) -> SysResult<PseudoContent> {
        if kind != PseudoKind::Proc {
            return Err(Errno::ENOENT);
        }
        let ns = NsId(instance as u32);
        let node = self.k.proc_resolve(self.reader, ns, path, true)?;
        if let Node::PidFile(t, f @ ("mountinfo" | "mounts")) = node {
            // mounts_open_common(): EINVAL once the task has no nsproxy.
            let task = self.k.task(t);
            let (Some(np), Some(fs)) = (task.nsproxy.as_ref(), task.fs.as_ref()) else {
                return Err(Errno::EINVAL);
            };
            let (ns, root) = (np.mnt, fs.root);
            return Ok(if f == "mountinfo" {
                PseudoContent::Mountinfo { ns, root }
            } else {
                PseudoContent::Mounts { ns, root }
            });
        }
        self.k
            .render_node(self.reader, ns, node)
            .map(|s| PseudoContent::Bytes(s.into_bytes()))
    }

    fn readlink(&self, kind: PseudoKind, instance: u64, path: &str) -> SysResult<String> {
        if kind != PseudoKind::Proc {
            return Err(Errno::EINVAL);
        }
        let ns = NsId(instance as u32);
        match self.k.proc_resolve(self.reader, ns, path, false)? {
            // proc_self_get_link(): ENOENT outside the instance.
            Node::SelfLink(0) => Err(Errno::ENOENT),
            Node::SelfLink(nr) => Ok(nr.to_string()),
            Node::MountsLink => Ok("self/mounts".into()),
            Node::FdLink(t, fd) => self.k.fd_link_text(t, fd),
            // proc_exe_link(): ENOENT once the task has no mm (a zombie).
            Node::PidFile(t, "exe") => {
                let task = self.k.task(t);
                if task.state == TaskState::Zombie {
                    return Err(Errno::ENOENT);
                }
                Ok(task.exe.clone())
            }
            Node::NsLink(t, name) => {
                let (ty, ns) = self.k.ns_of_task(t, name)?;
                Ok(ns_link::render_ns_link(ty, ns))
            }
            _ => Err(Errno::EINVAL),
        }
    }

    fn is_magic_link(&self, kind: PseudoKind, instance: u64, path: &str) -> bool {
        kind == PseudoKind::Proc
            && matches!(
                self.k
                    .proc_resolve(self.reader, NsId(instance as u32), path, false),
                Ok(Node::NsLink(..))
            )
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

impl Kernel {
    /// Resolves `path` ("/", "/1/status"…) inside the proc instance of PID
    /// namespace `ns`, for `reader`. `follow_self`: "self" as the first
    /// component stands for the reader's directory.
    pub(crate) fn proc_resolve(
        &self,
        reader: TaskId,
        ns: NsId,
        path: &str,
        follow_self: bool,
    ) -> SysResult<Node> {
        if !self.namespaces.contains_key(&ns) {
            return Err(Errno::ENOENT);
        }
        let comps: Vec<&str> = path
            .split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .collect();
        let Some((&first, rest)) = comps.split_first() else {
            return Ok(Node::Root);
        };
        let task = match first {
            "self" => {
                let nr = self.task_pid_nr_ns(reader, ns);
                if rest.is_empty() && !follow_self {
                    return Ok(Node::SelfLink(nr));
                }
                if nr == 0 {
                    return Err(Errno::ENOENT); // proc_self_get_link()
                }
                reader
            }
            "mounts" => {
                return if rest.is_empty() && !follow_self {
                    Ok(Node::MountsLink)
                } else {
                    self.proc_resolve(
                        reader,
                        ns,
                        &format!("/self/mounts/{}", rest.join("/")),
                        true,
                    )
                };
            }
            "stat" if rest.is_empty() => return Ok(Node::KernelStat),
            "uptime" if rest.is_empty() => return Ok(Node::Uptime),
            "stat" | "uptime" => return Err(Errno::ENOTDIR),
            "sys" => {
                return match rest {
                    [] => Ok(Node::SysDir),
                    ["kernel"] => Ok(Node::SysKernelDir),
                    ["kernel", "hostname"] => Ok(Node::SysUts("hostname")),
                    ["kernel", "domainname"] => Ok(Node::SysUts("domainname")),
                    ["kernel", "hostname" | "domainname", ..] => Err(Errno::ENOTDIR),
                    _ => Err(Errno::ENOENT),
                };
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
            ["fd"] => Ok(Node::FdDir(task)),
            ["fd", n] => {
                // proc_lookupfd(): a decimal fd that is open.
                let fd = n
                    .parse::<i32>()
                    .ok()
                    .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or(Errno::ENOENT)?;
                self.task(task).files.get(fd).ok_or(Errno::ENOENT)?;
                Ok(Node::FdLink(task, fd))
            }
            ["ns", name] => NS_ENTRIES
                .iter()
                .find(|e| *e == name)
                .map(|e| Node::NsLink(task, e))
                .ok_or(Errno::ENOENT),
            [name] => PID_ENTRIES
                .iter()
                .find(|e| *e == name && **e != "ns" && **e != "fd")
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

    pub(crate) fn render_node(
        &self,
        caller: TaskId,
        proc_ns: NsId,
        node: Node,
    ) -> SysResult<String> {
        let reader = &self.task(caller).cred;
        let reader_user = reader.user_ns;
        match node {
            Node::Root
            | Node::PidDir(_)
            | Node::NsDir(_)
            | Node::SysvipcDir
            | Node::FdDir(_)
            | Node::SysDir
            | Node::SysKernelDir => Err(Errno::EISDIR),
            Node::SysUts(name) => {
                let np = self.task(caller).nsproxy.as_ref().ok_or(Errno::ESRCH)?;
                let u = self.uts_ns(np.uts);
                let v = if name == "hostname" {
                    &u.nodename
                } else {
                    &u.domainname
                };
                Ok(format!("{}\n", String::from_utf8_lossy(v)))
            }
            Node::SelfLink(_) | Node::MountsLink | Node::FdLink(..) => Err(Errno::EINVAL),
            Node::KernelStat => Ok(self.render_kernel_stat(caller)),
            Node::Uptime => Ok(self.render_uptime(caller)),
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
                    "status" => Ok(self.render_status_of(caller, proc_ns, t)),
                    "stat" => Ok(self.render_stat_of(caller, proc_ns, t)),
                    "cmdline" => Ok(cmdline::render_cmdline(task)),
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

    fn render_status_of(&self, reader: TaskId, proc_ns: NsId, t: TaskId) -> String {
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
        let state = self.task_state_name(reader, t);
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

    /// write(2) on an open /proc file (reached through the VFS, see
    /// [`Kernel::write`]): uid_map, gid_map, setgroups, timens_offsets,
    /// comm (only the caller's own, else EINVAL; cut to 15 bytes). Other
    /// proc files have no write operation: EINVAL (`vfs_write()` without
    /// FMODE_CAN_WRITE; checked on 6.18 with /proc/self/status).
    pub(crate) fn write_proc_node(
        &mut self,
        caller: TaskId,
        node: Node,
        buf: &[u8],
    ) -> SysResult<usize> {
        match node {
            // proc_do_uts_string(): the whole write replaces the name, one
            // trailing newline dropped; permission as sethostname(2).
            Node::SysUts(name) => {
                let text = buf.strip_suffix(b"\n").unwrap_or(buf);
                if name == "hostname" {
                    self.sethostname(caller, text)?;
                } else {
                    self.setdomainname(caller, text)?;
                }
                Ok(buf.len())
            }
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
            Node::Root
            | Node::PidDir(_)
            | Node::NsDir(_)
            | Node::SysvipcDir
            | Node::FdDir(_)
            | Node::SysDir
            | Node::SysKernelDir => Err(Errno::EISDIR),
            _ => Err(Errno::EINVAL),
        }
    }
}
