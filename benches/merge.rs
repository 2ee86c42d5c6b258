//! Three-way merge of annotation stores at two sizes (10⁴ and 10⁵
//! annotations per side), to show it is linear (n log n): the time per
//! annotation must stay about the same from one size to the next.
//!
//! - `theirs_added`: the other side added n annotations, we changed nothing;
//! - `both_added`: both sides added n annotations under the same ids (two
//!   Hashiyas tagging at once): every id collides;
//! - `both_edited`: both sides changed every one of n shared annotations
//!   differently: n conflicts.

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use hashiya::annotate::Store;
use hashiya::annotate::merge::merge;

/// A store of `n` entities labelled `label`, at offsets from `from`.
fn entities(n: usize, from: usize, label: &str) -> Store {
    let mut store = Store::new();
    for k in 0..n {
        let start = from + k * 7;
        store.add_entity(label, start..start + 5, "كلمات").unwrap();
    }
    store
}

/// `store` with every entity's label set to `label`.
fn relabelled(store: &Store, label: &str) -> Store {
    let mut out = store.clone();
    let ids: Vec<String> = store.entities().map(|e| e.id.clone()).collect();
    for id in ids {
        out.set_label(&id, label).unwrap();
    }
    out
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("merge");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let empty = Store::new();
        let theirs = entities(n, 0, "PERSON");
        g.bench_with_input(BenchmarkId::new("theirs_added", n), &n, |b, _| {
            b.iter_batched(
                || empty.clone(),
                |mut ours| merge(&empty, &mut ours, &theirs),
                BatchSize::LargeInput,
            );
        });
        let ours = entities(n, 3, "GPE");
        g.bench_with_input(BenchmarkId::new("both_added", n), &n, |b, _| {
            b.iter_batched(
                || ours.clone(),
                |mut ours| merge(&empty, &mut ours, &theirs),
                BatchSize::LargeInput,
            );
        });
        let (ours, theirs_edit) = (relabelled(&theirs, "ORG"), relabelled(&theirs, "NORP"));
        g.bench_with_input(BenchmarkId::new("both_edited", n), &n, |b, _| {
            b.iter_batched(
                || ours.clone(),
                |mut ours| merge(&theirs, &mut ours, &theirs_edit),
                BatchSize::LargeInput,
            );
        });
    }
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
