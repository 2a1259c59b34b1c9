//! Recursive descent over bash's grammar (the subset ctlab runs):
//!
//! ```text
//! list      := linebreak (and_or (';' | '&' | newline) linebreak)* [and_or]
//! and_or    := pipeline (('&&' | '||') linebreak pipeline)*
//! pipeline  := '!'* command (('|' | '|&') linebreak command)*
//! command   := '(' list ')' redirect* | '{' list '}' redirect* | simple
//! simple    := (assignment | redirect)* (word | redirect)*
//! ```
//!
//! Errors carry bash's wording (see `error.rs`). Which tokens bash names
//! in "near unexpected token" was checked against bash 5.2.15 with
//! `printf '%s\n' LINE | bash --norc -i`; the tests cite the lines.

use super::ast::{
    AndOr, Assignment, Command, Compound, Connector, List, ListItem, Pipeline, Redirect,
    RedirectOp, SimpleCommand, Word, WordPart,
};
use super::error::ParseError;
use super::lexer::{Op, Tok, is_name_char, is_name_start};

type Result<T> = std::result::Result<T, ParseError>;

/// What ends the list being parsed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Term {
    /// The end of input: the top level.
    Eof,
    /// `)` of a subshell.
    Subshell,
    /// `)` of `$(`.
    Comsub,
    /// `}` of a brace group (a reserved word, so only where a command starts).
    Brace,
}

