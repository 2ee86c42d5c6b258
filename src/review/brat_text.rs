//! The article as brat reads it, and offsets between it and Hashiya's.
//!
//! brat's server reads a document with Python's universal newlines
//! (`open(…, encoding='utf8')`): `\r\n` and a lone `\r` become `\n`; a
//! byte-order mark is kept as the character U+FEFF (it is not
//! `utf-8-sig`). Hashiya counts every `char` of the file as it is. So the
//! two count alike except that brat has no `\r` before a `\n`: offset `h`
//! in Hashiya's text is `h - k` in brat's, `k` being the number of `\r\n`
//! pairs whose `\r` lies before `h`. A lone `\r` is one character on both
//! sides (a `\n` for brat).

use std::borrow::Cow;
use std::ops::Range;

use crate::annotate::anchor::{CharIndex, advance};

/// The offsets of an article's `\r\n` pairs: maps offsets both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BratText {
    /// For the `i`-th `\r` that brat drops (one followed by `\n`), its
    /// offset in brat's text (`Hashiya offset - i`), ascending.
    dropped: Vec<usize>,
}

impl BratText {
    /// The map for the article `text` (one pass).
    pub fn new(text: &str) -> Self {
        let mut dropped = Vec::new();
        // Most articles have no `\r` at all: one `memchr` says so.
        if memchr::memchr(b'\r', text.as_bytes()).is_none() {
            return Self { dropped };
        }
        let mut previous_cr = None;
        for (i, c) in text.chars().enumerate() {
            if c == '\n' {
                if let Some(at) = previous_cr {
                    dropped.push(at - dropped.len());
                }
            }
            previous_cr = (c == '\r').then_some(i);
        }
        Self { dropped }
    }

    /// True when brat's offsets are Hashiya's (no `\r\n` in the text).
    pub fn is_identity(&self) -> bool {
        self.dropped.is_empty()
    }

    /// Hashiya offset `h` as brat counts it.
    pub fn to_brat(&self, h: usize) -> usize {
        // The i-th dropped `\r` is at Hashiya offset dropped[i] + i, which
        // grows with i: count those before `h` by bisection.
        let mut lo = 0;
        let mut hi = self.dropped.len();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.dropped[mid] + mid < h {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        h - lo
    }

    /// brat offset `b` as Hashiya counts it: the smallest Hashiya offset
    /// brat counts as `b` (a start before a `\n` takes its `\r` too; an end
    /// after a `\n` is after the pair).
    pub fn from_brat(&self, b: usize) -> usize {
        b + self.dropped.partition_point(|&q| q < b)
    }

    /// A Hashiya range as brat counts it.
    pub fn range_to_brat(&self, r: Range<usize>) -> Range<usize> {
        self.to_brat(r.start)..self.to_brat(r.end)
    }

    /// A brat range as Hashiya counts it.
    pub fn range_from_brat(&self, r: Range<usize>) -> Range<usize> {
        self.from_brat(r.start)..self.from_brat(r.end)
    }
}

/// `char` offsets to byte offsets for offsets asked mostly in ascending
/// order (entities and claims come sorted by start): an offset a little
/// after the last one asked is found by counting forward from it, chunk by
/// chunk; any other by the block index ([`CharIndex`]). Each lookup costs
/// at most [`ByteOffsets::NEAR`] `char`s of counting, whatever the order.
/// The index is built at its first use (most articles need none).
pub(crate) struct ByteOffsets<'t> {
    text: &'t str,
    index: Option<CharIndex<'t>>,
    /// The last offset asked and its byte offset (a `char` boundary).
    at: (usize, usize),
}

impl<'t> ByteOffsets<'t> {
    /// Farthest forward (in `char`s) an offset is counted to rather than
    /// looked up in the index.
    pub(crate) const NEAR: usize = 512;

    /// The offsets of `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        Self { text, index: None, at: (0, 0) }
    }

    /// The block index, for what asks in no particular order (built in
    /// one pass at the first call).
    pub(crate) fn index(&mut self) -> &CharIndex<'t> {
        let text = self.text;
        self.index.get_or_insert_with(|| CharIndex::new(text))
    }

    /// Byte offset of `char` offset `offset` (`None` past the end):
    /// counted from the last offset asked, or from the start, when either
    /// is at most [`Self::NEAR`] before it.
    pub(crate) fn byte_of(&mut self, offset: usize) -> Option<usize> {
        let (c, b) = self.at;
        let bytes = self.text.as_bytes();
        let found = match offset.checked_sub(c) {
            Some(ahead) if ahead <= Self::NEAR => advance(bytes, b, ahead),
            _ if offset <= Self::NEAR => advance(bytes, 0, offset),
            _ => self.index().byte_of(offset),
        }?;
        self.at = (offset, found);
        Some(found)
    }

    /// The byte range of `char` range `range` (`None` if it is not in the
    /// text, or reversed): what [`CharIndex::slice`] covers.
    pub(crate) fn bytes_of(&mut self, range: Range<usize>) -> Option<Range<usize>> {
        let len = range.end.checked_sub(range.start)?;
        let start = self.byte_of(range.start)?;
        let end = if len <= Self::NEAR {
            advance(self.text.as_bytes(), start, len)
        } else {
            self.index().byte_of(range.end)
        }?;
        Some(start..end)
    }
}

