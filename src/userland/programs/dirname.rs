//! `dirname NAME…` (GNU coreutils 9.1, src/dirname.c with gnulib's
//! `dir_len`): each name with its last component and the slashes before it
//! removed; `.` when nothing is left (checked: `dirname /a/b// a / // ''
//! a/` prints `/a . / / . .`).

use super::Proc;
use super::getopt::{self, Cmd, Has};

const CMD: Cmd = Cmd {
    name: "dirname",
    opts: &[("!z|zero", Has::No)],
    usage_status: 1,
    usage_line: "",
};

/// gnulib `mdir_name`.
pub fn dir_name(f: &str) -> String {
    let b = f.as_bytes();
    let prefix = usize::from(b.first() == Some(&b'/'));
    // last_component: the start of the last non-slash run.
    let mut base = b.iter().take_while(|&&c| c == b'/').count();
    let mut saw_slash = false;
    for (i, &c) in b.iter().enumerate().skip(base) {
        if c == b'/' {
            saw_slash = true;
        } else if saw_slash {
            base = i;
            saw_slash = false;
        }
    }
    let mut len = base;
    while len > prefix && b[len - 1] == b'/' {
        len -= 1;
    }
    if len == 0 {
        ".".into()
    } else {
        String::from_utf8_lossy(&b[..len]).into_owned()
    }
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    if a.operands.is_empty() {
        return getopt::usage_error(p, &CMD, "missing operand");
    }
    let out: String = a.operands.iter().map(|n| dir_name(n) + "\n").collect();
    p.stdout(&out);
    0
}
