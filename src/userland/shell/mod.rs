//! The shell: parsing command lines as bash does ([`parse`]) and running
//! them on the model ([`exec`]: expansion, redirections, builtins, forks).
//!
//! [`parse`] turns what a student typed at a prompt into a [`List`], split
//! exactly as bash 5.2 (Debian bookworm) splits it: the same words, the same
//! operators, the same syntax errors with bash's own message text. Words are
//! kept unexpanded (see [`ast`]); the executor expands them when it runs
//! each command.
//!
//! Supported: simple commands with prefix assignments (`A=1 cmd`, `X=5`,
//! `x+=y`), `;` `&` `&&` `||` and newlines, pipelines (`|`, `|&`, `!`),
//! `( … )`, `{ …; }`, quoting (`'…'`, `"…"`, `$'…'`, `$"…"`, `\`),
//! parameters (`$x ${x} $1 ${10} $$ $? $! $# $@ $* $- $0`, `${#x}`,
//! `${x:-w} ${x-w} ${x:=w} ${x:?w} ${x:+w}` and their colon-less forms),
//! `$( … )` and backticks (nested, parsed recursively), redirections
//! (`< > >> >| <> <& >& &> &>> <<<` with an optional descriptor number),
//! comments, `~`, and globs (marked, not expanded).
//!
//! Rejected with [`ParseErrorKind::Unsupported`]: `if` `for` `while`
//! `until` `case` `select` `function` `coproc` `time` `[[` `((`, function
//! definitions, here-documents, arrays, `$((…))`, process substitution,
//! `${x#…}`-style operators, `${!x}`, `{fd}>` — each names what it is.
//!
//! Not done by the parser (the executor's job or not done at all): brace
//! expansion (`{a,b}` stays literal text for the executor), history
//! expansion (`!!`, which interactive bash does before parsing: ctlab does
//! not), tilde expansion in the middle of ordinary words (`echo x=~`,
//! which bash does outside POSIX mode).

pub mod ast;
pub mod builtins;
pub mod error;
pub mod exec;
pub mod expand;
pub mod glob;
pub mod io;
pub mod job_builtins;
pub mod jobs;
mod lexer;
mod parser;
mod print;
pub mod redirect;

#[cfg(test)]
mod tests;

pub use ast::*;
pub use error::{ParseError, ParseErrorKind};

/// Parses one command line (or several lines joined with `\n`, when an
/// earlier attempt returned [`ParseErrorKind::Incomplete`] and the UI read
/// continuation lines) into its list of commands.
///
/// A line ending in a lone `\` is incomplete: at a prompt the Enter key
/// follows it, and bash reads `\` + newline as a line continuation. A
/// trailing newline is allowed and means nothing.
///
/// Never panics; runs in time linear in the input (times the nesting depth,
/// which is bounded).
pub fn parse(line: &str) -> Result<List, ParseError> {
    parser::Parser::new(line).parse_list(parser::Term::Eof)
}
