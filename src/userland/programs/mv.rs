//! `mv [-f] [-n] [-v] SOURCE DEST`, `mv … SOURCE… DIR` (GNU coreutils
//! 9.1, src/mv.c and copy.c) with rename(2). Moving across file systems
//! (EXDEV) would copy the tree, which the model does not do yet: it prints
//! the ctlab "not supported" message. Checked: `mv nope x` (`mv: cannot
//! stat 'nope': No such file or directory`), `mv -v g g2` (`renamed 'g' ->
//! 'g2'`), `mv dd dd/x` (`mv: cannot move 'dd' to a subdirectory of
//! itself, 'dd/x'`), `mv h h` (`mv: 'h' and 'h' are the same file`), `mv
//! a` (`mv: missing destination file operand after 'a'`).

use super::Proc;
use super::basename::base_name;
use super::getopt::{self, Cmd, Has};
use super::ln::concat;
use super::quote::quote;
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{S_IFDIR, S_IFMT};

const CMD: Cmd = Cmd {
    name: "mv",
    opts: &[
        ("f|force", Has::No),
        ("n|no-clobber", Has::No),
        ("v|verbose", Has::No),
        ("!i|interactive", Has::No),
        ("!b", Has::No),
        ("!|backup", Has::Opt),
        ("!S|suffix", Has::Req),
        ("!t|target-directory", Has::Req),
        ("!T|no-target-directory", Has::No),
        ("!u|update", Has::No),
        ("!Z|context", Has::No),
        ("!|strip-trailing-slashes", Has::No),
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
    let (no_clobber, verbose) = (a.has("n"), a.has("v"));
    let pairs: Vec<(String, String)> = match a.operands.as_slice() {
        [] => return getopt::usage_error(p, &CMD, "missing file operand"),
        [s] => {
            let msg = format!("missing destination file operand after {}", quote(s));
            return getopt::usage_error(p, &CMD, &msg);
        }
        [s, d] if !is_dir(p, d) => vec![(s.clone(), d.clone())],
        [srcs @ .., dir] => {
            if !is_dir(p, dir) {
                p.stderr(&format!("mv: target {}: Not a directory\n", quote(dir)));
                return 1;
            }
            srcs.iter()
                .map(|s| (s.clone(), concat(dir, &base_name(s, None))))
                .collect()
        }
    };
    let mut status = 0;
    for (src, dst) in pairs {
        if !move_one(p, &src, &dst, no_clobber, verbose) {
            status = 1;
        }
    }
    status
}

fn move_one(p: &mut Proc<'_>, src: &str, dst: &str, no_clobber: bool, verbose: bool) -> bool {
    let s = match p.k.lstat(p.task, src) {
        Ok(s) => s,
        Err(e) => {
            p.stderr(&format!("mv: cannot stat {}: {e}\n", quote(src)));
            return false;
        }
    };
    if let Ok(d) = p.k.lstat(p.task, dst) {
        if (d.dev, d.ino) == (s.dev, s.ino) {
            p.stderr(&format!(
                "mv: {} and {} are the same file\n",
                quote(src),
                quote(dst)
            ));
            return false;
        }
        if no_clobber {
            return true;
        }
        let (sd, dd) = (s.mode & S_IFMT == S_IFDIR, d.mode & S_IFMT == S_IFDIR);
        if sd && !dd {
            p.stderr(&format!(
                "mv: cannot overwrite non-directory {} with directory {}\n",
                quote(dst),
                quote(src)
            ));
            return false;
        }
        if !sd && dd {
            p.stderr(&format!(
                "mv: cannot overwrite directory {} with non-directory\n",
                quote(dst)
            ));
            return false;
        }
    }
    match p.k.rename(p.task, src, dst) {
        Ok(()) => {
            if verbose {
                p.stdout(&format!("renamed {} -> {}\n", quote(src), quote(dst)));
            }
            true
        }
        Err(Errno::EINVAL) => {
            p.stderr(&format!(
                "mv: cannot move {} to a subdirectory of itself, {}\n",
                quote(src),
                quote(dst)
            ));
            false
        }
        Err(Errno::EXDEV) => {
            p.stderr(&format!(
                "ctlab: mv: moving {} to another file system is not supported yet\n",
                quote(src)
            ));
            false
        }
        Err(e) => {
            p.stderr(&format!(
                "mv: cannot move {} to {}: {e}\n",
                quote(src),
                quote(dst)
            ));
            false
        }
    }
}
