//! The bidirectional algorithm, per paragraph and per line.
//!
//! Resolution of embedding levels (UAX #9 rules P2–I2) is delegated to
//! `unicode-bidi`, except for the simple paragraphs that [`super::fast`]
//! resolves in a few linear passes with the same result; this module owns what comes after it, because that crate's
//! line API implements neither L3 nor L4 and cannot be trusted with hostile
//! embedding depths: rule L1 ([`reset_line_levels`]) and rule L2
//! ([`visual_order`]), both on plain slices so that they serve single
//! characters (the conformance tests) and grapheme clusters (the layout) alike.

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

use super::fast::{Scratch, char_info, resolve_chars, resolve_simple};

/// The base direction a paragraph is laid out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BaseDirection {
    /// From the first strong character (UAX #9 rules P2 and P3); left to
    /// right when there is none.
    #[default]
    Auto,
    /// Force right to left.
    Rtl,
    /// Force left to right.
    Ltr,
}

impl BaseDirection {
    /// The paragraph level to impose, if any.
    fn forced_level(self) -> Option<Level> {
        match self {
            Self::Auto => None,
            Self::Rtl => Some(Level::rtl()),
            Self::Ltr => Some(Level::ltr()),
        }
    }
}

/// The resolved bidi data of one paragraph, one entry per `char`.
#[derive(Debug, Clone, Default)]
pub struct ParagraphLevels {
    /// The paragraph embedding level (0 or 1).
    pub paragraph_level: u8,
    /// The resolved embedding level of each character (after rule I2, before L1).
    pub levels: Vec<u8>,
    /// The original bidi class of each character.
    pub classes: Vec<BidiClass>,
    /// Buffers of the fast path.
    scratch: Scratch,
}

impl ParagraphLevels {
    /// Resolves the levels of `text`, a single paragraph.
    pub fn resolve(text: &str, base: BaseDirection) -> Self {
        let mut out = Self::default();
        out.resolve_into(text, base);
        out
    }

    /// Resolves the levels of `text` with `unicode-bidi` alone, never the
    /// fast path (for tests comparing the two).
    pub fn resolve_general(text: &str, base: BaseDirection) -> Self {
        let mut out = Self::default();
        let info = ParagraphBidiInfo::new(text, base.forced_level());
        out.paragraph_level = info.paragraph_level.number();
        for (byte, _) in text.char_indices() {
            out.levels.push(info.levels[byte].number());
            out.classes.push(info.original_classes[byte]);
        }
        out
    }

    /// Like [`ParagraphLevels::resolve`], reusing this value's buffers: the
    /// fast path of [`super::fast`] when the paragraph is eligible, else
    /// `unicode-bidi`.
    pub fn resolve_into(&mut self, text: &str, base: BaseDirection) {
        let forced = base.forced_level().map(|l| l.number());
        if let Some(level) =
            resolve_simple(text, forced, &mut self.levels, &mut self.classes, &mut self.scratch)
        {
            self.paragraph_level = level;
            return;
        }
        self.resolve_general_into(text, base);
    }

    /// Like [`ParagraphLevels::resolve_into`], given the characters of
    /// `text` already decoded.
    pub fn resolve_chars_into(&mut self, text: &str, chars: &[char], base: BaseDirection) {
        let forced = base.forced_level().map(|l| l.number());
        let (levels, classes, scratch) = (&mut self.levels, &mut self.classes, &mut self.scratch);
        if let Some(level) = resolve_chars(chars.iter().copied(), forced, levels, classes, scratch)
        {
            self.paragraph_level = level;
            return;
        }
        self.resolve_general_into(text, base);
    }

    /// `unicode-bidi`'s levels, into this value's buffers.
    fn resolve_general_into(&mut self, text: &str, base: BaseDirection) {
        self.levels.clear();
        self.classes.clear();
        let info = ParagraphBidiInfo::new(text, base.forced_level());
        self.paragraph_level = info.paragraph_level.number();
        for (byte, _) in text.char_indices() {
            self.levels.push(info.levels[byte].number());
            self.classes.push(info.original_classes[byte]);
        }
    }

    /// True when the paragraph runs right to left.
    pub fn is_rtl(&self) -> bool {
        self.paragraph_level % 2 == 1
    }
}

