//! Terminal setup and restore: raw mode, alternate screen, mouse, and the
//! bidi mode of the terminal-wg `BiDi` recommendation.
//!
//! Hashiya reorders right-to-left text itself, so terminals that would
//! reorder it again must be switched to explicit mode before the first frame
//! (`CSI 8 l`, `CSI 1 SP k`) and back on exit (`CSI 0 SP k`, `CSI 8 h`) — also
//! when the program panics, and when a signal stops it (the event loop turns
//! stop signals into messages, so the guard below is dropped as on a quit).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

/// Switches BDSM off (explicit mode) and asks for left-to-right presentation.
pub const BIDI_EXPLICIT: &str = "\x1b[8l\x1b[1 k";
/// Restores the terminal's default bidi handling (implicit mode).
pub const BIDI_RESTORE: &str = "\x1b[0 k\x1b[8h";

/// Whether the bidi explicit mode was sent (and must be undone).
static BIDI_SENT: AtomicBool = AtomicBool::new(false);

/// Puts the terminal into full-screen mode; restores it when dropped.
#[derive(Debug)]
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, enables the mouse and,
    /// when `explicit_bidi`, tells the terminal not to reorder.
    pub fn enter(explicit_bidi: bool) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        // From here on, a failure leaves the terminal as it was found.
        let guard = Self { _private: () };
        let mut out = io::stdout();
        if explicit_bidi {
            BIDI_SENT.store(true, Ordering::SeqCst);
            out.write_all(BIDI_EXPLICIT.as_bytes())?;
        }
        execute!(
            out,
            EnterAlternateScreen,
            Clear(ClearType::All),
            EnableMouseCapture,
            cursor::Hide
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Restores the terminal; safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    if BIDI_SENT.swap(false, Ordering::SeqCst) {
        let _ = out.write_all(BIDI_RESTORE.as_bytes());
        let _ = out.flush();
    }
    let _ = disable_raw_mode();
}

/// Restores the terminal before a panic message is printed, and says where
/// to report it. (Work not on disk is written to a recovery file after the
/// hook, as the event loop unwinds: its path is printed below this.)
#[allow(clippy::print_stderr, reason = "a fixed message of ours")]
fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        // Not `eprintln!`: it panics when standard error is closed.
        let _ = writeln!(
            io::stderr(),
            "hashiya crashed. Every change saved before the crash is on disk; work that was \
             not is rescued to a recovery file named below. Please report this, with the \
             message above, in the project's issue tracker."
        );
    }));
}