/// A lexed token not yet consumed, with its span in `src`.
pub(super) struct Peeked {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// A cheap summary of the next token for the parser's decisions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Look {
    Eof,
    Newline,
    Op(Op),
    IoNumber,
    /// A word; `Some` if it is unquoted text equal to a word bash reserves
    /// where a command starts.
    Word(Option<&'static str>),
}

/// Words bash treats specially where a command starts (`help reserved`,
/// plus `[[`/`]]`, `{`/`}` and `!`).
pub(super) const RESERVED: &[&str] = &[
    "!", "{", "}", "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done",
    "case", "esac", "select", "function", "coproc", "time", "in", "[[",
];

/// The parser and lexer state: the input and a one-token lookahead.
pub(super) struct Parser<'a> {
    pub(super) src: &'a str,
    /// Byte offset of the next character to lex (the end of `peeked`, if
    /// any).
    pub(super) pos: usize,
    /// Current nesting of `( )`, `{ }`, `$( )`, `` ` ` ``, `${ }`.
    pub(super) depth: usize,
    peeked: Option<Peeked>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Parser {
            src,
            pos: 0,
            depth: 0,
            peeked: None,
        }
    }

    fn fill(&mut self) -> Result<&Peeked> {
        if self.peeked.is_none() {
            let (tok, start) = self.lex()?;
            self.peeked = Some(Peeked {
                tok,
                start,
                end: self.pos,
            });
        }
        match &self.peeked {
            Some(p) => Ok(p),
            None => Err(ParseError::syntax(self.pos, "internal error: no token")),
        }
    }

    fn look(&mut self) -> Result<Look> {
        Ok(match &self.fill()?.tok {
            Tok::Eof => Look::Eof,
            Tok::Newline => Look::Newline,
            Tok::Op(op) => Look::Op(*op),
            Tok::IoNumber(_) => Look::IoNumber,
            Tok::Word(parts) => Look::Word(match parts.as_slice() {
                [WordPart::Literal(s)] => RESERVED.iter().find(|r| **r == s).copied(),
                _ => None,
            }),
        })
    }

    /// Consumes the next token.
    pub(super) fn take(&mut self) -> Result<Peeked> {
        self.fill()?;
        self.peeked
            .take()
            .ok_or_else(|| ParseError::syntax(self.pos, "internal error: no token"))
    }

    /// Where the next token starts.
    fn tok_start(&mut self) -> Result<usize> {
        Ok(self.fill()?.start)
    }

    /// bash's "syntax error near unexpected token" for the next token.
    fn unexpected(&mut self) -> Result<ParseError> {
        let (tok_is_end, start, end) = {
            let p = self.fill()?;
            (matches!(p.tok, Tok::Newline | Tok::Eof), p.start, p.end)
        };
        Ok(if tok_is_end {
            ParseError::unexpected(start, "newline")
        } else {
            // bash names the token with line continuations removed.
            ParseError::unexpected(start, &self.src[start..end].replace("\\\n", ""))
        })
    }

    fn skip_newlines(&mut self) -> Result<()> {
        while self.look()? == Look::Newline {
            self.take()?;
        }
        Ok(())
    }

    /// Whether the next token ends a list of kind `term`; end of input
    /// inside `( … )`, `{ … }` or `$( … )` is incomplete.
    fn at_list_end(&mut self, term: Term) -> Result<bool> {
        Ok(match self.look()? {
            Look::Eof => match term {
                Term::Eof => true,
                Term::Subshell | Term::Brace => {
                    return Err(ParseError::unexpected_eof(self.src.len()));
                }
                Term::Comsub => return Err(ParseError::unmatched(self.src.len(), ')')),
            },
            Look::Op(Op::RParen) => matches!(term, Term::Subshell | Term::Comsub),
            Look::Word(Some("}")) => term == Term::Brace,
            _ => false,
        })
    }

    /// A list up to (not including) what ends it.
    pub(super) fn parse_list(&mut self, term: Term) -> Result<List> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.at_list_end(term)? {
                break;
            }
            let and_or = self.parse_and_or()?;
            let background = match self.look()? {
                Look::Op(Op::Semi) | Look::Newline => {
                    self.take()?;
                    false
                }
                Look::Op(Op::Amp) => {
                    self.take()?;
                    true
                }
                _ if self.at_list_end(term)? => false,
                _ => return Err(self.unexpected()?),
            };
            items.push(ListItem { and_or, background });
        }
        Ok(List { items })
    }

    fn parse_and_or(&mut self) -> Result<AndOr> {
        let first = self.parse_pipeline()?;
        let mut rest = Vec::new();
        loop {
            let connector = match self.look()? {
                Look::Op(Op::AndAnd) => Connector::And,
                Look::Op(Op::OrOr) => Connector::Or,
                _ => break,
            };
            self.take()?;
            self.skip_newlines()?;
            rest.push((connector, self.parse_pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn parse_pipeline(&mut self) -> Result<Pipeline> {
        let mut negated = false;
        loop {
            match self.look()? {
                Look::Word(Some("!")) => {
                    let start = self.take()?.start;
                    negated = !negated;
                    if matches!(self.look()?, Look::Eof | Look::Newline | Look::Op(Op::Semi)) {
                        return Err(ParseError::unsupported(start, "a `!` with no command"));
                    }
                }
                Look::Word(Some("time")) => {
                    return Err(ParseError::unsupported(self.tok_start()?, "`time`"));
                }
                _ => break,
            }
        }
        let mut commands = vec![self.parse_command()?];
        loop {
            match self.look()? {
                Look::Op(Op::Pipe) => {}
                Look::Op(Op::PipeAmp) => {
                    // bash turns `a |& b` into `a 2>&1 | b`.
                    if let Some(last) = commands.last_mut() {
                        redirects_of(last).push(Redirect {
                            fd: Some(2),
                            op: RedirectOp::DupOut,
                            target: Word {
                                parts: vec![WordPart::Literal("1".into())],
                            },
                        });
                    }
                }
                _ => break,
            }
            self.take()?;
            self.skip_newlines()?;
            commands.push(self.parse_command()?);
        }
        Ok(Pipeline { negated, commands })
    }

    /// A command where one must start.
    fn parse_command(&mut self) -> Result<Command> {
        let start = self.tok_start()?;
        match self.look()? {
            Look::Eof => Err(ParseError::unexpected_eof(start)),
            Look::Op(Op::LParen) if self.src[start + 1..].starts_with('(') => Err(
                ParseError::unsupported(start, "arithmetic commands (`((…))`)"),
            ),
            Look::Op(Op::LParen) => {
                self.take()?;
                self.enter(start)?;
                let body = self.parse_list(Term::Subshell)?;
                if body.items.is_empty() {
                    return Err(self.unexpected()?);
                }
                self.take()?; // `)`
                self.leave();
                let redirects = self.parse_redirects()?;
                Ok(Command::Subshell(Compound { body, redirects }))
            }
            Look::Op(Op::Redirect(_) | Op::HereDoc) | Look::IoNumber => self.parse_simple(),
            Look::Word(Some("{")) => {
                self.take()?;
                self.enter(start)?;
                let body = self.parse_list(Term::Brace)?;
                if body.items.is_empty() {
                    return Err(self.unexpected()?);
                }
                self.take()?; // `}`
                self.leave();
                let redirects = self.parse_redirects()?;
                Ok(Command::Group(Compound { body, redirects }))
            }
            Look::Word(Some(
                word @ ("if" | "for" | "while" | "until" | "case" | "select" | "function"
                | "coproc" | "[["),
            )) => Err(ParseError::unsupported(start, &format!("`{word}`"))),
            Look::Word(Some("time")) => Err(ParseError::unsupported(start, "`time`")),
            Look::Word(Some(_)) | Look::Op(_) | Look::Newline => Err(self.unexpected()?),
            Look::Word(None) => self.parse_simple(),
        }
    }

    /// Redirections after `( … )` or `{ … }`.
    fn parse_redirects(&mut self) -> Result<Vec<Redirect>> {
        let mut redirects = Vec::new();
        while matches!(
            self.look()?,
            Look::IoNumber | Look::Op(Op::Redirect(_) | Op::HereDoc)
        ) {
            redirects.push(self.parse_redirect()?);
        }
        Ok(redirects)
    }

    fn parse_redirect(&mut self) -> Result<Redirect> {
        let first = self.take()?;
        let (fd, op_tok) = match first.tok {
            Tok::IoNumber(n) => (Some(n), self.take()?),
            _ => (None, first),
        };
        let start = op_tok.start;
        let op = match op_tok.tok {
            Tok::Op(Op::Redirect(op)) => op,
            Tok::Op(Op::HereDoc) => {
                return Err(ParseError::unsupported(start, "here-documents (`<<`)"));
            }
            // The parser calls this only at a number or an operator, and
            // the lexer returns a number only right before `<` or `>`.
            _ => {
                return Err(ParseError::syntax(
                    start,
                    "internal error: not a redirection",
                ));
            }
        };
        if matches!(op, RedirectOp::DupIn | RedirectOp::DupOut) {
            // After `<&` and `>&`, bash's lexer returns `-` as a token of
            // its own and a number even if `<` or `>` follows:
            // `echo a 3<&-#c b` prints `a` (`#c b` is a comment) and
            // `2>&12>f` is `2>&12 >f`.
            self.skip_blanks();
            let rest = &self.src[self.pos..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let len = if rest.starts_with('-') {
                1
            } else if digits > 0 && rest[digits..].starts_with(['<', '>']) {
                digits
            } else {
                0
            };
            if len > 0 {
                let text = rest[..len].to_string();
                self.pos += len;
                return Ok(Redirect {
                    fd,
                    op,
                    target: Word {
                        parts: vec![WordPart::Literal(text)],
                    },
                });
            }
        }
        if let Look::Word(_) = self.look()?
            && let Tok::Word(parts) = self.take()?.tok
        {
            return Ok(Redirect {
                fd,
                op,
                target: finish_word(parts),
            });
        }
        Err(self.unexpected()?)
    }

    fn parse_simple(&mut self) -> Result<Command> {
        let mut cmd = SimpleCommand::default();
        loop {
            match self.look()? {
                Look::IoNumber | Look::Op(Op::Redirect(_) | Op::HereDoc) => {
                    cmd.redirects.push(self.parse_redirect()?);
                }
                Look::Word(_) => {
                    let Peeked { tok, start, .. } = self.take()?;
                    let Tok::Word(parts) = tok else {
                        return Err(ParseError::syntax(start, "internal error: no word"));
                    };
                    if cmd.words.is_empty()
                        && let Some(assignment) = split_assignment(&parts, start)?
                    {
                        // `a=(1 2)`: the `(` follows the `=` directly.
                        if self.src[self.pos..].starts_with('(') {
                            return Err(ParseError::unsupported(start, "arrays (`name=(…)`)"));
                        }
                        cmd.assignments.push(assignment);
                        continue;
                    }
                    cmd.words.push(finish_word(parts));
                }
                Look::Op(Op::LParen) => {
                    // `name ( )` starts a function definition: bash then
                    // wants `)` and names whatever came instead
                    // (`echo (a)` → near unexpected token `a').
                    if cmd.words.len() == 1
                        && cmd.assignments.is_empty()
                        && cmd.redirects.is_empty()
                    {
                        let start = self.take()?.start;
                        if self.look()? == Look::Op(Op::RParen) {
                            return Err(ParseError::unsupported(start, "function definitions"));
                        }
                    }
                    return Err(self.unexpected()?);
                }
                _ => break,
            }
        }
        Ok(Command::Simple(cmd))
    }
}

/// The redirections of any command, for `|&`.
fn redirects_of(cmd: &mut Command) -> &mut Vec<Redirect> {
    match cmd {
        Command::Simple(c) => &mut c.redirects,
        Command::Subshell(c) | Command::Group(c) => &mut c.redirects,
    }
}

/// If the raw word is `name=value` or `name+=value` (the name unquoted, as
/// bash requires: `\a=1` and `"a"=1` are commands), the assignment.
fn split_assignment(parts: &[WordPart], start: usize) -> Result<Option<Assignment>> {
    let Some(WordPart::Literal(first)) = parts.first() else {
        return Ok(None);
    };
    if !first.starts_with(is_name_start) {
        return Ok(None);
    }
    let name_len = first
        .find(|c: char| !is_name_char(c))
        .unwrap_or(first.len());
    let after = &first[name_len..];
    let (append, value) = if let Some(v) = after.strip_prefix("+=") {
        (true, v)
    } else if let Some(v) = after.strip_prefix('=') {
        (false, v)
    } else {
        if after.starts_with('[') && (after.contains("]=") || after.contains("]+=")) {
            return Err(ParseError::unsupported(start, "arrays (`name[i]=…`)"));
        }
        return Ok(None);
    };
    let mut rest = Vec::with_capacity(parts.len());
    if !value.is_empty() {
        rest.push(WordPart::Literal(value.to_string()));
    }
    rest.extend_from_slice(&parts[1..]);
    Ok(Some(Assignment {
        name: first[..name_len].to_string(),
        append,
        value: Word {
            parts: assignment_tildes(rest),
        },
    }))
}

/// Characters bash accepts after `~` for a tilde prefix that the executor
/// may expand (`~`, `~user`, `~+`, `~-`); anything else (`~*`) stays text.
fn is_tilde_user(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
}

/// In an assignment value, `~` is expanded at the start and after every
/// `:` (bash: `x=~/a:~/b; echo $x` prints `/root/a:/root/b`) when the
/// prefix ends at `/`, `:` or the end of the word.
fn assignment_tildes(parts: Vec<WordPart>) -> Vec<WordPart> {
    let n = parts.len();
    let mut out = Vec::with_capacity(n);
    for (i, part) in parts.into_iter().enumerate() {
        let WordPart::Literal(s) = part else {
            out.push(part);
            continue;
        };
        let last = i + 1 == n;
        let mut lit = String::new();
        let mut rest = s.as_str();
        let mut at_start = i == 0;
        loop {
            if at_start && let Some(after) = rest.strip_prefix('~') {
                let end = after.find(['/', ':']);
                let user = &after[..end.unwrap_or(after.len())];
                if (end.is_some() || last) && is_tilde_user(user) {
                    if !lit.is_empty() {
                        out.push(WordPart::Literal(std::mem::take(&mut lit)));
                    }
                    out.push(WordPart::Tilde(user.to_string()));
                    rest = &after[user.len()..];
                }
            }
            match rest.find(':') {
                Some(k) => {
                    lit.push_str(&rest[..=k]);
                    rest = &rest[k + 1..];
                    at_start = true;
                }
                None => {
                    lit.push_str(rest);
                    break;
                }
            }
        }
        if !lit.is_empty() {
            out.push(WordPart::Literal(lit));
        }
    }
    out
}

/// Turns a raw word into a command word: a leading `~` prefix becomes
/// [`WordPart::Tilde`], and unquoted text with glob characters becomes
/// [`WordPart::Glob`].
pub(super) fn finish_word(mut parts: Vec<WordPart>) -> Word {
    let single = parts.len() == 1;
    if let Some(WordPart::Literal(s)) = parts.first()
        && let Some(after) = s.strip_prefix('~')
    {
        let end = after.find('/');
        let user = &after[..end.unwrap_or(after.len())];
        if (end.is_some() || single) && is_tilde_user(user) {
            let tilde = WordPart::Tilde(user.to_string());
            let rest = after[user.len()..].to_string();
            if rest.is_empty() {
                parts[0] = tilde;
            } else {
                parts[0] = WordPart::Literal(rest);
                parts.insert(0, tilde);
            }
        }
    }
    for part in &mut parts {
        if let WordPart::Literal(s) = part
            && is_glob(s)
        {
            *part = WordPart::Glob(std::mem::take(s));
        }
    }
    Word { parts }
}

/// Whether unquoted text is a pattern: `*`, `?`, or `[` with a later `]`
/// (a lone `[`, as in `[ -f x ]`, is just text).
fn is_glob(s: &str) -> bool {
    s.contains(['*', '?']) || s.find('[').is_some_and(|i| s[i + 1..].contains(']'))
}
