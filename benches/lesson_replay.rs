//! Criterion benchmark of replaying the bundled lessons on the model: each
//! lesson parsed once, then every step's commands typed into a fresh
//! session, as the player and `ctlab check` do. Reported per lesson; the
//! per-step figure is the lesson's time divided by its step count (printed
//! once at the start).

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use ctlab::lesson;

fn lessons() -> Vec<(String, lesson::Lesson)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("lessons/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let source = std::fs::read_to_string(&p).expect("read lesson");
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, lesson::parse(&source).lesson)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let all = lessons();
    // A one-off summary, so the note can quote a per-step figure.
    let (mut steps, mut commands) = (0usize, 0usize);
    let start = Instant::now();
    let rounds = 50;
    for _ in 0..rounds {
        for (_, l) in &all {
            black_box(lesson::run::run(l));
        }
    }
    let per_round = start.elapsed() / rounds;
    for (_, l) in &all {
        steps += l.steps.len();
        commands += l
            .steps
            .iter()
            .map(|s| s.transcript.len() + s.solution.len() + s.check.len())
            .sum::<usize>();
    }
    eprintln!(
        "lesson replay: {} lessons, {steps} steps, {commands} commands: {per_round:?} per suite, {:?} per step, {:?} per command",
        all.len(),
        per_round / steps.max(1) as u32,
        per_round / commands.max(1) as u32
    );
    let mut g = c.benchmark_group("lesson_replay");
    for (name, l) in &all {
        g.bench_function(name.as_str(), |b| b.iter(|| black_box(lesson::run::run(l))));
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
