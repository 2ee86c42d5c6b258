//! Terminals that reorder by themselves, end to end: the real binary in
//! tmux with the variables mlterm, Konsole, kitty and macOS Terminal set.
//! tmux does not reorder, so what Hashiya sends is what the pane holds:
//! logical order there means the terminal was left to reorder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};

const NAME: &str = "004_c29349fac5246de1.txt";

fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The article's first line (its title), in logical order: pure Arabic
/// and punctuation.
fn title() -> String {
    let text = std::fs::read_to_string(root().join("assets/articles").join(NAME)).unwrap();
    text.lines().next().unwrap().to_owned()
}

/// Runs the reader on a copy of the article (tests run side by side) in a
/// 100×30 pane with `env` (`VAR=VALUE`) and a settings folder of its own
/// holding `settings` as `config.toml`; returns the screen once the title
/// is on it (in either order), then quits.
fn screen_with(env: &[&str], settings: Option<&str>, args: &[&str]) -> Vec<String> {
    let dir = common::scratch(NAME);
    let config = tempfile::tempdir().unwrap();
    if let Some(text) = settings {
        std::fs::create_dir(config.path().join("hashiya")).unwrap();
        std::fs::write(config.path().join("hashiya/config.toml"), text).unwrap();
    }
    let xdg = format!("XDG_CONFIG_HOME={}", config.path().display());
    let mut command = vec!["env", xdg.as_str()];
    command.extend_from_slice(env);
    command.push(bin());
    command.extend_from_slice(args);
    command.push(NAME);
    let t = Tmux::start(&command, 100, 30, dir.path());
    let (logical, visual) = (title(), title().chars().rev().collect::<String>());
    // The whole first frame: the title and the status line (drawn last).
    let screen = t.wait_for(10, "the title", |s| {
        s.iter().any(|row| row.trim() == logical || row.trim() == visual)
            && s.last().is_some_and(|r| r.contains("READ"))
    });
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0, "screen:\n{}", screen.join("\n"));
    screen
}

/// The row showing the title.
fn title_row(screen: &[String]) -> &str {
    let (logical, visual) = (title(), title().chars().rev().collect::<String>());
    screen.iter().find(|r| r.trim() == logical || r.trim() == visual).unwrap()
}

/// Asserts that the screen was sent in logical order for the terminal to
/// reorder: the title in logical order from the first column (the
/// terminal's reversal of the row right-aligns it), unshaped (the terminal
/// shapes), and the status line naming `terminal` once and the override.
fn assert_logical(screen: &[String], terminal: &str) {
    let row = title_row(screen);
    assert!(row.starts_with(&title()), "not logical order from column 0: {row:?}");
    assert!(!row.chars().any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c)), "shaped: {row}");
    let status = screen.last().unwrap();
    assert!(
        status.contains(&format!("{terminal}: bidi by the terminal"))
            && status.contains("--bidi hashiya"),
        "status line: {status:?}"
    );
}

/// Asserts that Hashiya reordered: the title in visual order (its letters
/// reversed: the callers turn shaping off), right-aligned in the 100
/// columns, and no notice.
fn assert_visual(screen: &[String]) {
    let row = title_row(screen);
    let visual: String = title().chars().rev().collect();
    assert_eq!(row.trim(), visual, "not visual order: {row:?}");
    assert_eq!(row.chars().count(), 100, "not right-aligned: {row:?}");
    assert!(row.starts_with("  "), "not right-aligned: {row:?}");
    assert!(!screen.last().unwrap().contains("bidi by the terminal"), "{:?}", screen.last());
}

#[test]
fn reordering_terminals_get_logical_order_and_a_notice() {
    if !available() {
        return;
    }
    for (var, terminal) in [
        ("MLTERM=3.9.0", "mlterm"),
        ("KONSOLE_VERSION=230805", "Konsole"),
        ("KITTY_WINDOW_ID=1", "kitty"),
        ("TERM_PROGRAM=Apple_Terminal", "macOS Terminal"),
    ] {
        let screen = screen_with(&[var], None, &[]);
        assert_logical(&screen, terminal);
    }
}

#[test]
fn other_terminals_get_visual_order() {
    if !available() {
        return;
    }
    // Shaping off so that the visual row compares with the reversed text.
    assert_visual(&screen_with(&[], None, &["--shape", "off"]));
    assert_visual(&screen_with(&["TERM_PROGRAM=iTerm.app"], None, &["--shape", "off"]));
}

#[test]
fn the_choice_is_overridden_by_the_settings_file_and_the_command_line() {
    if !available() {
        return;
    }
    let mlterm = ["MLTERM=3.9.0"];
    // A setting beats detection; the command line beats the setting.
    assert_visual(&screen_with(&mlterm, Some("bidi = \"hashiya\"\nshape = \"off\"\n"), &[]));
    assert_visual(&screen_with(&mlterm, None, &["--bidi", "hashiya", "--shape", "off"]));
    let screen = screen_with(&mlterm, Some("bidi = \"hashiya\"\n"), &["--bidi", "auto"]);
    assert_logical(&screen, "mlterm");
    // Terminal mode asked for, no terminal found: logical order, nothing said.
    let screen = screen_with(&[], Some("bidi = \"terminal\"\n"), &[]);
    let row = title_row(&screen);
    assert!(row.starts_with(&title()), "not logical order: {row:?}");
    assert!(!screen.last().unwrap().contains("bidi by the terminal"));
}
