//! The app in real headless Chromium (wasm-bindgen-test): the session
//! reducer, routing, persistence and what the player shows.

use ctlab::lesson::Lang;
use ctlab_ui::catalogue::catalogue;
use ctlab_ui::components::app::App;
use ctlab_ui::route::Route;
use ctlab_ui::session::{Action, STORAGE_KEY, Session, Typed};
use gloo::storage::Storage;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use yew::{Callback, Reducible};

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
    // Written by the version before typed commands and tasks existed.
    let s: Session = serde_json_from(
        r#"{"lang":"zh","route":{"Lesson":{"id":"welcome","step":1}},"progress":{"welcome":2}}"#,
    );
    assert_eq!((s.lang, s.route.clone()), (Lang::Zh, welcome(1)));
    assert_eq!(s.progress.get("welcome"), Some(&2));
    assert!(s.typed_at("welcome", 1).is_empty());
    // And this version's own state round-trips, typed lines and all.
    let mut s = reduce(
        s,
        Action::Type {
            terminal: "host".into(),
            command: "echo hi".into(),
        },
    );
    s = reduce(s, Action::Solved);
    gloo::storage::LocalStorage::set("ctlab.test", &s).unwrap();
    let back: Session = gloo::storage::LocalStorage::get("ctlab.test").unwrap();
    assert_eq!(back, s);
    assert_eq!(back.typed_at("welcome", 1)[0].command, "echo hi");
    assert!(back.is_solved("welcome", 1));
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

/// The lesson list's link to the welcome lesson (the list is sorted by
/// file name, so it need not be the first).
fn welcome_link(root: &web_sys::Element) -> Option<HtmlElement> {
    let links = root
        .query_selector_all("[data-testid=lesson-link]")
        .unwrap();
    (0..links.length())
        .filter_map(|i| links.item(i)?.dyn_into::<HtmlElement>().ok())
        .find(|a| a.text_content().as_deref() == Some("Welcome to ctlab"))
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
    remount(hash)
}

/// Mounts the app at `hash` with whatever session is saved, as a reload does.
fn remount(hash: &str) -> (yew::AppHandle<App>, web_sys::Element) {
    let _ = gloo::utils::window().location().set_hash(hash);
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    (yew::Renderer::<App>::with_root(root.clone()).render(), root)
}

