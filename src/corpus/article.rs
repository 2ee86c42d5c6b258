//! What one article contributes to the corpus: its annotations as the
//! corpus views and `stats` need them, read from its store once.

use std::ops::Range;

use super::key::{entity_key, written_form};
use super::registry::Registry;
use crate::annotate::{ArticleStatus, Claimant, Store};

/// An entity of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityItem {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// As written in the article.
    pub text: String,
    /// Its group's key ([`entity_key`] of the text), made where the article is read.
    pub key: String,
    /// Its text as written, proclitics trimmed ([`written_form`]).
    pub form: String,
    /// The canonical entity it is linked to (an id of the registry).
    pub link: Option<String>,
    /// Where (`char` offsets).
    pub range: Range<usize>,
    /// Who made it (empty: not recorded).
    pub by: String,
    /// Its text is not in the article any more.
    pub orphan: bool,
    /// One of two versions kept by a merge.
    pub conflict: bool,
}

/// A claim of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimItem {
    /// Its id.
    pub id: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// The claim's text.
    pub text: String,
    /// Who makes it, as text: the claimant entity's text (its id when the
    /// entity is missing) or the free text; empty for none.
    pub claimant: String,
    /// The claimant's key ([`entity_key`]).
    pub key: String,
    /// The claimant as written, proclitics trimmed ([`written_form`]).
    pub form: String,
    /// The canonical entity the claimant mention is linked to (an id of
    /// the registry), when it is.
    pub link: Option<String>,
    /// The cue's text (empty: none).
    pub cue: String,
    /// Where (`char` offsets).
    pub range: Range<usize>,
    /// Who made it (empty: not recorded).
    pub by: String,
    /// Its text is not in the article any more.
    pub orphan: bool,
    /// One of two versions kept by a merge.
    pub conflict: bool,
}

/// One article's annotations for the corpus, or why they could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleData {
    /// Its entities, in the store's order.
    pub entities: Vec<EntityItem>,
    /// Its claims, in the store's order.
    pub claims: Vec<ClaimItem>,
    /// The type (`label`) of each of its relations, in id order.
    pub relations: Vec<String>,
    /// Its status (`[article] status`), if a valid one is set: none counts
    /// as to do.
    pub status: Option<ArticleStatus>,
    /// Why its article or sidecar could not be read (then it has none).
    pub problem: Option<String>,
}

/// The claimant of a claim as text (see [`ClaimItem::claimant`]).
pub fn claimant_text(store: &Store, claimant: Option<&Claimant>) -> String {
    match claimant {
        Some(Claimant::Entity(id)) => {
            store.entity(id).map_or_else(|| id.clone(), |e| e.text.clone())
        }
        Some(Claimant::Text(t)) => t.clone(),
        None => String::new(),
    }
}

/// The canonical entity a claimant mention is linked to, when it is.
pub fn claimant_link(store: &Store, claimant: Option<&Claimant>) -> Option<String> {
    match claimant {
        Some(Claimant::Entity(id)) => store.entity(id).and_then(|e| e.link.clone()),
        _ => None,
    }
}

impl ArticleData {
    /// Groups its linked mentions and claimants by their canonical entity
    /// in `registry`: their key and form become the canonical name's, so
    /// that "who said what" and the entity index count a real-world entity
    /// once whatever each mention says (يفمينوف, نيكولاي يفمينوف). A link
    /// to an id the registry lacks is left as the text says.
    #[must_use]
    pub fn resolved(mut self, registry: &Registry) -> Self {
        if registry.is_empty() {
            return self;
        }
        let canonical = |link: &Option<String>| {
            link.as_deref().and_then(|id| registry.get(id)).map(|k| k.name.clone())
        };
        for e in &mut self.entities {
            if let Some(name) = canonical(&e.link) {
                if !e.key.is_empty() {
                    e.key = entity_key(&name);
                    e.form = name;
                }
            }
        }
        for c in &mut self.claims {
            if let Some(name) = canonical(&c.link) {
                c.key = entity_key(&name);
                c.form = name;
            }
        }
        self
    }

    /// The annotations of `store`.
    pub fn of(store: &Store) -> Self {
        Self::made(store, false)
    }

    /// What a corpus that only counts needs of `store` (see
    /// [`ArticleData::for_counting`]), without grouping its entities.
    pub fn counting(store: &Store) -> Self {
        Self::made(store, true).for_counting()
    }

    fn made(store: &Store, counting: bool) -> Self {
        let entities = store
            .entities()
            .map(|e| EntityItem {
                id: e.id.clone(),
                label: e.label.clone(),
                text: if counting { String::new() } else { e.text.clone() },
                key: if counting { String::new() } else { entity_key(&e.text) },
                form: if counting { String::new() } else { written_form(&e.text) },
                link: e.link.clone(),
                range: e.range(),
                by: e.by.clone().unwrap_or_default(),
                orphan: e.orphan,
                conflict: e.conflict.is_some(),
            })
            .collect();
        let claims = store
            .claims()
            .map(|c| (c, claimant_text(store, c.claimant.as_ref())))
            .map(|(c, claimant)| ClaimItem {
                id: c.id.clone(),
                kind: c.kind.name().to_owned(),
                text: c.text.clone(),
                key: entity_key(&claimant),
                form: written_form(&claimant),
                link: claimant_link(store, c.claimant.as_ref()),
                claimant,
                cue: c.cue.as_ref().map(|q| q.text.clone()).unwrap_or_default(),
                range: c.range(),
                by: c.by.clone().unwrap_or_default(),
                orphan: c.orphan,
                conflict: c.conflict.is_some(),
            })
            .collect();
        let relations = store
            .records_of_kind(crate::annotate::kinds::RELATION)
            .into_iter()
            .map(|r| r.label().unwrap_or_default().to_owned())
            .collect();
        Self { entities, claims, relations, status: store.status(), problem: None }
    }

    /// An article that could not be read, and why.
    pub fn failed(problem: impl Into<String>) -> Self {
        Self { problem: Some(problem.into()), ..Self::default() }
    }

    /// Without what only the views and the entity index need (ids, texts,
    /// cues): what a corpus that only counts needs
    /// ([`super::Corpus::counts_only`]).
    #[must_use]
    pub fn for_counting(mut self) -> Self {
        for e in &mut self.entities {
            (e.id, e.text, e.key, e.form) =
                (String::new(), String::new(), String::new(), String::new());
        }
        for c in &mut self.claims {
            (c.id, c.text, c.cue) = (String::new(), String::new(), String::new());
        }
        self
    }

    /// Its status as counted: none is to do.
    pub fn progress(&self) -> ArticleStatus {
        self.status.unwrap_or(ArticleStatus::Todo)
    }

    /// Its annotations whose text is not in the article any more.
    pub fn orphans(&self) -> usize {
        self.entities.iter().filter(|e| e.orphan).count()
            + self.claims.iter().filter(|c| c.orphan).count()
    }

    /// Its annotations kept in two versions by a merge.
    pub fn conflicts(&self) -> usize {
        self.entities.iter().filter(|e| e.conflict).count()
            + self.claims.iter().filter(|c| c.conflict).count()
    }
}
