//! `ps` (procps-ng 4.0.2), reading /proc through the model's syscalls as
//! the real one does (see [`procs`]). Supported: no option (the processes
//! of ps's effective user on ps's terminal: PID TTY TIME CMD), `-e`/`-A`,
//! `-f`, `-o LIST` (repeatable; `name=HEADER`, `name:WIDTH`), `-p LIST`
//! / `--pid`, `--ppid LIST`, `--forest`, `-H`. On a terminal every line is
//! cut at its width (80 columns); into a pipe or file the last column is
//! whole. Times: the model has no CPU accounting (TIME 00:00:00, C 0) and
//! no time zone (UTC). PID columns are 7 wide: procps sizes them by
//! /proc/sys/kernel/pid_max, which reads 4194304 in a new PID namespace on
//! 6.18 (the lesson sandbox; checked with `unshare --pid --fork
//! --mount-proc`), and the model has no /proc/sys.

mod columns;
mod procs;

use columns::{Column, Ctx, Kind, column, named, truncates, value};
use procs::{PsProc, read_all, read_clock, read_proc};

use super::Proc;

/// What the options asked for.
#[derive(Default)]
struct Opts {
    all: bool,
    full: bool,
    forest: bool,
    hierarchy: bool,
    format: Vec<Column>,
    pids: Vec<i32>,
    ppids: Vec<i32>,
}

/// procps's usage text after a format error.
const USAGE: &str = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

enum Bad {
    Unsupported(String),
    Message(String),
}

/// Parses a `-o` list: comma-separated items, each `name`, `name:WIDTH`
/// or `name=HEADER` (checked on procps 4.0.2: `-o pid,comm=NAME,user`
/// renames only comm; a renamed column is at least as wide as its header).
fn parse_format(list: &str, out: &mut Vec<Column>) -> Result<(), Bad> {
    for item in list.split(',') {
        let (spec, header) = match item.split_once('=') {
            Some((s, h)) => (s, Some(h)),
            None => (item, None),
        };
        let (name, width) = match spec.split_once(':') {
            Some((n, w)) => (n, w.parse::<usize>().ok()),
            None => (spec, None),
        };
        let mut c = column(name).ok_or_else(|| {
            Bad::Message(format!(
                "error: unknown user-defined format specifier \"{name}\"\n{USAGE}"
            ))
        })?;
        if let Some(w) = width {
            c.width = w;
        }
        if let Some(h) = header {
            c.header = h.to_owned();
            c.width = c.width.max(h.len());
        }
        out.push(c);
    }
    Ok(())
}

/// A process list (`-p`, `--ppid`): numbers separated by commas or blanks.
fn parse_list(s: &str, what: &str) -> Result<Vec<i32>, Bad> {
    s.split([',', ' '])
        .filter(|x| !x.is_empty())
        .map(|x| {
            x.parse::<i32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| Bad::Message(format!("error: {what}\n{USAGE}")))
        })
        .collect()
}

fn parse_args(argv: &[String]) -> Result<Opts, Bad> {
    let mut o = Opts::default();
    let mut i = 1;
    let take = |i: &mut usize, inline: &str, what: &str, opt: char| -> Result<String, Bad> {
        if !inline.is_empty() {
            return Ok(inline.to_owned());
        }
        *i += 1;
        argv.get(*i).cloned().ok_or_else(|| {
            Bad::Message(format!("error: list of {what} must follow -{opt}\n{USAGE}"))
        })
    };
    while i < argv.len() {
        let a = &argv[i];
        if let Some(long) = a.strip_prefix("--") {
            let (name, val) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (long, None),
            };
            let value = |i: &mut usize| -> Result<String, Bad> {
                match &val {
                    Some(v) => Ok(v.clone()),
                    None => {
                        *i += 1;
                        argv.get(*i).cloned().ok_or_else(|| {
                            Bad::Message(format!(
                                "error: list of {name} must follow --{name}\n{USAGE}"
                            ))
                        })
                    }
                }
            };
            match name {
                "forest" => o.forest = true,
                "pid" => o
                    .pids
                    .extend(parse_list(&value(&mut i)?, "process ID list syntax error")?),
                "ppid" => o
                    .ppids
                    .extend(parse_list(&value(&mut i)?, "process ID list syntax error")?),
                "format" => parse_format(&value(&mut i)?, &mut o.format)?,
                _ => return Err(Bad::Unsupported(format!("--{name}"))),
            }
        } else if let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            for (k, ch) in short.char_indices() {
                let inline = &short[k + ch.len_utf8()..];
                match ch {
                    'e' | 'A' => o.all = true,
                    'f' => o.full = true,
                    'H' => o.hierarchy = true,
                    'o' => {
                        parse_format(
                            &take(&mut i, inline, "format specifiers", 'o')?,
                            &mut o.format,
                        )?;
                        break;
                    }
                    'p' => {
                        let l = take(&mut i, inline, "process IDs", 'p')?;
                        o.pids
                            .extend(parse_list(&l, "process ID list syntax error")?);
                        break;
                    }
                    c => return Err(Bad::Unsupported(format!("-{c}"))),
                }
            }
        } else {
            // BSD-style options (`aux`, `x`) are not supported yet.
            return Err(Bad::Unsupported(a.clone()));
        }
        i += 1;
    }
    Ok(o)
}

