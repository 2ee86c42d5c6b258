//! Fast paths for the common case: news text made of letters, digits,
//! spaces and punctuation.
//!
//! # Embedding levels in one pass per rule
//!
//! [`resolve_simple`] resolves the levels of a paragraph whose characters
//! all come from a small table ([`char_info`]: Basic Latin to Arabic
//! Supplement, General Punctuation, Arabic Presentation Forms-A to -B, with
//! the variation selectors, vertical, half-mark, CJK compatibility and small
//! forms between them) and whose
//! bidi classes are among L, R, AL, EN, AN, ES, ET, CS, NSM, ON and WS. Such a
//! paragraph has no explicit embeddings, overrides or isolates (rules X1–X8
//! only set every level to the paragraph level), nothing for X9 to remove
//! (no BN), no segment or paragraph separator inside (no B or S): it is one
//! level run, hence one isolating run sequence whose `sos` and `eos` are both
//! the paragraph direction (X10). What is left of UAX #9 is P2–P3, W1–W7,
//! N0 (paired brackets, BD16), N1–N2 and I1–I2, each a linear pass over a
//! byte per character; a paragraph of one direction (right to left with no
//! L, EN or AN, or left to right with no R, AL or AN) skips the weak and
//! neutral rules, as all its characters are at the paragraph level. A
//! paragraph that needs more (any other class or character, or more than
//! 63 nested open brackets, where BD16 stops early) is not eligible and goes
//! to `unicode-bidi`.
//!
//! `tests/fast_path.rs` proves the equivalence: property tests compare this
//! with `unicode_bidi::ParagraphBidiInfo` on random strings of the eligible
//! alphabet (and check that strings mixing in other characters are refused
//! or agree), and every eligible case of `BidiCharacterTest.txt` goes
//! through it.
//!
//! # Grapheme clusters and widths
//!
//! The same table says, for each character, whether it extends the grapheme
//! cluster before it (marks: rule GB9/GB9a) and whether it is simple for
//! segmentation (no control, no prepended concatenation mark). A paragraph
//! of simple characters has a cluster boundary before every character that
//! does not extend (no CR/LF, controls, Hangul, regional indicators, ZWJ or
//! Indic consonants can occur), which [`simple_graphemes`] uses instead of
//! `unicode-segmentation`. Both this and the cached widths and mirroring
//! flags are computed from the crates themselves when the table is built,
//! so they agree with them by construction. So is each character's line
//! break class, for [`super::linebreak`].
//!
//! # Forcing the general path
//!
//! [`force_general_path`] (or the environment variable
//! `HASHIYA_GENERAL_PATH=1` at start) turns every fast path off, so that tests
//! can check that the output does not change.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use unicode_bidi::{BidiClass, BidiDataSource, HardcodedBidiData};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::linebreak::{Lb, class_of};
use crate::text::glyph::{Glyph, glyph_of};

/// The code point ranges the table covers.
/// The last one starts at Arabic Presentation Forms-A (U+FB50), so that the
/// forms the shaping draws for Persian, Urdu and the other languages
/// (`shape/forms.rs`) are looked up here as those of Arabic are.
const RANGES: [(u32, u32); 3] = [(0, 0x800), (0x2000, 0x2070), (0xFB50, 0xFF00)];

/// The class may take the fast bidi path.
const BIDI_OK: u8 = 1;
/// An opening paired bracket.
const OPEN: u8 = 2;
/// A closing paired bracket.
const CLOSE: u8 = 4;
/// Extends the grapheme cluster before it.
const EXTEND: u8 = 8;
/// Simple for grapheme segmentation.
const SIMPLE: u8 = 16;
/// Has a mirrored glyph (`Bidi_Mirroring_Glyph`).
const MIRRORED: u8 = 32;
/// `width` holds the width of the character as a one-character string.
const WIDTH_KNOWN: u8 = 64;
/// Fit for the direct text path ([`super::direct`]): takes the fast bidi
/// path, is simple for segmentation, is drawn as itself
/// ([`crate::text::glyph::Glyph::Plain`]) and its width is known.
const DIRECT: u8 = 128;

