//! The executor against what real bash prints. Each expected output was
//! checked on this machine (Debian bookworm, bash 5.2, as root) with an
//! interactive bash (`bash -i < script`), for PID and hostname cases in
//! `unshare --pid --fork --mount-proc --uts` with `hostname ctlab` (the
//! model's hostname) — see each test for the exact run.

use ctlab::userland::session::{Output, Session};

fn run(s: &mut Session, line: &str) -> (String, String, i32) {
    let Output {
        stdout,
        stderr,
        status,
        ..
    } = s.run("t1", line);
    (
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
        status,
    )
}

fn out(s: &mut Session, line: &str) -> String {
    let (o, e, _) = run(s, line);
    assert_eq!(e, "", "stderr of {line:?}");
    o
}

/// The model's shell is forked from init (PID 1), so it is PID 2 — as in
/// `unshare --pid --fork --mount-proc sh -c 'bash -c "echo \$\$"; true'`,
/// where bash is the first child of the namespace's init; there it printed
/// 3 only because `hostname ctlab` ran first as PID 2. Each external
/// command takes the next PID; `$$` stays the shell's.
#[test]
fn dollar_dollar_is_the_shells_pid() {
    let mut s = Session::new();
    assert_eq!(out(&mut s, "echo $$"), "2\n");
    assert_eq!(out(&mut s, "/bin/true; echo $$ ${$}"), "2 2\n");
    // bash -i: `true; echo $!` prints an empty line (no background job).
    assert_eq!(out(&mut s, "echo $!"), "\n");
}

/// `readlink /proc/self/ns/uts` in the initial namespaces printed
/// `uts:[4026531838]` (the fixed PROC_UTS_INIT_INO).
#[test]
fn readlink_uts_namespace() {
    let mut s = Session::new();
    assert_eq!(
        out(&mut s, "readlink /proc/self/ns/uts"),
        "uts:[4026531838]\n"
    );
    // `readlink /etc; echo $?` and `readlink /nope; echo $?`: quiet, 1.
    assert_eq!(out(&mut s, "readlink /etc; echo $?"), "1\n");
    assert_eq!(out(&mut s, "readlink /nope; echo $?"), "1\n");
}

/// `hostname` and `cat /etc/hostname` after `hostname ctlab` in
/// `unshare --uts` both printed `ctlab`.
#[test]
fn hostname_and_etc_hostname() {
    let mut s = Session::new();
    assert_eq!(out(&mut s, "hostname"), "ctlab\n");
    assert_eq!(out(&mut s, "cat /etc/hostname"), "ctlab\n");
    assert_eq!(out(&mut s, "hostname box; hostname"), "box\n");
    // /etc/hostname is a file: setting the hostname does not change it.
    assert_eq!(out(&mut s, "cat /etc/hostname"), "ctlab\n");
}

/// `echo hi > /tmp/f; cat /tmp/f` printed `hi`; `>>` appends.
#[test]
fn redirect_to_a_file_and_back() {
    let mut s = Session::new();
    assert_eq!(out(&mut s, "echo hi > /tmp/f; cat /tmp/f"), "hi\n");
    assert_eq!(
        out(&mut s, "echo there >> /tmp/f; cat < /tmp/f"),
        "hi\nthere\n"
    );
    assert_eq!(
        out(&mut s, "cat /nope 2>/tmp/err; cat /tmp/err"),
        "cat: /nope: No such file or directory\n"
    );
    assert_eq!(
        out(&mut s, "cat /nope > /tmp/o 2>&1; cat /tmp/o"),
        "cat: /nope: No such file or directory\n"
    );
}

/// `cat /nope; echo $?` printed `cat: /nope: No such file or directory` on
/// stderr, then `1`. `cat < /nope` fails in bash itself:
/// `bash: /nope: No such file or directory`, status 1.
#[test]
fn cat_missing_file() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "cat /nope; echo $?"),
        (
            "1\n".into(),
            "cat: /nope: No such file or directory\n".into(),
            0
        )
    );
    assert_eq!(
        run(&mut s, "cat < /nope"),
        (
            String::new(),
            "bash: /nope: No such file or directory\n".into(),
            1
        )
    );
}

/// `false || echo x` printed `x`; `true && echo y`, `false && echo z`.
#[test]
fn and_or_lists() {
    let mut s = Session::new();
    assert_eq!(out(&mut s, "false || echo x"), "x\n");
    assert_eq!(out(&mut s, "true && echo y; false && echo z"), "y\n");
    assert_eq!(run(&mut s, "false").2, 1);
    assert_eq!(out(&mut s, "! false; echo $?"), "0\n");
}

/// `nosuch; echo $?` printed `bash: nosuch: command not found` and `127`.
#[test]
fn command_not_found() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "nosuch"),
        (
            String::new(),
            "bash: nosuch: command not found\n".into(),
            127
        )
    );
    assert_eq!(out(&mut s, "echo $?"), "127\n");
}

/// `cd /nope; echo $?`: `bash: cd: /nope: No such file or directory`, 1;
/// `cd /etc/hostname`: `Not a directory`; `cd /nope /x`: too many
/// arguments; `cd /; pwd` prints `/`.
#[test]
fn cd_errors_and_pwd() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "cd /nope"),
        (
            String::new(),
            "bash: cd: /nope: No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "cd /etc/hostname").1,
        "bash: cd: /etc/hostname: Not a directory\n"
    );
    assert_eq!(
        run(&mut s, "cd /nope /x").1,
        "bash: cd: too many arguments\n"
    );
    assert_eq!(out(&mut s, "cd /etc; pwd; echo $PWD"), "/etc\n/etc\n");
    assert_eq!(out(&mut s, "cd; pwd"), "/root\n");
}

