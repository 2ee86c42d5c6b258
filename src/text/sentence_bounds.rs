//! UAX #29 sentence boundaries, found fast: exactly those of
//! `unicode_segmentation`'s `split_sentence_bounds` (property-tested), with
//! the category of the characters of most news text (Arabic letters and
//! harakat, ASCII, the common punctuation of both) read off a `match`
//! instead of a binary search in the full table.
//!
//! The text is cut into paragraphs after each line break (`\n`, `\r`, or
//! `\r\n`): every rule stops at a paragraph separator (SB4 breaks after it,
//! and no rule looks back or ahead across one), so each paragraph is
//! segmented alone. A paragraph with a character outside [`category`]'s
//! table goes through the segmenter as a whole; the others go through
//! [`Breaks`], the segmenter's own state machine.

use unicode_segmentation::UnicodeSegmentation;

/// A character's `Sentence_Break` value (UAX #29), for the characters
/// [`category`] knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    ATerm,
    Any,
    Cr,
    Close,
    Extend,
    Lf,
    Lower,
    Numeric,
    OLetter,
    SContinue,
    STerm,
    Sp,
    Upper,
}

/// The `Sentence_Break` value of `c` as `unicode_segmentation`'s tables
/// (Unicode 17) give it, for the characters of most Arabic and Latin news
/// text; `None` for the rest (the segmenter decides those paragraphs).
fn category(c: char) -> Option<Cat> {
    Some(match c {
        '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' => Cat::OLetter,
        '\u{064B}'..='\u{065F}' | '\u{0670}' => Cat::Extend,
        ' ' | '\t' | '\u{0B}' | '\u{0C}' | '\u{A0}' => Cat::Sp,
        '\n' => Cat::Lf,
        '\r' => Cat::Cr,
        '.' => Cat::ATerm,
        '!' | '?' | '\u{061F}' | '\u{06D4}' => Cat::STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '«' | '»' | '\u{2018}'..='\u{201F}' => {
            Cat::Close
        }
        ',' | '-' | ':' | ';' | '\u{060C}' | '\u{2013}' | '\u{2014}' => Cat::SContinue,
        '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{066B}' | '\u{066C}' => Cat::Numeric,
        'A'..='Z' => Cat::Upper,
        'a'..='z' => Cat::Lower,
        '\0'..='\u{7F}' | '\u{061B}' | '\u{066A}' | '\u{2022}' => Cat::Any,
        _ => return None,
    })
}

/// What the segmenter remembers of the text before a position: the last
/// four parts, runs of `Close` and of `Sp` each one part (as
/// `unicode_segmentation` keeps it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The state: the last four parts, the latest last.
type State = [Part; 4];

