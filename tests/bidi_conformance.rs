//! UAX #9 conformance of Hashiya's line reordering.
//!
//! Every case of `tests/data/BidiCharacterTest.txt` (Unicode 15.0) goes
//! through our own code: [`ParagraphLevels::resolve`] (levels by
//! `unicode-bidi`), [`reset_line_levels`] (rule L1, ours) on the whole line,
//! then [`visual_order`] (rule L2, ours) on the characters that rule X9 keeps.
//! The resolved paragraph level, every level (field 3 of the file; `x` means
//! removed by X9) and the visual order (field 4) must match.
//!
//! `tests/data/BidiTest.txt` (Unicode 15.0, 770,241 cases: sequences of
//! bidi classes, each played by a sample character of that class) goes
//! through the same code.
//!
//! A further test runs the cases of `BidiCharacterTest.txt` through the
//! whole [`Layouter`] (no shaping, no wrapping) and checks that its cells come out in the order the
//! file prescribes, so that what the engine does around L1/L2 (clustering,
//! hiding format controls) cannot break conformance either.
//!
//! # Which cases apply
//!
//! `unicode-bidi` 0.3.18 resolves levels with Unicode 16.0 data, the file is
//! from 15.0. A case is not applicable only when it holds a code point whose
//! `Bidi_Class` differs between the two versions. [`CLASS_CHANGED`] lists
//! every such code point: it was computed by comparing
//! `DerivedBidiClass-15.0.0.txt` (data lines over its `@missing` defaults)
//! with the `bidi_class_table` that `unicode_bidi::bidi_class` searches, for
//! all of U+0000..U+10FFFF; [`class_changes_are_what_unicode_bidi_returns`]
//! pins the 16.0 side, so an upgrade of `unicode-bidi` shows up here.
//! Of those code points, only six were assigned in 15.0 (U+1171E AHOM
//! CONSONANT SIGN MEDIAL RA became a spacing mark, NSM → L; the five
//! mathematical PARTIAL DIFFERENTIAL / NABLA forms U+1D6C1, U+1D6FB, U+1D735,
//! U+1D76F, U+1D7A9 went L → ON); all others were unassigned in 15.0 (new in
//! 15.1/16.0, or unassigned code points whose default the crate does not
//! apply, such as noncharacters, BN in the UCD, L in the crate).
//! **None of the 78 distinct code points used by BidiCharacterTest.txt is in
//! the list**, so every case applies; the filter stays so that a newer file
//! or crate is handled honestly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreadable_literal)]

mod common;

use std::fmt::Write as _;

use common::bidi_character_test::{Case, cases};

use hashiya::layout::bidi::{ParagraphLevels, removed_by_x9, reset_line_levels, visual_order};
use hashiya::layout::{BaseDirection, LayoutOptions, Layouter};
use unicode_bidi::BidiClass::{self, AN, EN, L, NSM, ON, R};

/// Whether a code point of [`CLASS_CHANGED`] was assigned in Unicode 15.0.
#[derive(Debug, Clone, Copy)]
enum Ucd15 {
    /// Assigned in 15.0: a real change of its `Bidi_Class`.
    Assigned,
    /// Unassigned in 15.0 (the class shown is the 15.0 default).
    Unassigned,
}

