//! GNU `getopt_long` for the programs here (glibc posix/getopt.c): short
//! options combined (`-la`), a short option's argument attached or next
//! (`-n5`, `-n 5`), long options and unambiguous prefixes of them
//! (`--all`, `--al`, `--lines=5`, `--lines 5`), `--` ending the options,
//! and operands anywhere (GNU permutes them after the options). A lone `-`
//! is an operand.
//!
//! Errors print glibc 2.36's texts (posix/getopt.c: `PROG: invalid option
//! -- 'z'`, `PROG: unrecognized option '--foo=x'`, `PROG: option requires
//! an argument -- 'n'`, …) and then `Try 'PROG --help' for more
//! information.`, which is both gnulib's `emit_try_help()` (coreutils) and
//! util-linux's `errtryhelp()`. Options a program knows but the model does
//! not implement yet print ctlab's `ctlab: PROG: option -X is not supported
//! yet` and exit 1, as do `--help` and `--version` unless the program lists
//! them itself (the util-linux programs do, and answer `-V`).
//!
//! The whole command line is parsed before the program sees an option, so
//! an option error wins over an earlier option that would have ended the
//! program (real `mount -V --foo` prints the version).

use super::Proc;

/// Whether an option takes an argument (`no_argument`, …).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Has {
    No,
    Req,
    Opt,
}

/// One option: `"a|all"` is `-a` and `--all` (key `"a"`), `"|color"` is
/// `--color` only (key `"color"`). A leading `!` marks an option the
/// program has but the model does not support.
pub type OptSpec = (&'static str, Has);

/// A program's command line grammar.
pub struct Cmd {
    pub name: &'static str,
    pub opts: &'static [OptSpec],
    /// Exit status of a usage error (1 for most, 2 for ls, grep, tty).
    pub usage_status: i32,
    /// A line printed before `Try …` on usage errors (grep's `Usage: …`).
    pub usage_line: &'static str,
}

/// The options found, in order (key and argument), and the operands.
#[derive(Default)]
pub struct Parsed {
    pub opts: Vec<(&'static str, Option<String>)>,
    pub operands: Vec<String>,
}

impl Parsed {
    pub fn has(&self, key: &str) -> bool {
        self.opts.iter().any(|(k, _)| *k == key)
    }

    /// The argument of the last occurrence of `key`.
    pub fn last(&self, key: &str) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.as_deref())
    }
}

struct Opt {
    key: &'static str,
    short: Option<char>,
    long: Option<&'static str>,
    has: Has,
    supported: bool,
}

fn table(cmd: &Cmd) -> Vec<Opt> {
    let mut v: Vec<Opt> = cmd
        .opts
        .iter()
        .map(|&(spec, has)| {
            let (supported, spec) = match spec.strip_prefix('!') {
                Some(s) => (false, s),
                None => (true, spec),
            };
            let (s, l) = spec.split_once('|').unwrap_or((spec, ""));
            let short = s.chars().next();
            let long = (!l.is_empty()).then_some(l);
            let key = if s.is_empty() { l } else { s };
            Opt {
                key,
                short,
                long,
                has,
                supported,
            }
        })
        .collect();
    for l in ["help", "version"] {
        if v.iter().any(|o| o.long == Some(l)) {
            continue;
        }
        v.push(Opt {
            key: l,
            short: None,
            long: Some(l),
            has: Has::No,
            supported: false,
        });
    }
    v
}

/// Prints `msg` (if any), the usage line and `Try 'PROG --help' …`;
/// returns the usage status.
pub fn usage_error(p: &mut Proc<'_>, cmd: &Cmd, msg: &str) -> i32 {
    let mut s = String::new();
    if !msg.is_empty() {
        s.push_str(&format!("{}: {msg}\n", cmd.name));
    }
    s.push_str(cmd.usage_line);
    s.push_str(&format!(
        "Try '{} --help' for more information.\n",
        cmd.name
    ));
    p.stderr(&s);
    cmd.usage_status
}

/// How `key` is named in messages: `-X` if the option has a short form,
/// else `--long`.
pub fn opt_name(cmd: &Cmd, key: &str) -> String {
    match table(cmd).iter().find(|o| o.key == key) {
        Some(Opt { short: Some(c), .. }) => format!("-{c}"),
        Some(Opt { long: Some(l), .. }) => format!("--{l}"),
        _ => key.to_string(),
    }
}

/// Prints the model's "not supported" message for option `key` of `cmd`
/// (named as [`opt_name`] does); returns 1.
pub fn unsupported_opt(p: &mut Proc<'_>, cmd: &Cmd, key: &str) -> i32 {
    let what = opt_name(cmd, key);
    unsupported(p, cmd.name, &what)
}

