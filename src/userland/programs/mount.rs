//! `mount` (util-linux 2.38.1, sys-utils/mount.c over libmount).
//!
//! Without arguments it lists /proc/self/mountinfo as
//! `SOURCE on TARGET type FSTYPE (OPTIONS)` (`print_all()`), `-t` filtering
//! by type. `mount -t TYPE [-o OPTS] SOURCE TARGET`, `--bind`, `--rbind`,
//! `--move`, `-o remount,…` and `--make-[r]{shared,slave,private,unbindable}`
//! call mount(2) as libmount does (`context_mount.c`): option names become
//! `MS_*` flags (`optmap.c`), the others the data string; a remount starts
//! from the options mountinfo shows for the target (`mnt_context_apply_fstab()`
//! falls back on the mount table when /etc/fstab has no entry); each
//! propagation flag is its own mount("none", TARGET, NULL, FLAG) call after
//! the main one (`do_mount_additional()`), and a bind with flags is followed
//! by a `MS_REMOUNT|MS_BIND` call (`init_bind_remount()`). Errors are
//! `mount: TARGET: MESSAGE.` with libmount's messages
//! (`mnt_context_get_mount_excode()`), plus the `dmesg(1)` line when the
//! syscall failed; exit status 32 then, 1 for usage errors.
//!
//! Filesystem options other than tmpfs `size=`, `nr_inodes=`, `mode=` at
//! creation (the ones the kernel model applies) print the ctlab
//! unsupported message, as do `sync`, `dirsync`, `mand`, `nodiratime`,
//! `lazytime`, `iversion`, `nosymfollow` (flags the model lacks).
//! Not modelled: /etc/fstab (the model has none: `mount TARGET` says
//! `can't find in /etc/fstab.`, `mount -a` mounts nothing), utab (`x-*`
//! options), type guessing without `-t`, loop devices, labels.

use super::Proc;
use super::getopt::{self, Cmd, Has, OptSpec};
use super::libmount::{self, MS_PROPAGATION, MntEntry, OptKind};
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::{
    MS_BIND, MS_MOVE, MS_NOATIME, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, MS_RELATIME,
    MS_REMOUNT,
};

/// `MNT_EX_USAGE` and `MNT_EX_FAIL` (mount(8) "RETURN CODES").
const EX_USAGE: i32 = 1;
const EX_FAIL: i32 = 32;

/// `MNT_BIND_SETTABLE`: the flags a bind mount applies by a remount.
const BIND_SETTABLE: u64 = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_RELATIME | MS_RDONLY;

const SPECS: &[OptSpec] = &[
    ("a|all", Has::No),
    ("f|fake", Has::No),
    ("T|fstab", Has::Req),
    ("F|fork", Has::No),
    ("h|help", Has::No),
    ("n|no-mtab", Has::No),
    ("r|read-only", Has::No),
    ("|ro", Has::No),
    ("v|verbose", Has::No),
    ("V|version", Has::No),
    ("w|read-write", Has::No),
    ("|rw", Has::No),
    ("o|options", Has::Req),
    ("O|test-opts", Has::Req),
    ("t|types", Has::Req),
    ("U|uuid", Has::Req),
    ("L|label", Has::Req),
    ("B|bind", Has::No),
    ("M|move", Has::No),
    ("R|rbind", Has::No),
    ("|make-shared", Has::No),
    ("|make-slave", Has::No),
    ("|make-private", Has::No),
    ("|make-unbindable", Has::No),
    ("|make-rshared", Has::No),
    ("|make-rslave", Has::No),
    ("|make-rprivate", Has::No),
    ("|make-runbindable", Has::No),
    ("m|mkdir", Has::Opt),
    ("c|no-canonicalize", Has::No),
    ("i|internal-only", Has::No),
    ("l|show-labels", Has::No),
    ("|target", Has::Req),
    ("|target-prefix", Has::Req),
    ("|source", Has::Req),
    ("|options-mode", Has::Req),
    ("|options-source", Has::Req),
    ("|options-source-force", Has::No),
    ("N|namespace", Has::Req),
    ("s", Has::No),
];

const CMD: Cmd = Cmd {
    name: "mount",
    opts: SPECS,
    usage_status: EX_USAGE,
    usage_line: "",
};

