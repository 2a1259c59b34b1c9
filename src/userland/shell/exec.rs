//! The executor: runs a parsed [`List`] in a shell task of the model, as
//! bash does. Builtins run in the shell's own task; other commands fork a
//! child, which execs the program (its comm becomes the program's name),
//! runs it and exits; the shell reaps it with wait4(2), so PIDs advance as
//! in a real session. Where bash does not fork — the last command of a
//! `bash -c` string, of a subshell or of `$(…)` is exec'd in place — the
//! executor does not either ([`Tail`]), so PIDs match there too.
//!
//! An interactive shell keeps a job table ([`super::jobs`]): `cmd &` forks,
//! prints `[1] PID` and does not wait; a job that ends is reported
//! (`[1]+  Done …`) after the foreground command during which it ended.
//! Programs that block (a background `sleep`) wait in [`Sched`] for virtual
//! time to pass. A program that turns into an interactive shell (`bash`,
//! `unshare … bash`) suspends the line: the terminal's [`Frame`] stack
//! gets the new shell, which reads the next lines until it exits.
//!
//! Not yet (each prints `ctlab: … is not supported yet`, `$?` = 2): the
//! expansions listed in [`super::expand`], and commands after one that
//! started an interactive shell on the same line.

use std::collections::BTreeMap;

use super::ast::{AndOr, Command, Connector, List, Pipeline, SimpleCommand};
use super::builtins;
use super::expand::{Unsupported, expand_string, expand_word};
use super::io::{Io, Output, Stream};
use super::jobs::{Jobs, strsignal};
use super::redirect::{self, RedirError};
use super::{ParseErrorKind, parse};
use crate::kernel_model::signal::SigDisposition;
use crate::kernel_model::vfs::O_RDWR;
use crate::kernel_model::{Kernel, SysResult, TaskId};
use crate::userland::frame::Frame;
use crate::userland::programs::{Proc, Suspend};
use crate::userland::sched::{Relay, Sched, alive};

/// A shell variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub value: String,
    pub exported: bool,
}

/// One bash process: its task in the model and its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shell {
    pub task: TaskId,
    pub vars: BTreeMap<String, Var>,
    /// `$?`.
    pub last_status: i32,
    /// `$!`: unset until a background job starts.
    pub last_bg: Option<i32>,
    /// Reads a terminal: job control, `[1] PID`, job reports, and `exit`
    /// printing `exit`.
    pub interactive: bool,
    pub jobs: Jobs,
    /// The foreground job that became (or started) an interactive shell:
    /// reaped when the frames above this shell end.
    pub fg_wait: Option<TaskId>,
    /// Frames a suspended line hands to the terminal.
    pub pending: Option<Vec<Frame>>,
    /// The shell is a forked subshell: `exit` ends only the subshell.
    subshell: bool,
    /// The task whose PID `$$` shows: the shell, also in its subshells
    /// (bash: `$$` does not change in `( … )`).
    dollar_task: TaskId,
    /// Runs in a background job: a foreground `sleep` here cannot stop the
    /// terminal's clock.
    pub background: bool,
    pub sched: Sched,
    /// The last command was `kill`: its victims are reported after the
    /// next command, as in bash (they die a moment after kill returns).
    pub defer_report: bool,
    /// It started a job with `&`: bash then no longer execs a last
    /// command in place (`bash -c 'sleep 1 & ps'` forks ps; checked).
    started_bg: bool,
}

/// A simple command's expanded prefix assignments and words.
type Expanded = (Vec<(String, String)>, Vec<String>);

/// How running something ended.
enum Flow {
    Status(i32),
    /// `exit`: stop running the line.
    Exit(i32),
    /// A program became an interactive shell: stop running the line.
    Suspended,
    /// In a background job, the shell waits for a child that sleeps, with
    /// nothing left to run after it: it blocks in [`Sched`] and ends as
    /// the child does.
    Blocked,
}

/// Whether a command is the last thing its non-interactive shell does, so
/// that bash execs it without forking (`bash -c 'true; ps'` shows ps with
/// the PID bash had).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tail(pub bool);

