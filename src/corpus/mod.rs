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
//! | [`registry`] | canonical entities (`entities.toml`): stable ids, names, types, aliases, knowledge-base ids; parsing with positions, the deterministic writer |
//! | [`registry_merge`] | three-way merge of registries by id (aliases as sets) |
//! | [`registry_file`] | reading and saving the registry: load, merge, save atomically |

pub mod aggregate;
pub mod article;
pub mod files;
pub mod key;
pub mod registry;
pub mod registry_file;
pub mod registry_merge;

pub use aggregate::{AnnotatorProgress, Corpus, Group, IndexEntry, Totals};
pub use article::{ArticleData, ClaimItem, EntityItem};
pub use key::entity_key;
pub use registry::{Canonical, Registry};
