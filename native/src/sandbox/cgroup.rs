//! The run's cgroups on the host: one directory `ctlab-run-PID-N` in every
//! mounted hierarchy (the v1 controllers and the unified v2 tree on a
//! hybrid host like this one, the single v2 tree on a pure-v2 kernel),
//! created under the cgroup the backend itself runs in, as a delegated
//! container runtime would, so the host's own limits still bound the run.
//! The sandbox's first process moves itself in and then unshares its
//! cgroup namespace, so the lesson sees its run directory as `/`
//! (cgroup_namespaces(7)).
//!
//! Cleanup is what cannot be skipped: [`RunCgroups::kill`] kills every
//! process of the run (cgroup.kill on v2, cgroup-v2.rst "cgroup.kill"; a
//! kill loop over cgroup.procs where there is only v1), and
//! [`RunCgroups::remove`] removes the directories depth first.
//! [`reap_stale`] removes what a killed run left: run directories whose
//! creating process is gone.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant};

use ctlab::kernel_model::procfs::cgroup::parse_cgroup;

use super::guard::{Confined, parse_run_name};

/// How many tasks a run may have: a fork bomb in a lesson stops here
/// (EAGAIN from fork, as pids.max does in a container, cgroup-v1/pids.rst).
pub const PIDS_MAX: u32 = 512;

/// The devices a run may use (devices.allow lines): null, zero, full,
/// random, urandom, tty, ptmx, the devpts terminals, and mknod of any.
const DEVICES_ALLOW: [&str; 10] = [
    "c *:* m",
    "b *:* m",
    "c 1:3 rwm",
    "c 1:5 rwm",
    "c 1:7 rwm",
    "c 1:8 rwm",
    "c 1:9 rwm",
    "c 5:0 rwm",
    "c 5:2 rwm",
    "c 136:* rwm",
];

/// One mounted cgroup hierarchy and the backend's own cgroup in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hierarchy {
    /// Where the hierarchy is mounted (mountinfo field 5).
    pub mount: PathBuf,
    /// True for the unified (cgroup2) hierarchy.
    pub v2: bool,
    /// The v1 controllers (and `name=` options) it carries; empty for v2.
    pub controllers: Vec<String>,
    /// The backend's own cgroup directory in it: where runs are created.
    pub own: PathBuf,
}

/// The hierarchies mounted in the caller's mount namespace, each once,
/// with the caller's own cgroup in each (from /proc/self/mountinfo and
/// /proc/self/cgroup, proc(5), cgroups(7)).
pub fn hierarchies() -> io::Result<Vec<Hierarchy>> {
    let mountinfo = fs::read_to_string("/proc/self/mountinfo")?;
    let own = fs::read_to_string("/proc/self/cgroup")?;
    let lines =
        parse_cgroup(&own).ok_or_else(|| io::Error::other("unreadable /proc/self/cgroup"))?;
    let mut out: Vec<Hierarchy> = Vec::new();
    for l in mountinfo.lines() {
        let Some((left, right)) = l.split_once(" - ") else {
            continue;
        };
        let f: Vec<&str> = left.split(' ').collect();
        let r: Vec<&str> = right.split(' ').collect();
        if f.len() < 6 || r.len() < 3 {
            continue;
        }
        let (root, mount, fstype) = (f[3], f[4], r[0]);
        let v2 = match fstype {
            "cgroup2" => true,
            "cgroup" => false,
            _ => continue,
        };
        let controllers: Vec<String> = if v2 {
            Vec::new()
        } else {
            r[2].split(',')
                .filter(|o| !is_mount_option(o))
                .map(str::to_owned)
                .collect()
        };
        let line = lines.iter().find(|c| {
            if v2 {
                c.hierarchy == 0
            } else {
                let mut a: Vec<&str> = c.controllers.split(',').collect();
                let mut b: Vec<&str> = controllers.iter().map(String::as_str).collect();
                a.sort_unstable();
                b.sort_unstable();
                c.hierarchy != 0 && a == b
            }
        });
        let Some(line) = line else { continue };
        // The mount shows the hierarchy from `root` down; our cgroup must
        // be at or below it to be reachable through this mount.
        let Some(rel) = Path::new(&line.path).strip_prefix(root).ok() else {
            continue;
        };
        if out
            .iter()
            .any(|h| h.v2 == v2 && h.controllers == controllers)
        {
            continue; // the same hierarchy mounted twice
        }
        out.push(Hierarchy {
            mount: PathBuf::from(mount),
            v2,
            controllers,
            own: Path::new(mount).join(rel),
        });
    }
    Ok(out)
}

