//! `touch [-c] FILE…` (GNU coreutils 9.1, src/touch.c `touch()`): opens
//! each file with `O_WRONLY|O_CREAT|O_NONBLOCK|O_NOCTTY`, mode 0666 &
//! ~umask (creating it if missing), then sets its access and modification
//! times to now with utimensat(2) and `times` NULL (touch.c passes NULL
//! "so it will not fail if we have write access to the file, but don't
//! own it"). GNU calls futimens(2) on the open descriptor; the model calls
//! utimensat(2) on the same path, which checks the same inode.
//!
//! Diagnostics as touch.c gives them: when setting the times fails, the
//! open error is reported (`cannot touch 'F': …`) unless there was none or
//! it only says F is a directory (EISDIR), else the utimensat error
//! (`setting times of 'F': …`); with `-c` a missing file is silently
//! skipped. Checked on the real touch: `touch nodir/x` (`touch: cannot
//! touch 'nodir/x': No such file or directory`), `touch -c nope` (silent,
//! 0), `touch` (`touch: missing file operand`), `touch /` (0), and a
//! second `touch f` moves `stat -c '%x|%y|%z' f` all three to one new time.

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::quote::quote;
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{AT_FDCWD, O_CREAT, O_NOCTTY, O_NONBLOCK, O_WRONLY};

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
        let mut open_errno = None;
        let mut fd = None;
        if !no_create {
            let fl = O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY;
            match p.k.open(p.task, f, fl, 0o666) {
                Ok(x) => fd = Some(x),
                Err(e) => open_errno = Some(e),
            }
        }
        let utime = p.k.utimensat(p.task, AT_FDCWD, f, None, 0);
        if let Some(fd) = fd {
            let _ = p.k.close(p.task, fd);
        }
        let Err(utime_errno) = utime else {
            continue;
        };
        match open_errno {
            // touch.c also passes EINVAL when F is a directory (Solaris);
            // Linux says EISDIR.
            Some(e) if e != Errno::EISDIR => {
                p.stderr(&format!("touch: cannot touch {}: {e}\n", quote(f)));
            }
            _ if no_create && utime_errno == Errno::ENOENT => continue,
            _ => {
                p.stderr(&format!(
                    "touch: setting times of {}: {utime_errno}\n",
                    quote(f)
                ));
            }
        }
        status = 1;
    }
    status
}