/// What the fast paths know of one character.
#[derive(Debug, Clone, Copy)]
pub struct CharInfo {
    /// Its bidi class.
    pub class: BidiClass,
    flags: u8,
    /// Its width as a one-character string, if known (see [`CharInfo::width`]).
    width: u8,
    /// For a paired bracket, the opening bracket of its pair.
    pair: u16,
    /// Its line break class for [`super::linebreak`].
    lb: Lb,
}

impl CharInfo {
    /// True when the character extends the grapheme cluster before it.
    pub fn extends(self) -> bool {
        self.flags & EXTEND != 0
    }

    /// True when the character is simple for grapheme segmentation.
    pub fn simple(self) -> bool {
        self.flags & SIMPLE != 0
    }

    /// True when the character has a mirrored glyph.
    pub fn mirrored(self) -> bool {
        self.flags & MIRRORED != 0
    }

    /// The width of the character as a one-character string.
    pub fn width(self) -> Option<usize> {
        (self.flags & WIDTH_KNOWN != 0).then_some(usize::from(self.width))
    }

    /// Its line break class, for [`super::linebreak::Breaker`].
    pub(crate) fn line_break(self) -> Lb {
        self.lb
    }

    /// True when the character may take the direct text path
    /// ([`super::direct`]); its width is then known.
    pub fn direct(self) -> bool {
        self.flags & DIRECT != 0
    }
}

static FORCE_GENERAL: AtomicBool = AtomicBool::new(false);
static ENV_GENERAL: OnceLock<bool> = OnceLock::new();

/// Turns the fast paths off (`true`) or back on (`false`), for every thread.
/// The output must not change; this exists so that tests can prove it.
pub fn force_general_path(force: bool) {
    FORCE_GENERAL.store(force, Ordering::Relaxed);
}

/// True when the fast paths are off.
pub fn general_path_forced() -> bool {
    FORCE_GENERAL.load(Ordering::Relaxed)
        || *ENV_GENERAL.get_or_init(|| {
            std::env::var_os("HASHIYA_GENERAL_PATH").is_some_and(|v| !v.is_empty() && v != "0")
        })
}

/// The table, built on first use.
pub(super) fn table() -> &'static [CharInfo] {
    static TABLE: OnceLock<Vec<CharInfo>> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

fn build_table() -> Vec<CharInfo> {
    use BidiClass::{AL, AN, CS, EN, ES, ET, L, NSM, ON, R, WS};
    let mut out = Vec::new();
    for (lo, hi) in RANGES {
        for u in lo..hi {
            let Some(c) = char::from_u32(u) else {
                out.push(CharInfo {
                    class: BidiClass::BN,
                    flags: 0,
                    width: 0,
                    pair: 0,
                    lb: Lb::Other,
                });
                continue;
            };
            let class = unicode_bidi::bidi_class(c);
            let mut flags = 0;
            let mut pair = 0;
            if matches!(class, L | R | AL | EN | AN | ES | ET | CS | NSM | ON | WS) {
                flags |= BIDI_OK;
            }
            if let Some(b) = HardcodedBidiData.bidi_matched_opening_bracket(c) {
                match u16::try_from(u32::from(b.opening)) {
                    Ok(p) if class == ON => {
                        pair = p;
                        flags |= if b.is_open { OPEN } else { CLOSE };
                    }
                    // A bracket this table cannot pair: leave it to the
                    // general path.
                    _ => flags &= !BIDI_OK,
                }
            }
            // A control (GB4/GB5) does not take the mark after it.
            let mut s = String::from(c);
            s.push('\u{300}');
            let control = s.graphemes(true).count() != 1;
            let mut s = String::from("a");
            s.push(c);
            let extends = s.graphemes(true).count() == 1;
            let mut s = String::from(c);
            s.push('a');
            let prepends = s.graphemes(true).count() == 1;
            if extends {
                flags |= EXTEND;
            }
            if !control && !prepends && !matches!(c, '\u{200D}' | '\r' | '\n') {
                flags |= SIMPLE;
            }
            if unicode_bidi_mirroring::get_mirrored(c).is_some() {
                flags |= MIRRORED;
            }
            let w = c.to_string().width();
            let width = u8::try_from(w).unwrap_or(0);
            if usize::from(width) == w {
                flags |= WIDTH_KNOWN;
            }
            let direct = BIDI_OK | SIMPLE | WIDTH_KNOWN;
            if flags & direct == direct && glyph_of(c) == Glyph::Plain(c) {
                flags |= DIRECT;
            }
            out.push(CharInfo { class, flags, width, pair, lb: class_of(c) });
        }
    }
    out
}