/// Code point ranges whose `Bidi_Class` in Unicode 15.0 (as a string) differs
/// from what `unicode_bidi::bidi_class` returns (16.0 data).
const CLASS_CHANGED: &[(u32, u32, Ucd15, &str, BidiClass)] = {
    use Ucd15::{Assigned, Unassigned};
    &[
        (0x086B, 0x086F, Unassigned, "AL", R),
        (0x088F, 0x088F, Unassigned, "AL", R),
        (0x0892, 0x0896, Unassigned, "AL", R),
        (0x0897, 0x0897, Unassigned, "AL", NSM),
        (0x2065, 0x2065, Unassigned, "BN", L),
        (0x2427, 0x2429, Unassigned, "L", ON),
        (0x2FFC, 0x2FFF, Unassigned, "L", ON),
        (0x31E4, 0x31E5, Unassigned, "L", ON),
        (0x31EF, 0x31EF, Unassigned, "L", ON),
        (0xFDD0, 0xFDEF, Unassigned, "BN", L),
        (0xFFF0, 0xFFF8, Unassigned, "BN", L),
        (0xFFFE, 0xFFFF, Unassigned, "BN", L),
        (0x10D28, 0x10D2F, Unassigned, "AL", R),
        (0x10D3A, 0x10D3F, Unassigned, "AL", R),
        (0x10D40, 0x10D49, Unassigned, "R", AN),
        (0x10D69, 0x10D6D, Unassigned, "R", NSM),
        (0x10D6E, 0x10D6E, Unassigned, "R", ON),
        (0x10EC0, 0x10EC1, Unassigned, "AL", R),
        (0x10EC5, 0x10EFB, Unassigned, "AL", R),
        (0x10EFC, 0x10EFC, Unassigned, "AL", NSM),
        (0x10F5A, 0x10F6F, Unassigned, "AL", R),
        (0x113BB, 0x113C0, Unassigned, "L", NSM),
        (0x113CE, 0x113CE, Unassigned, "L", NSM),
        (0x113D0, 0x113D0, Unassigned, "L", NSM),
        (0x113D2, 0x113D2, Unassigned, "L", NSM),
        (0x113E1, 0x113E2, Unassigned, "L", NSM),
        (0x1171E, 0x1171E, Assigned, "NSM", L),
        (0x11F5A, 0x11F5A, Unassigned, "L", NSM),
        (0x1611E, 0x16129, Unassigned, "L", NSM),
        (0x1612D, 0x1612F, Unassigned, "L", NSM),
        (0x1CC00, 0x1CCD5, Unassigned, "L", ON),
        (0x1CCF0, 0x1CCF9, Unassigned, "L", EN),
        (0x1CD00, 0x1CEB3, Unassigned, "L", ON),
        (0x1D6C1, 0x1D6C1, Assigned, "L", ON),
        (0x1D6FB, 0x1D6FB, Assigned, "L", ON),
        (0x1D735, 0x1D735, Assigned, "L", ON),
        (0x1D76F, 0x1D76F, Assigned, "L", ON),
        (0x1D7A9, 0x1D7A9, Assigned, "L", ON),
        (0x1E5EE, 0x1E5EF, Unassigned, "L", NSM),
        (0x1EC70, 0x1EC70, Unassigned, "AL", R),
        (0x1ECB5, 0x1ECBF, Unassigned, "AL", R),
        (0x1ED00, 0x1ED00, Unassigned, "AL", R),
        (0x1ED3E, 0x1ED4F, Unassigned, "AL", R),
        (0x1F8B2, 0x1F8BB, Unassigned, "L", ON),
        (0x1F8C0, 0x1F8C1, Unassigned, "L", ON),
        (0x1FA89, 0x1FA89, Unassigned, "L", ON),
        (0x1FA8F, 0x1FA8F, Unassigned, "L", ON),
        (0x1FABE, 0x1FABE, Unassigned, "L", ON),
        (0x1FAC6, 0x1FAC6, Unassigned, "L", ON),
        (0x1FADC, 0x1FADC, Unassigned, "L", ON),
        (0x1FADF, 0x1FADF, Unassigned, "L", ON),
        (0x1FAE9, 0x1FAE9, Unassigned, "L", ON),
        (0x1FBCB, 0x1FBEF, Unassigned, "L", ON),
        (0x1FFFE, 0x1FFFF, Unassigned, "BN", L),
        (0x2FFFE, 0x2FFFF, Unassigned, "BN", L),
        (0x3FFFE, 0x3FFFF, Unassigned, "BN", L),
        (0x4FFFE, 0x4FFFF, Unassigned, "BN", L),
        (0x5FFFE, 0x5FFFF, Unassigned, "BN", L),
        (0x6FFFE, 0x6FFFF, Unassigned, "BN", L),
        (0x7FFFE, 0x7FFFF, Unassigned, "BN", L),
        (0x8FFFE, 0x8FFFF, Unassigned, "BN", L),
        (0x9FFFE, 0x9FFFF, Unassigned, "BN", L),
        (0xAFFFE, 0xAFFFF, Unassigned, "BN", L),
        (0xBFFFE, 0xBFFFF, Unassigned, "BN", L),
        (0xCFFFE, 0xCFFFF, Unassigned, "BN", L),
        (0xDFFFE, 0xE0000, Unassigned, "BN", L),
        (0xE0002, 0xE001F, Unassigned, "BN", L),
        (0xE0080, 0xE00FF, Unassigned, "BN", L),
        (0xE01F0, 0xE0FFF, Unassigned, "BN", L),
        (0xEFFFE, 0xEFFFF, Unassigned, "BN", L),
        (0xFFFFE, 0xFFFFF, Unassigned, "BN", L),
        (0x10FFFE, 0x10FFFF, Unassigned, "BN", L),
    ]
};