/// The text brat reads for `text`: line breaks `\r\n` and `\r` as `\n`
/// (borrowed when there is no `\r`).
pub fn brat_view(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_both_ways_around_crlf_pairs() {
        // a \r \n b \r c \r \n d
        let text = "a\r\nb\rc\r\nd";
        let map = BratText::new(text);
        let brat = brat_view(text);
        assert_eq!(brat, "a\nb\nc\nd");
        let h: Vec<usize> = (0..=9).map(|h| map.to_brat(h)).collect();
        assert_eq!(h, vec![0, 1, 1, 2, 3, 4, 5, 5, 6, 7]);
        let b: Vec<usize> = (0..=7).map(|b| map.from_brat(b)).collect();
        assert_eq!(b, vec![0, 1, 3, 4, 5, 6, 8, 9]);
        for b in 0..=7 {
            assert_eq!(map.to_brat(map.from_brat(b)), b);
        }
    }

    #[test]
    fn a_text_without_crlf_maps_to_itself_and_a_bom_counts() {
        let text = "\u{feff}ab\ncd";
        let map = BratText::new(text);
        assert!(map.is_identity());
        assert_eq!(map.to_brat(3), 3);
        assert_eq!(brat_view(text), text);
    }

    #[test]
    fn byte_offsets_agree_with_the_index_in_any_order() {
        let text = format!("{}\u{1F600}b{}", "لا".repeat(700), "x".repeat(40));
        let index = CharIndex::new(&text);
        let mut offsets = ByteOffsets::new(&text);
        let chars = text.chars().count();
        let asked = [0, 3, 3, 1401, 1400, 1402, 5, chars, chars + 1, 700, 1300, 2, 1403];
        for &c in &asked {
            assert_eq!(offsets.byte_of(c), index.byte_of(c), "char {c}");
        }
        for (s, e) in [(0, 0), (5, 3), (1399, 1402), (0, chars), (10, chars + 1), (1401, 1402)] {
            let bytes = offsets.bytes_of(s..e);
            assert_eq!(bytes.and_then(|b| text.get(b)), index.slice(s..e), "{s}..{e}");
        }
    }

    proptest::proptest! {
        /// Byte offsets counted forward are the index's, whatever was asked before.
        #[test]
        fn counted_offsets_are_the_indexs(
            text in "[ab\u{feff}لخ\u{1F600}]{0,1200}",
            asked in proptest::collection::vec((0usize..1300, 0usize..600), 0..20),
        ) {
            let index = CharIndex::new(&text);
            let mut offsets = ByteOffsets::new(&text);
            for (s, len) in asked {
                proptest::prop_assert_eq!(offsets.byte_of(s), index.byte_of(s));
                let got = offsets.bytes_of(s..s + len).and_then(|b| text.get(b));
                proptest::prop_assert_eq!(got, index.slice(s..s + len));
            }
        }

        /// Every character brat keeps is at the mapped offset in brat's text.
        #[test]
        fn kept_characters_are_where_the_map_says(text in "[ab\r\n\u{feff}ل]{0,40}") {
            let map = BratText::new(&text);
            let brat: Vec<char> = brat_view(&text).chars().collect();
            let chars: Vec<char> = text.chars().collect();
            for (h, &c) in chars.iter().enumerate() {
                let dropped = c == '\r' && chars.get(h + 1) == Some(&'\n');
                if !dropped {
                    let expected = if c == '\r' { '\n' } else { c };
                    proptest::prop_assert_eq!(brat[map.to_brat(h)], expected);
                    // A `\n` after a `\r` maps back to the pair's start.
                    let pair = c == '\n' && h > 0 && chars[h - 1] == '\r';
                    let back = if pair { h - 1 } else { h };
                    proptest::prop_assert_eq!(map.from_brat(map.to_brat(h)), back);
                }
            }
            proptest::prop_assert_eq!(map.to_brat(chars.len()), brat.len());
            proptest::prop_assert_eq!(map.from_brat(brat.len()), chars.len());
        }
    }
}
