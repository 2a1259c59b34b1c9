//! Step text: Markdown rendered to HTML by pulldown-cmark.
//!
//! Lessons may come from anyone (a shared file or link), so raw HTML in them
//! is shown as text, never interpreted, and links may only use safe schemes:
//! what reaches the DOM is what pulldown-cmark itself escaped.

use pulldown_cmark::{Event, Options, Parser, Tag, html};
use yew::{AttrValue, Html};

pub fn to_html_string(markdown: &str) -> String {
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: "".into(),
            title,
            id,
        }),
        event => event,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

pub fn render(markdown: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(to_html_string(markdown)))
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon after a slash, '?' or '#' is not a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}
