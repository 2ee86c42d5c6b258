//! Selecting spans to annotate: from the word cursor, by keys, edge by edge,
//! or by a mouse drag through the cell map. Selections are logical ranges
//! of document `char` offsets, whatever their visual shape.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::reader::Reader;
use crate::text::words;

/// Which edge of a selection moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The start (logical): the right-hand edge of Arabic text.
    Start,
    /// The end (logical): the left-hand edge of Arabic text.
    End,
}

/// The union of two ranges.
fn span(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    a.start.min(b.start)..a.end.max(b.end)
}

impl Reader {
    /// What an annotation would cover now: the selection, or the word under the cursor.
    pub fn target(&self) -> Range<usize> {
        self.selection.clone().unwrap_or_else(|| self.word_range(self.cursor))
    }

    /// Starts a selection at the cursor word, or drops the selection.
    pub fn toggle_selection(&mut self) {
        if self.selection.take().is_none() {
            let word = self.word_range(self.cursor);
            self.anchor = Some(word.clone());
            self.selection = Some(word);
        } else {
            self.anchor = None;
        }
    }

    /// After the cursor moved: grows the selection from its anchor to the
    /// cursor word, in reading order.
    pub fn extend_to_cursor(&mut self) {
        if let (Some(anchor), Some(_)) = (&self.anchor, &self.selection) {
            self.selection = Some(span(anchor, &self.word_range(self.cursor)));
        }
    }

    /// Shift+arrow: selects from the cursor word and moves visually.
    pub fn select_visual(&mut self, left: bool) {
        if self.selection.is_none() {
            self.toggle_selection();
        }
        self.move_visual(left);
        self.extend_to_cursor();
    }

    /// Moves one edge of the selection by one grapheme, left or right on
    /// screen (in right-to-left text, left is forward).
    pub fn move_edge(&mut self, edge: Edge, left: bool) {
        let sel = self.target();
        let rtl = self.cursor_rtl();
        let forward = left == rtl;
        let para = self.doc.paragraph_at_char(sel.start);
        let para_start = self.doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let text = self.doc.paragraph_text(para);
        let para_len = text.chars().count();
        let local = |o: usize| o.saturating_sub(para_start).min(para_len);
        let (mut start, mut end) = (local(sel.start), local(sel.end));
        let bounds = grapheme_bounds(text);
        let step = |at: usize| {
            if forward {
                bounds.iter().copied().find(|&b| b > at).unwrap_or(at)
            } else {
                bounds.iter().rev().copied().find(|&b| b < at).unwrap_or(at)
            }
        };
        match edge {
            Edge::Start => start = step(start),
            Edge::End => end = step(end),
        }
        if start < end {
            self.selection = Some(para_start + start..para_start + end);
            self.anchor = self.selection.clone();
        }
    }

    /// Trims Arabic proclitics (و ف ب ل ك, وال بال لل…) from the start of
    /// the selection or cursor word.
    pub fn trim_selection(&mut self) {
        let sel = self.target();
        let para = self.doc.paragraph_at_char(sel.start);
        let para_start = self.doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let text = self.doc.paragraph_text(para);
        let local = sel.start - para_start..sel.end - para_start;
        let trimmed = words::trim_proclitics(text, local);
        self.selection = Some(para_start + trimmed.start..para_start + trimmed.end);
        self.anchor = self.selection.clone();
    }

    /// A mouse drag from document offset `from` (where the button went
    /// down) to the cell covering `to`: selects everything between them in
    /// logical order.
    pub fn drag_select(&mut self, from: Range<usize>, to: Range<usize>) {
        let sel = span(&from, &to);
        self.anchor = Some(from);
        self.selection = Some(sel);
    }
}

/// Grapheme boundaries of `text`, as `char` offsets, including 0 and the end.
fn grapheme_bounds(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut n = 0;
    for g in text.graphemes(true) {
        n += g.chars().count();
        out.push(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LayoutOptions;
    use crate::text::Document;

    fn reader(text: &str) -> Reader {
        let mut r = Reader::new("t".into(), Document::new(text.into()), LayoutOptions::default());
        r.resize(80, 10);
        r
    }

    fn selected(r: &Reader) -> String {
        let s = r.selection.clone().unwrap();
        r.doc.text().chars().skip(s.start).take(s.len()).collect()
    }

    #[test]
    fn v_then_word_moves_extend_in_reading_order() {
        let mut r = reader("قال وزير الدفاع الصيني");
        r.move_word(true);
        r.toggle_selection();
        assert_eq!(selected(&r), "وزير");
        r.move_word(true);
        r.extend_to_cursor();
        assert_eq!(selected(&r), "وزير الدفاع");
    }

    #[test]
    fn shift_left_in_arabic_selects_forward() {
        let mut r = reader("قال وزير الدفاع");
        r.select_visual(true);
        assert_eq!(selected(&r), "قال وزير");
    }

    #[test]
    fn edges_move_by_grapheme_on_screen() {
        let mut r = reader("قال وزير");
        r.move_word(true);
        r.toggle_selection();
        // In RTL, the start edge moving left shrinks the span from its start.
        r.move_edge(Edge::Start, true);
        assert_eq!(selected(&r), "زير");
        // The end edge moving right (backward) shrinks it from its end.
        r.move_edge(Edge::End, false);
        assert_eq!(selected(&r), "زي");
    }

    #[test]
    fn trim_proclitics_keeps_the_article() {
        let mut r = reader("وبالجزائر");
        r.trim_selection();
        assert_eq!(selected(&r), "الجزائر");
    }

    #[test]
    fn drag_across_embedded_latin_is_the_logical_range() {
        // Logical: Arabic word, Latin name, Arabic word. Dragging from the
        // first Arabic word to the Latin word selects both, in logical order.
        let mut r = reader("قال Vladimir Putin اليوم");
        let first = r.word_range(0);
        let latin = r.word_range(4);
        r.drag_select(first, latin);
        assert_eq!(selected(&r), "قال Vladimir");
    }
}
