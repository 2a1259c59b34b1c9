//! External tools: running them, and installing the missing ones from their
//! package registries (rustup, apt, npm) — never from ad-hoc downloads.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const APT_INSTALL_CHROMIUM: &str = "apt-get update && apt-get install -y chromium chromium-driver";

/// Runs a command with inherited stdio, echoing it first so a log can be
/// replayed by hand.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = show(cmd);
    println!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its stdout (stderr passes through).
pub fn output(cmd: &mut Command) -> Result<String> {
    let shown = show(cmd);
    let out = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !out.status.success() {
        bail!("`{shown}` failed ({})", out.status);
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn show(cmd: &Command) -> String {
    let envs: Vec<String> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_string_lossy(), v?.to_string_lossy())))
        .collect();
    let args = cmd.get_args().map(|a| a.to_string_lossy().into_owned());
    envs.into_iter()
        .chain(std::iter::once(
            cmd.get_program().to_string_lossy().into_owned(),
        ))
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn is_root() -> bool {
    // /proc/self is owned by the process's effective uid.
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

pub fn ensure_wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("rustup is needed to add the wasm target (https://rustup.rs)")?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("{WASM_TARGET}: installed");
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm tests and the e2e test drive the distribution's Chromium; it is
/// installed only where that is clearly wanted (root in CI), since apt changes
/// the machine.
pub fn ensure_chromium() -> Result<()> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if !missing.is_empty() {
        if !(is_root() && is_ci()) {
            bail!(
                "{} not found. Install Chromium and its driver with:\n    sudo sh -c '{APT_INSTALL_CHROMIUM}'\n\
                 (`cargo xtask test` does this itself only as root with CI=true.)",
                missing.join(" and ")
            );
        }
        println!(
            "{} missing; CI=true as root, installing from apt",
            missing.join(" and ")
        );
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get")
            .args(["install", "-y", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
        for path in missing {
            anyhow::ensure!(
                Path::new(path).exists(),
                "apt-get installed chromium, but {path} is still missing"
            );
        }
    }
    // Informational: a driver of another major version than the browser is the
    // usual cause of "session not created".
    for tool in [CHROMIUM, CHROMEDRIVER] {
        let version =
            output(Command::new(tool).arg("--version")).unwrap_or_else(|e| format!("{e:#}"));
        println!("{}", version.trim());
    }
    Ok(())
}

/// `npm ci` when node_modules/ is missing or does not hold exactly the versions
/// in package-lock.json (e.g. after a pull that bumped a pin).
pub fn ensure_npm_deps(root: &Path) -> Result<()> {
    let stale = stale_npm_packages(root)?;
    if stale.is_empty() {
        println!("node_modules: up to date with package-lock.json");
        return Ok(());
    }
    println!("node_modules: {} — running npm ci", stale.join(", "));
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root)).context(
        "npm (Node.js ≥ 20) is needed for wasm-opt and the e2e tests; on Debian: apt-get install -y nodejs npm",
    )
}

/// Packages whose installed version differs from the lock file's (with why).
fn stale_npm_packages(root: &Path) -> Result<Vec<String>> {
    let lock_path = root.join("package-lock.json");
    let lock: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&lock_path)
            .with_context(|| format!("reading {}", lock_path.display()))?,
    )
    .with_context(|| format!("parsing {}", lock_path.display()))?;
    let mut stale = Vec::new();
    for (key, entry) in lock["packages"].as_object().into_iter().flatten() {
        if key.is_empty() || entry["optional"] == true {
            continue;
        }
        let want = entry["version"].as_str().unwrap_or_default();
        let manifest = root.join(key).join("package.json");
        let have = std::fs::read_to_string(&manifest)
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v["version"].as_str().map(str::to_string));
        match have {
            Some(have) if have == want => {}
            Some(have) => stale.push(format!("{key} is {have}, lock wants {want}")),
            None => stale.push(format!("{key} missing")),
        }
    }
    Ok(stale)
}

pub fn npm_bin(root: &Path, name: &str) -> PathBuf {
    root.join("node_modules/.bin").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_env_program_and_args() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "-p", "x"]).env("A", "1");
        assert_eq!(show(&cmd), "A=1 cargo test -p x");
    }

    #[test]
    fn npm_staleness_compares_installed_versions_with_the_lock() {
        let dir = std::env::temp_dir().join(format!("xtask-npm-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("node_modules/a")).unwrap();
        std::fs::write(
            dir.join("package-lock.json"),
            r#"{"packages": {"": {}, "node_modules/a": {"version": "1.0.0"}, "node_modules/b": {"version": "2.0.0"}}}"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("node_modules/a/package.json"),
            r#"{"version": "0.9.0"}"#,
        )
        .unwrap();
        assert_eq!(
            stale_npm_packages(&dir).unwrap(),
            [
                "node_modules/a is 0.9.0, lock wants 1.0.0",
                "node_modules/b missing"
            ]
        );
        std::fs::write(
            dir.join("node_modules/a/package.json"),
            r#"{"version": "1.0.0"}"#,
        )
        .unwrap();
        std::fs::create_dir_all(dir.join("node_modules/b")).unwrap();
        std::fs::write(
            dir.join("node_modules/b/package.json"),
            r#"{"version": "2.0.0"}"#,
        )
        .unwrap();
        assert!(stale_npm_packages(&dir).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
