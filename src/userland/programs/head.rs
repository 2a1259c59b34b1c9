//! `head [-n N|-c N|-N] [-q|-v] [FILE]…` (GNU coreutils 9.1, src/head.c):
//! the first 10 lines (or N lines, or N bytes) of each file; `-n -N`/`-c
//! -N` all but the last N. With several files each gets a `==> NAME <==`
//! header, with a blank line before all but the first. Checked: `head -n
//! 3 h3 h1`, `head -c 5`, `head -2`, `head -n -17` (of 20 lines: 3),
//! `head nope h1` (`head: cannot open 'nope' for reading: No such file or
//! directory`, status 1), `head /tmp` (`head: error reading '/tmp': Is a
//! directory`), `head -n x` (`head: invalid number of lines: 'x'`), `head
//! -c 2b` (1024 bytes).

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::input::{ReadError, parse_count, read_input};
use super::quote::quote;

const CMD: Cmd = Cmd {
    name: "head",
    opts: &[
        ("c|bytes", Has::Req),
        ("n|lines", Has::Req),
        ("q|quiet", Has::No),
        ("|silent", Has::No),
        ("v|verbose", Has::No),
        ("!z|zero-terminated", Has::No),
    ],
    usage_status: 1,
    usage_line: "",
};

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    // The obsolete `-N` form, only as the first argument.
    let mut argv = argv.to_vec();
    if let Some(a) = argv.get(1)
        && a.len() > 1
        && a.starts_with('-')
        && a[1..].bytes().all(|b| b.is_ascii_digit())
    {
        argv[1] = format!("-n{}", &a[1..]);
    }
    let a = match getopt::parse(p, &CMD, &argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    // The last of -n/-c wins.
    let spec = a
        .opts
        .iter()
        .rev()
        .find(|(k, _)| *k == "n" || *k == "c")
        .map(|(k, v)| (*k == "c", v.clone().unwrap_or_default()));
    let (bytes, text) = spec.unwrap_or((false, "10".into()));
    let (all_but, num) = match text.strip_prefix('-') {
        Some(n) => (true, n),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let Some(count) = parse_count(num) else {
        let what = if bytes { "bytes" } else { "lines" };
        p.stderr(&format!(
            "head: invalid number of {what}: {}\n",
            quote(&text)
        ));
        return 1;
    };
    let files = if a.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        a.operands.clone()
    };
    let headers = a.has("v") || (files.len() > 1 && !a.has("q") && !a.has("silent"));
    let mut status = 0;
    let mut first = true;
    for f in &files {
        let shown = if f == "-" {
            "standard input"
        } else {
            f.as_str()
        };
        let data = match read_input(p, f) {
            Ok(d) => Ok(d),
            Err(ReadError::Open(e)) => {
                p.stderr(&format!(
                    "head: cannot open {} for reading: {e}\n",
                    quote(f)
                ));
                status = 1;
                continue;
            }
            Err(ReadError::Read(e)) => Err(e),
        };
        if headers {
            let sep = if first { "" } else { "\n" };
            p.stdout(&format!("{sep}==> {shown} <==\n"));
        }
        first = false;
        let data = match data {
            Ok(d) => d,
            Err(e) => {
                p.stderr(&format!("head: error reading {}: {e}\n", quote(shown)));
                status = 1;
                continue;
            }
        };
        let out = cut(&data, bytes, all_but, count);
        let _ = p.write(1, out);
    }
    status
}

/// The part of `data` head prints.
fn cut(data: &[u8], bytes: bool, all_but: bool, count: u64) -> &[u8] {
    let n = usize::try_from(count).unwrap_or(usize::MAX);
    if bytes {
        let end = if all_but {
            data.len().saturating_sub(n)
        } else {
            n.min(data.len())
        };
        return &data[..end];
    }
    // Line ends: offsets just past each '\n'.
    let ends: Vec<usize> = data
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    if all_but && n == 0 {
        return data;
    }
    if all_but {
        // Lines counted with a last unterminated line as a line.
        let mut starts: Vec<usize> = vec![0];
        starts.extend(ends.iter().copied().filter(|&e| e < data.len()));
        let nlines = starts.len() - usize::from(data.is_empty());
        if n >= nlines {
            return &[];
        }
        return &data[..starts[nlines - n]];
    }
    if n == 0 {
        return &[];
    }
    match ends.get(n - 1) {
        Some(&e) => &data[..e],
        None => data,
    }
}
