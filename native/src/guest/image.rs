//! A bootable guest: the kernel and its initramfs in the cache directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Error;
use super::initramfs::{self, Initramfs};
use super::kernel::{self, Kernel};

/// The cache directory inside a cargo target directory: downloads and
/// builds live there, never in the repository.
pub fn cache_dir(target_dir: &Path) -> PathBuf {
    target_dir.join("ctlab-guest")
}

/// The agent's binary name: cargo puts it beside the other binaries of
/// the workspace (`target/<profile>/`), so the CLI finds it beside itself.
pub const AGENT_BINARY: &str = "ctlab-guest-agent";

/// The agent beside the running executable.
pub fn agent_beside_current_exe() -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(exe.with_file_name(AGENT_BINARY))
}

#[derive(Clone, Debug)]
pub struct GuestImage {
    pub cache_dir: PathBuf,
    pub kernel: Kernel,
    pub initramfs: Initramfs,
    /// How long fetching (or finding) the kernel took.
    pub kernel_time: Duration,
    /// How long building the initramfs took.
    pub initramfs_time: Duration,
}

impl GuestImage {
    /// Fetches the kernel (once per package version) and builds the
    /// initramfs around `agent`, the `ctlab-guest-agent` binary (the
    /// tests pass cargo's `CARGO_BIN_EXE_ctlab-guest-agent`; the CLI the
    /// one beside its own executable). The initramfs is rebuilt on every
    /// call: it takes well under a second and the agent changes with
    /// every build.
    pub fn prepare(cache_dir: &Path, agent: &Path) -> Result<GuestImage, Error> {
        fs::create_dir_all(cache_dir).map_err(Error::io(cache_dir))?;
        if !agent.is_file() {
            return Err(Error::Unavailable(format!(
                "no guest agent at {} (cargo build -p ctlab-native --bin ctlab-guest-agent)",
                agent.display()
            )));
        }
        let t = Instant::now();
        let kernel = kernel::fetch(cache_dir)?;
        let kernel_time = t.elapsed();
        let t = Instant::now();
        let out = cache_dir.join(format!("initramfs-{}.cpio", kernel.release));
        let initramfs = initramfs::build(&out, &kernel, agent)?;
        let initramfs_time = t.elapsed();
        Ok(GuestImage {
            cache_dir: cache_dir.to_path_buf(),
            kernel,
            initramfs,
            kernel_time,
            initramfs_time,
        })
    }
}
