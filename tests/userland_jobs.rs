//! Background jobs, virtual time and nested interactive shells, against
//! transcripts of bash 5.2.15 on Linux 6.18 (recorded in a fresh PID
//! namespace through a pseudo-terminal, so job control was on; the real
//! PIDs there were 42, 43, … where the model's tab bash is 2, so each PID
//! below is the real one minus 40).
#![cfg(not(target_arch = "wasm32"))]

use ctlab::userland::session::Session;

fn screen(s: &mut Session, line: &str) -> String {
    String::from_utf8(s.run("host", line).screen).expect("utf-8")
}

#[test]
fn background_jobs_are_reported_after_the_foreground_command() {
    let mut s = Session::new();
    assert_eq!(screen(&mut s, "sleep 1 &"), "[1] 3\n");
    assert_eq!(
        screen(&mut s, "sleep 2"),
        "[1]+  Done                    sleep 1\n"
    );
    assert_eq!(screen(&mut s, "sleep 100 &"), "[1] 5\n");
    // The victim of `kill` is reported after the next command.
    assert_eq!(screen(&mut s, "kill $!"), "");
    assert_eq!(
        screen(&mut s, "true"),
        "[1]+  Terminated              sleep 100\n"
    );
    assert_eq!(screen(&mut s, "sleep 5 & sleep 6 &"), "[1] 6\n[2] 7\n");
    assert_eq!(
        screen(&mut s, "wait"),
        "[1]-  Done                    sleep 5\n[2]+  Done                    sleep 6\n"
    );
    assert_eq!(screen(&mut s, "echo $?"), "0\n");
}

#[test]
fn a_job_ending_mid_line_is_reported_before_the_next_command() {
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "sleep 1 & sleep 2; echo x"),
        "[1] 3\n[1]+  Done                    sleep 1\nx\n"
    );
    assert_eq!(screen(&mut s, "sleep 3 &"), "[1] 5\n");
    assert_eq!(
        screen(&mut s, "wait $!; echo $?"),
        "[1]+  Done                    sleep 3\n0\n"
    );
    assert_eq!(
        screen(&mut s, "kill -9 %1"),
        "bash: kill: %1: no such job\n"
    );
    assert_eq!(screen(&mut s, "false &"), "[1] 6\n");
    assert_eq!(
        screen(&mut s, "sleep 0.2"),
        "[1]+  Exit 1                  false\n"
    );
}

#[test]
fn kill_builtin_messages() {
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "kill 99999"),
        "bash: kill: (99999) - No such process\n"
    );
    assert_eq!(screen(&mut s, "kill -l 9"), "KILL\n");
    assert_eq!(screen(&mut s, "kill -l TERM"), "15\n");
    assert_eq!(
        screen(&mut s, "kill abc"),
        "bash: kill: abc: arguments must be process or job IDs\n"
    );
    assert_eq!(
        screen(&mut s, "kill -s FOO 1"),
        "bash: kill: FOO: invalid signal specification\n"
    );
    let list = screen(&mut s, "kill -l");
    assert!(list.starts_with(" 1) SIGHUP\t 2) SIGINT\t"), "{list}");
    assert!(
        list.ends_with("63) SIGRTMAX-1\t64) SIGRTMAX\t\n"),
        "{list:?}"
    );
    assert_eq!(
        screen(&mut s, "wait 1"),
        "bash: wait: pid 1 is not a child of this shell\n"
    );
}

#[test]
fn foreground_job_killed_by_a_signal() {
    let mut s = Session::new();
    assert_eq!(screen(&mut s, "bash -c 'kill -9 $$'"), "Killed\n");
    assert_eq!(
        screen(&mut s, "bash -c 'kill -TERM $$'; echo $?"),
        "Terminated\n143\n"
    );
}

#[test]
fn bash_c_execs_its_last_command_in_place() {
    let mut s = Session::new();
    // `bash -c 'true; sleep 0 & echo $!'`: bash is 3, sleep 4.
    assert_eq!(screen(&mut s, "bash -c 'sleep 0 & echo $!'"), "4\n");
    assert_eq!(screen(&mut s, "bash -c 'echo $$'"), "5\n");
    assert_eq!(
        screen(&mut s, "bash -c 'true; bash -c \"echo \\$\\$\"'"),
        "6\n"
    );
}

#[test]
fn unshare_pid_fork_gives_a_shell_that_is_pid_1() {
    let mut s = Session::new();
    assert_eq!(screen(&mut s, "unshare --pid --fork --mount-proc bash"), "");
    assert_eq!(s.depth("host"), 2);
    assert_eq!(screen(&mut s, "echo $$"), "1\n");
    assert_eq!(screen(&mut s, "bash -c 'echo $$'"), "2\n");
    assert_eq!(screen(&mut s, "exit 3"), "exit\n");
    assert_eq!(s.depth("host"), 1);
    assert_eq!(screen(&mut s, "echo $?"), "3\n");
}

#[test]
fn unshare_pid_without_fork_fails_the_second_fork() {
    let mut s = Session::new();
    assert_eq!(screen(&mut s, "unshare --pid bash"), "");
    assert_eq!(screen(&mut s, "echo $$"), "3\n");
    assert_eq!(screen(&mut s, "bash -c 'echo $$'"), "1\n");
    assert_eq!(
        screen(&mut s, "bash -c 'echo $$'"),
        "bash: fork: Cannot allocate memory\n"
    );
}

