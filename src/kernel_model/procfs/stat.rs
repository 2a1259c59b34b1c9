//! /proc/PID/stat (proc(5); `do_task_stat()` in fs/proc/array.c): one line
//! of 52 space-separated fields, comm in parentheses (raw, unescaped).
//!
//! What the model puts in the fields it has no state for, and why:
//! - flags: PF_RANDOMIZE (0x400000, as every process on this machine),
//!   plus PF_FORKNOEXEC (0x40) until the task calls execve(2), PF_EXITING
//!   (0x4) for a zombie;
//! - faults, CPU times, delay accounting, guest times: 0 (no accounting:
//!   `ps` shows TIME 00:00:00);
//! - priority 20, nice 0, num_threads 1, policy SCHED_OTHER (0), CPU 0,
//!   exit_signal SIGCHLD (17);
//! - vsize, rss and the mm addresses (start_code … env_end, kstkesp,
//!   kstkeip): 0, as Linux shows for a task without an mm — the model has
//!   no address spaces; rsslim is RLIM_INFINITY;
//! - wchan: 1 for a task that is not running (Linux ≥ 5.16 shows only
//!   whether it sleeps), 0 for the reader;
//! - pending and blocked signals 0 (no per-thread pending set, no masks);
//!   sigign, sigcatch: the low 31 bits of the dispositions, as the kernel
//!   masks them;
//! - exit_code: the wait status once a zombie.
//!
//! starttime is in clock ticks (USER_HZ = 100) of CLOCK_BOOTTIME, with the
//! reader's time namespace boottime offset added (`timens_add_boottime_ns`).

use nom::{
    Parser,
    bytes::complete::{tag, take_while1},
    character::complete::satisfy,
    combinator::all_consuming,
    multi::many1,
    sequence::preceded,
};

use crate::kernel_model::kernel::Kernel;
use crate::kernel_model::ns_common::NsId;
use crate::kernel_model::task::{TaskId, TaskState};
use crate::kernel_model::tty::new_encode_dev;

/// USER_HZ: the unit of the clock_t fields.
pub const USER_HZ: u64 = 100;

/// The fields of /proc/PID/stat the model computes; the rest are fixed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcStat {
    pub pid: i32,
    pub comm: String,
    pub state: char,
    pub ppid: i32,
    pub pgrp: i32,
    pub session: i32,
    pub tty_nr: u32,
    pub tpgid: i32,
    pub flags: u32,
    pub num_threads: i64,
    /// Clock ticks after boot.
    pub starttime: u64,
    pub sigign: u64,
    pub sigcatch: u64,
    pub wchan: u64,
    pub exit_code: i32,
    /// All 52 fields as text, as parsed (comm without parentheses).
    pub fields: Vec<String>,
}

/// PF_EXITING, PF_FORKNOEXEC, PF_RANDOMIZE (include/linux/sched.h).
pub const PF_EXITING: u32 = 0x4;
pub const PF_FORKNOEXEC: u32 = 0x40;
pub const PF_RANDOMIZE: u32 = 0x40_0000;

/// RLIM_INFINITY as an unsigned long.
const RLIM_INFINITY: u64 = u64::MAX;

pub fn render_stat(s: &ProcStat) -> String {
    let mask = 0x7fff_ffffu64;
    format!(
        "{} ({}) {} {} {} {} {} {} {} 0 0 0 0 0 0 0 0 20 0 {} 0 {} 0 0 {} 0 0 0 0 0 0 0 {} {} {} 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 {}\n",
        s.pid,
        s.comm,
        s.state,
        s.ppid,
        s.pgrp,
        s.session,
        s.tty_nr,
        s.tpgid,
        s.flags,
        s.num_threads,
        s.starttime,
        RLIM_INFINITY,
        s.sigign & mask,
        s.sigcatch & mask,
        s.wchan,
        s.exit_code,
    )
}