/// True when `c` has a different `Bidi_Class` in Unicode 15.0.
fn class_changed(c: char) -> bool {
    let c = c as u32;
    CLASS_CHANGED.iter().any(|&(lo, hi, ..)| (lo..=hi).contains(&c))
}

fn hex(text: &str) -> String {
    text.chars().map(|c| format!("{:04X}", c as u32)).collect::<Vec<_>>().join(" ")
}

/// Our L1 + L2 on one case: `Err` with a description when it does not match.
fn check_reordering(case: &Case) -> Result<(), String> {
    let p = ParagraphLevels::resolve(&case.text, case.base);
    if let Some(want) = case.paragraph_level {
        if p.paragraph_level != want {
            return Err(format!("paragraph level {} (want {want})", p.paragraph_level));
        }
    }
    if p.levels.len() != case.levels.len() {
        return Err(format!("{} levels for {} expected", p.levels.len(), case.levels.len()));
    }
    let mut levels = p.levels.clone();
    reset_line_levels(&p.classes, &mut levels, p.paragraph_level);
    let mut kept = Vec::new();
    for (i, want) in case.levels.iter().enumerate() {
        let removed = removed_by_x9(p.classes[i]);
        match *want {
            None if removed => {}
            None => return Err(format!("char {i} ({:?}) kept, the file removes it", p.classes[i])),
            Some(_) if removed => {
                return Err(format!("char {i} ({:?}) removed, the file keeps it", p.classes[i]));
            }
            Some(want) if want != levels[i] => {
                return Err(format!(
                    "char {i} ({:?}) at level {} (want {want})",
                    p.classes[i], levels[i]
                ));
            }
            Some(_) => kept.push(i),
        }
    }
    let kept_levels: Vec<u8> = kept.iter().map(|&i| levels[i]).collect();
    let mut order = Vec::new();
    visual_order(&kept_levels, &mut order);
    let got: Vec<usize> = order.iter().map(|&k| kept[k]).collect();
    if got != case.order {
        return Err(format!("order {got:?} (want {:?})", case.order));
    }
    Ok(())
}

