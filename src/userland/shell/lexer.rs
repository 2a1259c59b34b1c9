//! Tokens and words: bash's lexical rules.
//!
//! Shell lexing depends on the parser's state (a word is a reserved word
//! only where a command starts; `$( … )` holds a whole command list), so
//! the lexer is a set of methods on [`Parser`] that the parser calls for
//! one token at a time; `$(…)` and `` `…` `` call back into the parser.
//! Every loop advances `pos` or stops, and recursion is bounded by
//! [`MAX_DEPTH`], so lexing is linear in the input and cannot overflow the
//! stack (wasm's is 1 MiB).

use super::ast::{DqPart, List, Param, ParamName, ParamOp, RedirectOp, TestKind, Word, WordPart};
use super::error::ParseError;
use super::parser::{Parser, Term};

type Result<T> = std::result::Result<T, ParseError>;

/// How deeply `( )`, `{ }`, `$( )`, `` ` ` `` and `${ }` may nest (bash has
/// no limit). Real command lines nest two or three levels; the bound keeps
/// hostile input from exhausting the stack (an unoptimized build uses about
/// 10 KiB of stack per level; wasm's stack is 1 MiB).
pub(super) const MAX_DEPTH: usize = 20;

/// Operators: the tokens made of metacharacters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    AndAnd,
    OrOr,
    Semi,
    /// `;;`, `;&`, `;;&`: only meaningful in `case`, which is unsupported;
    /// lexed so that the error names them as bash does.
    CaseEnd(&'static str),
    Amp,
    Pipe,
    PipeAmp,
    LParen,
    RParen,
    Redirect(RedirectOp),
    /// `<<` or `<<-`.
    HereDoc,
}

/// A token. Words keep their raw parts (only `Literal` for unquoted text);
/// the parser finishes them (tilde, globs) once it knows their role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    Word(Vec<WordPart>),
    /// Digits written right before `<` or `>` (`2>`): the descriptor.
    IoNumber(u32),
    Op(Op),
    Newline,
    Eof,
}

/// Characters that end an unquoted word (bash's `shell_meta_chars` plus
/// blanks and newline).
fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '|' | '&' | ';' | '(' | ')' | '<' | '>'
    )
}

pub(super) fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where an unquoted word ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordEnd {
    /// At a metacharacter: a word of a command.
    Meta,
    /// At an unquoted `}`: the word of `${name:-word}`, where blanks and
    /// metacharacters are ordinary characters.
    Brace,
}

/// Where a double-quoted sequence ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DqEnd {
    /// At the closing `"`.
    Quote,
    /// At `}`: the word of `"${name:-word}"`, where `\}` is an escape and
    /// `"…"` nests (bash: `echo "${x:-"}"}"` prints `}`).
    Brace,
}

/// What a `$` introduced.
enum Dollar {
    /// Nothing special follows: the `$` is literal (`echo $`, `"a$"`).
    Literal,
    Part(WordPart),
}

