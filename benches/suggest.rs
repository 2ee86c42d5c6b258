//! Suggestions for one sample article as it opens: the built-in
//! recommenders (gazetteer, dates, claims) on the largest sample
//! (`002_…`, 8.5 KB), the gazetteer built from the team's annotations of
//! the other four (`tests/data/annotated`). The target is 50 ms from
//! opening the article to its suggestions.

#![allow(missing_docs, clippy::unwrap_used)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use hashiya::annotate::{Schema, Store, load, sidecar_path};
use hashiya::corpus::{ArticleData, Corpus};
use hashiya::suggest::{Builtins, Gazetteer, Input, suggest};

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/annotated");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let articles: Vec<(String, Store)> = names
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let store = load(&sidecar_path(p), &text).unwrap().store;
            (text, store)
        })
        .collect();
    let held_out = 2;
    let schema = Schema::builtin();
    let empty = Store::new();
    let text = &articles[held_out].0;
    let corpus = Corpus::build(articles.iter().map(|(_, s)| ArticleData::of(s)));
    let run = |builtins: &Builtins| {
        let input = Input {
            name: "002",
            text,
            store: &empty,
            rejected: &[],
            schema: &schema,
            proposed: &[],
        };
        suggest(&builtins.all(), &input).0
    };
    let mut group = c.benchmark_group("suggest");
    group.bench_function("open 002: gazetteer from the other four + suggestions", |b| {
        b.iter(|| {
            let builtins =
                Builtins::new(Gazetteer::from_corpus_except(&corpus, Some(held_out)), &schema);
            run(&builtins).len()
        });
    });
    let builtins = Builtins::new(Gazetteer::from_corpus_except(&corpus, Some(held_out)), &schema);
    assert!(!run(&builtins).is_empty());
    group.bench_function("suggestions for 002, gazetteer built", |b| {
        b.iter(|| run(&builtins).len());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
