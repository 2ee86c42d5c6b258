//! Reviewing annotations after the fact.
//!
//! - [`agree`]: inter-annotator agreement of two sidecars of one article.

pub mod agree;
