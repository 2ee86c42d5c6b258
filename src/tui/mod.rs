//! The full-screen reader: terminal handling, widgets and the event loop.

#![allow(
    clippy::disallowed_methods,
    reason = "the TUI owns standard output: it draws cells whose glyphs are safe (`text::glyph`)"
)]

pub mod annotate_view;
pub mod article;
pub mod curate_run;
pub mod curate_view;
pub mod help_view;
pub mod key_trace;
pub mod list_view;
pub mod marks;
pub mod review_view;
pub mod run;
pub mod screen;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod unsaved_view;
