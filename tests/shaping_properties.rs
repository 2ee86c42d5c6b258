//! Shaping of every Arabic-script letter, checked against Unicode's own data.
//!
//! - **Cells keep their characters**: with shaping on, every cell of a laid-out
//!   paragraph maps to the same logical characters as with shaping off (a
//!   lam-alef cell to the lam's and the alef's cells together), and its glyph
//!   is those characters in presentation forms: the same letters once
//!   compatibility-decomposed (NFKD), as a multiset (marks between a lam and
//!   its alef move after the ligature), whitespace aside (a space hanging at
//!   the end of a line is not drawn, and the lines may end elsewhere). Random paragraphs of every letter of
//!   the Arabic blocks, harakat, ZWNJ, ZWJ, tatweel, Hebrew with points,
//!   Thaana, Latin, digits and brackets, at random widths and directions.
//! - **Forms follow joining types**: every letter of the Arabic blocks
//!   (U+0600–U+06FF, U+0750–U+077F, U+0870–U+08FF), alone, after, before
//!   and between dual-joining letters, takes the presentation form its
//!   position calls for given its joining type (crate
//!   `unicode-joining-type`) — the form listed for it in
//!   `tests/data/presentation_forms.txt`, generated from the Unicode
//!   Character Database by `scripts/gen-shaping-table.py --list` — or stays
//!   nominal when Unicode has no such form; and random words of those letters
//!   with marks, ZWNJ and ZWJ agree with a model of the joining rules written
//!   here from the joining types alone.
//! - **Fonts**: every font checked by `scripts/font-coverage.py` (recorded in
//!   `tests/data/font_coverage.txt`) that draws a letter draws each of its
//!   presentation forms, so shaping never turns a drawable letter into a
//!   missing glyph (see `src/layout/shape.rs`, "Fonts").

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use hashiya::layout::shape::shape_arabic;
use hashiya::layout::{BaseDirection, LayoutOptions, Layouter, ParagraphLayout};
use proptest::prelude::*;
use unicode_joining_type::{JoiningType, get_joining_type};
use unicode_normalization::UnicodeNormalization;

/// The letters (general category L) of the Arabic blocks.
fn arabic_letters() -> Vec<char> {
    let blocks = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x089F), (0x08A0, 0x08FF)];
    blocks
        .iter()
        .flat_map(|&(lo, hi)| (lo..=hi).filter_map(char::from_u32))
        .filter(|c| c.is_alphabetic() && !is_mark(*c))
        .collect()
}

/// Combining marks of the Arabic blocks (transparent for joining).
fn is_mark(c: char) -> bool {
    get_joining_type(c) == JoiningType::Transparent
}

const SLOTS: [&str; 4] = ["isolated", "final", "initial", "medial"];

/// `tests/data/presentation_forms.txt`: letter → its forms by slot.
fn forms() -> HashMap<char, [Option<char>; 4]> {
    let text = include_str!("data/presentation_forms.txt");
    let hex = |s: &str| char::from_u32(u32::from_str_radix(s, 16).unwrap()).unwrap();
    let mut out: HashMap<char, [Option<char>; 4]> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split_whitespace();
        let (form, slot, letter) =
            (hex(fields.next().unwrap()), fields.next().unwrap(), hex(fields.next().unwrap()));
        let slot = SLOTS.iter().position(|s| *s == slot).unwrap();
        out.entry(letter).or_default()[slot] = Some(form);
    }
    out
}

/// Shapes `text` at the right-to-left level 1.
fn shaped(text: &str) -> Vec<Option<char>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    shape_arabic(&chars, &vec![1; chars.len()], &mut out);
    out
}

/// Can join the character before it (drawn right to left: on its right).
fn joins_before(t: JoiningType) -> bool {
    matches!(t, JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing)
}

/// Can join the character after it.
fn joins_after(t: JoiningType) -> bool {
    matches!(t, JoiningType::DualJoining | JoiningType::LeftJoining | JoiningType::JoinCausing)
}

/// The form `letter` must take: its form for the slot, or itself.
fn expected(forms: &HashMap<char, [Option<char>; 4]>, letter: char, slot: usize) -> char {
    forms.get(&letter).and_then(|f| f[slot]).unwrap_or(letter)
}

