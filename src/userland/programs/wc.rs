//! `wc [-l] [-w] [-m] [-c] [FILE]…` (GNU coreutils 9.1, src/wc.c) in the C
//! locale: lines, words, characters (= bytes in the C locale), bytes, and
//! a `total` line for several files. A word starts at a printable
//! character after white space; other bytes (control characters, bytes
//! ≥ 0x80) neither start nor end one.
//!
//! Column width (`compute_number_width`): the digits of the total size of
//! the regular files, at least 7 if an input is not a regular file (a
//! pipe, a directory); 1 when one count of one input is asked for (it is
//! not fstat'ed then). Checked: `wc h1` (` 2  3 16 h1`), `wc -l h1` (`2
//! h1`), `printf 'a b\n' | wc` (`      1       2       4`), `wc < h1`
//! (` 2  3 16`), `wc /tmp` (`wc: /tmp: Is a directory` then zeros at width
//! 7, status 1), `wc nope h1` (`wc: nope: No such file or directory`).

use super::Proc;
use super::getopt::{self, Cmd, Has};
use super::input::{ReadError, read_input};
use crate::kernel_model::vfs::{S_IFMT, S_IFREG};
use crate::userland::shell::io::Stream;

const CMD: Cmd = Cmd {
    name: "wc",
    opts: &[
        ("c|bytes", Has::No),
        ("m|chars", Has::No),
        ("l|lines", Has::No),
        ("w|words", Has::No),
        ("!L|max-line-length", Has::No),
        ("!|files0-from", Has::Req),
        ("!|total", Has::Req),
    ],
    usage_status: 1,
    usage_line: "",
};

#[derive(Default, Clone, Copy)]
struct Counts {
    lines: u64,
    words: u64,
    bytes: u64,
}

fn count(data: &[u8]) -> Counts {
    let mut c = Counts {
        bytes: data.len() as u64,
        ..Counts::default()
    };
    let mut in_word = false;
    for &b in data {
        match b {
            b'\n' => {
                c.lines += 1;
                in_word = false;
            }
            b' ' | b'\t' | b'\r' | 11 | 12 => in_word = false,
            _ if b.is_ascii_graphic() && !in_word => {
                c.words += 1;
                in_word = true;
            }
            _ => {}
        }
    }
    c
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    let (mut l, mut w, m, mut c) = (a.has("l"), a.has("w"), a.has("m"), a.has("c"));
    if !(l || w || m || c) {
        (l, w, c) = (true, true, true);
    }
    let files: Vec<String> = if a.operands.is_empty() {
        vec!["-".into()]
    } else {
        a.operands.clone()
    };
    let nshown = [l, w, m, c].iter().filter(|x| **x).count();
    // fstat of every input, as get_input_fstatus() does.
    let mut width = 1;
    if !(files.len() == 1 && nshown == 1) {
        let (mut min, mut regular) = (1, 0u64);
        for f in &files {
            let st = if f == "-" {
                match p.io.get(0) {
                    Some(Stream::Model(fd)) => p.k.fstat(p.task, fd).ok(),
                    _ => None,
                }
                .map(|s| (s.mode, s.size))
                .or(Some((0, 0)))
            } else {
                p.k.stat(p.task, f).ok().map(|s| (s.mode, s.size))
            };
            if let Some((mode, size)) = st {
                if mode & S_IFMT == S_IFREG {
                    regular += size;
                } else {
                    min = 7;
                }
            }
        }
        let digits = regular.to_string().len();
        width = digits.max(min);
    }
    let line = |cn: &Counts, name: Option<&str>| {
        let mut nums = Vec::new();
        for (on, v) in [(l, cn.lines), (w, cn.words), (m, cn.bytes), (c, cn.bytes)] {
            if on {
                nums.push(format!("{v:>width$}"));
            }
        }
        let mut s = nums.join(" ");
        if let Some(n) = name {
            s.push(' ');
            s.push_str(n);
        }
        s.push('\n');
        s
    };
    let mut total = Counts::default();
    let mut status = 0;
    for f in &files {
        let cn = match read_input(p, f) {
            Ok(d) => count(&d),
            Err(ReadError::Open(e)) => {
                p.stderr(&format!("wc: {}: {e}\n", super::quote::quote_if_needed(f)));
                status = 1;
                continue;
            }
            Err(ReadError::Read(e)) => {
                p.stderr(&format!("wc: {}: {e}\n", super::quote::quote_if_needed(f)));
                status = 1;
                Counts::default()
            }
        };
        total.lines += cn.lines;
        total.words += cn.words;
        total.bytes += cn.bytes;
        let name = (f != "-" || !a.operands.is_empty()).then_some(f.as_str());
        p.stdout(&line(&cn, name));
    }
    if files.len() > 1 {
        p.stdout(&line(&total, Some("total")));
    }
    status
}