#[test]
fn killing_a_nested_shell_from_another_terminal() {
    let mut s = Session::new();
    assert_eq!(screen(&mut s, "unshare --pid --fork bash"), "");
    // host bash 2, unshare 3, its child bash 4 (PID 1 inside).
    assert_eq!(
        String::from_utf8(s.run("other", "kill -9 4").screen).unwrap(),
        ""
    );
    // util-linux 2.38.1's unshare cannot re-raise SIGKILL
    // (signal(SIGKILL, SIG_DFL) is EINVAL): it says so and exits 1 —
    // printed while the tab was idle, so it shows before the next output.
    assert_eq!(
        screen(&mut s, "echo $?"),
        "unshare: sigprocmask unblock failed: Invalid argument\n1\n"
    );
    assert_eq!(s.depth("host"), 1);
}

#[test]
fn chroot_runs_the_command_inside_the_new_root() {
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "chroot /tmp /bin/bash"),
        "chroot: failed to run command '/bin/bash': No such file or directory\n"
    );
    assert_eq!(screen(&mut s, "echo $?"), "127\n");
}

#[test]
fn globs_expand_to_sorted_paths() {
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "echo /proc/self/ns/u*"),
        "/proc/self/ns/user /proc/self/ns/uts\n"
    );
    assert_eq!(screen(&mut s, "echo /nope/*"), "/nope/*\n");
    assert_eq!(
        screen(&mut s, "echo '/proc/self/ns/u*'"),
        "/proc/self/ns/u*\n"
    );
}

#[test]
fn a_background_job_stops_bash_c_from_execing_its_last_command() {
    let mut s = Session::new();
    // Real: `bash -c "sleep 1 & readlink /proc/self"` forks readlink (the
    // shell 3, sleep 4, readlink 5); `bash -c "true; readlink /proc/self"`
    // execs it (PID of that bash -c).
    assert_eq!(
        screen(&mut s, "bash -c 'sleep 1 & readlink /proc/self'"),
        "5\n"
    );
    assert_eq!(screen(&mut s, "bash -c 'true; readlink /proc/self'"), "6\n");
}

#[test]
fn proc_sys_kernel_hostname_follows_the_uts_namespace() {
    // Checked on 6.18: the file shows the caller's UTS name. In the
    // sandbox /proc/sys is bound read-only (as Docker does), so writing it
    // fails (native/tests/sandbox_hostile.rs); a fresh proc mount in a
    // mount namespace of one's own makes it writable again.
    let mut s = Session::with_kernel(ctlab::kernel_model::kernel::Kernel::with_config(
        ctlab::kernel_model::kernel::Config {
            sandbox_world: true,
            ..Default::default()
        },
    ));
    assert_eq!(screen(&mut s, "unshare --uts --mount bash"), "");
    assert_eq!(screen(&mut s, "hostname box"), "");
    assert_eq!(screen(&mut s, "cat /proc/sys/kernel/hostname"), "box\n");
    assert_eq!(
        screen(&mut s, "echo web > /proc/sys/kernel/hostname; hostname"),
        "bash: /proc/sys/kernel/hostname: Read-only file system\nbox\n"
    );
    assert_eq!(
        screen(
            &mut s,
            "mount -t proc proc /proc; echo web > /proc/sys/kernel/hostname; hostname"
        ),
        "web\n"
    );
    assert_eq!(screen(&mut s, "exit"), "exit\n");
    assert_eq!(screen(&mut s, "cat /proc/sys/kernel/hostname"), "ctlab\n");
}

#[test]
fn a_command_that_never_ends_is_interrupted() {
    // The model presses Ctrl-C for the student: the job dies of SIGINT
    // (bash prints nothing for it, `$?` is 130) and the terminal shows ^C.
    let mut s = Session::new();
    assert_eq!(screen(&mut s, "cat /dev/zero > /dev/null"), "^C\n");
    assert_eq!(screen(&mut s, "echo $?"), "130\n");
    assert_eq!(screen(&mut s, "cat /dev/zero | wc -c > /dev/null"), "^C\n");
    assert_eq!(screen(&mut s, "echo ok"), "ok\n");
}

#[test]
fn nsenter_runs_a_program_in_another_process_namespaces() {
    // Checked on 6.18 with util-linux 2.38.1: `unshare -u bash -c "hostname
    // inner; sleep 5" &` then `nsenter -t $! -u hostname` prints inner.
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "unshare -u bash -c 'hostname inner; sleep 5' &"),
        "[1] 3\n"
    );
    assert_eq!(screen(&mut s, "nsenter -t $! -u hostname"), "inner\n");
    assert_eq!(screen(&mut s, "nsenter -t $! -u -p true; echo $?"), "0\n");
    assert_eq!(
        screen(&mut s, "nsenter -t 999 -u true; echo $?"),
        "nsenter: cannot open /proc/999/ns/uts: No such file or directory\n1\n"
    );
    assert_eq!(
        screen(&mut s, "nsenter -u true; echo $?"),
        "nsenter: neither filename nor target pid supplied for ns/uts\n1\n"
    );
    assert_eq!(
        screen(&mut s, "nsenter -t 3 hostname; echo $?"),
        "ctlab\n0\n"
    );
}