#[test]
fn the_fixture_is_unicodes_presentation_forms() {
    let forms = forms();
    // Every form normalises (NFKC) as its letter does.
    for (&letter, slots) in &forms {
        for form in slots.iter().flatten() {
            let decomposed: String = form.to_string().nfkc().collect();
            let nominal: String = letter.to_string().nfkc().collect();
            assert_eq!(decomposed, nominal, "U+{:04X}", u32::from(*form));
            let block = ('\u{FB50}'..='\u{FDFF}').contains(form)
                || ('\u{FE70}'..='\u{FEFF}').contains(form);
            assert!(block, "U+{:04X} is no presentation form", u32::from(*form));
        }
    }
    // The letters of the issue are there, in Forms-A.
    for letter in "پچژڤگکیٹڈڑںےہھۆۇېۀ".chars() {
        assert!(forms.contains_key(&letter), "{letter}");
    }
    assert!(forms.len() >= 76, "{} letters", forms.len());
}

#[test]
fn every_arabic_letter_takes_the_form_its_joining_type_calls_for() {
    let forms = forms();
    let beh = 'ب';
    let mut checked = 0;
    for letter in arabic_letters() {
        let t = get_joining_type(letter);
        // Lam before alef makes a ligature, checked by the unit tests.
        let (before, after) = (joins_before(t), joins_after(t));
        let shapes = matches!(
            t,
            JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::LeftJoining
        );
        let form = |slot: usize| if shapes { expected(&forms, letter, slot) } else { letter };
        // Alone: isolated.
        assert_eq!(shaped(&letter.to_string()), [Some(form(0))], "{letter} alone");
        // After a beh: final when it joins the beh.
        let out = shaped(&format!("{beh}{letter}"));
        let beh_form = if before { '\u{FE91}' } else { '\u{FE8F}' };
        assert_eq!(out, [Some(beh_form), Some(form(usize::from(before)))], "ب{letter}");
        // Before a beh: initial when it joins it.
        let out = shaped(&format!("{letter}{beh}"));
        let beh_form = if after { '\u{FE90}' } else { '\u{FE8F}' };
        assert_eq!(out, [Some(form(usize::from(after) << 1)), Some(beh_form)], "{letter}ب");
        // Between two: medial for a dual-joining letter.
        let out = shaped(&format!("{beh}{letter}{beh}"));
        let slot = usize::from(before) | usize::from(after) << 1;
        assert_eq!(out[1], Some(form(slot)), "ب{letter}ب");
        // What the font must draw: a presentation form of this letter, or it.
        if let Some(Some(c)) = out.get(1) {
            let back: String = c.to_string().nfkc().collect();
            assert_eq!(back, letter.to_string().nfkc().collect::<String>());
        }
        checked += 1;
    }
    assert!(checked > 250, "{checked} letters");
}

#[test]
fn fonts_that_draw_a_letter_draw_its_forms() {
    let forms = forms();
    let text = include_str!("data/font_coverage.txt");
    let mut fonts = 0;
    let mut complete = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (font, lacks) = line.split_once('\t').unwrap();
        let lacks: Vec<char> = lacks
            .split_whitespace()
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
            .collect();
        fonts += 1;
        if lacks.is_empty() {
            complete += 1;
        }
        for (&letter, slots) in &forms {
            if lacks.contains(&letter) {
                continue;
            }
            for form in slots.iter().flatten() {
                assert!(
                    !lacks.contains(form),
                    "{font} draws {letter} but not its form U+{:04X}",
                    u32::from(*form)
                );
            }
        }
    }
    assert_eq!(fonts, 5, "the five fonts of the issue");
    // A fallback with every form exists (Noto Sans Arabic, FreeMono, Unifont).
    assert!(complete >= 3, "{complete} fonts with every form");
}

/// A model of joining from the joining types alone: for each character,
/// whether it joins the one-before and the one-after (marks skipped).
fn model(chars: &[char]) -> Vec<(bool, bool)> {
    let kinds: Vec<JoiningType> = chars.iter().map(|&c| get_joining_type(c)).collect();
    let mut out = vec![(false, false); chars.len()];
    let mut prev: Option<usize> = None;
    for i in 0..chars.len() {
        if kinds[i] == JoiningType::Transparent {
            continue;
        }
        if let Some(p) = prev {
            if joins_after(kinds[p]) && joins_before(kinds[i]) {
                out[p].1 = true;
                out[i].0 = true;
            }
        }
        prev = Some(i);
    }
    out
}

