//! Arabic shaping: contextual forms and the lam-alef ligature.
//!
//! Terminals draw one glyph per character and most do not join Arabic
//! letters, so the layout replaces each letter by the presentation form that
//! its neighbours call for, and lam followed by alef by one ligature cell.
//! The reference is GNU FriBidi (`fribidi_join_arabic` then
//! `fribidi_shape_arabic` with its default flags); `scripts/compare-shaping.py`
//! measures the agreement on real text.
//!
//! # Joining
//!
//! Each character's joining type comes from `unicode-joining-type`:
//! dual-joining letters take all four forms, right-joining letters (alef,
//! dal, ra, waw, ta marbuta, …) only isolated and final, join-causing
//! characters (tatweel U+0640, ZWJ) join on both sides and keep their code
//! point, non-joining characters (ZWNJ, spaces, digits, Latin, …) break
//! joining. Transparent characters (harakat and other marks, most format
//! characters) are skipped when looking for a letter's neighbours and keep
//! their own code point, so they stay combining marks on the shaped letter.
//!
//! Two characters join only when they are at the same embedding level. As in
//! FriBidi, the characters removed by rule X9 (explicit embeddings and
//! overrides, boundary neutrals such as ZWJ, the soft hyphen and the BOM)
//! match any level, while a transparent character at another level than the
//! letter before it (an LRM among Arabic letters, say) breaks the join. The
//! isolate controls (U+2066–U+2069) break joining too, as in FriBidi.
//!
//! At an even (left-to-right) level, reached only through an override, the
//! joining is mirrored as FriBidi mirrors it, so that the glyphs still
//! connect on screen when drawn left to right: a right-joining letter joins
//! the letter after it and the forms swap sides.
//!
//! # Forms
//!
//! Letters map to Arabic Presentation Forms-B (U+FE70–U+FEFC, table in
//! [`forms`], generated from `UnicodeData.txt` by
//! `scripts/gen-shaping-table.py`). A letter without the needed form in
//! Forms-B is left as it is; FriBidi also uses the contextual forms of
//! Presentation Forms-A (Persian, Urdu and other letters such as پ گ ی, and
//! the initial and medial forms of alef maksura ى), which are not used here.
//! Non-joining letters (hamza U+0621) keep their code point, as in FriBidi.
//!
//! The only ligature is lam-alef (U+FEF5–U+FEFC: lam followed by آ أ إ ا,
//! isolated when the lam does not join the letter before it, final when it
//! does), formed at right-to-left levels only. The lam's entry holds the
//! ligature and the alef's entry is `None`. Like FriBidi, no ligature is
//! formed when a mark stands between the lam and the alef (لَا): the lam
//! then takes its initial or medial form and the alef its final form.
//!
//! # Cost
//!
//! One pass over the characters, a table lookup per character (none for
//! ASCII), no allocation beyond the output vector, which is reused.

mod forms;

use unicode_bidi::bidi_class;
use unicode_joining_type::{JoiningType, get_joining_type};

use super::bidi::removed_by_x9;

/// The level of characters that join at any level (those removed by X9).
/// Odd, so that they count as right to left, as in FriBidi.
const ANY_LEVEL: u8 = u8::MAX;

/// Arabic letter lam, the start of the only ligature.
const LAM: char = '\u{0644}';

/// How a character takes part in joining.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joining {
    /// Skipped when looking for neighbours (marks, most format characters).
    Transparent,
    /// Joins, or breaks joining. `right` and `left` say on which side the
    /// character can join when drawn right to left: `right` joins the
    /// character before it, `left` the one after it. `shapes` is true for
    /// letters with contextual forms.
    Takes { right: bool, left: bool, shapes: bool },
}

/// A character that joins nothing.
const NON_JOINING: Joining = Joining::Takes { right: false, left: false, shapes: false };

/// The joining behaviour of `c`.
fn joining_of(c: char) -> Joining {
    // Below the soft hyphen, everything is non-joining: the common case.
    if (c as u32) < 0xAD {
        return NON_JOINING;
    }
    match get_joining_type(c) {
        JoiningType::DualJoining => Joining::Takes { right: true, left: true, shapes: true },
        JoiningType::RightJoining => Joining::Takes { right: true, left: false, shapes: true },
        JoiningType::LeftJoining => Joining::Takes { right: false, left: true, shapes: true },
        JoiningType::JoinCausing => Joining::Takes { right: true, left: true, shapes: false },
        JoiningType::Transparent if !matches!(c, '\u{2066}'..='\u{2069}') => {
            Joining::Transparent
        }
        _ => NON_JOINING,
    }
}

