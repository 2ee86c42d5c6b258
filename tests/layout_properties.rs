//! Property tests of the layout engine ([`Layouter`]).
//!
//! Texts are generated as realistic mixes (Arabic words with harakat and
//! lam-alef, Latin words, digits, punctuation, brackets, bidi controls,
//! joiners, tabs, C0/C1 controls, escape sequences, CJK, emoji) and as fully
//! arbitrary strings; options cover widths 1..=120 and no wrapping, shaping
//! on and off, the mark placeholder on and off and the three base directions.
//!
//! Each property runs 512 cases by default (the hostile-input one, whose texts
//! run to thousands of characters, a quarter of that); set `PROPTEST_CASES`
//! to run more, e.g. `PROPTEST_CASES=20000 cargo test --test layout_properties`.
//!
//! What must hold of every layout (see [`check_layout`]):
//! - **cell map**: every logical character is in exactly one cell of exactly
//!   one line (characters that draw nothing, `glyph_of(c) == Glyph::Hidden`,
//!   included: they sit in their grapheme neighbour's cell, or in a zero-width
//!   cell of their own with an empty glyph); a cell's characters are a
//!   non-empty range; the cells of a line cover exactly its `logical` range;
//!   lines are consecutive, non-empty (but for the empty paragraph's one
//!   line) and cover `0..char_len`;
//! - **widths**: a cell's width is its glyph's display width; a line's width
//!   is the sum of its cells'; with a width W no line is wider than W; an
//!   empty glyph is either a cluster of hidden characters or whitespace left
//!   hanging at the end of its line; every line but the first shows something;
//! - **locate / `cell_at`**: agree with the cells and are inverse;
//! - **safe glyphs**: no glyph holds a C0 control, DEL, a C1 control or a bidi
//!   formatting character — nothing that can act on a terminal;
//! - **no word that fits is cut**: a line ends at a UAX #14 opportunity
//!   (`unicode_linebreak::linebreaks`, less those after a word-initial
//!   hyphen that rule `LB20a` of Unicode 15.1 removes) unless the text between the
//!   opportunities around that point (its trailing whitespace aside) is
//!   wider than W on its own. Clusters are never split, so an opportunity
//!   inside one (UAX #14 has one between a space and a mark on it) counts
//!   at the cluster's end.
//!
//! Plus an oracle for plain left-to-right ASCII, buffer reuse giving the same
//! result as a fresh layouter, and no panic on hostile input (deep nesting of
//! embeddings and isolates, thousands of controls, grapheme clusters hundreds
//! of columns wide).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use hashiya::layout::linebreak::after_word_initial_hyphen;
use hashiya::layout::{BaseDirection, LayoutOptions, Layouter, ParagraphLayout};
use hashiya::text::glyph::{Glyph, glyph_of};
use proptest::prelude::*;
use proptest::test_runner::Config;
use unicode_bidi::BidiClass;
use unicode_width::UnicodeWidthStr;

/// Cases per property: `PROPTEST_CASES` when set, else 512.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
}

fn config() -> Config {
    Config { cases: cases(), ..Config::default() }
}

/// Hostile texts are thousands of characters long: a quarter of the cases.
fn hostile_config() -> Config {
    Config { cases: (cases() / 4).max(1), ..Config::default() }
}

// ---------------------------------------------------------------- strategies

fn chars_in(ranges: &'static [(char, char)]) -> impl Strategy<Value = char> {
    proptest::sample::select(ranges).prop_flat_map(|(lo, hi)| proptest::char::range(lo, hi))
}

/// An Arabic word: letters, sometimes harakat, tatweel or a lam-alef pair.
fn arabic_word() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => chars_in(&[('\u{0621}', '\u{063A}'), ('\u{0641}', '\u{064A}')]).prop_map(String::from),
        2 => proptest::sample::select(vec!["لا", "لأ", "لإ", "لآ", "ال", "ﻻ"]).prop_map(String::from),
        2 => chars_in(&[('\u{064B}', '\u{0652}')]).prop_map(String::from),
        1 => Just("\u{0640}".to_string()),
        1 => Just("\u{0670}".to_string()),
    ];
    proptest::collection::vec(piece, 1..9).prop_map(|v| v.concat())
}

