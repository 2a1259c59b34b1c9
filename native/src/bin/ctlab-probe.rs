//! `ctlab-probe SCENARIO`: runs a small, fixed syscall scenario on the real
//! kernel and prints one line per step (`label result`), in the same format
//! the differential tests produce from the model. A separate,
//! single-threaded process, because unshare(CLONE_NEWUSER) refuses
//! multi-threaded callers (EINVAL) and a test harness is multi-threaded.
//!
//! Every scenario only changes namespaces of this process and its children;
//! it creates no mount, cgroup or file outside them, so nothing is left
//! behind when it exits. Needs root for the PID/UTS scenarios.

#[cfg(target_os = "linux")]
mod probe {
    use std::fs;
    use std::io::Write;
    use std::process::Command;

    use ctlab::kernel_model::Errno;
    use rustix::thread::UnshareFlags;

    fn errname(e: &std::io::Error) -> String {
        e.raw_os_error()
            .and_then(Errno::from_raw)
            .map_or_else(|| format!("{e}"), |e| e.name().to_string())
    }

    fn res<T>(r: std::io::Result<T>) -> String {
        match r {
            Ok(_) => "ok".into(),
            Err(e) => errname(&e),
        }
    }

    fn unshare(flags: UnshareFlags) -> String {
        // SAFETY: single-threaded process, no FILES flag.
        res(unsafe { rustix::thread::unshare_unsafe(flags) }.map_err(std::io::Error::from))
    }

    fn write(path: &str, s: &str) -> String {
        res(fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write(s.as_bytes())))
    }

    fn status_lines(keys: &[&str]) -> Vec<String> {
        let st = fs::read_to_string("/proc/self/status").unwrap_or_default();
        st.lines()
            .filter(|l| keys.iter().any(|k| l.starts_with(&format!("{k}:"))))
            .map(str::to_owned)
            .collect()
    }

    pub fn main() {
        let args: Vec<String> = std::env::args().collect();
        let out = |label: &str, r: String| println!("{label} {r}");
        match args.get(1).map(String::as_str) {
            Some("uid-map") => {
                out("unshare_user", unshare(UnshareFlags::NEWUSER));
                for &(label, text) in ctlab_native::scenarios::UID_MAP_WRITES {
                    out(label, write("/proc/self/uid_map", text));
                }
                out(
                    "uid_map",
                    format!(
                        "{:?}",
                        fs::read_to_string("/proc/self/uid_map").unwrap_or_default()
                    ),
                );
                out("setgroups_deny", write("/proc/self/setgroups", "deny"));
                out("gid_map", write("/proc/self/gid_map", "0 0 1\n"));
                out(
                    "setgroups_allow_after",
                    write("/proc/self/setgroups", "allow\n"),
                );
                out(
                    "setgroups_deny_after",
                    write("/proc/self/setgroups", "deny\n"),
                );
                out("setgroups_bad", write("/proc/self/setgroups", "maybe"));
                out(
                    "setgroups",
                    format!(
                        "{:?}",
                        fs::read_to_string("/proc/self/setgroups").unwrap_or_default()
                    ),
                );
                for l in status_lines(&["Uid", "Gid", "CapEff"]) {
                    out("status", format!("{l:?}"));
                }
                out("nested_user", unshare(UnshareFlags::NEWUSER));
                out("nested_unmapped_user", unshare(UnshareFlags::NEWUSER));
            }
            Some("pid-ns") => {
                out("unshare_pid", unshare(UnshareFlags::NEWPID));
                out(
                    "pid_for_children",
                    res(fs::read_link("/proc/self/ns/pid_for_children")),
                );
                out("unshare_pid_again", unshare(UnshareFlags::NEWPID));
                let me = std::env::current_exe().expect("own path");
                match Command::new(&me).arg("ids").output() {
                    Ok(o) => {
                        out(
                            "child",
                            String::from_utf8_lossy(&o.stdout).trim().to_owned(),
                        );
                        out(
                            "child_exit",
                            o.status.code().map_or("signal".into(), |c| c.to_string()),
                        );
                    }
                    Err(e) => out("child", errname(&e)),
                }
                out("fork_again", res(Command::new(&me).arg("ids").output()));
            }
            Some("uts") => {
                out("unshare_uts", unshare(UnshareFlags::NEWUTS));
                out(
                    "sethostname_65",
                    res(rustix::system::sethostname(&[b'x'; 65]).map_err(std::io::Error::from)),
                );
                out(
                    "sethostname_box",
                    res(rustix::system::sethostname(b"box").map_err(std::io::Error::from)),
                );
                out(
                    "nodename",
                    rustix::system::uname()
                        .nodename()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
            Some("time") => {
                out(
                    "init_ns",
                    write("/proc/self/timens_offsets", "monotonic 1 0\n"),
                );
                out("unshare_time", unshare(UnshareFlags::NEWTIME));
                for (label, text) in [
                    ("mono", "monotonic 10 0\n"),
                    ("boot", "boottime -5 100\n"),
                    ("mono_num", "1 3 0\n"),
                    ("boot_num", "7 4 0"),
                    ("nsec", "monotonic 1 1000000000\n"),
                    ("realtime", "realtime 1 0\n"),
                    ("nan", "monotonic x 0\n"),
                    ("short", "monotonic 1\n"),
                ] {
                    out(label, write("/proc/self/timens_offsets", text));
                }
                out(
                    "offsets",
                    format!(
                        "{:?}",
                        fs::read_to_string("/proc/self/timens_offsets").unwrap_or_default()
                    ),
                );
                let me = std::env::current_exe().expect("own path");
                out("fork", res(Command::new(&me).arg("ids").output()));
                out(
                    "after_fork",
                    write("/proc/self/timens_offsets", "monotonic 2 0\n"),
                );
            }
            Some("user-depth") => {
                // Nest user namespaces, mapping root at each level, until
                // the kernel refuses.
                let mut levels = 0;
                loop {
                    let r = unshare(UnshareFlags::NEWUSER);
                    if r != "ok" {
                        out("user_depth", format!("{levels} then {r}"));
                        break;
                    }
                    levels += 1;
                    let _ = write("/proc/self/uid_map", "0 0 1\n");
                    let _ = write("/proc/self/setgroups", "deny\n");
                    let _ = write("/proc/self/gid_map", "0 0 1\n");
                }
            }
            Some("pid-depth") => {
                // unshare(CLONE_NEWPID) and re-run in the new namespace until
                // the kernel refuses; prints the number of nested levels.
                let n: u32 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(0);
                let r = unshare(UnshareFlags::NEWPID);
                if r != "ok" {
                    out("pid_depth", format!("{n} then {r}"));
                    return;
                }
                let me = std::env::current_exe().expect("own path");
                let st = Command::new(&me)
                    .args(["pid-depth", &(n + 1).to_string()])
                    .status();
                if !st.is_ok_and(|s| s.success()) {
                    std::process::exit(1);
                }
            }
            Some("ids") => {
                println!(
                    "{} {}",
                    rustix::process::getpid().as_raw_nonzero(),
                    rustix::process::getppid().map_or(0, |p| p.as_raw_nonzero().get())
                );
                std::process::exit(3);
            }
            _ => {
                eprintln!("usage: ctlab-probe uid-map|pid-ns|uts");
                std::process::exit(2);
            }
        }
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    probe::main();
    #[cfg(not(target_os = "linux"))]
    {
        eprintln!("ctlab-probe runs on Linux only");
        std::process::exit(2);
    }
}
