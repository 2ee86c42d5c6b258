//! Screen snapshots of the curation screen (`hashiya curate`): two
//! annotators' versions side by side, and after taking one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::team::folders;
use hashiya::app::Msg;
use hashiya::app::curation::Curation;
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;
use hashiya::review::curate::{self, State};
use hashiya::tui::curate_view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen as text, the scratch folder's path replaced by `GOLD`.
fn screen(c: &mut Curation, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| curate_view::draw(f, c)).unwrap();
    let gold = c.gold.display().to_string();
    terminal.backend().to_string().replace(&gold, "GOLD")
}

#[test]
fn the_curation_screen_shows_each_version_and_takes_one() {
    let root = tempfile::tempdir().unwrap();
    let (alice, bob) = folders(root.path());
    let sources = curate::sources(&[alice, bob], &[]).unwrap();
    let names = sources.iter().map(|s| s.name.clone()).collect();
    let gold = root.path().join("gold");
    let options =
        LayoutOptions { width: Some(80), mark_placeholder: true, ..LayoutOptions::default() };
    let mut c = Curation::new(
        names,
        Curation::load(&sources),
        &gold,
        State::load(&gold).unwrap(),
        Some("carol"),
        Keymap::default(),
        options,
    );
    insta::assert_snapshot!("curate_open_100x30", screen(&mut c, 100, 30));
    // Down to the other boundaries of (نيكولاي) يفمينوف, take bob's.
    c.update(Msg::Action(Action::NextItem));
    c.update(Msg::Action(Action::NextItem));
    insta::assert_snapshot!("curate_boundaries_100x30", screen(&mut c, 100, 30));
    c.update(Msg::Type('2'));
    insta::assert_snapshot!("curate_taken_100x30", screen(&mut c, 100, 30));
    c.update(Msg::Action(Action::Help));
    insta::assert_snapshot!("curate_help_100x30", screen(&mut c, 100, 30));
}
