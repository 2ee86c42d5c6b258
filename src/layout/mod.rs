//! The layout engine: pure, no terminal.
//!
//! A paragraph goes through [`bidi`] (embedding levels, UAX #9), [`shape`]
//! (Arabic presentation forms), clustering (grapheme clusters measured after
//! shaping), [`wrap`] (UAX #14 opportunities, greedy) and per-line
//! reordering (rules L1–L4), giving a [`ParagraphLayout`]: visual lines of
//! [`Cell`]s that each know the logical characters they show. [`direct`]
//! writes the lines of common paragraphs straight to text, for `render`.

pub mod bidi;
pub mod direct;
mod engine;
pub mod fast;
pub mod linebreak;
mod paragraph;
pub mod shape;
pub mod wrap;

pub use bidi::BaseDirection;
pub use direct::LineWriter;
pub use engine::{LayoutOptions, Layouter};
pub use paragraph::{Cell, Line, ParagraphLayout};
