//! Writing a kernel's outputs back into a lesson (`ctlab record`): each
//! command's expected lines are replaced by what the kernel printed, but
//! the author's lines are kept wherever they still match, so wildcards
//! (`[..]`, `...`) survive a re-record.

use super::Lesson;
use super::expected::{line_matches, output_matches};

/// The lines to write for one command: the author's if they match the
/// observed output as a whole; else, when both have the same length and no
/// `...`, the author's line wherever it matches and the observed one
/// elsewhere; else the observed lines.
pub fn merge(expected: &[String], observed: &[String]) -> Vec<String> {
    let borrowed: Vec<&str> = observed.iter().map(String::as_str).collect();
    if output_matches(expected, &borrowed) {
        return expected.to_vec();
    }
    if expected.len() == observed.len() && !expected.iter().any(|l| l == "...") {
        return expected
            .iter()
            .zip(observed)
            .map(|(e, o)| {
                if line_matches(e, o) {
                    e.clone()
                } else {
                    o.clone()
                }
            })
            .collect();
    }
    observed.to_vec()
}

/// `source` with the output of the command on each given 1-based line
/// replaced (see [`merge`]). Fails, changing nothing, if a command's
/// expected lines are not where the parser found them (an indented block).
pub fn rewrite(
    source: &str,
    lesson: &Lesson,
    observed: &[(usize, Vec<String>)],
) -> Result<String, String> {
    let mut lines: Vec<String> = source.split('\n').map(str::to_string).collect();
    let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (line, obs) in observed {
        let Some(entry) = super::run::commands(lesson)
            .map(|(_, _, e)| e)
            .find(|e| e.line == *line)
        else {
            return Err(format!("line {line}: no command there"));
        };
        // Blank lines before the closing fence are layout, not output,
        // unless the command printed them.
        let mut exp = entry.expected.clone();
        while exp.last().is_some_and(String::is_empty) && exp.len() > obs.len() {
            exp.pop();
        }
        for (k, e) in exp.iter().enumerate() {
            if lines.get(line + k).map(|l| l.trim_end_matches('\r')) != Some(e.as_str()) {
                return Err(format!(
                    "line {}: the expected output is not where it was parsed",
                    line + k + 1
                ));
            }
        }
        edits.push((*line, *line + exp.len(), merge(&exp, obs)));
    }
    edits.sort_by_key(|e| e.0);
    for (from, to, new) in edits.into_iter().rev() {
        lines.splice(from..to, new);
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn wildcards_survive_and_new_output_is_written() {
        assert_eq!(
            merge(&s(&["pid [..]", "..."]), &s(&["pid 7", "a", "b"])),
            s(&["pid [..]", "..."])
        );
        assert_eq!(
            merge(&s(&["pid [..]", "x"]), &s(&["pid 7", "y"])),
            s(&["pid [..]", "y"])
        );
        assert_eq!(
            merge(&s(&["old"]), &s(&["new", "more"])),
            s(&["new", "more"])
        );
    }

    #[test]
    fn rewrite_replaces_only_the_commands_output() {
        let src = "---\nid: x\ntitle: T\n---\n## S\n\n```console\nhost# echo a\nold\nhost# uname\n[..]\n\n```\n";
        let lesson = crate::lesson::parse(src).lesson;
        let out = rewrite(src, &lesson, &[(8, s(&["a"])), (10, s(&["Linux"]))]).unwrap();
        assert_eq!(
            out,
            "---\nid: x\ntitle: T\n---\n## S\n\n```console\nhost# echo a\na\nhost# uname\n[..]\n\n```\n"
        );
    }
}
