//! A second real kernel: Debian bookworm's own kernel package (6.1) booted
//! under qemu with software emulation and `cgroup_no_v1=all`, running the
//! same replay code as the host (`replay::observe`) through a small agent.
//! The host's kernel is whatever the machine runs; the guest pins the
//! distribution's kernel and a pure cgroup v2 hierarchy.
//!
//! - `kernel`: the package, downloaded and unpacked once per version;
//! - `initramfs`: the guest's whole file system as a newc cpio (busybox
//!   for /init, the real Debian programs the lessons use, the agent);
//! - `init`: the /init script;
//! - `image`: kernel + initramfs ready to boot;
//! - `vm`: qemu, the control port and the request/response loop;
//! - `protocol`: the messages; `agent`: the guest's side.
//!
//! Everything downloaded or built lives in a cache directory under the
//! workspace's target dir (`target/ctlab-guest/`), never in the repo.

pub mod agent;
pub mod image;
pub mod init;
pub mod initramfs;
pub mod kernel;
pub mod protocol;
pub mod vm;

use std::path::Path;
use std::process::Command;

pub use image::GuestImage;
pub use vm::Guest;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the guest needs is missing on this machine (qemu, the
    /// package index, the network): callers may skip rather than fail.
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    #[error("the kernel package: {0}")]
    Kernel(String),
    #[error("the initramfs: {0}")]
    Initramfs(String),
    #[error("the guest: {0}")]
    Guest(String),
    #[error("the control protocol: {0}")]
    Protocol(String),
}

impl Error {
    /// `map_err(Error::io(path))`: an I/O error with what it was about.
    fn io(what: impl AsRef<Path>) -> impl FnOnce(std::io::Error) -> Error {
        let what = what.as_ref().display().to_string();
        move |source| Error::Io { what, source }
    }
}

/// Runs a host tool and returns its stdout; a tool that is not installed
/// or fails makes the guest unavailable (with its stderr as the reason).
fn run(command: &mut Command) -> Result<String, Error> {
    let name = format!("{:?}", command.get_program());
    let out = command
        .output()
        .map_err(|e| Error::Unavailable(format!("{name}: {e}")))?;
    if !out.status.success() {
        return Err(Error::Unavailable(format!(
            "{name} {:?}: {}: {}",
            command.get_args().collect::<Vec<_>>(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    String::from_utf8(out.stdout).map_err(|e| Error::Guest(format!("{name}: {e}")))
}
