//! The fast paths of `hashiya::layout::fast` give exactly what the general
//! path gives.
//!
//! - Levels: [`resolve_simple`] against `unicode_bidi::ParagraphBidiInfo`
//!   (through [`ParagraphLevels::resolve_general`]) on random strings of the
//!   eligible alphabet, which must all be accepted, and of a mixed alphabet,
//!   where a string holding any class outside the eligible set must be
//!   refused; and on every case of `BidiCharacterTest.txt` that is eligible,
//!   checked against the levels the file prescribes as well.
//! - Grapheme clusters: [`simple_graphemes`] against `unicode-segmentation`.
//! - Direct text path: [`LineWriter::write_lines`] against the lines of the
//!   general path ([`Layouter`] with every fast path off), on random strings
//!   of its alphabet (all accepted) and of a mixed one (refused, having
//!   written nothing, or equal), with random options, reusing its buffers.
//! - Output: `render` of every sample article and every file of
//!   `tests/data/corpus/` (each language's folder too) and of
//!   `tests/data/articles/` with the fast paths on and off, at several widths,
//!   shaped and not: byte-identical.
//!
//! The switch [`force_general_path`] is global, so every test here takes
//! [`LOCK`] first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Mutex, MutexGuard};

use common::bidi_character_test::{Case, cases};
use common::strategies::bases;

use hashiya::layout::bidi::ParagraphLevels;
use hashiya::layout::fast::{
    Scratch, char_info, force_general_path, resolve_simple, simple_graphemes,
};
use hashiya::layout::{BaseDirection, LayoutOptions, Layouter, LineWriter};
use hashiya::render::{RenderOptions, render_document};
use hashiya::text::Document;
use proptest::prelude::*;
use unicode_bidi::BidiClass;
use unicode_segmentation::UnicodeSegmentation;

static LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Characters of every eligible class: Latin and Hebrew (L, R), Arabic
/// letters (AL), European and Arabic-Indic digits (EN, AN), separators and
/// terminators (ES, ET, CS), harakat and a Latin accent (NSM), brackets of
/// three kinds and other neutrals (ON), spaces (WS).
const ELIGIBLE: &[char] = &[
    'a', 'Z', 'é', 'א', 'ש', 'ب', 'ع', 'ا', 'ل', '1', '9', '۴', '٣', '٠', '\u{600}', '\u{66B}',
    '+', '-', '$', '%', '#', '\u{66A}', ',', '.', ':', '/', '\u{60C}', '\u{64E}', '\u{651}',
    '\u{300}', '(', ')', '[', ']', '{', '}', '\u{2045}', '\u{2046}', '«', '»', '!', '"', '،', '؟',
    '…', '—', ' ', '\u{2003}',
];

/// The eligible characters but those of classes L, EN and AN: each
/// paragraph made of them, at a right-to-left paragraph level, has every
/// character at level 1.
const RTL_ONLY: &[char] = &[
    'א', 'ש', 'ب', 'ع', 'ا', 'ل', '+', '-', '$', '%', '#', '\u{66A}', ',', '.', ':', '/',
    '\u{60C}', '\u{64E}', '\u{651}', '\u{300}', '(', ')', '[', ']', '{', '}', '«', '»', '!', '"',
    '،', '؟', '…', '—', ' ', '\u{2003}',
];

/// The eligible characters but those of classes R, AL and AN: each
/// paragraph made of them, at a left-to-right paragraph level, has every
/// character at level 0.
const LTR_ONLY: &[char] = &[
    'a', 'Z', 'é', '1', '9', '۴', '+', '-', '$', '%', '#', '\u{66A}', ',', '.', ':', '/',
    '\u{60C}', '\u{64E}', '\u{300}', '(', ')', '[', ']', '{', '}', '«', '»', '!', '"', '…', '—',
    ' ', '\u{2003}',
];