/// Per-mount and cgroup-v1 super block options that are not controller
/// names (cgroups(7), Documentation/admin-guide/cgroup-v1/cgroups.rst).
fn is_mount_option(o: &str) -> bool {
    matches!(
        o,
        "rw" | "ro"
            | "relatime"
            | "noatime"
            | "nosuid"
            | "nodev"
            | "noexec"
            | "clone_children"
            | "noprefix"
            | "xattr"
            | "cpuset_v2_mode"
            | "nsdelegate"
            | "memory_recursiveprot"
    ) || o.starts_with("release_agent=")
}

/// The run's directories, one per hierarchy.
#[derive(Debug)]
pub struct RunCgroups {
    pub name: String,
    bases: Vec<PathBuf>,
    dirs: Vec<(Hierarchy, Confined)>,
}

impl RunCgroups {
    /// Creates `ctlab-run-PID-SEQ` in every hierarchy; on failure removes
    /// what it created.
    pub fn create(hierarchies: &[Hierarchy], seq: u32) -> io::Result<RunCgroups> {
        let name = format!("{}{}-{seq}", super::guard::RUN_PREFIX, std::process::id());
        let bases: Vec<PathBuf> = hierarchies.iter().map(|h| h.own.clone()).collect();
        let mut run = RunCgroups {
            name: name.clone(),
            bases: bases.clone(),
            dirs: Vec::new(),
        };
        for h in hierarchies {
            let dir = confine(&h.own.join(&name), &bases)?;
            fs::create_dir(dir.path())?;
            run.dirs.push((h.clone(), dir.clone()));
            // A new v1 cpuset starts with no cpus and no mems, and a task
            // cannot join it until both are set (cgroup-v1/cpusets.rst).
            if h.controllers.iter().any(|c| c == "cpuset") {
                for file in ["cpuset.cpus", "cpuset.mems"] {
                    let v = fs::read_to_string(h.own.join(file))?;
                    write(&dir.join(file).map_err(io::Error::other)?, v.trim())?;
                }
            }
            // Only the character devices a container's /dev holds may be
            // opened: no host block device can be mounted from inside,
            // even through a devtmpfs mount or mknod (cgroup-v1/devices.rst;
            // Docker's default list). mknod itself stays allowed, as in
            // Docker.
            if h.controllers.iter().any(|c| c == "devices") {
                write(&dir.join("devices.deny").map_err(io::Error::other)?, "a")?;
                for rule in DEVICES_ALLOW {
                    write(&dir.join("devices.allow").map_err(io::Error::other)?, rule)?;
                }
            }
            let pids_max = dir.join("pids.max").map_err(io::Error::other)?;
            if pids_max.path().exists() {
                write(&pids_max, &PIDS_MAX.to_string())?;
            }
        }
        Ok(run)
    }

    /// Moves the calling process into the run in every hierarchy. Called
    /// by the sandbox's first process before it unshares its cgroup
    /// namespace.
    pub fn enter_self(&self) -> io::Result<()> {
        for (_, dir) in &self.dirs {
            write(&dir.join("cgroup.procs").map_err(io::Error::other)?, "0")?;
        }
        Ok(())
    }

    /// The run's directory in the unified hierarchy, if there is one.
    pub fn v2_dir(&self) -> Option<&Path> {
        self.dirs.iter().find(|(h, _)| h.v2).map(|(_, d)| d.path())
    }

