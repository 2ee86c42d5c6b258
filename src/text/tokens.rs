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
use super::words::{trim_arabic_word, trim_proclitics_in};

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
    /// True when it is written as it is ([`plain`]): not white space, not
    /// invisible format characters only, and holding no character of
    /// [`crate::text::safe::is_unsafe`] — as every token of the fast paths
    /// but spaces and line breaks (Arabic and ASCII words, the common
    /// punctuation marks), so that a writer tests only the others.
    pub plain: bool,
}

/// What [`Token::plain`] says of a token of text `piece` that is not
/// white space: it is not invisible format characters only and holds no
/// unsafe character.
fn plain(piece: &str) -> bool {
    !piece.is_empty()
        && !piece.chars().all(super::glyph::is_invisible_format)
        && !piece.chars().any(super::safe::is_unsafe)
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
    let (starts, ends) = (starts.iter().copied().collect(), ends.iter().copied().collect());
    sorted_tokens(text, language, starts, ends)
}

/// [`tokens`] with the span starts and ends given as sorted vectors
/// without repeats (what a `BTreeSet` of them iterates), made without a
/// set.
pub fn sorted_tokens(
    text: &str,
    language: Language,
    starts: Vec<usize>,
    ends: Vec<usize>,
) -> Vec<Token> {
    let mut cutter = Cutter::new(text, language, starts, ends);
    scan(text, &mut cutter);
    cutter.out
}

/// [`tokens`] by the general path alone: every segment of the segmenter
/// through [`Cutter::segment`], what the fast paths of [`scan`] and of
/// [`Cutter`]'s [`Segments`] must equal (the tests compare them).
#[cfg(test)]
fn general_tokens(
    text: &str,
    language: Language,
    starts: &BTreeSet<usize>,
    ends: &BTreeSet<usize>,
) -> Vec<Token> {
    let (starts, ends) = (starts.iter().copied().collect(), ends.iter().copied().collect());
    let mut cutter = Cutter::new(text, language, starts, ends);
    for segment in text.split_word_bounds() {
        cutter.segment(segment, Segment::Other);
    }
    cutter.out
}

/// The state of [`tokens`] as the segments come.
struct Cutter<'t> {
    /// The text cut.
    text: &'t str,
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
    /// The smaller of those two (`usize::MAX` for none): no boundary not
    /// passed yet is before it, so a segment ending at or before it has
    /// none inside, and a space before it none at or right after it.
    next: usize,
    /// True when the language has proclitics to cut.
    proclitics: bool,
    language: Language,
}

impl<'t> Cutter<'t> {
    fn new(text: &'t str, language: Language, starts: Vec<usize>, ends: Vec<usize>) -> Self {
        let mut cutter = Self {
            text,
            // About one token every six bytes of Arabic news text.
            out: Vec::with_capacity(text.len() / 5 + 8),
            at: 0,
            byte: 0,
            cuts: Vec::new(),
            // The boundaries in order, each walked once as the segments
            // come (a range query of the sets per segment cost more than
            // the segmenting).
            starts,
            ends,
            next_start: 0,
            next_end: 0,
            next: 0,
            proclitics: language.has_proclitics(),
            language,
        };
        cutter.passed();
        cutter
    }

    /// Sets [`Cutter::next`] from the boundaries not passed yet.
    #[inline]
    fn passed(&mut self) {
        let start = self.starts.get(self.next_start).copied().unwrap_or(usize::MAX);
        let end = self.ends.get(self.next_end).copied().unwrap_or(usize::MAX);
        self.next = start.min(end);
    }

    /// Passes the boundaries at or before where the next segment starts
    /// (none of them cuts it).
    fn catch_up(&mut self) {
        let at = self.at;
        while self.starts.get(self.next_start).is_some_and(|&s| s <= at) {
            self.next_start += 1;
        }
        while self.ends.get(self.next_end).is_some_and(|&e| e <= at) {
            self.next_end += 1;
        }
        self.passed();
    }

