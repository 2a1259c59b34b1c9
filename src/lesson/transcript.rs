//! ```console blocks: commands typed at named terminals, each followed by
//! the output a real terminal shows, in the style of trycmd/cram.

use super::diagnostic::{Diagnostic, Severity, SourceMap};
use serde::{Deserialize, Serialize};

/// One command and the output expected after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The terminal it is typed into (`host` in `host# echo hi`).
    pub terminal: String,
    /// `#` or `$`, as the prompt shows it.
    pub prompt: char,
    pub command: String,
    /// Expected output lines, without their line ends.
    pub expected: Vec<String>,
    /// 1-based line of the command in the lesson file.
    pub line: usize,
    /// Where this command is not expected to agree, and why (a
    /// `<!-- skip …: reason -->` marker before its block).
    pub skip: Option<Skip>,
}

/// Where a command's output is allowed to differ from the transcript:
/// `<!-- skip guest: cgroup v1 lines differ -->` before a console block.
/// `ctlab check` and `ctlab verify` report such a command as a skip with
/// its reason, never as a silent pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skip {
    pub on: SkipOn,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SkipOn {
    /// The model (`ctlab check`, the player's badge).
    Model,
    /// This machine's kernel in the sandbox (`ctlab verify`).
    Host,
    /// The guest kernel under qemu (`ctlab verify --kernel guest`).
    Guest,
    /// Both real kernels.
    Kernel,
}

impl SkipOn {
    pub fn from_word(w: &str) -> Option<SkipOn> {
        Some(match w {
            "model" => SkipOn::Model,
            "host" => SkipOn::Host,
            "guest" => SkipOn::Guest,
            "kernel" => SkipOn::Kernel,
            _ => return None,
        })
    }

    /// Whether the skip covers the named kernel (`host` or `guest`).
    pub fn covers_kernel(self, kernel: &str) -> bool {
        match self {
            SkipOn::Kernel => true,
            SkipOn::Host => kernel == "host",
            SkipOn::Guest => kernel == "guest",
            SkipOn::Model => false,
        }
    }
}

/// Splits a prompt line `NAME# command` / `NAME$ command` into its parts.
fn prompt(line: &str) -> Option<(&str, char, &str)> {
    let at = line.find(['#', '$'])?;
    let name = &line[..at];
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    let rest = &line[at + 1..];
    let command = rest.strip_prefix(' ').or((rest.is_empty()).then_some(""))?;
    valid.then(|| (name, line.as_bytes()[at] as char, command))
}

/// Parses the text of one console block that starts at byte `base`.
pub(crate) fn parse(
    text: &str,
    base: usize,
    terminals: &[String],
    map: &SourceMap<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut offset = base;
    for raw in text.split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if let Some((name, prompt, command)) = prompt(line) {
            if !terminals.iter().any(|t| t == name) {
                diagnostics.push(map.diagnostic(
                    Severity::Error,
                    at,
                    format!(
                        "unknown terminal `{name}`; this lesson declares: {} (front matter `terminals:`)",
                        terminals.join(", ")
                    ),
                ));
            }
            entries.push(Entry {
                terminal: name.to_string(),
                prompt,
                command: command.to_string(),
                expected: Vec::new(),
                line: map.position(at).0,
                skip: None,
            });
        } else if let Some(last) = entries.last_mut() {
            last.expected.push(line.to_string());
        } else {
            diagnostics.push(map.diagnostic(
                Severity::Error,
                at,
                "output before any command: a console block starts with a prompt such as `host# `",
            ));
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_outputs() {
        let text =
            "host# echo $$\n1\nhost# ps -o pid,comm\n    PID COMMAND\n      1 sh\nhost$ true\n";
        let map = SourceMap::new(text);
        let mut d = Vec::new();
        let e = parse(text, 0, &["host".into()], &map, &mut d);
        assert!(d.is_empty());
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].command, "echo $$");
        assert_eq!(e[1].expected, vec!["    PID COMMAND", "      1 sh"]);
        assert_eq!((e[2].prompt, e[2].line), ('$', 6));
    }

    #[test]
    fn unknown_terminal_is_an_error_at_its_line() {
        let text = "host# true\nguest# true\n";
        let map = SourceMap::new(text);
        let mut d = Vec::new();
        parse(text, 0, &["host".into()], &map, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (2, 1));
        assert!(d[0].message.contains("`guest`"));
    }
}
