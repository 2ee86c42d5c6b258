//! Arabic shaping: contextual forms and the lam-alef ligature.
//!
//! Terminals draw one glyph per character and most do not join Arabic
//! letters, so the layout replaces each letter by the presentation form that
//! its neighbours call for, and lam followed by alef by one ligature cell.
//! The reference is GNU `FriBidi` (`fribidi_join_arabic` then
//! `fribidi_shape_arabic` with its default flags); `scripts/compare/shaping_agreement.py`
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
//! `FriBidi`, the characters removed by rule X9 (explicit embeddings and
//! overrides, boundary neutrals such as ZWJ, the soft hyphen and the BOM)
//! match any level, while a transparent character at another level than the
//! letter before it (an LRM among Arabic letters, say) breaks the join. The
//! isolate controls (U+2066–U+2069) break joining too, as in `FriBidi`.
//!
//! At an even (left-to-right) level, reached only through an override, the
//! joining is mirrored as `FriBidi` mirrors it, so that the glyphs still
//! connect on screen when drawn left to right: a right-joining letter joins
//! the letter after it and the forms swap sides.
//!
//! # Forms
//!
//! Letters map to their presentation forms in Arabic Presentation Forms-A
//! (U+FB50–U+FDFF: the letters of Persian, Urdu, Kurdish, Pashto, Sindhi,
//! Uyghur and Punjabi such as پ چ ژ ڤ گ ک ی ٹ ڈ ڑ ں ے ہ ھ ۆ ۇ ې, and the initial
//! and medial forms of alef maksura ى) and -B (U+FE70–U+FEFC: Arabic proper),
//! as `FriBidi` maps them. The table (`shape/forms.rs`) is generated from the
//! compatibility decompositions of the Unicode Character Database by
//! `scripts/gen-shaping-table.py`; which form a letter takes is decided here,
//! from its joining type in the Unicode version of `unicode-joining-type`.
//! A letter without the form its position calls for (noon ghunna ں has only
//! isolated and final forms; Pashto ټ ځ ډ ړ ښ ګ ڼ ۍ and Kurdish ڵ ڕ ێ ە have
//! none) keeps its nominal code point, as in `FriBidi`, and its neighbours
//! still join it. Non-joining letters (hamza U+0621) keep their code point.
//!
//! ZWNJ (U+200C) is non-joining: Persian writes it inside words to end a
//! letter's joining without a space (می‌خواهم: the yeh takes its final form,
//! the kheh after the ZWNJ its initial one). ZWJ (U+200D) is join-causing:
//! it keeps a letter joined on its side (a letter written alone in its
//! initial form, ب‍).
//!
//! ## Fonts
//!
//! A presentation form is drawn only if the terminal's font (or the
//! fallback font that fontconfig finds) has a glyph for it. Checked with
//! `scripts/font-coverage.py` (`fontTools`) on `DejaVu Sans Mono`, Noto Sans
//! Mono with Noto Sans Arabic, Liberation Mono, `FreeMono` and Unifont: every font
//! that has a letter has all of its presentation forms, so shaping never
//! turns a letter that a font draws into a missing glyph, and every form is
//! drawn as well as its nominal letter would be. The exceptions go the
//! other way: `DejaVu Sans Mono` has the forms of ڦ and ں without the letters.
//! The letters it lacks altogether (ہ ے ڈ ۆ ۇ ۈ ۋ ې ٱ …) are missing shaped or
//! not; fontconfig then takes them, forms and all, from a font that has them
//! (Noto Sans Arabic, `FreeMono` and Unifont have all 242). So no letter is
//! left nominal for the font's sake: the rule is tested on the recorded
//! coverage (`tests/data/font_coverage.txt`) by `tests/shaping_properties.rs`.
//!
//! The only ligature is lam-alef (U+FEF5–U+FEFC: lam followed by آ أ إ ا,
//! isolated when the lam does not join the letter before it, final when it
//! does), formed at right-to-left levels only. The lam's entry holds the
//! ligature and the alef's entry is `None`.
//!
//! Deliberate difference from `FriBidi`: the ligature is also formed when
//! transparent characters (harakat, such as the fatha of لَا or the tanween
//! of مثلًا, or invisible format characters such as a soft hyphen) stand
//! between the lam and the alef; they keep their place after the lam, so
//! marks sit on the ligature. `FriBidi` only ligates a lam and an alef
//! that are adjacent, and otherwise draws ﻟَﺎ, lam and alef joined without
//! the ligature, which Arabic typography never does. Measured with
//! `scripts/compare/shaping_agreement.py`, this costs no paragraph of the sample
//! articles and 1 of 1183 Arabic strings of Django's catalogues; it matters
//! only in vocalised text. A ZWJ between lam and alef is not transparent and
//! still prevents the ligature, as in `FriBidi`.
//!
//! # Cost
//!
//! One pass over the characters, a table lookup per character (none for
//! ASCII), no allocation beyond the output vector, which is reused.

