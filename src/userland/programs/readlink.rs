//! `readlink FILE…` (GNU coreutils, no options): each symbolic link's
//! target on a line. Without options readlink is quiet: a file that is not
//! a link (or does not exist) prints nothing and makes the status 1
//! (checked: `readlink /etc; echo $?` prints `1`).
//!
//! `-f` canonicalizes: every symbolic link in the path is followed and
//! `.`/`..` removed; every component but the last must exist (checked:
//! `readlink -f /etc/../bin/nope` prints `/usr/bin/nope`, `readlink -f
//! /nope/x` prints nothing, status 1).

use super::Proc;
use crate::kernel_model::vfs::{S_IFDIR, S_IFMT};

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let mut args = &argv[1..];
    let follow = args.first().is_some_and(|a| a == "-f");
    if follow {
        args = &args[1..];
    }
    if let Some(opt) = args.iter().find(|a| a.starts_with('-') && a.len() > 1) {
        p.stderr(&format!(
            "ctlab: readlink: option {opt} is not supported yet\n"
        ));
        return 1;
    }
    if args.is_empty() {
        p.stderr("readlink: missing operand\nTry 'readlink --help' for more information.\n");
        return 1;
    }
    let mut status = 0;
    for a in args {
        let r = if follow {
            canonicalize(p, a).ok_or(())
        } else {
            p.k.readlink(p.task, a).map_err(|_| ())
        };
        match r {
            Ok(t) => p.stdout(&format!("{t}\n")),
            Err(_) => status = 1,
        }
    }
    status
}

/// `canonicalize_filename_mode(…, CAN_ALL_BUT_LAST)` of coreutils.
fn canonicalize(p: &mut Proc<'_>, path: &str) -> Option<String> {
    let mut todo: Vec<String> = Vec::new();
    let push_path = |todo: &mut Vec<String>, s: &str| {
        for c in s.split('/').rev() {
            if !c.is_empty() && c != "." {
                todo.push(c.to_string());
            }
        }
    };
    let mut done: Vec<String> = Vec::new();
    if !path.starts_with('/') {
        let cwd = p.k.getcwd(p.task).ok()?;
        done = cwd
            .split('/')
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
    }
    push_path(&mut todo, path);
    let mut links = 0;
    while let Some(c) = todo.pop() {
        if c == ".." {
            done.pop();
            continue;
        }
        let full = format!(
            "/{}",
            done.iter()
                .chain([&c])
                .cloned()
                .collect::<Vec<_>>()
                .join("/")
        );
        let last = todo.is_empty();
        match p.k.readlink(p.task, &full) {
            Ok(target) => {
                links += 1;
                if links > 40 {
                    return None;
                }
                if target.starts_with('/') {
                    done.clear();
                }
                push_path(&mut todo, &target);
            }
            Err(_) => {
                match p.k.stat(p.task, &full) {
                    Ok(st) => {
                        let is_dir = st.mode & S_IFMT == S_IFDIR;
                        if !last && !is_dir {
                            return None;
                        }
                    }
                    Err(_) if last => {}
                    Err(_) => return None,
                }
                done.push(c);
            }
        }
    }
    Some(format!("/{}", done.join("/")))
}
