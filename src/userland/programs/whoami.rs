//! `whoami` (GNU coreutils 9.1): the user name of the effective uid
//! (geteuid + getpwuid); `whoami: cannot find name for user ID N` and
//! status 1 when /etc/passwd has none.

use super::Proc;
use super::getopt::{self, Cmd};

const CMD: Cmd = Cmd {
    name: "whoami",
    opts: &[],
    usage_status: 1,
    usage_line: "",
};

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    if let Some(x) = a.operands.first() {
        let msg = format!("extra operand {}", super::quote::quote(x));
        return getopt::usage_error(p, &CMD, &msg);
    }
    let Ok(uid) = p.k.geteuid(p.task) else {
        return 1;
    };
    match p.user_name(uid) {
        Some(n) => {
            p.stdout(&format!("{n}\n"));
            0
        }
        None => {
            p.stderr(&format!("whoami: cannot find name for user ID {uid}\n"));
            1
        }
    }
}
