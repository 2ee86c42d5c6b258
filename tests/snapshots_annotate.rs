//! Snapshots of the annotator's overlays, and selection through the cell map.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::draw;
use hashiya::annotate::Claimant;
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::app::{App, Mode, Mouse, Msg};
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;
use ratatui::style::Modifier;

/// An app on a copy of `text` in a scratch folder (so it can annotate).
fn app_on(text: &str, dir: &tempfile::TempDir) -> App {
    let path = dir.path().join("article.txt");
    std::fs::write(&path, text).unwrap();
    let source = ArticleSource { name: "article.txt".into(), origin: Origin::File(path) };
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    App::new(vec![source], Keymap::default(), options)
}

fn sample() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/articles/004_c29349fac5246de1.txt");
    std::fs::read_to_string(path).unwrap()
}

fn search(app: &mut App, query: &str) {
    app.update(Action::Search);
    for c in query.chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
}

#[test]
fn label_picker() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&sample(), &dir);
    draw(&mut app, 100, 30);
    search(&mut app, "شانغفو");
    app.update(Action::TagEntity);
    assert!(matches!(app.mode, Mode::Label { .. }));
    insta::assert_snapshot!("label_picker_100x30", draw(&mut app, 100, 30).backend());
    app.type_char('1');
    assert_eq!(app.ann.store.entities().next().map(|e| e.text.as_str()), Some("شانغفو"));
}

#[test]
fn claim_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&sample(), &dir);
    draw(&mut app, 100, 30);
    // بكين is tagged where it first appears; the claim is another sentence.
    search(&mut app, "بكين");
    app.update(Action::TagEntity);
    app.type_char('3');
    // Esc drops the search match's selection: `c` claims the sentence.
    search(&mut app, "قالت بكين");
    app.update(Action::ClearSearch);
    app.update(Action::TagClaim);
    assert!(matches!(app.mode, Mode::Claim(_)));
    insta::assert_snapshot!("claim_form_100x30", draw(&mut app, 100, 30).backend());
    app.update(Action::Cancel);
    let claim = app.ann.store.claims().next().unwrap();
    assert!(claim.text.starts_with("قالت بكين إنها دعمت روسيا"), "{}", claim.text);
    assert_eq!(claim.cue.as_ref().map(|c| c.text.as_str()), Some("قالت"));
    assert_eq!(claim.claimant, Some(Claimant::Entity("e1".into())));
}

#[test]
fn claim_form_of_an_existing_claim_with_a_filter_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&sample(), &dir);
    draw(&mut app, 100, 30);
    for (name, key) in [("بكين", '3'), ("لي شانغفو", '1'), ("نيكولاي يفمينوف", '1')]
    {
        search(&mut app, name);
        app.update(Action::TagEntity);
        app.type_char(key);
    }
    search(&mut app, "قالت بكين");
    app.update(Action::TagClaim);
    app.update(Action::Confirm);
    // Later, on the claim with nothing selected: `c` opens its form.
    app.update(Action::ClearSearch);
    app.update(Action::TagClaim);
    let Mode::Claim(form) = &app.mode else { panic!("no form: {:?}", app.message) };
    assert!(!form.fresh);
    assert_eq!(form.id, "c1");
    // «شانغ» filters the entities: لي شانغفو is highlighted.
    for c in "شانغ".chars() {
        app.type_char(c);
    }
    insta::assert_snapshot!("claim_form_editing_filter_100x30", draw(&mut app, 100, 30).backend());
    app.update(Action::Confirm);
    assert_eq!(app.ann.store.claims().count(), 1);
    let claim = app.ann.store.claims().next().unwrap();
    assert_eq!(claim.claimant, Some(Claimant::Entity("e2".into())));
    // One undo takes the edit back, the next one the claim.
    app.update(Action::Undo);
    assert_eq!(app.message.as_deref(), Some("undone: edit of claim c1"));
    assert_eq!(
        app.ann.store.claims().next().unwrap().claimant,
        Some(Claimant::Entity("e1".into()))
    );
    app.update(Action::Undo);
    assert_eq!(app.message.as_deref(), Some("undone: claim c1"));
    assert_eq!(app.ann.store.claims().count(), 0);
}

/// The screen column of the cell showing document offset `offset`, and its row.
fn screen_pos(app: &mut App, offset: usize, width: usize) -> (usize, usize) {
    let rows = app.reader.viewport.rows(&app.reader.doc);
    for (y, row) in rows.iter().enumerate() {
        let base = row.para_char_start(&app.reader.doc);
        let line = row.line();
        let mut x = row.layout.indent(line, width);
        for cell in row.layout.line_cells(line) {
            if (base + cell.logical.start as usize..base + cell.logical.end as usize)
                .contains(&offset)
            {
                return (x, y);
            }
            x += usize::from(cell.width);
        }
    }
    panic!("offset {offset} not on screen");
}

