//! What is marked on screen, in document `char` offsets: what `e` and `c`
//! act on (the selection, or else the word under the cursor), the cursor
//! when it is elsewhere, search matches and annotations. Pure data; the TUI
//! maps it to styles.

use std::ops::Range;

/// What an annotation span is, for drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// An entity, with the index of its label's colour in the palette.
    Entity(usize),
    /// The content of a claim.
    Claim,
    /// The claimant or cue of the claim under the cursor.
    Linked,
    /// An annotation whose text could not be found again (drawn at its old place).
    Orphan,
}

/// One annotation span to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanMark {
    /// Document `char` offsets.
    pub range: Range<usize>,
    /// What it is.
    pub kind: SpanKind,
}

/// The marks that apply to one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools, reason = "independent marks, drawn as combined styles")]
pub struct Marks {
    /// Under the word cursor, when the cursor is not what `e` tags.
    pub cursor: bool,
    /// Inside what `e` and `c` act on.
    pub selected: bool,
    /// Inside a search match.
    pub matched: bool,
    /// The colour of the innermost entity covering it.
    pub entity: Option<usize>,
    /// Covered by more than one entity (nested or overlapping).
    pub nested: bool,
    /// Inside a claim.
    pub claim: bool,
    /// Part of the claimant or cue linked to the claim under the cursor.
    pub linked: bool,
    /// Inside an orphaned annotation.
    pub orphan: bool,
}

/// Everything highlighted in a document view.
#[derive(Debug, Clone, Default)]
pub struct Highlights<'a> {
    /// The word under the cursor, when it is not what `e` tags (it lies
    /// outside the selection, or there is nothing to tag).
    pub cursor: Option<Range<usize>>,
    /// What `e` and `c` act on: the selection, or else the word under the cursor.
    pub selection: Option<Range<usize>>,
    /// Search matches, sorted and non-overlapping.
    pub matches: &'a [Range<usize>],
    /// Annotation spans near the screen, in any order.
    pub spans: Vec<SpanMark>,
}

impl Highlights<'_> {
    /// The marks of the characters in `range` (a cell): a mark applies when
    /// it covers any character of the cell.
    pub fn marks(&self, range: Range<usize>) -> Marks {
        let overlaps = |r: &Range<usize>| r.start < range.end && range.start < r.end;
        let i = self.matches.partition_point(|m| m.end <= range.start);
        let mut marks = Marks {
            cursor: self.cursor.as_ref().is_some_and(overlaps),
            selected: self.selection.as_ref().is_some_and(overlaps),
            matched: self.matches.get(i).is_some_and(overlaps),
            ..Marks::default()
        };
        let mut innermost: Option<(usize, usize)> = None;
        let mut entities = 0;
        for span in self.spans.iter().filter(|s| overlaps(&s.range)) {
            match span.kind {
                SpanKind::Entity(color) => {
                    entities += 1;
                    let len = span.range.len();
                    if innermost.is_none_or(|(l, _)| len < l) {
                        innermost = Some((len, color));
                    }
                }
                SpanKind::Claim => marks.claim = true,
                SpanKind::Linked => marks.linked = true,
                SpanKind::Orphan => marks.orphan = true,
            }
        }
        marks.entity = innermost.map(|(_, c)| c);
        marks.nested = entities > 1;
        marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_ranges() {
        let h = Highlights {
            cursor: Some(0..3),
            selection: Some(5..6),
            matches: &[2..4, 8..10],
            spans: Vec::new(),
        };
        assert_eq!(h.marks(2..3), Marks { cursor: true, matched: true, ..Marks::default() });
        assert_eq!(h.marks(5..6), Marks { selected: true, ..Marks::default() });
        assert_eq!(h.marks(9..10), Marks { matched: true, ..Marks::default() });
        assert_eq!(h.marks(6..8), Marks::default());
    }

    #[test]
    fn nested_entities_show_the_innermost_colour_and_a_nesting_mark() {
        let h = Highlights {
            spans: vec![
                SpanMark { range: 0..20, kind: SpanKind::Entity(1) },
                SpanMark { range: 5..9, kind: SpanKind::Entity(2) },
                SpanMark { range: 0..30, kind: SpanKind::Claim },
            ],
            ..Highlights::default()
        };
        let inner = h.marks(6..7);
        assert_eq!((inner.entity, inner.nested, inner.claim), (Some(2), true, true));
        let outer = h.marks(1..2);
        assert_eq!((outer.entity, outer.nested), (Some(1), false));
        assert_eq!(h.marks(25..26).entity, None);
    }
}
