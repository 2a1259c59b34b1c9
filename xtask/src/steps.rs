//! Step headers and timings, so a long CI log says where it failed and where
//! the time went.

use std::time::{Duration, Instant};

use anyhow::Result;

pub struct Steps {
    started: Instant,
    done: Vec<(String, Duration, bool)>,
}

impl Steps {
    pub fn new() -> Steps {
        Steps {
            started: Instant::now(),
            done: Vec::new(),
        }
    }

    /// Runs one step under a header; on failure the summary so far is printed
    /// before the error propagates, so the log ends with what ran.
    pub fn run<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let n = self.done.len() + 1;
        println!("\n==> [{n}] {name}");
        let t = Instant::now();
        let result = f();
        let elapsed = t.elapsed();
        self.done.push((name.to_string(), elapsed, result.is_ok()));
        match &result {
            Ok(_) => println!("<== [{n}] {name}: ok ({})", fmt_duration(elapsed)),
            Err(_) => {
                println!("<== [{n}] {name}: FAILED ({})", fmt_duration(elapsed));
                self.summary();
            }
        }
        result.map_err(|e| e.context(format!("step [{n}] {name} failed")))
    }

    pub fn summary(&self) {
        let line = self
            .done
            .iter()
            .map(|(name, d, ok)| {
                format!(
                    "{name} {}{}",
                    fmt_duration(*d),
                    if *ok { "" } else { " FAILED" }
                )
            })
            .collect::<Vec<_>>()
            .join(" | ");
        println!(
            "\nsummary: {} step(s) in {}: {line}",
            self.done.len(),
            fmt_duration(self.started.elapsed())
        );
    }
}

pub fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_seconds_then_minutes() {
        assert_eq!(fmt_duration(Duration::from_millis(1234)), "1.2s");
        assert_eq!(fmt_duration(Duration::from_secs(125)), "2m05s");
    }
}
