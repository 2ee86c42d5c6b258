//! Selecting spans to annotate: from the word cursor, by keys (a word at a
//! time, or a character), edge by edge, or by a mouse drag through the cell
//! map (snapped to words unless a modifier is held). Selections are logical
//! ranges of document `char` offsets, whatever their visual shape.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::reader::Reader;
use crate::text::language::Language;
use crate::text::words;

/// Which edge of a selection moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The start (logical): the right-hand edge of Arabic text.
    Start,
    /// The end (logical): the left-hand edge of Arabic text.
    End,
}

/// How far an edge moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// To the next word boundary.
    Word,
    /// One grapheme cluster.
    Char,
}

/// The words Shift-arrows added to a selection, to take back with the
/// other arrow: each step's direction (left), the selection and cursor
/// before it; valid while the selection is still `to` (and forgotten when
/// the selection is changed another way).
#[derive(Debug, Clone, Default)]
pub struct Grown {
    steps: Vec<(bool, Range<usize>, usize)>,
    to: Option<Range<usize>>,
}

/// How many Shift-arrow steps can be taken back.
const MAX_STEPS: usize = 4096;

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
        self.grown = Grown::default();
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
            self.grown = Grown::default();
        }
    }

    /// True when the paragraph holding document offset `offset` runs right to left.
    fn rtl_at(&mut self, offset: usize) -> bool {
        let para = self.doc.paragraph_at_char(offset);
        self.viewport.cache.get(&self.doc, para).rtl
    }

    /// Shift+arrow: extends the selection by the word beside it, left or
    /// right on screen (in right-to-left text, left is forward), whatever
    /// made the selection (a search match too). With nothing selected it
    /// selects the cursor word and the word beside it. The other arrow
    /// takes back the words added, one at a time, then extends the other way.
    pub fn select_visual(&mut self, left: bool) {
        let sel = match self.selection.clone() {
            Some(sel) if self.grown.to.as_ref() == Some(&sel) => sel,
            Some(sel) => {
                self.grown = Grown::default();
                sel
            }
            None => {
                let word = self.word_range(self.cursor);
                self.grown = Grown::default();
                self.selection = Some(word.clone());
                word
            }
        };
        self.anchor = None;
        if let Some(&(way, ref before, cursor)) = self.grown.steps.last() {
            if way != left {
                let before = before.clone();
                self.grown.steps.pop();
                self.selection = Some(before.clone());
                self.grown.to = Some(before);
                self.set_cursor(cursor);
                return;
            }
        }
        if let Some(beside) = self.word_beside(&sel, left) {
            let grown = span(&sel, &self.word_range(beside));
            if self.grown.steps.len() >= MAX_STEPS {
                // Only the last steps can be taken back.
                self.grown.steps.drain(..MAX_STEPS / 4);
            }
            self.grown.steps.push((left, sel, self.cursor));
            self.selection = Some(grown.clone());
            self.grown.to = Some(grown);
            self.set_cursor(beside);
        } else {
            self.grown.to = Some(sel);
        }
    }

    /// The start of the word beside `sel` on screen, left or right of it:
    /// the rest of a word its edge cuts that way, else the visual neighbour
    /// of its last or first word when that is not inside it, else (in a run
    /// of the other direction) the word beyond its part on their lines.
    fn word_beside(&mut self, sel: &Range<usize>, left: bool) -> Option<usize> {
        let first = self.word_range(sel.start);
        let last = self.word_range(sel.end.saturating_sub(1).max(sel.start));
        let forward = left == self.rtl_at(sel.start);
        if forward && last.end > sel.end {
            return Some(last.start);
        }
        if !forward && first.start < sel.start {
            return Some(first.start);
        }
        let outside = |me: &mut Self, start: usize| {
            me.visual_neighbour(start, left).filter(|&n| {
                let w = me.word_range(n);
                !(sel.start <= w.start && w.end <= sel.end)
            })
        };
        if let Some(n) = outside(self, last.start).or_else(|| outside(self, first.start)) {
            return Some(n);
        }
        self.beside_on_line(last.start, sel, left)
            .or_else(|| self.beside_on_line(first.start, sel, left))
    }

    /// The start of the first word left (or right) of the selection's part
    /// on the screen line of `offset` that is not inside the selection.
    fn beside_on_line(&mut self, offset: usize, sel: &Range<usize>, left: bool) -> Option<usize> {
        let pos = self.viewport.pos_of_char(&self.doc, offset);
        let layout = self.viewport.cache.get(&self.doc, pos.para);
        let line = layout.lines.get(pos.line)?;
        let cells = layout.line_cells(line);
        let para_start = self.doc.paragraphs().get(pos.para).map_or(0, |p| p.char_start);
        let words: Vec<Range<usize>> = words::words(self.doc.paragraph_text(pos.para))
            .map(|w| para_start + w.start..para_start + w.end)
            .collect();
        let word_of = |cell: &crate::layout::Cell| {
            let at = para_start + cell.logical.start as usize;
            let i = words.partition_point(|w| w.end <= at);
            words.get(i).filter(|w| w.start <= at)
        };
        let inside =
            |cell: &crate::layout::Cell| sel.contains(&(para_start + cell.logical.start as usize));
        let outside = |w: &&Range<usize>| !(sel.start <= w.start && w.end <= sel.end);
        let found = if left {
            let edge = cells.iter().position(inside)?;
            cells[..edge].iter().rev().filter_map(word_of).find(outside)
        } else {
            let edge = cells.iter().rposition(inside)?;
            cells[edge + 1..].iter().filter_map(word_of).find(outside)
        };
        found.map(|w| w.start)
    }

    /// Alt-Shift-arrow: extends the selection (or the cursor word) by one
    /// character, left or right on screen.
    pub fn select_char(&mut self, left: bool) {
        if self.selection.is_none() {
            self.selection = Some(self.word_range(self.cursor));
        }
        let sel = self.target();
        let forward = left == self.rtl_at(sel.start);
        let edge = if forward { Edge::End } else { Edge::Start };
        self.step_edge(edge, forward, Unit::Char);
    }

    /// Moves one edge of the selection (or of the cursor word) by a word or
    /// a character, left or right on screen (in a right-to-left paragraph,
    /// left is forward). A selection is never emptied.
    pub fn move_edge(&mut self, edge: Edge, left: bool, unit: Unit) {
        let sel = self.target();
        let at = match edge {
            Edge::Start => sel.start,
            Edge::End => sel.end.saturating_sub(1).max(sel.start),
        };
        let forward = left == self.rtl_at(at);
        self.step_edge(edge, forward, unit);
    }

    /// Moves `edge` of the selection (or cursor word) forward or backward in
    /// reading order, inside the edge's paragraph: by a grapheme, or to the
    /// next word boundary (the start edge to word starts, the end edge to
    /// word ends). True if it moved.
    fn step_edge(&mut self, edge: Edge, forward: bool, unit: Unit) -> bool {
        let sel = self.target();
        let at = match edge {
            Edge::Start => sel.start,
            Edge::End => sel.end.saturating_sub(1).max(sel.start),
        };
        let para = self.doc.paragraph_at_char(at);
        let para_start = self.doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let text = self.doc.paragraph_text(para);
        let para_len = text.chars().count();
        let local = |o: usize| o.saturating_sub(para_start).min(para_len);
        let here = match edge {
            Edge::Start => local(sel.start),
            Edge::End => local(sel.end),
        };
        let moved = match (unit, forward, edge) {
            (Unit::Char, true, _) => grapheme_bounds(text).into_iter().find(|&b| b > here),
            (Unit::Char, false, _) => grapheme_bounds(text).into_iter().rev().find(|&b| b < here),
            (Unit::Word, true, Edge::Start) => words::next_word_start(text, here),
            (Unit::Word, false, Edge::Start) => words::prev_word_start(text, here),
            (Unit::Word, true, Edge::End) => {
                words::words(text).find(|w| w.end > here).map(|w| w.end)
            }
            (Unit::Word, false, Edge::End) => {
                words::words(text).take_while(|w| w.end < here).last().map(|w| w.end)
            }
        };
        let Some(moved) = moved else { return false };
        let (start, end) = match edge {
            Edge::Start => (para_start + moved, sel.end),
            Edge::End => (sel.start, para_start + moved),
        };
        if start >= end {
            return false;
        }
        self.selection = Some(start..end);
        self.anchor = None;
        self.grown = Grown::default();
        true
    }

    /// Trims Arabic proclitics (و ف ب ل ك, وال بال لل…) from the start of
    /// the selection or cursor word, in an article of `language`, and
    /// selects what is left; or says why the word stays as it is (the
    /// selection is then unchanged): the language has no proclitics (see
    /// [`crate::text::language`]), or the letters are not proclitics.
    pub fn trim_selection(&mut self, language: Language) -> Result<(), words::NoTrim> {
        if !language.has_proclitics() {
            return Err(words::NoTrim::OtherLanguage);
        }
        let sel = self.target();
        let para = self.doc.paragraph_at_char(sel.start);
        let para_start = self.doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let text = self.doc.paragraph_text(para);
        let local = sel.start - para_start..sel.end - para_start;
        if let Some(why) = words::trim_refusal(text, local.clone()) {
            return Err(why);
        }
        let trimmed = words::trim_proclitics(text, local);
        self.selection = Some(para_start + trimmed.start..para_start + trimmed.end);
        self.anchor = self.selection.clone();
        self.grown = Grown::default();
        Ok(())
    }

    /// A mouse drag from the cell `from` (where the button went down) to the
    /// cell `to` (document offsets): selects the words between them in
    /// logical order — the whole words under both ends, without spaces at
    /// either end — or, `by_char`, exactly the characters between them. The
    /// cursor goes to where the pointer is.
    pub fn drag_select(&mut self, from: Range<usize>, to: Range<usize>, by_char: bool) {
        self.grown = Grown::default();
        if by_char {
            self.selection = Some(span(&from, &to));
            self.anchor = None;
            self.set_cursor(to.start);
            return;
        }
        let (a, b) = (self.word_range(from.start), self.word_range(to.start));
        let sel = self.trim_spaces(span(&a, &b));
        self.anchor = Some(a);
        self.selection = Some(sel);
        self.set_cursor(b.start);
    }

    /// `range` without white space at either end (unchanged if all white).
    fn trim_spaces(&self, range: Range<usize>) -> Range<usize> {
        let para = self.doc.paragraph_at_char(range.start);
        let para_start = self.doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let chars: Vec<char> = self.doc.paragraph_text(para).chars().collect();
        let white = |o: usize| {
            o.checked_sub(para_start).and_then(|i| chars.get(i)).is_some_and(|c| c.is_whitespace())
        };
        let (mut start, mut end) = (range.start, range.end);
        while start < end && white(start) {
            start += 1;
        }
        while end > start && white(end - 1) {
            end -= 1;
        }
        if start < end { start..end } else { range }
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

    /// The `char` offset of `needle` in the reader's text.
    fn at(r: &Reader, needle: &str) -> usize {
        let text = r.doc.text();
        text[..text.find(needle).unwrap()].chars().count()
    }

    /// Selects `needle` as a search does: no anchor, the cursor at its start.
    fn found(r: &mut Reader, needle: &str) {
        r.search(needle);
        assert!(r.jump_to_match(true), "{needle}");
        assert_eq!(selected(r), needle);
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
    fn shift_arrows_grow_a_search_match_by_words_on_screen() {
        // «لي» precedes شانغفو in reading order: it is on its right on screen.
        let text = "تحدث لي شانغفو في بكين";
        let mut r = reader(text);
        found(&mut r, "شانغفو");
        r.select_visual(false);
        assert_eq!(selected(&r), "لي شانغفو");
        r.select_visual(false);
        assert_eq!(selected(&r), "تحدث لي شانغفو");
        // The other way takes words back, down to the match, then grows past it.
        r.select_visual(true);
        assert_eq!(selected(&r), "لي شانغفو");
        r.select_visual(true);
        assert_eq!(selected(&r), "شانغفو");
        r.select_visual(true);
        assert_eq!(selected(&r), "شانغفو في");
        let mut r = reader(text);
        found(&mut r, "شانغفو");
        r.select_visual(true);
        assert_eq!(selected(&r), "شانغفو في");
    }

    #[test]
    fn a_match_of_several_words_grows_on_the_first_press_either_way() {
        let text = "قال وزير الدفاع الصيني يوم الاثنين";
        let mut r = reader(text);
        found(&mut r, "وزير الدفاع");
        r.select_visual(true);
        assert_eq!(selected(&r), "وزير الدفاع الصيني");
        let mut r = reader(text);
        found(&mut r, "وزير الدفاع");
        r.select_visual(false);
        assert_eq!(selected(&r), "قال وزير الدفاع");
    }

    #[test]
    fn shift_arrows_grow_by_words_across_embedded_latin() {
        // On screen: «إن اليوم Vladimir Putin قال», left to right.
        let text = "قال Vladimir Putin اليوم إن";
        let mut r = reader(text);
        found(&mut r, "Vladimir Putin");
        r.select_visual(true);
        assert_eq!(selected(&r), "Vladimir Putin اليوم");
        let mut r = reader(text);
        found(&mut r, "Vladimir Putin");
        r.select_visual(false);
        assert_eq!(selected(&r), "قال Vladimir Putin");
        // Inside the left-to-right run, right on screen is forward.
        let mut r = reader(text);
        found(&mut r, "Vladimir");
        r.select_visual(false);
        assert_eq!(selected(&r), "Vladimir Putin");
        // And a Latin paragraph with an Arabic name: left is backward.
        let mut r = reader("Talks with لي شانغفو today");
        found(&mut r, "today");
        r.select_visual(true);
        assert_eq!(selected(&r), "لي شانغفو today");
        r.select_visual(true);
        // On screen «Talks with شانغفو لي today»: شانغفو is the next word left.
        assert_eq!(selected(&r), "with لي شانغفو today");
        r.select_visual(false);
        assert_eq!(selected(&r), "لي شانغفو today");
    }

    #[test]
    fn edge_keys_move_by_words_in_arabic() {
        let mut r = reader("تحدث مع نيكولاي يفمينوف ، رئيس البحرية");
        found(&mut r, "نيكولاي");
        // The end edge is the left-hand one: one press takes يفمينوف (8 by characters).
        r.move_edge(Edge::End, true, Unit::Word);
        assert_eq!(selected(&r), "نيكولاي يفمينوف");
        r.move_edge(Edge::End, true, Unit::Word);
        assert_eq!(selected(&r), "نيكولاي يفمينوف ، رئيس");
        r.move_edge(Edge::End, false, Unit::Word);
        assert_eq!(selected(&r), "نيكولاي يفمينوف");
        // The start edge is the right-hand one: right grows, left shrinks.
        r.move_edge(Edge::Start, false, Unit::Word);
        assert_eq!(selected(&r), "مع نيكولاي يفمينوف");
        r.move_edge(Edge::Start, true, Unit::Word);
        r.move_edge(Edge::Start, true, Unit::Word);
        assert_eq!(selected(&r), "يفمينوف");
        // A selection is never emptied.
        r.move_edge(Edge::Start, true, Unit::Word);
        r.move_edge(Edge::End, false, Unit::Word);
        assert_eq!(selected(&r), "يفمينوف");
    }

    #[test]
    fn edge_keys_move_by_words_in_mixed_text() {
        // In a right-to-left paragraph, left is forward, Latin words too.
        let mut r = reader("قال Vladimir Putin اليوم");
        found(&mut r, "قال");
        r.move_edge(Edge::End, true, Unit::Word);
        assert_eq!(selected(&r), "قال Vladimir");
        r.move_edge(Edge::End, true, Unit::Word);
        assert_eq!(selected(&r), "قال Vladimir Putin");
        r.move_edge(Edge::Start, true, Unit::Word);
        assert_eq!(selected(&r), "Vladimir Putin");
        // In a left-to-right paragraph, right is forward, Arabic words too.
        let mut r = reader("Talks with لي شانغفو today");
        found(&mut r, "with");
        r.move_edge(Edge::End, false, Unit::Word);
        assert_eq!(selected(&r), "with لي");
        r.move_edge(Edge::End, false, Unit::Word);
        assert_eq!(selected(&r), "with لي شانغفو");
        r.move_edge(Edge::Start, true, Unit::Word);
        assert_eq!(selected(&r), "Talks with لي شانغفو");
        r.move_edge(Edge::Start, false, Unit::Word);
        r.move_edge(Edge::Start, false, Unit::Word);
        assert_eq!(selected(&r), "لي شانغفو");
    }

    #[test]
    fn edge_keys_with_alt_move_by_grapheme_on_screen() {
        let mut r = reader("قال وزير");
        r.move_word(true);
        r.toggle_selection();
        // In RTL, the start edge moving left shrinks the span from its start.
        r.move_edge(Edge::Start, true, Unit::Char);
        assert_eq!(selected(&r), "زير");
        // The end edge moving right (backward) shrinks it from its end.
        r.move_edge(Edge::End, false, Unit::Char);
        assert_eq!(selected(&r), "زي");
        // A word edge key snaps a cut word back to its boundary.
        r.move_edge(Edge::Start, false, Unit::Word);
        r.move_edge(Edge::End, true, Unit::Word);
        assert_eq!(selected(&r), "وزير");
    }

    #[test]
    fn alt_shift_arrows_grow_by_one_character_on_screen() {
        let mut r = reader("قال وزير الدفاع");
        found(&mut r, "وزير");
        r.select_char(true);
        assert_eq!(selected(&r), "وزير ");
        r.select_char(true);
        assert_eq!(selected(&r), "وزير ا");
        r.select_char(false);
        assert_eq!(selected(&r), " وزير ا");
        // Shift-arrows go on by words from there.
        r.select_visual(true);
        assert_eq!(selected(&r), " وزير الدفاع");
    }

    #[test]
    fn trim_proclitics_keeps_the_article() {
        let mut r = reader("وبالجزائر");
        r.trim_selection(Language::Arabic).unwrap();
        assert_eq!(selected(&r), "الجزائر");
        // Persian بالاترین is a word: not trimmed, nothing changes.
        let mut r = reader("بالاترین");
        let before = r.selection.clone();
        assert_eq!(r.trim_selection(Language::Persian), Err(words::NoTrim::OtherLanguage));
        assert_eq!(r.selection, before);
    }

    #[test]
    fn a_drag_snaps_to_whole_words_unless_by_character() {
        let text = "قال وزير الدفاع الصيني يوم الاثنين";
        let mut r = reader(text);
        let yawm = at(&r, "يوم");
        // From ي to و of يوم: the whole word, and the cursor at its start.
        r.drag_select(yawm..yawm + 1, yawm + 1..yawm + 2, false);
        assert_eq!(selected(&r), "يوم");
        assert_eq!(r.cursor, yawm);
        r.drag_select(yawm..yawm + 1, yawm + 1..yawm + 2, true);
        assert_eq!(selected(&r), "يو");
        // Across words, from inside one to inside another, spaces trimmed.
        let difa = at(&r, "الدفاع");
        r.drag_select(difa + 3..difa + 4, yawm + 1..yawm + 2, false);
        assert_eq!(selected(&r), "الدفاع الصيني يوم");
        r.drag_select(difa - 1..difa, difa + 2..difa + 3, false);
        assert_eq!(selected(&r), "الدفاع");
        // Shift-arrows go on from a dragged selection.
        r.drag_select(difa..difa + 1, yawm..yawm + 1, false);
        r.select_visual(true);
        assert_eq!(selected(&r), "الدفاع الصيني يوم الاثنين");
    }

    #[test]
    fn drag_across_embedded_latin_is_the_logical_range() {
        // Logical: Arabic word, Latin name, Arabic word. Dragging from the
        // first Arabic word to the Latin word selects both, in logical order.
        let mut r = reader("قال Vladimir Putin اليوم");
        let first = r.word_range(0);
        let latin = r.word_range(4);
        r.drag_select(first, latin, false);
        assert_eq!(selected(&r), "قال Vladimir");
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// Paragraphs of Arabic and Latin words, digits and punctuation.
        fn text() -> impl Strategy<Value = String> {
            let word = prop::sample::select(vec![
                "قال",
                "وزير",
                "الدفاع",
                "لي",
                "شانغفو",
                "Vladimir",
                "Putin",
                "Google",
                "2023",
                "،",
                "«بكين»",
                "(روسيا)",
                "x",
                "يفمينوف",
            ]);
            let para = prop::collection::vec(word, 1..14).prop_map(|w| w.join(" "));
            prop::collection::vec(para, 1..4).prop_map(|p| p.join("\n"))
        }

        #[derive(Debug, Clone, Copy)]
        enum Op {
            Shift(bool),
            Char(bool),
            Edge(bool, bool, bool),
            Cursor(bool),
            Toggle,
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                any::<bool>().prop_map(Op::Shift),
                any::<bool>().prop_map(Op::Char),
                (any::<bool>(), any::<bool>(), any::<bool>())
                    .prop_map(|(a, b, c)| Op::Edge(a, b, c)),
                any::<bool>().prop_map(Op::Cursor),
                Just(Op::Toggle),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            /// Whatever the keys, a selection is a non-empty range of the
            /// text; a Shift-arrow only grows it, unless it takes back the
            /// word the other arrow added, which restores the selection
            /// before it exactly.
            #[test]
            fn shift_arrows_grow_and_the_other_arrow_takes_back(
                text in text(),
                width in 8usize..40,
                ops in prop::collection::vec(op(), 1..25),
            ) {
                let mut r = Reader::new("t".into(), Document::new(text.clone()), LayoutOptions::default());
                r.resize(width, 6);
                let len = r.doc.char_len();
                let mut history: Vec<(bool, Range<usize>)> = Vec::new();
                for op in ops {
                    let before = r.selection.clone();
                    // With nothing selected, Shift-arrows start from the cursor word.
                    let from = before.clone().or_else(|| Some(r.word_range(r.cursor)));
                    match op {
                        Op::Shift(left) => r.select_visual(left),
                        Op::Char(left) => r.select_char(left),
                        Op::Edge(start, left, word) => {
                            let edge = if start { Edge::Start } else { Edge::End };
                            r.move_edge(edge, left, if word { Unit::Word } else { Unit::Char });
                        }
                        Op::Cursor(left) => r.move_visual(left),
                        Op::Toggle => r.toggle_selection(),
                    }
                    if let Some(sel) = &r.selection {
                        prop_assert!(sel.start < sel.end && sel.end <= len, "{sel:?} of {len}");
                    }
                    let Op::Shift(left) = op else {
                        if r.selection != before {
                            history.clear();
                        }
                        continue;
                    };
                    let after = r.selection.clone().unwrap();
                    match (from, history.last().cloned()) {
                        (Some(b), Some((way, prior))) if way != left && after == prior => {
                            history.pop();
                            prop_assert!(b.start <= after.start && after.end <= b.end);
                        }
                        (Some(b), _) => {
                            prop_assert!(after.start <= b.start && b.end <= after.end, "{b:?} {after:?}");
                            if after != b {
                                history.push((left, b));
                            }
                        }
                        (None, _) => unreachable!(),
                    }
                }
            }
        }
    }
}
