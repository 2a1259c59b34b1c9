//! The sandbox: a small container runtime of ctlab's own, in which a
//! lesson's terminals are real `bash -i` processes on the real kernel.
//!
//! ```text
//! backend ── fork ─► supervisor (host PID namespace): joins the run's
//!                    cgroups, unshares mnt, uts, ipc, net, cgroup and pid
//!                    namespaces
//!                        └── fork ─► init, PID 1: builds the root
//!                            (rootfs.rs), forks one bash per terminal
//!                            (init.rs) and sends the pty back
//! ```
//!
//! What cannot be skipped is the cleanup. Both forked processes get
//! SIGKILL when their parent dies (PR_SET_PDEATHSIG, prctl(2)), init exits
//! when the control socket closes, and init's death kills its whole PID
//! namespace; the mount namespace, with every mount and the overlay's
//! tmpfs upper layer, goes with its last process, so nothing is ever
//! mounted or written on the host. What can outlive a killed backend is
//! only the run's cgroup directories, and every `Sandbox::start` removes
//! those of dead runs first (`cgroup::reap_stale`).

pub mod cgroup;
pub mod guard;
mod init;
pub mod net;
pub mod rootfs;
pub mod terminal;

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketFlags, SocketType};

pub use terminal::{Ending, Terminal};

/// How long cleanup waits for processes to die and cgroups to empty.
const CLEANUP_LIMIT: Duration = Duration::from_secs(5);

static SEQ: AtomicU32 = AtomicU32::new(0);

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the sandbox needs root (CAP_SYS_ADMIN) on the real kernel")]
    NotRoot,
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("sandbox setup failed: {0}")]
    Setup(String),
}

/// One running sandbox. Dropping it tears it down.
pub struct Sandbox {
    run: cgroup::RunCgroups,
    supervisor: i32,
    init_host_pid: i32,
    control: Option<OwnedFd>,
}

