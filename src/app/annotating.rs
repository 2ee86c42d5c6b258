//! Annotation actions of the app: tagging entities and claims, relabelling,
//! notes, deleting, "tag all occurrences", undo and redo.

use std::ops::Range;

use super::claim_form::{ClaimForm, sentence_at};
use super::{App, Mode};
use crate::annotate::AnnotationRef;
use crate::text::words;

/// `text` in quotation marks, isolated (FSI … PDI) so that an Arabic quote
/// inside a left-to-right message keeps its own order. Controls and bidi
/// controls of `text` are shown as marks (see [`crate::text::safe::ui_line`]).
pub fn quote(text: &str) -> String {
    format!("\u{2068}«{}»\u{2069}", crate::text::safe::line(text))
}

/// What the label picker is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelPurpose {
    /// Tag this span (document offsets) as a new entity.
    New(Range<usize>),
    /// Change the label of this entity.
    Relabel(String),
}

/// "Tag all occurrences" in progress: each other mention, one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagAll {
    /// The label to give.
    pub label: String,
    /// The mentions found, in document order.
    pub candidates: Vec<Range<usize>>,
    /// The one shown now.
    pub index: usize,
    /// How many were tagged so far.
    pub accepted: usize,
}

impl App {
    /// The text of document range `r`.
    fn text_of(&self, r: &Range<usize>) -> String {
        self.reader.doc.text().chars().skip(r.start).take(r.len()).collect()
    }

    /// Refuses annotation (with the reason in the status line) when it is off.
    fn refused(&mut self) -> bool {
        if let Some(why) = self.ann.refusal() {
            self.message = Some(format!("annotation is off: {why}"));
            true
        } else {
            false
        }
    }

    /// `e`: opens the label picker over the selection or the cursor word.
    pub(super) fn tag_entity(&mut self) {
        if self.refused() || self.refused_target() {
            return;
        }
        let target = self.reader.target();
        if target.is_empty() || self.text_of(&target).trim().is_empty() {
            self.message = Some("nothing to tag here".to_string());
            return;
        }
        self.mode = Mode::Label { purpose: LabelPurpose::New(target), selected: 0 };
    }

