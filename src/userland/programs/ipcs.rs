//! `ipcs` (util-linux 2.38.1, sys-utils/ipcs.c): the System V IPC objects
//! of the caller's IPC namespace. Message queues come from
//! /proc/sysvipc/msg (`ipc_msg_get_info()` reads it first), in the file's
//! order, in the default, `-c` (creators/owners), `-p` (pids) and `-t`
//! (times, ctime(3) in UTC: the model has no TZ) formats. Shared memory
//! and semaphores are not in the kernel model, so nothing can have
//! created any: `-m` and `-s` print their sections' headers with no rows,
//! as the real ipcs does in a fresh IPC namespace. Not supported: `-i`,
//! `-l`, `-u`, `--human`, `-b`.

use super::Proc;
use super::getopt::{self, Cmd, Has, OptSpec};

const SPECS: &[OptSpec] = &[
    ("i|id", Has::Req),
    ("q|queues", Has::No),
    ("m|shmems", Has::No),
    ("s|semaphores", Has::No),
    ("a|all", Has::No),
    ("t|time", Has::No),
    ("p|pid", Has::No),
    ("c|creator", Has::No),
    ("l|limits", Has::No),
    ("u|summary", Has::No),
    ("|human", Has::No),
    ("b|bytes", Has::No),
    ("V|version", Has::No),
    ("h|help", Has::No),
];

const CMD: Cmd = Cmd {
    name: "ipcs",
    opts: SPECS,
    usage_status: 1,
    usage_line: "",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Default,
    Creator,
    Pid,
    Time,
}

/// One line of /proc/sysvipc/msg.
struct Msq {
    key: i32,
    id: i32,
    perms: u32,
    cbytes: u64,
    qnum: u64,
    lspid: i32,
    lrpid: i32,
    uid: u32,
    gid: u32,
    cuid: u32,
    cgid: u32,
    stime: i64,
    rtime: i64,
    ctime: i64,
}

fn parse_msg(text: &str) -> Vec<Msq> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            if f.len() < 14 {
                return None;
            }
            Some(Msq {
                key: f[0].parse().ok()?,
                id: f[1].parse().ok()?,
                perms: u32::from_str_radix(f[2], 8).ok()?,
                cbytes: f[3].parse().ok()?,
                qnum: f[4].parse().ok()?,
                lspid: f[5].parse().ok()?,
                lrpid: f[6].parse().ok()?,
                uid: f[7].parse().ok()?,
                gid: f[8].parse().ok()?,
                cuid: f[9].parse().ok()?,
                cgid: f[10].parse().ok()?,
                stime: f[11].parse().ok()?,
                rtime: f[12].parse().ok()?,
                ctime: f[13].parse().ok()?,
            })
        })
        .collect()
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let parsed = match getopt::parse(p, &CMD, argv) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let (mut msg, mut shm, mut sem) = (false, false, false);
    let mut format = Format::Default;
    for (key, _) in &parsed.opts {
        match *key {
            "q" => msg = true,
            "m" => shm = true,
            "s" => sem = true,
            "a" => (msg, shm, sem) = (true, true, true),
            "c" => format = Format::Creator,
            "p" => format = Format::Pid,
            "t" => format = Format::Time,
            "V" => {
                p.stdout("ipcs from util-linux 2.38.1\n");
                return 0;
            }
            _ => {
                return getopt::unsupported_opt(p, &CMD, key);
            }
        }
    }
    // ipcs ignores operands (getopt only).
    if !msg && !shm && !sem {
        (msg, shm, sem) = (true, true, true);
    }
    let mut out = String::from("\n");
    if msg {
        let queues = p
            .read_file("/proc/sysvipc/msg")
            .map(|d| parse_msg(&String::from_utf8_lossy(&d)))
            .unwrap_or_default();
        do_msg(p, format, &queues, &mut out);
        out.push('\n');
    }
    if shm {
        out.push_str(&shm_header(format));
        out.push('\n');
    }
    if sem {
        out.push_str(&sem_header(format));
        out.push('\n');
    }
    p.stdout(&out);
    0
}

/// `do_shm()`'s headers (no rows: the model has no shared memory).
fn shm_header(format: Format) -> String {
    match format {
        Format::Creator => format!(
            "------ Shared Memory Segment Creators/Owners --------\n{:<10} {:<10} {:<10} {:<10} {:<10} {:<10}\n",
            "shmid", "perms", "cuid", "cgid", "uid", "gid"
        ),
        Format::Time => format!(
            "------ Shared Memory Attach/Detach/Change Times --------\n{:<10} {:<10} {:<20} {:<20} {:<20}\n",
            "shmid", "owner", "attached", "detached", "changed"
        ),
        Format::Pid => format!(
            "------ Shared Memory Creator/Last-op PIDs --------\n{:<10} {:<10} {:<10} {:<10}\n",
            "shmid", "owner", "cpid", "lpid"
        ),
        Format::Default => format!(
            "------ Shared Memory Segments --------\n{:<10} {:<10} {:<10} {:<10} {:<10} {:<10} {:<12}\n",
            "key", "shmid", "owner", "perms", "bytes", "nattch", "status"
        ),
    }
}

