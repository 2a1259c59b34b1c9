//! The `Kernel`: all model state, the namespace registry with the kernel's
//! reference counting (a namespace lives while a task, a child namespace, a
//! proc mount or an open /proc/PID/ns file refers to it, and its inode
//! number is then reused), the initial world, and the virtual clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cgroup_namespace::CgroupNamespace;
use super::cred::Cred;
use super::errno::{Errno, SysResult};
use super::ipc_namespace::IpcNamespace;
use super::mnt_namespace::MntNamespace;
use super::net_namespace::NetNamespace;
use super::ns_common::{InumAllocator, NsId, NsType};
use super::nsproxy::Nsproxy;
use super::pid::{Pid, PidId};
use super::pid_namespace::PidNamespace;
use super::signal::SigHand;
use super::slab::Slab;
use super::task::{Task, TaskId, TaskState};
use super::time_namespace::TimeNamespace;
use super::user_namespace::{UidGidMap, UserNamespace};
use super::uts_namespace::UtsNamespace;
use super::vfs::{
    FilesStruct, FsKind, PseudoContent, PseudoFs, PseudoKind, PseudoNode, Timespec, Vfs,
    default_root_image, sandbox_root_image,
};

/// What the initial world looks like. Everything is fixed so that a model
/// run and a native run (which sets the same hostname) start alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// /proc/sys/kernel/pid_max: 32768 on this 2-CPU machine (the kernel
    /// default is max(32768, 1024 × possible CPUs)). Inherited by child PID
    /// namespaces (per-namespace since Linux 6.14).
    pub pid_max: i32,
    pub hostname: String,
    /// The kernel's default NIS domain name is "(none)".
    pub domainname: String,
    /// The comm of PID 1.
    pub init_comm: String,
    /// Boot into the native sandbox's world (overlay root, tmpfs on /tmp,
    /// /root and /dev, read-only /proc/sys and /sys), as lessons do; false
    /// gives the plain world of this machine's own root (ext4 on
    /// /dev/vda, proc, sysfs, devpts), where some program tests were
    /// recorded.
    #[serde(default)]
    pub sandbox_world: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            pid_max: 32768,
            hostname: "ctlab".into(),
            domainname: "(none)".into(),
            init_comm: "init".into(),
            // Not yet the default: with it, the player's navigation tests
            // in headless Chromium time out (cause not found yet); lessons
            // and `ctlab verify` run in the plain world until then, and
            // verify reports the mount-table differences as a named skip.
            sandbox_world: false,
        }
    }
}

/// A namespace of any type.
#[derive(Clone, Debug)]
pub enum NsKind {
    User(UserNamespace),
    Pid(PidNamespace),
    Uts(UtsNamespace),
    Ipc(IpcNamespace),
    Net(NetNamespace),
    Mnt(MntNamespace),
    Cgroup(CgroupNamespace),
    Time(TimeNamespace),
}

impl NsKind {
    pub fn ns_type(&self) -> NsType {
        match self {
            NsKind::User(_) => NsType::User,
            NsKind::Pid(_) => NsType::Pid,
            NsKind::Uts(_) => NsType::Uts,
            NsKind::Ipc(_) => NsType::Ipc,
            NsKind::Net(_) => NsType::Net,
            NsKind::Mnt(_) => NsType::Mnt,
            NsKind::Cgroup(_) => NsType::Cgroup,
            NsKind::Time(_) => NsType::Time,
        }
    }
}

/// `struct ns_common` plus the namespace itself.
#[derive(Clone, Debug)]
pub struct Namespace {
    pub inum: NsId,
    pub(crate) refs: u32,
    /// The owning user namespace (`ns->user_ns`); `None` for user
    /// namespaces, whose "owner" is their parent.
    pub owner: Option<NsId>,
    pub kind: NsKind,
}

