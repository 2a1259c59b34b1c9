//! The job table of an interactive shell (bash's jobs.c): background jobs,
//! the `[1] 42` line when one starts, and the `[1]+  Done  sleep 1` line
//! printed after the foreground command during which it ended.

use crate::kernel_model::{Kernel, TaskId};

/// One job: the processes of a pipeline started with `&`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// `%1` is number 1; a new job takes the highest number in use + 1.
    pub num: usize,
    /// The processes and, once reaped, their wait status.
    pub procs: Vec<(TaskId, Option<i32>)>,
    /// The command as bash prints it back.
    pub text: String,
}

impl Job {
    fn done(&self) -> bool {
        self.procs.iter().all(|(_, s)| s.is_some())
    }

    /// A pipeline's status is its last command's.
    pub fn status(&self) -> Option<i32> {
        self.procs.last().and_then(|(_, s)| *s)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jobs {
    pub list: Vec<Job>,
}

impl Jobs {
    /// Adds a job; returns its number.
    pub fn add(&mut self, procs: Vec<TaskId>, text: String) -> usize {
        let num = self.list.iter().map(|j| j.num).max().unwrap_or(0) + 1;
        self.list.push(Job {
            num,
            procs: procs.into_iter().map(|t| (t, None)).collect(),
            text,
        });
        num
    }

    /// `+` for the current job (the newest), `-` for the previous one.
    fn mark(&self, i: usize) -> char {
        let n = self.list.len();
        if i + 1 == n {
            '+'
        } else if i + 2 == n {
            '-'
        } else {
            ' '
        }
    }

    /// Reaps whatever has ended (waitpid with WNOHANG, as bash's SIGCHLD
    /// handler does) without reporting it yet.
    pub fn reap(&mut self, k: &mut Kernel, shell: TaskId) {
        for job in &mut self.list {
            for (task, status) in &mut job.procs {
                if status.is_none() {
                    let pid = k.pid_vnr(shell, *task);
                    match k.wait4(shell, pid, 0) {
                        Ok(Some((_, ws))) => *status = Some(ws),
                        Ok(None) => {}
                        // Not our child any more (reaped elsewhere).
                        Err(_) => *status = Some(0),
                    }
                }
            }
        }
    }

    /// The notifications for finished jobs, which are then forgotten.
    pub fn notify(&mut self) -> String {
        let mut s = String::new();
        let n = self.list.len();
        for i in 0..n {
            let job = &self.list[i];
            if job.done() {
                let state = describe(job.status().unwrap_or(0));
                s.push_str(&format!(
                    "[{}]{}  {:<24}{}\n",
                    job.num,
                    self.mark(i),
                    state,
                    job.text
                ));
            }
        }
        self.list.retain(|j| !j.done());
        s
    }

    /// Forgets the finished jobs without a report (`jobs` showed them, or
    /// a bare `wait` drops them).
    pub fn notify_silently(&mut self) {
        self.list.retain(|j| !j.done());
    }

    /// The job `%N` names, or the current job for `%%`/`%+`.
    pub fn find(&self, spec: &str) -> Option<&Job> {
        match spec {
            "%" | "%%" | "%+" => self.list.last(),
            "%-" => self.list.iter().rev().nth(1),
            _ => {
                let n: usize = spec.strip_prefix('%')?.parse().ok()?;
                self.list.iter().find(|j| j.num == n)
            }
        }
    }
}

/// How bash describes a job's end: `Done`, `Exit 3`, or the signal's
/// strsignal(3) text (glibc's).
pub fn describe(ws: i32) -> String {
    if ws & 0x7f == 0 {
        match (ws >> 8) & 0xff {
            0 => "Done".into(),
            c => format!("Exit {c}"),
        }
    } else {
        strsignal(ws & 0x7f)
    }
}

/// glibc's strsignal(3) texts, which bash prints for a job killed by a
/// signal (`Terminated`, `Killed`).
pub fn strsignal(sig: i32) -> String {
    const TEXT: [&str; 32] = [
        "Unknown signal 0",
        "Hangup",
        "Interrupt",
        "Quit",
        "Illegal instruction",
        "Trace/breakpoint trap",
        "Aborted",
        "Bus error",
        "Floating point exception",
        "Killed",
        "User defined signal 1",
        "Segmentation fault",
        "User defined signal 2",
        "Broken pipe",
        "Alarm clock",
        "Terminated",
        "Stack fault",
        "Child exited",
        "Continued",
        "Stopped (signal)",
        "Stopped",
        "Stopped (tty input)",
        "Stopped (tty output)",
        "Urgent I/O condition",
        "CPU time limit exceeded",
        "File size limit exceeded",
        "Virtual timer expired",
        "Profiling timer expired",
        "Window changed",
        "I/O possible",
        "Power failure",
        "Bad system call",
    ];
    usize::try_from(sig)
        .ok()
        .and_then(|i| TEXT.get(i))
        .map_or_else(
            || format!("Real-time signal {}", sig - 34),
            |s| (*s).to_string(),
        )
}

/// Signal names as `kill -l` prints them (without `SIG`), index = number.
pub const SIGNAL_NAMES: [&str; 32] = [
    "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
    "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
];

/// A signal given as a number or a name (`9`, `KILL`, `SIGKILL`, `kill`).
pub fn signal_number(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let up = s.to_ascii_uppercase();
    let name = up.strip_prefix("SIG").unwrap_or(&up);
    let name = if name == "POLL" { "IO" } else { name };
    SIGNAL_NAMES
        .iter()
        .position(|n| !n.is_empty() && *n == name)
        .and_then(|i| i32::try_from(i).ok())
}