/// `do_sem()`'s headers (no rows: the model has no semaphores); `-p`
/// prints none.
fn sem_header(format: Format) -> String {
    match format {
        Format::Creator => format!(
            "------ Semaphore Arrays Creators/Owners --------\n{:<10} {:<10} {:<10} {:<10} {:<10} {:<10}\n",
            "semid", "perms", "cuid", "cgid", "uid", "gid"
        ),
        Format::Time => format!(
            "------ Semaphore Operation/Change Times --------\n{:<8} {:<10} {:<26} {:<26}\n",
            "semid", "owner", "last-op", "last-changed"
        ),
        Format::Pid => String::new(),
        Format::Default => format!(
            "------ Semaphore Arrays --------\n{:<10} {:<10} {:<10} {:<10} {:<10}\n",
            "key", "semid", "owner", "perms", "nsems"
        ),
    }
}

/// `%-10.10s` of the user name, or `%-10u` of the uid.
fn owner(p: &mut Proc<'_>, uid: u32) -> String {
    match p.user_name(uid) {
        Some(n) => format!("{:<10.10}", n),
        None => format!("{uid:<10}"),
    }
}

fn name_or_id(name: Option<String>, id: u32) -> String {
    match name {
        Some(n) => format!("{n:<10}"),
        None => format!("{id:<10}"),
    }
}

fn do_msg(p: &mut Proc<'_>, format: Format, queues: &[Msq], out: &mut String) {
    match format {
        Format::Creator => {
            out.push_str("------ Message Queues Creators/Owners --------\n");
            out.push_str(&format!(
                "{:<10} {:<10} {:<10} {:<10} {:<10} {:<10}\n",
                "msqid", "perms", "cuid", "cgid", "uid", "gid"
            ));
        }
        Format::Time => {
            out.push_str("------ Message Queues Send/Recv/Change Times --------\n");
            out.push_str(&format!(
                "{:<8} {:<10} {:<20} {:<20} {:<20}\n",
                "msqid", "owner", "send", "recv", "change"
            ));
        }
        Format::Pid => {
            out.push_str("------ Message Queues PIDs --------\n");
            out.push_str(&format!(
                "{:<10} {:<10} {:<10} {:<10}\n",
                "msqid", "owner", "lspid", "lrpid"
            ));
        }
        Format::Default => {
            out.push_str("------ Message Queues --------\n");
            out.push_str(&format!(
                "{:<10} {:<10} {:<10} {:<10} {:<12} {:<12}\n",
                "key", "msqid", "owner", "perms", "used-bytes", "messages"
            ));
        }
    }
    for q in queues {
        match format {
            // ipc_print_perms()
            Format::Creator => {
                let (cu, cg) = (p.user_name(q.cuid), p.group_name(q.cgid));
                let (u, g) = (p.user_name(q.uid), p.group_name(q.gid));
                out.push_str(&format!(
                    "{:<10} {:<10o} {} {} {} {}\n",
                    q.id,
                    q.perms & 0o777,
                    name_or_id(cu, q.cuid),
                    name_or_id(cg, q.cgid),
                    name_or_id(u, q.uid),
                    name_or_id(g, q.gid)
                ));
            }
            Format::Time => {
                let o = owner(p, q.uid);
                let t = |s: i64| {
                    if s == 0 {
                        "Not set".to_string()
                    } else {
                        ctime_tail(s)
                    }
                };
                out.push_str(&format!(
                    "{:<8} {o} {:<20} {:<20} {:<20}\n",
                    q.id,
                    t(q.stime),
                    t(q.rtime),
                    t(q.ctime)
                ));
            }
            Format::Pid => {
                let o = owner(p, q.uid);
                out.push_str(&format!(
                    "{:<8} {o}  {:>5}     {:>5}\n",
                    q.id, q.lspid, q.lrpid
                ));
            }
            Format::Default => {
                let o = owner(p, q.uid);
                out.push_str(&format!(
                    "0x{:08x} {:<10} {o} {:<10o} {:<12} {:<12}\n",
                    q.key as u32,
                    q.id,
                    q.perms & 0o777,
                    q.cbytes,
                    q.qnum
                ));
            }
        }
    }
}

/// `ctime(3) + 4` cut to 16 bytes (`%-20.16s`): "Nov 22 06:50:13 ",
/// in UTC.
fn ctime_tail(secs: i64) -> String {
    const MON: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil_from_days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!(
        "{} {:>2} {:02}:{:02}:{:02} ",
        MON[(m - 1) as usize],
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
