//! Selecting and tagging through `App::update`: what `e` acts on is what is
//! shown, after a search, a failed search, scrolling, a drag; the jump keys;
//! and a screen whose search matches, selection and labels are all drawn
//! differently (a snapshot with a legend of the styles).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write;

use common::screen::draw;
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::app::{App, Mode, Mouse, Msg};
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;
use hashiya::tui::theme::{MATCH_FILL, selection_style};
use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

fn sample() -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE);
    std::fs::read_to_string(path).unwrap()
}

/// An app on a copy of the sample article in a scratch folder (so it can annotate).
fn app_on(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join(ARTICLE);
    std::fs::write(&path, sample()).unwrap();
    let source = ArticleSource { name: ARTICLE.into(), origin: Origin::File(path) };
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    let mut app = App::new(vec![source], Keymap::default(), options);
    draw(&mut app, 100, 30);
    app
}

/// Searches for `query` from the top of the article.
fn search(app: &mut App, query: &str) {
    app.update(Action::GoTop);
    app.update(Action::Search);
    for c in query.chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
}

/// Tags what `e` acts on now with the label on `key`.
fn tag(app: &mut App, key: char) {
    app.update(Action::TagEntity);
    assert!(matches!(app.mode, Mode::Label { .. }), "no label picker: {:?}", app.message);
    app.type_char(key);
}

fn selected(app: &App) -> String {
    let s = app.reader.selection.clone().expect("a selection");
    app.reader.doc.text().chars().skip(s.start).take(s.len()).collect()
}

fn entities(app: &App) -> Vec<String> {
    app.ann.store.entities().map(|e| e.text.clone()).collect()
}

#[test]
fn shift_right_after_a_search_takes_the_word_before_the_match() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    search(&mut app, "شانغفو");
    app.update(Action::SelectRight);
    assert_eq!(selected(&app), "لي شانغفو");
    tag(&mut app, '1');
    assert_eq!(entities(&app), ["لي شانغفو"]);
}

#[test]
fn a_failed_search_leaves_nothing_to_tag_until_the_cursor_moves() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    search(&mut app, "شانغفو");
    app.update(Action::ScrollLineDown);
    search(&mut app, "الكرملين");
    assert_eq!(app.reader.selection, None, "the old match is no longer selected");
    assert!(app.message.as_deref().unwrap().starts_with("not found"));
    // Nothing is drawn as what e would tag: the cursor is only a caret.
    let h = app.reader.highlights();
    assert_eq!(h.selection, None);
    assert!(h.cursor.is_some());
    app.update(Action::TagEntity);
    assert_eq!(app.mode, Mode::Read, "no label picker");
    let why = app.message.clone().unwrap();
    assert!(why.contains("nothing selected") && why.contains("الكرملين"), "{why}");
    app.type_char('2');
    assert!(entities(&app).is_empty());
    // Scrolling that keeps the cursor where it is changes nothing…
    app.update(Action::Help);
    app.update(Action::Help);
    app.update(Action::TagClaim);
    assert_eq!(app.mode, Mode::Read);
    assert_eq!(app.ann.store.claims().count(), 0);
    // …moving the cursor makes its word the target again.
    app.update(Action::CursorLeft);
    assert!(app.reader.highlights().selection.is_some());
    app.update(Action::TagEntity);
    assert!(matches!(app.mode, Mode::Label { .. }));
}

#[test]
fn e_never_acts_on_what_is_off_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    // A selection scrolled out of sight: e brings it back first.
    search(&mut app, "شانغفو");
    for _ in 0..3 {
        app.update(Action::ScrollPageDown);
    }
    assert!(!app.reader.on_screen(&app.reader.selection.clone().unwrap()));
    app.update(Action::TagEntity);
    assert_eq!(app.mode, Mode::Read);
    assert!(app.message.as_deref().unwrap().contains("off screen"));
    assert!(app.reader.on_screen(&app.reader.selection.clone().unwrap()));
    tag(&mut app, '1');
    assert_eq!(entities(&app), ["شانغفو"]);
    // A cursor left off screen (the view moved without it): moved onto it.
    let doc = app.reader.doc.clone();
    app.reader.viewport.scroll_down(&doc, 20);
    let word = app.reader.word_range(app.reader.cursor);
    assert!(!app.reader.on_screen(&word));
    app.update(Action::TagEntity);
    assert_eq!(app.mode, Mode::Read);
    let word = app.reader.word_range(app.reader.cursor);
    assert!(app.reader.on_screen(&word));
    app.update(Action::TagEntity);
    assert!(matches!(app.mode, Mode::Label { .. }));
}

