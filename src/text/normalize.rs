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

/// [`fold_char`] precomputed for ASCII and the Arabic block, which is
/// nearly all of an Arabic article.
struct FoldTable {
    ascii: [Fold; 128],
    arabic: [Fold; 256],
    arabic_chars: [char; 256],
}

impl FoldTable {
    fn new(folding: Folding) -> Self {
        let mut ascii = [Fold::Skipped; 128];
        for (i, slot) in ascii.iter_mut().enumerate() {
            *slot = fold_char(char::from(i as u8), &folding);
        }
        let mut arabic = [Fold::Skipped; 256];
        let mut arabic_chars = ['\0'; 256];
        for (i, (slot, ch)) in arabic.iter_mut().zip(&mut arabic_chars).enumerate() {
            *ch = char::from_u32(0x0600 + i as u32).unwrap_or('\0');
            *slot = fold_char(*ch, &folding);
        }
        Self { ascii, arabic, arabic_chars }
    }
}

/// Byte offsets that split `text` into up to `parts` pieces of similar
/// size, each starting at a multiple of 64 chars; first 0, last the length.
fn split_at_words(text: &str, parts: usize) -> Vec<usize> {
    let mut splits = vec![0];
    let mut chars = 0usize;
    for i in 1..parts {
        let prev = splits.last().copied().unwrap_or(0);
        let mut at = (text.len() * i / parts).max(prev);
        while !text.is_char_boundary(at) {
            at += 1;
        }
        chars += crate::text::document::count_chars(&text.as_bytes()[prev..at]);
        let extra = (64 - chars % 64) % 64;
        let step: usize = text[at..].chars().take(extra).map(char::len_utf8).sum();
        chars += extra;
        at += step;
        if at >= text.len() {
            break;
        }
        splits.push(at);
    }
    splits.push(text.len());
    splits
}

/// Position (0..64) of the `k`-th set bit of `bits` (`k` < its popcount).
fn select_in_word(mut bits: u64, mut k: u32) -> usize {
    let mut base = 0;
    loop {
        let ones = (bits & 0xFF).count_ones();
        if k < ones || base >= 56 {
            break;
        }
        k -= ones;
        bits >>= 8;
        base += 8;
    }
    let mut byte = bits & 0xFF;
    for _ in 0..k {
        byte &= byte.wrapping_sub(1);
    }
    base + byte.trailing_zeros().min(63) as usize
}

/// A folded text that remembers where each folded character came from.
///
/// Positions: *original* offsets count `char`s of the text given to
/// [`Folded::new`]; *folded* offsets are byte offsets into [`Folded::as_str`]
/// (so that `str` searching can be used directly) or, where named so, folded
/// `char` indexes.
///
/// The map is kept per *word* of 64 original chars: a bit per original char
/// (did it produce a folded char?), and per word the number of folded chars
/// and the folded byte offset before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    text: String,
    /// Bit `i % 64` of `kept[i / 64]` is set when original char `i`
    /// produced a folded char.
    kept: Vec<u64>,
    /// `rank[w]`: number of folded chars from original words before `w`.
    rank: Vec<usize>,
    /// `marks[w]`: folded byte offset of the first folded char of word `w`.
    marks: Vec<usize>,
    /// Original offsets of [`Fold::Skipped`] chars, ascending.
    skipped: Vec<usize>,
    kept_chars: usize,
    original_chars: usize,
}

impl Folded {
    /// Folds `text` on this thread.
    pub fn new(text: &str, folding: &Folding) -> Self {
        let mut out = Self::default();
        out.refold(text, folding);
        out
    }

    /// Folds `text` in up to `threads` pieces on as many threads; the result
    /// equals [`Folded::new`]'s. Worth it only on idle cores: on the shared
    /// 2-core test machine it was slower (merging copies the folded text).
    pub fn new_parallel(text: &str, folding: &Folding, threads: usize) -> Self {
        let mut out = Self::default();
        out.refold_in_parts(text, *folding, threads);
        out
    }

    /// Folds `text` into `self`, reusing its buffers where it can.
    pub fn refold(&mut self, text: &str, folding: &Folding) {
        self.refold_in_parts(text, *folding, 1);
    }