/// The state after `cat`.
fn next(parts: State, cat: Cat) -> State {
    match (parts[3], cat) {
        (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => parts,
        _ => [
            parts[1],
            parts[2],
            parts[3],
            match cat {
                Cat::Cr => Part::Cr,
                Cat::Lf => Part::Lf,
                Cat::ATerm => Part::ATerm,
                Cat::Upper | Cat::Lower => Part::UpperLower,
                Cat::Close => Part::ClosePlus,
                Cat::Sp => Part::SpPlus,
                Cat::STerm => Part::STerm,
                _ => Part::Other,
            },
        ],
    }
}

/// The part before `Close* Sp*` at the end of `parts` (`Sp*` only when
/// `spaces`), if any.
fn before_close_sp(parts: State, spaces: bool) -> Option<Part> {
    let mut idx = 3usize;
    if spaces && parts[idx] == Part::SpPlus {
        idx -= 1;
    }
    if parts[idx] == Part::ClosePlus {
        idx = idx.checked_sub(1)?;
    }
    Some(parts[idx])
}

fn is_saterm(part: Option<Part>) -> bool {
    matches!(part, Some(Part::ATerm | Part::STerm))
}

/// SB8: `ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower`,
/// looking at `ahead` (from the character being decided). `None` when a
/// character ahead has no known category.
fn sb8(parts: State, ahead: &str) -> Option<bool> {
    if before_close_sp(parts, true) != Some(Part::ATerm) {
        return Some(false);
    }
    for c in ahead.chars() {
        match category(c)? {
            Cat::Lower => return Some(true),
            Cat::OLetter | Cat::Upper | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => {
                return Some(false);
            }
            _ => {}
        }
    }
    Some(false)
}

/// SB11: `SATerm Close* Sp* ParaSep? ÷`.
fn sb11(parts: State) -> bool {
    let idx = if matches!(parts[3], Part::Cr | Part::Lf) { 2 } else { 3 };
    let mut idx = idx;
    if parts[idx] == Part::SpPlus {
        idx -= 1;
    }
    if parts[idx] == Part::ClosePlus {
        let Some(i) = idx.checked_sub(1) else { return false };
        idx = i;
    }
    matches!(parts[idx], Part::ATerm | Part::STerm)
}

/// True when no character but a sentence end (`ATerm`, `STerm`) or a line
/// break can end a sentence after `parts`, nor start a sentence after it:
/// no `SATerm Close* Sp*` at the end of `parts` for SB8–SB11 to look back
/// to, not the start (SB1) nor after a line break (SB3, SB4). A character
/// of a quiet run ([`quiet_end`]) then leaves no break and such a state.
fn quiet(parts: State) -> bool {
    !matches!(parts[3], Part::Sot | Part::Cr | Part::Lf) && !is_saterm(before_close_sp(parts, true))
}

/// The state after `part` (a part other than `ClosePlus` and `SpPlus`).
fn shift(parts: State, part: Part) -> State {
    [parts[1], parts[2], parts[3], part]
}

/// The ASCII characters of a quiet run ([`quiet_end`]): all but the line
/// breaks and the sentence ends `.` `!` `?`.
const QUIET_ASCII: [bool; 128] = {
    let mut table = [true; 128];
    let stops = *b"\n\r.!?";
    let mut k = 0;
    while k < stops.len() {
        table[stops[k] as usize] = false;
        k += 1;
    }
    table
};

/// The second bytes (their low six bits, as bits of a mask) of the
/// two-byte characters of a quiet run, after the first bytes D8, D9, DA
/// and DB (U+0600–U+06FF): the Arabic letters (`OLetter`), harakat
/// (`Extend`), digits (`Numeric`), `،` (`SContinue`), `؛` and `٪` (`Any`)
/// — everything of the block that [`category`] knows but `؟` and `۔`.
const QUIET_SECOND: [u64; 4] = [
    // D8: U+060C, U+061B, U+0621–U+063F.
    (1 << 0x0C) | (1 << 0x1B) | (u64::MAX << 0x21),
    // D9: U+0640–U+066C, U+0670–U+067F.
    (u64::MAX >> (63 - 0x2C)) | (u64::MAX << 0x30),
    // DA: U+0680–U+06BF.
    u64::MAX,
    // DB: U+06C0–U+06D3.
    u64::MAX >> (63 - 0x13),
];

/// The byte length of the character at `at` of `bytes` when it is one of
/// a quiet run, else 0: a character that [`category`] knows but the
/// sentence ends (`ATerm`, `STerm`) and the line breaks — ASCII, the
/// Arabic block's letters, harakat, digits and commas, `«` `»` and the
/// no-break space, the dashes, quotes and bullet of U+2013–U+2022.
#[inline]
fn quiet_len(bytes: &[u8], at: usize) -> usize {
    let Some(&b) = bytes.get(at) else { return 0 };
    let second = || bytes.get(at + 1).copied().unwrap_or(0);
    match b {
        0..0x80 => usize::from(QUIET_ASCII[usize::from(b)]),
        0xC2 => 2 * usize::from(matches!(second(), 0xA0 | 0xAB | 0xBB)),
        0xD8..=0xDB => {
            let mask = QUIET_SECOND[usize::from(b - 0xD8)];
            2 * usize::from((mask >> (second() & 0x3F)) & 1 == 1)
        }
        0xE2 if second() == 0x80 => {
            let third = bytes.get(at + 2).copied().unwrap_or(0);
            3 * usize::from(matches!(third, 0x93 | 0x94 | 0x98..=0x9F | 0xA2))
        }
        _ => 0,
    }
}

/// Where the run of quiet characters from byte `at` ends (the first
/// character for the rules): every character [`category`] knows but the
/// sentence ends and line breaks ([`quiet_len`]). In a [`quiet`] state
/// none of them ends a sentence, and the state stays quiet; a byte loop
/// that keeps no state ([`quiet_state`] finds it after the run).
fn quiet_end(bytes: &[u8], mut at: usize) -> usize {
    loop {
        // Whole blocks of them, 16 bytes at a time.
        while let Some(window) = bytes.get(at..at + 17) {
            if !quiet_block(window) {
                break;
            }
            // A character across the edge is whole: two bytes.
            at += if window[15] >= 0xC0 { 17 } else { 16 };
        }
        // Then a character at a time through the block that may end the run.
        let block_end = at + 16;
        while at < block_end {
            match quiet_len(bytes, at) {
                0 => return at.min(bytes.len()),
                len => at += len,
            }
        }
    }
}

/// True when every character that starts in the first 16 bytes of
/// `block` (the 17th is the byte after them, for a character across the
/// edge) is one of a quiet run ([`quiet_end`]), false for a few blocks of
/// them too (the characters outside U+0000–U+06FF are left to the byte
/// loop): a fold without early exit over the bytes, which the compiler
/// vectorises (hence `&` and `|`). False when `block` is shorter.
#[allow(clippy::needless_bitwise_bool)]
fn quiet_block(block: &[u8]) -> bool {
    let Some(block) = block.get(..17) else { return false };
    let mut stop = 0u8;
    for i in 0..16 {
        let (a, b) = (block[i], block[i + 1]);
        // The line breaks and sentence ends of ASCII.
        let ascii = (a == b'\n') | (a == b'\r') | (a == b'.') | (a == b'!') | (a == b'?');
        // First bytes of characters outside U+0600–U+06FF.
        let lead = (a >= 0xC0) & !(0xD8..=0xDB).contains(&a);
        // U+0600–U+0620 but `،` and `؛`, U+066D–U+066F, U+06D4–U+06FF.
        let d8 = (a == 0xD8) & (b < 0xA1) & (b != 0x8C) & (b != 0x9B);
        let d9 = (a == 0xD9) & (0xAD..=0xAF).contains(&b);
        let db = (a == 0xDB) & (b >= 0x94);
        stop |= u8::from(ascii | lead | d8 | d9 | db);
    }
    stop == 0
}

/// The part of the quiet character ([`quiet_len`]) that ends at byte `to`
/// of `bytes`, or `None` for a haraka (`Extend`: it belongs to what it
/// follows); and its byte length.
fn quiet_part(bytes: &[u8], to: usize) -> (Option<Part>, usize) {
    let at = |k: usize| bytes.get(to.wrapping_sub(k)).copied().unwrap_or(0);
    let last = at(1);
    if last < 0x80 {
        let part = match last {
            b'a'..=b'z' | b'A'..=b'Z' => Part::UpperLower,
            b' ' | b'\t' | 0x0B | 0x0C => Part::SpPlus,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Part::ClosePlus,
            _ => Part::Other,
        };
        return (Some(part), 1);
    }
    let first = at(2);
    if first >= 0xC0 {
        let part = match (first, last) {
            (0xC2, 0xA0) => Part::SpPlus,
            (0xC2, _) => Part::ClosePlus,
            // U+064B–U+065F, U+0670.
            (0xD9, 0x8B..=0x9F | 0xB0) => return (None, 2),
            _ => Part::Other,
        };
        return (Some(part), 2);
    }
    // U+2013–U+2022: the quotes U+2018–U+201F are `Close`.
    let part = if (0x98..=0x9F).contains(&last) { Part::ClosePlus } else { Part::Other };
    (Some(part), 3)
}

/// The state after the quiet run `bytes[from..to]` ([`quiet_end`]) that
/// follows `parts`: its last four parts, read backwards off its last
/// characters (runs of `Close` and of `Sp` each one part), and those of
/// `parts` when the run holds fewer.
fn quiet_state(parts: State, bytes: &[u8], from: usize, to: usize) -> State {
    let merges = |part: Part| matches!(part, Part::ClosePlus | Part::SpPlus);
    // The run's last parts, the latest first.
    let mut tail = [Part::Sot; 4];
    let mut found = 0usize;
    let mut at = to;
    while at > from && found < 4 {
        let (part, len) = quiet_part(bytes, at);
        at -= len;
        let Some(part) = part else { continue };
        if merges(part) && found > 0 && tail[found - 1] == part {
            continue;
        }
        tail[found] = part;
        found += 1;
    }
    let mut state = parts;
    for &part in tail[..found].iter().rev() {
        if !merges(part) || state[3] != part {
            state = shift(state, part);
        }
    }
    state
}

/// The byte offsets (after the first) where the sentences of `para` (a
/// paragraph: no line break but at its end) start, pushed to `breaks`;
/// `None` when a character has no known category. Runs of the common
/// characters in a [`quiet`] state are skipped by a byte loop
/// ([`quiet_end`], [`quiet_state`]); the rest goes through the rules, in the order
/// `unicode_segmentation` applies them.
fn fast_breaks(para: &str, breaks: &mut Vec<usize>) -> Option<()> {
    let bytes = para.as_bytes();
    let mut state: State = [Part::Sot; 4];
    let mut at = 0usize;
    while at < bytes.len() {
        if quiet(state) {
            let end = quiet_end(bytes, at);
            state = quiet_state(state, bytes, at, end);
            at = end;
            if at == bytes.len() {
                break;
            }
        }
        let c = para[at..].chars().next()?;
        let cat = category(c)?;
        let before = state;
        state = next(state, cat);
        let here = at;
        at += c.len_utf8();
        if before[3] == Part::Sot {
            // SB1: the start (not pushed: the caller starts there).
            continue;
        }
        #[allow(clippy::match_same_arms, reason = "one arm a rule, in the segmenter's order")]
        let breaks_here = match cat {
            // SB3: CR × LF.
            Cat::Lf if before[3] == Part::Cr => false,
            // SB4: ParaSep ÷.
            _ if matches!(before[3], Part::Cr | Part::Lf) => true,
            // SB5: Extend (and Format) belong to what they follow.
            Cat::Extend => {
                state = before;
                false
            }
            // SB6: ATerm × Numeric.
            Cat::Numeric if before[3] == Part::ATerm => false,
            // SB7: (Upper | Lower) ATerm × Upper.
            Cat::Upper if before[2] == Part::UpperLower && before[3] == Part::ATerm => false,
            // SB8.
            _ if sb8(before, &para[here..])? => false,
            // SB8a: SATerm Close* Sp* × (SContinue | SATerm).
            Cat::SContinue | Cat::STerm | Cat::ATerm
                if is_saterm(before_close_sp(before, true)) =>
            {
                false
            }
            // SB9: SATerm Close* × (Close | Sp | ParaSep).
            Cat::Close | Cat::Sp | Cat::Cr | Cat::Lf
                if is_saterm(before_close_sp(before, false)) =>
            {
                false
            }
            // SB10: SATerm Close* Sp* × (Sp | ParaSep).
            Cat::Sp | Cat::Cr | Cat::Lf if is_saterm(before_close_sp(before, true)) => false,
            // SB11, else SB998.
            _ => sb11(before),
        };
        if breaks_here {
            breaks.push(here);
        }
    }
    Some(())
}

/// Hands `each` every sentence of `text` (UAX #29) with its byte offset,
/// in order: exactly the segments of `split_sentence_bounds`.
pub fn sentence_bounds<'t>(text: &'t str, mut each: impl FnMut(usize, &'t str)) {
    let mut breaks = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    while start < text.len() {
        // The paragraph: up to and with the next line break (`\r\n` whole).
        let end = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(i) => {
                let at = start + i;
                if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    at + 2
                } else {
                    at + 1
                }
            }
            None => text.len(),
        };
        let para = &text[start..end];
        breaks.clear();
        if fast_breaks(para, &mut breaks).is_some() {
            let mut from = 0usize;
            for &to in &breaks {
                each(start + from, &para[from..to]);
                from = to;
            }
            each(start + from, &para[from..]);
        } else {
            let mut from = start;
            for sentence in para.split_sentence_bounds() {
                each(from, sentence);
                from += sentence.len();
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        sentence_bounds(text, |at, s| out.push((at, s)));
        out
    }

    fn slow(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    #[test]
    fn arabic_sentences_and_paragraphs() {
        let text = "قال الوزير: «نعم». ثم غادر؟ نعم!\r\n\nو3.5 مليون. e.g. this\n";
        assert_eq!(fast(text), slow(text));
        assert_eq!(fast(text)[1], (text.find("ثم").unwrap_or(0), "ثم غادر؟ "));
    }

    #[test]
    fn a_paragraph_with_unknown_characters_goes_through_the_segmenter() {
        let text = "أ. ب\u{2028}ج. Ω. d\nهـ. و";
        assert_eq!(fast(text), slow(text));
        assert!(category('Ω').is_none());
    }

    #[test]
    fn the_sample_articles_break_as_the_segmenter_breaks_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            assert_eq!(fast(&text), slow(&text), "{}", entry.path().display());
            seen += 1;
        }
        assert!(seen >= 5);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Texts of the characters [`category`] knows, a few it does not, and
    /// any character now and then.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                6 => proptest::sample::select(vec![
                    'و', 'ب', 'ا', 'ل', 'ة', 'ي', 'ـ', 'پ', '\u{64E}', '\u{670}', ' ', ' ', ' ',
                    '.', '.', '؟', '!', '?', '۔', '،', ',', ':', ';', '-', '–', '—', '«', '»',
                    '"', '\'', '(', ')', '“', '”', '‘', '’', '3', '٣', '٫', '٪', '؛', '•', 'a',
                    'z', 'A', 'Z', '\n', '\r', '\t', '\u{a0}', '\u{b}', '#', '%', '/', '\u{1b}',
                ]),
                1 => proptest::sample::select(vec![
                    '\u{85}', '\u{2028}', '\u{2029}', '\u{200f}', '\u{feff}', '\u{300}', 'É',
                    'é', '\u{2024}', '\u{ff0e}', '\u{3002}', '\u{200b}', '\u{61c}', '\u{600}',
                ]),
                1 => any::<char>(),
            ],
            0..80,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    /// Long texts mostly of the characters of a quiet run ([`quiet_end`]):
    /// ASCII, the Arabic block's letters, harakat, digits and commas (next
    /// to each edge of its table, [`QUIET_SECOND`]), closing punctuation,
    /// dashes, quotes, no-break spaces; with the others now and then.
    fn long_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                12 => proptest::sample::select(vec![
                    'و', 'ب', 'ا', 'ل', 'ة', 'ي', '\u{64E}', '\u{650}', '\u{670}', ' ', ' ', ' ',
                    'a', 'Z', '3', ',', '-', ':', ';', '،', '؛', 'ـ', '٣', '٪', '٫', '٬', 'ء',
                    '\u{63F}', '\u{65F}', '\u{671}', 'پ', 'ک', 'ڿ', 'ۀ', 'ۓ', 'ی', '\t',
                    '\u{b}', '\u{c}', '\u{1}', '\u{7f}', '#', '~', '«', '»', '"', '(', ')',
                    '“', '”', '‘', '’', '–', '—', '•', '\u{a0}', '[', '}', '\'',
                ]),
                1 => proptest::sample::select(vec![
                    '.', '؟', '!', '?', '«', '»', '"', ')', '\n', '\r', '\'', '[', '}',
                    '\u{a0}', 'é', '\u{200f}', '\u{61c}', '\u{620}', '\u{60B}', '\u{60D}',
                    '\u{61A}', '\u{66D}', '\u{66E}', '\u{66F}', '۔', '\u{6D5}', '\u{6FF}',
                    '–', '•', '\u{2019}',
                ]),
            ],
            0..400,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    /// Texts of pieces that meet every rule: words (Arabic, Latin upper
    /// and lower, digits) next to sentence ends, closing punctuation and
    /// spaces of every kind, each rule's left side after a quiet run.
    fn pieces() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "قال",
                "الوزير",
                "و3",
                "٣٫٥",
                "بي،",
                "ـ",
                "\u{64E}",
                "ab",
                "Ab",
                "AB",
                "Z",
                "e",
                "U",
                "3",
                "x,",
                ";",
                "-",
                "#",
                " ",
                " ",
                "  ",
                "\t",
                "\u{a0}",
                "\u{b}",
                ".",
                ".",
                "!",
                "?",
                "؟",
                "۔",
                "«",
                "»",
                "\"",
                "'",
                "(",
                ")",
                "”",
                "\n",
                "\r\n",
                "\r",
                "\u{1}",
                "\u{7f}",
                "پی",
                "ۓ",
                "\u{670}",
                "\u{2029}",
                "é",
            ]),
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// On texts of pieces that meet the rules.
        #[test]
        fn pieces_break_as_the_segmenter_breaks_them(text in pieces()) {
            let mut fast = Vec::new();
            sentence_bounds(&text, |at, s| fast.push((at, s)));
            let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }

        /// On long texts of long quiet runs too.
        #[test]
        fn long_texts_break_as_the_segmenter_breaks_them(text in long_text()) {
            let mut fast = Vec::new();
            sentence_bounds(&text, |at, s| fast.push((at, s)));
            let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }

        /// The fast sentence boundaries are the segmenter's.
        #[test]
        fn sentence_bounds_are_the_segmenters(text in text()) {
            let mut fast = Vec::new();
            sentence_bounds(&text, |at, s| fast.push((at, s)));
            let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }

        /// Every character of the table has the category the segmenter
        /// gives it: a text of one known character and its neighbours
        /// breaks alike (checked through boundaries, as the table is private).
        #[test]
        fn known_characters_break_alike(
            a in proptest::sample::select(vec!['.', '؟', 'a', 'A', '3', ' ', '«', '،']),
            c in any::<char>().prop_filter("known", |&c| category(c).is_some()),
            b in proptest::sample::select(vec!['a', 'A', 'ب', '3', '.', ' ', '\n', '،']),
        ) {
            for text in [format!("{a}{c}{b}"), format!("{c}{a} {b}"), format!("x{a}{c} {b}{c}")] {
                let mut fast = Vec::new();
                sentence_bounds(&text, |at, s| fast.push((at, s)));
                let slow: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
                prop_assert_eq!(fast, slow);
            }
        }
    }
}