    /// Adds a token of `chars` chars and `bytes` bytes where the next
    /// segment starts.
    #[inline]
    fn add(&mut self, chars: usize, bytes: usize, space: bool) {
        let (at, byte) = (self.at, self.byte);
        // A fast path's token: a space or line break, or a word or mark
        // written as it is.
        let plain = !space;
        let end = byte + bytes;
        self.out.push(Token { range: at..at + chars, bytes: byte..end, ws: false, space, plain });
        self.at = at + chars;
        self.byte = end;
    }

    /// Cuts one segment of the segmenter into tokens (the general path).
    fn segment(&mut self, segment: &str, kind: Segment) {
        let (len, space) = match kind {
            Segment::ArabicWord => (segment.len() / 2, false),
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
            push(self.text, &mut self.out, range, bytes, space && first_is_space && free, space);
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
                self.text,
                &mut self.out,
                from..cut,
                from_byte..to_byte,
                space && first_is_space && free,
                space,
            );
            (from, from_byte) = (cut, to_byte);
        }
    }

    /// [`Cutter::segment`] of the text's bytes `bytes`, then
    /// [`Cutter::next`] anew.
    fn general(&mut self, bytes: Range<usize>, kind: Segment) {
        let text = self.text;
        self.segment(text.get(bytes).unwrap_or_default(), kind);
        self.passed();
    }

    /// A space where no span starts and none ends right after it: the
    /// previous token's `ws`, unless that token is white space or has one
    /// already (what [`push`] does).
    #[inline]
    fn free_space(&mut self) {
        match self.out.last_mut() {
            Some(prev) if !prev.space && !prev.ws => {
                prev.ws = true;
                self.at += 1;
                self.byte += 1;
            }
            _ => self.add(1, 1, true),
        }
    }

    /// A space near a boundary: what [`Cutter::segment`] makes of it.
    fn space_near(&mut self) {
        self.catch_up();
        let at = self.at;
        let free = !(self.next_start > 0 && self.starts[self.next_start - 1] == at)
            && self.ends.get(self.next_end) != Some(&(at + 1));
        push(self.text, &mut self.out, at..at + 1, self.byte..self.byte + 1, free, true);
        self.at += 1;
        self.byte += 1;
    }

    /// An Arabic word ([`arabic_word`], the text's bytes `word`) with no
    /// boundary inside: one token, or two when a proclitic is cut off
    /// (each letter and haraka is two bytes).
    // Inlined into the scan (a call per word was a tenth of its cost).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn arabic(&mut self, word: Range<usize>) {
        let (chars, len) = (word.len() / 2, word.len());
        if self.proclitics {
            let bytes = self.text.as_bytes().get(word).unwrap_or_default();
            if may_trim(bytes) {
                let cut = trim_arabic_word(bytes);
                if 0 < cut && cut < chars {
                    self.add(cut, 2 * cut, false);
                    self.add(chars - cut, len - 2 * cut, false);
                    return;
                }
            }
        }
        self.add(chars, len, false);
    }

    /// An Arabic word with a boundary before its end: those at or before
    /// its start cut nothing, those inside go through the general path.
    fn word_near(&mut self, word: Range<usize>) {
        self.catch_up();
        if self.next >= self.at + word.len() / 2 {
            self.arabic(word);
        } else {
            self.general(word, Segment::ArabicWord);
        }
    }
}

