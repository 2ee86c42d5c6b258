//! The article pane: draws laid-out rows cell by cell.
//!
//! ratatui's `Paragraph` cannot lay out shaped right-to-left text (it
//! measures reordered strings and drops zero-width clusters), so this widget
//! sets every cell itself from the layout's cell map. [`draw_line`] is the
//! one place that puts layout cells into a buffer; prompts and tables use it
//! too.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::theme;
use crate::layout::{Line, ParagraphLayout};
use crate::text::Document;
use crate::view::{Highlights, Row};

/// Draws `line` of `layout` at row `y` of `area`, aligned (right for
/// right-to-left paragraphs), cut at the area's width. `style` gives each
/// cell's style from its logical `char` range in the paragraph.
///
/// A layout in logical order (for a terminal that reorders by itself) is
/// drawn from the left edge, the terminal's reordering right-aligning a
/// right-to-left line; a line that needs its direction mark
/// ([`ParagraphLayout::direction_mark`]) gets it alone in the first column
/// (in a cell of its own: mlterm gives a mark at the start of a row a
/// column).
pub fn draw_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    layout: &ParagraphLayout,
    line: &Line,
    style: impl Fn(Range<usize>) -> Style,
) {
    let width = usize::from(area.width);
    let mut x = layout.start_column(line, width);
    if let (true, Some(mark)) = (x > 0 && layout.logical, layout.direction_mark(line)) {
        buf[(area.x, y)].set_char(mark);
    }
    for cell in layout.line_cells(line) {
        let w = usize::from(cell.width);
        if w == 0 {
            continue;
        }
        if x + w > width {
            break;
        }
        let cell_style = style(cell.logical.start as usize..cell.logical.end as usize);
        let glyph = layout.glyph(cell);
        let left = area.x + x as u16;
        if glyph.starts_with(' ') {
            // Spaces and tabs: one blank cell per column.
            for i in 0..w as u16 {
                buf[(left + i, y)].set_symbol(" ").set_style(cell_style);
            }
        } else {
            buf[(left, y)].set_symbol(glyph).set_style(cell_style);
            for i in 1..w as u16 {
                buf[(left + i, y)].reset();
            }
        }
        x += w;
    }
}

/// Draws `rows` of `doc` with `highlights`.
#[derive(Debug)]
pub struct ArticleView<'a> {
    /// The rows to draw, top to bottom.
    pub rows: &'a [Row],
    /// The document they come from.
    pub doc: &'a Document,
    /// What to mark.
    pub highlights: &'a Highlights<'a>,
    /// Entity label styles, indexed by [`crate::view::SpanKind::Entity`].
    pub palette: &'a [theme::LabelStyle],
}

impl Widget for ArticleView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        for (row, y) in self.rows.iter().zip(area.top()..area.bottom()) {
            let base = row.para_char_start(self.doc);
            draw_line(buf, area, y, &row.layout, row.line(), |r| {
                theme::cell_style(self.highlights.marks(base + r.start..base + r.end), self.palette)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LayoutOptions;
    use crate::view::{LayoutCache, Pos, Viewport};

    #[test]
    fn rtl_lines_are_right_aligned_in_visual_order() {
        let doc = Document::new("مرحبا بكم\nhello".to_string());
        let options = LayoutOptions { width: Some(12), shape: false, ..LayoutOptions::default() };
        let mut v = Viewport { cache: LayoutCache::new(options), top: Pos::default(), height: 2 };
        let rows = v.rows(&doc);
        let area = Rect::new(0, 0, 12, 2);
        let mut buf = Buffer::empty(area);
        ArticleView { rows: &rows, doc: &doc, highlights: &Highlights::default(), palette: &[] }
            .render(area, &mut buf);
        assert_eq!(buf, Buffer::with_lines(["   مكب ابحرم", "hello       "]));
    }

    /// Lays out `text` in logical order at `width` and draws its first
    /// `height` rows, one string per row.
    fn logical(text: &str, width: u16, height: u16) -> Vec<String> {
        let doc = Document::new(text.to_string());
        let options = LayoutOptions {
            width: Some(usize::from(width)),
            shape: false,
            reorder: false,
            ..LayoutOptions::default()
        };
        let mut v = Viewport {
            cache: LayoutCache::new(options),
            top: Pos::default(),
            height: usize::from(height),
        };
        let rows = v.rows(&doc);
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        ArticleView { rows: &rows, doc: &doc, highlights: &Highlights::default(), palette: &[] }
            .render(area, &mut buf);
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect()
    }

    #[test]
    fn logical_order_starts_at_the_left_edge_for_the_terminal_to_reorder() {
        // Logical order, not padded, brackets not mirrored (the terminal
        // mirrors them): its reversal of the row puts the blank columns on
        // the left, so the line shows right-aligned.
        assert_eq!(logical("مرحبا (بكم)\nhello", 14, 2), ["مرحبا (بكم)   ", "hello         "]);
    }

    #[test]
    fn a_line_the_terminal_would_misdirect_gets_a_mark_in_its_own_column() {
        // The second line of an RTL paragraph starts with a Latin word: RLM
        // alone in column 0, then the line; the second line of an LTR
        // paragraph starts with Arabic: LRM. First lines need none.
        let rows = logical("مرحبا Google\nhello عبر", 8, 4);
        assert_eq!(rows, ["مرحبا   ", "\u{200F}Google ", "hello   ", "\u{200E}عبر    "]);
        // An RLM in the text makes the paragraph RTL but draws nothing: the
        // terminal would see a Latin word first.
        assert_eq!(logical("\u{200F}Google عبر", 14, 1), ["\u{200F}Google عبر   "]);
        // No strong character in an RTL paragraph: the terminal's default
        // (LTR) would be wrong.
        let rows = logical("عربي ١٢٣", 5, 2);
        assert_eq!(rows, ["عربي ", "\u{200F}١٢٣ "]);
        // A line as wide as the pane has no room for its mark.
        assert_eq!(logical("عربي Googl", 5, 2), ["عربي ", "Googl"]);
    }
}
