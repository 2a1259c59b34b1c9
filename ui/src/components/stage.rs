//! The working part of a step: its terminals replayed on the model, the
//! student's input, the step's task, and a reset of what was typed.

use super::{task::Task, terminal::Terminal};
use crate::hang_guard::{Marker, guarded};
use crate::i18n::Text;
use crate::replay;
use crate::session::{Action, Typed};
use ctlab::lesson::{Lang, Lesson};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lesson: &'static Lesson,
    /// 0-based.
    pub step: usize,
    /// What the student typed at this step, in order.
    pub typed: Vec<Typed>,
    pub solved: bool,
    /// A typed line dropped at start because its replay never finished.
    #[prop_or_default]
    pub dropped: Option<Typed>,
    pub lang: Lang,
    /// Where `Type`, `ResetStep` and `Solved` go (the session reducer).
    pub on_action: Callback<Action>,
}

#[component]
pub fn Stage(props: &Props) -> Html {
    let lang = props.lang;
    // Replayed once per (lesson, step, typed lines), not on every render
    // (a language switch or a tab click re-renders without new commands).
    let shown = use_memo(
        (props.lesson.id.clone(), props.step, props.typed.clone()),
        {
            let lesson = props.lesson;
            move |(id, step, typed): &(String, usize, Vec<Typed>)| {
                let marker = Marker {
                    lesson: id.clone(),
                    step: *step,
                    typed: typed.len(),
                };
                guarded(marker, || replay::replay(lesson, *step, typed))
            }
        },
    );
    let terminals = if props.lesson.terminals.is_empty() {
        vec!["host".to_string()]
    } else {
        props.lesson.terminals.clone()
    };
    let on_type = props
        .on_action
        .reform(|(terminal, command): (String, String)| Action::Type { terminal, command });
    let on_solved = props.on_action.reform(|()| Action::Solved);
    let on_reset = props.on_action.reform(|_: MouseEvent| Action::ResetStep);
    // A new step gets fresh tabs and task state.
    let key = format!("{}/{}", props.lesson.id, props.step);
    let dropped = props.dropped.as_ref().map(|t| {
        html! {
            <p class="dropped" data-testid="dropped-command" role="alert">
                { Text::Dropped.get(lang) }{ " " }<code>{ format!("{}# {}", t.terminal, t.command) }</code>
            </p>
        }
    });
    html! {
        <div class="stage">
            { for dropped }
            <Terminal key={key.clone()} {terminals} shown={shown.clone()} {lang} {on_type} />
            <div class="stage-buttons">
                <button
                    data-testid="reset-step"
                    title={Text::ResetHint.get(lang)}
                    disabled={props.typed.is_empty()}
                    onclick={on_reset}
                >{ Text::Reset.get(lang) }</button>
            </div>
            <Task
                {key}
                lesson={props.lesson}
                step={props.step}
                typed={props.typed.clone()}
                solved={props.solved}
                {lang}
                {on_solved}
            />
        </div>
    }
}
