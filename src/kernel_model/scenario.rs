//! Random syscall sequences for property tests, the cross-target
//! determinism test and benchmarks. An operation is decoded from one `u64`
//! (so proptest can shrink plain vectors of numbers), applied to a kernel,
//! and reported as a log line with its result. Pure and deterministic like
//! the rest of the model.

use super::errno::SysResult;
use super::exit::WNOHANG;
use super::kernel::Kernel;
use super::nsproxy::CloneFlags;
use super::signal::{SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, SIGTERM, SIGUSR1, SigDisposition};
use super::task::{TaskId, TaskState};
use super::vfs::{
    MNT_DETACH, MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_REC, MS_SHARED, O_APPEND,
    O_CREAT, O_DIRECTORY, O_RDONLY, O_RDWR, O_WRONLY,
};

/// The last operation number: 0..=16 are process and namespace calls,
/// 17..=FILE_OPS_END file and mount calls.
const FILE_OPS_END: u64 = 30;

/// The job-control and pipe operation (after the file operations).
const JOB_OP: u64 = FILE_OPS_END + 1;

/// Sessions, process groups and pipes: setsid, setpgid (of itself or of
/// another process, to its own or another group), getsid, getpgid, and a
/// pipe written with or without its read end open (EPIPE + SIGPIPE).
fn job_op(k: &mut Kernel, caller: TaskId, other_pid: i32, arg: u64) -> (String, String) {
    let pgid = [0, other_pid, 1][pick(arg >> 3, 3)];
    match arg % 6 {
        0 => ("setsid".into(), show(&k.setsid(caller))),
        1 => (
            format!("setpgid 0 {pgid}"),
            show(&k.setpgid(caller, 0, pgid)),
        ),
        2 => (
            format!("setpgid {other_pid} {pgid}"),
            show(&k.setpgid(caller, other_pid, pgid)),
        ),
        3 => (
            format!("getsid {other_pid}"),
            show(&k.getsid(caller, other_pid)),
        ),
        4 => (
            format!("getpgid {other_pid}"),
            show(&k.getpgid(caller, other_pid)),
        ),
        _ => {
            let close_reader = arg >> 3 & 1 == 1;
            let r = k.pipe2(caller, 0).and_then(|(r, w)| {
                if close_reader {
                    k.close(caller, r)?;
                }
                let n = k.write(caller, w, b"x")?;
                let back = k.read(caller, r, 8)?;
                Ok((n, back.len()))
            });
            (format!("pipe close_reader={close_reader}"), show(&r))
        }
    }
}

/// Paths the file operations pick from: a few names under /tmp and /mnt,
/// mount points, /proc files and links, so that sequences create, mount
/// over, chroot into and pivot into the same places.
const PATHS: [&str; 16] = [
    "/tmp/a",
    "/tmp/a/b",
    "/tmp/c",
    "/mnt",
    "/mnt/x",
    "/mnt/x/old",
    "/tmp",
    "/",
    "..",
    "a",
    "/proc",
    "/proc/self",
    "/proc/self/mountinfo",
    "/proc/1/status",
    "/proc/mounts",
    "/etc/hostname",
];

fn path_of(x: u64) -> &'static str {
    PATHS[pick(x, PATHS.len())]
}

