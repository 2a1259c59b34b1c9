//! The sandbox's PID 1. It builds the root (`rootfs`), takes the name
//! `init`, then does what an init does and nothing more: it forks one
//! `bash -i` per terminal the backend asks for, hands the terminal's pty
//! master back over the control socket (SCM_RIGHTS, unix(7)), and reaps
//! every orphan. It forks nothing else, so the first terminal's bash is
//! PID 2, the next PID 3, as in the model.
//!
//! Its life is bound to the backend's: when the control socket reaches
//! end of file (the backend finished, failed or was killed) it exits, and
//! the kernel kills every process of its PID namespace
//! (pid_namespaces(7), "If the init process of a PID namespace
//! terminates…").

use std::ffi::CString;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use rustix::net::{
    RecvAncillaryBuffer, RecvFlags, SendAncillaryBuffer, SendAncillaryMessage, SendFlags,
};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{LocalModes, OptionalActions, Winsize, tcgetattr, tcsetattr, tcsetwinsize};

use super::rootfs;

/// The environment of every terminal's shell (docs/lesson-format.md):
/// no LANG, so the C locale, as in the model.
const ENV: [&str; 3] = [
    "HOME=/root",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "TERM=dumb",
];
pub const COLS: u16 = 80;
pub const ROWS: u16 = 24;

/// Request byte: open a terminal.
pub const OPEN_TERMINAL: u8 = b'T';

/// Runs as PID 1 of the sandbox; never returns.
pub fn run(sock: OwnedFd, host_mnt_ns: u64) -> ! {
    unsafe { libc::umask(0o022) };
    let setup = rootfs::build_and_enter(host_mnt_ns).map(|()| become_init());
    let setup = setup
        .and_then(|()| super::net::loopback_up())
        .and_then(|()| drop_bounding_caps());
    let report = match &setup {
        Ok(()) => "ready".to_string(),
        Err(e) => format!("error: {e}"),
    };
    let _ = rustix::net::send(&sock, report.as_bytes(), SendFlags::empty());
    if setup.is_err() {
        exit(1);
    }
    install_reaper();
    loop {
        let mut req = [0u8; 16];
        match rustix::net::recv(&sock, &mut req, RecvFlags::empty()) {
            Ok((n, _)) if n > 0 && req[0] == OPEN_TERMINAL => {
                if let Err(e) = open_terminal(sock.as_fd()) {
                    let msg = format!("error: {e}");
                    let _ = rustix::net::send(&sock, msg.as_bytes(), SendFlags::empty());
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            // End of file or a broken socket: the backend is gone.
            _ => exit(0),
        }
    }
}

/// Capabilities no lesson needs and that reach past the sandbox's
/// namespaces (capabilities(7)): loading kernel modules, raw I/O, process
/// accounting, resource limits beyond the hard limit, the system clock,
/// open_by_handle_at(2) (which bypasses the overlay to reach host
/// inodes), the kernel log, alarms and suspend blocking, MAC policy,
/// audit control, BPF and perf, checkpoint/restore. Dropped from the
/// bounding set, so every shell the sandbox starts lacks them. The same
/// set is dropped on every kernel, so /proc/PID/status reads the same.
pub const DROPPED_CAPS: [u32; 16] = [
    2,  // CAP_DAC_READ_SEARCH
    16, // CAP_SYS_MODULE
    17, // CAP_SYS_RAWIO
    20, // CAP_SYS_PACCT
    24, // CAP_SYS_RESOURCE
    25, // CAP_SYS_TIME
    30, // CAP_AUDIT_CONTROL
    32, // CAP_MAC_OVERRIDE
    33, // CAP_MAC_ADMIN
    34, // CAP_SYSLOG
    35, // CAP_WAKE_ALARM
    36, // CAP_BLOCK_SUSPEND
    37, // CAP_AUDIT_READ
    38, // CAP_PERFMON
    39, // CAP_BPF
    40, // CAP_CHECKPOINT_RESTORE
];

fn drop_bounding_caps() -> io::Result<()> {
    for cap in DROPPED_CAPS {
        // EINVAL: a capability this kernel does not know; nothing to drop.
        if unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap as libc::c_ulong, 0, 0, 0) } != 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::EINVAL) {
                return Err(io::Error::other(format!("dropping capability {cap}: {e}")));
            }
        }
    }
    Ok(())
}

pub(super) fn exit(code: i32) -> ! {
    unsafe { libc::_exit(code) }
}

/// comm `init` (proc(5), /proc/PID/comm) and /proc/1/cmdline `init`.
/// prctl(PR_SET_MM_ARG_START) needs CAP_SYS_RESOURCE, which the machines
/// running ctlab may not grant, so the argv strings are overwritten in
/// place as setproctitle(3) does: "init", a NUL, then non-NUL padding up to
/// the end; the kernel then returns the text up to the first NUL
/// (fs/proc/base.c, get_mm_proctitle). The environment strings are zeroed
/// so /proc/1/environ shows none of the backend's.
fn become_init() {
    let _ = rustix::thread::set_name(c"init");
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return;
    };
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return;
    };
    // proc(5): fields 48–51 are arg_start, arg_end, env_start, env_end;
    // `rest` starts at field 3.
    let f: Vec<usize> = rest
        .split_whitespace()
        .skip(45)
        .take(4)
        .filter_map(|x| x.parse().ok())
        .collect();
    let [arg_start, arg_end, env_start, env_end] = f[..] else {
        return;
    };
    let n = arg_end.saturating_sub(arg_start);
    if n >= 6 {
        let mut title = b"init\0".to_vec();
        title.resize(n, b'.');
        // SAFETY: [arg_start, arg_end) is this process's own argv area
        // (proc(5)); nothing reads argv after this point.
        unsafe { std::ptr::copy_nonoverlapping(title.as_ptr(), arg_start as *mut u8, n) };
    }
    if env_end > env_start {
        // SAFETY: as above, the environment strings' area.
        unsafe { std::ptr::write_bytes(env_start as *mut u8, 0, env_end - env_start) };
    }
}

