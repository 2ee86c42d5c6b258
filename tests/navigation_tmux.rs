//! Corpus navigation end to end (issue 15): the real binary in a tmux pane
//! searches every article of a folder and opens a match, keeps an
//! article's status across sessions, and reopens an article where it was
//! left.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::bin;
use common::tmux::{Tmux, available};

/// A folder of `n` articles; article 1 holds a word no other does (the
/// others hold a word it begins with, so that the results of a query
/// still being typed differ from the last).
fn folder(dir: &Path, n: usize) {
    for i in 0..n {
        let text = if i == 1 {
            "عنوان الثاني\nقال وزير الدفاع لي شانغفو إن الصين مستعدة.".to_string()
        } else {
            format!("عنوان {i}\nنص عادي عن الاقتصاد قاله شانغفي.")
        };
        std::fs::write(dir.join(format!("{i:02}.txt")), text).unwrap();
    }
}

fn status_line(s: &[String]) -> String {
    s.iter().rev().find(|r| !r.trim().is_empty()).cloned().unwrap_or_default()
}

#[test]
fn search_every_article_and_enter_opens_the_match() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), 30);
    let folder_arg = dir.path().to_str().unwrap();
    let t = Tmux::start(&[bin(), folder_arg], 100, 20, dir.path());
    t.wait_for(10, "the reader", |s| status_line(s).contains("READ"));
    t.send(&["F"]);
    t.wait_for(10, "the search", |s| status_line(s).contains("SEARCH ALL"));
    // Spelling-insensitive: typed with a shadda the text does not have.
    t.type_text("شانّغفو");
    // The search of the whole query done (a prefix typed so far may have
    // found "1 match in 1 article" too, in another article, while still
    // searching).
    let screen = t.wait_for(10, "the results", |s| {
        s.iter().any(|r| r.contains("1 match in 1 article"))
            && s.iter().any(|r| r.contains("01.txt · 1 match"))
            && !s.iter().any(|r| r.contains("searching"))
    });
    assert!(screen.iter().any(|r| r.contains("01.txt · 1 match")), "{}", screen.join("\n"));
    t.send(&["Enter"]);
    let screen = t.wait_for(10, "the article at its match", |s| {
        let last = status_line(s);
        last.contains("READ") && last.contains("[1/1]")
    });
    assert!(status_line(&screen).contains("(2/30)"), "{}", screen.join("\n"));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

#[test]
fn the_status_is_kept_in_the_sidecar_and_shown_after_reopening() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), 3);
    let folder_arg = dir.path().to_str().unwrap();
    let t = Tmux::start(&[bin(), folder_arg], 100, 20, dir.path());
    t.wait_for(10, "the reader", |s| status_line(s).contains("READ"));
    t.send(&["S"]);
    t.wait_for(10, "to do", |s| status_line(s).contains("[to do]"));
    t.send(&["S"]);
    t.wait_for(10, "in progress", |s| status_line(s).contains("[in progress]"));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    drop(t);
    let sidecar = std::fs::read_to_string(dir.path().join("00.txt.ann.toml")).unwrap();
    assert!(sidecar.contains("status = \"in_progress\""), "{sidecar}");
    let t = Tmux::start(&[bin(), folder_arg], 100, 20, dir.path());
    t.wait_for(10, "the status again", |s| status_line(s).contains("[in progress]"));
    // The list shows it beside the name, with the titles; Ctrl-S filters.
    t.send(&["a"]);
    let screen =
        t.wait_for(10, "the list", |s| s.iter().any(|r| r.contains("in progress  00.txt")));
    assert!(screen.iter().any(|r| r.contains("to do        02.txt")), "{}", screen.join("\n"));
    t.send(&["C-s"]);
    let screen = t.wait_for(10, "the filter", |s| s.iter().any(|r| r.contains("Articles: to do")));
    assert!(!screen.iter().any(|r| r.contains("00.txt ")), "{}", screen.join("\n"));
    t.send(&["Escape"]);
    t.wait_for(10, "the reader", |s| status_line(s).contains("READ"));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

#[test]
fn an_article_reopens_where_it_was_left() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (1..=300).fold(String::new(), |mut out, i| {
        let _ = writeln!(out, "سطر {i} من النص.");
        out
    });
    std::fs::write(dir.path().join("long.txt"), lines).unwrap();
    let state = dir.path().join("state");
    let state_arg = format!("XDG_STATE_HOME={}", state.display());
    let args = ["env", "-u", "HASHIYA_REMEMBER", &state_arg, bin(), "long.txt"];
    let t = Tmux::start(&args, 80, 20, dir.path());
    t.wait_for(10, "the reader", |s| status_line(s).contains("READ"));
    t.send(&["NPage", "NPage", "NPage"]);
    // 18 lines a page: line 1, then 19, 37 and 55 at the top.
    let left = t.wait_for(10, "the third page", |s| s[0].contains(" 55 "));
    let top = left[0].clone();
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    drop(t);
    let file = std::fs::read_to_string(state.join("hashiya").join("positions")).unwrap();
    assert!(file.contains("long.txt"), "{file}");
    let t = Tmux::start(&args, 80, 20, dir.path());
    let screen = t.wait_for(10, "the reader", |s| status_line(s).contains("READ"));
    assert_eq!(screen[0], top, "reopened elsewhere:\n{}", screen.join("\n"));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}
