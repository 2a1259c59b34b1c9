//! A step's terminals as the model shows them: one tab per terminal of the
//! lesson, each with its commands (the step's transcript, then what the
//! student typed), the model's output for each, and an input line.
//!
//! The output is the model's, never the lesson file's text: where the two
//! differ the command carries a badge, so a gap in the model is visible
//! instead of papered over with the recorded output.

use crate::i18n::Text;
use crate::replay::Shown;
use ctlab::lesson::Lang;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The lesson's terminals, in the order of its front matter.
    pub terminals: Vec<String>,
    pub shown: Rc<Vec<Shown>>,
    pub lang: Lang,
    /// `(terminal, line)` when the student presses Enter.
    pub on_type: Callback<(String, String)>,
}

#[component]
pub fn Terminal(props: &Props) -> Html {
    let lang = props.lang;
    // The tab first shown: the one the step's last command was typed into.
    let first = props
        .shown
        .last()
        .map(|s| s.terminal.clone())
        .filter(|t| props.terminals.contains(t))
        .or_else(|| props.terminals.first().cloned())
        .unwrap_or_else(|| "host".to_string());
    let active = use_state(|| first);
    let pre = use_node_ref();
    {
        // Keep the newest output in view, as a terminal scrolls.
        let pre = pre.clone();
        use_effect_with((props.shown.clone(), (*active).clone()), move |_| {
            if let Some(el) = pre.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let tabs = props.terminals.iter().map(|name| {
        let selected = *active == *name;
        let onclick = {
            let active = active.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| active.set(name.clone()))
        };
        html! {
            <button
                role="tab"
                data-testid={format!("term-tab-{name}")}
                class={classes!("term-tab", selected.then_some("active"))}
                aria-selected={selected.to_string()}
                {onclick}
            >{ name }</button>
        }
    });

    let entries: Vec<&Shown> = props
        .shown
        .iter()
        .filter(|s| s.terminal == *active)
        .collect();
    let lines = entries.iter().map(|s| {
        let badge = s.differs.then(|| {
            let mut title = format!("{}\n", Text::ModelDiffersLong.get(lang));
            for l in s.expected.iter().flatten() {
                title.push_str(l);
                title.push('\n');
            }
            html! {
                <span class="differs" data-testid="model-differs" {title}>{ Text::ModelDiffers.get(lang) }</span>
            }
        });
        html! {
            <span class={classes!("entry", s.expected.is_none().then_some("typed"))}>
                <span class="prompt">{ format!("{}{} ", s.terminal, s.prompt) }</span>
                <span class="command">{ &s.command }</span>
                { for badge }{ "\n" }
                <span class="output">{ &s.screen }</span>
            </span>
        }
    });

    let onkeydown = {
        let on_type = props.on_type.clone();
        let active = active.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Enter that ends an IME composition (拼音) picks characters;
            // it does not run the line.
            if e.key() != "Enter" || e.is_composing() {
                return;
            }
            e.prevent_default();
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let line = input.value();
            input.set_value("");
            if !line.trim().is_empty() {
                on_type.emit(((*active).clone(), line));
            }
        })
    };

    html! {
        <figure class="terminal">
            <figcaption>
                <span>{ Text::Terminal.get(lang) }</span>
                <span class="term-tabs" role="tablist">{ for tabs }</span>
            </figcaption>
            <pre data-testid="terminal" ref={pre}>
                if entries.is_empty() {
                    <span class="muted">{ Text::NoTranscript.get(lang) }</span>
                } else {
                    { for lines }
                }
            </pre>
            <label class="term-input-line">
                <span class="prompt">{ format!("{}# ", *active) }</span>
                <input
                    data-testid="term-input"
                    type="text"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-label={Text::InputHint.get(lang)}
                    placeholder={Text::InputHint.get(lang)}
                    {onkeydown}
                />
            </label>
        </figure>
    }
}