/// The fast paths: what [`Cutter::segment`] makes of each kind of segment,
/// reading the boundaries only when one is near ([`Cutter::next`]).
impl<'t> Segments<'t> for Cutter<'t> {
    // Inlined into the scan: most words come this way.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn spaced_word(&mut self, word: Range<usize>) {
        if self.next < self.at + 1 + word.len() / 2 {
            self.space_near();
            self.word_near(word);
        } else {
            self.free_space();
            self.arabic(word);
        }
    }

    #[inline]
    fn word(&mut self, word: Range<usize>) {
        if self.next < self.at + word.len() / 2 {
            self.word_near(word);
        } else {
            self.arabic(word);
        }
    }

    /// ASCII letters and digits: nothing to trim, one byte a char.
    #[inline]
    fn ascii(&mut self, word: Range<usize>) {
        let len = word.len();
        if self.next < self.at + len {
            self.catch_up();
            if self.next < self.at + len {
                self.general(word, Segment::Other);
                return;
            }
        }
        self.add(len, len, false);
    }

    /// One char that is not white space: no inside to cut, nothing to trim.
    #[inline]
    fn mark(&mut self, mark: Range<usize>) {
        self.add(1, mark.len(), false);
    }

    #[inline]
    fn space(&mut self) {
        if self.next < self.at + 2 {
            self.space_near();
        } else {
            self.free_space();
        }
    }

    /// White space that is not a space: never a `ws`; CR LF is cut only by
    /// a boundary between the two.
    #[inline]
    fn line_break(&mut self, line_break: Range<usize>) {
        let len = line_break.len();
        if len > 1 && self.next <= self.at + 1 {
            self.catch_up();
            if self.next == self.at + 1 {
                self.general(line_break, Segment::Other);
                return;
            }
        }
        self.add(len, len, true);
    }

    fn other(&mut self, segment: &'t str) {
        self.segment(segment, Segment::Other);
        self.passed();
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

/// What [`Cutter::segment`] knows of a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    /// Arabic letters and harakat only (two bytes each), starting with a
    /// letter ([`arabic_word`]).
    ArabicWord,
    /// Anything else (as the segmenter cut it).
    Other,
}

/// What [`scan`] hands the segments of a text to, in order: exactly the
/// segments of `split_word_bounds`, the common ones named by kind and
/// given as byte ranges of the text.
trait Segments<'t> {
    /// One space `' '` (the byte before `word`), then an Arabic word
    /// ([`arabic_word`]): two segments.
    fn spaced_word(&mut self, word: Range<usize>);
    /// An Arabic word ([`arabic_word`]).
    fn word(&mut self, word: Range<usize>);
    /// ASCII letters and digits.
    fn ascii(&mut self, word: Range<usize>);
    /// One mark of [`fast_punctuation`].
    fn mark(&mut self, mark: Range<usize>);
    /// One space `' '`.
    fn space(&mut self);
    /// A line feed, a carriage return, or both (CR LF).
    fn line_break(&mut self, line_break: Range<usize>);
    /// Any other segment.
    fn other(&mut self, segment: &'t str);
}

/// The first two bytes at `i` of `bytes` as one number (big-endian), 0
/// past the end.
#[inline]
fn pair(bytes: &[u8], i: usize) -> u16 {
    match bytes.get(i..i + 2) {
        Some(&[a, b]) => u16::from_be_bytes([a, b]),
        _ => 0,
    }
}

/// True for the UTF-8 bytes (as [`pair`] reads them) of an Arabic letter
/// of [`arabic_word`]: U+0621–U+063A (`D8 A1`–`D8 BA`), U+0641–U+064A
/// (`D9 81`–`D9 8A`).
#[allow(clippy::needless_bitwise_bool)]
#[inline]
fn letter(pair: u16) -> bool {
    (pair.wrapping_sub(0xD8A1) < 0x1A) | (pair.wrapping_sub(0xD981) < 0x0A)
}

/// True for the UTF-8 bytes of an Arabic letter or haraka of
/// [`arabic_word`]: a [`letter`], U+064B–U+065F (`D9 8B`–`D9 9F`), U+0670
/// (`D9 B0`).
#[allow(clippy::needless_bitwise_bool)]
#[inline]
fn letter_or_mark(pair: u16) -> bool {
    (pair.wrapping_sub(0xD8A1) < 0x1A) | (pair.wrapping_sub(0xD981) < 0x1F) | (pair == 0xD9B0)
}

