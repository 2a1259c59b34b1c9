//! A session: one model [`Kernel`] and the terminals open on it, each with
//! its interactive bash (a task forked from init whose comm is `bash`).

use std::collections::BTreeMap;

use crate::kernel_model::{Kernel, SysResult};
use crate::userland::shell::exec::Shell;
pub use crate::userland::shell::io::Output;

pub struct Session {
    kernel: Kernel,
    terminals: BTreeMap<String, Shell>,
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
        }
    }

    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    pub fn shell(&self, terminal: &str) -> Option<&Shell> {
        self.terminals.get(terminal)
    }

    /// Opens `terminal` (if it is not open): init allocates a
    /// pseudo-terminal and forks a bash on it ([`Shell::start`]).
    pub fn open_terminal(&mut self, terminal: &str) -> SysResult<()> {
        if self.terminals.get(terminal).is_some_and(|s| !s.exited) {
            return Ok(());
        }
        if let Some(old) = self.terminals.remove(terminal) {
            // init reaps the shell that ran `exit`.
            let init = self.kernel.init_task();
            let pid = self.kernel.pid_vnr(init, old.task);
            let _ = self.kernel.wait4(init, pid, 0);
        }
        // The terminal emulator opens /dev/ptmx: terminals get /dev/pts/0,
        // /dev/pts/1, … in the order they are first used.
        let init = self.kernel.init_task();
        let pty = self.kernel.alloc_pty(init)?;
        let sh = Shell::start(&mut self.kernel, init, pty)?;
        self.terminals.insert(terminal.to_string(), sh);
        Ok(())
    }

    /// Runs one line typed in `terminal`, opening it first if needed (a
    /// terminal whose shell ran `exit` gets a new shell, as a new tab).
    pub fn run(&mut self, terminal: &str, line: &str) -> Output {
        if let Err(e) = self.open_terminal(terminal) {
            let mut out = Output {
                status: 1,
                ..Output::default()
            };
            out.err(format!("ctlab: cannot start a shell: {e}\n").as_bytes());
            return out;
        }
        let sh = self.terminals.get_mut(terminal).expect("opened just above");
        sh.run_line(&mut self.kernel, line)
    }
}
