//! Time namespaces (time_namespaces(7)): per-namespace offsets of
//! CLOCK_MONOTONIC and CLOCK_BOOTTIME. unshare(CLONE_NEWTIME) only changes
//! `time_for_children`; the caller's children enter the new namespace.
//! Offsets are fixed once a process has entered it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeNamespace {
    /// (seconds, nanoseconds) added to CLOCK_MONOTONIC.
    pub monotonic: (i64, i64),
    /// (seconds, nanoseconds) added to CLOCK_BOOTTIME.
    pub boottime: (i64, i64),
    /// `frozen_offsets`: a task has entered, writes to timens_offsets fail
    /// with EACCES.
    pub frozen: bool,
}

use super::capability::CAP_SYS_TIME;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::TaskId;

/// `KTIME_SEC_MAX`.
const KTIME_SEC_MAX: i64 = i64::MAX / 1_000_000_000;
const NSEC_PER_SEC: i64 = 1_000_000_000;

/// /proc/PID/timens_offsets (time_namespaces(7)): `%-10s %10lld %9ld` per
/// clock, monotonic then boottime, of the process's time_for_children
/// namespace. Checked on 6.18: `monotonic           0         0\n` and
/// `boottime            0         0\n`.
pub fn render_timens_offsets(ns: &TimeNamespace) -> String {
    format!(
        "{:<10} {:>10} {:>9}\n{:<10} {:>10} {:>9}\n",
        "monotonic", ns.monotonic.0, ns.monotonic.1, "boottime", ns.boottime.0, ns.boottime.1
    )
}

/// Parses a write to timens_offsets like `timens_offsets_write()`: up to
/// two lines `CLOCK SECS NSECS`, CLOCK being `monotonic`/`1` or
/// `boottime`/`7`, 0 ≤ NSECS < 10⁹; anything else is EINVAL. Returns
/// (is_boottime, secs, nsecs) per line.
pub fn parse_timens_offsets_write(buf: &[u8]) -> SysResult<Vec<(bool, i64, i64)>> {
    let text = std::str::from_utf8(buf).map_err(|_| Errno::EINVAL)?;
    let text = text.split('\0').next().unwrap_or("");
    let mut out = Vec::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() && lines.peek().is_none() && !out.is_empty() {
            break;
        }
        // sscanf("%9s %lld %lu"): three fields, extra text ignored.
        let mut f = line.split_ascii_whitespace();
        let (Some(clock), Some(secs), Some(nsecs)) = (f.next(), f.next(), f.next()) else {
            return Err(Errno::EINVAL);
        };
        let secs: i64 = secs.parse().map_err(|_| Errno::EINVAL)?;
        let nsecs: i64 = nsecs.parse().map_err(|_| Errno::EINVAL)?;
        if !(0..NSEC_PER_SEC).contains(&nsecs) {
            return Err(Errno::EINVAL);
        }
        let boot = match clock {
            "monotonic" | "1" => false,
            "boottime" | "7" => true,
            _ => return Err(Errno::EINVAL),
        };
        out.push((boot, secs, nsecs));
        if out.len() == 2 {
            if lines.peek().is_some_and(|l| !l.is_empty()) {
                return Err(Errno::EINVAL);
            }
            break;
        }
    }
    if out.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(out)
}

impl Kernel {
    /// A write to /proc/PID/timens_offsets (`proc_timens_set_offset()`):
    /// sets offsets of `target`'s time_for_children namespace. EPERM
    /// without CAP_SYS_TIME in its owning user namespace; ERANGE if the
    /// clock plus offset would be negative (the model's monotonic clock is
    /// its virtual clock, which starts at [`super::kernel::BOOT_UPTIME_NS`]);
    /// EACCES once a process has entered the namespace (checked on 6.18:
    /// EACCES in the initial namespace and after a child was forked).
    pub(crate) fn write_timens_offsets(
        &mut self,
        opener: TaskId,
        target: TaskId,
        buf: &[u8],
    ) -> SysResult<usize> {
        let offsets = parse_timens_offsets_write(buf)?;
        let np = self.task(target).nsproxy.ok_or(Errno::ESRCH)?;
        let ns = np.time_for_children;
        if !self.ns_capable(opener, self.ns_owner(ns), CAP_SYS_TIME) {
            return Err(Errno::EPERM);
        }
        for &(_, secs, nsecs) in &offsets {
            if !(-KTIME_SEC_MAX..=KTIME_SEC_MAX).contains(&secs) {
                return Err(Errno::ERANGE);
            }
            // timespec64_add(now, offset), then 0 <= tv_sec <= KTIME_SEC_MAX/2.
            let t_ns =
                i128::from(self.clock_ns) + i128::from(secs) * 1_000_000_000 + i128::from(nsecs);
            if !(0..=i128::from(KTIME_SEC_MAX / 2)).contains(&t_ns.div_euclid(1_000_000_000)) {
                return Err(Errno::ERANGE);
            }
        }
        let t = self.time_ns_mut(ns);
        if t.frozen {
            return Err(Errno::EACCES);
        }
        for (boot, secs, nsecs) in offsets {
            if boot {
                t.boottime = (secs, nsecs);
            } else {
                t.monotonic = (secs, nsecs);
            }
        }
        Ok(buf.len())
    }
}
