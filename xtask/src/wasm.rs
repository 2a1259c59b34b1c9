//! The browser bundle: cargo (wasm32, `wasm-release` profile) → wasm-bindgen
//! (as a library, so its version is pinned by Cargo.lock) → `wasm-opt -Oz`
//! (npm binaryen: the only binaryen here that reads Rust 1.95 output) →
//! static/ copied beside it, with cache-busting version queries.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::steps::Steps;
use crate::{Workspace, lockfile, tools};

pub const UI_PACKAGE: &str = "ctlab-ui";
const UI_STEM: &str = "ctlab_ui";
const PROFILE: &str = "wasm-release";
/// Written into static/index.html after an asset's path; replaced by the asset's
/// content hash in dist/ so a browser never pairs a new page with an old
/// cached wasm or glue (the glue's wasm URL is passed explicitly for the same reason).
const VERSION_PLACEHOLDER: &str = "?v=dev";

#[derive(Clone, Copy)]
pub struct BuildOptions {
    /// `--locked`: in CI the lock file must already be right.
    pub locked: bool,
    pub wasm_opt: bool,
}

/// What `build_dist` needs installed (`test` runs a wider preflight itself).
pub fn preflight(ws: &Workspace, opts: BuildOptions) -> Result<()> {
    tools::ensure_wasm_target()?;
    if opts.wasm_opt {
        tools::ensure_npm_deps(&ws.root)?;
    }
    check_lock(&ws.root)
}

pub fn build_dist(ws: &Workspace, steps: &mut Steps, opts: BuildOptions) -> Result<()> {
    let wasm = steps.run(
        &format!("cargo build {UI_PACKAGE} (wasm32, --profile {PROFILE})"),
        || cargo_build(ws, opts),
    )?;
    let dist = ws.dist();
    steps.run("wasm-bindgen (library) into dist/", || {
        bindgen(&wasm, &dist)
    })?;
    if opts.wasm_opt {
        steps.run("wasm-opt -Oz (npm binaryen)", || {
            wasm_opt(&ws.root, &dist.join(format!("{UI_STEM}_bg.wasm")))
        })?;
    }
    steps.run("static/ into dist/, version queries", || {
        copy_dir(&ws.root.join("static"), &dist)?;
        stamp_versions(&dist.join("index.html"))
    })
}

pub fn check_lock(root: &Path) -> Result<()> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let version = lockfile::check_wasm_bindgen_versions(&lock)?;
    println!("wasm-bindgen {version}: app, CLI-support library and test runner agree");
    Ok(())
}

fn cargo_build(ws: &Workspace, opts: BuildOptions) -> Result<PathBuf> {
    let mut cmd = Command::new(&ws.cargo);
    cmd.current_dir(&ws.root).args([
        "build",
        "-p",
        UI_PACKAGE,
        "--target",
        tools::WASM_TARGET,
        "--profile",
        PROFILE,
    ]);
    if opts.locked {
        cmd.arg("--locked");
    }
    tools::run(&mut cmd)?;
    let wasm = ws
        .target_dir
        .join(tools::WASM_TARGET)
        .join(PROFILE)
        .join(format!("{UI_STEM}.wasm"));
    anyhow::ensure!(wasm.exists(), "cargo built no {}", wasm.display());
    Ok(wasm)
}

