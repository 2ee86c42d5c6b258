//! The claim form: claimant, cue, kind and note of one claim, with
//! suggestions taken from the text around it.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::annotate::{ClaimKind, Claimant, Cue, Schema, Store};
use crate::text::Document;
use crate::text::normalize::Folding;
use crate::text::search::find_all;

/// The fields of the form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Who makes the claim.
    Claimant,
    /// The reporting verb.
    Cue,
    /// Direct, indirect or mixed.
    Kind,
    /// A free note.
    Note,
}

impl Field {
    /// Every field, in order.
    pub const ALL: [Field; 4] = [Field::Claimant, Field::Cue, Field::Kind, Field::Note];
}

/// One claimant choice: an entity of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityChoice {
    /// The entity's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its label.
    pub label: String,
}

/// The form's state while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimForm {
    /// The claim being described.
    pub id: String,
    /// The field with the focus.
    pub field: Field,
    /// Entities to choose the claimant from, nearest first.
    pub entities: Vec<EntityChoice>,
    /// The chosen entity (index into `entities`), if any.
    pub entity: Option<usize>,
    /// A free-text claimant, used when no entity is chosen.
    pub claimant_text: String,
    /// Cue candidates found near the claim, nearest first (document offsets, text).
    pub cues: Vec<(Range<usize>, String)>,
    /// The chosen cue (index into `cues`), if any.
    pub cue: Option<usize>,
    /// The kind.
    pub kind: ClaimKind,
    /// The note.
    pub note: String,
}

/// The sentence around document offset `offset`, without its trailing spaces.
pub fn sentence_at(doc: &Document, offset: usize) -> Range<usize> {
    let para = doc.paragraph_at_char(offset);
    let start = doc.paragraphs().get(para).map_or(0, |p| p.char_start);
    let text = doc.paragraph_text(para);
    let local = offset - start.min(offset);
    let mut pos = 0;
    for sentence in text.split_sentence_bounds() {
        let len = sentence.chars().count();
        if local < pos + len || pos + len == text.chars().count() {
            let trimmed = sentence.trim_end().chars().count();
            return start + pos..start + pos + trimmed.max(1).min(len.max(1));
        }
        pos += len;
    }
    offset..offset + 1
}

impl ClaimForm {
    /// A form for claim `id` covering `range`. A `fresh` claim is pre-filled
    /// from the text: the nearest cue verb before it in its paragraph, the
    /// nearest person or organisation before it, and "direct" when it is
    /// quoted; an existing claim shows what it has.
    pub fn new(
        id: String,
        range: Range<usize>,
        fresh: bool,
        doc: &Document,
        store: &Store,
        schema: &Schema,
    ) -> Self {
        let mut entities: Vec<(usize, EntityChoice)> = store
            .entities()
            .filter(|e| !e.orphan)
            .map(|e| {
                // Prefer entities before the claim; then those after it.
                let distance = if e.end <= range.start {
                    range.start - e.end
                } else {
                    1_000_000 + e.start.saturating_sub(range.end)
                };
                (
                    distance,
                    EntityChoice { id: e.id.clone(), text: e.text.clone(), label: e.label.clone() },
                )
            })
            .collect();
        entities.sort_by_key(|(d, _)| *d);
        let entities: Vec<EntityChoice> = entities.into_iter().map(|(_, e)| e).collect();
        let entity = entities
            .iter()
            .position(|e| matches!(e.label.as_str(), "PERSON" | "ORG" | "NORP" | "GPE"));
        let cues = cue_candidates(doc, &range, schema);
        let cue = if cues.is_empty() { None } else { Some(0) };
        let kind = if is_quoted(doc, &range) { ClaimKind::Direct } else { ClaimKind::Indirect };
        let mut form = Self {
            id,
            field: Field::Claimant,
            entities,
            entity,
            claimant_text: String::new(),
            cues,
            cue,
            kind,
            note: String::new(),
        };
        if let Some(claim) = store.claim(&form.id).filter(|_| !fresh) {
            form.entity = None;
            match &claim.claimant {
                Some(Claimant::Entity(id)) => {
                    form.entity = form.entities.iter().position(|e| &e.id == id);
                }
                Some(Claimant::Text(t)) => form.claimant_text.clone_from(t),
                None => {}
            }
            form.cue = claim.cue.as_ref().map(|c| {
                let at = form.cues.iter().position(|(r, _)| *r == c.range());
                at.unwrap_or_else(|| {
                    form.cues.insert(0, (c.range(), c.text.clone()));
                    0
                })
            });
            form.kind = claim.kind;
            form.note = claim.note.clone().unwrap_or_default();
        }
        form
    }

