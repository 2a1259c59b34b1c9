//! `nsenter [options] [PROGRAM [ARGUMENT…]]` (util-linux 2.38.1): runs a
//! program in the namespaces of another process (`-t PID`). As util-linux
//! does: open every /proc/PID/ns/NAME first, then setns(2) in its fixed
//! order (user, cgroup, ipc, uts, net, pid, mnt, time) in two passes — the
//! user namespace first if that is what grants the right to enter the
//! others, else last; entering a PID namespace forks (the child is the
//! one in it, pid_namespaces(7)), the parent waits and ends as the child
//! did; entering a user namespace also becomes uid/gid 0 there unless
//! `--preserve-credentials`.

use super::Proc;
use super::getopt::{self, Cmd, Has};
use crate::kernel_model::{CloneFlags, Errno, NsFd};
use crate::userland::sched::Relay;

const CMD: Cmd = Cmd {
    name: "nsenter",
    opts: &[
        ("a|all", Has::No),
        ("t|target", Has::Req),
        ("m|mount", Has::Opt),
        ("u|uts", Has::Opt),
        ("i|ipc", Has::Opt),
        ("n|net", Has::Opt),
        ("p|pid", Has::Opt),
        ("C|cgroup", Has::Opt),
        ("U|user", Has::Opt),
        ("T|time", Has::Opt),
        ("!S|setuid", Has::Req),
        ("!G|setgid", Has::Req),
        ("|preserve-credentials", Has::No),
        ("!r|root", Has::Opt),
        ("!w|wd", Has::Opt),
        ("F|no-fork", Has::No),
        ("!Z|follow-context", Has::No),
    ],
    usage_status: 1,
    usage_line: "",
};

/// The namespaces in the order nsenter enters them.
const ORDER: [(&str, &str, CloneFlags); 8] = [
    ("U", "user", CloneFlags::NEWUSER),
    ("C", "cgroup", CloneFlags::NEWCGROUP),
    ("i", "ipc", CloneFlags::NEWIPC),
    ("u", "uts", CloneFlags::NEWUTS),
    ("n", "net", CloneFlags::NEWNET),
    ("p", "pid", CloneFlags::NEWPID),
    ("m", "mnt", CloneFlags::NEWNS),
    ("T", "time", CloneFlags::NEWTIME),
];

fn fail(p: &mut Proc<'_>, msg: &str, e: Errno) -> i32 {
    p.stderr(&format!("nsenter: {msg}: {e}\n"));
    1
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let args = match getopt::parse_until_operand(p, &CMD, argv) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let target: Option<i32> = match args.last("t") {
        Some(t) => match t.parse() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                p.stderr(&format!("nsenter: failed to parse pid: '{t}'\n"));
                return 1;
            }
        },
        None => None,
    };
    let mut chosen = [false; 8];
    for (i, (key, _, _)) in ORDER.iter().enumerate() {
        if args.opts.iter().any(|(k, v)| {
            if *k == *key && v.is_some() {
                return true;
            }
            false
        }) {
            let name = ORDER[i].1;
            return getopt::unsupported(p, "nsenter", &format!("--{name}=FILE"));
        }
        chosen[i] = args.has(key);
    }
    let preserve = args.has("preserve-credentials");
    let no_fork = args.has("F");
    if args.has("a") {
        let Some(pid) = target else {
            p.stderr("nsenter: no target PID specified for --all\n");
            return 1;
        };
        for (i, (_, name, _)) in ORDER.iter().enumerate() {
            let path = format!("/proc/{pid}/ns/{name}");
            if chosen[i] || p.k.lstat(p.task, &path).is_err() {
                continue;
            }
            // setns(2) to one's own user namespace is EINVAL: skipped.
            if i == 0 {
                let mine = p.k.readlink(p.task, "/proc/self/ns/user").ok();
                if mine.is_some() && mine == p.k.readlink(p.task, &path).ok() {
                    continue;
                }
            }
            chosen[i] = true;
        }
    }
    // With no namespace chosen, nsenter 2.38 just runs the program.
    // Open every namespace file first.
    let mut fds: Vec<Option<NsFd>> = Vec::new();
    for (i, (_, name, _)) in ORDER.iter().enumerate() {
        if !chosen[i] {
            fds.push(None);
            continue;
        }
        let Some(pid) = target else {
            for fd in fds.into_iter().flatten() {
                p.k.close_ns(fd);
            }
            p.stderr(&format!(
                "nsenter: neither filename nor target pid supplied for ns/{name}\n"
            ));
            return 1;
        };
        let path = format!("/proc/{pid}/ns/{name}");
        match p.k.open_ns(p.task, &path) {
            Ok(fd) => fds.push(Some(fd)),
            Err(e) => {
                for fd in fds.into_iter().flatten() {
                    p.k.close_ns(fd);
                }
                return fail(p, &format!("cannot open {path}"), e);
            }
        }
    }
    let mut fork = false;
    for pass in 0..2 {
        for i in (1 - pass)..ORDER.len() {
            let Some(fd) = fds[i].take() else { continue };
            if ORDER[i].2 == CloneFlags::NEWPID && !no_fork {
                fork = true;
            }
            match p.k.setns(p.task, &fd, ORDER[i].2) {
                Ok(()) => p.k.close_ns(fd),
                Err(e) if pass != 0 => {
                    p.k.close_ns(fd);
                    for fd in fds.into_iter().flatten() {
                        p.k.close_ns(fd);
                    }
                    return fail(
                        p,
                        &format!("reassociate to namespace 'ns/{}' failed", ORDER[i].1),
                        e,
                    );
                }
                Err(_) => fds[i] = Some(fd),
            }
        }
    }
    let command: Vec<String> = if args.operands.is_empty() {
        vec![p.getenv("SHELL").unwrap_or("/bin/sh").to_string()]
    } else {
        args.operands.clone()
    };
    let enter_user = chosen[0];
    let rest = move |c: &mut Proc<'_>| -> i32 {
        if enter_user && !preserve {
            // Become root of the user namespace entered.
            let _ = c.k.setgroups(c.task, &[]);
            if let Err(e) = c.k.setgid(c.task, 0) {
                return fail(c, "setgid failed", e);
            }
            if let Err(e) = c.k.setuid(c.task, 0) {
                return fail(c, "setuid failed", e);
            }
        }
        match c.exec(&command) {
            Ok(code) => code,
            Err(e) => {
                let code = if e == Errno::ENOENT { 127 } else { 126 };
                c.stderr(&format!("nsenter: failed to execute {}: {e}\n", command[0]));
                code
            }
        }
    };
    if !fork {
        return rest(p);
    }
    match p.fork_wait(Relay::Raise, rest) {
        Err(e) => fail(p, "fork failed", e),
        Ok(None) => 0,
        Ok(Some(ws)) => p.end_like(ws, Relay::Raise),
    }
}
