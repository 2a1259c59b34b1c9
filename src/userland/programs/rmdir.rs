//! `rmdir [-p] [-v] DIR…` (GNU coreutils 9.1, src/rmdir.c). Checked:
//! `rmdir a` with a file in it (`rmdir: failed to remove 'a': Directory
//! not empty`), `rmdir nope f` (ENOENT, ENOTDIR; status 1), `rmdir -p
//! c/d/e -v` (`rmdir: removing directory, 'c/d/e'`, then `'c/d'`, `'c'`).

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::quote::quote;

const CMD: Cmd = Cmd {
    name: "rmdir",
    opts: &[
        ("p|parents", Has::No),
        ("v|verbose", Has::No),
        ("!|ignore-fail-on-non-empty", Has::No),
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
        return getopt::usage_error(p, &CMD, "missing operand");
    }
    let (parents, verbose) = (a.has("p"), a.has("v"));
    let mut status = 0;
    for dir in &a.operands {
        let mut d = dir.as_str();
        loop {
            if verbose {
                p.stdout(&format!("rmdir: removing directory, {}\n", quote(d)));
            }
            if let Err(e) = p.k.rmdir(p.task, d) {
                p.stderr(&format!("rmdir: failed to remove {}: {e}\n", quote(d)));
                status = 1;
                break;
            }
            if !parents {
                break;
            }
            // remove_parents(): strip the last component and its slashes.
            let t = d.trim_end_matches('/');
            match t.rfind('/') {
                Some(i) => {
                    d = t[..i].trim_end_matches('/');
                    if d.is_empty() {
                        break;
                    }
                }
                None => break,
            }
        }
    }
    status
}