/// The variables a root login shell has that lessons use.
const LOGIN_VARS: &[(&str, &str)] = &[
    ("HOME", "/root"),
    (
        "PATH",
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ),
    ("PWD", "/"),
    ("SHELL", "/bin/bash"),
    ("TERM", "dumb"),
];

impl Shell {
    /// Starts an interactive bash as a child of `parent` on pseudo-terminal
    /// /dev/pts/`pty`, as a terminal emulator starts one: fork; in the
    /// child setsid(2) (a new session, without controlling terminal), open
    /// /dev/pts/N (fd 0; being a session leader it acquires the terminal
    /// as its controlling tty), dup2(2) it onto 1 and 2, exec
    /// /usr/bin/bash with argv `bash -i`; then bash, an interactive shell
    /// with job control, makes its process group the terminal's foreground
    /// group (tcsetpgrp(3)). Also sets the variables of a terminal tab.
    pub fn start(k: &mut Kernel, parent: TaskId, pty: u32, sched: Sched) -> SysResult<Shell> {
        let task = k.fork(parent)?;
        k.setsid(task)?;
        let fd = k.open(task, &format!("/dev/pts/{pty}"), O_RDWR, 0)?;
        for n in 0..3 {
            if n != fd {
                k.dup2(task, fd, n)?;
            }
        }
        if fd > 2 {
            k.close(task, fd)?;
        }
        k.execve_argv(task, "/usr/bin/bash", vec!["bash".into(), "-i".into()])?;
        // Interactive bash catches SIGINT: Ctrl-C ends the job, not it.
        k.sigaction(task, 2, SigDisposition::Handler)?;
        let pgrp = k.getpgid(task, 0)?;
        k.tcsetpgrp(task, 0, pgrp)?;
        let env: Vec<(String, String)> = LOGIN_VARS
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        Ok(Shell::in_task(k, task, &env, true, false, sched))
    }

    /// The state of a bash that has just been exec'd in `task` with the
    /// environment `env`: its variables are the environment, exported.
    pub fn in_task(
        k: &mut Kernel,
        task: TaskId,
        env: &[(String, String)],
        interactive: bool,
        background: bool,
        sched: Sched,
    ) -> Shell {
        let mut sh = Shell {
            task,
            vars: BTreeMap::new(),
            last_status: 0,
            last_bg: None,
            interactive,
            jobs: Jobs::default(),
            fg_wait: None,
            pending: None,
            subshell: false,
            dollar_task: task,
            background,
            sched,
            defer_report: false,
            started_bg: false,
        };
        for (name, value) in env {
            sh.vars.insert(
                name.clone(),
                Var {
                    value: value.clone(),
                    exported: true,
                },
            );
        }
        if let Ok(cwd) = k.getcwd(task) {
            sh.set_var("PWD", &cwd);
        }
        sh
    }