mod forms;

use std::sync::OnceLock;

use unicode_bidi::bidi_class;
use unicode_joining_type::{JoiningType, get_joining_type};

use super::bidi::removed_by_x9;

/// The level of characters that join at any level (those removed by X9).
/// Odd, so that they count as right to left, as in `FriBidi`.
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
    joining_by_type(c)
}

/// The first character of [`arabic_joining`]'s table.
const ARABIC: u32 = 0x600;

/// [`joining_of`] for the Arabic block (U+0600–U+06FF), computed once by
/// [`joining_by_type`].
fn arabic_joining() -> &'static [Joining; 256] {
    static TABLE: OnceLock<[Joining; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            char::from_u32(ARABIC + i as u32).map_or(NON_JOINING, joining_by_type)
        })
    })
}

/// [`joining_of`] with the table of the Arabic block, fetched once by
/// [`shape_arabic`].
#[inline]
fn joining_in(arabic: &[Joining; 256], c: char) -> Joining {
    match arabic.get((c as u32).wrapping_sub(ARABIC) as usize) {
        Some(&joining) => joining,
        None => joining_of(c),
    }
}

/// The joining behaviour of `c` from its joining type.
fn joining_by_type(c: char) -> Joining {
    match get_joining_type(c) {
        JoiningType::DualJoining => Joining::Takes { right: true, left: true, shapes: true },
        JoiningType::RightJoining => Joining::Takes { right: true, left: false, shapes: true },
        JoiningType::LeftJoining => Joining::Takes { right: false, left: true, shapes: true },
        JoiningType::JoinCausing => Joining::Takes { right: true, left: true, shapes: false },
        JoiningType::Transparent if !matches!(c, '\u{2066}'..='\u{2069}') => Joining::Transparent,
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
    let removed = if u < 0x2000 { u == 0xAD || u == 0x180E } else { removed_by_x9(bidi_class(c)) };
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
        out[self.index] =
            Some(presentation_form(self.c, usize::from(right) | usize::from(left) << 1));
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
    let arabic = arabic_joining();
    for (index, (&c, &level)) in chars.iter().zip(levels).enumerate() {
        let joining = joining_in(arabic, c);
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
        let joined = joins && joins_before && pending.is_some_and(|p| levels_match(p.level, level));
        let mut current = Pending { index, c, level, joined_before: joined, shapes };
        if let Some(p) = pending {
            match (joined && rtl && p.c == LAM).then(|| lam_alef(c, p.joined_before)).flatten() {
                Some(ligature) => {
                    out[p.index] = Some(ligature);
                    out[index] = None;
                    current.shapes = false;
                }
                None => p.finish(joined, out),
            }
        }
        pending = Some(current);
        joins = joins_after;
    }
    if let Some(p) = pending {
        p.finish(false, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Shapes `text` with every character at `level`.
    fn shape_at(text: &str, level: u8) -> Vec<Option<char>> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        shape_arabic(&chars, &vec![level; chars.len()], &mut out);
        out
    }

    /// `text` shaped at the right-to-left level 1, as code points, 0 for `None`.
    fn rtl(text: &str) -> Vec<u32> {
        shape_at(text, 1).into_iter().map(|c| c.map_or(0, u32::from)).collect()
    }

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    // Expected code points below are read from the Unicode chart of Arabic
    // Presentation Forms-B (isolated, final, initial, medial in that order
    // for each letter: beh FE8F–FE92, yeh FEF1–FEF4, teh FE95–FE98, meem
    // FEE1–FEE4, hah FEA1–FEA4, dal FEA9–FEAA, seen FEB1–FEB4, lam FEDD–FEE0).

    #[test]
    fn word_takes_initial_medial_final_forms() {
        // بيت: beh initial, yeh medial, teh final.
        assert_eq!(rtl("بيت"), [0xFE91, 0xFEF4, 0xFE96]);
        // محمد: meem initial, hah medial, meem medial, dal final.
        assert_eq!(rtl("محمد"), [0xFEE3, 0xFEA4, 0xFEE4, 0xFEAA]);
        // A lone letter is isolated.
        assert_eq!(rtl("ب"), [0xFE8F]);
    }

    #[test]
    fn right_joining_letter_breaks_the_word() {
        // دب: dal joins only the letter before it, so it is isolated and beh too.
        assert_eq!(rtl("دب"), [0xFEA9, 0xFE8F]);
        // بدب: beh initial, dal final, beh isolated.
        assert_eq!(rtl("بدب"), [0xFE91, 0xFEAA, 0xFE8F]);
    }

    #[test]
    fn salam_has_a_final_lam_alef() {
        // سلام: seen initial, lam-alef final (the lam joins the seen), alef
        // absorbed, meem isolated (alef never joins the letter after it).
        assert_eq!(rtl("سلام"), [0xFEB3, 0xFEFC, 0, 0xFEE1]);
    }

    #[test]
    fn lam_alef_isolated_and_final_for_each_alef() {
        assert_eq!(rtl("لا"), [0xFEFB, 0]);
        assert_eq!(rtl("لآ"), [0xFEF5, 0]);
        assert_eq!(rtl("لأ"), [0xFEF7, 0]);
        assert_eq!(rtl("لإ"), [0xFEF9, 0]);
        assert_eq!(rtl("بلا"), [0xFE91, 0xFEFC, 0]);
        assert_eq!(rtl("بلآ"), [0xFE91, 0xFEF6, 0]);
        assert_eq!(rtl("بلأ"), [0xFE91, 0xFEF8, 0]);
        assert_eq!(rtl("بلإ"), [0xFE91, 0xFEFA, 0]);
        // الآن: alef isolated, lam-alef isolated (alef does not join the
        // lam after it), noon isolated.
        assert_eq!(rtl("الآن"), [0xFE8D, 0xFEF5, 0, 0xFEE5]);
        // Alef wasla and alef maksura make no ligature.
        assert_eq!(rtl("لٱ"), [0xFEDF, 0xFB51]);
        assert_eq!(rtl("لى"), [0xFEDF, 0xFEF0]);
    }

    #[test]
    fn marks_are_transparent_and_keep_their_code_point() {
        // بَب: the fatha stays, the two behs join across it.
        assert_eq!(rtl("بَب"), [0xFE91, 0x064E, 0xFE90]);
        // بُّت with two marks.
        assert_eq!(rtl("بُّت"), [0xFE91, 0x064F, 0x0651, 0xFE96]);
        // A mark at the start or alone is untouched.
        assert_eq!(rtl("َب"), [0x064E, 0xFE8F]);
    }

    #[test]
    fn lam_alef_forms_across_marks() {
        // لَا: the ligature, the fatha on it, the alef absorbed.
        assert_eq!(rtl("لَا"), [0xFEFB, 0x064E, 0]);
        // مثلًا: the tanween on the lam, final ligature.
        assert_eq!(rtl("مثلًا"), [0xFEE3, 0xFE9C, 0xFEFC, 0x064B, 0]);
        // Marks after the alef stay after it.
        assert_eq!(rtl("لأَ"), [0xFEF7, 0, 0x064E]);
    }

    #[test]
    fn zwj_joins_and_zwnj_breaks() {
        assert_eq!(rtl("ب\u{200D}"), [0xFE91, 0x200D]);
        assert_eq!(rtl("\u{200D}ب"), [0x200D, 0xFE90]);
        assert_eq!(rtl("\u{200D}ب\u{200D}"), [0x200D, 0xFE92, 0x200D]);
        assert_eq!(rtl("ب\u{200C}ب"), [0xFE8F, 0x200C, 0xFE8F]);
        // A ZWJ between lam and alef joins them but prevents the ligature.
        assert_eq!(rtl("ل\u{200D}ا"), [0xFEDF, 0x200D, 0xFE8E]);
    }

    #[test]
    fn tatweel_joins_both_sides() {
        assert_eq!(rtl("بـ"), [0xFE91, 0x0640]);
        assert_eq!(rtl("ـب"), [0x0640, 0xFE90]);
        assert_eq!(rtl("ـبـ"), [0x0640, 0xFE92, 0x0640]);
        // كـتـاب: kaf initial, tatweel, teh medial, tatweel, alef final, beh isolated.
        assert_eq!(rtl("كـتـاب"), [0xFEDB, 0x0640, 0xFE98, 0x0640, 0xFE8E, 0xFE8F]);
        // A tatweel between lam and alef prevents the ligature.
        assert_eq!(rtl("لـا"), [0xFEDF, 0x0640, 0xFE8E]);
    }

    #[test]
    fn non_arabic_text_is_untouched() {
        for text in ["hello, world 123 (x) [y] %s", "שלום עולם", "١٢٣ ٪ ؟ ، ؛", "ء"]
        {
            assert_eq!(rtl(text), codes(text), "{text}");
        }
        // Hamza is non-joining: it keeps its code point and breaks joining.
        assert_eq!(rtl("بءب"), [0xFE8F, 0x0621, 0xFE8F]);
        // Digits, spaces and Latin break joining.
        assert_eq!(rtl("ب1ب b"), [0xFE8F, 0x31, 0xFE8F, 0x20, 0x62]);
    }

    #[test]
    fn letters_at_different_levels_do_not_join() {
        let chars: Vec<char> = "بب".chars().collect();
        let mut out = Vec::new();
        shape_arabic(&chars, &[1, 3], &mut out);
        assert_eq!(out, [Some('\u{FE8F}'), Some('\u{FE8F}')]);
        // An LRM among Arabic letters sits at level 2 and breaks the join.
        let chars: Vec<char> = "ب\u{200E}ب".chars().collect();
        shape_arabic(&chars, &[1, 2, 1], &mut out);
        assert_eq!(out, [Some('\u{FE8F}'), Some('\u{200E}'), Some('\u{FE8F}')]);
        // An RLM at the letters' level is transparent.
        let chars: Vec<char> = "ب\u{200F}ب".chars().collect();
        shape_arabic(&chars, &[1, 1, 1], &mut out);
        assert_eq!(out, [Some('\u{FE91}'), Some('\u{200F}'), Some('\u{FE90}')]);
        // ZWJ and the soft hyphen are removed by X9: their level does not matter.
        let chars: Vec<char> = "ب\u{200D}ب\u{AD}ب".chars().collect();
        shape_arabic(&chars, &[1, 0, 1, 0, 1], &mut out);
        let expected = ['\u{FE91}', '\u{200D}', '\u{FE92}', '\u{AD}', '\u{FE90}'];
        assert_eq!(out, expected.map(Some));
        // Isolates break joining even when the levels agree.
        let chars: Vec<char> = "ب\u{2067}\u{2069}ب".chars().collect();
        shape_arabic(&chars, &[1, 1, 1, 1], &mut out);
        assert_eq!(out[0], Some('\u{FE8F}'));
        assert_eq!(out[3], Some('\u{FE8F}'));
    }

    #[test]
    fn levels_from_the_bidi_algorithm_separate_embeddings() {
        // An RLE embedding puts the second beh at level 3: no join.
        let text = "ب\u{202B}ب\u{202C}";
        let levels = crate::layout::bidi::ParagraphLevels::resolve(text, BaseDirection::Rtl);
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        shape_arabic(&chars, &levels.levels, &mut out);
        assert_eq!(out[0], Some('\u{FE8F}'));
        assert_eq!(out[2], Some('\u{FE8F}'));
    }

    use crate::layout::BaseDirection;

    #[test]
    fn even_levels_mirror_the_joining_as_fribidi_does() {
        // Under a left-to-right override the first beh takes the final form
        // and the second the initial form, so that they connect when drawn
        // left to right; a right-joining letter joins the one after it.
        assert_eq!(shape_at("بب", 2), [Some('\u{FE90}'), Some('\u{FE91}')]);
        assert_eq!(shape_at("دب", 2), [Some('\u{FEAA}'), Some('\u{FE91}')]);
        // No lam-alef at an even level: alef cannot join the lam before it.
        assert_eq!(shape_at("لا", 2), [Some('\u{FEDD}'), Some('\u{FE8D}')]);
    }

    // Expected code points below are read from the Unicode chart of Arabic
    // Presentation Forms-A (peh FB56–FB59, keheh FB8E–FB91, farsi yeh
    // FBFC–FBFF, gaf FB92–FB95, tteh FB66–FB69, ddal FB88–FB89, noon ghunna
    // FB9E–FB9F, heh goal FBA6–FBA9, yeh barree FBAE–FBAF, heh with yeh
    // above FBA4–FBA5, oe FBD9–FBDA, e FBE4–FBE7, alef maksura initial and
    // medial FBE8–FBE9, veh FB6A–FB6D).

    #[test]
    fn persian_letters_take_forms_a() {
        // آزمایش: alef madda isolated, zain isolated (alef does not join
        // the letter after it), meem initial, alef final, farsi yeh initial,
        // sheen final.
        assert_eq!(rtl("آزمایش"), [0xFE81, 0xFEAF, 0xFEE3, 0xFE8E, 0xFBFE, 0xFEB6]);
        // پیک: peh initial, farsi yeh medial, keheh final.
        assert_eq!(rtl("پیک"), [0xFB58, 0xFBFF, 0xFB8F]);
        // گ alone, then gaf medial between two behs.
        assert_eq!(rtl("گ"), [0xFB92]);
        assert_eq!(rtl("بگب"), [0xFE91, 0xFB95, 0xFE90]);
        // خانهٔ with hamza above, and ۀ (heh with yeh above) after a joining letter.
        assert_eq!(rtl("خانۀ"), [0xFEA7, 0xFE8E, 0xFEE7, 0xFBA5]);
        // Arabic ڤيديو: veh initial.
        assert_eq!(rtl("ڤيديو"), [0xFB6C, 0xFEF4, 0xFEAA, 0xFEF3, 0xFEEE]);
    }

    #[test]
    fn zwnj_ends_joining_inside_a_persian_word() {
        // می‌خواهم: meem initial, yeh final before the ZWNJ, kheh initial after it.
        assert_eq!(
            rtl("می\u{200C}خواهم"),
            [0xFEE3, 0xFBFD, 0x200C, 0xFEA7, 0xFEEE, 0xFE8D, 0xFEEB, 0xFEE2]
        );
    }

    #[test]
    fn urdu_letters_take_forms_a() {
        // ٹوٹ: tteh initial, waw final, tteh isolated.
        assert_eq!(rtl("ٹوٹ"), [0xFB68, 0xFEEE, 0xFB66]);
        // ہے: heh goal initial, yeh barree final.
        assert_eq!(rtl("ہے"), [0xFBA8, 0xFBAF]);
        // ڈال: ddal isolated (right-joining), alef isolated, lam isolated.
        assert_eq!(rtl("ڈال"), [0xFB88, 0xFE8D, 0xFEDD]);
        // میں: noon ghunna final.
        assert_eq!(rtl("میں"), [0xFEE3, 0xFBFF, 0xFB9F]);
    }

    #[test]
    fn letters_without_the_needed_form_stay_and_still_join() {
        // Noon ghunna has no initial or medial form: nominal in the middle
        // of a word, while the beh before it takes its initial form.
        assert_eq!(rtl("بںب"), [0xFE91, 0x06BA, 0xFE90]);
        // Pashto ښ has no presentation forms at all; its neighbours join it.
        assert_eq!(rtl("بښب"), [0xFE91, 0x069A, 0xFE90]);
        // Uyghur ې and ۆ: e initial, oe final.
        assert_eq!(rtl("ېۆ"), [0xFBE6, 0xFBDA]);
        // Alef maksura now has its Forms-A initial form before a beh.
        assert_eq!(rtl("ىب"), [0xFBE8, 0xFE90]);
    }

    #[test]
    fn the_arabic_table_is_the_joining_of_each_character() {
        let arabic = arabic_joining();
        for c in ('\u{5F0}'..='\u{710}').chain(['a', ' ', '\u{AD}', '\u{200D}', '\u{2067}']) {
            assert_eq!(joining_in(arabic, c), joining_of(c), "{c:?}");
        }
    }

    #[test]
    fn output_is_reused_and_cleared() {
        let mut out = vec![None; 10];
        shape_arabic(&['a'], &[0], &mut out);
        assert_eq!(out, [Some('a')]);
        shape_arabic(&[], &[], &mut out);
        assert!(out.is_empty());
    }

    /// Parses one line of a `FriBidi` case file: input, levels, expected output.
    #[allow(clippy::expect_used)] // the case files are ours
    fn parse_case(line: &str) -> (Vec<char>, Vec<u8>, Vec<Option<char>>) {
        let mut fields = line.split('\t');
        let mut next = || fields.next().expect("three fields").split(' ');
        let hex = |s: &str| char::from_u32(u32::from_str_radix(s, 16).expect("hex")).expect("char");
        let input = next().map(hex).collect();
        let levels = next().map(|s| s.parse().expect("level")).collect();
        let output = next().map(|s| (s != "-").then(|| hex(s))).collect();
        (input, levels, output)
    }

    /// Random short strings over letters, marks, joiners and bidi controls,
    /// shaped by GNU `FriBidi` 1.0.8 with its own levels
    /// (`scripts/compare/shaping_agreement.py --write-cases`). Set
    /// `HASHIYA_SHAPE_CASES` to a bigger file of the same format to run more.
    #[test]
    #[allow(clippy::expect_used)]
    fn agrees_with_fribidi_on_random_strings() {
        let extra = std::env::var("HASHIYA_SHAPE_CASES")
            .map(|path| std::fs::read_to_string(path).expect("case file"));
        let cases = match &extra {
            Ok(text) => text.as_str(),
            Err(_) => include_str!("shape/fribidi_cases.txt"),
        };
        let mut out = Vec::new();
        let mut failures = Vec::new();
        let mut count = 0;
        for line in cases.lines().filter(|l| !l.starts_with('#')) {
            let (input, levels, expected) = parse_case(line);
            shape_arabic(&input, &levels, &mut out);
            count += 1;
            if out != expected {
                failures.push(format!("{line}\n  got {out:?}"));
            }
        }
        assert!(count >= 400, "only {count} cases");
        assert!(
            failures.is_empty(),
            "{} of {count} differ:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// Characters that exercise every branch: letters of each joining type,
    /// lams and alefs, marks, tatweel, joiners, bidi controls, Latin.
    fn interesting_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => prop::sample::select(vec![
                'ل', 'ا', 'أ', 'إ', 'آ', 'ب', 'د', 'ة', 'ى', 'ء', 'پ', 'ی', 'ک', 'ں', 'ے', 'ۀ', 'ښ',
            ]),
            2 => prop::sample::select(vec!['\u{064E}', '\u{0651}', '\u{0670}', '\u{0301}']),
            2 => prop::sample::select(vec![
                '\u{0640}', '\u{200D}', '\u{200C}', '\u{200E}', '\u{202B}', '\u{202C}',
                '\u{2067}', '\u{2069}', '\u{AD}', '\u{FEFF}', ' ', 'a', '1',
            ]),
            1 => any::<char>(),
        ]
    }

    proptest! {
        #[test]
        fn one_entry_per_char_and_none_only_after_lam(
            input in prop::collection::vec((interesting_char(), 0u8..4), 0..24)
        ) {
            let chars: Vec<char> = input.iter().map(|&(c, _)| c).collect();
            let levels: Vec<u8> = input.iter().map(|&(_, l)| l).collect();
            let mut out = Vec::new();
            shape_arabic(&chars, &levels, &mut out);
            prop_assert_eq!(out.len(), chars.len());
            for (i, shaped) in out.iter().enumerate() {
                match shaped {
                    None => {
                        // An alef, after a lam holding a ligature, with only
                        // transparent characters between them.
                        prop_assert!(matches!(chars[i], 'ا' | 'أ' | 'إ' | 'آ'));
                        let lam = (0..i)
                            .rev()
                            .find(|&k| joining_of(chars[k]) != Joining::Transparent);
                        prop_assert!(lam.is_some());
                        let lam = lam.unwrap_or_default();
                        prop_assert_eq!(chars[lam], LAM);
                        let ligature = matches!(out[lam], Some('\u{FEF5}'..='\u{FEFC}'));
                        prop_assert!(ligature, "no ligature at the lam");
                    }
                    Some(c) if *c != chars[i] => {
                        // Only joining letters change, to presentation forms.
                        let form = ('\u{FE70}'..='\u{FEFC}').contains(c)
                            || ('\u{FB50}'..='\u{FDFF}').contains(c);
                        prop_assert!(form, "not a presentation form");
                        let letter =
                            matches!(joining_of(chars[i]), Joining::Takes { shapes: true, .. });
                        prop_assert!(letter, "not a joining letter");
                    }
                    Some(_) => {}
                }
            }
        }
    }
}
