//! Yew function components, one per file.

pub mod app;
pub mod lang_switch;
pub mod lesson_list;
pub mod player;
pub mod stage;
pub mod task;
pub mod terminal;
