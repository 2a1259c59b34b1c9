//! `unshare [options] [PROGRAM [ARGUMENT…]]` (util-linux 2.38.1): runs a
//! program in new namespaces. The order of its steps is util-linux's,
//! because lessons show their effects: unshare(2) with every requested
//! flag; with `--fork` a child continues while the parent waits and ends
//! as the child ended; then, in the child, the id maps (`setgroups deny`
//! before `gid_map`), root propagation (`--propagation`, default private
//! for a new mount namespace), `--mount-proc`, and execvp(3). With no
//! PROGRAM it runs `$SHELL`, or `/bin/sh` when unset — which is dash,
//! absent from the model, so lessons name `bash`.

use super::Proc;
use super::getopt::{self, Cmd, Has};
use crate::kernel_model::CloneFlags;
use crate::kernel_model::vfs::{
    MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_REC, MS_SHARED, MS_SLAVE,
};
use crate::userland::sched::Relay;

const CMD: Cmd = Cmd {
    name: "unshare",
    opts: &[
        ("m|mount", Has::Opt),
        ("u|uts", Has::Opt),
        ("i|ipc", Has::Opt),
        ("n|net", Has::Opt),
        ("p|pid", Has::Opt),
        ("U|user", Has::Opt),
        ("C|cgroup", Has::Opt),
        ("T|time", Has::Opt),
        ("f|fork", Has::No),
        ("|map-user", Has::Req),
        ("|map-group", Has::Req),
        ("r|map-root-user", Has::No),
        ("c|map-current-user", Has::No),
        ("!|map-auto", Has::No),
        ("!|map-users", Has::Req),
        ("!|map-groups", Has::Req),
        ("!|kill-child", Has::Opt),
        ("|mount-proc", Has::Opt),
        ("|propagation", Has::Req),
        ("|setgroups", Has::Req),
        ("!|keep-caps", Has::No),
        ("R|root", Has::Req),
        ("w|wd", Has::Req),
        ("!S|setuid", Has::Req),
        ("!G|setgid", Has::Req),
        ("!|monotonic", Has::Req),
        ("!|boottime", Has::Req),
    ],
    usage_status: 1,
    usage_line: "",
};

/// util-linux's `err()`: `unshare: MSG: strerror`, exit 1.
fn fail(p: &mut Proc<'_>, msg: &str, e: crate::kernel_model::Errno) -> i32 {
    p.stderr(&format!("unshare: {msg}: {e}\n"));
    1
}

