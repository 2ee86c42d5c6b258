//! Re-anchoring: finding every annotation's quoted text in the article.
//!
//! Every span is checked on load: if the article's text at `start..end` is
//! the quoted `text`, the span stays. Otherwise (the article was edited, or
//! the sidecar was edited by hand) the quoted text is searched for, exactly,
//! nearest to where the span is expected: its old offset shifted by the
//! displacement of the previous span (in document order) that had to move,
//! so that after an insertion every later span lands on its own copy of a
//! repeated word. A claim's cue is searched for near its old offset shifted
//! as much as its claim. A span (or a claim whose cue) that cannot be found
//! is an **orphan**: kept unchanged, flagged, never dropped.

use std::collections::HashMap;
use std::ops::Range;

use super::model::{Claim, Entity};
use crate::text::document::count_chars;

/// What re-anchoring did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnchorReport {
    /// Ids of the annotations whose offsets changed, in document order.
    pub moved: Vec<String>,
    /// Ids of the annotations whose text was not found, in document order.
    pub orphans: Vec<String>,
}

/// `char` offsets to byte offsets and back in logarithmic-plus-constant time.
pub(crate) struct CharIndex<'a> {
    text: &'a str,
    /// Byte offset of every `STEP`-th `char`.
    marks: Vec<usize>,
    chars: usize,
}

const STEP: usize = 32;

impl<'a> CharIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut marks = Vec::with_capacity(text.len() / STEP + 1);
        let mut chars = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % STEP == 0 {
                marks.push(byte);
            }
            chars = i + 1;
        }
        Self { text, marks, chars }
    }

    /// Number of `char`s.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.chars
    }

    /// Byte offset of `char` offset `offset` (`None` past the end).
    pub(crate) fn byte_of(&self, offset: usize) -> Option<usize> {
        if offset > self.chars {
            return None;
        }
        if offset == self.chars {
            return Some(self.text.len());
        }
        let start = *self.marks.get(offset / STEP)?;
        self.text[start..].char_indices().nth(offset % STEP).map(|(b, _)| start + b)
    }

    /// `char` offset of byte offset `byte`, a `char` boundary.
    pub(crate) fn char_of(&self, byte: usize) -> usize {
        let k = self.marks.partition_point(|&b| b <= byte).saturating_sub(1);
        let from = self.marks.get(k).copied().unwrap_or(0).min(byte);
        k * STEP + count_chars(&self.text.as_bytes()[from..byte])
    }

    /// The text at `char` range `range`, if it lies in the text.
    pub(crate) fn slice(&self, range: Range<usize>) -> Option<&'a str> {
        if range.start > range.end {
            return None;
        }
        let start = self.byte_of(range.start)?;
        let end = self.byte_of(range.end)?;
        self.text.get(start..end)
    }

    /// The `char` offset of the occurrence of `needle` whose start is
    /// nearest `target` (the earlier one on a tie).
    pub(crate) fn find_near(&self, needle: &str, target: usize) -> Option<usize> {
        let target = target.min(self.chars);
        let tb = self.byte_of(target)?;
        let after = self.text[tb..].find(needle).map(|i| tb + i);
        let mut bound = (tb + needle.len()).saturating_sub(1).min(self.text.len());
        while !self.text.is_char_boundary(bound) {
            bound -= 1;
        }
        let before = if needle.is_empty() { None } else { self.text[..bound].rfind(needle) };
        let before = before.filter(|&b| b < tb).map(|b| self.char_of(b));
        let after = after.map(|b| self.char_of(b));
        match (before, after) {
            (Some(b), Some(a)) => Some(if target - b <= a - target { b } else { a }),
            (b, a) => b.or(a),
        }
    }
}

/// A reference to one annotation being re-anchored.
#[derive(Clone, Copy)]
enum Slot {
    Entity(usize),
    Claim(usize),
}

