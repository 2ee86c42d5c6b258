//! One text path for all UI text: the status line, the search prompt, the
//! note editor, the claim form and the entity index show Arabic shaped and
//! in order, cell for cell what `render` prints for the same string; and
//! the smaller promises of the status line and the review screen.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::draw;
use hashiya::annotate::{Store, save, sidecar_path};
use hashiya::app::articles::{ArticleSource, Origin, collect};
use hashiya::app::{App, Mode};
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::{BaseDirection, LayoutOptions};
use hashiya::render::{RenderOptions, render_document};
use hashiya::text::Document;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

const ARTICLE: &str = "004_c29349fac5246de1.txt";

fn sample() -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE);
    std::fs::read_to_string(path).unwrap()
}

/// An app on a copy of the sample article in `dir` (so it can annotate).
fn app_in(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join(ARTICLE);
    std::fs::write(&path, sample()).unwrap();
    let source = ArticleSource { name: ARTICLE.into(), origin: Origin::File(path) };
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    App::new(vec![source], Keymap::default(), options)
}

fn search(app: &mut App, query: &str) {
    app.update(Action::Search);
    for c in query.chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
}

/// Tags the first match of `query` with the label on `key`.
fn tag(app: &mut App, query: &str, key: char) {
    search(app, query);
    app.update(Action::TagEntity);
    app.type_char(key);
    app.update(Action::ClearSearch);
}

/// What `render` (`hashiya render --no-wrap --no-pad --shape on`) prints
/// for `text`: the one line it lays out, by the article's path.
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

/// Row `y` of the screen, cell by cell.
fn row(terminal: &Terminal<TestBackend>, y: u16) -> String {
    let buf = terminal.backend().buffer();
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// Asserts that `row` shows, from column `x`, exactly the cells `render`
/// gives for `text`.
fn assert_rendered_at(row: &str, x: usize, text: &str) {
    let expected = rendered(text);
    let shown: String = row.chars().skip(x).take(expected.chars().count()).collect();
    assert_eq!(shown, expected, "at column {x} of {row:?}, render of {text:?}");
    assert!(
        expected.chars().any(|c| ('\u{FE70}'..='\u{FEFC}').contains(&c)),
        "the reference is shaped: {expected}"
    );
}

/// `message` without the isolates around its quoted fields.
fn plain(message: Option<&String>) -> String {
    message.map(|m| m.replace(['\u{2068}', '\u{2069}'], "")).unwrap_or_default()
}

/// The column of the first cell whose style has `modifier`, on row `y`.
fn first_with(terminal: &Terminal<TestBackend>, y: u16, modifier: Modifier) -> Option<u16> {
    let buf = terminal.backend().buffer();
    (0..buf.area.width).find(|&x| buf[(x, y)].modifier.contains(modifier))
}

#[test]
fn status_line_shows_the_claim_under_the_cursor_as_render_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    draw(&mut app, 100, 20);
    tag(&mut app, "يفمينوف", '1');
    search(&mut app, "وقال يفمينوف");
    app.update(Action::ClearSearch);
    app.update(Action::TagClaim);
    app.update(Action::Confirm);
    app.message = None;
    let described = app.describe_cursor().unwrap();
    assert!(described.contains("claim by e1") && described.contains("cue"), "{described}");
    let t = draw(&mut app, 100, 20);
    let status = row(&t, 19);
    // The whole message, isolates and all, as `render` lays it out.
    assert_rendered_at(&status, 1, &described);
    assert_rendered_at(
        &status,
        status.find('«').map_or(0, |b| status[..b].chars().count() + 1),
        "يفمينوف",
    );
    insta::assert_snapshot!("status_line_claim", status);
}

