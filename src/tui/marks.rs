//! Direction marks on their own: the cursor is placed again after each.
//!
//! In logical order ([`crate::layout::ParagraphLayout::direction_mark`]) a
//! line may start with an RLM or an LRM alone in the first column, so that
//! a terminal which reorders rows by itself gives the row the paragraph's
//! direction. Terminals disagree on how wide such a mark is: mlterm gives a
//! mark at the start of a row a column, others none. ratatui prints
//! neighbouring cells without moving the cursor, so the rest of the row
//! would land one column off in one of them. [`MarkSync`] ends the drawing
//! of a run after every mark cell, so the next cell is drawn after an
//! explicit cursor move, wherever the mark left the cursor. UI text
//! ([`super::text`]) sends its marks with a space in one cell, so
//! that the column is filled whether the terminal gives the mark a column
//! or none.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// True for a cell that holds a direction mark: a mark alone (the
/// article's rows), or marks and a space (UI text, [`super::text`]).
fn is_mark(symbol: &str) -> bool {
    symbol.contains(['\u{200E}', '\u{200F}'])
}

/// A backend that draws runs of cells through `B`, starting a new run (so a
/// cursor move) after every cell holding only a direction mark.
#[derive(Debug)]
pub struct MarkSync<B>(pub B);

impl<B: Backend> Backend for MarkSync<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        while content.peek().is_some() {
            let mut after_mark = false;
            let run = std::iter::from_fn(|| {
                if after_mark {
                    return None;
                }
                let item = content.next()?;
                after_mark = is_mark(item.2.symbol());
                Some(item)
            });
            self.0.draw(run)?;
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.0.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.0.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.0.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::CrosstermBackend;

    fn cell(symbol: &str) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(symbol);
        c
    }

    /// What drawing `cells` at row 0 from column 0 sends.
    fn sent(cells: &[Cell]) -> String {
        let mut out = Vec::new();
        let mut backend = MarkSync(CrosstermBackend::new(&mut out));
        backend.draw(cells.iter().enumerate().map(|(x, c)| (x as u16, 0, c))).unwrap();
        backend.flush().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_cell_after_a_mark_is_drawn_after_a_cursor_move() {
        let out = sent(&[cell("\u{200F}"), cell("G"), cell("o")]);
        // Column 1 (1-based 2) is addressed right after the mark.
        let mark = out.find('\u{200F}').unwrap();
        assert!(out[mark..].starts_with("\u{200F}"), "{out:?}");
        let after = &out[mark + '\u{200F}'.len_utf8()..];
        let g = after.find('G').unwrap();
        assert!(after[..g].contains("\u{1b}[1;2H"), "no cursor move before G: {out:?}");
        // Without a mark, neighbours are printed in one run, one move only.
        let plain = sent(&[cell("a"), cell("b"), cell("c")]);
        assert_eq!(plain.matches("\u{1b}[1;").count(), 1, "{plain:?}");
        assert!(plain.contains("abc"), "{plain:?}");
    }
}
