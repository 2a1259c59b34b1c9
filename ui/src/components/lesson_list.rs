//! The lesson list: one card per bundled lesson.

use crate::catalogue::catalogue;
use crate::i18n::Text;
use crate::markdown;
use crate::route::Route;
use crate::session::{Action, Session};
use ctlab::lesson::Lang;
use std::collections::{BTreeMap, BTreeSet};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub progress: BTreeMap<String, usize>,
    /// Lessons whose every task is solved.
    pub solved: BTreeSet<String>,
    pub dispatch: UseReducerDispatcher<Session>,
}

#[component]
pub fn LessonList(props: &Props) -> Html {
    let lang = props.lang;
    let cards = catalogue().entries.iter().filter(|e| !e.lesson.id.is_empty()).map(|entry| {
        let lesson = &entry.lesson;
        let route = Route::Lesson { id: lesson.id.clone(), step: 0 };
        let href = route.to_hash();
        let dispatch = props.dispatch.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            dispatch.dispatch(Action::Go(route.clone()));
        });
        let reached = props.progress.get(&lesson.id).map(|s| html! {
            <span class="reached">{ format!("{} {}", Text::Reached.get(lang), s + 1) }</span>
        });
        html! {
            <li class="lesson-card">
                <a data-testid="lesson-link" {href} {onclick}>{ lesson.title.get(lang) }</a>
                <div class="intro">{ markdown::render(lesson.intro.get(lang)) }</div>
                <span class="meta">{ format!("{} {}", lesson.steps.len(), Text::Steps.get(lang)) }</span>
                { for reached }
                if props.solved.contains(&lesson.id) {
                    <span class="solved" data-testid="lesson-solved">{ Text::LessonSolved.get(lang) }</span>
                }
            </li>
        }
    });
    html! {
        <section class="lesson-list">
            <h1>{ Text::Lessons.get(lang) }</h1>
            <ul>{ for cards }</ul>
        </section>
    }
}