/// Characters the fast path must refuse (or, for the ones whose class is
/// eligible but that the table does not cover, leave to the general path):
/// explicit embeddings and isolates, BN, B, S, and an Indic letter.
const OTHERS: &[char] = &[
    '\u{202B}', '\u{202A}', '\u{202E}', '\u{202C}', '\u{2067}', '\u{2066}', '\u{2069}', '\u{2068}',
    '\u{200F}', '\u{200E}', '\u{61C}', '\u{AD}', '\u{200D}', '\t', '\u{2029}', 'अ', '\u{2329}',
];

/// Characters the direct text path takes: the eligible ones but the
/// prepended mark U+0600, with every alef of lam-alef, tatweel, more marks
/// (shadda, tanween, superscript alef), presentation forms and a
/// zero-width Hebrew point, so that ligatures, marks on spaces and on
/// ligatures, and clusters of several marks all occur; and the letters of
/// Persian, Urdu, Pashto and Uyghur (shaped to Arabic Presentation Forms-A,
/// or left nominal where they have no form: ں in the middle of a word, ښ),
/// hamza above, a Yiddish ligature, a Hebrew point and cantillation mark, a
/// Forms-A character in the text and a variation selector.
const DIRECT: &[char] = &[
    'a', 'Z', 'é', 'א', 'ש', 'ب', 'ع', 'ا', 'ل', 'ل', 'ل', 'آ', 'أ', 'إ', 'ـ', 'ى', 'ة', 'ء', '1',
    '9', '۴', '٣', '٠', '\u{66B}', '+', '-', '$', '%', '#', '\u{66A}', ',', '.', ':', '/',
    '\u{60C}', '\u{64E}', '\u{651}', '\u{64B}', '\u{670}', '\u{5B4}', '\u{300}', '(', ')', '[',
    ']', '{', '}', '\u{2045}', '\u{2046}', '«', '»', '!', '"', '،', '؟', '…', '—', ' ', ' ', ' ',
    '\u{2003}', '\u{FEFB}', '\u{FE8D}', 'پ', 'ی', 'ک', 'گ', 'ں', 'ے', 'ہ', 'ۀ', 'ښ', 'ڤ', 'ې', 'ۆ',
    'ٱ', '\u{654}', 'ײ', '\u{5B7}', '\u{591}', '\u{FB8E}', '\u{FE00}',
];

fn from(alphabet: &'static [char], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), 0..max)
        .prop_map(|v| v.into_iter().collect())
}

fn mixed(max: usize) -> impl Strategy<Value = String> {
    let all: Vec<char> = ELIGIBLE.iter().chain(OTHERS).copied().collect();
    prop::collection::vec(prop::sample::select(all), 0..max).prop_map(|v| v.into_iter().collect())
}

fn direct_mixed(max: usize) -> impl Strategy<Value = String> {
    let all: Vec<char> = DIRECT.iter().chain(OTHERS).chain(&['\u{600}']).copied().collect();
    prop::collection::vec(prop::sample::select(all), 0..max).prop_map(|v| v.into_iter().collect())
}

fn layout_options() -> impl Strategy<Value = LayoutOptions> {
    common::strategies::layout_options(
        prop_oneof![Just(None), (1usize..30).prop_map(Some)],
        any::<bool>(),
    )
}

/// The lines of `text` as `render` prints them, by the general path alone.
fn general_lines(text: &str, options: &LayoutOptions, pad: bool) -> String {
    force_general_path(true);
    let p = Layouter::new().layout(text, options);
    force_general_path(false);
    let mut out = String::new();
    for line in &p.lines {
        if let (true, Some(width)) = (pad, options.width) {
            out.extend(std::iter::repeat_n(' ', p.indent(line, width)));
        }
        p.push_line_text(line, &mut out);
        out.push('\n');
    }
    out
}

fn forced(base: BaseDirection) -> Option<u8> {
    match base {
        BaseDirection::Auto => None,
        BaseDirection::Rtl => Some(1),
        BaseDirection::Ltr => Some(0),
    }
}

