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

/// True when no letter, digit, space or haraka can end a sentence after
/// `parts`: the last part a letter, digit or other character, or spaces
/// right after one (no `SATerm` for SB8–SB11 to look back to).
fn quiet(parts: State) -> bool {
    let plain = |p: Part| matches!(p, Part::Other | Part::UpperLower);
    plain(parts[3]) || (parts[3] == Part::SpPlus && plain(parts[2]))
}

/// The state after `part` (a part other than `ClosePlus` and `SpPlus`).
fn shift(parts: State, part: Part) -> State {
    [parts[1], parts[2], parts[3], part]
}

/// The classes of [`QUIET`]: bytes that end a quiet run (or that
/// [`quiet_run`] reads before it looks in the table), ASCII letters, and
/// other ASCII that ends nothing.
const STOP: u8 = 0;
const LATIN: u8 = 1;
const PLAIN: u8 = 2;

/// Each byte's class in a quiet run.
const QUIET: [u8; 256] = {
    let mut table = [STOP; 256];
    let mut b = 0usize;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LATIN,
            b'0'..=b'9'
            | b','
            | b'-'
            | b':'
            | b';'
            | b'#'
            | b'$'
            | b'%'
            | b'&'
            | b'*'
            | b'+'
            | b'/'
            | b'<'
            | b'='
            | b'>'
            | b'@'
            | b'\\'
            | b'^'
            | b'_'
            | b'`'
            | b'|'
            | b'~' => PLAIN,
            _ => STOP,
        };
        b += 1;
    }
    table
};

/// Reads a run of the most common characters from byte `at` in a
/// [`quiet`] state: Arabic letters and harakat, ASCII letters, digits,
/// spaces and the ASCII punctuation that ends nothing (none of them ends a
/// sentence there, and the state stays quiet). Returns the state after the
/// run and where it ends: the first character for the rules.
fn quiet_run(parts: State, bytes: &[u8], at: usize) -> (State, usize) {
    let (mut parts, mut at) = (parts, at);
    while let Some(&b) = bytes.get(at) {
        // Arabic letters and harakat first, without a jump table: most of
        // the text, and a branch the processor predicts inside a word.
        if b == 0xD8 || b == 0xD9 {
            match (b, bytes.get(at + 1)) {
                // Arabic letters (OLetter).
                (0xD8, Some(0xA1..=0xBA)) | (0xD9, Some(0x81..=0x8A)) => {
                    parts = shift(parts, Part::Other);
                }
                // Harakat (Extend): they belong to what they follow (SB5).
                (0xD9, Some(0x8B..=0x9F | 0xB0)) => {}
                _ => break,
            }
            at += 2;
            continue;
        }
        if b == b' ' {
            if parts[3] != Part::SpPlus {
                parts = shift(parts, Part::SpPlus);
            }
            at += 1;
            continue;
        }
        match QUIET[usize::from(b)] {
            LATIN => parts = shift(parts, Part::UpperLower),
            PLAIN => parts = shift(parts, Part::Other),
            _ => break,
        }
        at += 1;
    }
    (parts, at)
}

/// The byte offsets (after the first) where the sentences of `para` (a
/// paragraph: no line break but at its end) start, pushed to `breaks`;
/// `None` when a character has no known category. Runs of the common
/// characters in a [`quiet`] state are read off their bytes
/// ([`quiet_run`]); the rest goes through the rules, in the order
/// `unicode_segmentation` applies them.
fn fast_breaks(para: &str, breaks: &mut Vec<usize>) -> Option<()> {
    let bytes = para.as_bytes();
    let mut state: State = [Part::Sot; 4];
    let mut at = 0usize;
    while at < bytes.len() {
        if quiet(state) {
            (state, at) = quiet_run(state, bytes, at);
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

    /// Long texts mostly of the characters of a quiet run ([`quiet_run`]),
    /// with the others now and then.
    fn long_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                12 => proptest::sample::select(vec![
                    'و', 'ب', 'ا', 'ل', 'ة', 'ي', '\u{64E}', '\u{650}', '\u{670}', ' ', ' ', ' ',
                    'a', 'Z', '3', ',', '-', ':', ';',
                ]),
                1 => proptest::sample::select(vec![
                    '.', '؟', '!', '?', '«', '»', '"', ')', '\n', '\r', '#', '٣', '،', 'ـ',
                    '\u{a0}', 'é', '\u{200f}',
                ]),
            ],
            0..400,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
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
