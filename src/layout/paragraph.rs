//! The laid-out form of one paragraph: visual lines of cells, each cell
//! knowing the logical characters it shows.

use std::ops::Range;

/// One screen cell group: a grapheme cluster (or a lam-alef ligature) as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The logical characters shown, as `char` offsets in the paragraph.
    pub logical: Range<u32>,
    /// The glyph text, as a byte range of [`ParagraphLayout::glyphs`].
    pub glyph: Range<u32>,
    /// Columns taken on screen. Hanging whitespace that does not fit its line
    /// has width 0 and an empty glyph; so has a cluster of format controls
    /// that draw nothing (bidi controls, LRM/RLM/ALM, joiners), kept so that
    /// every character is in exactly one cell; a lone combining mark has
    /// width 0.
    pub width: u8,
    /// The level the cluster was displayed at (after rule L1).
    pub level: u8,
}

/// One visual line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The logical characters of the line, as `char` offsets in the paragraph.
    pub logical: Range<u32>,
    /// The line's cells, left to right, as a range of [`ParagraphLayout::cells`].
    pub cells: Range<u32>,
    /// Columns the line takes.
    pub width: u32,
    /// The direction of the line's first visible strong character in
    /// logical order (true: right to left), `None` when it has none: what a
    /// terminal that finds each row's direction by itself (UAX #9 rules
    /// P2–P3) takes for the row's direction.
    pub first_strong_rtl: Option<bool>,
}

/// A paragraph laid out for one width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphLayout {
    /// True when the paragraph runs right to left (its lines are right-aligned).
    pub rtl: bool,
    /// Glyph text of every cell, in logical order.
    pub glyphs: String,
    /// All cells, line after line, each line left to right.
    pub cells: Vec<Cell>,
    /// The visual lines, top to bottom (at least one).
    pub lines: Vec<Line>,
    /// Number of `char`s in the paragraph.
    pub char_len: u32,
    /// True when the cells of each line are in logical order, for a
    /// terminal that reorders by itself (`LayoutOptions::reorder` off).
    pub logical: bool,
}

impl ParagraphLayout {
    /// The cells of `line`, left to right.
    pub fn line_cells(&self, line: &Line) -> &[Cell] {
        &self.cells[line.cells.start as usize..line.cells.end as usize]
    }

    /// The glyph text of `cell`.
    pub fn glyph(&self, cell: &Cell) -> &str {
        &self.glyphs[cell.glyph.start as usize..cell.glyph.end as usize]
    }

    /// The column where `line` starts when drawn `width` columns wide:
    /// right-aligned for right-to-left paragraphs (the padding `render`
    /// prints, in either order).
    pub fn indent(&self, line: &Line, width: usize) -> usize {
        if self.rtl { width.saturating_sub(line.width as usize) } else { 0 }
    }

    /// The column where the screen draws `line`, `width` columns wide: its
    /// [`indent`](Self::indent) in visual order. In logical order a line
    /// starts at column 0 whatever its direction: a terminal that reorders
    /// a row of right-to-left text reverses the whole row, so the blank
    /// columns after the text land on its left and the line shows
    /// right-aligned (measured in mlterm; a row padded before the text
    /// shows left-aligned there). A line that needs a
    /// [`direction_mark`](Self::direction_mark) starts at column 1, the mark
    /// in column 0, when it has room.
    pub fn start_column(&self, line: &Line, width: usize) -> usize {
        if self.logical {
            usize::from(self.direction_mark(line).is_some() && (line.width as usize) < width)
        } else {
            self.indent(line, width)
        }
    }

    /// In logical order, the mark to send before `line` when a terminal
    /// that finds each row's direction from its first strong character
    /// would find another direction than the paragraph's: RLM for a line of
    /// a right-to-left paragraph that starts with a Latin word or has no
    /// strong character, LRM for a line of a left-to-right paragraph that
    /// starts with Arabic. `None` in visual order and when the terminal
    /// finds the right direction by itself.
    pub fn direction_mark(&self, line: &Line) -> Option<char> {
        if !self.logical || line.first_strong_rtl.unwrap_or(false) == self.rtl {
            None
        } else if self.rtl {
            Some('\u{200F}')
        } else {
            Some('\u{200E}')
        }
    }

    /// The line index holding logical `char` offset `offset` (the last line
    /// for the end of the paragraph).
    pub fn line_of(&self, offset: u32) -> usize {
        let i = self.lines.partition_point(|l| l.logical.end <= offset);
        i.min(self.lines.len().saturating_sub(1))
    }

    /// Where the character at `offset` is drawn: its line, and the column
    /// range (relative to the line's indent) of the cell showing it.
    pub fn locate(&self, offset: u32) -> Option<(usize, Range<usize>)> {
        let line_index = self.line_of(offset);
        let line = self.lines.get(line_index)?;
        let mut x = 0usize;
        for cell in self.line_cells(line) {
            let w = cell.width as usize;
            if cell.logical.contains(&offset) {
                return Some((line_index, x..x + w));
            }
            x += w;
        }
        None
    }

    /// The cell at column `x` (relative to the line's indent) of `line`.
    pub fn cell_at(&self, line: &Line, x: usize) -> Option<&Cell> {
        let mut left = 0usize;
        for cell in self.line_cells(line) {
            let w = cell.width as usize;
            if x >= left && x < left + w {
                return Some(cell);
            }
            left += w;
        }
        None
    }

    /// The visible text of `line`, left to right, without alignment.
    pub fn line_text(&self, line: &Line) -> String {
        let mut s = String::new();
        self.push_line_text(line, &mut s);
        s
    }

    /// Appends the visible text of `line` to `out`.
    pub fn push_line_text(&self, line: &Line, out: &mut String) {
        for cell in self.line_cells(line) {
            out.push_str(self.glyph(cell));
        }
    }
}
