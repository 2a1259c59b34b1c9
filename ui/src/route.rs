//! Where the student is, as a URL hash: `#/` (the lesson list) or
//! `#/lesson/<id>/<step>` (1-based step). A hash needs no server support,
//! so a link to a step can be shared and works offline.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Route {
    #[default]
    Home,
    /// `step` is 0-based here.
    Lesson { id: String, step: usize },
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_matches('/');
        let mut parts = path.split('/');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("lesson"), Some(id), step, None) if !id.is_empty() => {
                let step = step
                    .and_then(|s| s.parse::<usize>().ok())
                    .map_or(0, |s| s.saturating_sub(1));
                Route::Lesson {
                    id: id.to_string(),
                    step,
                }
            }
            _ => Route::Home,
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Lesson { id, step } => format!("#/lesson/{id}/{}", step + 1),
        }
    }
}
