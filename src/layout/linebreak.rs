//! Line break opportunities (UAX #14) for the common case, without
//! `unicode-linebreak`'s iterator chain.
//!
//! News text is made of letters, spaces, digits and a little punctuation.
//! For a paragraph whose characters all have one of the line break classes
//! AL, SP, CM, NU, IS, QU, OP, CP, CL, SY, PO, PR, EX, HY, BA and GL
//! (`Lb`, read from `unicode-linebreak` itself when the table of
//! [`super::fast`] is built), the rules of UAX #14 (Unicode 15.0, the
//! version of `unicode-linebreak`) that can apply are few, and
//! `Breaker::step` applies them with two values of context: the class of
//! the last character that is not a space (after rule LB9 has folded
//! combining marks into their base and LB10 has made a lone mark AL), and
//! whether spaces followed it. `Machine` runs the same steps from a
//! table computed at compile time by `Breaker::step` for every state
//! and class.
//!
//! The rules, in their order of precedence: LB2 (never at the start), LB7
//! (× SP), LB9 and LB10 (marks), LB12 (GL ×), `LB12a` (`[^SP BA HY] × GL`), LB13
//! (× CL CP EX IS SY), LB14 (OP SP* ×), LB15 (QU SP* × OP), LB18 (SP ÷),
//! LB19 (× QU, QU ×), LB21 (× BA HY), then the pairs of LB23 (AL × NU,
//! NU × AL), LB24 (PR PO × AL, AL × PR PO), LB25 (the numeric pairs), LB28
//! (AL × AL), LB29 (IS × AL) and LB30 (AL NU × OP, CP × AL NU; the table
//! holds no East Asian wide bracket), and LB31 (÷ everywhere else). The
//! other rules involve classes outside the subset.
//!
//! A character of any other class (`Lb::Other`) makes the caller use
//! `unicode-linebreak`. `tests/fast_path.rs` proves [`linebreaks_simple`]
//! equal to `unicode_linebreak::linebreaks` on random strings over every
//! character the fast path accepts, on mixed strings (refused or equal),
//! and on the sample articles and the test corpus.

use unicode_linebreak::{BreakClass, break_property};

/// The line break classes the fast path handles, and `Other` for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Lb {
    /// Any class outside the subset: `unicode-linebreak` decides.
    Other,
    /// Alphabetic.
    Al,
    /// Space.
    Sp,
    /// Combining mark.
    Cm,
    /// Numeric.
    Nu,
    /// Infix numeric separator.
    Is,
    /// Quotation.
    Qu,
    /// Open punctuation.
    Op,
    /// Close parenthesis.
    Cp,
    /// Close punctuation.
    Cl,
    /// Symbols allowing break after.
    Sy,
    /// Postfix numeric.
    Po,
    /// Prefix numeric.
    Pr,
    /// Exclamation or interrogation.
    Ex,
    /// Hyphen.
    Hy,
    /// Break after.
    Ba,
    /// Non-breaking glue.
    Gl,
    /// The start of the text (a context, never a character's class).
    Sot,
}

/// The class of `c` for the fast path.
pub(crate) fn class_of(c: char) -> Lb {
    match break_property(u32::from(c)) {
        BreakClass::Alphabetic => Lb::Al,
        BreakClass::Space => Lb::Sp,
        BreakClass::CombiningMark => Lb::Cm,
        BreakClass::Numeric => Lb::Nu,
        BreakClass::InfixSeparator => Lb::Is,
        BreakClass::Quotation => Lb::Qu,
        BreakClass::OpenPunctuation => Lb::Op,
        BreakClass::CloseParenthesis => Lb::Cp,
        BreakClass::ClosePunctuation => Lb::Cl,
        BreakClass::Symbol => Lb::Sy,
        BreakClass::Postfix => Lb::Po,
        BreakClass::Prefix => Lb::Pr,
        BreakClass::Exclamation => Lb::Ex,
        BreakClass::Hyphen => Lb::Hy,
        BreakClass::After => Lb::Ba,
        BreakClass::NonBreakingGlue => Lb::Gl,
        _ => Lb::Other,
    }
}

/// Every class, in the order of their values.
const CLASSES: [Lb; 18] = [
    Lb::Other,
    Lb::Al,
    Lb::Sp,
    Lb::Cm,
    Lb::Nu,
    Lb::Is,
    Lb::Qu,
    Lb::Op,
    Lb::Cp,
    Lb::Cl,
    Lb::Sy,
    Lb::Po,
    Lb::Pr,
    Lb::Ex,
    Lb::Hy,
    Lb::Ba,
    Lb::Gl,
    Lb::Sot,
];

/// True when LB23–LB30 forbid a break between `x` and `b` (no space
/// between them).
const fn joined_pair(x: Lb, b: Lb) -> bool {
    use Lb::{Al, Cl, Cp, Hy, Is, Nu, Op, Po, Pr, Sy};
    matches!(
        (x, b),
        // LB23, LB24, LB28, LB29, LB30 (CP × AL, AL × OP, CP × NU).
        (Al | Nu | Pr | Po | Is | Cp, Al)
            | (Al, Nu | Pr | Po | Op)
            // LB25.
            | (Cl | Cp | Nu, Po | Pr)
            | (Po | Pr, Op | Nu)
            | (Hy | Is | Nu | Sy | Cp, Nu)
            // LB30 (the rest).
            | (Nu, Op)
    )
}

/// The state of the line breaking of one paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Breaker {
    /// The class of the last character that is not a space (marks folded).
    last: Lb,
    /// Spaces came after it.
    spaces: bool,
}

