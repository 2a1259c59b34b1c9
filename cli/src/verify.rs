//! `ctlab verify`: each lesson runs on the model and on a real kernel
//! (the host's, in the native sandbox, or the guest's under qemu), and
//! every command is reported three ways: what the lesson expects, what the
//! model printed, what the kernel printed. After each step the model's
//! `WorldView` is compared with the one read from the sandbox's /proc, up
//! to renaming of namespace inodes and mount ids. A lesson passes when
//! every command's model and kernel output match the transcript and every
//! world agrees.

use ctlab::kernel_model::world_view::WorldView;
use ctlab::lesson::expected::output_matches;
use ctlab::lesson::run::Outcome;
use ctlab::lesson::{self, BlockKind, Lang};
use ctlab_native::replay::{KernelRun, Observed};
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
pub struct Summary {
    pub ok: bool,
    /// `host` or `guest`.
    pub kernel: String,
    pub lessons: Vec<LessonReport>,
}

#[derive(Serialize)]
pub struct LessonReport {
    pub file: String,
    pub id: String,
    pub title: String,
    pub ok: bool,
    /// `uname -r` of the kernel that ran it.
    pub kernel_release: String,
    /// Why the lesson could not run at all (parse errors, no sandbox…).
    pub error: Option<String>,
    pub steps: Vec<StepReport>,
    /// Seconds on the model and on the kernel.
    pub model_seconds: f64,
    pub kernel_seconds: f64,
}

#[derive(Serialize)]
pub struct StepReport {
    /// 1-based.
    pub step: usize,
    pub title: String,
    pub line: usize,
    pub ok: bool,
    pub commands: Vec<CommandReport>,
    /// How the model's world after the step differs from the kernel's.
    pub world: Vec<String>,
    /// The lesson's reason for accepting world differences on this kernel
    /// (a kernel skip on one of the step's blocks).
    pub world_skip: Option<String>,
    /// Mount-table differences, skipped for [`MOUNT_TABLE_SKIP`].
    pub world_mounts: Vec<String>,
}

#[derive(Serialize)]
pub struct CommandReport {
    pub line: usize,
    pub terminal: String,
    pub kind: BlockKind,
    pub command: String,
    pub expected: Vec<String>,
    pub model: Vec<String>,
    pub kernel: Vec<String>,
    pub model_matches: bool,
    pub kernel_matches: bool,
    /// Why the kernel's output is missing or cut short.
    pub kernel_error: Option<String>,
    /// The lesson's reason for not expecting agreement on the model.
    pub model_skip: Option<String>,
    /// The lesson's reason for not expecting agreement on this kernel.
    pub kernel_skip: Option<String>,
}

impl CommandReport {
    pub fn ok(&self) -> bool {
        (self.model_matches || self.model_skip.is_some())
            && (self.kernel_matches || self.kernel_skip.is_some())
    }
}

/// Builds a lesson's report from the model's outcomes and the kernel's run.
pub fn report(
    file: &Path,
    kernel_name: &str,
    lesson: &lesson::Lesson,
    model: &[Outcome],
    model_worlds: &[(usize, WorldView)],
    kernel: &KernelRun,
    seconds: (f64, f64),
) -> LessonReport {
    let steps: Vec<StepReport> = lesson
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let commands: Vec<CommandReport> = model
                .iter()
                .filter(|o| o.step == i)
                .map(|o| {
                    let k = kernel.commands.iter().find(|k| k.line == o.line);
                    let skip = lesson::run::commands(lesson)
                        .find(|(_, _, e)| e.line == o.line)
                        .and_then(|(_, _, e)| e.skip.clone())
                        .filter(|s| s.on.covers_kernel(kernel_name))
                        .map(|s| s.reason);
                    command_report(o, k, skip)
                })
                .collect();
            let world_of =
                |w: &[(usize, WorldView)]| w.iter().find(|(s, _)| *s == i).map(|(_, v)| v.clone());
            let (world, world_mounts) = match (world_of(model_worlds), world_of(&kernel.worlds)) {
                (Some(m), Some(k)) => world_differences(&m, &k),
                _ => (Vec::new(), Vec::new()),
            };
            // A kernel skip in the step covers its world too: the reason
            // that lets a command differ (a race, say) shows in the world.
            let world_skip = commands.iter().find_map(|c| c.kernel_skip.clone());
            StepReport {
                step: i + 1,
                title: s.title.get(Lang::En).to_string(),
                line: s.line,
                ok: commands.iter().all(CommandReport::ok)
                    && (world.is_empty() || world_skip.is_some()),
                world_skip,
                world_mounts,
                commands,
                world,
            }
        })
        .collect();
    LessonReport {
        file: file.display().to_string(),
        id: lesson.id.clone(),
        title: lesson.title.get(Lang::En).to_string(),
        ok: steps.iter().all(|s| s.ok),
        kernel_release: kernel.kernel_release.clone(),
        error: None,
        steps,
        model_seconds: seconds.0,
        kernel_seconds: seconds.1,
    }
}

