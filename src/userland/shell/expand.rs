//! Word expansion, in bash's order: tilde, parameters (`$x`, `${x}`,
//! `${#x}`, `${x:-w}` and friends, `$$ $? $! $0 $#`), command substitution
//! (`$(…)`, backticks), field splitting of unquoted results on blanks (the
//! default `$IFS`), pathname expansion ([`super::glob`]) and quote removal.
//! Not yet: brace expansion, `$@ $* $-` — each is an [`Unsupported`] error
//! naming it, never a silently different word.

use super::ast::{
    DqPart, List, Param, ParamName, ParamOp, TestKind, Word, WordPart, decode_ansi_c,
};
use super::exec::Shell;
use super::glob;
use super::io::{Io, Output};
use crate::kernel_model::Kernel;

/// Something valid that the executor does not do yet; the text names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported(what.to_string()))
}

/// Fields being built: `cur` is the field in progress, `has_cur` whether
/// it exists even if empty (a quoted `""` makes an empty field). Beside
/// each field, its pathname pattern (quoted characters escaped) and
/// whether an unquoted glob character makes it one.
#[derive(Default)]
struct Fields {
    done: Vec<(String, String, bool)>,
    cur: String,
    pat: String,
    glob: bool,
    has_cur: bool,
}

impl Fields {
    fn quoted(&mut self, s: &str) {
        self.cur.push_str(s);
        glob::escape(s, &mut self.pat);
        self.has_cur = true;
    }

    /// Unquoted `*`, `?`, `[…]` written in the word.
    fn glob(&mut self, s: &str) {
        self.cur.push_str(s);
        self.pat.push_str(s);
        self.glob = true;
        self.has_cur = true;
    }

    /// Unquoted expansion result: split on blanks and newlines; glob
    /// characters in it are active, as in bash.
    fn split(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                self.end_field();
            } else {
                self.cur.push(c);
                if matches!(c, '*' | '?' | '[') {
                    self.glob = true;
                    self.pat.push(c);
                } else {
                    glob::escape(c.encode_utf8(&mut [0; 4]), &mut self.pat);
                }
                self.has_cur = true;
            }
        }
    }

    fn end_field(&mut self) {
        if self.has_cur {
            self.done.push((
                std::mem::take(&mut self.cur),
                std::mem::take(&mut self.pat),
                self.glob,
            ));
            self.has_cur = false;
            self.glob = false;
        }
    }

    fn finish(mut self, sh: &Shell, k: &mut Kernel) -> Vec<String> {
        self.end_field();
        let mut out = Vec::new();
        for (text, pat, is_glob) in self.done {
            if is_glob {
                let hits = glob::expand(k, sh.task, &pat);
                if !hits.is_empty() {
                    out.extend(hits);
                    continue;
                }
            }
            out.push(text);
        }
        out
    }
}

/// Expands a word into fields (zero or more).
pub fn expand_word(
    sh: &mut Shell,
    k: &mut Kernel,
    io: &Io,
    out: &mut Output,
    w: &Word,
) -> Result<Vec<String>, Unsupported> {
    let mut f = Fields::default();
    for part in &w.parts {
        match part {
            WordPart::Literal(s) => {
                if s.contains('{') && s.contains('}') && s.contains(',') {
                    return unsupported("brace expansion");
                }
                f.quoted(s);
            }
            WordPart::Glob(g) => f.glob(g),
            WordPart::Escaped(c) => f.quoted(&c.to_string()),
            WordPart::SingleQuoted(s) => f.quoted(s),
            WordPart::AnsiC(s) => f.quoted(&decode_ansi_c(s)),
            WordPart::DoubleQuoted(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        DqPart::Literal(l) => s.push_str(l),
                        DqPart::Param(p) => s.push_str(&param(sh, k, io, out, p, true)?),
                        DqPart::CommandSubst(l) => s.push_str(&command_subst(sh, k, io, out, l)),
                    }
                }
                f.quoted(&s);
            }
            WordPart::Param(p) => {
                let v = param(sh, k, io, out, p, false)?;
                f.split(&v);
            }
            WordPart::CommandSubst(l) => {
                let v = command_subst(sh, k, io, out, l);
                f.split(&v);
            }
            WordPart::Tilde(user) => match user.as_str() {
                "" => f.quoted(&sh.var("HOME").unwrap_or_default()),
                "root" => f.quoted("/root"),
                _ => return unsupported("~user"),
            },
        }
    }
    Ok(f.finish(sh, k))
}