fn latin_word() -> impl Strategy<Value = String> {
    "[a-zA-Z]{1,14}"
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,6}([.,][0-9]{1,3})?%?",
        "[\u{0660}-\u{0669}]{1,5}",
        "[\u{06F0}-\u{06F9}]{1,4}"
    ]
}

fn punctuation() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        ".", ",", ";", ":", "!", "?", "،", "؛", "؟", "«", "»", "\"", "'", "-", "—", "…", "(", ")",
        "[", "]", "{", "}", "<", ">", "/", "%", "$", "+", "٪",
    ])
    .prop_map(String::from)
}

fn spaces() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just(" ".to_string()),
        2 => " {2,12}",
        1 => Just("\t".to_string()),
        1 => Just("\u{00A0}".to_string()),
        1 => Just("\u{3000}".to_string()),
    ]
}

/// Explicit bidi formatting characters and marks, joiners, invisible format characters.
fn format_control() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200C}', '\u{200D}',
        '\u{200B}', '\u{2060}', '\u{FEFF}', '\u{00AD}',
    ])
    .prop_map(String::from)
}

/// C0 and C1 controls, DEL, and escape sequences a hostile page could hold.
fn terminal_control() -> impl Strategy<Value = String> {
    prop_oneof![
        chars_in(&[('\u{0}', '\u{1F}'), ('\u{7F}', '\u{9F}')]).prop_map(String::from),
        proptest::sample::select(vec![
            "\u{1b}[2J",
            "\u{1b}[31m",
            "\u{1b}]0;title\u{7}",
            "\u{1b}]8;;http://x\u{1b}\\",
            "\u{9b}1;1H",
            "\u{1b}P+q\u{1b}\\",
            "\u{1b}c",
            "\u{1b}[8l",
            "\r",
            "\u{85}",
            "\u{2028}",
            "\u{2029}",
        ])
        .prop_map(String::from),
    ]
}

fn cjk() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        chars_in(&[('\u{4E00}', '\u{9FFF}'), ('\u{FF01}', '\u{FF5E}'), ('\u{AC00}', '\u{D7A3}')]),
        1..5,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn emoji() -> impl Strategy<Value = String> {
    prop_oneof![
        chars_in(&[('\u{1F600}', '\u{1F64F}'), ('\u{1F300}', '\u{1F5FF}')]).prop_map(String::from),
        proptest::sample::select(vec![
            "👨\u{200D}👩\u{200D}👧",
            "👍🏽",
            "🇸🇦",
            "❤\u{FE0F}",
            "1\u{FE0F}\u{20E3}",
            "🏳\u{FE0F}\u{200D}🌈",
        ])
        .prop_map(String::from),
    ]
}

/// A grapheme cluster of `n` repeated parts: prepended characters, Hangul
/// leading jamo, combining marks, emoji joined by ZWJ, harakat on a letter.
fn long_cluster(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    let kind = proptest::sample::select(vec![
        ("", "\u{0600}", "a"),
        ("", "\u{1100}", "\u{1161}"),
        ("a", "\u{0301}", ""),
        ("ب", "\u{064B}", ""),
        ("👨", "\u{200D}👩", ""),
        ("\u{1F1F8}", "\u{1F1E6}", ""),
    ]);
    (kind, n).prop_map(|((head, part, tail), n)| format!("{head}{}{tail}", part.repeat(n)))
}

/// One token of a realistic mix.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => arabic_word(),
        5 => latin_word(),
        12 => spaces(),
        3 => number(),
        4 => punctuation(),
        3 => format_control(),
        1 => terminal_control(),
        1 => cjk(),
        1 => emoji(),
        1 => any::<char>().prop_map(String::from),
        1 => long_cluster(1..8),
    ]
}

fn mixed_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(token(), 0..60).prop_map(|v| v.concat())
}

