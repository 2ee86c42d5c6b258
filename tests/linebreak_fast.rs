//! The line breaking fast path ([`linebreaks_simple`]) gives exactly the
//! opportunities of `unicode_linebreak::linebreaks`:
//!
//! - on random strings over every character it accepts (each alone is
//!   accepted), drawn mostly from one representative of each of its classes
//!   so that the contexts of the rules (OP SP*, QU SP* OP, GL, marks after
//!   spaces, numbers) occur often;
//! - on random strings mixing in characters of other classes, which must be
//!   refused, or else be equal;
//! - on every paragraph of the sample articles and the test corpus.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hashiya::layout::linebreak::linebreaks_simple;
use proptest::prelude::*;

/// What `unicode-linebreak` gives: the byte offsets of the opportunities.
fn reference(text: &str) -> Vec<u32> {
    unicode_linebreak::linebreaks(text).map(|(b, _)| u32::try_from(b).unwrap()).collect()
}

fn accepted(c: char) -> bool {
    linebreaks_simple(&c.to_string(), &mut Vec::new())
}

/// Every character the fast path accepts (the table stops below U+FF00).
fn alphabet() -> Vec<char> {
    (0..0xFF00).filter_map(char::from_u32).filter(|&c| accepted(c)).collect()
}

/// One or two characters of each class the fast path takes: AL (Arabic,
/// Latin, tatweel, a presentation form), SP, CM (harakat, a Latin accent),
/// NU (both kinds of digits), IS, QU, OP, CP, CL, SY, PO, PR, EX, HY, BA, GL.
const REPRESENTATIVES: &[char] = &[
    'ب', 'ل', 'a', 'ـ', '\u{FEFB}', ' ', ' ', '\u{64E}', '\u{300}', '1', '٣', '.', '،', ',', '"',
    '«', '»', '(', '[', ')', '}', '/', '%', '٪', '$', '+', '!', '؟', '-', '\u{2013}', '\u{A0}',
];

/// Characters of classes the fast path leaves to `unicode-linebreak`: HL
/// (Hebrew), IN, ZW, ZWJ, WJ, NS, BB, B2, BK, LF, CR, AI, ID.
const OTHERS: &[char] = &[
    'א', '…', '\u{200B}', '\u{200D}', '\u{2060}', '\u{30FC}', '\u{B4}', '\u{2014}', '\u{2028}',
    '\n', '\r', '\u{A7}', '\u{4E00}', '\u{FEFF}',
];

fn text_over(chars: Vec<char>, max: usize) -> impl Strategy<Value = String> {
    let all = alphabet();
    let one = prop_oneof![4 => prop::sample::select(chars), 1 => prop::sample::select(all)];
    prop::collection::vec(one, 0..max).prop_map(|v| v.into_iter().collect())
}

#[test]
fn the_alphabet_holds_the_common_characters_and_not_the_others() {
    for &c in REPRESENTATIVES {
        assert!(accepted(c), "{c:?} refused");
    }
    for &c in OTHERS {
        assert!(!accepted(c), "{c:?} accepted");
    }
    // Arabic letters, harakat and digits, all of them.
    for c in ('\u{621}'..='\u{64A}').chain('\u{64B}'..='\u{652}').chain('\u{660}'..='\u{669}') {
        assert!(accepted(c), "{c:?} refused");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn accepted_strings_break_as_unicode_linebreak_does(
        text in text_over(REPRESENTATIVES.to_vec(), 24)
    ) {
        let mut ours = Vec::new();
        prop_assert!(linebreaks_simple(&text, &mut ours), "refused {text:?}");
        prop_assert_eq!(ours, reference(&text), "{:?}", text);
    }

    #[test]
    fn mixed_strings_are_refused_or_agree(
        text in text_over(REPRESENTATIVES.iter().chain(OTHERS).copied().collect(), 24)
    ) {
        let mut ours = Vec::new();
        if linebreaks_simple(&text, &mut ours) {
            prop_assert!(!text.chars().any(|c| OTHERS.contains(&c)), "accepted {text:?}");
            prop_assert_eq!(ours, reference(&text), "{:?}", text);
        } else {
            prop_assert!(text.chars().any(|c| !accepted(c)), "refused {text:?}");
        }
    }
}

#[test]
fn every_paragraph_of_the_articles_and_the_corpus_breaks_as_unicode_linebreak_does() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut accepted_count, mut total) = (0usize, 0usize);
    let mut ours = Vec::new();
    for dir in ["assets/articles", "tests/data/corpus"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for paragraph in text.lines() {
                total += 1;
                if linebreaks_simple(paragraph, &mut ours) {
                    accepted_count += 1;
                    assert_eq!(ours, reference(paragraph), "{}: {paragraph:?}", path.display());
                }
            }
        }
    }
    eprintln!("{accepted_count} of {total} paragraphs through the fast path");
    assert!(accepted_count * 2 > total, "only {accepted_count} of {total} accepted");
}