/// Expands a word into one string, without field splitting (assignment
/// values; `a=$x` keeps `$x`'s blanks).
pub fn expand_string(
    sh: &mut Shell,
    k: &mut Kernel,
    io: &Io,
    out: &mut Output,
    w: &Word,
) -> Result<String, Unsupported> {
    let mut s = String::new();
    for part in &w.parts {
        match part {
            WordPart::Param(p) => s.push_str(&param(sh, k, io, out, p, true)?),
            WordPart::CommandSubst(l) => s.push_str(&command_subst(sh, k, io, out, l)),
            WordPart::Glob(g) => s.push_str(g),
            other => {
                let one = Word {
                    parts: vec![other.clone()],
                };
                s.push_str(&expand_word(sh, k, io, out, &one)?.concat());
            }
        }
    }
    Ok(s)
}

/// `$(…)`: a forked subshell runs the list with stdout on a pipe; its
/// output, minus trailing newlines, is the result. `$?` becomes its
/// status (bash: a command of only assignments keeps it).
fn command_subst(sh: &mut Shell, k: &mut Kernel, io: &Io, out: &mut Output, l: &List) -> String {
    let (bytes, status) = sh.capture(k, io, out, l);
    sh.last_status = status;
    let mut s = String::from_utf8_lossy(&bytes).into_owned();
    while s.ends_with('\n') {
        s.pop();
    }
    s
}

/// The value of a parameter expansion, before splitting.
fn param(
    sh: &mut Shell,
    k: &mut Kernel,
    io: &Io,
    out: &mut Output,
    p: &Param,
    quoted: bool,
) -> Result<String, Unsupported> {
    let value: Option<String> = match &p.name {
        ParamName::Var(name) => sh.var(name),
        ParamName::Positional(0) => Some("bash".into()),
        ParamName::Positional(_) => None,
        ParamName::Special('$') => Some(sh.pid(k).to_string()),
        ParamName::Special('?') => Some(sh.last_status.to_string()),
        ParamName::Special('!') => sh.last_bg.map(|p| p.to_string()),
        ParamName::Special('#') => Some("0".into()),
        ParamName::Special(c) => return unsupported(&format!("${c}")),
    };
    match &p.op {
        None => Ok(value.unwrap_or_default()),
        Some(ParamOp::Length) => Ok(value.unwrap_or_default().chars().count().to_string()),
        Some(ParamOp::Test { kind, colon, word }) => {
            let set = match &value {
                None => false,
                Some(v) => !(*colon && v.is_empty()),
            };
            let word_value =
                |sh: &mut Shell, k: &mut Kernel, out: &mut Output| -> Result<String, Unsupported> {
                    if quoted {
                        expand_string(sh, k, io, out, word)
                    } else {
                        Ok(expand_word(sh, k, io, out, word)?.join(" "))
                    }
                };
            match kind {
                TestKind::Default if set => Ok(value.unwrap_or_default()),
                TestKind::Default => word_value(sh, k, out),
                TestKind::Alternative if set => word_value(sh, k, out),
                TestKind::Alternative => Ok(String::new()),
                TestKind::Assign if set => Ok(value.unwrap_or_default()),
                TestKind::Assign => match &p.name {
                    ParamName::Var(name) => {
                        let v = expand_string(sh, k, io, out, word)?;
                        sh.set_var(name, &v);
                        Ok(v)
                    }
                    _ => unsupported("${N:=word} on a special parameter"),
                },
                TestKind::Error if set => Ok(value.unwrap_or_default()),
                TestKind::Error => unsupported("${name:?word}"),
            }
        }
    }
}
