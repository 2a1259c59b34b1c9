//! The syntax tree of a command line, as bash's grammar splits it.
//!
//! The tree is *syntax*, not meaning: words stay as sequences of parts
//! (quoted text, parameters, command substitutions…) because bash expands
//! them only when the command runs — `a=1; echo $a` must see the `a` set by
//! the command before it. The executor walks this tree and expands each word
//! against the state of the model at that moment.
//!
//! `Display` (in `print.rs`) prints a tree back as one normalized line;
//! `parse(&tree.to_string()) == Ok(tree)` for every tree `parse` returns.

use serde::Serialize;

/// Commands separated by `;`, `&` or newlines: one prompt's worth of input,
/// the body of `( … )` / `{ …; }`, or the inside of `$( … )`.
///
/// An empty list is what a blank or comment-only line parses to (bash runs
/// nothing and keeps `$?`); bash rejects an empty `( )` or `{ }`, and so
/// does the parser, so only the top level and `$()` can be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    pub items: Vec<ListItem>,
}

/// One and-or list and how it was terminated: the executor waits for it
/// (`;`, newline, end of line) or starts it in the background (`&`, which
/// sets `$!` and does not wait).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListItem {
    pub and_or: AndOr,
    pub background: bool,
}

/// `a && b || c`: bash gives `&&` and `||` equal precedence and runs them
/// left to right, each deciding on the exit status of what ran before —
/// hence a flat list rather than a tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

/// The operator joining two pipelines of an [`AndOr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Connector {
    /// `&&`: run the next pipeline only if the status so far is 0.
    And,
    /// `||`: run the next pipeline only if the status so far is non-zero.
    Or,
}

/// `[!] cmd1 | cmd2 | …`. Every command of a pipeline of two or more runs in
/// its own forked process (bash without `lastpipe`), connected by pipe(2)s;
/// a single command runs in the shell itself unless it is a subshell.
///
/// `a |& b` is stored as bash stores it: `a 2>&1 | b` (the `2>&1` is appended
/// to `a`'s redirections), so the executor has one mechanism for both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    /// `! pipeline` inverts the exit status. `! ! a` cancels out, as in bash
    /// (`bash -c '! ! true; echo $?'` prints 0), so it is a flag, not a count.
    pub negated: bool,
    /// Never empty.
    pub commands: Vec<Command>,
}

/// One element of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Command {
    Simple(SimpleCommand),
    /// `( list )`: bash forks and runs the list in the child, so variable
    /// assignments, `cd` and `exit` inside do not reach the parent shell.
    Subshell(Compound),
    /// `{ list; }`: runs in the current shell (no fork): assignments and `cd`
    /// inside persist; the redirections apply to the whole group.
    Group(Compound),
}

/// The body and trailing redirections of `( … )` or `{ …; }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compound {
    /// Never empty (bash: `( )` is a syntax error).
    pub body: List,
    pub redirects: Vec<Redirect>,
}

/// `A=1 B=2 cmd arg… >out`.
///
/// With no words it is an assignment-only command (`X=5`), which sets shell
/// variables; with words, the assignments go only into the command's
/// environment (`a=1 echo $a` prints the *old* `$a`: words are expanded
/// before the prefix assignments take effect). Redirections may be written
/// anywhere among the words (`>out echo hi`); their order among themselves
/// is kept because it matters (`>f 2>&1` vs `2>&1 >f`), their position
/// among the words does not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SimpleCommand {
    pub assignments: Vec<Assignment>,
    /// The command name and its arguments, before expansion. Keywords such
    /// as `export` are ordinary words here: builtins are the executor's
    /// business.
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

/// `name=value` or `name+=value` before the command name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub name: String,
    /// `+=` appends to the variable's current value.
    pub append: bool,
    /// May have no parts (`X=` sets X to the empty string). Never contains
    /// [`WordPart::Glob`]: bash does not glob assignment values; may contain
    /// [`WordPart::Tilde`] at its start and after each `:` (`PATH=~/bin:~/x`).
    pub value: Word,
}

/// A redirection: `[fd]op target`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// The explicit descriptor (`2>`), or `None` for the operator's default
    /// (see [`Redirect::fd_or_default`]).
    pub fd: Option<u32>,
    pub op: RedirectOp,
    /// A word like any other: expanded at run time (`>$HOME/x`). For `>&` and
    /// `<&` it names a descriptor (`1`), `-` (close), or — for `>&` only —
    /// a file, which bash then treats as `&>` (decided after expansion).
    pub target: Word,
}

