//! `cargo xtask test`: every test the project has, in one command, in the
//! order that fails cheapest first. CI runs exactly this (.ci/run).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail, ensure};

use crate::steps::Steps;
use crate::{Workspace, serve, size_report, tools, wasm};

pub fn run_all(ws: &Workspace) -> Result<()> {
    let mut steps = Steps::new();
    steps.run(
        "preflight: wasm target, Chromium + chromedriver, npm tools, wasm-bindgen version",
        || {
            tools::ensure_wasm_target()?;
            tools::ensure_chromium()?;
            tools::ensure_npm_deps(&ws.root)?;
            wasm::check_lock(&ws.root)
        },
    )?;
    steps.run("native tests (unit, integration, doc)", || native_tests(ws))?;
    steps.run("ctlab check lessons/", || ctlab(ws, &["check", "lessons/"]))?;
    steps.run("ctlab verify lessons/ on the host kernel", || {
        verify_host(ws)
    })?;
    steps.run(
        "ctlab verify --kernel guest lessons/ (Debian 6.1, pure cgroup v2, qemu)",
        || verify_guest(ws),
    )?;
    let runner = steps.run("build the wasm test runner", || build_runner(ws))?;
    steps.run("wasm tests in headless Chromium", || {
        wasm_tests(ws, &runner)
    })?;
    wasm::build_dist(
        ws,
        &mut steps,
        wasm::BuildOptions {
            locked: true,
            wasm_opt: true,
        },
    )?;
    steps.run("size report and budget", || {
        let report = size_report::write(&ws.dist())?;
        ensure!(
            report.within_budget(),
            "the first load is {} bytes gzip, over the budget of {} bytes",
            report.total().gzip,
            size_report::BUDGET_GZIP_BYTES
        );
        Ok(())
    })?;
    steps.run(
        "end-to-end tests (node --test tests/e2e/, Chromium)",
        || e2e(ws),
    )?;

    steps.summary();
    Ok(())
}

/// `ctlab ARGS` through cargo, as a developer runs it.
fn ctlab(ws: &Workspace, args: &[&str]) -> Result<()> {
    tools::run(
        Command::new(&ws.cargo)
            .current_dir(&ws.root)
            .args([
                "run",
                "--locked",
                "--quiet",
                "-p",
                "ctlab-cli",
                "--bin",
                "ctlab",
                "--",
            ])
            .args(args),
    )
}

/// Every lesson on the model and on this machine's kernel in the native
/// sandbox (root only: it creates namespaces, mounts and cgroups).
fn verify_host(ws: &Workspace) -> Result<()> {
    if !tools::is_root() {
        println!("skipped: `ctlab verify` needs root to build its sandbox on the real kernel");
        return Ok(());
    }
    ctlab(ws, &["verify", "lessons/"])
}

/// Every lesson on the model and on Debian's kernel under qemu (software
/// emulation) with cgroup v1 disabled: the second real kernel. Needs
/// qemu-system-x86 and busybox-static (CI installs them) and root.
fn verify_guest(ws: &Workspace) -> Result<()> {
    if !tools::is_root() {
        println!("skipped: the guest's sandbox runs as root and so does the verify");
        return Ok(());
    }
    if !Path::new("/usr/bin/qemu-system-x86_64").is_file()
        || !Path::new("/usr/bin/busybox").is_file()
    {
        println!(
            "skipped: qemu-system-x86 and busybox-static are not installed (apt-get install qemu-system-x86 busybox-static)"
        );
        return Ok(());
    }
    tools::run(Command::new(&ws.cargo).current_dir(&ws.root).args([
        "build",
        "--locked",
        "--quiet",
        "-p",
        "ctlab-native",
        "--bin",
        "ctlab-guest-agent",
    ]))?;
    ctlab(ws, &["verify", "--kernel", "guest", "lessons/"])
}

fn native_tests(ws: &Workspace) -> Result<()> {
    tools::run(Command::new(&ws.cargo).current_dir(&ws.root).args([
        "test",
        "--locked",
        "--workspace",
        "--exclude",
        wasm::UI_PACKAGE,
        "--exclude",
        "wasm-test-runner",
    ]))
}

fn build_runner(ws: &Workspace) -> Result<PathBuf> {
    tools::run(Command::new(&ws.cargo).current_dir(&ws.root).args([
        "build",
        "--locked",
        "-p",
        "wasm-test-runner",
    ]))?;
    let runner = ws.target_dir.join("debug/wasm-test-runner");
    ensure!(runner.is_file(), "no runner at {}", runner.display());
    Ok(runner)
}

