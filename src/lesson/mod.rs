//! Lesson files: one Markdown file per lesson (docs/lesson-format.md).
//!
//! Parsing never fails: [`parse`] always returns a [`Lesson`] (possibly with
//! no steps) and the [`Diagnostic`]s of everything that was wrong, with line
//! and column. A lesson can therefore never crash the app or the CLI.
//!
//! The Markdown structure (headings, HTML comments, fenced blocks) is found
//! with pulldown-cmark's offset iterator so that every piece keeps its
//! position in the source; the front matter and the transcripts, which are
//! not Markdown, have parsers of their own.

pub mod diagnostic;
pub mod expected;
mod front_matter;
pub mod record;
pub mod run;
pub mod transcript;

use diagnostic::SourceMap;
pub use diagnostic::{Diagnostic, Severity};
use front_matter::Value;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// The languages every lesson and UI string ships in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// A text in several languages; English is the fallback a lesson must have.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Localized(BTreeMap<Lang, String>);

impl Localized {
    pub fn en(text: impl Into<String>) -> Self {
        Self(BTreeMap::from([(Lang::En, text.into())]))
    }

    /// The text in `lang`, else in English, else in any language, else "".
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .get(&lang)
            .or_else(|| self.0.get(&Lang::En))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    pub fn has(&self, lang: Lang) -> bool {
        self.0.get(&lang).is_some_and(|t| !t.trim().is_empty())
    }