/// The modelled kernel. Every syscall takes the calling task first.
#[derive(Clone, Debug)]
pub struct Kernel {
    pub(crate) config: Config,
    pub(crate) tasks: Slab<Task>,
    pub(crate) pids: Slab<Pid>,
    pub(crate) namespaces: BTreeMap<NsId, Namespace>,
    pub(crate) inums: InumAllocator,
    /// Virtual CLOCK_BOOTTIME in nanoseconds; advanced only by the model.
    pub(crate) clock_ns: u64,
    /// Recorded system calls, when tracing ([`Kernel::set_tracing`]).
    pub(crate) trace: Option<Vec<SyscallRecord>>,
    /// System calls left before the terminal's Ctrl-C ([`Kernel::set_budget`]).
    pub(crate) budget: Option<u64>,
    /// The budget ran out and the foreground job got SIGINT.
    pub(crate) interrupted: bool,
    pub(crate) init_task: TaskId,
    /// Source of `Task::sibling_seq`.
    pub(crate) next_sibling_seq: u64,
    /// References held by open /proc/PID/ns files ([`super::NsFd`]), so the
    /// invariant checker can account for every reference.
    pub(crate) open_ns_files: BTreeMap<NsId, u32>,
    /// The VFS: inodes, mounts and the mount tree of every mount namespace
    /// (each task's root/cwd and fd table live in its [`Task`]).
    pub(crate) vfs: Vfs,
    /// References the live proc super blocks hold on their PID namespaces
    /// (`proc_fs_info->pid_ns`), kept equal to the VFS's live proc super
    /// blocks by [`Kernel::sync_proc_refs`].
    pub(crate) proc_sb_refs: BTreeMap<NsId, u32>,
    /// Allocated pseudo-terminals ([`super::tty`]).
    pub(crate) ttys: BTreeMap<super::tty::TtyId, super::tty::Tty>,
    /// Forks since boot (`total_forks`, /proc/stat "processes"); init
    /// counts as the first.
    pub(crate) total_forks: u64,
}

/// One recorded system call: the task that made it (its PID as the
/// initial PID namespace sees it, and its comm at the time) and the call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyscallRecord {
    pub pid: i32,
    pub comm: String,
    pub name: &'static str,
}

/// System calls a job may make after an ignored Ctrl-C before SIGKILL.
const BUDGET_REFILL: u64 = 2_000;

/// How far the virtual clock moves per syscall (1 µs). Nothing but the model
/// moves it, so two runs of the same syscalls see the same times.
pub const SYSCALL_TICK_NS: u64 = 1_000;

/// The virtual clock starts as if the machine had booted an hour ago, so
/// that e.g. a negative CLOCK_MONOTONIC offset of a time namespace behaves
/// as on a machine that has been up a while.
pub const BOOT_UPTIME_NS: u64 = 3_600 * 1_000_000_000;

/// The wall-clock time the virtual clock starts at (2026-01-01T00:00:00Z),
/// minus [`BOOT_UPTIME_NS`]: wall time is `BOOT_EPOCH_SECS + clock`. Used
/// where the kernel prints real time (e.g. msg_ctime).
pub const BOOT_EPOCH_SECS: u64 = 1_767_225_600;

macro_rules! ns_accessors {
    ($get:ident, $get_mut:ident, $variant:ident, $ty:ty) => {
        #[allow(dead_code)]
        pub(crate) fn $get(&self, id: NsId) -> &$ty {
            match &self.namespaces.get(&id).expect("live namespace").kind {
                NsKind::$variant(n) => n,
                k => panic!(
                    "namespace {} is {:?}, not {}",
                    id,
                    k.ns_type(),
                    stringify!($variant)
                ),
            }
        }
        #[allow(dead_code)]
        pub(crate) fn $get_mut(&mut self, id: NsId) -> &mut $ty {
            match &mut self.namespaces.get_mut(&id).expect("live namespace").kind {
                NsKind::$variant(n) => n,
                _ => panic!("namespace {} is not {}", id, stringify!($variant)),
            }
        }
    };
}

impl Default for Kernel {
    fn default() -> Self {
        Kernel::new()
    }
}

impl Kernel {
    /// The initial world with the default [`Config`].
    pub fn new() -> Kernel {
        Kernel::with_config(Config::default())
    }

