//! The review table of one article, and the corpus views over all open
//! articles: pure state, rows, filters and sorting.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::annotate::{AnnotationKind, AnnotationRef, Claimant, Store};
use crate::text::normalize::{Folding, fold};
use crate::text::words::trim_proclitics;

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
            Self::Labels => Self::Article,
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
    /// The corpus, gathered when a corpus view is opened.
    pub corpus: Option<Corpus>,
}

/// The claimant of a claim as text.
pub fn claimant_text(store: &Store, claimant: Option<&Claimant>) -> String {
    match claimant {
        Some(Claimant::Entity(id)) => {
            store.entity(id).map_or_else(|| id.clone(), |e| e.text.clone())
        }
        Some(Claimant::Text(t)) => t.clone(),
        None => String::new(),
    }
}

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
        })
        .collect();
    out.dedup_by(|a, b| a.id == b.id);
    out
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
            Some(AnnotationKind::Claim) => None,
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

/// One article of the corpus, as the corpus views need it.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusArticle {
    /// Index in the session's article list.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Its annotations (an empty store when it has none or they cannot be read).
    pub rows: Vec<Row>,
    /// Why its sidecar could not be read, if it could not.
    pub problem: Option<String>,
}

/// A mention in the entity index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Article index in the session.
    pub article: usize,
    /// Where.
    pub range: Range<usize>,
    /// As written.
    pub text: String,
    /// Its label.
    pub label: String,
}

/// The mentions of one entity across the corpus (see [`Corpus::entity_index`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityGroup {
    /// What the mentions share: [`entity_key`] (folded, proclitics trimmed).
    pub key: String,
    /// How the index names it: its most frequent form as written, with
    /// proclitics trimmed (on a tie, a form that keeps its hamza or ta
    /// marbuta, then the first met) — never the folded key.
    pub name: String,
    /// Every mention.
    pub mentions: Vec<Mention>,
}

/// The name of a group of `mentions` (see [`EntityGroup::name`]).
fn group_name(mentions: &[Mention]) -> String {
    let folding = Folding::default();
    // Form → (count, first seen).
    let mut forms: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let range = trim_proclitics(&m.text, 0..m.text.chars().count());
        let form: String = m.text.chars().skip(range.start).take(range.len()).collect();
        forms.entry(form).or_insert((0, i)).0 += 1;
    }
    forms
        .into_iter()
        .min_by_key(|(form, (n, first))| {
            (std::cmp::Reverse(*n), fold(form, &folding) == *form, *first)
        })
        .map(|(form, _)| form)
        .unwrap_or_default()
}

/// The whole corpus, for the corpus views.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Corpus {
    /// Every article.
    pub articles: Vec<CorpusArticle>,
}

/// The key entities are grouped by: folded text, proclitics trimmed
/// (بوتين, وبوتين and لبوتين share one).
pub fn entity_key(text: &str) -> String {
    let folded = fold(text, &Folding::default());
    let range = trim_proclitics(&folded, 0..folded.chars().count());
    let trimmed: String = folded.chars().skip(range.start).take(range.len()).collect();
    // Proclitics without the article (وبوتين → بوتين) are trimmed too when
    // what is left is a known longer form: handled by the caller's grouping.
    trimmed
}

impl Corpus {
    /// Entities grouped by [`entity_key`], most mentioned first (then by
    /// key), each named by its most frequent form. A group whose key is
    /// another group's key with a leading proclitic (و ف ب ل ك) joins that
    /// group.
    pub fn entity_index(&self) -> Vec<EntityGroup> {
        let mut groups: BTreeMap<String, Vec<Mention>> = BTreeMap::new();
        for a in &self.articles {
            for r in a.rows.iter().filter(|r| r.kind == AnnotationKind::Entity) {
                groups.entry(entity_key(&r.text)).or_default().push(Mention {
                    article: a.index,
                    range: r.range.clone(),
                    text: r.text.clone(),
                    label: r.label.clone(),
                });
            }
        }
        let keys: Vec<String> = groups.keys().cloned().collect();
        for key in keys {
            let mut chars = key.chars();
            let Some(first) = chars.next() else { continue };
            let rest: String = chars.collect();
            if matches!(first, 'و' | 'ف' | 'ب' | 'ل' | 'ك')
                && rest.chars().count() >= 2
                && groups.contains_key(&rest)
            {
                if let Some(moved) = groups.remove(&key) {
                    groups.entry(rest).or_default().extend(moved);
                }
            }
        }
        let mut out: Vec<EntityGroup> = groups
            .into_iter()
            .map(|(key, mentions)| EntityGroup { name: group_name(&mentions), key, mentions })
            .collect();
        out.sort_by(|a, b| b.mentions.len().cmp(&a.mentions.len()).then_with(|| a.key.cmp(&b.key)));
        out
    }

