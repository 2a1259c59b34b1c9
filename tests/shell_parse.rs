//! Command lines of the kind container lessons use, through the public API
//! of `ctlab::userland::shell`: each parses (every one was also checked with
//! `bash -n -c LINE` on bash 5.2.15) and prints back as shown.

use ctlab::userland::shell::{Command, ParseErrorKind, WordPart, parse};
use expect_test::expect;

const LESSON_LINES: &[&str] = &[
    "unshare --pid --fork --mount-proc sh",
    "echo $$",
    "ps -o pid,comm",
    "readlink /proc/self/ns/pid /proc/$$/ns/uts",
    "mkdir -p /tmp/{lower,upper,work,merged}",
    "mount -t overlay overlay -o lowerdir=/tmp/lower,upperdir=/tmp/upper,workdir=/tmp/work /tmp/merged",
    "echo $$ > /sys/fs/cgroup/demo/cgroup.procs",
    "echo \"+memory +pids\" > /sys/fs/cgroup/cgroup.subtree_control",
    "echo 20M >/sys/fs/cgroup/demo/memory.max 2>/dev/null || echo failed",
    "sleep 100 & echo $!",
    "kill -9 $!",
    "hostname container && hostname",
    "unshare -u sh -c 'hostname inner; hostname'",
    "nsenter -t $(pgrep -n sleep) -p -m ps",
    "export PS1='inner# '",
    "grep -i '^NSpid' /proc/$$/status | cut -f2-",
    "( cd /tmp && ls )",
    "false; echo $?",
    "PATH=/usr/sbin:$PATH ip -br a",
    "echo \"uid $(id -u) gid `id -g`\"",
    "test -e /tmp/x && echo yes || echo no",
    "[ -d /sys/fs/cgroup/demo ] || mkdir /sys/fs/cgroup/demo",
    "cat /proc/self/cgroup # which cgroup am I in?",
    "ls -l ~/work/*.txt 2>&1 | head -n 3",
    "{ echo a; echo b; } > /tmp/out",
    "X=5",
    "echo ${X:-unset} ${#X}",
    "cat <<< \"$X\"",
];

#[test]
fn lesson_lines_parse_and_print_back() {
    let mut out = String::new();
    for line in LESSON_LINES {
        let tree = parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let printed = tree.to_string();
        assert_eq!(parse(&printed), Ok(tree), "{line} printed as {printed}");
        out.push_str(&printed);
        out.push('\n');
    }
    expect![[r#"
        unshare --pid --fork --mount-proc sh
        echo $$
        ps -o pid,comm
        readlink /proc/self/ns/pid /proc/$$/ns/uts
        mkdir -p /tmp/{lower,upper,work,merged}
        mount -t overlay overlay -o lowerdir=/tmp/lower,upperdir=/tmp/upper,workdir=/tmp/work /tmp/merged
        echo $$ >/sys/fs/cgroup/demo/cgroup.procs
        echo "+memory +pids" >/sys/fs/cgroup/cgroup.subtree_control
        echo 20M >/sys/fs/cgroup/demo/memory.max 2>/dev/null || echo failed
        sleep 100 & echo $!
        kill -9 $!
        hostname container && hostname
        unshare -u sh -c 'hostname inner; hostname'
        nsenter -t $(pgrep -n sleep) -p -m ps
        export PS1='inner# '
        grep -i '^NSpid' /proc/$$/status | cut -f2-
        (cd /tmp && ls)
        false; echo $?
        PATH=/usr/sbin:$PATH ip -br a
        echo "uid $(id -u) gid $(id -g)"
        test -e /tmp/x && echo yes || echo no
        [ -d /sys/fs/cgroup/demo ] || mkdir /sys/fs/cgroup/demo
        cat /proc/self/cgroup
        ls -l ~/work/*.txt 2>&1 | head -n 3
        { echo a; echo b; } >/tmp/out
        X=5
        echo ${X:-unset} ${#X}
        cat <<<"$X"
    "#]]
    .assert_eq(&out);
}

#[test]
fn the_executor_can_tell_subshells_background_and_globs() {
    let tree = parse("(cd /tmp; ls *.txt) & wait").unwrap();
    let first = &tree.items[0];
    assert!(first.background);
    let Command::Subshell(sub) = &first.and_or.first.commands[0] else {
        panic!("not a subshell");
    };
    let Command::Simple(ls) = &sub.body.items[1].and_or.first.commands[0] else {
        panic!("not simple");
    };
    assert!(ls.words[1].has_glob());
    assert_eq!(ls.words[1].parts, vec![WordPart::Glob("*.txt".into())]);
}

#[test]
fn the_ui_can_ask_for_a_continuation_line() {
    let first = "echo \"first";
    let err = parse(first).unwrap_err();
    assert_eq!(err.kind, ParseErrorKind::Incomplete);
    assert_eq!(
        err.to_string(),
        "unexpected EOF while looking for matching `\"'"
    );
    let joined = format!("{first}\nsecond\"");
    assert_eq!(
        parse(&joined).unwrap().to_string(),
        "echo \"first\nsecond\""
    );
}
