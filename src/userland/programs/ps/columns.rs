//! Output columns of procps-ng 4.0.2 (ps/output.c `format_array`): header,
//! width, alignment, and how each value is printed. Widths and headers
//! were read off the real ps on this machine (see tests/userland_ps.rs).

use super::procs::{Clock, PsProc, start_secs};
use crate::kernel_model::procfs::stat::USER_HZ;

/// What a column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pid,
    Ppid,
    Pgid,
    Sid,
    Tpgid,
    User,
    Uid,
    Ruid,
    Gid,
    Group,
    Comm,
    Args,
    Stat,
    State,
    Tty,
    Time,
    Etime,
    Stime,
    Pcpu,
}

/// One column of the format: a spec with its (maybe renamed) header and
/// (maybe changed) width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub kind: Kind,
    pub header: String,
    pub width: usize,
    pub right: bool,
}

/// `-o` names → (kind, header, width, right-aligned).
const SPECS: &[(&str, Kind, &str, usize, bool)] = &[
    ("pid", Kind::Pid, "PID", 7, true),
    ("tgid", Kind::Pid, "TGID", 7, true),
    ("ppid", Kind::Ppid, "PPID", 7, true),
    ("pgid", Kind::Pgid, "PGID", 7, true),
    ("pgrp", Kind::Pgid, "PGRP", 7, true),
    ("sid", Kind::Sid, "SID", 7, true),
    ("sess", Kind::Sid, "SESS", 7, true),
    ("session", Kind::Sid, "SESS", 7, true),
    ("tpgid", Kind::Tpgid, "TPGID", 7, true),
    ("user", Kind::User, "USER", 8, false),
    ("euser", Kind::User, "EUSER", 8, false),
    ("uname", Kind::User, "USER", 8, false),
    ("uid", Kind::Uid, "UID", 5, true),
    ("euid", Kind::Uid, "EUID", 5, true),
    ("ruid", Kind::Ruid, "RUID", 5, true),
    ("gid", Kind::Gid, "GID", 5, true),
    ("egid", Kind::Gid, "EGID", 5, true),
    ("group", Kind::Group, "GROUP", 8, false),
    ("egroup", Kind::Group, "EGROUP", 8, false),
    ("comm", Kind::Comm, "COMMAND", 15, false),
    ("ucomm", Kind::Comm, "COMMAND", 15, false),
    ("ucmd", Kind::Comm, "CMD", 15, false),
    ("args", Kind::Args, "COMMAND", 27, false),
    ("command", Kind::Args, "COMMAND", 27, false),
    ("cmd", Kind::Args, "CMD", 27, false),
    ("stat", Kind::Stat, "STAT", 4, false),
    ("s", Kind::State, "S", 1, false),
    ("state", Kind::State, "S", 1, false),
    ("tty", Kind::Tty, "TT", 8, false),
    ("tt", Kind::Tty, "TT", 8, false),
    ("tname", Kind::Tty, "TTY", 8, false),
    ("time", Kind::Time, "TIME", 8, true),
    ("cputime", Kind::Time, "TIME", 8, true),
    ("etime", Kind::Etime, "ELAPSED", 11, true),
    ("stime", Kind::Stime, "STIME", 5, false),
    ("start_time", Kind::Stime, "START", 5, false),
    ("c", Kind::Pcpu, "C", 2, true),
];

/// A column by its `-o` name.
pub fn column(name: &str) -> Option<Column> {
    SPECS
        .iter()
        .find(|s| s.0 == name)
        .map(|&(_, kind, header, width, right)| Column {
            kind,
            header: header.to_owned(),
            width,
            right,
        })
}

/// A column of a built-in format with its own header (`TTY`, `UID`…).
pub fn named(name: &str, header: &str) -> Column {
    let mut c = column(name).expect("known column");
    c.header = header.to_owned();
    c
}

/// The data a row needs besides the process.
pub struct Ctx<'a> {
    pub clock: Clock,
    pub user_name: &'a dyn Fn(u32) -> Option<String>,
    pub group_name: &'a dyn Fn(u32) -> Option<String>,
}