/// The byte length of the Arabic letters and harakat ([`letter_or_mark`])
/// that `bytes` starts with.
#[inline]
fn letters_len(bytes: &[u8]) -> usize {
    let pairs = bytes.chunks_exact(2);
    let all = pairs.len();
    2 * pairs
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .position(|p| !letter_or_mark(p))
        .unwrap_or(all)
}

/// The byte length of the char at `i` of `bytes` when it is a mark of
/// [`fast_punctuation`], else 0.
#[inline]
fn mark_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i..).unwrap_or_default() {
        [
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'"' | b'\'' | b'(' | b')' | b'-' | b'%'
            | b'/' | b'[' | b']' | b'{' | b'}',
            ..,
        ] => 1,
        // « » ، ؛ ؟ ٪
        [0xC2, 0xAB | 0xBB, ..] | [0xD8, 0x8C | 0x9B | 0x9F, ..] | [0xD9, 0xAA, ..] => 2,
        // – — ‘ ’ “ ” • …
        [0xE2, 0x80, 0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D | 0xA2 | 0xA6, ..] => 3,
        _ => 0,
    }
}

/// True when `piece` is an Arabic word of the fast path of [`scan`]: an
/// Arabic letter (`Word_Break=ALetter`: U+0621–U+063A, U+0641–U+064A)
/// then letters and harakat (`Word_Break=Extend`: U+064B–U+065F, U+0670),
/// read off their UTF-8 bytes (each two bytes, `D8`/`D9` then one more).
#[cfg(test)]
fn arabic_word(piece: &[u8]) -> bool {
    piece.len() % 2 == 0
        && letter(pair(piece, 0))
        && (0..piece.len()).step_by(2).all(|i| letter_or_mark(pair(piece, i)))
}

/// False when [`super::words::trim_proclitics`] leaves `word` (an Arabic
/// word of [`arabic_word`]) as it is, read off its first letters (harakat
/// skipped, as the trim skips them): every trim is an optional و or ف, an
/// optional ب ك ل (one of the two at least), then the article ا ل; or
/// و ف then لل. Most words fail this without the trim's closer look.
#[inline]
fn may_trim(word: &[u8]) -> bool {
    // و ف (U+0648, U+0641), ب ك ل (U+0628, U+0643, U+0644) first; then
    // ا ٱ ب ك ل or a haraka (most words fail these two).
    matches!(pair(word, 0), 0xD988 | 0xD981 | 0xD8A8 | 0xD983 | 0xD984)
        && matches!(
            pair(word, 2),
            0xD8A7 | 0xD9B1 | 0xD8A8 | 0xD983 | 0xD984 | 0xD98B..=0xD99F | 0xD9B0
        )
        && article_next(word)
}

/// [`may_trim`] after a first letter و ف ب ك ل: the rules of the trim
/// (`by_rules`) on the next three letters.
fn article_next(word: &[u8]) -> bool {
    const ALEF: u16 = 0xD8A7;
    const ALEF_WASLA: u16 = 0xD9B1;
    const LAM: u16 = 0xD984;
    // The second, third and fourth letters (0 for none), harakat skipped.
    let mut next = [0u16; 3];
    let (mut n, mut i) = (0, 2);
    while n < next.len() {
        let letter = pair(word, i);
        if letter == 0 {
            break;
        }
        if !matches!(letter, 0xD98B..=0xD99F | 0xD9B0) {
            next[n] = letter;
            n += 1;
        }
        i += 2;
    }
    let [second, third, fourth] = next;
    let conjunction = matches!(pair(word, 0), 0xD988 | 0xD981);
    let alef = |l: u16| l == ALEF || l == ALEF_WASLA;
    // The article right after the first letter (a proclitic of either
    // kind); or و ف, then ب ك ل, then the article; or و ف then لل.
    (alef(second) && third == LAM)
        || (conjunction
            && ((matches!(second, 0xD8A8 | 0xD983 | LAM) && alef(third) && fourth == LAM)
                || (second == LAM && third == LAM)))
}

