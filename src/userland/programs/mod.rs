//! The programs a command name can run, one file each, written as small C
//! programs are: arguments in, bytes out on descriptors, an exit status.
//!
//! Each runs in its own task (the shell forks and the child execs the
//! program's path, which sets its comm), through a [`Proc`].

use crate::kernel_model::{Errno, Kernel, TaskId};
use crate::userland::shell::io::{Io, Output};

mod cat;
mod false_;
mod hostname;
mod readlink;
mod true_;

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
}

/// A program's `main`: argv (with argv\[0\]) → exit status.
pub type Main = fn(&mut Proc<'_>, &[String]) -> i32;

/// The installed programs: name and path (Debian bookworm's).
const PROGRAMS: &[(&str, &str, Main)] = &[
    ("cat", "/usr/bin/cat", cat::main),
    ("false", "/usr/bin/false", false_::main),
    ("hostname", "/usr/bin/hostname", hostname::main),
    ("readlink", "/usr/bin/readlink", readlink::main),
    ("true", "/usr/bin/true", true_::main),
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
