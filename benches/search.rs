//! Search over BIG: building the folded index, the first match, counting all.
//!
//! `cold/*` is what a user waits for after opening BIG and pressing Enter on
//! the first search: building the index and then the first match, the count,
//! or every match (what the reader highlights). The others reuse one index.

#![allow(missing_docs, clippy::unwrap_used)]

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hashiya::text::normalize::Folding;
use hashiya::text::search::SearchIndex;

fn benches(c: &mut Criterion) {
    let big = common::big();
    let mut g = c.benchmark_group("search_big");
    g.sample_size(10);
    g.bench_function("index", |b| b.iter(|| SearchIndex::new(black_box(&big), Folding::default())));
    // As the reader builds it in the background, on one thread.
    g.bench_function("index_sequential", |b| {
        b.iter(|| SearchIndex::new_sequential(black_box(&big), Folding::default()));
    });
    for query in ["الرئيس", "غير موجود إطلاقا"] {
        g.bench_function(format!("cold/first_match/{query}"), |b| {
            b.iter(|| SearchIndex::new(black_box(&big), Folding::default()).next_match(query, 0));
        });
        g.bench_function(format!("cold/count/{query}"), |b| {
            b.iter(|| SearchIndex::new(black_box(&big), Folding::default()).count(query));
        });
    }
    g.bench_function("cold/find_all/الرئيس", |b| {
        b.iter(|| SearchIndex::new(black_box(&big), Folding::default()).find_all("الرئيس"));
    });
    let index = SearchIndex::new(&big, Folding::default());
    // A common word, a rarer one, and one that is not in the text.
    for query in ["الجزائر", "الرئيس", "قال", "غير موجود إطلاقا"] {
        g.bench_function(format!("first_match/{query}"), |b| {
            b.iter(|| index.next_match(black_box(query), 0));
        });
        g.bench_function(format!("count/{query}"), |b| b.iter(|| index.count(black_box(query))));
    }
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
