//! Saving and loading a sidecar of 10,000 annotations on BIG (targets: 50 ms
//! each). `save` includes hashing the 29 MB article; `save_hashed` is what
//! the editor does at every change (the article hashed once). `load` is what
//! the app does when it opens the article: `Annotations::open` (schema,
//! instance marker, reading the sidecar once, parsing, re-anchoring every
//! span, the merge base); `load_sidecar` is the library's `load` alone.

#![allow(missing_docs, clippy::unwrap_used)]

mod common;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hashiya::annotate::sidecar::sha256_hex;
use hashiya::annotate::{Store, load, save, save_hashed, sidecar_path};
use hashiya::app::annotations::Annotations;

/// 10,000 entities of five characters spread evenly over `text`, each
/// quoting its text; with `author`, each says who made it and when, and has
/// a unique id (`e-4kq8r2mz`), as the reader makes them.
fn store(text: &str, author: bool) -> Store {
    let offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    let n = offsets.len();
    let step = n / 10_000;
    let mut store = Store::new();
    if author {
        store.set_id_scheme(hashiya::annotate::IdScheme::seeded(1));
        store.set_author(Some(hashiya::annotate::Author::new("alice")));
    }
    for k in 0..10_000 {
        let start = k * step;
        let end = start + 5;
        let quote = &text[offsets[start]..offsets[end]];
        store.add_entity("PER", start..end, quote).unwrap();
    }
    store
}

fn benches(c: &mut Criterion) {
    let big = common::big();
    let store = store(&big, false);
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("BIG.txt");
    std::fs::write(&article, &big).unwrap();
    let path = sidecar_path(&article);
    let store_by = self::store(&big, true);
    let mut g = c.benchmark_group("sidecar_big_10k");
    g.sample_size(10);
    g.bench_function("save", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(&path);
            },
            |()| save(&path, &store, big.as_bytes()).unwrap(),
            BatchSize::PerIteration,
        );
    });
    // What the editor does at every change: the article was hashed once.
    let sha = sha256_hex(big.as_bytes());
    g.bench_function("save_hashed", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(&path);
            },
            |()| save_hashed(&path, &store, &sha).unwrap(),
            BatchSize::PerIteration,
        );
    });
    save(&path, &store, big.as_bytes()).unwrap();
    g.bench_function("load", |b| {
        b.iter_with_large_drop(|| {
            let (opened, message) = Annotations::open(Some(&article), &big);
            assert!(opened.refusal().is_none() && message.is_none(), "{message:?}");
            assert_eq!(opened.store.len(), 10_000);
            opened
        });
    });
    // As measured before `load` became the app path (drop included).
    g.bench_function("load_sidecar", |b| b.iter(|| load(&path, &big).unwrap()));
    // The same with `by`, `at` and unique ids on every entity (a team's
    // sidecar): the ratio to `load_sidecar` is what recording them costs.
    save(&path, &store_by, big.as_bytes()).unwrap();
    g.bench_function("load_sidecar_by", |b| b.iter(|| load(&path, &big).unwrap()));
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
