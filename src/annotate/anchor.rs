//! Re-anchoring: finding every annotation's quoted text in the article.
//!
//! Every span is checked on load: if the article's text at `start..end` is
//! the quoted `text`, the span stays. Otherwise (the article was edited, or
//! the sidecar was edited by hand) the quoted text is searched for, exactly,
//! nearest to where the span is expected: its old offset shifted by the
//! displacement of the previous span (in document order) that had to move,
//! so that after an insertion every later span lands on its own copy of a
//! repeated word. A claim's cue is searched for near its old offset shifted
//! as much as its claim. A span (or a claim whose cue) that cannot be found
//! is an **orphan**: kept unchanged, flagged, never dropped.
//!
//! Linear in the text and the annotations: spans are checked at their
//! offsets counting on from the previous one in document order
//! (`Offsets`), other offsets are mapped through a block index
//! (`CharIndex`, built only when needed), a search scans windows around
//! its target that double until the nearest occurrence is certain (it
//! costs what the distance it finds costs), a text found nowhere is not
//! searched for again, and all searches share a budget of 16 scans of the text (at
//! least 64 MiB): once it is spent, a span not at its offset is left an
//! orphan for this load, so that a hostile sidecar whose every span quotes
//! a different absent text cannot make loading quadratic.

use std::collections::HashSet;
use std::ops::Range;

use super::kinds::Record;
use super::model::{Claim, Entity};
use crate::text::document::count_chars;

/// What re-anchoring did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnchorReport {
    /// Ids of the annotations whose offsets changed, in document order.
    pub moved: Vec<String>,
    /// Ids of the annotations whose text was not found, in document order
    /// (records of declared kinds with spans after, in id order).
    pub orphans: Vec<String>,
    /// Ids of the records (relations…) referring to an orphan: kept, with
    /// their references, and reported (in id order).
    pub orphan_ends: Vec<String>,
}

/// `char` offsets to byte offsets and back in logarithmic-plus-constant time.
///
/// Built in one pass that only counts the bytes that start a `char`, block
/// by block (a loop the compiler vectorises): no per-`char` work.
pub(crate) struct CharIndex<'a> {
    text: &'a str,
    /// `counts[k]`: the number of `char`s that start before byte `k * BLOCK`.
    counts: Vec<usize>,
    chars: usize,
}

/// Bytes per block: a lookup scans at most this many bytes.
const BLOCK: usize = 256;

/// True for a byte that starts a `char` (not a UTF-8 continuation byte).
fn starts_char(byte: u8) -> bool {
    (byte as i8) >= -0x40
}

/// Number of bytes of the 8-byte `word` that start a `char`: 8 less the
/// continuation bytes (`0b10xx_xxxx`: top bit set, the next one clear).
fn starts_in_word(word: [u8; 8]) -> usize {
    let w = u64::from_ne_bytes(word);
    let continuation = w & !(w << 1) & 0x8080_8080_8080_8080;
    8 - continuation.count_ones() as usize
}

/// The byte offset `n` `char`s after byte offset `at` (a `char` boundary)
/// of the UTF-8 `bytes`; `None` past the end (the end itself when it is
/// exactly there). Whole 32-byte chunks are counted at once (a fixed
/// size: a few vector instructions, inlined), then words of 8 bytes (no
/// branch per byte), then the last bytes.
pub(crate) fn advance(bytes: &[u8], mut at: usize, mut n: usize) -> Option<usize> {
    const CHUNK: usize = 32;
    while let Some(chunk) = bytes.get(at..at + CHUNK).and_then(|c| <&[u8; CHUNK]>::try_from(c).ok())
    {
        let starts = usize::from(chunk.iter().fold(0u8, |k, &b| k + u8::from(starts_char(b))));
        if starts > n {
            break;
        }
        n -= starts;
        at += CHUNK;
    }
    while let Some(word) = bytes.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let starts = starts_in_word(word);
        if starts > n {
            break;
        }
        n -= starts;
        at += 8;
    }
    // `at` may now be inside a `char`: the next start is the one wanted
    // when `n` is 0.
    for (i, &byte) in bytes.get(at..)?.iter().enumerate() {
        if starts_char(byte) {
            if n == 0 {
                return Some(at + i);
            }
            n -= 1;
        }
    }
    (n == 0).then_some(bytes.len())
}