/// What the table knows of `c`, if it covers it.
#[inline]
pub fn char_info(c: char) -> Option<CharInfo> {
    lookup(table(), c)
}

/// [`char_info`] in `table`, fetched once by loops.
#[inline]
pub(super) fn lookup(table: &[CharInfo], c: char) -> Option<CharInfo> {
    let u = c as u32;
    let index = if u < RANGES[0].1 {
        u
    } else if (RANGES[1].0..RANGES[1].1).contains(&u) {
        RANGES[0].1 + u - RANGES[1].0
    } else if (RANGES[2].0..RANGES[2].1).contains(&u) {
        RANGES[0].1 + (RANGES[1].1 - RANGES[1].0) + u - RANGES[2].0
    } else {
        return None;
    };
    table.get(index as usize).copied()
}

/// Reusable buffers for [`resolve_simple`].
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    types: Vec<BidiClass>,
    /// Brackets in order: (char index, opening bracket, is opening).
    brackets: Vec<(u32, u16, bool)>,
    /// Bracket pairs found by BD16: (open, close) char indexes.
    pairs: Vec<(u32, u32)>,
    stack: Vec<(u16, u32)>,
    /// The class of the first strong character taken (rules P2, P3).
    first_strong: Option<BidiClass>,
    /// The classes taken, a bit per class (`1 << class as u32`).
    seen: u32,
}

/// The bit of `class` in [`Scratch::seen`].
const fn bit(class: BidiClass) -> u32 {
    1 << class as u32
}

/// Resolves the levels of `text` if it is eligible (see the module
/// documentation), writing one level and one original class per `char`;
/// returns the paragraph level, or `None` (buffers in an unspecified
/// state) when the paragraph needs the general algorithm.
///
/// `forced` is the paragraph level to impose (0 or 1), if any.
pub fn resolve_simple(
    text: &str,
    forced: Option<u8>,
    levels: &mut Vec<u8>,
    classes: &mut Vec<BidiClass>,
    scratch: &mut Scratch,
) -> Option<u8> {
    resolve_chars(text.chars(), forced, levels, classes, scratch)
}

/// Like [`resolve_simple`], on the paragraph's characters.
pub fn resolve_chars(
    chars: impl Iterator<Item = char>,
    forced: Option<u8>,
    levels: &mut Vec<u8>,
    classes: &mut Vec<BidiClass>,
    scratch: &mut Scratch,
) -> Option<u8> {
    if general_path_forced() {
        return None;
    }
    classes.clear();
    scratch.start();
    let table = table();
    for (i, c) in chars.enumerate() {
        let info = lookup(table, c)?;
        if !scratch.take(i, info, classes) {
            return None;
        }
    }
    scratch.resolve(forced, levels, classes)
}

impl Scratch {
    /// Starts a paragraph, before [`Scratch::take`] is given its characters.
    pub(super) fn start(&mut self) {
        self.brackets.clear();
        self.first_strong = None;
        self.seen = 0;
    }

    /// Takes the character at index `i` described by `info`, pushing its
    /// class to `classes`; false when the paragraph is not eligible.
    #[inline]
    pub(super) fn take(&mut self, i: usize, info: CharInfo, classes: &mut Vec<BidiClass>) -> bool {
        if !self.see(i, info) {
            return false;
        }
        classes.push(info.class);
        true
    }

    /// [`Scratch::take`] without pushing the class, for a caller that
    /// keeps the table entries.
    #[inline]
    pub(super) fn see(&mut self, i: usize, info: CharInfo) -> bool {
        use BidiClass::{AL, L, R};
        if info.flags & BIDI_OK == 0 {
            return false;
        }
        if info.flags & (OPEN | CLOSE) != 0 {
            self.brackets.push((i as u32, info.pair, info.flags & OPEN != 0));
        }
        self.seen |= bit(info.class);
        if self.first_strong.is_none() && matches!(info.class, L | R | AL) {
            self.first_strong = Some(info.class);
        }
        true
    }