#[test]
fn search_prompt_types_right_to_left_with_the_caret_where_the_next_letter_goes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    draw(&mut app, 80, 12);
    app.update(Action::Search);
    let mut typed = String::new();
    for c in "الكرملين".chars() {
        app.type_char(c);
        typed.push(c);
        let t = draw(&mut app, 80, 12);
        let status = row(&t, 11);
        // `/`, the caret (left of the Arabic: where the next letter goes),
        // then what was typed, shaped, as `render` shows it.
        assert_eq!(first_with(&t, 11, Modifier::REVERSED), Some(1), "{status}");
        assert_rendered_at(&status, 2, &typed);
    }
    let t = draw(&mut app, 80, 12);
    insta::assert_snapshot!("search_prompt", row(&t, 11));
    // Not found: the query in the message is shaped and in order too.
    app.update(Action::Confirm);
    let t = draw(&mut app, 80, 12);
    let status = row(&t, 11);
    assert!(status.starts_with(" not found: «"), "{status}");
    assert_rendered_at(&status, 13, "الكرملين");
}

#[test]
fn note_editor_types_right_to_left_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    draw(&mut app, 100, 12);
    tag(&mut app, "يفمينوف", '1');
    search(&mut app, "يفمينوف");
    app.update(Action::EditNote);
    assert!(matches!(app.mode, Mode::Note { .. }));
    let prompt = "note e1 (Enter saves, Esc cancels): ";
    let note = "قائد البحرية منذ 2019";
    for c in note.chars() {
        app.type_char(c);
    }
    let t = draw(&mut app, 100, 12);
    let status = row(&t, 11);
    assert!(status.starts_with(prompt), "{status}");
    // Right to left with a number inside: the caret left of the text.
    let x = prompt.chars().count();
    assert_eq!(first_with(&t, 11, Modifier::REVERSED), Some(x as u16), "{status}");
    assert_rendered_at(&status, x + 1, note);
    insta::assert_snapshot!("note_editor", status);
    app.update(Action::Confirm);
    assert_eq!(app.ann.store.entity("e1").and_then(|e| e.note.clone()).as_deref(), Some(note));
}

#[test]
fn claim_form_fields_show_shaped_text_as_render_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    draw(&mut app, 100, 30);
    tag(&mut app, "يفمينوف", '1');
    search(&mut app, "وقال يفمينوف");
    app.update(Action::ClearSearch);
    app.update(Action::TagClaim);
    let Mode::Claim(form) = &app.mode else { panic!("no claim form") };
    let cue = form.current_cue().map(|(_, t)| t).unwrap();
    assert_eq!(cue, "وقال");
    // Go to the note and type it: the caret in the focused field.
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(Action::NextField);
    for c in "نفى ذلك".chars() {
        app.type_char(c);
    }
    let t = draw(&mut app, 100, 30);
    let rows: Vec<String> = (22..29).map(|y| row(&t, y)).collect();
    let at = |label: &str| rows.iter().find(|r| r.contains(label)).unwrap().clone();
    let claimant = at("claimant");
    assert_rendered_at(&claimant, 11, "\u{2068}يفمينوف\u{2069} (PERSON e1)");
    assert_rendered_at(&at(" cue "), 11, &cue);
    assert_rendered_at(&at("kind"), 11, "\u{2068}نقل غير مباشر\u{2069} (indirect)");
    // The note is focused: the caret (not reversed in a reversed field) then the text.
    assert_rendered_at(&at("note"), 12, "نفى ذلك");
    insta::assert_snapshot!("claim_form_fields", rows.join("\n"));
}

/// A folder with the sample article whose sidecar tags البحرية الروسية
/// (folded: البحريه الروسيه) twice and أوكرانيا once.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = sample();
    let path = dir.path().join(ARTICLE);
    std::fs::write(&path, &text).unwrap();
    let mut store = Store::new();
    let mut from = 0;
    for needle in ["البحرية الروسية", "البحرية الروسية", "أوكرانيا"]
    {
        let byte = text[from..].find(needle).unwrap() + from;
        let start = text[..byte].chars().count();
        store.add_entity("ORG", start..start + needle.chars().count(), needle).unwrap();
        from = byte + needle.len();
    }
    save(&sidecar_path(&path), &store, text.as_bytes()).unwrap();
    dir
}

