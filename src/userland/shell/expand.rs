//! Word expansion, the part ctlab does so far: tilde, parameters (`$x`,
//! `${x}`, `${#x}`, `${x:-w}` and friends, `$$ $? $! $0 $#`), quote
//! removal and field splitting of unquoted expansions on blanks (the
//! default `$IFS`). Not yet: command substitution, pathname expansion
//! (globs), brace expansion, `$@ $* $-` — each is an [`Unsupported`]
//! error naming it, never a silently different word.

use super::ast::{DqPart, Param, ParamName, ParamOp, TestKind, Word, WordPart, decode_ansi_c};
use super::exec::Shell;
use crate::kernel_model::Kernel;

/// Something valid that the executor does not do yet; the text names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported(what.to_string()))
}

/// Fields being built: `cur` is the field in progress, `has_cur` whether
/// it exists even if empty (a quoted `""` makes an empty field).
#[derive(Default)]
struct Fields {
    done: Vec<String>,
    cur: String,
    has_cur: bool,
}

impl Fields {
    fn quoted(&mut self, s: &str) {
        self.cur.push_str(s);
        self.has_cur = true;
    }

    /// Unquoted expansion result: split on blanks and newlines.
    fn split(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                if self.has_cur {
                    self.done.push(std::mem::take(&mut self.cur));
                    self.has_cur = false;
                }
            } else {
                self.cur.push(c);
                self.has_cur = true;
            }
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.has_cur {
            self.done.push(self.cur);
        }
        self.done
    }
}

/// Expands a word into fields (zero or more).
pub fn expand_word(sh: &mut Shell, k: &mut Kernel, w: &Word) -> Result<Vec<String>, Unsupported> {
    let mut f = Fields::default();
    for part in &w.parts {
        match part {
            WordPart::Literal(s) => {
                if s.contains('{') && s.contains('}') && s.contains(',') {
                    return unsupported("brace expansion");
                }
                f.quoted(s);
            }
            WordPart::Glob(_) => return unsupported("pathname expansion (globs)"),
            WordPart::Escaped(c) => f.quoted(&c.to_string()),
            WordPart::SingleQuoted(s) => f.quoted(s),
            WordPart::AnsiC(s) => f.quoted(&decode_ansi_c(s)),
            WordPart::DoubleQuoted(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        DqPart::Literal(l) => s.push_str(l),
                        DqPart::Param(p) => s.push_str(&param(sh, k, p, true)?),
                        DqPart::CommandSubst(_) => return unsupported("command substitution"),
                    }
                }
                f.quoted(&s);
            }
            WordPart::Param(p) => {
                let v = param(sh, k, p, false)?;
                f.split(&v);
            }
            WordPart::CommandSubst(_) => return unsupported("command substitution"),
            WordPart::Tilde(user) => match user.as_str() {
                "" => f.quoted(&sh.var("HOME").unwrap_or_default()),
                "root" => f.quoted("/root"),
                _ => return unsupported("~user"),
            },
        }
    }
    Ok(f.finish())
}

/// Expands a word into one string, without field splitting (assignment
/// values; `a=$x` keeps `$x`'s blanks).
pub fn expand_string(sh: &mut Shell, k: &mut Kernel, w: &Word) -> Result<String, Unsupported> {
    let mut s = String::new();
    for part in &w.parts {
        match part {
            WordPart::Param(p) => s.push_str(&param(sh, k, p, true)?),
            WordPart::Glob(g) => s.push_str(g),
            other => {
                let one = Word {
                    parts: vec![other.clone()],
                };
                s.push_str(&expand_word(sh, k, &one)?.concat());
            }
        }
    }
    Ok(s)
}

/// The value of a parameter expansion, before splitting.
fn param(sh: &mut Shell, k: &mut Kernel, p: &Param, quoted: bool) -> Result<String, Unsupported> {
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
            let word_value = |sh: &mut Shell, k: &mut Kernel| -> Result<String, Unsupported> {
                if quoted {
                    expand_string(sh, k, word)
                } else {
                    Ok(expand_word(sh, k, word)?.join(" "))
                }
            };
            match kind {
                TestKind::Default if set => Ok(value.unwrap_or_default()),
                TestKind::Default => word_value(sh, k),
                TestKind::Alternative if set => word_value(sh, k),
                TestKind::Alternative => Ok(String::new()),
                TestKind::Assign if set => Ok(value.unwrap_or_default()),
                TestKind::Assign => match &p.name {
                    ParamName::Var(name) => {
                        let v = expand_string(sh, k, word)?;
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