/// `echo -n a; echo -e "b\tc"; echo "x\ty"` printed `ab<TAB>c` and `x\ty`;
/// `export A=1; echo $A ${A}` printed `1 1`.
#[test]
fn echo_and_variables() {
    let mut s = Session::new();
    assert_eq!(
        out(&mut s, r#"echo -n a; echo -e "b\tc"; echo "x\ty""#),
        "ab\tc\nx\\ty\n"
    );
    assert_eq!(out(&mut s, "export A=1; echo $A ${A}"), "1 1\n");
    assert_eq!(out(&mut s, "B='p  q'; echo $B; echo \"$B\""), "p q\np  q\n");
}

/// A syntax error prints bash's message and sets `$?` to 2.
#[test]
fn parse_error_sets_status_2() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "echo a &&& b"),
        (
            String::new(),
            "bash: syntax error near unexpected token `&'\n".into(),
            2
        )
    );
    assert_eq!(out(&mut s, "echo $?"), "2\n");
}

/// What is not done yet says so instead of printing something else.
#[test]
fn unsupported_says_so() {
    let mut s = Session::new();
    let (o, e, st) = run(&mut s, "echo {a,b}");
    assert_eq!((o.as_str(), st), ("", 2));
    assert!(e.contains("brace expansion is not supported yet"), "{e}");
}

/// `$(…)` runs in a forked subshell whose last command is exec'd in place
/// (bash 5.2: `x=$(readlink /proc/self)` is the next PID, with no extra
/// fork for the subshell); trailing newlines go.
#[test]
fn command_substitution() {
    let mut s = Session::new();
    assert_eq!(out(&mut s, "echo \"[$(echo hi; echo)]\""), "[hi]\n");
    assert_eq!(out(&mut s, "x=$(readlink /proc/self); echo $x"), "4\n");
}

/// `exit 3` ends the shell (interactive bash prints `exit` on stderr);
/// the next line gets a new shell with the next PID.
#[test]
fn exit_ends_the_shell() {
    let mut s = Session::new();
    assert_eq!(run(&mut s, "exit 3"), (String::new(), "exit\n".into(), 3));
    assert_eq!(out(&mut s, "echo $$"), "3\n");
}

/// Each external command is a new child: `readlink /proc/self` twice printed
/// two consecutive PIDs (159 and 160 after bash -i's startup files; the
/// model runs none, so its first child of PID 2 is 3). `cat /proc/self/comm;
/// cat /proc/$$/comm` printed `cat` and `bash` (exec sets comm).
#[test]
fn children_take_the_next_pids_and_exec_sets_comm() {
    let mut s = Session::new();
    assert_eq!(
        out(&mut s, "readlink /proc/self; readlink /proc/self"),
        "3\n4\n"
    );
    assert_eq!(
        out(&mut s, "cat /proc/self/comm; cat /proc/$$/comm"),
        "cat\nbash\n"
    );
}

/// Redirections apply left to right: `echo hi 2>&1 >/dev/null` printed
/// nothing. (In the child the file is on descriptor 1 itself, by dup2, as
/// `ls -l /proc/self/fd/1 > /tmp/o` shows on Linux; the model has no
/// /proc/PID/fd yet to check that here.)
#[test]
fn redirection_order_and_child_descriptors() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "echo hi 2>&1 >/dev/null"),
        (String::new(), String::new(), 0)
    );
    assert_eq!(
        out(&mut s, "cat /etc/hostname > /tmp/o; cat /tmp/o"),
        "ctlab\n"
    );
}

/// `( … )` runs in a forked child: `(cd /etc; pwd; echo $$); pwd` printed
/// `/etc`, the shell's own `$$`, then `/`; `(exit 3); echo $?` printed `3`
/// (no `exit` line: only an interactive shell prints it).
#[test]
fn subshells_fork() {
    let mut s = Session::new();
    assert_eq!(out(&mut s, "(cd /etc; pwd; echo $$); pwd"), "/etc\n2\n/\n");
    assert_eq!(out(&mut s, "(exit 3); echo $?"), "3\n");
    assert_eq!(out(&mut s, "readlink /proc/self"), "5\n");
}

/// `readlink -f /bin` printed `/usr/bin` (merged /usr),
/// `readlink -f /etc/../bin/nope` `/usr/bin/nope`; `readlink -f /nope/x;
/// echo $?` only `1`; `cd /etc; readlink -f .` `/etc`.
#[test]
fn readlink_f_canonicalizes() {
    let mut s = Session::new();
    assert_eq!(out(&mut s, "readlink -f /bin"), "/usr/bin\n");
    assert_eq!(
        out(&mut s, "readlink -f /etc/../bin/nope"),
        "/usr/bin/nope\n"
    );
    assert_eq!(out(&mut s, "readlink -f /nope/x; echo $?"), "1\n");
    assert_eq!(out(&mut s, "readlink -f /etc/hostname/x; echo $?"), "1\n");
    assert_eq!(out(&mut s, "cd /etc; readlink -f ."), "/etc\n");
}
