//! `cargo xtask …` — the project's only build and test entry point.
//!
//! Everything the browser app needs (wasm target, wasm-bindgen, wasm-opt,
//! Chromium for the tests) is either a crate in this workspace or installed
//! here from a package registry, so a fresh machine with rustup, cargo and
//! node/npm can run `cargo xtask test` without hand-installed binaries
//! (see TOOLCHAIN.md for what was tried and why).

mod lockfile;
mod serve;
mod size_report;
mod steps;
mod test;
mod tools;
mod wasm;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, serve and test ctlab")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the browser app into dist/ and serve it on 127.0.0.1.
    Serve {
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Skip `wasm-opt -Oz` (~20 s) for a faster edit–reload loop; the
        /// bundle is then larger than what `dist` ships.
        #[arg(long)]
        no_wasm_opt: bool,
    },
    /// Release build into dist/ with a size report (dist/size.txt).
    Dist,
    /// The whole test suite: native, wasm in headless Chromium, end to end.
    Test,
}

/// Where things are, resolved once so every step agrees (a user's
/// `CARGO_TARGET_DIR` or `build.target-dir` is honoured through cargo metadata).
pub struct Workspace {
    pub root: PathBuf,
    pub target_dir: PathBuf,
    /// The cargo that runs us (`$CARGO`), so nested builds use the same toolchain.
    pub cargo: PathBuf,
}

impl Workspace {
    fn locate() -> Result<Workspace> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask/ has no parent directory")?
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        let output = std::process::Command::new(&cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .current_dir(&root)
            .output()
            .context("running `cargo metadata`")?;
        anyhow::ensure!(
            output.status.success(),
            "`cargo metadata` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let meta: serde_json::Value = serde_json::from_slice(&output.stdout)?;
        let target_dir = meta["target_directory"]
            .as_str()
            .context("`cargo metadata` gave no target_directory")?
            .into();
        Ok(Workspace {
            root,
            target_dir,
            cargo,
        })
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }
}

fn main() {
    let cli = Cli::parse();
    // Printed by hand: anyhow's Debug output would add a backtrace whenever
    // RUST_BACKTRACE is set, burying the one line that matters.
    if let Err(e) = run(cli) {
        eprintln!("\nerror: {e}");
        for cause in e.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    let ws = Workspace::locate()?;
    match cli.command {
        Command::Serve { port, no_wasm_opt } => {
            let mut steps = steps::Steps::new();
            let opts = wasm::BuildOptions {
                locked: false,
                wasm_opt: !no_wasm_opt,
            };
            steps.run(
                "preflight: wasm target, npm tools, wasm-bindgen version",
                || wasm::preflight(&ws, opts),
            )?;
            wasm::build_dist(&ws, &mut steps, opts)?;
            steps.summary();
            serve::serve_forever(&ws.dist(), port)
        }
        Command::Dist => {
            let mut steps = steps::Steps::new();
            let opts = wasm::BuildOptions {
                locked: false,
                wasm_opt: true,
            };
            steps.run(
                "preflight: wasm target, npm tools, wasm-bindgen version",
                || wasm::preflight(&ws, opts),
            )?;
            wasm::build_dist(&ws, &mut steps, opts)?;
            let report = steps.run("size report", || size_report::write(&ws.dist()))?;
            steps.summary();
            if !report.within_budget() {
                eprintln!(
                    "warning: the first load is over its gzip budget (`cargo xtask test` fails on this)"
                );
            }
            Ok(())
        }
        Command::Test => test::run_all(&ws),
    }
}
