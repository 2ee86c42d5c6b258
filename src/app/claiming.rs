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
        // Never on what the user did not choose or cannot see (the review
        // table's rows are seen).
        if self.refused() || (self.review.is_none() && self.refused_target()) {
            return;
        }
        let by_hand = self.reader.selection.as_ref().is_some_and(|s| !self.is_search_match(s));
        if self.review.is_some() || !by_hand {
            let claim = self.targets().into_iter().find_map(|a| match a {
                AnnotationRef::Claim(c) => Some(c.id.clone()),
                AnnotationRef::Entity(_) | AnnotationRef::Record(_) => None,
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

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::annotate::{ClaimKind, Claimant};
    use crate::app::articles::{ArticleSource, Origin};
    use crate::app::claim_form::Field;
    use crate::app::msg::Msg;
    use crate::app::{App, Mode};
    use crate::keymap::{Action, Keymap};
    use crate::layout::LayoutOptions;

    const TEXT: &str = "وقال بوتين إن روسيا صديقة. وأضاف أن الصين شريكة.\n";

    fn app_in(dir: &std::path::Path) -> App {
        let path = dir.join("a.txt");
        std::fs::write(&path, TEXT).unwrap();
        let source = ArticleSource { name: "a.txt".into(), origin: Origin::File(path) };
        let mut app = App::new(vec![source], Keymap::default(), LayoutOptions::default());
        app.resize(80, 20);
        app
    }

    fn key(code: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// Searches `query` and drops the match's selection: the cursor is there.
    fn go_to(app: &mut App, query: &str) {
        app.update(Action::Search);
        for c in query.chars() {
            app.update(Msg::Type(c));
        }
        app.update(Action::Confirm);
        app.update(Action::ClearSearch);
    }

    #[test]
    fn a_claim_made_with_its_form_is_one_undo_step_and_c_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in(dir.path());
        go_to(&mut app, "بوتين");
        app.update(Action::TagEntity);
        app.update(Msg::Type('1'));
        go_to(&mut app, "وأضاف");
        app.update(Action::TagClaim);
        let Mode::Claim(form) = &app.mode else { panic!("{:?}", app.message) };
        assert!(form.fresh);
        // «وأضاف أن …»: a pronoun subject — the sentence before is not this
        // one, no claim before: no suggestion; the note and kind are set.
        app.update(Action::NextField);
        app.update(Action::NextField);
        app.update(Msg::Choice { forward: true });
        app.update(Action::NextField);
        for c in "مهم".chars() {
            app.update(Msg::Type(c));
        }
        app.update(Action::Cancel);
        let claim = app.ann.store.claims().next().unwrap().clone();
        assert_eq!(claim.kind, ClaimKind::Mixed);
        assert_eq!(claim.note.as_deref(), Some("مهم"));
        assert_eq!(claim.cue.as_ref().map(|c| c.text.as_str()), Some("وأضاف"));
        // `c` on it (nothing selected) opens it, not a new one.
        app.update(Action::TagClaim);
        let Mode::Claim(form) = &app.mode else { panic!("{:?}", app.message) };
        assert_eq!((form.id.as_str(), form.fresh, form.field), ("c1", false, Field::Claimant));
        for c in "بوت".chars() {
            app.update(Msg::Type(c));
        }
        app.update(Action::Confirm);
        assert_eq!(app.ann.store.claims().count(), 1);
        let claimant = app.ann.store.claims().next().and_then(|c| c.claimant.clone());
        assert_eq!(claimant, Some(Claimant::Entity("e1".into())));
        app.update(Action::Undo);
        assert_eq!(app.message.as_deref(), Some("undone: edit of claim c1"));
        app.update(Action::Undo);
        assert_eq!(app.message.as_deref(), Some("undone: claim c1"));
        assert_eq!(app.ann.store.claims().count(), 0);
        app.update(Action::Redo);
        assert_eq!(app.message.as_deref(), Some("redone: claim c1"));
        assert_eq!(app.ann.store.claims().next().map(|c| c.kind), Some(ClaimKind::Mixed));
    }

    #[test]
    fn l_on_a_claim_opens_its_form_at_the_kind_from_the_reader_and_the_table() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in(dir.path());
        go_to(&mut app, "روسيا");
        app.update(Action::TagClaim);
        app.update(Action::Confirm);
        app.update(Action::ChangeLabel);
        let Mode::Claim(form) = &app.mode else { panic!("{:?}", app.message) };
        assert_eq!(form.field, Field::Kind);
        app.update(Action::Cancel);
        app.update(Action::ToggleReview);
        app.update(Action::ChangeLabel);
        assert!(matches!(&app.mode, Mode::Claim(f) if f.field == Field::Kind), "{:?}", app.message);
    }

    #[test]
    fn nothing_typed_is_ignored_without_a_word() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in(dir.path());
        app.update(key(KeyCode::Char('Z')));
        assert_eq!(app.message.as_deref(), Some("Z does nothing in the reader (? shows the keys)"));
        app.update(Action::TagClaim);
        app.update(Action::NextField);
        app.update(Action::NextField);
        app.update(key(KeyCode::Char('x')));
        assert!(
            app.message.as_deref().is_some_and(|m| m.contains("not typed")),
            "{:?}",
            app.message
        );
        app.update(key(KeyCode::F(5)));
        assert_eq!(app.message.as_deref(), Some("F5 does nothing here (? shows the keys)"));
        app.update(Action::NextField);
        app.update(key(KeyCode::Left));
        assert!(
            app.message.as_deref().is_some_and(|m| m.contains("free text")),
            "{:?}",
            app.message
        );
        app.update(Action::Cancel);
        app.update(Action::TagClaim);
        app.update(Action::Cancel);
        app.update(Action::ToggleArticleList);
        app.update(key(KeyCode::Char('q')));
        assert!(app.message.as_deref().is_some_and(|m| m.contains("does nothing here")));
    }
}
