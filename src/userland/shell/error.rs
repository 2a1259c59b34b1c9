//! Parse errors, worded as bash words them.
//!
//! Which form of bash's message: a student types at an interactive bash
//! prompt, so the messages are those `bash -i` prints to stderr for a line
//! typed at the prompt, *without* the `bash: ` prefix, which is the shell's
//! name (`$0`) and belongs to the executor. Compared with `bash -c`, the
//! interactive form has no `-c: line N: ` and no second line echoing the
//! offending input:
//!
//! ```text
//! $ echo 'echo a &&& b' | bash -i          $ bash -c 'echo a &&& b'
//! bash: syntax error near unexpected token `&'
//!                                          bash: -c: line 1: syntax error near unexpected token `&'
//!                                          bash: -c: line 1: `echo a &&& b'
//! ```

use serde::Serialize;

/// Why a line could not be parsed, where, and what bash would print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// Byte offset in the parsed text where the problem was found (for an
    /// unexpected token, where the token starts; for `Incomplete`, the end).
    pub offset: usize,
    pub kind: ParseErrorKind,
    /// The message without the `bash: ` prefix, e.g.
    /// ``syntax error near unexpected token `&'``.
    pub message: String,
}

/// The three ways a line can fail, which the UI treats differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ParseErrorKind {
    /// Bash rejects the line too; `message` is bash's own text.
    Syntax,
    /// The line is a valid beginning: an open quote, `$(`, `(`, `{`, a
    /// trailing `|`, `&&`, `||` or `\`. Interactive bash prints `PS2` (`> `)
    /// and reads another line; the UI should do the same and parse the
    /// lines joined with `\n`. `message` is what bash prints if the input
    /// ends there instead (Ctrl-D), e.g. `syntax error: unexpected end of
    /// file` or ``unexpected EOF while looking for matching `"'``.
    Incomplete,
    /// Valid bash that ctlab's shell does not implement (`if`, here-documents,
    /// arrays…); `message` says so, in ctlab's words, not bash's.
    Unsupported,
}

impl ParseError {
    pub(super) fn syntax(offset: usize, message: impl Into<String>) -> Self {
        ParseError {
            offset,
            kind: ParseErrorKind::Syntax,
            message: message.into(),
        }
    }

    /// Bash's message for a token it did not expect; `token` is the token as
    /// written, or `newline`.
    pub(super) fn unexpected(offset: usize, token: &str) -> Self {
        Self::syntax(
            offset,
            format!("syntax error near unexpected token `{token}'"),
        )
    }

    pub(super) fn incomplete(offset: usize, message: impl Into<String>) -> Self {
        ParseError {
            offset,
            kind: ParseErrorKind::Incomplete,
            message: message.into(),
        }
    }

    /// Input ended where a command or a closing `)`/`}` was needed.
    pub(super) fn unexpected_eof(offset: usize) -> Self {
        Self::incomplete(offset, "syntax error: unexpected end of file")
    }

    /// Input ended inside a quote or `$(`, `${`, `` ` ``; `close` is the
    /// missing closing character.
    pub(super) fn unmatched(offset: usize, close: char) -> Self {
        Self::incomplete(
            offset,
            format!("unexpected EOF while looking for matching `{close}'"),
        )
    }

    /// `what` is a short description with the syntax, e.g. "`if`" or
    /// "here-documents (`<<`)".
    pub(super) fn unsupported(offset: usize, what: &str) -> Self {
        ParseError {
            offset,
            kind: ParseErrorKind::Unsupported,
            message: format!("ctlab's shell does not support {what} yet"),
        }
    }

    /// Whether more input could complete the line (see
    /// [`ParseErrorKind::Incomplete`]).
    pub fn is_incomplete(&self) -> bool {
        self.kind == ParseErrorKind::Incomplete
    }
}
