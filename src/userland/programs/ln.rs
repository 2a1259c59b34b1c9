//! `ln [-s] [-f] [-v] TARGET [LINK]`, `ln … TARGET… DIR` (GNU coreutils
//! 9.1, src/ln.c). With one operand the link is made in `.` (named
//! `./BASE` in messages); when the last operand is a directory each link
//! goes into it. Checked: `ln -s t l` twice (`ln: failed to create
//! symbolic link 'l': File exists`), `ln nope h` (`ln: failed to access
//! 'nope': No such file or directory`), `ln -v g h2` (`'h2' => 'g'`), `ln
//! -sv g h3` (`'h3' -> 'g'`), `ln g` in g's directory (`ln: failed to
//! create hard link './g': File exists`).

use super::Proc;
use super::basename::base_name;
use super::getopt::{self, Cmd, Has};
use super::quote::quote;
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{S_IFDIR, S_IFMT};

const CMD: Cmd = Cmd {
    name: "ln",
    opts: &[
        ("s|symbolic", Has::No),
        ("f|force", Has::No),
        ("v|verbose", Has::No),
        ("!b", Has::No),
        ("!|backup", Has::Opt),
        ("!i|interactive", Has::No),
        ("!L|logical", Has::No),
        ("!n|no-dereference", Has::No),
        ("!P|physical", Has::No),
        ("!r|relative", Has::No),
        ("!S|suffix", Has::Req),
        ("!t|target-directory", Has::Req),
        ("!T|no-target-directory", Has::No),
    ],
    usage_status: 1,
    usage_line: "",
};

/// gnulib `file_name_concat(dir, base)` as the programs use it.
pub fn concat(dir: &str, base: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{base}")
    } else {
        format!("{dir}/{base}")
    }
}

fn is_dir(p: &mut Proc<'_>, path: &str) -> bool {
    p.k.stat(p.task, path)
        .is_ok_and(|st| st.mode & S_IFMT == S_IFDIR)
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    let ops = &a.operands;
    let (sym, force, verbose) = (a.has("s"), a.has("f"), a.has("v"));
    let pairs: Vec<(String, String)> = match ops.as_slice() {
        [] => return getopt::usage_error(p, &CMD, "missing file operand"),
        [t] => vec![(t.clone(), concat(".", &base_name(t, None)))],
        [t, l] if !is_dir(p, l) => vec![(t.clone(), l.clone())],
        [targets @ .., dir] => {
            if !is_dir(p, dir) {
                let msg = format!("target {}: Not a directory\n", quote(dir));
                p.stderr(&format!("ln: {msg}"));
                return 1;
            }
            targets
                .iter()
                .map(|t| (t.clone(), concat(dir, &base_name(t, None))))
                .collect()
        }
    };
    let mut status = 0;
    for (target, link) in pairs {
        if !sym && let Err(e) = p.k.stat(p.task, &target) {
            p.stderr(&format!("ln: failed to access {}: {e}\n", quote(&target)));
            status = 1;
            continue;
        }
        if force && p.k.lstat(p.task, &link).is_ok() && !is_dir(p, &link) {
            let _ = p.k.unlink(p.task, &link);
        }
        let r = if sym {
            p.k.symlink(p.task, &target, &link)
        } else {
            p.k.link(p.task, &target, &link)
        };
        let kind = if sym { "symbolic" } else { "hard" };
        match r {
            Ok(()) => {
                if verbose {
                    let arrow = if sym { "->" } else { "=>" };
                    p.stdout(&format!("{} {arrow} {}\n", quote(&link), quote(&target)));
                }
            }
            Err(e) => {
                // ln.c: hard links name both files unless the errno is
                // about the new name (EEXIST, EROFS, ENOSPC, EDQUOT).
                let both = !sym && !matches!(e, Errno::EEXIST | Errno::EROFS | Errno::ENOSPC);
                let what = if both {
                    format!("{} => {}", quote(&link), quote(&target))
                } else {
                    quote(&link)
                };
                p.stderr(&format!("ln: failed to create {kind} link {what}: {e}\n"));
                status = 1;
            }
        }
    }
    status
}