impl Breaker {
    /// At the start of a paragraph.
    pub(crate) const fn new() -> Self {
        Self { last: Lb::Sot, spaces: false }
    }

    /// This state as an index of [`MACHINE`].
    const fn index(self) -> usize {
        self.last as usize * 2 + self.spaces as usize
    }

    /// Takes the next character, of class `b` (not [`Lb::Other`]); true
    /// when there is a break opportunity before it.
    pub(crate) const fn step(&mut self, b: Lb) -> bool {
        use Lb::{Al, Ba, Cl, Cm, Cp, Ex, Gl, Hy, Is, Op, Qu, Sot, Sp, Sy};
        let b = match b {
            // LB7.
            Sp => {
                self.spaces = true;
                return false;
            }
            // LB9: a mark takes the class of its base.
            Cm if !self.spaces && !matches!(self.last, Sot) => return false,
            // LB10.
            Cm => Al,
            b => b,
        };
        let (x, spaces) = (self.last, self.spaces);
        self.last = b;
        self.spaces = false;
        if matches!((x, b), (Al, Al)) && !spaces {
            // LB28, the common case.
            return false;
        }
        let forbidden = (!spaces
            && (matches!(x, Sot | Gl) || (matches!(b, Gl) && !matches!(x, Ba | Hy))))
            || matches!(b, Cl | Cp | Ex | Is | Sy)
            || matches!(x, Op)
            || (matches!(x, Qu) && matches!(b, Op));
        if forbidden {
            return false;
        }
        if spaces {
            // LB18.
            return true;
        }
        !(matches!(b, Qu | Ba | Hy) || matches!(x, Qu) || joined_pair(x, b))
    }
}

/// The states of [`Breaker`] (the last class and whether spaces followed),
/// then [`FAILED`].
const STATES: usize = CLASSES.len() * 2 + 1;

/// The state after a character of class [`Lb::Other`], which it never
/// leaves: the opportunities are for `unicode-linebreak` to find.
// 36 fits in a byte.
#[allow(clippy::cast_possible_truncation)]
const FAILED: u8 = (STATES - 1) as u8;

/// A break opportunity before the character, in an entry of [`MACHINE`].
const BREAK: u8 = 0x80;

/// [`Breaker::step`] as a table: the entry of state `s` and class `b` at
/// `s * CLASSES.len() + b` is the next state, with [`BREAK`] set when there
/// is a break opportunity before the character. Computed from
/// [`Breaker::step`] itself, for every state and class; class
/// [`Lb::Other`] leads to [`FAILED`].
static MACHINE: [u8; STATES * CLASSES.len()] = machine();

const fn machine() -> [u8; STATES * CLASSES.len()] {
    // Every entry not written below (those of `Other` and of `FAILED`)
    // leads to `FAILED`, with no opportunity.
    let mut out = [FAILED; STATES * CLASSES.len()];
    let mut last = 0;
    while last < CLASSES.len() {
        let mut spaces = 0;
        while spaces < 2 {
            let state = Breaker { last: CLASSES[last], spaces: spaces == 1 };
            // From 1: class 0 is `Other`.
            let mut b = 1;
            while b < CLASSES.len() {
                let mut next = state;
                let brk = next.step(CLASSES[b]);
                // The index is below 36: it fits.
                #[allow(clippy::cast_possible_truncation)]
                let index = next.index() as u8;
                out[state.index() * CLASSES.len() + b] = index | if brk { BREAK } else { 0 };
                b += 1;
            }
            spaces += 1;
        }
        last += 1;
    }
    out
}

/// [`Breaker`] by its table, [`MACHINE`]: the state of the line breaking
/// of one paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Machine(u8);

impl Machine {
    /// At the start of a paragraph.
    pub(crate) const fn new() -> Self {
        // The index of the starting state is below 36: it fits.
        #[allow(clippy::cast_possible_truncation)]
        Self(Breaker::new().index() as u8)
    }

    /// [`Breaker::step`]: takes the next character, of class `b`; true
    /// when there is a break opportunity before it. After a character of
    /// class [`Lb::Other`], never true again, and [`Machine::failed`].
    #[inline]
    pub(crate) fn step(&mut self, b: Lb) -> bool {
        let entry = MACHINE[usize::from(self.0) * CLASSES.len() + b as usize];
        self.0 = entry & !BREAK;
        entry & BREAK != 0
    }

    /// True when a character of class [`Lb::Other`] was taken: the
    /// opportunities found are not to be used.
    pub(crate) fn failed(self) -> bool {
        self.0 == FAILED
    }
}

/// The break opportunities of `text` as `unicode_linebreak::linebreaks`
/// gives them (byte offsets, the end of a text that is not empty last), written to `out`
/// (cleared first); false, with `out` in an unspecified state, when a
/// character is outside the fast path's classes or the fast paths are off.
pub fn linebreaks_simple(text: &str, out: &mut Vec<u32>) -> bool {
    out.clear();
    if super::fast::general_path_forced() {
        return false;
    }
    let table = super::fast::table();
    let mut breaker = Machine::new();
    for (i, c) in text.char_indices() {
        let Some(info) = super::fast::lookup(table, c) else {
            return false;
        };
        if breaker.step(info.line_break()) {
            out.push(i as u32);
        }
    }
    if breaker.failed() {
        return false;
    }
    // LB3, and nothing for an empty text.
    if !text.is_empty() {
        out.push(text.len() as u32);
    }
    true
}
