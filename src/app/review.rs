//! The review table of one article, and which view of the review screen
//! is up: pure state, rows, filters and sorting (the corpus views' rows:
//! [`super::corpus_view`]).

use std::collections::HashMap;
use std::ops::Range;

use crate::annotate::{AnnotationKind, AnnotationRef, Store, keys};
use crate::text::normalize::{Folding, fold};

/// Which view of the review screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// The open article's annotations.
    #[default]
    Article,
    /// Every article with its counts.
    Articles,
    /// Entities across the corpus, grouped by normalised text.
    Entities,
    /// Claims across the corpus, by claimant: who said what.
    Claims,
    /// Label counts as a bar chart.
    Labels,
    /// Each annotator's annotations and the articles they annotated, by status.
    Annotators,
}

impl View {
    /// The next view (V).
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Article => Self::Articles,
            Self::Articles => Self::Entities,
            Self::Entities => Self::Claims,
            Self::Claims => Self::Labels,
            Self::Labels => Self::Annotators,
            Self::Annotators => Self::Article,
        }
    }

    /// True for the views over every open article (the corpus), false for
    /// the open article's table.
    pub fn is_corpus(self) -> bool {
        self != Self::Article
    }

    /// How a corpus view is ordered (`None` for the article table, whose
    /// order is [`Sort`]).
    pub fn order(self) -> Option<&'static str> {
        match self {
            Self::Article => None,
            Self::Articles => Some("in the order opened"),
            Self::Entities => Some("most mentioned first"),
            Self::Claims => Some("by claimant, then article and position"),
            Self::Labels => Some("most used first"),
            Self::Annotators => Some("most annotations first"),
        }
    }

    /// What one row is, in the singular and the plural.
    pub fn rows_are(self) -> (&'static str, &'static str) {
        match self {
            Self::Article => ("annotation", "annotations"),
            Self::Articles => ("article", "articles"),
            Self::Entities => ("entity", "entities"),
            Self::Claims => ("claim", "claims"),
            Self::Labels => ("label", "labels"),
            Self::Annotators => ("annotator", "annotators"),
        }
    }

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Article => "annotations of this article",
            Self::Articles => "articles",
            Self::Entities => "entity index",
            Self::Claims => "who said what",
            Self::Labels => "labels",
            Self::Annotators => "annotators",
        }
    }
}

/// How the article table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By position in the text.
    #[default]
    Position,
    /// By label (claims last), then position.
    Label,
    /// By normalised text.
    Text,
    /// Entities first, then claims.
    Kind,
}

impl Sort {
    /// The next order (s).
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Position => Self::Label,
            Self::Label => Self::Text,
            Self::Text => Self::Kind,
            Self::Kind => Self::Position,
        }
    }

    /// Its name for the title.
    pub fn name(self) -> &'static str {
        match self {
            Self::Position => "position",
            Self::Label => "label",
            Self::Text => "text",
            Self::Kind => "kind",
        }
    }
}

/// One row of the article table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Annotation id.
    pub id: String,
    /// Entity or claim.
    pub kind: AnnotationKind,
    /// Label (entities) or claim kind (claims).
    pub label: String,
    /// The quoted text.
    pub text: String,
    /// The claimant (claims).
    pub claimant: String,
    /// The cue (claims).
    pub cue: String,
    /// Offsets.
    pub range: Range<usize>,
    /// The note.
    pub note: String,
    /// Not found in the text any more.
    pub orphan: bool,
    /// The ids of the other versions of this annotation, when it is one of
    /// a conflict kept side by side (see [`crate::annotate::Conflict`]).
    pub conflict_with: Vec<String>,
    /// Who made it (`by`; empty: not recorded).
    pub by: String,
}

/// The state of the review screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    /// The view shown.
    pub view: View,
    /// Only entities or only claims.
    pub kind: Option<AnnotationKind>,
    /// Only this label.
    pub label: Option<String>,
    /// Only what this annotator made (`by`; empty: not recorded).
    pub by: Option<String>,
    /// Text filter (folded before matching).
    pub text: String,
    /// True while the text filter is being typed.
    pub typing: bool,
    /// Order of the article table.
    pub sort: Sort,
    /// Highlighted row.
    pub selected: usize,
    /// The rows of the corpus view shown, made when the view or the corpus
    /// changes — never per key or per frame.
    pub table: Option<super::corpus_view::CorpusTable>,
}