    /// Resolves the levels of the paragraph whose characters were taken
    /// (their classes are `classes`), as [`resolve_simple`] does.
    pub(super) fn resolve(
        &mut self,
        forced: Option<u8>,
        levels: &mut Vec<u8>,
        classes: &[BidiClass],
    ) -> Option<u8> {
        let (para, uniform) = self.prepare(forced)?;
        if uniform {
            levels.clear();
            levels.resize(classes.len(), para);
        } else {
            self.finish(para, levels, classes);
        }
        Some(para)
    }

    /// The first half of [`Scratch::resolve`]: the paragraph level, and
    /// whether every character has it; `None` when the paragraph is not
    /// eligible. [`Scratch::finish`] gives the levels when they differ.
    pub(super) fn prepare(&mut self, forced: Option<u8>) -> Option<(u8, bool)> {
        use BidiClass::{AL, AN, EN, L, R};
        // P2, P3.
        let para = forced.unwrap_or(match self.first_strong {
            Some(R | AL) => 1,
            _ => 0,
        });
        // BD16 first, so that a refusal costs nothing more.
        self.pairs.clear();
        self.stack.clear();
        for &(i, opening, open) in &self.brackets {
            if open {
                if self.stack.len() >= 63 {
                    return None;
                }
                self.stack.push((opening, i));
            } else if let Some(k) = self.stack.iter().rposition(|&(o, _)| o == opening) {
                self.pairs.push((self.stack[k].1, i));
                self.stack.truncate(k);
            }
        }
        // One level for the whole paragraph. At a right-to-left paragraph
        // level with no L, EN or AN, every strong type is R (AL becomes R by
        // W3); no weak rule makes a number, so separators and terminators
        // become ON (W6), marks take R or ON (W1), and N0–N2 give every
        // neutral R or the embedding direction, R too: every level is 1.
        // At a left-to-right paragraph level with no R, AL or AN, every
        // strong type is L, W7 turns every EN into L, and the same holds with
        // L: every level is 0. `tests/fast_path.rs` checks both against
        // `unicode-bidi` on strings of these alphabets.
        let uniform = if para == 1 {
            self.seen & (bit(L) | bit(EN) | bit(AN)) == 0
        } else {
            self.seen & (bit(R) | bit(AL) | bit(AN)) == 0
        };
        Some((para, uniform))
    }

    /// The second half of [`Scratch::resolve`], after [`Scratch::prepare`]
    /// gave `para`: rules W1–W7, N0–N2, I1–I2 on the paragraph whose
    /// characters have `classes`, writing `levels`.
    pub(super) fn finish(&mut self, para: u8, levels: &mut Vec<u8>, classes: &[BidiClass]) {
        use BidiClass::{L, R};
        let e = if para % 2 == 1 { R } else { L };
        self.pairs.sort_unstable_by_key(|p| p.0);
        let types = &mut self.types;
        types.clear();
        types.extend_from_slice(classes);
        weak_types(types, e);
        paired_brackets(types, classes, &self.pairs, e);
        neutral_types_and_levels(types, e, para, levels);
    }
}

/// The strong direction a resolved type counts as in N0–N2 (EN and AN as R).
fn strong(t: BidiClass) -> Option<BidiClass> {
    use BidiClass::{AN, EN, L, R};
    match t {
        L => Some(L),
        R | EN | AN => Some(R),
        _ => None,
    }
}

/// Rules W1–W7 on the one isolating run sequence, `e` being its `sos`,
/// `eos` and embedding direction.
fn weak_types(types: &mut [BidiClass], e: BidiClass) {
    use BidiClass::{AL, AN, CS, EN, ES, ET, L, NSM, ON, R};
    let n = types.len();
    // W1 (sos is e; no isolates), W2, W3.
    let mut prev = e;
    let mut last_al = false;
    for t in types.iter_mut() {
        if *t == NSM {
            *t = prev;
        }
        prev = *t;
        match *t {
            L | R => last_al = false,
            AL => {
                last_al = true;
                *t = R;
            }
            EN if last_al => *t = AN,
            _ => {}
        }
    }
    // W4–W7 in one pass. `pre` is the type of the character before `i`
    // as W4 sees it (after W3). W4 only turns a separator between two
    // numbers into a number, so no separator's neighbour is changed by W4,
    // and no character next to a run of ETs is a separator W4 changes (its
    // other neighbour would have to be a number, not an ET): each rule can
    // read the types W3 left. W7 changes every EN, including those W4 and W5
    // made, while the last strong type (sos, L or R) is L.
    let mut pre = e;
    let mut after_l = e == L;
    let mut i = 0;
    while i < n {
        let t = types[i];
        match t {
            L => after_l = true,
            R => after_l = false,
            EN if after_l => types[i] = L,
            ES | CS => {
                let next = if i + 1 < n { types[i + 1] } else { e };
                let to = match (pre, t, next) {
                    (EN, _, EN) => EN,
                    (AN, CS, AN) => AN,
                    _ => ON,
                };
                types[i] = if to == EN && after_l { L } else { to };
            }
            ET => {
                let start = i;
                while i < n && types[i] == ET {
                    i += 1;
                }
                let to = if pre == EN || (i < n && types[i] == EN) {
                    if after_l { L } else { EN }
                } else {
                    ON
                };
                types[start..i].fill(to);
                pre = ET;
                continue;
            }
            _ => {}
        }
        pre = t;
        i += 1;
    }
}

