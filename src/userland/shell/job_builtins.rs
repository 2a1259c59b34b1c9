//! The job builtins of bash 5.2: `kill`, `wait` and `jobs`, with bash's own
//! messages (checked against bash 5.2.15).

use super::exec::{Shell, status_of};
use super::io::{Io, Output};
use super::jobs::{SIGNAL_NAMES, describe, signal_number};
use crate::kernel_model::{Kernel, TaskId};
use crate::userland::sched::alive;

const KILL_USAGE: &str = "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n";

fn print(sh: &Shell, k: &mut Kernel, io: &Io, out: &mut Output, fd: u32, s: &str) {
    let _ = io.write(k, sh.task, out, fd, s.as_bytes());
}

/// `kill -l` names beyond 31: bash prints glibc's real-time signals.
fn sig_name(n: i32) -> String {
    match n {
        1..=31 => format!("SIG{}", SIGNAL_NAMES[n as usize]),
        34..=49 if n == 34 => "SIGRTMIN".into(),
        34..=49 => format!("SIGRTMIN+{}", n - 34),
        50..=63 => format!("SIGRTMAX-{}", 64 - n),
        64 => "SIGRTMAX".into(),
        _ => String::new(),
    }
}

/// `kill -l` with no argument: five per line, tab-separated.
fn kill_list() -> String {
    let mut s = String::new();
    let nums: Vec<i32> = (1..=31).chain(34..=64).collect();
    for (i, n) in nums.iter().enumerate() {
        s.push_str(&format!("{n:2}) {}", sig_name(*n)));
        s.push(if (i + 1) % 5 == 0 { '\n' } else { '\t' });
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

pub fn kill(sh: &mut Shell, k: &mut Kernel, io: &Io, out: &mut Output, args: &[String]) -> i32 {
    if args.is_empty() {
        print(sh, k, io, out, 2, KILL_USAGE);
        return 2;
    }
    let mut sig = 15;
    let mut rest = args;
    match args[0].as_str() {
        "-l" | "-L" => {
            if args.len() == 1 {
                print(sh, k, io, out, 1, &kill_list());
                return 0;
            }
            let mut status = 0;
            for a in &args[1..] {
                match a.parse::<i32>() {
                    Ok(n) => {
                        // An exit status of a signalled process maps back.
                        let n = if n > 128 { n - 128 } else { n };
                        match sig_name(n).strip_prefix("SIG") {
                            Some(name) => print(sh, k, io, out, 1, &format!("{name}\n")),
                            None => {
                                let m = format!(
                                    "{}kill: {a}: invalid signal specification\n",
                                    sh.err_prefix()
                                );
                                print(sh, k, io, out, 2, &m);
                                status = 1;
                            }
                        }
                    }
                    Err(_) => match signal_number(a) {
                        Some(n) => print(sh, k, io, out, 1, &format!("{n}\n")),
                        None => {
                            let m = format!(
                                "{}kill: {a}: invalid signal specification\n",
                                sh.err_prefix()
                            );
                            print(sh, k, io, out, 2, &m);
                            status = 1;
                        }
                    },
                }
            }
            return status;
        }
        "-s" | "-n" => {
            let Some(spec) = args.get(1) else {
                let m = format!(
                    "{}kill: {}: option requires an argument\n",
                    sh.err_prefix(),
                    args[0]
                );
                print(sh, k, io, out, 2, &m);
                print(sh, k, io, out, 2, KILL_USAGE);
                return 2;
            };
            match signal_number(spec) {
                Some(n) => sig = n,
                None => {
                    let m = format!(
                        "{}kill: {spec}: invalid signal specification\n",
                        sh.err_prefix()
                    );
                    print(sh, k, io, out, 2, &m);
                    return 1;
                }
            }
            rest = &args[2..];
        }
        "--" => rest = &args[1..],
        a if a.starts_with('-') && a.len() > 1 => {
            match signal_number(&a[1..]) {
                Some(n) => sig = n,
                None => {
                    let m = format!(
                        "{}kill: {}: invalid signal specification\n",
                        sh.err_prefix(),
                        &a[1..]
                    );
                    print(sh, k, io, out, 2, &m);
                    return 1;
                }
            }
            rest = &args[1..];
            if rest.first().is_some_and(|a| a == "--") {
                rest = &rest[1..];
            }
        }
        _ => {}
    }
    if rest.is_empty() {
        print(sh, k, io, out, 2, KILL_USAGE);
        return 2;
    }
    let mut status = 0;
    for target in rest {
        let pids: Vec<i32> = if target.starts_with('%') {
            match sh.jobs.find(target) {
                Some(job) => job
                    .procs
                    .iter()
                    .filter(|(t, s)| s.is_none() && alive(k, *t))
                    .map(|(t, _)| k.pid_vnr(sh.task, *t))
                    .collect(),
                None => {
                    let m = format!("{}kill: {target}: no such job\n", sh.err_prefix());
                    print(sh, k, io, out, 2, &m);
                    status = 1;
                    continue;
                }
            }
        } else {
            match target.parse::<i32>() {
                Ok(p) => vec![p],
                Err(_) => {
                    let m = format!(
                        "{}kill: {target}: arguments must be process or job IDs\n",
                        sh.err_prefix()
                    );
                    print(sh, k, io, out, 2, &m);
                    status = 1;
                    continue;
                }
            }
        };
        for pid in pids {
            if let Err(e) = k.kill(sh.task, pid, sig) {
                let m = format!("{}kill: ({pid}) - {e}\n", sh.err_prefix());
                print(sh, k, io, out, 2, &m);
                status = 1;
            }
        }
    }
    // The signalled job dies a moment after kill returns: bash reports it
    // after the next command, not this one.
    sh.defer_report = true;
    status
}

/// The tasks a `wait` argument names, or the error bash prints.
fn wait_targets(sh: &Shell, k: &Kernel, arg: &str) -> Result<Vec<TaskId>, String> {
    if arg.starts_with('%') {
        return match sh.jobs.find(arg) {
            Some(job) => Ok(job.procs.iter().map(|(t, _)| *t).collect()),
            None => Err(format!("{}wait: {arg}: no such job\n", sh.err_prefix())),
        };
    }
    let Ok(pid) = arg.parse::<i32>() else {
        return Err(format!(
            "{}wait: `{arg}': not a pid or valid job spec\n",
            sh.err_prefix()
        ));
    };
    let child = sh
        .jobs
        .list
        .iter()
        .flat_map(|j| j.procs.iter())
        .map(|(t, _)| *t)
        .find(|t| k.get_task(*t).is_some() && k.pid_vnr(sh.task, *t) == pid);
    child.map(|t| vec![t]).ok_or_else(|| {
        format!(
            "{}wait: pid {pid} is not a child of this shell\n",
            sh.err_prefix()
        )
    })
}

/// `wait [ID…]`: lets virtual time pass until the jobs end. A job that
/// would never end (it waits for nothing that sleeps) would hang the
/// terminal: ctlab says so instead.
pub fn wait(sh: &mut Shell, k: &mut Kernel, io: &Io, out: &mut Output, args: &[String]) -> i32 {
    let mut groups: Vec<Vec<TaskId>> = Vec::new();
    let mut status = 0;
    if args.is_empty() {
        // Jobs that ended while the shell sat at its prompt are dropped
        // unreported by a bare `wait` (bash's wait_for_background_pids
        // marks dead jobs as notified); `wait PID` still reports them.
        sh.jobs.reap(k, sh.task);
        sh.jobs.notify_silently();
        groups.push(
            sh.jobs
                .list
                .iter()
                .flat_map(|j| j.procs.iter())
                .map(|(t, _)| *t)
                .collect(),
        );
    } else {
        for a in args {
            match wait_targets(sh, k, a) {
                Ok(ts) => groups.push(ts),
                Err(m) => {
                    print(sh, k, io, out, 2, &m);
                    status = 127;
                }
            }
        }
    }
    for tasks in groups {
        for &t in &tasks {
            if !alive(k, t) {
                continue;
            }
            match sh.sched.wake_time(t) {
                Some(when) if when != u64::MAX => sh.sched.advance_to(k, when),
                _ => {
                    print(
                        sh,
                        k,
                        io,
                        out,
                        2,
                        "ctlab: waiting for a job that never ends is not supported yet\n",
                    );
                    return 2;
                }
            }
        }
        sh.jobs.reap(k, sh.task);
        if !args.is_empty() {
            let ws = sh
                .jobs
                .list
                .iter()
                .flat_map(|j| j.procs.iter())
                .filter(|(t, _)| Some(t) == tasks.last())
                .find_map(|(_, s)| *s)
                .unwrap_or(0);
            status = status_of(ws);
        }
    }
    status
}

/// `jobs`: each job as `[1]+  Running                 sleep 100 &`;
/// finished ones are reported (and forgotten) as in a notification.
pub fn jobs(sh: &mut Shell, k: &mut Kernel, io: &Io, out: &mut Output, args: &[String]) -> i32 {
    if let Some(a) = args.first() {
        let m = format!("ctlab: jobs: option or argument {a} is not supported yet\n");
        print(sh, k, io, out, 2, &m);
        return 1;
    }
    sh.jobs.reap(k, sh.task);
    let n = sh.jobs.list.len();
    let mut s = String::new();
    for (i, job) in sh.jobs.list.iter().enumerate() {
        let mark = if i + 1 == n {
            '+'
        } else if i + 2 == n {
            '-'
        } else {
            ' '
        };
        match job.status() {
            Some(ws) if job.procs.iter().all(|(_, s)| s.is_some()) => {
                s.push_str(&format!(
                    "[{}]{mark}  {:<24}{}\n",
                    job.num,
                    describe(ws),
                    job.text
                ));
            }
            _ => s.push_str(&format!(
                "[{}]{mark}  {:<24}{} &\n",
                job.num, "Running", job.text
            )),
        }
    }
    print(sh, k, io, out, 1, &s);
    sh.jobs.notify_silently();
    0
}
