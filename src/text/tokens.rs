//! Tokens for other tools (spaCy, Prodigy, `CoNLL`) that every span of an
//! article aligns with by construction.
//!
//! The tokens tile the text: each `char` is in exactly one token, or is the
//! single space a token is followed by (its `ws`, as spaCy's `Doc` holds
//! it). They are cut at:
//!
//! 1. the Unicode word boundaries (UAX #29): words, numbers, each
//!    punctuation mark, each run of white space;
//! 2. in a language with proclitics (Arabic), where
//!    [`super::words::trim_proclitics`] would trim a word: `والجزائر` is
//!    `و` + `الجزائر`, whatever is annotated, so that the same word is cut
//!    the same way in every article;
//! 3. every span boundary given (`starts`, `ends`): an entity on `قال`
//!    inside `وقال`, or on `30` in `30٪`, is whole tokens.
//!
//! A run of white space is a token of its own (spaCy's `"\n\n"` or the
//! second of two spaces), except a first space `' '` right after a token,
//! which is that token's `ws` — unless a span starts at the space or ends
//! right after it, when it is a token too.

use std::collections::BTreeSet;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::language::Language;
use super::words::trim_proclitics_in;

/// A token: its `char` range and whether a space follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Its `char` range in the text.
    pub range: Range<usize>,
    /// Its byte range in the text.
    pub bytes: Range<usize>,
    /// True when one space `' '` follows it (not part of any token).
    pub ws: bool,
    /// True when it is white space only.
    pub space: bool,
}

/// The tokens of `text` (a `language` text), cut at every offset of
/// `starts` and `ends` as well (offsets past the end are ignored). Linear
/// in the text, plus log n per boundary.
pub fn tokens(
    text: &str,
    language: Language,
    starts: &BTreeSet<usize>,
    ends: &BTreeSet<usize>,
) -> Vec<Token> {
    tokens_with::<true>(text, language, starts, ends)
}

/// [`tokens`], with the fast path for a space and an Arabic word when
/// `FAST` (the tests compare it with the general path, `FAST` false).
fn tokens_with<const FAST: bool>(
    text: &str,
    language: Language,
    starts: &BTreeSet<usize>,
    ends: &BTreeSet<usize>,
) -> Vec<Token> {
    let mut cutter = Cutter {
        // About one token every eight bytes of Arabic text.
        out: Vec::with_capacity(text.len() / 8),
        at: 0,
        byte: 0,
        cuts: Vec::new(),
        // The boundaries in order, each walked once as the segments come
        // (a range query of the sets per segment cost more than the
        // segmenting).
        starts: starts.iter().copied().collect(),
        ends: ends.iter().copied().collect(),
        next_start: 0,
        next_end: 0,
        language,
    };
    word_bounds(text, |segment, kind| match kind {
        Segment::SpacedArabicWord if FAST => {
            cutter.space();
            cutter.word(&segment[1..]);
        }
        Segment::ArabicWord if FAST => cutter.word(segment),
        Segment::Space if FAST => cutter.space(),
        _ => cutter.segment(segment, kind),
    });
    cutter.out
}

/// The state of [`tokens`] as the segments come.
struct Cutter {
    /// The tokens so far.
    out: Vec<Token>,
    /// Where the next segment starts, in `char`s and in bytes.
    at: usize,
    byte: usize,
    /// The cuts inside one segment, sorted and without repeats (reused).
    cuts: Vec<usize>,
    /// The span starts and ends, sorted.
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// The first of `starts` and of `ends` not passed yet.
    next_start: usize,
    next_end: usize,
    language: Language,
}

