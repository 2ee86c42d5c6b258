//! The curation screen's event loop: as the reader's ([`super::run`]),
//! terminal events and signals become [`Msg`]s for [`Curation::update`],
//! and the screen is drawn before the next is awaited. Every decision is on
//! disk when it is taken, so whatever ends the loop loses nothing; the
//! terminal is restored first.

use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use signal_hook::iterator::Signals;

use super::curate_view;
use super::marks::MarkSync;
use super::run::{Input, STOP_SIGNALS, spawn_input, spawn_signals, translate};
use super::terminal::TerminalGuard;
use crate::app::Msg;
use crate::app::curation::Curation;

/// How long to wait for input before a [`Msg::Tick`] (a failed write is
/// tried again).
const IDLE: Duration = Duration::from_millis(500);

/// Runs the curation screen until it is left (see [`Curation::quit`]; a
/// signal that ended it is in [`Curation::stopped_by`]).
pub fn run(c: &mut Curation, explicit_bidi: bool) -> io::Result<()> {
    let signals = Signals::new(STOP_SIGNALS)?;
    let handle = signals.handle();
    let guard = TerminalGuard::enter(explicit_bidi)?;
    let (tx, rx) = mpsc::channel();
    spawn_signals(signals, tx.clone());
    spawn_input(tx, None);
    let result = panic::catch_unwind(AssertUnwindSafe(|| -> io::Result<()> {
        let out = io::BufWriter::with_capacity(128 << 10, io::stdout());
        let mut terminal = Terminal::new(MarkSync(CrosstermBackend::new(out)))?;
        while !c.quit {
            terminal.draw(|frame| curate_view::draw(frame, c))?;
            let msg = match rx.recv_timeout(IDLE) {
                Ok(Input::Event(event, _)) => {
                    let size = terminal.size()?;
                    translate(&event, Rect::new(0, 0, size.width, size.height))
                }
                Ok(Input::Signal(signal)) => Some(Msg::Signal(signal)),
                Ok(Input::Failed(e)) => {
                    Some(Msg::TerminalLost(format!("reading the terminal: {e}")))
                }
                Err(RecvTimeoutError::Timeout) => Some(Msg::Tick),
                Err(RecvTimeoutError::Disconnected) => {
                    Some(Msg::TerminalLost("the terminal's input stopped".to_owned()))
                }
            };
            if let Some(msg) = msg {
                c.update(msg);
            }
        }
        Ok(())
    }));
    handle.close();
    if let Ok(Err(e)) = &result {
        c.update(Msg::TerminalLost(format!("terminal: {e}")));
    }
    drop(guard);
    for notice in c.notices.drain(..) {
        crate::text::safe::eprintln(notice);
    }
    match result {
        Ok(r) => r,
        Err(payload) => panic::resume_unwind(payload),
    }
}