impl<'a> CharIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut counts = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            counts.push(chars);
            chars += count_chars(block);
        }
        Self { text, counts, chars }
    }

    /// Number of `char`s.
    pub(crate) fn len(&self) -> usize {
        self.chars
    }

    /// Number of bytes.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Byte offset of `char` offset `offset` (`None` past the end).
    pub(crate) fn byte_of(&self, offset: usize) -> Option<usize> {
        if offset >= self.chars {
            return (offset == self.chars).then_some(self.text.len());
        }
        // The last block starting with at most `offset` chars before it
        // holds the start of `char` number `offset`.
        let k = self.counts.partition_point(|&n| n <= offset).checked_sub(1)?;
        advance(self.text.as_bytes(), k * BLOCK, offset - self.counts[k])
    }

    /// `char` offset of byte offset `byte`, a `char` boundary.
    pub(crate) fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let k = byte / BLOCK;
        match self.counts.get(k) {
            Some(&before) => before + count_chars(&self.text.as_bytes()[k * BLOCK..byte]),
            None => self.chars,
        }
    }

    /// True when the text at `char` offset `offset` starts with `needle`
    /// (the same as `slice(offset..offset + needle's char count) == needle`).
    pub(crate) fn has_at(&self, offset: usize, needle: &str) -> bool {
        self.byte_of(offset)
            .is_some_and(|b| self.text.as_bytes()[b..].starts_with(needle.as_bytes()))
    }

    /// The text at `char` range `range`, if it lies in the text.
    pub(crate) fn slice(&self, range: Range<usize>) -> Option<&'a str> {
        if range.start > range.end {
            return None;
        }
        let start = self.byte_of(range.start)?;
        let end = self.byte_of(range.end)?;
        self.text.get(start..end)
    }

    /// The `char` offset of the occurrence of `needle` whose start is
    /// nearest `target` (the earlier one on a tie), searched in windows
    /// around `target` that double until the nearest one is certain, so
    /// that a search costs in proportion to the distance it finds (the
    /// whole text only for a needle that is far or nowhere). Every window
    /// is charged to `budget`; none is scanned once it is spent.
    pub(crate) fn find_near(&self, needle: &str, target: usize, budget: &mut SearchBudget) -> Near {
        let target = target.min(self.chars);
        let Some(tb) = self.byte_of(target) else { return Near::Nowhere };
        if needle.is_empty() {
            return Near::Found(target);
        }
        let len = self.text.len();
        // A `char` takes at most 4 bytes: an occurrence starting more than
        // `w` bytes away is more than `w / 4` chars away.
        let mut w = needle.len().saturating_mul(4).max(1024);
        loop {
            let lo = self.floor_boundary(tb.saturating_sub(w));
            let hi = self.ceil_boundary(tb.saturating_add(w).saturating_add(needle.len()).min(len));
            if budget.left == 0 {
                return Near::Unknown;
            }
            budget.left = budget.left.saturating_sub((hi - lo) as u64);
            let after = self.text[tb..hi].find(needle).map(|i| tb + i);
            let bound = self.floor_boundary((tb + needle.len()).saturating_sub(1).min(hi));
            let before =
                self.text[lo..bound.max(lo)].rfind(needle).map(|i| lo + i).filter(|&b| b < tb);
            let before = before.map(|b| self.char_of(b));
            let after = after.map(|b| self.char_of(b));
            let best = match (before, after) {
                (Some(b), Some(a)) => Some(if target - b <= a - target { b } else { a }),
                (b, a) => b.or(a),
            };
            let whole = lo == 0 && hi == len;
            match best {
                Some(at) if whole || at.abs_diff(target) <= w / 4 => return Near::Found(at),
                None if whole => return Near::Nowhere,
                _ => w = w.saturating_mul(2),
            }
        }
    }

    /// The nearest `char` boundary at or before byte `at`.
    fn floor_boundary(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The nearest `char` boundary at or after byte `at`.
    fn ceil_boundary(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at += 1;
        }
        at
    }
}