/// /proc/filesystems of the real machine (Linux 6.18) minus what the
/// kernel model mounts (tmpfs, proc, sysfs, devpts).
const NOT_MODELLED_TYPES: &[&str] = &[
    "cgroup",
    "cgroup2",
    "cpuset",
    "devtmpfs",
    "binfmt_misc",
    "debugfs",
    "tracefs",
    "securityfs",
    "bpf",
    "ramfs",
    "hugetlbfs",
    "ext2",
    "ext3",
    "ext4",
    "squashfs",
    "autofs",
    "fuse",
    "fuseblk",
    "fusectl",
    "overlay",
    "xfs",
    "erofs",
    "mqueue",
    "btrfs",
    "pstore",
];

const VERSION: &str = "mount from util-linux 2.38.1 (libmount 2.38.1: selinux, smack, btrfs, verity, namespaces, assert, debug)\n";

/// What the command line asked for.
#[derive(Default)]
struct Request {
    options: Vec<String>,
    types: Option<String>,
    all: bool,
    oper: bool,
    propa: bool,
    is_move: bool,
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let parsed = match getopt::parse(p, &CMD, argv) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let mut rq = Request::default();
    // `err_exclusive_options()` (util-linux include/optutils.h): --bind,
    // --move and --rbind are exclusive; the message lists the whole group.
    let mut excl: Option<&str> = None;
    for (key, arg) in &parsed.opts {
        let key = *key;
        if ["B", "M", "R"].contains(&key) {
            if excl.is_some_and(|prev| prev != key) {
                p.stderr("mount: mutually exclusive arguments: --bind --move --rbind\n");
                return EX_USAGE;
            }
            excl = Some(key);
        }
        match key {
            "a" => rq.all = true,
            "n" | "l" => {}
            "r" | "ro" => rq.options.push("ro".into()),
            "w" | "rw" => rq.options.push("rw".into()),
            "V" => {
                p.stdout(VERSION);
                return 0;
            }
            "o" => {
                let o = arg.clone().unwrap_or_default();
                // "move" is not an option string for libmount (mount.c).
                if o.split(',').any(|x| x == "move") {
                    let rest: Vec<&str> = o.split(',').filter(|x| *x != "move").collect();
                    if !rest.is_empty() && !rest.concat().is_empty() {
                        rq.options.push(rest.join(","));
                    }
                    rq.oper = true;
                    rq.is_move = true;
                } else {
                    rq.options.push(o);
                }
            }
            "t" => rq.types = arg.clone(),
            "B" => {
                rq.oper = true;
                rq.options.push("bind".into());
            }
            "R" => {
                rq.oper = true;
                rq.options.push("rbind".into());
            }
            "M" => {
                rq.oper = true;
                rq.is_move = true;
            }
            k if k.starts_with("make-") => {
                rq.propa = true;
                rq.options.push(k["make-".len()..].to_string());
            }
            _ => {
                return getopt::unsupported_opt(p, &CMD, key);
            }
        }
    }
    let args = parsed.operands;
    if args.is_empty() && !rq.all {
        if rq.oper || !rq.options.is_empty() {
            return bad_usage(p);
        }
        return print_all(p, rq.types.as_deref());
    }
    if rq.oper && (rq.types.is_some() || rq.all) {
        return bad_usage(p);
    }
    if rq.all {
        // No /etc/fstab in the model: `mount -a` has nothing to mount.
        if p.k.stat(p.task, "/etc/fstab").is_ok() {
            p.stderr("ctlab: mount: option -a is not supported yet\n");
            return EX_USAGE;
        }
        return 0;
    }
    let flags = match parse_options(p, &rq.options) {
        Ok(x) => x,
        Err(code) => return code,
    };
    match args.as_slice() {
        [target] => {
            // --make-* and --bind/--move/--rbind skip fstab (MNT_OMODE_NOTAB).
            if rq.propa || rq.oper || flags.mflags & MS_REMOUNT != 0 {
                do_mount(p, &rq, flags, None, target)
            } else if p.k.stat(p.task, "/etc/fstab").is_ok() {
                p.stderr("ctlab: mount: /etc/fstab is not supported yet\n");
                EX_USAGE
            } else {
                // `mnt_context_apply_fstab()`: -MNT_ERR_NOFSTAB.
                p.stderr(&format!("mount: {target}: can't find in /etc/fstab.\n"));
                EX_USAGE
            }
        }
        [source, target] => do_mount(p, &rq, flags, Some(source), target),
        _ => bad_usage(p),
    }
}

