//! What mount(8), umount(8) share from util-linux 2.38's libmount: the
//! mount table read from /proc/self/mountinfo (`tab_parse.c`), the merged
//! option string it shows (`merge_optstr()` in `fs.c`), path
//! canonicalization (`canonicalize_path()`: realpath(3), or the path as
//! given when that fails) and the table of option names → `MS_*` flags
//! (`linux_flags_map` and `userspace_opts_map` in `optmap.c`).

use super::Proc;
use crate::kernel_model::vfs::{MS_BIND, MS_NOATIME, MS_NODEV, MS_NOEXEC, MS_NOSUID};
use crate::kernel_model::vfs::{MS_PRIVATE, MS_RDONLY, MS_REC, MS_RELATIME, MS_REMOUNT};
use crate::kernel_model::vfs::{MS_SHARED, MS_SLAVE, MS_STRICTATIME, MS_UNBINDABLE};

/// `MS_PROPAGATION`.
pub const MS_PROPAGATION: u64 = MS_SHARED | MS_SLAVE | MS_UNBINDABLE | MS_PRIVATE;

/// One line of /proc/self/mountinfo (proc(5)), unmangled.
#[derive(Clone, Debug)]
pub struct MntEntry {
    pub id: u32,
    pub parent: u32,
    /// "MAJ:MIN" of the super block.
    pub majmin: String,
    /// The mount's root within its filesystem (fourth field).
    pub root: String,
    pub target: String,
    pub vfs_opts: String,
    /// Optional fields (`shared:N`, `master:N`, `unbindable`…).
    pub optional: Vec<String>,
    pub fstype: String,
    pub source: String,
    pub fs_opts: String,
}

impl MntEntry {
    /// `mnt_fs_strdup_options()` → `merge_optstr(vfs, fs)`: the VFS and
    /// super block options in one list, with one leading "rw" or "ro"
    /// ("ro" if either side is read-only).
    pub fn options(&self) -> String {
        if self.vfs_opts == self.fs_opts {
            return self.vfs_opts.clone();
        }
        let mut toks: Vec<&str> = self
            .vfs_opts
            .split(',')
            .chain(self.fs_opts.split(','))
            .filter(|t| !t.is_empty())
            .collect();
        let remove = |name: &str, toks: &mut Vec<&str>| -> bool {
            match toks.iter().position(|t| *t == name) {
                Some(i) => {
                    toks.remove(i);
                    true
                }
                None => false,
            }
        };
        let mut rw = 0;
        rw += remove("rw", &mut toks) as u32;
        rw += remove("rw", &mut toks) as u32;
        let mut ro = 0;
        if rw != 2 {
            ro += remove("ro", &mut toks) as u32;
            if ro + rw < 2 {
                ro += remove("ro", &mut toks) as u32;
            }
        }
        let head = if ro > 0 { "ro" } else { "rw" };
        if toks.is_empty() {
            head.to_string()
        } else {
            format!("{head},{}", toks.join(","))
        }
    }
}

/// `unmangle()`: the octal escapes of mountinfo (`\040` for a space…).
pub fn unmangle(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') as u32 * 64
                + (b[i + 2] - b'0') as u32 * 8
                + (b[i + 3] - b'0') as u32;
            out.push(v as u8);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses mountinfo text (`mnt_parse_mountinfo_line()`); lines that do
/// not parse are skipped.
pub fn parse_mountinfo(text: &str) -> Vec<MntEntry> {
    text.lines()
        .filter_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            let f: Vec<&str> = left.split(' ').collect();
            let r: Vec<&str> = right.split(' ').collect();
            if f.len() < 6 || r.len() < 3 {
                return None;
            }
            Some(MntEntry {
                id: f[0].parse().ok()?,
                parent: f[1].parse().ok()?,
                majmin: f[2].to_string(),
                root: unmangle(f[3]),
                target: unmangle(f[4]),
                vfs_opts: f[5].to_string(),
                optional: f[6..].iter().map(|x| x.to_string()).collect(),
                fstype: unmangle(r[0]),
                source: unmangle(r[1]),
                fs_opts: r[2].to_string(),
            })
        })
        .collect()
}

/// The mount table as libmount reads it (`mnt_table_parse_mtab()`):
/// /proc/self/mountinfo; `None` if it cannot be read.
pub fn read_mountinfo(p: &mut Proc<'_>) -> Option<Vec<MntEntry>> {
    let data = p.read_file("/proc/self/mountinfo").ok()?;
    Some(parse_mountinfo(&String::from_utf8_lossy(&data)))
}

/// realpath(3) with the model's lstat/readlink/getcwd: `None` if a
/// component does not exist (or links loop).
pub fn realpath(p: &mut Proc<'_>, path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let mut todo: Vec<String> = Vec::new();
    let start = if path.starts_with('/') {
        String::new()
    } else {
        let cwd = p.k.getcwd(p.task).ok()?;
        if cwd == "/" { String::new() } else { cwd }
    };
    push_components(&mut todo, path);
    let mut cur = start;
    let mut links = 0;
    while let Some(c) = todo.pop() {
        match c.as_str() {
            "" | "." => continue,
            ".." => {
                if let Some(i) = cur.rfind('/') {
                    cur.truncate(i);
                }
                continue;
            }
            _ => {}
        }
        let next = format!("{cur}/{c}");
        let st = p.k.lstat(p.task, &next).ok()?;
        if st.mode & 0o170000 == 0o120000 {
            links += 1;
            if links > 40 {
                return None;
            }
            let target = p.k.readlink(p.task, &next).ok()?;
            if target.starts_with('/') {
                cur = String::new();
            }
            push_components(&mut todo, &target);
        } else {
            cur = next;
        }
    }
    Some(if cur.is_empty() { "/".into() } else { cur })
}

