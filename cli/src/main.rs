//! `ctlab`: the instructors' and CI's command line.
//!
//! `check` reads lessons, reports every problem with file, line and column
//! as a compiler does (codespan-reporting), then runs every step on the
//! model and prints, per step, whether the model's output matches the
//! transcript, with a diff where it does not. `--json` prints the same
//! report for machines. `verify` and `record` run lessons on the real kernel
//! through the native backend (`kernel_cmds.rs`, `verify.rs`).

mod kernel_cmds;
mod report;
mod verify;

use clap::{Parser, Subcommand};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use ctlab::lesson::{Diagnostic, Severity};
use report::{FileReport, StepReport};
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
    /// Parse lesson files (or every *.md in the given directories), run
    /// each on the model and compare with its transcripts; exits 1 when
    /// any lesson has an error or a command whose output differs.
    Check {
        /// Lesson files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one JSON report on stdout instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Run each lesson on the model and on a real kernel (in the native
    /// sandbox; needs root) and report, per step, expected vs model vs
    /// kernel output and how the two worlds differ; exits 1 unless every
    /// step agrees.
    Verify {
        /// Lesson files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one JSON report on stdout instead of text.
        #[arg(long)]
        json: bool,
        /// Which kernel: this machine's (`host`) or Debian's under qemu
        /// with pure cgroup v2 (`guest`).
        #[arg(long, value_enum, default_value_t = kernel_cmds::Kernel::Host)]
        kernel: kernel_cmds::Kernel,
        /// Milliseconds a command may take to give the prompt back.
        #[arg(long, default_value_t = 10_000)]
        timeout_ms: u64,
    },
    /// Run a lesson's commands on the real kernel (in the native sandbox;
    /// needs root) and fill in their outputs, keeping the author's
    /// wildcards where they still match. Prints the new lesson unless
    /// --write.
    Record {
        path: PathBuf,
        /// Rewrite the file in place.
        #[arg(long)]
        write: bool,
        /// Record this many times and report commands whose output differs
        /// between runs (they need a wildcard).
        #[arg(long, default_value_t = 2)]
        runs: usize,
        /// Milliseconds a command may take to give the prompt back.
        #[arg(long, default_value_t = 10_000)]
        timeout_ms: u64,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { paths, json } => check(&paths, json),
        Command::Verify {
            paths,
            json,
            kernel,
            timeout_ms,
        } => match lesson_files(&paths) {
            Ok(files) => kernel_cmds::verify(&files, json, kernel, timeout_ms),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Record {
            path,
            write,
            runs,
            timeout_ms,
        } => kernel_cmds::record(&path, write, runs, timeout_ms),
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

fn check(paths: &[PathBuf], json: bool) -> ExitCode {
    let files = match lesson_files(paths) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut reports = Vec::new();
    for file in &files {
        let report = match std::fs::read_to_string(file) {
            Ok(source) => {
                let r = report::check_source(file, &source);
                if !json {
                    print_text(file, &source, &r);
                }
                r
            }
            Err(e) => {
                if !json {
                    eprintln!("error: {}: {e}", file.display());
                }
                FileReport::unreadable(file, &e.to_string())
            }
        };
        reports.push(report);
    }
    let failed = reports.iter().filter(|r| !r.ok).count();
    if json {
        let all = report::Summary {
            ok: failed == 0,
            lessons: reports,
        };
        match serde_json::to_string_pretty(&all) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        println!("{} lessons, {} failed", files.len(), failed);
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn print_text(file: &Path, source: &str, r: &FileReport) {
    let name = file.display().to_string();
    let simple = SimpleFile::new(name.as_str(), source);
    let mut err = termcolor::StandardStream::stderr(termcolor::ColorChoice::Auto);
    let config = term::Config::default();
    for d in &r.diagnostics {
        let _ = term::emit(&mut err, &config, &simple, &to_report(source, d));
    }
    println!(
        "{} {} — {}",
        if r.ok { "ok  " } else { "FAIL" },
        file.display(),
        r.title
    );
    for s in &r.steps {
        print_step(file, s);
    }
}

fn print_step(file: &Path, s: &StepReport) {
    let mark = if s.ok { "ok  " } else { "DIFF" };
    println!(
        "  {mark} step {} (line {}): {} ({} commands)",
        s.step,
        s.line,
        s.title,
        s.commands.len()
    );
    for o in s.commands.iter().filter(|o| !o.matches) {
        if let Some(reason) = &o.skip {
            println!(
                "       {}:{}: `{}`: skipped on the model: {reason}",
                file.display(),
                o.line,
                o.command
            );
            continue;
        }
        println!(
            "       {}:{}: `{}` ({:?} block, exit status {}): expected -, model +",
            file.display(),
            o.line,
            o.command,
            o.kind,
            o.status
        );
        for l in &o.expected {
            println!("         - {l}");
        }
        for l in &o.actual {
            println!("         + {l}");
        }
    }
}

/// A lesson diagnostic as codespan-reporting shows it: the source line
/// with the column underlined.
fn to_report(source: &str, d: &Diagnostic) -> Report<()> {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let start = d.offset.min(source.len());
    let end = source[start..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(start, |c| start + c.len_utf8());
    Report::new(level)
        .with_message(&d.message)
        .with_labels(vec![Label::primary((), start..end)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctlab::lesson;

    #[test]
    fn a_diagnostic_points_at_its_line_and_column() {
        let source = "---\nid: x\ntitle: T\n---\n## S\n\n```console\nbox# echo hi\nhi\n```\n";
        let parsed = lesson::parse(source);
        let d = parsed
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .expect("unknown terminal");
        let simple = SimpleFile::new("l.md", source);
        let mut buf = termcolor::NoColor::new(Vec::new());
        term::emit(
            &mut buf,
            &term::Config::default(),
            &simple,
            &to_report(source, d),
        )
        .expect("render");
        let text = String::from_utf8(buf.into_inner()).expect("utf-8");
        assert!(text.contains("error: unknown terminal `box`"), "{text}");
        assert!(text.contains("l.md:8:1"), "{text}");
        assert!(text.contains("8 │ box# echo hi"), "{text}");
    }
}