#[test]
fn entity_index_names_entities_as_written_shaped_as_render_does() {
    let dir = corpus();
    let articles = collect(&[dir.path().to_path_buf()]).unwrap();
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    let mut app = App::new(articles, Keymap::default(), options);
    draw(&mut app, 100, 10);
    app.update(Action::ToggleReview);
    app.update(Action::CycleView);
    app.update(Action::CycleView);
    let t = draw(&mut app, 100, 10);
    let header = row(&t, 0);
    assert!(
        header.starts_with(" corpus (1 article): entity index · 2 entities · most mentioned first"),
        "{header}"
    );
    assert!(!header.contains(ARTICLE), "a corpus view names no article: {header}");
    // The entity column (first, right-aligned): the written form, never the key.
    let first = row(&t, 2);
    let name = rendered("البحرية الروسية");
    let width = first.find(" 2 ").map(|b| first[..b].chars().count()).unwrap();
    assert_rendered_at(&first, width - name.chars().count(), "البحرية الروسية");
    assert!(!first.contains(&rendered("البحريه الروسيه")), "the folded key: {first}");
    let second = row(&t, 3);
    assert!(second.contains(&rendered("أوكرانيا")), "{second}");
    assert!(!second.contains(&rendered("اوكرانيا")), "{second}");
    insta::assert_snapshot!(
        "entity_index",
        (0..4).map(|y| row(&t, y)).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn review_headers_name_the_scope_the_order_and_count_in_words() {
    let dir = corpus();
    let articles = collect(&[dir.path().to_path_buf()]).unwrap();
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    let mut app = App::new(articles, Keymap::default(), options);
    draw(&mut app, 160, 10);
    app.update(Action::ToggleReview);
    let header = |app: &mut App| row(&draw(app, 160, 10), 0);
    let h = header(&mut app);
    assert!(
        h.starts_with(&format!(
            " this article: annotations of {ARTICLE} · 3 annotations · sorted by position"
        )),
        "{h}"
    );
    app.update(Action::CycleSort);
    assert!(header(&mut app).contains("· sorted by label"));
    // One row: singular.
    app.update(Action::FilterText);
    for c in "أوكرانيا".chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
    let h = header(&mut app);
    assert!(h.contains("· 1 annotation · sorted by label · filtered: text "), "{h}");
    app.update(Action::Cancel);
    let expected = [
        " corpus (1 article): articles · 1 article · in the order opened",
        " corpus (1 article): entity index · 2 entities · most mentioned first",
        " corpus (1 article): who said what · 0 claims · by claimant, then article and position",
        " corpus (1 article): labels · 1 label · most used first",
    ];
    for want in expected {
        app.update(Action::CycleView);
        let h = header(&mut app);
        assert!(h.starts_with(want), "{h}");
        assert!(!h.contains("sorted by position") && !h.contains(ARTICLE), "{h}");
    }
    // `s` in a corpus view says what the order is instead of changing nothing.
    app.update(Action::CycleSort);
    let message = app.message.clone().unwrap();
    assert!(message.starts_with("labels: sorted most used first"), "{message}");
    app.update(Action::CycleView);
    let h = header(&mut app);
    assert!(h.starts_with(" corpus (1 article): annotators · "), "{h}");
    assert!(h.contains(" · most annotations first"), "{h}");
}

#[test]
fn an_article_without_a_sidecar_has_no_annotations_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    assert_eq!(app.ann.status(), "no annotations");
    let t = draw(&mut app, 100, 12);
    assert!(row(&t, 11).contains(" no annotations RTL "), "{}", row(&t, 11));
    tag(&mut app, "بكين", '3');
    assert_eq!(app.ann.status(), "saved");
    // Undone: the sidecar on disk holds none, and says so truly.
    app.update(Action::Undo);
    assert!(sidecar_path(&dir.path().join(ARTICLE)).exists());
    assert_eq!(app.ann.status(), "saved");
}

#[test]
fn trim_says_why_a_word_stays_and_what_a_trimmed_one_became() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    draw(&mut app, 100, 12);
    search(&mut app, "للكرملين");
    let before = app.reader.selection.clone();
    app.update(Action::TrimProclitics);
    let message = plain(app.message.as_ref());
    assert!(message.starts_with("«للكرملين» is not trimmed: لل may be"), "{message}");
    assert!(message.contains("Alt-<"), "how to trim by hand: {message}");
    assert_eq!(app.reader.selection, before, "nothing changed");
    search(&mut app, "والاستقرار");
    app.update(Action::TrimProclitics);
    assert_eq!(plain(app.message.as_ref()), "«والاستقرار» trimmed to «الاستقرار»");
}

