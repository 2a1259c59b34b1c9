//! Printing a tree back as a command line.
//!
//! The output is normalized — one line, single spaces, `;` between
//! commands, `$(…)` for backticks, redirections after the words, `${x}` only
//! where `$x` would run into the next character, no comments — and it parses
//! back to the same tree: `parse(&t.to_string()) == Ok(t)` for every `t`
//! that `parse` returns (the property tests check it). Quoting is kept as
//! written, because the UI shows students what ran.

use std::fmt;

use super::ast::{
    AndOr, Assignment, Command, Connector, DqPart, List, Param, ParamName, ParamOp, Pipeline,
    Redirect, SimpleCommand, Word, WordPart,
};
use super::lexer::is_name_char;
use super::parser::RESERVED;

fn list(out: &mut String, l: &List) {
    for (i, item) in l.items.iter().enumerate() {
        if i > 0 {
            // `a &; b` is a syntax error: `&` already separates.
            out.push_str(if l.items[i - 1].background { " " } else { "; " });
        }
        and_or(out, &item.and_or);
        if item.background {
            out.push_str(" &");
        }
    }
}

fn and_or(out: &mut String, a: &AndOr) {
    pipeline(out, &a.first);
    for (c, p) in &a.rest {
        out.push_str(match c {
            Connector::And => " && ",
            Connector::Or => " || ",
        });
        pipeline(out, p);
    }
}

fn pipeline(out: &mut String, p: &Pipeline) {
    if p.negated {
        out.push_str("! ");
    }
    for (i, c) in p.commands.iter().enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        command(out, c);
    }
}

/// `(` + the list, with a space if the list itself starts with `(`:
/// `((` and `$((` would be arithmetic.
fn parenthesized(out: &mut String, open: &str, l: &List) {
    out.push_str(open);
    let mut inner = String::new();
    list(&mut inner, l);
    if inner.starts_with('(') {
        out.push(' ');
    }
    out.push_str(&inner);
    out.push(')');
}

fn command(out: &mut String, c: &Command) {
    match c {
        Command::Simple(s) => simple(out, s),
        Command::Subshell(c) => {
            parenthesized(out, "(", &c.body);
            redirects(out, &c.redirects);
        }
        Command::Group(c) => {
            out.push_str("{ ");
            list(out, &c.body);
            let bg = c.body.items.last().is_some_and(|i| i.background);
            out.push_str(if bg { " }" } else { "; }" });
            redirects(out, &c.redirects);
        }
    }
}

fn redirects(out: &mut String, rs: &[Redirect]) {
    for r in rs {
        out.push(' ');
        redirect(out, r);
    }
}

fn redirect(out: &mut String, r: &Redirect) {
    if let Some(fd) = r.fd {
        out.push_str(&fd.to_string());
    }
    out.push_str(r.op.as_str());
    word(out, &r.target.parts);
}

fn simple(out: &mut String, s: &SimpleCommand) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push(' ');
        }
        first = false;
    };
    for a in &s.assignments {
        sep(out);
        assignment(out, a);
    }
    // Redirections go last, unless the command name would then be read as a
    // reserved word: `>/dev/null while` runs a command named `while`.
    let reserved = s.assignments.is_empty()
        && s.words
            .first()
            .and_then(Word::as_plain_literal)
            .is_some_and(|w| RESERVED.contains(&w));
    if reserved {
        for r in &s.redirects {
            sep(out);
            redirect(out, r);
        }
    }
    for w in &s.words {
        sep(out);
        word(out, &w.parts);
    }
    if !reserved {
        for r in &s.redirects {
            sep(out);
            redirect(out, r);
        }
    }
}

fn assignment(out: &mut String, a: &Assignment) {
    out.push_str(&a.name);
    out.push_str(if a.append { "+=" } else { "=" });
    word(out, &a.value.parts);
}

/// Whether the part printed next starts with a character that would
/// continue an unbraced `$name`.
fn continues_name(next: Option<&WordPart>) -> bool {
    match next {
        Some(WordPart::Literal(s) | WordPart::Glob(s)) => s.starts_with(is_name_char),
        _ => false,
    }
}

fn word(out: &mut String, parts: &[WordPart]) {
    for (i, part) in parts.iter().enumerate() {
        match part {
            WordPart::Literal(s) | WordPart::Glob(s) => out.push_str(s),
            WordPart::Escaped(c) => {
                out.push('\\');
                out.push(*c);
            }
            WordPart::SingleQuoted(s) => {
                out.push('\'');
                out.push_str(s);
                out.push('\'');
            }
            WordPart::AnsiC(s) => {
                out.push_str("$'");
                out.push_str(s);
                out.push('\'');
            }
            WordPart::DoubleQuoted(ps) => {
                out.push('"');
                dq(out, ps, false);
                out.push('"');
            }
            WordPart::Param(p) => param(out, p, false, continues_name(parts.get(i + 1))),
            WordPart::CommandSubst(l) => parenthesized(out, "$(", l),
            WordPart::Tilde(user) => {
                out.push('~');
                out.push_str(user);
            }
        }
    }
}

/// The inside of double quotes; `in_brace` for the word of `"${x:-…}"`,
/// where `}` must be escaped too.
fn dq(out: &mut String, parts: &[DqPart], in_brace: bool) {
    for (i, part) in parts.iter().enumerate() {
        match part {
            DqPart::Literal(s) => {
                for c in s.chars() {
                    if matches!(c, '$' | '`' | '"' | '\\') || (in_brace && c == '}') {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            DqPart::Param(p) => {
                let next = match parts.get(i + 1) {
                    Some(DqPart::Literal(s)) => s.starts_with(is_name_char),
                    _ => false,
                };
                param(out, p, true, next);
            }
            DqPart::CommandSubst(l) => parenthesized(out, "$(", l),
        }
    }
}

fn param(out: &mut String, p: &Param, in_dq: bool, next_continues: bool) {
    let name = match &p.name {
        ParamName::Var(s) => s.clone(),
        ParamName::Positional(n) => n.to_string(),
        ParamName::Special(c) => c.to_string(),
    };
    let braced = p.op.is_some()
        || matches!(p.name, ParamName::Positional(n) if n >= 10)
        || (matches!(p.name, ParamName::Var(_)) && next_continues);
    if !braced {
        out.push('$');
        out.push_str(&name);
        return;
    }
    out.push_str("${");
    match &p.op {
        None => out.push_str(&name),
        Some(ParamOp::Length) => {
            out.push('#');
            out.push_str(&name);
        }
        Some(ParamOp::Test {
            kind,
            colon,
            word: w,
        }) => {
            out.push_str(&name);
            if *colon {
                out.push(':');
            }
            out.push(kind.as_char());
            if in_dq {
                for part in &w.parts {
                    match part {
                        WordPart::DoubleQuoted(ps) => dq(out, ps, true),
                        other => word(out, std::slice::from_ref(other)),
                    }
                }
            } else {
                word(out, &w.parts);
            }
        }
    }
    out.push('}');
}

macro_rules! display_via {
    ($($ty:ty => $f:expr;)*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut out = String::new();
                ($f)(&mut out, self);
                f.write_str(&out)
            }
        }
    )*};
}

display_via! {
    List => list;
    AndOr => and_or;
    Pipeline => pipeline;
    Command => command;
    SimpleCommand => simple;
    Redirect => redirect;
    Assignment => assignment;
    Word => |out: &mut String, w: &Word| word(out, &w.parts);
}
