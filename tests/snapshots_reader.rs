//! Whole-screen snapshots of the reader, drawn through ratatui's `TestBackend`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::draw;
use hashiya::app::App;
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::assets::SAMPLE_ARTICLES;
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;

/// The samples as built into the binary (so that sidecars a developer made
/// beside `assets/articles/` cannot change the screens).
fn samples() -> Vec<ArticleSource> {
    SAMPLE_ARTICLES
        .iter()
        .map(|&(name, text)| ArticleSource {
            name: name.to_string(),
            origin: Origin::Embedded(text),
        })
        .collect()
}

fn app(articles: Vec<ArticleSource>) -> App {
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    App::new(articles, Keymap::default(), options)
}

#[test]
fn sample_articles_at_80x24_and_120x40() {
    for (i, article) in samples().into_iter().enumerate() {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(vec![article.clone()]);
            let terminal = draw(&mut app, w, h);
            insta::assert_snapshot!(format!("reader_{i}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn search_selects_the_match_and_marks_all() {
    let mut app = app(samples());
    app.open(4);
    draw(&mut app, 80, 24);
    app.update(Action::Search);
    for c in "الصين".chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
    let selection = app.reader.selection.clone().expect("a match is selected");
    let text: String =
        app.reader.doc.text().chars().skip(selection.start).take(selection.len()).collect();
    assert_eq!(text, "الصين");
    let search = app.reader.search.as_ref().unwrap();
    assert!(search.matches.len() >= 2, "the article names China more than once");
    let terminal = draw(&mut app, 80, 24);
    insta::assert_snapshot!("search_al_sin_80x24", terminal.backend());
}

#[test]
fn help_overlay_from_keymap() {
    let mut app = app(samples());
    app.update(Action::Help);
    let terminal = draw(&mut app, 100, 40);
    insta::assert_snapshot!("help_100x40", terminal.backend());
}

#[test]
fn article_list_and_tiny_screens_do_not_panic() {
    let mut app = app(samples());
    app.update(Action::ToggleArticleList);
    draw(&mut app, 60, 12);
    for (w, h) in [(1, 1), (2, 1), (1, 3), (5, 2), (3, 10), (200, 2)] {
        draw(&mut app, w, h);
        app.update(Action::GoBottom);
        app.update(Action::CursorLeft);
        draw(&mut app, w, h);
    }
}
