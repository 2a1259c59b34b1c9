//! A step as the model runs it: the lesson replayed from a fresh session,
//! then what the student typed, then (for "Check my work") the task's check.
//!
//! Nothing of the model is kept between navigations: the session reducer
//! holds only the typed lines, and the model's state is rebuilt from them
//! (a step costs well under a millisecond), so reload, step-back and share
//! links all see the same terminal. The earlier steps are replayed exactly
//! as `ctlab check` runs them (`ctlab::lesson::run`: transcript, then the
//! task's solution and check), because that is the state in which the
//! lesson's recorded outputs were checked: the pids a later step shows
//! depend on every process started before it.

use crate::session::Typed;
use ctlab::lesson::expected::output_matches;
use ctlab::lesson::transcript::Entry;
use ctlab::lesson::{Lesson, Step};
use ctlab::userland::session::Session;

/// One command and what the model's terminal showed for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub terminal: String,
    pub prompt: char,
    pub command: String,
    /// The terminal's text (stdout and stderr as written), lossily decoded:
    /// a program may print any bytes.
    pub screen: String,
    pub status: i32,
    /// What the lesson file expects, for transcript commands; `None` for
    /// lines the student typed.
    pub expected: Option<Vec<String>>,
    /// The model's output is not what the lesson recorded (always false for
    /// typed lines).
    pub differs: bool,
}

/// One check command of a task, expected against what the model printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckLine {
    pub terminal: String,
    pub command: String,
    pub expected: Vec<String>,
    pub got: Vec<String>,
    pub ok: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckReport {
    pub solved: bool,
    pub lines: Vec<CheckLine>,
}

fn run(session: &mut Session, terminal: &str, command: &str) -> (String, i32) {
    let out = session.run(terminal, command);
    (
        String::from_utf8_lossy(&out.screen).into_owned(),
        out.status,
    )
}

fn lines(screen: &str) -> Vec<&str> {
    screen.lines().collect()
}

/// A fresh session with steps `0..step` replayed as `ctlab check` does.
fn before(lesson: &Lesson, step: usize) -> Session {
    let mut session = Session::new();
    for s in lesson.steps.iter().take(step) {
        for e in s.transcript.iter().chain(&s.solution).chain(&s.check) {
            session.run(&e.terminal, &e.command);
        }
    }
    session
}

fn transcript(session: &mut Session, step: &Step) -> Vec<Shown> {
    step.transcript
        .iter()
        .map(|e: &Entry| {
            let (screen, status) = run(session, &e.terminal, &e.command);
            Shown {
                differs: !output_matches(&e.expected, &lines(&screen)),
                terminal: e.terminal.clone(),
                prompt: e.prompt,
                command: e.command.clone(),
                screen,
                status,
                expected: Some(e.expected.clone()),
            }
        })
        .collect()
}

fn typed_lines(session: &mut Session, typed: &[Typed]) -> Vec<Shown> {
    typed
        .iter()
        .map(|t| {
            let (screen, status) = run(session, &t.terminal, &t.command);
            Shown {
                terminal: t.terminal.clone(),
                prompt: '#',
                command: t.command.clone(),
                screen,
                status,
                expected: None,
                differs: false,
            }
        })
        .collect()
}

thread_local! {
    static REPLAYS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times [`replay`] ran in this page: the player must replay once
/// per navigation or typed line, not on every render (tests watch this).
pub fn replays() -> usize {
    REPLAYS.with(|n| n.get())
}

/// What step `step`'s terminals show: its transcript, then `typed`, each
/// with the model's output. A step past the end shows nothing.
pub fn replay(lesson: &Lesson, step: usize, typed: &[Typed]) -> Vec<Shown> {
    REPLAYS.with(|n| n.set(n.get() + 1));
    let Some(s) = lesson.steps.get(step) else {
        return Vec::new();
    };
    let mut session = before(lesson, step);
    let mut shown = transcript(&mut session, s);
    shown.extend(typed_lines(&mut session, typed));
    shown
}

/// Runs the step's check after its transcript and `typed`, in a session of
/// its own (the student's terminals are not touched by checking).
pub fn check(lesson: &Lesson, step: usize, typed: &[Typed]) -> CheckReport {
    let Some(s) = lesson.steps.get(step) else {
        return CheckReport {
            solved: false,
            lines: Vec::new(),
        };
    };
    let mut session = before(lesson, step);
    for e in &s.transcript {
        session.run(&e.terminal, &e.command);
    }
    for t in typed {
        session.run(&t.terminal, &t.command);
    }
    let lines: Vec<CheckLine> = s
        .check
        .iter()
        .map(|e| {
            let (screen, _) = run(&mut session, &e.terminal, &e.command);
            let got: Vec<String> = screen.lines().map(str::to_string).collect();
            let borrowed: Vec<&str> = got.iter().map(String::as_str).collect();
            CheckLine {
                ok: output_matches(&e.expected, &borrowed),
                terminal: e.terminal.clone(),
                command: e.command.clone(),
                expected: e.expected.clone(),
                got,
            }
        })
        .collect();
    CheckReport {
        solved: !lines.is_empty() && lines.iter().all(|l| l.ok),
        lines,
    }
}
