//! Criterion benchmarks of the native sandbox on the real kernel (root
//! only; prints why and does nothing otherwise):
//!
//! * `sandbox/setup+teardown`: cgroups, namespaces, the overlay root and
//!   PID 1, then killing it all and removing the cgroups — what a run
//!   costs before any shell starts (the goal: ≤ 15 ms; crun's
//!   create+start+delete is ~47 ms);
//! * `sandbox/setup+bash+teardown`: the same with one `bash -i` started
//!   and at its first prompt;
//! * `replay/<lesson>`: a whole lesson on the kernel (`replay::observe`),
//!   next to the same lesson on the model (`model/<lesson>`), for the
//!   model-vs-kernel speed ratio.

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use ctlab::lesson;
use ctlab_native::replay;
use ctlab_native::sandbox::Sandbox;

fn bench(c: &mut Criterion) {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: the sandbox needs root on the real kernel");
        return;
    }
    let mut g = c.benchmark_group("sandbox");
    g.bench_function("setup+teardown", |b| {
        b.iter(|| Sandbox::start().unwrap().teardown().unwrap())
    });
    g.bench_function("setup+bash+teardown", |b| {
        b.iter(|| {
            let mut s = Sandbox::start().unwrap();
            let mut t = s.open_terminal().unwrap();
            black_box(t.read_until_prompt(Duration::from_secs(10)).unwrap());
            s.teardown().unwrap()
        })
    });
    g.finish();

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../lessons");
    let mut g = c.benchmark_group("replay");
    g.sample_size(10);
    for name in ["welcome", "processes"] {
        let source = std::fs::read_to_string(format!("{dir}/{name}.md")).unwrap();
        let l = lesson::parse(&source).lesson;
        g.bench_function(format!("kernel/{name}"), |b| {
            b.iter(|| black_box(replay::observe(&l, &replay::Options::default()).unwrap()))
        });
        g.bench_function(format!("model/{name}"), |b| {
            b.iter(|| black_box(lesson::run::run(&l)))
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