/// Prints the model's "not supported" message; returns 1.
pub fn unsupported(p: &mut Proc<'_>, prog: &str, what: &str) -> i32 {
    p.stderr(&format!(
        "ctlab: {prog}: option {what} is not supported yet\n"
    ));
    1
}

/// Parses `argv` (with argv\[0\]); on an error prints it and returns the
/// exit status.
pub fn parse(p: &mut Proc<'_>, cmd: &Cmd, argv: &[String]) -> Result<Parsed, i32> {
    let t = table(cmd);
    let mut out = Parsed::default();
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if a == "--" {
            out.operands.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, val) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let exact = t.iter().find(|o| o.long == Some(name));
            let cands: Vec<&Opt> = t
                .iter()
                .filter(|o| o.long.is_some_and(|l| l.starts_with(name)))
                .collect();
            let o = match (exact, cands.as_slice()) {
                (Some(o), _) => o,
                (None, [o]) => *o,
                // glibc prints the argument as given, `=VALUE` included.
                (None, []) => {
                    return Err(usage_error(p, cmd, &format!("unrecognized option '{a}'")));
                }
                (None, many) => {
                    let list: Vec<String> = many
                        .iter()
                        .map(|o| format!(" '--{}'", o.long.unwrap_or("")))
                        .collect();
                    return Err(usage_error(
                        p,
                        cmd,
                        &format!("option '{a}' is ambiguous; possibilities:{}", list.concat()),
                    ));
                }
            };
            let long = o.long.unwrap_or("");
            let val = match (o.has, val) {
                (Has::No, Some(_)) => {
                    return Err(usage_error(
                        p,
                        cmd,
                        &format!("option '--{long}' doesn't allow an argument"),
                    ));
                }
                (Has::Req, None) => match argv.get(i) {
                    Some(v) => {
                        i += 1;
                        Some(v.clone())
                    }
                    None => {
                        return Err(usage_error(
                            p,
                            cmd,
                            &format!("option '--{long}' requires an argument"),
                        ));
                    }
                },
                (_, v) => v,
            };
            if !o.supported {
                return Err(unsupported(p, cmd.name, &format!("--{long}")));
            }
            out.opts.push((o.key, val));
            continue;
        }
        let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) else {
            out.operands.push(a.clone());
            continue;
        };
        for (pos, c) in shorts.char_indices() {
            let Some(o) = t.iter().find(|o| o.short == Some(c)) else {
                return Err(usage_error(p, cmd, &format!("invalid option -- '{c}'")));
            };
            let rest = &shorts[pos + c.len_utf8()..];
            let val = match o.has {
                Has::No => None,
                Has::Opt => (!rest.is_empty()).then(|| rest.to_string()),
                Has::Req if !rest.is_empty() => Some(rest.to_string()),
                Has::Req => match argv.get(i) {
                    Some(v) => {
                        i += 1;
                        Some(v.clone())
                    }
                    None => {
                        return Err(usage_error(
                            p,
                            cmd,
                            &format!("option requires an argument -- '{c}'"),
                        ));
                    }
                },
            };
            if !o.supported {
                return Err(unsupported(p, cmd.name, &format!("-{c}")));
            }
            let takes = val.is_some();
            out.opts.push((o.key, val));
            if takes {
                break;
            }
        }
    }
    Ok(out)
}

/// As [`parse`], but the options end at the first operand, which starts
/// the command to run with its own options (glibc's `+` at the start of
/// the option string, as util-linux's unshare and nsenter use it).
pub fn parse_until_operand(p: &mut Proc<'_>, cmd: &Cmd, argv: &[String]) -> Result<Parsed, i32> {
    let t = table(cmd);
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            i += 1;
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let takes_next = !body.contains('=')
                && t.iter()
                    .find(|o| o.long == Some(body))
                    .is_some_and(|o| o.has == Has::Req);
            i += if takes_next { 2 } else { 1 };
            continue;
        }
        let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) else {
            break;
        };
        let mut takes_next = false;
        for (pos, c) in shorts.char_indices() {
            if let Some(o) = t.iter().find(|o| o.short == Some(c))
                && o.has != Has::No
            {
                takes_next = o.has == Has::Req && pos + c.len_utf8() == shorts.len();
                break;
            }
        }
        i += if takes_next { 2 } else { 1 };
    }
    let split = i.min(argv.len());
    let mut parsed = parse(p, cmd, &argv[..split])?;
    parsed.operands.extend(argv[split..].iter().cloned());
    Ok(parsed)
}
