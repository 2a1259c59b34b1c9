//! The real kernel's [`WorldView`], read from outside the sandbox through
//! the sandbox's own /proc mount (`/proc/<host pid of its init>/root/proc`),
//! so that pids are the sandbox's — its init is pid 1 — exactly as the
//! model numbers them. Every text goes through the model's nom parsers
//! (`ctlab::kernel_model::procfs`): a parser that rejects real text is a
//! model bug, reported here as `InvalidData` with the text.
//!
//! How each part is read (the reader runs in the initial user and cgroup
//! namespaces, as root):
//! - processes: `/proc/PID/status` ([`parse_status`]: NSpid from the
//!   sandbox's level down, PPid, Name, State, real uid/gid as the initial
//!   user namespace sees them), the readable `/proc/PID/ns/*` links
//!   ([`parse_ns_link`]; ENOENT leaves the entry out, as the model does for
//!   a zombie's and for pid_for_children before its first process),
//!   `/proc/PID/cgroup` ([`parse_cgroup`], the `0::` line) with
//!   `cgroup_root` stripped. A process that vanishes while being read
//!   (ENOENT/ESRCH) is skipped; one whose State changed between the first
//!   and last read is read again.
//! - namespaces: those some process's /proc/PID/ns link names (a namespace
//!   held only by an open file or a bind mount is not found; the diff
//!   leaves such namespaces out, `world_view_diff::NOT_OBSERVABLE`). Each
//!   is opened through such a link: `owner` is `ioctl(NS_GET_USERNS)`
//!   (ioctl_ns(2)); `parent` and `level` of PID and user namespaces are
//!   `ioctl(NS_GET_PARENT)` followed up to the sandbox's own namespace of
//!   that type (that of its pid 1), which is level 0 with no parent, as the
//!   model's initial namespaces are.
//! - details, under the model's keys:
//!   - user: `owner_uid` by `ioctl(NS_GET_OWNER_UID)`; `uid_map`, `gid_map`
//!     from `/proc/PID/{uid,gid}_map` ([`parse_id_map`]; read from the
//!     initial user namespace, the outside ids are kernel ids as in the
//!     model); `setgroups` from `/proc/PID/setgroups`.
//!   - pid: `init_alive`: some process of the namespace has pid 1 there
//!     and is not a zombie (PIDNS_ADDING is cleared as its init exits,
//!     `zap_pid_ns_processes()`).
//!   - uts: `hostname`, `domainname` from uname(2) in a child that
//!     setns(2)-ed into the namespace (they are per the caller's uts
//!     namespace; no /proc file shows another's).
//!   - ipc: `msg_queues`: the msqids of `/proc/sysvipc/msg`
//!     ([`parse_sysvipc_msg`]) read by a child in the namespace (the file
//!     shows the opener's IPC namespace).
//!   - net: one key per device, `UP`/`DOWN` by IFF_UP from
//!     `ioctl(SIOCGIFFLAGS)` on a socket a child in the namespace made;
//!     the device names, in the kernel's order, from `/proc/PID/net/dev` of
//!     a process in the namespace (a file the model does not render, so
//!     read with a small splitter here, not a model parser).
//!   - mnt: `mounts`: the lines of the mount table read for it.
//!   - cgroup: `root`: `/proc/PID/cgroup` read once from outside (the
//!     absolute path) and once by a child in the namespace (the path below
//!     the namespace's root): the root is what the first has in front of
//!     the second, `cgroup_root` stripped. Left out when the process sits
//!     outside its namespace's root (a path starting with `/..`).
//!   - time: `frozen`: some process has the namespace as its `time` (a task
//!     entering it freezes the offsets, `timens_commit()`; the initial one
//!     is frozen from boot). A namespace that was entered and then left by
//!     every process reads as not frozen: not observable from procfs.
//! - mount tables: `/proc/PID/mountinfo` of the lowest-pid live process of
//!   each mount namespace ([`MountTableView::from_mountinfo`]): as the
//!   model's, the table a process at the namespace's root sees (a process
//!   chrooted below it would show less).
//!
//! The children: this process may be multi-threaded (a test harness, the
//! replay), so a child forked from it makes raw system calls only —
//! setns, open, read, write, uname, socket, ioctl, _exit — on buffers
//! prepared before fork(2), and reports through a pipe.

