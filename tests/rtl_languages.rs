//! Right-to-left languages besides Arabic: screens of a Persian and an Urdu
//! article, the language detected for each corpus, Hebrew points and accents
//! kept on their letters, Yiddish ligatures passed through.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::screen::draw;
use hashiya::app::App;
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::assets::SAMPLE_ARTICLES;
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::{LayoutOptions, Layouter};
use hashiya::text::language::{Language, detect};
use unicode_joining_type::{JoiningType, get_joining_type};

const PERSIAN: &str = include_str!("data/articles/nowruz_fa.txt");
const URDU: &str = include_str!("data/articles/urdu_zaban_ur.txt");
const HEBREW: &str = include_str!("data/articles/bereshit_he.txt");
const YIDDISH: &str = include_str!("data/articles/yiddish_yi.txt");

fn open(name: &str, text: &'static str) -> App {
    let article = ArticleSource { name: name.to_string(), origin: Origin::Embedded(text) };
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    App::new(vec![article], Keymap::default(), options)
}

#[test]
fn persian_article_at_80_columns() {
    let mut app = open("nowruz_fa.txt", PERSIAN);
    let terminal = draw(&mut app, 80, 24);
    insta::assert_snapshot!("persian_article_80x24", terminal.backend());
}

#[test]
fn urdu_article_at_80_columns() {
    let mut app = open("urdu_zaban_ur.txt", URDU);
    let terminal = draw(&mut app, 80, 24);
    insta::assert_snapshot!("urdu_article_80x24", terminal.backend());
}

/// The text of the screen's rows.
fn screen_text(app: &mut App) -> String {
    let terminal = draw(app, 80, 24);
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(ratatui::buffer::Cell::symbol).collect()
}

#[test]
fn persian_words_hold_together_on_screen() {
    let mut app = open("nowruz_fa.txt", PERSIAN);
    let screen = screen_text(&mut app);
    // The title word نوروز as ﺯﻭﺭﻮﻧ (noon initial, waw final, ra, waw and
    // zain isolated), می‌شود as ﺩﻮﺷﯽﻣ (the farsi yeh final before the ZWNJ,
    // the sheen initial after it), بزرگ as ﮒﺭﺰﺑ.
    for word in ["ﺯﻭﺭﻮﻧ", "ﺩﻮﺷﯽﻣ", "ﮒﺭﺰﺑ"] {
        assert!(screen.contains(word), "{word} not on screen:\n{screen}");
    }
    // No Persian letter is left in its nominal form beside joined letters.
    for c in ['ی', 'ک', 'گ', 'پ', 'چ', 'ژ'] {
        assert!(!screen.contains(c), "nominal {c} on screen");
    }
}

#[test]
fn trimming_proclitics_is_for_arabic_only() {
    // In the Persian article `t` changes nothing and says why.
    let mut app = open("nowruz_fa.txt", PERSIAN);
    draw(&mut app, 80, 24);
    app.update(Action::Search);
    for c in "بزرگ".chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
    let before = app.reader.selection.clone();
    assert!(before.is_some());
    app.update(Action::TrimProclitics);
    assert_eq!(app.reader.selection, before);
    let message = app.message.clone().unwrap_or_default();
    assert!(message.contains("Persian"), "{message}");
    // In an Arabic sample, it trims.
    let (name, text) = SAMPLE_ARTICLES[0];
    let mut arabic = open(name, text);
    draw(&mut arabic, 80, 24);
    arabic.update(Action::Search);
    for c in "والصين".chars() {
        arabic.type_char(c);
    }
    arabic.update(Action::Confirm);
    let sel = arabic.reader.selection.clone().expect("والصين is in the first sample");
    arabic.update(Action::TrimProclitics);
    let after = arabic.reader.selection.clone().unwrap();
    assert_eq!(after.start, sel.start + 1, "و trimmed");
}

#[test]
fn every_corpus_is_detected_as_its_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = [
        ("fa", Language::Persian),
        ("ur", Language::Urdu),
        ("ckb", Language::Kurdish),
        ("ps", Language::Pashto),
        ("ug", Language::Uyghur),
        ("pnb", Language::Punjabi),
        ("he", Language::Hebrew),
        ("yi", Language::Yiddish),
        ("dv", Language::Dhivehi),
    ];
    for (folder, language) in folders {
        for entry in std::fs::read_dir(root.join("tests/data/corpus").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(detect(&text), language, "{}", path.display());
        }
    }
    for entry in std::fs::read_dir(root.join("tests/data/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(detect(&text), Language::Arabic, "{}", path.display());
        }
    }
    for (name, text) in SAMPLE_ARTICLES {
        assert_eq!(detect(text), Language::Arabic, "{name}");
    }
    assert_eq!(detect(PERSIAN), Language::Persian);
    assert_eq!(detect(URDU), Language::Urdu);
    assert_eq!(detect(HEBREW), Language::Hebrew);
    assert_eq!(detect(YIDDISH), Language::Yiddish);
}

#[test]
fn hebrew_points_and_accents_stay_on_their_letters() {
    let mut layouter = Layouter::new();
    let options = LayoutOptions { width: Some(40), ..LayoutOptions::default() };
    let mut marks = 0;
    for paragraph in HEBREW.lines().filter(|l| !l.is_empty()) {
        let layout = layouter.layout(paragraph, &options);
        let chars: Vec<char> = paragraph.chars().collect();
        for cell in &layout.cells {
            let glyph = layout.glyph(cell);
            // A cell is its letter then the letter's marks, in logical order
            // (rule L3), on a right-to-left line drawn right to left.
            let logical: String =
                chars[cell.logical.start as usize..cell.logical.end as usize].iter().collect();
            assert_eq!(glyph, logical, "{paragraph}");
            let mut it = glyph.chars();
            if let Some(first) = it.next() {
                assert_ne!(get_joining_type(first), JoiningType::Transparent, "{glyph:?}");
            }
            marks += it.count();
        }
        // Lines of the right-to-left paragraph run right to left: the cell
        // of the first character is the rightmost of the first line.
        let first_line = &layout.lines[0];
        let cells = layout.line_cells(first_line);
        assert_eq!(cells.last().unwrap().logical.start, 0, "{paragraph}");
    }
    assert!(marks > 50, "only {marks} marks");
}

#[test]
fn yiddish_ligatures_pass_through() {
    let mut layouter = Layouter::new();
    let options = LayoutOptions { width: None, ..LayoutOptions::default() };
    for paragraph in YIDDISH.lines().filter(|l| !l.is_empty()) {
        let layout = layouter.layout(paragraph, &options);
        let mut drawn: Vec<char> = layout.glyphs.chars().collect();
        let mut logical: Vec<char> = paragraph.chars().collect();
        drawn.sort_unstable();
        logical.sort_unstable();
        // Every character drawn as itself (shaping is for Arabic script only).
        assert_eq!(drawn, logical, "{paragraph}");
    }
    assert!(YIDDISH.contains('\u{05F0}') && YIDDISH.contains('\u{05F2}'));
}