#[test]
fn a_mouse_drag_snaps_to_words_and_alt_drags_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    let text = sample();
    let yawm = text[..text.find("يوم الاثنين").unwrap()].chars().count();
    let (x, y) = screen_pos(&mut app, yawm, 100);
    // يوم on screen: ﻡ ﻮ ﻳ left to right; ي is at x, و at x - 1.
    for (by_char, expected) in [(false, "يوم"), (true, "يو")] {
        app.update(Msg::Mouse(Mouse::Press { x: x - 1, y, width: 100 }));
        assert_eq!(app.reader.cursor, yawm, "a click puts the cursor on the word");
        app.update(Msg::Mouse(Mouse::Press { x, y, width: 100 }));
        app.update(Msg::Mouse(Mouse::Drag { x: x - 1, y, width: 100, by_char }));
        app.update(Msg::Mouse(Mouse::Release));
        assert_eq!(selected(&app), expected);
    }
    app.update(Msg::Mouse(Mouse::Press { x, y, width: 100 }));
    app.update(Msg::Mouse(Mouse::Drag { x: x - 1, y, width: 100, by_char: false }));
    tag(&mut app, '5');
    assert_eq!(entities(&app), ["يوم"]);
}

/// The screen column and row of the cell showing document offset `offset`.
fn screen_pos(app: &mut App, offset: usize, width: usize) -> (usize, usize) {
    let rows = app.reader.viewport.rows(&app.reader.doc);
    for (y, row) in rows.iter().enumerate() {
        let base = row.para_char_start(&app.reader.doc);
        let line = row.line();
        let mut x = row.layout.indent(line, width);
        for cell in row.layout.line_cells(line) {
            let cell_range = base + cell.logical.start as usize..base + cell.logical.end as usize;
            if cell_range.contains(&offset) {
                return (x, y);
            }
            x += usize::from(cell.width);
        }
    }
    panic!("offset {offset} not on screen");
}

#[test]
fn jump_keys_visit_annotations_and_untagged_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    app.update(Action::NextAnnotation);
    assert!(app.message.as_deref().unwrap().starts_with("no annotation yet"));
    for (query, key) in [("لي شانغفو", '1'), ("نيكولاي يفمينوف", '1'), ("بكين", '3')]
    {
        search(&mut app, query);
        tag(&mut app, key);
    }
    app.update(Action::GoTop);
    let mut seen = Vec::new();
    for _ in 0..3 {
        app.update(Action::NextAnnotation);
        seen.push(app.describe_cursor().unwrap());
    }
    let ids: Vec<&str> = seen.iter().map(|d| d.split(' ').next().unwrap()).collect();
    // In reading order: لي شانغفو (e1), بكين (e3), نيكولاي يفمينوف (e2).
    assert_eq!(ids, ["e1", "e3", "e2"]);
    app.update(Action::NextAnnotation);
    assert!(app.message.as_deref().unwrap().starts_with("back to the first annotation: e1"));
    app.update(Action::PreviousAnnotation);
    assert!(app.describe_cursor().unwrap().starts_with("e2"));
    app.update(Action::PreviousAnnotation);
    assert!(app.describe_cursor().unwrap().starts_with("e3"));

    // Untagged mentions of tagged entities: بكين three more times (one
    // as وبكين), يفمينوف alone (not the whole name: no mention of it).
    app.update(Action::GoTop);
    let mut found = Vec::new();
    loop {
        app.update(Action::NextUntaggedMention);
        let message = app.message.clone().unwrap();
        if !message.starts_with("untagged mention") || message.contains("other end") {
            break;
        }
        found.push(selected(&app));
        tag(&mut app, '3');
    }
    assert_eq!(found, ["بكين", "بكين", "بكين"]);
    assert_eq!(app.message.as_deref(), Some("every mention of the tagged entities is tagged"));
    assert_eq!(entities(&app).iter().filter(|e| *e == "بكين").count(), 4);
    // Backwards, after untagging the last one.
    app.update(Action::GoBottom);
    app.update(Action::PreviousAnnotation);
    app.update(Action::DeleteAnnotation);
    app.update(Action::GoBottom);
    app.update(Action::PreviousUntaggedMention);
    assert_eq!(selected(&app), "بكين");
}

