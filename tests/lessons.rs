//! Every lesson shipped in lessons/ parses with no diagnostic at all: the app
//! bundles them, and a student must never meet a broken or half-translated
//! lesson.
//!
//! Native only: it reads lessons/ from disk, which only exists natively.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;

#[test]
fn every_bundled_lesson_is_clean() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");
    let mut ids = Vec::new();
    let mut count = 0;
    for entry in fs::read_dir(dir).expect("lessons/") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        count += 1;
        let parsed = ctlab::lesson::parse(&fs::read_to_string(&path).unwrap());
        let problems: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| format!("{}:{d}", path.display()))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(
            !ids.contains(&parsed.lesson.id),
            "duplicate id {}",
            parsed.lesson.id
        );
        ids.push(parsed.lesson.id);
    }
    assert!(count > 0, "no lessons found in {dir}");
}

#[test]
fn every_bundled_transcript_is_what_the_model_prints() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");
    let mut failures = Vec::new();
    for entry in fs::read_dir(dir).expect("lessons/") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let parsed = ctlab::lesson::parse(&fs::read_to_string(&path).unwrap());
        for o in ctlab::lesson::run::run(&parsed.lesson) {
            if !o.matches {
                failures.push(format!(
                    "{}:{}: `{}`\nexpected: {:?}\nmodel:    {:?}",
                    path.display(),
                    o.line,
                    o.command,
                    o.expected,
                    o.actual
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