use std::ffi::{CStr, CString};
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use ctlab::kernel_model::NsType;
use ctlab::kernel_model::procfs::cgroup::parse_cgroup;
use ctlab::kernel_model::procfs::id_map::parse_id_map;
use ctlab::kernel_model::procfs::ns_link::{NS_ENTRIES, parse_ns_link};
use ctlab::kernel_model::procfs::status::parse_status;
use ctlab::kernel_model::procfs::sysvipc::parse_sysvipc_msg;
use ctlab::kernel_model::world_view::{MountTableView, NamespaceView, ProcessView, WorldView};

/// Reads the world of the sandbox whose /proc is `proc_dir`; `cgroup_root`
/// is the sandbox's cgroup as the reader sees it (e.g. `/ctlab/run-123`,
/// `/` for none), stripped from every cgroup path.
pub fn read(proc_dir: &Path, cgroup_root: &str) -> io::Result<WorldView> {
    let mut pids: Vec<i32> = Vec::new();
    for e in std::fs::read_dir(proc_dir)? {
        if let Some(pid) = e?.file_name().to_str().and_then(|n| n.parse().ok()) {
            pids.push(pid);
        }
    }
    pids.sort_unstable();
    let mut procs = Vec::new();
    for pid in pids {
        if let Some(p) = read_process(proc_dir, pid, cgroup_root)? {
            procs.push(p);
        }
    }
    procs.sort_by_key(|p| p.view.nspid.first().copied());
    let reader = Reader {
        proc_dir,
        cgroup_root,
        procs: &procs,
    };
    let mut namespaces = Vec::new();
    let mut mount_tables = Vec::new();
    for (inode, ty) in reader.namespaces() {
        let Some(fd) = reader.open_ns(inode)? else {
            continue; // every process naming it is gone
        };
        let (ns, table) = reader.namespace(inode, ty, &fd)?;
        namespaces.push(ns);
        mount_tables.extend(table);
    }
    mount_tables.sort_by_key(|t| t.ns);
    Ok(WorldView {
        processes: procs.into_iter().map(|p| p.view).collect(),
        namespaces,
        mount_tables,
    })
}

/// A process as read, with what the namespaces need besides its view.
struct Proc {
    /// The pid in the sandbox's /proc.
    pid: i32,
    view: ProcessView,
    /// The cgroup path before `cgroup_root` was stripped.
    cgroup_abs: String,
}

/// ENOENT or ESRCH: the process went away while being read.
fn vanished(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ESRCH))
}

fn rejected(what: &Path, text: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "{}: the model's parser rejects this text:\n{text}",
            what.display()
        ),
    )
}