/// True for the punctuation that [`scan`] reads around an Arabic word or
/// a number, or alone ([`mark_len`] reads them off the bytes): marks no
/// word-break rule joins to a letter, to a digit or to each other with a
/// space or line break on one side (`Word_Break` Other, `MidLetter`,
/// `MidNum`, `MidNumLet`, `Single_Quote`, `Double_Quote`, whose rules need
/// a letter or digit on both sides).
#[cfg(test)]
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
            | '%'
            | '/'
            | '['
            | ']'
            | '{'
            | '}'
            | '«'
            | '»'
            | '،'
            | '؛'
            | '؟'
            | '٪'
            | '–'
            | '—'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '•'
            | '…'
    )
}

/// True for the bytes that end a piece of [`scan`]: a space, a line feed, a
/// carriage return.
#[inline]
fn delimiter(byte: u8) -> bool {
    matches!(byte, b' ' | b'\n' | b'\r')
}

/// A piece of [`scan`] (byte offsets): a mark from `start`, the word (an
/// Arabic word, ASCII letters and digits when `ascii`, or none) then marks
/// to `end`.
struct Piece {
    start: usize,
    word: Range<usize>,
    ascii: bool,
    end: usize,
}

/// Hands `to` the segments of `text` between its Unicode word boundaries
/// (UAX #29), in order: exactly those of `split_word_bounds`
/// (property-tested), found in one pass over the bytes. Most of a news
/// article is words of Arabic letters and harakat between single spaces:
/// such a word, with a space, a line break or the text's end on each side,
/// is one segment (letters join letters, WB5; harakat join what they
/// follow, WB4; a space and a letter are apart, WB999; a line break is
/// apart from all, WB3a/b), and so is a run of ASCII letters and digits
/// (WB5, WB8–WB10), a run of spaces between two such pieces (`WB3d`), and
/// each line break (CR LF one, WB3); each mark of [`fast_punctuation`]
/// right before or after such a word, or
/// alone between spaces, is one segment too (WB999: the rules that join
/// such marks need a letter or digit on both sides). Only the rest goes
/// through the segmenter, in pieces that start and end at a space or line
/// break next to such a piece — boundaries no rule looks across.
fn scan<'t>(text: &'t str, to: &mut impl Segments<'t>) {
    let bytes = text.as_bytes();
    // The start of the text not handed on yet, and of the piece read: the
    // text's start or just after a space or line break.
    let mut rest = 0;
    let mut start = 0;
    'pieces: while start < bytes.len() {
        let first = pair(bytes, start);
        // Most pieces: an Arabic word after a lone space.
        if letter(first) && rest + 1 == start && bytes.get(rest) == Some(&b' ') {
            let end = start + 2 + letters_len(bytes.get(start + 2..).unwrap_or_default());
            if bytes.get(end).is_none_or(|&b| delimiter(b)) {
                to.spaced_word(start..end);
                rest = end;
                start = end + 1;
                continue;
            }
        }
        let mut i = start;
        if !letter(first) {
            i += mark_len(bytes, i);
        }
        let word_start = i;
        let mut ascii = false;
        if letter(pair(bytes, i)) {
            i += 2 + letters_len(bytes.get(i + 2..).unwrap_or_default());
        } else if bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            ascii = true;
            let more = bytes.get(i + 1..).unwrap_or_default();
            i += 1 + more.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        }
        let word_end = i;
        if i > start {
            loop {
                if bytes.get(i).is_none_or(|&b| delimiter(b)) {
                    let piece = Piece { start, word: word_start..word_end, ascii, end: i };
                    hand_on(text, rest, &piece, to);
                    rest = i;
                    start = i + 1;
                    continue 'pieces;
                }
                match mark_len(bytes, i) {
                    0 => break,
                    len => i += len,
                }
            }
        }
        // Not such a piece: on to the next space or line break.
        while bytes.get(i).is_some_and(|&b| !delimiter(b)) {
            i += 1;
        }
        start = i + 1;
    }
    if let Some(tail) = text.get(rest..).filter(|tail| !tail.is_empty()) {
        tail.split_word_bounds().for_each(|s| to.other(s));
    }
}

