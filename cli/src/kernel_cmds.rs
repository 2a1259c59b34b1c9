//! `ctlab verify` and `ctlab record`: the subcommands that run lessons on
//! a real kernel through `ctlab-native`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use ctlab::lesson;
use ctlab_native::replay::{self, KernelRun, Options};

use crate::verify;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kernel {
    /// This machine's kernel, in the native sandbox.
    Host,
    /// Debian's kernel under qemu, booted with cgroup_no_v1=all.
    Guest,
}

/// Runs lessons on the chosen kernel.
trait Runner {
    fn observe(
        &mut self,
        source: &str,
        lesson: &lesson::Lesson,
        options: &Options,
    ) -> Result<KernelRun, String>;
}

struct Host;

impl Runner for Host {
    fn observe(
        &mut self,
        _: &str,
        lesson: &lesson::Lesson,
        options: &Options,
    ) -> Result<KernelRun, String> {
        replay::observe(lesson, options).map_err(|e| e.to_string())
    }
}

impl Kernel {
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Host => "host",
            Kernel::Guest => "guest",
        }
    }
}

/// Debian's kernel under qemu: booted once, then every lesson is sent to
/// its agent, which replays it in the same sandbox there.
struct Guest(ctlab_native::guest::Guest);

impl Runner for Guest {
    fn observe(
        &mut self,
        source: &str,
        _: &lesson::Lesson,
        options: &Options,
    ) -> Result<KernelRun, String> {
        use ctlab_native::guest::protocol::{Request, Response};
        let request = Request::Observe {
            lesson_source: source.to_string(),
            options: options.clone(),
        };
        match self.0.request(&request).map_err(|e| e.to_string())? {
            Response::Observe(result) => result,
            other => Err(format!("the guest agent answered {other:?}")),
        }
    }
}

fn boot_guest() -> Result<Guest, String> {
    use ctlab_native::guest::{self, image};
    let agent = image::agent_beside_current_exe().map_err(|e| e.to_string())?;
    // The executable lives in <target>/<profile>/: the cache goes in <target>.
    let target = agent
        .parent()
        .and_then(|p| p.parent())
        .ok_or("cannot tell the cargo target directory from the executable's path")?;
    let image =
        guest::GuestImage::prepare(&image::cache_dir(target), &agent).map_err(|e| e.to_string())?;
    eprintln!(
        "guest: {} {} (kernel {:.1} s, initramfs {:.1} s)",
        image.kernel.package,
        image.kernel.version,
        image.kernel_time.as_secs_f64(),
        image.initramfs_time.as_secs_f64()
    );
    let vm = guest::Guest::boot(&image, &guest::vm::BootOptions::default())
        .map_err(|e| e.to_string())?;
    eprintln!("guest: booted in {:.1} s", vm.boot_time.as_secs_f64());
    Ok(Guest(vm))
}

fn runner(kernel: Kernel) -> Result<Box<dyn Runner>, String> {
    match kernel {
        Kernel::Host => Ok(Box::new(Host)),
        Kernel::Guest => Ok(Box::new(boot_guest()?)),
    }
}

pub fn verify(files: &[PathBuf], json: bool, kernel: Kernel, timeout_ms: u64) -> ExitCode {
    let mut runner = match runner(kernel) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = Options { timeout_ms };
    let mut lessons = Vec::new();
    for file in files {
        let r = verify_one(file, kernel, runner.as_mut(), &options);
        if !json {
            verify::print(&r);
        }
        lessons.push(r);
    }
    let failed = lessons.iter().filter(|r| !r.ok).count();
    let summary = verify::Summary {
        ok: failed == 0,
        kernel: kernel.name().into(),
        lessons,
    };
    if json {
        match serde_json::to_string_pretty(&summary) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        let model: f64 = summary.lessons.iter().map(|l| l.model_seconds).sum();
        let kernel_s: f64 = summary.lessons.iter().map(|l| l.kernel_seconds).sum();
        println!(
            "{} lessons, {} failed; model {model:.3} s, kernel {kernel_s:.3} s",
            files.len(),
            failed
        );
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn failed_report(file: &Path, error: String) -> verify::LessonReport {
    verify::LessonReport {
        file: file.display().to_string(),
        id: String::new(),
        title: String::new(),
        ok: false,
        kernel_release: String::new(),
        error: Some(error),
        steps: Vec::new(),
        model_seconds: 0.0,
        kernel_seconds: 0.0,
    }
}

fn verify_one(
    file: &Path,
    kernel: Kernel,
    runner: &mut dyn Runner,
    options: &Options,
) -> verify::LessonReport {
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => return failed_report(file, format!("cannot read the file: {e}")),
    };
    let parsed = lesson::parse(&source);
    if parsed.has_errors() {
        return failed_report(
            file,
            "the lesson has errors; run `ctlab check` to see them".into(),
        );
    }
    let t = Instant::now();
    let (outcomes, worlds) = lesson::run::run_with_worlds(&parsed.lesson);
    let model_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let run = match runner.observe(&source, &parsed.lesson, options) {
        Ok(run) => run,
        Err(e) => return failed_report(file, e),
    };
    let kernel_seconds = t.elapsed().as_secs_f64();
    verify::report(
        file,
        kernel.name(),
        &parsed.lesson,
        &outcomes,
        &worlds,
        &run,
        (model_seconds, kernel_seconds),
    )
}

pub fn record(path: &Path, write: bool, runs: usize, timeout_ms: u64) -> ExitCode {
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let parsed = lesson::parse(&source);
    if parsed.has_errors() {
        eprintln!(
            "error: {}: the lesson has errors; run `ctlab check` to see them",
            path.display()
        );
        return ExitCode::from(2);
    }
    let options = Options { timeout_ms };
    let mut observed: Vec<KernelRun> = Vec::new();
    for _ in 0..runs.max(1) {
        match replay::observe(&parsed.lesson, &options) {
            Ok(r) => observed.push(r),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let mut problems = 0;
    let first = &observed[0];
    for c in &first.commands {
        if let Some(e) = &c.error {
            eprintln!("{}:{}: error: `{}`: {e}", path.display(), c.line, c.command);
            problems += 1;
        }
        let entry = lesson::run::commands(&parsed.lesson)
            .map(|(_, _, e)| e)
            .find(|e| e.line == c.line);
        for other in &observed[1..] {
            let Some(o) = other.commands.iter().find(|o| o.line == c.line) else {
                continue;
            };
            let matches_both = entry.is_some_and(|e| {
                let a: Vec<&str> = c.screen.iter().map(String::as_str).collect();
                let b: Vec<&str> = o.screen.iter().map(String::as_str).collect();
                lesson::expected::output_matches(&e.expected, &a)
                    && lesson::expected::output_matches(&e.expected, &b)
            });
            if o.screen != c.screen && !matches_both {
                eprintln!(
                    "{}:{}: error: `{}` printed differently in two runs; it needs a wildcard or another command:\n  run 1: {:?}\n  run 2: {:?}",
                    path.display(),
                    c.line,
                    c.command,
                    c.screen,
                    o.screen
                );
                problems += 1;
            }
        }
    }
    let outputs: Vec<(usize, Vec<String>)> = first
        .commands
        .iter()
        .map(|c| (c.line, c.screen.clone()))
        .collect();
    let new = match lesson::record::rewrite(&source, &parsed.lesson, &outputs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    if write {
        if new != source
            && let Err(e) = std::fs::write(path, &new)
        {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    } else {
        print!("{new}");
    }
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