/// Reads a /proc file as text; `None` if its process vanished.
fn read_text(path: &Path) -> io::Result<Option<String>> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(String::from_utf8_lossy(&b).into_owned())),
        Err(e) if vanished(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `path` without the leading `root` (`/` when equal); unchanged when not
/// below it.
pub fn strip_cgroup_root(path: &str, root: &str) -> String {
    let root = root.trim_end_matches('/');
    if root.is_empty() {
        return path.to_owned();
    }
    match path.strip_prefix(root) {
        Some("") => "/".into(),
        Some(rest) if rest.starts_with('/') => rest.into(),
        _ => path.to_owned(),
    }
}

fn read_process(proc_dir: &Path, pid: i32, cgroup_root: &str) -> io::Result<Option<Proc>> {
    let dir = proc_dir.join(pid.to_string());
    for _attempt in 0..3 {
        let status_path = dir.join("status");
        let Some(text) = read_text(&status_path)? else {
            return Ok(None);
        };
        let status = parse_status(&text).ok_or_else(|| rejected(&status_path, &text))?;
        let mut ns = Vec::new();
        for name in NS_ENTRIES {
            let link = dir.join("ns").join(name);
            match std::fs::read_link(&link) {
                Ok(target) => {
                    let text = target.to_string_lossy();
                    let (_, id) = parse_ns_link(&text).ok_or_else(|| rejected(&link, &text))?;
                    ns.push((name.to_string(), id.0));
                }
                Err(e) if vanished(&e) => {}
                Err(e) => return Err(e),
            }
        }
        let cgroup_path = dir.join("cgroup");
        let Some(text) = read_text(&cgroup_path)? else {
            return Ok(None);
        };
        let cgroup = parse_cgroup(&text).ok_or_else(|| rejected(&cgroup_path, &text))?;
        // Read again: gone means skipped, a new state means read anew.
        let Some(again) = read_text(&status_path)? else {
            return Ok(None);
        };
        let again = parse_status(&again).ok_or_else(|| rejected(&status_path, &again))?;
        if again.state != status.state {
            continue;
        }
        let mut view = ProcessView::from_proc(&status, ns, &cgroup);
        let cgroup_abs = std::mem::take(&mut view.cgroup);
        view.cgroup = strip_cgroup_root(&cgroup_abs, cgroup_root);
        return Ok(Some(Proc {
            pid,
            view,
            cgroup_abs,
        }));
    }
    Ok(None) // changing state at every read: busy dying
}

struct Reader<'a> {
    proc_dir: &'a Path,
    cgroup_root: &'a str,
    procs: &'a [Proc],
}

fn entry_type(name: &str) -> Option<NsType> {
    NsType::from_proc_name(name.strip_suffix("_for_children").unwrap_or(name))
}

