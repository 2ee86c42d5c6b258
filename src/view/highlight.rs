//! What is marked on screen, in document `char` offsets: the word cursor,
//! the selection and search matches. Pure data; the TUI maps it to styles.

use std::ops::Range;

/// The marks that apply to one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Marks {
    /// Under the word cursor.
    pub cursor: bool,
    /// Inside the selection.
    pub selected: bool,
    /// Inside a search match.
    pub matched: bool,
}

/// Everything highlighted in a document view.
#[derive(Debug, Clone, Default)]
pub struct Highlights<'a> {
    /// The word under the cursor.
    pub cursor: Option<Range<usize>>,
    /// The selection.
    pub selection: Option<Range<usize>>,
    /// Search matches, sorted and non-overlapping.
    pub matches: &'a [Range<usize>],
}

impl Highlights<'_> {
    /// The marks of the characters in `range` (a cell): a mark applies when
    /// it covers any character of the cell.
    pub fn marks(&self, range: Range<usize>) -> Marks {
        let overlaps = |r: &Range<usize>| r.start < range.end && range.start < r.end;
        let i = self.matches.partition_point(|m| m.end <= range.start);
        Marks {
            cursor: self.cursor.as_ref().is_some_and(overlaps),
            selected: self.selection.as_ref().is_some_and(overlaps),
            matched: self.matches.get(i).is_some_and(overlaps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_ranges() {
        let h = Highlights { cursor: Some(0..3), selection: Some(5..6), matches: &[2..4, 8..10] };
        assert_eq!(h.marks(2..3), Marks { cursor: true, selected: false, matched: true });
        assert_eq!(h.marks(5..6), Marks { cursor: false, selected: true, matched: false });
        assert_eq!(h.marks(9..10), Marks { cursor: false, selected: false, matched: true });
        assert_eq!(h.marks(6..8), Marks::default());
    }
}