/// Runs of nested embeddings, overrides and isolates, deep enough to pass
/// the 125-level limit, around some text; and thousands of controls.
fn hostile_text() -> impl Strategy<Value = String> {
    let opener = proptest::sample::select(vec![
        '\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    ]);
    let closer = proptest::sample::select(vec!['\u{202C}', '\u{2069}']);
    let deep = (opener.clone(), 100usize..400, mixed_text(), closer, 0usize..400).prop_map(
        |(o, n, mid, c, m)| {
            let mut s: String = std::iter::repeat_n(o, n).collect();
            s.push_str(&mid);
            s.extend(std::iter::repeat_n(c, m));
            s
        },
    );
    let mixed_openers =
        (proptest::collection::vec(opener, 120..260), mixed_text()).prop_map(|(o, t)| {
            let mut s: String = o.into_iter().collect();
            s.push_str(&t);
            s
        });
    let many = proptest::collection::vec(
        prop_oneof![format_control(), terminal_control(), arabic_word()],
        500..3000,
    )
    .prop_map(|v| v.concat());
    let giant =
        (mixed_text(), long_cluster(100..400), mixed_text()).prop_map(|(a, b, c)| a + &b + &c);
    prop_oneof![1 => deep, 1 => mixed_openers, 1 => many, 2 => giant]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![3 => mixed_text(), 1 => any::<String>()]
}

fn width() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![1 => Just(None), 2 => (1usize..=12).prop_map(Some), 3 => (1usize..=120).prop_map(Some)]
}

fn options() -> impl Strategy<Value = LayoutOptions> {
    common::strategies::layout_options(width(), proptest::bool::weighted(0.9))
}

// ---------------------------------------------------------------- checks

fn is_whitespace_char(c: char) -> bool {
    c == '\t' || unicode_bidi::bidi_class(c) == BidiClass::WS
}

/// A character that could act on a terminal if printed.
fn acts_on_terminal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Every invariant of one layout of `text` (see the module docs).
fn check_layout(
    text: &str,
    options: &LayoutOptions,
    p: &ParagraphLayout,
) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    prop_assert_eq!(p.char_len as usize, chars.len());
    prop_assert!(!p.lines.is_empty(), "at least one line");
    let owner = check_cover(p, chars.len())?;
    check_widths(&chars, options, p)?;
    for c in p.glyphs.chars() {
        prop_assert!(!acts_on_terminal(c), "glyph text holds {:?}", c);
    }
    check_map(p, &owner)?;
    check_breaks(text, &chars, options, p)
}

/// Lines are consecutive and cover `0..n`, their cells cover them exactly,
/// every char is in one cell: returns each char's (line, cell in line).
fn check_cover(p: &ParagraphLayout, n: usize) -> Result<Vec<(usize, usize)>, TestCaseError> {
    let mut owner: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut expected_start = 0u32;
    let mut next_cell = 0u32;
    for (li, line) in p.lines.iter().enumerate() {
        prop_assert_eq!(
            line.logical.start,
            expected_start,
            "line {} starts where the last ended",
            li
        );
        prop_assert!(line.logical.end > line.logical.start || n == 0, "line {} is empty", li);
        expected_start = line.logical.end;
        prop_assert_eq!(line.cells.start, next_cell, "line {} cells follow on", li);
        next_cell = line.cells.end;
        let mut covered = 0u32;
        for (ci, cell) in p.line_cells(line).iter().enumerate() {
            prop_assert!(cell.logical.start < cell.logical.end, "empty cell {:?}", cell);
            prop_assert!(
                line.logical.start <= cell.logical.start && cell.logical.end <= line.logical.end,
                "cell {:?} outside line {:?}",
                cell.logical,
                line.logical
            );
            covered += cell.logical.end - cell.logical.start;
            for k in cell.logical.clone() {
                prop_assert!(owner[k as usize].is_none(), "char {} in two cells", k);
                owner[k as usize] = Some((li, ci));
            }
        }
        prop_assert_eq!(
            covered,
            line.logical.end - line.logical.start,
            "cells of line {} cover it",
            li
        );
    }
    prop_assert_eq!(expected_start as usize, n, "lines cover the paragraph");
    prop_assert_eq!(next_cell as usize, p.cells.len());
    prop_assert!(owner.iter().all(Option::is_some), "every char is in a cell");

    Ok(owner.into_iter().map(Option::unwrap).collect())
}

