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
    /// A suggestion, not an annotation (drawn dim and underlined).
    Suggested,
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
    /// Inside a suggestion (not an annotation).
    pub suggested: bool,
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
    /// The spans' marks per character of a range, painted once by
    /// [`Highlights::paint`] (empty until then).
    painted: Painted,
}

/// The span marks of each character of `start..start + chars.len()`.
#[derive(Debug, Clone, Default)]
struct Painted {
    start: usize,
    chars: Vec<CharMarks>,
}

/// The span marks of one character.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools, reason = "independent marks, drawn as combined styles")]
struct CharMarks {
    /// The length and colour of the shortest entity covering it.
    innermost: Option<(usize, usize)>,
    /// How many entities cover it.
    entities: u32,
    claim: bool,
    linked: bool,
    orphan: bool,
    suggested: bool,
}

impl<'a> Highlights<'a> {
    /// Highlights with these marks and annotation spans.
    pub fn new(
        cursor: Option<Range<usize>>,
        selection: Option<Range<usize>>,
        matches: &'a [Range<usize>],
        spans: Vec<SpanMark>,
    ) -> Self {
        Self { cursor, selection, matches, spans, painted: Painted::default() }
    }
}

impl Highlights<'_> {
    /// Works out once the span marks of every character of `range` (what
    /// is on screen), so that [`Highlights::marks`] of a one-character cell
    /// there costs the same however many spans overlap: linear in the
    /// spans and the range, plus the lengths of the entity spans clipped to
    /// it. Without it each cell looks at every span: fine for a few, not
    /// for a sidecar whose thousands of annotations sit on the screen's
    /// words.
    pub fn paint(&mut self, range: Range<usize>) {
        let len = range.len();
        let mut chars = vec![CharMarks::default(); len];
        // Counts and flags by difference arrays: +1 at a clipped start, -1 at its end.
        let mut delta = vec![[0i64; 5]; len + 1];
        let mut entities: Vec<(usize, usize, usize, Range<usize>)> = Vec::new();
        for (index, span) in self.spans.iter().enumerate() {
            let (a, b) = (span.range.start.max(range.start), span.range.end.min(range.end));
            if a >= b {
                continue;
            }
            let (a, b) = (a - range.start, b - range.start);
            let slot = match span.kind {
                SpanKind::Entity(color) => {
                    entities.push((span.range.len(), index, color, a..b));
                    0
                }
                SpanKind::Claim => 1,
                SpanKind::Linked => 2,
                SpanKind::Orphan => 3,
                SpanKind::Suggested => 4,
            };
            delta[a][slot] += 1;
            delta[b][slot] -= 1;
        }
        let mut running = [0i64; 5];
        for (i, c) in chars.iter_mut().enumerate() {
            for (r, d) in running.iter_mut().zip(delta[i]) {
                *r += d;
            }
            c.entities = u32::try_from(running[0]).unwrap_or(u32::MAX);
            (c.claim, c.linked, c.orphan) = (running[1] > 0, running[2] > 0, running[3] > 0);
            c.suggested = running[4] > 0;
        }
        // The innermost entity: longest painted first, so that the shortest
        // ends on top — among equals the first in `spans`, as the cell by
        // cell scan of `marks` keeps it.
        entities.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
        for (span_len, _, color, clipped) in entities {
            for c in &mut chars[clipped] {
                c.innermost = Some((span_len, color));
            }
        }
        self.painted = Painted { start: range.start, chars };
    }

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
        let p = &self.painted;
        if range.len() == 1 && range.start >= p.start && range.start - p.start < p.chars.len() {
            let c = p.chars[range.start - p.start];
            marks.entity = c.innermost.map(|(_, color)| color);
            marks.nested = c.entities > 1;
            (marks.claim, marks.linked, marks.orphan) = (c.claim, c.linked, c.orphan);
            marks.suggested = c.suggested;
            return marks;
        }
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
                SpanKind::Suggested => marks.suggested = true,
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
        let h = Highlights::new(Some(0..3), Some(5..6), &[2..4, 8..10], Vec::new());
        assert_eq!(h.marks(2..3), Marks { cursor: true, matched: true, ..Marks::default() });
        assert_eq!(h.marks(5..6), Marks { selected: true, ..Marks::default() });
        assert_eq!(h.marks(9..10), Marks { matched: true, ..Marks::default() });
        assert_eq!(h.marks(6..8), Marks::default());
    }

    #[test]
    fn nested_entities_show_the_innermost_colour_and_a_nesting_mark() {
        let spans = vec![
            SpanMark { range: 0..20, kind: SpanKind::Entity(1) },
            SpanMark { range: 5..9, kind: SpanKind::Entity(2) },
            SpanMark { range: 0..30, kind: SpanKind::Claim },
        ];
        let h = Highlights::new(None, None, &[], spans);
        let inner = h.marks(6..7);
        assert_eq!((inner.entity, inner.nested, inner.claim), (Some(2), true, true));
        let outer = h.marks(1..2);
        assert_eq!((outer.entity, outer.nested), (Some(1), false));
        assert_eq!(h.marks(25..26).entity, None);
    }

    proptest::proptest! {
        #[test]
        fn painted_marks_are_the_scanned_marks(
            spans in proptest::collection::vec((0usize..40, 1usize..12, 0usize..7), 0..40),
            from in 0usize..30,
            len in 0usize..30,
        ) {
            let spans: Vec<SpanMark> = spans
                .into_iter()
                .map(|(start, len, k)| SpanMark {
                    range: start..start + len,
                    kind: match k {
                        0..=2 => SpanKind::Entity(k),
                        3 => SpanKind::Claim,
                        4 => SpanKind::Linked,
                        5 => SpanKind::Suggested,
                        _ => SpanKind::Orphan,
                    },
                })
                .collect();
            let scanned = Highlights::new(None, None, &[], spans.clone());
            let mut painted = Highlights::new(None, None, &[], spans);
            painted.paint(from..from + len);
            for c in 0..60 {
                proptest::prop_assert_eq!(painted.marks(c..c + 1), scanned.marks(c..c + 1), "char {}", c);
                proptest::prop_assert_eq!(painted.marks(c..c + 2), scanned.marks(c..c + 2));
            }
        }
    }
}
