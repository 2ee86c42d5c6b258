//! A window onto a laid-out document: scrolling, the word cursor and hit
//! testing. Pure: it knows rows and columns, not the terminal.

mod cache;
mod highlight;
mod scroll;

pub use cache::LayoutCache;
pub use highlight::{Highlights, Marks, SpanKind, SpanMark};
pub use scroll::{Pos, Row, Viewport};
