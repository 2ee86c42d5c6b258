//! The event loop: terminal events → keymap → actions → state → screen.

use std::io;

use crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::screen::{self, article_area};
use super::terminal::TerminalGuard;
use crate::app::{App, Mode};
use crate::keymap::Action;

/// How long to wait for input before looking at the sidecar on disk.
const IDLE: std::time::Duration = std::time::Duration::from_millis(500);

/// How often to look for the whole article while only its head is shown.
const LOADING_POLL: std::time::Duration = std::time::Duration::from_millis(4);

/// Bytes buffered per frame: a full 200×60 screen of shaped Arabic with
/// its styles fits.
const FRAME_BUFFER: usize = 128 << 10;

/// Lines scrolled by one notch of the mouse wheel.
const WHEEL_LINES: usize = 3;

/// Runs the reader until the user quits. `explicit_bidi` sends the
/// terminal-wg explicit-mode sequences.
pub fn run(app: &mut App, explicit_bidi: bool) -> io::Result<()> {
    let _guard = TerminalGuard::enter(explicit_bidi)?;
    // One write per frame (stdout alone flushes every kilobyte), which
    // matters most over SSH. The screen was cleared on entry: ratatui's own
    // `clear` would first ask the terminal where its cursor is and wait.
    let out = io::BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    while !app.quit {
        terminal.draw(|frame| screen::draw(frame, app))?;
        app.start_load();
        let size = terminal.size()?;
        if app.is_loading() {
            if !event::poll(LOADING_POLL)? {
                app.poll_load();
                continue;
            }
            // Every key needs the whole text (G, search, annotating...).
            app.wait_load();
            if app.quit {
                break;
            }
        } else if !event::poll(IDLE)? {
            app.sync();
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => handle_key(app, key),
            Event::Mouse(mouse) => {
                let area = article_area(ratatui::layout::Rect::new(0, 0, size.width, size.height));
                handle_mouse(app, mouse, area);
            }
            _ => {}
        }
        app.save();
    }
    app.save_now();
    Ok(())
}

/// Applies one key press.
pub fn handle_key(app: &mut App, key: KeyEvent) {
    let action = app.keymap.lookup(app.keymap_mode(), &key);
    if app.mode == Mode::Help {
        // Help and quit keep their meaning; any other key closes the help.
        match action {
            Some(a @ (Action::Help | Action::Quit)) => app.update(a),
            _ => app.mode = Mode::Read,
        }
        return;
    }
    if let Some(action) = action {
        app.update(action);
        return;
    }
    if app.mode == Mode::Read && !app.review.as_ref().is_some_and(|r| r.typing) {
        return;
    }
    // Keys no binding took, in the other modes: text, choices, label keys.
    match key.code {
        KeyCode::Backspace => app.backspace(),
        KeyCode::Left => app.cycle_choice(false),
        KeyCode::Right => app.cycle_choice(true),
        KeyCode::Char(c)
            if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            app.type_char(c);
        }
        _ => {}
    }
}

/// Applies one mouse event; `area` is where the article pane is.
pub fn handle_mouse(app: &mut App, mouse: MouseEvent, area: ratatui::layout::Rect) {
    match mouse.kind {
        MouseEventKind::ScrollDown => {
            for _ in 0..WHEEL_LINES {
                app.update(Action::ScrollLineDown);
            }
        }
        MouseEventKind::ScrollUp => {
            for _ in 0..WHEEL_LINES {
                app.update(Action::ScrollLineUp);
            }
        }
        MouseEventKind::Down(_)
            if app.mode == Mode::Read
                && mouse.row >= area.y
                && mouse.row < area.bottom()
                && mouse.column >= area.x =>
        {
            let (x, y) = (usize::from(mouse.column - area.x), usize::from(mouse.row - area.y));
            app.click(x, y, usize::from(area.width));
        }
        MouseEventKind::Drag(_) if app.mode == Mode::Read && mouse.column >= area.x => {
            let (x, y) =
                (usize::from(mouse.column - area.x), usize::from(mouse.row.saturating_sub(area.y)));
            app.drag(x, y, usize::from(area.width));
        }
        MouseEventKind::Up(_) => app.drag_from = None,
        _ => {}
    }
}
