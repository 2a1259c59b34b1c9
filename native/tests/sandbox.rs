//! The sandbox on the real kernel: the world a lesson starts in, and that
//! nothing of a run is left behind. Needs root; skipped with a printed
//! reason otherwise.
#![cfg(target_os = "linux")]

use std::time::Duration;

use ctlab_native::sandbox::{Ending, Sandbox, Terminal};

fn sandbox() -> Option<Sandbox> {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: the sandbox needs root on the real kernel");
        return None;
    }
    Some(Sandbox::start().expect("sandbox starts"))
}

fn run(t: &mut Terminal, line: &str) -> String {
    t.send_line(line).unwrap();
    let (out, how) = t.read_until_prompt(Duration::from_secs(10)).unwrap();
    assert_eq!(how, Ending::Prompt, "{line}: {}", String::from_utf8_lossy(&out));
    ctlab_native::sandbox::terminal::clean(&out)
}

fn open(s: &mut Sandbox) -> Terminal {
    let mut t = s.open_terminal().unwrap();
    let (out, how) = t.read_until_prompt(Duration::from_secs(10)).unwrap();
    assert_eq!((how, out.as_slice()), (Ending::Prompt, &b""[..]));
    t
}

#[test]
fn explore() {
    let Some(mut s) = sandbox() else { return };
    let mut t = open(&mut s);
    for cmd in ["cat /proc/self/mountinfo", "cat /proc/1/stat; echo", "ps -o pid,ppid,pgid,sid,tty,stat,comm -e", "stat -c '%n %a %u %g %s' /dev/* /tmp /root /", "ls -la /", "echo $$", "ps -ef", "hostname", "cat /proc/1/cmdline; echo", "findmnt", "tty", "ls -la /dev /mnt /tmp /root", "cat /proc/self/cgroup", "env", "umask", "yes | head -2", "ls /sys/fs/cgroup"] {
        println!("$ {cmd}\n{}", run(&mut t, cmd));
    }
    let mut t2 = open(&mut s);
    println!("$ echo $$ (t2)\n{}", run(&mut t2, "echo $$; tty"));
    println!("{} {}", s.proc_dir().display(), s.cgroup_root());
    s.teardown().unwrap();
}
