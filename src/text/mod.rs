//! The article as text: loading, paragraphs, glyphs.

pub mod document;
pub mod glyph;
pub mod load;

pub use document::{Document, Paragraph};
