//! Whatever a student types, the model neither panics nor hangs, and the
//! same lines give the same bytes: random command lines, built from the
//! pieces that make the shell and the programs work hardest (jobs, nested
//! shells, namespaces, pipes, signals, bad options), typed into two
//! terminals of one session, twice.
//!
//! `PROPTEST_CASES` raises the number of sequences for a long run.
#![cfg(not(target_arch = "wasm32"))]

use ctlab::userland::session::Session;
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("unshare --pid --fork --mount-proc bash".to_string()),
        Just("unshare -U -r bash".to_string()),
        Just("unshare --uts --ipc bash".to_string()),
        Just("unshare -m bash".to_string()),
        Just("unshare -p bash".to_string()),
        Just("nsenter -t 2 -a bash".to_string()),
        Just("nsenter -t 4 -u -p hostname".to_string()),
        Just("chroot /tmp /bin/bash".to_string()),
        Just("bash".to_string()),
        Just("bash -c 'sleep 1 & exec sleep 5'".to_string()),
        Just("exit".to_string()),
        Just("exit 3".to_string()),
        Just("sleep 1".to_string()),
        Just("sleep 2 &".to_string()),
        Just("wait".to_string()),
        Just("wait $!".to_string()),
        Just("kill $!".to_string()),
        Just("kill -9 1".to_string()),
        Just("kill -9 3".to_string()),
        Just("kill -STOP 4; kill -CONT 4".to_string()),
        Just("jobs".to_string()),
        Just("ps -ef --forest".to_string()),
        Just("ps -o pid,ppid,stat,args".to_string()),
        Just("lsns -t pid".to_string()),
        Just("ls -la /proc/self/fd /tmp".to_string()),
        Just("cat /proc/$$/status | grep -c Pid".to_string()),
        Just("echo $(readlink /proc/self/ns/pid) > /tmp/x; cat /tmp/x".to_string()),
        Just("mount -t tmpfs none /mnt && touch /mnt/f && ls /mnt".to_string()),
        Just("umount /mnt".to_string()),
        Just("mkdir -p /tmp/a/b && mv /tmp/a /tmp/c; rm -rf /tmp/c".to_string()),
        Just("ipcmk -Q; ipcs -q".to_string()),
        Just("hostname box; hostname".to_string()),
        Just("echo '0 0 1' > /proc/4/uid_map".to_string()),
        Just("id; whoami".to_string()),
        Just("cat /dev/zero | head -c 10 | wc -c".to_string()),
        Just("cat /dev/zero > /dev/null".to_string()),
        Just("(sleep 3 &) ; ps".to_string()),
        Just("ls -Z".to_string()),
        Just("grep -P x /etc/passwd".to_string()),
        Just("echo \"unclosed".to_string()),
        Just("{ echo a; echo b; } | wc -l".to_string()),
        Just("stat -c '%n %i %F' / /proc /nope".to_string()),
        "[ -~]{0,20}",
    ]
}

fn lines() -> impl Strategy<Value = Vec<(bool, String)>> {
    prop::collection::vec((any::<bool>(), word()), 1..14)
}

fn run(lines: &[(bool, String)]) -> Vec<(Vec<u8>, i32)> {
    let mut s = Session::new();
    lines
        .iter()
        .map(|(other, line)| {
            let o = s.run(if *other { "other" } else { "host" }, line);
            (o.screen, o.status)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_lines_run_to_the_same_end(lines in lines()) {
        let first = run(&lines);
        prop_assert_eq!(first, run(&lines));
    }
}