    /// Moves the focus to the next (or previous) field.
    pub fn next_field(&mut self, forward: bool) {
        let i = Field::ALL.iter().position(|f| *f == self.field).unwrap_or(0);
        let n = Field::ALL.len();
        self.field = Field::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }];
    }

    /// ←/→ in the focused field: cycles the choices (with "none").
    pub fn cycle(&mut self, forward: bool) {
        fn step(current: Option<usize>, len: usize, forward: bool) -> Option<usize> {
            // The choices are None, 0, 1, … len-1.
            let pos = current.map_or(0, |i| i + 1);
            let n = len + 1;
            let next = if forward { (pos + 1) % n } else { (pos + n - 1) % n };
            next.checked_sub(1)
        }
        match self.field {
            Field::Claimant => {
                self.entity = step(self.entity, self.entities.len(), forward);
                if self.entity.is_some() {
                    self.claimant_text.clear();
                }
            }
            Field::Cue => self.cue = step(self.cue, self.cues.len(), forward),
            Field::Kind => {
                let all = ClaimKind::ALL;
                let i = all.iter().position(|k| *k == self.kind).unwrap_or(0);
                self.kind = all[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
            }
            Field::Note => {}
        }
    }

    /// Typing in the focused text field.
    pub fn type_char(&mut self, c: char) {
        match self.field {
            Field::Claimant => {
                self.entity = None;
                self.claimant_text.push(c);
            }
            Field::Note => self.note.push(c),
            Field::Cue | Field::Kind => {}
        }
    }

    /// Backspace in the focused text field.
    pub fn backspace(&mut self) {
        match self.field {
            Field::Claimant => {
                self.claimant_text.pop();
            }
            Field::Note => {
                self.note.pop();
            }
            Field::Cue | Field::Kind => {}
        }
    }

    /// The claimant as chosen.
    pub fn claimant(&self) -> Option<Claimant> {
        match self.entity.and_then(|i| self.entities.get(i)) {
            Some(e) => Some(Claimant::Entity(e.id.clone())),
            None if !self.claimant_text.trim().is_empty() => {
                Some(Claimant::Text(self.claimant_text.trim().to_string()))
            }
            None => None,
        }
    }

    /// The cue as chosen.
    pub fn cue(&self) -> Option<Cue> {
        self.cue.and_then(|i| self.cues.get(i)).map(|(r, t)| Cue::new(r.clone(), t))
    }

    /// Writes the form into the store (each field one undoable change, only
    /// when it differs). Errors are reported as a message.
    pub fn apply(&self, store: &mut Store) -> Result<(), String> {
        let id = self.id.as_str();
        let map = |e: crate::annotate::StoreError| e.to_string();
        let Some(claim) = store.claim(id).cloned() else {
            return Err(format!("claim {id} no longer exists"));
        };
        let claimant = self.claimant();
        if claim.claimant != claimant {
            store.set_claimant(id, claimant).map_err(map)?;
        }
        let cue = self.cue();
        if claim.cue.as_ref().map(Cue::range) != cue.as_ref().map(Cue::range) {
            store.set_cue(id, cue).map_err(map)?;
        }
        if claim.kind != self.kind {
            store.set_kind(id, self.kind).map_err(map)?;
        }
        let note = self.note.trim();
        if claim.note.as_deref().unwrap_or("") != note {
            store.set_note(id, (!note.is_empty()).then_some(note)).map_err(map)?;
        }
        Ok(())
    }
}