#[test]
fn deleting_nested_annotations_names_each_and_the_next_x_takes_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    draw(&mut app, 100, 12);
    tag(&mut app, "نيكولاي يفمينوف", '1');
    tag(&mut app, "يفمينوف", '1');
    search(&mut app, "نيكولاي يفمينوف");
    app.update(Action::ClearSearch);
    // The cursor on يفمينوف: both under it, the innermost first.
    app.update(Action::NextWord);
    app.update(Action::DeleteAnnotation);
    let message = plain(app.message.as_ref());
    assert!(message.starts_with("deleted e2 PERSON «يفمينوف» (u undoes)"), "{message}");
    assert!(
        message.contains("still under the cursor: e1 PERSON «نيكولاي يفمينوف» — x deletes e1"),
        "{message}"
    );
    app.update(Action::DeleteAnnotation);
    assert_eq!(plain(app.message.as_ref()), "deleted e1 PERSON «نيكولاي يفمينوف» (u undoes)");
    assert!(app.ann.store.is_empty());
}

/// Every row of the help or the message log, scrolling it from the top
/// to the bottom with `j`; checks that each `j` scrolls by exactly one row.
fn all_overlay_rows(app: &mut App, width: u16, height: u16) -> Vec<String> {
    app.update(Action::GoTop);
    // The overlay's body: inside its borders, above the status line.
    let body = 1..height - 2;
    let t = draw(app, width, height);
    let mut rows: Vec<String> = body.clone().map(|y| row(&t, y)).collect();
    let mut page = rows.clone();
    loop {
        app.update(Action::ScrollLineDown);
        let t = draw(app, width, height);
        let next: Vec<String> = body.clone().map(|y| row(&t, y)).collect();
        if next == page {
            return rows;
        }
        assert_eq!(next[..next.len() - 1], page[1..], "j scrolls by one row");
        rows.push(next[next.len() - 1].clone());
        page = next;
    }
}

