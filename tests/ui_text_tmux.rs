//! UI text end to end, in tmux with the real binary: Arabic typed into the
//! note editor appears right to left as typed and is saved in order; a
//! broken sidecar is named, whole, on the first frame; in terminal-bidi
//! mode the status line is sent in logical order.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};
use hashiya::layout::{BaseDirection, LayoutOptions};
use hashiya::render::{RenderOptions, render_document};
use hashiya::text::Document;

const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// What `render` prints for `text` on one line, shaped.
fn rendered(text: &str) -> String {
    let options = RenderOptions {
        layout: LayoutOptions {
            width: None,
            shape: true,
            base: BaseDirection::Auto,
            mark_placeholder: false,
            reorder: true,
        },
        pad: false,
    };
    let mut out = Vec::new();
    render_document(&Document::new(text.to_string()), &options, &mut out).unwrap();
    String::from_utf8(out).unwrap().trim_end_matches('\n').to_string()
}

#[test]
fn arabic_typed_into_the_note_editor_reads_back_in_order() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = Tmux::start(&[bin(), ARTICLE], 100, 20, dir.path());
    t.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    t.tag("يفمينوف", "1");
    t.send(&["m"]);
    // The entity's id is random (`e-` and letters): read it off the prompt.
    let screen = t.wait_for(10, "the note editor", |s| {
        s.last()
            .is_some_and(|r| r.starts_with("note e-") && r.contains("(Enter saves, Esc cancels):"))
    });
    let status = screen.last().unwrap();
    let id = status["note ".len()..].split(' ').next().unwrap().to_string();
    let prompt = format!("note {id} (Enter saves, Esc cancels): ");
    // Letter by letter, as a user types: each new letter appears on the
    // left of the ones before (right to left), the caret left of it.
    let note = "قال إنه 2023";
    let mut typed = String::new();
    for c in note.chars() {
        t.type_text(&c.to_string());
        typed.push(c);
        let expected = format!("{prompt} {}", rendered(&typed));
        t.wait_for(10, "the letter", |s| {
            s.last().is_some_and(|r| r.trim_end() == expected.trim_end())
        });
    }
    // The caret cell is reversed, right after the prompt.
    let styled = t.screen_styled();
    let status = styled.last().unwrap();
    assert!(status.contains("\u{1b}[7m "), "a reversed caret cell: {status:?}");
    t.send(&["Enter"]);
    t.wait_for(10, "the save", |s| s.iter().any(|r| r.contains(&format!("note of {id} saved"))));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    let sidecar = std::fs::read_to_string(dir.path().join(format!("{ARTICLE}.ann.toml"))).unwrap();
    assert!(sidecar.contains(&format!("note = \"{note}\"")), "{sidecar}");
}

#[test]
fn a_broken_sidecar_is_named_whole_on_the_first_frame() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let sidecar = format!("{ARTICLE}.ann.toml");
    std::fs::write(dir.path().join(&sidecar), "schema = 1\n[[entity]\nid = \"e1\"\n").unwrap();
    let before = std::fs::read(dir.path().join(&sidecar)).unwrap();
    // 80 columns: the message is longer than the status line.
    let t = Tmux::start(&[bin(), ARTICLE], 80, 24, dir.path());
    // No key is sent: this is the first frame.
    let screen =
        t.wait_for(10, "the first frame", |s| s.last().is_some_and(|r| r.contains("READ")));
    // Whole, with what to do, in the banner above the status line.
    let banner = screen.iter().rev().skip(1).take(4).rev().cloned().collect::<Vec<_>>().join(" ");
    let banner = banner.split_whitespace().collect::<Vec<_>>().join(" ");
    let place = format!("{sidecar}:2:10: unclosed array table, expected `]`");
    assert!(banner.contains(&place), "file:line:col on the first frame:\n{}", screen.join("\n"));
    assert!(banner.contains("annotation is off"), "{banner}");
    assert!(banner.contains("then reopen the article"), "the end of the message: {banner}");
    assert!(banner.contains(&format!("hashiya check {ARTICLE}")), "{banner}");
    assert!(screen.last().unwrap().contains("read-only"));
    // The message log keeps it after the next key.
    t.send(&["j"]);
    t.send(&["M"]);
    t.wait_for(10, "the message log", |s| s.iter().any(|r| r.contains("Messages")));
    let joined = t.text_joined();
    assert!(joined.contains(&format!("{sidecar}:2:10")), "{joined}");
    // q closes the log (as Esc does), then quits.
    t.send(&["q"]);
    t.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    assert_eq!(std::fs::read(dir.path().join(&sidecar)).unwrap(), before, "never overwritten");
}

#[test]
fn in_terminal_bidi_mode_the_status_line_is_sent_in_logical_order() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = Tmux::start(&["env", "MLTERM=3.9.3", bin(), ARTICLE], 100, 20, dir.path());
    t.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    t.send(&["/"]);
    t.type_text("الكرملين");
    // Logical order (tmux does not reorder: the pane holds what was sent),
    // unshaped (the terminal shapes), after an LRM and an RLM, each in a
    // column of its own.
    let screen = t.wait_for(10, "the query", |s| {
        s.last().is_some_and(|r| r.starts_with("/\u{200E} \u{200F} الكرملين"))
    });
    assert!(!screen.last().unwrap().contains(&rendered("الكرملين")));
    t.send(&["Escape"]);
    t.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}
