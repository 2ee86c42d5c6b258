//! Drawing the reader into ratatui's `TestBackend` for screen snapshots.

use hashiya::app::App;
use hashiya::tui::screen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// `app` drawn once on a `width`×`height` test terminal.
pub fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| screen::draw(f, app)).unwrap();
    terminal
}
