//! `umount` (util-linux 2.38.1, sys-utils/umount.c over libmount).
//!
//! Each argument is a mount point or a mounted source: libmount looks it
//! up in /proc/self/mountinfo (the canonical path as a target, last mount
//! first, else the argument as a source) and calls umount2(2) on the
//! target found, or on the argument itself when nothing matches (so the
//! kernel's error decides the message). Messages are
//! `mnt_context_get_umount_excode()`'s: EINVAL "not mounted", EBUSY
//! "target is busy", ENOENT "no mount point specified", EPERM "must be
//! superuser to unmount". A user who is not root gets "not mounted" with
//! status 1 for a target missing from the table, before any syscall. `-l`
//! is MNT_DETACH, `-f` MNT_FORCE; `-R` unmounts the submounts first
//! (`umount_recursive()`). Statuses add up over the arguments (`rc +=`).

use super::Proc;
use super::getopt::{self, Cmd, Has, OptSpec};
use super::libmount::{self, MntEntry};
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{MNT_DETACH, MNT_FORCE};

const EX_USAGE: i32 = 1;
const EX_FAIL: i32 = 32;

const SPECS: &[OptSpec] = &[
    ("a|all", Has::No),
    ("A|all-targets", Has::No),
    ("c|no-canonicalize", Has::No),
    ("d|detach-loop", Has::No),
    ("|fake", Has::No),
    ("f|force", Has::No),
    ("h|help", Has::No),
    ("i|internal-only", Has::No),
    ("l|lazy", Has::No),
    ("n|no-mtab", Has::No),
    ("q|quiet", Has::No),
    ("r|read-only", Has::No),
    ("R|recursive", Has::No),
    ("O|test-opts", Has::Req),
    ("t|types", Has::Req),
    ("v|verbose", Has::No),
    ("V|version", Has::No),
    ("N|namespace", Has::Req),
];

const CMD: Cmd = Cmd {
    name: "umount",
    opts: SPECS,
    usage_status: EX_USAGE,
    usage_line: "",
};

struct Ctx {
    flags: u32,
    quiet: bool,
    restricted: bool,
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let parsed = match getopt::parse(p, &CMD, argv) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let uid = p.k.getuid(p.task).unwrap_or(0);
    let euid = p.k.geteuid(p.task).unwrap_or(0);
    let mut cx = Ctx {
        flags: 0,
        quiet: false,
        restricted: uid != 0 || euid != 0,
    };
    let mut recursive = false;
    for (key, _) in &parsed.opts {
        match *key {
            "l" => cx.flags |= MNT_DETACH,
            "f" => cx.flags |= MNT_FORCE,
            "n" | "i" => {}
            "q" => cx.quiet = true,
            "R" => recursive = true,
            "V" => {
                p.stdout("umount from util-linux 2.38.1 (libmount 2.38.1: selinux, smack, btrfs, verity, namespaces, assert, debug)\n");
                return 0;
            }
            _ => {
                return getopt::unsupported_opt(p, &CMD, key);
            }
        }
    }
    if parsed.operands.is_empty() {
        p.stderr("umount: bad usage\nTry 'umount --help' for more information.\n");
        return EX_USAGE;
    }
    let mut rc = 0;
    for spec in &parsed.operands {
        rc += if recursive {
            umount_recursive(p, &cx, spec)
        } else {
            umount_one(p, &cx, spec)
        };
    }
    rc.min(255)
}

/// `mnt_context_find_umount_fs()`: the table entry for `spec`, by target
/// (canonical path) then by source, the last mounted first.
fn find(p: &mut Proc<'_>, table: &[MntEntry], spec: &str) -> Option<MntEntry> {
    let canon = libmount::canonicalize(p, spec);
    table
        .iter()
        .rev()
        .find(|e| e.target == canon)
        .or_else(|| table.iter().rev().find(|e| e.source == spec))
        .cloned()
}

fn umount_one(p: &mut Proc<'_>, cx: &Ctx, spec: &str) -> i32 {
    let table = libmount::read_mountinfo(p).unwrap_or_default();
    let target = match find(p, &table, spec) {
        Some(e) => e.target,
        None if cx.restricted => {
            p.stderr(&format!("umount: {spec}: not mounted.\n"));
            return EX_USAGE;
        }
        None => spec.to_string(),
    };
    match p.k.umount2(p.task, &target, cx.flags) {
        Ok(()) => 0,
        Err(Errno::EINVAL) if cx.quiet => EX_FAIL,
        Err(e) => {
            let msg = match e {
                Errno::EINVAL => "not mounted".to_string(),
                Errno::EIO => "can't write superblock".into(),
                Errno::EBUSY => "target is busy".into(),
                Errno::ENOENT => "no mount point specified".into(),
                Errno::EPERM => "must be superuser to unmount".into(),
                Errno::EACCES => "block devices are not permitted on filesystem".into(),
                e => format!("umount(2) system call failed: {e}"),
            };
            p.stderr(&format!("umount: {target}: {msg}.\n"));
            EX_FAIL
        }
    }
}

/// `umount_recursive()`: the mount at `spec` and everything below it,
/// deepest first (what is mounted over it, then its children from the
/// last, then itself).
fn umount_recursive(p: &mut Proc<'_>, cx: &Ctx, spec: &str) -> i32 {
    let table = libmount::read_mountinfo(p).unwrap_or_default();
    let canon = libmount::canonicalize(p, spec);
    let Some(fs) = table.iter().rev().find(|e| e.target == canon).cloned() else {
        if !cx.quiet {
            let exists = p.k.stat(p.task, spec).is_ok();
            p.stderr(&format!(
                "umount: {spec}: {}\n",
                if exists { "not mounted" } else { "not found" }
            ));
        }
        return EX_USAGE;
    };
    recurse(p, cx, &table, &fs)
}

fn recurse(p: &mut Proc<'_>, cx: &Ctx, table: &[MntEntry], fs: &MntEntry) -> i32 {
    // mnt_table_over_fs(): the mount whose parent is `fs` at the same path.
    let over = table
        .iter()
        .find(|c| c.parent == fs.id && c.id != fs.id && c.target == fs.target)
        .cloned();
    if let Some(o) = &over {
        let rc = recurse(p, cx, table, o);
        if rc != 0 {
            return rc;
        }
    }
    let children: Vec<MntEntry> = table
        .iter()
        .rev()
        .filter(|c| c.parent == fs.id && c.id != fs.id && Some(c.id) != over.as_ref().map(|o| o.id))
        .cloned()
        .collect();
    for c in children {
        let rc = recurse(p, cx, table, &c);
        if rc != 0 {
            return rc;
        }
    }
    // umount_one_if_mounted(): already gone is success.
    let now = libmount::read_mountinfo(p).unwrap_or_default();
    if !now.iter().any(|e| e.id == fs.id) {
        return 0;
    }
    umount_one(p, cx, &fs.target)
}
