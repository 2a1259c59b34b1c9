//! Hostile lessons: what a careless or malicious lesson types must leave
//! the host as it was. Each case runs in a fresh sandbox on the real
//! kernel, and the host is fingerprinted before and after. Needs root;
//! skipped with a printed reason otherwise.
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ctlab_native::sandbox::{Ending, Sandbox, Terminal, cgroup};

fn root() -> bool {
    let ok = rustix::process::geteuid().is_root();
    if !ok {
        eprintln!("skipped: the sandbox needs root on the real kernel");
    }
    ok
}

fn open(s: &mut Sandbox) -> Terminal {
    let mut t = s.open_terminal().unwrap();
    let (_, how) = t.read_until_prompt(Duration::from_secs(10)).unwrap();
    assert_eq!(how, Ending::Prompt);
    t
}

/// Types `line` and returns what it printed, or what it had printed when
/// `wait` ran out (a hostile command need not give the prompt back).
fn run(t: &mut Terminal, line: &str, wait: Duration) -> (String, Ending) {
    t.send_line(line).unwrap();
    let (out, how) = t.read_until_prompt(wait).unwrap();
    (ctlab_native::sandbox::terminal::clean(&out), how)
}

/// What must not change on the host: its mount table, its cgroup
/// directories, a global sysctl, its hostname, and files of its root
/// filesystem (the overlay's lower layer), including a sentinel of ours.
#[derive(Debug, PartialEq, Eq)]
struct Fingerprint {
    mountinfo: String,
    cgroups: BTreeSet<PathBuf>,
    core_pattern: String,
    hostname: String,
    files: Vec<(PathBuf, u64, u64, Vec<u8>)>,
}

fn sentinel() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-sentinel");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("keep-me");
    fs::write(&file, b"the host's own file\n").unwrap();
    file
}

fn cgroup_dirs(dir: &Path, depth: usize, out: &mut BTreeSet<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        // Other runs of this test binary come and go meanwhile.
        if e.file_type().is_ok_and(|t| t.is_dir())
            && !name.to_string_lossy().starts_with("ctlab-run-")
        {
            out.insert(e.path());
            if depth > 0 {
                cgroup_dirs(&e.path(), depth - 1, out);
            }
        }
    }
}

fn fingerprint(files: &[PathBuf]) -> Fingerprint {
    let mut cgroups = BTreeSet::new();
    for h in cgroup::hierarchies().unwrap() {
        cgroup_dirs(&h.mount, 2, &mut cgroups);
    }
    Fingerprint {
        mountinfo: fs::read_to_string("/proc/self/mountinfo").unwrap(),
        cgroups,
        core_pattern: fs::read_to_string("/proc/sys/kernel/core_pattern").unwrap(),
        hostname: fs::read_to_string("/proc/sys/kernel/hostname").unwrap(),
        files: files
            .iter()
            .map(|f| {
                let m = fs::metadata(f).unwrap();
                (f.clone(), m.ino(), m.size(), fs::read(f).unwrap())
            })
            .collect(),
    }
}

/// Runs `hostile` in a fresh sandbox and checks the host did not change;
/// `inside` runs in a second terminal afterwards and returns what the
/// sandbox itself saw.
fn case(hostile: &str, wait: Duration, inside: &str) -> String {
    let files = vec![
        sentinel(),
        PathBuf::from("/etc/passwd"),
        PathBuf::from("/usr/bin/bash"),
        PathBuf::from("/etc/hostname"),
    ];
    let before = fingerprint(&files);
    let mut s = Sandbox::start().unwrap();
    let mut a = open(&mut s);
    let mut b = open(&mut s);
    run(&mut a, hostile, wait);
    let (seen, _) = run(&mut b, inside, Duration::from_secs(10));
    s.teardown().unwrap();
    let after = fingerprint(&files);
    assert_eq!(before, after, "`{hostile}` changed the host");
    seen
}

