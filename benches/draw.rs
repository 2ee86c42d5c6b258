//! One keystroke in BIG at 200×60: `App::update` then a full redraw through
//! `ratatui`'s `TestBackend` (the target is 2 ms each); and the first screen,
//! of BIG built in memory (`first_screen`: the whole text indexed) and of
//! BIG opened from a file (`first_screen_from_file`: head first).

#![allow(missing_docs, clippy::unwrap_used)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use hashiya::app::App;
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;
use hashiya::tui::screen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn setup() -> (App, Terminal<TestBackend>) {
    let source =
        ArticleSource { name: "BIG".to_string(), origin: Origin::Embedded(common::big_static()) };
    let mut app = App::new(vec![source], Keymap::default(), LayoutOptions::default());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| screen::draw(f, &mut app)).unwrap();
    (app, terminal)
}

/// The reader's first screen of BIG opened from a file, as `hashiya BIG`
/// does: the head is read and drawn; the whole file is not read here.
fn first_screen_of_file(path: &std::path::Path) -> (App, Terminal<TestBackend>) {
    let source = ArticleSource { name: "BIG".to_string(), origin: Origin::File(path.into()) };
    let mut app = App::new(vec![source], Keymap::default(), LayoutOptions::default());
    assert!(app.is_loading(), "BIG opens head first");
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| screen::draw(f, &mut app)).unwrap();
    (app, terminal)
}

/// An article whose first screen carries `n` entities, stacked on its
/// first words (a hostile or machine-made sidecar), opened from a file.
fn crowded(dir: &std::path::Path, n: usize) -> (App, Terminal<TestBackend>) {
    let (_, text) = hashiya::assets::SAMPLE_ARTICLES[4];
    let path = dir.join(format!("crowded-{n}.txt"));
    std::fs::write(&path, text).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mut store = hashiya::annotate::Store::new();
    for i in 0..n {
        let start = (i * 7) % 600;
        let end = (start + 1 + i % 13).min(chars.len());
        let quoted: String = chars[start..end].iter().collect();
        store.add_entity("PERSON", start..end, &quoted).unwrap();
    }
    let sidecar = hashiya::annotate::sidecar_path(&path);
    hashiya::annotate::save(&sidecar, &store, text.as_bytes()).unwrap();
    let source = ArticleSource { name: "crowded".to_string(), origin: Origin::File(path) };
    let mut app = App::new(vec![source], Keymap::default(), LayoutOptions::default());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| screen::draw(f, &mut app)).unwrap();
    (app, terminal)
}

fn key(app: &mut App, terminal: &mut Terminal<TestBackend>, action: Action) {
    app.update(action);
    terminal.draw(|f| screen::draw(f, app)).unwrap();
}

fn benches(c: &mut Criterion) {
    let (mut app, mut terminal) = setup();
    let mut g = c.benchmark_group("keystroke_big_200x60");
    g.bench_function("first_screen", |b| {
        b.iter_with_large_drop(setup);
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("BIG.txt");
    std::fs::write(&path, common::big_static()).unwrap();
    g.bench_function("first_screen_from_file", |b| {
        b.iter_with_large_drop(|| first_screen_of_file(&path));
    });
    g.bench_function("scroll_line_down", |b| {
        b.iter(|| key(&mut app, &mut terminal, Action::ScrollLineDown));
    });
    g.bench_function("scroll_page_down", |b| {
        b.iter(|| key(&mut app, &mut terminal, Action::ScrollPageDown));
    });
    g.bench_function("next_word", |b| b.iter(|| key(&mut app, &mut terminal, Action::NextWord)));
    g.bench_function("cursor_left", |b| {
        b.iter(|| key(&mut app, &mut terminal, Action::CursorLeft));
    });
    key(&mut app, &mut terminal, Action::Select);
    g.bench_function("select_left", |b| {
        b.iter(|| key(&mut app, &mut terminal, Action::SelectLeft));
    });
    key(&mut app, &mut terminal, Action::Select);
    // Two keystrokes per iteration: open the picker, close it.
    g.bench_function("label_picker_open_and_cancel", |b| {
        b.iter(|| {
            key(&mut app, &mut terminal, Action::TagEntity);
            key(&mut app, &mut terminal, Action::Cancel);
        });
    });
    g.bench_function("go_bottom_then_top", |b| {
        b.iter(|| {
            key(&mut app, &mut terminal, Action::GoBottom);
            key(&mut app, &mut terminal, Action::GoTop);
        });
    });
    g.finish();
    // A keystroke with 1,000 and 10,000 entities on the screen's words: the
    // spans are painted once per frame, so the two take about as long.
    let mut g = c.benchmark_group("keystroke_crowded_200x60");
    for n in [1_000, 10_000] {
        let (mut app, mut terminal) = crowded(dir.path(), n);
        g.bench_function(format!("cursor_left_{n}_entities"), |b| {
            b.iter(|| key(&mut app, &mut terminal, Action::CursorLeft));
        });
    }
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
