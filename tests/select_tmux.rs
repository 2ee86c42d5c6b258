//! End-to-end: selecting what to tag in a real terminal (tmux, 120×40) —
//! a search match grown by Shift-→, a failed search, mouse drags, the jump
//! keys — checked in the sidecar the real binary writes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// Runs the reader on the article in `dir`, performs `steps`, quits with
/// `q` and checks it exited with 0.
fn session(dir: &std::path::Path, steps: impl FnOnce(&Tmux)) {
    let t = Tmux::start(&[bin(), ARTICLE], 120, 40, dir);
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    steps(&t);
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

/// The entities of the sidecar in `dir`: (label, text), in file order.
fn entities(dir: &std::path::Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(dir.join(format!("{ARTICLE}.ann.toml"))) else {
        return Vec::new();
    };
    let saved: toml::Table = text.parse().unwrap();
    saved.get("entity").and_then(|e| e.as_array()).map_or_else(Vec::new, |list| {
        list.iter()
            .map(|e| (e["label"].as_str().unwrap().into(), e["text"].as_str().unwrap().into()))
            .collect()
    })
}

/// Presses `e`, then the label key `key`, and waits for the tag.
fn tag(t: &Tmux, key: &str) {
    t.send(&["e"]);
    t.wait_for(10, "the label picker", |s| s.iter().any(|r| r.contains("LABEL")));
    t.send(&[key]);
    t.wait_for(10, "the tag", |s| s.last().is_some_and(|r| r.contains("READ")));
}

/// The column (0-based) of `glyphs` (as drawn: shaped, in visual order)
/// on the screen, and its row.
fn find(screen: &[String], glyphs: &str) -> (usize, usize) {
    screen
        .iter()
        .enumerate()
        .find_map(|(y, row)| row.find(glyphs).map(|b| (row[..b].chars().count(), y)))
        .unwrap_or_else(|| panic!("{glyphs} not on screen:\n{}", screen.join("\n")))
}

/// The first run of text drawn in the selection style (bold and
/// reversed) on `row` of a styled capture, whose SGR sequences only say
/// what changed.
fn highlighted(row: &str) -> Option<String> {
    let (mut bold, mut reversed) = (false, false);
    let mut run = String::new();
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            if bold && reversed {
                run.push(c);
            } else if !run.is_empty() {
                break;
            }
            continue;
        }
        // ESC [ params m
        let mut params = String::new();
        for p in chars.by_ref().skip(1) {
            if p == 'm' {
                break;
            }
            params.push(p);
        }
        let mut codes = params.split(';').map(|p| p.parse::<u32>().unwrap_or(0));
        while let Some(code) = codes.next() {
            match code {
                0 => (bold, reversed) = (false, false),
                1 => bold = true,
                7 => reversed = true,
                22 => bold = false,
                27 => reversed = false,
                38 | 48 | 58 => {
                    let skip = if codes.next() == Some(5) { 1 } else { 3 };
                    codes.nth(skip - 1);
                }
                _ => {}
            }
        }
    }
    (!run.is_empty()).then_some(run)
}

#[test]
fn search_then_shift_right_tags_the_two_word_name() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    session(dir.path(), |t| {
        t.search("شانغفو");
        // «لي» comes before شانغفو in reading order: on its right on screen.
        let screen = t.screen();
        let (shangfu, row) = find(&screen, "ﻮﻔﻐﻧﺎﺷ");
        let (pair, pair_row) = find(&screen, "ﻮﻔﻐﻧﺎﺷ ﻲﻟ");
        assert_eq!((pair, pair_row), (shangfu, row), "لي is drawn right of شانغفو");
        let styled = t.screen_styled();
        assert_eq!(highlighted(&styled[row]).as_deref(), Some("ﻮﻔﻐﻧﺎﺷ"), "the match is selected");
        t.send(&["S-Right"]);
        t.wait_for(10, "the grown selection", |_| {
            highlighted(&t.screen_styled()[row]).as_deref() == Some("ﻮﻔﻐﻧﺎﺷ ﻲﻟ")
        });
        tag(t, "1");
    });
    assert_eq!(entities(dir.path()), [("PERSON".to_string(), "لي شانغفو".to_string())]);
}

