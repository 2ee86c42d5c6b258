//! A whole text folded for search, with a compact map back to the original.
//!
//! Folding ([`super::normalize`]) turns every original `char` into one
//! folded `char` or drops it, so the map from folded chars to original
//! chars is a monotone selection. [`Folded`] keeps it as one bit per
//! original char (did it yield a folded char?) and, for every 64 original
//! chars, the number of folded chars and folded bytes before them: 0.375
//! byte per original char on top of the folded text (6 MB for the 16 M
//! chars of a 29 MB article).
//!
//! Building it is one pass over the bytes. ASCII and the Arabic block —
//! nearly all of an Arabic article — go through a lookup table without a
//! branch that depends on the text; other chars take [`fold_char`]. Long
//! texts are folded in pieces on two threads and the pieces joined.

use std::ops::Range;

use super::document::count_chars;
use super::normalize::{Fold, Folding, fold_char};

/// [`RangeMapper`] jumps (by the word samples) rather than count chars
/// over a gap longer than this.
const FAR_BYTES: usize = 512;

/// Texts shorter than this are folded on one thread.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// What folding does to one char of ASCII or the Arabic block, packed in a
/// `u32` so that the hot loop loads it at once: the folded char's UTF-8
/// bytes in bits 0..16 (padded with 0), how many of them it uses (0 when the
/// char is dropped) in bits 16..24, and the flags below.
type Entry = u32;
/// The char yields a folded char.
const KEPT: u32 = 1 << 24;
/// A format char that folding skips (see [`Fold::Skipped`]).
const SKIPPED: u32 = 1 << 25;
/// The fold does not fit in two bytes: use [`fold_char`].
const SLOW: u32 = 1 << 26;

fn entry(c: char, folding: Folding) -> Entry {
    match fold_char(c, &folding) {
        Fold::Char(f) if f.len_utf8() <= 2 => {
            let mut buf = [0; 4];
            let len = f.encode_utf8(&mut buf).len() as u32;
            u32::from(buf[0]) | u32::from(buf[1]) << 8 | len << 16 | KEPT
        }
        Fold::Char(_) => SLOW,
        Fold::Absorbed => 0,
        Fold::Skipped => SKIPPED,
    }
}

/// [`Entry`] for every ASCII char (index = the byte) and every char of the
/// Arabic block U+0600–U+06FF (index = 128 + the low 8 bits of the code
/// point: the low 2 bits of the UTF-8 lead byte and the low 6 of the second
/// byte). 512 entries, so that an index masked with 511 needs no bounds check.
struct FoldTable {
    entries: [Entry; 512],
    folding: Folding,
}

impl FoldTable {
    fn new(folding: Folding) -> Self {
        let mut entries = [SLOW; 512];
        for (i, slot) in entries.iter_mut().enumerate().take(384) {
            let code = if i < 128 { i as u32 } else { 0x0600 + (i as u32 - 128) };
            *slot = char::from_u32(code).map_or(SLOW, |c| entry(c, folding));
        }
        Self { entries, folding }
    }
}

