//! Replaying a lesson on the real kernel: every command typed into its
//! terminal's real `bash -i` in a fresh sandbox, in the order the model
//! replays them (`ctlab::lesson::run::commands`), with the world read
//! from the sandbox's /proc after each step. The guest kernel's agent runs
//! this same function inside the VM and sends the result back.

use std::collections::BTreeMap;
use std::time::Duration;

use ctlab::kernel_model::world_view::WorldView;
use ctlab::lesson::run::{commands, terminals_in_order_of_use};
use ctlab::lesson::{BlockKind, Lesson};

use crate::sandbox::terminal::clean;
use crate::sandbox::{Ending, Sandbox, Terminal};
use serde::{Deserialize, Serialize};

/// One command and what the real terminal showed for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    /// 0-based step.
    pub step: usize,
    /// 1-based line of the command in the lesson file.
    pub line: usize,
    pub terminal: String,
    pub kind: BlockKind,
    pub command: String,
    /// The terminal's lines, escapes removed (what a student reads).
    pub screen: Vec<String>,
    /// Why the command has no trustworthy output (no prompt came back in
    /// time, the shell waits for more input…). Replay stops after it.
    pub error: Option<String>,
}

/// A whole lesson replayed on one kernel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KernelRun {
    /// `uname -r` of the kernel that ran it.
    pub kernel_release: String,
    pub commands: Vec<Observed>,
    /// The world after each step's last command: the step's index and
    /// the world, for each step run.
    pub worlds: Vec<(usize, WorldView)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Milliseconds a command may take before its prompt comes back.
    pub timeout_ms: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { timeout_ms: 10_000 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Sandbox(#[from] crate::sandbox::Error),
    #[error("terminal {terminal}: {message}")]
    Terminal { terminal: String, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// How long a terminal printing nothing counts as idle, before a command
/// is typed: longer when the lesson switches terminals, since the other
/// terminal's shell may still be reacting to what the last one did (a
/// parent shell printing `Killed` for a job killed from elsewhere).
const IDLE_SAME_TERMINAL: Duration = Duration::from_millis(50);
const IDLE_OTHER_TERMINAL: Duration = Duration::from_millis(300);

/// Replays `lesson` on the running kernel in a fresh sandbox.
pub fn observe(lesson: &Lesson, options: &Options) -> Result<KernelRun, Error> {
    let timeout = Duration::from_millis(options.timeout_ms);
    let mut sandbox = Sandbox::start()?;
    let mut terminals: BTreeMap<String, Terminal> = BTreeMap::new();
    // Every terminal is open before the first command, in order of first
    // use, as `ctlab::lesson::run::start` does on the model.
    for name in terminals_in_order_of_use(lesson) {
        let t = open(&mut sandbox, name, timeout)?;
        terminals.insert(name.to_string(), t);
    }
    let mut run = KernelRun {
        kernel_release: rustix::system::uname()
            .release()
            .to_string_lossy()
            .into_owned(),
        commands: Vec::new(),
        worlds: Vec::new(),
    };
    let mut last_terminal: Option<&str> = None;
    let all: Vec<_> = commands(lesson).collect();
    for (i, &(step, kind, entry)) in all.iter().enumerate() {
        let name = entry.terminal.as_str();
        let mut pending = String::new();
        if terminals.get(name).is_none_or(|t| !t.alive()) {
            // A terminal whose shell exited gets a new shell, like a new tab.
            let t = open(&mut sandbox, name, timeout)?;
            terminals.insert(name.to_string(), t);
        } else {
            let idle = if last_terminal.is_none_or(|l| l == name) {
                IDLE_SAME_TERMINAL
            } else {
                IDLE_OTHER_TERMINAL
            };
            pending = terminals.get_mut(name).expect("open").drain(idle)?;
        }
        last_terminal = Some(name);
        let t = terminals.get_mut(name).expect("open");
        t.send_line(&entry.command)?;
        let (raw, how) = t.read_until_prompt(timeout)?;
        let error = match how {
            Ending::Prompt | Ending::Eof => None,
            Ending::Timeout => Some(format!("no prompt within {} ms", options.timeout_ms)),
            Ending::Continuation => {
                Some("the shell waits for more input (PS2): an unfinished quote or command".into())
            }
        };
        let screen = pending + &clean(&raw);
        run.commands.push(Observed {
            step,
            line: entry.line,
            terminal: name.to_string(),
            kind,
            command: entry.command.clone(),
            screen: screen.lines().map(str::to_string).collect(),
            error: error.clone(),
        });
        let step_ends = all.get(i + 1).is_none_or(|next| next.0 != step);
        if step_ends || error.is_some() {
            run.worlds.push((step, world(&sandbox)?));
        }
        if error.is_some() {
            break;
        }
    }
    sandbox.teardown()?;
    Ok(run)
}

fn open(sandbox: &mut Sandbox, name: &str, timeout: Duration) -> Result<Terminal, Error> {
    let mut t = sandbox.open_terminal()?;
    let (out, how) = t.read_until_prompt(timeout)?;
    if how != Ending::Prompt || !clean(&out).trim().is_empty() {
        return Err(Error::Terminal {
            terminal: name.to_string(),
            message: format!("did not start cleanly ({how:?}): {:?}", clean(&out)),
        });
    }
    Ok(t)
}

/// The world as the sandbox's own /proc shows it.
fn world(sandbox: &Sandbox) -> Result<WorldView, Error> {
    Ok(crate::world_view::read(
        &sandbox.proc_dir(),
        &sandbox.cgroup_root(),
    )?)
}