impl Cutter {
    /// The fast path for one space `' '` (a [`Segment::Space`]): what
    /// [`Cutter::segment`] does with it, without its cuts (a space has no
    /// inside).
    #[inline]
    fn space(&mut self) {
        let at = self.at;
        while self.starts.get(self.next_start).is_some_and(|&s| s <= at) {
            self.next_start += 1;
        }
        while self.ends.get(self.next_end).is_some_and(|&e| e <= at) {
            self.next_end += 1;
        }
        let free = !(self.next_start > 0 && self.starts[self.next_start - 1] == at)
            && self.ends.get(self.next_end) != Some(&(at + 1));
        push(&mut self.out, at..at + 1, self.byte..self.byte + 1, free, true);
        self.at += 1;
        self.byte += 1;
    }

    /// The fast path for a [`Segment::ArabicWord`]: one token when neither
    /// a proclitic nor a span boundary cuts it, else [`Cutter::segment`].
    #[inline]
    fn word(&mut self, word: &str) {
        let len = word.len() / 2;
        let (at, end) = (self.at, self.at + len);
        while self.starts.get(self.next_start).is_some_and(|&s| s <= at) {
            self.next_start += 1;
        }
        while self.ends.get(self.next_end).is_some_and(|&e| e <= at) {
            self.next_end += 1;
        }
        let cut = self.starts.get(self.next_start).is_some_and(|&s| s < end)
            || self.ends.get(self.next_end).is_some_and(|&e| e < end)
            || (self.language.has_proclitics() && may_trim(word.as_bytes()));
        if cut {
            self.segment(word, Segment::ArabicWord);
            return;
        }
        self.out.push(Token {
            range: at..end,
            bytes: self.byte..self.byte + word.len(),
            ws: false,
            space: false,
        });
        self.at = end;
        self.byte += word.len();
    }

    /// Cuts one segment of [`word_bounds`] into tokens (the general path).
    fn segment(&mut self, segment: &str, kind: Segment) {
        let (len, space) = match kind {
            Segment::SpacedArabicWord => {
                self.segment(" ", Segment::Space);
                self.segment(&segment[1..], Segment::ArabicWord);
                return;
            }
            Segment::ArabicWord => (segment.len() / 2, false),
            Segment::Space => (1, true),
            Segment::Other => (segment.chars().count(), segment.chars().all(char::is_whitespace)),
        };
        let range = self.at..self.at + len;
        let bytes = self.byte..self.byte + segment.len();
        self.at += len;
        self.byte += segment.len();
        let cuts = &mut self.cuts;
        cuts.clear();
        if !space && (kind != Segment::ArabicWord || may_trim(segment.as_bytes())) {
            let trimmed = trim_proclitics_in(self.language, segment, 0..len);
            if trimmed.start > 0 {
                cuts.push(range.start + trimmed.start);
            }
        }
        let inside = range.start + 1..range.end;
        walk(&self.starts, &mut self.next_start, &inside, cuts);
        walk(&self.ends, &mut self.next_end, &inside, cuts);
        let (starts, ends) = (&self.starts, &self.ends);
        if cuts.is_empty() {
            // One piece (most segments).
            let first_is_space = segment.as_bytes().first() == Some(&b' ');
            // No span starts at the space nor ends right after it (the
            // walks above stopped at the first boundary past its start).
            let free = !(self.next_start > 0 && starts[self.next_start - 1] == range.start)
                && ends.get(self.next_end) != Some(&(range.start + 1));
            push(&mut self.out, range, bytes, space && first_is_space && free, space);
            return;
        }
        cuts.push(range.end);
        cuts.sort_unstable();
        cuts.dedup();
        let (mut from, mut from_byte) = (range.start, bytes.start);
        let mut chars = segment.char_indices();
        for &cut in cuts.iter() {
            let first_is_space = matches!(chars.next(), Some((_, ' ')));
            for _ in from + 1..cut {
                chars.next();
            }
            let to_byte = chars.clone().next().map_or(bytes.end, |(i, _)| bytes.start + i);
            let free =
                starts.binary_search(&from).is_err() && ends.binary_search(&(from + 1)).is_err();
            push(
                &mut self.out,
                from..cut,
                from_byte..to_byte,
                space && first_is_space && free,
                space,
            );
            (from, from_byte) = (cut, to_byte);
        }
    }
}

