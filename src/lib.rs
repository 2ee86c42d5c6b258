//! Hashiya (حاشية): a terminal reader and annotator for right-to-left
//! Arabic articles.
//!
//! # Module map
//!
//! | module | owns |
//! |---|---|
//! | [`text`] | the article: paragraphs, `char` offsets, safe glyphs, words, folded search |
//! | [`layout`] | pure layout: bidi levels, shaping, wrapping, reordering, cell map |
//! | [`render`] | `hashiya render`: visual lines to any writer |
//! | [`view`] | pure viewport: lazy layout cache, scrolling, highlights |
//! | [`app`] | state and `update(Action)`: opening (large files head first), reader, word cursor, selection, search, annotating, review screen, saving and merging |
//! | [`tui`] | the terminal: setup and restore, widgets, event loop |
//! | [`annotate`] | pure annotations: entities, claims, store with undo, TOML sidecars, labels |
//! | [`keymap`] | actions by name, keys per mode, `keymaps/default.toml` and user overrides |
//! | [`review`] | reviewing without the terminal: `list`, `check`, `stats`, `export`, `import`, `agree` |
//! | [`cli`] | command-line definitions and dispatch (the binary is thin) |
//! | [`limits`] | how large an input may be (configurable), and reading files and streams within it |
//! | [`assets`] | the sample articles built into the binary |
//!
//! Pure layers (`text`, `layout`, `view`, `annotate`, `review`) know nothing of the
//! terminal; `app` is state without I/O to the screen; `tui` draws it.

pub mod annotate;
pub mod app;
pub mod assets;
pub mod cli;
pub mod keymap;
pub mod layout;
pub mod limits;
pub mod render;
pub mod review;
pub mod text;
pub mod tui;
pub mod view;