fn bindgen(wasm: &Path, dist: &Path) -> Result<()> {
    // A fresh dist/ so no file of an older build (or a renamed asset) lingers.
    if dist.exists() {
        std::fs::remove_dir_all(dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    std::fs::create_dir_all(dist)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .web(true)?
        .typescript(false)
        .omit_default_module_path(false)
        .generate(dist)
        .context("wasm-bindgen failed")?;
    println!(
        "{} -> {}/{UI_STEM}.js, {UI_STEM}_bg.wasm",
        wasm.display(),
        dist.display()
    );
    Ok(())
}

fn wasm_opt(root: &Path, wasm: &Path) -> Result<()> {
    let before = std::fs::metadata(wasm)?.len();
    // No --enable-* flags: wasm-opt takes the features from the module's
    // target_features section (kept by `strip = "debuginfo"` in the profile),
    // then the two metadata sections are dropped as the browser ignores them.
    tools::run(
        Command::new(tools::npm_bin(root, "wasm-opt"))
            .args(["-Oz", "--strip-target-features", "--strip-producers"])
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
    )?;
    let after = std::fs::metadata(wasm)?.len();
    println!("{}: {before} -> {after} bytes", wasm.display());
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            if dest.exists() {
                bail!(
                    "{} would overwrite the generated {}",
                    entry.path().display(),
                    dest.display()
                );
            }
            std::fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}

fn stamp_versions(index: &Path) -> Result<()> {
    let html =
        std::fs::read_to_string(index).with_context(|| format!("reading {}", index.display()))?;
    let dir = index.parent().context("index.html has no directory")?;
    let stamped = stamp(&html, |asset| {
        let bytes = std::fs::read(dir.join(asset)).with_context(|| {
            format!("index.html refers to {asset}{VERSION_PLACEHOLDER}, which is not in dist/")
        })?;
        Ok(content_hash(&bytes))
    })?;
    std::fs::write(index, stamped)?;
    Ok(())
}

/// Replaces each `<asset>?v=dev` with `<asset>?v=<version(asset)>`, where the
/// asset is the relative path just before the placeholder.
fn stamp(html: &str, version: impl Fn(&str) -> Result<String>) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut count = 0;
    while let Some(at) = rest.find(VERSION_PLACEHOLDER) {
        let (before, after) = rest.split_at(at);
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || "._-/".contains(c)))
            .map_or(0, |i| i + 1);
        let asset = before[start..].trim_start_matches("./");
        if asset.is_empty() || asset.split('/').any(|s| s == "..") {
            bail!(
                "`{VERSION_PLACEHOLDER}` must follow a relative asset path inside dist/, found {:?}",
                &before[start..]
            );
        }
        out.push_str(before);
        out.push_str("?v=");
        out.push_str(&version(asset)?);
        rest = &after[VERSION_PLACEHOLDER.len()..];
        count += 1;
    }
    out.push_str(rest);
    if count == 0 {
        bail!(
            "index.html has no `{VERSION_PLACEHOLDER}` asset references: browsers could mix versions"
        );
    }
    Ok(out)
}

/// FNV-1a, 64 bit: stable across Rust versions and machines (unlike std's
/// hasher), which is all a cache-busting key needs.
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_each_asset_with_its_own_version() {
        let html = r#"<link href="style.css?v=dev"><script type="module">
import init from './ctlab_ui.js?v=dev';
init({ module_or_path: './ctlab_ui_bg.wasm?v=dev' });</script>"#;
        let out = stamp(html, |a| Ok(format!("<{a}>"))).unwrap();
        assert_eq!(
            out,
            r#"<link href="style.css?v=<style.css>"><script type="module">
import init from './ctlab_ui.js?v=<ctlab_ui.js>';
init({ module_or_path: './ctlab_ui_bg.wasm?v=<ctlab_ui_bg.wasm>' });</script>"#
        );
    }

    #[test]
    fn refuses_pages_without_versioned_assets_or_escaping_paths() {
        assert!(stamp("<p>hi</p>", |_| Ok(String::new())).is_err());
        assert!(stamp("'../x.js?v=dev'", |_| Ok(String::new())).is_err());
        assert!(stamp("'a.js?v=dev'", |_| bail!("missing")).is_err());
    }

    #[test]
    fn the_real_index_html_is_stampable() {
        let html =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../static/index.html"))
                .unwrap();
        let mut assets = Vec::new();
        let cell = std::cell::RefCell::new(&mut assets);
        stamp(&html, |a| {
            cell.borrow_mut().push(a.to_string());
            Ok("0".into())
        })
        .unwrap();
        for wanted in ["ctlab_ui.js", "ctlab_ui_bg.wasm", "style.css"] {
            assert!(
                assets.iter().any(|a| a == wanted),
                "index.html does not version {wanted}: {assets:?}"
            );
        }
    }

    #[test]
    fn content_hash_is_stable_and_sensitive() {
        assert_eq!(content_hash(b"ctlab"), content_hash(b"ctlab"));
        assert_ne!(content_hash(b"ctlab"), content_hash(b"ctlaB"));
        assert_eq!(content_hash(b"").len(), 12);
    }
}
