//! The one reducer that holds the student's session.
//!
//! Everything the app shows is derived from a [`Session`]; it is saved to
//! localStorage after every change and read back at start. Saved sessions
//! must survive new versions of the app: every field has a default, unknown
//! fields are ignored, and a route to a lesson that no longer exists (or a
//! step past its end) is clamped rather than trusted.

use crate::catalogue::catalogue;
use crate::route::Route;
use ctlab::lesson::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

pub const STORAGE_KEY: &str = "ctlab.session";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub lang: Lang,
    pub route: Route,
    /// The furthest step (0-based) reached in each lesson, by lesson id.
    pub progress: BTreeMap<String, usize>,
}

pub enum Action {
    Go(Route),
    Next,
    Prev,
    SetLang(Lang),
}

impl Session {
    /// Makes the route point at something that exists.
    pub fn clamped(mut self) -> Self {
        self.route = clamp(self.route);
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
        match action {
            Action::Go(route) => next.route = clamp(route),
            Action::Next | Action::Prev => {
                if let Route::Lesson { id, step } = &self.route {
                    let step = match action {
                        Action::Next => step + 1,
                        _ => step.saturating_sub(1),
                    };
                    next.route = clamp(Route::Lesson {
                        id: id.clone(),
                        step,
                    });
                }
            }
            Action::SetLang(lang) => next.lang = lang,
        }
        next.record_progress();
        if next == *self { self } else { Rc::new(next) }
    }
}