    fn set(&mut self, lang: Lang, text: String) {
        self.0.insert(lang, text);
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Lesson {
    pub id: String,
    pub title: Localized,
    /// Markdown before the first step.
    pub intro: Localized,
    /// Terminal names a transcript may use; `host` unless the front matter
    /// says otherwise.
    pub terminals: Vec<String>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Step {
    pub title: Localized,
    /// The step's Markdown, without its console blocks.
    pub text: Localized,
    pub transcript: Vec<transcript::Entry>,
    /// The step's task, if it has one: a ```` ```console solution ````
    /// block (hidden from the student until asked for; replayed by
    /// `ctlab check`) and a ```` ```console check ```` block, run after the
    /// student's (or the solution's) commands: the task is solved when its
    /// output matches.
    pub solution: Vec<transcript::Entry>,
    pub check: Vec<transcript::Entry>,
    /// 1-based line of the step's heading.
    pub line: usize,
}

/// What a ```` ```console ```` block is for, from its info string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Shown and replayed: the step's commands.
    Transcript,
    /// The reference solution of the step's task.
    Solution,
    /// The check that decides whether the task is solved.
    Check,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Parsed {
    pub lesson: Lesson,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

const FRONT_MATTER_KEYS: [&str; 5] = ["id", "title", "summary", "kernel", "terminals"];

/// Parses a lesson file. Never fails; see the module docs.
pub fn parse(source: &str) -> Parsed {
    let map = SourceMap::new(source);
    let mut diagnostics = Vec::new();
    let mut lesson = Lesson {
        terminals: vec!["host".to_string()],
        ..Lesson::default()
    };
    let body_start = front_matter(source, &map, &mut lesson, &mut diagnostics);
    let structure = Structure::scan(source, body_start, &map, &mut diagnostics);

    let first_heading = structure
        .headings
        .first()
        .map_or(source.len(), |h| h.range.start);
    let intro = Section::build(
        source,
        body_start..first_heading,
        &structure,
        &lesson,
        &map,
        &mut diagnostics,
    );
    if !intro.transcript.is_empty() {
        diagnostics.push(map.diagnostic(
            Severity::Warning,
            body_start,
            "console block before the first `## ` step is not part of any step",
        ));
    }
    lesson.intro = intro.text;

    for (i, heading) in structure.headings.iter().enumerate() {
        let end = structure
            .headings
            .get(i + 1)
            .map_or(source.len(), |h| h.range.start);
        let section = Section::build(
            source,
            heading.range.end..end,
            &structure,
            &lesson,
            &map,
            &mut diagnostics,
        );
        let mut title = Localized::en(heading.title.clone());
        for (lang, text) in section.titles {
            title.set(lang, text);
        }
        match (section.solution_at, section.check_at) {
            (Some(at), None) => diagnostics.push(map.diagnostic(
                Severity::Error,
                at,
                "a `console solution` block needs a `console check` block in the same step: the check decides when the task is solved",
            )),
            (None, Some(at)) => diagnostics.push(map.diagnostic(
                Severity::Error,
                at,
                "a `console check` block needs a `console solution` block in the same step, so that `ctlab check` proves the task can be solved",
            )),
            _ => {}
        }
        let step = Step {
            title,
            text: section.text,
            transcript: section.transcript,
            solution: section.solution,
            check: section.check,
            line: map.position(heading.range.start).0,
        };
        for lang in Lang::ALL {
            if !step.text.has(lang) && !step.title.has(lang) {
                diagnostics.push(map.diagnostic(
                    Severity::Warning,
                    heading.range.start,
                    format!(
                        "step has no {} text (`<!-- lang: {} -->`)",
                        lang_name(lang),
                        lang.code()
                    ),
                ));
            }
        }
        lesson.steps.push(step);
    }
    if lesson.steps.is_empty() {
        diagnostics.push(map.diagnostic(
            Severity::Error,
            body_start,
            "lesson has no steps: each step starts with a `## ` heading",
        ));
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    Parsed {
        lesson,
        diagnostics,
    }
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Zh => "简体中文",
    }
}

/// Reads the front matter into `lesson`; returns where the Markdown starts.
fn front_matter(
    source: &str,
    map: &SourceMap<'_>,
    lesson: &mut Lesson,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let Some(after_open) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        diagnostics.push(map.diagnostic(
            Severity::Error,
            0,
            "a lesson starts with front matter: a `---` line, `id:` and `title:`, and a closing `---` line",
        ));
        return 0;
    };
    let start = source.len() - after_open.len();
    let mut offset = start;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((end, body_start)) = close else {
        diagnostics.push(map.diagnostic(
            Severity::Error,
            0,
            "front matter opened here is never closed by a `---` line",
        ));
        return source.len();
    };
    let mut id_reported = false;
    for entry in front_matter::parse(&source[start..end], start, map, diagnostics) {
        match entry.key.as_str() {
            "id" => match entry.value.as_str() {
                Some(id) if is_id(id) => lesson.id = id.to_string(),
                _ => {
                    id_reported = true;
                    diagnostics.push(map.diagnostic(
                        Severity::Error,
                        entry.offset,
                        "`id` is a short name of lowercase letters, digits and `-`, such as `pid-namespace`",
                    ));
                }
            },
            "title" => lesson.title = localized(&entry.value, entry.offset, map, diagnostics),
            "terminals" => match &entry.value {
                Value::Seq(names)
                    if !names.is_empty() && names.iter().all(|n| n.as_str().is_some_and(is_id)) =>
                {
                    lesson.terminals = names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect();
                }
                _ => diagnostics.push(map.diagnostic(
                    Severity::Error,
                    entry.offset,
                    "`terminals` is a list of names, such as [host, peer]",
                )),
            },
            key if FRONT_MATTER_KEYS.contains(&key) => {}
            key => diagnostics.push(map.diagnostic(
                Severity::Warning,
                entry.offset,
                format!(
                    "unknown front matter key `{key}` (known: {})",
                    FRONT_MATTER_KEYS.join(", ")
                ),
            )),
        }
    }
    if lesson.id.is_empty() && !id_reported {
        diagnostics.push(map.diagnostic(Severity::Error, start, "front matter has no `id:`"));
    }
    if !lesson.title.has(Lang::En) {
        diagnostics.push(map.diagnostic(
            Severity::Error,
            start,
            "front matter has no English `title:` (for example `title: { en: \"…\", zh: \"…\" }`)",
        ));
    }
    body_start
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn localized(
    value: &Value,
    offset: usize,
    map: &SourceMap<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Localized {
    let mut out = Localized::default();
    match value {
        Value::Str(s) => out.set(Lang::En, s.clone()),
        Value::Map(entries) => {
            for e in entries {
                match (Lang::from_code(&e.key), e.value.as_str()) {
                    (Some(lang), Some(text)) => out.set(lang, text.to_string()),
                    _ => diagnostics.push(map.diagnostic(
                        Severity::Error,
                        if e.offset == 0 { offset } else { e.offset },
                        format!(
                            "`{}` is not a language of ctlab (en, zh) with a text",
                            e.key
                        ),
                    )),
                }
            }
        }
        Value::Seq(_) => diagnostics.push(map.diagnostic(
            Severity::Error,
            offset,
            "expected a text or { en: …, zh: … }",
        )),
    }
    out
}

struct Heading {
    /// From the `##` to the end of the heading line.
    range: Range<usize>,
    title: String,
}

enum Marker {
    /// `<!-- lang: zh -->`: the text up to the next marker is in that language.
    Lang(Lang),
    /// `<!-- zh: 标题 -->`: the step's title in that language.
    Title(Lang, String),
    /// `<!-- skip guest: reason -->`: the next console block's commands
    /// need not agree there.
    Skip(transcript::Skip),
}

/// Where the Markdown's structural pieces are, in source byte offsets.
struct Structure {
    headings: Vec<Heading>,
    markers: Vec<(Range<usize>, Marker)>,
    /// Console blocks: the whole fenced block, the range of its content,
    /// and its kind.
    consoles: Vec<(Range<usize>, Range<usize>, BlockKind)>,
}

impl Structure {
    fn scan(
        source: &str,
        body_start: usize,
        map: &SourceMap<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut s = Structure {
            headings: Vec::new(),
            markers: Vec::new(),
            consoles: Vec::new(),
        };
        let body = &source[body_start..];
        let mut heading: Option<Heading> = None;
        let mut console: Option<(Range<usize>, Option<Range<usize>>, BlockKind)> = None;
        for (event, r) in Parser::new(body).into_offset_iter() {
            let r = r.start + body_start..r.end + body_start;
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    ..
                }) => {
                    heading = Some(Heading {
                        range: r,
                        title: String::new(),
                    });
                }
                Event::End(TagEnd::Heading(HeadingLevel::H2)) => s.headings.extend(heading.take()),
                Event::Text(t) | Event::Code(t) if heading.is_some() => {
                    if let Some(h) = heading.as_mut() {
                        h.title.push_str(&t);
                    }
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    let fence = source[r.clone()].trim_start();
                    let closed = source[r.clone()]
                        .trim_end()
                        .lines()
                        .last()
                        .is_some_and(|l| {
                            l.trim_start().starts_with(fence.get(..3).unwrap_or("```"))
                        })
                        && source[r.clone()].trim_end().lines().count() > 1;
                    if !closed {
                        diagnostics.push(map.diagnostic(
                            Severity::Error,
                            r.start,
                            format!(
                                "code block opened here is never closed: end it with a line of {}",
                                fence.get(..3).unwrap_or("```")
                            ),
                        ));
                    }
                    let mut words = info.split_whitespace();
                    if words.next() == Some("console") {
                        let kind = match words.next() {
                            None => BlockKind::Transcript,
                            Some("solution") => BlockKind::Solution,
                            Some("check") => BlockKind::Check,
                            Some(other) => {
                                diagnostics.push(map.diagnostic(
                                    Severity::Error,
                                    r.start,
                                    format!(
                                        "unknown console block kind `{other}`: write ```console, ```console solution or ```console check"
                                    ),
                                ));
                                BlockKind::Transcript
                            }
                        };
                        console = Some((r, None, kind));
                    }
                }
                Event::Text(_) if console.is_some() => {
                    if let Some((_, content, _)) = console.as_mut() {
                        let c = content.get_or_insert(r.clone());
                        c.end = r.end;
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((block, content, kind)) = console.take() {
                        let content = content.unwrap_or(block.end..block.end);
                        s.consoles.push((block, content, kind));
                    }
                }
                Event::Html(t) | Event::InlineHtml(t) => {
                    if let Some(marker) = marker(&t, r.start, map, diagnostics) {
                        s.markers.push((r, marker));
                    }
                }
                _ => {}
            }
        }
        s
    }
}

/// Reads a marker comment; other HTML is not ctlab's business.
fn marker(
    html: &str,
    at: usize,
    map: &SourceMap<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Marker> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let (key, value) = inner.split_once(':')?;
    let (key, value) = (key.trim(), value.trim());
    if let Some(on) = key.strip_prefix("skip ") {
        let Some(on) = transcript::SkipOn::from_word(on.trim()) else {
            diagnostics.push(map.diagnostic(
                Severity::Error,
                at,
                format!(
                    "unknown skip target `{}`: write model, host, guest or kernel",
                    on.trim()
                ),
            ));
            return None;
        };
        if value.is_empty() {
            diagnostics.push(map.diagnostic(
                Severity::Error,
                at,
                "a skip needs its reason: `<!-- skip guest: why the guest differs -->`",
            ));
            return None;
        }
        return Some(Marker::Skip(transcript::Skip {
            on,
            reason: value.to_string(),
        }));
    }
    if key == "lang" {
        return match Lang::from_code(value) {
            Some(lang) => Some(Marker::Lang(lang)),
            None => {
                diagnostics.push(map.diagnostic(
                    Severity::Error,
                    at,
                    format!("unknown language `{value}` (ctlab ships en and zh)"),
                ));
                None
            }
        };
    }
    Lang::from_code(key).map(|lang| Marker::Title(lang, value.to_string()))
}

/// The pieces of one step (or of the intro) gathered from its byte range.
#[derive(Default)]
struct Section {
    text: Localized,
    titles: Vec<(Lang, String)>,
    transcript: Vec<transcript::Entry>,
    solution: Vec<transcript::Entry>,
    check: Vec<transcript::Entry>,
    /// Where the first solution and check blocks start (for diagnostics).
    solution_at: Option<usize>,
    check_at: Option<usize>,
}

impl Section {
    fn build(
        source: &str,
        range: Range<usize>,
        structure: &Structure,
        lesson: &Lesson,
        map: &SourceMap<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let inside = |r: &Range<usize>| r.start >= range.start && r.end <= range.end;
        // Cuts: markers and console blocks, in source order.
        let mut cuts: Vec<(Range<usize>, Option<&Marker>)> = structure
            .markers
            .iter()
            .filter(|(r, _)| inside(r))
            .map(|(r, m)| (r.clone(), Some(m)))
            .chain(
                structure
                    .consoles
                    .iter()
                    .filter(|(r, _, _)| inside(r))
                    .map(|(r, _, _)| (r.clone(), None)),
            )
            .collect();
        cuts.sort_by_key(|(r, _)| r.start);

        let mut section = Section::default();
        let mut neutral = String::new();
        let mut by_lang: BTreeMap<Lang, String> = BTreeMap::new();
        let mut current: Option<Lang> = None;
        let mut at = range.start;
        let mut pending_skip: Option<(usize, &transcript::Skip)> = None;
        let mut push = |text: &str, current: Option<Lang>| match current {
            None => neutral.push_str(text),
            Some(lang) => by_lang.entry(lang).or_default().push_str(text),
        };
        for (r, m) in cuts {
            push(&source[at..r.start.max(at)], current);
            at = r.end.max(at);
            match m {
                Some(Marker::Lang(lang)) => current = Some(*lang),
                Some(Marker::Title(lang, text)) => section.titles.push((*lang, text.clone())),
                Some(Marker::Skip(skip)) => pending_skip = Some((r.start, skip)),
                None => {
                    let (_, content, kind) = structure
                        .consoles
                        .iter()
                        .find(|(b, _, _)| *b == r)
                        .expect("cut from consoles");
                    let mut entries = transcript::parse(
                        &source[content.clone()],
                        content.start,
                        &lesson.terminals,
                        map,
                        diagnostics,
                    );
                    if let Some((_, skip)) = pending_skip.take() {
                        for e in &mut entries {
                            e.skip = Some(skip.clone());
                        }
                    }
                    match kind {
                        BlockKind::Transcript => section.transcript.extend(entries),
                        BlockKind::Solution => {
                            section.solution_at.get_or_insert(r.start);
                            section.solution.extend(entries);
                        }
                        BlockKind::Check => {
                            section.check_at.get_or_insert(r.start);
                            section.check.extend(entries);
                        }
                    }
                }
            }
        }
        push(&source[at..range.end.max(at)], current);
        if let Some((at, _)) = pending_skip {
            diagnostics.push(map.diagnostic(
                Severity::Error,
                at,
                "a skip marker applies to the console block after it, and none follows in this step",
            ));
        }
        for lang in Lang::ALL {
            let own = by_lang.get(&lang).map_or("", String::as_str);
            let text = format!("{}\n{}", neutral.trim(), own.trim());
            let text = text.trim();
            if !text.is_empty() {
                section.text.set(lang, text.to_string());
            }
        }
        section
    }
}

#[cfg(test)]
mod tests;