fn command_report(o: &Outcome, k: Option<&Observed>, kernel_skip: Option<String>) -> CommandReport {
    let (kernel, kernel_error) = match k {
        Some(k) => (k.screen.clone(), k.error.clone()),
        None => (
            Vec::new(),
            Some("not run: the kernel's replay stopped earlier".into()),
        ),
    };
    let borrowed: Vec<&str> = kernel.iter().map(String::as_str).collect();
    CommandReport {
        line: o.line,
        terminal: o.terminal.clone(),
        kind: o.kind,
        command: o.command.clone(),
        expected: o.expected.clone(),
        model: o.actual.clone(),
        model_matches: o.matches,
        kernel_matches: kernel_error.is_none() && output_matches(&o.expected, &borrowed),
        kernel,
        kernel_error,
        model_skip: o.skip.clone(),
        kernel_skip,
    }
}

/// Why mount tables are not compared yet: the model can boot into the
/// sandbox's mount table (`Config::sandbox_world`), but not by default
/// while the browser player's navigation tests fail with it.
pub const MOUNT_TABLE_SKIP: &str = "the model's boot mount table is not yet the sandbox's (Config::sandbox_world is off by default)";

/// The world differences that count, and those skipped for
/// [`MOUNT_TABLE_SKIP`].
fn world_differences(model: &WorldView, kernel: &WorldView) -> (Vec<String>, Vec<String>) {
    use ctlab::kernel_model::world_view_diff::{Difference, diff};
    let (mut counted, mut skipped) = (Vec::new(), Vec::new());
    for d in diff(model, kernel) {
        let text = d.to_string();
        let mount_count = matches!(&d, Difference::Namespace { field, .. } if field == "mounts");
        if mount_count
            || matches!(
                d,
                Difference::Mount { .. } | Difference::MountTableOnlyIn { .. }
            )
        {
            skipped.push(text);
        } else {
            counted.push(text);
        }
    }
    (counted, skipped)
}

/// Prints a lesson's report as text: a line per step, and for each command
/// that disagrees the expected (`-`), model (`m`) and kernel (`k`) lines.
pub fn print(r: &LessonReport) {
    println!(
        "{} {} — {} (kernel {}, model {:.3} s, kernel {:.3} s)",
        if r.ok { "ok  " } else { "FAIL" },
        r.file,
        r.title,
        r.kernel_release,
        r.model_seconds,
        r.kernel_seconds
    );
    if let Some(e) = &r.error {
        println!("       error: {e}");
    }
    for s in &r.steps {
        println!(
            "  {} step {} (line {}): {} ({} commands)",
            if s.ok { "ok  " } else { "DIFF" },
            s.step,
            s.line,
            s.title,
            s.commands.len()
        );
        for c in &s.commands {
            for (matches, skip, side) in [
                (c.model_matches, &c.model_skip, "model"),
                (c.kernel_matches, &c.kernel_skip, "kernel"),
            ] {
                if let (false, Some(reason)) = (matches, skip) {
                    println!(
                        "       {}:{}: `{}`: skipped on the {side}: {reason}",
                        r.file, c.line, c.command
                    );
                }
            }
        }
        for c in s.commands.iter().filter(|c| !c.ok()) {
            let who = match (c.model_matches, c.kernel_matches) {
                (false, false) => "model and kernel differ",
                (false, true) => "model differs",
                _ => "kernel differs",
            };
            println!(
                "       {}:{}: `{}` ({who}): expected -, model m, kernel k",
                r.file, c.line, c.command
            );
            if let Some(e) = &c.kernel_error {
                println!("         kernel error: {e}");
            }
            for l in &c.expected {
                println!("         - {l}");
            }
            for l in &c.model {
                println!("         m {l}");
            }
            for l in &c.kernel {
                println!("         k {l}");
            }
        }
        if !s.world_mounts.is_empty() {
            println!(
                "       world: {} mount-table differences skipped: {MOUNT_TABLE_SKIP}",
                s.world_mounts.len()
            );
        }
        for w in &s.world {
            match &s.world_skip {
                Some(reason) => println!("       world (skipped: {reason}): {w}"),
                None => println!("       world: {w}"),
            }
        }
    }
}