pub use crate::corpus::article::claimant_text;

/// The other versions of each annotation in a conflict: a marked version
/// names the one it conflicts with; that one is named by each marked version.
fn conflict_pairs(store: &Store) -> HashMap<String, Vec<String>> {
    let mut pairs: HashMap<String, Vec<String>> = HashMap::new();
    let marks = store.entities().filter_map(|e| e.conflict.as_ref().map(|m| (&e.id, &m.with)));
    let marks =
        marks.chain(store.claims().filter_map(|c| c.conflict.as_ref().map(|m| (&c.id, &m.with))));
    for (id, with) in marks {
        pairs.entry(id.clone()).or_default().push(with.clone());
        pairs.entry(with.clone()).or_default().push(id.clone());
    }
    pairs
}

/// The rows of `store`'s annotations, unfiltered, in document order.
pub fn rows(store: &Store) -> Vec<Row> {
    let pairs = conflict_pairs(store);
    let conflict_with = |id: &str| pairs.get(id).cloned().unwrap_or_default();
    let mut out: Vec<Row> = store
        .all()
        .into_iter()
        .chain(store.orphans())
        .map(|a| match a {
            AnnotationRef::Entity(e) => Row {
                id: e.id.clone(),
                kind: AnnotationKind::Entity,
                label: e.label.clone(),
                text: e.text.clone(),
                claimant: String::new(),
                cue: String::new(),
                range: e.range(),
                note: e.note.clone().unwrap_or_default(),
                orphan: e.orphan,
                conflict_with: conflict_with(&e.id),
                by: e.by.clone().unwrap_or_default(),
            },
            AnnotationRef::Claim(c) => Row {
                id: c.id.clone(),
                kind: AnnotationKind::Claim,
                label: c.kind.name().to_string(),
                text: c.text.clone(),
                claimant: claimant_text(store, c.claimant.as_ref()),
                cue: c.cue.as_ref().map(|q| q.text.clone()).unwrap_or_default(),
                range: c.range(),
                note: c.note.clone().unwrap_or_default(),
                orphan: c.orphan,
                conflict_with: conflict_with(&c.id),
                by: c.by.clone().unwrap_or_default(),
            },
            AnnotationRef::Record(r) => record_row(store, r, conflict_with(&r.id)),
        })
        .collect();
    out.dedup_by(|a, b| a.id == b.id);
    out.extend(store.records().into_iter().map(|r| record_row(store, r, conflict_with(&r.id))));
    out
}

/// The row of a record of a declared kind: for a relation, its type and
/// `from-text › to-text` (`›` is mirrored in right-to-left text: it points
/// from the first end to the second either way), at its first end's place.
fn record_row(store: &Store, r: &crate::annotate::Record, conflict_with: Vec<String>) -> Row {
    let (text, range, orphan) = match crate::annotate::kinds::relation_ends(store, r) {
        Some((from, to)) => (
            format!(
                "{} › {}",
                end_text(from, r.text_of(keys::FROM)),
                end_text(to, r.text_of(keys::TO))
            ),
            from.or(to).map_or(0..0, crate::annotate::Entity::range),
            from.is_none_or(|e| e.orphan) || to.is_none_or(|e| e.orphan),
        ),
        None => (r.text().to_owned(), r.range().unwrap_or(0..0), r.orphan),
    };
    Row {
        id: r.id.clone(),
        kind: AnnotationKind::Record,
        label: r.label().unwrap_or(&r.kind.name).to_owned(),
        text,
        claimant: String::new(),
        cue: String::new(),
        range,
        note: r.text_of(keys::NOTE).unwrap_or_default().to_owned(),
        orphan,
        conflict_with,
        by: r.by.clone().unwrap_or_default(),
    }
}

/// A relation end in a row: its entity's text, or `?id` when it is gone.
fn end_text(entity: Option<&crate::annotate::Entity>, id: Option<&str>) -> String {
    entity.map_or_else(|| format!("?{}", id.unwrap_or_default()), |e| e.text.clone())
}

