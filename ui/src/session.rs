//! The one reducer that holds the student's session.
//!
//! Everything the app shows is derived from a [`Session`]; it is saved to
//! localStorage after every change and read back at start. Saved sessions
//! must survive new versions of the app: every field has a default, unknown
//! fields are ignored, and a route to a lesson that no longer exists (or a
//! step past its end) is clamped rather than trusted.
//!
//! The model's state is not saved: it is derived by replaying the lesson
//! and the commands the student typed ([`crate::replay`]), so the commands
//! are all that persistence needs to keep.

use crate::catalogue::catalogue;
use crate::route::Route;
use ctlab::lesson::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use yew::Reducible;

pub const STORAGE_KEY: &str = "ctlab.session";

/// A line the student typed into one of the step's terminals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Typed {
    pub terminal: String,
    pub command: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub lang: Lang,
    pub route: Route,
    /// The furthest step (0-based) reached in each lesson, by lesson id.
    pub progress: BTreeMap<String, usize>,
    /// What the student typed, by lesson id and 0-based step, in order.
    pub typed: BTreeMap<String, BTreeMap<usize, Vec<Typed>>>,
    /// The task steps (0-based) whose check passed, by lesson id.
    pub solved: BTreeMap<String, BTreeSet<usize>>,
    /// A typed line dropped at start because its replay never finished
    /// ([`crate::hang_guard`]); shown once, not saved.
    #[serde(skip)]
    pub dropped: Option<Typed>,
}

pub enum Action {
    Go(Route),
    Next,
    Prev,
    SetLang(Lang),
    /// A line typed into `terminal` at the current step.
    Type {
        terminal: String,
        command: String,
    },
    /// Forgets what was typed at the current step.
    ResetStep,
    /// The check of the current step's task passed.
    Solved,
}

impl Session {
    /// Makes the route point at something that exists.
    pub fn clamped(mut self) -> Self {
        self.route = clamp(self.route);
        self
    }

    /// The lines typed at step `step` of lesson `id`.
    pub fn typed_at(&self, id: &str, step: usize) -> &[Typed] {
        self.typed
            .get(id)
            .and_then(|steps| steps.get(&step))
            .map_or(&[], Vec::as_slice)
    }

    pub fn is_solved(&self, id: &str, step: usize) -> bool {
        self.solved.get(id).is_some_and(|s| s.contains(&step))
    }

    /// Whether every task of lesson `id` is solved (false for a lesson
    /// without tasks: there is nothing to mark).
    pub fn lesson_solved(&self, id: &str) -> bool {
        let Some(entry) = catalogue().get(id) else {
            return false;
        };
        let mut tasks = entry
            .lesson
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.check.is_empty())
            .peekable();
        tasks.peek().is_some() && tasks.all(|(i, _)| self.is_solved(id, i))
    }

    /// Drops the newest line typed at the step whose replay never
    /// finished, when that line is still the one the replay ran last.
    pub fn recover(mut self, unfinished: Option<crate::hang_guard::Marker>) -> Self {
        let Some(m) = unfinished else { return self };
        if let Some(steps) = self.typed.get_mut(&m.lesson)
            && let Some(lines) = steps.get_mut(&m.step)
            && m.typed > 0
            && lines.len() == m.typed
        {
            self.dropped = lines.pop();
            if lines.is_empty() {
                steps.remove(&m.step);
            }
        }
        self
    }

    fn record_progress(&mut self) {
        if let Route::Lesson { id, step } = &self.route {
            let best = self.progress.entry(id.clone()).or_default();
            *best = (*best).max(*step);
        }
    }
}

fn clamp(route: Route) -> Route {
    match route {
        Route::Lesson { id, step } => match catalogue().steps(&id) {
            0 => Route::Home,
            n => Route::Lesson {
                id,
                step: step.min(n - 1),
            },
        },
        Route::Home => Route::Home,
    }
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.dropped = None;
        let here = match &self.route {
            Route::Lesson { id, step } => Some((id.clone(), *step)),
            Route::Home => None,
        };
        match action {
            Action::Go(route) => next.route = clamp(route),
            Action::Next | Action::Prev => {
                if let Some((id, step)) = here {
                    let step = match action {
                        Action::Next => step + 1,
                        _ => step.saturating_sub(1),
                    };
                    next.route = clamp(Route::Lesson { id, step });
                }
            }
            Action::SetLang(lang) => next.lang = lang,
            Action::Type { terminal, command } => {
                if let Some((id, step)) = here {
                    next.typed
                        .entry(id)
                        .or_default()
                        .entry(step)
                        .or_default()
                        .push(Typed { terminal, command });
                }
            }
            Action::ResetStep => {
                if let Some((id, step)) = here
                    && let Some(steps) = next.typed.get_mut(&id)
                {
                    steps.remove(&step);
                    if steps.is_empty() {
                        next.typed.remove(&id);
                    }
                }
            }
            Action::Solved => {
                if let Some((id, step)) = here {
                    next.solved.entry(id).or_default().insert(step);
                }
            }
        }
        next.record_progress();
        if next == *self { self } else { Rc::new(next) }
    }
}
