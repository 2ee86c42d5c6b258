//! Background work steps aside while a key is answered.
//!
//! On a machine whose cores the corpus scan keeps busy, a lower priority
//! ([`super::priority`]) is not enough: the thread answering a key, and the
//! terminal that shows the answer, wait for a core a scan thread holds. So
//! when input comes, the thread reading the terminal [`InputPause::hold`]s
//! the scan; its threads, which call [`InputPause::step_aside`] between
//! articles (an article takes a tenth of a millisecond), sleep until the
//! frame that answers the input is written ([`InputPause::release`]) and
//! a little after ([`Limits::after`]: the terminal shows it).
//!
//! A pause is bounded twice, so that the scan always ends: a thread stays
//! aside at most [`Limits::longest`] (if no release comes), and a thread
//! that stepped aside works at least [`Limits::least_run`] before it steps
//! aside again, however often holds come (a key held down): the scan goes
//! on at a third of its speed at the very least. No lock is taken: the
//! state is a few atomics the UI side sets and the scan threads read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The pause the event loop sets and background threads obey.
#[derive(Debug)]
pub struct InputPause {
    /// What the deadlines count from.
    epoch: Instant,
    /// Inputs held for so far (each [`Self::hold`]).
    asked: AtomicU64,
    /// Of those, how many were answered ([`Self::release`]).
    answered: AtomicU64,
    /// Until when (microseconds after `epoch`) the last hold lasts at most.
    hold_until: AtomicU64,
    /// Until when threads stay aside after the last release: the terminal
    /// shows the frame.
    after_until: AtomicU64,
    /// The limits.
    limits: Limits,
}

/// How long pauses last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest a hold keeps threads aside without a release.
    pub longest: Duration,
    /// How long threads stay aside after a release.
    pub after: Duration,
    /// Least work of a thread between two steps aside.
    pub least_run: Duration,
}

impl Limits {
    /// The reader's: a frame is written a few milliseconds after its key
    /// (so [`Self::longest`] is rarely reached); the terminal, another
    /// program, needs a few more to show it, and our threads' lower
    /// priority does not make room for it when the system groups processes
    /// by session (Linux's autogroup: priorities count within a group);
    /// whatever the keys do, the scan keeps a third of its speed.
    pub const READER: Self = Self {
        longest: Duration::from_millis(20),
        after: Duration::from_millis(4),
        least_run: Duration::from_millis(10),
    };
}

/// One background thread's side of the pause: when it last resumed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Turn {
    resumed: Option<Instant>,
}

impl Default for InputPause {
    fn default() -> Self {
        Self::new(Limits::READER)
    }
}

impl InputPause {
    /// How long a thread aside sleeps before it looks again: how late,
    /// at most, it resumes after a release.
    pub const NAP: Duration = Duration::from_micros(500);

