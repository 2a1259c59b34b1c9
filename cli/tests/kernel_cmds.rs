//! `ctlab record` and `ctlab verify` on the real kernel, as an instructor
//! runs them. Root only (the sandbox); skipped with a printed reason
//! otherwise.
#![cfg(target_os = "linux")]

use std::process::Command;

const LESSON: &str = "---\nid: t\ntitle: T\n---\n## Step 1: s\n\n```console\nhost# echo hi\nwrong\nhost# hostname\n[..]\nhost# echo $$; tty\n```\n";

fn root() -> bool {
    let ok = rustix::process::geteuid().is_root();
    if !ok {
        eprintln!("skipped: ctlab record and verify need root for the sandbox");
    }
    ok
}

fn ctlab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ctlab"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn record_fills_outputs_and_keeps_wildcards_then_verify_passes() {
    if !root() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kernel_cmds");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.md");
    std::fs::write(&file, LESSON).unwrap();
    let path = file.to_str().unwrap();

    let (code, out, _) = ctlab(&["verify", path]);
    assert_eq!(code, 1, "the wrong expectation fails: {out}");
    assert!(
        out.contains("         - wrong\n         m hi\n         k hi\n"),
        "{out}"
    );

    let (code, _, err) = ctlab(&["record", "--write", path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        LESSON
            .replace("wrong\n", "hi\n")
            .replace("tty\n", "tty\n2\n/dev/pts/0\n")
    );
    let (code, out, _) = ctlab(&["verify", "--json", path]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["lessons"][0]["steps"][0]["commands"][2]["kernel"][0], "2");
}
