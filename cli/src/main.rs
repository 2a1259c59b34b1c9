//! `ctlab`: the instructors' and CI's command line.
//!
//! `check` reads lessons and reports every problem with file, line and
//! column, the source line and a caret, as a compiler does; then it runs
//! every transcript on the model and reports each command whose output
//! differs from what the transcript expects. `verify`/`record` on the real
//! kernel come with the native backend.

use clap::{Parser, Subcommand};
use ctlab::lesson::{self, Diagnostic, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ctlab",
    version,
    about = "Check, verify and record ctlab lessons"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse lesson files (or every *.md in the given directories) and
    /// report problems; exits 1 when any lesson has an error.
    Check {
        /// Lesson files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { paths } => check(&paths),
    }
}

fn lesson_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries =
                std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn check(paths: &[PathBuf]) -> ExitCode {
    let files = match lesson_files(paths) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = 0;
    for file in &files {
        let source = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {}: {e}", file.display());
                failed += 1;
                continue;
            }
        };
        let parsed = lesson::parse(&source);
        for d in &parsed.diagnostics {
            eprint!("{}", render(file, &source, d));
        }
        let mut differ = 0;
        if !parsed.has_errors() {
            for o in lesson::run::run(&parsed.lesson)
                .iter()
                .filter(|o| !o.matches)
            {
                differ += 1;
                eprint!("{}", render_mismatch(file, o));
            }
        }
        let status = if parsed.has_errors() || differ > 0 {
            failed += 1;
            "FAIL"
        } else {
            "ok"
        };
        println!(
            "{status:4} {} ({} steps, {differ} commands differ from the model)",
            file.display(),
            parsed.lesson.steps.len()
        );
    }
    println!("{} lessons, {} failed", files.len(), failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A command whose model output differs: the expected lines marked `-`,
/// the model's marked `+`.
fn render_mismatch(file: &Path, o: &lesson::run::Outcome) -> String {
    let mut s = format!(
        "error: the model prints something else for `{}` (step {}, exit status {})\n  --> {}:{}:1\n",
        o.command,
        o.step + 1,
        o.status,
        file.display(),
        o.line
    );
    for l in &o.expected {
        s += &format!("  - {l}\n");
    }
    for l in &o.actual {
        s += &format!("  + {l}\n");
    }
    s + "\n"
}

/// `file:line:col: error: message`, then the line and a caret under the column.
fn render(file: &Path, source: &str, d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let line = source.lines().nth(d.line - 1).unwrap_or("");
    let gutter = d.line.to_string().len();
    format!(
        "{kind}: {msg}\n{pad} --> {file}:{l}:{c}\n{pad} |\n{l} | {line}\n{pad} | {caret:>width$}\n\n",
        msg = d.message,
        pad = " ".repeat(gutter),
        file = file.display(),
        l = d.line,
        c = d.column,
        caret = "^",
        width = d.column,
    )
}
