//! `touch [-c] FILE…` (GNU coreutils 9.1, src/touch.c): creates each file
//! that does not exist (open O_CREAT, mode 0666 & ~umask). Setting the
//! times of an existing file needs utimensat(2), which the model's kernel
//! does not offer to programs yet: touching an existing file prints the
//! ctlab "not supported" message and makes the status 1 instead of
//! silently leaving the old times. Checked: `touch nodir/x` (`touch:
//! cannot touch 'nodir/x': No such file or directory`), `touch -c nope`
//! (silent, 0), `touch` (`touch: missing file operand`).

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::quote::quote;
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{O_CREAT, O_EXCL, O_NOCTTY, O_NONBLOCK, O_WRONLY};

const CMD: Cmd = Cmd {
    name: "touch",
    opts: &[
        ("c|no-create", Has::No),
        ("!a", Has::No),
        ("!m", Has::No),
        ("!d|date", Has::Req),
        ("!t", Has::Req),
        ("!r|reference", Has::Req),
        ("!h|no-dereference", Has::No),
        ("!|time", Has::Req),
        ("f", Has::No),
    ],
    usage_status: 1,
    usage_line: "",
};

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    if a.operands.is_empty() {
        return getopt::usage_error(p, &CMD, "missing file operand");
    }
    let no_create = a.has("c");
    let mut status = 0;
    for f in &a.operands {
        if f == "-" {
            p.stderr("ctlab: touch: touching standard output is not supported yet\n");
            status = 1;
            continue;
        }
        let exists = p.k.stat(p.task, f).is_ok();
        if !exists && no_create {
            continue;
        }
        let r = if exists {
            Err(Errno::EEXIST)
        } else {
            let fl = O_WRONLY | O_CREAT | O_EXCL | O_NONBLOCK | O_NOCTTY;
            p.k.open(p.task, f, fl, 0o666).map(|fd| {
                let _ = p.k.close(p.task, fd);
            })
        };
        match r {
            Ok(()) => {}
            Err(Errno::EEXIST) => {
                p.stderr(&format!(
                    "ctlab: touch: changing the times of existing file {} is not supported yet\n",
                    quote(f)
                ));
                status = 1;
            }
            Err(e) => {
                p.stderr(&format!("touch: cannot touch {}: {e}\n", quote(f)));
                status = 1;
            }
        }
    }
    status
}
