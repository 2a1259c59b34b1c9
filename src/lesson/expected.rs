//! Matching a command's real output against the output a transcript
//! expects, with trycmd's wildcards: `[..]` matches any text within one line,
//! and a line that is exactly `...` matches any number of lines (even none).
//! Lessons use them where the kernel's output legitimately varies (inode
//! numbers of new namespaces on a real kernel, timings).

/// Whether `actual` (a command's output, split into lines without their
/// line ends) is what `expected` allows.
pub fn output_matches(expected: &[String], actual: &[&str]) -> bool {
    // can[i][j]: expected[i..] matches actual[j..]. Filled from the end, so
    // `...` is an ordinary choice (skip it, or let it eat one more line)
    // with no backtracking blow-up: O(expected × actual).
    let (n, m) = (expected.len(), actual.len());
    let mut can = vec![vec![false; m + 1]; n + 1];
    can[n][m] = true;
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            can[i][j] = if expected[i] == "..." {
                can[i + 1][j] || (j < m && can[i][j + 1])
            } else {
                j < m && line_matches(&expected[i], actual[j]) && can[i + 1][j + 1]
            };
        }
    }
    can[0][0]
}

/// One line against a pattern whose only wildcard is `[..]`.
pub fn line_matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    // With `*`-like wildcards only, taking each middle piece at its leftmost
    // place never loses a match.
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn within_a_line() {
        assert!(line_matches("pid:[[..]]", "pid:[4026532268]"));
        assert!(line_matches("a[..]b[..]c", "a--b--b--c"));
        assert!(!line_matches("a[..]b", "a--c"));
        assert!(line_matches("exact", "exact"));
        assert!(!line_matches("exact", "exact "));
        // `[..]` never crosses into a second line or matches a line that is
        // too short for the literal parts around it.
        assert!(!line_matches("ab[..]ba", "aba"));
    }

    #[test]
    fn across_lines() {
        let actual = ["PID COMMAND", "1 sh", "7 ps"];
        assert!(output_matches(&lines("PID COMMAND\n...\n7 ps"), &actual));
        assert!(output_matches(&lines("...\n1 sh\n..."), &actual));
        assert!(output_matches(&lines("..."), &[]));
        assert!(output_matches(
            &lines("PID COMMAND\n1 sh\n7 ps\n..."),
            &actual
        ));
        assert!(!output_matches(&lines("PID COMMAND\n7 ps"), &actual));
        assert!(!output_matches(&lines(""), &actual));
        assert!(output_matches(&lines(""), &[]));
    }
}
