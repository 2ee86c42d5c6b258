//! One open article: its text, viewport, word cursor, selection and search.

use std::ops::Range;
use std::sync::mpsc::{self, Receiver};

use crate::layout::LayoutOptions;
use crate::text::Document;
use crate::text::normalize::Folding;
use crate::text::search::SearchIndex;
use crate::text::words;
use crate::view::{Highlights, LayoutCache, Pos, Viewport};

/// The last search: its query and matches.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The query as typed.
    pub query: String,
    /// Every match, in document `char` offsets, in order.
    pub matches: Vec<Range<usize>>,
    /// The match last jumped to.
    pub current: Option<usize>,
}

/// An article being read.
#[derive(Debug)]
pub struct Reader {
    /// The article's name.
    pub name: String,
    /// Its text.
    pub doc: Document,
    /// What part of it is on screen.
    pub viewport: Viewport,
    /// The word cursor: a document `char` offset.
    pub cursor: usize,
    /// The selected characters, if any.
    pub selection: Option<Range<usize>>,
    /// The last search, if any.
    pub search: Option<Search>,
    /// Where the selection started (it grows from here to the cursor). A
    /// selection without one (made by a search, the edge keys, the review
    /// table) grows from its edge on the first Shift-arrow.
    pub anchor: Option<Range<usize>>,
    /// Why `e` and `c` have nothing to act on although the cursor is on a
    /// word: a search found nothing (the user meant to select what it
    /// would have found). Cleared when the cursor or the selection changes.
    pub no_target: Option<String>,
    /// What Shift-arrows added to the selection, word by word.
    pub(super) grown: super::selection::Grown,
    index: Option<SearchIndex>,
    /// The index being built on another thread, if any.
    index_job: Option<Receiver<SearchIndex>>,
}

impl Reader {
    /// Opens `doc` laid out with `options`.
    pub fn new(name: String, doc: Document, options: LayoutOptions) -> Self {
        let mut reader = Self {
            name,
            doc,
            viewport: Viewport { cache: LayoutCache::new(options), top: Pos::default(), height: 1 },
            cursor: 0,
            selection: None,
            search: None,
            anchor: None,
            no_target: None,
            grown: super::selection::Grown::default(),
            index: None,
            index_job: None,
        };
        reader.cursor = reader.first_word_from(0);
        reader
    }

