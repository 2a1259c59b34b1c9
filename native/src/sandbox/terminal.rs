//! The backend's side of a sandbox terminal: the pty master of one
//! `bash -i`. A command is typed as one line; its output is everything up
//! to the next prompt. Every interactive bash of the sandbox reads
//! Debian's /etc/bash.bashrc, where the sandbox set marker prompts
//! (`rootfs::PS1`, `PS2`) and turned line editing off, so nested shells
//! (`unshare … bash`) print the marker too and the typed line is not
//! echoed (the pty's ECHO is off and readline is not used). A bash started
//! where that file is absent (inside `chroot`) prints bash's default
//! prompt `bash-5.2# ` and uses readline; it is recognised after a quiet
//! moment.

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, poll};

use super::rootfs::{PS1, PS2};

/// How long a default prompt must stay quiet to count as a prompt.
const DEFAULT_PROMPT_QUIET: Duration = Duration::from_millis(400);

/// How a read ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Prompt,
    /// PS2: the shell waits for the rest of a command.
    Continuation,
    /// The shell exited (the terminal closed).
    Eof,
    Timeout,
}

pub struct Terminal {
    master: Option<OwnedFd>,
    /// The shell's pid in the sandbox.
    pub pid: i32,
}

impl Terminal {
    pub(super) fn new(master: OwnedFd, pid: i32) -> Terminal {
        Terminal {
            master: Some(master),
            pid,
        }
    }

    pub fn alive(&self) -> bool {
        self.master.is_some()
    }

    /// Types `line` and a newline.
    pub fn send_line(&mut self, line: &str) -> io::Result<()> {
        let Some(fd) = &self.master else {
            return Err(io::Error::other("the terminal's shell has exited"));
        };
        let mut data = line.as_bytes().to_vec();
        data.push(b'\n');
        let mut done = 0;
        while done < data.len() {
            done += rustix::io::write(fd, &data[done..])?;
        }
        Ok(())
    }

    /// Reads for at most `wait`, returning what arrived (None: nothing
    /// within the time; Some(empty): end of file).
    fn read_some(&mut self, wait: Duration) -> io::Result<Option<Vec<u8>>> {
        let Some(fd) = &self.master else {
            return Ok(Some(Vec::new()));
        };
        let ts = rustix::event::Timespec::try_from(wait).unwrap_or(rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        });
        let mut fds = [PollFd::new(fd, PollFlags::IN)];
        match poll(&mut fds, Some(&ts)) {
            Ok(0) => return Ok(None),
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        let mut buf = vec![0u8; 65536];
        match rustix::io::read(fd.as_fd(), &mut buf) {
            Ok(n) => {
                buf.truncate(n);
                if n == 0 {
                    self.master = None;
                }
                Ok(Some(buf))
            }
            // The slave side is closed (every process of the session gone):
            // EIO, as a pty master reports it.
            Err(rustix::io::Errno::IO) => {
                self.master = None;
                Ok(Some(Vec::new()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes up to the next prompt, and how the read ended.
    pub fn read_until_prompt(&mut self, timeout: Duration) -> io::Result<(Vec<u8>, Ending)> {
        let mut buf = Vec::new();
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok((buf, Ending::Timeout));
            }
            let default_at = default_prompt_start(&buf);
            let wait = if default_at.is_some() {
                left.min(DEFAULT_PROMPT_QUIET)
            } else {
                left
            };
            match self.read_some(wait)? {
                None => {
                    if let Some(at) = default_at {
                        buf.truncate(at);
                        return Ok((buf, Ending::Prompt));
                    }
                }
                Some(data) if data.is_empty() => return Ok((buf, Ending::Eof)),
                Some(data) => {
                    buf.extend_from_slice(&data);
                    for (marker, how) in [(PS1, Ending::Prompt), (PS2, Ending::Continuation)] {
                        if buf.ends_with(marker.as_bytes()) {
                            buf.truncate(buf.len() - marker.len());
                            return Ok((buf, how));
                        }
                    }
                }
            }
        }
    }

    /// What the terminal printed while idle (a parent shell's `Killed`
    /// after its job was killed from another terminal…), waiting until it
    /// has been quiet for `quiet`.
    pub fn drain(&mut self, quiet: Duration) -> io::Result<String> {
        let mut buf = Vec::new();
        while self.alive() {
            match self.read_some(quiet)? {
                None => break,
                Some(data) => buf.extend_from_slice(&data),
            }
        }
        Ok(clean(&buf).replace(PS1, "").replace(PS2, ""))
    }
}

/// Where bash's default prompt (`\s-\v\$ `, e.g. `bash-5.2# `) starts, if
/// `buf` ends with one at the start of a line.
fn default_prompt_start(buf: &[u8]) -> Option<usize> {
    let end = buf.len().checked_sub(2)?;
    if !matches!(&buf[end..], b"# " | b"$ ") {
        return None;
    }
    let line_start = buf[..end]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = std::str::from_utf8(&buf[line_start..end]).ok()?;
    let version = line.strip_prefix("bash-")?;
    let (major, minor) = version.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(major) && digits(minor)).then_some(line_start)
}

/// What a terminal shows, as text: escape sequences removed (CSI, OSC and
/// two-byte ESC sequences, ECMA-48), CR LF as LF, no NUL or BEL bytes.
pub fn clean(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            0x1b if raw.get(i + 1) == Some(&b'[') => {
                // CSI: parameter and intermediate bytes, then a final byte.
                i += 2;
                while i < raw.len() && (0x20..=0x3f).contains(&raw[i]) {
                    i += 1;
                }
                i += 1;
            }
            0x1b if raw.get(i + 1) == Some(&b']') => {
                // OSC: up to BEL or ESC \.
                i += 2;
                while i < raw.len()
                    && raw[i] != 0x07
                    && !(raw[i] == 0x1b && raw.get(i + 1) == Some(&b'\\'))
                {
                    i += 1;
                }
                i += if raw.get(i) == Some(&0x1b) { 2 } else { 1 };
            }
            // Two-byte sequences: ESC Fp, Fe or Fs (ECMA-48 5.3), e.g.
            // readline's keypad mode `ESC =`.
            0x1b if raw.get(i + 1).is_some_and(|b| (0x30..=0x7e).contains(b)) => i += 2,
            b'\r' if raw.get(i + 1) == Some(&b'\n') => i += 1,
            0 | 0x07 => i += 1,
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_escapes_and_carriage_returns() {
        assert_eq!(
            clean(b"a\x1b[1;32mb\x1b[0m\r\nc\x1b]0;title\x07d\x07\0"),
            "ab\ncd"
        );
        assert_eq!(clean(b"x\x1b=y"), "xy");
    }

    #[test]
    fn default_prompt_only_at_a_line_start() {
        assert_eq!(default_prompt_start(b"out\nbash-5.2# "), Some(4));
        assert_eq!(default_prompt_start(b"bash-5.2$ "), Some(0));
        assert_eq!(default_prompt_start(b"echo bash-5.2# "), None);
        assert_eq!(default_prompt_start(b"bash-5# "), None);
    }
}