/// Byte offsets of `char` offsets asked for mostly in increasing order (the
/// spans of a sidecar, sorted): each is counted on from the last one
/// remembered ([`advance`]), so that a whole pass costs one count of the
/// text; an offset behind it, or one not remembered and far ahead, is
/// looked up in a [`CharIndex`], built on first need.
pub(crate) struct Offsets<'a> {
    text: &'a str,
    /// The last remembered `char` offset and its byte offset.
    char: usize,
    byte: usize,
    index: Option<CharIndex<'a>>,
}

impl<'a> Offsets<'a> {
    /// How far ahead, in `char`s, an offset not remembered is counted to
    /// (farther ones are looked up), so that many of them stay linear.
    const AHEAD: usize = 1024;

    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, char: 0, byte: 0, index: None }
    }

    /// The index of the whole text (built now if not yet).
    pub(crate) fn index(&mut self) -> &CharIndex<'a> {
        self.index.get_or_insert_with(|| CharIndex::new(self.text))
    }

    /// Byte offset of `char` offset `offset` (`None` past the end), as
    /// [`CharIndex::byte_of`]; counting starts from there next time when
    /// `remember` (and the offset is not behind).
    pub(crate) fn byte_of(&mut self, offset: usize, remember: bool) -> Option<usize> {
        let ahead = offset.checked_sub(self.char);
        match ahead {
            Some(n) if remember || n <= Self::AHEAD => {
                let byte = advance(self.text.as_bytes(), self.byte, n)?;
                if remember {
                    (self.char, self.byte) = (offset, byte);
                }
                Some(byte)
            }
            _ => self.index().byte_of(offset),
        }
    }

    /// [`CharIndex::has_at`], through [`Self::byte_of`].
    pub(crate) fn has_at(&mut self, offset: usize, needle: &str, remember: bool) -> bool {
        self.byte_of(offset, remember)
            .is_some_and(|b| self.text.as_bytes()[b..].starts_with(needle.as_bytes()))
    }
}

/// What a search near a place found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Near {
    /// The nearest occurrence starts at this `char` offset.
    Found(usize),
    /// The needle is nowhere in the text.
    Nowhere,
    /// Not known: the search budget ran out first.
    Unknown,
}

/// How often a needle occurs in the text, as far as a bounded search could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Occurrences {
    /// Nowhere.
    None,
    /// Exactly once, at this `char` offset.
    Once(usize),
    /// Twice or more.
    Many,
    /// Not searched: the search budget is spent.
    Unknown,
}

/// A bound on the bytes that whole-text searches may scan, so that many
/// searches over one text stay linear in the input: each search charges
/// the bytes it scanned, and none starts once the budget is spent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchBudget {
    left: u64,
}

impl SearchBudget {
    /// Enough for 16 scans of a text of `len` bytes, and at least 64 MiB.
    pub(crate) fn for_text(len: usize) -> Self {
        Self { left: (len as u64).saturating_mul(16).max(64 << 20) }
    }

    /// A budget of `bytes`.
    #[cfg(test)]
    pub(crate) fn of(bytes: u64) -> Self {
        Self { left: bytes }
    }
}

impl CharIndex<'_> {
    /// Whether `needle` (not empty) occurs in the text none, one or more
    /// times; the scan stops at the second occurrence and is charged to `budget`.
    pub(crate) fn occurrences(&self, needle: &str, budget: &mut SearchBudget) -> Occurrences {
        if needle.is_empty() || budget.left == 0 {
            return Occurrences::Unknown;
        }
        let mut found = memchr::memmem::find_iter(self.text.as_bytes(), needle.as_bytes());
        let first = found.next();
        let second = first.and_then(|_| found.next());
        let scanned = second.map_or(self.text.len(), |at| at + needle.len());
        budget.left = budget.left.saturating_sub(scanned as u64);
        match (first, second) {
            (None, _) => Occurrences::None,
            (Some(at), None) => Occurrences::Once(self.char_of(at)),
            (Some(_), Some(_)) => Occurrences::Many,
        }
    }
}

/// A reference to one annotation being re-anchored.
#[derive(Clone, Copy)]
enum Slot {
    Entity(usize),
    Claim(usize),
}