/// Widths of cells and lines; what an empty glyph may stand for.
fn check_widths(
    chars: &[char],
    options: &LayoutOptions,
    p: &ParagraphLayout,
) -> Result<(), TestCaseError> {
    for (li, line) in p.lines.iter().enumerate() {
        let cells = p.line_cells(line);
        let sum: u32 = cells.iter().map(|c| u32::from(c.width)).sum();
        prop_assert_eq!(line.width, sum, "line {} width", li);
        if let Some(w) = options.width {
            prop_assert!(
                line.width as usize <= w,
                "line {} is {} wide, over {}",
                li,
                line.width,
                w
            );
        }
        if li > 0 {
            prop_assert!(cells.iter().any(|c| c.width > 0), "line {} shows nothing", li);
        }
        for cell in cells {
            let glyph = p.glyph(cell);
            prop_assert_eq!(
                usize::from(cell.width),
                glyph.width(),
                "width of {:?} ({:?})",
                glyph,
                cell
            );
            let hidden = |k: u32| glyph_of(chars[k as usize]) == Glyph::Hidden;
            if cell.logical.clone().all(hidden) {
                prop_assert!(glyph.is_empty() && cell.width == 0, "hidden chars drawn: {:?}", cell);
            } else if glyph.is_empty() {
                // Hanging whitespace: whitespace, and nothing visible after it in the line.
                let base = cell.logical.clone().find(|&k| !hidden(k)).unwrap();
                prop_assert!(
                    is_whitespace_char(chars[base as usize]),
                    "empty glyph for {:?}",
                    cell
                );
                let later_visible = p
                    .line_cells(line)
                    .iter()
                    .filter(|c| c.logical.start > cell.logical.start)
                    .any(|c| c.width > 0);
                prop_assert!(
                    !later_visible,
                    "hung whitespace {:?} is not at the end of its line",
                    cell
                );
            }
        }
    }

    Ok(())
}

/// `locate`, `line_of` and `cell_at` agree with the cells.
fn check_map(p: &ParagraphLayout, owner: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let n = owner.len();
    // locate and cell_at (each costs a walk along the line: on long
    // paragraphs, check a spread of 2,000 characters rather than all).
    let stride = n.div_ceil(2000).max(1);
    for k in (0..n as u32).step_by(stride) {
        let (li, ci) = owner[k as usize];
        let line = &p.lines[li];
        let cells = p.line_cells(line);
        let x: usize = cells[..ci].iter().map(|c| usize::from(c.width)).sum();
        let w = usize::from(cells[ci].width);
        prop_assert_eq!(p.locate(k), Some((li, x..x + w)), "locate({})", k);
        prop_assert_eq!(p.line_of(k), li, "line_of({})", k);
        for col in x..x + w {
            prop_assert_eq!(
                p.cell_at(line, col),
                Some(&cells[ci]),
                "cell_at(line {}, {})",
                li,
                col
            );
        }
    }
    for line in &p.lines {
        prop_assert!(
            p.cell_at(line, line.width as usize).is_none(),
            "a cell past the end of the line"
        );
    }

    Ok(())
}

