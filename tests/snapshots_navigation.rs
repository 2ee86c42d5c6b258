//! Whole-screen snapshots of corpus navigation (issue 15): the article
//! list with titles and statuses, and the search across every article —
//! on a folder whose file names, titles and status values are hostile.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::draw;
use hashiya::app::articles::collect;
use hashiya::app::{App, Msg};
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A folder of four articles: plain ones, one whose name and title hold
/// terminal controls, one whose sidecar's status is not a status.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &str, Option<&str>); 4] = [
        ("01-economy.txt", "الاقتصاد ينمو\nقال الرئيس إن الاقتصاد ينمو بسرعة.", Some("done")),
        (
            "02-\u{1b}[31mred.txt",
            "\u{1b}]0;pwned\u{7}عنوان \u{202e}مقلوب\nوأكد الرّئيس ذلك في خطاب طويل.\nثم عاد الرئيس.",
            Some("in_progress"),
        ),
        ("03-sport.txt", "\n\nالرياضة\nلا شيء عن السياسة هنا.", Some("\u{1b}[2Jbad")),
        ("04-untitled.txt", "", None),
    ];
    for (name, text, status) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
        if let Some(status) = status {
            let escaped: String = status
                .chars()
                .map(
                    |c| if c.is_control() { format!("\\u{:04X}", c as u32) } else { c.to_string() },
                )
                .collect();
            std::fs::write(
                dir.path().join(format!("{name}.ann.toml")),
                format!("schema = 1\n\n[article]\nfile = \"x\"\nstatus = \"{escaped}\"\n"),
            )
            .unwrap();
        }
    }
    dir
}

fn app(dir: &tempfile::TempDir) -> App {
    let articles = collect(&[dir.path().to_path_buf()]).unwrap();
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    App::new(articles, Keymap::default(), options)
}

/// Applies what the background threads send until they end.
fn settle(app: &mut App) {
    let start = std::time::Instant::now();
    while app.is_busy() && start.elapsed().as_secs() < 20 {
        for m in app.background_messages() {
            app.update(m);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    for m in app.background_messages() {
        app.update(m);
    }
}

/// No cell of the screen holds a control character.
fn assert_no_controls(terminal: &Terminal<TestBackend>) {
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "a control reached the screen: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn article_list_with_titles_and_statuses() {
    let dir = folder();
    let mut app = app(&dir);
    app.update(Action::ToggleArticleList);
    settle(&mut app);
    let terminal = draw(&mut app, 100, 10);
    assert_no_controls(&terminal);
    insta::assert_snapshot!("article_list_titles_statuses_100x10", terminal.backend());
    // Filtered: only those in progress.
    app.update(Action::FilterStatus);
    app.update(Action::FilterStatus);
    let terminal = draw(&mut app, 100, 10);
    assert_no_controls(&terminal);
    insta::assert_snapshot!("article_list_in_progress_100x10", terminal.backend());
}

#[test]
fn search_of_every_article_lists_matches_per_article() {
    let dir = folder();
    let mut app = app(&dir);
    app.update(Action::SearchCorpus);
    for c in "الرئيس".chars() {
        app.update(Msg::Type(c));
    }
    settle(&mut app);
    app.update(Action::NextItem);
    let terminal = draw(&mut app, 100, 12);
    assert_no_controls(&terminal);
    insta::assert_snapshot!("corpus_search_100x12", terminal.backend());
    // Enter opens the second article with its first match selected.
    app.update(Action::Confirm);
    assert_eq!(app.current, 1);
    let sel = app.reader.selection.clone().unwrap();
    let text: String = app.reader.doc.text().chars().skip(sel.start).take(sel.len()).collect();
    assert_eq!(text, "الرّئيس");
    let terminal = draw(&mut app, 100, 12);
    assert_no_controls(&terminal);
    insta::assert_snapshot!("corpus_search_opened_100x12", terminal.backend());
}
