//! Spelling-insensitive folding of Arabic (and Latin) text for search,
//! "tag all occurrences" and entity indexes.
//!
//! Arabic is written with or without harakat, with decorative tatweel and
//! with several spellings of the same letter (أ إ آ ٱ for ا, ى for ي at the
//! end of a word, ة often typed as ه). [`Folding`] says which of these
//! differences to ignore; [`fold_char`] applies it to one character and
//! [`Folded`] to a whole text, remembering for every folded character the
//! `char` offset of the original character it came from, so that a match in
//! the folded text maps back to a range of the original.
//!
//! Every folded character comes from exactly one original character (folds
//! are one-to-one or drop the character), so the map is a monotone
//! selection of original positions. [`Folded`] stores it compactly as a bit
//! set over the original characters plus sampled ranks: about 0.16 byte per
//! original character on top of the folded text itself.

use std::ops::Range;

/// Which spelling differences searching ignores. All folds are on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
#[allow(clippy::struct_excessive_bools, reason = "independent switches, read from configuration")]
pub struct Folding {
    /// Ignore harakat and the other Arabic combining marks (U+0610–U+061A,
    /// U+064B–U+065F, U+0670, U+06D6–U+06ED marks, U+0898–U+089F,
    /// U+08CA–U+08FF marks).
    pub harakat: bool,
    /// Ignore tatweel (U+0640), the elongation stroke.
    pub tatweel: bool,
    /// Fold أ إ آ ٱ ٲ ٳ to ا.
    pub alef: bool,
    /// Fold alef maqsura ى to ya ي.
    pub alef_maqsura: bool,
    /// Fold ta marbuta ة to ha ه.
    pub ta_marbuta: bool,
    /// Fold Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits to ASCII digits.
    pub digits: bool,
    /// Compare letters case-insensitively (simple, one-character lowercase).
    pub case: bool,
    /// Ignore invisible format characters (bidi marks and controls, zero
    /// width joiners and spaces, BOM, soft hyphen), which web text often
    /// carries inside or around words.
    pub format: bool,
}

impl Default for Folding {
    fn default() -> Self {
        Self::all()
    }
}

impl Folding {
    /// Every fold on.
    pub const fn all() -> Self {
        Self {
            harakat: true,
            tatweel: true,
            alef: true,
            alef_maqsura: true,
            ta_marbuta: true,
            digits: true,
            case: true,
            format: true,
        }
    }

    /// Every fold off: exact matching.
    pub const fn none() -> Self {
        Self {
            harakat: false,
            tatweel: false,
            alef: false,
            alef_maqsura: false,
            ta_marbuta: false,
            digits: false,
            case: false,
            format: false,
        }
    }
}

/// True for the Arabic combining marks (general category Mn in the Arabic
/// blocks): harakat, shadda, sukun, superscript alef, Quranic annotation marks.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{0898}'..='\u{089F}'
            | '\u{08CA}'..='\u{08E1}'
            | '\u{08E3}'..='\u{08FF}'
    )
}

/// Arabic tatweel (kashida).
pub const TATWEEL: char = '\u{0640}';

/// What folding does to one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// The character stands for this folded character.
    Char(char),
    /// A mark or elongation that belongs to the preceding letter: ignored,
    /// but a match ending just before it extends over it.
    Absorbed,
    /// An invisible format character: ignored, and never part of a match's end.
    Skipped,
}

/// Folds one character.
#[inline]
pub fn fold_char(c: char, folding: &Folding) -> Fold {
    if c.is_ascii() {
        return Fold::Char(if folding.case { c.to_ascii_lowercase() } else { c });
    }
    match c {
        c if folding.harakat && is_arabic_mark(c) => Fold::Absorbed,
        TATWEEL if folding.tatweel => Fold::Absorbed,
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}'
            if folding.alef =>
        {
            Fold::Char('\u{0627}')
        }
        '\u{0649}' if folding.alef_maqsura => Fold::Char('\u{064A}'),
        '\u{0629}' if folding.ta_marbuta => Fold::Char('\u{0647}'),
        '\u{0660}'..='\u{0669}' if folding.digits => {
            Fold::Char(char::from(b'0' + (c as u32 - 0x0660) as u8))
        }
        '\u{06F0}'..='\u{06F9}' if folding.digits => {
            Fold::Char(char::from(b'0' + (c as u32 - 0x06F0) as u8))
        }
        // Arabic letters have no case: skip the lowercase lookup for the
        // Arabic blocks, which is most of the text.
        '\u{0600}'..='\u{08FF}' => Fold::Char(c),
        c if folding.format && crate::text::glyph::is_invisible_format(c) => Fold::Skipped,
        c if folding.case && c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => Fold::Char(l),
                _ => Fold::Char(c),
            }
        }
        c => Fold::Char(c),
    }
}

