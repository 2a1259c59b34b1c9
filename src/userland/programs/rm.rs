//! `rm [-f] [-r|-R] [-d] [-v] FILE…` (GNU coreutils 9.1, src/rm.c and
//! remove.c). As root rm never prompts (a write-protected file is
//! writable for root), so `-i`/`-I` are the only prompting options (not
//! supported). Checked: `rm a` on a directory (`rm: cannot remove 'a': Is
//! a directory`), `rm nope` (ENOENT, status 1) and `rm -f nope` (silent,
//! 0), `rm -rv a` (`removed directory 'a/x'` … `removed directory 'a'`),
//! `rm -v f` (`removed 'f'`), `rm -r .` (`rm: refusing to remove '.' or
//! '..' directory: skipping '.'`), `rm /` (`Is a directory`) and `rm -rf
//! /` (the two --preserve-root lines), all status 1.

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::quote::quote;
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{O_DIRECTORY, O_RDONLY, S_IFDIR, S_IFMT};

const CMD: Cmd = Cmd {
    name: "rm",
    opts: &[
        ("f|force", Has::No),
        ("r|recursive", Has::No),
        ("R", Has::No),
        ("d|dir", Has::No),
        ("v|verbose", Has::No),
        ("!i", Has::No),
        ("!I", Has::No),
        ("!|interactive", Has::Opt),
        ("!|one-file-system", Has::No),
        ("!|no-preserve-root", Has::No),
        ("|preserve-root", Has::Opt),
    ],
    usage_status: 1,
    usage_line: "",
};

struct Opts {
    force: bool,
    recursive: bool,
    dir: bool,
    verbose: bool,
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    let o = Opts {
        force: a.has("f"),
        recursive: a.has("r") || a.has("R"),
        dir: a.has("d"),
        verbose: a.has("v"),
    };
    if a.operands.is_empty() {
        if o.force {
            return 0;
        }
        return getopt::usage_error(p, &CMD, "missing operand");
    }
    let root = p.k.stat(p.task, "/").ok().map(|s| (s.dev, s.ino));
    let mut status = 0;
    for f in &a.operands {
        let last = f.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if matches!(last, "." | "..") && !f.trim_end_matches('/').is_empty() {
            p.stderr(&format!(
                "rm: refusing to remove '.' or '..' directory: skipping {}\n",
                quote(f)
            ));
            status = 1;
            continue;
        }
        if o.recursive {
            let st = p.k.lstat(p.task, f).ok().map(|s| (s.dev, s.ino));
            if st.is_some() && st == root {
                if f == "/" {
                    p.stderr("rm: it is dangerous to operate recursively on '/'\n");
                } else {
                    p.stderr(&format!(
                        "rm: it is dangerous to operate recursively on {} (same as '/')\n",
                        quote(f)
                    ));
                }
                p.stderr("rm: use --no-preserve-root to override this failsafe\n");
                status = 1;
                continue;
            }
        }
        if !remove(p, &o, f) {
            status = 1;
        }
    }
    status
}

fn fail(p: &mut Proc<'_>, f: &str, e: Errno) -> bool {
    p.stderr(&format!("rm: cannot remove {}: {e}\n", quote(f)));
    false
}

/// Removes `f` (a tree with `-r`); false if anything failed.
fn remove(p: &mut Proc<'_>, o: &Opts, f: &str) -> bool {
    let st = match p.k.lstat(p.task, f) {
        Ok(st) => st,
        Err(Errno::ENOENT) if o.force => return true,
        Err(e) => return fail(p, f, e),
    };
    if st.mode & S_IFMT != S_IFDIR {
        return match p.k.unlink(p.task, f) {
            Ok(()) => {
                if o.verbose {
                    p.stdout(&format!("removed {}\n", quote(f)));
                }
                true
            }
            Err(Errno::ENOENT) if o.force => true,
            Err(e) => fail(p, f, e),
        };
    }
    if !o.recursive {
        if !o.dir {
            return fail(p, f, Errno::EISDIR);
        }
    } else {
        let names = match p.k.open(p.task, f, O_RDONLY | O_DIRECTORY, 0) {
            Ok(fd) => {
                let r = p.k.getdents(p.task, fd);
                let _ = p.k.close(p.task, fd);
                r
            }
            Err(e) => Err(e),
        };
        let names = match names {
            Ok(n) => n,
            Err(e) => return fail(p, f, e),
        };
        let mut ok = true;
        let base = f.trim_end_matches('/');
        for e in names {
            if e.name == "." || e.name == ".." {
                continue;
            }
            let child = format!("{base}/{}", e.name);
            ok &= remove(p, o, &child);
        }
        if !ok {
            return false;
        }
    }
    match p.k.rmdir(p.task, f) {
        Ok(()) => {
            if o.verbose {
                p.stdout(&format!("removed directory {}\n", quote(f)));
            }
            true
        }
        Err(e) => fail(p, f, e),
    }
}