    /// Every claim with its article, sorted by claimant then position.
    pub fn claims(&self) -> Vec<(usize, Row)> {
        let mut out: Vec<(usize, Row)> = self
            .articles
            .iter()
            .flat_map(|a| {
                a.rows
                    .iter()
                    .filter(|r| r.kind == AnnotationKind::Claim)
                    .map(|r| (a.index, r.clone()))
            })
            .collect();
        out.sort_by_cached_key(|(i, r)| (entity_key(&r.claimant), *i, r.range.start));
        out
    }

    /// Entity counts per label, in descending order.
    pub fn label_counts(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for a in &self.articles {
            for r in a.rows.iter().filter(|r| r.kind == AnnotationKind::Entity) {
                *counts.entry(r.label.clone()).or_default() += 1;
            }
        }
        let mut out: Vec<_> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn entity_index_groups_proclitic_forms() {
        let mut rows = Vec::new();
        for (i, text) in ["بوتين", "وبوتين", "لبوتين", "روسيا"].iter().enumerate()
        {
            rows.push(Row {
                id: format!("e{i}"),
                kind: AnnotationKind::Entity,
                label: "PERSON".into(),
                text: (*text).to_string(),
                claimant: String::new(),
                cue: String::new(),
                range: i * 10..i * 10 + 5,
                note: String::new(),
                orphan: false,
                conflict_with: Vec::new(),
                by: String::new(),
            });
        }
        let corpus = Corpus {
            articles: vec![CorpusArticle { index: 0, name: "a".into(), rows, problem: None }],
        };
        let index = corpus.entity_index();
        assert_eq!(index[0].key, "بوتين");
        assert_eq!(index[0].mentions.len(), 3);
        assert_eq!(index.len(), 2);
    }

    fn entity_row(i: usize, text: &str) -> Row {
        Row {
            id: format!("e{i}"),
            kind: AnnotationKind::Entity,
            label: "ORG".into(),
            text: text.to_string(),
            claimant: String::new(),
            cue: String::new(),
            range: i * 10..i * 10 + 5,
            note: String::new(),
            orphan: false,
            conflict_with: Vec::new(),
            by: String::new(),
        }
    }

    fn index_of(texts: &[&str]) -> Vec<EntityGroup> {
        let rows = texts.iter().enumerate().map(|(i, t)| entity_row(i, t)).collect();
        let corpus = Corpus {
            articles: vec![CorpusArticle { index: 0, name: "a".into(), rows, problem: None }],
        };
        corpus.entity_index()
    }

    #[test]
    fn entities_are_named_by_their_most_frequent_written_form() {
        // The folded key misspells: البحريه, اوكرانيا.
        let index = index_of(&["البحرية", "والبحرية", "البحريه"]);
        assert_eq!(index[0].key, "البحريه");
        assert_eq!(index[0].name, "البحرية", "والبحرية counts as البحرية");
        let index = index_of(&["أوكرانيا"]);
        assert_eq!((index[0].key.as_str(), index[0].name.as_str()), ("اوكرانيا", "أوكرانيا"));
        // On a tie, the form that keeps its hamza or ta marbuta.
        let index = index_of(&["اوكرانيا", "أوكرانيا"]);
        assert_eq!(index[0].name, "أوكرانيا");
        // The most frequent wins even when folded.
        let index = index_of(&["اوكرانيا", "اوكرانيا", "أوكرانيا"]);
        assert_eq!(index[0].name, "اوكرانيا");
    }
}