    /// The exported variables, as the environment of a program it runs.
    pub fn environ(&self, assigns: &[(String, String)]) -> Vec<(String, String)> {
        let mut env: BTreeMap<String, String> = self
            .vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(n, v)| (n.clone(), v.value.clone()))
            .collect();
        for (n, v) in assigns {
            env.insert(n.clone(), v.clone());
        }
        env.into_iter().collect()
    }

    /// What bash puts before its messages; bash 5.2.15 prints no
    /// `line N:` in a one-line `bash -c` string either (checked).
    pub fn err_prefix(&self) -> &'static str {
        "bash: "
    }

    pub fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).map(|v| v.value.clone())
    }

    pub fn set_var(&mut self, name: &str, value: &str) {
        match self.vars.get_mut(name) {
            Some(v) => v.value = value.to_string(),
            None => {
                self.vars.insert(
                    name.to_string(),
                    Var {
                        value: value.to_string(),
                        exported: false,
                    },
                );
            }
        }
    }

    /// `$$`: the shell's PID in its own PID namespace (getpid(2)). A
    /// subshell keeps its parent's `$$`, as in bash.
    pub fn pid(&self, k: &mut Kernel) -> i32 {
        k.getpid(self.dollar_task).unwrap_or(0)
    }

    /// Runs one command line typed at the prompt.
    pub fn run_line(&mut self, k: &mut Kernel, line: &str) -> Output {
        let mut out = Output::default();
        let io = Io::terminal();
        self.jobs.reap(k, self.task);
        match parse(line) {
            Ok(list) => match self.run_list(k, &io, &mut out, &list, Tail(false)) {
                Flow::Exit(code) => self.do_exit(k, &io, &mut out, code),
                Flow::Status(_) | Flow::Suspended | Flow::Blocked => {}
            },
            Err(e) => {
                // Bash sets `$?` to 2 for a syntax error (and for input
                // ending early, as with Ctrl-D at a `> ` prompt).
                let prefix = match e.kind {
                    ParseErrorKind::Unsupported => "ctlab: ",
                    _ => "bash: ",
                };
                out.err(format!("{prefix}{}\n", e.message).as_bytes());
                self.last_status = 2;
            }
        }
        out.status = self.last_status;
        out
    }

    /// Runs a `bash -c` string (or a script) to its end in this shell's
    /// task; returns the shell's exit status. An interactive shell started
    /// from here cannot suspend the script: its frames are refused.
    pub fn run_script(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, text: &str) -> i32 {
        match parse(text) {
            Ok(list) => match self.run_list(k, io, out, &list, Tail(true)) {
                Flow::Exit(c) => c & 0xff,
                Flow::Status(s) => s,
                Flow::Suspended | Flow::Blocked => self.last_status,
            },
            Err(e) => {
                let prefix = match e.kind {
                    ParseErrorKind::Unsupported => "ctlab: ",
                    _ => "bash: -c: ",
                };
                let msg = format!("{prefix}{}\n", e.message);
                let _ = io.write(k, self.task, out, 2, msg.as_bytes());
                2
            }
        }
    }

    /// Reports the background jobs that have ended (interactive shells).
    fn report_jobs(&mut self, k: &mut Kernel, io: &Io, out: &mut Output) {
        if !self.interactive {
            return;
        }
        self.sched.settle(k);
        self.jobs.reap(k, self.task);
        let text = self.jobs.notify();
        if !text.is_empty() {
            let _ = io.write(k, self.task, out, 2, text.as_bytes());
        }
    }

    /// The foreground job that ran an interactive shell has ended (the
    /// terminal's frames above this shell are gone): reap it, report how
    /// it ended, and take the prompt back.
    pub fn resume(&mut self, k: &mut Kernel, out: &mut Output) {
        let io = Io::terminal();
        if let Some(child) = self.fg_wait.take() {
            let ws = self.wait_status(k, child);
            self.take_terminal(k);
            self.last_status = status_of(ws);
            self.report_signal(k, &io, out, ws);
        }
        self.report_jobs(k, &io, out);
    }

    /// `exit`: an interactive bash prints `exit` to stderr and ends.
    fn do_exit(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, code: i32) {
        self.last_status = code & 0xff;
        // After `exec prog` the task is the program, which has ended.
        if !alive(k, self.task) {
            return;
        }
        if self.interactive && !self.subshell {
            let _ = io.write(k, self.task, out, 2, b"exit\n");
        }
        let _ = k.exit(self.task, code & 0xff);
    }

    fn run_list(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        list: &List,
        tail: Tail,
    ) -> Flow {
        let n = list.items.len();
        for (i, item) in list.items.iter().enumerate() {
            if item.background {
                self.run_background(k, io, out, &item.and_or);
                continue;
            }
            let last = Tail(tail.0 && i + 1 == n);
            match self.run_and_or(k, io, out, &item.and_or, last) {
                Flow::Status(_) => {}
                other => return other,
            }
        }
        Flow::Status(self.last_status)
    }

    fn run_and_or(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        ao: &AndOr,
        tail: Tail,
    ) -> Flow {
        let first_tail = Tail(tail.0 && ao.rest.is_empty());
        match self.run_pipeline(k, io, out, &ao.first, first_tail) {
            Flow::Status(_) => {}
            other => return other,
        }
        let n = ao.rest.len();
        for (i, (conn, p)) in ao.rest.iter().enumerate() {
            let run = match conn {
                Connector::And => self.last_status == 0,
                Connector::Or => self.last_status != 0,
            };
            if run {
                match self.run_pipeline(k, io, out, p, Tail(tail.0 && i + 1 == n)) {
                    Flow::Status(_) => {}
                    other => return other,
                }
            }
        }
        Flow::Status(self.last_status)
    }

    fn run_pipeline(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        p: &Pipeline,
        tail: Tail,
    ) -> Flow {
        let flow = if let [cmd] = p.commands.as_slice() {
            // `! cmd` is not a tail: the shell must invert the status.
            self.run_command(k, io, out, cmd, Tail(tail.0 && !p.negated))
        } else {
            self.run_multi(k, io, out, p)
        };
        let status = match flow {
            Flow::Status(s) => s,
            other => return other,
        };
        self.last_status = if p.negated {
            i32::from(status == 0)
        } else {
            status
        };
        if self.interactive {
            if self.defer_report {
                self.defer_report = false;
            } else {
                self.report_jobs(k, io, out);
            }
        }
        Flow::Status(self.last_status)
    }

    /// A pipeline of two or more commands: each member runs in its own
    /// forked child; stdout of one is stdin of the next, through pipe(2).
    fn run_multi(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, p: &Pipeline) -> Flow {
        let children = match self.fork_pipeline(k, io, out, p, false) {
            Ok(c) => c,
            Err(s) => return Flow::Status(s),
        };
        let mut status = 0;
        for child in children {
            status = status_of(self.wait_status(k, child));
        }
        self.take_terminal(k);
        Flow::Status(status)
    }

    /// Forks one child per member of `p`, connected by pipes, and runs
    /// them in order (the model is sequential: each writer finishes before
    /// its reader starts). Returns the children, not yet reaped.
    fn fork_pipeline(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        p: &Pipeline,
        background: bool,
    ) -> Result<Vec<TaskId>, i32> {
        let mut children = Vec::new();
        let n = p.commands.len();
        let mut prev_read: Option<i32> = None;
        for (i, cmd) in p.commands.iter().enumerate() {
            let pipe = if i + 1 < n {
                match k.pipe2(self.task, 0) {
                    Ok(fds) => Some(fds),
                    Err(e) => {
                        let msg = format!("bash: pipe error: {e}\n");
                        let _ = io.write(k, self.task, out, 2, msg.as_bytes());
                        return Err(1);
                    }
                }
            } else {
                None
            };
            let child = match k.fork(self.task) {
                Ok(c) => c,
                Err(e) => {
                    self.fork_failed(k, io, out, e);
                    return Err(1);
                }
            };
            children.push(child);
            self.join_job(k, child, children[0]);
            if i == 0 && !background {
                self.give_terminal(k, child);
            }
            // The parent closes its copies as bash does.
            let mut cio = io.clone();
            if let Some(r) = prev_read.take() {
                let _ = k.dup2(child, r, 0);
                let _ = k.close(child, r);
                let _ = k.close(self.task, r);
                cio.set(0, Stream::Model(0));
            }
            if let Some((r, w)) = pipe {
                let _ = k.dup2(child, w, 1);
                let _ = k.close(child, w);
                let _ = k.close(child, r);
                let _ = k.close(self.task, w);
                cio.set(1, Stream::Model(1));
                prev_read = Some(r);
            }
            let mut sub = self.subshell_in(child);
            sub.background = background || self.background;
            let code = match sub.run_command(k, &cio, out, cmd, Tail(true)) {
                Flow::Status(s) | Flow::Exit(s) => s,
                Flow::Blocked => 0,
                Flow::Suspended => {
                    sub.unsupported(k, &cio, out, "an interactive shell in a pipeline");
                    2
                }
            };
            if alive(k, child) && !self.sched.is_blocked(child) {
                let _ = k.exit(child, code & 0xff);
            }
            self.sched.settle(k);
        }
        Ok(children)
    }

    /// `cmd &`: fork, run, do not wait; an interactive shell prints
    /// `[N] PID` and adds a job.
    fn run_background(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, ao: &AndOr) {
        let single = ao.rest.is_empty() && ao.first.commands.len() > 1 && !ao.first.negated;
        let children = if single {
            match self.fork_pipeline(k, io, out, &ao.first, true) {
                Ok(c) => c,
                Err(s) => {
                    self.last_status = s;
                    return;
                }
            }
        } else {
            // Bash forks a subshell for the whole and-or list (a single
            // command execs in it).
            let child = match k.fork(self.task) {
                Ok(c) => c,
                Err(e) => {
                    self.fork_failed(k, io, out, e);
                    return;
                }
            };
            self.join_job(k, child, child);
            let mut sub = self.subshell_in(child);
            sub.background = true;
            let code = match sub.run_and_or(k, io, out, ao, Tail(true)) {
                Flow::Status(s) | Flow::Exit(s) => s,
                Flow::Blocked => 0,
                Flow::Suspended => {
                    sub.unsupported(k, io, out, "an interactive shell in the background");
                    2
                }
            };
            if alive(k, child) && !self.sched.is_blocked(child) {
                let _ = k.exit(child, code & 0xff);
            }
            self.sched.settle(k);
            vec![child]
        };
        self.started_bg = true;
        let last = *children.last().expect("a pipeline has a command");
        let pid = k.pid_vnr(self.task, last);
        self.last_bg = Some(pid);
        self.last_status = 0;
        if self.interactive {
            let num = self.jobs.add(children, ao.to_string());
            let msg = format!("[{num}] {pid}\n");
            let _ = io.write(k, self.task, out, 2, msg.as_bytes());
        }
    }

    /// Runs `list` in a forked subshell whose stdout is a pipe, and reads
    /// it: what `$(…)` substitutes, and the subshell's status.
    pub(super) fn capture(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        list: &List,
    ) -> (Vec<u8>, i32) {
        let (r, w) = match k.pipe2(self.task, 0) {
            Ok(fds) => fds,
            Err(e) => {
                let msg = format!("bash: pipe error: {e}\n");
                let _ = io.write(k, self.task, out, 2, msg.as_bytes());
                return (Vec::new(), 1);
            }
        };
        let child = match k.fork(self.task) {
            Ok(c) => c,
            Err(e) => {
                let _ = k.close(self.task, r);
                let _ = k.close(self.task, w);
                self.fork_failed(k, io, out, e);
                return (Vec::new(), 1);
            }
        };
        let _ = k.close(self.task, w);
        let _ = k.dup2(child, w, 1);
        let _ = k.close(child, w);
        let _ = k.close(child, r);
        let mut cio = io.clone();
        cio.set(1, Stream::Model(1));
        let mut sub = self.subshell_in(child);
        let code = match sub.run_list(k, &cio, out, list, Tail(true)) {
            Flow::Status(s) | Flow::Exit(s) => s,
            Flow::Blocked => 0,
            Flow::Suspended => {
                sub.unsupported(k, &cio, out, "an interactive shell in $(…)");
                2
            }
        };
        if alive(k, child) && !self.sched.is_blocked(child) {
            let _ = k.exit(child, code & 0xff);
        }
        self.sched.settle(k);
        let bytes = super::io::read_fd(k, self.task, r).unwrap_or_default();
        let _ = k.close(self.task, r);
        let ws = self.wait_status(k, child);
        (bytes, status_of(ws))
    }

    /// Job control (interactive shells): `child` joins the process group
    /// of `leader` (its own when it is the leader), as bash and the child
    /// both call setpgid(2) after fork.
    fn join_job(&self, k: &mut Kernel, child: TaskId, leader: TaskId) {
        if self.interactive {
            let pid = k.pid_vnr(self.task, child);
            let pgid = k.pid_vnr(self.task, leader);
            let _ = k.setpgid(self.task, pid, pgid);
        }
    }

    /// Job control: the job led by `leader` becomes the terminal's
    /// foreground process group (tcsetpgrp(3)) while it runs.
    fn give_terminal(&self, k: &mut Kernel, leader: TaskId) {
        if self.interactive {
            let pgid = k.pid_vnr(self.task, leader);
            let _ = k.tcsetpgrp(self.task, 0, pgid);
        }
    }

    /// Job control: the shell takes the terminal back after a job.
    pub(crate) fn take_terminal(&self, k: &mut Kernel) {
        if self.interactive
            && let Ok(pgid) = k.getpgid(self.task, 0)
        {
            let _ = k.tcsetpgrp(self.task, 0, pgid);
        }
    }

    /// A copy of this shell running in a forked `child`: a subshell, with
    /// no job control and no jobs of its own.
    fn subshell_in(&self, child: TaskId) -> Shell {
        let mut sub = self.clone();
        sub.task = child;
        sub.subshell = true;
        sub.interactive = false;
        sub.jobs = Jobs::default();
        sub.fg_wait = None;
        sub.pending = None;
        sub.started_bg = false;
        sub
    }

    /// Prints that something is not supported yet; `$?` becomes 2.
    pub(super) fn unsupported(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, what: &str) {
        let msg = format!("ctlab: {what} is not supported yet\n");
        let _ = io.write(k, self.task, out, 2, msg.as_bytes());
        self.last_status = 2;
    }

    fn run_command(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        cmd: &Command,
        tail: Tail,
    ) -> Flow {
        match cmd {
            Command::Simple(sc) => self.run_simple(k, io, out, sc, tail),
            Command::Group(c) => {
                let mut gio = io.clone();
                let opened = match self.redirect(k, self.task, &mut gio, out, &c.redirects, false) {
                    Ok(o) => o,
                    Err(s) => return Flow::Status(s),
                };
                let flow = self.run_list(k, &gio, out, &c.body, tail);
                self.close_all(k, &opened);
                flow
            }
            Command::Subshell(c) => {
                if tail.0 && !self.interactive && !self.started_bg {
                    // Already a child with nothing left to do: bash runs
                    // the subshell's body in place.
                    let mut cio = io.clone();
                    return match self.redirect(k, self.task, &mut cio, out, &c.redirects, true) {
                        Ok(_) => self.run_list(k, &cio, out, &c.body, Tail(true)),
                        Err(s) => Flow::Status(s),
                    };
                }
                let child = match k.fork(self.task) {
                    Ok(c) => c,
                    Err(e) => return self.fork_failed(k, io, out, e),
                };
                self.join_job(k, child, child);
                self.give_terminal(k, child);
                let mut sub = self.subshell_in(child);
                let mut cio = io.clone();
                let code = match sub.redirect(k, child, &mut cio, out, &c.redirects, true) {
                    Ok(_) => match sub.run_list(k, &cio, out, &c.body, Tail(true)) {
                        Flow::Status(s) | Flow::Exit(s) => s,
                        Flow::Blocked => 0,
                        Flow::Suspended => {
                            sub.unsupported(k, &cio, out, "an interactive shell in a subshell");
                            2
                        }
                    },
                    Err(s) => s,
                };
                self.finish_child(k, io, out, child, code, tail)
            }
        }
    }

    /// A forked child's program returned `code`: it exits (unless it is
    /// blocked or already dead), and the shell waits for it.
    fn finish_child(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        child: TaskId,
        code: i32,
        tail: Tail,
    ) -> Flow {
        if alive(k, child) && !self.sched.is_blocked(child) {
            let _ = k.exit(child, code & 0xff);
        }
        self.sched.settle(k);
        if alive(k, child) {
            // The child blocks: only in a background job (a foreground
            // sleep lets time pass instead). With nothing left to run,
            // this shell blocks too and ends as the child does.
            if self.background && tail.0 {
                self.sched.wait_child(self.task, child, Relay::Shell);
                return Flow::Blocked;
            }
            self.unsupported(
                k,
                io,
                out,
                "a background shell running more commands after one that sleeps",
            );
            let _ = k.kill(self.task, k.pid_vnr(self.task, child), 9);
        }
        let ws = self.wait_status(k, child);
        self.take_terminal(k);
        self.report_signal(k, io, out, ws);
        Flow::Status(status_of(ws))
    }

    /// Bash's message for a foreground job killed by a signal (`Killed`,
    /// `Terminated`); none for SIGINT and SIGPIPE. Interactive shells only.
    fn report_signal(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, ws: i32) {
        let sig = ws & 0x7f;
        if !self.interactive || sig == 0 || sig == 2 || sig == 13 {
            return;
        }
        let msg = format!("{}\n", strsignal(sig));
        let _ = io.write(k, self.task, out, 2, msg.as_bytes());
    }

    fn fork_failed(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        e: crate::kernel_model::Errno,
    ) -> Flow {
        let msg = format!("{}fork: {e}\n", self.err_prefix());
        let _ = io.write(k, self.task, out, 2, msg.as_bytes());
        self.last_status = 1;
        Flow::Status(1)
    }

    /// wait4(2) for `child`: its wait status (0 if it cannot be reaped).
    pub(super) fn wait_status(&mut self, k: &mut Kernel, child: TaskId) -> i32 {
        let pid = k.pid_vnr(self.task, child);
        match k.wait4(self.task, pid, 0) {
            Ok(Some((_, ws))) => ws,
            _ => 0,
        }
    }

    /// Applies redirections; on failure prints bash's message to the
    /// (original) stderr and returns the status 1.
    fn redirect(
        &mut self,
        k: &mut Kernel,
        task: TaskId,
        io: &mut Io,
        out: &mut Output,
        rs: &[super::ast::Redirect],
        in_child: bool,
    ) -> Result<Vec<i32>, i32> {
        let orig = io.clone();
        match redirect::apply(self, k, task, io, out, rs, in_child) {
            Ok(o) => Ok(o),
            Err((opened, e)) => {
                if !in_child {
                    self.close_all(k, &opened);
                }
                let (msg, st) = match e {
                    RedirError::Bash(m) => (format!("{}{m}\n", self.err_prefix()), 1),
                    RedirError::Unsupported(w) => (format!("ctlab: {w} is not supported yet\n"), 2),
                };
                let _ = orig.write(k, task, out, 2, msg.as_bytes());
                Err(st)
            }
        }
    }

    fn close_all(&mut self, k: &mut Kernel, fds: &[i32]) {
        for &fd in fds {
            let _ = k.close(self.task, fd);
        }
    }

    fn expand_all(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        sc: &SimpleCommand,
    ) -> Result<Expanded, Unsupported> {
        let mut argv = Vec::new();
        for w in &sc.words {
            argv.extend(expand_word(self, k, io, out, w)?);
        }
        let mut assigns = Vec::new();
        for a in &sc.assignments {
            let mut v = expand_string(self, k, io, out, &a.value)?;
            if a.append {
                v = self.var(&a.name).unwrap_or_default() + &v;
            }
            assigns.push((a.name.clone(), v));
        }
        Ok((assigns, argv))
    }

    fn run_simple(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        sc: &SimpleCommand,
        tail: Tail,
    ) -> Flow {
        let (assigns, argv) = match self.expand_all(k, io, out, sc) {
            Ok(x) => x,
            Err(Unsupported(what)) => {
                self.unsupported(k, io, out, &what);
                return Flow::Status(2);
            }
        };
        let Some(name) = argv.first().cloned() else {
            // Assignments only (and maybe redirections, which bash performs
            // in a subshell: `>f` creates f).
            for (n, v) in &assigns {
                self.set_var(n, v);
            }
            let mut bio = io.clone();
            return match self.redirect(k, self.task, &mut bio, out, &sc.redirects, false) {
                Ok(opened) => {
                    self.close_all(k, &opened);
                    Flow::Status(0)
                }
                Err(s) => Flow::Status(s),
            };
        };
        if builtins::is_builtin(&name) {
            let mut bio = io.clone();
            let opened = match self.redirect(k, self.task, &mut bio, out, &sc.redirects, false) {
                Ok(o) => o,
                Err(s) => return Flow::Status(s),
            };
            let r = builtins::run(self, k, &bio, out, &argv);
            self.close_all(k, &opened);
            return match r {
                builtins::Done::Status(s) => Flow::Status(s),
                builtins::Done::Exit(c) => Flow::Exit(c),
            };
        }
        let env = self.environ(&assigns);
        let (argv, exec_builtin) = if name == "exec" {
            if argv.len() == 1 {
                self.unsupported(k, io, out, "exec without a command");
                return Flow::Status(2);
            }
            (argv[1..].to_vec(), true)
        } else {
            (argv, false)
        };
        if exec_builtin || (tail.0 && !self.interactive && !self.started_bg) {
            // Exec in place: this task becomes the program.
            let mut cio = io.clone();
            return match self.redirect(k, self.task, &mut cio, out, &sc.redirects, true) {
                Err(s) => Flow::Status(s),
                Ok(_) => {
                    let task = self.task;
                    match self.exec_in(k, task, &cio, out, &argv, env) {
                        Exec::Exited(code) => {
                            // The task is the program now: it ends here.
                            if alive(k, task) && !self.sched.is_blocked(task) {
                                let _ = k.exit(task, code & 0xff);
                            }
                            Flow::Exit(code)
                        }
                        Exec::Blocked => Flow::Blocked,
                        Exec::Frames(_) => {
                            self.unsupported(k, io, out, "an interactive shell started by bash -c");
                            Flow::Exit(2)
                        }
                    }
                }
            };
        }
        // An external command: fork, redirect in the child, exec, run, exit.
        let child = match k.fork(self.task) {
            Ok(c) => c,
            Err(e) => return self.fork_failed(k, io, out, e),
        };
        self.join_job(k, child, child);
        self.give_terminal(k, child);
        let mut cio = io.clone();
        let code = match self.redirect(k, child, &mut cio, out, &sc.redirects, true) {
            Err(s) => s,
            Ok(_) => match self.exec_in(k, child, &cio, out, &argv, env) {
                Exec::Exited(code) => code,
                Exec::Blocked => 0,
                Exec::Frames(frames) => {
                    if self.interactive {
                        self.fg_wait = Some(child);
                        self.pending = Some(frames);
                        return Flow::Suspended;
                    }
                    self.unsupported(k, io, out, "an interactive shell started by bash -c");
                    2
                }
            },
        };
        self.finish_child(k, io, out, child, code, tail)
    }

    /// execve(2) of `argv[0]` in `task` and the program's run.
    fn exec_in(
        &mut self,
        k: &mut Kernel,
        task: TaskId,
        io: &Io,
        out: &mut Output,
        argv: &[String],
        env: Vec<(String, String)>,
    ) -> Exec {
        let name = &argv[0];
        let prefix = self.err_prefix();
        let mut p = Proc::new(k, task, io, out, env, self.sched.clone(), self.background);
        match p.exec(argv) {
            Err(e) => {
                let msg = match e {
                    crate::kernel_model::Errno::ENOENT if !name.contains('/') => {
                        format!("{prefix}{name}: command not found\n")
                    }
                    e => format!("{prefix}{name}: {e}\n"),
                };
                let _ = p.write(2, msg.as_bytes());
                Exec::Exited(if e == crate::kernel_model::Errno::ENOENT {
                    127
                } else {
                    126
                })
            }
            Ok(code) => match p.suspend.take() {
                None => Exec::Exited(code),
                Some(Suspend::Blocked) => Exec::Blocked,
                Some(Suspend::Frames(f)) => Exec::Frames(f),
            },
        }
    }
}

/// What running a program in a task came to.
enum Exec {
    Exited(i32),
    /// It waits in [`Sched`] (a background sleep).
    Blocked,
    /// It became an interactive shell (these frames go on the terminal).
    Frames(Vec<Frame>),
}

/// `$?` for a wait status: the exit code, or 128 + the signal.
pub fn status_of(ws: i32) -> i32 {
    if ws & 0x7f == 0 {
        (ws >> 8) & 0xff
    } else {
        128 + (ws & 0x7f)
    }
}
