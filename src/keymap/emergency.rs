//! The way out no keymap can remove: Ctrl-C twice within a second.
//!
//! A keymap file cannot leave a mode without a way out (it is refused), but
//! a hard exit must not depend on that check alone: the event loop asks
//! [`EmergencyExit::press`] about every key before the keymap sees it. The
//! first Ctrl-C still does what the keymap binds to it (nothing by default);
//! a second one within [`EmergencyExit::WINDOW`] quits, through the same
//! path as `quit` (annotations are saved first).

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Remembers the last Ctrl-C, to notice a second one soon after.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmergencyExit {
    last: Option<Instant>,
}

/// What a key press means for the emergency exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emergency {
    /// Not Ctrl-C: nothing to do.
    No,
    /// A first Ctrl-C: one more within the window quits.
    Armed,
    /// The second Ctrl-C within the window: quit now.
    Quit,
}

impl EmergencyExit {
    /// How soon the second Ctrl-C must follow the first.
    pub const WINDOW: Duration = Duration::from_secs(1);

    /// Notes the key press `key` made at `now`.
    pub fn press(&mut self, key: &KeyEvent, now: Instant) -> Emergency {
        if !is_ctrl_c(key) {
            if key.kind != KeyEventKind::Release {
                self.last = None;
            }
            return Emergency::No;
        }
        if key.kind == KeyEventKind::Release {
            return Emergency::No;
        }
        match self.last.replace(now) {
            Some(first) if now.saturating_duration_since(first) <= Self::WINDOW => {
                self.last = None;
                Emergency::Quit
            }
            _ => Emergency::Armed,
        }
    }
}

/// True for Ctrl-C (with or without Shift; not with Alt).
fn is_ctrl_c(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char('c' | 'C'))
        && key.modifiers.contains(KeyModifiers::CONTROL)
        && !key.modifiers.contains(KeyModifiers::ALT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    fn ctrl_c() -> KeyEvent {
        key(KeyCode::Char('c'), KeyModifiers::CONTROL)
    }

    #[test]
    fn two_ctrl_c_within_a_second_quit() {
        let t0 = Instant::now();
        let mut e = EmergencyExit::default();
        assert_eq!(e.press(&ctrl_c(), t0), Emergency::Armed);
        assert_eq!(e.press(&ctrl_c(), t0 + Duration::from_millis(900)), Emergency::Quit);
        // After quitting the count starts again.
        assert_eq!(e.press(&ctrl_c(), t0 + Duration::from_millis(950)), Emergency::Armed);
    }

    #[test]
    fn slow_or_interrupted_presses_do_not_quit() {
        let t0 = Instant::now();
        let mut e = EmergencyExit::default();
        assert_eq!(e.press(&ctrl_c(), t0), Emergency::Armed);
        assert_eq!(e.press(&ctrl_c(), t0 + Duration::from_millis(1500)), Emergency::Armed);
        // Another key in between disarms it.
        let t1 = t0 + Duration::from_secs(5);
        assert_eq!(e.press(&ctrl_c(), t1), Emergency::Armed);
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(e.press(&j, t1 + Duration::from_millis(100)), Emergency::No);
        assert_eq!(e.press(&ctrl_c(), t1 + Duration::from_millis(200)), Emergency::Armed);
        // Plain c, Alt-Ctrl-c and releases are not Ctrl-C presses.
        let mut e = EmergencyExit::default();
        let c = key(KeyCode::Char('c'), KeyModifiers::NONE);
        let alt = key(KeyCode::Char('c'), KeyModifiers::CONTROL | KeyModifiers::ALT);
        let release = KeyEvent::new_with_kind(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
            KeyEventKind::Release,
        );
        assert_eq!(e.press(&c, t0), Emergency::No);
        assert_eq!(e.press(&alt, t0), Emergency::No);
        assert_eq!(e.press(&ctrl_c(), t0), Emergency::Armed);
        assert_eq!(e.press(&release, t0), Emergency::No);
        assert_eq!(e.press(&ctrl_c(), t0), Emergency::Quit);
    }
}