impl Reader<'_> {
    fn path(&self, pid: i32, rest: &str) -> PathBuf {
        self.proc_dir.join(pid.to_string()).join(rest)
    }

    /// Every namespace a process names, by inode number.
    fn namespaces(&self) -> Vec<(u32, NsType)> {
        let mut v: Vec<(u32, NsType)> = self
            .procs
            .iter()
            .flat_map(|p| p.view.ns.iter())
            .filter_map(|(name, inode)| Some((*inode, entry_type(name)?)))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// (pid, entry name) of every link naming `inode`, lowest pid first.
    fn links(&self, inode: u32) -> Vec<(&Proc, &str)> {
        self.procs
            .iter()
            .flat_map(|p| {
                p.view
                    .ns
                    .iter()
                    .filter(move |(_, i)| *i == inode)
                    .map(move |(n, _)| (p, n.as_str()))
            })
            .collect()
    }

    /// Live processes whose `entry` link names `inode`.
    fn members(&self, inode: u32, entry: &str) -> impl Iterator<Item = &Proc> {
        self.procs.iter().filter(move |p| {
            p.view.state != "Z" && p.view.ns.iter().any(|(n, i)| n == entry && *i == inode)
        })
    }

    fn open_ns(&self, inode: u32) -> io::Result<Option<File>> {
        for (p, name) in self.links(inode) {
            match File::open(self.path(p.pid, &format!("ns/{name}"))) {
                Ok(f) if f.metadata()?.ino() == u64::from(inode) => return Ok(Some(f)),
                Ok(_) => {} // the pid was reused meanwhile
                Err(e) if vanished(&e) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// The inode of the sandbox's own namespace of `entry` (its pid 1's).
    fn sandbox_root(&self, entry: &str) -> Option<u32> {
        let init = self
            .procs
            .iter()
            .find(|p| p.view.nspid.first() == Some(&1))?;
        init.view
            .ns
            .iter()
            .find(|(n, _)| n == entry)
            .map(|&(_, i)| i)
    }

    /// The first readable file `rest` of a live member of `inode`.
    fn member_file(
        &self,
        inode: u32,
        entry: &str,
        rest: &str,
    ) -> io::Result<Option<(i32, String)>> {
        for p in self.members(inode, entry) {
            if let Some(t) = read_text(&self.path(p.pid, rest))? {
                return Ok(Some((p.pid, t)));
            }
        }
        Ok(None)
    }

    fn namespace(
        &self,
        inode: u32,
        ty: NsType,
        fd: &File,
    ) -> io::Result<(NamespaceView, Option<MountTableView>)> {
        let entry = ty.proc_name();
        let (mut parent, mut level, mut owner) = (None, 0, None);
        if ty == NsType::Pid || ty == NsType::User {
            (parent, level) = self.ancestry(inode, fd, self.sandbox_root(entry))?;
        }
        if ty != NsType::User {
            owner = Some(ns_ioctl_inode(fd, libc::NS_GET_USERNS)?);
        }
        let mut details: Vec<(String, String)> = Vec::new();
        let mut table = None;
        let mut put = |k: &str, v: String| details.push((k.into(), v));
        match ty {
            NsType::User => {
                let mut uid: libc::uid_t = 0;
                // SAFETY: NS_GET_OWNER_UID writes one uid_t.
                if unsafe { libc::ioctl(fd.as_raw_fd(), libc::NS_GET_OWNER_UID, &mut uid) } < 0 {
                    return Err(io::Error::last_os_error());
                }
                put("owner_uid", uid.to_string());
                for file in ["uid_map", "gid_map"] {
                    if let Some((pid, text)) = self.member_file(inode, "user", file)? {
                        let lines = parse_id_map(&text)
                            .ok_or_else(|| rejected(&self.path(pid, file), &text))?;
                        let joined = lines
                            .iter()
                            .map(|(a, b, c)| format!("{a} {b} {c}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        put(file, joined);
                    }
                }
                if let Some((_, text)) = self.member_file(inode, "user", "setgroups")? {
                    put("setgroups", text.trim_end().to_owned());
                }
            }
            NsType::Pid => {
                let alive = self
                    .members(inode, "pid")
                    .any(|p| p.view.nspid.last() == Some(&1));
                put("init_alive", alive.to_string());
            }
            NsType::Uts => {
                let out = in_namespace(fd, libc::CLONE_NEWUTS, &|w| child_uname(w))?;
                let text = String::from_utf8_lossy(&out);
                let mut lines = text.split('\n');
                put("hostname", lines.next().unwrap_or("").to_owned());
                put("domainname", lines.next().unwrap_or("").to_owned());
            }
            NsType::Ipc => {
                let path = c"/proc/sysvipc/msg";
                let out = in_namespace(fd, libc::CLONE_NEWIPC, &|w| child_copy(path, w))?;
                let text = String::from_utf8_lossy(&out);
                let rows = parse_sysvipc_msg(&text)
                    .ok_or_else(|| rejected(Path::new("/proc/sysvipc/msg"), &text))?;
                let ids: Vec<String> = rows.iter().map(|r| r.msqid.to_string()).collect();
                put("msg_queues", ids.join(" "));
            }
            NsType::Net => {
                if let Some((_, text)) = self.member_file(inode, "net", "net/dev")? {
                    let names = net_dev_names(&text);
                    let reqs: Vec<libc::ifreq> = names.iter().map(|n| ifreq(n)).collect();
                    let out = in_namespace(fd, libc::CLONE_NEWNET, &|w| child_if_flags(&reqs, w))?;
                    for (name, flag) in names.iter().zip(out) {
                        put(name, if flag == 1 { "UP" } else { "DOWN" }.into());
                    }
                }
            }
            NsType::Mnt => {
                if let Some((_, text)) = self.member_file(inode, "mnt", "mountinfo")? {
                    let t = MountTableView::from_mountinfo(inode, &text);
                    put("mounts", t.mounts.len().to_string());
                    table = Some(t);
                }
            }
            NsType::Cgroup => {
                if let Some(root) = self.cgroup_ns_root(inode, fd)? {
                    put("root", strip_cgroup_root(&root, self.cgroup_root));
                }
            }
            NsType::Time => {
                let entered = self.members(inode, "time").next().is_some();
                put("frozen", entered.to_string());
            }
        }
        Ok((
            NamespaceView {
                ns_type: ty,
                inode,
                parent,
                owner,
                level,
                details,
            },
            table,
        ))
    }

    /// (parent, level) of a PID or user namespace relative to the
    /// sandbox's own (`root`): NS_GET_PARENT followed until `root`. If the
    /// chain ends first (EPERM at the top), levels count from the top.
    fn ancestry(&self, inode: u32, fd: &File, root: Option<u32>) -> io::Result<(Option<u32>, u32)> {
        if Some(inode) == root {
            return Ok((None, 0));
        }
        let mut chain = Vec::new();
        let mut cur = fd.try_clone()?;
        for _ in 0..64 {
            match ns_ioctl_fd(&cur, libc::NS_GET_PARENT) {
                Ok(p) => {
                    let ino = p.metadata()?.ino() as u32;
                    chain.push(ino);
                    if Some(ino) == root {
                        break;
                    }
                    cur = p;
                }
                Err(e) if e.raw_os_error() == Some(libc::EPERM) => break,
                Err(e) => return Err(e),
            }
        }
        Ok((chain.first().copied(), chain.len() as u32))
    }

    /// The cgroup namespace's root as the reader sees it: a member's path
    /// from outside minus its path from inside.
    fn cgroup_ns_root(&self, inode: u32, fd: &File) -> io::Result<Option<String>> {
        for p in self.members(inode, "cgroup") {
            let path = self.path(p.pid, "cgroup");
            let c = CString::new(path.as_os_str().as_bytes())?;
            let out = match in_namespace(fd, libc::CLONE_NEWCGROUP, &|w| child_copy(&c, w)) {
                Ok(o) => o,
                Err(e) if vanished(&e) => continue,
                Err(e) => return Err(e),
            };
            let text = String::from_utf8_lossy(&out);
            let lines = parse_cgroup(&text).ok_or_else(|| rejected(&path, &text))?;
            let Some(inside) = lines.iter().find(|l| l.hierarchy == 0) else {
                return Ok(None);
            };
            let inside = inside.path.as_str();
            if inside.starts_with("/..") {
                return Ok(None);
            }
            let abs = p.cgroup_abs.as_str();
            return Ok(if inside == "/" {
                Some(abs.to_owned())
            } else {
                abs.strip_suffix(inside).map(|r| {
                    if r.is_empty() {
                        "/".into()
                    } else {
                        r.to_owned()
                    }
                })
            });
        }
        Ok(None)
    }
}

/// The device names of /proc/PID/net/dev: after two header lines, the
/// text before each line's colon.
fn net_dev_names(text: &str) -> Vec<String> {
    text.lines()
        .skip(2)
        .filter_map(|l| Some(l.split_once(':')?.0.trim().to_owned()))
        .collect()
}

fn ifreq(name: &str) -> libc::ifreq {
    // SAFETY: ifreq is plain data; all zeroes is a valid value.
    let mut r: libc::ifreq = unsafe { std::mem::zeroed() };
    for (d, s) in r
        .ifr_name
        .iter_mut()
        .zip(name.bytes().take(libc::IFNAMSIZ - 1))
    {
        *d = s as libc::c_char;
    }
    r
}

fn ns_ioctl_fd(fd: &File, req: libc::Ioctl) -> io::Result<File> {
    // SAFETY: NS_GET_USERNS and NS_GET_PARENT take no argument and return
    // a new file descriptor.
    let r = unsafe { libc::ioctl(fd.as_raw_fd(), req) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `r` is a descriptor we now own.
    Ok(File::from(unsafe { OwnedFd::from_raw_fd(r) }))
}

fn ns_ioctl_inode(fd: &File, req: libc::Ioctl) -> io::Result<u32> {
    Ok(ns_ioctl_fd(fd, req)?.metadata()?.ino() as u32)
}

// ---- the child side: raw system calls only ----

fn errno() -> libc::c_int {
    // SAFETY: reading this thread's errno.
    unsafe { *libc::__errno_location() }
}

/// write(2) all of `buf`; 0 or an errno.
fn write_all(fd: RawFd, mut buf: &[u8]) -> libc::c_int {
    while !buf.is_empty() {
        // SAFETY: `buf` is valid for its length.
        let n = unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) };
        if n < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return errno();
        }
        buf = buf.get(n as usize..).unwrap_or(&[]);
    }
    0
}

/// Copies the file at `path` to `out`; 0 or an errno.
fn child_copy(path: &CStr, out: RawFd) -> libc::c_int {
    // SAFETY: `path` is NUL-terminated.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return errno();
    }
    let mut buf = [0u8; 4096];
    loop {
        // SAFETY: `buf` is valid for its length.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return errno();
        }
        if n == 0 {
            return 0;
        }
        let r = write_all(out, buf.get(..n as usize).unwrap_or(&[]));
        if r != 0 {
            return r;
        }
    }
}

/// C string bytes up to the NUL.
fn c_field(f: &[libc::c_char]) -> &[u8] {
    let n = f.iter().position(|&c| c == 0).unwrap_or(f.len());
    // SAFETY: c_char and u8 have the same size; `n` is within `f`.
    unsafe { std::slice::from_raw_parts(f.as_ptr().cast(), n) }
}

/// Writes "nodename\ndomainname\n"; 0 or an errno.
fn child_uname(out: RawFd) -> libc::c_int {
    // SAFETY: utsname is plain data; uname fills it.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut u) } != 0 {
        return errno();
    }
    for f in [c_field(&u.nodename), b"\n", c_field(&u.domainname), b"\n"] {
        let r = write_all(out, f);
        if r != 0 {
            return r;
        }
    }
    0
}