/// Folds `text` into a new string (for queries and short keys).
pub fn fold(text: &str, folding: &Folding) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, folding, &mut out);
    out
}

/// Folds `text`, appending to `out`.
pub fn fold_into(text: &str, folding: &Folding, out: &mut String) {
    for c in text.chars() {
        if let Fold::Char(f) = fold_char(c, folding) {
            out.push(f);
        }
    }
}

/// Folded characters between two byte marks in [`Folded`].
const BYTE_MARK_EVERY: usize = 64;

/// A folded text that remembers where each folded character came from.
///
/// Positions: *original* offsets count `char`s of the text given to
/// [`Folded::new`]; *folded* offsets are byte offsets into [`Folded::as_str`]
/// (so that `str` searching can be used directly) or, where named so, folded
/// `char` indexes.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// Folded byte offset of folded char `k * BYTE_MARK_EVERY`.
    byte_marks: Vec<usize>,
    /// Bit `i` set when original char `i` produced a folded char.
    kept: Vec<u64>,
    /// `rank[w]`: number of set bits in `kept[..w]`.
    rank: Vec<usize>,
    /// Original offsets of [`Fold::Skipped`] chars, ascending.
    skipped: Vec<usize>,
    kept_chars: usize,
    original_chars: usize,
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str, folding: &Folding) -> Self {
        let mut out = Self::default();
        out.refold(text, folding);
        out
    }

    /// Folds `text` into `self`, reusing its buffers.
    pub fn refold(&mut self, text: &str, folding: &Folding) {
        self.text.clear();
        self.text.reserve(text.len());
        self.byte_marks.clear();
        self.kept.clear();
        self.rank.clear();
        self.skipped.clear();
        let mut word = 0u64;
        let mut bit = 0u32;
        let mut kept_total = 0usize;
        let mut index = 0usize;
        for c in text.chars() {
            match fold_char(c, folding) {
                Fold::Char(f) => {
                    if kept_total % BYTE_MARK_EVERY == 0 {
                        self.byte_marks.push(self.text.len());
                    }
                    self.text.push(f);
                    word |= 1 << bit;
                    kept_total += 1;
                }
                Fold::Skipped => self.skipped.push(index),
                Fold::Absorbed => {}
            }
            index += 1;
            bit += 1;
            if bit == 64 {
                self.rank.push(kept_total - word.count_ones() as usize);
                self.kept.push(word);
                word = 0;
                bit = 0;
            }
        }
        if bit > 0 {
            self.rank.push(kept_total - word.count_ones() as usize);
            self.kept.push(word);
        }
        self.kept_chars = kept_total;
        self.original_chars = index;
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of `char`s in the original text.
    pub fn original_len(&self) -> usize {
        self.original_chars
    }

    /// Number of `char`s in the folded text.
    pub fn folded_len(&self) -> usize {
        self.kept_chars
    }

    /// Number of folded chars that come from original chars before `original`
    /// (the folded char index where a search starting at `original` begins).
    pub fn folded_index(&self, original: usize) -> usize {
        if original >= self.original_chars {
            return self.kept_chars;
        }
        let w = original / 64;
        let below = self.kept[w] & ((1u64 << (original % 64)) - 1);
        self.rank[w] + below.count_ones() as usize
    }

    /// Original offset of folded char `folded` (the original length past the end).
    pub fn original_index(&self, folded: usize) -> usize {
        if folded >= self.kept_chars {
            return self.original_chars;
        }
        // Last word whose rank is <= folded: it holds the wanted bit.
        let w = self.rank.partition_point(|&r| r <= folded) - 1;
        let mut bits = self.kept[w];
        for _ in 0..folded - self.rank[w] {
            bits &= bits - 1;
        }
        w * 64 + bits.trailing_zeros() as usize
    }

    /// Byte offset in [`Folded::as_str`] of folded char `folded`.
    pub fn byte_of(&self, folded: usize) -> usize {
        if folded >= self.kept_chars {
            return self.text.len();
        }
        let mark = self.byte_marks[folded / BYTE_MARK_EVERY];
        let skip = folded % BYTE_MARK_EVERY;
        self.text[mark..].char_indices().nth(skip).map_or(self.text.len(), |(i, _)| mark + i)
    }

    /// Folded char index of the char starting at (or containing) byte `byte`.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        if byte >= self.text.len() {
            return self.kept_chars;
        }
        let k = self.byte_marks.partition_point(|&b| b <= byte) - 1;
        let mark = self.byte_marks[k];
        let starts =
            self.text.as_bytes()[mark + 1..=byte].iter().filter(|&&b| (b as i8) >= -0x40).count();
        k * BYTE_MARK_EVERY + starts
    }

    /// The original `char` range of the folded byte range `bytes` (on char
    /// boundaries of the folded text). The range starts at the original of
    /// the first folded char and ends after the original of the last one,
    /// extended over the marks and tatweel that follow it (they belong to
    /// its letter) but not over invisible format characters.
    pub fn original_range(&self, bytes: Range<usize>) -> Range<usize> {
        let first = self.char_of_byte(bytes.start);
        let past = self.char_of_byte(bytes.end);
        self.original_range_of_chars(first..past)
    }

    /// Like [`Folded::original_range`] for a range of folded char indexes.
    pub fn original_range_of_chars(&self, chars: Range<usize>) -> Range<usize> {
        let start = self.original_index(chars.start);
        if chars.end <= chars.start {
            return start..start;
        }
        let last = self.original_index(chars.end - 1);
        let next = self.original_index(chars.end);
        // Stop at the first skipped format char after `last`.
        let i = self.skipped.partition_point(|&s| s <= last);
        let end = match self.skipped.get(i) {
            Some(&s) if s < next => s,
            _ => next,
        };
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        fold(s, &Folding::default())
    }

    #[test]
    fn harakat_and_tatweel_are_ignored() {
        assert_eq!(f("أَحْمَدُ"), "احمد");
        assert_eq!(f("كتـــاب"), "كتاب");
        assert_eq!(f("القُرْآن"), "القران");
        // Superscript alef and Quranic small high marks are marks too.
        assert_eq!(f("هٰذا\u{06D6}"), "هذا");
    }

    #[test]
    fn letter_variants_fold() {
        assert_eq!(f("أإآٱٲٳا"), "ااااااا");
        assert_eq!(f("على"), "علي");
        assert_eq!(f("مدرسة"), "مدرسه");
        assert_eq!(f("٢٠٢٤ ۱۹"), "2024 19");
        assert_eq!(f("ÉCOLE Straße ΣΊ"), "école straße σί");
    }

    #[test]
    fn folds_can_be_switched_off() {
        let none = Folding::none();
        assert_eq!(fold("أَحْمَدُ ـ ٣ A", &none), "أَحْمَدُ ـ ٣ A");
        let only_harakat = Folding { harakat: true, ..Folding::none() };
        assert_eq!(fold("أَحْمَدُ ـ", &only_harakat), "أحمد ـ");
    }

    #[test]
    fn uppercase_with_multi_char_lowercase_is_kept() {
        // U+0130 lowercases to "i\u{307}": no one-char fold, so it stays.
        assert_eq!(f("\u{130}"), "\u{130}");
    }

    #[test]
    fn offsets_map_back_to_original_chars() {
        // أَحْمَدُ: أ(0) َ(1) ح(2) ْ(3) م(4) َ(5) د(6) ُ(7), then space(8), و(9).
        let text = "أَحْمَدُ و";
        let folded = Folded::new(text, &Folding::default());
        assert_eq!(folded.as_str(), "احمد و");
        assert_eq!(folded.original_len(), 10);
        assert_eq!(folded.folded_len(), 6);
        assert_eq!(
            (0..=6).map(|k| folded.original_index(k)).collect::<Vec<_>>(),
            vec![0, 2, 4, 6, 8, 9, 10]
        );
        assert_eq!(folded.folded_index(3), 2);
        assert_eq!(folded.folded_index(8), 4);
        // "احمد" is folded bytes 0..8: covers the whole word with its final damma.
        assert_eq!(folded.original_range(0..8), 0..8);
        // "حم" covers the sukun after ح and the fatha after م.
        assert_eq!(folded.original_range(2..6), 2..6);
    }

    #[test]
    fn match_end_stops_before_format_controls() {
        // ب ّ RLM ت : the shadda belongs to ب, the RLM does not.
        let text = "ب\u{651}\u{200F}ت";
        let folded = Folded::new(text, &Folding::default());
        assert_eq!(folded.as_str(), "بت");
        assert_eq!(folded.original_range(0..2), 0..2);
        assert_eq!(folded.original_range(0..4), 0..4);
    }

    #[test]
    fn long_text_offsets_cross_words_and_marks() {
        // 200 copies of "بَ": original char 2i is ب, folded char i.
        let text = "بَ".repeat(200);
        let folded = Folded::new(&text, &Folding::default());
        for k in [0, 63, 64, 65, 127, 128, 199] {
            assert_eq!(folded.original_index(k), 2 * k, "folded {k}");
            assert_eq!(folded.folded_index(2 * k), k);
            assert_eq!(folded.folded_index(2 * k + 1), k + 1);
            assert_eq!(folded.byte_of(k), 2 * k);
            assert_eq!(folded.char_of_byte(2 * k), k);
        }
        assert_eq!(folded.original_index(200), 400);
    }
}