    /// Folds `text` in up to `parts` pieces on as many threads.
    pub(crate) fn refold_in_parts(&mut self, text: &str, folding: Folding, parts: usize) {
        let table = FoldTable::new(folding);
        if parts < 2 {
            self.clear(text.len());
            self.fold_part(text, folding, &table);
            return;
        }
        let splits = split_at_words(text, parts);
        let parts: Vec<Folded> = std::thread::scope(|scope| {
            let handles: Vec<_> = splits
                .windows(2)
                .map(|w| {
                    let part = &text[w[0]..w[1]];
                    let table = &table;
                    scope.spawn(move || {
                        let mut folded = Folded::default();
                        folded.clear(part.len());
                        folded.fold_part(part, folding, table);
                        folded
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        if parts.len() + 1 != splits.len() {
            // A worker failed (it cannot, short of running out of memory): fold here.
            self.clear(text.len());
            self.fold_part(text, folding, &table);
            return;
        }
        self.clear(text.len());
        for part in parts {
            let (bytes, kept, chars) = (self.text.len(), self.kept_chars, self.original_chars);
            self.text.push_str(&part.text);
            self.kept.extend_from_slice(&part.kept);
            self.rank.extend(part.rank.iter().map(|r| r + kept));
            self.marks.extend(part.marks.iter().map(|m| m + bytes));
            self.skipped.extend(part.skipped.iter().map(|s| s + chars));
            self.kept_chars += part.kept_chars;
            self.original_chars += part.original_chars;
        }
    }

    fn clear(&mut self, capacity: usize) {
        self.text.clear();
        self.text.reserve(capacity);
        for v in [&mut self.rank, &mut self.marks] {
            v.clear();
            v.reserve(capacity / 100);
        }
        self.kept.clear();
        self.kept.reserve(capacity / 100);
        self.skipped.clear();
        self.kept_chars = 0;
        self.original_chars = 0;
    }

    /// Folds `text` onto the end of `self`, whose original length must be a
    /// multiple of 64 (0 when folding in parts).
    fn fold_part(&mut self, text: &str, folding: Folding, table: &FoldTable) {
        let bytes = text.as_bytes();
        let mut word = 0u64;
        let mut bit = 0u32;
        let mut kept_total = self.kept_chars;
        let mut index = self.original_chars;
        // Unchanged characters are copied in runs: `run` is the byte offset
        // in `text` where the pending run starts.
        let mut run = 0usize;
        let mut at = 0usize;
        while let Some(&lead) = bytes.get(at) {
            if bit == 0 {
                self.rank.push(kept_total);
                self.marks.push(self.text.len() + (at - run));
            }
            // Decode by hand: ASCII and the Arabic block (lead bytes
            // 0xD8..=0xDB) are nearly all of an article.
            let (fold, c, len) = if lead < 0x80 {
                (table.ascii[lead as usize], char::from(lead), 1)
            } else if (0xD8..=0xDB).contains(&lead) {
                let low = bytes.get(at + 1).map_or(0, |&b| b & 0x3F) as usize;
                let i = (((lead & 0x03) as usize) << 6) | low;
                (table.arabic[i], table.arabic_chars[i], 2)
            } else {
                let c = text[at..].chars().next().unwrap_or('\0');
                (fold_char(c, &folding), c, c.len_utf8())
            };
            if let Fold::Char(f) = fold {
                word |= 1 << bit;
                kept_total += 1;
                if f != c {
                    self.text.push_str(&text[run..at]);
                    self.text.push(f);
                    run = at + len;
                }
            } else {
                self.text.push_str(&text[run..at]);
                run = at + len;
                if fold == Fold::Skipped {
                    self.skipped.push(index);
                }
            }
            at += len;
            index += 1;
            bit += 1;
            if bit == 64 {
                self.kept.push(word);
                word = 0;
                bit = 0;
            }
        }
        self.text.push_str(&text[run..]);
        if bit > 0 {
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
        w * 64 + select_in_word(self.kept[w], (folded - self.rank[w]) as u32)
    }

    /// A mapper for many folded ranges in ascending order (see [`RangeMapper`]).
    pub fn mapper(&self) -> RangeMapper<'_> {
        RangeMapper { folded: self, byte: 0, char: 0, word: 0 }
    }

    /// Byte offset in [`Folded::as_str`] of folded char `folded`.
    pub fn byte_of(&self, folded: usize) -> usize {
        if folded >= self.kept_chars {
            return self.text.len();
        }
        let w = self.rank.partition_point(|&r| r <= folded) - 1;
        let mark = self.marks[w];
        let skip = folded - self.rank[w];
        self.text[mark..].char_indices().nth(skip).map_or(self.text.len(), |(i, _)| mark + i)
    }

    /// Folded char index of the char starting at (or containing) byte `byte`.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        if byte >= self.text.len() {
            return self.kept_chars;
        }
        let w = self.marks.partition_point(|&m| m <= byte) - 1;
        let mark = self.marks[w];
        let starts =
            self.text.as_bytes()[mark + 1..=byte].iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.rank[w] + starts
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

/// Maps folded byte ranges to original `char` ranges like
/// [`Folded::original_range`], walking forward from the previous range so
/// that mapping every match of a long text in order costs one pass.
/// Ranges may come in any order; going backwards restarts the walk.
#[derive(Debug, Clone)]
pub struct RangeMapper<'a> {
    folded: &'a Folded,
    /// A char boundary of the folded text and the folded char index there.
    byte: usize,
    char: usize,
    /// The `kept` word of the last lookup.
    word: usize,
}

impl RangeMapper<'_> {
    /// The original range of folded bytes `bytes` (on char boundaries).
    pub fn map(&mut self, bytes: Range<usize>) -> Range<usize> {
        let first = self.char_at(bytes.start);
        let past = self.char_at(bytes.end);
        if past <= first {
            let start = self.original(first);
            return start..start;
        }
        let start = self.original(first);
        let last = self.original(past - 1);
        let next = self.original(past);
        let i = self.folded.skipped.partition_point(|&s| s <= last);
        let end = match self.folded.skipped.get(i) {
            Some(&s) if s < next => s,
            _ => next,
        };
        start..end
    }

    fn char_at(&mut self, byte: usize) -> usize {
        let text = self.folded.text.as_bytes();
        let byte = byte.min(text.len());
        if byte < self.byte {
            self.byte = 0;
            self.char = 0;
        }
        self.char += text[self.byte..byte].iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.char
    }

    fn original(&mut self, folded: usize) -> usize {
        let f = self.folded;
        if folded >= f.kept_chars {
            return f.original_chars;
        }
        if f.rank.get(self.word).is_none_or(|&r| r > folded) {
            self.word = 0;
        }
        while f.rank.get(self.word + 1).is_some_and(|&r| r <= folded) {
            self.word += 1;
        }
        self.word * 64 + select_in_word(f.kept[self.word], (folded - f.rank[self.word]) as u32)
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

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    'ا', 'أ', 'ب', 'ة', 'ى', ' ', '٣', 'A', '\u{64E}', '\u{651}', 'ـ', '\u{200F}',
                ]),
                any::<char>(),
            ],
            0..300,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn folding_in_parts_equals_folding_at_once(text in text(), parts in 2usize..6) {
            let folding = Folding::default();
            let mut whole = Folded::default();
            whole.refold_in_parts(&text, folding, 1);
            let mut split = Folded::default();
            split.refold_in_parts(&text, folding, parts);
            prop_assert_eq!(split, whole);
        }

        #[test]
        fn table_fold_equals_char_fold(text in text()) {
            // `Folded` uses a lookup table and copies runs; `fold` goes char by char.
            for folding in [Folding::all(), Folding::none(), Folding { alef: false, ..Folding::all() }] {
                let folded = Folded::new(&text, &folding);
                prop_assert_eq!(folded.as_str(), fold(&text, &folding));
            }
        }

        #[test]
        fn offset_maps_agree_with_a_naive_map(text in text()) {
            let folding = Folding::default();
            let folded = Folded::new(&text, &folding);
            // Naive: original index of every kept char.
            let kept: Vec<usize> = text
                .chars()
                .enumerate()
                .filter(|&(_, c)| matches!(fold_char(c, &folding), Fold::Char(_)))
                .map(|(i, _)| i)
                .collect();
            prop_assert_eq!(folded.folded_len(), kept.len());
            let boundaries: Vec<usize> =
                folded.as_str().char_indices().map(|(i, _)| i).chain([folded.as_str().len()]).collect();
            let mut mapper = folded.mapper();
            for (k, &orig) in kept.iter().enumerate() {
                prop_assert_eq!(folded.original_index(k), orig);
                prop_assert_eq!(folded.folded_index(orig), k);
                prop_assert_eq!(folded.byte_of(k), boundaries[k]);
                prop_assert_eq!(folded.char_of_byte(boundaries[k]), k);
                let range = boundaries[k]..boundaries[k + 1];
                prop_assert_eq!(mapper.map(range.clone()), folded.original_range(range));
            }
        }
    }
}