/// Re-anchors `entities` and `claims` in `text` (see the module docs),
/// setting their `orphan` flags.
pub fn reanchor(entities: &mut [Entity], claims: &mut [Claim], text: &str) -> AnchorReport {
    let index = CharIndex::new(text);
    let mut order: Vec<(usize, usize, Slot)> = Vec::with_capacity(entities.len() + claims.len());
    order.extend(entities.iter().enumerate().map(|(i, e)| (e.start, e.end, Slot::Entity(i))));
    order.extend(claims.iter().enumerate().map(|(i, c)| (c.start, c.end, Slot::Claim(i))));
    order.sort_by_key(|&(start, end, _)| (start, end));

    let mut report = AnchorReport::default();
    let mut absent: HashMap<String, bool> = HashMap::new();
    let mut delta: isize = 0;
    let mut find = |needle: &str, old: usize, delta: isize| -> Option<usize> {
        if let Some(range) = old.checked_add(needle.chars().count()) {
            if index.slice(old..range) == Some(needle) {
                return Some(old);
            }
        }
        if absent.get(needle) == Some(&true) {
            return None;
        }
        let found = index.find_near(needle, old.saturating_add_signed(delta));
        if found.is_none() {
            absent.insert(needle.to_owned(), true);
        }
        found
    };
    for (_, _, slot) in order {
        match slot {
            Slot::Entity(i) => {
                let e = &mut entities[i];
                e.orphan = false;
                match find(&e.text, e.start, delta) {
                    Some(start)
                        if start == e.start && e.end - e.start == e.text.chars().count() => {}
                    Some(start) => {
                        delta = start as isize - e.start as isize;
                        e.start = start;
                        e.end = start + e.text.chars().count();
                        report.moved.push(e.id.clone());
                    }
                    None => {
                        e.orphan = true;
                        report.orphans.push(e.id.clone());
                    }
                }
            }
            Slot::Claim(i) => {
                let c = &mut claims[i];
                c.orphan = false;
                let Some(start) = find(&c.text, c.start, delta) else {
                    c.orphan = true;
                    report.orphans.push(c.id.clone());
                    continue;
                };
                let shift = start as isize - c.start as isize;
                let mut cue_start = None;
                if let Some(cue) = &c.cue {
                    let Some(s) = find(&cue.text, cue.start, shift) else {
                        c.orphan = true;
                        report.orphans.push(c.id.clone());
                        continue;
                    };
                    cue_start = Some(s);
                }
                let len = c.text.chars().count();
                let mut moved = start != c.start || c.end - c.start != len;
                if shift != 0 {
                    delta = shift;
                }
                c.start = start;
                c.end = start + len;
                if let (Some(cue), Some(s)) = (&mut c.cue, cue_start) {
                    let cue_len = cue.text.chars().count();
                    moved |= s != cue.start || cue.end - cue.start != cue_len;
                    cue.start = s;
                    cue.end = s + cue_len;
                }
                if moved {
                    report.moved.push(c.id.clone());
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_maps_both_ways() {
        let text: String = "أب ج\u{064E}".repeat(40);
        let index = CharIndex::new(&text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        assert_eq!(index.len(), chars.len());
        for (k, &(byte, _)) in chars.iter().enumerate() {
            assert_eq!(index.byte_of(k), Some(byte));
            assert_eq!(index.char_of(byte), k);
        }
        assert_eq!(index.byte_of(chars.len()), Some(text.len()));
        assert_eq!(index.byte_of(chars.len() + 1), None);
    }

    #[test]
    fn nearest_occurrence_wins_either_side() {
        // "ab" at chars 0, 6 and 10.
        let index = CharIndex::new("ab----ab--ab");
        assert_eq!(index.find_near("ab", 5), Some(6));
        assert_eq!(index.find_near("ab", 2), Some(0));
        assert_eq!(index.find_near("ab", 3), Some(0), "tie goes to the earlier one");
        assert_eq!(index.find_near("ab", 99), Some(10));
        assert_eq!(index.find_near("zz", 3), None);
        // An occurrence that starts before the target and overlaps it counts.
        assert_eq!(CharIndex::new("xabx").find_near("ab", 2), Some(1));
    }
}
