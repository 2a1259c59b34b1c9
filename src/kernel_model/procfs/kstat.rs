//! /proc/stat and /proc/uptime (proc(5); fs/proc/stat.c, uptime.c), with
//! what procps reads from them: `btime` (boot time, seconds since the
//! Epoch, for ps's STIME) and the uptime (for ps's etime and %CPU).
//!
//! The model has no CPU accounting: every CPU time and the idle time are
//! 0, `intr` and `softirq` are totals of 0 (Linux lists a count per
//! interrupt after the total), and `ctxt` is 0. `processes` counts the
//! forks since boot; by the model's state rule one task runs (the reader).
//! Both files show CLOCK_BOOTTIME plus the reader's time namespace boottime
//! offset; btime does not depend on it (it is wall time).

use crate::kernel_model::kernel::{BOOT_EPOCH_SECS, Kernel};
use crate::kernel_model::task::TaskId;

/// CPUs of the machine the model imitates (this one has 2).
pub const NR_CPUS: usize = 2;

impl Kernel {
    /// CLOCK_BOOTTIME as `reader` sees it (its time namespace's offset).
    pub(crate) fn boottime_ns_for(&self, reader: TaskId) -> u64 {
        let off = self.task(reader).nsproxy.as_ref().map_or(0, |np| {
            let (s, ns) = self.time_ns(np.time).boottime;
            s as i128 * 1_000_000_000 + ns as i128
        });
        (self.clock_ns as i128 + off).max(0) as u64
    }

    pub(crate) fn render_kernel_stat(&self, _reader: TaskId) -> String {
        let zeros = "0 0 0 0 0 0 0 0 0 0";
        let mut s = format!("cpu  {zeros}\n");
        for n in 0..NR_CPUS {
            s.push_str(&format!("cpu{n} {zeros}\n"));
        }
        s.push_str(&format!(
            "intr 0\nctxt 0\nbtime {BOOT_EPOCH_SECS}\nprocesses {}\nprocs_running 1\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
            self.total_forks
        ));
        s
    }

    /// `uptime_proc_show()`: "%lu.%02lu %lu.%02lu\n", uptime and idle.
    pub(crate) fn render_uptime(&self, reader: TaskId) -> String {
        let t = self.boottime_ns_for(reader);
        let secs = t / 1_000_000_000;
        let centis = (t % 1_000_000_000) / 10_000_000;
        format!("{secs}.{centis:02} 0.00\n")
    }
}
