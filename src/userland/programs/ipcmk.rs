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
use super::ul_getopt::{self, OptSpec};
use crate::kernel_model::ipc_namespace::IPC_CREAT;

const SPECS: &[OptSpec] = &[
    OptSpec::new(Some('M'), Some("shmem"), true),
    OptSpec::new(Some('S'), Some("semaphore"), true),
    OptSpec::new(Some('Q'), Some("queue"), false),
    OptSpec::new(Some('p'), Some("mode"), true),
    OptSpec::new(Some('V'), Some("version"), false),
    OptSpec::new(Some('h'), Some("help"), false),
];

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
    let parsed = match ul_getopt::parse("ipcmk", argv, SPECS) {
        Ok(x) => x,
        Err(msg) => {
            p.stderr(&msg);
            return 1;
        }
    };
    let mut mode: u32 = 0o644;
    let mut ask_msg = false;
    for (idx, arg) in &parsed.opts {
        let spec = &SPECS[*idx];
        match spec.short {
            Some('Q') => ask_msg = true,
            Some('p') => {
                let a = arg.as_deref().unwrap_or("");
                // strtoul(optarg, &end, 8): an empty or partial number fails
                // with errno still 0 ("Success"); overflow gives ERANGE.
                match u64::from_str_radix(a, 8) {
                    Ok(v) if !a.starts_with('+') && !a.starts_with('-') => {
                        mode = v as u32;
                    }
                    _ => {
                        p.stderr("ipcmk: failed to parse mode: Success\n");
                        return 1;
                    }
                }
            }
            Some('V') => {
                p.stdout("ipcmk from util-linux 2.38.1\n");
                return 0;
            }
            _ => {
                p.stderr(&ul_getopt::unsupported("ipcmk", spec));
                return 1;
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
