//! The corpus model: one aggregate over every article — the entity index,
//! claims by claimant, label and kind counts, per-article and per-annotator
//! progress — that `stats`, `list` and every corpus view of the reader use,
//! so that their figures agree. Pure: it reads no file.
//!
//! | module | owns |
//! |---|---|
//! | [`key`] | the one grouping rule (folded text, proclitics trimmed) and how a group is named |
//! | [`article`] | what one article contributes, read from its store |
//! | [`aggregate`] | the aggregate, updated one article at a time (replacing one equals rebuilding) |
//! | [`files`] | the one collector: which articles and sidecars a folder holds |

pub mod aggregate;
pub mod article;
pub mod files;
pub mod key;

pub use aggregate::{AnnotatorProgress, Corpus, Group, IndexEntry, Totals};
pub use article::{ArticleData, ClaimItem, EntityItem};
pub use key::entity_key;