fn bad_usage(p: &mut Proc<'_>) -> i32 {
    p.stderr("mount: bad usage\nTry 'mount --help' for more information.\n");
    EX_USAGE
}

/// The options turned into mount(2) arguments.
#[derive(Clone, Default)]
struct Flags {
    /// Flags of the main call (propagation flags removed).
    mflags: u64,
    /// The propagation changes, in command-line order.
    propagation: Vec<u64>,
    /// The filesystem's own options (the data string).
    data: Vec<String>,
}

impl Flags {
    /// `mnt_context_propagation_only()`: only propagation changes, no
    /// other flag, no type and no source (other than "none").
    fn propagation_only(&self, fstype: Option<&str>, source: Option<&str>) -> bool {
        !self.propagation.is_empty()
            && self.mflags == 0
            && fstype.is_none_or(|t| t == "none")
            && source.is_none_or(|s| s == "none")
    }

    fn apply(&mut self, opt: &str) -> Result<(), ()> {
        match libmount::classify(opt) {
            OptKind::Set(f) if f & MS_PROPAGATION != 0 => self.propagation.push(f),
            OptKind::Set(f) => self.mflags |= f,
            OptKind::Clear(f) => self.mflags &= !f,
            OptKind::Ignored => {}
            OptKind::FsData => self.data.push(opt.to_string()),
            OptKind::Unsupported => return Err(()),
        }
        Ok(())
    }
}

fn parse_options(p: &mut Proc<'_>, options: &[String]) -> Result<Flags, i32> {
    let mut f = Flags::default();
    for o in options.iter().flat_map(|o| o.split(',')) {
        if o.is_empty() {
            continue;
        }
        if f.apply(o).is_err() {
            p.stderr(&format!(
                "ctlab: mount: option -o {o} is not supported yet\n"
            ));
            return Err(EX_USAGE);
        }
    }
    Ok(f)
}

/// `print_all()`: one line per mount, `-t` filtering by type.
fn print_all(p: &mut Proc<'_>, types: Option<&str>) -> i32 {
    // mnt_table_parse_mtab(): mountinfo, else /etc/mtab (the model has
    // none); real: "failed to read mtab: No such file or directory",
    // status 2 (MNT_EX_SYSERR) once /proc is unmounted.
    let Some(table) = libmount::read_mountinfo(p) else {
        let e = p.read_file("/etc/mtab").err().unwrap_or(Errno::ENOENT);
        p.stderr(&format!("mount: failed to read mtab: {e}\n"));
        return 2;
    };
    let mut out = String::new();
    for fs in &table {
        if let Some(t) = types
            && !match_fstype(&fs.fstype, t)
        {
            continue;
        }
        let src = if libmount::is_pseudofs(&fs.fstype) {
            fs.source.clone()
        } else {
            // mnt_pretty_path(): the canonical path of a device.
            libmount::canonicalize(p, &fs.source)
        };
        out.push_str(&format!(
            "{} on {} type {} ({})\n",
            src,
            safe(&fs.target),
            fs.fstype,
            fs.options()
        ));
    }
    p.stdout(&out);
    0
}

/// `safe_fputs()`: control characters as `\x<hex>`.
fn safe(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if c.is_control() {
            o.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            o.push(c);
        }
    }
    o
}

/// `mnt_match_fstype()`: a comma list of types, all negated by a
/// leading "no" (or each by its own "no").
fn match_fstype(fstype: &str, pattern: &str) -> bool {
    let neg_all = pattern.starts_with("no");
    let pattern = if neg_all { &pattern[2..] } else { pattern };
    let hit = pattern.split(',').any(|t| {
        let t = t.strip_prefix("no").filter(|_| !neg_all).unwrap_or(t);
        t == fstype
    });
    hit != neg_all
}

/// The error of one failed mount(2) call, as `mnt_context_get_mount_excode()`
/// words it.
struct Failure<'a> {
    errno: Errno,
    mflags: u64,
    src: Option<&'a str>,
    tgt: &'a str,
    fstype: Option<&'a str>,
    /// The failing call applied propagation flags (`-MNT_ERR_APPLYFLAGS`).
    apply_flags: bool,
}