/// True for the characters rule X9 removes: embeddings, overrides, their
/// terminator and boundary neutrals.
pub fn removed_by_x9(class: BidiClass) -> bool {
    use BidiClass::{BN, LRE, LRO, PDF, RLE, RLO};
    matches!(class, RLE | LRE | RLO | LRO | PDF | BN)
}

/// True for the classes rule L1 resets when they trail a line or precede a
/// segment or paragraph separator: whitespace and isolate formatting
/// characters (and, as X9 keeps them in place, the characters it removed).
fn resets_with_whitespace(class: BidiClass) -> bool {
    use BidiClass::{FSI, LRI, PDI, RLI, WS};
    matches!(class, WS | FSI | LRI | RLI | PDI) || removed_by_x9(class)
}

/// Rule L1 on one line: segment and paragraph separators, and any run of
/// whitespace or isolate formatting characters before them or at the end of
/// the line, go back to the paragraph level.
///
/// `classes` are the original classes of the line's units and `levels` their
/// resolved levels; both slices must have the same length.
pub fn reset_line_levels(classes: &[BidiClass], levels: &mut [u8], paragraph_level: u8) {
    debug_assert_eq!(classes.len(), levels.len());
    let mut trailing = true;
    for i in (0..levels.len()).rev() {
        let class = classes[i];
        if matches!(class, BidiClass::S | BidiClass::B) {
            levels[i] = paragraph_level;
            trailing = true;
        } else if trailing && resets_with_whitespace(class) {
            levels[i] = paragraph_level;
        } else {
            trailing = false;
        }
    }
}

/// Rule L2: the visual order of units with the given levels, as indexes into
/// `levels`, left to right, written into `order` (cleared first).
///
/// From the highest level down to the lowest odd level, every maximal run at
/// that level or above is reversed. Runs are found level by level, so the
/// cost is bounded by the number of distinct levels times the length, and any
/// level up to 255 is safe.
pub fn visual_order(levels: &[u8], order: &mut Vec<usize>) {
    order.clear();
    order.extend(0..levels.len());
    let Some(&highest) = levels.iter().max() else {
        return;
    };
    let lowest_odd = levels.iter().copied().filter(|l| l % 2 == 1).min();
    let Some(lowest_odd) = lowest_odd else {
        return;
    };
    let mut level = highest;
    while level >= lowest_odd {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < order.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        if level == 0 {
            break;
        }
        level -= 1;
    }
}

/// Rule L4: the mirrored glyph of `c` when it is displayed at `level`.
pub fn mirror_at(c: char, level: u8) -> char {
    if level % 2 == 0 || char_info(c).is_some_and(|i| !i.mirrored()) {
        return c;
    }
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(levels: &[u8]) -> Vec<usize> {
        let mut v = Vec::new();
        visual_order(levels, &mut v);
        v
    }

    #[test]
    fn l2_reverses_runs_from_highest_level() {
        assert_eq!(order(&[0, 0, 1, 1, 0]), vec![0, 1, 3, 2, 4]);
        assert_eq!(order(&[1, 1, 2, 2, 1]), vec![4, 2, 3, 1, 0]);
        assert_eq!(order(&[]), Vec::<usize>::new());
        assert_eq!(order(&[0, 2, 2]), vec![0, 1, 2]);
    }

    #[test]
    fn l2_survives_the_deepest_levels() {
        let levels: Vec<u8> = (0..=126).collect();
        let v = order(&levels);
        assert_eq!(v.len(), 127);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..127).collect::<Vec<_>>());
    }

    #[test]
    fn l1_resets_trailing_whitespace_and_separators() {
        use BidiClass::{AL, S, WS};
        let classes = [AL, WS, S, AL, WS, WS];
        let mut levels = [1, 1, 1, 2, 2, 2];
        reset_line_levels(&classes, &mut levels, 0);
        assert_eq!(levels, [1, 0, 0, 2, 0, 0]);
    }

    #[test]
    fn arabic_sentence_is_rtl_with_ltr_number() {
        let p = ParagraphLevels::resolve("قال 42 شخصا", BaseDirection::Auto);
        assert!(p.is_rtl());
        assert_eq!(p.levels[4], 2);
        assert_eq!(p.levels[0], 1);
    }

    #[test]
    fn mirroring_only_at_odd_levels() {
        assert_eq!(mirror_at('(', 1), ')');
        assert_eq!(mirror_at('(', 2), '(');
        assert_eq!(mirror_at('«', 1), '»');
    }
}