/// Byte offset of the `k`-th char that starts at or after byte `from` (the
/// length of `bytes` when there are fewer).
fn nth_char_start(bytes: &[u8], from: usize, k: usize) -> usize {
    bytes
        .iter()
        .enumerate()
        .skip(from)
        .filter(|&(_, &b)| (b as i8) >= -0x40)
        .nth(k)
        .map_or(bytes.len(), |(i, _)| i)
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
        chars += count_chars(&text.as_bytes()[prev..at]);
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
/// [`Folded::new`]; *folded* offsets are byte offsets into
/// [`Folded::as_bytes`] (so that byte searching can be used directly) or,
/// where named so, folded `char` indexes.
///
/// The map is kept per *word* of 64 original chars: a bit per original char
/// (did it produce a folded char?), and per word the number of folded chars
/// and the folded byte offset before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text, valid UTF-8 (kept as bytes: checking 29 MB again
    /// to make a `String` would cost as much as folding it).
    text: Vec<u8>,
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
    /// Folds `text`, on two threads when it is long and the machine has them.
    pub fn new(text: &str, folding: &Folding) -> Self {
        let threads = if text.len() >= PARALLEL_MIN_BYTES {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
        } else {
            1
        };
        Self::new_parallel(text, folding, threads)
    }

    /// Folds `text` in up to `threads` pieces on as many threads; the result
    /// equals a fold on one thread.
    pub fn new_parallel(text: &str, folding: &Folding, threads: usize) -> Self {
        let table = FoldTable::new(*folding);
        if threads < 2 {
            return fold_part(text, &table, vec![0; text.len() + 2]);
        }
        let splits = split_at_words(text, threads);
        let mut parts: Vec<Folded> = std::thread::scope(|scope| {
            let handles: Vec<_> = splits
                .windows(2)
                .enumerate()
                .map(|(i, w)| {
                    let part = &text[w[0]..w[1]];
                    let table = &table;
                    // The first piece's buffer has room for the others, so
                    // that joining them copies only theirs.
                    let room = if i == 0 { text.len() } else { part.len() } + 2;
                    scope.spawn(move || fold_part(part, table, vec![0; room]))
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        if parts.len() + 1 != splits.len() || parts.is_empty() {
            // A worker failed (it cannot, short of running out of memory): fold here.
            return fold_part(text, &table, vec![0; text.len() + 2]);
        }
        let rest = parts.split_off(1);
        let mut out = parts.remove(0);
        for part in rest {
            out.append(&part);
        }
        out
    }

    /// Appends `part`, folded from text that follows `self`'s (whose original
    /// length must be a multiple of 64).
    fn append(&mut self, part: &Folded) {
        let (bytes, kept, chars) = (self.text.len(), self.kept_chars, self.original_chars);
        self.text.extend_from_slice(&part.text);
        self.kept.extend_from_slice(&part.kept);
        self.rank.extend(part.rank.iter().map(|r| r + kept));
        self.marks.extend(part.marks.iter().map(|m| m + bytes));
        self.skipped.extend(part.skipped.iter().map(|s| s + chars));
        self.kept_chars += part.kept_chars;
        self.original_chars += part.original_chars;
    }

    /// The folded text (valid UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
    }

    /// Bytes held by the folded text and its map (capacity, not length).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 8 * (self.kept.capacity()
                + self.rank.capacity()
                + self.marks.capacity()
                + self.skipped.capacity())
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

    /// Byte offset in [`Folded::as_bytes`] of folded char `folded`.
    pub fn byte_of(&self, folded: usize) -> usize {
        if folded >= self.kept_chars {
            return self.text.len();
        }
        let w = self.rank.partition_point(|&r| r <= folded) - 1;
        nth_char_start(&self.text, self.marks[w], folded - self.rank[w])
    }

    /// Folded char index of the char starting at (or containing) byte `byte`.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        if byte >= self.text.len() {
            return self.kept_chars;
        }
        let w = self.marks.partition_point(|&m| m <= byte) - 1;
        let mark = self.marks[w];
        self.rank[w] + count_chars(&self.text[mark + 1..=byte])
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
        start..self.end_after(last, next)
    }

    /// Where a match whose last folded char comes from original `last` ends,
    /// the next folded char coming from `next`: at `next`, or at the first
    /// skipped format char between them.
    fn end_after(&self, last: usize, next: usize) -> usize {
        let i = self.skipped.partition_point(|&s| s <= last);
        match self.skipped.get(i) {
            Some(&s) if s < next => s,
            _ => next,
        }
    }
}

/// Folds `text`, the first char of which is original char 0 of the part,
/// into `out`, a zeroed buffer at least `text.len() + 2` bytes long.
///
/// The loop runs a word (64 chars) at a time: the word's kept chars are
/// counted from its bits at its end rather than one by one, which leaves
/// few values live in the hot loop.
fn fold_part(text: &str, table: &FoldTable, mut out: Vec<u8>) -> Folded {
    let bytes = text.as_bytes();
    let total = bytes.len();
    if out.len() < total + 2 {
        out.resize(total + 2, 0);
    }
    let words = total / 64 + 2;
    let (mut kept, mut rank, mut marks) =
        (Vec::with_capacity(words), Vec::with_capacity(words), Vec::with_capacity(words));
    let mut skipped = Vec::new();
    let (mut kept_chars, mut index) = (0usize, 0usize);
    // Invariant: out.len() >= o + (total - at) + 2, so the two-byte store below
    // stays in bounds; only a slow char whose fold is longer grows `out`.
    let (mut o, mut at) = (0usize, 0usize);
    while at < total {
        rank.push(kept_chars);
        marks.push(o);
        let mut word = 0u64;
        let mut bit = 0u32;
        while bit < 64 && at < total {
            let lead = bytes[at];
            let next = bytes.get(at + 1).copied().unwrap_or(0);
            // 1 for a lead byte of a multi-byte char, else 0; select the
            // table index without branching on it (ASCII and Arabic
            // alternate at every space).
            let high = usize::from(lead >> 7);
            let mask = 0usize.wrapping_sub(high);
            let arabic = 128 + ((usize::from(lead & 3) << 6) | usize::from(next & 0x3F));
            let e = table.entries[((usize::from(lead) & !mask) | (arabic & mask)) & 511];
            // One branch, almost always taken: `&` and `|` rather than
            // `&&` and `||`, which would branch on ASCII against Arabic.
            #[allow(clippy::needless_bitwise_bool)]
            let plain = (e & (SLOW | SKIPPED) == 0) & ((high == 0) | (lead & 0xFC == 0xD8));
            if plain {
                let [b0, b1, len, flags] = e.to_le_bytes();
                if let Some(slot) = out.get_mut(o..o + 2) {
                    slot.copy_from_slice(&[b0, b1]);
                }
                o += usize::from(len);
                word |= u64::from(flags & 1) << bit;
                at += 1 + high;
            } else {
                let (step, k, written) =
                    fold_slow(text, at, table, &mut out, o, &mut skipped, index + bit as usize);
                word |= k << bit;
                o += written;
                at += step;
            }
            bit += 1;
        }
        kept.push(word);
        kept_chars += word.count_ones() as usize;
        index += bit as usize;
    }
    out.truncate(o);
    for v in [&mut rank, &mut marks] {
        v.shrink_to_fit();
    }
    kept.shrink_to_fit();
    Folded { text: out, kept, rank, marks, skipped, kept_chars, original_chars: index }
}

