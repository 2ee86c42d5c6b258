//! Retrying saves that fail: the backoff between attempts.
//!
//! A save that fails (folder read-only, disk full, the sidecar's path taken
//! by a folder) keeps the work in memory and is tried again after
//! [`FIRST_DELAY`], then after twice as long each time, up to
//! [`MAX_DELAY`] — on the event loop's ticks, so that the work reaches the
//! disk as soon as it can without a key press. Time is passed in, never
//! read here, so the schedule is testable without waiting.

use std::fmt::Display;
use std::time::{Duration, Instant};

/// The wait after the first failure.
pub const FIRST_DELAY: Duration = Duration::from_millis(500);

/// The longest wait between two attempts.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

/// Where a failing save stands: how many attempts failed in a row, when
/// the next is due, and why the last one failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Retry {
    /// Consecutive failed attempts (0: the last attempt succeeded).
    failures: u32,
    /// When the next attempt is due (`None`: at once).
    next: Option<Instant>,
    /// Why the last attempt failed.
    reason: String,
}

impl Retry {
    /// The wait after `failures` consecutive failures: [`FIRST_DELAY`]
    /// doubled for each failure after the first, at most [`MAX_DELAY`].
    pub fn delay(failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(16);
        FIRST_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY)
    }

    /// True while saves fail.
    pub fn is_failing(&self) -> bool {
        self.failures > 0
    }

    /// Consecutive failed attempts.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Why the last attempt failed, while saves fail.
    pub fn reason(&self) -> Option<&str> {
        self.is_failing().then_some(self.reason.as_str())
    }

    /// True when an attempt may be made at `now`: always, unless the last
    /// one failed and its wait has not passed.
    pub fn is_due(&self, now: Instant) -> bool {
        self.next.is_none_or(|next| now >= next)
    }

    /// How long until the next attempt, while saves fail.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        self.next.filter(|_| self.is_failing()).map(|next| next.saturating_duration_since(now))
    }

    /// Runs `write` if an attempt is due at `now` (or `force`), and records
    /// its outcome: a success ends the failing spell, a failure schedules the
    /// next attempt. `None` when no attempt was due.
    pub fn attempt<T, E: Display>(
        &mut self,
        now: Instant,
        force: bool,
        write: impl FnOnce() -> Result<T, E>,
    ) -> Option<Result<T, String>> {
        if !force && !self.is_due(now) {
            return None;
        }
        Some(match write() {
            Ok(value) => {
                *self = Self::default();
                Ok(value)
            }
            Err(e) => {
                self.failures = self.failures.saturating_add(1);
                self.next = Some(now + Self::delay(self.failures));
                self.reason = e.to_string();
                Err(self.reason.clone())
            }
        })
    }

    /// Forgets the failing spell (the work was saved some other way, or
    /// there is nothing left to save).
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails its first `failures` calls, counting the calls.
    struct FailingWriter {
        failures: usize,
        calls: usize,
    }

    impl FailingWriter {
        fn write(&mut self) -> Result<(), String> {
            self.calls += 1;
            if self.calls <= self.failures {
                Err(format!("Read-only file system (call {})", self.calls))
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn delays_double_from_half_a_second_up_to_thirty() {
        let secs: Vec<f64> = (1..=9).map(|n| Retry::delay(n).as_secs_f64()).collect();
        assert_eq!(secs, [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]);
        assert_eq!(Retry::delay(u32::MAX), MAX_DELAY);
    }

    /// Ticks every 100 ms for `ticks` ticks, attempting whenever due while
    /// the work is not written (as the app does); the offsets (in ms) of the
    /// attempts made.
    fn drive(
        retry: &mut Retry,
        writer: &mut FailingWriter,
        start: Instant,
        ticks: u64,
    ) -> Vec<u64> {
        let mut attempts = Vec::new();
        let mut unsaved = true;
        for tick in 0..ticks {
            let now = start + Duration::from_millis(100 * tick);
            if !unsaved {
                continue;
            }
            if let Some(outcome) = retry.attempt(now, false, || writer.write()) {
                attempts.push(100 * tick);
                unsaved = outcome.is_err();
            }
        }
        attempts
    }

    #[test]
    fn a_failing_writer_is_retried_on_the_backoff_schedule_then_stops_when_it_succeeds() {
        let start = Instant::now();
        let mut writer = FailingWriter { failures: 7, calls: 0 };
        let mut retry = Retry::default();
        // 90 s of ticks: attempts at 0, then 0.5, 1, 2, 4, 8, 16 s apart, then 30 s.
        let attempts = drive(&mut retry, &mut writer, start, 900);
        assert_eq!(attempts[..8], [0, 500, 1500, 3500, 7500, 15_500, 31_500, 61_500]);
        // The eighth attempt succeeded: nothing is retried after it.
        assert_eq!(attempts.len(), 8, "{attempts:?}");
        assert!(!retry.is_failing());
        assert_eq!(retry.reason(), None);
        assert_eq!(writer.calls, 8);
    }

    #[test]
    fn a_failure_says_why_and_how_long_until_the_next_attempt() {
        let start = Instant::now();
        let mut writer = FailingWriter { failures: usize::MAX, calls: 0 };
        let mut retry = Retry::default();
        let outcome = retry.attempt(start, false, || writer.write());
        assert_eq!(outcome, Some(Err("Read-only file system (call 1)".to_string())));
        assert_eq!(retry.reason(), Some("Read-only file system (call 1)"));
        assert_eq!(retry.failures(), 1);
        let later = start + Duration::from_millis(200);
        assert_eq!(retry.remaining(later), Some(Duration::from_millis(300)));
        // Not due yet: nothing is written…
        assert_eq!(retry.attempt(later, false, || writer.write()), None);
        assert_eq!(writer.calls, 1);
        // …unless forced (the user asked to retry, or the program is ending).
        assert!(matches!(retry.attempt(later, true, || writer.write()), Some(Err(_))));
        assert_eq!(writer.calls, 2);
        assert_eq!(retry.remaining(later), Some(Retry::delay(2)));
    }

    #[test]
    fn a_success_clears_the_spell_and_reset_forgets_it() {
        let start = Instant::now();
        let mut retry = Retry::default();
        assert!(retry.is_due(start) && retry.remaining(start).is_none());
        let _ = retry.attempt(start, false, || Err::<(), _>("disk full"));
        assert!(retry.is_failing() && !retry.is_due(start));
        let ok = retry.attempt(start + FIRST_DELAY, false, || Ok::<_, String>(7));
        assert_eq!(ok, Some(Ok(7)));
        assert_eq!(retry, Retry::default());
        let _ = retry.attempt(start, false, || Err::<(), _>("disk full"));
        retry.reset();
        assert!(retry.is_due(start) && !retry.is_failing());
    }
}
