//! A step's console transcript, shown as a terminal would show it.

use ctlab::lesson::transcript::Entry;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub entries: Vec<Entry>,
    pub title: AttrValue,
    pub empty: AttrValue,
}

#[component]
pub fn Terminal(props: &Props) -> Html {
    let lines = props.entries.iter().map(|e| {
        html! {
            <>
                <span class="prompt">{ format!("{}{} ", e.terminal, e.prompt) }</span>
                <span class="command">{ &e.command }</span>{ "\n" }
                { for e.expected.iter().map(|l| html! { <>{ l }{ "\n" }</> }) }
            </>
        }
    });
    html! {
        <figure class="terminal">
            <figcaption>{ &props.title }</figcaption>
            <pre data-testid="terminal">
                if props.entries.is_empty() {
                    <span class="muted">{ &props.empty }</span>
                } else {
                    { for lines }
                }
            </pre>
        </figure>
    }
}
