//! English / 中文.

use crate::session::{Action, Session};
use ctlab::lesson::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<Session>,
}

#[component]
pub fn LangSwitch(props: &Props) -> Html {
    let button = |lang: Lang, label: &'static str| {
        let dispatch = props.dispatch.clone();
        let pressed = props.lang == lang;
        html! {
            <button
                data-testid={format!("lang-{}", lang.code())}
                class={classes!("lang", pressed.then_some("active"))}
                aria-pressed={pressed.to_string()}
                onclick={move |_| dispatch.dispatch(Action::SetLang(lang))}
            >{ label }</button>
        }
    };
    html! {
        <nav class="lang-switch" aria-label="Language / 语言">
            { button(Lang::En, "English") }
            { button(Lang::Zh, "中文") }
        </nav>
    }
}
