//! Vertical position in a document of wrapped paragraphs.

use std::sync::Arc;

use super::cache::LayoutCache;
use crate::layout::{Line, ParagraphLayout};
use crate::text::Document;

/// A visual line of the document: paragraph index and line within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    /// Paragraph index.
    pub para: usize,
    /// Line index within the paragraph's layout.
    pub line: usize,
}

/// One row on screen.
#[derive(Debug, Clone)]
pub struct Row {
    /// Where the row is in the document.
    pub pos: Pos,
    /// The paragraph's layout (shared with the cache).
    pub layout: Arc<ParagraphLayout>,
}

impl Row {
    /// The row's visual line.
    pub fn line(&self) -> &Line {
        &self.layout.lines[self.pos.line]
    }

    /// The document `char` offset where the row's paragraph starts.
    pub fn para_char_start(&self, doc: &Document) -> usize {
        doc.paragraphs().get(self.pos.para).map_or(0, |p| p.char_start)
    }
}

/// The scroll state of one document view.
#[derive(Debug, Default)]
pub struct Viewport {
    /// Layouts for the current width.
    pub cache: LayoutCache,
    /// The first visible line.
    pub top: Pos,
    /// Rows on screen.
    pub height: usize,
}

impl Viewport {
    /// The number of lines of paragraph `para`.
    fn line_count(&mut self, doc: &Document, para: usize) -> usize {
        self.cache.get(doc, para).lines.len()
    }

    /// The position `n` visual lines after `pos`, stopping at the last line.
    pub fn forward(&mut self, doc: &Document, mut pos: Pos, mut n: usize) -> Pos {
        let last = doc.paragraphs().len().saturating_sub(1);
        while n > 0 {
            let count = self.line_count(doc, pos.para);
            let room = count.saturating_sub(1 + pos.line);
            if n <= room {
                pos.line += n;
                break;
            }
            if pos.para >= last {
                pos.line = count.saturating_sub(1);
                break;
            }
            n -= room + 1;
            pos = Pos { para: pos.para + 1, line: 0 };
        }
        pos
    }

    /// The position `n` visual lines before `pos`, stopping at the first line.
    pub fn backward(&mut self, doc: &Document, mut pos: Pos, mut n: usize) -> Pos {
        while n > 0 {
            if n <= pos.line {
                pos.line -= n;
                break;
            }
            if pos.para == 0 {
                pos.line = 0;
                break;
            }
            n -= pos.line + 1;
            let para = pos.para - 1;
            pos = Pos { para, line: self.line_count(doc, para).saturating_sub(1) };
        }
        pos
    }

    /// The last line of the document.
    pub fn end(&mut self, doc: &Document) -> Pos {
        let para = doc.paragraphs().len().saturating_sub(1);
        Pos { para, line: self.line_count(doc, para).saturating_sub(1) }
    }

    /// The highest top position that still fills the screen.
    pub fn max_top(&mut self, doc: &Document) -> Pos {
        let end = self.end(doc);
        self.backward(doc, end, self.height.saturating_sub(1))
    }

    /// Scrolls down by `n` lines, never past the last screen.
    pub fn scroll_down(&mut self, doc: &Document, n: usize) {
        let max = self.max_top(doc);
        self.top = self.forward(doc, self.top, n).min(max).max(self.top.min(max));
    }

    /// Scrolls up by `n` lines.
    pub fn scroll_up(&mut self, doc: &Document, n: usize) {
        self.top = self.backward(doc, self.top, n);
    }

    /// Shows the first screen.
    pub fn go_top(&mut self) {
        self.top = Pos::default();
    }

    /// Shows the last screen.
    pub fn go_bottom(&mut self, doc: &Document) {
        self.top = self.max_top(doc);
    }

    /// The rows on screen, top to bottom (fewer than `height` at the end).
    pub fn rows(&mut self, doc: &Document) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.height);
        let mut pos = self.top;
        let paragraphs = doc.paragraphs().len();
        while rows.len() < self.height && pos.para < paragraphs {
            let layout = self.cache.get(doc, pos.para);
            let count = layout.lines.len();
            while pos.line < count && rows.len() < self.height {
                rows.push(Row { pos, layout: Arc::clone(&layout) });
                pos.line += 1;
            }
            pos = Pos { para: pos.para + 1, line: 0 };
        }
        rows
    }

    /// The visual line showing document `char` offset `offset`.
    pub fn pos_of_char(&mut self, doc: &Document, offset: usize) -> Pos {
        let para = doc.paragraph_at_char(offset);
        let start = doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let layout = self.cache.get(doc, para);
        Pos { para, line: layout.line_of((offset - start.min(offset)) as u32) }
    }

    /// Scrolls as little as possible so that `pos` is on screen.
    pub fn reveal(&mut self, doc: &Document, pos: Pos) {
        if pos < self.top {
            self.top = pos;
        } else {
            let bottom = self.forward(doc, self.top, self.height.saturating_sub(1));
            if pos > bottom {
                self.top = self.backward(doc, pos, self.height.saturating_sub(1));
            }
        }
    }

    /// The document `char` offset of the top line's first character, kept
    /// across a change of width so the reader does not lose their place.
    pub fn top_char(&mut self, doc: &Document) -> usize {
        let layout = self.cache.get(doc, self.top.para);
        let start = doc.paragraphs().get(self.top.para).map_or(0, |p| p.char_start);
        start + layout.lines.get(self.top.line).map_or(0, |l| l.logical.start as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LayoutOptions;

    fn viewport(width: usize, height: usize) -> Viewport {
        let options = LayoutOptions { width: Some(width), ..LayoutOptions::default() };
        Viewport { cache: LayoutCache::new(options), top: Pos::default(), height }
    }

    /// Ten paragraphs of three 4-column lines each.
    fn doc() -> Document {
        Document::new(["aaa bbb ccc"; 10].join("\n"))
    }

    #[test]
    fn scrolling_crosses_paragraphs_both_ways() {
        let d = doc();
        let mut v = viewport(4, 5);
        v.scroll_down(&d, 4);
        assert_eq!(v.top, Pos { para: 1, line: 1 });
        v.scroll_up(&d, 2);
        assert_eq!(v.top, Pos { para: 0, line: 2 });
        v.scroll_up(&d, 100);
        assert_eq!(v.top, Pos::default());
    }

    #[test]
    fn bottom_shows_a_full_last_screen() {
        let d = doc();
        let mut v = viewport(4, 5);
        v.go_bottom(&d);
        assert_eq!(v.top, Pos { para: 8, line: 1 });
        let rows = v.rows(&d);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[4].pos, Pos { para: 9, line: 2 });
        v.scroll_down(&d, 3);
        assert_eq!(v.top, Pos { para: 8, line: 1 });
    }

    #[test]
    fn drawing_lays_out_only_what_is_seen() {
        let d = Document::new(vec!["word"; 100_000].join("\n"));
        let mut v = viewport(80, 24);
        v.go_bottom(&d);
        let _ = v.rows(&d);
        assert!(v.cache.len() < 100, "laid out {} paragraphs", v.cache.len());
    }

    #[test]
    fn reveal_scrolls_minimally() {
        let d = doc();
        let mut v = viewport(4, 5);
        v.reveal(&d, Pos { para: 3, line: 0 });
        assert_eq!(v.top, Pos { para: 1, line: 2 });
        v.reveal(&d, Pos { para: 0, line: 1 });
        assert_eq!(v.top, Pos { para: 0, line: 1 });
    }
}