/// Writes one byte per request: 1 if IFF_UP, 0 if not, 2 on error.
fn child_if_flags(reqs: &[libc::ifreq], out: RawFd) -> libc::c_int {
    // SAFETY: plain socket(2).
    let s = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if s < 0 {
        return errno();
    }
    for r in reqs {
        let mut r = *r;
        // SAFETY: SIOCGIFFLAGS reads the name and writes ifru_flags.
        let res = unsafe { libc::ioctl(s, libc::SIOCGIFFLAGS, &mut r) };
        let b = if res < 0 {
            2
        } else if unsafe { r.ifr_ifru.ifru_flags } & libc::IFF_UP as libc::c_short != 0 {
            1
        } else {
            0
        };
        let e = write_all(out, &[b]);
        if e != 0 {
            return e;
        }
    }
    0
}

/// Runs `body` in a child forked after setns(2) into `ns` (of type
/// `nstype`) and returns what it wrote to the pipe it is given. The child
/// exits with `body`'s result: 0, or an errno that becomes the error.
fn in_namespace(
    ns: &File,
    nstype: libc::c_int,
    body: &dyn Fn(RawFd) -> libc::c_int,
) -> io::Result<Vec<u8>> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both are descriptors we now own.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let ns_fd = ns.as_raw_fd();
    // SAFETY: the child below makes raw system calls only and leaves by
    // _exit, so nothing of the parent's threads' state (locks, the
    // allocator) is touched after fork.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        let code = if unsafe { libc::setns(ns_fd, nstype) } != 0 {
            errno()
        } else {
            body(w.as_raw_fd())
        };
        // SAFETY: leaving the child without running any destructor.
        unsafe { libc::_exit(code) };
    }
    drop(w);
    let mut out = Vec::new();
    let read = File::from(r).read_to_end(&mut out);
    let mut status = 0;
    loop {
        // SAFETY: waiting for our own child.
        if unsafe { libc::waitpid(pid, &mut status, 0) } >= 0 {
            break;
        }
        if errno() != libc::EINTR {
            return Err(io::Error::last_os_error());
        }
    }
    read?;
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        Ok(out)
    } else if libc::WIFEXITED(status) {
        Err(io::Error::from_raw_os_error(libc::WEXITSTATUS(status)))
    } else {
        Err(io::Error::other(format!(
            "the namespace reader child died: status {status:#x}"
        )))
    }
}
