//! What the host and the guest agent say to each other on the control
//! serial port: one message per line, `ctlab-guest ` then its JSON.
//!
//! Why a prefix: a serial port is a byte pipe with no message boundaries,
//! and anything the guest writes to it before the agent owns it (or a
//! stray kernel message should the console ever be routed there) must not
//! be mistaken for a reply. Lines without the prefix are skipped by the
//! reader. JSON escapes newlines inside strings, so a message is always
//! exactly one line.

use serde::{Deserialize, Serialize};

use crate::replay::{KernelRun, Options};

/// What starts every message line.
pub const PREFIX: &str = "ctlab-guest ";

/// Host → guest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Describe the guest kernel and check that the sandbox's kernel
    /// features work there (overlayfs, pid namespaces, pivot_root).
    Probe,
    /// Parse the lesson with `ctlab::lesson::parse` and replay it with
    /// `replay::observe` on the guest kernel.
    Observe {
        lesson_source: String,
        options: Options,
    },
    /// Answer, then power the machine off.
    Shutdown,
}

/// Guest → host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// The first line the agent writes once it owns the control port.
    Hello {
        kernel_release: String,
    },
    Probe(Probe),
    Observe(Result<KernelRun, String>),
    ShuttingDown,
    /// The request line could not be read (not JSON, unknown request).
    Invalid(String),
}

/// The guest kernel as its own files describe it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// `uname -r`.
    pub kernel_release: String,
    /// The agent's /proc/self/cgroup: a single `0::/` line on a kernel
    /// with only the unified hierarchy (man 7 cgroups, "/proc/[pid]/cgroup").
    pub self_cgroup: String,
    /// The lines of /proc/filesystems that name a cgroup file system.
    pub cgroup_filesystems: Vec<String>,
    /// /sys/fs/cgroup/cgroup.controllers (cgroup v2's root: the
    /// controllers it can enable).
    pub cgroup_controllers: String,
    /// Kernel features checked with the real tools, in order.
    pub checks: Vec<Check>,
}

/// One command the agent ran to check a kernel feature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    /// The shell script, run by `bash -c`.
    pub script: String,
    /// Exit status, or None when it could not start or was killed.
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// One message as a line (without its newline).
pub fn encode<T: Serialize>(message: &T) -> String {
    // Serialising these types cannot fail: no maps with non-string keys.
    let json = serde_json::to_string(message).expect("protocol messages serialise");
    format!("{PREFIX}{json}")
}

/// The message on `line` (its newline, and a carriage return a tty may
/// have added, already removed or not): None when the line is not a
/// message at all, Err when it is one that does not parse.
pub fn decode<T: for<'de> Deserialize<'de>>(line: &str) -> Option<Result<T, String>> {
    let line = line.trim_end_matches(['\n', '\r']);
    let json = line.strip_prefix(PREFIX)?;
    Some(serde_json::from_str(json).map_err(|e| format!("{e}: {json}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_one_line_and_decodes_back() {
        let request = Request::Observe {
            lesson_source: "# A\n\n```console\n$ echo hi\nhi\n```\n".into(),
            options: Options::default(),
        };
        let line = encode(&request);
        assert!(!line.contains('\n'));
        assert_eq!(decode::<Request>(&format!("{line}\r\n")), Some(Ok(request)));
    }

    #[test]
    fn noise_is_skipped_and_a_broken_message_is_an_error() {
        assert_eq!(decode::<Request>("[    0.1] serial8250: ttyS1"), None);
        assert!(matches!(
            decode::<Request>("ctlab-guest {\"Nope\":1}"),
            Some(Err(_))
        ));
    }
}
