//! POSIX basic and extended regular expressions as GNU grep reads them
//! (regex(7), grep(1) "REGULAR EXPRESSIONS"), in the C locale, matched by
//! backtracking: literals, `.`, bracket expressions with ranges and
//! `[:class:]`, `^` `$` anchors, `*`, intervals, groups and alternation
//! (BRE `\(` `\)` `\{` `\}` `\|` `\+` `\?`; ERE `(` `)` `{` `}` `|` `+`
//! `?`), and GNU's `\w \W \s \S \b \B \< \>`. Back-references are not
//! supported (a [`Error::Unsupported`]).
//!
//! BRE rules from POSIX: `*` at the start of an expression (or after `\(`,
//! `\|`, `^`) is literal; `^` is an anchor only at the start, `$` only at
//! the end (of the expression or a group). Error texts are glibc's
//! (checked with grep 3.8: `grep 'a\('` → `Unmatched ( or \(`, `grep
//! 'fo\'` → `Trailing backslash`, `grep '[a'` → `Unmatched [, [^, [:, [.,
//! or [=`, `grep 'a\{1'` → `Unmatched \{`).

/// One element of an expression.
#[derive(Clone, Debug)]
enum Node {
    Byte(u8),
    Any,
    Set(Box<[bool; 256]>),
    Bol,
    Eol,
    WordStart,
    WordEnd,
    WordBoundary,
    NotWordBoundary,
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, u32, Option<u32>),
}

