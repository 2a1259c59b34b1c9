//! File names in coreutils' messages and in `ls` on a terminal, quoted as
//! gnulib's quotearg does in the C locale with the `shell-escape` styles
//! (lib/quotearg.c): diagnostics always quote (`quoteaf`: `cannot access
//! '/nope'`), `ls` to a terminal only when needed.
//!
//! Checked on coreutils 9.1 (`env -i ls -d -- NAME` and `ls
//! --quoting-style=shell-escape`): `'a b'`, `"it's"`, `'a'\''b$c'`,
//! `'a'$'\n''b'`, `''$'\303\251'` (é, non-ASCII is not printable in the C
//! locale), `'#a'` but `a#`, `'{'` but `{}`, `a,b+c%d@e` unquoted.

/// Whether `s` needs quoting for the shell (quotearg's shell specials).
fn needs_quoting(s: &[u8]) -> bool {
    if s.is_empty() || s == b"{" || s == b"}" {
        return true;
    }
    if matches!(s[0], b'#' | b'~') {
        return true;
    }
    s.iter()
        .any(|&b| !(b.is_ascii_graphic() || b == b' ') || b" !\"$&'()*;<=>?[\\^`|".contains(&b))
}

/// Characters that read the same in C and shell double quotes: a name
/// with a `'` made only of these is written `"…"`.
fn c_and_shell_compat(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b" %+,-./:@]_'".contains(&b)
}

fn escape(b: u8, out: &mut String) {
    match b {
        7 => out.push_str("\\a"),
        8 => out.push_str("\\b"),
        b'\t' => out.push_str("\\t"),
        b'\n' => out.push_str("\\n"),
        11 => out.push_str("\\v"),
        12 => out.push_str("\\f"),
        b'\r' => out.push_str("\\r"),
        _ => out.push_str(&format!("\\{b:03o}")),
    }
}

/// `shell-escape-always` quoting.
fn quote_always(s: &[u8]) -> String {
    if s.contains(&b'\'') && s.iter().all(|&b| c_and_shell_compat(b)) {
        return format!("\"{}\"", String::from_utf8_lossy(s));
    }
    let mut out = String::from("'");
    let mut in_dollar = false;
    for &b in s {
        let printable = b.is_ascii_graphic() || b == b' ';
        if printable {
            if in_dollar {
                out.push_str("''");
                in_dollar = false;
            }
            if b == b'\'' {
                out.push_str("'\\''");
            } else {
                out.push(b as char);
            }
        } else {
            if !in_dollar {
                out.push_str("'$'");
                in_dollar = true;
            }
            escape(b, &mut out);
        }
    }
    out.push('\'');
    out
}

/// A file name in a diagnostic (`quoteaf`): always quoted.
pub fn quote(s: &str) -> String {
    quote_always(s.as_bytes())
}

/// A file name as `ls` prints it to a terminal: quoted only if needed.
pub fn quote_if_needed(s: &str) -> String {
    if needs_quoting(s.as_bytes()) {
        quote_always(s.as_bytes())
    } else {
        s.to_string()
    }
}

/// Whether [`quote_if_needed`] would quote `s`.
pub fn is_quoted(s: &str) -> bool {
    needs_quoting(s.as_bytes())
}