fn letter_or_joiner() -> impl Strategy<Value = char> {
    let letters: Vec<char> = arabic_letters().into_iter().filter(|&c| c != 'ل').collect();
    prop_oneof![
        8 => prop::sample::select(letters),
        2 => prop::sample::select(vec!['\u{64E}', '\u{651}', '\u{654}', '\u{670}', '\u{6EA}']),
        1 => prop::sample::select(vec!['\u{200C}', '\u{200D}', '\u{640}', ' ', 'a']),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random words of every letter but lam (whose ligature the unit tests
    /// check), with marks, ZWNJ, ZWJ and tatweel: each letter's form is the
    /// one the model of joining calls for.
    #[test]
    fn words_agree_with_a_model_of_joining(word in prop::collection::vec(letter_or_joiner(), 1..12)) {
        let forms = forms();
        let text: String = word.iter().collect();
        let out = shaped(&text);
        let joins = model(&word);
        for (i, &c) in word.iter().enumerate() {
            let shapes = matches!(
                get_joining_type(c),
                JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::LeftJoining
            );
            let want = if shapes {
                let (before, after) = joins[i];
                expected(&forms, c, usize::from(before) | usize::from(after) << 1)
            } else {
                c
            };
            prop_assert_eq!(out[i], Some(want), "{} in {:?}", i, text);
        }
    }

    /// Shaping changes no cell's characters: the cells with shaping on are
    /// those with it off (a lam-alef cell the union of two), and each shows
    /// the same letters.
    #[test]
    fn shaping_never_changes_the_characters_of_a_cell(
        text in paragraph(),
        width in prop_oneof![Just(None), (1usize..40).prop_map(Some)],
        base in prop::sample::select(vec![BaseDirection::Auto, BaseDirection::Rtl, BaseDirection::Ltr]),
    ) {
        let mut layouter = Layouter::new();
        let on = LayoutOptions { width, base, shape: true, mark_placeholder: true, ..LayoutOptions::default() };
        let off = LayoutOptions { shape: false, ..on };
        let shaped = layouter.layout(&text, &on);
        let plain = layouter.layout(&text, &off);
        let plain_cells = cells_by_start(&plain);
        for cell in &shaped.cells {
            // The unshaped cells inside this one, in logical order, tile it.
            let mut at = cell.logical.start;
            let mut glyphs = String::new();
            while at < cell.logical.end {
                let Some(&(end, ref glyph)) = plain_cells.get(&at) else {
                    return Err(TestCaseError::fail(format!("no unshaped cell at {at} in {text:?}")));
                };
                glyphs.push_str(glyph);
                at = end;
            }
            prop_assert_eq!(at, cell.logical.end, "{:?}", text);
            prop_assert!(cell.logical.len() == 1 || plain_cells[&cell.logical.start].0 == cell.logical.end
                || is_lam_alef(shaped.glyph(cell)), "cells merged: {:?}", text);
            prop_assert_eq!(letters(shaped.glyph(cell)), letters(&glyphs), "{:?}", text);
        }
    }
}

/// True when `glyph` starts with a lam-alef ligature.
fn is_lam_alef(glyph: &str) -> bool {
    glyph.chars().next().is_some_and(|c| ('\u{FEF5}'..='\u{FEFC}').contains(&c))
}

/// The cells of `layout` by their first logical character: (end, glyph).
fn cells_by_start(layout: &ParagraphLayout) -> HashMap<u32, (u32, String)> {
    layout
        .cells
        .iter()
        .map(|c| (c.logical.start, (c.logical.end, layout.glyph(c).to_string())))
        .collect()
}

/// The characters of `s` after compatibility decomposition, sorted, but
/// whitespace (a space left hanging at the end of a line is not drawn, and
/// the lines of the shaped and unshaped layouts may end at other places).
fn letters(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.nfkd().filter(|c| !c.is_whitespace()).collect();
    v.sort_unstable();
    v
}

/// Paragraphs of every Arabic-script letter, marks, joiners, other
/// right-to-left scripts, Latin, digits and brackets.
fn paragraph() -> impl Strategy<Value = String> {
    let letters = arabic_letters();
    let c = prop_oneof![
        10 => prop::sample::select(letters),
        3 => prop::sample::select(vec!['ل', 'ا', 'أ', 'آ', 'ی', 'ک', '\u{6D5}', '\u{6C0}']),
        3 => prop::sample::select(vec!['\u{64E}', '\u{651}', '\u{654}', '\u{670}', '\u{640}']),
        2 => prop::sample::select(vec!['\u{200C}', '\u{200D}', ' ', ' ', '(', ')', '1', '۴', 'a']),
        2 => prop::sample::select(vec!['ש', 'ל', '\u{5B8}', '\u{591}', 'ײ', 'ތ', '\u{7A6}']),
    ];
    prop::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}
