//! `sleep NUMBER[SUFFIX]…` (GNU coreutils 9.1): pauses for the sum of the
//! intervals (suffix `s`, `m`, `h` or `d`; fractions allowed). Time is the
//! model's virtual clock: in the foreground the whole session's time moves
//! on (timers of background sleeps fire on the way); in a background job
//! the task blocks until its timer fires ([`crate::userland::sched`]).

use super::{Proc, Suspend};

fn usage(p: &mut Proc<'_>, msg: &str) -> i32 {
    p.stderr(&format!(
        "sleep: {msg}\nTry 'sleep --help' for more information.\n"
    ));
    1
}

/// One interval in nanoseconds (`None`: not a valid interval); `u64::MAX`
/// for infinity. As xstrtod + apply_suffix: a decimal number with optional
/// fraction and exponent, or `inf`/`infinity`, and one suffix letter.
fn interval(s: &str) -> Option<u64> {
    let (num, mult) = match s.chars().last()? {
        's' if s.len() > 1 => (&s[..s.len() - 1], 1.0),
        'm' => (&s[..s.len() - 1], 60.0),
        'h' => (&s[..s.len() - 1], 3600.0),
        'd' => (&s[..s.len() - 1], 86400.0),
        _ => (s, 1.0),
    };
    let lower = num.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(u64::MAX);
    }
    let ok = !num.is_empty()
        && num
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && num.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if !ok {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    if v.is_nan() || v < 0.0 {
        return None;
    }
    let ns = v * mult * 1e9;
    Some(if ns >= u64::MAX as f64 {
        u64::MAX
    } else {
        ns.ceil() as u64
    })
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let mut ops: Vec<&str> = Vec::new();
    let mut opts_done = false;
    for a in &argv[1..] {
        if !opts_done && a == "--" {
            opts_done = true;
        } else if !opts_done && a.starts_with('-') && a.len() > 1 {
            if a.starts_with("--") {
                return usage(p, &format!("unrecognized option '{a}'"));
            }
            let c = a.chars().nth(1).unwrap_or('-');
            return usage(p, &format!("invalid option -- '{c}'"));
        } else {
            ops.push(a);
        }
    }
    if ops.is_empty() {
        if opts_done {
            return 0;
        }
        return usage(p, "missing operand");
    }
    let mut total: u64 = 0;
    let mut bad = false;
    for op in &ops {
        match interval(op) {
            Some(ns) => total = total.saturating_add(ns),
            None => {
                p.stderr(&format!("sleep: invalid time interval '{op}'\n"));
                bad = true;
            }
        }
    }
    if bad {
        p.stderr("Try 'sleep --help' for more information.\n");
        return 1;
    }
    if p.background {
        p.sched.sleep(p.k, p.task, total);
        p.suspend = Some(Suspend::Blocked);
        return 0;
    }
    if total == u64::MAX {
        // It would never return: the lesson would hang.
        p.stderr("ctlab: sleep: sleeping forever in the foreground is not supported yet\n");
        return 1;
    }
    p.sched.advance(p.k, total);
    0
}
