//! `ipcmk` (util-linux 2.38.1, sys-utils/ipcmk.c): `-Q` creates a System V
//! message queue with msgget(KEY, MODE | IPC_CREAT) and prints
//! `Message queue id: ID`; `-p MODE` (octal, default 0644).
//!
//! The key: real ipcmk takes 4 random bytes (`ul_random_get_bytes()`). The
//! model has no randomness, so the key is the first value of a fixed
//! xorshift32 sequence that no queue of the caller's IPC namespace has
//! (read from /proc/sysvipc/msg, as ipcs does), so that two runs never
//! share a queue, which random keys make all but certain. Lessons should
//! match the key with a wildcard.
//!
//! `-M` (shared memory) and `-S` (semaphores) are not modelled: the kernel
//! model has no shmget(2)/semget(2).

use super::Proc;
use super::getopt::{self, Cmd, Has, OptSpec};
use crate::kernel_model::ipc_namespace::IPC_CREAT;

const SPECS: &[OptSpec] = &[
    ("M|shmem", Has::Req),
    ("S|semaphore", Has::Req),
    ("Q|queue", Has::No),
    ("p|mode", Has::Req),
    ("V|version", Has::No),
    ("h|help", Has::No),
];

const CMD: Cmd = Cmd {
    name: "ipcmk",
    opts: SPECS,
    usage_status: 1,
    usage_line: "",
};

/// The fixed key sequence (xorshift32 from a constant seed), skipping 0
/// (`IPC_PRIVATE`).
pub fn key_candidates() -> impl Iterator<Item = i32> {
    let mut x: u32 = 0x2545_f491;
    std::iter::from_fn(move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        Some(x as i32)
    })
    .filter(|&k| k != 0)
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let parsed = match getopt::parse(p, &CMD, argv) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let mut mode: u32 = 0o644;
    let mut ask_msg = false;
    for (key, arg) in &parsed.opts {
        match *key {
            "Q" => ask_msg = true,
            "p" => match strtoul8(arg.as_deref().unwrap_or("")) {
                Ok(v) => mode = v as u32,
                Err(e) => {
                    p.stderr(&format!("ipcmk: failed to parse mode: {e}\n"));
                    return 1;
                }
            },
            "V" => {
                p.stdout("ipcmk from util-linux 2.38.1\n");
                return 0;
            }
            _ => {
                return getopt::unsupported_opt(p, &CMD, key);
            }
        }
    }
    if !ask_msg {
        p.stderr("ipcmk: bad usage\nTry 'ipcmk --help' for more information.\n");
        return 1;
    }
    let used: Vec<i32> = p
        .read_file("/proc/sysvipc/msg")
        .map(|d| {
            String::from_utf8_lossy(&d)
                .lines()
                .skip(1)
                .filter_map(|l| l.split_whitespace().next()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let key = key_candidates().find(|k| !used.contains(k)).unwrap_or(1);
    match p.k.msgget(p.task, key, mode as i32 | IPC_CREAT) {
        Ok(id) => {
            p.stdout(&format!("Message queue id: {id}\n"));
            0
        }
        Err(e) => {
            p.stderr(&format!("ipcmk: create message queue failed: {e}\n"));
            1
        }
    }
}

/// `strtoul(s, &end, 8)` as ipcmk checks it: leading blanks and a sign
/// allowed (a minus wraps around), no digits or trailing bytes fail with
/// errno still 0 ("Success"), overflow with ERANGE.
fn strtoul8(s: &str) -> Result<u64, &'static str> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if t.is_empty() || !t.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return Err("Success");
    }
    let mut v: u64 = 0;
    for b in t.bytes() {
        v = v
            .checked_mul(8)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .ok_or("Numerical result out of range")?;
    }
    Ok(if neg { v.wrapping_neg() } else { v })
}
