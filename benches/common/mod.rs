//! The benchmarks' test document, BIG: the five sample articles, in their
//! order, concatenated 1200 times (about 29 MB, 16 M characters), as
//! `scripts/bench-peers.sh` builds it from `assets/articles/*.txt`.

#![allow(dead_code)]

use hashiya::assets::SAMPLE_ARTICLES;

/// How many times the samples are repeated.
pub const REPEAT: usize = 1200;

/// BIG, built in memory.
pub fn big() -> String {
    let one: String = SAMPLE_ARTICLES.iter().map(|&(_, text)| text).collect();
    one.repeat(REPEAT)
}

/// BIG with a `'static` lifetime, built once per benchmark process.
pub fn big_static() -> &'static str {
    static BIG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIG.get_or_init(big)
}
