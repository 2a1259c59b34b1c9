//! The builtins ctlab's bash has so far: `echo`, `cd`, `pwd`, `export`,
//! `exit`, `true`, `false`, `:`, and the job builtins `kill`, `wait`,
//! `jobs` ([`super::job_builtins`]). They run in the shell's own task, with
//! bash's own messages (`bash: cd: /nope: No such file or directory`).

use super::exec::Shell;
use super::io::{Io, Output};
use crate::kernel_model::Kernel;

/// How a builtin ended.
pub enum Done {
    Status(i32),
    /// `exit N`.
    Exit(i32),
}

const BUILTINS: &[&str] = &[
    "echo", "cd", "pwd", "export", "exit", "true", "false", ":", "kill", "wait", "jobs",
];

pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

struct Ctx<'a> {
    sh: &'a mut Shell,
    k: &'a mut Kernel,
    io: &'a Io,
    out: &'a mut Output,
}

impl Ctx<'_> {
    fn print(&mut self, fd: u32, s: &[u8]) {
        let _ = self.io.write(self.k, self.sh.task, self.out, fd, s);
    }

    fn err(&mut self, msg: &str) {
        let prefix = self.sh.err_prefix();
        self.print(2, format!("{prefix}{msg}\n").as_bytes());
    }
}

pub fn run(sh: &mut Shell, k: &mut Kernel, io: &Io, out: &mut Output, argv: &[String]) -> Done {
    let mut c = Ctx { sh, k, io, out };
    let args = &argv[1..];
    match argv[0].as_str() {
        "true" | ":" => Done::Status(0),
        "false" => Done::Status(1),
        "echo" => Done::Status(echo(&mut c, args)),
        "pwd" => Done::Status(pwd(&mut c)),
        "cd" => Done::Status(cd(&mut c, args)),
        "export" => Done::Status(export(&mut c, args)),
        "exit" => exit(&mut c, args),
        "kill" => Done::Status(super::job_builtins::kill(c.sh, c.k, c.io, c.out, args)),
        "wait" => Done::Status(super::job_builtins::wait(c.sh, c.k, c.io, c.out, args)),
        "jobs" => Done::Status(super::job_builtins::jobs(c.sh, c.k, c.io, c.out, args)),
        other => unreachable!("not a builtin: {other}"),
    }
}

/// bash's builtin echo: leading `-n`, `-e`, `-E` (and combinations such as
/// `-ne`) are options; `-e` (off by default, `xpg_echo` unset) decodes
/// backslash escapes, `\c` ending all output.
fn echo(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let Some(flags) = a.strip_prefix('-') else {
            break;
        };
        if flags.is_empty() || !flags.chars().all(|ch| matches!(ch, 'n' | 'e' | 'E')) {
            break;
        }
        for ch in flags.chars() {
            match ch {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        i += 1;
    }
    let mut s = Vec::new();
    for (n, a) in args[i..].iter().enumerate() {
        if n > 0 {
            s.push(b' ');
        }
        if escapes {
            if decode_echo(a, &mut s) {
                c.print(1, &s);
                return 0;
            }
        } else {
            s.extend_from_slice(a.as_bytes());
        }
    }
    if newline {
        s.push(b'\n');
    }
    c.print(1, &s);
    0
}

/// `echo -e` escapes: `\a \b \c \e \E \f \n \r \t \v \\`, `\0nnn` (up to
/// three octal digits after the 0), `\xHH`. Returns true on `\c` (stop).
fn decode_echo(a: &str, out: &mut Vec<u8>) -> bool {
    let b = a.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let e = b[i + 1];
        i += 2;
        let simple = match e {
            b'\\' => Some(b'\\'),
            _ => super::ast::control_escape(e),
        };
        if let Some(v) = simple {
            out.push(v);
            continue;
        }
        match e {
            b'c' => return true,
            b'0' => {
                let mut v: u32 = 0;
                let mut n = 0;
                while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + u32::from(b[i] - b'0');
                    i += 1;
                    n += 1;
                }
                out.push((v & 0xff) as u8);
            }
            b'x' => {
                let mut v: u32 = 0;
                let mut n = 0;
                while n < 2 && i < b.len() {
                    match (b[i] as char).to_digit(16) {
                        Some(d) => v = v * 16 + d,
                        None => break,
                    }
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(v as u8);
                }
            }
            _ => {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    false
}

fn pwd(c: &mut Ctx<'_>) -> i32 {
    match c.k.getcwd(c.sh.task) {
        Ok(d) => {
            c.print(1, format!("{d}\n").as_bytes());
            0
        }
        Err(e) => {
            c.err(&format!("pwd: {e}"));
            1
        }
    }
}

/// `cd [dir]`: no argument means `$HOME`, `-` means `$OLDPWD` (printed).
fn cd(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let (dir, print) = match args {
        [] => match c.sh.var("HOME") {
            Some(h) => (h, false),
            None => {
                c.err("cd: HOME not set");
                return 1;
            }
        },
        [d] if d == "-" => match c.sh.var("OLDPWD") {
            Some(o) => (o, true),
            None => {
                c.err("cd: OLDPWD not set");
                return 1;
            }
        },
        [d] => (d.clone(), false),
        _ => {
            c.err("cd: too many arguments");
            return 1;
        }
    };
    if let Err(e) = c.k.chdir(c.sh.task, &dir) {
        c.err(&format!("cd: {dir}: {e}"));
        return 1;
    }
    let old = c.sh.var("PWD").unwrap_or_default();
    c.sh.set_var("OLDPWD", &old);
    let new = c.k.getcwd(c.sh.task).unwrap_or(dir);
    c.sh.set_var("PWD", &new);
    if print {
        c.print(1, format!("{new}\n").as_bytes());
    }
    0
}

fn valid_name(n: &str) -> bool {
    let mut cs = n.chars();
    matches!(cs.next(), Some(ch) if ch == '_' || ch.is_ascii_alphabetic())
        && cs.all(|ch| ch == '_' || ch.is_ascii_alphanumeric())
}

/// `export NAME[=value]…`. Without arguments bash lists every exported
/// variable (`declare -x …`); ctlab's environment is not bash's full one
/// yet, so that form says it is not supported.
fn export(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    if args.is_empty() || args[0].starts_with('-') {
        c.print(
            2,
            b"ctlab: export without arguments or with options is not supported yet\n",
        );
        return 2;
    }
    let mut status = 0;
    for a in args {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if !valid_name(name) {
            c.err(&format!("export: `{a}': not a valid identifier"));
            status = 1;
            continue;
        }
        if let Some(v) = value {
            c.sh.set_var(name, v);
        }
        // `export X` with X unset marks X for a later assignment in bash;
        // ctlab does not record that yet.
        if let Some(v) = c.sh.vars.get_mut(name) {
            v.exported = true;
        }
    }
    status
}

/// `exit [n]`: with no argument, the status of the last command.
fn exit(c: &mut Ctx<'_>, args: &[String]) -> Done {
    match args {
        [] => Done::Exit(c.sh.last_status),
        [n] => match n.parse::<i64>() {
            Ok(v) => Done::Exit((v & 0xff) as i32),
            Err(_) => {
                c.err(&format!("exit: {n}: numeric argument required"));
                Done::Exit(2)
            }
        },
        _ => {
            c.err("exit: too many arguments");
            Done::Status(1)
        }
    }
}
