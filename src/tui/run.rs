//! The event loop. It only translates: terminal events (read on a thread
//! of their own), signals (caught by `signal-hook`, delivered on another)
//! and the passing of time become [`Msg`]s, one queue for all, and each goes
//! to [`App::update`]; the state is drawn before the next is awaited.
//!
//! Whatever ends the loop — quitting, SIGTERM, SIGHUP, SIGINT or SIGQUIT, a
//! terminal that fails, a panic — the terminal is restored, work that is not
//! on disk goes to a recovery file, and where it went is printed on standard
//! error afterwards.

use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::key_trace::KeyTrace;
use super::marks::MarkSync;
use super::screen::{self, article_area};
use super::terminal::TerminalGuard;
use crate::app::input_pause::InputPause;
use crate::app::{App, Mouse, Msg};

/// The signals that stop the reader cleanly (exit status 128 + the signal).
pub const STOP_SIGNALS: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// How long to wait for input before a [`Msg::Tick`] (the sidecar on disk
/// is looked at, a failing save retried when due, the status line redrawn).
const IDLE: Duration = Duration::from_millis(500);

/// How often to look for the whole article while only its head is shown.
const LOADING_POLL: Duration = Duration::from_millis(4);

/// How often to look for what the corpus threads found (search results,
/// titles) while they run: a frame's worth, so the list fills in smoothly
/// without drawing far more often than a screen shows.
const BACKGROUND_POLL: Duration = Duration::from_millis(16);
/// How often to take in the corpus being read in the background: each
/// time for at most the app's intake budget (6 ms), so that the corpus is
/// taken in at the pace it is read and a key still waits for no more than
/// that.
const SCANNING_POLL: Duration = Duration::from_millis(2);

/// How often the screen is drawn while nothing but those ticks comes (to
/// show how far the reading is): a key is drawn at once.
const SCANNING_FRAME: Duration = Duration::from_millis(33);

/// How long a failing terminal waits for the signal that may explain it
/// (a hang-up closes the terminal and sends SIGHUP).
const SIGNAL_GRACE: Duration = Duration::from_millis(100);

/// Bytes buffered per frame: a full 200×60 screen of shaped Arabic with
/// its styles fits.
const FRAME_BUFFER: usize = 128 << 10;

/// What the input threads deliver.
#[derive(Debug)]
pub(super) enum Input {
    /// A terminal event, and when it was read.
    Event(Event, Instant),
    /// A caught signal.
    Signal(i32),
    /// Reading the terminal failed.
    Failed(io::Error),
}

/// Runs the reader until the session ends (see [`App::quit`]; a signal
/// that ended it is in [`App::stopped_by`]). `explicit_bidi` sends the
/// terminal-wg explicit-mode sequences.
pub fn run(app: &mut App, explicit_bidi: bool) -> io::Result<()> {
    // From here on a stop signal is a message, not a sudden death.
    let signals = Signals::new(STOP_SIGNALS)?;
    let signal_handle = signals.handle();
    let guard = TerminalGuard::enter(explicit_bidi)?;
    let (tx, rx) = mpsc::channel();
    spawn_signals(signals, tx.clone());
    spawn_input(tx, Some(app.input_pause()));
    let result = panic::catch_unwind(AssertUnwindSafe(|| event_loop(app, &rx)));
    signal_handle.close();
    let outcome = match result {
        // Quit (work saved or secured by the prompt), or a signal (secured
        // by `update`): whatever is still not on disk is secured now.
        Ok(Ok(())) => {
            app.secure_work();
            Ok(())
        }
        Ok(Err(e)) => {
            app.update(Msg::TerminalLost(format!("terminal: {e}")));
            Err(e)
        }
        Err(payload) => {
            // The panic hook restored the terminal and printed the message.
            let _ = panic::catch_unwind(AssertUnwindSafe(|| app.rescue()));
            drop(guard);
            print_notices(app);
            panic::resume_unwind(payload);
        }
    };
    drop(guard);
    print_notices(app);
    // Quitting never waits for a recommender: none is left running.
    crate::suggest::external::stop_running();
    outcome
}