/// Why a pattern was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// A syntax error, with glibc's message.
    Syntax(&'static str),
    /// Valid, but not implemented here.
    Unsupported(&'static str),
}

#[derive(Debug)]
pub struct Regex {
    alts: Vec<Vec<Node>>,
    icase: bool,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn class(name: &[u8]) -> Option<fn(u8) -> bool> {
    Some(match name {
        b"alpha" => |b: u8| b.is_ascii_alphabetic(),
        b"digit" => |b: u8| b.is_ascii_digit(),
        b"alnum" => |b: u8| b.is_ascii_alphanumeric(),
        b"upper" => |b: u8| b.is_ascii_uppercase(),
        b"lower" => |b: u8| b.is_ascii_lowercase(),
        b"space" => |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 11 | 12),
        b"blank" => |b: u8| b == b' ' || b == b'\t',
        b"punct" => |b: u8| b.is_ascii_punctuation(),
        b"print" => |b: u8| b.is_ascii_graphic() || b == b' ',
        b"graph" => |b: u8| b.is_ascii_graphic(),
        b"cntrl" => |b: u8| b.is_ascii_control(),
        b"xdigit" => |b: u8| b.is_ascii_hexdigit(),
        _ => return None,
    })
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    ere: bool,
    icase: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn peek2(&self) -> Option<u8> {
        self.s.get(self.i + 1).copied()
    }

    /// At `|` (ERE) or `\|` (BRE).
    fn at_alt(&self) -> bool {
        if self.ere {
            self.peek() == Some(b'|')
        } else {
            self.peek() == Some(b'\\') && self.peek2() == Some(b'|')
        }
    }

    /// At the `)` closing a group of depth > 0.
    fn at_close(&self, depth: usize) -> bool {
        if self.ere {
            depth > 0 && self.peek() == Some(b')')
        } else {
            self.peek() == Some(b'\\') && self.peek2() == Some(b')')
        }
    }

    fn alternation(&mut self, depth: usize) -> Result<Vec<Vec<Node>>, Error> {
        if depth > 100 {
            return Err(Error::Syntax("Regular expression too big"));
        }
        let mut alts = vec![self.sequence(depth)?];
        while self.at_alt() {
            self.i += if self.ere { 1 } else { 2 };
            alts.push(self.sequence(depth)?);
        }
        Ok(alts)
    }

    fn byte_node(&self, b: u8) -> Node {
        if self.icase && b.is_ascii_alphabetic() {
            let mut set = Box::new([false; 256]);
            set[b.to_ascii_lowercase() as usize] = true;
            set[b.to_ascii_uppercase() as usize] = true;
            Node::Set(set)
        } else {
            Node::Byte(b)
        }
    }

    fn sequence(&mut self, depth: usize) -> Result<Vec<Node>, Error> {
        let mut seq: Vec<Node> = Vec::new();
        loop {
            if self.at_alt() || self.at_close(depth) {
                return Ok(seq);
            }
            let Some(c) = self.peek() else {
                return Ok(seq);
            };
            // A repetition applies to the last node, if there is one that
            // is not an anchor at the start (BRE: a leading `*` is literal).
            let can_repeat = seq.last().is_some_and(|n| !matches!(n, Node::Bol));
            let node = match c {
                b'^' if self.ere || seq.is_empty() => {
                    self.i += 1;
                    Node::Bol
                }
                b'$' => {
                    self.i += 1;
                    let end = self.peek().is_none() || self.at_alt() || self.at_close(depth);
                    if self.ere || end {
                        Node::Eol
                    } else {
                        Node::Byte(b'$')
                    }
                }
                b'.' => {
                    self.i += 1;
                    Node::Any
                }
                b'[' => self.bracket()?,
                b'*' if can_repeat => {
                    self.i += 1;
                    self.repeat(&mut seq, 0, None);
                    continue;
                }
                b'+' | b'?' if self.ere && can_repeat => {
                    self.i += 1;
                    let max = if c == b'?' { Some(1) } else { None };
                    self.repeat(&mut seq, u32::from(c == b'+'), max);
                    continue;
                }
                b'{' if self.ere && can_repeat => {
                    let save = self.i;
                    self.i += 1;
                    match self.interval()? {
                        Some((min, max)) if self.peek() == Some(b'}') => {
                            self.i += 1;
                            self.repeat(&mut seq, min, max);
                            continue;
                        }
                        _ => {
                            // Not an interval: a literal `{` (GNU).
                            self.i = save + 1;
                            Node::Byte(b'{')
                        }
                    }
                }
                b'(' if self.ere => {
                    self.i += 1;
                    let g = self.alternation(depth + 1)?;
                    if self.peek() != Some(b')') {
                        return Err(Error::Syntax("Unmatched ( or \\("));
                    }
                    self.i += 1;
                    Node::Group(g)
                }
                b'\\' => {
                    let Some(e) = self.peek2() else {
                        return Err(Error::Syntax("Trailing backslash"));
                    };
                    self.i += 2;
                    match e {
                        b'(' if !self.ere => {
                            let g = self.alternation(depth + 1)?;
                            if !(self.peek() == Some(b'\\') && self.peek2() == Some(b')')) {
                                return Err(Error::Syntax("Unmatched ( or \\("));
                            }
                            self.i += 2;
                            Node::Group(g)
                        }
                        b')' if !self.ere => return Err(Error::Syntax("Unmatched ) or \\)")),
                        b'{' if !self.ere && can_repeat => {
                            let (min, max) = self
                                .interval()?
                                .ok_or(Error::Syntax("Invalid content of \\{\\}"))?;
                            if !(self.peek() == Some(b'\\') && self.peek2() == Some(b'}')) {
                                return Err(Error::Syntax("Unmatched \\{"));
                            }
                            self.i += 2;
                            self.repeat(&mut seq, min, max);
                            continue;
                        }
                        b'+' | b'?' if !self.ere && can_repeat => {
                            let max = if e == b'?' { Some(1) } else { None };
                            self.repeat(&mut seq, u32::from(e == b'+'), max);
                            continue;
                        }
                        b'1'..=b'9' => return Err(Error::Unsupported("back-references")),
                        b'w' | b'W' | b's' | b'S' => {
                            let mut set = Box::new([false; 256]);
                            for b in 0..=255u8 {
                                let w = if e.eq_ignore_ascii_case(&b'w') {
                                    is_word(b)
                                } else {
                                    b.is_ascii_whitespace() || b == 11
                                };
                                set[b as usize] = w == e.is_ascii_lowercase();
                            }
                            Node::Set(set)
                        }
                        b'<' => Node::WordStart,
                        b'>' => Node::WordEnd,
                        b'b' => Node::WordBoundary,
                        b'B' => Node::NotWordBoundary,
                        b'`' => Node::Bol,
                        b'\'' => Node::Eol,
                        other => self.byte_node(other),
                    }
                }
                other => {
                    self.i += 1;
                    self.byte_node(other)
                }
            };
            seq.push(node);
        }
    }

    fn repeat(&mut self, seq: &mut [Node], min: u32, max: Option<u32>) {
        if let Some(last) = seq.last_mut() {
            let inner = std::mem::replace(last, Node::Any);
            *last = Node::Repeat(Box::new(inner), min, max);
        }
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    /// `n`, `n,`, `n,m`, `,m` after the opening brace (the closing brace
    /// is left for the caller); `None` if it is not an interval.
    fn interval(&mut self) -> Result<Option<(u32, Option<u32>)>, Error> {
        let min = self.number();
        if self.peek() != Some(b',') {
            return Ok(min.map(|m| (m, Some(m))));
        }
        self.i += 1;
        let max = self.number();
        let min = min.unwrap_or(0);
        if max.is_some_and(|m| m < min) {
            return Err(Error::Syntax("Invalid content of \\{\\}"));
        }
        Ok(Some((min, max)))
    }

    fn bracket(&mut self) -> Result<Node, Error> {
        self.i += 1;
        if self.peek().is_none() {
            return Err(Error::Syntax("Invalid regular expression"));
        }
        let unmatched = Error::Syntax("Unmatched [, [^, [:, [., or [=");
        let negate = self.peek() == Some(b'^');
        if negate {
            self.i += 1;
        }
        let mut set = Box::new([false; 256]);
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(unmatched);
            };
            if c == b']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            if c == b'[' && matches!(self.peek2(), Some(b':' | b'=' | b'.')) {
                let kind = self.peek2().unwrap_or(b':');
                let start = self.i + 2;
                let end = (start..self.s.len().saturating_sub(1))
                    .find(|&j| self.s[j] == kind && self.s[j + 1] == b']')
                    .ok_or(Error::Syntax("Unmatched [, [^, [:, [., or [="))?;
                let name = &self.s[start..end];
                self.i = end + 2;
                if kind != b':' {
                    return Err(Error::Unsupported("[= =] and [. .] in brackets"));
                }
                let f = class(name).ok_or(Error::Syntax("Invalid character class name"))?;
                for b in 0..=255u8 {
                    if f(b) {
                        set[b as usize] = true;
                    }
                }
                continue;
            }
            self.i += 1;
            let hi = if self.peek() == Some(b'-') && self.peek2().is_some_and(|b| b != b']') {
                let h = self.peek2().unwrap_or(c);
                self.i += 2;
                if h < c {
                    return Err(Error::Syntax("Invalid range end"));
                }
                h
            } else {
                c
            };
            for b in c..=hi {
                set[b as usize] = true;
            }
        }
        if self.icase {
            for b in b'a'..=b'z' {
                let u = b.to_ascii_uppercase() as usize;
                let any = set[b as usize] || set[u];
                set[b as usize] = any;
                set[u] = any;
            }
        }
        if negate {
            for v in set.iter_mut() {
                *v = !*v;
            }
            set[b'\n' as usize] = false;
        }
        Ok(Node::Set(set))
    }
}