#[test]
fn mouse_drag_across_an_embedded_latin_word_selects_what_is_highlighted() {
    // Logical: «قال Vladimir Putin اليوم إن». On screen the Latin words sit
    // left-to-right inside the right-to-left line.
    let text = "قال Vladimir Putin اليوم إن";
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(text, &dir);
    let width = 40;
    draw(&mut app, width as u16, 5);
    // From the middle of "اليوم" (logical 19..24) to the "V" of Vladimir:
    // whole words; with Alt held, exactly the characters between.
    let (x0, y0) = screen_pos(&mut app, 20, width);
    let (x1, y1) = screen_pos(&mut app, 4, width);
    for (by_char, expected) in [(false, "Vladimir Putin اليوم"), (true, "Vladimir Putin ال")]
    {
        app.update(Msg::Mouse(Mouse::Press { x: x0, y: y0, width }));
        app.update(Msg::Mouse(Mouse::Drag { x: x1, y: y1, width, by_char }));
        app.update(Msg::Mouse(Mouse::Release));
        let sel = app.reader.selection.clone().unwrap();
        let chosen: String = text.chars().skip(sel.start).take(sel.len()).collect();
        assert_eq!(chosen, expected);
        // Every cell between the two ends in logical order is drawn in the
        // selection style, and nothing else.
        let terminal = draw(&mut app, width as u16, 5);
        let buffer = terminal.backend().buffer();
        let highlighted = (0..width as u16)
            .filter(|&x| buffer[(x, 0)].modifier.contains(Modifier::REVERSED))
            .count();
        assert_eq!(highlighted, expected.chars().count());
    }
}

#[test]
fn undo_and_redo_are_inverse_through_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&sample(), &dir);
    draw(&mut app, 100, 30);
    search(&mut app, "بكين");
    app.update(Action::TagEntity);
    app.type_char('3');
    app.save();
    let sidecar = dir.path().join("article.txt.ann.toml");
    let tagged = std::fs::read(&sidecar).unwrap();
    app.update(Action::Undo);
    app.save();
    assert!(!String::from_utf8(std::fs::read(&sidecar).unwrap()).unwrap().contains("[[entity]]"));
    app.update(Action::Redo);
    app.save();
    assert_eq!(std::fs::read(&sidecar).unwrap(), tagged);
}

#[test]
fn tag_all_occurrences_finds_spelling_variants_and_proclitics() {
    let text = "التقى بوتين بالرئيس. وقال بوتينُ إن لبوتين رأياً. وبوتين غادر. البوتينية ليست اسماً.";
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(text, &dir);
    draw(&mut app, 80, 10);
    search(&mut app, "بوتين");
    app.update(Action::TagEntity);
    app.type_char('1');
    app.update(Action::TagAllOccurrences);
    let Mode::TagAll(t) = &app.mode else { panic!("no preview: {:?}", app.message) };
    // بوتينُ (with a damma), لبوتين and وبوتين; not البوتينية (another word).
    let found: Vec<String> =
        t.candidates.iter().map(|r| text.chars().skip(r.start).take(r.len()).collect()).collect();
    assert_eq!(found, ["بوتينُ", "بوتين", "بوتين"]);
    // Skip the first, then accept all the rest.
    app.type_char('n');
    app.type_char('a');
    assert_eq!(app.mode, Mode::Read);
    assert_eq!(app.ann.store.entities().count(), 3);
    assert!(app.ann.store.entities().all(|e| e.label == "PERSON"));
}

#[test]
fn unsaved_work_prompt_on_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&sample(), &dir);
    // Time stands still: the status line's "retrying in 1 s" is fixed.
    let frozen = std::time::Instant::now();
    app.clock = hashiya::app::clock::Clock::from_fn(move || frozen);
    // A folder where the sidecar should be: every save fails.
    std::fs::create_dir(dir.path().join("article.txt.ann.toml")).unwrap();
    draw(&mut app, 100, 30);
    search(&mut app, "شانغفو");
    app.update(Action::TagEntity);
    app.type_char('1');
    app.update(Action::Search);
    app.update(Action::Cancel);
    assert_eq!(app.ann.status(), "SAVE FAILED");
    app.update(Action::Quit);
    assert!(!app.quit, "quit with a failed save");
    assert!(matches!(app.mode, Mode::Unsaved(_)));
    insta::assert_snapshot!("unsaved_prompt_100x30", draw(&mut app, 100, 30).backend());
}
