//! The app in real headless Chromium (wasm-bindgen-test): the session
//! reducer, routing, persistence and what the player shows.

use ctlab::lesson::Lang;
use ctlab_ui::catalogue::catalogue;
use ctlab_ui::components::app::App;
use ctlab_ui::route::Route;
use ctlab_ui::session::{Action, STORAGE_KEY, Session};
use gloo::storage::Storage;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn welcome(step: usize) -> Route {
    Route::Lesson {
        id: "welcome".into(),
        step,
    }
}

fn reduce(s: Session, a: Action) -> Session {
    (*Rc::new(s).reduce(a)).clone()
}

#[wasm_bindgen_test]
fn routes_round_trip_through_the_url_hash() {
    assert_eq!(Route::parse("#/lesson/welcome/2"), welcome(1));
    assert_eq!(Route::parse(&welcome(1).to_hash()), welcome(1));
    assert_eq!(Route::parse("#/lesson/welcome"), welcome(0));
    assert_eq!(Route::parse("#/nonsense/x/y/z"), Route::Home);
    assert_eq!(Route::parse(""), Route::Home);
}

#[wasm_bindgen_test]
fn next_and_back_stop_at_the_ends_and_record_progress() {
    let steps = catalogue().steps("welcome");
    assert!(steps >= 2, "the welcome lesson has several steps");
    let mut s = reduce(Session::default(), Action::Go(welcome(0)));
    s = reduce(s, Action::Prev);
    assert_eq!(s.route, welcome(0));
    for _ in 0..steps + 3 {
        s = reduce(s, Action::Next);
    }
    assert_eq!(s.route, welcome(steps - 1));
    s = reduce(s, Action::Prev);
    assert_eq!(s.route, welcome(steps - 2));
    assert_eq!(s.progress.get("welcome"), Some(&(steps - 1)));
}

#[wasm_bindgen_test]
fn routes_to_missing_lessons_or_steps_are_clamped() {
    let s = reduce(Session::default(), Action::Go(welcome(999)));
    assert_eq!(s.route, welcome(catalogue().steps("welcome") - 1));
    let s = reduce(
        s,
        Action::Go(Route::Lesson {
            id: "no-such-lesson".into(),
            step: 0,
        }),
    );
    assert_eq!(s.route, Route::Home);
}

#[wasm_bindgen_test]
fn saved_sessions_from_other_versions_still_load() {
    // Written by a future version: an unknown field, a lesson that is gone.
    let future = r#"{"lang":"zh","route":{"Lesson":{"id":"gone","step":4}},"theme":"dark"}"#;
    let s: Session = serde_json_from(future);
    assert_eq!(s.lang, Lang::Zh);
    assert_eq!(s.clamped().route, Route::Home);
    // Written by an older version with fewer fields.
    let s: Session = serde_json_from(r#"{"lang":"en"}"#);
    assert_eq!(s, Session::default());
}

fn serde_json_from(text: &str) -> Session {
    gloo::storage::LocalStorage::raw()
        .set_item("ctlab.test", text)
        .unwrap();
    gloo::storage::LocalStorage::get("ctlab.test").expect("tolerant load")
}

#[wasm_bindgen_test]
fn markdown_never_passes_raw_html_or_script_links() {
    let html = ctlab_ui::markdown::to_html_string(
        "<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](https://kernel.org) [c](#/lesson/x)",
    );
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(html.contains(r#"href="https://kernel.org""#), "{html}");
    assert!(html.contains(r##"href="#/lesson/x""##), "{html}");
}

/// Waits (up to 5 s) until `ok` holds: rendering is asynchronous, and a
/// loaded CI machine is slow, so tests poll rather than sleep a fixed time.
async fn until(what: &str, mut ok: impl FnMut() -> bool) {
    for _ in 0..500 {
        if ok() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

fn text(root: &web_sys::Element, testid: &str) -> String {
    root.query_selector(&format!("[data-testid={testid}]"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn query(root: &web_sys::Element, testid: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no [data-testid={testid}] in {}", root.inner_html()))
        .dyn_into()
        .unwrap()
}

/// Mounts a fresh app at `hash` with no saved session.
fn mount(hash: &str) -> (yew::AppHandle<App>, web_sys::Element) {
    gloo::storage::LocalStorage::delete(STORAGE_KEY);
    let _ = gloo::utils::window().location().set_hash(hash);
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    (yew::Renderer::<App>::with_root(root.clone()).render(), root)
}

#[wasm_bindgen_test]
async fn the_player_steps_through_a_lesson_and_speaks_chinese() {
    let (app, root) = mount("");
    until("the lesson list", || {
        text(&root, "lesson-link") == "Welcome to ctlab"
    })
    .await;

    query(&root, "lesson-link").click();
    until("step 1", || text(&root, "step-title").starts_with("Step 1")).await;
    assert!(query(&root, "prev").has_attribute("disabled"));
    // The route must hold once every queued hashchange event has been handled.
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert!(text(&root, "step-title").starts_with("Step 1"));

    query(&root, "next").click();
    until("step 2", || text(&root, "step-title").starts_with("Step 2")).await;
    assert!(text(&root, "step-counter").starts_with("2 / "));
    assert!(text(&root, "terminal").contains("pid:[4026531836]"));
    assert_eq!(
        gloo::utils::window().location().hash().unwrap(),
        "#/lesson/welcome/2"
    );

    query(&root, "lang-zh").click();
    until("the Chinese title", || {
        text(&root, "step-title").starts_with("第 2 步")
    })
    .await;
    assert_eq!(text(&root, "next"), "下一步 →");
    let saved: Session = gloo::storage::LocalStorage::get(STORAGE_KEY).unwrap();
    assert_eq!((saved.lang, saved.route), (Lang::Zh, welcome(1)));
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_back_button_goes_back_a_step() {
    let (app, root) = mount("#/lesson/welcome/1");
    until("step 1", || text(&root, "step-title").starts_with("Step 1")).await;
    query(&root, "next").click();
    until("step 2", || text(&root, "step-title").starts_with("Step 2")).await;
    until("the hash of step 2", || {
        gloo::utils::window().location().hash().unwrap() == "#/lesson/welcome/2"
    })
    .await;
    gloo::utils::window().history().unwrap().back().unwrap();
    until("step 1 again", || {
        text(&root, "step-title").starts_with("Step 1")
    })
    .await;
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn arrow_keys_step_through_a_lesson() {
    let (app, root) = mount("#/lesson/welcome/1");
    until("step 1", || text(&root, "step-title").starts_with("Step 1")).await;
    let press = |key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        gloo::utils::document().dispatch_event(&event).unwrap();
    };
    press("ArrowRight");
    until("step 2", || text(&root, "step-title").starts_with("Step 2")).await;
    press("ArrowLeft");
    until("step 1", || text(&root, "step-title").starts_with("Step 1")).await;
    app.destroy();
    root.remove();
}
