//! The path guard: every destructive operation of the sandbox on the host
//! (rmdir of a cgroup, a write to a cgroup's control file) goes through a
//! [`Confined`] path, which can only be built for a path inside one of the
//! sandbox's own cgroup directories (`…/ctlab-run-PID-N` and below). A
//! path with `..`, `.`, an empty component, a relative path or a path
//! outside every run directory is refused, so a bug elsewhere cannot turn
//! into `rmdir /sys/fs/cgroup/memory/machine.slice`.
//!
//! Mounts are not guarded here: the sandbox only mounts after it has
//! checked that it is in a mount namespace of its own
//! (`rootfs::assert_private_mount_ns`), so no mount it makes is visible
//! on the host, and it never unmounts anything on the host.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The prefix of every run directory's name: what a later run looks for
/// when it removes the remains of a killed one.
pub const RUN_PREFIX: &str = "ctlab-run-";

/// A path proven to lie inside a sandbox run directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confined(PathBuf);

#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused to touch {}: outside the sandbox", self.0)
    }
}

impl std::error::Error for Refused {}

impl Confined {
    /// `path` must be `base/ctlab-run-PID-N[/…]` where `base` is one of
    /// `bases` (the cgroup directories the run was created in), written
    /// with normal components only.
    pub fn new(path: &Path, bases: &[PathBuf]) -> Result<Confined, Refused> {
        let refused = || Refused(path.display().to_string());
        // Checked on the text: Path::components() would quietly drop a
        // `.` or a doubled slash.
        let Some(text) = path.to_str() else {
            return Err(refused());
        };
        if !text.starts_with('/')
            || text[1..]
                .split('/')
                .any(|seg| seg.is_empty() || seg == "." || seg == "..")
        {
            return Err(refused());
        }
        for base in bases {
            let Ok(rest) = path.strip_prefix(base) else {
                continue;
            };
            let mut parts = rest.components();
            if let Some(Component::Normal(run)) = parts.next()
                && run.to_str().is_some_and(is_run_name)
            {
                return Ok(Confined(path.to_path_buf()));
            }
        }
        Err(refused())
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A child inside the same run directory.
    pub fn join(&self, name: &str) -> Result<Confined, Refused> {
        if name.is_empty() || name == "." || name == ".." || name.contains('/') {
            return Err(Refused(format!("{}/{name}", self.0.display())));
        }
        Ok(Confined(self.0.join(name)))
    }
}

/// `ctlab-run-<pid>-<seq>`, both decimal.
pub fn is_run_name(name: &str) -> bool {
    parse_run_name(name).is_some()
}

/// The creating process's pid and the run's sequence number.
pub fn parse_run_name(name: &str) -> Option<(u32, u32)> {
    let rest = name.strip_prefix(RUN_PREFIX)?;
    let (pid, seq) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(seq) {
        return None;
    }
    Some((pid.parse().ok()?, seq.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases() -> Vec<PathBuf> {
        vec![
            PathBuf::from("/sys/fs/cgroup/memory/process_api/x"),
            PathBuf::from("/sys/fs/cgroup/unified"),
        ]
    }

    #[test]
    fn run_directories_and_below_are_allowed() {
        for ok in [
            "/sys/fs/cgroup/unified/ctlab-run-12-0",
            "/sys/fs/cgroup/unified/ctlab-run-12-0/a/b",
            "/sys/fs/cgroup/memory/process_api/x/ctlab-run-1-7/cgroup.procs",
        ] {
            assert!(Confined::new(Path::new(ok), &bases()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            "",
            "/",
            "relative/ctlab-run-1-1",
            "/sys/fs/cgroup/unified",
            "/sys/fs/cgroup/unified/",
            "/sys/fs/cgroup/unified/system.slice",
            "/sys/fs/cgroup/unified/ctlab-run-",
            "/sys/fs/cgroup/unified/ctlab-run-1",
            "/sys/fs/cgroup/unified/ctlab-run-1-x",
            "/sys/fs/cgroup/unified/ctlab-run-1-1/..",
            "/sys/fs/cgroup/unified/ctlab-run-1-1/../system.slice",
            "/sys/fs/cgroup/unified/ctlab-run-1-1/./a",
            "/sys/fs/cgroup/unified//ctlab-run-1-1",
            "/sys/fs/cgroup/unified/ctlab-run-1-1/",
            "/sys/fs/cgroup/memory/ctlab-run-1-1",
            "/sys/fs/cgroup/memory/process_api/ctlab-run-1-1",
            "/tmp/ctlab-run-1-1",
        ] {
            assert!(Confined::new(Path::new(bad), &bases()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn join_cannot_climb_out() {
        let c = Confined::new(Path::new("/sys/fs/cgroup/unified/ctlab-run-1-1"), &bases()).unwrap();
        assert!(c.join("..").is_err());
        assert!(c.join("a/../../x").is_err());
        assert!(c.join("").is_err());
        assert_eq!(
            c.join("cgroup.kill").unwrap().path(),
            Path::new("/sys/fs/cgroup/unified/ctlab-run-1-1/cgroup.kill")
        );
    }
}