impl Redirect {
    /// The descriptor the redirection changes: the explicit one, else 0 for
    /// input operators and 1 for output ones (`&>` changes both 1 and 2).
    pub fn fd_or_default(&self) -> u32 {
        self.fd.unwrap_or(match self.op {
            RedirectOp::In | RedirectOp::DupIn | RedirectOp::ReadWrite | RedirectOp::HereString => {
                0
            }
            _ => 1,
        })
    }
}

/// The redirection operators bash accepts (here-documents excepted: the
/// parser rejects `<<` and `<<-`, since a one-line-at-a-time terminal cannot
/// feed their body).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RedirectOp {
    /// `<`
    In,
    /// `>` (fails on an existing file under `set -o noclobber`)
    Out,
    /// `>|` (truncates even under noclobber)
    Clobber,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>`: stdout and stderr to the file (same as `>file 2>&1`).
    OutErr,
    /// `&>>`
    AppendOutErr,
    /// `<<<`: the expanded word plus a newline on stdin.
    HereString,
}

impl RedirectOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectOp::In => "<",
            RedirectOp::Out => ">",
            RedirectOp::Clobber => ">|",
            RedirectOp::Append => ">>",
            RedirectOp::ReadWrite => "<>",
            RedirectOp::DupIn => "<&",
            RedirectOp::DupOut => ">&",
            RedirectOp::OutErr => "&>",
            RedirectOp::AppendOutErr => "&>>",
            RedirectOp::HereString => "<<<",
        }
    }
}

/// One shell word before expansion: its parts, in order, with no separator
/// between them (`a"b"'c'` is one word of three parts).
///
/// What the executor needs from the parts is *which characters were quoted*:
/// quoted text is neither field-split nor globbed, unquoted expansions are
/// both. Hence parts record how each piece was quoted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Word {
    pub parts: Vec<WordPart>,
}

impl Word {
    /// Whether pathname expansion may apply, i.e. the word has an unquoted
    /// `*`, `?` or `[…]` (unquoted expansions may still produce some).
    pub fn has_glob(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, WordPart::Glob(_)))
    }

    /// The word's text if it is only unquoted literal text (how bash
    /// recognises reserved words such as `{`, `}`, `!`, `if`).
    pub fn as_plain_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [WordPart::Literal(s)] => Some(s),
            _ => None,
        }
    }
}

/// A piece of a [`Word`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum WordPart {
    /// Unquoted text with no glob characters. Subject to nothing but brace
    /// expansion (`{a,b}`), which the parser leaves to the executor.
    Literal(String),
    /// Unquoted text containing `*`, `?` or a `[…]` bracket: a pattern the
    /// executor matches against the VFS (bash: no match → the word is kept
    /// as is). Only the characters of this part are pattern characters.
    Glob(String),
    /// `\c` outside quotes: the character, quoted (`\*` is not a glob,
    /// `\$HOME` is not a parameter). `\<newline>` is a line continuation and
    /// leaves no part.
    Escaped(char),
    /// `'…'`: the text exactly, no escapes.
    SingleQuoted(String),
    /// `$'…'`, ANSI-C quoting, kept as written between the quotes (it may
    /// encode bytes that are not UTF-8); decode with [`decode_ansi_c`].
    AnsiC(String),
    /// `"…"` (and bash's locale-translated `$"…"`, which without a message
    /// catalogue is the same): expansions inside run, but the result is
    /// neither split nor globbed.
    DoubleQuoted(Vec<DqPart>),
    /// `$name`, `${name}`, `${name:-word}`…, unquoted: the value is field-split
    /// on `$IFS` and globbed.
    Param(Param),
    /// `$( list )` or `` `list` ``, parsed like any command line; runs in a
    /// forked subshell and its output (trailing newlines removed) replaces it.
    /// Printed back as `$(…)`.
    CommandSubst(Box<List>),
    /// `~` or `~user` at the start of a word, or in an assignment value at the
    /// start and after `:`, followed by `/`, `:` (assignments) or the end of
    /// the word: the home directory (`~+`/`~-` are `$PWD`/`$OLDPWD`). The
    /// string is what followed the `~` (empty for the current user).
    Tilde(String),
}

/// A piece of a double-quoted string: everything in it is quoted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum DqPart {
    /// Text after removing the backslash of `\$`, `` \` ``, `\"`, `\\` and
    /// `\<newline>` (other backslashes stay: `"\n"` is backslash, n).
    Literal(String),
    Param(Param),
    CommandSubst(Box<List>),
}