/// `pr_tty`: 136:N is pts/N, 0 is "?" (only pty slaves exist in the model).
pub fn tty_name(tty_nr: u32) -> String {
    if tty_nr == 0 {
        return "?".into();
    }
    let major = (tty_nr >> 8) & 0xfff;
    let minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00);
    match major {
        136..=143 => format!("pts/{}", (major - 136) * 256 + minor),
        _ => "?".into(),
    }
}

/// `[DD-]HH:MM:SS` (pr_time).
fn cputime(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}-{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// `[[DD-]hh:]mm:ss` (pr_etime).
fn etime(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}-{h:02}:{m:02}:{s:02}")
    } else if h > 0 {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Days since the Epoch → (year, month 1–12, day) (Howard Hinnant's
/// `civil_from_days`). The model has no /etc/localtime: times are UTC.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `pr_stime`: HH:MM within the last 24 hours, else MonDD in the same
/// year, else the year.
fn stime(start: u64, now: u64) -> String {
    let secs = start as i64;
    let (y, m, d) = civil(secs.div_euclid(86400));
    let (ny, _, _) = civil((now as i64).div_euclid(86400));
    if now.saturating_sub(start) < 86400 {
        let tod = secs.rem_euclid(86400);
        format!("{:02}:{:02}", tod / 3600, tod / 60 % 60)
    } else if y == ny {
        format!("{}{:02}", MONTHS[(m - 1) as usize], d)
    } else {
        format!("{y}")
    }
}

/// `pr_stat`: the state letter, then `s` for a session leader and `+`
/// for a member of its terminal's foreground process group.
fn stat(pr: &PsProc) -> String {
    let mut s = pr.state.to_string();
    if pr.session == pr.pid {
        s.push('s');
    }
    if pr.tty_nr != 0 && pr.pgrp == pr.tpgid {
        s.push('+');
    }
    s
}

/// `pr_args`: the command line, `[comm]` when it is empty, and
/// ` <defunct>` after a zombie's.
fn args(pr: &PsProc) -> String {
    let mut s = if pr.args.is_empty() {
        format!("[{}]", pr.comm)
    } else {
        pr.args.join(" ")
    };
    if pr.state == 'Z' {
        s.push_str(" <defunct>");
    }
    s
}

/// The text of one cell (before alignment).
pub fn value(c: &Column, pr: &PsProc, ctx: &Ctx<'_>) -> String {
    let name_or_id = |name: Option<String>, id: u32, width: usize| match name {
        // A name wider than the column is shown as the number (procps).
        Some(n) if n.len() <= width => n,
        _ => id.to_string(),
    };
    match c.kind {
        Kind::Pid => pr.pid.to_string(),
        Kind::Ppid => pr.ppid.to_string(),
        Kind::Pgid => pr.pgrp.to_string(),
        Kind::Sid => pr.session.to_string(),
        Kind::Tpgid => pr.tpgid.to_string(),
        Kind::User => name_or_id((ctx.user_name)(pr.euid), pr.euid, c.width),
        Kind::Uid => pr.euid.to_string(),
        Kind::Ruid => pr.ruid.to_string(),
        Kind::Gid => pr.egid.to_string(),
        Kind::Group => name_or_id((ctx.group_name)(pr.egid), pr.egid, c.width),
        Kind::Comm => pr.comm.clone(),
        Kind::Args => args(pr),
        Kind::Stat => stat(pr),
        Kind::State => pr.state.to_string(),
        Kind::Tty => tty_name(pr.tty_nr),
        Kind::Time => cputime(pr.cpu_ticks / USER_HZ),
        Kind::Etime => etime(ctx.clock.uptime_secs.saturating_sub(start_secs(pr))),
        Kind::Stime => stime(ctx.clock.btime + start_secs(pr), ctx.clock.now()),
        Kind::Pcpu => {
            let run = ctx.clock.uptime_secs.saturating_sub(start_secs(pr));
            let pct = (pr.cpu_ticks / USER_HZ * 100).checked_div(run).unwrap_or(0);
            pct.min(99).to_string()
        }
    }
}

/// Whether a column's text is cut to its width when it is not the last
/// (procps cuts the command columns; numbers push the line right).
pub fn truncates(k: Kind) -> bool {
    matches!(k, Kind::Comm | Kind::Args)
}