fn message(p: &mut Proc<'_>, f: &Failure<'_>) -> String {
    let stat_ok = |p: &mut Proc<'_>, path: &str| p.k.stat(p.task, path).ok();
    match f.errno {
        Errno::EPERM => {
            if p.k.geteuid(p.task).unwrap_or(0) == 0 {
                match stat_ok(p, f.tgt) {
                    Some(st) if st.mode & 0o170000 == 0o040000 => "permission denied".into(),
                    _ => "mount point is not a directory".into(),
                }
            } else {
                "must be superuser to use mount".into()
            }
        }
        Errno::EBUSY => {
            if f.mflags & MS_REMOUNT != 0 {
                return "mount point is busy".into();
            }
            let src = f.src.unwrap_or("");
            format!("{src} already mounted or mount point busy")
        }
        Errno::ENOENT => {
            if p.k.lstat(p.task, f.tgt).is_err() {
                "mount point does not exist".into()
            } else if stat_ok(p, f.tgt).is_none() {
                "mount point is a symbolic link to nowhere".into()
            } else if let Some(src) = f.src
                && stat_ok(p, src).is_none()
            {
                format!("special device {src} does not exist")
            } else {
                format!("mount(2) system call failed: {}", f.errno)
            }
        }
        Errno::ENOTDIR => match stat_ok(p, f.tgt) {
            Some(st) if st.mode & 0o170000 == 0o040000 => match f.src {
                Some(src) if p.k.stat(p.task, src) == Err(Errno::ENOTDIR) => format!(
                    "special device {src} does not exist (a path prefix is not a directory)"
                ),
                _ => format!("mount(2) system call failed: {}", f.errno),
            },
            _ => "mount point is not a directory".into(),
        },
        Errno::EINVAL => {
            if f.mflags & MS_REMOUNT != 0 {
                "mount point not mounted or bad option".into()
            } else if f.apply_flags {
                "not mount point or bad option".into()
            } else {
                format!(
                    "wrong fs type, bad option, bad superblock on {}, missing codepage or helper program, or other error",
                    f.src.unwrap_or("(null)")
                )
            }
        }
        Errno::ENODEV => match f.fstype {
            Some(t) => format!("unknown filesystem type '{t}'"),
            None => "unknown filesystem type".into(),
        },
        Errno::EACCES | Errno::EROFS => {
            let src = f.src.unwrap_or("(null)");
            if f.mflags & MS_RDONLY != 0 {
                format!("cannot mount {src} read-only")
            } else if f.mflags & MS_REMOUNT != 0 {
                format!("cannot remount {src} read-write, is write-protected")
            } else if f.mflags & MS_BIND != 0 {
                format!("bind {src} failed")
            } else {
                format!("mount(2) system call failed: {}", f.errno)
            }
        }
        e => format!("mount(2) system call failed: {e}"),
    }
}

/// The mountinfo entry mounted last at `target`, if any.
fn find_target(table: &[MntEntry], target: &str) -> Option<MntEntry> {
    table.iter().rev().find(|e| e.target == target).cloned()
}