/// Hands `to` the text from `rest` to `piece` of [`scan`] (spaces and line
/// breaks, or what the segmenter makes of it), then the piece.
#[inline]
fn hand_on<'t>(text: &'t str, rest: usize, piece: &Piece, to: &mut impl Segments<'t>) {
    let bytes = text.as_bytes();
    let between = bytes.get(rest..piece.start).unwrap_or_default();
    let word = piece.word.clone();
    let lead = word.start > piece.start;
    if between == b" " && !lead && !word.is_empty() && !piece.ascii {
        to.spaced_word(word.clone());
    } else {
        match between {
            [] => {}
            b" " => to.space(),
            white if white.iter().all(|&b| delimiter(b)) => {
                let mut at = rest;
                while at < piece.start {
                    let len = match bytes.get(at..piece.start).unwrap_or_default() {
                        [b'\r', b'\n', ..] => 2,
                        [b' ', spaces @ ..] => {
                            1 + spaces.iter().take_while(|&&b| b == b' ').count()
                        }
                        _ => 1,
                    };
                    match bytes.get(at) {
                        Some(b' ') if len == 1 => to.space(),
                        Some(b' ') => to.other(text.get(at..at + len).unwrap_or_default()),
                        _ => to.line_break(at..at + len),
                    }
                    at += len;
                }
            }
            _ => {
                let between = text.get(rest..piece.start).unwrap_or_default();
                between.split_word_bounds().for_each(|s| to.other(s));
            }
        }
        if lead {
            to.mark(piece.start..word.start);
        }
        if piece.ascii {
            to.ascii(word.clone());
        } else if !word.is_empty() {
            to.word(word.clone());
        }
    }
    let mut at = word.end;
    while at < piece.end {
        // Each a mark of `mark_len` (read before).
        let len = mark_len(bytes, at).max(1);
        to.mark(at..at + len);
        at += len;
    }
}

