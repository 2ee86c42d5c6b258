//! The search across every article (`F`) on a folder of 10,000 articles
//! (the five samples copied 2,000 times, ≈ 49 MB, as issue 15's corpus):
//!
//! - `read_all`: reading every file (what `cat` of the folder does): the
//!   baseline the others are compared with, as ratios;
//! - `search_all/<query>`: what the search threads do over the folder, on
//!   one thread — each file read, folded as `/` folds, searched, snippets
//!   made;
//! - `first_results/<query>`: from the query to the first article's
//!   matches reaching the app (the threads started, the first message
//!   received): what the user waits for before the list starts to fill;
//! - `whole_search/<query>`: the search as the reader runs it (two
//!   threads), from the query to its end.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::app::corpus_search::{CorpusSearch, KEEP_PER_ARTICLE, SearchEvent};
use hashiya::assets::SAMPLE_ARTICLES;
use hashiya::text::hits;
use hashiya::text::normalize::Folding;

/// Articles in the folder.
const ARTICLES: usize = 10_000;

fn corpus() -> (tempfile::TempDir, Vec<ArticleSource>) {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::with_capacity(ARTICLES);
    for i in 0..ARTICLES {
        let (_, text) = SAMPLE_ARTICLES[i % SAMPLE_ARTICLES.len()];
        let path: PathBuf = dir.path().join(format!("{i:05}.txt"));
        std::fs::write(&path, text).unwrap();
        out.push(ArticleSource { name: format!("{i:05}.txt"), origin: Origin::File(path) });
    }
    (dir, out)
}

fn benches(c: &mut Criterion) {
    let (_dir, articles) = corpus();
    let paths: Vec<PathBuf> = articles.iter().filter_map(|a| a.path().map(PathBuf::from)).collect();
    let mut g = c.benchmark_group("corpus_search_10000");
    g.sample_size(10);
    g.bench_function("read_all", |b| {
        b.iter(|| paths.iter().map(|p| std::fs::read(p).unwrap().len()).sum::<usize>());
    });
    // A word in every sample, and one in none.
    for query in ["الرئيس", "غير موجود إطلاقا"] {
        g.bench_function(format!("search_all/{query}"), |b| {
            b.iter(|| {
                paths
                    .iter()
                    .map(|p| {
                        let text = String::from_utf8(std::fs::read(p).unwrap()).unwrap();
                        hits::find(&text, black_box(query), Folding::default(), KEEP_PER_ARTICLE)
                            .total
                    })
                    .sum::<usize>()
            });
        });
    }
    // A word of one sample only: the first results are in the first five articles.
    for query in ["الرئيس", "شانغفو"] {
        g.bench_function(format!("first_results/{query}"), |b| {
            b.iter(|| {
                let mut search = CorpusSearch::default();
                search.query = query.into();
                search.restart(&articles);
                loop {
                    match search.wait_event() {
                        Some(SearchEvent::Found { .. } | SearchEvent::Done { .. }) | None => break,
                        Some(_) => {}
                    }
                }
            });
        });
    }
    // The whole search as the reader runs it (two threads), to its end.
    for query in ["الرئيس", "غير موجود إطلاقا"] {
        g.bench_function(format!("whole_search/{query}"), |b| {
            b.iter(|| {
                let mut search = CorpusSearch::default();
                search.query = query.into();
                search.restart(&articles);
                while let Some(event) = search.wait_event() {
                    if matches!(event, SearchEvent::Done { .. }) {
                        break;
                    }
                }
            });
        });
    }
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