/// Re-anchors `entities`, `claims` and `records` in `text`: entities and
/// claims as [`reanchor`] does; each span of a record (its own, its span
/// fields) is searched for nearest its old offset, the record an orphan if
/// one is not found. A record without spans of its own (a relation) follows
/// the annotations it refers to by id; one referring to an orphan is kept
/// and listed in [`AnchorReport::orphan_ends`].
pub fn reanchor_all(
    entities: &mut [Entity],
    claims: &mut [Claim],
    records: &mut [Record],
    text: &str,
) -> AnchorReport {
    let mut report = reanchor(entities, claims, text);
    if records.is_empty() {
        return report;
    }
    let mut with_spans: Vec<&mut Record> =
        records.iter_mut().filter(|r| r.range().is_some()).collect();
    with_spans.sort_by(|a, b| super::model::compare_ids(&a.id, &b.id));
    if !with_spans.is_empty() {
        let index = CharIndex::new(text);
        let mut budget = SearchBudget::for_text(text.len());
        for record in with_spans {
            let (mut moved, mut orphan) = (false, false);
            let own = record.span.iter_mut();
            let fields = record.values.iter_mut().filter_map(|v| match v {
                Some(super::kinds::Value::Span(span)) => Some(span),
                _ => None,
            });
            for span in own.chain(fields) {
                let found = if index.has_at(span.start, &span.text) {
                    Some(span.start)
                } else {
                    match index.find_near(&span.text, span.start, &mut budget) {
                        Near::Found(at) => Some(at),
                        Near::Nowhere | Near::Unknown => None,
                    }
                };
                let len = span.text.chars().count();
                match found {
                    Some(at) => {
                        moved |= at != span.start || span.end - span.start != len;
                        (span.start, span.end) = (at, at + len);
                    }
                    None => orphan = true,
                }
            }
            record.orphan = orphan;
            if orphan {
                report.orphans.push(record.id.clone());
            } else if moved {
                report.moved.push(record.id.clone());
            }
        }
    }
    let orphans: HashSet<&str> = entities
        .iter()
        .filter(|e| e.orphan)
        .map(|e| e.id.as_str())
        .chain(claims.iter().filter(|c| c.orphan).map(|c| c.id.as_str()))
        .chain(records.iter().filter(|r| r.orphan).map(|r| r.id.as_str()))
        .collect();
    if !orphans.is_empty() {
        let mut ends: Vec<String> = records
            .iter()
            .filter(|r| r.references().any(|(_, id)| orphans.contains(id)))
            .map(|r| r.id.clone())
            .collect();
        ends.sort_by(|a, b| super::model::compare_ids(a, b));
        report.orphan_ends = ends;
    }
    report
}

