//! ctlab's browser app: a lesson list and a lesson player (Yew, wasm).
//!
//! The only crate that knows the DOM. It reads lessons through
//! `ctlab::lesson` and runs every step on the model (`ctlab::userland`,
//! see [`replay`]); all
//! state lives in one reducer ([`session::Session`]) so that stepping back,
//! persistence and share links are one mechanism.

pub mod catalogue;
pub mod components;
pub mod hang_guard;
pub mod i18n;
pub mod markdown;
pub mod replay;
pub mod route;
pub mod session;

use wasm_bindgen::prelude::*;

/// Mounts the app into `#app` when the page has one (the test pages of
/// wasm-bindgen-test don't, and mount what they test themselves).
#[wasm_bindgen(start)]
pub fn start() {
    let root = gloo::utils::document().get_element_by_id("app");
    if let Some(root) = root {
        root.set_inner_html("");
        yew::Renderer::<components::app::App>::with_root(root).render();
    }
}