/// Draws, waits for the next message, applies it; until the session ends.
fn event_loop(app: &mut App, rx: &Receiver<Input>) -> io::Result<()> {
    // One write per frame (stdout alone flushes every kilobyte), which
    // matters most over SSH. The screen was cleared on entry: ratatui's own
    // `clear` would first ask the terminal where its cursor is and wait.
    let out = io::BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
    let mut terminal = Terminal::new(MarkSync(CrosstermBackend::new(out)))?;
    let (mut redraw, mut drawn) = (true, Instant::now());
    let mut trace = KeyTrace::from_env();
    // Terminal events taken, and answered by a frame written: the input
    // thread held the corpus scan for each (see `InputPause`).
    let (mut taken, mut answered) = (0, 0);
    while !app.quit {
        if redraw || drawn.elapsed() >= SCANNING_FRAME {
            let started = Instant::now();
            terminal.draw(|frame| screen::draw(frame, app))?;
            if answered < taken {
                app.input_answered(taken);
                answered = taken;
            }
            if let Some(trace) = trace.as_mut() {
                trace.drawn(started);
            }
            drawn = Instant::now();
        }
        app.start_load();
        // The corpus views' data is gathered once the first screen is up.
        app.start_scan();
        // The shortest poll of what runs (the corpus scan's also picks up
        // the other threads' messages often enough).
        let wait = if app.is_scanning() && !app.is_loading() {
            SCANNING_POLL
        } else if app.is_loading() {
            LOADING_POLL
        } else if app.is_busy() {
            BACKGROUND_POLL
        } else {
            IDLE
        };
        let msg = match rx.recv_timeout(wait) {
            Ok(Input::Event(event, read)) => {
                taken += 1;
                let size = terminal.size()?;
                let msg = translate(&event, Rect::new(0, 0, size.width, size.height));
                if let (Some(trace), Some(kind)) =
                    (trace.as_mut(), msg.as_ref().and_then(KeyTrace::kind))
                {
                    trace.taken(kind, read, app.is_scanning());
                }
                msg
            }
            Ok(Input::Signal(signal)) => Some(Msg::Signal(signal)),
            Ok(Input::Failed(e)) => Some(match rx.recv_timeout(SIGNAL_GRACE) {
                Ok(Input::Signal(signal)) => Msg::Signal(signal),
                _ => Msg::TerminalLost(format!("reading the terminal: {e}")),
            }),
            Err(RecvTimeoutError::Timeout) => Some(Msg::Tick),
            Err(RecvTimeoutError::Disconnected) => {
                Some(Msg::TerminalLost("the terminal's input stopped".to_string()))
            }
        };
        // A tick while the corpus is read mostly takes in articles: the
        // progress it makes is drawn once a frame, not at every tick.
        let intake = matches!(msg, Some(Msg::Tick)) && app.is_scanning() && !app.is_loading();
        if let Some(msg) = msg {
            app.update(msg);
        }
        redraw = !intake || !app.is_scanning();
        // What the corpus threads found (search results, titles).
        for msg in app.background_messages() {
            app.update(msg);
            redraw = true;
        }
        if let Some(trace) = trace.as_mut() {
            trace.updated();
        }
    }
    Ok(())
}

