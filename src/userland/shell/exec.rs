//! The executor: runs a parsed [`List`] in a shell task of the model, as
//! bash does. Builtins run in the shell's own task; other commands fork a
//! child, which execs the program (its comm becomes the program's name),
//! runs it and exits; the shell reaps it with wait4(2), so PIDs advance as
//! in a real session.
//!
//! Supported: `;` `&&` `||`, `!`, simple commands with assignments and
//! redirections, `{ …; }` and `( … )`. Not yet (each prints
//! `ctlab: … is not supported yet` and sets `$?` to 2): pipelines of two or
//! more commands, `&`, and the expansions listed in [`super::expand`].

use std::collections::BTreeMap;

use super::ast::{AndOr, Command, Connector, List, Pipeline, SimpleCommand};
use super::builtins;
use super::expand::{Unsupported, expand_string, expand_word};
use super::io::{Io, Output};
use super::redirect::{self, RedirError};
use super::{ParseErrorKind, parse};
use crate::kernel_model::vfs::O_RDWR;
use crate::kernel_model::{Kernel, SysResult, TaskId};
use crate::userland::programs::{self, Proc};

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
    /// The shell ran `exit` (its task has exited).
    pub exited: bool,
    /// The shell is a forked subshell: `exit` ends only the subshell.
    subshell: bool,
    /// The task whose PID `$$` shows: the interactive shell, also in its
    /// subshells (bash: `$$` does not change in `( … )`).
    dollar_task: TaskId,
}

/// A simple command's expanded prefix assignments and words.
type Expanded = (Vec<(String, String)>, Vec<String>);

/// How running something ended.
enum Flow {
    Status(i32),
    /// `exit`: stop running the line.
    Exit(i32),
}

