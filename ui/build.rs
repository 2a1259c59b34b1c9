//! Compiles every lesson under `lessons/` into the app, so the page works
//! offline with no server behind it (DESIGN.md, "The browser app").

use std::{env, fs, path::PathBuf};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("lessons/ exists")
        .map(|e| e.expect("readable lessons/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    // Sorted, so the bundle (and the lesson list) is the same on every machine.
    files.sort();
    let mut out = String::from(
        "/// (file name, source) of every bundled lesson, sorted by file name.\npub const LESSONS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let path = f.canonicalize().expect("lesson path");
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            f.file_name().unwrap().to_string_lossy(),
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR").unwrap()).join("lessons.rs"),
        out,
    )
    .unwrap();
}
