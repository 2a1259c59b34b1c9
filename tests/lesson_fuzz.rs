//! The lesson parser never fails, never panics and never points outside the
//! file, whatever an instructor (or a shared link) feeds it. Inputs are
//! assembled from the pieces that make lessons tricky (fences, markers,
//! front matter, multi-byte text) plus arbitrary strings.
//!
//! `PROPTEST_CASES` sets the number of inputs; CI runs the default, and a
//! long run is `PROPTEST_CASES=2000000 cargo test --release --test lesson_fuzz`.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("id: x\n".to_string()),
        Just("title: { en: \"T\", zh: \"标题\" }\n".to_string()),
        Just("title:\n  en: a\n".to_string()),
        Just("terminals: [host, peer]\n".to_string()),
        Just("## Step\n".to_string()),
        Just("# H1\n".to_string()),
        Just("```console\n".to_string()),
        Just("```console solution\n".to_string()),
        Just("```console check\n".to_string()),
        Just("```console answer\n".to_string()),
        Just("```\n".to_string()),
        Just("~~~\n".to_string()),
        Just("host# echo hi\n".to_string()),
        Just("peer$ ls\n".to_string()),
        Just("<!-- lang: zh -->\n".to_string()),
        Just("<!-- lang: xx -->\n".to_string()),
        Just("<!-- zh: 第 1 步 -->\n".to_string()),
        Just("<!--".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("中文".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn lesson_source() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

fn check(source: &str) -> Result<(), TestCaseError> {
    let parsed = ctlab::lesson::parse(source);
    let lines: Vec<&str> = source.split('\n').collect();
    for d in &parsed.diagnostics {
        prop_assert!(d.line >= 1 && d.line <= lines.len(), "{d} in {source:?}");
        let width = lines[d.line - 1].chars().count();
        prop_assert!(d.column >= 1 && d.column <= width + 1, "{d} in {source:?}");
        prop_assert!(source.is_char_boundary(d.offset), "{d} in {source:?}");
    }
    // Same input, same lesson and diagnostics.
    prop_assert_eq!(&parsed, &ctlab::lesson::parse(source));
    Ok(())
}

proptest! {
    #[test]
    fn never_panics_and_points_inside_the_file(source in lesson_source()) {
        check(&source)?;
    }
}

/// The long run, for a person to start: `LESSON_FUZZ_SECONDS=600 cargo test
/// --release --test lesson_fuzz -- --nocapture long_run`. It keeps drawing
/// fresh random inputs until the time is up.
#[test]
fn long_run() {
    use proptest::test_runner::{Config, TestRunner};
    use std::time::{Duration, Instant};
    let Some(seconds) = std::env::var("LESSON_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
    else {
        eprintln!("skipped: the long fuzz run needs LESSON_FUZZ_SECONDS");
        return;
    };
    let start = Instant::now();
    let mut inputs = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        let config = Config {
            cases: 20_000,
            failure_persistence: None,
            ..Config::default()
        };
        TestRunner::new(config)
            .run(&lesson_source(), |source| check(&source))
            .unwrap();
        inputs += 20_000;
    }
    eprintln!(
        "lesson fuzz: {inputs} inputs in {:.0?}, no failure",
        start.elapsed()
    );
}