/// Moves `next` past the boundaries of `all` (sorted) before `inside`,
/// and pushes those inside it to `cuts`.
#[inline]
fn walk(all: &[usize], next: &mut usize, inside: &Range<usize>, cuts: &mut Vec<usize>) {
    while all.get(*next).is_some_and(|&at| at < inside.start) {
        *next += 1;
    }
    let mut k = *next;
    while let Some(&at) = all.get(k).filter(|&&at| at < inside.end) {
        cuts.push(at);
        k += 1;
    }
}

/// What [`word_bounds`] knows of a segment it hands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    /// Arabic letters and harakat only (two bytes each), starting with a letter.
    ArabicWord,
    /// One space `' '`.
    Space,
    /// One space `' '` then an [`Segment::ArabicWord`]: two segments of
    /// the segmenter handed on in one call (most of an article).
    SpacedArabicWord,
    /// Anything else (as the segmenter cut it).
    Other,
}

/// True when `piece` is an Arabic word of the fast path of [`word_bounds`]:
/// an Arabic letter (`Word_Break=ALetter`: U+0621–U+063A, U+0641–U+064A)
/// then letters and harakat (`Word_Break=Extend`: U+064B–U+065F, U+0670),
/// read off their UTF-8 bytes (each two bytes, `D8`/`D9` then one more).
/// The pairs are folded without early exit or branches (hence `&` and `|`):
/// words are short, and a branch per pair was mispredicted.
#[allow(clippy::needless_bitwise_bool)]
fn arabic_word(piece: &[u8]) -> bool {
    let letter = |pair: &[u8]| matches!(pair, [0xD8, 0xA1..=0xBA] | [0xD9, 0x81..=0x8A]);
    // D8 A1–BA: letters; D9 81–8A letters, 8B–9F harakat, B0 U+0670.
    let letter_or_mark = |ok: bool, pair: &[u8]| {
        let (a, b) = (pair[0], pair[1]);
        ok & (((a == 0xD8) & (b.wrapping_sub(0xA1) < 0x1A))
            | ((a == 0xD9) & ((b.wrapping_sub(0x81) < 0x1F) | (b == 0xB0))))
    };
    piece.len() % 2 == 0
        && piece.first_chunk::<2>().is_some_and(|pair| letter(pair))
        && piece.chunks_exact(2).fold(true, letter_or_mark)
}

/// False when [`super::words::trim_proclitics`] leaves `word` (an Arabic
/// word of [`arabic_word`]) as it is, read off its first letters (harakat
/// skipped, as the trim skips them): every trim starts with a proclitic
/// و ف ب ك ل followed by the article ا ل at the second or third letter, or
/// by لل. Most words fail this without the trim's closer look.
fn may_trim(word: &[u8]) -> bool {
    let mut letters =
        word.chunks_exact(2).filter(|pair| !matches!(pair, [0xD9, 0x8B..=0x9F | 0xB0]));
    // و ف ك ل (U+0648, U+0641, U+0643, U+0644) and ب (U+0628).
    let proclitic = letters
        .next()
        .is_some_and(|p| matches!(p, [0xD9, 0x88 | 0x81 | 0x83 | 0x84] | [0xD8, 0xA8]));
    // ا (U+0627) or ل (U+0644) second, or ا third.
    proclitic
        && match (letters.next(), letters.next()) {
            (Some([0xD8, 0xA7] | [0xD9, 0x84]), _) => true,
            (_, Some(third)) => third == [0xD8, 0xA7],
            _ => false,
        }
}

/// True for the punctuation that [`word_bounds`] reads around an Arabic
/// word: marks no word-break rule joins to a letter or to each other
/// (`Word_Break` Other, `MidLetter`, `MidNum`, `MidNumLet`, `Single_Quote`,
/// `Double_Quote`, whose rules need a letter or digit on both sides).
fn fast_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ':'
            | ';'
            | '!'
            | '?'
            | '"'
            | '\''
            | '('
            | ')'
            | '-'
            | '«'
            | '»'
            | '،'
            | '؛'
            | '؟'
            | '“'
            | '”'
    )
}

