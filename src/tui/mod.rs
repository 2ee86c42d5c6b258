//! The full-screen reader: terminal handling, widgets and the event loop.

pub mod annotate_view;
pub mod article;
pub mod review_view;
pub mod run;
pub mod screen;
pub mod terminal;
pub mod theme;
pub mod unsaved_view;