    /// The initial world: one task, PID 1, in the eight initial namespaces
    /// (with the kernel's fixed inode numbers), root with every capability,
    /// in cgroup "/", with /proc mounted for the initial PID namespace.
    pub fn with_config(config: Config) -> Kernel {
        let mut k = Kernel {
            config: config.clone(),
            tasks: Slab::default(),
            pids: Slab::default(),
            namespaces: BTreeMap::new(),
            inums: InumAllocator::default(),
            clock_ns: BOOT_UPTIME_NS,
            trace: None,
            budget: None,
            interrupted: false,
            init_task: TaskId {
                index: 0,
                generation: 0,
            },
            next_sibling_seq: 1,
            open_ns_files: BTreeMap::new(),
            vfs: Vfs::new(1, 1),
            proc_sb_refs: BTreeMap::new(),
            ttys: BTreeMap::new(),
            total_forks: 1,
        };
        let user = NsType::User.init_inum();
        let static_ns = |k: &mut Kernel, t: NsType, owner: Option<NsId>, kind: NsKind| {
            // Static namespaces start with one reference that is never put,
            // and hold one on their owner like every namespace.
            k.namespaces.insert(
                t.init_inum(),
                Namespace {
                    inum: t.init_inum(),
                    refs: 1,
                    owner,
                    kind,
                },
            );
            if let Some(o) = owner {
                k.get_ns(o);
            }
        };
        static_ns(
            &mut k,
            NsType::User,
            None,
            NsKind::User(UserNamespace {
                parent: None,
                level: 0,
                owner: 0,
                group: 0,
                uid_map: UidGidMap::identity(),
                gid_map: UidGidMap::identity(),
                setgroups_allowed: true,
                parent_could_setfcap: true,
            }),
        );
        let pid = NsType::Pid.init_inum();
        static_ns(
            &mut k,
            NsType::Pid,
            Some(user),
            NsKind::Pid(PidNamespace::new(None, 0, config.pid_max)),
        );
        static_ns(
            &mut k,
            NsType::Uts,
            Some(user),
            NsKind::Uts(UtsNamespace::new(
                config.hostname.as_bytes(),
                config.domainname.as_bytes(),
            )),
        );
        static_ns(
            &mut k,
            NsType::Ipc,
            Some(user),
            NsKind::Ipc(IpcNamespace::default()),
        );
        static_ns(
            &mut k,
            NsType::Net,
            Some(user),
            NsKind::Net(NetNamespace::init()),
        );
        static_ns(
            &mut k,
            NsType::Mnt,
            Some(user),
            NsKind::Mnt(MntNamespace::default()),
        );
        static_ns(
            &mut k,
            NsType::Cgroup,
            Some(user),
            NsKind::Cgroup(CgroupNamespace { root: "/".into() }),
        );
        static_ns(
            &mut k,
            NsType::Time,
            Some(user),
            // `init_time_ns` is declared with `.frozen_offsets = true`
            // (kernel/time/namespace.c): its offsets are zero for good.
            NsKind::Time(TimeNamespace {
                frozen: true,
                ..TimeNamespace::default()
            }),
        );
        // References the initial task's nsproxy and cred and the proc mount
        // hold on the static namespaces.
        for t in NsType::ALL {
            k.get_ns(t.init_inum());
        }
        k.get_ns(NsType::Time.init_inum()); // time_for_children
        // The root image, with proc (for the initial PID namespace) on
        // /proc and sysfs on /sys; the proc super block's reference on the
        // PID namespace is taken by sync_proc_refs().
        let mut image = if config.sandbox_world {
            sandbox_root_image()
        } else {
            default_root_image()
        };
        image.hostname = config.hostname.clone();
        let boot = BootPseudo {
            pid_ns: pid,
            net_ns: NsType::Net.init_inum(),
        };
        let (vfs, init_fs) =
            Vfs::boot(&image, NsType::Mnt.init_inum(), k.vfs_now(), &boot).expect("boot VFS");
        k.vfs = vfs;
        k.sync_proc_refs();
        let nsproxy = Nsproxy::init();
        let pid_id = k.alloc_pid(pid).expect("PID 1");
        let task = Task {
            comm: config.init_comm.clone(),
            state: TaskState::Running,
            pid: pid_id,
            // The sandbox's PID 1 is forked into a new PID namespace by a
            // process outside it, so its process group and session are
            // the outside process's: they have no number inside, and
            // getpgid(1)/getsid(1), /proc/1/stat and ps show 0, with no
            // `s` in ps's STAT (task_pgrp_nr_ns() is 0 for a pid not
            // seen from the namespace, kernel/pid.c). The model has no
            // outside, so it has no group or session at all.
            pgrp: None,
            session: None,
            real_parent: None,
            children: Default::default(),
            zombie_children: Default::default(),
            sibling_seq: 0,
            exit_status: 0,
            cred: Cred::init(user),
            nsproxy: Some(nsproxy),
            sighand: SigHand::default(),
            shared_pending: 0,
            umask: 0o022,
            cgroup: "/".into(),
            start_time_ns: 0,
            fs: Some(init_fs),
            files: FilesStruct::new(),
            // The native sandbox's PID 1 shows its command line as `init`
            // (what `ps -ef` prints for it), so the model's does too.
            argv: vec![config.init_comm.clone()],
            exe: format!("/usr/sbin/{}", config.init_comm),
            tty: None,
            did_exec: true,
        };
        let (index, generation) = k.tasks.insert(task);
        let id = TaskId { index, generation };
        k.init_task = id;
        k.pid_ns_mut(pid).child_reaper = Some(id);
        k.attach_pid(pid_id, id);
        if image.mount_proc_sys && image.sandbox_world {
            k.mount_late_world().expect("boot mounts");
        }
        k
    }