/// Where a match must start and end (`-w`, `-x`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Anchoring {
    Anywhere,
    Word,
    Line,
}

impl Regex {
    /// Compiles a BRE (`ere` false) or ERE; `icase` folds ASCII letters.
    pub fn new(pattern: &[u8], ere: bool, icase: bool) -> Result<Regex, Error> {
        let mut p = Parser {
            s: pattern,
            i: 0,
            ere,
            icase,
        };
        let alts = p.alternation(0)?;
        if p.i < pattern.len() {
            // Only an unmatched ERE `)` at top level stops the parse early.
            return Err(Error::Syntax("Unmatched ) or \\)"));
        }
        Ok(Regex { alts, icase })
    }

    /// A fixed string (`grep -F`).
    pub fn literal(s: &[u8], icase: bool) -> Regex {
        let p = Parser {
            s,
            i: 0,
            ere: false,
            icase,
        };
        let seq = s.iter().map(|&b| p.byte_node(b)).collect();
        Regex {
            alts: vec![seq],
            icase,
        }
    }

    /// One of several expressions (grep's pattern list).
    pub fn any_of(list: Vec<Regex>) -> Regex {
        let icase = list.first().is_some_and(|r| r.icase);
        Regex {
            alts: vec![vec![Node::Group(
                list.into_iter().flat_map(|r| r.alts).collect(),
            )]],
            icase,
        }
    }

