//! A session: one model [`Kernel`] and the terminals open on it. Each
//! terminal is a tab: a stack of [`Frame`]s whose top is the interactive
//! shell its keyboard feeds (the tab's bash, forked from init, or a shell
//! started inside it by `unshare … bash`).

use std::collections::BTreeMap;

use crate::kernel_model::{Kernel, SysResult};
use crate::userland::frame::Frame;
use crate::userland::sched::{Sched, alive, end_like};
use crate::userland::shell::exec::Shell;
pub use crate::userland::shell::io::Output;

/// Work one command line may do before the model presses Ctrl-C for the
/// student ([`Kernel::set_budget`]; a system call or a page copied is one
/// unit): lessons' lines use a few hundred; `cat /dev/zero` would go on
/// forever.
pub const LINE_BUDGET: u64 = 20_000;

pub struct Session {
    kernel: Kernel,
    terminals: BTreeMap<String, Vec<Frame>>,
    sched: Sched,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    /// A freshly booted model with no terminal open yet.
    pub fn new() -> Session {
        Session::with_kernel(Kernel::new())
    }

    pub fn with_kernel(kernel: Kernel) -> Session {
        Session {
            kernel,
            terminals: BTreeMap::new(),
            sched: Sched::default(),
        }
    }

    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    /// The shell reading `terminal`'s keyboard (the innermost one).
    pub fn shell(&self, terminal: &str) -> Option<&Shell> {
        match self.terminals.get(terminal)?.last()? {
            Frame::Shell(sh) => Some(sh),
            Frame::Waiter { .. } => None,
        }
    }

    /// How many shells deep `terminal` is (1 for the tab's own bash).
    pub fn depth(&self, terminal: &str) -> usize {
        self.terminals.get(terminal).map_or(0, |f| {
            f.iter().filter(|x| matches!(x, Frame::Shell(_))).count()
        })
    }

    /// Opens `terminal` (if it is not open): init forks a bash for it.
    pub fn open_terminal(&mut self, terminal: &str) -> SysResult<()> {
        if self.terminals.get(terminal).is_some_and(|s| !s.is_empty()) {
            return Ok(());
        }
        // The terminal emulator opens /dev/ptmx: terminals get /dev/pts/0,
        // /dev/pts/1, … in the order they are first used.
        let init = self.kernel.init_task();
        let pty = self.kernel.alloc_pty(init)?;
        let sh = Shell::start(&mut self.kernel, init, pty, self.sched.clone())?;
        self.terminals
            .insert(terminal.to_string(), vec![Frame::Shell(Box::new(sh))]);
        Ok(())
    }

    /// Runs one line typed in `terminal`, opening it first if needed (a
    /// terminal whose shell exited gets a new shell, as a new tab).
    pub fn run(&mut self, terminal: &str, line: &str) -> Output {
        let mut out = Output::default();
        self.kernel.set_tracing(true);
        self.kernel.set_budget(Some(LINE_BUDGET));
        // What happened to this tab since its last line (its shell was
        // killed from another terminal) shows first.
        self.unwind(terminal, &mut out);
        if let Err(e) = self.open_terminal(terminal) {
            out.status = 1;
            out.err(format!("ctlab: cannot start a shell: {e}\n").as_bytes());
            return out;
        }
        let frames = self.terminals.get_mut(terminal).expect("opened just above");
        let Some(Frame::Shell(sh)) = frames.last_mut() else {
            unreachable!("unwind leaves a shell on top");
        };
        let o = sh.run_line(&mut self.kernel, line);
        out.stdout.extend_from_slice(&o.stdout);
        out.stderr.extend_from_slice(&o.stderr);
        out.screen.extend_from_slice(&o.screen);
        out.status = o.status;
        if let Some(new) = sh.pending.take() {
            frames.extend(new);
        }
        self.unwind(terminal, &mut out);
        if let Some(Frame::Shell(sh)) = self.terminals.get(terminal).and_then(|f| f.last()) {
            out.status = sh.last_status;
        }
        // Every shell reaps its ended children at once (its SIGCHLD
        // handler), so no zombie lingers because its tab is idle; reports
        // wait for that tab's next command, as bash's do.
        self.sched.settle(&mut self.kernel);
        for frames in self.terminals.values_mut() {
            if let Some(Frame::Shell(sh)) = frames.last_mut()
                && sh.interactive
            {
                sh.jobs.reap(&mut self.kernel, sh.task);
                // Orphans it adopted as a namespace's PID 1: bash's
                // waitpid(-1) collects them too.
                while let Ok(Some(_)) = self.kernel.wait4(sh.task, -1, 0) {}
            }
        }
        // The model's init reaps every orphan that ends, as an init does.
        let init = self.kernel.init_task();
        while let Ok(Some(_)) = self.kernel.wait4(init, -1, 0) {}
        out.syscalls = self.kernel.take_trace();
        self.kernel.set_tracing(false);
        if self.kernel.interrupted() {
            // The terminal echoes the Ctrl-C the model typed for the student.
            out.screen.extend_from_slice(b"^C\n");
        }
        self.kernel.set_budget(None);
        out
    }

    /// Pops the frames of `terminal` whose process has ended, each one
    /// finishing the frame below: a waiter ends as its child did; a shell
    /// reaps its foreground job and takes the prompt back. A tab whose
    /// last shell ended is closed (init reaps it).
    fn unwind(&mut self, terminal: &str, out: &mut Output) {
        let Some(frames) = self.terminals.get_mut(terminal) else {
            return;
        };
        let k = &mut self.kernel;
        while let Some(top) = frames.last() {
            if alive(k, top.task()) {
                break;
            }
            let Some(popped) = frames.pop() else { break };
            match frames.last_mut() {
                Some(Frame::Waiter {
                    task,
                    child,
                    relay,
                    stderr_tty,
                }) => {
                    let (task, child, relay, tty) = (*task, *child, *relay, *stderr_tty);
                    let pid = k.pid_vnr(task, child);
                    let ws = match k.wait4(task, pid, 0) {
                        Ok(Some((_, ws))) => ws,
                        _ => 0,
                    };
                    if let Some(msg) = end_like(k, task, ws, relay) {
                        if tty {
                            out.err(msg.as_bytes());
                        } else {
                            let _ = k.write(task, 2, msg.as_bytes());
                        }
                        let _ = k.exit(task, 1);
                    }
                }
                Some(Frame::Shell(sh)) => {
                    let mut o = Output::default();
                    sh.resume(k, &mut o);
                    out.stdout.extend_from_slice(&o.stdout);
                    out.stderr.extend_from_slice(&o.stderr);
                    out.screen.extend_from_slice(&o.screen);
                }
                None => {
                    // The tab's own bash ended: init reaps it.
                    let init = k.init_task();
                    let pid = k.pid_vnr(init, popped.task());
                    let _ = k.wait4(init, pid, 0);
                }
            }
        }
        if frames.is_empty() {
            self.terminals.remove(terminal);
        }
    }
}
