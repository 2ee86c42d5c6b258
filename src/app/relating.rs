//! Making a relation in the reader with two selections: `R` on mention A
//! (the cursor on an entity), move to mention B, `R` or Enter, then pick
//! the type among those the schema allows between the two labels (its key,
//! or ↑↓ Enter); Esc cancels at any step. One undo takes the relation back.

use super::annotating::quote;
use super::{App, Mode};
use crate::annotate::{AnnotationRef, Entity};

/// The relation type picker: the two ends and the types allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationPick {
    /// The first end (an entity id).
    pub from: String,
    /// The second end.
    pub to: String,
    /// The relation types allowed between their labels, in schema order.
    pub choices: Vec<String>,
    /// The highlighted one.
    pub selected: usize,
}

impl App {
    /// The innermost entity under the cursor (or of the highlighted review row).
    fn entity_here(&self) -> Option<&Entity> {
        self.targets().into_iter().find_map(|a| match a {
            AnnotationRef::Entity(e) => Some(e),
            AnnotationRef::Claim(_) | AnnotationRef::Record(_) => None,
        })
    }

    /// `R`: starts a relation at the entity under the cursor; pressed again
    /// (or Enter) on another entity, opens the type picker.
    pub(super) fn relate(&mut self) {
        if self.refused() {
            return;
        }
        let Some(here) = self.entity_here().cloned() else {
            self.message = Some(
                match &self.relation_from {
                    Some(_) => "put the cursor on the other entity (Esc cancels the relation)",
                    None => "put the cursor on an entity first: R starts a relation there",
                }
                .to_string(),
            );
            return;
        };
        let Some(from) = self.relation_from.clone() else {
            self.message = Some(format!(
                "relation from {} {}: move to the other entity, R or Enter there; Esc cancels",
                here.id,
                quote(&here.text)
            ));
            self.relation_from = Some(here.id);
            return;
        };
        let Some(start) = self.ann.store.entity(&from).cloned() else {
            self.relation_from = None;
            self.message = Some(format!("{from} is gone: relation cancelled"));
            return;
        };
        if here.id == from {
            self.message = Some(format!(
                "{} is the first end: move to the other entity (Esc cancels)",
                quote(&here.text)
            ));
            return;
        }
        let choices: Vec<String> = self
            .ann
            .schema
            .relations_between(&start.label, &here.label)
            .into_iter()
            .map(|r| r.name.clone())
            .collect();
        if choices.is_empty() {
            self.message = Some(format!(
                "no relation type of the schema goes from {} to {} (see [[relation]] in hashiya.toml)",
                start.label, here.label
            ));
            return;
        }
        self.relation_from = None;
        self.mode = Mode::Relation(RelationPick { from, to: here.id, choices, selected: 0 });
    }

    /// Esc while a relation waits for its second end: forgets it. True if one did.
    pub(super) fn cancel_relation(&mut self) -> bool {
        if self.relation_from.take().is_some() {
            self.message = Some("relation cancelled".to_string());
            true
        } else {
            false
        }
    }

    /// Makes the relation of type `index` of the open picker.
    pub(super) fn pick_relation(&mut self, index: usize) {
        let Mode::Relation(pick) = std::mem::take(&mut self.mode) else { return };
        let Some(label) = pick.choices.get(index) else {
            self.mode = Mode::Relation(pick);
            return;
        };
        let text = |id: &str| self.ann.store.entity(id).map(|e| quote(&e.text)).unwrap_or_default();
        let (a, b) = (text(&pick.from), text(&pick.to));
        self.message = Some(match self.ann.store.add_relation(label, &pick.from, &pick.to) {
            Ok(id) => format!("{id}: {label} {a} → {b} (u undoes)"),
            Err(e) => e.to_string(),
        });
    }

    /// A key typed in the relation picker: a relation type's key picks it.
    pub(super) fn relation_key(&mut self, c: char) -> bool {
        let Mode::Relation(pick) = &self.mode else { return false };
        let index = pick
            .choices
            .iter()
            .position(|name| self.ann.schema.relation(name).and_then(|r| r.key) == Some(c));
        if let Some(i) = index {
            self.pick_relation(i);
        }
        index.is_some()
    }