/// One file or mount syscall (ops 17..=FILE_OPS_END).
fn file_op(k: &mut Kernel, caller: TaskId, op: u64, arg: u64) -> (String, String) {
    // PID 1 stays the observer the tests read the world through: it does
    // not chroot, mount, unmount or pivot (it looks instead).
    let op = if caller == k.init_task() && (23..=26).contains(&op) {
        27
    } else {
        op
    };
    let p = path_of(arg);
    let q = path_of(arg >> 5);
    let small = (arg >> 10) as i32 % 8;
    match op {
        17 => (format!("mkdir {p}"), show(&k.mkdir(caller, p, 0o755))),
        18 => {
            // open (maybe creating) and leave it open half the time, so
            // that descriptors cross fork, exec, exit and umount.
            let flags = [
                O_RDONLY,
                O_WRONLY | O_CREAT,
                O_RDWR | O_CREAT | O_APPEND,
                O_DIRECTORY,
            ][(arg >> 10) as usize % 4];
            let r = k.open(caller, p, flags, 0o644);
            let mut res = show(&r);
            if let Ok(fd) = r {
                if flags & (O_WRONLY | O_RDWR) != 0 {
                    res.push_str(&format!(" write {}", show(&k.write(caller, fd, b"hi\n"))));
                }
                if arg & (1 << 15) != 0 {
                    res.push_str(&format!(" close {}", show(&k.close(caller, fd))));
                }
            }
            (format!("open {p} {flags:#o}"), res)
        }
        19 => {
            let r = if arg & (1 << 15) != 0 {
                k.rmdir(caller, p)
            } else {
                k.unlink(caller, p)
            };
            (format!("remove {p}"), show(&r))
        }
        20 => (format!("rename {p} {q}"), show(&k.rename(caller, p, q))),
        21 => {
            if arg & (1 << 15) != 0 {
                (format!("symlink {q} {p}"), show(&k.symlink(caller, q, p)))
            } else {
                (format!("link {p} {q}"), show(&k.link(caller, p, q)))
            }
        }
        22 => (
            format!("chdir {p}"),
            show(&k.chdir(caller, p).and_then(|()| k.getcwd(caller))),
        ),
        23 => (format!("chroot {p}"), show(&k.chroot(caller, p))),
        24 => {
            let (what, r) = match (arg >> 10) % 4 {
                0 => ("tmpfs", k.mount(caller, "tmpfs", p, "tmpfs", 0, "size=1m")),
                1 => ("bind", k.mount(caller, q, p, "", MS_BIND | MS_REC, "")),
                2 => (
                    "private",
                    k.mount(caller, "", p, "", MS_PRIVATE | MS_REC, ""),
                ),
                _ => ("shared", k.mount(caller, "", p, "", MS_SHARED, "")),
            };
            (format!("mount {what} {p}"), show(&r))
        }
        25 => {
            let flags = if arg & (1 << 15) != 0 { MNT_DETACH } else { 0 };
            (
                format!("umount2 {p} {flags}"),
                show(&k.umount2(caller, p, flags)),
            )
        }
        26 => {
            // What `unshare -m; mount tmpfs; mkdir old; pivot_root` does.
            let a = k.mount(caller, "tmpfs", "/mnt/x", "tmpfs", 0, "");
            let b = k.mkdir(caller, "/mnt/x/old", 0o755);
            let c = k.pivot_root(caller, "/mnt/x", "/mnt/x/old");
            (
                "pivot_root /mnt/x /mnt/x/old".to_string(),
                format!("{} {} {}", show(&a), show(&b), show(&c)),
            )
        }
        27 => {
            let r = match (arg >> 10) % 4 {
                0 => k
                    .stat(caller, p)
                    .map(|s| format!("{:o} {} {}", s.mode, s.uid, s.nlink)),
                1 => k
                    .lstat(caller, p)
                    .map(|s| format!("{:o} {}", s.mode, s.ino)),
                2 => k.readlink(caller, p),
                _ => k.read_file(caller, p),
            };
            (format!("look {p}"), show(&r))
        }
        28 => {
            let r = match (arg >> 10) % 3 {
                0 => k.close(caller, small).map(|()| 0),
                1 => k.dup2(caller, small, (arg >> 13) as i32 % 8),
                _ => k.read_dir(caller, p).map(|v| v.len() as i32),
            };
            (format!("fd {small} {p}"), show(&r))
        }
        29 => {
            let r = match (arg >> 10) % 3 {
                0 => k.umask(caller, (arg >> 12) as u32 & 0o777).map(|_| ()),
                1 => k.chmod(caller, p, (arg >> 12) as u32 & 0o7777),
                _ => {
                    let id = [0, 1000, 65534, u32::MAX][(arg >> 12) as usize % 4];
                    k.chown(caller, p, id, id)
                }
            };
            (format!("attr {p}"), show(&r))
        }
        _ => {
            let text = format!("{}\n", ["x", "box", "container-1"][pick(arg >> 10, 3)]);
            (
                format!("write {p}"),
                show(&k.write_file(caller, p, text.as_bytes())),
            )
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// FNV-1a, 64 bit.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const NS_FLAGS: [CloneFlags; 8] = [
    CloneFlags::NEWUSER,
    CloneFlags::NEWPID,
    CloneFlags::NEWNS,
    CloneFlags::NEWUTS,
    CloneFlags::NEWIPC,
    CloneFlags::NEWNET,
    CloneFlags::NEWCGROUP,
    CloneFlags::NEWTIME,
];

fn flags_from(bits: u64) -> CloneFlags {
    // One flag, often with NEWPID and/or NEWUSER, so sequences go deep.
    let mut f = NS_FLAGS[(bits % 8) as usize];
    if bits >> 3 & 1 == 0 {
        f = f | CloneFlags::NEWPID;
    }
    if bits >> 4 & 3 == 0 {
        f = f | CloneFlags::NEWUSER;
    }
    if bits >> 6 & 15 == 0 {
        f = f | NS_FLAGS[pick(bits >> 10, 8)];
    }
    f
}

fn show<T: std::fmt::Debug>(r: &SysResult<T>) -> String {
    match r {
        Ok(v) => format!("Ok({v:?})"),
        Err(e) => format!("Err({})", e.name()),
    }
}

/// `x mod n` computed in 64 bits: `x as usize % n` would truncate `x` on
/// 32-bit wasm and pick differently than on x86-64 (the determinism test
/// caught exactly that).
fn pick(x: u64, n: usize) -> usize {
    (x % n as u64) as usize
}

/// Decodes `word` into one syscall, applies it, and describes it.
pub fn apply_word(k: &mut Kernel, word: u64) -> String {
    let live: Vec<TaskId> = k
        .task_ids()
        .into_iter()
        .filter(|&t| k.get_task(t).is_some_and(|x| x.state != TaskState::Zombie))
        .collect();
    let all = k.task_ids();
    // Half the time one of the four newest processes calls, so that
    // sequences build deep namespace trees.
    let mut live = live;
    live.sort_by_key(|&t| k.pid_vnr(k.init_task(), t));
    let caller = if word & 0x80 != 0 {
        live[live.len() - 1 - pick(word >> 8, live.len().min(4))]
    } else {
        live[pick(word >> 8, live.len())]
    };
    let other = all[pick(word >> 24, all.len())];
    let arg = word >> 40;
    let other_pid = match k.pid_vnr(caller, other) {
        0 => 1 + (arg % 40) as i32,
        p => p,
    };
    let cpid = k.pid_vnr(k.init_task(), caller);
    let op = word % (JOB_OP + 1);
    let (name, res) = match op {
        JOB_OP => job_op(k, caller, other_pid, arg),
        0 | 1 => (
            "fork".to_string(),
            show(&k.fork(caller).map(|c| k.pid_vnr(caller, c))),
        ),
        2 => {
            let f = flags_from(arg);
            (
                format!("clone {:#x}", f.0),
                show(&k.kernel_clone(caller, f).map(|c| k.pid_vnr(caller, c))),
            )
        }
        3 => {
            let f = flags_from(arg);
            (format!("unshare {:#x}", f.0), show(&k.unshare(caller, f)))
        }
        4 => ("exit".to_string(), show(&k.exit(caller, (arg % 4) as i32))),
        5 | 6 => {
            let pid = if arg.is_multiple_of(5) {
                arg as i32 // anything, including i32::MIN
            } else if arg.is_multiple_of(3) {
                other_pid
            } else {
                -1
            };
            (format!("wait4 {pid}"), show(&k.wait4(caller, pid, WNOHANG)))
        }
        7 => {
            let sig = [0, SIGKILL, SIGTERM, SIGCHLD, SIGSTOP, SIGCONT, SIGUSR1][(arg % 7) as usize];
            let pid = if arg.is_multiple_of(11) {
                -1
            } else if arg.is_multiple_of(13) {
                (arg >> 8) as i32
            } else {
                other_pid
            };
            (format!("kill {pid} {sig}"), show(&k.kill(caller, pid, sig)))
        }
        8 => {
            let path = [
                "/bin/sh",
                "/usr/bin/unshare",
                "/bin/sleep",
                "/usr/sbin/a-very-long-daemon-name",
            ][(arg % 4) as usize];
            (format!("execve {path}"), show(&k.execve(caller, path)))
        }
        9 => {
            let name = ["box", "a", "container-1"][(arg % 3) as usize];
            (
                format!("sethostname {name}"),
                show(&k.sethostname(caller, name.as_bytes())),
            )
        }
        10 => {
            let file = ["uid_map", "gid_map", "setgroups", "timens_offsets"][(arg % 4) as usize];
            let text = match (file, (arg >> 2) % 4) {
                ("setgroups", 0 | 1) => "deny\n".to_string(),
                ("setgroups", _) => "allow\n".to_string(),
                ("timens_offsets", n) => format!("monotonic {} 0\n", n as i64 * 100 - 150),
                (_, 0) => "0 0 1\n".to_string(),
                (_, 1) => "0 1000 1\n".to_string(),
                (_, 2) => "0 100000 65536\n".to_string(),
                _ => "0 0 0\n".to_string(),
            };
            let path = format!("/proc/{other_pid}/{file}");
            let r = k.write_file(caller, &path, text.as_bytes());
            (format!("write {path} {text:?}"), show(&r))
        }
        11 => {
            let names = ["user", "pid", "uts", "ipc", "net", "mnt", "cgroup", "time"];
            let n = names[(arg % 8) as usize];
            let path = format!("/proc/{other_pid}/ns/{n}");
            let r = match k.open_ns(caller, &path) {
                Ok(fd) => {
                    let r = k.setns(caller, &fd, CloneFlags::EMPTY);
                    k.close_ns(fd);
                    r
                }
                Err(e) => Err(e),
            };
            (format!("setns {path}"), show(&r))
        }
        12 if !arg.is_multiple_of(4) => ("getpid".to_string(), show(&k.getpid(caller))),
        12 => {
            let uid = [0, 1000, 65534][((arg >> 2) % 3) as usize];
            let r = if arg & 32 == 0 {
                k.setuid(caller, uid)
            } else {
                k.setgid(caller, uid)
            };
            (format!("setid {uid}"), show(&r))
        }
        13 => (
            "mount proc /proc".to_string(),
            show(&k.mount(
                caller,
                "proc",
                "/proc",
                "proc",
                MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "",
            )),
        ),
        17..=FILE_OPS_END => file_op(k, caller, op, arg),
        14 => {
            if arg.is_multiple_of(2) {
                (
                    "msgget".to_string(),
                    show(&k.msgget(caller, (arg % 5) as i32, 0o1600)),
                )
            } else {
                (
                    "msgrmid".to_string(),
                    show(&k.msgctl_rmid(caller, (arg % 3) as i32)),
                )
            }
        }
        15 => {
            let sig = [SIGCHLD, SIGTERM, SIGUSR1][(arg % 3) as usize];
            let d = [
                SigDisposition::Default,
                SigDisposition::Ignore,
                SigDisposition::Handler,
            ][((arg >> 2) % 3) as usize];
            (
                format!("sigaction {sig} {d:?}"),
                show(&k.sigaction(caller, sig, d)),
            )
        }
        _ => {
            let path = ["/", "/a", "/a/b", "/c"][(arg % 4) as usize];
            (
                format!("cgroup_attach {path}"),
                show(&k.cgroup_attach(caller, path)),
            )
        }
    };
    format!("[{cpid}] {name} -> {res}")
}

/// Renders, for every live task as reader, every /proc file it can see:
/// status, uid_map, gid_map, setgroups, cgroup and every ns link of every
/// visible pid. The bytes the determinism checks compare.
pub fn render_all_proc(k: &Kernel) -> String {
    let mut k = k.clone();
    let mut out = String::new();
    let readers: Vec<TaskId> = k
        .task_ids()
        .into_iter()
        .filter(|&t| k.get_task(t).is_some_and(|x| x.state != TaskState::Zombie))
        .collect();
    for r in readers {
        let rpid = k.pid_vnr(k.init_task(), r);
        let Ok(entries) = k.read_dir(r, "/proc") else {
            out.push_str(&format!("== reader {rpid}: no /proc\n"));
            continue;
        };
        out.push_str(&format!("== reader {rpid}: {}\n", entries.join(" ")));
        for e in entries
            .iter()
            .filter(|e| e.bytes().all(|b| b.is_ascii_digit()))
        {
            for f in [
                "stat",
                "cmdline",
                "status",
                "uid_map",
                "gid_map",
                "setgroups",
                "cgroup",
                "timens_offsets",
                "mountinfo",
            ] {
                let path = format!("/proc/{e}/{f}");
                match k.read_file(r, &path) {
                    Ok(s) => out.push_str(&format!("-- {path}\n{s}")),
                    Err(er) => out.push_str(&format!("-- {path}: {}\n", er.name())),
                }
            }
            for n in super::procfs::ns_link::NS_ENTRIES {
                let path = format!("/proc/{e}/ns/{n}");
                match k.readlink(r, &path) {
                    Ok(s) => out.push_str(&format!("{path} -> {s}\n")),
                    Err(er) => out.push_str(&format!("{path}: {}\n", er.name())),
                }
            }
        }
    }
    out
}

/// Runs `n` operations from `seed` on a fresh kernel; returns the kernel and
/// the log.
pub fn run_seeded(seed: u64, n: usize) -> (Kernel, String) {
    let mut k = Kernel::new();
    let mut rng = SplitMix64(seed);
    let mut log = String::new();
    for _ in 0..n {
        log.push_str(&apply_word(&mut k, rng.next_u64()));
        log.push('\n');
    }
    (k, log)
}