/// No word that fits is cut: every line end is a UAX #14 opportunity, or the
/// text between the opportunities around it (trailing whitespace aside) is
/// wider than `w`, measured with the widths the cells give it.
fn check_breaks(
    text: &str,
    chars: &[char],
    options: &LayoutOptions,
    p: &ParagraphLayout,
) -> Result<(), TestCaseError> {
    let Some(w) = options.width else { return Ok(()) };
    let n = chars.len() as u32;
    let mut byte_to_char = vec![0u32; text.len() + 1];
    for (ci, (byte, _)) in text.char_indices().enumerate() {
        byte_to_char[byte] = ci as u32;
    }
    byte_to_char[text.len()] = n;
    // Clusters are never split: an opportunity inside one counts at its end.
    let unwrapped = layout(text, &LayoutOptions { width: None, ..*options });
    let mut cluster_end: Vec<u32> = (0..=n).collect();
    for cell in &unwrapped.cells {
        for k in cell.logical.start + 1..cell.logical.end {
            cluster_end[k as usize] = cell.logical.end;
        }
    }
    let mut opportunities: Vec<u32> = vec![0];
    opportunities.extend(
        unicode_linebreak::linebreaks(text)
            .filter(|&(byte, _)| !after_word_initial_hyphen(text, byte))
            .map(|(byte, _)| cluster_end[byte_to_char[byte] as usize]),
    );
    opportunities.push(n);
    opportunities.dedup();
    // Width of each cluster before hanging, counted at its first char: the
    // same clusters laid out without wrapping, with the one adjustment that
    // depends on the width (a cluster wider than a line shows as U+FFFD).
    let mut char_width = vec![0usize; chars.len()];
    for cell in &unwrapped.cells {
        let natural = usize::from(cell.width);
        char_width[cell.logical.start as usize] = if natural > w { 1 } else { natural };
    }
    for line in &p.lines[..p.lines.len() - 1] {
        let brk = line.logical.end;
        if opportunities.binary_search(&brk).is_ok() {
            continue;
        }
        let i = opportunities.partition_point(|&o| o < brk);
        let before = opportunities[i - 1];
        let after = opportunities[i];
        let mut end = after as usize;
        while end > before as usize
            && (is_whitespace_char(chars[end - 1]) || glyph_of(chars[end - 1]) == Glyph::Hidden)
        {
            end -= 1;
        }
        let segment: usize = char_width[before as usize..end].iter().sum();
        let word: String = chars[before as usize..after as usize].iter().collect();
        prop_assert!(
            segment > w,
            "{:?} ({} columns) cut at char {} though it fits {}",
            word,
            segment,
            brk,
            w
        );
    }
    Ok(())
}

fn layout(text: &str, options: &LayoutOptions) -> ParagraphLayout {
    Layouter::new().layout(text, options)
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn realistic_mixes_lay_out_soundly(text in mixed_text(), options in options()) {
        check_layout(&text, &options, &layout(&text, &options))?;
    }

    #[test]
    fn arbitrary_unicode_lays_out_soundly(text in any::<String>(), options in options()) {
        check_layout(&text, &options, &layout(&text, &options))?;
    }


    #[test]
    fn reused_buffers_give_the_same_layout(first in any_text(), second in any_text(), options in options()) {
        let mut layouter = Layouter::new();
        let mut out = layouter.layout(&first, &options);
        layouter.layout_into(&second, &options, &mut out);
        prop_assert_eq!(out, layout(&second, &options));
    }

    /// Oracle: left-to-right ASCII without controls is laid out as is, each
    /// line being its slice of the input with trailing spaces possibly hung.
    #[test]
    fn plain_ascii_lines_are_the_input(
        words in proptest::collection::vec("[!-~]{1,15}", 0..40),
        gaps in proptest::collection::vec(" {1,3}", 40),
        width in width(),
        shape in any::<bool>(),
        base in proptest::sample::select(vec![BaseDirection::Auto, BaseDirection::Ltr]),
    ) {
        let mut text = String::new();
        for (word, gap) in words.iter().zip(&gaps) {
            text.push_str(word);
            text.push_str(gap);
        }
        let options = LayoutOptions { width, shape, base, mark_placeholder: false, reorder: true };
        let p = layout(&text, &options);
        check_layout(&text, &options, &p)?;
        let mut joined = String::new();
        for line in &p.lines {
            let slice: String = text.chars().skip(line.logical.start as usize).take((line.logical.end - line.logical.start) as usize).collect();
            let shown = p.line_text(line);
            prop_assert!(slice.starts_with(&shown), "line {:?} is not a prefix of its slice {:?}", shown, slice);
            prop_assert_eq!(shown.trim_end(), slice.trim_end(), "only trailing spaces may hang");
            joined.push_str(&slice);
        }
        prop_assert_eq!(&joined, &text);
        if width.is_none() {
            prop_assert_eq!(p.lines.len(), 1);
            prop_assert_eq!(p.line_text(&p.lines[0]), text);
        }
    }
}

proptest! {
    #![proptest_config(hostile_config())]

    #[test]
    fn hostile_nesting_and_controls_lay_out_soundly(text in hostile_text(), options in options()) {
        check_layout(&text, &options, &layout(&text, &options))?;
    }
}
