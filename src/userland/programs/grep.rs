//! `grep [-EFGivwxcloqsnHh] [-m N] [-e PATTERN]… PATTERN [FILE]…` (GNU
//! grep 3.8): the lines of each file (or standard input) that match. The
//! patterns are a newline-separated list, basic regular expressions by
//! default ([`super::regex`]), extended with `-E`, fixed strings with
//! `-F`. The status is 0 if a line was selected, 1 if none, 2 on an error
//! (but 0 with `-q` and a selected line).
//!
//! Checked with grep 3.8 on a file `g1` (`foo bar`, `Foo`, `barfoo`, `x`):
//! `grep -n foo g1 h1` (`g1:1:foo bar`), `-c`, `-ci`, `-w`, `-x`, `-v`,
//! `-o 'o*'` (empty matches are not printed), `-l`, `-h`, `-H` on stdin
//! (`(standard input):foo`), `grep foo nope g1` (`grep: nope: No such file
//! or directory`, matches still printed, status 2), `grep foo /tmp`
//! (`grep: /tmp: Is a directory`), a file with a NUL byte (`grep: gb:
//! binary file matches` on stderr), no pattern (`Usage: grep [OPTION]...
//! PATTERNS [FILE]...`, status 2).

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::input::{ReadError, read_input};
use super::regex::{Anchoring, Error, Regex, TooComplex};

const CMD: Cmd = Cmd {
    name: "grep",
    opts: &[
        ("E|extended-regexp", Has::No),
        ("F|fixed-strings", Has::No),
        ("G|basic-regexp", Has::No),
        ("e|regexp", Has::Req),
        ("i|ignore-case", Has::No),
        ("y", Has::No),
        ("|no-ignore-case", Has::No),
        ("v|invert-match", Has::No),
        ("w|word-regexp", Has::No),
        ("x|line-regexp", Has::No),
        ("c|count", Has::No),
        ("l|files-with-matches", Has::No),
        ("o|only-matching", Has::No),
        ("q|quiet", Has::No),
        ("|silent", Has::No),
        ("s|no-messages", Has::No),
        ("n|line-number", Has::No),
        ("H|with-filename", Has::No),
        ("h|no-filename", Has::No),
        ("m|max-count", Has::Req),
        ("|color", Has::Opt),
        ("|colour", Has::Opt),
        ("!f|file", Has::Req),
        ("!P|perl-regexp", Has::No),
        ("!L|files-without-match", Has::No),
        ("!r|recursive", Has::No),
        ("!R|dereference-recursive", Has::No),
        ("!a|text", Has::No),
        ("!b|byte-offset", Has::No),
        ("!z|null-data", Has::No),
        ("!Z|null", Has::No),
        ("!A|after-context", Has::Req),
        ("!B|before-context", Has::Req),
        ("!C|context", Has::Req),
        ("!T|initial-tab", Has::No),
        ("!U|binary", Has::No),
        ("!I", Has::No),
        ("!d|directories", Has::Req),
        ("!D|devices", Has::Req),
        ("!|include", Has::Req),
        ("!|exclude", Has::Req),
        ("!|label", Has::Req),
        ("!|line-buffered", Has::No),
        ("!|binary-files", Has::Req),
    ],
    usage_status: 2,
    usage_line: "Usage: grep [OPTION]... PATTERNS [FILE]...\n",
};