impl Sandbox {
    /// Starts a fresh sandbox: cgroups, namespaces, root, PID 1.
    pub fn start() -> Result<Sandbox, Error> {
        if !rustix::process::geteuid().is_root() {
            return Err(Error::NotRoot);
        }
        let hierarchies = cgroup::hierarchies()?;
        cgroup::reap_stale(&hierarchies)?;
        let run = cgroup::RunCgroups::create(&hierarchies, SEQ.fetch_add(1, Ordering::Relaxed))?;
        let host_mnt_ns = rustix::fs::stat("/proc/self/ns/mnt")
            .map_err(io::Error::from)?
            .st_ino;
        let (ours, theirs) = rustix::net::socketpair(
            AddressFamily::UNIX,
            SocketType::SEQPACKET,
            SocketFlags::CLOEXEC,
            None,
        )
        .map_err(io::Error::from)?;
        let parent = std::process::id() as i32;
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            let e = io::Error::last_os_error();
            let mut run = run;
            let _ = run.remove(CLEANUP_LIMIT);
            return Err(e.into());
        }
        if pid == 0 {
            drop(ours);
            supervise(&run, theirs, parent, host_mnt_ns);
        }
        drop(theirs);
        let mut sandbox = Sandbox {
            run,
            supervisor: pid,
            init_host_pid: 0,
            control: Some(ours),
        };
        sandbox.await_ready()?;
        Ok(sandbox)
    }

    /// Reads the supervisor's `pid N` and init's `ready` (in either order).
    fn await_ready(&mut self) -> Result<(), Error> {
        let sock = self.control.as_ref().expect("control socket").as_fd();
        let mut ready = false;
        while !ready || self.init_host_pid == 0 {
            let mut buf = [0u8; 4096];
            let (n, _) =
                rustix::net::recv(sock, &mut buf, RecvFlags::empty()).map_err(io::Error::from)?;
            let msg = String::from_utf8_lossy(&buf[..n]).into_owned();
            if n == 0 {
                return Err(Error::Setup("the sandbox's first process died".into()));
            } else if let Some(pid) = msg.strip_prefix("pid ") {
                self.init_host_pid = pid.parse().unwrap_or(-1);
            } else if msg == "ready" {
                ready = true;
            } else {
                return Err(Error::Setup(msg.trim_start_matches("error: ").into()));
            }
        }
        Ok(())
    }

    /// Opens one more terminal: a `bash -i` forked by the sandbox's PID 1.
    pub fn open_terminal(&mut self) -> io::Result<Terminal> {
        let sock = self.control.as_ref().expect("control socket").as_fd();
        rustix::net::send(sock, &[init::OPEN_TERMINAL], SendFlags::empty())?;
        let (master, pid) = init::recv_terminal(sock)?;
        Ok(Terminal::new(master, pid))
    }

    /// The sandbox's own /proc (its PID namespace's), reached from the
    /// host through its init's root (proc(5), /proc/PID/root).
    pub fn proc_dir(&self) -> PathBuf {
        PathBuf::from(format!("/proc/{}/root/proc", self.init_host_pid))
    }

    /// The host pid of the sandbox's PID 1.
    pub fn init_host_pid(&self) -> i32 {
        self.init_host_pid
    }

    /// The run's cgroup (the lesson's `/`) as the host's unified
    /// hierarchy names it, e.g. `/ctlab-run-812-0`.
    pub fn cgroup_root(&self) -> String {
        self.run.v2_path().unwrap_or_else(|| "/".into())
    }

    /// The run's cgroup directory names (for tests that check cleanup).
    pub fn run_name(&self) -> &str {
        &self.run.name
    }

    /// Kills every process of the sandbox and removes its cgroups.
    pub fn teardown(mut self) -> io::Result<()> {
        self.cleanup()
    }

    fn cleanup(&mut self) -> io::Result<()> {
        let Some(control) = self.control.take() else {
            return Ok(());
        };
        drop(control);
        // Killing PID 1 kills its whole namespace, and the kernel has its
        // init wait for every process there (zap_pid_ns_processes); the
        // supervisor then reaps init and exits, and is reaped here, so no
        // zombie is left either.
        if let Some(init) = rustix::process::Pid::from_raw(self.init_host_pid) {
            let _ = rustix::process::kill_process(init, rustix::process::Signal::KILL);
        }
        if let Some(pid) = rustix::process::Pid::from_raw(self.supervisor) {
            let _ = rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty());
        }
        // Anything else still in the run's cgroups (nothing, unless the
        // setup failed half way).
        let killed = self.run.kill(CLEANUP_LIMIT);
        let removed = self.run.remove(CLEANUP_LIMIT);
        killed.and(removed)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Err(e) = self.cleanup() {
            eprintln!("ctlab sandbox: cleanup failed: {e}");
        }
    }
}

/// The supervisor, in the forked child: never returns.
fn supervise(run: &cgroup::RunCgroups, sock: OwnedFd, parent: i32, host_mnt_ns: u64) -> ! {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> io::Result<()> {
        die_with_parent(parent)?;
        run.enter_self()?;
        use rustix::thread::UnshareFlags as U;
        // SAFETY: single-threaded after fork; nothing shares the fd table
        // or fs state being unshared.
        unsafe {
            rustix::thread::unshare_unsafe(
                U::NEWNS | U::NEWUTS | U::NEWIPC | U::NEWNET | U::NEWCGROUP | U::NEWPID,
            )?
        };
        let me = std::process::id() as i32;
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            return Err(io::Error::last_os_error());
        }
        if pid == 0 {
            // PID 1 of the new namespace. Its parent is outside the
            // namespace, so getppid() says 0; the control socket's end of
            // file binds it to the backend as well.
            let _ = rustix::process::set_parent_process_death_signal(Some(
                rustix::process::Signal::KILL,
            ));
            let _ = me;
            init::run(sock, host_mnt_ns);
        }
        rustix::net::send(&sock, format!("pid {pid}").as_bytes(), SendFlags::empty())?;
        drop(sock);
        let mut status = 0;
        unsafe { libc::waitpid(pid, &mut status, 0) };
        Ok(())
    }));
    match result {
        Ok(Ok(())) => init::exit(0),
        _ => init::exit(1),
    }
}

/// SIGKILL when the parent dies, and at once if it already has.
fn die_with_parent(parent: i32) -> io::Result<()> {
    rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))?;
    if rustix::process::getppid().map(|p| p.as_raw_nonzero().get()) != Some(parent) {
        init::exit(1);
    }
    Ok(())
}