/// The text of `rows` from column `x` to the border, joined as one line
/// with single spaces.
fn joined(rows: &[String], x: usize) -> String {
    let parts: Vec<String> = rows
        .iter()
        .map(|r| r.chars().skip(x).collect::<String>().trim_end_matches(['│', ' ']).to_string())
        .collect();
    parts.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn help_lists_every_key_with_its_whole_description_scrolls_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    let (width, height) = (64, 20);
    draw(&mut app, width, height);
    app.update(Action::Help);
    assert!(matches!(app.mode, Mode::Help(_)));
    let t = draw(&mut app, width, height);
    assert!(row(&t, 1).contains("Reading [reader]"), "the current mode first: {}", row(&t, 1));
    assert!(
        row(&t, height - 2).contains(" rows 1–"),
        "where the view stands: {}",
        row(&t, height - 2)
    );
    let rows = all_overlay_rows(&mut app, width, height);
    // Descriptions start after the keys column (border, 2 of margin, 18 of keys, 1).
    let text = joined(&rows, 2 + 18 + 1);
    let keymap = Keymap::default();
    for &mode in hashiya::keymap::Mode::ALL {
        for (action, keys) in keymap.bindings(mode) {
            // As `render` lays the description out (its Arabic shaped).
            let description = rendered(action.description());
            assert!(text.contains(&description), "{mode}: {action}: not whole in {text}");
            let keys_text = joined(&rows, 2);
            assert!(keys_text.contains(&keys.join(" ")), "{mode}: {action}: keys {keys:?}");
        }
    }
    // G: the last rows, and the border says so.
    app.update(Action::GoBottom);
    let t = draw(&mut app, width, height);
    let border = row(&t, height - 2);
    assert!(border.contains(&format!("of {} ", rows.len())), "{border}");
    assert!(border.contains(&format!("–{} of", rows.len())), "{border}");
    // Typing filters (spelling-insensitive); Esc clears the filter, then closes.
    app.update(Action::GoTop);
    for c in "UNDO".chars() {
        app.type_char(c);
    }
    let t = draw(&mut app, width, height);
    let shown: Vec<String> = (1..height - 2).map(|y| row(&t, y)).collect();
    let shown_text = joined(&shown, 0);
    assert!(shown_text.contains("filter: UNDO"), "{shown_text}");
    assert!(shown_text.contains("Undo the last annotation change."), "{shown_text}");
    assert!(!shown_text.contains("Quit Hashiya."), "{shown_text}");
    insta::assert_snapshot!("help_filtered", shown.join("\n"));
    app.update(Action::Confirm);
    app.update(Action::Cancel);
    let Mode::Help(help) = &app.mode else { panic!("Esc clears the filter first") };
    assert!(help.filter.is_empty());
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Read);
}

#[test]
fn the_message_log_shows_the_last_messages_whole_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    let (width, height) = (50, 16);
    draw(&mut app, width, height);
    search(&mut app, "للكرملين");
    app.update(Action::TrimProclitics);
    let long = plain(app.message.as_ref());
    search(&mut app, "xyz");
    app.update(Action::MessageLog);
    assert!(matches!(app.mode, Mode::Messages(_)));
    let rows = all_overlay_rows(&mut app, width, height);
    // Each message whole, wrapped: the text after the bullet column.
    let text = joined(&rows, 2 + 3);
    let found = text.find("not found: «xyz» — nothing selected").unwrap();
    // The long one wraps over several rows: each of its Latin words is
    // there, in order, after the newer message.
    let mut at = found;
    for word in long.split_whitespace().filter(|w| w.is_ascii()) {
        at += text[at..].find(word).unwrap_or_else(|| panic!("{word} missing after {at}: {text}"));
    }
    assert!(text.contains(&rendered("للكرملين")), "{text}");
    assert!(!text.contains('…'), "nothing is cut: {text}");
    app.update(Action::MessageLog);
    assert_eq!(app.mode, Mode::Read);
}

#[test]
fn the_log_counts_a_message_given_again_not_one_left_standing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(&dir);
    draw(&mut app, 80, 12);
    search(&mut app, "xyz");
    // Typing a new query leaves the message up: it is not given again.
    app.update(Action::Search);
    app.update(hashiya::app::Msg::Type('a'));
    app.update(hashiya::app::Msg::Type('b'));
    app.update(Action::Cancel);
    let newest: Vec<(String, usize)> =
        app.log.newest_first().map(|(m, n)| (plain(Some(&m.to_string())), n)).collect();
    assert_eq!(newest[0], ("not found: «xyz» — nothing selected".to_string(), 1));
    // The same failing key twice: given twice.
    search(&mut app, "للكرملين");
    app.update(Action::TrimProclitics);
    app.update(Action::TrimProclitics);
    let (message, n) = app.log.newest_first().next().unwrap();
    assert!(plain(Some(&message.to_string())).starts_with("«للكرملين» is not trimmed"));
    assert_eq!(n, 2);
}