#[test]
fn a_failed_search_then_e_tags_nothing_and_says_why() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    session(dir.path(), |t| {
        t.send(&["j", "j", "/"]);
        t.type_text("الكرملين");
        t.send(&["Enter"]);
        t.wait_for(10, "not found", |s| s.iter().any(|r| r.contains("not found")));
        t.send(&["e"]);
        t.wait_for(10, "the reason", |s| s.iter().any(|r| r.contains("nothing selected")));
        t.send(&["2"]);
        let screen = t.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
        assert!(!screen.iter().any(|r| r.contains("LABEL")), "{}", screen.join("\n"));
    });
    assert_eq!(entities(dir.path()), []);
    let names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no sidecar is written: {names:?}");
}

/// An SGR mouse report: `button` (0 press, 32 motion with the left button
/// held, +8 with Alt), at 0-based column `x`, row `y`; `up` for a release.
fn mouse(t: &Tmux, button: u8, x: usize, y: usize, up: bool) {
    let end = if up { 'm' } else { 'M' };
    t.send_bytes(format!("\u{1b}[<{button};{};{}{end}", x + 1, y + 1).as_bytes());
}

#[test]
fn a_mouse_drag_snaps_to_words_and_alt_drags_characters() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    session(dir.path(), |t| {
        // يوم on screen: ﻡ ﻮ ﻳ left to right. Drag from ي to و.
        let (x, y) = find(&t.screen(), "ﻡﻮﻳ");
        for alt in [0, 8] {
            mouse(t, 0, x + 2, y, false);
            mouse(t, 32 + alt, x + 1, y, false);
            mouse(t, 0, x + 1, y, true);
            let want = if alt == 0 { "ﻡﻮﻳ" } else { "ﻮﻳ" };
            t.wait_for(10, "the selection", |_| {
                highlighted(&t.screen_styled()[y]).as_deref() == Some(want)
            });
            tag(t, "5");
        }
    });
    let mut dates: Vec<String> = entities(dir.path()).into_iter().map(|(_, text)| text).collect();
    dates.sort();
    assert_eq!(dates, ["يو", "يوم"]);
}

#[test]
fn jump_keys_land_on_the_next_annotation_and_the_next_untagged_mention() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let path = dir.path().join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut store = hashiya::annotate::Store::new();
    for (label, needle) in [("PERSON", "لي شانغفو"), ("GPE", "بكين"), ("GPE", "روسيا")]
    {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        store.add_entity(label, start..start + needle.chars().count(), needle).unwrap();
    }
    hashiya::annotate::save(&hashiya::annotate::sidecar_path(&path), &store, text.as_bytes())
        .unwrap();
    session(dir.path(), |t| {
        // روسيا (e3) comes first in the article, then لي شانغفو (e1), then بكين (e2).
        for id in ["e3 GPE", "e1 PERSON", "e2 GPE", "e3 GPE"] {
            t.send(&[")"]);
            t.wait_for(10, id, |s| s.last().is_some_and(|r| r.contains(id)));
        }
        t.send(&["("]);
        t.wait_for(10, "e2", |s| s.last().is_some_and(|r| r.contains("e2 GPE")));
        // The next mention of a tagged entity that is not tagged: وبكين.
        t.send(&["*"]);
        t.wait_for(10, "a mention", |s| s.iter().any(|r| r.contains("untagged mention")));
        tag(t, "3");
    });
    let texts: Vec<String> = entities(dir.path()).into_iter().map(|(_, text)| text).collect();
    assert_eq!(texts.iter().filter(|t| *t == "بكين").count(), 2, "{texts:?}");
    let saved = std::fs::read_to_string(dir.path().join(format!("{ARTICLE}.ann.toml"))).unwrap();
    let second = text.find("وبكين").unwrap();
    let start = text[..second].chars().count() + 1;
    assert!(saved.contains(&format!("start = {start}\n")), "{saved}");
}
