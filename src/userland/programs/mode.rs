//! File mode arguments (`755`, `u+x,g-w`, `a=rX`) as gnulib's
//! modechange.c reads them for `mkdir -m` (and chmod): an octal number, or
//! comma-separated clauses `[ugoa]*[-+=][rwxXst]*` applied to a base mode.

/// One clause: who, operator, permission bits, whether `X` was given.
pub struct Clause {
    who: u32,
    op: u8,
    perm: u32,
    x_if_any: bool,
}

/// A parsed mode: an absolute octal value or clauses.
pub enum Mode {
    Octal(u32),
    Symbolic(Vec<(u32, Vec<Clause>)>),
}

/// Parses a mode argument; `None` is `invalid mode`.
pub fn parse(s: &str) -> Option<Mode> {
    if !s.is_empty() && s.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let v = u32::from_str_radix(s, 8).ok()?;
        return (v <= 0o7777).then_some(Mode::Octal(v));
    }
    let mut out = Vec::new();
    for clause in s.split(',') {
        let b = clause.as_bytes();
        let mut i = 0;
        let mut who = 0;
        while let Some(&c) = b.get(i) {
            who |= match c {
                b'u' => 0o4700,
                b'g' => 0o2070,
                b'o' => 0o1007,
                b'a' => 0o7777,
                _ => break,
            };
            i += 1;
        }
        let mut ops = Vec::new();
        if i == b.len() {
            return None;
        }
        while let Some(&op) = b.get(i) {
            if !matches!(op, b'+' | b'-' | b'=') {
                return None;
            }
            i += 1;
            let (mut perm, mut x_if_any) = (0, false);
            while let Some(&c) = b.get(i) {
                perm |= match c {
                    b'r' => 0o444,
                    b'w' => 0o222,
                    b'x' => 0o111,
                    b'X' => {
                        x_if_any = true;
                        0
                    }
                    b's' => 0o6000,
                    b't' => 0o1000,
                    _ => break,
                };
                i += 1;
            }
            ops.push(Clause {
                who,
                op,
                perm,
                x_if_any,
            });
        }
        out.push((who, ops));
    }
    Some(Mode::Symbolic(out))
}

/// gnulib `mode_adjust`: the new permission bits of a file of mode `old`
/// (a directory if `dir`); clauses without a "who" honour `umask`.
pub fn adjust(m: &Mode, old: u32, dir: bool, umask: u32) -> u32 {
    let clauses = match m {
        Mode::Octal(v) => return *v,
        Mode::Symbolic(c) => c,
    };
    let mut new = old & 0o7777;
    for (_, ops) in clauses {
        for c in ops {
            let (affected, mask) = if c.who == 0 {
                (0o7777, 0o7777 & !umask)
            } else {
                (c.who, c.who)
            };
            let mut perm = c.perm;
            if c.x_if_any && (dir || new & 0o111 != 0) {
                perm |= 0o111;
            }
            let value = perm & mask;
            new = match c.op {
                b'+' => new | value,
                b'-' => new & !value,
                _ => (new & !affected) | value,
            };
        }
    }
    new
}
