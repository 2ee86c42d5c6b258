//! Working as a team on one corpus through git: setting a corpus up
//! (`hashiya init`) and merging sidecars by id (`hashiya merge-driver`).
//!
//! - [`init`]: `hashiya.toml`, `.gitattributes` and the git config of the
//!   merge driver, idempotent;
//! - [`merge_driver`]: git's merge driver for `*.ann.toml`.
//!
//! Who made each annotation and ids unique without coordination are in
//! [`crate::annotate::ids`]; comparing annotators and building a gold
//! standard in [`crate::review::agree`] and [`crate::review::curate`].

pub mod init;
pub mod merge_driver;
