//! The lesson player: one step at a time, with its text and transcript.

use super::stage::Stage;
use crate::catalogue::catalogue;
use crate::i18n::Text;
use crate::markdown;
use crate::route::Route;
use crate::session::{Action, Session, Typed};
use ctlab::lesson::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    /// 0-based, already clamped by the session.
    pub step: usize,
    pub lang: Lang,
    /// What the student typed at this step.
    pub typed: Vec<Typed>,
    /// This step's task was solved.
    pub solved: bool,
    /// A typed line dropped at start because it never finished.
    #[prop_or_default]
    pub dropped: Option<Typed>,
    pub dispatch: UseReducerDispatcher<Session>,
}

#[component]
pub fn Player(props: &Props) -> Html {
    let lang = props.lang;
    let Some(entry) = catalogue().get(&props.id) else {
        return html! {};
    };
    let lesson = &entry.lesson;
    let Some(step) = lesson.steps.get(props.step) else {
        return html! {};
    };
    let total = lesson.steps.len();
    let on_action = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |action: Action| dispatch.dispatch(action))
    };
    let go = |action: fn() -> Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action()))
    };
    let home = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            dispatch.dispatch(Action::Go(Route::Home));
        })
    };
    let problems = (!entry.diagnostics.is_empty()).then(|| html! {
        <details class="diagnostics">
            <summary>{ Text::LessonProblems.get(lang) }</summary>
            <ul>{ for entry.diagnostics.iter().map(|d| html! { <li>{ format!("{}:{d}", entry.file) }</li> }) }</ul>
        </details>
    });
    html! {
        <article class="player">
            <nav class="crumbs">
                <a href="#/" onclick={home}>{ Text::AllLessons.get(lang) }</a>
                <span>{ " / " }</span>
                <span data-testid="lesson-title">{ lesson.title.get(lang) }</span>
            </nav>
            { for problems }
            <header class="step-head">
                <h2 data-testid="step-title">{ step.title.get(lang) }</h2>
                <span class="counter" data-testid="step-counter">{ format!("{} / {}", props.step + 1, total) }</span>
            </header>
            <div class="step-body">
                <div class="step-text" data-testid="step-text">{ markdown::render(step.text.get(lang)) }</div>
                <Stage
                    {lesson}
                    step={props.step}
                    typed={props.typed.clone()}
                    solved={props.solved}
                    dropped={props.dropped.clone()}
                    {lang}
                    on_action={on_action}
                />
            </div>
            <footer class="step-nav">
                <button data-testid="prev" disabled={props.step == 0} onclick={go(|| Action::Prev)}>
                    { Text::Back.get(lang) }
                </button>
                <button data-testid="next" class="primary" disabled={props.step + 1 >= total} onclick={go(|| Action::Next)}>
                    { Text::Next.get(lang) }
                </button>
            </footer>
        </article>
    }
}