#[test]
fn rm_rf_root_only_empties_the_sandbox() {
    if !root() {
        return;
    }
    let seen = case(
        "rm -rf --no-preserve-root / 2>/dev/null",
        Duration::from_secs(3),
        "[ -e /etc/passwd ] && echo present || echo gone",
    );
    assert_eq!(seen, "gone\n", "the sandbox's own view was emptied");
}

#[test]
fn proc_sys_is_read_only() {
    if !root() {
        return;
    }
    let seen = case(
        "echo '|/bin/false' > /proc/sys/kernel/core_pattern; sysctl -w kernel.domainname=evil",
        Duration::from_secs(5),
        "echo x > /proc/sys/kernel/core_pattern",
    );
    assert_eq!(
        seen,
        "bash: /proc/sys/kernel/core_pattern: Read-only file system\n"
    );
}

#[test]
fn a_fork_bomb_stops_at_pids_max() {
    if !root() {
        return;
    }
    let Some(pids) = cgroup::hierarchies().unwrap().into_iter().find(|h| {
        h.controllers.iter().any(|c| c == "pids") || (h.v2 && h.own.join("pids.max").exists())
    }) else {
        eprintln!("skipped: no pids controller on this kernel");
        return;
    };
    let before = fingerprint(&[sentinel()]);
    let mut s = Sandbox::start().unwrap();
    let mut a = open(&mut s);
    let mut b = open(&mut s);
    // The bomb's functions run in the background, so the prompt comes back.
    run(&mut a, "b() { b | b & }; b", Duration::from_secs(2));
    std::thread::sleep(Duration::from_secs(1));
    let dir = pids.own.join(s.run_name());
    let current: u32 = fs::read_to_string(dir.join("pids.current"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let events = fs::read_to_string(dir.join("pids.events")).unwrap();
    assert!(current <= cgroup::PIDS_MAX, "{current} tasks");
    let hits: u64 = events.trim().rsplit(' ').next().unwrap().parse().unwrap();
    assert!(hits > 0, "fork never failed: {events}");
    // The sandbox still answers, and teardown ends the bomb.
    let (seen, how) = run(&mut b, "echo alive", Duration::from_secs(10));
    assert_eq!((seen.as_str(), how), ("alive\n", Ending::Prompt));
    s.teardown().unwrap();
    assert!(!dir.exists());
    assert_eq!(before, fingerprint(&[sentinel()]));
}

#[test]
fn host_block_devices_cannot_be_opened() {
    if !root() {
        return;
    }
    let dev = fs::metadata("/").unwrap().dev();
    let (major, minor) = (rustix::fs::major(dev), rustix::fs::minor(dev));
    let seen = case(
        &format!(
            "mknod /dev/hostroot b {major} {minor}; mount /dev/hostroot /mnt; mkdir -p /media/d; mount -t devtmpfs none /media/d"
        ),
        Duration::from_secs(5),
        &format!(
            "head -c1 /dev/hostroot; ls /mnt | wc -l; cat /media/d/$(basename $(readlink -f /sys/dev/block/{major}:{minor})) | head -c1 | wc -c"
        ),
    );
    let name = fs::read_link(format!("/sys/dev/block/{major}:{minor}")).unwrap();
    let name = name.file_name().unwrap().to_string_lossy();
    assert_eq!(
        seen,
        format!(
            "head: cannot open '/dev/hostroot' for reading: Operation not permitted\n0\ncat: /media/d/{name}: Operation not permitted\n0\n"
        )
    );
}

#[test]
fn host_cgroups_are_out_of_reach() {
    if !root() {
        return;
    }
    let seen = case(
        "mkdir /sys/fs/cgroup/escape; mkdir -p /media/c && mount -t cgroup2 none /media/c && mkdir /media/c/escape && echo $$ > /media/c/escape/cgroup.procs",
        Duration::from_secs(5),
        "cat /proc/2/cgroup | grep '^0::'; ls -d /media/c/../escape 2>&1",
    );
    // The lesson's new cgroup is inside its own run (removed with it).
    assert_eq!(
        seen,
        "0::/escape\nls: cannot access '/media/c/../escape': No such file or directory\n"
    );
}