impl Shell {
    /// Starts an interactive bash as a child of `parent` on pseudo-terminal
    /// /dev/pts/`pty`, as a terminal emulator starts one: fork; in the
    /// child setsid(2) (a new session, without controlling terminal), open
    /// /dev/pts/N (fd 0; being a session leader it acquires the terminal
    /// as its controlling tty), dup2(2) it onto 1 and 2, exec
    /// /usr/bin/bash with argv `bash -i`; then bash, an interactive shell
    /// with job control, makes its process group the terminal's foreground
    /// group (tcsetpgrp(3)). Also sets the variables a root login shell
    /// has that lessons use.
    pub fn start(k: &mut Kernel, parent: TaskId, pty: u32) -> SysResult<Shell> {
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
        let pgrp = k.getpgid(task, 0)?;
        k.tcsetpgrp(task, 0, pgrp)?;
        let mut sh = Shell {
            task,
            vars: BTreeMap::new(),
            last_status: 0,
            last_bg: None,
            exited: false,
            subshell: false,
            dollar_task: task,
        };
        for (name, value) in [
            ("HOME", "/root"),
            (
                "PATH",
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ),
            ("PWD", "/"),
            ("SHELL", "/bin/bash"),
            ("USER", "root"),
        ] {
            sh.vars.insert(
                name.into(),
                Var {
                    value: value.into(),
                    exported: true,
                },
            );
        }
        if let Ok(cwd) = k.getcwd(task) {
            sh.set_var("PWD", &cwd);
        }
        Ok(sh)
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
        match parse(line) {
            Ok(list) => {
                let io = Io::terminal();
                if let Flow::Exit(code) = self.run_list(k, &io, &mut out, &list) {
                    self.do_exit(k, &io, &mut out, code);
                }
            }
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

    /// `exit`: an interactive bash prints `exit` to stderr and ends.
    fn do_exit(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, code: i32) {
        self.last_status = code & 0xff;
        if !self.subshell {
            let _ = io.write(k, self.task, out, 2, b"exit\n");
        }
        let _ = k.exit(self.task, code & 0xff);
        self.exited = true;
    }

    fn run_list(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, list: &List) -> Flow {
        for item in &list.items {
            if item.background {
                self.unsupported(k, io, out, "running in the background (&)");
                continue;
            }
            if let Flow::Exit(c) = self.run_and_or(k, io, out, &item.and_or) {
                return Flow::Exit(c);
            }
        }
        Flow::Status(self.last_status)
    }

    fn run_and_or(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, ao: &AndOr) -> Flow {
        if let Flow::Exit(c) = self.run_pipeline(k, io, out, &ao.first) {
            return Flow::Exit(c);
        }
        for (conn, p) in &ao.rest {
            let run = match conn {
                Connector::And => self.last_status == 0,
                Connector::Or => self.last_status != 0,
            };
            if run && let Flow::Exit(c) = self.run_pipeline(k, io, out, p) {
                return Flow::Exit(c);
            }
        }
        Flow::Status(self.last_status)
    }

    fn run_pipeline(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, p: &Pipeline) -> Flow {
        let [cmd] = p.commands.as_slice() else {
            self.unsupported(k, io, out, "pipelines (|)");
            return Flow::Status(self.last_status);
        };
        let flow = self.run_command(k, io, out, cmd);
        let status = match flow {
            Flow::Exit(c) => return Flow::Exit(c),
            Flow::Status(s) => s,
        };
        self.last_status = if p.negated {
            i32::from(status == 0)
        } else {
            status
        };
        Flow::Status(self.last_status)
    }

    /// Prints that something is not supported yet; `$?` becomes 2.
    fn unsupported(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, what: &str) {
        let msg = format!("ctlab: {what} is not supported yet\n");
        let _ = io.write(k, self.task, out, 2, msg.as_bytes());
        self.last_status = 2;
    }

    fn run_command(&mut self, k: &mut Kernel, io: &Io, out: &mut Output, cmd: &Command) -> Flow {
        match cmd {
            Command::Simple(sc) => self.run_simple(k, io, out, sc),
            Command::Group(c) => {
                let mut gio = io.clone();
                let opened = match self.redirect(k, self.task, &mut gio, out, &c.redirects, false) {
                    Ok(o) => o,
                    Err(s) => return Flow::Status(s),
                };
                let flow = self.run_list(k, &gio, out, &c.body);
                self.close_all(k, &opened);
                flow
            }
            Command::Subshell(c) => {
                let child = match k.fork(self.task) {
                    Ok(c) => c,
                    Err(e) => return self.fork_failed(k, io, out, e),
                };
                let mut sub = self.clone();
                sub.task = child;
                sub.subshell = true;
                let mut cio = io.clone();
                let code = match sub.redirect(k, child, &mut cio, out, &c.redirects, true) {
                    Ok(_) => match sub.run_list(k, &cio, out, &c.body) {
                        Flow::Status(s) | Flow::Exit(s) => s,
                    },
                    Err(s) => s,
                };
                let _ = k.exit(child, code & 0xff);
                Flow::Status(self.reap(k, child))
            }
        }
    }

    fn fork_failed(
        &mut self,
        k: &mut Kernel,
        io: &Io,
        out: &mut Output,
        e: crate::kernel_model::Errno,
    ) -> Flow {
        let msg = format!("bash: fork: {e}\n");
        let _ = io.write(k, self.task, out, 2, msg.as_bytes());
        Flow::Status(1)
    }

    /// wait4(2) for `child`; its exit status as `$?` shows it.
    fn reap(&mut self, k: &mut Kernel, child: TaskId) -> i32 {
        let pid = k.pid_vnr(self.task, child);
        match k.wait4(self.task, pid, 0) {
            Ok(Some((_, ws))) => {
                if ws & 0x7f == 0 {
                    (ws >> 8) & 0xff
                } else {
                    128 + (ws & 0x7f)
                }
            }
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
        match redirect::apply(self, k, task, io, rs, in_child) {
            Ok(o) => Ok(o),
            Err((opened, e)) => {
                if !in_child {
                    self.close_all(k, &opened);
                }
                let (msg, st) = match e {
                    RedirError::Bash(m) => (format!("bash: {m}\n"), 1),
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

    fn expand_all(&mut self, k: &mut Kernel, sc: &SimpleCommand) -> Result<Expanded, Unsupported> {
        let mut argv = Vec::new();
        for w in &sc.words {
            argv.extend(expand_word(self, k, w)?);
        }
        let mut assigns = Vec::new();
        for a in &sc.assignments {
            let mut v = expand_string(self, k, &a.value)?;
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
    ) -> Flow {
        let (assigns, argv) = match self.expand_all(k, sc) {
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
        // An external command: fork, redirect in the child, exec, run, exit.
        let child = match k.fork(self.task) {
            Ok(c) => c,
            Err(e) => return self.fork_failed(k, io, out, e),
        };
        let mut cio = io.clone();
        let code = match self.redirect(k, child, &mut cio, out, &sc.redirects, true) {
            Err(s) => s,
            Ok(_) => match programs::lookup(&name) {
                None => {
                    let msg = if name.contains('/') {
                        format!("bash: {name}: No such file or directory\n")
                    } else {
                        format!("bash: {name}: command not found\n")
                    };
                    let _ = cio.write(k, child, out, 2, msg.as_bytes());
                    127
                }
                Some((path, main)) => match k.execve(child, path) {
                    Err(e) => {
                        let msg = format!("bash: {name}: {e}\n");
                        let _ = cio.write(k, child, out, 2, msg.as_bytes());
                        126
                    }
                    Ok(()) => {
                        let mut p = Proc {
                            k,
                            task: child,
                            io: &cio,
                            out,
                        };
                        main(&mut p, &argv)
                    }
                },
            },
        };
        let _ = k.exit(child, code & 0xff);
        Flow::Status(self.reap(k, child))
    }
}