/// A parameter expansion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    pub name: ParamName,
    pub op: Option<ParamOp>,
}

/// What a parameter expansion refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ParamName {
    /// A shell or environment variable.
    Var(String),
    /// `$0`…`$9`, `${10}`…: `$0` is the shell's (or script's) name.
    Positional(u32),
    /// One of `$$ $? $! $# $@ $* $-`.
    Special(char),
}

/// The operators of `${…}` that the parser supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ParamOp {
    /// `${#name}`: the length in characters.
    Length,
    /// `${name:-word}` and its relatives: `word` is expanded only if needed.
    Test {
        kind: TestKind,
        /// With `:` the test is "unset or empty", without it "unset".
        colon: bool,
        /// The word after the operator, already split into parts. Inside
        /// double quotes (`"${x:-a b}"`) it is one [`WordPart::DoubleQuoted`]:
        /// bash treats everything there as quoted (`'` included).
        word: Word,
    },
}

/// Which test of [`ParamOp::Test`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TestKind {
    /// `-`: use `word` instead.
    Default,
    /// `=`: assign `word` to the variable, then use it.
    Assign,
    /// `?`: print `word` as an error and fail (a non-interactive shell exits).
    Error,
    /// `+`: use `word` if the test is *false* (set / non-empty), else nothing.
    Alternative,
}

impl TestKind {
    pub fn as_char(self) -> char {
        match self {
            TestKind::Default => '-',
            TestKind::Assign => '=',
            TestKind::Error => '?',
            TestKind::Alternative => '+',
        }
    }
}

/// Decodes the text of `$'…'` as bash 5.2 does: `\a \b \e \E \f \n \r \t \v
/// \\ \' \" \?`, octal `\nnn` (1–3 digits), `\xHH` (1–2 digits), `\uHHHH`,
/// `\UHHHHHHHH`, `\cX` (control character); any other backslash pair is kept
/// as written. A NUL byte ends the string, as in bash (C strings):
/// `bash -c "echo \$'a\\0b'"` prints `a`. Bytes that are not UTF-8
/// (`$'\xff'`) become U+FFFD.
pub fn decode_ansi_c(raw: &str) -> String {
    let b = raw.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let c = b[i + 1];
        i += 2;
        let simple = match c {
            b'\\' | b'\'' | b'"' | b'?' => Some(c),
            _ => control_escape(c),
        };
        if let Some(v) = simple {
            out.push(v);
            continue;
        }
        match c {
            b'0'..=b'7' => {
                let mut v: u32 = u32::from(c - b'0');
                let mut n = 1;
                while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + u32::from(b[i] - b'0');
                    i += 1;
                    n += 1;
                }
                out.push((v & 0xff) as u8);
            }
            b'x' | b'u' | b'U' => {
                let max = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                let mut n = 0;
                while n < max && i < b.len() {
                    match hex(b[i]) {
                        Some(d) => v = v * 16 + d,
                        None => break,
                    }
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    // bash keeps `\x` (and `\u`) with no digits as written.
                    out.push(b'\\');
                    out.push(c);
                } else if c == b'x' {
                    out.push(v as u8);
                } else {
                    let ch = char::from_u32(v).unwrap_or('\u{fffd}');
                    let mut buf = [0; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
            }
            b'c' if i < b.len() => {
                out.push(b[i].to_ascii_uppercase() & 0x1f);
                i += 1;
            }
            _ => {
                out.push(b'\\');
                out.push(c);
            }
        }
    }
    if let Some(nul) = out.iter().position(|&x| x == 0) {
        out.truncate(nul);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The byte a one-letter C escape (`\n`, `\t`, `\e`…) stands for, as both
/// `$'…'` and `echo -e` read them (bash's ansicstr()).
pub(crate) fn control_escape(c: u8) -> Option<u8> {
    match c {
        b'a' => Some(7),
        b'b' => Some(8),
        b'e' | b'E' => Some(0x1b),
        b'f' => Some(0x0c),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(0x0b),
        _ => None,
    }
}
