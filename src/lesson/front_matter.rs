//! The front matter between the two `---` lines at the top of a lesson.
//!
//! It is the subset of YAML that lesson metadata needs: `key: value` lines,
//! one level of indented block maps, and flow maps / sequences such as
//! `title: { en: "Who is PID 1?", zh: "谁是 1 号进程？" }`. A full YAML
//! library would accept far more than a lesson may say and report errors
//! without the positions instructors need, so the subset is parsed here with
//! nom and every error keeps its line and column.

use super::diagnostic::{Diagnostic, Severity, SourceMap};
use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::{char, space0};
use nom::combinator::{all_consuming, map, opt};
use nom::multi::separated_list0;
use nom::sequence::{delimited, preceded, separated_pair, terminated};
use nom::{IResult, Parser};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Map(Vec<Entry>),
    Seq(Vec<Value>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// Byte offset of the key in the whole lesson source.
    pub offset: usize,
    pub value: Value,
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Parses `text`, which starts at byte `base` of the lesson source.
pub(crate) fn parse(
    text: &str,
    base: usize,
    map: &SourceMap<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    // Whether the last top-level entry opened a block map (`key:` alone).
    let mut block_open = false;
    let mut offset = base;
    for raw in text.split_inclusive('\n') {
        let line_offset = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if body.starts_with('\t') {
            let at = line_offset + indent;
            diagnostics.push(map.diagnostic(
                Severity::Error,
                at,
                "tab used for indentation; YAML indents with spaces",
            ));
            continue;
        }
        let parsed = match entry_line(body) {
            Ok((_, parsed)) => parsed,
            Err(e) => {
                let rest = match &e {
                    nom::Err::Error(e) | nom::Err::Failure(e) => e.input,
                    nom::Err::Incomplete(_) => "",
                };
                let at = line_offset + indent + (body.len() - rest.len());
                diagnostics.push(map.diagnostic(
                    Severity::Error,
                    at,
                    "expected `key: value` (a value is text, \"quoted text\", { map } or [ list ])",
                ));
                continue;
            }
        };
        let (key, value) = parsed;
        let key_offset = line_offset + indent;
        if indent == 0 {
            block_open = value.is_none();
            entries.push(Entry {
                key: key.to_string(),
                offset: key_offset,
                value: value.unwrap_or(Value::Map(Vec::new())),
            });
        } else if let (
            true,
            Some(Entry {
                value: Value::Map(m),
                ..
            }),
        ) = (block_open, entries.last_mut())
        {
            match value {
                Some(value) => m.push(Entry {
                    key: key.to_string(),
                    offset: key_offset,
                    value,
                }),
                None => diagnostics.push(map.diagnostic(
                    Severity::Error,
                    key_offset,
                    "front matter nests at most one level; write the inner map as { key: value }",
                )),
            }
        } else {
            diagnostics.push(map.diagnostic(Severity::Error, key_offset, "unexpected indentation"));
        }
    }
    entries
}

/// `key: value # comment`, or `key:` alone, which opens a block map.
fn entry_line(i: &str) -> IResult<&str, (&str, Option<Value>)> {
    all_consuming(terminated(
        separated_pair(key, char(':'), opt(preceded(space0, block_value))),
        (space0, opt(preceded(char('#'), take_while(|_| true)))),
    ))
    .parse(i)
    .map(|(rest, (k, v))| (rest, (k, v.flatten())))
}

fn key(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-').parse(i)
}

/// A value after `key:` at the end of a line; `None` when the line ends there.
fn block_value(i: &str) -> IResult<&str, Option<Value>> {
    if i.trim_start().is_empty() || i.trim_start().starts_with('#') {
        return Ok((i, None));
    }
    alt((flow_map, flow_seq, quoted, plain(" #")))
        .parse(i)
        .map(|(r, v)| (r, Some(v)))
}

fn flow_value(i: &str) -> IResult<&str, Value> {
    alt((flow_map, flow_seq, quoted, plain(",{}[]#"))).parse(i)
}

fn flow_map(i: &str) -> IResult<&str, Value> {
    let pair = separated_pair(key, (space0, char(':'), space0), flow_value);
    map(
        delimited(
            (char('{'), space0),
            separated_list0((space0, char(','), space0), pair),
            (space0, char('}')),
        ),
        |pairs| {
            Value::Map(
                pairs
                    .into_iter()
                    .map(|(k, value)| Entry {
                        key: k.to_string(),
                        // Positions inside a flow map point at the line's key.
                        offset: 0,
                        value,
                    })
                    .collect(),
            )
        },
    )
    .parse(i)
}

fn flow_seq(i: &str) -> IResult<&str, Value> {
    map(
        delimited(
            (char('['), space0),
            separated_list0((space0, char(','), space0), flow_value),
            (space0, char(']')),
        ),
        Value::Seq,
    )
    .parse(i)
}

/// `"…"` with the escapes YAML double-quoted scalars use most, or `'…'`
/// where `''` is a quote.
fn quoted(i: &str) -> IResult<&str, Value> {
    let err = || nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Char));
    let quote = i
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')
        .ok_or_else(err)?;
    let mut out = String::new();
    let mut chars = i[1..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, c @ ('"' | '\\' | '/'))) => out.push(c),
                _ => {
                    return Err(nom::Err::Error(nom::error::Error::new(
                        &i[1 + at..],
                        nom::error::ErrorKind::Escaped,
                    )));
                }
            },
            '\'' if quote == '\'' && i[1 + at + 1..].starts_with('\'') => {
                chars.next();
                out.push('\'');
            }
            c if c == quote => return Ok((&i[1 + at + 1..], Value::Str(out))),
            c => out.push(c),
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        &i[i.len()..],
        nom::error::ErrorKind::Char,
    )))
}