/// The screen as text lines, each followed by a line of one letter per cell
/// naming its style (`.` for the default style), then the legend.
fn styled(buffer: &Buffer) -> (String, BTreeMap<char, Style>) {
    let mut letters: Vec<Style> = Vec::new();
    let mut out = String::new();
    let area = buffer.area;
    let plain = Buffer::empty(ratatui::layout::Rect::new(0, 0, 1, 1))[(0, 0)].style();
    for y in 0..area.height {
        let mut text = String::new();
        let mut marks = String::new();
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            text.push_str(cell.symbol());
            let style = cell.style();
            if style == plain {
                marks.push('.');
                continue;
            }
            let i = letters.iter().position(|s| *s == style).unwrap_or_else(|| {
                letters.push(style);
                letters.len() - 1
            });
            marks.push(char::from(b'A' + u8::try_from(i).unwrap()));
        }
        writeln!(out, "{text}\n{marks}").unwrap();
    }
    let legend: BTreeMap<char, Style> =
        letters.into_iter().enumerate().map(|(i, s)| (char::from(b'A' + i as u8), s)).collect();
    for (letter, style) in &legend {
        writeln!(out, "{letter}: {style:?}").unwrap();
    }
    (out, legend)
}

#[test]
fn matches_the_selection_and_labels_are_drawn_differently() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    for (query, key) in
        [("لي شانغفو", '1'), ("بكين", '3'), ("البحرية الروسية", '2'), ("روسيا", '3')]
    {
        search(&mut app, query);
        tag(&mut app, key);
    }
    // Search روسيا: its first match (tagged GPE) is selected, then grown by
    // a word; the other matches are marked.
    search(&mut app, "روسيا");
    app.update(Action::SelectLeft);
    assert_eq!(selected(&app), "روسيا ، في");
    app.update(Action::SelectRight);
    assert_eq!(selected(&app), "روسيا");
    app.update(Action::SelectRight);
    assert_eq!(selected(&app), "مع روسيا");
    let terminal = draw(&mut app, 100, 12);
    let (screen, legend) = styled(terminal.backend().buffer());
    insta::assert_snapshot!("match_selection_labels_100x12", screen);
    // The styles on screen, by what they mark: each is its own.
    let selection: Vec<&Style> =
        legend.values().filter(|s| s.add_modifier.contains(Modifier::REVERSED)).collect();
    let expected = selection_style();
    assert_eq!(selection.len(), 1, "{legend:#?}");
    assert_eq!((selection[0].fg, selection[0].bg), (expected.fg, expected.bg));
    assert_eq!(selection[0].add_modifier, expected.add_modifier);
    let matches = legend.values().filter(|s| s.bg == Some(MATCH_FILL)).count();
    assert_eq!(matches, 1, "{legend:#?}");
    let labels: Vec<&Style> = legend
        .values()
        .filter(|s| {
            matches!(s.bg, Some(ratatui::style::Color::Rgb(..))) && s.bg != Some(MATCH_FILL)
        })
        .collect();
    assert_eq!(labels.len(), 3, "ORG, GPE and PERSON on screen: {legend:#?}");
    for label in labels {
        assert!(label.add_modifier.is_empty(), "{label:?}");
    }
}
