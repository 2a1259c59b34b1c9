//! A step's task: "Check my work" runs the task's check commands after the
//! student's (in a session of their own) and says solved or not yet, with
//! expected against got for each check command; "Show solution" reveals the
//! reference solution's commands without running them.

use crate::i18n::Text;
use crate::replay::{self, CheckReport};
use crate::session::Typed;
use ctlab::lesson::{Lang, Lesson};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lesson: &'static Lesson,
    pub step: usize,
    pub typed: Vec<Typed>,
    /// The check passed once (saved in the session).
    pub solved: bool,
    pub lang: Lang,
    pub on_solved: Callback<()>,
}

#[component]
pub fn Task(props: &Props) -> Html {
    let lang = props.lang;
    // The last check's report and the typed lines it ran after: a report
    // about other commands than those now typed is stale and not shown.
    let report = use_state(|| None::<(Vec<Typed>, CheckReport)>);
    let show_solution = use_state(|| false);
    let Some(step) = props.lesson.steps.get(props.step) else {
        return html! {};
    };
    if step.check.is_empty() {
        return html! {};
    }
    let on_check = {
        let report = report.clone();
        let (lesson, at, typed) = (props.lesson, props.step, props.typed.clone());
        let on_solved = props.on_solved.clone();
        Callback::from(move |_: MouseEvent| {
            let r = replay::check(lesson, at, &typed);
            if r.solved {
                on_solved.emit(());
            }
            report.set(Some((typed.clone(), r)));
        })
    };
    let toggle = {
        let show_solution = show_solution.clone();
        Callback::from(move |_: MouseEvent| show_solution.set(!*show_solution))
    };
    let current = (*report)
        .as_ref()
        .filter(|(typed, _)| *typed == props.typed)
        .map(|(_, r)| r);
    let result = current.map(|r| {
        if r.solved {
            html! { <div class="task-result solved" data-testid="task-result">{ Text::TaskSolved.get(lang) }</div> }
        } else {
            let failed = r.lines.iter().filter(|l| !l.ok).map(|l| html! {
                <li>
                    <code>{ format!("{}# {}", l.terminal, l.command) }</code>
                    <div class="diff">
                        <span class="label">{ Text::Expected.get(lang) }</span>
                        <pre class="expected">{ l.expected.join("\n") }</pre>
                        <span class="label">{ Text::Got.get(lang) }</span>
                        <pre class="got">{ l.got.join("\n") }</pre>
                    </div>
                </li>
            });
            html! {
                <div class="task-result not-yet" data-testid="task-result">
                    { Text::TaskNotYet.get(lang) }
                    <ul>{ for failed }</ul>
                </div>
            }
        }
    });
    let solution = show_solution.then(|| {
        let lines: String = step
            .solution
            .iter()
            .map(|e| format!("{}{} {}\n", e.terminal, e.prompt, e.command))
            .collect();
        html! {
            <div class="solution">
                <p class="muted">{ Text::SolutionNotRun.get(lang) }</p>
                <pre data-testid="solution">{ lines }</pre>
            </div>
        }
    });
    html! {
        <section class={classes!("task", props.solved.then_some("solved"))}>
            <h3>
                { Text::Task.get(lang) }
                if props.solved {
                    <span class="solved-mark" data-testid="task-solved">{ " ✓" }</span>
                }
            </h3>
            <div class="task-buttons">
                <button data-testid="check-task" class="primary" onclick={on_check}>{ Text::CheckWork.get(lang) }</button>
                <button data-testid="show-solution" aria-pressed={show_solution.to_string()} onclick={toggle}>
                    { if *show_solution { Text::HideSolution.get(lang) } else { Text::ShowSolution.get(lang) } }
                </button>
            </div>
            { for result }
            { for solution }
        </section>
    }
}