    /// The annotations an editing key acts on: the highlighted row of the
    /// review table, or those under the cursor (innermost first).
    fn targets(&self) -> Vec<AnnotationRef<'_>> {
        if self.review.is_some() {
            return self
                .review_selected_id()
                .and_then(|id| self.ann.store.get(&id))
                .into_iter()
                .collect();
        }
        self.ann.store.at(self.reader.cursor)
    }

    /// `L`: relabels the innermost entity under the cursor (or the
    /// highlighted one of the review table).
    pub(super) fn change_label(&mut self) {
        if self.refused() {
            return;
        }
        let found = self.targets().into_iter().find_map(|a| match a {
            AnnotationRef::Entity(e) => Some((e.id.clone(), e.label.clone())),
            AnnotationRef::Claim(_) => None,
        });
        let Some((id, label)) = found else {
            self.message = Some("no entity under the cursor".to_string());
            return;
        };
        let selected = self.ann.schema.labels.iter().position(|l| l.name == label).unwrap_or(0);
        self.mode = Mode::Label { purpose: LabelPurpose::Relabel(id), selected };
    }

    /// Picks label `index` of the schema for the open label picker.
    pub(super) fn pick_label(&mut self, index: usize) {
        let Mode::Label { purpose, .. } = std::mem::take(&mut self.mode) else { return };
        let Some(label) = self.ann.schema.labels.get(index).map(|l| l.name.clone()) else {
            return;
        };
        let result = match purpose {
            LabelPurpose::New(range) => {
                let text = self.text_of(&range);
                self.ann.store.add_entity(&label, range, &text).map(|id| {
                    self.reader.selection = None;
                    self.reader.anchor = None;
                    format!("{id}: {label} {}", quote(&text))
                })
            }
            LabelPurpose::Relabel(id) => {
                self.ann.store.set_label(&id, &label).map(|()| format!("{id} is now {label}"))
            }
        };
        self.message = Some(result.unwrap_or_else(|e| e.to_string()));
    }

    /// A key typed in the label picker: a label's key picks it.
    pub(super) fn label_key(&mut self, c: char) -> bool {
        let index = self.ann.schema.labels.iter().position(|l| l.key == Some(c));
        if let Some(i) = index {
            self.pick_label(i);
        }
        index.is_some()
    }

    /// `c`: marks the selection (or the sentence under the cursor) as a
    /// claim and opens its form.
    pub(super) fn tag_claim(&mut self) {
        if self.refused() || self.refused_target() {
            return;
        }
        let range = match self.reader.selection.clone() {
            Some(r) => r,
            None => sentence_at(&self.reader.doc, self.reader.cursor),
        };
        let text = self.text_of(&range);
        match self.ann.store.add_claim(range.clone(), &text) {
            Ok(id) => {
                self.reader.selection = None;
                self.reader.anchor = None;
                let form = ClaimForm::new(
                    id,
                    range,
                    true,
                    &self.reader.doc,
                    &self.ann.store,
                    &self.ann.schema,
                );
                self.mode = Mode::Claim(Box::new(form));
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Closes the claim form, writing what it holds (Esc and Enter alike:
    /// the claim is kept either way).
    pub(super) fn close_claim_form(&mut self) {
        if let Mode::Claim(form) = std::mem::take(&mut self.mode) {
            let id = form.id.clone();
            self.message = Some(match form.apply(&mut self.ann.store) {
                Ok(()) => format!("claim {id} saved"),
                Err(e) => e,
            });
        }
    }

    /// Opens the claim form of the claim under the cursor, or the note of
    /// the entity under it (`m`).
    pub(super) fn edit_note(&mut self) {
        if self.refused() {
            return;
        }
        let Some(found) = self.targets().into_iter().next() else {
            self.message = Some("no annotation under the cursor".to_string());
            return;
        };
        match found {
            AnnotationRef::Entity(e) => {
                self.mode =
                    Mode::Note { id: e.id.clone(), text: e.note.clone().unwrap_or_default() };
            }
            AnnotationRef::Claim(c) => {
                let mut form = ClaimForm::new(
                    c.id.clone(),
                    c.range(),
                    false,
                    &self.reader.doc,
                    &self.ann.store,
                    &self.ann.schema,
                );
                form.field = super::claim_form::Field::Note;
                self.mode = Mode::Claim(Box::new(form));
            }
        }
    }

    /// Saves the note being edited.
    pub(super) fn close_note(&mut self, keep: bool) {
        if let Mode::Note { id, text } = std::mem::take(&mut self.mode) {
            if keep {
                let note = text.trim();
                let result = self.ann.store.set_note(&id, (!note.is_empty()).then_some(note));
                self.message =
                    Some(result.map_or_else(|e| e.to_string(), |()| format!("note of {id} saved")));
            }
        }
    }

    /// `x`: deletes the innermost annotation under the cursor.
    pub(super) fn delete_annotation(&mut self) {
        if self.refused() {
            return;
        }
        let Some(id) = self.targets().first().map(|a| a.id().to_string()) else {
            self.message = Some("no annotation under the cursor".to_string());
            return;
        };
        let result = self.ann.store.remove(&id);
        self.message =
            Some(result.map_or_else(|e| e.to_string(), |()| format!("{id} deleted (u undoes)")));
    }

    /// `u` / Ctrl-r.
    pub(super) fn undo_redo(&mut self, redo: bool) {
        if self.refused() {
            return;
        }
        let done = if redo { self.ann.store.redo() } else { self.ann.store.undo() };
        self.message = Some(match (done, redo) {
            (true, false) => "undone".to_string(),
            (true, true) => "redone".to_string(),
            (false, false) => "nothing to undo".to_string(),
            (false, true) => "nothing to redo".to_string(),
        });
    }

    /// `A`: previews every other mention of the entity under the cursor
    /// (spelling-insensitive, proclitics allowed), to tag one by one or all.
    pub(super) fn tag_all_occurrences(&mut self) {
        if self.refused() {
            return;
        }
        let found = self.ann.store.at(self.reader.cursor).into_iter().find_map(|a| match a {
            AnnotationRef::Entity(e) => Some((e.label.clone(), e.text.clone())),
            AnnotationRef::Claim(_) => None,
        });
        let Some((label, text)) = found else {
            self.message = Some("put the cursor on an entity first (e tags one)".to_string());
            return;
        };
        self.reader.search(&text);
        let matches = self.reader.search.as_ref().map(|s| s.matches.clone()).unwrap_or_default();
        let candidates: Vec<Range<usize>> = matches
            .into_iter()
            .filter(|m| self.is_mention(m))
            .filter(|m| {
                !self.ann.store.at(m.start).iter().any(|a| match a {
                    AnnotationRef::Entity(e) => e.range() == *m && e.label == label,
                    AnnotationRef::Claim(_) => false,
                })
            })
            .collect();
        if candidates.is_empty() {
            self.message = Some(format!("no other untagged mention of {}", quote(&text)));
            return;
        }
        self.mode = Mode::TagAll(TagAll { label, candidates, index: 0, accepted: 0 });
        self.show_candidate();
    }

    /// True when match `m` is a whole word, or a word after proclitics.
    pub(super) fn is_mention(&self, m: &Range<usize>) -> bool {
        let doc = &self.reader.doc;
        let para = doc.paragraph_at_char(m.start);
        let start = doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let text = doc.paragraph_text(para);
        let local = m.start - start..m.end - start;
        let Some(first) = words::word_at(text, local.start) else { return false };
        let last = words::word_at(text, local.end.saturating_sub(1));
        let ends_word = last.is_some_and(|w| w.end == local.end);
        let starts_word = first.start == local.start
            || words::trim_proclitics(text, first.start..first.end).start == local.start
            || text
                .chars()
                .skip(first.start)
                .take(local.start - first.start)
                .all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك'));
        starts_word && ends_word
    }

    /// Selects and reveals the current "tag all" candidate.
    fn show_candidate(&mut self) {
        if let Mode::TagAll(t) = &self.mode {
            if let Some(r) = t.candidates.get(t.index).cloned() {
                self.reader.selection = Some(r.clone());
                self.reader.set_cursor(r.start);
            }
        }
    }

    /// In "tag all": tag the current mention (`accept`) or skip it, then go on.
    pub(super) fn tag_all_step(&mut self, accept: bool, all: bool) {
        let Mode::TagAll(mut t) = std::mem::take(&mut self.mode) else { return };
        while let Some(r) = t.candidates.get(t.index).cloned() {
            if accept {
                let text = self.text_of(&r);
                if self.ann.store.add_entity(&t.label, r, &text).is_ok() {
                    t.accepted += 1;
                }
            }
            t.index += 1;
            if !all {
                break;
            }
        }
        if t.index >= t.candidates.len() {
            self.message = Some(format!("tagged {} mention(s) as {}", t.accepted, t.label));
            self.reader.selection = None;
        } else {
            self.mode = Mode::TagAll(t);
            self.show_candidate();
        }
    }

    /// A one-line description of the annotations under the cursor.
    pub fn describe_cursor(&self) -> Option<String> {
        let here = self.ann.store.at(self.reader.cursor);
        if here.is_empty() {
            return None;
        }
        let parts: Vec<String> = here
            .iter()
            .map(|a| match a {
                AnnotationRef::Entity(e) => format!("{} {} {}", e.id, e.label, quote(&e.text)),
                AnnotationRef::Claim(c) => {
                    let who = match &c.claimant {
                        Some(crate::annotate::Claimant::Entity(id)) => self
                            .ann
                            .store
                            .entity(id)
                            .map_or_else(|| id.clone(), |e| format!("{id} {}", quote(&e.text))),
                        Some(crate::annotate::Claimant::Text(t)) => quote(t),
                        None => "?".to_string(),
                    };
                    let cue =
                        c.cue.as_ref().map_or(String::new(), |q| format!(" {}", quote(&q.text)));
                    format!("{} claim by {who}{cue} ({})", c.id, c.kind)
                }
            })
            .collect();
        Some(parts.join(" · "))
    }
}