/// The whole layout engine on one case, compared cell by cell: `Ok(false)`
/// when the case cannot be compared at cluster level (a cluster whose
/// characters are not contiguous in the expected order).
fn check_engine(layouter: &mut Layouter, case: &Case) -> Result<bool, String> {
    let options = LayoutOptions {
        width: None,
        shape: false,
        base: case.base,
        mark_placeholder: false,
        reorder: true,
    };
    let p = layouter.layout(&case.text, &options);
    if Some(u8::from(p.rtl)) != case.paragraph_level {
        return Err(format!("rtl = {} for paragraph level {:?}", p.rtl, case.paragraph_level));
    }
    if p.lines.len() != 1 {
        return Err(format!("{} lines without a width", p.lines.len()));
    }
    // Position of every kept character in the expected visual order.
    let mut position = vec![None; case.levels.len()];
    for (pos, &i) in case.order.iter().enumerate() {
        position[i] = Some(pos);
    }
    // Each cell, left to right, stands at the expected positions of its kept chars.
    let mut got = Vec::new();
    for cell in p.line_cells(&p.lines[0]) {
        let mut pos: Vec<usize> = (cell.logical.start as usize..cell.logical.end as usize)
            .filter_map(|i| position[i])
            .collect();
        if pos.is_empty() {
            continue;
        }
        pos.sort_unstable();
        if pos.windows(2).any(|w| w[1] != w[0] + 1) {
            return Ok(false);
        }
        got.push(pos[0]);
    }
    let covered: usize = p
        .line_cells(&p.lines[0])
        .iter()
        .map(|c| {
            (c.logical.start as usize..c.logical.end as usize)
                .filter(|&i| position[i].is_some())
                .count()
        })
        .sum();
    if covered != case.order.len() {
        return Err(format!("cells show {covered} of {} kept characters", case.order.len()));
    }
    if got.windows(2).any(|w| w[0] > w[1]) {
        let cells: Vec<_> = p.line_cells(&p.lines[0]).iter().map(|c| c.logical.clone()).collect();
        return Err(format!("cells out of order: {cells:?} (want {:?})", case.order));
    }
    Ok(true)
}

fn report(name: &str, failures: &[(usize, String, String)], total: usize) -> String {
    let mut msg =
        format!("{name}: {} of {total} applicable cases fail; first ones:\n", failures.len());
    for (line, text, why) in failures.iter().take(15) {
        let _ = writeln!(msg, "  line {line}: [{text}] {why}");
    }
    msg
}

#[test]
fn bidi_character_test_through_our_l1_and_l2() {
    let cases = cases();
    let total = cases.len();
    let applicable: Vec<&Case> =
        cases.iter().filter(|c| !c.text.chars().any(class_changed)).collect();
    let mut failures = Vec::new();
    for case in &applicable {
        if let Err(why) = check_reordering(case) {
            failures.push((case.line, hex(&case.text), why));
        }
    }
    let passed = applicable.len() - failures.len();
    println!(
        "BidiCharacterTest.txt: {total} cases, {} applicable, {passed} passed",
        applicable.len()
    );
    assert_eq!(total, 91_707, "the shipped file has 91,707 cases");
    assert!(failures.is_empty(), "{}", report("L1/L2", &failures, applicable.len()));
}

#[test]
fn bidi_character_test_through_the_layout_engine() {
    let cases = cases();
    let mut layouter = Layouter::new();
    let mut failures = Vec::new();
    let (mut applicable, mut compared) = (0usize, 0usize);
    for case in cases.iter().filter(|c| !c.text.chars().any(class_changed)) {
        applicable += 1;
        match check_engine(&mut layouter, case) {
            Ok(true) => compared += 1,
            Ok(false) => {}
            Err(why) => failures.push((case.line, hex(&case.text), why)),
        }
    }
    println!(
        "layout engine: {} cases, {applicable} applicable, {compared} comparable cell by cell, {} failed",
        cases.len(),
        failures.len()
    );
    assert!(
        compared * 10 > applicable * 9,
        "too few cases comparable at cluster level: {compared}"
    );
    assert!(failures.is_empty(), "{}", report("engine", &failures, applicable));
}

