//! `mkdir [-p] [-v] [-m MODE] DIR…` (GNU coreutils 9.1, src/mkdir.c).
//! With `-m` the directory gets exactly MODE (mkdir(2) then chmod(2), as
//! umask would otherwise clear bits); `-p` creates missing parents (mode
//! `0777 & ~umask | u+wx`) and accepts an existing directory. Checked:
//! `mkdir a` twice (`mkdir: cannot create directory 'a': File exists`),
//! `mkdir -v b c/d`, `mkdir -pv c/d/e` (one `created directory` line per
//! directory), `mkdir -m xyz q` (`mkdir: invalid mode 'xyz'`), `mkdir -p
//! f/g` with a file f (`cannot create directory 'f': Not a directory`).

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::mode;
use super::quote::quote;
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{S_IFDIR, S_IFMT};

const CMD: Cmd = Cmd {
    name: "mkdir",
    opts: &[
        ("m|mode", Has::Req),
        ("p|parents", Has::No),
        ("v|verbose", Has::No),
        ("!Z", Has::No),
        ("!|context", Has::Opt),
    ],
    usage_status: 1,
    usage_line: "",
};

fn is_dir(p: &mut Proc<'_>, path: &str) -> bool {
    p.k.stat(p.task, path)
        .is_ok_and(|st| st.mode & S_IFMT == S_IFDIR)
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    if a.operands.is_empty() {
        return getopt::usage_error(p, &CMD, "missing operand");
    }
    let umask = p.k.umask(p.task, 0).unwrap_or(0o022);
    let _ = p.k.umask(p.task, umask);
    let mode = match a.last("m") {
        Some(m) => match mode::parse(m) {
            Some(md) => Some(mode::adjust(&md, 0o777, true, umask)),
            None => {
                p.stderr(&format!("mkdir: invalid mode {}\n", quote(m)));
                return 1;
            }
        },
        None => None,
    };
    let (parents, verbose) = (a.has("p"), a.has("v"));
    let mut status = 0;
    for dir in &a.operands {
        if let Err((what, e)) = make(p, dir, mode, parents, verbose, umask) {
            p.stderr(&format!(
                "mkdir: cannot create directory {}: {e}\n",
                quote(&what)
            ));
            status = 1;
        }
    }
    status
}

/// Creates `dir` (and its parents with `-p`); the failing path and errno.
fn make(
    p: &mut Proc<'_>,
    dir: &str,
    mode: Option<u32>,
    parents: bool,
    verbose: bool,
    umask: u32,
) -> Result<(), (String, Errno)> {
    if parents {
        let parent_mode = (0o777 & !umask) | 0o300;
        let mut prefix = String::new();
        let comps: Vec<&str> = dir.split('/').collect();
        for (i, c) in comps.iter().enumerate() {
            if i > 0 {
                prefix.push('/');
            }
            prefix.push_str(c);
            let rest_nonempty = comps[i + 1..].iter().any(|c| !c.is_empty());
            if c.is_empty() || !rest_nonempty {
                continue;
            }
            match p.k.mkdir(p.task, &prefix, parent_mode) {
                Ok(()) => {
                    if parent_mode & !(0o777 & !umask) != 0 {
                        let _ = p.k.chmod(p.task, &prefix, parent_mode);
                    }
                    if verbose {
                        p.stdout(&format!("mkdir: created directory {}\n", quote(&prefix)));
                    }
                }
                Err(Errno::EEXIST) if is_dir(p, &prefix) => {}
                Err(Errno::EEXIST) => return Err((prefix, Errno::ENOTDIR)),
                Err(e) => return Err((prefix, e)),
            }
        }
    }
    match p.k.mkdir(p.task, dir, mode.unwrap_or(0o777)) {
        Ok(()) => {
            if let Some(m) = mode
                && let Err(e) = p.k.chmod(p.task, dir, m)
            {
                return Err((dir.to_string(), e));
            }
            if verbose {
                p.stdout(&format!("mkdir: created directory {}\n", quote(dir)));
            }
            Ok(())
        }
        Err(Errno::EEXIST) if parents && is_dir(p, dir) => Ok(()),
        Err(e) => Err((dir.to_string(), e)),
    }
}