/// The format when no `-o` is given: `-f`'s or the default.
fn default_format(full: bool) -> Vec<Column> {
    if full {
        vec![
            named("user", "UID"),
            named("pid", "PID"),
            named("ppid", "PPID"),
            named("c", "C"),
            named("stime", "STIME"),
            named("tty", "TTY"),
            named("time", "TIME"),
            named("args", "CMD"),
        ]
    } else {
        vec![
            named("pid", "PID"),
            named("tty", "TTY"),
            named("time", "TIME"),
            named("ucmd", "CMD"),
        ]
    }
}

/// `--forest` and `-H` order: each process followed by its children (in
/// pid order), with the prefix drawn before its command. A process whose
/// parent is not listed is a root; so is, for `--forest`, a child of PID 1
/// (procps draws init's children at the left margin).
fn tree_order(list: &[PsProc], forest: bool) -> Vec<(usize, String)> {
    let is_root = |p: &PsProc| {
        (forest && p.ppid == 1)
            || p.ppid == 0
            || !list.iter().any(|q| q.pid == p.ppid && q.pid != p.pid)
    };
    let mut out = Vec::new();
    // `marks`: per level, whether that ancestor has siblings after it.
    fn walk(
        list: &[PsProc],
        i: usize,
        marks: &mut Vec<bool>,
        forest: bool,
        out: &mut Vec<(usize, String)>,
    ) {
        let prefix = if forest {
            let mut s = String::new();
            if let Some((last, above)) = marks.split_last() {
                for &more in above {
                    s.push_str(if more { " |  " } else { "    " });
                }
                let _ = last;
                s.push_str(" \\_ ");
            }
            s
        } else {
            "  ".repeat(marks.len())
        };
        out.push((i, prefix));
        let pid = list[i].pid;
        let kids: Vec<usize> = (0..list.len())
            .filter(|&j| j != i && list[j].ppid == pid && !(forest && pid == 1))
            .collect();
        for (n, &j) in kids.iter().enumerate() {
            marks.push(n + 1 < kids.len());
            walk(list, j, marks, forest, out);
            marks.pop();
        }
    }
    for i in 0..list.len() {
        if is_root(&list[i]) {
            walk(list, i, &mut Vec::new(), forest, &mut out);
        }
    }
    out
}

/// Lays out one line: columns separated by one space, right- or
/// left-aligned in their widths; the last column left-aligned is not
/// padded; command columns are cut to their width unless last.
fn line(cols: &[Column], cells: &[String]) -> String {
    let mut s = String::new();
    for (n, (c, v)) in cols.iter().zip(cells).enumerate() {
        let last = n + 1 == cols.len();
        if n > 0 {
            s.push(' ');
        }
        let mut v = v.clone();
        if !last && truncates(c.kind) && v.chars().count() > c.width {
            v = v.chars().take(c.width).collect();
        }
        let pad = c.width.saturating_sub(v.chars().count());
        if c.right {
            s.push_str(&" ".repeat(pad));
            s.push_str(&v);
        } else {
            s.push_str(&v);
            if !last {
                s.push_str(&" ".repeat(pad));
            }
        }
    }
    s
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let o = match parse_args(argv) {
        Ok(o) => o,
        Err(Bad::Unsupported(opt)) => {
            p.stderr(&format!("ctlab: ps: option {opt} is not supported yet\n"));
            return 1;
        }
        Err(Bad::Message(m)) => {
            p.stderr(&m);
            return 1;
        }
    };
    let cols = if o.format.is_empty() {
        default_format(o.full)
    } else {
        o.format.clone()
    };
    let clock = read_clock(p);
    let me = read_proc(p, "self");
    let all = read_all(p);
    let selected: Vec<PsProc> = all
        .into_iter()
        .filter(|pr| {
            if o.all {
                return true;
            }
            if !o.pids.is_empty() || !o.ppids.is_empty() {
                return o.pids.contains(&pr.pid) || o.ppids.contains(&pr.ppid);
            }
            // The default: same effective user and terminal as ps.
            me.as_ref()
                .is_some_and(|m| m.euid == pr.euid && m.tty_nr == pr.tty_nr)
        })
        .collect();
    let order: Vec<(usize, String)> = if o.forest || o.hierarchy {
        tree_order(&selected, o.forest)
    } else {
        (0..selected.len()).map(|i| (i, String::new())).collect()
    };
    let width = p.isatty(1).then(|| p.term_width());
    let mut out = String::new();
    let mut emit = |l: String| {
        let l = match width {
            Some(w) => l.chars().take(w).collect(),
            None => l,
        };
        out.push_str(&l);
        out.push('\n');
    };
    if cols.iter().any(|c| !c.header.is_empty()) {
        let heads: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
        emit(line(&cols, &heads));
    }
    let mut users = std::collections::BTreeMap::new();
    let mut groups = std::collections::BTreeMap::new();
    for pr in &selected {
        users.entry(pr.euid).or_insert_with(|| p.user_name(pr.euid));
        groups
            .entry(pr.egid)
            .or_insert_with(|| p.group_name(pr.egid));
    }
    let user_name = |u: u32| users.get(&u).cloned().flatten();
    let group_name = |g: u32| groups.get(&g).cloned().flatten();
    let ctx = Ctx {
        clock,
        user_name: &user_name,
        group_name: &group_name,
    };
    let tree_col = cols
        .iter()
        .position(|c| matches!(c.kind, Kind::Comm | Kind::Args));
    for (i, prefix) in &order {
        let pr = &selected[*i];
        let cells: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(n, c)| {
                let v = value(c, pr, &ctx);
                if Some(n) == tree_col {
                    format!("{prefix}{v}")
                } else {
                    v
                }
            })
            .collect();
        emit(line(&cols, &cells));
    }
    p.stdout(&out);
    i32::from(selected.is_empty())
}