/// Pushes the components of `path` so that popping yields them in order.
fn push_components(todo: &mut Vec<String>, path: &str) {
    for c in path.split('/').rev() {
        todo.push(c.to_string());
    }
}

/// `canonicalize_path()`: realpath(3), or the path unchanged.
pub fn canonicalize(p: &mut Proc<'_>, path: &str) -> String {
    realpath(p, path).unwrap_or_else(|| path.to_string())
}

/// What one option name does (`optmap.c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptKind {
    /// Sets these `MS_*` flags.
    Set(u64),
    /// Clears them (`MNT_INVERT`).
    Clear(u64),
    /// A userspace option libmount keeps to itself (`defaults`, `auto`…).
    Ignored,
    /// A flag or userspace option the model has no counterpart for.
    Unsupported,
    /// Passed to the filesystem in the data string.
    FsData,
}

/// Looks an option up in libmount's Linux and userspace maps.
pub fn classify(opt: &str) -> OptKind {
    let name = opt.split('=').next().unwrap_or("");
    match name {
        "ro" => OptKind::Set(MS_RDONLY),
        "rw" => OptKind::Clear(MS_RDONLY),
        "exec" => OptKind::Clear(MS_NOEXEC),
        "noexec" => OptKind::Set(MS_NOEXEC),
        "suid" => OptKind::Clear(MS_NOSUID),
        "nosuid" => OptKind::Set(MS_NOSUID),
        "dev" => OptKind::Clear(MS_NODEV),
        "nodev" => OptKind::Set(MS_NODEV),
        "remount" => OptKind::Set(MS_REMOUNT),
        "bind" => OptKind::Set(MS_BIND),
        "rbind" => OptKind::Set(MS_BIND | MS_REC),
        "atime" => OptKind::Clear(MS_NOATIME),
        "noatime" => OptKind::Set(MS_NOATIME),
        "relatime" => OptKind::Set(MS_RELATIME),
        "norelatime" => OptKind::Clear(MS_RELATIME),
        "strictatime" => OptKind::Set(MS_STRICTATIME),
        "nostrictatime" => OptKind::Clear(MS_STRICTATIME),
        "unbindable" => OptKind::Set(MS_UNBINDABLE),
        "runbindable" => OptKind::Set(MS_UNBINDABLE | MS_REC),
        "private" => OptKind::Set(MS_PRIVATE),
        "rprivate" => OptKind::Set(MS_PRIVATE | MS_REC),
        "slave" => OptKind::Set(MS_SLAVE),
        "rslave" => OptKind::Set(MS_SLAVE | MS_REC),
        "shared" => OptKind::Set(MS_SHARED),
        "rshared" => OptKind::Set(MS_SHARED | MS_REC),
        // Clearing a flag the model never sets leaves the same result.
        "async" | "diratime" | "nomand" | "noiversion" | "nolazytime" | "symfollow" | "loud"
        | "sub" => OptKind::Clear(0),
        "sync" | "dirsync" | "mand" | "iversion" | "nodiratime" | "lazytime" | "nosymfollow"
        | "nosub" | "silent" => OptKind::Unsupported,
        "defaults" | "auto" | "noauto" | "nofail" | "nouser" | "nousers" | "noowner"
        | "nogroup" | "comment" => OptKind::Ignored,
        // X-* are fstab-only comments (but X-mount.* act: not modelled);
        // x-* are kept in utab (not modelled).
        n if n.starts_with("X-mount.") => OptKind::Unsupported,
        n if n.starts_with("X-") => OptKind::Ignored,
        "user" | "users" | "owner" | "group" | "_netdev" | "loop" | "offset" | "sizelimit"
        | "encryption" | "uhelper" | "helper" => OptKind::Unsupported,
        n if n.starts_with("x-") || n.starts_with("verity.") => OptKind::Unsupported,
        _ => OptKind::FsData,
    }
}

/// libmount's `pseudofs` list (`mnt_fstype_is_pseudofs()`): sources of
/// these types are not paths and are shown as they are.
pub fn is_pseudofs(fstype: &str) -> bool {
    matches!(
        fstype,
        "anon_inodefs"
            | "apparmorfs"
            | "autofs"
            | "bdev"
            | "binder"
            | "binfmt_misc"
            | "bpf"
            | "cgroup"
            | "cgroup2"
            | "configfs"
            | "cpuset"
            | "debugfs"
            | "devfs"
            | "devpts"
            | "devtmpfs"
            | "dlmfs"
            | "efivarfs"
            | "fuse.gvfs-fuse-daemon"
            | "fusectl"
            | "hugetlbfs"
            | "mqueue"
            | "nfsd"
            | "none"
            | "nsfs"
            | "overlay"
            | "pipefs"
            | "proc"
            | "pstore"
            | "ramfs"
            | "rootfs"
            | "rpc_pipefs"
            | "securityfs"
            | "selinuxfs"
            | "smackfs"
            | "sockfs"
            | "spufs"
            | "sysfs"
            | "tmpfs"
            | "tracefs"
    )
}