/// The parts of `piece` (text between two spaces or line feeds) when it is
/// an Arabic word ([`arabic_word`]) with at most one mark of
/// [`fast_punctuation`] before it and two after: the byte length of the
/// mark before (0 or its length) and the byte range of the word.
fn word_piece(piece: &str) -> Option<(usize, std::ops::Range<usize>)> {
    // Most pieces: an Arabic letter first and a letter or haraka last
    // (neither is a mark of `fast_punctuation`), read off the bytes.
    let bytes = piece.as_bytes();
    if let (Some([a, b]), Some([c, d])) = (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
        let first_letter = matches!((a, b), (0xD8, 0xA1..=0xBA) | (0xD9, 0x81..=0x8A));
        let last_letter_or_mark =
            matches!((c, d), (0xD8, 0xA1..=0xBA) | (0xD9, 0x81..=0x9F | 0xB0));
        if first_letter && last_letter_or_mark {
            return arabic_word(bytes).then_some((0, 0..piece.len()));
        }
    }
    let mut chars = piece.chars();
    let lead = chars.next().filter(|&c| fast_punctuation(c)).map_or(0, char::len_utf8);
    let mut end = piece.len();
    for _ in 0..2 {
        match piece[lead..end].chars().next_back() {
            Some(c) if fast_punctuation(c) => end -= c.len_utf8(),
            _ => break,
        }
    }
    arabic_word(&piece.as_bytes()[lead..end]).then_some((lead, lead..end))
}

/// Hands `each` the segments of `text` between its Unicode word
/// boundaries (UAX #29), in order: exactly those of `split_word_bounds`
/// (property-tested), found faster. Most of a news article is words of
/// Arabic letters and harakat between single spaces: such a word, with a
/// space, a line feed or the text's end on each side, is one segment
/// (letters join letters, WB5; harakat join what they follow, WB4; a space
/// and a letter are apart, WB999; a line feed is apart from all, WB3a/b),
/// and so is a lone space between two such words; each mark of
/// [`fast_punctuation`] right before or after such a word is one segment
/// too (WB999: the rules that join such marks need a letter or digit on
/// both sides). Only the rest goes through the segmenter, in pieces that
/// start and end at a space or line feed next to such a word — boundaries
/// no rule looks across.
fn word_bounds<'t>(text: &'t str, mut each: impl FnMut(&'t str, Segment)) {
    let mut rest = 0usize;
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let delimiters = memchr::memchr2_iter(b' ', b'\n', bytes).chain(std::iter::once(text.len()));
    for end in delimiters {
        let piece = &text[start..end];
        let piece_start = start;
        start = end + 1;
        let Some((lead, word)) = word_piece(piece) else { continue };
        let between = &text[rest..piece_start];
        if between == " " && lead == 0 {
            each(&text[rest..piece_start + word.end], Segment::SpacedArabicWord);
        } else {
            match between {
                "" => {}
                " " => each(" ", Segment::Space),
                "\n" => each("\n", Segment::Other),
                between => between.split_word_bounds().for_each(|s| each(s, Segment::Other)),
            }
            if lead > 0 {
                each(&piece[..lead], Segment::Other);
            }
            each(&piece[word.clone()], Segment::ArabicWord);
        }
        let mut after = word.end;
        for c in piece[word.end..].chars() {
            each(&piece[after..after + c.len_utf8()], Segment::Other);
            after += c.len_utf8();
        }
        rest = end;
    }
    if rest < text.len() {
        text[rest..].split_word_bounds().for_each(|s| each(s, Segment::Other));
    }
}

