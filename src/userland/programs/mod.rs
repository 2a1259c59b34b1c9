//! The programs a command name can run, one file each, written as small C
//! programs are: arguments in, bytes out on descriptors, an exit status.
//!
//! Each runs in its own task (the shell forks and the child execs the
//! program's path, which sets its comm), through a [`Proc`]. A program
//! that runs another (`unshare … CMD`, `chroot DIR CMD`) execs or forks
//! through the same [`Proc`], so the other program's blocking or turning
//! into an interactive shell reaches the shell that started it.

use crate::kernel_model::vfs::O_RDONLY;
use crate::kernel_model::{Errno, Kernel, TaskId};
use crate::userland::frame::Frame;
use crate::userland::sched::{Relay, Sched, alive, end_like};
use crate::userland::shell::io::{Io, Output, Stream, read_fd};

mod basename;
mod bash;
mod cat;
mod chroot;
mod datetime;
mod dirname;
mod false_;
mod filemode;
mod findmnt;
mod getopt;
mod grep;
mod head;
mod hostname;
mod id;
mod input;
mod ipcmk;
mod ipcs;
mod libmount;
mod ln;
mod ls;
mod lsns;
mod mkdir;
mod mode;
mod mount;
mod mv;
mod nsenter;
mod ps;
mod quote;
mod readlink;
mod regex;
mod rm;
mod rmdir;
mod sleep;
mod smartcols;
mod stat;
mod touch;
mod true_;
mod tty;
mod umount;
mod uname;
mod unshare;
mod wc;
mod whoami;

/// Why a program's `main` returned before the program ended.
#[derive(Debug)]
pub enum Suspend {
    /// It waits in [`Sched`] (a sleep in a background job, or a parent
    /// waiting for such a child); it ends when woken.
    Blocked,
    /// It became, or started and waits for, an interactive shell: these
    /// frames go on the terminal, the innermost last.
    Frames(Vec<Frame>),
}

/// A running program: its task, descriptors and the terminal output.
pub struct Proc<'a> {
    pub k: &'a mut Kernel,
    pub task: TaskId,
    pub io: &'a Io,
    pub out: &'a mut Output,
    /// The environment it was exec'd with (exported shell variables).
    pub env: Vec<(String, String)>,
    pub sched: Sched,
    /// Part of a background job: it may block instead of letting the
    /// terminal's time pass.
    pub background: bool,
    /// Set when `main` returns without the program having ended.
    pub suspend: Option<Suspend>,
}