fn wasm_tests(ws: &Workspace, runner: &Path) -> Result<()> {
    // chromedriver's Chromium leaves its profile dirs (org.chromium.*) in
    // TMPDIR when the runner ends the session; keep them in a directory of
    // our own, emptied before and after, so a test run leaves nothing in /tmp.
    let tmp = ws.target_dir.join("tmp/wasm-tests");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let result = wasm_tests_in(ws, runner, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn wasm_tests_in(ws: &Workspace, runner: &Path, tmp: &Path) -> Result<()> {
    let mut cmd = Command::new(&ws.cargo);
    cmd.current_dir(&ws.root)
        .args([
            "test",
            "--locked",
            "--target",
            tools::WASM_TARGET,
            "-p",
            "ctlab",
            "-p",
            wasm::UI_PACKAGE,
        ])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("TMPDIR", tmp)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            ws.root.join("xtask/webdriver.json"),
        );
    // The runner prefers these over CHROMEDRIVER; a developer's shell must not
    // silently switch the suite to another browser.
    for var in [
        "GECKODRIVER",
        "SAFARIDRIVER",
        "MSEDGEDRIVER",
        "GECKODRIVER_REMOTE",
        "SAFARIDRIVER_REMOTE",
    ] {
        cmd.env_remove(var);
    }
    let stdout = run_tee(&mut cmd).context(
        "wasm tests failed (every test file of ctlab is also built for wasm32: one that needs a \
         native-only dev-dependency must start with `#![cfg(not(target_arch = \"wasm32\"))]`)",
    )?;
    let tally = Tally::of(&stdout);
    println!(
        "wasm tests: {} passed in {} binaries, {} of them in headless Chromium",
        tally.passed, tally.binaries, tally.in_browser
    );
    ensure!(
        tally.passed > 0 && tally.in_browser > 0,
        "no wasm test ran in Chromium: browser tests need `wasm_bindgen_test_configure!(run_in_browser);`"
    );
    Ok(())
}

/// Runs a command, streaming its stdout through while keeping a copy, so the
/// run can be checked for what actually happened, not only its exit status.
fn run_tee(cmd: &mut Command) -> Result<String> {
    let shown = tools::show(cmd);
    println!("$ {shown}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{shown}`"))?;
    let mut kept = String::new();
    for line in BufReader::new(child.stdout.take().context("no stdout")?).lines() {
        let line = line?;
        println!("{line}");
        kept.push_str(&line);
        kept.push('\n');
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(kept)
}

#[derive(Debug, Default, PartialEq)]
struct Tally {
    binaries: usize,
    passed: usize,
    in_browser: usize,
}

impl Tally {
    /// Reads libtest's and wasm-bindgen-test-runner's summary lines.
    fn of(stdout: &str) -> Tally {
        let mut t = Tally::default();
        for line in stdout.lines() {
            if let Some(rest) = line.strip_prefix("test result: ") {
                t.binaries += 1;
                t.passed += rest
                    .split(['.', ';'])
                    .find_map(|part| {
                        part.trim()
                            .strip_suffix(" passed")?
                            .trim()
                            .parse::<usize>()
                            .ok()
                    })
                    .unwrap_or(0);
            } else if line.starts_with("Running headless tests in Chrome") {
                t.in_browser += 1;
            }
        }
        t
    }
}

fn e2e(ws: &Workspace) -> Result<()> {
    let dir = ws.root.join("tests/e2e");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    // Named explicitly: `node --test <dir>` means different things across
    // Node versions (directory vs glob).
    files.retain(|p| p.to_string_lossy().ends_with(".test.mjs"));
    files.sort();
    ensure!(!files.is_empty(), "no *.test.mjs in {}", dir.display());
    let out = ws.target_dir.join("e2e");
    std::fs::create_dir_all(&out)?;
    let server = serve::start(&ws.dist(), 0)?;
    println!("serving {} at {}", ws.dist().display(), server.url());
    let result = tools::run(
        Command::new("node")
            .current_dir(&ws.root)
            .arg("--test")
            .args(&files)
            .env("CTLAB_URL", server.url())
            .env("CTLAB_E2E_OUT", &out)
            .env("CTLAB_CHROMIUM", tools::CHROMIUM),
    );
    drop(server);
    result?;
    println!("screenshots in {}", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_passes_and_browser_runs() {
        let out = "\
running 2 tests
test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
Running headless tests in Chrome on `http://127.0.0.1:39123/`
running 3 tests
test result: ok. 3 passed; 0 failed; 1 ignored; finished in 0.40s
no tests to run!
test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        assert_eq!(
            Tally::of(out),
            Tally {
                binaries: 3,
                passed: 5,
                in_browser: 1
            }
        );
        assert_eq!(Tally::of(""), Tally::default());
    }
}
