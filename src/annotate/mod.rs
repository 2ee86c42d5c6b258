//! Annotations: entities and claims over an article's text, kept in a
//! TOML sidecar beside it. Pure: no terminal here.
//!
//! - [`model`]: [`Entity`], [`Claim`] and their parts;
//! - [`store`]: [`Store`], sorted and queried by position, with undo/redo
//!   of whole user actions (transactions: [`Store::begin`], [`Store::end`]);
//! - [`cues`]: the schema's cue lexicon, matched as whole words;
//! - [`speaker`]: who makes a claim, ranked from its sentence;
//! - [`sidecar`]: the `.ann.toml` file: path, [`load`], atomic [`save`]; it is
//!   read by `read_canonical` (the writer's exact form, fast), else by
//!   `read_sections` (plain sections, one at a time, in little memory),
//!   else by `read` (the full TOML parser), all three giving the same result;
//! - [`ids`]: ids unique without coordination (`e-4kq8r2mz`), and who made
//!   an annotation and when ([`Author`]);
//! - [`keys`]: the sidecar's key names, for every reader and writer;
//! - [`kinds`]: annotation kinds as data ([`Kinds`]: entity, claim,
//!   relation, and any a test adds): each declares its table, id prefix,
//!   fields, spans and references; kinds other than entities and claims are
//!   held as [`Record`]s, read, written, merged, re-anchored, removed and
//!   checked from their declaration;
//! - [`anchor`]: finding each span's quoted text again after the article changed;
//! - [`merge`]: three-way merge with work saved elsewhere, conflicts kept
//!   side by side and marked ([`Conflict`]);
//! - [`schema`]: entity labels, claim kinds and cue verbs, from
//!   `assets/schema.toml` or a `hashiya.toml` beside the articles;
//! - [`status`]: the article's status (to do, in progress, done) in
//!   `[article] status`, and how two statuses merge;
//! - [`palette`]: label colours: the default palette, the colours kept for
//!   the selection and search matches, distances for colour-blind viewers.
//!
//! Offsets count Unicode scalar values (`char`s) from the start of the
//! article's stored text, in logical order, end exclusive.

pub mod anchor;
pub mod cues;
pub mod ids;
pub mod keys;
pub mod kinds;
pub mod merge;
pub mod model;
pub mod palette;
mod read;
mod read_canonical;
#[cfg(test)]
mod read_equivalence_tests;
pub(crate) mod read_sections;
pub mod schema;
pub mod sidecar;
mod spans;
pub mod speaker;
#[cfg(test)]
pub(crate) mod speaker_table_tests;
pub mod status;
pub mod store;
pub(crate) mod write;

pub use anchor::AnchorReport;
pub use ids::{Author, IdScheme, Stamp};
pub use kinds::{FieldDecl, FieldType, KindDecl, KindError, Kinds, OnRemove, Record, Spans};
pub use model::{
    Annotation, AnnotationKind, AnnotationRef, Claim, ClaimKind, Claimant, Conflict, Cue, Entity,
};
pub use read::SCHEMA_VERSION;
pub use schema::{Color, LabelDef, NamedColor, Rgb, Schema, SchemaError};
pub use sidecar::{
    FileStore, Loaded, SidecarError, Unanchored, load, load_bytes, parse_file_store,
    parse_file_store_with, parse_str, parse_str_with, parse_unanchored, parse_unanchored_with,
    save, save_hashed, sidecar_path,
};
pub use status::ArticleStatus;
pub use store::{FileExtra, Replacement, Store, StoreError};
pub use write::render;
