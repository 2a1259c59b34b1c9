//! What `ps` reads about each process, as procps-ng 4.0.2's readproc does
//! (strace of `ps`, `ps -ef`, `ps -o pid,comm` on this machine): the /proc
//! directory, then per pid `stat`, `status` and `cmdline`; `/proc/uptime`
//! and `/proc/stat` (btime) for times; `/proc/self/stat` for its own tty.

use crate::kernel_model::procfs::cmdline::parse_cmdline;
use crate::kernel_model::procfs::stat::{USER_HZ, parse_stat};
use crate::kernel_model::procfs::status::parse_status;
use crate::kernel_model::vfs::{O_DIRECTORY, O_RDONLY};
use crate::userland::programs::Proc;

/// One process as ps knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PsProc {
    pub pid: i32,
    pub ppid: i32,
    pub pgrp: i32,
    pub session: i32,
    pub tty_nr: u32,
    pub tpgid: i32,
    pub state: char,
    pub comm: String,
    /// /proc/PID/cmdline split at NULs (empty for zombies and kernel
    /// threads).
    pub args: Vec<String>,
    /// CPU time (utime + stime) in clock ticks.
    pub cpu_ticks: u64,
    /// Start, clock ticks after boot.
    pub start_ticks: u64,
    pub ruid: u32,
    pub euid: u32,
    pub rgid: u32,
    pub egid: u32,
}

/// The clocks ps uses: seconds since boot and the boot time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub uptime_secs: u64,
    pub btime: u64,
}

impl Clock {
    pub fn now(&self) -> u64 {
        self.btime + self.uptime_secs
    }
}

fn read(p: &mut Proc<'_>, path: &str) -> Option<String> {
    p.read_file(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// One process, or None if it vanished or its files do not parse.
pub fn read_proc(p: &mut Proc<'_>, dir: &str) -> Option<PsProc> {
    let st = parse_stat(&read(p, &format!("/proc/{dir}/stat"))?)?;
    let status = parse_status(&read(p, &format!("/proc/{dir}/status"))?)?;
    let args = parse_cmdline(&read(p, &format!("/proc/{dir}/cmdline")).unwrap_or_default());
    let ticks = |i: usize| st.fields[i - 1].parse::<u64>().unwrap_or(0);
    Some(PsProc {
        pid: st.pid,
        ppid: st.ppid,
        pgrp: st.pgrp,
        session: st.session,
        tty_nr: st.tty_nr,
        tpgid: st.tpgid,
        state: st.state,
        comm: st.comm,
        args,
        cpu_ticks: ticks(14) + ticks(15),
        start_ticks: st.starttime,
        ruid: status.uid[0],
        euid: status.uid[1],
        rgid: status.gid[0],
        egid: status.gid[1],
    })
}

/// Every process of /proc, in the order of the directory (ascending
/// pids, as procps lists them).
pub fn read_all(p: &mut Proc<'_>) -> Vec<PsProc> {
    let Ok(fd) = p.k.open(p.task, "/proc", O_RDONLY | O_DIRECTORY, 0) else {
        return Vec::new();
    };
    let entries = p.k.getdents(p.task, fd).unwrap_or_default();
    let _ = p.k.close(p.task, fd);
    let mut pids: Vec<i32> = entries
        .iter()
        .filter_map(|e| e.name.parse::<i32>().ok())
        .collect();
    pids.sort_unstable();
    pids.into_iter()
        .filter_map(|pid| read_proc(p, &pid.to_string()))
        .collect()
}

/// /proc/uptime and the btime line of /proc/stat.
pub fn read_clock(p: &mut Proc<'_>) -> Clock {
    let uptime_secs = read(p, "/proc/uptime")
        .and_then(|s| s.split('.').next()?.parse().ok())
        .unwrap_or(0);
    let btime = read(p, "/proc/stat")
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("btime ")?.trim().parse().ok())
        })
        .unwrap_or(0);
    Clock { uptime_secs, btime }
}

/// Seconds since boot at which a process started.
pub fn start_secs(pr: &PsProc) -> u64 {
    pr.start_ticks / USER_HZ
}
