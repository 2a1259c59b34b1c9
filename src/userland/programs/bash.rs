//! `bash` (GNU bash 5.2) as a program: `bash -c STRING` runs the string
//! and exits; `bash` with the terminal on stdin and stderr (or `-i`)
//! becomes an interactive shell that reads the terminal's next lines —
//! which is how `unshare … bash` and `chroot DIR /bin/bash` give the
//! student a shell inside; `bash` with stdin from a pipe or file reads its
//! commands from there.

use super::{Proc, Suspend};
use crate::kernel_model::signal::SigDisposition;
use crate::userland::frame::Frame;
use crate::userland::shell::exec::Shell;

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let mut command: Option<&str> = None;
    let mut force_interactive = false;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        match a {
            "-c" => {
                i += 1;
                match argv.get(i) {
                    Some(s) => command = Some(s),
                    None => {
                        p.stderr("bash: -c: option requires an argument\n");
                        return 2;
                    }
                }
            }
            "-i" => force_interactive = true,
            "--norc" | "--noprofile" | "--" => {}
            _ if a.starts_with('-') => {
                p.stderr(&format!("ctlab: bash: option {a} is not supported yet\n"));
                return 1;
            }
            _ => break,
        }
        i += 1;
        if command.is_some() {
            break;
        }
    }
    let rest = &argv[i..];
    let env = p.env.clone();
    if let Some(text) = command {
        let mut sh = Shell::in_task(p.k, p.task, &env, false, p.background, p.sched.clone());
        let _ = rest;
        let code = sh.run_script(p.k, p.io, p.out, text);
        return code;
    }
    if let Some(script) = rest.first() {
        p.stderr(&format!(
            "ctlab: bash: running the script {script} is not supported yet\n"
        ));
        return 1;
    }
    if force_interactive || (p.isatty(0) && p.isatty(2)) {
        // initialize_job_control(): its own process group, and the
        // terminal's foreground group is that group.
        // bash catches SIGINT when interactive: Ctrl-C ends the job, not
        // the shell.
        let _ = p.k.sigaction(p.task, 2, SigDisposition::Handler);
        let _ = p.k.setpgid(p.task, 0, 0);
        if let Ok(pgid) = p.k.getpgid(p.task, 0) {
            let _ = p.k.tcsetpgrp(p.task, 0, pgid);
        }
        let sh = Shell::in_task(p.k, p.task, &env, true, p.background, p.sched.clone());
        p.suspend = Some(Suspend::Frames(vec![Frame::Shell(Box::new(sh))]));
        return 0;
    }
    // Commands from stdin (a pipe or a file).
    let input = match p.io.read_all(p.k, p.task, 0) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => String::new(),
    };
    let mut sh = Shell::in_task(p.k, p.task, &env, false, p.background, p.sched.clone());
    sh.run_script(p.k, p.io, p.out, &input)
}