    /// PID 1 of the initial PID namespace.
    pub fn init_task(&self) -> TaskId {
        self.init_task
    }

    /// The VFS (read-only: mount trees, inodes, for views and tests).
    pub fn vfs(&self) -> &Vfs {
        &self.vfs
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The virtual CLOCK_BOOTTIME, in nanoseconds.
    pub fn clock_ns(&self) -> u64 {
        self.clock_ns
    }

    pub(crate) fn tick(&mut self) {
        self.clock_ns += SYSCALL_TICK_NS;
    }

    /// Every system call starts here: the clock ticks and, when tracing,
    /// the call is recorded (strace(1)'s view: who called what).
    pub(crate) fn enter(&mut self, name: &'static str, caller: TaskId) {
        self.tick();
        self.spend(caller, 1);
        if self.trace.is_none() {
            return;
        }
        let Some(t) = self.get_task(caller) else {
            return;
        };
        let comm = t.comm.clone();
        let root = self.task_active_pid_ns(self.init_task());
        let pid = self.task_pid_nr_ns(caller, root);
        if let Some(trace) = self.trace.as_mut() {
            trace.push(SyscallRecord { pid, comm, name });
        }
    }

    /// A program that never ends (`cat /dev/zero`) would hang the model,
    /// which runs each command to its end: the userland gives each command
    /// line a budget of system calls, and when it runs out the model does
    /// what the student would do — Ctrl-C: SIGINT to the foreground process
    /// group of the caller's terminal (n_tty's ISIG handling).
    pub fn set_budget(&mut self, calls: Option<u64>) {
        self.budget = calls;
        self.interrupted = false;
    }

    /// Whether the budget ran out since [`Kernel::set_budget`].
    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    /// Takes `cost` from the budget (a call costs 1, copying a page 1).
    pub(crate) fn spend(&mut self, caller: TaskId, cost: u64) {
        let Some(left) = self.budget.as_mut() else {
            return;
        };
        if *left >= cost {
            *left -= cost;
            return;
        }
        // The caller is the one at work. If it is in its terminal's
        // foreground group, that group gets Ctrl-C (SIGINT); a job that
        // ignores it, or a background job, or one without a terminal,
        // gets SIGKILL — the student's `kill -9` from another terminal.
        let tty = self.get_task(caller).and_then(|t| t.tty);
        let fg = tty.and_then(|id| self.ttys.get(&id)).and_then(|t| t.pgrp);
        let caller_pgrp = self.get_task(caller).and_then(|t| t.pgrp);
        let first = !self.interrupted;
        self.budget = Some(BUDGET_REFILL);
        self.interrupted = true;
        match fg {
            Some(pgrp) if first && caller_pgrp == Some(pgrp) => {
                let members: Vec<TaskId> = self
                    .tasks
                    .iter()
                    .filter(|(_, _, t)| t.pgrp == Some(pgrp) && t.state != TaskState::Zombie)
                    .map(|(index, generation, _)| TaskId { index, generation })
                    .collect();
                for t in members {
                    self.deliver(t, 2);
                }
            }
            _ => {
                if self
                    .get_task(caller)
                    .is_some_and(|t| t.state != TaskState::Zombie)
                {
                    self.deliver(caller, 9);
                }
            }
        }
    }

    /// Starts (or stops) recording system calls, so that a program's run
    /// can be shown as the calls it made (the UI's "what did it do").
    pub fn set_tracing(&mut self, on: bool) {
        self.trace = on.then(Vec::new);
    }

    /// The calls recorded since the last take (empty when not tracing).
    pub fn take_trace(&mut self) -> Vec<SyscallRecord> {
        self.trace.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Lets `ns` of virtual time pass with nothing running: what the
    /// userland calls while every task sleeps (a foreground `sleep`).
    pub fn advance_clock(&mut self, ns: u64) {
        self.clock_ns = self.clock_ns.saturating_add(ns);
    }

    // ---- tasks ----------------------------------------------------------

    pub(crate) fn task(&self, id: TaskId) -> &Task {
        self.tasks.get(id.index, id.generation).expect("live task")
    }

    pub(crate) fn task_mut(&mut self, id: TaskId) -> &mut Task {
        self.tasks
            .get_mut(id.index, id.generation)
            .expect("live task")
    }

    /// The task, if it still exists (running, stopped or zombie).
    pub fn get_task(&self, id: TaskId) -> Option<&Task> {
        self.tasks.get(id.index, id.generation)
    }

    /// A syscall's caller must exist and not be a zombie. Calling as a dead
    /// task is a bug in the caller of the model, reported as ESRCH.
    pub(crate) fn caller(&self, id: TaskId) -> SysResult<&Task> {
        match self.get_task(id) {
            Some(t) if t.state != TaskState::Zombie => Ok(t),
            _ => Err(Errno::ESRCH),
        }
    }

    /// Number of tasks (including zombies).
    pub fn nr_tasks(&self) -> usize {
        self.tasks.len()
    }

    /// All tasks in slot order.
    pub fn task_ids(&self) -> Vec<TaskId> {
        self.tasks
            .iter()
            .map(|(index, generation, _)| TaskId { index, generation })
            .collect()
    }

    // ---- namespaces -----------------------------------------------------

    pub fn namespace(&self, id: NsId) -> Option<&Namespace> {
        self.namespaces.get(&id)
    }

    pub fn namespace_ids(&self) -> impl Iterator<Item = NsId> + '_ {
        self.namespaces.keys().copied()
    }

    ns_accessors!(user_ns, user_ns_mut, User, UserNamespace);
    ns_accessors!(pid_ns, pid_ns_mut, Pid, PidNamespace);
    ns_accessors!(uts_ns, uts_ns_mut, Uts, UtsNamespace);
    ns_accessors!(ipc_ns, ipc_ns_mut, Ipc, IpcNamespace);
    ns_accessors!(net_ns, net_ns_mut, Net, NetNamespace);
    ns_accessors!(mnt_ns, mnt_ns_mut, Mnt, MntNamespace);
    ns_accessors!(cgroup_ns, cgroup_ns_mut, Cgroup, CgroupNamespace);
    ns_accessors!(time_ns, time_ns_mut, Time, TimeNamespace);

    /// The owning user namespace of any namespace (`ns->user_ns`; a user
    /// namespace's owner is itself for capability purposes).
    pub(crate) fn ns_owner(&self, id: NsId) -> NsId {
        let ns = &self.namespaces[&id];
        ns.owner.unwrap_or(id)
    }

    /// Registers a new namespace holding one reference (the caller's) and
    /// a reference on its owner.
    pub(crate) fn new_ns(&mut self, kind: NsKind, owner: Option<NsId>) -> NsId {
        let inum = self.inums.alloc();
        if let Some(o) = owner {
            self.get_ns(o);
        }
        self.namespaces.insert(
            inum,
            Namespace {
                inum,
                refs: 1,
                owner,
                kind,
            },
        );
        inum
    }

    pub(crate) fn get_ns(&mut self, id: NsId) {
        self.namespaces.get_mut(&id).expect("live namespace").refs += 1;
    }

    /// Drops a reference; a namespace with none left is freed, dropping the
    /// references it holds (owner, parent, proc mount's PID namespace) and
    /// releasing its inode number.
    pub(crate) fn put_ns(&mut self, id: NsId) {
        let mut work = vec![id];
        while let Some(id) = work.pop() {
            let ns = self.namespaces.get_mut(&id).expect("live namespace");
            ns.refs -= 1;
            if ns.refs > 0 {
                continue;
            }
            let ns = self.namespaces.remove(&id).expect("live namespace");
            self.inums.free(id);
            work.extend(ns.owner);
            match ns.kind {
                NsKind::User(u) => work.extend(u.parent),
                NsKind::Pid(p) => work.extend(p.parent),
                NsKind::Mnt(_) => {
                    // put_mnt_ns(): the tree goes; proc super blocks that
                    // no other mount shows drop their PID namespace.
                    self.vfs.drop_mnt_ns(id);
                    let (gets, puts) = self.proc_refs_delta();
                    debug_assert!(gets.is_empty());
                    work.extend(puts);
                }
                _ => {}
            }
        }
    }

    // ---- pids -----------------------------------------------------------

    pub(crate) fn pid(&self, id: PidId) -> &Pid {
        self.pids.get(id.0, id.1).expect("live pid")
    }

    pub(crate) fn pid_mut(&mut self, id: PidId) -> &mut Pid {
        self.pids.get_mut(id.0, id.1).expect("live pid")
    }
}

/// The provider used while booting: it only names the instances of the
/// initial proc and sysfs mounts.
struct BootPseudo {
    pid_ns: NsId,
    net_ns: NsId,
}

impl PseudoFs for BootPseudo {
    fn instance(&self, kind: PseudoKind) -> SysResult<u64> {
        Ok(match kind {
            PseudoKind::Proc => self.pid_ns.0 as u64,
            PseudoKind::Sysfs => self.net_ns.0 as u64,
        })
    }
    fn lookup(&self, _: PseudoKind, _: u64, _: &str, _: &str) -> Option<PseudoNode> {
        None
    }
    fn readdir(&self, _: PseudoKind, _: u64, _: &str) -> Vec<PseudoNode> {
        Vec::new()
    }
    fn read(&self, _: PseudoKind, _: u64, _: &str) -> SysResult<PseudoContent> {
        Err(Errno::ENOENT)
    }
    fn readlink(&self, _: PseudoKind, _: u64, _: &str) -> SysResult<String> {
        Err(Errno::EINVAL)
    }
}

impl Kernel {
    /// The end of the sandbox's mounts (`Vfs::mount_sandbox_world`):
    /// /proc/sys bound on itself and made read-only, then sysfs
    /// read-only, mounted by PID 1 as the sandbox's init does, so the
    /// syscall trace stays empty (tracing is off at boot).
    fn mount_late_world(&mut self) -> SysResult<()> {
        use super::vfs::{MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, MS_REMOUNT};
        let init = self.init_task;
        // Boot takes no virtual time: the world starts at BOOT_UPTIME_NS.
        let clock = self.clock_ns;
        let nsndne = MS_NOSUID | MS_NODEV | MS_NOEXEC;
        self.mount(init, "/proc/sys", "/proc/sys", "", MS_BIND, "")?;
        self.mount(
            init,
            "",
            "/proc/sys",
            "",
            MS_REMOUNT | MS_BIND | MS_RDONLY | nsndne,
            "",
        )?;
        self.mount(init, "sysfs", "/sys", "sysfs", MS_RDONLY | nsndne, "")?;
        self.clock_ns = clock;
        Ok(())
    }

