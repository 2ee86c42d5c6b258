//! Annotations: entities and claims over an article's text, kept in a
//! TOML sidecar beside it. Pure: no terminal here.
//!
//! - [`model`]: [`Entity`], [`Claim`] and their parts;
//! - [`store`]: [`Store`], sorted and queried by position, with undo/redo;
//! - [`sidecar`]: the `.ann.toml` file: path, [`load`], atomic [`save`];
//! - [`anchor`]: finding each span's quoted text again after the article changed;
//! - [`schema`]: entity labels, claim kinds and cue verbs, from
//!   `assets/schema.toml` or a `hashiya.toml` beside the articles;
//! - [`palette`]: label colours: the default palette, the colours kept for
//!   the selection and search matches, distances for colour-blind viewers.
//!
//! Offsets count Unicode scalar values (`char`s) from the start of the
//! article's stored text, in logical order, end exclusive.

pub mod anchor;
pub mod merge;
pub mod model;
pub mod palette;
mod read;
mod read_canonical;
#[cfg(test)]
mod read_equivalence_tests;
pub mod schema;
pub mod sidecar;
mod spans;
pub mod store;
mod write;

pub(crate) use crate::text::position::line_column;
pub use anchor::AnchorReport;
pub use model::{
    Annotation, AnnotationKind, AnnotationRef, Claim, ClaimKind, Claimant, Cue, Entity,
};
pub use read::SCHEMA_VERSION;
pub use schema::{Color, LabelDef, NamedColor, Rgb, Schema, SchemaError};
pub use sidecar::{
    Loaded, SidecarError, Unanchored, load, load_bytes, parse_str, parse_unanchored, save,
    save_hashed, sidecar_path,
};
pub use store::{FileExtra, Store, StoreError};
pub use write::render;
