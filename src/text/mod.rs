//! The article as text: loading, paragraphs, sentences (found fast by
//! [`sentence_bounds`]), glyphs, words, [`tokens`] that
//! every span aligns with (for spaCy and `CoNLL`), folded search (and [`hits`]: one
//! article's matches with their context, for the corpus search),
//! its [`language`] (given or detected); [`decimal`] numbers written fast; [`safe`], the one way text from files is made
//! safe to print ([`json_string`]: a JSON string written by hand, as safe; [`escape_scan`]:
//! finding what to escape fast); [`plural`], counts in words.

pub mod decimal;
pub mod document;
pub mod escape_scan;
pub mod folded;
pub mod glyph;
pub mod hits;
pub mod json_string;
pub mod language;
pub mod load;
pub mod normalize;
pub mod plural;
pub mod position;
pub mod safe;
pub mod search;
pub mod sentence_bounds;
pub mod sentences;
pub mod tokens;
pub mod words;

pub use document::{Document, Paragraph};
