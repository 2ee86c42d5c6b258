//! Drawing the reader into ratatui's `TestBackend` for screen snapshots.

use hashiya::app::App;
use hashiya::tui::screen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// `app` drawn once on a `width`×`height` test terminal, once the corpus
/// views' background scan (if one runs) is done, so that snapshots do not
/// depend on how far it got (`tests/corpus_scan_tmux.rs` shows the views
/// answering while it runs).
pub fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.wait_scan();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| screen::draw(f, app)).unwrap();
    terminal
}
