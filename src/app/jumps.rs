//! Jumping through the annotations: to the next or previous one, and to
//! the next or previous mention of a tagged entity that nothing tags yet
//! (found as "tag all occurrences" finds them: spelling-insensitive, whole
//! words, proclitics allowed). Also the check that `e` and `c` act only on
//! what the user can see.

use std::ops::Range;

use super::App;
use super::annotating::quote;
use crate::annotate::AnnotationRef;

/// The first of the sorted `starts` after `cursor` (or the last before it),
/// wrapping around; and whether it wrapped. `starts` must not be empty.
fn pick(starts: &[usize], cursor: usize, forward: bool) -> (usize, bool) {
    let found = if forward {
        starts.iter().copied().find(|&s| s > cursor)
    } else {
        starts.iter().copied().rev().find(|&s| s < cursor)
    };
    match (found, forward) {
        (Some(s), _) => (s, false),
        (None, true) => (starts[0], true),
        (None, false) => (starts[starts.len() - 1], true),
    }
}

/// A tagged entity whose other mentions are looked for.
struct Sought {
    text: String,
    id: String,
    label: String,
}

impl App {
    /// Refuses `e` or `c` (with the reason in the status line) when they
    /// would act on nothing the user chose or can see: after a failed
    /// search, or when the selection or cursor is off screen (it is brought
    /// on screen, to be checked and the key pressed again).
    pub(super) fn refused_target(&mut self) -> bool {
        match self.reader.target_refusal() {
            Some(why) => {
                self.message = Some(why);
                true
            }
            None => false,
        }
    }

    /// Puts the cursor on the start of the next (or previous) annotation in
    /// reading order, wrapping around at the ends; drops the selection.
    pub(super) fn jump_annotation(&mut self, forward: bool) {
        let mut starts: Vec<usize> = self
            .ann
            .store
            .all()
            .iter()
            .filter(|a| !a.is_orphan())
            .map(|a| a.range().start)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        if starts.is_empty() {
            self.message = Some("no annotation yet: e tags an entity, c a claim".to_string());
            return;
        }
        let (target, wrapped) = pick(&starts, self.reader.cursor, forward);
        self.reader.selection = None;
        self.reader.anchor = None;
        self.reader.set_cursor(target);
        if wrapped {
            let end = if forward { "the first" } else { "the last" };
            let here = self.describe_cursor().unwrap_or_default();
            self.message = Some(format!("back to {end} annotation: {here}"));
        }
    }

    /// Selects the next (or previous) mention of a tagged entity that no
    /// entity covers yet, wrapping around at the ends, for `e` to tag.
    pub(super) fn jump_untagged(&mut self, forward: bool) {
        let mut sought: Vec<Sought> = Vec::new();
        let mut needles: Vec<String> = Vec::new();
        let len = self.reader.doc.char_len();
        for e in self.ann.store.entities().filter(|e| e.range().end <= len) {
            let needle = self.reader.index().matcher(&e.text).needle().to_string();
            if !needle.is_empty() && !needles.contains(&needle) {
                needles.push(needle);
                sought.push(Sought {
                    text: e.text.clone(),
                    id: e.id.clone(),
                    label: e.label.clone(),
                });
            }
        }
        if sought.is_empty() {
            self.message = Some("no entity tagged yet: e tags one".to_string());
            return;
        }
        let cursor = self.reader.cursor;
        let from = if forward { cursor + 1 } else { cursor };
        let found =
            self.nearest_untagged(&sought, from, forward).map(|f| (f, false)).or_else(|| {
                // Around the end: from the other end of the article.
                let from = if forward { 0 } else { len };
                self.nearest_untagged(&sought, from, forward)
                    .filter(|(m, _)| m.start != cursor)
                    .map(|f| (f, true))
            });
        let Some(((m, i), wrapped)) = found else {
            self.message = Some("every mention of the tagged entities is tagged".to_string());
            return;
        };
        let s = &sought[i];
        let wrap = if wrapped { " (from the other end)" } else { "" };
        self.message = Some(format!(
            "untagged mention of {} ({} {}){wrap}: e tags it",
            quote(&s.text),
            s.id,
            s.label
        ));
        self.reader.selection = Some(m.clone());
        self.reader.anchor = None;
        self.reader.set_cursor(m.start);
    }

    /// The untagged mention of any of `sought` nearest to `from` — the
    /// first starting at or after it, or the last starting before it — with
    /// the index of the entity it mentions.
    fn nearest_untagged(
        &mut self,
        sought: &[Sought],
        from: usize,
        forward: bool,
    ) -> Option<(Range<usize>, usize)> {
        let from = from.min(self.reader.doc.char_len());
        self.reader.index();
        let index = self.reader.built_index()?;
        let mut best: Option<(Range<usize>, usize)> = None;
        for (i, s) in sought.iter().enumerate() {
            let matcher = index.matcher(&s.text);
            let mut at = from;
            let hit = loop {
                let m = if forward { matcher.next_match(at) } else { matcher.prev_match(at) };
                let Some(m) = m else { break None };
                if self.is_mention(&m) && !self.covered(&m) {
                    break Some(m);
                }
                at = if forward { m.start + 1 } else { m.start };
            };
            if let Some(m) = hit {
                let nearer = best.as_ref().is_none_or(|(b, _)| {
                    if forward { m.start < b.start } else { m.start > b.start }
                });
                if nearer {
                    best = Some((m, i));
                }
            }
        }
        best
    }

    /// True when an entity covers all of `m`.
    fn covered(&self, m: &Range<usize>) -> bool {
        self.ann.store.at(m.start).iter().any(|a| match a {
            AnnotationRef::Entity(e) => e.range().start <= m.start && m.end <= e.range().end,
            AnnotationRef::Claim(_) | AnnotationRef::Record(_) => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn picking_wraps_around_the_ends() {
        let starts = [3, 10, 20];
        assert_eq!(pick(&starts, 0, true), (3, false));
        assert_eq!(pick(&starts, 3, true), (10, false));
        assert_eq!(pick(&starts, 20, true), (3, true));
        assert_eq!(pick(&starts, 10, false), (3, false));
        assert_eq!(pick(&starts, 12, false), (10, false));
        assert_eq!(pick(&starts, 3, false), (20, true));
    }
}