/// A uid or gid given as a number or a name (`--map-user=root`).
fn parse_id(p: &mut Proc<'_>, s: &str, db: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let data = p.read_file(db).ok()?;
    String::from_utf8_lossy(&data).lines().find_map(|l| {
        let mut f = l.split(':');
        (f.next()? == s).then_some(())?;
        f.next()?;
        f.next()?.parse().ok()
    })
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let args = match getopt::parse_until_operand(p, &CMD, argv) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let mut flags = CloneFlags::EMPTY;
    let mut fork = false;
    let mut map_user: Option<String> = None;
    let mut map_group: Option<String> = None;
    let mut procmnt: Option<String> = None;
    let mut propagation: Option<u64> = Some(MS_PRIVATE | MS_REC);
    let mut setgroups: Option<String> = None;
    let mut newroot: Option<String> = None;
    let mut newdir: Option<String> = None;
    for (key, val) in &args.opts {
        let ns = match *key {
            "m" => Some(CloneFlags::NEWNS),
            "u" => Some(CloneFlags::NEWUTS),
            "i" => Some(CloneFlags::NEWIPC),
            "n" => Some(CloneFlags::NEWNET),
            "p" => Some(CloneFlags::NEWPID),
            "U" => Some(CloneFlags::NEWUSER),
            "C" => Some(CloneFlags::NEWCGROUP),
            "T" => Some(CloneFlags::NEWTIME),
            _ => None,
        };
        if let Some(f) = ns {
            if val.is_some() {
                let opt = format!(
                    "--{}=FILE",
                    match *key {
                        "m" => "mount",
                        "u" => "uts",
                        "i" => "ipc",
                        "n" => "net",
                        "p" => "pid",
                        "U" => "user",
                        "C" => "cgroup",
                        _ => "time",
                    }
                );
                return getopt::unsupported(p, "unshare", &opt);
            }
            flags = CloneFlags(flags.0 | f.0);
            continue;
        }
        match *key {
            "f" => fork = true,
            "map-user" => {
                flags = CloneFlags(flags.0 | CloneFlags::NEWUSER.0);
                map_user = val.clone();
            }
            "map-group" => {
                flags = CloneFlags(flags.0 | CloneFlags::NEWUSER.0);
                map_group = val.clone();
            }
            "r" => {
                flags = CloneFlags(flags.0 | CloneFlags::NEWUSER.0);
                map_user = Some("0".into());
                map_group = Some("0".into());
            }
            "c" => {
                flags = CloneFlags(flags.0 | CloneFlags::NEWUSER.0);
                let uid = p.k.geteuid(p.task).unwrap_or(0);
                let gid = p.k.getegid(p.task).unwrap_or(0);
                map_user = Some(uid.to_string());
                map_group = Some(gid.to_string());
            }
            "mount-proc" => {
                flags = CloneFlags(flags.0 | CloneFlags::NEWNS.0);
                procmnt = Some(val.clone().unwrap_or_else(|| "/proc".into()));
            }
            "propagation" => {
                propagation = match val.as_deref().unwrap_or("") {
                    "slave" => Some(MS_REC | MS_SLAVE),
                    "shared" => Some(MS_REC | MS_SHARED),
                    "private" => Some(MS_REC | MS_PRIVATE),
                    "unchanged" => None,
                    other => {
                        p.stderr(&format!("unshare: unsupported propagation mode: {other}\n"));
                        return 1;
                    }
                }
            }
            "setgroups" => match val.as_deref() {
                Some(v @ ("allow" | "deny")) => setgroups = Some(v.to_string()),
                other => {
                    p.stderr(&format!(
                        "unshare: unsupported --setgroups argument '{}'\n",
                        other.unwrap_or("")
                    ));
                    return 1;
                }
            },
            "R" => newroot = val.clone(),
            "w" => newdir = val.clone(),
            _ => {}
        }
    }
    let real_euid = p.k.geteuid(p.task).unwrap_or(0);
    let real_egid = p.k.getegid(p.task).unwrap_or(0);
    let map_uid = match &map_user {
        Some(s) => match parse_id(p, s, "/etc/passwd") {
            Some(n) => Some(n),
            None => {
                p.stderr(&format!("unshare: failed to parse uid '{s}'\n"));
                return 1;
            }
        },
        None => None,
    };
    let map_gid = match &map_group {
        Some(s) => match parse_id(p, s, "/etc/group") {
            Some(n) => Some(n),
            None => {
                p.stderr(&format!("unshare: failed to parse gid '{s}'\n"));
                return 1;
            }
        },
        None => None,
    };
    if let Err(e) = p.k.unshare(p.task, flags) {
        return fail(p, "unshare failed", e);
    }
    let command: Vec<String> = if args.operands.is_empty() {
        // exec_shell(): $SHELL or /bin/sh, as a login shell (`-sh`).
        let shell = p.getenv("SHELL").unwrap_or("/bin/sh").to_string();
        vec![shell]
    } else {
        args.operands.clone()
    };
    let rest = move |c: &mut Proc<'_>| -> i32 {
        if let Some(uid) = map_uid
            && let Err(e) = c.k.write_file(
                c.task,
                "/proc/self/uid_map",
                format!("{uid} {real_euid} 1").as_bytes(),
            )
        {
            c.stderr(&format!("unshare: write failed /proc/self/uid_map: {e}\n"));
            return 1;
        }
        if let Some(gid) = map_gid {
            if setgroups.as_deref() == Some("allow") {
                c.stderr(
                    "unshare: options --setgroups=allow and --map-group are mutually exclusive\n",
                );
                return 1;
            }
            if let Err(e) = c.k.write_file(c.task, "/proc/self/setgroups", b"deny") {
                c.stderr(&format!("unshare: cannot open /proc/self/setgroups: {e}\n"));
                return 1;
            }
            if let Err(e) = c.k.write_file(
                c.task,
                "/proc/self/gid_map",
                format!("{gid} {real_egid} 1").as_bytes(),
            ) {
                c.stderr(&format!("unshare: write failed /proc/self/gid_map: {e}\n"));
                return 1;
            }
        } else if let Some(sg) = &setgroups
            && let Err(e) =
                c.k.write_file(c.task, "/proc/self/setgroups", sg.as_bytes())
        {
            c.stderr(&format!(
                "unshare: write failed /proc/self/setgroups: {e}\n"
            ));
            return 1;
        }
        if flags.contains(CloneFlags::NEWNS)
            && let Some(prop) = propagation
            && let Err(e) = c.k.mount(c.task, "none", "/", "", prop, "")
        {
            return fail(c, "cannot change root filesystem propagation", e);
        }
        if let Some(root) = &newroot {
            if let Err(e) = c.k.chroot(c.task, root) {
                return fail(c, &format!("cannot change root directory to '{root}'"), e);
            }
            if let Err(e) = c.k.chdir(c.task, "/") {
                return fail(c, "cannot chdir to '/'", e);
            }
        }
        if let Some(dir) = &newdir
            && let Err(e) = c.k.chdir(c.task, dir)
        {
            return fail(c, &format!("cannot chdir to '{dir}'"), e);
        }
        if let Some(mnt) = &procmnt {
            if newroot.is_none()
                && let Err(e) = c.k.mount(c.task, "none", mnt, "", MS_PRIVATE | MS_REC, "")
            {
                return fail(c, &format!("cannot change {mnt} filesystem propagation"), e);
            }
            if let Err(e) = c.k.mount(
                c.task,
                "proc",
                mnt,
                "proc",
                MS_NOSUID | MS_NOEXEC | MS_NODEV,
                "",
            ) {
                return fail(c, &format!("mount {mnt} failed"), e);
            }
        }
        match c.exec(&command) {
            Ok(code) => code,
            Err(e) => {
                let code = if e == crate::kernel_model::Errno::ENOENT {
                    127
                } else {
                    126
                };
                c.stderr(&format!("unshare: failed to execute {}: {e}\n", command[0]));
                code
            }
        }
    };
    if !fork {
        return rest(p);
    }
    match p.fork_wait(Relay::Unshare, rest) {
        Err(e) => fail(p, "fork failed", e),
        Ok(None) => 0,
        Ok(Some(ws)) => p.end_like(ws, Relay::Unshare),
    }
}
