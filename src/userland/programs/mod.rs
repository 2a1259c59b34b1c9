//! The programs a command name can run, one file each, written as small C
//! programs are: arguments in, bytes out on descriptors, an exit status.
//!
//! Each runs in its own task (the shell forks and the child execs the
//! program's path, which sets its comm), through a [`Proc`].

use crate::kernel_model::vfs::O_RDONLY;
use crate::kernel_model::{Errno, Kernel, TaskId};
use crate::userland::shell::io::{Io, Output, Stream, read_fd};

mod basename;
mod cat;
mod datetime;
mod dirname;
mod false_;
mod filemode;
mod getopt;
mod grep;
mod head;
mod hostname;
mod id;
mod input;
mod ln;
mod ls;
mod mkdir;
mod mode;
mod mv;
mod quote;
mod readlink;
mod regex;
mod rm;
mod rmdir;
mod stat;
mod touch;
mod true_;
mod tty;
mod uname;
mod wc;
mod whoami;

/// A running program: its task, descriptors and the terminal output.
pub struct Proc<'a> {
    pub k: &'a mut Kernel,
    pub task: TaskId,
    pub io: &'a Io,
    pub out: &'a mut Output,
}

impl Proc<'_> {
    /// Writes to a descriptor, as `fwrite` + `fflush`; errors are dropped
    /// (the programs here never check them either when the screen is gone).
    pub fn write(&mut self, fd: u32, buf: &[u8]) -> Result<(), Errno> {
        self.io.write(self.k, self.task, self.out, fd, buf)
    }

    pub fn stdout(&mut self, s: &str) {
        let _ = self.write(1, s.as_bytes());
    }

    pub fn stderr(&mut self, s: &str) {
        let _ = self.write(2, s.as_bytes());
    }

    /// isatty(3): whether `fd` is the terminal (programs that lay out
    /// columns, such as `ls` and `ps`, print differently to a pipe or file).
    pub fn isatty(&self, fd: u32) -> bool {
        matches!(
            self.io.get(fd),
            Some(Stream::TermIn | Stream::TermOut | Stream::TermErr)
        )
    }

    /// The terminal's width (TIOCGWINSZ): every terminal is 80×24, in the
    /// model and in the native sandbox's pseudo-terminals.
    pub fn term_width(&self) -> usize {
        TERM_COLS
    }

    /// Reads a whole file, as programs read /proc and /etc files.
    pub fn read_file(&mut self, path: &str) -> Result<Vec<u8>, Errno> {
        let fd = self.k.open(self.task, path, O_RDONLY, 0)?;
        let r = read_fd(self.k, self.task, fd);
        let _ = self.k.close(self.task, fd);
        r
    }

    /// getpwuid(3) through /etc/passwd: the user name of `uid`, if any.
    pub fn user_name(&mut self, uid: u32) -> Option<String> {
        self.db_name("/etc/passwd", uid)
    }

    /// getgrgid(3) through /etc/group: the group name of `gid`, if any.
    pub fn group_name(&mut self, gid: u32) -> Option<String> {
        self.db_name("/etc/group", gid)
    }

    /// The name on the first line `name:x:id:…` of a passwd-style file.
    fn db_name(&mut self, path: &str, id: u32) -> Option<String> {
        let data = self.read_file(path).ok()?;
        String::from_utf8_lossy(&data).lines().find_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            let _ = f.next()?;
            (f.next()?.parse::<u32>().ok()? == id).then(|| name.to_string())
        })
    }
}

/// Columns of every terminal (model and native pseudo-terminals).
pub const TERM_COLS: usize = 80;
/// Rows of every terminal.
pub const TERM_ROWS: usize = 24;

/// A program's `main`: argv (with argv\[0\]) → exit status.
pub type Main = fn(&mut Proc<'_>, &[String]) -> i32;

/// The installed programs: name and path (Debian bookworm's).
const PROGRAMS: &[(&str, &str, Main)] = &[
    ("basename", "/usr/bin/basename", basename::main),
    ("cat", "/usr/bin/cat", cat::main),
    ("dirname", "/usr/bin/dirname", dirname::main),
    ("false", "/usr/bin/false", false_::main),
    ("grep", "/usr/bin/grep", grep::main),
    ("head", "/usr/bin/head", head::main),
    ("hostname", "/usr/bin/hostname", hostname::main),
    ("id", "/usr/bin/id", id::main),
    ("ln", "/usr/bin/ln", ln::main),
    ("ls", "/usr/bin/ls", ls::main),
    ("mkdir", "/usr/bin/mkdir", mkdir::main),
    ("mv", "/usr/bin/mv", mv::main),
    ("readlink", "/usr/bin/readlink", readlink::main),
    ("rm", "/usr/bin/rm", rm::main),
    ("rmdir", "/usr/bin/rmdir", rmdir::main),
    ("stat", "/usr/bin/stat", stat::main),
    ("touch", "/usr/bin/touch", touch::main),
    ("true", "/usr/bin/true", true_::main),
    ("tty", "/usr/bin/tty", tty::main),
    ("uname", "/usr/bin/uname", uname::main),
    ("wc", "/usr/bin/wc", wc::main),
    ("whoami", "/usr/bin/whoami", whoami::main),
];

/// Finds a program by command name: a bare name is searched by name (as
/// the `PATH` lookup would find it in /usr/bin); a name with a `/` must be
/// one of the known paths or its /bin alias (/bin → usr/bin).
pub fn lookup(name: &str) -> Option<(&'static str, Main)> {
    PROGRAMS.iter().find_map(|&(n, path, main)| {
        let alias = path.strip_prefix("/usr");
        let hit = if name.contains('/') {
            name == path || Some(name) == alias
        } else {
            name == n
        };
        hit.then_some((path, main))
    })
}