    /// Puts `doc` in place of the text read so far (the whole article after
    /// its head), keeping the view and cursor where they are when they
    /// still exist in `doc`.
    pub fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.viewport.cache.clear();
        self.index = None;
        self.index_job = None;
        self.search = None;
        let last = self.doc.paragraphs().len().saturating_sub(1);
        if self.viewport.top.para > last {
            self.viewport.top = Pos::default();
        }
        self.cursor = self.cursor.min(self.doc.char_len());
        self.selection = None;
        self.anchor = None;
        self.no_target = None;
    }

    /// Sets the screen size: `width` columns for text, `height` rows.
    pub fn resize(&mut self, width: usize, height: usize) {
        let mut options = *self.viewport.cache.options();
        let width = Some(width.max(1));
        if options.width != width {
            let top = self.viewport.top_char(&self.doc);
            options.width = width;
            self.viewport.cache.set_options(options);
            self.viewport.top = self.viewport.pos_of_char(&self.doc, top);
        }
        self.viewport.height = height.max(1);
    }

    /// The paragraph holding document offset `offset`, and its first `char` offset.
    fn para_of(&self, offset: usize) -> (usize, usize) {
        let para = self.doc.paragraph_at_char(offset);
        (para, self.doc.paragraphs().get(para).map_or(0, |p| p.char_start))
    }

    /// The word at `offset` (document offsets), or the single character there.
    pub fn word_range(&self, offset: usize) -> Range<usize> {
        let (para, start) = self.para_of(offset);
        let text = self.doc.paragraph_text(para);
        words::word_at(text, offset - start)
            .map_or(offset..offset + 1, |r| start + r.start..start + r.end)
    }

    /// The start of the first word at or after `offset`, or `offset` when none.
    fn first_word_from(&self, offset: usize) -> usize {
        let mut para = self.doc.paragraph_at_char(offset);
        let mut local_from = offset.saturating_sub(self.para_of(offset).1);
        while let Some(p) = self.doc.paragraphs().get(para) {
            let text = self.doc.paragraph_text(para);
            if let Some(r) = words::word_at(text, local_from) {
                return p.char_start + r.start;
            }
            if let Some(s) = words::next_word_start(text, local_from) {
                return p.char_start + s;
            }
            para += 1;
            local_from = 0;
        }
        offset
    }

    /// Moves the cursor to the next (or previous) word in reading order.
    pub fn move_word(&mut self, forward: bool) {
        let (mut para, start) = self.para_of(self.cursor);
        let mut local = Some(self.cursor - start);
        loop {
            let Some(p) = self.doc.paragraphs().get(para).copied() else { return };
            let text = self.doc.paragraph_text(para);
            let found = match (forward, local) {
                (true, Some(l)) => words::next_word_start(text, l),
                (true, None) => words::word_at(text, 0)
                    .map(|r| r.start)
                    .or_else(|| words::next_word_start(text, 0)),
                (false, Some(l)) => words::prev_word_start(text, l),
                (false, None) => last_word_start(text),
            };
            if let Some(s) = found {
                self.set_cursor(p.char_start + s);
                return;
            }
            if forward {
                para += 1;
            } else if para == 0 {
                return;
            } else {
                para -= 1;
            }
            local = None;
        }
    }

    /// Moves the cursor to the word visually left (or right) of it, going
    /// on to the neighbouring line at the edge of the screen line.
    pub fn move_visual(&mut self, left: bool) {
        if let Some(offset) = self.visual_neighbour(self.cursor, left) {
            self.set_cursor(offset);
        }
    }

    /// The start of the word visually left (or right) of the word at
    /// `offset`, going on to the neighbouring line at the edge of the
    /// screen line.
    pub fn visual_neighbour(&mut self, offset: usize, left: bool) -> Option<usize> {
        let here = self.viewport.pos_of_char(&self.doc, offset);
        let current = self.word_range(offset);
        let layout = self.viewport.cache.get(&self.doc, here.para);
        let (_, start) = self.para_of(offset);
        let line = layout.lines.get(here.line)?;
        let cells = layout.line_cells(line);
        let in_word = |c: &crate::layout::Cell| {
            let a = start + c.logical.start as usize;
            a < current.end && current.start < start + c.logical.end as usize
        };
        let first = cells.iter().position(in_word);
        let last = cells.iter().rposition(in_word);
        let candidates: Vec<usize> = match (left, first, last) {
            (true, Some(f), _) => (0..f).rev().collect(),
            (false, _, Some(l)) => (l + 1..cells.len()).collect(),
            _ => Vec::new(),
        };
        let text = self.doc.paragraph_text(here.para);
        for i in candidates {
            if let Some(r) = words::word_at(text, cells[i].logical.start as usize) {
                return Some(start + r.start);
            }
        }
        // Off the edge: the next line in reading order lies left in RTL text.
        let down = left == layout.rtl;
        let mut pos = here;
        for _ in 0..64 {
            let next = if down {
                self.viewport.forward(&self.doc, pos, 1)
            } else {
                self.viewport.backward(&self.doc, pos, 1)
            };
            if next == pos {
                return None;
            }
            pos = next;
            let layout = self.viewport.cache.get(&self.doc, pos.para);
            let text = self.doc.paragraph_text(pos.para);
            let para_start = self.doc.paragraphs().get(pos.para).map_or(0, |p| p.char_start);
            let Some(line) = layout.lines.get(pos.line) else { continue };
            let cells = layout.line_cells(line);
            let pick = |c: &crate::layout::Cell| words::word_at(text, c.logical.start as usize);
            let found =
                if left { cells.iter().rev().find_map(pick) } else { cells.iter().find_map(pick) };
            if let Some(r) = found {
                return Some(para_start + r.start);
            }
        }
        None
    }

    /// Moves the cursor to the first (or last) word of its visual line, in
    /// reading order.
    pub fn move_line_edge(&mut self, end: bool) {
        let here = self.viewport.pos_of_char(&self.doc, self.cursor);
        let layout = self.viewport.cache.get(&self.doc, here.para);
        let Some(line) = layout.lines.get(here.line) else { return };
        let (_, start) = self.para_of(self.cursor);
        let text = self.doc.paragraph_text(here.para);
        let (from, to) = (line.logical.start as usize, line.logical.end as usize);
        let target = if end {
            words::prev_word_start(text, to).filter(|&s| s >= from)
        } else {
            words::word_at(text, from)
                .map(|r| r.start.max(from))
                .or_else(|| words::next_word_start(text, from))
                .filter(|&s| s < to)
        };
        if let Some(s) = target {
            self.set_cursor(start + s);
        }
    }

    /// Shows the first screen, with the cursor on the first word.
    pub fn go_top(&mut self) {
        self.viewport.go_top();
        self.cursor = self.first_word_from(0);
    }

    /// Shows the last screen, with the cursor on the last word.
    pub fn go_bottom(&mut self) {
        self.viewport.go_bottom(&self.doc);
        let last = (0..self.doc.paragraphs().len()).rev().find_map(|i| {
            let start = self.doc.paragraphs()[i].char_start;
            last_word_start(self.doc.paragraph_text(i)).map(|w| start + w)
        });
        if let Some(offset) = last {
            self.cursor = offset;
        }
        self.keep_cursor_visible();
    }

    /// Puts the cursor at `offset` and scrolls it into view.
    pub fn set_cursor(&mut self, offset: usize) {
        self.cursor = offset.min(self.doc.char_len());
        let pos = self.viewport.pos_of_char(&self.doc, self.cursor);
        self.viewport.reveal(&self.doc, pos);
    }

    /// Keeps the cursor on screen after scrolling: moves it to the first
    /// (or last) visible word when it left the screen.
    pub fn keep_cursor_visible(&mut self) {
        let pos = self.viewport.pos_of_char(&self.doc, self.cursor);
        let top = self.viewport.top;
        let bottom = self.viewport.forward(&self.doc, top, self.viewport.height.saturating_sub(1));
        if pos < top || pos > bottom {
            let target = if pos < top { top } else { bottom };
            let layout = self.viewport.cache.get(&self.doc, target.para);
            let para_start = self.doc.paragraphs().get(target.para).map_or(0, |p| p.char_start);
            let line_start = layout.lines.get(target.line).map_or(0, |l| l.logical.start as usize);
            self.cursor = self.first_word_from(para_start + line_start);
        }
    }

    /// Builds the search index on another thread, so that the first search
    /// in a large article does not wait for it (the article is shown
    /// meanwhile; its text is shared, not copied). One thread: the peak
    /// memory of a two-thread fold is not worth it when nobody waits.
    pub fn index_in_background(&mut self) {
        if self.index.is_some() || self.index_job.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let text = self.doc.shared_text();
        std::thread::spawn(move || {
            // Nobody waits any more when the article was closed.
            let _ = tx.send(SearchIndex::new_sequential(&text, Folding::default()));
        });
        self.index_job = Some(rx);
    }

    /// The search index: the one built in the background if there is one
    /// (waiting for its end), else one built now.
    pub fn index(&mut self) -> &SearchIndex {
        if self.index.is_none() {
            let built = self.index_job.take().and_then(|job| job.recv().ok());
            self.index = built;
        }
        self.index.get_or_insert_with(|| SearchIndex::new(self.doc.text(), Folding::default()))
    }

    /// The search index, if it is built (see [`Reader::index`]).
    pub fn built_index(&self) -> Option<&SearchIndex> {
        self.index.as_ref()
    }

    /// Runs a search for `query`, highlighting every match.
    pub fn search(&mut self, query: &str) {
        let matches = self.index().find_all(query);
        self.search = Some(Search { query: query.to_string(), matches, current: None });
    }

    /// Jumps to the next (or previous) match from the cursor and selects it.
    /// Returns false when there is no match.
    pub fn jump_to_match(&mut self, forward: bool) -> bool {
        let Some(search) = self.search.as_mut() else { return false };
        if search.matches.is_empty() {
            return false;
        }
        let n = search.matches.len();
        let i = match (forward, search.current) {
            (true, Some(c)) => (c + 1) % n,
            (false, Some(c)) => (c + n - 1) % n,
            (true, None) => {
                let cursor = self.cursor;
                search.matches.partition_point(|m| m.start < cursor) % n
            }
            (false, None) => {
                let cursor = self.cursor;
                (search.matches.partition_point(|m| m.start < cursor) + n - 1) % n
            }
        };
        search.current = Some(i);
        let m = search.matches[i].clone();
        self.selection = Some(m.clone());
        self.grown = super::selection::Grown::default();
        self.set_cursor(m.start);
        true
    }

    /// What to highlight on screen: what `e` and `c` act on (the selection,
    /// or else the cursor word — unless a failed search left nothing to
    /// act on), and the cursor when it lies apart from that.
    pub fn highlights(&self) -> Highlights<'_> {
        let word = self.word_range(self.cursor);
        let (cursor, selection) = match (&self.selection, &self.no_target) {
            (Some(sel), _) => {
                let apart = word.end <= sel.start || sel.end <= word.start;
                (apart.then_some(word), Some(sel.clone()))
            }
            (None, None) => (None, Some(word)),
            (None, Some(_)) => (Some(word), None),
        };
        let matches = self.search.as_ref().map_or(&[][..], |s| s.matches.as_slice());
        Highlights::new(cursor, selection, matches, Vec::new())
    }

    /// True when any character of `range` is on screen.
    pub fn on_screen(&mut self, range: &Range<usize>) -> bool {
        let top = self.viewport.top;
        let bottom = self.viewport.forward(&self.doc, top, self.viewport.height.saturating_sub(1));
        let first = self.viewport.pos_of_char(&self.doc, range.start);
        let last =
            self.viewport.pos_of_char(&self.doc, range.end.saturating_sub(1).max(range.start));
        first <= bottom && last >= top
    }

    /// Why `e` or `c` cannot act now, if they cannot: a failed search left
    /// nothing selected; or what they would act on is off screen — then it
    /// is brought on screen (the selection is scrolled to, the cursor moved
    /// onto the screen), for the user to see it and press the key again.
    pub fn target_refusal(&mut self) -> Option<String> {
        if let Some(why) = &self.no_target {
            return Some(format!(
                "nothing selected: {why} — move the cursor or select a span first"
            ));
        }
        match self.selection.clone() {
            Some(sel) if !self.on_screen(&sel) => {
                self.set_cursor(sel.start);
                Some(
                    "the selection was off screen: here it is — press the key again to use it"
                        .into(),
                )
            }
            None if !self.on_screen(&self.word_range(self.cursor)) => {
                self.keep_cursor_visible();
                Some(
                    "the cursor was off screen: it is on a word shown now — press the key again \
                     to use it"
                        .into(),
                )
            }
            _ => None,
        }
    }

    /// The reading position in percent, from the top line.
    pub fn percent(&mut self) -> usize {
        let total = self.doc.char_len().max(1);
        let top = self.viewport.top_char(&self.doc);
        let bottom = self.viewport.forward(&self.doc, self.viewport.top, self.viewport.height);
        if bottom == self.viewport.end(&self.doc) {
            return 100;
        }
        top * 100 / total
    }

    /// True when the paragraph under the cursor runs right to left.
    pub fn cursor_rtl(&mut self) -> bool {
        let para = self.doc.paragraph_at_char(self.cursor);
        self.viewport.cache.get(&self.doc, para).rtl
    }
}

