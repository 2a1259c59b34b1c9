//! Recovery from a typed command that never ends.
//!
//! The model runs synchronously in the page, so a command that prints
//! forever (`cat /dev/zero`: a real terminal scrolls until Ctrl-C) freezes
//! the tab, and because typed lines are saved and replayed on load, a reload
//! would freeze it again. Each replay therefore leaves a marker in
//! localStorage while it runs; a marker found at start means the last replay
//! never finished, and the newest line typed at that step is dropped.

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

pub const MARKER_KEY: &str = "ctlab.replaying";

/// Which replay is running: lesson, step and how many typed lines it runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Marker {
    pub lesson: String,
    pub step: usize,
    pub typed: usize,
}

/// Runs `replay` with the marker set; storage errors only lose the guard.
pub fn guarded<T>(marker: Marker, replay: impl FnOnce() -> T) -> T {
    let _ = LocalStorage::set(MARKER_KEY, &marker);
    let out = replay();
    LocalStorage::delete(MARKER_KEY);
    out
}

/// The replay that did not finish last time, if any (and forgets it).
pub fn unfinished() -> Option<Marker> {
    let marker = LocalStorage::get(MARKER_KEY).ok();
    LocalStorage::delete(MARKER_KEY);
    marker
}