    /// The virtual clock as the VFS stamps inodes: wall time.
    pub(crate) fn vfs_now(&self) -> Timespec {
        Timespec {
            sec: (BOOT_EPOCH_SECS + self.clock_ns / 1_000_000_000) as i64,
            nsec: (self.clock_ns % 1_000_000_000) as u32,
        }
    }

    /// Brings [`Kernel::proc_sb_refs`] in line with the live proc super
    /// blocks: the references to take and to drop.
    pub(crate) fn proc_refs_delta(&mut self) -> (Vec<NsId>, Vec<NsId>) {
        let mut now: BTreeMap<NsId, u32> = BTreeMap::new();
        for sb in self.vfs.supers.values() {
            if sb.kind == FsKind::Pseudo(PseudoKind::Proc) && !sb.dead {
                *now.entry(NsId(sb.instance as u32)).or_default() += 1;
            }
        }
        let mut gets = Vec::new();
        let mut puts = Vec::new();
        for (&ns, &n) in &now {
            let old = self.proc_sb_refs.get(&ns).copied().unwrap_or(0);
            gets.extend((old..n).map(|_| ns));
        }
        for (&ns, &old) in &self.proc_sb_refs {
            let n = now.get(&ns).copied().unwrap_or(0);
            puts.extend((n..old).map(|_| ns));
        }
        self.proc_sb_refs = now;
        (gets, puts)
    }

    /// Takes and drops PID namespace references so that each live proc
    /// super block holds one (after any mount, umount, exit or close).
    pub(crate) fn sync_proc_refs(&mut self) {
        let (gets, puts) = self.proc_refs_delta();
        for ns in gets {
            self.get_ns(ns);
        }
        for ns in puts {
            self.put_ns(ns);
        }
    }
}