struct Opts {
    invert: bool,
    count: bool,
    list: bool,
    only: bool,
    quiet: bool,
    silent: bool,
    numbers: bool,
    names: bool,
    max: Option<u64>,
    anch: Anchoring,
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    for key in ["color", "colour"] {
        if let Some(c) = a.last(key)
            && !matches!(c, "never" | "no" | "none" | "auto" | "tty" | "if-tty")
        {
            return getopt::unsupported(p, "grep", &format!("--{key}={c}"));
        }
    }
    let mut operands = a.operands.clone();
    let patterns: Vec<String> = if a.has("e") {
        a.opts
            .iter()
            .filter(|(k, _)| *k == "e")
            .filter_map(|(_, v)| v.clone())
            .collect()
    } else if operands.is_empty() {
        return getopt::usage_error(p, &CMD, "");
    } else {
        vec![operands.remove(0)]
    };
    // The last of -E/-F/-G and of -i/-y/--no-ignore-case wins.
    let mut kind = "G";
    let mut icase = false;
    for (k, _) in &a.opts {
        match *k {
            "E" | "F" | "G" => kind = k,
            "i" | "y" => icase = true,
            "no-ignore-case" => icase = false,
            _ => {}
        }
    }
    let mut list = Vec::new();
    for pat in patterns.iter().flat_map(|p| p.split('\n')) {
        let r = match kind {
            "F" => Ok(Regex::literal(pat.as_bytes(), icase)),
            k => Regex::new(pat.as_bytes(), k == "E", icase),
        };
        match r {
            Ok(r) => list.push(r),
            Err(Error::Syntax(msg)) => {
                p.stderr(&format!("grep: {msg}\n"));
                return 2;
            }
            Err(Error::Unsupported(what)) => {
                p.stderr(&format!("ctlab: grep: {what} are not supported yet\n"));
                return 2;
            }
        }
    }
    let re = Regex::any_of(list);
    let max = match a.last("m") {
        Some(m) => match m.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                p.stderr("grep: invalid max count\n");
                return 2;
            }
        },
        None => None,
    };
    let files = if operands.is_empty() {
        vec!["-".to_string()]
    } else {
        operands
    };
    let names = if a.has("h") {
        false
    } else {
        a.has("H") || files.len() > 1
    };
    // The last of -H/-h wins.
    let names = match a.opts.iter().rev().find(|(k, _)| *k == "H" || *k == "h") {
        Some((k, _)) => *k == "H",
        None => names,
    };
    let o = Opts {
        invert: a.has("v"),
        count: a.has("c"),
        list: a.has("l"),
        only: a.has("o"),
        quiet: a.has("q") || a.has("silent"),
        silent: a.has("s"),
        numbers: a.has("n"),
        names,
        max,
        anch: if a.has("x") {
            Anchoring::Line
        } else if a.has("w") {
            Anchoring::Word
        } else {
            Anchoring::Anywhere
        },
    };
    let (mut selected, mut error) = (false, false);
    for f in &files {
        let shown = if f == "-" {
            "(standard input)"
        } else {
            f.as_str()
        };
        let data = match read_input(p, f) {
            Ok(d) => d,
            Err(ReadError::Open(e) | ReadError::Read(e)) => {
                if !o.silent {
                    p.stderr(&format!("grep: {shown}: {e}\n"));
                }
                error = true;
                continue;
            }
        };
        match search(p, &o, &re, shown, &data) {
            Ok(true) => {
                selected = true;
                if o.quiet {
                    return 0;
                }
            }
            Ok(false) => {}
            Err(()) => return 2,
        }
    }
    if error && !(o.quiet && selected) {
        2
    } else if selected {
        0
    } else {
        1
    }
}

/// Searches one file's data; whether a line was selected (`Err` when the
/// matcher gave up).
fn search(p: &mut Proc<'_>, o: &Opts, re: &Regex, name: &str, data: &[u8]) -> Result<bool, ()> {
    let binary = data.contains(&0);
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    let lines: Vec<&[u8]> = if data.is_empty() {
        Vec::new()
    } else {
        body.split(|&b| b == b'\n').collect()
    };
    let mut out: Vec<u8> = Vec::new();
    let mut count: u64 = 0;
    for (n, line) in lines.iter().enumerate() {
        if o.max.is_some_and(|m| count >= m) {
            break;
        }
        let hit = match re.find(line, 0, o.anch) {
            Ok(m) => m.is_some(),
            Err(TooComplex) => {
                p.stderr("ctlab: grep: this pattern is too complex for the model's matcher\n");
                return Err(());
            }
        };
        if hit == o.invert {
            continue;
        }
        count += 1;
        if o.quiet || o.list || o.count || binary {
            continue;
        }
        let mut prefix = Vec::new();
        if o.names {
            prefix.extend_from_slice(name.as_bytes());
            prefix.push(b':');
        }
        if o.numbers {
            prefix.extend_from_slice(format!("{}:", n + 1).as_bytes());
        }
        if o.only {
            if o.invert {
                continue;
            }
            let mut from = 0;
            while let Ok(Some((s, e))) = re.find(line, from, o.anch) {
                if e > s {
                    out.extend_from_slice(&prefix);
                    out.extend_from_slice(&line[s..e]);
                    out.push(b'\n');
                    from = e;
                } else {
                    from = s + 1;
                }
                if from > line.len() {
                    break;
                }
            }
        } else {
            out.extend_from_slice(&prefix);
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    if o.quiet {
        return Ok(count > 0);
    }
    if o.count {
        let pre = if o.names {
            format!("{name}:")
        } else {
            String::new()
        };
        out.extend_from_slice(format!("{pre}{count}\n").as_bytes());
    } else if o.list && count > 0 {
        out.extend_from_slice(format!("{name}\n").as_bytes());
    }
    let _ = p.write(1, &out);
    if binary && count > 0 && !o.count && !o.list {
        p.stderr(&format!("grep: {name}: binary file matches\n"));
    }
    Ok(count > 0)
}