fn do_mount(
    p: &mut Proc<'_>,
    rq: &Request,
    mut flags: Flags,
    source: Option<&String>,
    target: &str,
) -> i32 {
    let tgt = libmount::canonicalize(p, target);
    let is_bind = flags.mflags & MS_BIND != 0;
    if rq.is_move {
        flags.mflags |= MS_MOVE;
    }
    // A remount starts from the options the mount table shows for the
    // target (prepended: the command line's win).
    if flags.mflags & MS_REMOUNT != 0
        && let Some(e) = libmount::read_mountinfo(p).and_then(|t| find_target(&t, &tgt))
    {
        let mut merged = Flags::default();
        let user = rq.options.iter().flat_map(|o| o.split(','));
        for o in e.options().split(',').chain(user) {
            if !o.is_empty() {
                let _ = merged.apply(o);
            }
        }
        merged.mflags |= flags.mflags & MS_MOVE;
        flags = merged;
    }
    let fstype = rq.types.as_deref();
    let special = flags.mflags & (MS_BIND | MS_MOVE | MS_REMOUNT) != 0;
    let prop_only = flags.propagation_only(fstype, source.map(String::as_str));
    if !special && !prop_only {
        match fstype {
            None => {
                p.stderr("ctlab: mount: mounting without -t is not supported yet\n");
                return EX_USAGE;
            }
            Some(t) if t.contains(',') || t.starts_with("no") => {
                p.stderr("ctlab: mount: a list of types for -t is not supported yet\n");
                return EX_USAGE;
            }
            // Types the real kernel has (its /proc/filesystems) but the
            // model does not: ENODEV would claim the kernel lacks them.
            Some(t) if NOT_MODELLED_TYPES.contains(&t) => {
                p.stderr(&format!(
                    "ctlab: mount: filesystem type {t} is not supported yet\n"
                ));
                return EX_USAGE;
            }
            _ => {}
        }
    }
    // Filesystem options the kernel model acts on: tmpfs size=, nr_inodes=,
    // mode= at creation; nothing else (a remount's data is not applied).
    let user_data: Vec<&str> = rq
        .options
        .iter()
        .flat_map(|o| o.split(','))
        .filter(|o| libmount::classify(o) == OptKind::FsData)
        .collect();
    let modelled = |o: &str| {
        !special
            && fstype == Some("tmpfs")
            && ["size=", "nr_inodes=", "mode="]
                .iter()
                .any(|k| o.starts_with(k))
    };
    if flags.mflags & (MS_BIND | MS_MOVE) == 0
        && let Some(o) = user_data.iter().find(|o| !modelled(o))
    {
        p.stderr(&format!(
            "ctlab: mount: option -o {o} is not supported yet\n"
        ));
        return EX_USAGE;
    }
    // mnt_context_prepare_srcpath(): a bind or move source is a path.
    let src: Option<String> = source.map(|s| {
        if flags.mflags & (MS_BIND | MS_MOVE) != 0 {
            libmount::canonicalize(p, s)
        } else {
            s.clone()
        }
    });
    let fail = |p: &mut Proc<'_>, f: Failure<'_>| -> i32 {
        let msg = message(p, &f);
        p.stderr(&format!(
            "mount: {}: {msg}.\n       dmesg(1) may have more information after failed mount system call.\n",
            f.tgt
        ));
        EX_FAIL
    };
    if !prop_only {
        let data = flags.data.join(",");
        let main_flags = flags.mflags;
        let r = p.k.mount(
            p.task,
            src.as_deref().unwrap_or("none"),
            &tgt,
            fstype.unwrap_or(""),
            main_flags,
            &data,
        );
        if let Err(errno) = r {
            return fail(
                p,
                Failure {
                    errno,
                    mflags: main_flags,
                    src: src.as_deref(),
                    tgt: &tgt,
                    fstype,
                    apply_flags: false,
                },
            );
        }
        // init_bind_remount(): a bind with flags is remounted with them.
        if is_bind && main_flags & MS_REMOUNT == 0 && main_flags & BIND_SETTABLE != 0 {
            let rf = MS_REMOUNT | MS_BIND | (main_flags & BIND_SETTABLE);
            if let Err(e) = p.k.mount(p.task, "none", &tgt, "", rf, "") {
                return subsequent_failure(p, &tgt, e);
            }
        }
        for &pf in &flags.propagation {
            if let Err(e) = p.k.mount(p.task, "none", &tgt, "", pf, "") {
                return subsequent_failure(p, &tgt, e);
            }
        }
        return 0;
    }
    for &pf in &flags.propagation {
        if let Err(errno) = p.k.mount(p.task, "none", &tgt, "", pf, "") {
            return fail(
                p,
                Failure {
                    errno,
                    mflags: pf,
                    src: src.as_deref(),
                    tgt: &tgt,
                    fstype,
                    apply_flags: true,
                },
            );
        }
    }
    0
}

/// The main mount(2) succeeded but a following call did not: libmount
/// returns -MNT_ERR_APPLYFLAGS (5005) with the syscall status 0, and
/// `%m` of 5005 is glibc's "Unknown error 5005"; no dmesg line.
fn subsequent_failure(p: &mut Proc<'_>, tgt: &str, _e: Errno) -> i32 {
    p.stderr(&format!(
        "mount: {tgt}: filesystem was mounted, but any subsequent operation failed: Unknown error 5005.\n"
    ));
    EX_FAIL
}