#[wasm_bindgen_test]
async fn the_player_steps_through_a_lesson_and_speaks_chinese() {
    let (app, root) = mount("");
    until("the lesson list", || welcome_link(&root).is_some()).await;

    welcome_link(&root).unwrap().click();
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

/// Types `line` into the terminal's input and presses Enter, as a student does.
fn type_line(root: &web_sys::Element, line: &str) {
    let input: web_sys::HtmlInputElement = query(root, "term-input").dyn_into().unwrap();
    input.set_value(line);
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn lines_of(root: &web_sys::Element, testid: &str) -> Vec<String> {
    text(root, testid).lines().map(str::to_string).collect()
}

#[wasm_bindgen_test]
async fn a_step_shows_the_models_output_and_marks_where_it_differs() {
    // The bundled welcome lesson: the model prints what the file recorded.
    let (app, root) = mount("#/lesson/welcome/1");
    until("step 1's command and the model's output", || {
        lines_of(&root, "terminal")
            == [
                "host# echo \"a container is a process\"",
                "a container is a process",
            ]
    })
    .await;
    assert!(
        root.query_selector("[data-testid=model-differs]")
            .unwrap()
            .is_none()
    );
    app.destroy();
    root.remove();

    // A lesson whose recorded outputs are not what the model prints: the
    // terminal shows the model's lines, never the file's, and badges them.
    // Invalid UTF-8 and a command the model lacks must not break the page.
    let source = "---\nid: model-only\ntitle: Model only\n---\n\n## One\n\nText.\n\n\
        ```console\nhost# echo from-the-model\nfrom-the-file\n\
        host# echo -e 'bad \\xff byte'\nbad byte\n\
        host# no-such-program\nnothing\n\
        host# echo agreed\nagreed\n```\n";
    let parsed = ctlab::lesson::parse(source);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let lesson: &'static ctlab::lesson::Lesson = Box::leak(Box::new(parsed.lesson));
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = ctlab_ui::components::stage::Props {
        lesson,
        step: 0,
        typed: Vec::new(),
        solved: false,
        dropped: None,
        lang: Lang::En,
        on_action: Callback::noop(),
    };
    let app = yew::Renderer::<ctlab_ui::components::stage::Stage>::with_root_and_props(
        root.clone(),
        props,
    )
    .render();
    until("the model's output", || {
        text(&root, "terminal").contains("agreed")
    })
    .await;
    let lines = lines_of(&root, "terminal");
    assert!(lines.iter().any(|l| l == "from-the-model"), "{lines:?}");
    assert!(
        !text(&root, "terminal").contains("from-the-file"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "bad \u{fffd} byte"), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l == "bash: no-such-program: command not found"),
        "{lines:?}"
    );
    let badges = root
        .query_selector_all("[data-testid=model-differs]")
        .unwrap();
    assert_eq!(
        badges.length(),
        3,
        "one badge per differing command: {}",
        root.inner_html()
    );
    let badge: web_sys::Element = badges.item(0).unwrap().dyn_into().unwrap();
    assert!(
        badge
            .get_attribute("title")
            .unwrap()
            .contains("from-the-file")
    );
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn typed_commands_run_on_the_model_and_survive_a_reload() {
    let (app, root) = mount("#/lesson/welcome/2");
    until("step 2", || text(&root, "step-title").starts_with("Step 2")).await;
    assert!(query(&root, "reset-step").has_attribute("disabled"));
    type_line(&root, "echo hi");
    until("the typed command's output", || {
        lines_of(&root, "terminal").ends_with(&["host# echo hi".to_string(), "hi".to_string()])
    })
    .await;
    // The model runs it after the step's transcript: the same shell, so
    // `$$` is the terminal's bash (PID 2, conventions.md).
    type_line(&root, "echo $$");
    until("the shell's pid", || {
        lines_of(&root, "terminal").last().is_some_and(|l| l == "2")
    })
    .await;
    assert_eq!(
        query(&root, "term-input")
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap()
            .value(),
        ""
    );
    let saved: Session = gloo::storage::LocalStorage::get(STORAGE_KEY).unwrap();
    assert_eq!(
        saved.typed_at("welcome", 1),
        [
            Typed {
                terminal: "host".into(),
                command: "echo hi".into()
            },
            Typed {
                terminal: "host".into(),
                command: "echo $$".into()
            },
        ]
    );
    app.destroy();
    root.remove();

    // Reload: the typed lines are replayed on the model.
    let (app, root) = remount("#/lesson/welcome/2");
    until("the typed lines after a reload", || {
        let lines = lines_of(&root, "terminal");
        lines.iter().any(|l| l == "hi") && lines.last().is_some_and(|l| l == "2")
    })
    .await;
    // Another step does not show them.
    query(&root, "prev").click();
    until("step 1", || text(&root, "step-title").starts_with("Step 1")).await;
    assert!(!lines_of(&root, "terminal").iter().any(|l| l == "hi"));
    query(&root, "next").click();
    until("step 2 again", || {
        lines_of(&root, "terminal").iter().any(|l| l == "hi")
    })
    .await;
    // Reset forgets them.
    query(&root, "reset-step").click();
    until("the reset", || {
        !lines_of(&root, "terminal").iter().any(|l| l == "hi")
    })
    .await;
    assert!(text(&root, "terminal").contains("pid:[4026531836]"));
    let saved: Session = gloo::storage::LocalStorage::get(STORAGE_KEY).unwrap();
    assert!(saved.typed_at("welcome", 1).is_empty());
    app.destroy();
    root.remove();
}

/// The first bundled task that the model can solve (lessons may use
/// programs the model does not have yet): (lesson id, 0-based step).
fn a_task() -> (String, usize) {
    catalogue()
        .entries
        .iter()
        .flat_map(|e| {
            e.lesson
                .steps
                .iter()
                .enumerate()
                .map(move |(i, s)| (e, i, s))
        })
        .find(|(e, i, s)| {
            let typed: Vec<Typed> = s
                .solution
                .iter()
                .map(|x| Typed {
                    terminal: x.terminal.clone(),
                    command: x.command.clone(),
                })
                .collect();
            !s.check.is_empty()
                && !ctlab_ui::replay::check(&e.lesson, *i, &[]).solved
                && ctlab_ui::replay::check(&e.lesson, *i, &typed).solved
        })
        .map(|(e, i, _)| (e.lesson.id.clone(), i))
        .expect("a bundled task that the model can solve")
}

#[wasm_bindgen_test]
async fn a_task_is_solved_by_typing_its_solution() {
    let (id, step) = a_task();
    let lesson = &catalogue().get(&id).unwrap().lesson;
    let (app, root) = mount(&format!("#/lesson/{id}/{}", step + 1));
    until("the task", || text(&root, "check-task") == "Check my work").await;

    query(&root, "check-task").click();
    until("not yet", || {
        text(&root, "task-result").starts_with("Not yet")
    })
    .await;
    // Expected and got are shown for the failing check command.
    let first = &lesson.steps[step].check[0];
    assert!(text(&root, "task-result").contains(&first.command));

    // The solution is shown when asked for, not run.
    assert!(
        root.query_selector("[data-testid=solution]")
            .unwrap()
            .is_none()
    );
    query(&root, "show-solution").click();
    until("the solution", || !text(&root, "solution").is_empty()).await;
    let solution = lesson.steps[step].solution.clone();
    assert!(text(&root, "solution").contains(&solution[0].command));

    for entry in &solution {
        query(&root, &format!("term-tab-{}", entry.terminal)).click();
        until("the tab", || {
            query(&root, &format!("term-tab-{}", entry.terminal))
                .get_attribute("aria-selected")
                .as_deref()
                == Some("true")
        })
        .await;
        type_line(&root, &entry.command);
        until("the typed line", || {
            text(&root, "terminal").contains(&entry.command)
        })
        .await;
    }
    // A report about other commands than those now typed is not shown.
    assert!(
        root.query_selector("[data-testid=task-result]")
            .unwrap()
            .is_none()
    );
    query(&root, "check-task").click();
    until("solved", || text(&root, "task-result") == "Solved!").await;
    let saved: Session = gloo::storage::LocalStorage::get(STORAGE_KEY).unwrap();
    assert!(saved.is_solved(&id, step));
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_lesson_list_marks_lessons_whose_tasks_are_solved() {
    let (id, _) = a_task();
    let mut s = Session::default();
    for (i, step) in catalogue()
        .get(&id)
        .unwrap()
        .lesson
        .steps
        .iter()
        .enumerate()
    {
        if !step.check.is_empty() {
            s = reduce(
                s,
                Action::Go(Route::Lesson {
                    id: id.clone(),
                    step: i,
                }),
            );
            s = reduce(s, Action::Solved);
        }
    }
    s.route = Route::Home;
    assert!(s.lesson_solved(&id));
    assert!(
        !s.lesson_solved("welcome"),
        "a lesson without tasks has nothing to solve"
    );
    gloo::storage::LocalStorage::set(STORAGE_KEY, &s).unwrap();
    let (app, root) = remount("#/");
    until("the lesson list", || !text(&root, "lesson-link").is_empty()).await;
    let marks = root
        .query_selector_all("[data-testid=lesson-solved]")
        .unwrap();
    assert_eq!(marks.length(), 1);
    let card = marks.item(0).unwrap().parent_element().unwrap();
    let title = &catalogue().get(&id).unwrap().lesson.title;
    assert!(card.text_content().unwrap().contains(title.get(Lang::En)));
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_typed_command_that_never_finished_is_dropped_at_the_next_start() {
    // What a tab frozen by `cat /dev/zero` leaves behind: the typed lines
    // saved, and the marker of the replay that never ended.
    let mut s = reduce(Session::default(), Action::Go(welcome(1)));
    for line in ["echo kept", "cat /dev/zero"] {
        s = reduce(
            s,
            Action::Type {
                terminal: "host".into(),
                command: line.into(),
            },
        );
    }
    gloo::storage::LocalStorage::set(STORAGE_KEY, &s).unwrap();
    let marker = ctlab_ui::hang_guard::Marker {
        lesson: "welcome".into(),
        step: 1,
        typed: 2,
    };
    gloo::storage::LocalStorage::set(ctlab_ui::hang_guard::MARKER_KEY, &marker).unwrap();

    let (app, root) = remount("#/lesson/welcome/2");
    until("the notice", || {
        text(&root, "dropped-command").contains("host# cat /dev/zero")
    })
    .await;
    until("the kept line", || {
        lines_of(&root, "terminal").iter().any(|l| l == "kept")
    })
    .await;
    assert!(!text(&root, "terminal").contains("/dev/zero"));
    let saved: Session = gloo::storage::LocalStorage::get(STORAGE_KEY).unwrap();
    assert_eq!(saved.typed_at("welcome", 1).len(), 1);
    // A finished replay leaves no marker behind.
    assert!(
        gloo::storage::LocalStorage::raw()
            .get_item(ctlab_ui::hang_guard::MARKER_KEY)
            .unwrap()
            .is_none()
    );
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_model_replays_once_per_navigation_not_per_render() {
    use ctlab_ui::replay::replays;
    let (app, root) = mount("#/lesson/welcome/2");
    until("step 2", || text(&root, "terminal").contains("uts:[")).await;
    let before = replays();
    // Re-renders without new commands: a language switch, a tab click.
    query(&root, "lang-zh").click();
    until("Chinese", || {
        text(&root, "step-title").starts_with("第 2 步")
    })
    .await;
    query(&root, "term-tab-host").click();
    query(&root, "lang-en").click();
    until("English", || {
        text(&root, "step-title").starts_with("Step 2")
    })
    .await;
    assert_eq!(replays(), before);
    type_line(&root, "echo once");
    until("the typed line", || {
        lines_of(&root, "terminal").iter().any(|l| l == "once")
    })
    .await;
    assert_eq!(replays(), before + 1);
    query(&root, "next").click();
    until("step 3", || text(&root, "step-title").starts_with("Step 3")).await;
    assert_eq!(replays(), before + 2);
    app.destroy();
    root.remove();
}