/// The level at which `c` joins: [`ANY_LEVEL`] for the characters rule X9
/// removes, else its resolved `level`. Only asked of characters that can
/// join or are transparent.
fn joining_level(c: char, level: u8) -> u8 {
    let u = c as u32;
    // Below U+2000 the only such transparent or joining characters are the
    // soft hyphen and the Mongolian vowel separator; harakat are NSM.
    let removed = if u < 0x2000 {
        u == 0xAD || u == 0x180E
    } else {
        removed_by_x9(bidi_class(c))
    };
    if removed { ANY_LEVEL } else { level }
}

/// True when characters at levels `a` and `b` may join.
fn levels_match(a: u8, b: u8) -> bool {
    a == b || a == ANY_LEVEL || b == ANY_LEVEL
}

/// The presentation form of letter `c`: `form` is 0 isolated, 1 final,
/// 2 initial, 3 medial. `c` itself when it has no such form.
fn presentation_form(c: char, form: usize) -> char {
    let index = (c as u32).wrapping_sub(forms::FIRST) as usize;
    forms::FORMS
        .get(index)
        .map(|forms| forms[form])
        .filter(|&code| code != 0)
        .and_then(|code| char::from_u32(code.into()))
        .unwrap_or(c)
}

/// The lam-alef ligature for lam followed by `alef`, final when the lam
/// joins the letter before it; `None` when `alef` is no alef of a ligature.
fn lam_alef(alef: char, lam_joins_before: bool) -> Option<char> {
    let isolated = match alef {
        '\u{0622}' => 0xFEF5,
        '\u{0623}' => 0xFEF7,
        '\u{0625}' => 0xFEF9,
        '\u{0627}' => 0xFEFB,
        _ => return None,
    };
    char::from_u32(isolated + u32::from(lam_joins_before))
}

/// The last character that took part in joining, waiting for the next one
/// to know its form.
#[derive(Debug, Clone, Copy)]
struct Pending {
    index: usize,
    c: char,
    level: u8,
    /// Joined to the character before it.
    joined_before: bool,
    /// Has contextual forms and is not already part of a ligature.
    shapes: bool,
}

impl Pending {
    /// Writes the form of this character now that we know whether it joins
    /// the character after it.
    fn finish(self, joined_after: bool, out: &mut [Option<char>]) {
        if !self.shapes {
            return;
        }
        // Drawn right to left, the final form joins on the right (to the
        // character before), the initial form on the left (to the one after).
        // At an even level the sides swap, as in FriBidi.
        let (right, left) = if self.level % 2 == 1 {
            (self.joined_before, joined_after)
        } else {
            (joined_after, self.joined_before)
        };
        out[self.index] = Some(presentation_form(self.c, usize::from(right) | usize::from(left) << 1));
    }
}

/// Shapes `chars` (one paragraph, logical order, resolved `levels`) into
/// `out`, one entry per character: the presentation form to draw, or `None`
/// for a character absorbed into the ligature begun by the character before
/// it (the alef of lam-alef).
///
/// `chars` and `levels` should have the same length; characters without a
/// level are left unshaped.
pub fn shape_arabic(chars: &[char], levels: &[u8], out: &mut Vec<Option<char>>) {
    debug_assert_eq!(chars.len(), levels.len());
    out.clear();
    out.extend(chars.iter().map(|&c| Some(c)));
    let mut pending: Option<Pending> = None;
    // The pending character can join the next one, and nothing between them
    // has broken the join.
    let mut joins = false;
    for (index, (&c, &level)) in chars.iter().zip(levels).enumerate() {
        let joining = joining_of(c);
        let Joining::Takes { right, left, shapes } = joining else {
            if joins && pending.is_some_and(|p| !levels_match(p.level, joining_level(c, level))) {
                joins = false;
            }
            continue;
        };
        if !(right || left) {
            // Non-joining: its level does not matter.
            if let Some(p) = pending.take() {
                p.finish(false, out);
            }
            joins = false;
            continue;
        }
        let level = joining_level(c, level);
        let rtl = level % 2 == 1;
        let (joins_before, joins_after) = if rtl { (right, left) } else { (left, right) };
        let joined =
            joins && joins_before && pending.is_some_and(|p| levels_match(p.level, level));
        let mut current = Pending { index, c, level, joined_before: joined, shapes };
        if let Some(p) = pending {
            match lam_alef(c, p.joined_before) {
                Some(ligature) if joined && rtl && p.c == LAM && p.index + 1 == index => {
                    out[p.index] = Some(ligature);
                    out[index] = None;
                    current.shapes = false;
                }
                _ => p.finish(joined, out),
            }
        }
        pending = Some(current);
        joins = joins_after;
    }
    if let Some(p) = pending {
        p.finish(false, out);
    }
}