/// Rule N0 on the bracket `pairs` (sorted by opening position); `classes`
/// are the original classes.
fn paired_brackets(
    types: &mut [BidiClass],
    classes: &[BidiClass],
    pairs: &[(u32, u32)],
    e: BidiClass,
) {
    use BidiClass::NSM;
    let n = types.len();
    // N0.
    for &(open, close) in pairs {
        let (open, close) = (open as usize, close as usize);
        let mut found_e = false;
        let mut found_not_e = false;
        for &t in &types[open + 1..close] {
            match strong(t) {
                Some(s) if s == e => {
                    found_e = true;
                    break;
                }
                Some(_) => found_not_e = true,
                None => {}
            }
        }
        let set = if found_e {
            e
        } else if found_not_e {
            types[..open].iter().rev().find_map(|&t| strong(t)).unwrap_or(e)
        } else {
            continue;
        };
        for at in [open, close] {
            types[at] = set;
            for k in at + 1..n {
                if classes[k] != NSM {
                    break;
                }
                types[k] = set;
            }
        }
    }
}

/// Rules N1 and N2, then I1 and I2: the level of each character, written
/// to `levels` (cleared first), `para` being the paragraph level and `e`
/// its direction.
fn neutral_types_and_levels(types: &[BidiClass], e: BidiClass, para: u8, levels: &mut Vec<u8>) {
    use BidiClass::{AN, EN, L, ON, R, WS};
    let level = |t: BidiClass| match (para % 2, t) {
        (0, R) | (1, L | EN | AN) => para + 1,
        (0, EN | AN) => para + 2,
        _ => para,
    };
    levels.clear();
    let n = types.len();
    let mut i = 0;
    let mut before = e;
    while i < n {
        let t = types[i];
        if matches!(t, ON | WS) {
            let start = i;
            while i < n && matches!(types[i], ON | WS) {
                i += 1;
            }
            let after = if i < n { strong(types[i]).unwrap_or(e) } else { e };
            let to = if before == after { before } else { e };
            levels.extend(std::iter::repeat_n(level(to), i - start));
        } else {
            before = strong(t).unwrap_or(e);
            levels.push(level(t));
            i += 1;
        }
    }
}

/// The grapheme clusters of a paragraph whose characters are all simple
/// for segmentation (see the module documentation), written to `out`
/// (cleared first) as (byte offset, first `char` index, index one past its
/// last `char`); false, with `out` in an unspecified state, when a
/// character is not simple and `unicode-segmentation` is needed, or when
/// `chars` are not the `text_len` bytes they should be.
pub fn simple_graphemes(chars: &[char], text_len: usize, out: &mut Vec<(u32, u32, u32)>) -> bool {
    out.clear();
    if general_path_forced() {
        return false;
    }
    let table = table();
    let mut start_byte = 0;
    let mut start_char = 0;
    let mut byte = 0;
    for (k, &c) in chars.iter().enumerate() {
        let Some(info) = lookup(table, c).filter(|i| i.simple()) else {
            return false;
        };
        if k > 0 && !info.extends() {
            out.push((start_byte, start_char, k as u32));
            start_byte = byte;
            start_char = k as u32;
        }
        byte += c.len_utf8() as u32;
    }
    if !chars.is_empty() {
        out.push((start_byte, start_char, chars.len() as u32));
    }
    byte as usize == text_len
}