    /// A pause within `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            epoch: Instant::now(),
            asked: AtomicU64::new(0),
            answered: AtomicU64::new(0),
            hold_until: AtomicU64::new(0),
            after_until: AtomicU64::new(0),
            limits,
        }
    }

    /// Its limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Microseconds from the epoch to `at`.
    fn micros(&self, at: Instant) -> u64 {
        let us = at.saturating_duration_since(self.epoch).as_micros();
        u64::try_from(us).unwrap_or(u64::MAX)
    }

    /// Input came (the thread reading the terminal says so at once):
    /// threads step aside until it is answered, for
    /// [`Limits::longest`] at most from now.
    pub fn hold(&self) {
        let until = self.micros(Instant::now() + self.limits.longest);
        self.hold_until.store(until, Ordering::Release);
        self.asked.fetch_add(1, Ordering::AcqRel);
    }

    /// The first `answered` inputs held for were answered (their frame
    /// is written): threads resume once [`Limits::after`] passed, unless
    /// input that came since is still to be answered.
    pub fn release(&self, answered: u64) {
        let until = self.micros(Instant::now() + self.limits.after);
        self.after_until.store(until, Ordering::Release);
        self.answered.fetch_max(answered, Ordering::AcqRel);
    }

    /// Inputs held for so far: what [`Self::release`] is given once they
    /// are all answered.
    pub fn asked(&self) -> u64 {
        self.asked.load(Ordering::Acquire)
    }

    /// True while input held for is not answered (and its hold did not
    /// run out): the UI thread leaves other work for later.
    pub fn waiting(&self) -> bool {
        self.answered.load(Ordering::Acquire) < self.asked.load(Ordering::Acquire)
            && self.micros(Instant::now()) < self.hold_until.load(Ordering::Acquire)
    }

    /// True while threads should stay aside.
    pub fn is_held(&self) -> bool {
        self.waiting() || self.micros(Instant::now()) < self.after_until.load(Ordering::Acquire)
    }

    /// Called by a background thread between two pieces of work: returns
    /// at once unless [`Self::is_held`], else once that ends — but never
    /// twice within [`Limits::least_run`] of the thread's work (`turn`
    /// keeps when it resumed), nor after more than [`Limits::longest`]
    /// however often holds are renewed. True if it stepped aside.
    pub fn step_aside(&self, turn: &mut Turn) -> bool {
        if !self.is_held() {
            return false;
        }
        if turn.resumed.is_some_and(|at| at.elapsed() < self.limits.least_run) {
            return false;
        }
        let limit = Instant::now() + self.limits.longest;
        while self.is_held() {
            let now = Instant::now();
            if now >= limit {
                break;
            }
            std::thread::sleep(Self::NAP.min(limit - now));
        }
        turn.resumed = Some(Instant::now());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize};

    fn limits(longest: u64, after: u64, least_run: u64) -> Limits {
        Limits {
            longest: Duration::from_millis(longest),
            after: Duration::from_millis(after),
            least_run: Duration::from_millis(least_run),
        }
    }

    #[test]
    fn without_a_hold_a_thread_goes_on() {
        let pause = InputPause::new(limits(600_000, 0, 0));
        let mut turn = Turn::default();
        assert!(!pause.is_held());
        assert!(!pause.step_aside(&mut turn));
        pause.hold();
        assert!(pause.is_held());
        pause.release(pause.asked());
        assert!(!pause.is_held());
        assert!(!pause.step_aside(&mut turn));
    }

    #[test]
    fn a_hold_lasts_until_every_input_is_answered() {
        let pause = InputPause::new(limits(600_000, 0, 0));
        pause.hold();
        pause.hold();
        assert!(pause.waiting());
        // The first answered: the second still holds.
        pause.release(1);
        assert!(pause.is_held() && pause.waiting());
        pause.release(2);
        assert!(!pause.is_held() && !pause.waiting());
        // A late release of fewer does not bring back an answered one.
        pause.release(1);
        assert!(!pause.is_held());
    }

    #[test]
    fn a_thread_waits_for_the_release_and_the_time_after() {
        let after = Duration::from_millis(20);
        let pause = Arc::new(InputPause::new(Limits {
            longest: Duration::from_secs(600),
            after,
            least_run: Duration::ZERO,
        }));
        let released = Arc::new(AtomicBool::new(false));
        pause.hold();
        let worker = {
            let (pause, released) = (Arc::clone(&pause), Arc::clone(&released));
            std::thread::spawn(move || {
                let stepped = pause.step_aside(&mut Turn::default());
                (stepped, released.load(Ordering::SeqCst), Instant::now())
            })
        };
        std::thread::sleep(Duration::from_millis(5));
        released.store(true, Ordering::SeqCst);
        let at = Instant::now();
        pause.release(1);
        let (stepped, after_release, resumed) = worker.join().unwrap();
        assert!(stepped, "the thread stepped aside");
        assert!(after_release, "and went on only once released");
        assert!(resumed.duration_since(at) >= after.saturating_sub(Duration::from_millis(1)));
        assert!(!pause.is_held());
    }

    #[test]
    fn a_hold_never_released_runs_out() {
        let longest = Duration::from_millis(30);
        let pause =
            InputPause::new(Limits { longest, after: Duration::ZERO, least_run: Duration::ZERO });
        pause.hold();
        assert!(pause.is_held() && pause.waiting());
        let start = Instant::now();
        assert!(pause.step_aside(&mut Turn::default()));
        assert!(start.elapsed() >= longest.saturating_sub(Duration::from_millis(1)));
        assert!(!pause.is_held() && !pause.waiting());
    }

    #[test]
    fn a_key_held_down_does_not_stop_the_work() {
        // Holds renewed without end, never answered: a thread still gets
        // its work done, stepping aside at most once per `least_run`.
        const WORK: usize = 200;
        let pause = Arc::new(InputPause::new(limits(5, 5, 5)));
        let done = Arc::new(AtomicUsize::new(0));
        let worker = {
            let (pause, done) = (Arc::clone(&pause), Arc::clone(&done));
            std::thread::spawn(move || {
                let mut turn = Turn::default();
                let mut asides = 0;
                for _ in 0..WORK {
                    asides += usize::from(pause.step_aside(&mut turn));
                    std::thread::sleep(Duration::from_micros(100));
                    done.fetch_add(1, Ordering::SeqCst);
                }
                asides
            })
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while done.load(Ordering::SeqCst) < WORK && Instant::now() < deadline {
            pause.hold();
            std::thread::sleep(Duration::from_micros(50));
        }
        assert_eq!(done.load(Ordering::SeqCst), WORK, "the work ended while keys came");
        let asides = worker.join().unwrap();
        // It did step aside, but not before every piece of work.
        assert!((1..WORK).contains(&asides), "{asides} steps aside");
    }

    #[test]
    fn the_readers_limits_keep_the_scan_going() {
        let l = Limits::READER;
        assert!(l.after < l.longest);
        // At worst a thread is aside `longest` per `least_run` of work.
        assert!(l.least_run * 2 >= l.longest);
    }
}
