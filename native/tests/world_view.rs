//! The real kernel's WorldView (`ctlab_native::world_view::read`) on a
//! small process tree in fresh namespaces, built here with unshare(1)
//! (root only; skipped with a printed reason otherwise). What is asserted
//! is what a user of the tree would notice: `ps`, `hostname`, `ip link`,
//! `ipcs -q`, `findmnt` inside it. The tree is killed and reaped at the
//! end (unshare --kill-child: its death SIGKILLs the PID namespace's init,
//! which takes every process of the namespace with it).
#![cfg(target_os = "linux")]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ctlab::kernel_model::world_view::NamespaceView;
use ctlab::kernel_model::world_view_diff::diff;
use ctlab::kernel_model::{NsType, WorldView};
use ctlab_native::world_view::{read, strip_cgroup_root};

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// The reader's own cgroup (the `0::` line): the tree below inherits it,
/// so it plays the sandbox's run cgroup.
fn own_cgroup() -> String {
    let text = std::fs::read_to_string("/proc/self/cgroup").unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("0::"))
        .unwrap_or("/")
        .to_owned()
}

/// A tree in fresh mount/pid/uts/ipc/net/cgroup namespaces running
/// `script` under `bash -c` as its PID 1; killed and reaped on drop.
struct Tree {
    unshare: Child,
    /// The host pid of the tree's PID 1.
    init: i32,
}