    /// The relations of the entities under the cursor, in words, for the
    /// status line (both ends light up in the article).
    pub(super) fn relations_here(&self) -> Vec<String> {
        let store = &self.ann.store;
        let mut seen = Vec::new();
        for a in store.at(self.reader.cursor) {
            if let AnnotationRef::Entity(e) = a {
                for r in store.referring_to(&e.id) {
                    if !seen.iter().any(|s: &&crate::annotate::Record| s.id == r.id) {
                        seen.push(r);
                    }
                }
            }
        }
        seen.into_iter().map(|r| self.describe_record(r)).collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use crate::app::articles::{ArticleSource, Origin};
    use crate::app::{App, Mode};
    use crate::keymap::{Action, Keymap};
    use crate::layout::LayoutOptions;

    const TEXT: &str = "انضم بوتين إلى الحزب في موسكو\n";

    fn app(dir: &std::path::Path) -> App {
        let path = dir.join("a.txt");
        std::fs::write(&path, TEXT).unwrap();
        let source = ArticleSource { name: "a.txt".into(), origin: Origin::File(path) };
        let mut app = App::new(vec![source], Keymap::default(), LayoutOptions::default());
        app.resize(80, 20);
        let mut tag = |word: &str, label: &str| {
            let byte = TEXT.find(word).unwrap();
            let start = TEXT[..byte].chars().count();
            let range = start..start + word.chars().count();
            app.ann.store.add_entity(label, range, word).unwrap()
        };
        tag("بوتين", "PERSON");
        tag("الحزب", "ORG");
        app
    }

    fn cursor_on(app: &mut App, word: &str) {
        let byte = TEXT.find(word).unwrap();
        app.reader.cursor = TEXT[..byte].chars().count();
    }

    #[test]
    fn two_selections_and_a_type_make_one_undoable_relation() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        cursor_on(&mut app, "بوتين");
        app.update(Action::Relate);
        assert_eq!(app.relation_from.as_deref(), Some("e1"));
        cursor_on(&mut app, "الحزب");
        app.update(Action::Confirm);
        let Mode::Relation(pick) = &app.mode else { panic!("{:?}", app.mode) };
        assert_eq!(pick.choices, ["member_of", "met_with"], "PERSON → ORG, from the schema");
        app.type_char('m');
        assert_eq!(app.mode, Mode::Read);
        let relations = app.ann.store.records_of_kind("relation");
        assert_eq!(relations.len(), 1);
        assert_eq!(relations[0].label(), Some("member_of"));
        assert!(app.message.as_deref().unwrap().starts_with("r1: member_of"), "{:?}", app.message);
        // On either end, the status line names it.
        cursor_on(&mut app, "بوتين");
        assert!(app.relations_here()[0].contains("member_of"));
        app.update(Action::Undo);
        assert!(app.ann.store.records_of_kind("relation").is_empty(), "one undo");
    }

    #[test]
    fn esc_cancels_and_a_non_entity_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        cursor_on(&mut app, "انضم");
        app.update(Action::Relate);
        assert!(app.relation_from.is_none());
        cursor_on(&mut app, "بوتين");
        app.update(Action::Relate);
        app.update(Action::ClearSearch);
        assert!(app.relation_from.is_none(), "Esc forgets the first end");
        app.update(Action::Relate);
        cursor_on(&mut app, "الحزب");
        app.update(Action::Relate);
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Read);
        assert!(app.ann.store.records_of_kind("relation").is_empty());
    }

    #[test]
    fn deleting_an_end_says_its_relations_went_too() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        app.ann.store.add_relation("member_of", "e1", "e2").unwrap();
        cursor_on(&mut app, "الحزب");
        app.update(Action::DeleteAnnotation);
        assert!(app.message.as_deref().unwrap().contains("1 relation"), "{:?}", app.message);
        assert!(app.ann.store.records_of_kind("relation").is_empty());
        app.update(Action::Undo);
        assert_eq!(app.ann.store.records_of_kind("relation").len(), 1, "one undo brings both");
    }
}
