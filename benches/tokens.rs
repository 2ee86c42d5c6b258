//! The tokeniser of the spaCy and `CoNLL` exports (`text::tokens::tokens`) on
//! the sample articles of `tests/data/annotated`, read as one text, with
//! no span boundaries and with one every 40 chars (as an annotated
//! article has them), in Arabic (proclitics cut) and in another language.
//! Throughput is in bytes of text.
//!
//! `cargo bench --bench tokens` (add `-- --warm-up-time 1
//! --measurement-time 3` for a quick look).

#![allow(missing_docs, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hashiya::text::language::Language;
use hashiya::text::tokens::tokens;

fn text() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/annotated");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect::<Vec<_>>().join("\n\n")
}

fn benches(c: &mut Criterion) {
    let text = text();
    let chars = text.chars().count();
    let none = BTreeSet::new();
    let starts: BTreeSet<usize> = (0..chars).step_by(40).collect();
    let ends: BTreeSet<usize> = (7..chars).step_by(40).collect();
    let mut g = c.benchmark_group("tokens");
    g.throughput(Throughput::Bytes(text.len() as u64));
    for (name, language) in [("arabic", Language::Arabic), ("other", Language::Other)] {
        g.bench_function(format!("{name}/no_spans"), |b| {
            b.iter(|| tokens(black_box(&text), language, &none, &none));
        });
        g.bench_function(format!("{name}/spans"), |b| {
            b.iter(|| tokens(black_box(&text), language, &starts, &ends));
        });
    }
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
