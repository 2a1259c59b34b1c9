//! The deterministic kernel model. Pure: no I/O, no clock, no global
//! randomness, ordered collections only; it knows nothing of userland,
//! lessons or the UI.
//!
//! Built like the kernel it imitates: a [`Task`] has credentials
//! ([`Cred`], with capability sets and its user namespace) and an
//! [`Nsproxy`]; a PID namespace maps local pids to `struct pid`s, which
//! carry a number per level; a user namespace owns every other namespace
//! and holds the uid/gid maps. Syscalls are methods of [`Kernel`] taking the
//! calling task first and returning `Result<_, Errno>` with the errno Linux
//! returns; [`procfs`] renders and parses the /proc files students read.
//!
//! Sources are cited next to each rule: the man pages (clone(2), unshare(2),
//! setns(2), namespaces(7), pid_namespaces(7), user_namespaces(7),
//! capabilities(7), proc(5)…) and the Linux 6.18 sources they describe.
//! Behaviours marked "checked on 6.18" were observed on a real kernel; the
//! native crate's differential tests (native/tests/differential.rs) replay
//! several scenarios on the real kernel and compare line for line.
//!
//! What the model simplifies, and why (each also noted where it applies):
//! - Processes are single-threaded tasks (no CLONE_THREAD/VM/…: clone(2)
//!   with a non-namespace flag is EINVAL here); tgid == pid.
//! - No scheduler: nothing blocks. wait4(2) returns `Ok(None)` where it
//!   would sleep; a dying namespace init does not wait for members reaped
//!   by parents outside the namespace (setns(2) case). /proc shows the
//!   reader as running (R) and every other live task as sleeping (S)
//!   ([`Kernel::task_state_name`], the one place of that rule).
//! - Pipes ([`pipe`], vfs/pipe.rs): the userland runs pipeline members one
//!   after another (writer first), so a pipe's buffer is unbounded and a
//!   write never blocks; a read of an empty pipe that still has a writer
//!   returns EAGAIN where Linux would block (userland never does that).
//!   EPIPE and SIGPIPE as on Linux.
//! - Terminals ([`tty`]): devpts slaves with their job-control state
//!   (session, foreground process group); no master side, no line
//!   discipline, no SIGHUP/SIGTTOU/SIGTTIN; what bash and programs write
//!   to a terminal is the userland's to show.
//! - Programs are files of the image (Debian's /usr/bin and /usr/sbin,
//!   empty contents): execve(2) checks the file as Linux does and records
//!   comm and argv; it loads nothing. No memory accounting: /proc/PID/stat
//!   shows vsize, rss and the mm addresses as 0, CPU times as 0.
//! - Signals: dispositions only (default / ignore / handler); user handlers
//!   do not run, so a caught signal only shows in SigCgt. No core dumps, no
//!   blocked masks, no ptrace, no WUNTRACED/WCONTINUED reports.
//! - Exiting the initial PID 1 would panic the kernel; the model refuses
//!   with EPERM.
//! - Files: one VFS ([`vfs`]) for every task; each task has its own root
//!   and cwd (`fs_struct`) and fd table (`files_struct`) — CLONE_FS and
//!   CLONE_FILES sharing is not modelled (clone(2) EINVAL, as above). File
//!   syscalls ([`file_sys`]) run the VFS with a context built from the
//!   caller's credentials; the VFS's own simplifications are listed in
//!   vfs/mod.rs (tmpfs rules for every memory filesystem, no mount event
//!   propagation, whole-directory getdents…).
//! - /proc is a proc mount (the initial image mounts one for the initial
//!   PID namespace on /proc); its instance is the mounter's PID namespace,
//!   which it holds a reference on. Rendered from the model's state: stat,
//!   status, cmdline, fd/*, ns/*, uid_map, gid_map, setgroups, cgroup, comm, timens_offsets,
//!   mountinfo, mounts, /proc/mounts, /proc/stat, /proc/uptime and
//!   /proc/sysvipc/msg; status lines
//!   about memory, fds, CPUs and scheduling are left out. The /proc root
//!   lists pids before its fixed entries (Linux: after). ns/* links are
//!   magic (open + read gives EINVAL) but stat(2) shows the link itself,
//!   not the nsfs inode. Permission checks on /proc files are the VFS's
//!   mode bits only (no ptrace-access or hidepid checks). sysfs is mounted
//!   but empty, one instance per network namespace (not holding it).
//! - cgroups: a task's cgroup is a path in the unified hierarchy (the
//!   cgroups issue brings the hierarchy); /proc/PID/cgroup has one `0::`
//!   line.
//! - Network namespaces hold only their loopback device; IPC namespaces only
//!   message queue identifiers (no messages).
//! - No file capabilities, securebits, LSMs, seccomp, rlimits or ucounts
//!   limits (max_*_namespaces).
//! - The world it boots into is by default still the plain one (ext4 root,
//!   proc, sysfs, devpts): `Config::sandbox_world` boots into the native
//!   sandbox's (vfs/image.rs, `sandbox_root_image`), but with it the
//!   browser player's navigation tests time out (cause not yet found), so
//!   `ctlab verify` skips mount-table differences by name. In the sandbox
//!   world the root is shown as the sandbox's overlay but
//!   holds the image's files (no overlay semantics, the host root's device
//!   number); /dev lacks random and urandom (no randomness in the model);
//!   the initial credentials keep every capability, where the sandbox
//!   drops those that reach the host from its bounding set
//!   (/proc/PID/status Cap* lines differ); PID 1 has no process group or
//!   session (the sandbox's are outside its PID namespace, so they read as
//!   0 there too).

pub mod capability;
pub mod cgroup_namespace;
pub mod cred;
pub mod errno;
pub mod exec;
pub mod exit;
pub mod file_sys;
pub mod fork;
mod invariants;
pub mod ipc_namespace;
pub mod kernel;
pub mod mnt_namespace;
pub mod net_namespace;
pub mod ns_common;
pub mod nsproxy;
pub mod pid;
pub mod pid_namespace;
pub mod pipe;
pub mod procfs;
pub mod scenario;
pub mod session;
pub mod signal;
mod slab;
pub mod sys;
pub mod syscalls;
pub mod task;
pub mod time_namespace;
pub mod tty;
pub mod user_namespace;
pub mod uts_namespace;
pub mod vfs;
pub mod world_view;
pub mod world_view_diff;

pub use cred::Cred;
pub use errno::{Errno, SysResult};
pub use kernel::{Config, Kernel, SyscallRecord};
pub use ns_common::{NsId, NsType};
pub use nsproxy::{CloneFlags, NsFd, Nsproxy};
pub use syscalls::Syscalls;
pub use task::{Task, TaskId, TaskState};
pub use world_view::WorldView;