/// An unquoted scalar, up to one of `stops` (a space before `#` starts a
/// comment in block context), trimmed.
fn plain(stops: &'static str) -> impl Fn(&str) -> IResult<&str, Value> {
    move |i: &str| {
        // YAML plain scalars may not start with an indicator character.
        if i.starts_with(['{', '[', '"', '\'', ',', '}', ']', '#']) {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Verify,
            )));
        }
        let mut end = i.len();
        for (at, c) in i.char_indices() {
            let comment = c == '#' && (at == 0 || i[..at].ends_with(' '));
            if (stops.contains(c) && c != ' ' && c != '#') || comment {
                end = at;
                break;
            }
        }
        let text = i[..end].trim_end();
        if text.is_empty() {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::TakeWhile1,
            )));
        }
        Ok((&i[text.len()..], Value::Str(text.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Vec<Entry> {
        let map = SourceMap::new(text);
        let mut d = Vec::new();
        let e = parse(text, 0, &map, &mut d);
        assert_eq!(d, vec![], "unexpected diagnostics");
        e
    }

    #[test]
    fn flow_map_with_quoted_chinese() {
        let e = parse_ok(
            "id: pid-namespace\ntitle: { en: \"Who is PID 1?\", zh: \"谁是 1 号进程？\" }\n",
        );
        assert_eq!(e[0].value, Value::Str("pid-namespace".into()));
        let Value::Map(m) = &e[1].value else { panic!() };
        assert_eq!(m[1].key, "zh");
        assert_eq!(m[1].value, Value::Str("谁是 1 号进程？".into()));
    }

    #[test]
    fn block_map_and_comments() {
        let e = parse_ok(
            "# a lesson\ntitle:\n  en: Hello, world # greeting\n  zh: '你好'\nterminals: [host, peer]\n",
        );
        let Value::Map(m) = &e[0].value else { panic!() };
        assert_eq!(m[0].value, Value::Str("Hello, world".into()));
        assert_eq!(m[1].value, Value::Str("你好".into()));
        assert_eq!(
            e[1].value,
            Value::Seq(vec![Value::Str("host".into()), Value::Str("peer".into())])
        );
    }

    #[test]
    fn errors_point_at_line_and_column() {
        let text = "id: x\ntitle: { en: \"open\n";
        let map = SourceMap::new(text);
        let mut d = Vec::new();
        parse(text, 0, &map, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (2, 8));
    }
}
