//! Criterion benchmarks of the kernel model: the cost of fork+exit+wait and
//! of unshare with N live tasks (N = 1,000, 10,000, 100,000), and the
//! memory a task costs (counted by a wrapping global allocator).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};

use criterion::{BenchmarkId, Criterion};
use ctlab::kernel_model::{CloneFlags, Config, Kernel, TaskId};

struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE_BYTES.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// A world with `n` live tasks: init, 100 "shells" under it, the rest
/// spread as their children. Returns the kernel and a shell to fork from.
fn world(n: usize) -> (Kernel, TaskId) {
    let mut k = Kernel::with_config(Config {
        pid_max: 4_194_304,
        ..Config::default()
    });
    let init = k.init_task();
    let shells: Vec<TaskId> = (0..100.min(n - 1)).map(|_| k.fork(init).unwrap()).collect();
    for i in 0..n.saturating_sub(1 + shells.len()) {
        k.fork(shells[i % shells.len()]).unwrap();
    }
    assert_eq!(k.nr_tasks(), n);
    (k, shells[0])
}

fn fork_exit(c: &mut Criterion) {
    let mut g = c.benchmark_group("fork+exit+wait4");
    for n in SIZES {
        let (mut k, sh) = world(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let c = k.fork(sh).unwrap();
                k.exit(c, 0).unwrap();
                black_box(k.wait4(sh, -1, 0).unwrap());
            })
        });
    }
    g.finish();
}

fn unshare(c: &mut Criterion) {
    let mut g = c.benchmark_group("fork+unshare+exit+wait4");
    let flags = CloneFlags::NEWUSER
        | CloneFlags::NEWPID
        | CloneFlags::NEWNS
        | CloneFlags::NEWUTS
        | CloneFlags::NEWIPC
        | CloneFlags::NEWNET
        | CloneFlags::NEWCGROUP
        | CloneFlags::NEWTIME;
    for n in SIZES {
        let (mut k, sh) = world(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let c = k.fork(sh).unwrap();
                k.unshare(c, flags).unwrap();
                k.exit(c, 0).unwrap();
                black_box(k.wait4(sh, -1, 0).unwrap());
            })
        });
    }
    g.finish();
}

/// unshare(2) of all eight namespace types alone: the fork before and the
/// exit+wait after each call are outside the timed region.
fn unshare_only(c: &mut Criterion) {
    let mut g = c.benchmark_group("unshare(all 8 types)");
    let flags = CloneFlags::ALL_NS;
    for n in SIZES {
        let (mut k, sh) = world(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let c = k.fork(sh).unwrap();
                    let start = std::time::Instant::now();
                    k.unshare(c, flags).unwrap();
                    total += start.elapsed();
                    k.exit(c, 0).unwrap();
                    black_box(k.wait4(sh, -1, 0).unwrap());
                }
                total
            })
        });
    }
    g.finish();
}

fn memory_per_task() {
    for n in SIZES {
        let before = LIVE_BYTES.load(Ordering::Relaxed);
        let (k, _) = world(n);
        let after = LIVE_BYTES.load(Ordering::Relaxed);
        println!(
            "memory: {n} tasks, {} bytes live, {} bytes per task",
            after - before,
            (after - before) / n as isize
        );
        drop(k);
    }
}

fn main() {
    memory_per_task();
    let mut c = Criterion::default().configure_from_args();
    fork_exit(&mut c);
    unshare(&mut c);
    unshare_only(&mut c);
    c.final_summary();
}
