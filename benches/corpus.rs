//! The corpus model at the scale of the 10,000-article corpus of
//! `scripts/bench-corpus.sh` (the five samples' annotations repeated:
//! 230,000 entities, 50,000 claims), in memory: building the aggregate,
//! replacing one article (what a save does), making a corpus view's rows,
//! and, on a folder of 10,000 articles read whole, one keystroke in each
//! corpus view (`App::update` and a redraw at 200×60 through
//! `TestBackend`; the target is 16 ms) and switching views (target 50 ms).

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use hashiya::annotate::{Claimant, Cue, Store, save, sidecar_path};
use hashiya::app::App;
use hashiya::app::articles::collect;
use hashiya::app::corpus_view::table;
use hashiya::app::review::View;
use hashiya::assets::SAMPLE_ARTICLES;
use hashiya::corpus::{ArticleData, Corpus};
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;
use hashiya::tui::screen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ARTICLES: usize = 10_000;

/// A sample's store: every 16th Arabic word of three letters or more an
/// entity, a claim per sentence with «قال», as the bench script makes them.
fn store_of(text: &str) -> Store {
    let mut store = Store::new();
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if ('\u{0621}'..='\u{064A}').contains(&chars[i]) {
            let start = i;
            while i < chars.len() && ('\u{0621}'..='\u{064A}').contains(&chars[i]) {
                i += 1;
            }
            if i - start >= 3 {
                words.push(start..i);
            }
        } else {
            i += 1;
        }
    }
    let labels = ["PERSON", "ORG", "GPE", "DATE", "EVENT"];
    let mut ids = Vec::new();
    for (k, r) in words.iter().enumerate().filter(|(k, _)| k % 16 == 4) {
        let t: String = chars[r.clone()].iter().collect();
        ids.push((r.clone(), store.add_entity(labels[k % 5], r.clone(), &t).unwrap()));
    }
    for (r, id) in ids.iter().step_by(5) {
        let end = (r.end + 40).min(chars.len());
        let t: String = chars[r.start..end].iter().collect();
        let c = store.add_claim(r.start..end, &t).unwrap();
        store.set_claimant(&c, Some(Claimant::Entity(id.clone()))).unwrap();
        let cue: String = chars[r.clone()].iter().collect();
        store.set_cue(&c, Some(Cue::new(r.clone(), &cue))).unwrap();
    }
    store
}

fn data() -> Vec<ArticleData> {
    let samples: Vec<ArticleData> =
        SAMPLE_ARTICLES.iter().map(|(_, text)| ArticleData::of(&store_of(text))).collect();
    (0..ARTICLES).map(|i| samples[i % samples.len()].clone()).collect()
}

fn aggregate(c: &mut Criterion) {
    let data = data();
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.bench_function("build 10k articles", |b| b.iter(|| Corpus::build(data.clone())));
    let mut corpus = Corpus::build(data.clone());
    let one = data[7].clone();
    group.bench_function("replace one article", |b| b.iter(|| corpus.set(7, one.clone())));
    for view in [View::Articles, View::Entities, View::Claims, View::Labels, View::Annotators] {
        group.bench_function(format!("rows of {view:?}"), |b| {
            b.iter(|| table(view, &corpus));
        });
    }
    group.finish();
}

/// A folder of 10,000 annotated copies of the samples, the reader on it,
/// the corpus read whole: a keystroke in each corpus view, and switches.
fn keystrokes(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let stores: Vec<Store> = SAMPLE_ARTICLES.iter().map(|(_, text)| store_of(text)).collect();
    for i in 0..ARTICLES {
        let k = i % SAMPLE_ARTICLES.len();
        let (name, text) = SAMPLE_ARTICLES[k];
        let path = dir.path().join(format!("{i:05}_{name}"));
        std::fs::write(&path, text).unwrap();
        save(&sidecar_path(&path), &stores[k], text.as_bytes()).unwrap();
    }
    let articles = collect(&[dir.path().to_path_buf()]).unwrap();
    let mut app = App::new(articles, Keymap::default(), LayoutOptions::default());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| screen::draw(f, &mut app)).unwrap();
    app.update(Action::ToggleReview);
    app.update(Action::CycleView);
    app.wait_scan();
    let mut group = c.benchmark_group("corpus view");
    for view in ["articles", "entity index", "who said what", "labels", "annotators"] {
        let title = format!("keystroke in {view} (j and k, redraw each)");
        group.bench_function(title, |b| {
            b.iter(|| {
                for action in [Action::NextItem, Action::PreviousItem] {
                    app.update(action);
                    terminal.draw(|f| screen::draw(f, &mut app)).unwrap();
                }
            });
        });
        app.update(Action::CycleView);
    }
    // Six switches go round every view, this article's table included.
    group.bench_function("switch views (V six times, redraw each)", |b| {
        b.iter(|| {
            for _ in 0..6 {
                app.update(Action::CycleView);
                terminal.draw(|f| screen::draw(f, &mut app)).unwrap();
            }
        });
    });
    group.finish();
}

criterion_group!(benches, aggregate, keystrokes);
criterion_main!(benches);