/// The start of the last word of `text`, if any.
fn last_word_start(text: &str) -> Option<usize> {
    let len = text.chars().count();
    words::prev_word_start(text, len).or_else(|| words::word_at(text, 0).map(|r| r.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_and_bottom_put_the_cursor_on_the_first_and_last_word() {
        let paras: Vec<String> = (0..50).map(|i| format!("الفقرة رقم {i} تنتهي هنا.")).collect();
        let text = format!("  {}\n\n", paras.join("\n"));
        let mut r = Reader::new("t".into(), Document::new(text.clone()), LayoutOptions::default());
        r.resize(40, 5);
        r.go_bottom();
        let last = text.trim_end().rfind("هنا").unwrap();
        assert_eq!(r.cursor, text[..last].chars().count(), "the last word, past blank lines");
        assert!(r.percent() == 100);
        r.go_top();
        assert_eq!(r.cursor, 2, "the first word, after the leading spaces");
        assert_eq!(r.viewport.top, Pos::default());
    }

    #[test]
    fn a_search_uses_the_index_built_in_the_background() {
        let text = "قال الرئيس إن الرئيس سيزور الجزائر.\nوأكد الرئيس ذلك.".repeat(20);
        let mut now =
            Reader::new("a".into(), Document::new(text.clone()), LayoutOptions::default());
        let mut later = Reader::new("b".into(), Document::new(text), LayoutOptions::default());
        later.index_in_background();
        for r in [&mut now, &mut later] {
            r.search("الرئيس");
        }
        let (a, b) = (now.search.unwrap().matches, later.search.unwrap().matches);
        assert_eq!(a.len(), 60);
        assert_eq!(a, b);
        assert!(later.index_job.is_none() && later.index.is_some(), "the job's index was kept");
    }
}