/// Adds the piece `range` (`bytes` of `text`; white space when `space`).
/// When `joins` (a piece of white space starting with `' '` where no span
/// starts and none ends right after that space), its first space becomes
/// the previous token's `ws` if that token is not white space and has none.
fn push(
    text: &str,
    out: &mut Vec<Token>,
    range: Range<usize>,
    bytes: Range<usize>,
    joins: bool,
    space: bool,
) {
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
        let plain = !space && plain(text.get(bytes.clone()).unwrap_or_default());
        out.push(Token { range, bytes, ws: false, space, plain });
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

    /// Pieces of text the fast paths read, and what their rules look at.
    fn fragment() -> impl Strategy<Value = String> {
        let one = |v: Vec<char>| proptest::sample::select(v).prop_map(String::from);
        prop_oneof![
            // Arabic letters, harakat, spaces.
            8 => one(vec![
                'و', 'ب', 'ا', 'ل', 'ك', 'ف', 'ة', 'ي', 'أ', 'ى', 'م', '\u{64B}', '\u{64E}',
                '\u{650}', '\u{651}', '\u{652}', '\u{670}', ' ', ' ', ' ', ' ',
            ]),
            // Proclitics, articles, root-letter words.
            2 => proptest::sample::select(vec![
                "وال", "بال", "فال", "كال", "لل", "ولل", "فلل", "وبال", "فكال", "ال", "ٱل",
                "والد", "بالغ", "فاليري", "الجزائر", "وزير", "لبنان", "وَال", "بِال",
            ])
            .prop_map(String::from),
            // Punctuation of every kind, line breaks, tatweel, Persian
            // letters, Latin, digits (ASCII, Arabic-Indic, Persian).
            4 => one(vec![
                '\n', '\n', '\r', '\t', '.', ',', ':', ';', '!', '?', '"', '\'', '(', ')', '-',
                '%', '/', '[', ']', '{', '}', '«', '»', '،', '؛', '؟', '٪', '–', '—', '‘', '’',
                '“', '”', '•', '…', '_', '@', '#', '*', '&', '+', '=', '<', '>', '|', '~',
                '\u{066B}', '\u{066C}', '\u{06D4}', 'ـ', 'پ', 'چ', 'ژ', 'گ', 'ی', 'ک', 'ۀ',
                'a', 'b', 'Z', 'é', '3', '5', '0', '٣', '٠', '۵', 'ב', '\u{5F3}', '\u{5F4}',
            ]),
            // Controls, bidi controls, joiners, emoji, odd spaces.
            2 => one(vec![
                '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{200B}', '\u{200C}',
                '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}',
                '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
                '\u{061C}', '\u{2060}', '\u{feff}', '\u{a0}', '\u{3000}', '\u{2028}',
                '\u{1F600}', '\u{1F468}', '\u{1F1E6}', '\u{1F1E9}', '\u{FE0F}', '\u{0600}',
                '\u{0610}', '\u{06DD}', '\u{0640}',
            ]),
            // CR LF, runs of spaces and line feeds.
            1 => proptest::sample::select(vec!["\r\n", "  ", "\n\n", " \n", "\n ", "   "])
                .prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ]
    }

    /// Texts mostly of Arabic words between spaces, with what the
    /// segmenter's rules look at around them.
    fn arabic_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
    }

    /// A text of [`arabic_text`] and random span boundaries in and around it.
    fn text_and_spans() -> impl Strategy<Value = (String, Vec<(usize, usize)>)> {
        arabic_text().prop_flat_map(|text| {
            let len = text.chars().count();
            let spans = proptest::collection::vec((0..len + 3, 0..len + 3), 0..16);
            (Just(text), spans)
        })
    }

    /// What [`scan`] hands on, as text, each kind checked.
    struct Collect<'t> {
        text: &'t str,
        segments: Vec<&'t str>,
        wrong: Vec<String>,
    }

    impl Collect<'_> {
        fn take(&mut self, bytes: Range<usize>, ok: impl Fn(&str) -> bool, kind: &str) {
            let segment = &self.text[bytes];
            if !ok(segment) {
                self.wrong.push(format!("{kind} {segment:?}"));
            }
            self.segments.push(segment);
        }
    }

    impl<'t> Segments<'t> for Collect<'t> {
        fn spaced_word(&mut self, word: Range<usize>) {
            self.take(word.start - 1..word.start, |s| s == " ", "space before");
            self.word(word);
        }
        fn word(&mut self, word: Range<usize>) {
            self.take(word, |s| arabic_word(s.as_bytes()), "word");
        }
        fn ascii(&mut self, word: Range<usize>) {
            let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
            self.take(word, ok, "ascii");
        }
        fn mark(&mut self, mark: Range<usize>) {
            let ok = |s: &str| s.chars().count() == 1 && s.chars().all(fast_punctuation);
            self.take(mark, ok, "mark");
        }
        fn space(&mut self) {
            self.segments.push(" ");
        }
        fn line_break(&mut self, line_break: Range<usize>) {
            self.take(line_break, |s| matches!(s, "\n" | "\r" | "\r\n"), "line break");
        }
        fn other(&mut self, segment: &'t str) {
            self.segments.push(segment);
        }
    }

    fn scanned(text: &str) -> (Vec<&str>, Vec<String>) {
        let mut collect = Collect { text, segments: Vec::new(), wrong: Vec::new() };
        scan(text, &mut collect);
        (collect.segments, collect.wrong)
    }

    /// Every mark of [`fast_punctuation`] is read by [`mark_len`] and the
    /// other way round, and the letter tests are [`arabic_word`]'s chars.
    #[test]
    fn the_byte_tests_are_the_char_tests() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let mut buffer = [0u8; 4];
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            let mark = if fast_punctuation(c) { bytes.len() } else { 0 };
            assert_eq!(mark_len(bytes, 0), mark, "{c:?}");
            let letter_char = matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}');
            let mark_char = matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}');
            assert_eq!(letter(pair(bytes, 0)), letter_char, "{c:?}");
            assert_eq!(letter_or_mark(pair(bytes, 0)), letter_char || mark_char, "{c:?}");
        }
    }

    /// Each fast piece (a mark, an Arabic word or ASCII word, marks after)
    /// between every kind of neighbour is cut as the segmenter cuts it.
    #[test]
    fn every_fast_piece_is_the_segmenters() {
        let marks: Vec<String> = (0..=0x2100u32)
            .filter_map(char::from_u32)
            .filter(|&c| fast_punctuation(c))
            .map(String::from)
            .chain([String::new()])
            .collect();
        let words = ["", "ب", "بَ", "وال", "ab", "12", "a1", "ـب", "بـ", "پ"];
        let sides =
            ["", " ", "\n", "\r\n", "  ", "ب ", "a ", "5 ", "ב ", "ب", "a", "5", "\u{200D}"];
        for lead in &marks {
            for word in words {
                for trail in &marks {
                    for (before, after) in sides.iter().zip(sides.iter().rev()) {
                        let text = format!("{before}{lead}{word}{trail}{after}");
                        let (fast, wrong) = scanned(&text);
                        let slow: Vec<&str> = text.split_word_bounds().collect();
                        assert_eq!(fast, slow, "{text:?}");
                        assert!(wrong.is_empty(), "{text:?}: {wrong:?}");
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast word boundaries are those of the segmenter.
        #[test]
        fn word_bounds_are_the_segmenters(text in arabic_text()) {
            let (fast, wrong) = scanned(&text);
            let slow: Vec<&str> = text.split_word_bounds().collect();
            prop_assert_eq!(fast, slow);
            prop_assert!(wrong.is_empty(), "{:?}", wrong);
        }

        /// The fast paths cut as the general path does (every segment of
        /// the segmenter through `Cutter::segment`), with random span
        /// boundaries, inside words too, in every language.
        #[test]
        fn the_fast_path_is_the_general_path(
            (text, spans) in text_and_spans(),
            language in proptest::sample::select(Language::ALL.to_vec()),
        ) {
            let starts: BTreeSet<usize> = spans.iter().map(|s| s.0.min(s.1)).collect();
            let ends: BTreeSet<usize> = spans.iter().map(|s| s.0.max(s.1)).collect();
            prop_assert_eq!(
                tokens(&text, language, &starts, &ends),
                general_tokens(&text, language, &starts, &ends)
            );
        }

        /// A word that [`may_trim`] rules out is not trimmed.
        #[test]
        fn may_trim_misses_no_trim(word in "[وفبكلاأإآلينةى\u{64B}\u{650}\u{651}\u{670}]{1,9}") {
            if arabic_word(word.as_bytes()) && !may_trim(word.as_bytes()) {
                let len = word.chars().count();
                prop_assert_eq!(crate::text::words::trim_proclitics(&word, 0..len), 0..len);
            }
        }

        /// `plain` is what it says of every token, whichever path cut it:
        /// not white space, not invisible format characters only, no
        /// unsafe character (hostile text, random span boundaries).
        #[test]
        fn plain_tokens_are_written_as_they_are(
            (text, spans) in text_and_spans(),
            other in text(),
            language in proptest::sample::select(Language::ALL.to_vec()),
        ) {
            let starts: BTreeSet<usize> = spans.iter().map(|s| s.0.min(s.1)).collect();
            let ends: BTreeSet<usize> = spans.iter().map(|s| s.0.max(s.1)).collect();
            for text in [text, other] {
                for t in tokens(&text, language, &starts, &ends) {
                    let piece = &text[t.bytes.clone()];
                    let exact = !t.space
                        && !piece.chars().all(crate::text::glyph::is_invisible_format)
                        && !piece.chars().any(crate::text::safe::is_unsafe);
                    prop_assert_eq!(t.plain, exact, "{:?} in {:?}", piece, text);
                }
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
