//! The lessons compiled into the app, parsed once.

use ctlab::lesson::{self, Diagnostic, Lesson};
use std::sync::OnceLock;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

pub struct Entry {
    pub file: &'static str,
    pub lesson: Lesson,
    /// Problems the parser found; shown instead of hidden, never fatal.
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Catalogue {
    pub entries: Vec<Entry>,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.lesson.id == id)
    }

    /// How many steps lesson `id` has (0 when there is no such lesson).
    pub fn steps(&self, id: &str) -> usize {
        self.get(id).map_or(0, |e| e.lesson.steps.len())
    }
}

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue {
        entries: bundled::LESSONS
            .iter()
            .map(|(file, source)| {
                let parsed = lesson::parse(source);
                Entry {
                    file,
                    lesson: parsed.lesson,
                    diagnostics: parsed.diagnostics,
                }
            })
            .collect(),
    })
}
