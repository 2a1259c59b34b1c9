//! Redirections, applied in the task that runs the command: files are
//! opened with open(2) in the model. In a forked child they are moved to
//! their descriptor number with dup2(2), as bash does; for a builtin the
//! shell keeps the file on whatever descriptor open(2) gave and closes it
//! when the builtin returns (bash saves and restores its own descriptors
//! instead; what is printed is the same).

use super::ast::{Redirect, RedirectOp};
use super::exec::Shell;
use super::expand::expand_word;
use super::io::{Io, Output, Stream};
use crate::kernel_model::vfs::{O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY};
use crate::kernel_model::{Kernel, TaskId};

/// Why redirections failed: the message bash prints (after `bash: `),
/// or something not supported.
pub enum RedirError {
    Bash(String),
    Unsupported(String),
}

/// Applies `redirects` in order to `io` for `task`. `in_child`: move files
/// to their numbers with dup2. Returns the model descriptors to close when
/// the command is done (builtins only; a child's close at exit).
pub fn apply(
    sh: &mut Shell,
    k: &mut Kernel,
    task: TaskId,
    io: &mut Io,
    out: &mut Output,
    redirects: &[Redirect],
    in_child: bool,
) -> Result<Vec<i32>, (Vec<i32>, RedirError)> {
    let mut opened = Vec::new();
    for r in redirects {
        if let Err(e) = apply_one(sh, k, task, io, out, r, in_child, &mut opened) {
            return Err((opened, e));
        }
    }
    Ok(opened)
}

// The shell, the kernel, the task and its descriptor table, the terminal
// output for `$(…)` in a target, and what was opened: all are live state
// of the one redirection being applied.
#[allow(clippy::too_many_arguments)]
fn apply_one(
    sh: &mut Shell,
    k: &mut Kernel,
    task: TaskId,
    io: &mut Io,
    out: &mut Output,
    r: &Redirect,
    in_child: bool,
    opened: &mut Vec<i32>,
) -> Result<(), RedirError> {
    if r.op == RedirectOp::HereString {
        return Err(RedirError::Unsupported("here-strings (<<<)".into()));
    }
    let eio = io.clone();
    let fields =
        expand_word(sh, k, &eio, out, &r.target).map_err(|u| RedirError::Unsupported(u.0))?;
    let [target] = fields.as_slice() else {
        return Err(RedirError::Bash(format!(
            "{}: ambiguous redirect",
            r.target
        )));
    };
    let fd = r.fd_or_default();
    let flags = match r.op {
        RedirectOp::In => O_RDONLY,
        RedirectOp::Out | RedirectOp::Clobber | RedirectOp::OutErr => O_WRONLY | O_CREAT | O_TRUNC,
        RedirectOp::Append | RedirectOp::AppendOutErr => O_WRONLY | O_CREAT | O_APPEND,
        RedirectOp::ReadWrite => O_RDWR | O_CREAT,
        RedirectOp::DupIn | RedirectOp::DupOut => {
            if target == "-" {
                io.close(fd);
                return Ok(());
            }
            if let Ok(n) = target.parse::<u32>() {
                return match io.get(n) {
                    Some(s) => {
                        io.set(fd, s);
                        Ok(())
                    }
                    None => Err(RedirError::Bash(format!("{n}: Bad file descriptor"))),
                };
            }
            if r.op == RedirectOp::DupIn {
                return Err(RedirError::Bash(format!("{target}: ambiguous redirect")));
            }
            // `>&file` with no number is `&>file`.
            if r.fd.is_some() {
                return Err(RedirError::Bash(format!("{target}: ambiguous redirect")));
            }
            O_WRONLY | O_CREAT | O_TRUNC
        }
        RedirectOp::HereString => unreachable!("handled above"),
    };
    let n = k
        .open(task, target, flags, 0o666)
        .map_err(|e| RedirError::Bash(format!("{target}: {e}")))?;
    let both = matches!(r.op, RedirectOp::OutErr | RedirectOp::AppendOutErr)
        || (r.op == RedirectOp::DupOut && r.fd.is_none());
    let targets: &[u32] = if both { &[1, 2] } else { &[fd] };
    for &t in targets {
        let stream = if in_child && i32::try_from(t).is_ok_and(|t| t != n) {
            let t = t as i32;
            match k.dup2(task, n, t) {
                Ok(_) => Stream::Model(t),
                Err(e) => return Err(RedirError::Bash(format!("{t}: {e}"))),
            }
        } else {
            Stream::Model(n)
        };
        io.set(t, stream);
    }
    if in_child && !targets.iter().any(|&t| t as i32 == n) {
        let _ = k.close(task, n);
    } else {
        opened.push(n);
    }
    Ok(())
}