    /// The leftmost match in `s` from `from` (longest at that start), as
    /// (start, end); [`TooComplex`] when backtracking would take too long.
    pub fn find(
        &self,
        s: &[u8],
        from: usize,
        anch: Anchoring,
    ) -> Result<Option<(usize, usize)>, TooComplex> {
        STEPS.with(|c| c.set(0));
        DEPTH.with(|d| d.set(0));
        let starts = if anch == Anchoring::Line {
            0..1
        } else {
            from..s.len() + 1
        };
        for start in starts {
            if anch == Anchoring::Word && start > 0 && is_word(s[start - 1]) {
                continue;
            }
            let mut best: Option<usize> = None;
            let mut k = |e: usize| {
                let ok = match anch {
                    Anchoring::Anywhere => true,
                    Anchoring::Word => e == s.len() || !is_word(s[e]),
                    Anchoring::Line => e == s.len(),
                };
                if ok && best.is_none_or(|b| e > b) {
                    best = Some(e);
                }
                // Nothing is longer than the whole line.
                e == s.len()
            };
            self.alts.iter().any(|seq| m_seq(seq, s, start, &mut k));
            if STEPS.with(|c| c.get()) > MAX_STEPS {
                return Err(TooComplex);
            }
            if let Some(e) = best {
                return Ok(Some((start, e)));
            }
        }
        Ok(None)
    }
}

/// The matcher gave up (exponential backtracking); grep reports it
/// instead of printing a wrong answer.
#[derive(Debug, PartialEq, Eq)]
pub struct TooComplex;

/// Backtracking steps allowed for one search.
const MAX_STEPS: u64 = 5_000_000;

/// Nested node matches allowed (each is a few stack frames).
const MAX_DEPTH: u32 = 1000;

thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts a step; false once the budget is spent (the caller then stops
/// as if it had matched, and `find` reports [`TooComplex`]).
fn step() -> bool {
    STEPS.with(|c| {
        let v = c.get().saturating_add(1);
        c.set(v);
        v <= MAX_STEPS
    })
}

fn m_seq(seq: &[Node], s: &[u8], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match seq.split_first() {
        None => k(i),
        Some((Node::Repeat(n, min, max), rest)) => rep(n, *min, *max, 0, rest, s, i, k),
        Some((n, rest)) => m_node(n, s, i, &mut |j| m_seq(rest, s, j, k)),
    }
}

#[allow(clippy::too_many_arguments)]
fn rep(
    n: &Node,
    min: u32,
    max: Option<u32>,
    count: u32,
    rest: &[Node],
    s: &[u8],
    i: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    // A repeated single character: count the run, then try the longest
    // first (no recursion per character, so long lines cannot exhaust
    // the stack).
    if count == 0
        && let Some(one) = single(n)
    {
        let limit = max.map_or(usize::MAX, |m| m as usize);
        let run = s[i.min(s.len())..]
            .iter()
            .take(limit)
            .take_while(|&&b| one(b))
            .count();
        let min = min as usize;
        if run < min {
            return false;
        }
        return (min..=run).rev().any(|c| m_seq(rest, s, i + c, k));
    }
    if max.is_none_or(|m| count < m)
        && m_node(n, s, i, &mut |j| {
            (j != i || count < min) && rep(n, min, max, count + 1, rest, s, j, k)
        })
    {
        return true;
    }
    count >= min && m_seq(rest, s, i, k)
}

/// The test of a node that matches exactly one byte.
fn single(n: &Node) -> Option<Box<dyn Fn(u8) -> bool + '_>> {
    match n {
        Node::Byte(c) => Some(Box::new(move |b| b == *c)),
        Node::Any => Some(Box::new(|b| b != b'\n')),
        Node::Set(set) => Some(Box::new(move |b| set[b as usize])),
        _ => None,
    }
}

fn m_node(n: &Node, s: &[u8], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    if !step() {
        return true;
    }
    // Nesting grows with each repetition of a group: bounded so that a
    // long line cannot overflow the stack (the search then gives up).
    let depth = DEPTH.with(|d| d.get());
    if depth >= MAX_DEPTH {
        STEPS.with(|c| c.set(MAX_STEPS + 1));
        return true;
    }
    DEPTH.with(|d| d.set(depth + 1));
    let r = m_node_inner(n, s, i, k);
    DEPTH.with(|d| d.set(depth));
    r
}