impl Parser<'_> {
    pub(super) fn peek_char(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    pub(super) fn enter(&mut self, offset: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::unsupported(
                offset,
                &format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Skips blanks, line continuations and a comment (`#` where a token
    /// could start, up to but not including the newline: interactive bash
    /// has `interactive_comments` on).
    pub(super) fn skip_blanks(&mut self) {
        loop {
            let rest = &self.src[self.pos..];
            if rest.starts_with([' ', '\t']) {
                self.pos += 1;
            } else if rest.starts_with("\\\n") {
                self.pos += 2;
            } else if rest.starts_with('#') {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else {
                return;
            }
        }
    }

    /// Lexes the next token; returns it and where it starts.
    pub(super) fn lex(&mut self) -> Result<(Tok, usize)> {
        self.skip_blanks();
        let start = self.pos;
        let rest = &self.src[start..];
        let Some(c) = rest.chars().next() else {
            return Ok((Tok::Eof, start));
        };
        if c == '\n' {
            self.pos += 1;
            return Ok((Tok::Newline, start));
        }
        if let Some((op, len)) = lex_op(rest) {
            self.pos += len;
            if matches!(op, Op::Redirect(RedirectOp::In | RedirectOp::Out))
                && self.peek_char() == Some('(')
            {
                return Err(ParseError::unsupported(
                    start,
                    "process substitution (`<(…)`, `>(…)`)",
                ));
            }
            return Ok((Tok::Op(op), start));
        }
        // `2>`: digits immediately followed by a redirection operator.
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && rest[digits..].starts_with(['<', '>'])
            && let Ok(n) = rest[..digits].parse::<u32>()
        {
            self.pos += digits;
            return Ok((Tok::IoNumber(n), start));
        }
        // `{fd}>file`: bash allocates a descriptor and stores it in $fd.
        if let Some(inner) = rest.strip_prefix('{') {
            let name = inner.chars().take_while(|&c| is_name_char(c)).count();
            if name > 0
                && inner[name..].starts_with('}')
                && inner[name + 1..].starts_with(['<', '>'])
            {
                return Err(ParseError::unsupported(
                    start,
                    "named file descriptors (`{name}>`)",
                ));
            }
        }
        let parts = self.lex_word(WordEnd::Meta)?;
        Ok((Tok::Word(parts), start))
    }

    /// Lexes an unquoted word from `pos` into raw parts.
    fn lex_word(&mut self, end: WordEnd) -> Result<Vec<WordPart>> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let flush = |lit: &mut String, parts: &mut Vec<WordPart>| {
            if !lit.is_empty() {
                parts.push(WordPart::Literal(std::mem::take(lit)));
            }
        };
        loop {
            let Some(c) = self.peek_char() else {
                if end == WordEnd::Brace {
                    return Err(ParseError::unmatched(self.pos, '}'));
                }
                break;
            };
            match end {
                WordEnd::Meta if is_meta(c) => break,
                WordEnd::Brace if c == '}' => break,
                _ => {}
            }
            match c {
                '\\' => match self.char_at(self.pos + 1) {
                    // At the end of a typed line, a backslash escapes the
                    // newline: bash prompts for a continuation line.
                    None if end == WordEnd::Brace => {
                        return Err(ParseError::unmatched(self.src.len(), '}'));
                    }
                    None => return Err(ParseError::unexpected_eof(self.src.len())),
                    Some('\n') => self.pos += 2,
                    Some(e) => {
                        flush(&mut lit, &mut parts);
                        parts.push(WordPart::Escaped(e));
                        self.pos += 1 + e.len_utf8();
                    }
                },
                '\'' => {
                    flush(&mut lit, &mut parts);
                    let body = &self.src[self.pos + 1..];
                    let Some(len) = body.find('\'') else {
                        return Err(ParseError::unmatched(self.src.len(), '\''));
                    };
                    parts.push(WordPart::SingleQuoted(body[..len].to_string()));
                    self.pos += len + 2;
                }
                '"' => {
                    flush(&mut lit, &mut parts);
                    self.pos += 1;
                    let dq = self.lex_dq(DqEnd::Quote)?;
                    parts.push(WordPart::DoubleQuoted(dq));
                }
                '$' => match self.lex_dollar(false)? {
                    Dollar::Literal => {
                        self.pos += 1;
                        while self.src[self.pos..].starts_with("\\\n") {
                            self.pos += 2;
                        }
                        if self.peek_char() == Some('`') {
                            // `$` then a backtick substitution: stored as a
                            // quoted `$` so that printing it back as `\$$(…)`
                            // re-parses to the same tree (`$$(` would not).
                            flush(&mut lit, &mut parts);
                            parts.push(WordPart::Escaped('$'));
                        } else {
                            lit.push('$');
                        }
                    }
                    Dollar::Part(p) => {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    }
                },
                '`' => {
                    flush(&mut lit, &mut parts);
                    let list = self.lex_backtick(false)?;
                    parts.push(WordPart::CommandSubst(Box::new(list)));
                }
                _ => {
                    lit.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(parts)
    }

    /// Lexes the inside of double quotes from `pos` (after the `"`), up to
    /// and including the closing `"` (for `DqEnd::Quote`) or up to, not
    /// including, `}` (for `DqEnd::Brace`).
    fn lex_dq(&mut self, end: DqEnd) -> Result<Vec<DqPart>> {
        let close = if end == DqEnd::Quote { '"' } else { '}' };
        let mut parts = Vec::new();
        let mut lit = String::new();
        let flush = |lit: &mut String, parts: &mut Vec<DqPart>| {
            if !lit.is_empty() {
                parts.push(DqPart::Literal(std::mem::take(lit)));
            }
        };
        loop {
            let Some(c) = self.peek_char() else {
                return Err(ParseError::unmatched(self.src.len(), close));
            };
            match c {
                '"' if end == DqEnd::Quote => {
                    self.pos += 1;
                    break;
                }
                '"' => {
                    // Nested quotes in `"${x:-"a"}"`: all of it is quoted
                    // anyway, so the inner parts join the outer ones.
                    self.pos += 1;
                    for p in self.lex_dq(DqEnd::Quote)? {
                        match p {
                            DqPart::Literal(s) => lit.push_str(&s),
                            other => {
                                flush(&mut lit, &mut parts);
                                parts.push(other);
                            }
                        }
                    }
                }
                '}' if end == DqEnd::Brace => break,
                '\\' => match self.char_at(self.pos + 1) {
                    None => return Err(ParseError::unmatched(self.src.len(), close)),
                    Some('\n') => self.pos += 2,
                    Some(e @ ('$' | '`' | '"' | '\\')) => {
                        lit.push(e);
                        self.pos += 2;
                    }
                    Some('}') if end == DqEnd::Brace => {
                        lit.push('}');
                        self.pos += 2;
                    }
                    Some(_) => {
                        lit.push('\\');
                        self.pos += 1;
                    }
                },
                '$' => match self.lex_dollar(true)? {
                    Dollar::Literal => {
                        lit.push('$');
                        self.pos += 1;
                    }
                    Dollar::Part(WordPart::Param(p)) => {
                        flush(&mut lit, &mut parts);
                        parts.push(DqPart::Param(p));
                    }
                    Dollar::Part(WordPart::CommandSubst(l)) => {
                        flush(&mut lit, &mut parts);
                        parts.push(DqPart::CommandSubst(l));
                    }
                    // lex_dollar returns no other part inside quotes.
                    Dollar::Part(_) => {
                        return Err(ParseError::syntax(self.pos, "internal error: bad part"));
                    }
                },
                '`' => {
                    flush(&mut lit, &mut parts);
                    let list = self.lex_backtick(true)?;
                    parts.push(DqPart::CommandSubst(Box::new(list)));
                }
                _ => {
                    lit.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(parts)
    }

    /// At a `$`: lexes what it introduces and moves past it, or returns
    /// `Dollar::Literal` without moving.
    fn lex_dollar(&mut self, in_dq: bool) -> Result<Dollar> {
        let start = self.pos;
        // bash removes `\<newline>` before it tokenizes: `$\<newline>x`
        // is `$x`.
        let mut at = start + 1;
        while self.src[at..].starts_with("\\\n") {
            at += 2;
        }
        let Some(next) = self.char_at(at) else {
            return Ok(Dollar::Literal);
        };
        match next {
            '\'' if !in_dq => {
                let body = &self.src[at + 1..];
                let mut i = 0;
                let bytes = body.as_bytes();
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return Err(ParseError::unmatched(self.src.len(), '\''));
                }
                let raw = body[..i].to_string();
                self.pos = at + 1 + i + 1;
                Ok(Dollar::Part(WordPart::AnsiC(raw)))
            }
            '"' if !in_dq => {
                // `$"…"`: locale translation; with no catalogue, plain "…".
                self.pos = at + 1;
                Ok(Dollar::Part(WordPart::DoubleQuoted(
                    self.lex_dq(DqEnd::Quote)?,
                )))
            }
            '{' => self
                .lex_braced_param(start, at, in_dq)
                .map(|p| Dollar::Part(WordPart::Param(p))),
            '(' if self.char_at(at + 1) == Some('(') => Err(ParseError::unsupported(
                start,
                "arithmetic expansion (`$((…))`)",
            )),
            '[' => Err(ParseError::unsupported(
                start,
                "arithmetic expansion (`$[…]`)",
            )),
            '(' => {
                self.pos = at + 1;
                self.enter(start)?;
                let list = self.parse_list(Term::Comsub).map_err(|e| {
                    if e.is_incomplete() && e.message.starts_with("syntax error") {
                        ParseError::unmatched(e.offset, ')')
                    } else {
                        e
                    }
                })?;
                self.take()?; // the `)` that ended the list
                self.leave();
                Ok(Dollar::Part(WordPart::CommandSubst(Box::new(list))))
            }
            c if is_name_start(c) => {
                let body = &self.src[at..];
                let len = body.chars().take_while(|&c| is_name_char(c)).count();
                self.pos = at + len;
                Ok(Dollar::Part(WordPart::Param(Param {
                    name: ParamName::Var(body[..len].to_string()),
                    op: None,
                })))
            }
            c @ '0'..='9' => {
                self.pos = at + 1;
                Ok(Dollar::Part(WordPart::Param(Param {
                    name: ParamName::Positional(u32::from(c as u8 - b'0')),
                    op: None,
                })))
            }
            c @ ('@' | '*' | '#' | '?' | '-' | '$' | '!') => {
                self.pos = at + 1;
                Ok(Dollar::Part(WordPart::Param(Param {
                    name: ParamName::Special(c),
                    op: None,
                })))
            }
            _ => Ok(Dollar::Literal),
        }
    }

    /// `${…}`: the `$` is at `start`, the `{` at `brace`.
    fn lex_braced_param(&mut self, start: usize, brace: usize, in_dq: bool) -> Result<Param> {
        self.enter(start)?;
        self.pos = brace + 1;
        // `${#name}` is the length; `${#}` and `${#-x}`-like forms are `$#`.
        let mut length = false;
        if self.peek_char() == Some('#') {
            let after = self.pos + 1;
            let saved = self.pos;
            self.pos = after;
            match self.lex_param_name() {
                Some(_) if self.peek_char() == Some('}') => length = true,
                _ => {}
            }
            self.pos = saved;
            if length {
                self.pos += 1;
            }
        }
        if self.peek_char() == Some('!') && self.char_at(self.pos + 1) != Some('}') {
            return Err(ParseError::unsupported(
                start,
                "indirect expansion (`${!name}`)",
            ));
        }
        let Some(name) = self.lex_param_name() else {
            return Err(self.bad_substitution(start));
        };
        let op = if length {
            Some(ParamOp::Length)
        } else {
            let colon = self.peek_char() == Some(':');
            let op_at = self.pos + usize::from(colon);
            let kind = match self.char_at(op_at) {
                Some('-') => Some(TestKind::Default),
                Some('=') => Some(TestKind::Assign),
                Some('?') => Some(TestKind::Error),
                Some('+') => Some(TestKind::Alternative),
                _ => None,
            };
            match kind {
                Some(kind) => {
                    self.pos = op_at + 1;
                    let word = if in_dq {
                        Word {
                            parts: vec![WordPart::DoubleQuoted(self.lex_dq(DqEnd::Brace)?)],
                        }
                    } else {
                        super::parser::finish_word(self.lex_word(WordEnd::Brace)?)
                    };
                    Some(ParamOp::Test { kind, colon, word })
                }
                None => None,
            }
        };
        match self.peek_char() {
            Some('}') => {
                self.pos += 1;
                self.leave();
                Ok(Param { name, op })
            }
            None => Err(ParseError::unmatched(self.src.len(), '}')),
            Some(c) => {
                if op.is_none() && matches!(c, ':' | '#' | '%' | '/' | '^' | ',' | '@' | '[') {
                    let what = match c {
                        ':' => "substrings (`${name:offset}`)",
                        '#' | '%' => "pattern removal (`${name#pattern}`, `${name%pattern}`)",
                        '/' => "pattern substitution (`${name/pattern/string}`)",
                        '^' | ',' => "case modification (`${name^}`, `${name,}`)",
                        '@' => "parameter transformation (`${name@op}`)",
                        _ => "arrays (`${name[…]}`)",
                    };
                    Err(ParseError::unsupported(start, what))
                } else {
                    Err(self.bad_substitution(start))
                }
            }
        }
    }

    /// A parameter name inside `${`: a variable name, a number, or one
    /// special character.
    fn lex_param_name(&mut self) -> Option<ParamName> {
        let rest = &self.src[self.pos..];
        let c = rest.chars().next()?;
        if is_name_start(c) {
            let len = rest.chars().take_while(|&c| is_name_char(c)).count();
            self.pos += len;
            return Some(ParamName::Var(rest[..len].to_string()));
        }
        if c.is_ascii_digit() {
            let len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let n = rest[..len].parse::<u32>().ok()?;
            self.pos += len;
            return Some(ParamName::Positional(n));
        }
        if matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!') {
            self.pos += 1;
            return Some(ParamName::Special(c));
        }
        None
    }

    /// Bash reports `${}` or `${x!}` when it expands the word (at run time:
    /// `bash -c 'echo a; echo ${}'` prints `a` first); the parser reports it
    /// up front with bash's text, `${}: bad substitution`.
    ///
    /// Like bash, the closing `}` is found by a scan that skips quotes and
    /// nested `${…}`, `$(…)`; at the end of input the message names the
    /// innermost open quote (`${$"` → matching `"`).
    fn bad_substitution(&self, start: usize) -> ParseError {
        match self.scan_matched(start + 2, '}', 0) {
            Ok(end) => ParseError::syntax(
                start,
                format!("{}: bad substitution", &self.src[start..end]),
            ),
            Err(e) => e,
        }
    }

    /// From `from`, finds the `close` that ends the construct (skipping
    /// quoted text and nested constructs) and returns the offset after it.
    fn scan_matched(&self, from: usize, close: char, depth: usize) -> Result<usize> {
        let eof = |c| Err(ParseError::unmatched(self.src.len(), c));
        if depth > MAX_DEPTH {
            return eof(close);
        }
        let mut i = from;
        while let Some(c) = self.char_at(i) {
            i += c.len_utf8();
            match c {
                _ if c == close => return Ok(i),
                '\\' => match self.char_at(i) {
                    Some(e) => i += e.len_utf8(),
                    None => return eof(close),
                },
                // Inside backticks only `\` escapes count.
                _ if close == '`' => {}
                '\'' if close != '"' => match self.src[i..].find('\'') {
                    Some(n) => i += n + 1,
                    None => return eof('\''),
                },
                '"' | '`' => i = self.scan_matched(i, c, depth + 1)?,
                '$' if self.char_at(i) == Some('{') => {
                    i = self.scan_matched(i + 1, '}', depth + 1)?;
                }
                '$' if self.char_at(i) == Some('(') => {
                    i = self.scan_matched(i + 1, ')', depth + 1)?;
                }
                '(' if close == ')' => i = self.scan_matched(i, ')', depth + 1)?,
                _ => {}
            }
        }
        eof(close)
    }

    /// `` `…` `` from `pos` at the opening backtick. As bash does, finds the
    /// closing backtick first, removes the backslashes of `` \` ``, `\\`,
    /// `\$` (and `\"` inside double quotes), then parses the result.
    fn lex_backtick(&mut self, in_dq: bool) -> Result<List> {
        let start = self.pos;
        let mut inner = String::new();
        let mut i = start + 1;
        loop {
            let Some(c) = self.char_at(i) else {
                return Err(ParseError::unmatched(self.src.len(), '`'));
            };
            match c {
                '`' => break,
                '\\' => {
                    let Some(e) = self.char_at(i + 1) else {
                        return Err(ParseError::unmatched(self.src.len(), '`'));
                    };
                    if !(matches!(e, '$' | '`' | '\\') || (in_dq && e == '"')) {
                        inner.push('\\');
                    }
                    inner.push(e);
                    i += 1 + e.len_utf8();
                }
                _ => {
                    inner.push(c);
                    i += c.len_utf8();
                }
            }
        }
        self.pos = i + 1;
        self.enter(start)?;
        let mut sub = Parser::new(&inner);
        sub.depth = self.depth;
        // Offsets inside are approximate (removed backslashes), but stay
        // within the backticks. Bash reports errors there when it runs the
        // substitution, so "more input" cannot help: incomplete is syntax.
        let list = sub.parse_list(Term::Eof).map_err(|e| ParseError {
            offset: (start + 1 + e.offset).min(i),
            kind: if e.is_incomplete() {
                super::error::ParseErrorKind::Syntax
            } else {
                e.kind
            },
            message: e.message,
        })?;
        self.leave();
        Ok(list)
    }
}

/// The operator at the start of `s`, longest match first, and its length.
fn lex_op(s: &str) -> Option<(Op, usize)> {
    const OPS: &[(&str, Op)] = &[
        (";;&", Op::CaseEnd(";;&")),
        ("&>>", Op::Redirect(RedirectOp::AppendOutErr)),
        ("<<<", Op::Redirect(RedirectOp::HereString)),
        ("<<-", Op::HereDoc),
        ("&&", Op::AndAnd),
        ("||", Op::OrOr),
        (";;", Op::CaseEnd(";;")),
        (";&", Op::CaseEnd(";&")),
        ("|&", Op::PipeAmp),
        ("&>", Op::Redirect(RedirectOp::OutErr)),
        (">>", Op::Redirect(RedirectOp::Append)),
        (">|", Op::Redirect(RedirectOp::Clobber)),
        (">&", Op::Redirect(RedirectOp::DupOut)),
        ("<&", Op::Redirect(RedirectOp::DupIn)),
        ("<>", Op::Redirect(RedirectOp::ReadWrite)),
        ("<<", Op::HereDoc),
        (";", Op::Semi),
        ("&", Op::Amp),
        ("|", Op::Pipe),
        ("(", Op::LParen),
        (")", Op::RParen),
        ("<", Op::Redirect(RedirectOp::In)),
        (">", Op::Redirect(RedirectOp::Out)),
    ];
    OPS.iter()
        .find(|(text, _)| s.starts_with(text))
        .map(|&(text, op)| (op, text.len()))
}
