//! Claims from the reader and the review table: `c` makes one (the
//! selection, or the sentence under the cursor) or opens the form of the
//! claim under the cursor; the form's edits, and the claim made with it,
//! are one undo step; Ctrl-e in it tags the suggested speaker.

use std::ops::Range;

use super::annotating::{LabelPurpose, quote};
use super::claim_form::{ClaimForm, Field};
use super::{App, Mode};
use crate::annotate::AnnotationRef;
use crate::text::sentences::sentence_at;

impl App {
    /// True when `range` is just the current search match (not a span
    /// selected by hand).
    fn is_search_match(&self, range: &Range<usize>) -> bool {
        self.reader
            .search
            .as_ref()
            .and_then(|s| s.current.and_then(|i| s.matches.get(i)))
            .is_some_and(|m| m == range)
    }

    /// `c`: marks the selection (or, with none, the sentence under the
    /// cursor) as a claim and opens its form. On a claim with no span
    /// selected by hand (a search match is none), it opens that claim's
    /// form instead; in the review table, the highlighted claim's.
    pub(super) fn tag_claim(&mut self) {
        if self.refused() {
            return;
        }
        let by_hand = self.reader.selection.as_ref().is_some_and(|s| !self.is_search_match(s));
        if self.review.is_some() || !by_hand {
            let claim = self.targets().into_iter().find_map(|a| match a {
                AnnotationRef::Claim(c) => Some(c.id.clone()),
                AnnotationRef::Entity(_) => None,
            });
            if let Some(id) = claim {
                self.open_claim_form(&id, Field::Claimant);
                return;
            }
            if self.review.is_some() {
                self.message = Some("not a claim: c opens the form of a claim row".to_string());
                return;
            }
        }
        let range = self
            .reader
            .selection
            .clone()
            .unwrap_or_else(|| sentence_at(&self.reader.doc, self.reader.cursor));
        let text = self.text_of(&range);
        // The claim and everything its form sets are one undo step.
        self.ann.store.begin("claim");
        match self.ann.store.add_claim(range.clone(), &text) {
            Ok(id) => {
                self.ann.store.rename(format!("claim {id}"));
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
            Err(e) => {
                self.ann.store.end();
                self.message = Some(e.to_string());
            }
        }
    }

    /// Opens the form of claim `id` (made before) with `field` focused;
    /// what the form changes is one undo step.
    pub(super) fn open_claim_form(&mut self, id: &str, field: Field) {
        let Some(range) = self.ann.store.claim(id).map(crate::annotate::Claim::range) else {
            return;
        };
        self.ann.store.begin(format!("edit of claim {id}"));
        let mut form = ClaimForm::new(
            id.to_string(),
            range,
            false,
            &self.reader.doc,
            &self.ann.store,
            &self.ann.schema,
        );
        form.field = field;
        self.mode = Mode::Claim(Box::new(form));
    }

    /// Closes the claim form, writing what it shows (Esc and Enter alike:
    /// the claim is kept either way), and ends its undo step.
    pub(super) fn close_claim_form(&mut self) {
        if let Mode::Claim(mut form) = std::mem::take(&mut self.mode) {
            form.settle();
            let id = form.id.clone();
            let result = form.apply(&mut self.ann.store);
            self.ann.store.end();
            self.message = Some(match result {
                Ok(()) => {
                    let who = form.current_claimant().map_or_else(
                        || "no claimant".to_string(),
                        |c| format!("by {}", quote(c.text())),
                    );
                    let cue = form
                        .current_cue()
                        .map_or_else(String::new, |(_, t)| format!(", cue {}", quote(&t)));
                    format!("claim {id} saved: {who}{cue} ({})", form.kind)
                }
                Err(e) => e,
            });
        }
    }

    /// Ctrl-e in the claim form: tags the claimant's untagged words as an
    /// entity (the label picker comes up, then the form again).
    pub(super) fn tag_claimant(&mut self) {
        let Mode::Claim(form) = std::mem::take(&mut self.mode) else { return };
        if let Some((range, _)) = form.words_to_tag() {
            let labels = &self.ann.schema.labels;
            let selected = labels.iter().position(|l| l.name == "PERSON").unwrap_or(0);
            self.mode = Mode::Label { purpose: LabelPurpose::Claimant(range, form), selected };
        } else {
            self.message = Some(
                "Ctrl-e tags a claimant that is words of the sentence (not tagged yet)".to_string(),
            );
            self.mode = Mode::Claim(form);
        }
    }
}