extern "C" fn reap(_: libc::c_int) {
    // wait(2) until no child is left to reap; async-signal-safe.
    unsafe { while libc::waitpid(-1, std::ptr::null_mut(), libc::WNOHANG) > 0 {} }
}

/// PID 1 reaps every orphan of the namespace, as an init does.
fn install_reaper() {
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = reap as *const () as usize;
        sa.sa_flags = libc::SA_RESTART | libc::SA_NOCLDSTOP;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGCHLD, &sa, std::ptr::null_mut());
    }
}

/// Forks `bash -i` on a new pty of the sandbox's devpts and sends the
/// master end (and the shell's pid) to the backend.
fn open_terminal(sock: BorrowedFd<'_>) -> io::Result<()> {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)?;
    grantpt(&master)?;
    unlockpt(&master)?;
    let slave_name = ptsname(&master, Vec::new())?;
    tcsetwinsize(
        &master,
        Winsize {
            ws_row: ROWS,
            ws_col: COLS,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )?;
    let argv: Vec<CString> = ["bash", "-i"]
        .iter()
        .map(|s| CString::new(*s).unwrap())
        .collect();
    let envp: Vec<CString> = ENV.iter().map(|s| CString::new(*s).unwrap()).collect();
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        shell_child(&slave_name, &argv, &envp);
    }
    let pid_text = pid.to_string();
    let fds = [master.as_fd()];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    control.push(SendAncillaryMessage::ScmRights(&fds));
    rustix::net::sendmsg(
        sock,
        &[io::IoSlice::new(pid_text.as_bytes())],
        &mut control,
        SendFlags::empty(),
    )?;
    Ok(())
}

/// In the forked child: a session of its own with the pty as controlling
/// terminal (credentials(7), "sessions"), no echo (the backend types
/// whole lines and reads only what the commands print), then bash.
fn shell_child(slave_name: &CString, argv: &[CString], envp: &[CString]) -> ! {
    let r = (|| -> io::Result<()> {
        rustix::process::setsid()?;
        let slave = rustix::fs::open(
            slave_name.as_c_str(),
            rustix::fs::OFlags::RDWR,
            rustix::fs::Mode::empty(),
        )?;
        rustix::process::ioctl_tiocsctty(&slave)?;
        let mut t = tcgetattr(&slave)?;
        t.local_modes.remove(LocalModes::ECHO | LocalModes::ECHONL);
        tcsetattr(&slave, OptionalActions::Now, &t)?;
        for fd in 0..3 {
            if unsafe { libc::dup2(slave.as_raw_fd(), fd) } < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        drop(slave);
        unsafe { libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32) };
        rustix::process::chdir("/")?;
        // Ignored signals stay ignored across execve(2), and Rust programs
        // ignore SIGPIPE: without this, `yes | head` would differ.
        for sig in 1..libc::SIGRTMAX() {
            if sig != libc::SIGKILL && sig != libc::SIGSTOP {
                unsafe { libc::signal(sig, libc::SIG_DFL) };
            }
        }
        let mut sigs: libc::sigset_t = unsafe { std::mem::zeroed() };
        unsafe {
            libc::sigemptyset(&mut sigs);
            libc::sigprocmask(libc::SIG_SETMASK, &sigs, std::ptr::null_mut());
        }
        Ok(())
    })();
    if r.is_ok() {
        let mut a: Vec<*const libc::c_char> = argv.iter().map(|s| s.as_ptr()).collect();
        a.push(std::ptr::null());
        let mut e: Vec<*const libc::c_char> = envp.iter().map(|s| s.as_ptr()).collect();
        e.push(std::ptr::null());
        unsafe { libc::execve(c"/bin/bash".as_ptr(), a.as_ptr(), e.as_ptr()) };
    }
    exit(127)
}

/// Receives a terminal's master fd and its shell's pid from PID 1.
pub(super) fn recv_terminal(sock: BorrowedFd<'_>) -> io::Result<(OwnedFd, i32)> {
    let mut buf = [0u8; 256];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = RecvAncillaryBuffer::new(&mut space);
    let msg = rustix::net::recvmsg(
        sock,
        &mut [io::IoSliceMut::new(&mut buf)],
        &mut control,
        RecvFlags::CMSG_CLOEXEC,
    )?;
    let text = String::from_utf8_lossy(&buf[..msg.bytes]).into_owned();
    let fd = control.drain().find_map(|m| match m {
        rustix::net::RecvAncillaryMessage::ScmRights(mut fds) => fds.next(),
        _ => None,
    });
    match (fd, text.parse::<i32>()) {
        (Some(fd), Ok(pid)) => Ok((fd, pid)),
        _ if msg.bytes == 0 => Err(io::Error::other("the sandbox's init is gone")),
        _ => Err(io::Error::other(text)),
    }
}
