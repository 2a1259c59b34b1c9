//! The root component: owns the session reducer, keeps it in localStorage
//! and in the URL hash, and shows the list or the player.

use super::{lang_switch::LangSwitch, lesson_list::LessonList, player::Player};
use crate::catalogue::catalogue;
use crate::i18n::Text;
use crate::route::Route;
use crate::session::{Action, STORAGE_KEY, Session};
use gloo::events::EventListener;
use gloo::storage::{LocalStorage, Storage};
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// The session to start with: the saved one (tolerantly read), with the
/// URL's route winning when the URL names one, so shared links work.
fn initial_session() -> Session {
    let saved: Session = LocalStorage::get(STORAGE_KEY).unwrap_or_default();
    let hash = current_hash();
    let route = if hash.trim_start_matches('#').trim_matches('/').is_empty() {
        saved.route.clone()
    } else {
        Route::parse(&hash)
    };
    Session { route, ..saved }
        .clamped()
        .recover(crate::hang_guard::unfinished())
}

#[component]
pub fn App() -> Html {
    let session = use_reducer_eq(initial_session);

    // Session → storage and URL. `written` is the hash this app wrote last. A hashchange event is queued, so one for
    // an older hash can arrive after a click has changed the route but before
    // the effect below has written the new hash; reading the address then
    // would send the student back. Such echoes of our own writes are ignored.
    let written = use_mut_ref(String::new);
    {
        let written = written.clone();
        use_effect_with((*session).clone(), move |s| {
            // A full or disabled storage loses persistence, not the session.
            let _ = LocalStorage::set(STORAGE_KEY, s);
            let hash = s.route.to_hash();
            *written.borrow_mut() = hash.clone();
            if current_hash() != hash {
                let _ = gloo::utils::window().location().set_hash(&hash);
            }
            let lang = if s.lang == ctlab::lesson::Lang::Zh {
                "zh-CN"
            } else {
                "en"
            };
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", lang);
            }
        });
    }

    // URL → session (the browser's back button, an edited address).
    {
        let dispatch = session.dispatcher();
        let written = written.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let route = Route::parse(&current_hash());
                if route != Route::parse(&written.borrow()) {
                    dispatch.dispatch(Action::Go(route));
                }
            });
            move || drop(listener)
        });
    }

    // ← and → step through a lesson, as in a slide deck; not while typing.
    {
        let dispatch = session.dispatcher();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::document(), "keydown", move |e| {
                let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                            || el.has_attribute("contenteditable")
                    });
                if typing || key.alt_key() || key.ctrl_key() || key.meta_key() {
                    return;
                }
                match key.key().as_str() {
                    "ArrowRight" => dispatch.dispatch(Action::Next),
                    "ArrowLeft" => dispatch.dispatch(Action::Prev),
                    _ => {}
                }
            });
            move || drop(listener)
        });
    }

    let lang = session.lang;
    let dispatch = session.dispatcher();
    let home = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            dispatch.dispatch(Action::Go(Route::Home));
        })
    };
    html! {
        <div class="app">
            <header class="top">
                <a class="brand" href="#/" onclick={home}>{ "ctlab" }</a>
                <span class="tagline">{ Text::Tagline.get(lang) }</span>
                <LangSwitch {lang} dispatch={dispatch.clone()} />
            </header>
            <main>
            {
                match &session.route {
                    Route::Home => {
                        let solved = catalogue()
                            .entries
                            .iter()
                            .filter(|e| session.lesson_solved(&e.lesson.id))
                            .map(|e| e.lesson.id.clone())
                            .collect::<BTreeSet<String>>();
                        html! { <LessonList {lang} progress={session.progress.clone()} {solved} {dispatch} /> }
                    }
                    Route::Lesson { id, step } => html! {
                        <Player
                            id={AttrValue::from(id.clone())}
                            step={*step}
                            {lang}
                            typed={session.typed_at(id, *step).to_vec()}
                            solved={session.is_solved(id, *step)}
                            dropped={session.dropped.clone()}
                            {dispatch}
                        />
                    },
                }
            }
            </main>
        </div>
    }
}
