//! /proc/PID/cmdline (proc(5)): the argument vector of the last execve(2),
//! each argument followed by a NUL byte; empty for a zombie, whose address
//! space is gone (`get_mm_cmdline()` returns 0 without an mm).

use crate::kernel_model::task::{Task, TaskState};

pub fn render_cmdline(task: &Task) -> String {
    if task.state == TaskState::Zombie {
        return String::new();
    }
    task.argv.iter().map(|a| format!("{a}\0")).collect()
}

/// The arguments of a cmdline file (procps splits at NULs the same way).
pub fn parse_cmdline(text: &str) -> Vec<String> {
    let body = text.strip_suffix('\0').unwrap_or(text);
    if body.is_empty() {
        return Vec::new();
    }
    body.split('\0').map(str::to_owned).collect()
}
