//! `uname [-snrmo…]` (GNU coreutils 9.1): fields of uname(2) in the order
//! kernel name, node name, release, version, machine, processor, hardware
//! platform, operating system; no option means `-s`. `-p` and `-i` print
//! `unknown` (as on this machine). The model's utsname has no version
//! string (`#1 SMP …`), so `-v` and `-a` are not supported.

use super::Proc;
use super::getopt::{self, Cmd, Has};

const CMD: Cmd = Cmd {
    name: "uname",
    opts: &[
        ("!a|all", Has::No),
        ("s|kernel-name", Has::No),
        ("n|nodename", Has::No),
        ("r|kernel-release", Has::No),
        ("!v|kernel-version", Has::No),
        ("m|machine", Has::No),
        ("p|processor", Has::No),
        ("i|hardware-platform", Has::No),
        ("o|operating-system", Has::No),
    ],
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
    let u = match p.k.uname(p.task) {
        Ok(u) => u,
        Err(e) => {
            p.stderr(&format!("uname: cannot get system name: {e}\n"));
            return 1;
        }
    };
    let fields = [
        ("s", u.sysname.as_str()),
        ("n", &u.nodename),
        ("r", &u.release),
        ("m", &u.machine),
        ("p", "unknown"),
        ("i", "unknown"),
        ("o", "GNU/Linux"),
    ];
    let any = fields.iter().any(|(k, _)| a.has(k));
    let words: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| a.has(k) || (!any && *k == "s"))
        .map(|(_, v)| *v)
        .collect();
    p.stdout(&format!("{}\n", words.join(" ")));
    0
}