/// The message a terminal event stands for, on a terminal of `screen`.
pub fn translate(event: &Event, screen: Rect) -> Option<Msg> {
    match *event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Mouse(mouse) => translate_mouse(mouse, article_area(screen)).map(Msg::Mouse),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

/// A mouse event in cells of the article pane at `area`.
fn translate_mouse(mouse: MouseEvent, area: Rect) -> Option<Mouse> {
    let width = usize::from(area.width);
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Mouse::Wheel { down: true }),
        MouseEventKind::ScrollUp => Some(Mouse::Wheel { down: false }),
        MouseEventKind::Down(_)
            if mouse.row >= area.y && mouse.row < area.bottom() && mouse.column >= area.x =>
        {
            let (x, y) = (usize::from(mouse.column - area.x), usize::from(mouse.row - area.y));
            Some(Mouse::Press { x, y, width })
        }
        MouseEventKind::Drag(_) if mouse.column >= area.x => {
            let x = usize::from(mouse.column - area.x);
            let y = usize::from(mouse.row.saturating_sub(area.y));
            let by_char = mouse.modifiers.intersects(KeyModifiers::ALT | KeyModifiers::CONTROL);
            Some(Mouse::Drag { x, y, width, by_char })
        }
        MouseEventKind::Up(_) => Some(Mouse::Release),
        _ => None,
    }
}

/// Reads terminal events on a thread of their own, so that the loop can
/// wait for them, signals and time together; holds `pause` (if given) as
/// soon as an event is read, so that background work steps aside for its
/// answer even before the loop takes it.
pub(super) fn spawn_input(tx: Sender<Input>, pause: Option<Arc<InputPause>>) {
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(event) => {
                    if let Some(pause) = &pause {
                        pause.hold();
                    }
                    Input::Event(event, Instant::now())
                }
                Err(e) => Input::Failed(e),
            };
            let failed = matches!(input, Input::Failed(_));
            if tx.send(input).is_err() || failed {
                break;
            }
        }
    });
}

/// Delivers caught signals as messages (the handler itself does nothing
/// but wake this thread).
pub(super) fn spawn_signals(mut signals: Signals, tx: Sender<Input>) {
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if tx.send(Input::Signal(signal)).is_err() {
                break;
            }
        }
    });
}

/// Prints the app's notices (where unsaved work went) on standard error;
/// the terminal must be restored first. A closed standard error is not an
/// error here (after a hang-up there is nowhere to print).
fn print_notices(app: &mut App) {
    for notice in app.notices.drain(..) {
        crate::text::safe::eprintln(notice);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, MouseButton};

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
        Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
    }

    #[test]
    fn terminal_events_become_messages() {
        let screen = Rect::new(0, 0, 80, 24);
        let key = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(translate(&Event::Key(key), screen), Some(Msg::Key(key)));
        let mut release = key;
        release.kind = KeyEventKind::Release;
        assert_eq!(translate(&Event::Key(release), screen), None);
        assert_eq!(
            translate(&Event::Resize(100, 30), screen),
            Some(Msg::Resize { width: 100, height: 30 })
        );
        let down = MouseEventKind::Down(MouseButton::Left);
        assert_eq!(
            translate(&mouse(down, 5, 3), screen),
            Some(Msg::Mouse(Mouse::Press { x: 5, y: 3, width: 80 }))
        );
        // The status line (the last row) is not the article pane.
        assert_eq!(translate(&mouse(down, 5, 23), screen), None);
        // A drag snaps to words, unless Alt or Ctrl is held.
        let drag = MouseEventKind::Drag(MouseButton::Left);
        assert_eq!(
            translate(&mouse(drag, 7, 2), screen),
            Some(Msg::Mouse(Mouse::Drag { x: 7, y: 2, width: 80, by_char: false }))
        );
        for modifiers in [KeyModifiers::ALT, KeyModifiers::CONTROL] {
            let held = Event::Mouse(MouseEvent { kind: drag, column: 7, row: 2, modifiers });
            assert_eq!(
                translate(&held, screen),
                Some(Msg::Mouse(Mouse::Drag { x: 7, y: 2, width: 80, by_char: true }))
            );
        }
        assert_eq!(
            translate(&mouse(MouseEventKind::ScrollUp, 0, 0), screen),
            Some(Msg::Mouse(Mouse::Wheel { down: false }))
        );
        assert_eq!(
            translate(&mouse(MouseEventKind::Up(MouseButton::Left), 1, 1), screen),
            Some(Msg::Mouse(Mouse::Release))
        );
        assert_eq!(translate(&Event::FocusGained, screen), None);
    }
}
