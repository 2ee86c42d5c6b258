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
//! Rule `LB20a` (Unicode 15.1: no break after a word-initial hyphen before a
//! letter) is applied after either, by [`after_word_initial_hyphen`].
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

/// Rule `LB20a` of UAX #14 (Unicode 15.1; `unicode-linebreak` implements
/// 15.0, which lacks it, and ICU applies it as its rule 20.09): no break
/// after a word-initial hyphen before a letter, so that `-tab-` in a Persian
/// message (or `-ب`) stays whole. True when the opportunity at byte `at` of
/// `text` is one this rule removes: the character before `at` is a hyphen
/// (U+002D or U+2010), the one after it a letter (class AL or HL), and the
/// hyphen starts the text or follows a space, a mandatory break, ZWSP, a
/// contingent break or glue (SP BK CR LF NL ZW CB GL). Both layout paths
/// drop such opportunities; `at` must be a char boundary.
#[inline]
pub fn after_word_initial_hyphen(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    // Nearly every opportunity follows a space: one byte decides.
    let hyphen = match at.checked_sub(1).and_then(|i| bytes.get(i)) {
        Some(b'-') => 1,
        Some(0x90) if at >= 3 && bytes[at - 3..at] == [0xE2, 0x80, 0x90] => 3,
        _ => return false,
    };
    hyphen_before_letter(text, at, hyphen)
}

/// [`after_word_initial_hyphen`] once a hyphen of `hyphen` bytes ends at `at`.
#[cold]
fn hyphen_before_letter(text: &str, at: usize, hyphen: usize) -> bool {
    use BreakClass::{
        Alphabetic, CarriageReturn, Contingent, HebrewLetter, LineFeed, Mandatory, NextLine,
        NonBreakingGlue, Space, ZeroWidthSpace,
    };
    let class = |c: char| break_property(u32::from(c));
    let letter = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| matches!(class(c), Alphabetic | HebrewLetter));
    letter
        && text.get(..at - hyphen).and_then(|before| before.chars().next_back()).is_none_or(|c| {
            matches!(
                class(c),
                Space
                    | Mandatory
                    | CarriageReturn
                    | LineFeed
                    | NextLine
                    | ZeroWidthSpace
                    | Contingent
                    | NonBreakingGlue
            )
        })
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

#[cfg(test)]
mod tests {
    use super::after_word_initial_hyphen;

    /// The opportunities of `text` that rule `LB20a` keeps.
    fn kept(text: &str) -> Vec<usize> {
        unicode_linebreak::linebreaks(text)
            .map(|(b, _)| b)
            .filter(|&b| !after_word_initial_hyphen(text, b))
            .collect()
    }

    #[test]
    fn no_break_after_a_word_initial_hyphen_before_a_letter() {
        // As ICU 72 breaks these (its rule 20.09).
        assert_eq!(kept("ab -tab- cd"), [3, 9, 11]);
        assert_eq!(kept("-tab"), [4]);
        assert_eq!(kept("ab -ت cd"), [3, 7, 9]);
        assert_eq!(kept("ab \u{2010}tab"), [3, 9]);
        // Inside a word, after a bracket, before a digit: the break stays.
        assert_eq!(kept("ab-cd"), [3, 5]);
        assert_eq!(kept("(-tab"), [2, 5]);
        assert_eq!(kept("ab -1 cd"), [3, 6, 8]);
        assert_eq!(kept("ab - cd"), [3, 5, 7]);
    }
}
