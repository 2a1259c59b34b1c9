//! Replaying a lesson on the real kernel: every command typed into its
//! terminal's real `bash -i` in a fresh sandbox, in the order the model
//! replays them (`ctlab::lesson::run::commands`), with the world read
//! from the sandbox's /proc after each step. The guest kernel's agent runs
//! this same function inside the VM and sends the result back.

use ctlab::kernel_model::world_view::WorldView;
use ctlab::lesson::{BlockKind, Lesson};
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
    /// The world after each step's last command (one per step run).
    pub worlds: Vec<WorldView>,
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
    #[error("the sandbox could not start: {0}")]
    Sandbox(String),
}

/// Replays `lesson` on the running kernel in a fresh sandbox.
pub fn observe(lesson: &Lesson, options: &Options) -> Result<KernelRun, Error> {
    let _ = (lesson, options);
    Err(Error::Sandbox("not built yet".into()))
}
