//! `basename NAME [SUFFIX]`, `basename -a|-s SUFFIX NAME…` (GNU
//! coreutils 9.1, src/basename.c): the last component of each name,
//! trailing slashes removed, then a suffix removed unless it is the whole
//! component (checked: `basename .c .c` prints `.c`, `basename /x/` prints
//! `x`, `basename //` prints `/`).

use super::Proc;
use super::getopt::{self, Cmd, Has};

const CMD: Cmd = Cmd {
    name: "basename",
    opts: &[
        ("a|multiple", Has::No),
        ("s|suffix", Has::Req),
        ("!z|zero", Has::No),
    ],
    usage_status: 1,
    usage_line: "",
};

/// The base name of `name` with `suffix` removed (base_name +
/// strip_trailing_slashes + remove_suffix).
pub fn base_name(name: &str, suffix: Option<&str>) -> String {
    if name.is_empty() {
        return String::new();
    }
    let t = name.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    let base = t.rsplit('/').next().unwrap_or(t);
    match suffix {
        Some(s) if !s.is_empty() && base.len() > s.len() && base.ends_with(s) => {
            base[..base.len() - s.len()].to_string()
        }
        _ => base.to_string(),
    }
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    let suffix = a.last("s").map(String::from);
    let multiple = a.has("a") || suffix.is_some();
    let ops = &a.operands;
    if ops.is_empty() {
        return getopt::usage_error(p, &CMD, "missing operand");
    }
    let (names, suffix): (&[String], Option<String>) = if multiple {
        (ops, suffix)
    } else if ops.len() > 2 {
        let msg = format!("extra operand {}", super::quote::quote(&ops[2]));
        return getopt::usage_error(p, &CMD, &msg);
    } else {
        (&ops[..1], ops.get(1).cloned())
    };
    let mut out = String::new();
    for n in names {
        out.push_str(&base_name(n, suffix.as_deref()));
        out.push('\n');
    }
    p.stdout(&out);
    0
}
