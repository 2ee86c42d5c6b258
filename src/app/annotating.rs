//! Annotation actions of the app: tagging entities and claims, relabelling,
//! notes, deleting, "tag all occurrences", undo and redo.

use std::ops::Range;

use super::claim_form::{ClaimForm, Field};
use super::{App, Mode};
use crate::annotate::AnnotationRef;
use crate::text::plural::count;
use crate::text::words;

/// `text` in quotation marks, isolated (FSI … PDI) so that an Arabic quote
/// inside a left-to-right message keeps its own order. Controls and bidi
/// controls of `text` are shown as marks (see [`crate::text::safe::ui_line`]).
pub fn quote(text: &str) -> String {
    format!("\u{2068}«{}»\u{2069}", crate::text::safe::line(text))
}

/// What the label picker is for.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelPurpose {
    /// Tag this span (document offsets) as a new entity.
    New(Range<usize>),
    /// Change the label of this entity.
    Relabel(String),
    /// Tag the speaker's words (document offsets) as an entity and make it
    /// the claimant of the form, which comes back once the label is picked.
    Claimant(Range<usize>, Box<ClaimForm>),
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
    pub(super) fn text_of(&self, r: &Range<usize>) -> String {
        self.reader.doc.text().chars().skip(r.start).take(r.len()).collect()
    }

    /// Refuses annotation (with the reason in the status line) when it is off.
    pub(super) fn refused(&mut self) -> bool {
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
    pub(super) fn targets(&self) -> Vec<AnnotationRef<'_>> {
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
    /// highlighted one of the review table); on a claim, opens its form at
    /// the kind.
    pub(super) fn change_label(&mut self) {
        if self.refused() {
            return;
        }
        let found = self.targets().into_iter().next().map(|a| match a {
            AnnotationRef::Entity(e) => Some((e.id.clone(), Some(e.label.clone()))),
            AnnotationRef::Claim(c) => Some((c.id.clone(), None)),
            AnnotationRef::Record(_) => None,
        });
        let found = found.flatten();
        match found {
            None => self.message = Some(self.nothing_here()),
            Some((id, None)) => self.open_claim_form(&id, Field::Kind),
            Some((id, Some(label))) => {
                let selected =
                    self.ann.schema.labels.iter().position(|l| l.name == label).unwrap_or(0);
                self.mode = Mode::Label { purpose: LabelPurpose::Relabel(id), selected };
            }
        }
    }

    /// What to say when an editing key finds no annotation.
    pub(super) fn nothing_here(&self) -> String {
        if self.review.is_some() {
            "no annotation on this row".to_string()
        } else {
            "no annotation under the cursor".to_string()
        }
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
                    // A second change, so that `u` takes the link back first.
                    let linked = self.auto_link(&id, &text);
                    let message = format!("{id}: {label} {}", quote(&text));
                    linked.map_or(message.clone(), |l| format!("{message} · {l}"))
                })
            }
            LabelPurpose::Relabel(id) => {
                self.ann.store.set_label(&id, &label).map(|()| format!("{id} is now {label}"))
            }
            LabelPurpose::Claimant(range, mut form) => {
                // Inside the claim's transaction: one undo takes both back.
                let text = self.text_of(&range);
                let added = self.ann.store.add_entity(&label, range, &text);
                let message = added.clone().map(|id| {
                    format!("{id}: {label} {} is the claimant of {}", quote(&text), form.id)
                });
                if let Ok(id) = added {
                    form.tagged(id, text, label);
                }
                self.mode = Mode::Claim(form);
                message
            }
        };
        self.message = Some(result.unwrap_or_else(|e| e.to_string()));
    }

    /// Esc in the label picker: back to the claim form it was opened from,
    /// if it was, else to reading.
    pub(super) fn cancel_label(&mut self) {
        self.mode = match std::mem::take(&mut self.mode) {
            Mode::Label { purpose: LabelPurpose::Claimant(_, form), .. } => Mode::Claim(form),
            _ => Mode::Read,
        };
    }

    /// A key typed in the label picker: a label's key picks it.
    pub(super) fn label_key(&mut self, c: char) -> bool {
        let index = self.ann.schema.labels.iter().position(|l| l.key == Some(c));
        if let Some(i) = index {
            self.pick_label(i);
        }
        index.is_some()
    }

    /// Opens the claim form of the claim under the cursor, or the note of
    /// the entity under it (`m`).
    pub(super) fn edit_note(&mut self) {
        if self.refused() {
            return;
        }
        let Some(found) = self.targets().into_iter().next() else {
            self.message = Some(self.nothing_here());
            return;
        };
        match found {
            AnnotationRef::Entity(e) => {
                self.mode =
                    Mode::Note { id: e.id.clone(), text: e.note.clone().unwrap_or_default() };
            }
            AnnotationRef::Claim(c) => {
                let id = c.id.clone();
                self.open_claim_form(&id, Field::Note);
            }
            AnnotationRef::Record(r) => {
                let text = r.text_of(crate::annotate::keys::NOTE).unwrap_or_default().to_owned();
                self.mode = Mode::Note { id: r.id.clone(), text };
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

    /// `t`: trims proclitics from the selection (or the cursor word) and
    /// says what is left — or why the word stays as it is, and how to trim
    /// it by hand.
    pub(super) fn trim_proclitics(&mut self) {
        let target = self.reader.target();
        let word: String =
            self.text_of(&target).split_whitespace().next().unwrap_or("").to_string();
        let language = self.ann.schema.language_of_document(&self.reader.doc);
        match self.reader.trim_selection(language) {
            Ok(()) => {
                let left = self.reader.selection.clone().unwrap_or_default();
                self.message =
                    Some(format!("{} trimmed to {}", quote(&word), quote(&self.text_of(&left))));
            }
            Err(crate::text::words::NoTrim::OtherLanguage) => {
                self.message = Some(format!(
                    "{} is not trimmed: proclitics are trimmed in Arabic articles only, and this \
                     one is {} text (language = \"ar\" in hashiya.toml if it is Arabic)",
                    quote(&word),
                    language.name()
                ));
            }
            Err(why) => {
                let keys = |action| {
                    let keys = self.keymap.keys(crate::keymap::Mode::Reader, action);
                    keys.first().map_or_else(|| "—".to_string(), ToString::to_string)
                };
                let (left, right) = (
                    keys(crate::keymap::Action::ExtendStartLeftChar),
                    keys(crate::keymap::Action::ExtendStartRightChar),
                );
                self.message = Some(format!(
                    "{} is not trimmed: {why} — to trim by hand, select it and move the \
                     start edge a letter at a time ({left} {right}, on screen)",
                    quote(&word)
                ));
            }
        }
    }

    /// `x`: deletes the innermost annotation under the cursor (or the
    /// highlighted row of the review table) and names it; with nested
    /// annotations, names those still under the cursor, the next `x` taking
    /// the innermost of them.
    pub(super) fn delete_annotation(&mut self) {
        if self.refused() {
            return;
        }
        let Some((id, what)) =
            self.targets().first().map(|a| (a.id().to_string(), self.describe(a)))
        else {
            self.message = Some(self.nothing_here());
            return;
        };
        // What goes with it, as declared (a relation goes with either end).
        let mut with: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for (r, fate) in self.ann.store.dependents(&id) {
            if fate == crate::annotate::OnRemove::Remove {
                *with.entry(r.kind.name.as_str()).or_default() += 1;
            }
        }
        let with: Vec<String> = with
            .into_iter()
            .map(|(kind, n)| crate::text::plural::count(n, kind, &format!("{kind}s")))
            .collect();
        let what =
            if with.is_empty() { what } else { format!("{what} and its {}", with.join(", ")) };
        if let Err(e) = self.ann.store.remove(&id) {
            self.message = Some(e.to_string());
            return;
        }
        // Nested annotations: the innermost went; say which are left, for
        // `x` to take the next.
        let left: Vec<String> = if self.review.is_some() {
            Vec::new()
        } else {
            self.ann.store.at(self.reader.cursor).iter().map(|a| self.describe(a)).collect()
        };
        self.message = Some(match left.as_slice() {
            [] => format!("deleted {what} (u undoes)"),
            [next, ..] => format!(
                "deleted {what} (u undoes); still under the cursor: {} — x deletes {}",
                left.join(" · "),
                next.split(' ').next().unwrap_or("it")
            ),
        });
    }

    /// `u` / Ctrl-r.
    pub(super) fn undo_redo(&mut self, redo: bool) {
        if self.refused() {
            return;
        }
        let done = if redo { self.ann.store.redo() } else { self.ann.store.undo() };
        self.message = Some(match (done, redo) {
            (Some(what), false) => format!("undone: {what}"),
            (Some(what), true) => format!("redone: {what}"),
            (None, false) => "nothing to undo".to_string(),
            (None, true) => "nothing to redo".to_string(),
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
            AnnotationRef::Claim(_) | AnnotationRef::Record(_) => None,
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
                    AnnotationRef::Claim(_) | AnnotationRef::Record(_) => false,
                })
            })
            .collect();
        if candidates.is_empty() {
            self.message = Some(format!("no other untagged mention of {}", quote(&text)));
            return;
        }
        // Every mention tagged is one undo step.
        self.ann.store.begin("tag all");
        self.mode = Mode::TagAll(TagAll { label, candidates, index: 0, accepted: 0 });
        self.show_candidate();
    }

    /// True when match `m` is a whole word, or (in Arabic) a word after
    /// proclitics.
    pub(super) fn is_mention(&self, m: &Range<usize>) -> bool {
        let doc = &self.reader.doc;
        let para = doc.paragraph_at_char(m.start);
        let start = doc.paragraphs().get(para).map_or(0, |p| p.char_start);
        let text = doc.paragraph_text(para);
        let local = m.start - start..m.end - start;
        let Some(first) = words::word_at(text, local.start) else { return false };
        let last = words::word_at(text, local.end.saturating_sub(1));
        let ends_word = last.is_some_and(|w| w.end == local.end);
        // Proclitics before the mention only in Arabic (see text::language).
        let language = self.ann.schema.language_of_document(doc);
        let prefix: String =
            text.chars().skip(first.start).take(local.start - first.start).collect();
        let starts_word = first.start == local.start
            || words::trim_proclitics_in(language, text, first.start..first.end).start
                == local.start
            || words::proclitic_prefix_in(language, &prefix);
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
            self.end_tag_all(&t);
            self.message = Some(format!(
                "tagged {} as {}",
                count(t.accepted, "mention", "mentions"),
                quote(&t.label)
            ));
            self.reader.selection = None;
        } else {
            self.mode = Mode::TagAll(t);
            self.show_candidate();
        }
    }

    /// Ends the undo step of "tag all", named for what it tagged.
    pub(super) fn end_tag_all(&mut self, t: &TagAll) {
        let s = if t.accepted == 1 { "entity" } else { "entities" };
        self.ann.store.rename(format!("tag all ({} {s})", t.accepted));
        self.ann.store.end();
    }

    /// A one-line description of the annotations under the cursor; in the
    /// claim form, what the focused field's keys do.
    pub fn describe_cursor(&self) -> Option<String> {
        if let Mode::Claim(form) = &self.mode {
            return Some(form_keys(form.field).to_string());
        }
        let here = self.ann.store.at(self.reader.cursor);
        if here.is_empty() {
            return None;
        }
        let relations = self.relations_here();
        let mut parts: Vec<String> = here
            .iter()
            .map(|a| {
                let conflict = a.conflict().map_or(String::new(), |m| {
                    format!(" ⚠ conflict: another version is {}", m.with)
                });
                self.describe(a) + &conflict
            })
            .collect();
        parts.extend(relations);
        Some(parts.join(" · "))
    }

    /// One annotation, in words.
    fn describe(&self, a: &AnnotationRef<'_>) -> String {
        match a {
            AnnotationRef::Entity(e) => {
                let link = e.link.as_deref().map(|l| format!(" {}", self.describe_link(l)));
                format!("{} {} {}{}", e.id, e.label, quote(&e.text), link.unwrap_or_default())
            }
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
                    c.cue.as_ref().map_or(String::new(), |q| format!(", cue {}", quote(&q.text)));
                format!("{} claim by {who}{cue} ({})", c.id, c.kind)
            }
            AnnotationRef::Record(r) => self.describe_record(r),
        }
    }

    /// A record in words: a relation as `r1 member_of «A» → «B»`.
    pub(crate) fn describe_record(&self, r: &crate::annotate::Record) -> String {
        use crate::annotate::keys::{FROM, TO};
        let store = &self.ann.store;
        match crate::annotate::kinds::relation_ends(store, r) {
            Some((from, to)) => {
                let end = |e: Option<&crate::annotate::Entity>, key| {
                    e.map_or_else(
                        || format!("?{}", r.text_of(key).unwrap_or_default()),
                        |e| quote(&e.text),
                    )
                };
                let label = r.label().unwrap_or_default();
                format!("{} {label} {} → {}", r.id, end(from, FROM), end(to, TO))
            }
            None => format!("{} {}", r.id, r.kind.name),
        }
    }
}

/// What the keys of a claim form's field do, for the status line.
fn form_keys(field: Field) -> &'static str {
    match field {
        Field::Claimant => "type to filter · ←→ next · Ctrl-t as text · Ctrl-e tag it · Tab field",
        Field::Cue => "type: the sentence's words (space: several) · ←→ next · Tab field",
        Field::Kind => "←→ direct, indirect, mixed · Tab field · Enter/Esc close",
        Field::Note => "type the note · Tab field · Enter/Esc close",
    }
}
