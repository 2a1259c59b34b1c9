//! The layering rules of ARCHITECTURE.md, checked on the source so that a
//! change that breaks them fails here rather than in review.
//!
//! Native only: it reads the source tree, which only exists natively.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Lines of code (comments dropped) of every file under `dir` that contain
/// one of `needles`.
fn offenders(dir: &str, needles: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for needle in needles {
                if code.contains(needle) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn the_model_knows_nothing_above_it_and_touches_no_world() {
    let found = offenders(
        "src/kernel_model",
        &[
            "crate::userland",
            "crate::lesson",
            "std::fs",
            "std::net",
            "std::time",
            "std::env",
            "std::process",
            "std::thread",
            "SystemTime",
            "Instant",
            "HashMap",
            "HashSet",
            "rand::",
        ],
    );
    assert!(
        found.is_empty(),
        "kernel_model must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn userland_runs_on_the_model_only() {
    let found = offenders(
        "src/userland",
        &[
            "crate::lesson",
            "std::fs",
            "std::net",
            "std::time",
            "std::env",
            "std::process",
            "HashMap",
            "HashSet",
        ],
    );
    assert!(
        found.is_empty(),
        "userland must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_native_crate_calls_the_kernel() {
    let mut found = offenders("src", &["rustix", "libc::", "nix::"]);
    found.extend(offenders(
        "ui/src",
        &["rustix", "libc::", "nix::", "std::fs"],
    ));
    assert!(
        found.is_empty(),
        "kernel calls outside native/:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_ui_knows_the_dom() {
    let found = offenders("src", &["web_sys", "yew", "wasm_bindgen::"]);
    assert!(found.is_empty(), "DOM outside ui/:\n{}", found.join("\n"));
}
