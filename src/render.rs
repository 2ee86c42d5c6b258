//! `hashiya render`: an article's visual lines, one per output line.

use std::io::{self, Write};

use crate::layout::{LayoutOptions, Layouter, ParagraphLayout};
use crate::text::Document;

/// How `render` prints.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Layout of each paragraph.
    pub layout: LayoutOptions,
    /// Pad right-to-left lines on the left to the width.
    pub pad: bool,
}

/// Writes every visual line of `doc` to `out`, an empty line per empty paragraph.
pub fn render_document(
    doc: &Document,
    options: &RenderOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut layouter = Layouter::new();
    let mut layout = ParagraphLayout::default();
    let mut line = String::new();
    for i in 0..doc.paragraphs().len() {
        layouter.layout_into(doc.paragraph_text(i), &options.layout, &mut layout);
        for l in &layout.lines {
            line.clear();
            if options.pad {
                if let Some(width) = options.layout.width {
                    line.extend(std::iter::repeat_n(' ', layout.indent(l, width)));
                }
            }
            layout.push_line_text(l, &mut line);
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
    }
    out.flush()
}
