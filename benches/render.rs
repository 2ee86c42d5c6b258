//! `render` of BIG as a whole (into a sink) and its phases: paragraph
//! indexing and level resolution with and without the fast path.

#![allow(missing_docs, clippy::unwrap_used)]

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hashiya::layout::bidi::ParagraphLevels;
use hashiya::layout::fast::force_general_path;
use hashiya::layout::{BaseDirection, LayoutOptions};
use hashiya::render::{RenderOptions, render_document};
use hashiya::text::Document;

fn benches(c: &mut Criterion) {
    let big = common::big();
    let mut g = c.benchmark_group("render_big");
    g.sample_size(10);
    g.bench_function("document_index", |b| b.iter(|| Document::new(black_box(big.clone()))));
    let doc = Document::new(big.clone());
    let options = RenderOptions {
        layout: LayoutOptions { width: Some(80), shape: true, ..LayoutOptions::default() },
        pad: false,
    };
    g.bench_function("render_width80_shaped", |b| {
        b.iter(|| render_document(&doc, &options, &mut std::io::sink()).unwrap());
    });
    for (name, general) in [("levels_fast", false), ("levels_general", true)] {
        g.bench_function(name, |b| {
            force_general_path(general);
            let mut levels = ParagraphLevels::default();
            b.iter(|| {
                for i in 0..doc.paragraphs().len() {
                    levels.resolve_into(doc.paragraph_text(i), BaseDirection::Auto);
                }
                black_box(&levels);
            });
            force_general_path(false);
        });
    }
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
