//! End-to-end tests of the reader: the real binary in a tmux pane.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};
use unicode_normalization::UnicodeNormalization;

const ARTICLE: &str = "assets/articles/004_c29349fac5246de1.txt";

fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The title of the article, as a reader sees it: the logical text read
/// right to left. It is pure Arabic and punctuation, so its visual order is
/// exactly its characters reversed.
fn title_visual() -> String {
    let text = std::fs::read_to_string(root().join(ARTICLE)).unwrap();
    text.lines().next().unwrap().chars().rev().collect()
}

#[test]
fn article_reads_right_to_left_and_right_aligned() {
    if !available() {
        return;
    }
    let t = Tmux::start(&[bin(), ARTICLE], 100, 30, root());
    let expected = title_visual();
    let screen = t.wait_for(10, "the title", |s| {
        s.iter().any(|row| row.nfkc().collect::<String>().trim() == expected)
    });
    let row = screen.iter().find(|row| row.nfkc().collect::<String>().trim() == expected).unwrap();
    // Right-aligned: the last letter sits in the last of the 100 columns.
    assert_eq!(row.chars().count(), 100, "row not right-aligned: {row:?}");
    assert!(row.starts_with("  "), "row should be padded on the left: {row:?}");
    // Shaped by default: presentation forms reach the terminal.
    assert!(row.chars().any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c)), "not shaped: {row}");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

#[test]
fn help_overlay_lists_the_keymap_and_closes() {
    if !available() {
        return;
    }
    let t = Tmux::start(&[bin(), ARTICLE], 100, 40, root());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.send(&["?"]);
    let screen = t.wait_for(10, "the help", |s| s.iter().any(|r| r.contains("Keys")));
    let all = screen.join("\n");
    assert!(all.contains("Quit"), "help lacks quit:\n{all}");
    t.send(&["Escape"]);
    t.wait_for(10, "help to close", |s| !s.iter().any(|r| r.contains("Keys — ")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}