/// The char at byte `at` of `text`, outside the table or folding to more
/// than two bytes: folded into `out` at `o` (growing `out` if its fold is
/// longer), its original index `index` noted in `skipped` if folding skips
/// it. Returns its length in bytes, 1 if it yields a folded char, and the
/// bytes written.
///
/// Kept out of [`fold_part`]'s loop so that the loop keeps its values in
/// registers.
#[cold]
#[inline(never)]
fn fold_slow(
    text: &str,
    at: usize,
    table: &FoldTable,
    out: &mut Vec<u8>,
    o: usize,
    skipped: &mut Vec<usize>,
    index: usize,
) -> (usize, u64, usize) {
    let c = text[at..].chars().next().unwrap_or('\0');
    let kept = match fold_char(c, &table.folding) {
        Fold::Char(f) => {
            let len = f.len_utf8();
            if len > c.len_utf8() {
                out.resize(out.len() + len - c.len_utf8(), 0);
            }
            f.encode_utf8(&mut out[o..o + len]);
            (1, len)
        }
        Fold::Absorbed => (0, 0),
        Fold::Skipped => {
            skipped.push(index);
            (0, 0)
        }
    };
    (c.len_utf8(), kept.0, kept.1)
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
        let start = self.original(first);
        if past <= first {
            return start..start;
        }
        let last = self.original(past - 1);
        let next = self.original(past);
        start..self.folded.end_after(last, next)
    }

    fn char_at(&mut self, byte: usize) -> usize {
        let text = &self.folded.text;
        let byte = byte.min(text.len());
        if byte < self.byte || byte - self.byte > FAR_BYTES {
            // Far away (or behind): start from the word sample before it.
            self.char = self.folded.char_of_byte(byte);
            self.byte = byte;
            return self.char;
        }
        self.char += count_chars(&text[self.byte..byte]);
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

    fn as_str(folded: &Folded) -> &str {
        std::str::from_utf8(folded.as_bytes()).unwrap()
    }

    #[test]
    fn offsets_map_back_to_original_chars() {
        // أَحْمَدُ: أ(0) َ(1) ح(2) ْ(3) م(4) َ(5) د(6) ُ(7), then space(8), و(9).
        let text = "أَحْمَدُ و";
        let folded = Folded::new(text, &Folding::default());
        assert_eq!(as_str(&folded), "احمد و");
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
    fn mapper_jumps_agree_with_lookups() {
        // Gaps longer than FAR_BYTES between ranges, forwards and back.
        let text = "بَ x\u{200F}".repeat(2000);
        let folded = Folded::new(&text, &Folding::default());
        let len = folded.as_bytes().len();
        let mut mapper = folded.mapper();
        for start in (0..len).step_by(997).chain((0..len).step_by(1301).rev()) {
            let start = (start..len).find(|&i| (folded.as_bytes()[i] as i8) >= -0x40).unwrap();
            let end = (start + 1..=len)
                .find(|&i| i == len || (folded.as_bytes()[i] as i8) >= -0x40)
                .unwrap();
            assert_eq!(mapper.map(start..end), folded.original_range(start..end), "{start}");
        }
    }

    #[test]
    fn match_end_stops_before_format_controls() {
        // ب ّ RLM ت : the shadda belongs to ب, the RLM does not.
        let text = "ب\u{651}\u{200F}ت";
        let folded = Folded::new(text, &Folding::default());
        assert_eq!(as_str(&folded), "بت");
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
    use crate::text::normalize::fold;
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
            let whole = Folded::new_parallel(&text, &folding, 1);
            let split = Folded::new_parallel(&text, &folding, parts);
            prop_assert_eq!(split, whole);
        }

        #[test]
        fn table_fold_equals_char_fold(text in text()) {
            // `Folded` uses a lookup table and copies runs; `fold` goes char by char.
            for folding in [Folding::all(), Folding::none(), Folding { alef: false, ..Folding::all() }] {
                let folded = Folded::new(&text, &folding);
                let expected = fold(&text, &folding);
                prop_assert_eq!(folded.as_bytes(), expected.as_bytes());
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
            let s = std::str::from_utf8(folded.as_bytes()).unwrap();
            let boundaries: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
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
