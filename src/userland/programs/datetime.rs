//! Calendar dates of file times, in UTC (the model has no time zone
//! database and sets no `TZ`, and this machine's zone is UTC too): the
//! days-to-civil conversion of Howard Hinnant's `civil_from_days`, the
//! proleptic Gregorian calendar glibc's gmtime uses.

/// A broken-down UTC time (`struct tm` without the weekday).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tm {
    pub year: i64,
    /// 1..=12
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
}

/// gmtime(3) of `secs` since the epoch.
pub fn gmtime(secs: i64) -> Tm {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Tm {
        year,
        month,
        day,
        hour: rem / 3600,
        min: rem / 60 % 60,
        sec: rem % 60,
    }
}

/// The C locale's abbreviated month names (`%b`).
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `YYYY-MM-DD HH:MM:SS.NNNNNNNNN +0000`, as stat prints times.
pub fn stat_time(sec: i64, nsec: u32) -> String {
    let t = gmtime(sec);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{nsec:09} +0000",
        t.year, t.month, t.day, t.hour, t.min, t.sec
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_model_boot() {
        assert_eq!(stat_time(0, 0), "1970-01-01 00:00:00.000000000 +0000");
        // 1767225600 is 2026-01-01T00:00:00Z (`date -u -d @1767225600`).
        assert_eq!(
            stat_time(1_767_225_600, 5),
            "2026-01-01 00:00:00.000000005 +0000"
        );
        // `date -u -d @1795329209`: 2026-11-22 06:33:29.
        assert_eq!(
            stat_time(1_795_329_209, 0),
            "2026-11-22 06:33:29.000000000 +0000"
        );
        // A leap day: `date -u -d @951782400` is 2000-02-29.
        let t = gmtime(951_782_400);
        assert_eq!((t.year, t.month, t.day), (2000, 2, 29));
    }
}
