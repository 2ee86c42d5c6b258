//! Shared helpers for integration tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

pub mod annotated;
pub mod bidi_character_test;
pub mod git;
pub mod interchange;
pub mod python;
pub mod screen;
pub mod strategies;
pub mod team;
pub mod tmux;

/// A scratch folder holding a copy of the sample article `name`.
pub fn scratch(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(name);
    std::fs::copy(src, dir.path().join(name)).expect("the sample article is copied");
    dir
}

/// The `hashiya` binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_hashiya")
}