impl Tree {
    fn start(script: &str) -> Option<Tree> {
        let unshare = Command::new("/usr/bin/unshare")
            .args([
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc",
                "--uts",
                "--ipc",
                "--net",
                "--cgroup",
                "/bin/bash",
                "-c",
                script,
            ])
            .stdin(Stdio::null())
            .spawn();
        let unshare = match unshare {
            Ok(c) => c,
            Err(e) => {
                eprintln!("skipped: unshare(1) not available: {e}");
                return None;
            }
        };
        let mut tree = Tree { unshare, init: 0 };
        let id = tree.unshare.id();
        let children = format!("/proc/{id}/task/{id}/children");
        let start = Instant::now();
        while tree.init == 0 {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no child of unshare"
            );
            if let Ok(t) = std::fs::read_to_string(&children) {
                tree.init = t
                    .split_whitespace()
                    .next()
                    .map_or(0, |p| p.parse().unwrap());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(tree)
    }

    fn proc_dir(&self) -> PathBuf {
        PathBuf::from(format!("/proc/{}/root/proc", self.init))
    }

    /// Reads until `ready` holds (10 s at most).
    fn read_when(&self, ready: impl Fn(&WorldView) -> bool) -> WorldView {
        let start = Instant::now();
        loop {
            let v = read(&self.proc_dir(), &own_cgroup()).unwrap();
            if ready(&v) {
                return v;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never ready: {v:#?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = self.unshare.kill();
        let _ = self.unshare.wait();
        // The namespace's init goes with it (--kill-child).
        let start = Instant::now();
        while std::path::Path::new(&format!("/proc/{}", self.init)).exists()
            && start.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn ns_of<'a>(v: &'a WorldView, pid: i32, entry: &str) -> &'a NamespaceView {
    let p = v.processes.iter().find(|p| p.nspid == [pid]).unwrap();
    let inode = p.ns.iter().find(|(n, _)| n == entry).unwrap().1;
    v.namespaces.iter().find(|n| n.inode == inode).unwrap()
}

fn detail<'a>(n: &'a NamespaceView, key: &str) -> &'a str {
    n.details
        .iter()
        .find(|(k, _)| k == key)
        .map_or_else(|| panic!("no {key} in {n:?}"), |(_, v)| v.as_str())
}

/// bash as PID 1 with two background sleeps, hostname `x`, one message
/// queue. What the reader must see was checked by hand in the same tree:
/// `ps -o pid,ppid,comm` (1 0 bash, 2 1 sleep, 3 1 sleep), `hostname`
/// (x), `domainname` ((none)), `ip -br link` (lo DOWN), `ipcs -q` (msqid
/// 0), `findmnt /proc` (the last: proc, rw,nosuid,nodev,noexec,relatime),
/// `cat /proc/self/cgroup` (0::/).
#[test]
fn reads_a_small_tree_in_fresh_namespaces() {
    if !is_root() {
        eprintln!("skipped: needs root to create namespaces on the real kernel");
        return;
    }
    let script = "set -euo pipefail
echo x > /proc/sys/kernel/hostname
/bin/sleep 100 &
/bin/sleep 100 &
/usr/bin/ipcmk -Q > /dev/null
wait";
    let Some(tree) = Tree::start(script) else {
        return;
    };
    let v = tree.read_when(|v| {
        v.processes.len() == 3
            && v.namespaces
                .iter()
                .any(|n| n.details.iter().any(|(k, q)| k == "msg_queues" && q == "0"))
    });
    /// nspid, ppid, comm, state, uid, cgroup.
    type Row<'a> = (Vec<i32>, i32, &'a str, &'a str, u32, &'a str);
    let ps: Vec<Row> = v
        .processes
        .iter()
        .map(|p| {
            (
                p.nspid.clone(),
                p.ppid,
                p.comm.as_str(),
                p.state.as_str(),
                p.uid,
                p.cgroup.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ps,
        [
            (vec![1], 0, "bash", "S", 0, "/"),
            (vec![2], 1, "sleep", "S", 0, "/"),
            (vec![3], 1, "sleep", "S", 0, "/"),
        ]
    );
    // Every process has all ten ns entries, the same as its parent's.
    for p in &v.processes {
        assert_eq!(p.ns.len(), 10, "{p:?}");
        assert_eq!(p.ns, v.processes[0].ns);
    }
    let uts = ns_of(&v, 1, "uts");
    assert_eq!(
        uts.details,
        [
            ("hostname".to_string(), "x".to_string()),
            ("domainname".into(), "(none)".into())
        ]
    );
    let net = ns_of(&v, 1, "net");
    assert_eq!(net.details, [("lo".to_string(), "DOWN".to_string())]);
    assert_eq!(detail(ns_of(&v, 1, "ipc"), "msg_queues"), "0");
    // The tree's own PID namespace counts as level 0, as the model's
    // initial one; its parent (the host's) is outside.
    let pid = ns_of(&v, 1, "pid");
    assert_eq!((pid.level, pid.parent), (0, None));
    assert_eq!(detail(pid, "init_alive"), "true");
    let user = ns_of(&v, 1, "user");
    assert_eq!(user.inode, NsType::User.init_inum().0);
    assert_eq!((user.level, user.parent, user.owner), (0, None, None));
    assert_eq!(detail(user, "uid_map"), "0 0 4294967295");
    assert_eq!(detail(user, "gid_map"), "0 0 4294967295");
    assert_eq!(detail(user, "setgroups"), "allow");
    assert_eq!(detail(user, "owner_uid"), "0");
    assert_eq!(uts.owner, Some(user.inode));
    assert_eq!(detail(ns_of(&v, 1, "cgroup"), "root"), "/");
    assert_eq!(detail(ns_of(&v, 1, "time"), "frozen"), "true");
    let mnt = ns_of(&v, 1, "mnt");
    let table = v.mount_tables.iter().find(|t| t.ns == mnt.inode).unwrap();
    assert_eq!(detail(mnt, "mounts"), table.mounts.len().to_string());
    // --mount-proc: the tree's own proc on /proc, the last mount there.
    let proc = table
        .mounts
        .iter()
        .rfind(|m| m.mount_point == "/proc")
        .unwrap();
    assert_eq!(
        (proc.fs_type.as_str(), proc.source.as_str()),
        ("proc", "proc")
    );
    assert!(proc.options.contains("nosuid,nodev,noexec"), "{proc:?}");
    assert_eq!(v.mount_tables.len(), 1);
    assert_eq!(v.namespaces.len(), 8, "{:#?}", v.namespaces);
    // A real view equals itself through the comparison.
    assert!(diff(&v, &v).is_empty());
}

/// A PID and a user namespace nested in the tree's: levels and parents
/// count from the tree's own namespaces; the nested user namespace's maps
/// as `unshare --map-root-user` wrote them (checked by hand in the same
/// tree: `cat /proc/3/uid_map` shows `0 0 1`, `/proc/3/setgroups` deny,
/// `/proc/3/status` NSpid `3 1`).
#[test]
fn reads_nested_pid_and_user_namespaces() {
    if !is_root() {
        eprintln!("skipped: needs root to create namespaces on the real kernel");
        return;
    }
    let script = "set -euo pipefail
/usr/bin/unshare --user --map-root-user --pid --fork /bin/sleep 100 &
wait";
    let Some(tree) = Tree::start(script) else {
        return;
    };
    let v = tree.read_when(|v| v.processes.iter().any(|p| p.nspid == [3, 1]));
    let sleep = v.processes.iter().find(|p| p.nspid == [3, 1]).unwrap();
    assert_eq!(
        (sleep.ppid, sleep.comm.as_str(), sleep.uid),
        (2, "sleep", 0)
    );
    let find = |inode| v.namespaces.iter().find(|n| n.inode == inode).unwrap();
    let entry = |name: &str| sleep.ns.iter().find(|(n, _)| n == name).unwrap().1;
    let (outer_pid, outer_user) = (ns_of(&v, 1, "pid"), ns_of(&v, 1, "user"));
    let (pid, user) = (find(entry("pid")), find(entry("user")));
    assert_eq!((pid.level, pid.parent), (1, Some(outer_pid.inode)));
    assert_eq!(pid.owner, Some(user.inode));
    assert_eq!(detail(pid, "init_alive"), "true");
    assert_eq!((user.level, user.parent), (1, Some(outer_user.inode)));
    assert_eq!(detail(user, "uid_map"), "0 0 1");
    assert_eq!(detail(user, "gid_map"), "0 0 1");
    assert_eq!(detail(user, "setgroups"), "deny");
    assert_eq!(detail(user, "owner_uid"), "0");
    // unshare(1) itself: in the new user namespace, its children's PID
    // namespace is the new one.
    let unshare = v.processes.iter().find(|p| p.nspid == [2]).unwrap();
    assert_eq!(unshare.comm, "unshare");
    let pfc = unshare.ns.iter().find(|(n, _)| n == "pid_for_children");
    assert_eq!(pfc.map(|e| e.1), Some(pid.inode));
}

/// A tree whose processes come and go all the time: every read succeeds
/// (processes vanishing mid-read are skipped) and always finds PID 1.
#[test]
fn processes_vanishing_while_read_are_skipped() {
    if !is_root() {
        eprintln!("skipped: needs root to create namespaces on the real kernel");
        return;
    }
    let script = "set -euo pipefail
while :; do /bin/true & /bin/true & /bin/true; wait; done";
    let Some(tree) = Tree::start(script) else {
        return;
    };
    for _ in 0..40 {
        let v = read(&tree.proc_dir(), &own_cgroup()).unwrap();
        assert_eq!(v.processes[0].nspid, [1]);
        assert_eq!(v.processes[0].comm, "bash");
    }
}

#[test]
fn cgroup_root_is_stripped() {
    assert_eq!(strip_cgroup_root("/ctlab/run-1", "/ctlab/run-1"), "/");
    assert_eq!(
        strip_cgroup_root("/ctlab/run-1/a/b", "/ctlab/run-1"),
        "/a/b"
    );
    assert_eq!(
        strip_cgroup_root("/ctlab/run-12", "/ctlab/run-1"),
        "/ctlab/run-12"
    );
    assert_eq!(strip_cgroup_root("/a", "/"), "/a");
    assert_eq!(strip_cgroup_root("/", "/"), "/");
}