/// Who made the annotations of `store` (`by`), each once, sorted; `""`
/// (last) when some do not say.
pub fn annotators(store: &Store) -> Vec<String> {
    let by =
        store.entities().map(|e| e.by.as_deref()).chain(store.claims().map(|c| c.by.as_deref()));
    let names: std::collections::BTreeSet<&str> = by.map(Option::unwrap_or_default).collect();
    let mut out: Vec<String> =
        names.iter().filter(|n| !n.is_empty()).map(|n| (*n).to_owned()).collect();
    if names.contains("") && !out.is_empty() {
        out.push(String::new());
    }
    out
}

impl Review {
    /// The rows shown: filtered and sorted.
    pub fn visible_rows(&self, store: &Store) -> Vec<Row> {
        let folding = Folding::default();
        let needle = fold(self.text.trim(), &folding);
        let mut rows: Vec<Row> = rows(store)
            .into_iter()
            .filter(|r| self.kind.is_none_or(|k| k == r.kind))
            .filter(|r| self.label.as_ref().is_none_or(|l| *l == r.label))
            .filter(|r| self.by.as_ref().is_none_or(|b| *b == r.by))
            .filter(|r| {
                needle.is_empty()
                    || [&r.text, &r.claimant, &r.note, &r.cue, &r.label, &r.id]
                        .iter()
                        .any(|f| fold(f, &folding).contains(&needle))
            })
            .collect();
        match self.sort {
            Sort::Position => rows.sort_by_key(|r| (r.range.start, r.range.end, r.kind)),
            Sort::Label => rows.sort_by(|a, b| {
                (a.kind, &a.label, a.range.start).cmp(&(b.kind, &b.label, b.range.start))
            }),
            Sort::Text => rows.sort_by_cached_key(|r| (fold(&r.text, &folding), r.range.start)),
            Sort::Kind => rows.sort_by_key(|r| (r.kind, r.range.start)),
        }
        rows
    }

    /// Shows all, then only entities, then only claims.
    pub fn cycle_kind(&mut self) {
        self.kind = match self.kind {
            None => Some(AnnotationKind::Entity),
            Some(AnnotationKind::Entity) => Some(AnnotationKind::Claim),
            Some(AnnotationKind::Claim) => Some(AnnotationKind::Record),
            Some(AnnotationKind::Record) => None,
        };
        self.selected = 0;
    }

    /// Shows each of `labels` in turn, then all.
    pub fn cycle_label(&mut self, labels: &[String]) {
        let next = match &self.label {
            None => labels.first(),
            Some(l) => labels.iter().skip_while(|x| *x != l).nth(1),
        };
        self.label = next.cloned();
        self.selected = 0;
    }

    /// Shows what each of `annotators` made in turn, then all.
    pub fn cycle_by(&mut self, annotators: &[String]) {
        let next = match &self.by {
            None => annotators.first(),
            Some(b) => annotators.iter().skip_while(|x| *x != b).nth(1),
        };
        self.by = next.cloned();
        self.selected = 0;
    }

    /// Moves the highlight by `delta` rows within `len`.
    pub fn move_selection(&mut self, delta: isize, len: usize) {
        let last = len.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Claimant;

    fn store() -> Store {
        let mut s = Store::new();
        s.add_entity("PERSON", 0..5, "بوتين").unwrap();
        s.add_entity("GPE", 10..15, "روسيا").unwrap();
        let c = s.add_claim(20..30, "النص").unwrap();
        s.set_claimant(&c, Some(Claimant::Entity("e1".into()))).unwrap();
        s
    }

    #[test]
    fn filters_by_kind_label_and_folded_text() {
        let s = store();
        let mut r = Review::default();
        assert_eq!(r.visible_rows(&s).len(), 3);
        r.cycle_kind();
        assert_eq!(r.visible_rows(&s).len(), 2);
        r.cycle_label(&["PERSON".to_string(), "GPE".to_string()]);
        let rows = r.visible_rows(&s);
        assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["e1"]);
        let mut r = Review { text: "روسيأ".to_string(), ..Review::default() };
        assert_eq!(r.visible_rows(&s)[0].id, "e2", "hamza folds");
        r.text = "بوتين".to_string();
        // The entity and the claim whose claimant it is.
        assert_eq!(r.visible_rows(&s).len(), 2);
    }
}
