//! Running a lesson's transcripts on the model: every command is typed into
//! its terminal of one userland [`Session`], and what the terminal shows is
//! compared with the transcript's expected output (trycmd wildcards
//! allowed, see [`super::expected`]).

use super::expected::output_matches;
use super::transcript::{Entry, SkipOn};
use super::{BlockKind, Lesson};
use crate::kernel_model::world_view::WorldView;
use crate::userland::session::Session;
use serde::Serialize;

/// One command of a transcript and what the model printed for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// 0-based step.
    pub step: usize,
    /// 1-based line of the command in the lesson file.
    pub line: usize,
    pub terminal: String,
    /// Which block the command is in.
    pub kind: BlockKind,
    pub command: String,
    pub expected: Vec<String>,
    /// The terminal's lines (stdout and stderr in the order written).
    pub actual: Vec<String>,
    pub status: i32,
    pub matches: bool,
    /// The lesson says this command need not agree on the model (a
    /// `<!-- skip model: reason -->`), and why.
    pub skip: Option<String>,
}

impl Outcome {
    /// Matches, or is an explicit skip on the model.
    pub fn accepted(&self) -> bool {
        self.matches || self.skip.is_some()
    }
}

/// The session a lesson starts in: every terminal it uses is open, in the
/// order of first use (the first terminal's bash is PID 2, the next PID 3),
/// as in the native sandbox (docs/lesson-format.md, "The world a lesson
/// starts in").
pub fn start(lesson: &Lesson) -> Session {
    let mut session = Session::new();
    for t in terminals_in_order_of_use(lesson) {
        // A terminal that cannot start shows the error at its first command.
        let _ = session.open_terminal(t);
    }
    session
}

/// Runs every step of `lesson` in order in one fresh session, as a student
/// stepping through it would: its transcript, then its task's solution and
/// check.
pub fn run(lesson: &Lesson) -> Vec<Outcome> {
    run_with_worlds(lesson).0
}

/// [`run`], plus the model's world after each step's last command (the
/// step's index and the world, for each step that has commands), as the
/// native backend reads the real one.
pub fn run_with_worlds(lesson: &Lesson) -> (Vec<Outcome>, Vec<(usize, WorldView)>) {
    let mut session = start(lesson);
    let all: Vec<_> = commands(lesson).collect();
    let mut outcomes = Vec::new();
    let mut worlds = Vec::new();
    for (i, &(step, kind, entry)) in all.iter().enumerate() {
        let out = session.run(&entry.terminal, &entry.command);
        let screen = String::from_utf8_lossy(&out.screen);
        let actual: Vec<String> = screen.lines().map(str::to_string).collect();
        let borrowed: Vec<&str> = actual.iter().map(String::as_str).collect();
        outcomes.push(Outcome {
            step,
            line: entry.line,
            terminal: entry.terminal.clone(),
            kind,
            command: entry.command.clone(),
            matches: output_matches(&entry.expected, &borrowed),
            expected: entry.expected.clone(),
            actual,
            status: out.status,
            skip: entry
                .skip
                .as_ref()
                .filter(|s| s.on == SkipOn::Model)
                .map(|s| s.reason.clone()),
        });
        if all.get(i + 1).is_none_or(|next| next.0 != step) {
            worlds.push((step, session.kernel().world_view()));
        }
    }
    (outcomes, worlds)
}

/// Every command of the lesson in the order a student meets them: each
/// step's transcript, then its task's solution and check. The model and
/// the native backend replay this same sequence.
pub fn commands(lesson: &Lesson) -> impl Iterator<Item = (usize, BlockKind, &Entry)> {
    lesson.steps.iter().enumerate().flat_map(|(step, s)| {
        [
            (BlockKind::Transcript, &s.transcript),
            (BlockKind::Solution, &s.solution),
            (BlockKind::Check, &s.check),
        ]
        .into_iter()
        .flat_map(move |(kind, entries)| entries.iter().map(move |e| (step, kind, e)))
    })
}

/// The terminals a lesson uses, in order of first use: the order both
/// sides open them in, so their shells get PIDs 2, 3, …
pub fn terminals_in_order_of_use(lesson: &Lesson) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for (_, _, e) in commands(lesson) {
        if !seen.contains(&e.terminal.as_str()) {
            seen.push(&e.terminal);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_expectation_is_reported_at_its_command() {
        let source = "---\nid: x\ntitle: T\n---\n## S\n\n```console\nhost# echo hi\nhi\nhost# readlink /proc/self/ns/uts\nuts:[1]\nhost# cat /nope\ncat: /nope: [..]\n```\n";
        let parsed = super::super::parse(source);
        let outcomes = run(&parsed.lesson);
        assert_eq!(outcomes.len(), 3);
        assert!(outcomes[0].matches);
        assert!(!outcomes[1].matches);
        assert_eq!(outcomes[1].line, 10);
        assert_eq!(outcomes[1].actual, vec!["uts:[4026531838]"]);
        // stderr is on the screen too, and `[..]` matches within the line.
        assert!(outcomes[2].matches, "{:?}", outcomes[2]);
        assert_eq!(outcomes[2].status, 1);
    }
}