#[test]
fn class_changes_are_what_unicode_bidi_returns() {
    for &(lo, hi, ucd15, old, new) in CLASS_CHANGED {
        for c in (lo..=hi).filter_map(char::from_u32) {
            assert_eq!(
                unicode_bidi::bidi_class(c),
                new,
                "U+{:04X} ({ucd15:?}, {old} in 15.0)",
                c as u32
            );
            assert_ne!(format!("{new:?}"), old, "U+{:04X} listed but unchanged", c as u32);
        }
    }
}

/// A character for each bidi class in `BidiTest.txt`, whose class is the same
/// in Unicode 15.0 and 16.0 and which is not a paired bracket.
const CLASS_SAMPLES: &[(&str, char)] = &[
    ("L", 'a'),
    ("R", '\u{05D0}'),
    ("AL", '\u{0627}'),
    ("EN", '0'),
    ("ES", '+'),
    ("ET", '#'),
    ("AN", '\u{0660}'),
    ("CS", ','),
    ("NSM", '\u{0300}'),
    ("BN", '\u{00AD}'),
    ("B", '\u{2029}'),
    ("S", '\t'),
    ("WS", ' '),
    ("ON", '!'),
    ("LRE", '\u{202A}'),
    ("LRO", '\u{202D}'),
    ("RLE", '\u{202B}'),
    ("RLO", '\u{202E}'),
    ("PDF", '\u{202C}'),
    ("LRI", '\u{2066}'),
    ("RLI", '\u{2067}'),
    ("FSI", '\u{2068}'),
    ("PDI", '\u{2069}'),
];

fn sample_of(class: &str) -> char {
    CLASS_SAMPLES.iter().find(|(name, _)| *name == class).map(|&(_, c)| c).unwrap()
}

#[test]
fn class_samples_have_their_class() {
    for &(name, c) in CLASS_SAMPLES {
        assert_eq!(format!("{:?}", unicode_bidi::bidi_class(c)), name, "U+{:04X}", c as u32);
        assert!(!class_changed(c), "U+{:04X}", c as u32);
    }
}

/// `BidiTest.txt` (Unicode 15.0): sequences of bidi classes, each class
/// played by a sample character, through the same code as
/// BidiCharacterTest.txt, for each paragraph direction of the bitset (no
/// expected paragraph level is given). As the samples' classes did not change
/// in 16.0, every case applies.
#[test]
fn bidi_test_through_our_l1_and_l2() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/BidiTest.txt");
    let data = std::fs::read_to_string(path).expect("tests/data/BidiTest.txt");
    let mut levels: Vec<Option<u8>> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let (mut total, mut failures) = (0usize, Vec::new());
    for (i, line) in data.lines().enumerate() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("@Levels:") {
            levels = rest
                .split_whitespace()
                .map(|l| if l == "x" { None } else { Some(l.parse().unwrap()) })
                .collect();
            continue;
        }
        if let Some(rest) = line.strip_prefix("@Reorder:") {
            order = rest.split_whitespace().map(|o| o.parse().unwrap()).collect();
            continue;
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with('@') {
            continue;
        }
        let (input, bits) = line.split_once(';').unwrap();
        let text: String = input.split_whitespace().map(sample_of).collect();
        let bits: u8 = bits.trim().parse().unwrap();
        for (bit, base, paragraph_level) in [
            (1, BaseDirection::Auto, None),
            (2, BaseDirection::Ltr, Some(0)),
            (4, BaseDirection::Rtl, Some(1)),
        ] {
            if bits & bit == 0 {
                continue;
            }
            total += 1;
            let case = Case {
                line: i + 1,
                text: text.clone(),
                base,
                paragraph_level,
                levels: levels.clone(),
                order: order.clone(),
            };
            if let Err(why) = check_reordering(&case) {
                failures.push((case.line, format!("{input} ({base:?})"), why));
            }
        }
    }
    println!("BidiTest.txt: {total} cases, {total} applicable, {} passed", total - failures.len());
    assert_eq!(total, 770_241, "the shipped file has 770,241 cases");
    assert!(failures.is_empty(), "{}", report("BidiTest", &failures, total));
}