/// Parses a stat line (the model's or a real kernel's). The comm is what
/// lies between the first "(" and the *last* ")", as procps reads it
/// (a comm may itself contain ") ").
pub fn parse_stat(text: &str) -> Option<ProcStat> {
    let line = text.strip_suffix('\n').unwrap_or(text);
    let open = line.find(" (")?;
    let close = line.rfind(") ")?;
    let (pid_s, comm) = (&line[..open], &line[open + 2..close]);
    let rest = &line[close + 2..];
    let (_, (state, nums)) = all_consuming((
        satisfy(|c| c.is_ascii_alphabetic()),
        many1(preceded(
            tag(" "),
            take_while1(|c: char| c == '-' || c.is_ascii_digit()),
        )),
    ))
    .parse(rest)
    .map_err(|_: nom::Err<nom::error::Error<&str>>| ())
    .ok()?;
    let mut fields = vec![pid_s.to_owned(), comm.to_owned(), state.to_string()];
    fields.extend(nums.iter().map(|s| s.to_string()));
    if fields.len() != 52 {
        return None;
    }
    let n = |i: usize| fields[i - 1].parse::<i64>().ok();
    let u = |i: usize| fields[i - 1].parse::<u64>().ok();
    Some(ProcStat {
        pid: n(1)? as i32,
        comm: comm.to_owned(),
        state,
        ppid: n(4)? as i32,
        pgrp: n(5)? as i32,
        session: n(6)? as i32,
        tty_nr: u(7)? as u32,
        tpgid: n(8)? as i32,
        flags: u(9)? as u32,
        num_threads: n(20)?,
        starttime: u(22)?,
        sigign: u(33)?,
        sigcatch: u(34)?,
        wchan: u(35)?,
        exit_code: n(52)? as i32,
        fields,
    })
}

impl Kernel {
    /// /proc/PID/stat of `t` for `reader`, through the proc instance of
    /// PID namespace `proc_ns` (pids are that namespace's).
    pub(crate) fn render_stat_of(&self, reader: TaskId, proc_ns: NsId, t: TaskId) -> String {
        let task = self.task(t);
        let nr = |p: Option<crate::kernel_model::pid::PidId>| match p {
            Some(p) if self.pids.get(p.0, p.1).is_some() => self.pid_nr_ns(p, proc_ns),
            _ => 0,
        };
        let (tty_nr, tpgid) = match task.tty.and_then(|id| Some((id, self.ttys.get(&id)?))) {
            Some((id, tty)) => (new_encode_dev(id.dev()), nr(tty.pgrp)),
            None => (0, -1),
        };
        let zombie = task.state == TaskState::Zombie;
        let mut flags = PF_RANDOMIZE;
        if !task.did_exec {
            flags |= PF_FORKNOEXEC;
        }
        if zombie {
            flags |= PF_EXITING;
        }
        let off = self.boottime_ns_for(reader) as i128 - self.clock_ns as i128;
        let start = (task.start_time_ns as i128 + off).max(0) as u64;
        render_stat(&ProcStat {
            pid: self.task_pid_nr_ns(t, proc_ns),
            comm: task.comm.clone(),
            state: self
                .task_state_name(reader, t)
                .chars()
                .next()
                .unwrap_or('S'),
            ppid: task
                .real_parent
                .map_or(0, |p| self.task_pid_nr_ns(p, proc_ns)),
            pgrp: nr(task.pgrp),
            session: nr(task.session),
            tty_nr,
            tpgid,
            flags,
            num_threads: 1,
            starttime: start / (1_000_000_000 / USER_HZ),
            sigign: task.sighand.ignored,
            sigcatch: task.sighand.caught,
            wchan: u64::from(t != reader),
            exit_code: if zombie { task.exit_status } else { 0 },
            fields: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of this machine's 6.18 kernel (`cat /proc/$!/stat` of a
    /// `sleep 100 &`) parses, and the model's rendering of what it
    /// parsed gives back the fields the model keeps.
    #[test]
    fn parses_real_line_and_round_trips() {
        let real = "30199 (sleep) S 30194 30194 17317 0 -1 4194304 140 0 1 0 0 0 0 0 20 0 1 0 1088491 2990080 400 18446744073709551615 94444774731776 94444774749705 140725341894400 0 0 0 0 6 0 1 0 0 17 1 0 0 0 0 0 94444774763792 94444774765056 94444913639424 140725341899286 140725341899296 140725341899296 140725341900777 0\n";
        let p = parse_stat(real).unwrap();
        assert_eq!(
            (p.pid, p.ppid, p.pgrp, p.session),
            (30199, 30194, 30194, 17317)
        );
        assert_eq!(
            (p.state, p.tpgid, p.starttime, p.sigign, p.wchan),
            ('S', -1, 1088491, 6, 1)
        );
        let model = ProcStat {
            pid: 3,
            comm: "a) b".into(),
            state: 'Z',
            ppid: 2,
            pgrp: 3,
            session: 2,
            tty_nr: 34816,
            tpgid: 3,
            flags: PF_RANDOMIZE | PF_EXITING,
            num_threads: 1,
            starttime: 360_000,
            sigign: 1 << 12,
            sigcatch: 0,
            wchan: 1,
            exit_code: 256,
            fields: Vec::new(),
        };
        let text = render_stat(&model);
        let back = parse_stat(&text).unwrap();
        assert_eq!(back.fields.len(), 52);
        assert_eq!(
            ProcStat {
                fields: Vec::new(),
                ..back
            },
            model
        );
    }
}