/// Adds the piece `range` (`bytes`; white space when `space`). When
/// `joins` (a piece of white space starting with `' '` where no span starts
/// and none ends right after that space), its first space becomes the
/// previous token's `ws` if that token is not white space and has none.
fn push(out: &mut Vec<Token>, range: Range<usize>, bytes: Range<usize>, joins: bool, space: bool) {
    let (mut range, mut bytes) = (range, bytes);
    if joins {
        if let Some(prev) = out.last_mut() {
            if !prev.space && !prev.ws {
                prev.ws = true;
                range.start += 1;
                bytes.start += 1;
            }
        }
    }
    if !range.is_empty() {
        out.push(Token { range, bytes, ws: false, space });
    }
}

/// The index of the token starting at `start` and of the token ending at
/// `end` (inclusive, as Prodigy's `token_end`), when both exist.
pub fn token_span(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.range.start < start);
    let last = tokens.partition_point(|t| t.range.end < end);
    let ok = start < end
        && tokens.get(first).is_some_and(|t| t.range.start == start)
        && tokens.get(last).is_some_and(|t| t.range.end == end);
    ok.then_some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, tokens: &[Token]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokens
            .iter()
            .map(|t| {
                let s: String = chars[t.range.clone()].iter().collect();
                if t.ws { format!("{s}_") } else { s }
            })
            .collect()
    }

    fn plain(text: &str, language: Language) -> Vec<String> {
        texts(text, &tokens(text, language, &BTreeSet::new(), &BTreeSet::new()))
    }

    #[test]
    fn proclitics_before_the_article_are_cut_in_arabic_only() {
        assert_eq!(plain("وبالجزائر قال", Language::Arabic), vec!["وب", "الجزائر_", "قال"]);
        assert_eq!(plain("وبالجزائر قال", Language::Persian), vec!["وبالجزائر_", "قال"]);
        // No article: a word is left whole.
        assert_eq!(plain("وقال لبنان", Language::Arabic), vec!["وقال_", "لبنان"]);
    }

    #[test]
    fn white_space_runs_are_tokens_but_one_space_is_ws() {
        assert_eq!(
            plain("أ  ب\n\nج \r\nد", Language::Arabic),
            vec!["أ_", " ", "ب", "\n", "\n", "ج_", "\r\n", "د"]
        );
        assert_eq!(plain(" أ", Language::Arabic), vec![" ", "أ"]);
        assert_eq!(plain("\u{feff}أ", Language::Arabic), vec!["\u{feff}", "أ"]);
    }

    #[test]
    fn span_boundaries_cut_words_and_spaces() {
        // "وقال 30٪": a cue on قال, a number on 30, a span starting at the space.
        let text = "وقال 30٪";
        let starts = BTreeSet::from([1, 4, 5]);
        let ends = BTreeSet::from([4, 7]);
        let t = tokens(text, Language::Arabic, &starts, &ends);
        assert_eq!(texts(text, &t), vec!["و", "قال", " ", "30", "٪"]);
        assert_eq!(token_span(&t, 1, 4), Some((1, 1)));
        assert_eq!(token_span(&t, 4, 7), Some((2, 3)));
        assert_eq!(token_span(&t, 2, 4), None);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(vec![
                    'و', 'ب', 'ا', 'ل', 'ك', 'ف', 'ة', ' ', ' ', '\n', '\r', '،', '«', '»', '٪',
                    '٣', '3', 'a', '\u{64E}', 'ـ', '\u{200C}', '\u{feff}', '.', '\t',
                ]),
                1 => any::<char>(),
            ],
            0..50,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    /// Texts mostly of Arabic words between spaces, with what the
    /// segmenter's rules look at around them.
    fn arabic_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                8 => proptest::sample::select(vec![
                    'و', 'ب', 'ا', 'ل', 'ك', 'ف', 'ة', 'ي', '\u{64E}', '\u{650}', '\u{670}',
                    ' ', ' ', ' ',
                ]),
                2 => proptest::sample::select(vec![
                    '\n', '\r', '\t', '.', '،', ':', '\'', '"', '«', '»', '٪', '٣', '3', '5',
                    ',', 'a', 'ـ', '\u{200C}', '\u{200D}', '\u{feff}', '\u{1F1E6}', '\u{1F1E9}',
                    '\u{2060}', '\u{3000}', '\u{1F600}', '_', 'ا', '!', '?', '(', ')', '-', '؛',
                    '؟', '“', '”', ';', '\n', '\n', '٫', '٬', 'ב', '\u{5F3}', '\u{5F4}',
                ]),
                1 => any::<char>(),
            ],
            0..60,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast word boundaries are those of the segmenter.
        #[test]
        fn word_bounds_are_the_segmenters(text in arabic_text()) {
            let mut fast = Vec::new();
            word_bounds(&text, |s, kind| match kind {
                Segment::SpacedArabicWord => fast.extend([&s[..1], &s[1..]]),
                _ => fast.push(s),
            });
            let slow: Vec<&str> = text.split_word_bounds().collect();
            prop_assert_eq!(fast, slow);
        }

        /// The fast path for spaces and Arabic words cuts as the general
        /// path does, with random span boundaries, in every language.
        #[test]
        fn the_fast_path_is_the_general_path(
            text in arabic_text(),
            spans in proptest::collection::vec((0usize..65, 0usize..65), 0..12),
            language in proptest::sample::select(Language::ALL.to_vec()),
        ) {
            let starts: BTreeSet<usize> = spans.iter().map(|s| s.0.min(s.1)).collect();
            let ends: BTreeSet<usize> = spans.iter().map(|s| s.0.max(s.1)).collect();
            prop_assert_eq!(
                tokens_with::<true>(&text, language, &starts, &ends),
                tokens_with::<false>(&text, language, &starts, &ends)
            );
        }

        /// A word that [`may_trim`] rules out is not trimmed.
        #[test]
        fn may_trim_misses_no_trim(word in "[وفبكلالينة\u{64B}\u{650}\u{670}]{1,9}") {
            if arabic_word(word.as_bytes()) && !may_trim(word.as_bytes()) {
                let len = word.chars().count();
                prop_assert_eq!(crate::text::words::trim_proclitics(&word, 0..len), 0..len);
            }
        }

        /// Tokens and their spaces tile the text, in order; every span of
        /// random boundaries is a whole token range.
        #[test]
        fn tokens_tile_the_text_and_spans_align(
            text in text(),
            spans in proptest::collection::vec((0usize..55, 0usize..55), 0..12),
            arabic in any::<bool>(),
        ) {
            let len = text.chars().count();
            let spans: Vec<(usize, usize)> = spans
                .into_iter()
                .map(|(a, b)| (a.min(b).min(len), a.max(b).min(len)))
                .filter(|(a, b)| a < b)
                .collect();
            let starts: BTreeSet<usize> = spans.iter().map(|s| s.0).collect();
            let ends: BTreeSet<usize> = spans.iter().map(|s| s.1).collect();
            let language = if arabic { Language::Arabic } else { Language::Other };
            let tokens = tokens(&text, language, &starts, &ends);
            let chars: Vec<char> = text.chars().collect();
            let mut at = 0;
            for t in &tokens {
                prop_assert_eq!(t.range.start, at);
                let spelled: String = chars[t.range.clone()].iter().collect();
                prop_assert_eq!(&text[t.bytes.clone()], spelled.as_str());
                prop_assert!(!t.range.is_empty());
                at = t.range.end;
                if t.ws {
                    prop_assert_eq!(chars.get(at), Some(&' '));
                    at += 1;
                }
            }
            prop_assert_eq!(at, len);
            for (start, end) in spans {
                let (first, last) = token_span(&tokens, start, end)
                    .ok_or_else(|| TestCaseError::fail(format!("{start}..{end} in {tokens:?}")))?;
                prop_assert!(first <= last);
            }
        }
    }
}
