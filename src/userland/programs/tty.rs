//! `tty` (GNU coreutils 9.1): the name of the terminal on standard input
//! (ttyname(3), which reads the /proc/self/fd/0 link), or `not a tty` and
//! status 1; `-s` prints nothing. Usage errors exit 2 (checked: `tty x`).

use super::Proc;
use super::getopt::{self, Cmd, Has};

const CMD: Cmd = Cmd {
    name: "tty",
    opts: &[("s|silent", Has::No), ("|quiet", Has::No)],
    usage_status: 2,
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
    let silent = a.has("s") || a.has("quiet");
    if !p.isatty(0) {
        if !silent {
            p.stdout("not a tty\n");
        }
        return 1;
    }
    if silent {
        return 0;
    }
    // ttyname(3): the fd's /proc link, accepted if it names a device.
    match p.k.readlink(p.task, "/proc/self/fd/0") {
        Ok(name) if name.starts_with("/dev/") => {
            p.stdout(&format!("{name}\n"));
            0
        }
        _ => {
            p.stderr("ctlab: tty: the model has no name for this terminal yet\n");
            1
        }
    }
}
