//! Pathname expansion (bash(1) "Pathname Expansion"): a word with an
//! unquoted `*`, `?` or `[…]` becomes the sorted list of paths it matches
//! in the model's file system, or stays as it is when nothing matches
//! (`nullglob` and `failglob` are off). Names starting with `.` match only
//! a pattern starting with `.` (`dotglob` off), and `.`/`..` never match
//! `*`. Sorting is by bytes: the C locale of ctlab's terminals.
//!
//! Patterns are carried with quoted characters escaped by `\`, so that
//! `"*".txt` matches only a file named `*.txt`.

use crate::kernel_model::{Kernel, TaskId};

/// Escapes the glob characters of quoted text.
pub fn escape(s: &str, pat: &mut String) {
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            pat.push('\\');
        }
        pat.push(c);
    }
}

/// The pattern without its escapes (the word when nothing matched).
pub fn unescape(pat: &str) -> String {
    let mut out = String::new();
    let mut it = pat.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(n) = it.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_magic(seg: &str) -> bool {
    let mut it = seg.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => {
                it.next();
            }
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// Expands `pat` as the task `task` sees the file system: the matching
/// paths, sorted, or empty if none.
pub fn expand(k: &mut Kernel, task: TaskId, pat: &str) -> Vec<String> {
    let absolute = pat.starts_with('/');
    let segs: Vec<&str> = pat.split('/').filter(|s| !s.is_empty()).collect();
    let mut found = vec![if absolute {
        "/".to_string()
    } else {
        String::new()
    }];
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        let mut next = Vec::new();
        for base in &found {
            let join = |name: &str| -> String {
                if base.is_empty() {
                    name.to_string()
                } else if base.ends_with('/') {
                    format!("{base}{name}")
                } else {
                    format!("{base}/{name}")
                }
            };
            if !is_magic(seg) {
                let p = join(&unescape(seg));
                if k.lstat(task, &p).is_ok() {
                    next.push(p);
                }
                continue;
            }
            let dir = if base.is_empty() { "." } else { base.as_str() };
            let Ok(mut names) = k.read_dir(task, dir) else {
                continue;
            };
            names.sort();
            for name in names {
                if name.starts_with('.') && !seg.starts_with('.') && !seg.starts_with("\\.") {
                    continue;
                }
                if fnmatch(seg, &name) {
                    let p = join(&name);
                    if last
                        || k.stat(task, &p).is_ok_and(|s| {
                            s.mode & crate::kernel_model::vfs::S_IFMT
                                == crate::kernel_model::vfs::S_IFDIR
                        })
                    {
                        next.push(p);
                    }
                }
            }
        }
        found = next;
        if found.is_empty() {
            return found;
        }
    }
    if pat.ends_with('/') {
        for f in &mut found {
            f.push('/');
        }
    }
    found.sort();
    found
}

/// fnmatch(3) of one path component against a pattern with `\` escapes.
pub fn fnmatch(pat: &str, name: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let n: Vec<char> = name.chars().collect();
    matches_at(&p, &n)
}

fn matches_at(p: &[char], n: &[char]) -> bool {
    let Some((&c, rest)) = p.split_first() else {
        return n.is_empty();
    };
    match c {
        '*' => (0..=n.len()).any(|i| matches_at(rest, &n[i..])),
        '?' => !n.is_empty() && matches_at(rest, &n[1..]),
        '[' => match bracket(rest, n.first().copied()) {
            Some((ok, after)) => ok && matches_at(after, &n[1..]),
            // No closing `]`: the `[` is an ordinary character.
            None => n.first() == Some(&'[') && matches_at(rest, &n[1..]),
        },
        '\\' => match rest.split_first() {
            Some((&e, r2)) => n.first() == Some(&e) && matches_at(r2, &n[1..]),
            None => n.first() == Some(&'\\') && n.len() == 1,
        },
        _ => n.first() == Some(&c) && matches_at(rest, &n[1..]),
    }
}

/// A bracket expression after its `[`: whether `ch` matches, and the
/// pattern after the closing `]`; `None` if there is no closing `]`.
fn bracket(p: &[char], ch: Option<char>) -> Option<(bool, &[char])> {
    let mut i = 0;
    let negate = matches!(p.first(), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while i < p.len() {
        let c = p[i];
        if c == ']' && !first {
            let ok = ch.is_some() && hit != negate;
            return Some((ok, &p[i + 1..]));
        }
        first = false;
        let lo = if c == '\\' && i + 1 < p.len() {
            i += 1;
            p[i]
        } else {
            c
        };
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            let hi = p[i + 2];
            if ch.is_some_and(|x| lo <= x && x <= hi) {
                hit = true;
            }
            i += 3;
        } else {
            if ch == Some(lo) {
                hit = true;
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    #[test]
    fn fnmatch_like_bash() {
        assert!(fnmatch("*", "abc"));
        assert!(fnmatch("a?c", "abc"));
        assert!(!fnmatch("a?c", "ac"));
        assert!(fnmatch("[a-c]x", "bx"));
        assert!(!fnmatch("[!a-c]x", "bx"));
        assert!(fnmatch("\\*", "*"));
        assert!(!fnmatch("\\*", "a"));
        assert!(fnmatch("[", "["));
        assert!(fnmatch("*.md", "a.md"));
    }
}