    /// The run's path as seen from the backend's cgroup namespace, in the
    /// unified hierarchy (what /proc/PID/cgroup's `0::` line shows).
    pub fn v2_path(&self) -> Option<String> {
        self.dirs.iter().find(|(h, _)| h.v2).map(|(h, d)| {
            let rel = d.path().strip_prefix(&h.mount).unwrap_or(d.path());
            format!("/{}", rel.display())
        })
    }

    /// Kills every process of the run and waits until none is left (at
    /// most `limit`).
    pub fn kill(&self, limit: Duration) -> io::Result<()> {
        kill_all(
            &self
                .dirs
                .iter()
                .map(|(h, d)| (h.v2, d.clone()))
                .collect::<Vec<_>>(),
            limit,
        )
    }

    /// Removes every directory of the run, the lesson's own sub-cgroups
    /// first. Tasks still exiting keep a cgroup busy for a moment
    /// (rmdir(2) EBUSY), so it retries until `limit`.
    pub fn remove(&mut self, limit: Duration) -> io::Result<()> {
        let mut first_error = None;
        for (_, dir) in self.dirs.drain(..) {
            if let Err(e) = remove_tree(&dir, &self.bases, limit) {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

fn confine(path: &Path, bases: &[PathBuf]) -> io::Result<Confined> {
    Confined::new(path, bases).map_err(io::Error::other)
}

fn write(file: &Confined, value: &str) -> io::Result<()> {
    fs::write(file.path(), value)
}

/// The pids in `dir` and every cgroup below it.
fn procs_below(dir: &Path, out: &mut Vec<i32>) {
    if let Ok(text) = fs::read_to_string(dir.join("cgroup.procs")) {
        out.extend(text.lines().filter_map(|l| l.trim().parse::<i32>().ok()));
    }
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                procs_below(&e.path(), out);
            }
        }
    }
}

fn kill_all(dirs: &[(bool, Confined)], limit: Duration) -> io::Result<()> {
    let deadline = Instant::now() + limit;
    for (v2, dir) in dirs {
        if *v2
            && let Ok(kill) = dir.join("cgroup.kill")
            && kill.path().exists()
        {
            // Kills the whole subtree, also tasks forking meanwhile.
            let _ = write(&kill, "1");
        }
    }
    loop {
        let mut pids = Vec::new();
        for (_, dir) in dirs {
            procs_below(dir.path(), &mut pids);
        }
        if pids.is_empty() {
            return Ok(());
        }
        for pid in pids {
            if let Some(pid) = rustix::process::Pid::from_raw(pid) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
        }
        if Instant::now() > deadline {
            return Err(io::Error::other("processes of the run survived SIGKILL"));
        }
        sleep(Duration::from_micros(200));
    }
}

fn remove_tree(dir: &Confined, bases: &[PathBuf], limit: Duration) -> io::Result<()> {
    if let Ok(entries) = fs::read_dir(dir.path()) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                let child = confine(&e.path(), bases)?;
                remove_tree(&child, bases, limit)?;
            }
        }
    }
    let deadline = Instant::now() + limit;
    loop {
        match fs::remove_dir(dir.path()) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) if e.raw_os_error() == Some(libc::EBUSY) && Instant::now() < deadline => {
                sleep(Duration::from_micros(200));
            }
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("rmdir {}: {e}", dir.path().display()),
                ));
            }
        }
    }
}

/// Removes the run directories left by runs whose process is gone
/// (killed with SIGKILL, say), after killing anything still in them.
/// Returns how many it removed.
pub fn reap_stale(hierarchies: &[Hierarchy]) -> io::Result<usize> {
    let bases: Vec<PathBuf> = hierarchies.iter().map(|h| h.own.clone()).collect();
    let mut removed = 0;
    for h in hierarchies {
        let Ok(entries) = fs::read_dir(&h.own) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let Some((pid, _)) = name.to_str().and_then(parse_run_name) else {
                continue;
            };
            if pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists() {
                continue; // a live run, ours or another process's
            }
            let dir = confine(&e.path(), &bases)?;
            kill_all(&[(h.v2, dir.clone())], Duration::from_secs(2))?;
            remove_tree(&dir, &bases, Duration::from_secs(2))?;
            removed += 1;
        }
    }
    Ok(removed)
}