/// The fast result, if eligible: (paragraph level, levels, classes).
fn fast(text: &str, base: BaseDirection) -> Option<(u8, Vec<u8>, Vec<BidiClass>)> {
    let (mut levels, mut classes, mut scratch) = (Vec::new(), Vec::new(), Scratch::default());
    let para = resolve_simple(text, forced(base), &mut levels, &mut classes, &mut scratch)?;
    Some((para, levels, classes))
}

fn general(text: &str, base: BaseDirection) -> (u8, Vec<u8>, Vec<BidiClass>) {
    let p = ParagraphLevels::resolve_general(text, base);
    (p.paragraph_level, p.levels, p.classes)
}

/// The classes the fast path takes.
fn eligible_class(class: BidiClass) -> bool {
    use BidiClass::{AL, AN, CS, EN, ES, ET, L, NSM, ON, R, WS};
    matches!(class, L | R | AL | EN | AN | ES | ET | CS | NSM | ON | WS)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn eligible_strings_resolve_as_unicode_bidi_does(text in from(ELIGIBLE, 40), base in bases()) {
        let _guard = lock();
        let fast = fast(&text, base);
        prop_assert!(fast.is_some(), "refused {text:?}");
        prop_assert_eq!(fast.unwrap(), general(&text, base), "{:?}", text);
    }

    #[test]
    fn strings_of_one_direction_resolve_as_unicode_bidi_does(
        rtl in from(RTL_ONLY, 40),
        ltr in from(LTR_ONLY, 40),
        base in bases(),
    ) {
        // The paragraphs that get one level without the weak and neutral
        // rules (right to left without L, EN, AN; left to right without R,
        // AL, AN) and their neighbours, with a strong character of the
        // other direction or a number added.
        let _guard = lock();
        for text in [rtl.clone(), ltr.clone(), format!("{rtl}a"), format!("{ltr}ب"), format!("{rtl}1"), format!("1{ltr}")] {
            let fast = fast(&text, base);
            prop_assert!(fast.is_some(), "refused {text:?}");
            prop_assert_eq!(fast.unwrap(), general(&text, base), "{:?}", text);
        }
    }

    #[test]
    fn mixed_strings_are_refused_or_agree(text in mixed(30), base in bases()) {
        let _guard = lock();
        let has_other_class =
            text.chars().any(|c| !eligible_class(unicode_bidi::bidi_class(c)));
        match fast(&text, base) {
            Some(fast) => {
                prop_assert!(!has_other_class, "accepted {text:?}");
                prop_assert_eq!(fast, general(&text, base), "{:?}", text);
            }
            None => prop_assert!(
                text.chars().any(|c| OTHERS.contains(&c)),
                "refused {text:?} made of eligible characters only"
            ),
        }
    }

    #[test]
    fn simple_graphemes_are_unicode_graphemes(text in mixed(30)) {
        let _guard = lock();
        let chars: Vec<char> = text.chars().collect();
        let mut clusters = Vec::new();
        if simple_graphemes(&chars, text.len(), &mut clusters) {
            let mut ours = Vec::new();
            for (byte, first, end) in clusters {
                let len: usize = chars[first as usize..end as usize].iter().map(|c| c.len_utf8()).sum();
                ours.push((byte as usize, &text[byte as usize..byte as usize + len]));
            }
            let theirs: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn direct_lines_are_the_general_lines(
        first in from(DIRECT, 60),
        second in from(DIRECT, 60),
        options in layout_options(),
        pad in any::<bool>(),
    ) {
        let _guard = lock();
        let mut writer = LineWriter::new();
        for text in [&first, &second] {
            let mut out = String::new();
            prop_assert!(writer.write_lines(text, &options, pad, &mut out), "refused {text:?}");
            prop_assert_eq!(out, general_lines(text, &options, pad), "{:?} {:?}", text, options);
        }
    }

    #[test]
    fn direct_lines_are_refused_or_the_general_lines(
        text in direct_mixed(40),
        options in layout_options(),
        pad in any::<bool>(),
    ) {
        let _guard = lock();
        let mut out = String::from("kept");
        if LineWriter::new().write_lines(&text, &options, pad, &mut out) {
            prop_assert!(!text.chars().any(|c| OTHERS.contains(&c) || c == '\u{600}'), "accepted {text:?}");
            prop_assert_eq!(&out[4..], general_lines(&text, &options, pad), "{:?} {:?}", text, options);
        } else {
            prop_assert_eq!(out, "kept", "wrote before refusing {:?}", text);
        }
    }
}

#[test]
fn the_direct_path_is_off_with_the_general_path() {
    let _guard = lock();
    force_general_path(true);
    let refused =
        !LineWriter::new().write_lines("بيت", &LayoutOptions::default(), false, &mut String::new());
    force_general_path(false);
    assert!(refused);
    assert!(LineWriter::new().write_lines(
        "بيت",
        &LayoutOptions::default(),
        false,
        &mut String::new()
    ));
}

#[test]
fn deep_nesting_of_brackets_is_left_to_the_general_path() {
    let _guard = lock();
    // BD16 stops at the 64th open bracket; the fast path does not imitate it.
    let text = format!("ب{}a", "(".repeat(64));
    assert!(fast(&text, BaseDirection::Auto).is_none());
    let text = format!("ب{}a{}", "(".repeat(63), ")".repeat(63));
    assert_eq!(fast(&text, BaseDirection::Auto), Some(general(&text, BaseDirection::Auto)));
}

#[test]
fn every_eligible_case_of_bidi_character_test_goes_through_the_fast_path() {
    let _guard = lock();
    let (mut eligible, mut total) = (0usize, 0usize);
    for case in cases() {
        let Case { line, text, base, .. } = &case;
        let (text, base) = (text.as_str(), *base);
        total += 1;
        let Some((para, levels, classes)) = fast(text, base) else {
            continue;
        };
        eligible += 1;
        assert_eq!(Some(para), case.paragraph_level, "line {line}");
        // Nothing is removed by X9 in an eligible case, so every level is given.
        let expected: Vec<Option<u8>> = levels.iter().copied().map(Some).collect();
        assert_eq!(expected, case.levels, "line {line}");
        assert_eq!((para, levels, classes), general(text, base), "line {line}");
    }
    eprintln!("{eligible} of {total} cases through the fast path");
    // Most cases use explicit controls or isolates; thousands do not.
    assert!(eligible > 10_000, "only {eligible} eligible cases");
}

#[test]
fn the_table_knows_the_common_characters() {
    let _guard = lock();
    for c in ['ب', 'a', ' ', '1', '(', '«', '\u{64E}', '\u{FEFB}'] {
        assert!(char_info(c).is_some(), "{c:?}");
    }
    assert!(char_info('\u{64E}').unwrap().extends());
    assert!(!char_info('\u{600}').unwrap().simple(), "a prepended mark is not simple");
    assert!(char_info('(').unwrap().mirrored() && !char_info('ب').unwrap().mirrored());
    assert!(char_info('अ').is_none());
}

fn render_all(text: &str) -> Vec<u8> {
    let doc = Document::new(text.to_string());
    let mut out = Vec::new();
    for width in [Some(80), Some(23), None] {
        for shape in [true, false] {
            for base in [BaseDirection::Auto, BaseDirection::Rtl] {
                let options = RenderOptions {
                    layout: LayoutOptions { width, shape, base, ..LayoutOptions::default() },
                    pad: true,
                };
                render_document(&doc, &options, &mut out).unwrap();
            }
        }
    }
    out
}

#[test]
fn render_output_is_the_same_with_and_without_the_fast_paths() {
    let _guard = lock();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    // The corpus of each language is in a folder of its own.
    let mut dirs: Vec<std::path::PathBuf> =
        ["assets/articles", "tests/data/corpus", "tests/data/articles"]
            .iter()
            .map(|d| root.join(d))
            .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        force_general_path(false);
        let fast = render_all(&text);
        force_general_path(true);
        let general = render_all(&text);
        force_general_path(false);
        assert!(fast == general, "{} renders differently", path.display());
    }
}