/// Re-anchors `entities` and `claims` in `text` (see the module docs),
/// setting their `orphan` flags.
pub fn reanchor(entities: &mut [Entity], claims: &mut [Claim], text: &str) -> AnchorReport {
    if entities.is_empty() && claims.is_empty() {
        return AnchorReport::default();
    }
    let mut offsets = Offsets::new(text);
    let mut order: Vec<(usize, usize, Slot)> = Vec::with_capacity(entities.len() + claims.len());
    order.extend(entities.iter().enumerate().map(|(i, e)| (e.start, e.end, Slot::Entity(i))));
    order.extend(claims.iter().enumerate().map(|(i, c)| (c.start, c.end, Slot::Claim(i))));
    order.sort_by_key(|&(start, end, _)| (start, end));

    let mut report = AnchorReport::default();
    let mut absent: HashSet<String> = HashSet::new();
    let mut budget = SearchBudget::for_text(text.len());
    let mut delta: isize = 0;
    // `old` is an entity's or claim's own offset (in `order`, so never
    // behind the last: remembered) or a cue's (not).
    let mut find = |needle: &str, old: usize, delta: isize, remember: bool| -> Option<usize> {
        if offsets.has_at(old, needle, remember) {
            return Some(old);
        }
        if absent.contains(needle) {
            return None;
        }
        match offsets.index().find_near(needle, old.saturating_add_signed(delta), &mut budget) {
            Near::Found(at) => Some(at),
            Near::Nowhere => {
                absent.insert(needle.to_owned());
                None
            }
            Near::Unknown => None,
        }
    };
    for (_, _, slot) in order {
        match slot {
            Slot::Entity(i) => {
                let e = &mut entities[i];
                e.orphan = false;
                match find(&e.text, e.start, delta, true) {
                    Some(start)
                        if start == e.start && e.end - e.start == e.text.chars().count() => {}
                    Some(start) => {
                        delta = start as isize - e.start as isize;
                        e.start = start;
                        e.end = start + e.text.chars().count();
                        report.moved.push(e.id.clone());
                    }
                    None => {
                        e.orphan = true;
                        report.orphans.push(e.id.clone());
                    }
                }
            }
            Slot::Claim(i) => {
                let c = &mut claims[i];
                c.orphan = false;
                let Some(start) = find(&c.text, c.start, delta, true) else {
                    c.orphan = true;
                    report.orphans.push(c.id.clone());
                    continue;
                };
                let shift = start as isize - c.start as isize;
                let mut cue_start = None;
                if let Some(cue) = &c.cue {
                    let Some(s) = find(&cue.text, cue.start, shift, false) else {
                        c.orphan = true;
                        report.orphans.push(c.id.clone());
                        continue;
                    };
                    cue_start = Some(s);
                }
                let len = c.text.chars().count();
                let mut moved = start != c.start || c.end - c.start != len;
                if shift != 0 {
                    delta = shift;
                }
                c.start = start;
                c.end = start + len;
                if let (Some(cue), Some(s)) = (&mut c.cue, cue_start) {
                    let cue_len = cue.text.chars().count();
                    moved |= s != cue.start || cue.end - cue.start != cue_len;
                    cue.start = s;
                    cue.end = s + cue_len;
                }
                if moved {
                    report.moved.push(c.id.clone());
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_maps_both_ways() {
        let text: String = "أب ج\u{064E}".repeat(40);
        let index = CharIndex::new(&text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        assert_eq!(index.len(), chars.len());
        for (k, &(byte, _)) in chars.iter().enumerate() {
            assert_eq!(index.byte_of(k), Some(byte));
            assert_eq!(index.char_of(byte), k);
        }
        assert_eq!(index.byte_of(chars.len()), Some(text.len()));
        assert_eq!(index.byte_of(chars.len() + 1), None);
    }

    proptest::proptest! {
        /// Against the plain definition, on texts of 1- to 4-byte chars
        /// spanning several blocks.
        #[test]
        fn char_index_agrees_with_char_indices(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["a", "ب", "\u{064E}", "€", "😀", "\n"][..]),
                0..700,
            ),
            needle_at in 0usize..700,
        ) {
            let text = pieces.concat();
            let index = CharIndex::new(&text);
            let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            proptest::prop_assert_eq!(index.len(), starts.len());
            for (k, &byte) in starts.iter().enumerate() {
                proptest::prop_assert_eq!(index.byte_of(k), Some(byte));
                proptest::prop_assert_eq!(index.char_of(byte), k);
            }
            proptest::prop_assert_eq!(index.byte_of(starts.len()), Some(text.len()));
            proptest::prop_assert_eq!(index.char_of(text.len()), starts.len());
            proptest::prop_assert_eq!(index.byte_of(starts.len() + 1), None);
            // `has_at` is "the slice there is the needle".
            let at = needle_at % (starts.len() + 1);
            let needle: String = text.chars().skip(at).take(3).collect();
            proptest::prop_assert!(index.has_at(at, &needle));
            let len = needle.chars().count();
            for offset in 0..=starts.len() + 1 {
                let slice = index.slice(offset..offset + len);
                proptest::prop_assert_eq!(index.has_at(offset, &needle), slice == Some(needle.as_str()));
            }
        }
    }

    proptest::proptest! {
        /// Counting on from the last remembered offset finds what the
        /// index finds, for offsets in any order: ahead, behind, far ahead
        /// (past [`Offsets::AHEAD`]), at and past the end.
        #[test]
        fn offsets_agree_with_the_index(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["a", "ب", "\u{064E}", "€", "😀", "\n"][..]),
                0..3000,
            ),
            queries in proptest::collection::vec((0usize..3100, proptest::bool::ANY), 0..40),
            sorted in proptest::bool::ANY,
        ) {
            let text = pieces.concat();
            let index = CharIndex::new(&text);
            let mut offsets = Offsets::new(&text);
            let mut queries = queries;
            if sorted {
                queries.sort_unstable();
            }
            for (offset, remember) in queries {
                proptest::prop_assert_eq!(offsets.byte_of(offset, remember), index.byte_of(offset));
                let needle: String = text.chars().skip(offset).take(2).collect();
                proptest::prop_assert_eq!(
                    offsets.has_at(offset, &needle, remember),
                    index.has_at(offset, &needle)
                );
            }
        }
    }

    #[test]
    fn occurrences_are_counted_to_two_within_the_budget() {
        let index = CharIndex::new("أب ab ج ab أب");
        let mut budget = SearchBudget::of(1000);
        assert_eq!(index.occurrences("ج", &mut budget), Occurrences::Once(6));
        assert_eq!(index.occurrences("ab", &mut budget), Occurrences::Many);
        assert_eq!(index.occurrences("zz", &mut budget), Occurrences::None);
        assert_eq!(index.occurrences("", &mut budget), Occurrences::Unknown);
        let mut spent = SearchBudget::of(3);
        assert_eq!(index.occurrences("zz", &mut spent), Occurrences::None, "the first search runs");
        assert_eq!(index.occurrences("ج", &mut spent), Occurrences::Unknown, "then none");
    }

    /// `find_near` with a budget that never runs out.
    fn near(index: &CharIndex<'_>, needle: &str, target: usize) -> Option<usize> {
        match index.find_near(needle, target, &mut SearchBudget::of(u64::MAX)) {
            Near::Found(at) => Some(at),
            Near::Nowhere => None,
            Near::Unknown => panic!("the budget ran out"),
        }
    }

    /// The plain definition: every occurrence, the nearest to `target`
    /// (the earlier on a tie).
    fn nearest_by_scan(text: &str, needle: &str, target: usize) -> Option<usize> {
        let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let target = target.min(chars.len());
        (0..=chars.len())
            .filter(|&k| text[chars.get(k).copied().unwrap_or(text.len())..].starts_with(needle))
            .min_by_key(|&k| (k.abs_diff(target), k))
    }

    #[test]
    fn nearest_occurrence_wins_either_side() {
        // "ab" at chars 0, 6 and 10.
        let index = CharIndex::new("ab----ab--ab");
        assert_eq!(near(&index, "ab", 5), Some(6));
        assert_eq!(near(&index, "ab", 2), Some(0));
        assert_eq!(near(&index, "ab", 3), Some(0), "tie goes to the earlier one");
        assert_eq!(near(&index, "ab", 99), Some(10));
        assert_eq!(near(&index, "zz", 3), None);
        // An occurrence that starts before the target and overlaps it counts.
        assert_eq!(near(&CharIndex::new("xabx"), "ab", 2), Some(1));
    }

    #[test]
    fn far_occurrences_are_found_through_growing_windows() {
        // Wide chars on one side, narrow on the other: distances in chars.
        let text = format!("ab{}{}ab", "😀".repeat(3000), "-".repeat(9000));
        let index = CharIndex::new(&text);
        for target in [0, 1, 2, 1500, 3001, 3002, 6000, 7500, 12_002, 12_003] {
            assert_eq!(
                near(&index, "ab", target),
                nearest_by_scan(&text, "ab", target),
                "{target}"
            );
        }
    }

    #[test]
    fn a_spent_budget_stops_the_search() {
        let text = "-".repeat(100_000) + "ab";
        let index = CharIndex::new(&text);
        let mut budget = SearchBudget::of(10_000);
        assert_eq!(index.find_near("ab", 0, &mut budget), Near::Unknown);
        assert_eq!(index.find_near("ab", 0, &mut SearchBudget::of(u64::MAX)), Near::Found(100_000));
    }

    proptest::proptest! {
        /// The windowed search finds what a scan of every occurrence finds.
        #[test]
        fn find_near_is_the_nearest_occurrence(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["a", "b", "ب", "😀", "-", "ab"][..]),
                0..3000,
            ),
            needle in proptest::sample::select(&["a", "ab", "ب😀", "-a", "zz", "😀😀"][..]),
            target in 0usize..4000,
        ) {
            let text = pieces.concat();
            let index = CharIndex::new(&text);
            proptest::prop_assert_eq!(near(&index, needle, target), nearest_by_scan(&text, needle, target));
        }
    }
}
