//! `id [-u|-g|-G] [-n] [-r]` (GNU coreutils 9.1, src/id.c) for the calling
//! process: `uid=0(root) gid=0(root) groups=0(root)` by default, with
//! `euid=`/`egid=` when they differ from the real ids. The ids are the ones
//! the caller's user namespace sees (unmapped ones are 65534, shown as
//! `65534(nobody)` and `65534(nogroup)` through /etc/passwd and /etc/group).
//! The group list is the effective gid followed by getgroups(2) without
//! it (gnulib mgetgroups). Checked: `id`, `id -G`, `id -Gn`, `id -un`,
//! `id -n` (`id: cannot print only names or real IDs in default format`),
//! `id -u -g` (`id: cannot print "only" of more than one choice`).

use super::Proc;
use super::getopt::{self, Cmd, Has};

const CMD: Cmd = Cmd {
    name: "id",
    opts: &[
        ("a", Has::No),
        ("u|user", Has::No),
        ("g|group", Has::No),
        ("G|groups", Has::No),
        ("n|name", Has::No),
        ("r|real", Has::No),
        ("!z|zero", Has::No),
        ("!Z|context", Has::No),
    ],
    usage_status: 1,
    usage_line: "",
};

struct Ids {
    ruid: u32,
    euid: u32,
    rgid: u32,
    egid: u32,
    groups: Vec<u32>,
}

fn ids(p: &mut Proc<'_>) -> Option<Ids> {
    let (k, t) = (&mut *p.k, p.task);
    let egid = k.getegid(t).ok()?;
    let mut groups = vec![egid];
    for g in k.getgroups(t).ok()? {
        if g != egid && groups.last() != Some(&g) {
            groups.push(g);
        }
    }
    Some(Ids {
        ruid: k.getuid(t).ok()?,
        euid: k.geteuid(t).ok()?,
        rgid: k.getgid(t).ok()?,
        egid,
        groups,
    })
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    if a.operands.len() > 1 && (a.has("u") || a.has("g") || a.has("G")) {
        // Several users with -u/-g/-G print one line each; not needed yet.
        return getopt::unsupported(p, "id", "-u/-g/-G with several USERs");
    }
    let only = ["u", "g", "G"].iter().filter(|k| a.has(k)).count();
    if only > 1 {
        p.stderr("id: cannot print \"only\" of more than one choice\n");
        return 1;
    }
    if only == 0 && (a.has("n") || a.has("r")) {
        p.stderr("id: cannot print only names or real IDs in default format\n");
        return 1;
    }
    if a.operands.is_empty() {
        let Some(ids) = ids(p) else {
            return 1;
        };
        return print(p, &a, &ids);
    }
    let mut status = 0;
    for user in &a.operands {
        match user_ids(p, user) {
            Some(ids) => status = status.max(print(p, &a, &ids)),
            None => {
                p.stderr(&format!(
                    "id: {}: no such user\n",
                    super::quote::quote(user)
                ));
                status = 1;
            }
        }
    }
    status
}

/// The ids of a user named on the command line (getpwnam, then the
/// groups that list it in /etc/group, as getgrouplist does).
fn user_ids(p: &mut Proc<'_>, user: &str) -> Option<Ids> {
    let passwd = String::from_utf8_lossy(&p.read_file("/etc/passwd").ok()?).into_owned();
    let (name, uid, gid) = passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        let uid: u32 = f.get(2)?.parse().ok()?;
        let gid: u32 = f.get(3)?.parse().ok()?;
        (f[0] == user || user.parse() == Ok(uid)).then(|| (f[0].to_string(), uid, gid))
    })?;
    let group =
        String::from_utf8_lossy(&p.read_file("/etc/group").unwrap_or_default()).into_owned();
    let mut groups = vec![gid];
    for l in group.lines() {
        let f: Vec<&str> = l.split(':').collect();
        let member = f.get(3).is_some_and(|m| m.split(',').any(|m| m == name));
        if let Some(g) = f.get(2).and_then(|g| g.parse::<u32>().ok())
            && member
            && !groups.contains(&g)
        {
            groups.push(g);
        }
    }
    Some(Ids {
        ruid: uid,
        euid: uid,
        rgid: gid,
        egid: gid,
        groups,
    })
}

/// Prints one `id` line for `ids`; the status.
fn print(p: &mut Proc<'_>, a: &getopt::Parsed, ids: &Ids) -> i32 {
    let (names, real) = (a.has("n"), a.has("r"));
    let mut status = 0;
    let mut one = |p: &mut Proc<'_>, id: u32, user: bool| -> String {
        if !names {
            return id.to_string();
        }
        let n = if user {
            p.user_name(id)
        } else {
            p.group_name(id)
        };
        n.unwrap_or_else(|| {
            let what = if user { "user" } else { "group" };
            p.stderr(&format!("id: cannot find name for {what} ID {id}\n"));
            status = 1;
            id.to_string()
        })
    };
    let line = if a.has("u") {
        one(p, if real { ids.ruid } else { ids.euid }, true)
    } else if a.has("g") {
        one(p, if real { ids.rgid } else { ids.egid }, false)
    } else if a.has("G") {
        let gs = ids.groups.clone();
        let v: Vec<String> = gs.into_iter().map(|g| one(p, g, false)).collect();
        v.join(" ")
    } else {
        let with = |p: &mut Proc<'_>, id: u32, user: bool| {
            let n = if user {
                p.user_name(id)
            } else {
                p.group_name(id)
            };
            match n {
                Some(n) => format!("{id}({n})"),
                None => id.to_string(),
            }
        };
        let mut s = format!(
            "uid={} gid={}",
            with(p, ids.ruid, true),
            with(p, ids.rgid, false)
        );
        if ids.euid != ids.ruid {
            s += &format!(" euid={}", with(p, ids.euid, true));
        }
        if ids.egid != ids.rgid {
            s += &format!(" egid={}", with(p, ids.egid, false));
        }
        let gs: Vec<String> = ids.groups.iter().map(|&g| with(p, g, false)).collect();
        s += &format!(" groups={}", gs.join(","));
        s
    };
    p.stdout(&format!("{line}\n"));
    status
}
