//! The report of `ctlab check`: per lesson file, its diagnostics and, per
//! step, each command with what the transcript expects and what the model
//! printed. The same structure is printed as text and as JSON (`--json`).

use ctlab::lesson::run::Outcome;
use ctlab::lesson::{self, Diagnostic, Lang, Severity};
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
pub struct Summary {
    pub ok: bool,
    pub lessons: Vec<FileReport>,
}

#[derive(Serialize)]
pub struct FileReport {
    pub file: String,
    pub id: String,
    pub title: String,
    /// No error diagnostic and every command matched.
    pub ok: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub steps: Vec<StepReport>,
}

#[derive(Serialize)]
pub struct StepReport {
    /// 1-based.
    pub step: usize,
    pub title: String,
    pub line: usize,
    pub ok: bool,
    pub commands: Vec<Outcome>,
}

impl FileReport {
    pub fn unreadable(file: &Path, error: &str) -> FileReport {
        FileReport {
            file: file.display().to_string(),
            id: String::new(),
            title: String::new(),
            ok: false,
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                line: 1,
                column: 1,
                offset: 0,
                message: format!("cannot read the file: {error}"),
            }],
            steps: Vec::new(),
        }
    }
}

/// Parses `source` and, if it has no errors, runs it on the model.
pub fn check_source(file: &Path, source: &str) -> FileReport {
    let parsed = lesson::parse(source);
    let outcomes = if parsed.has_errors() {
        Vec::new()
    } else {
        lesson::run::run(&parsed.lesson)
    };
    let steps: Vec<StepReport> = parsed
        .lesson
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let commands: Vec<Outcome> = outcomes.iter().filter(|o| o.step == i).cloned().collect();
            StepReport {
                step: i + 1,
                title: s.title.get(Lang::En).to_string(),
                line: s.line,
                ok: commands.iter().all(Outcome::accepted),
                commands,
            }
        })
        .collect();
    FileReport {
        file: file.display().to_string(),
        id: parsed.lesson.id.clone(),
        title: parsed.lesson.title.get(Lang::En).to_string(),
        ok: !parsed.has_errors() && steps.iter().all(|s| s.ok),
        diagnostics: parsed.diagnostics,
        steps,
    }
}