impl<'a> Proc<'a> {
    pub fn new(
        k: &'a mut Kernel,
        task: TaskId,
        io: &'a Io,
        out: &'a mut Output,
        env: Vec<(String, String)>,
        sched: Sched,
        background: bool,
    ) -> Proc<'a> {
        Proc {
            k,
            task,
            io,
            out,
            env,
            sched,
            background,
            suspend: None,
        }
    }

    /// execve(2) of `argv[0]` (searched in PATH as execvp(3) does) in this
    /// task, and the new program's run. `Err` if the exec failed (nothing
    /// ran); otherwise the program's exit code — unless it suspended
    /// ([`Proc::suspend`] is then set and the caller must return at once).
    pub fn exec(&mut self, argv: &[String]) -> Result<i32, Errno> {
        let name = argv.first().ok_or(Errno::EFAULT)?;
        let (path, main) = lookup(name).ok_or(Errno::ENOENT)?;
        // execvp(3): a name with a slash is used as is (and resolved in
        // the task's root: after chroot it must exist there); a bare name
        // is found in PATH, where Debian has it.
        let file = if name.contains('/') {
            name.as_str()
        } else {
            path
        };
        self.k.execve_argv(self.task, file, argv.to_vec())?;
        let code = main(self, argv);
        // A program that left its task blocked (a shell waiting for a
        // sleeping child) has not ended.
        if self.suspend.is_none() && self.sched.is_blocked(self.task) {
            self.suspend = Some(Suspend::Blocked);
        }
        Ok(code)
    }

    /// The environment variable `name`.
    pub fn getenv(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// fork(2), `run` in the child (which exits with what it returns,
    /// unless it suspended), then waitpid(2) for it. `Ok(Some(status))`:
    /// the child's wait status; `Ok(None)`: the child suspended, and so
    /// does this program (it waits for the child), `self.suspend` is set.
    pub fn fork_wait(
        &mut self,
        relay: Relay,
        run: impl FnOnce(&mut Proc<'_>) -> i32,
    ) -> Result<Option<i32>, Errno> {
        let child = self.k.fork(self.task)?;
        let mut c = Proc::new(
            self.k,
            child,
            self.io,
            self.out,
            self.env.clone(),
            self.sched.clone(),
            self.background,
        );
        let code = run(&mut c);
        match c.suspend.take() {
            Some(Suspend::Frames(mut frames)) => {
                frames.insert(
                    0,
                    Frame::Waiter {
                        task: self.task,
                        child,
                        relay,
                        stderr_tty: self.isatty(2),
                    },
                );
                self.suspend = Some(Suspend::Frames(frames));
                return Ok(None);
            }
            Some(Suspend::Blocked) => {
                self.sched.wait_child(self.task, child, relay);
                self.suspend = Some(Suspend::Blocked);
                return Ok(None);
            }
            None => {}
        }
        if alive(self.k, child) {
            let _ = self.k.exit(child, code & 0xff);
        }
        let pid = self.k.pid_vnr(self.task, child);
        match self.k.wait4(self.task, pid, 0)? {
            Some((_, ws)) => Ok(Some(ws)),
            None => Err(Errno::ECHILD),
        }
    }

    /// Ends the program the way its child ended (wait status `ws`);
    /// returns the exit code when it exits normally.
    pub fn end_like(&mut self, ws: i32, relay: Relay) -> i32 {
        match end_like(self.k, self.task, ws, relay) {
            Some(msg) => {
                self.stderr(msg);
                1
            }
            None => (ws >> 8) & 0xff,
        }
    }
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
    ("bash", "/usr/bin/bash", bash::main),
    ("cat", "/usr/bin/cat", cat::main),
    ("chroot", "/usr/sbin/chroot", chroot::main),
    ("dirname", "/usr/bin/dirname", dirname::main),
    ("false", "/usr/bin/false", false_::main),
    ("findmnt", "/usr/bin/findmnt", findmnt::main),
    ("grep", "/usr/bin/grep", grep::main),
    ("hostname", "/usr/bin/hostname", hostname::main),
    ("head", "/usr/bin/head", head::main),
    ("hostname", "/usr/bin/hostname", hostname::main),
    ("id", "/usr/bin/id", id::main),
    ("ipcmk", "/usr/bin/ipcmk", ipcmk::main),
    ("ipcs", "/usr/bin/ipcs", ipcs::main),
    ("ln", "/usr/bin/ln", ln::main),
    ("ls", "/usr/bin/ls", ls::main),
    ("lsns", "/usr/bin/lsns", lsns::main),
    ("mkdir", "/usr/bin/mkdir", mkdir::main),
    ("mount", "/usr/bin/mount", mount::main),
    ("mv", "/usr/bin/mv", mv::main),
    ("nsenter", "/usr/bin/nsenter", nsenter::main),
    ("ps", "/usr/bin/ps", ps::main),
    ("readlink", "/usr/bin/readlink", readlink::main),
    ("rm", "/usr/bin/rm", rm::main),
    ("rmdir", "/usr/bin/rmdir", rmdir::main),
    ("sleep", "/usr/bin/sleep", sleep::main),
    ("stat", "/usr/bin/stat", stat::main),
    ("touch", "/usr/bin/touch", touch::main),
    ("true", "/usr/bin/true", true_::main),
    ("tty", "/usr/bin/tty", tty::main),
    ("umount", "/usr/bin/umount", umount::main),
    ("uname", "/usr/bin/uname", uname::main),
    ("unshare", "/usr/bin/unshare", unshare::main),
    ("wc", "/usr/bin/wc", wc::main),
    ("whoami", "/usr/bin/whoami", whoami::main),
];

/// The Debian paths of every modelled program: the guest kernel's image
/// (ctlab-native) installs the real ones so both sides run the same set.
pub fn paths() -> impl Iterator<Item = &'static str> {
    PROGRAMS.iter().map(|&(_, path, _)| path)
}

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