/// Cue verbs of the schema found in the claim's paragraph, nearest before
/// the claim first.
fn cue_candidates(
    doc: &Document,
    range: &Range<usize>,
    schema: &Schema,
) -> Vec<(Range<usize>, String)> {
    let para = doc.paragraph_at_char(range.start);
    let start = doc.paragraphs().get(para).map_or(0, |p| p.char_start);
    let text = doc.paragraph_text(para);
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<(usize, Range<usize>, String)> = Vec::new();
    for cue in &schema.cues {
        for m in find_all(text, cue, &Folding::default()) {
            let r = start + m.start..start + m.end;
            if found.iter().any(|(_, f, _)| f.start < r.end && r.start < f.end) {
                continue;
            }
            let distance = if r.end <= range.start {
                range.start - r.end
            } else {
                1_000_000 + r.start.saturating_sub(range.end)
            };
            let quoted: String = chars[m.clone()].iter().collect();
            found.push((distance, r, quoted));
        }
    }
    found.sort_by_key(|(d, r, _)| (*d, r.start));
    found.into_iter().map(|(_, r, t)| (r, t)).collect()
}

/// True when the claim is inside quotation marks.
fn is_quoted(doc: &Document, range: &Range<usize>) -> bool {
    let text = doc.text();
    let before = range.start.checked_sub(1).and_then(|i| text.chars().nth(i));
    let first = text.chars().nth(range.start);
    let quotes = ['"', '«', '“', '”', '\''];
    before.is_some_and(|c| quotes.contains(&c)) || first.is_some_and(|c| quotes.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_under_the_cursor_without_trailing_space() {
        let doc = Document::new("قال الوزير. ثم غادر القاعة.".to_string());
        let r = sentence_at(&doc, 14);
        let s: String = doc.text().chars().skip(r.start).take(r.len()).collect();
        assert_eq!(s, "ثم غادر القاعة.");
    }

    #[test]
    fn suggests_the_nearest_cue_and_person_before_the_claim() {
        let text = "قال وزير الدفاع لي شانغفو إنه يأمل في توسيع التعاون البحري";
        let doc = Document::new(text.to_string());
        let mut store = Store::new();
        let chars: Vec<char> = text.chars().collect();
        let find = |s: &str| {
            let needle: Vec<char> = s.chars().collect();
            let i = chars.windows(needle.len()).position(|w| w == needle.as_slice()).unwrap();
            i..i + needle.len()
        };
        let person = find("لي شانغفو");
        store.add_entity("PERSON", person.clone(), "لي شانغفو").unwrap();
        let claim = find("توسيع التعاون البحري");
        let id = store.add_claim(claim.clone(), "توسيع التعاون البحري").unwrap();
        let form = ClaimForm::new(id, claim, true, &doc, &store, &Schema::builtin());
        assert_eq!(form.claimant(), Some(Claimant::Entity("e1".to_string())));
        assert_eq!(form.cue().map(|c| c.text), Some("قال".to_string()));
        assert_eq!(form.kind, ClaimKind::Indirect);
    }

    #[test]
    fn cycling_includes_none() {
        let doc = Document::new("نص".to_string());
        let store = Store::new();
        let mut form = ClaimForm::new("c1".into(), 0..2, true, &doc, &store, &Schema::builtin());
        form.field = Field::Kind;
        form.cycle(true);
        assert_eq!(form.kind, ClaimKind::Mixed);
        form.field = Field::Claimant;
        form.cycle(true);
        assert_eq!(form.entity, None, "no entity to choose");
        form.type_char('س');
        assert_eq!(form.claimant(), Some(Claimant::Text("س".to_string())));
    }
}