fn m_node_inner(n: &Node, s: &[u8], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    let at = s.get(i).copied();
    let before = i.checked_sub(1).and_then(|j| s.get(j)).copied();
    let word_at = at.is_some_and(is_word);
    let word_before = before.is_some_and(is_word);
    match n {
        Node::Byte(b) => at == Some(*b) && k(i + 1),
        Node::Any => at.is_some_and(|b| b != b'\n') && k(i + 1),
        Node::Set(set) => at.is_some_and(|b| set[b as usize]) && k(i + 1),
        Node::Bol => i == 0 && k(i),
        Node::Eol => i == s.len() && k(i),
        Node::WordStart => word_at && !word_before && k(i),
        Node::WordEnd => !word_at && word_before && k(i),
        Node::WordBoundary => word_at != word_before && k(i),
        Node::NotWordBoundary => word_at == word_before && k(i),
        Node::Group(alts) => alts.iter().any(|seq| m_seq(seq, s, i, k)),
        Node::Repeat(inner, min, max) => rep(inner, *min, *max, 0, &[], s, i, k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, ere: bool, s: &str) -> Option<(usize, usize)> {
        Regex::new(p.as_bytes(), ere, false)
            .unwrap()
            .find(s.as_bytes(), 0, Anchoring::Anywhere)
            .unwrap()
    }

    #[test]
    fn basics() {
        assert_eq!(m("fo*", false, "xfoo"), Some((1, 4)));
        assert_eq!(m("*foo", false, "a*foo"), Some((1, 5)));
        assert_eq!(m("^\\(foo\\|x\\)", false, "x"), Some((0, 1)));
        assert_eq!(m("^(Foo|x)$", true, "Foo"), Some((0, 3)));
        assert_eq!(m("bar$", false, "foo bar"), Some((4, 7)));
        assert_eq!(m("a$b", false, "a$b"), Some((0, 3)));
        assert_eq!(m("[[:upper:]]", false, "xY"), Some((1, 2)));
        assert_eq!(m("a{1", true, "a{1"), Some((0, 3)));
        assert_eq!(m("a\\{2\\}", false, "baaa"), Some((1, 3)));
        assert_eq!(m("(a|ab)c", true, "abc"), Some((0, 3)));
        assert_eq!(m("x*", false, "abc"), Some((0, 0)));
        assert_eq!(m("a.*b", false, "xa12b3b"), Some((1, 7)));
        assert_eq!(m("a\\{2,3\\}", false, "aaaa"), Some((0, 3)));
        // A long line does not recurse per character.
        let long = "a".repeat(1_000_000) + "b";
        assert_eq!(m("a*b", false, &long), Some((0, 1_000_001)));
        // Exponential backtracking is cut off, not run for ever.
        let r = Regex::new(b"\\(a*\\)*c", false, false).unwrap();
        assert_eq!(r.find(&[b'a'; 40], 0, Anchoring::Anywhere), Err(TooComplex));
        // A repeated group over a long line: deep, so the search gives up
        // instead of overflowing the stack.
        let r = Regex::new(b"\\(ab\\)*c", false, false).unwrap();
        let line = "ab".repeat(100_000);
        assert_eq!(
            r.find(line.as_bytes(), 0, Anchoring::Anywhere),
            Err(TooComplex)
        );
        assert_eq!(m("\\(ab\\)*c", false, "ababc"), Some((0, 5)));
    }

    #[test]
    fn errors() {
        let e = |p: &str, ere| Regex::new(p.as_bytes(), ere, false).unwrap_err();
        assert_eq!(e("a\\(", false), Error::Syntax("Unmatched ( or \\("));
        assert_eq!(e("a(", true), Error::Syntax("Unmatched ( or \\("));
        assert_eq!(e("a\\)", false), Error::Syntax("Unmatched ) or \\)"));
        assert_eq!(e("fo\\", false), Error::Syntax("Trailing backslash"));
        assert_eq!(
            e("[a", false),
            Error::Syntax("Unmatched [, [^, [:, [., or [=")
        );
        assert_eq!(e("a\\{1", false), Error::Syntax("Unmatched \\{"));
        assert_eq!(
            e("[[:foo:]]", false),
            Error::Syntax("Invalid character class name")
        );
        // `grep -E 'a)'` matches a literal `)`.
        assert_eq!(m("a)", true, "a)"), Some((0, 2)));
    }
}
