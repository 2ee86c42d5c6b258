//! The gold standard of one article: its agreed annotations and the
//! disagreements as decided, and writing it into GOLD without ever
//! overwriting what someone else changed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::compare::{EntityKey, entity_key};
use super::{Article, Decision, State};
use crate::annotate::keys::{CURATED_BY, FROM, TO};
use crate::annotate::kinds::{Record, Value};
use crate::annotate::sidecar::{sha256_hex, sidecar_path, write_atomic};
use crate::annotate::{AnnotationKind, Claim, Claimant, Entity, FileExtra, Store, render};
use crate::review::agree::Version;

/// Why a gold file was not written.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A file in GOLD is not what curation wrote: it is left as it is.
    #[error("{path}: {why}: not overwritten (move it away to curate this article again)")]
    Changed {
        /// The file.
        path: PathBuf,
        /// What is different.
        why: &'static str,
    },
}

/// What the gold leaves unset or out, for the curator to see: an agreed
/// entity's link the annotators differ on, a relation whose end is not in
/// the gold (yet: its entity's disagreement is open or was dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    /// `link` or `relation`.
    pub kind: &'static str,
    /// The gold entity's id (a link), the source's relation id (a relation).
    pub id: String,
    /// The entity's label, the relation's type.
    pub label: String,
    /// The entity's text, the relation's `from → to`.
    pub text: String,
    /// Why: each source's link; which end is missing.
    pub why: String,
}

/// One article's gold: the store to write, and what it leaves out.
#[derive(Debug, Clone)]
pub struct Gold {
    /// The gold annotations.
    pub store: Store,
    /// Links left unset and relations left out, to be listed.
    pub held: Vec<Held>,
}

/// What the gold store is made of, before ids are settled.
struct Builder<'a> {
    article: &'a Article,
    sources: &'a [String],
    curator: Option<&'a str>,
    entities: Vec<Entity>,
    claims: Vec<(usize, Claim)>,
    relations: Vec<(usize, Record)>,
    held: Vec<Held>,
    /// Ids in use.
    ids: HashSet<String>,
    /// (side, entity id there) → the gold entity's id.
    mapped: HashMap<(usize, String), String>,
}

impl Builder<'_> {
    /// An id for an annotation whose own id is `id`: itself when free, else
    /// one derived from it.
    fn id(&mut self, id: &str, kind: AnnotationKind, seed: &str) -> String {
        let fresh = if self.ids.contains(id) {
            (0..u64::from(u16::MAX))
                .map(|n| crate::annotate::ids::derived_id(kind.id_prefix(), seed.as_bytes(), n))
                .find(|c| !self.ids.contains(c))
                .unwrap_or_else(|| format!("{id}-gold-{}", self.ids.len()))
        } else {
            id.to_owned()
        };
        self.ids.insert(fresh.clone());
        fresh
    }

    /// Who made an annotation of `side`: its own `by`, else the source's name.
    fn by(&self, by: Option<&String>, side: usize) -> Option<String> {
        by.cloned().or_else(|| self.sources.get(side).cloned())
    }

    /// Adds entity `index` of `side`; `also` are the same entity's
    /// versions in other sides (agreed), which map to it too. Its link is
    /// kept when every version has the same one, else left unset (held).
    fn entity(&mut self, side: usize, index: usize, also: &[(usize, usize)]) {
        let mut e = self.article.sides[side].entities[index].clone();
        let seed = format!("{side}|{}", e.id);
        let id = self.id(&e.id, AnnotationKind::Entity, &seed);
        let versions: Vec<(usize, usize)> =
            std::iter::once((side, index)).chain(also.iter().copied()).collect();
        for &(s, i) in &versions {
            let other = &self.article.sides[s].entities[i].id;
            self.mapped.insert((s, other.clone()), id.clone());
        }
        let links: Vec<(usize, Option<&String>)> = versions
            .iter()
            .map(|&(s, i)| (s, self.article.sides[s].entities[i].link.as_ref()))
            .collect();
        if links.iter().any(|(_, l)| *l != links[0].1) {
            let each: Vec<String> = links
                .iter()
                .map(|(s, l)| {
                    let name = self.sources.get(*s).map_or("?", String::as_str);
                    format!("{name} {}", l.map_or("none", String::as_str))
                })
                .collect();
            self.held.push(Held {
                kind: "link",
                id: id.clone(),
                label: e.label.clone(),
                text: e.text.clone(),
                why: format!("links differ ({}): left unset", each.join(", ")),
            });
            e.link = None;
        }
        e.by = self.by(e.by.as_ref(), side);
        e.id = id;
        e.conflict = None;
        if let Some(curator) = self.curator {
            e.extra.insert(CURATED_BY.to_owned(), toml::Value::String(curator.to_owned()));
        }
        self.entities.push(e);
    }

    /// Adds claim `index` of `side` (its claimant is settled at the end).
    fn claim(&mut self, side: usize, index: usize) {
        let mut c = self.article.sides[side].claims[index].clone();
        let seed = format!("{side}|{}", c.id);
        c.id = self.id(&c.id, AnnotationKind::Claim, &seed);
        c.by = self.by(c.by.as_ref(), side);
        c.conflict = None;
        if let Some(curator) = self.curator {
            c.extra.insert(CURATED_BY.to_owned(), toml::Value::String(curator.to_owned()));
        }
        self.claims.push((side, c));
    }

    /// Adds relation `index` of `side` (its ends are settled at the end).
    fn relation(&mut self, side: usize, index: usize) {
        let r = self.article.sides[side].relations[index].clone();
        self.relations.push((side, r));
    }

    /// The gold id of entity `id` of `side`: the gold entity it became,
    /// else a gold entity with the same span and label (`by_key`).
    fn gold_entity(
        &self,
        side: usize,
        id: &str,
        by_key: &BTreeMap<EntityKey, String>,
    ) -> Option<String> {
        let sides = &self.article.sides[side];
        self.mapped.get(&(side, id.to_owned())).cloned().or_else(|| {
            let original = sides.entities.iter().chain(&sides.context).find(|e| e.id == id)?;
            by_key.get(&entity_key(original)).cloned()
        })
    }

    /// Every relation whose two ends are gold entities, its ends re-pointed
    /// at them (one of several the same: type and gold ends); the others
    /// are held.
    fn settle_relations(&mut self, by_key: &BTreeMap<EntityKey, String>) -> Vec<Record> {
        let mut out: Vec<Record> = Vec::new();
        let mut taken = HashSet::new();
        for (side, mut r) in std::mem::take(&mut self.relations) {
            let ends = [FROM, TO].map(|key| {
                let id = r.text_of(key).unwrap_or_default().to_owned();
                (self.gold_entity(side, &id, by_key), id)
            });
            let missing: Vec<&str> =
                ends.iter().filter(|(g, _)| g.is_none()).map(|(_, id)| id.as_str()).collect();
            if !missing.is_empty() {
                let view = self.article.sides[side].side();
                let name = self.sources.get(side).map_or("?", String::as_str);
                self.held.push(Held {
                    kind: "relation",
                    id: r.id.clone(),
                    label: r.label().unwrap_or_default().to_owned(),
                    text: Version::of_relation(&r, &view).text,
                    why: format!(
                        "{name}'s end(s) {} not in the gold: left out",
                        missing.join(", ")
                    ),
                });
                continue;
            }
            let [(Some(from), _), (Some(to), _)] = ends else { continue };
            if !taken.insert((r.label().unwrap_or_default().to_owned(), from.clone(), to.clone())) {
                continue;
            }
            r.set(FROM, Some(Value::Text(from)));
            r.set(TO, Some(Value::Text(to)));
            let seed = format!("{side}|{}", r.id);
            r.id = self.id(&r.id, AnnotationKind::Record, &seed);
            r.by = self.by(r.by.as_ref(), side);
            r.conflict = None;
            r.orphan = false;
            if let Some(curator) = self.curator {
                r.extra.insert(CURATED_BY.to_owned(), toml::Value::String(curator.to_owned()));
            }
            out.push(r);
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Every claim's claimant named in gold terms: the gold entity its
    /// entity became, else a gold entity with the same span and label,
    /// else the entity's text; every relation settled.
    fn finish(mut self) -> Gold {
        let by_key: BTreeMap<_, _> =
            self.entities.iter().map(|e| (entity_key(e), e.id.clone())).collect();
        let relations = self.settle_relations(&by_key);
        let claims =
            self.claims
                .into_iter()
                .map(|(side, mut c)| {
                    if let Some(Claimant::Entity(id)) = &c.claimant {
                        let sides = &self.article.sides[side];
                        let original =
                            sides.entities.iter().chain(&sides.context).find(|e| &e.id == id);
                        let gold =
                            self.mapped.get(&(side, id.clone())).cloned().or_else(|| {
                                original.and_then(|e| by_key.get(&entity_key(e)).cloned())
                            });
                        c.claimant = match (gold, original) {
                            (Some(gold), _) => Some(Claimant::Entity(gold)),
                            (None, Some(e)) => Some(Claimant::Text(e.text.clone())),
                            (None, None) => None,
                        };
                    }
                    c
                })
                .collect();
        let store =
            Store::from_all_parts(self.entities, claims, relations, (1, 1), FileExtra::default());
        Gold { store, held: self.held }
    }
}

/// The gold store of `article`: the agreed annotations (the first source's
/// version), then each decided disagreement's chosen versions (open ones
/// are left out). Each keeps its id when free and its `by` (else its
/// source's name), gets `curated_by = curator`, loses any conflict mark;
/// claimants are named in the gold store's terms. A relation (agreed, or
/// of a decided row) is taken when both its ends are gold entities, its
/// ends re-pointed at them; an agreed entity keeps its link only when every
/// annotator gave the same one. What is left out is [`Gold::held`].
pub fn gold(
    article: &Article,
    sources: &[String],
    decisions: &BTreeMap<String, Decision>,
    curator: Option<&str>,
) -> Gold {
    let mut b = Builder {
        article,
        sources,
        curator,
        entities: Vec::new(),
        claims: Vec::new(),
        relations: Vec::new(),
        held: Vec::new(),
        ids: HashSet::new(),
        mapped: HashMap::new(),
    };
    for agreed in &article.comparison.agreed {
        match agreed.kind {
            AnnotationKind::Entity => {
                let also: Vec<(usize, usize)> =
                    agreed.versions.iter().copied().enumerate().skip(1).collect();
                b.entity(0, agreed.versions[0], &also);
            }
            AnnotationKind::Claim => b.claim(0, agreed.versions[0]),
            AnnotationKind::Record => b.relation(0, agreed.versions[0]),
        }
    }
    for row in &article.rows {
        let d = &row.disagreement;
        let taken: Vec<usize> = match decisions.get(&row.id) {
            Some(Decision::Take(side)) => vec![*side],
            Some(Decision::All) => (0..d.versions.len()).collect(),
            Some(Decision::Drop) | None => Vec::new(),
        };
        for side in taken {
            for &i in d.versions.get(side).into_iter().flatten() {
                match d.kind {
                    AnnotationKind::Entity => b.entity(side, i, &[]),
                    AnnotationKind::Claim => b.claim(side, i),
                    AnnotationKind::Record => b.relation(side, i),
                }
            }
        }
    }
    b.finish()
}

/// What writing one article's gold did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The gold sidecar.
    pub sidecar: PathBuf,
    /// False when it already held these bytes.
    pub changed: bool,
}

/// Writes `store`, the gold of `article`, into the folder `gold`: the
/// article's text (when not there yet) and its sidecar, and records the
/// sidecar's hash in `state` (the caller saves the state). A text that
/// differs from the article, or a sidecar that is neither what curation
/// last wrote nor what it would write now, is left as it is (an error).
pub fn write_gold(
    gold: &Path,
    article: &Article,
    store: &Store,
    state: &mut State,
) -> Result<Written, GoldError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GoldError::Io { path, source }
    };
    std::fs::create_dir_all(gold).map_err(io(gold))?;
    let text_path = gold.join(&article.name);
    match std::fs::read(&text_path) {
        Ok(bytes) if bytes == article.text.as_bytes() => {}
        Ok(_) => {
            return Err(GoldError::Changed {
                path: text_path,
                why: "holds another text than the article curated",
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_atomic(&text_path, article.text.as_bytes()).map_err(io(&text_path))?;
        }
        Err(e) => return Err(io(&text_path)(e)),
    }
    let sidecar = sidecar_path(&text_path);
    let rendered = render(store, &article.name, &article.sha256);
    let changed = match std::fs::read(&sidecar) {
        Ok(bytes) if bytes == rendered.as_bytes() => false,
        Ok(bytes) if state.written.get(&article.name) == Some(&sha256_hex(&bytes)) => true,
        Ok(_) => {
            return Err(GoldError::Changed {
                path: sidecar,
                why: "changed since curation wrote it (or not written by curation)",
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(io(&sidecar)(e)),
    };
    if changed {
        write_atomic(&sidecar, rendered.as_bytes()).map_err(io(&sidecar))?;
    }
    state.written.insert(article.name.clone(), sha256_hex(rendered.as_bytes()));
    Ok(Written { sidecar, changed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::agree::Annotations;

    fn e(id: &str, label: &str, start: usize, end: usize) -> Entity {
        let text = "x".repeat(end - start);
        Entity { id: id.into(), label: label.into(), start, end, text, ..Entity::default() }
    }

    fn article() -> Article {
        let a = Annotations {
            entities: vec![e("e1", "P", 0, 5), e("e2", "G", 10, 15)],
            claims: vec![Claim {
                id: "c1".into(),
                start: 20,
                end: 30,
                claimant: Some(Claimant::Entity("e2".into())),
                ..Claim::default()
            }],
            context: vec![],
            relations: vec![],
        };
        let mut b_entities = vec![e("e1", "P", 0, 5), e("e2", "O", 10, 15)];
        b_entities[0].by = Some("bob".into());
        let b = Annotations {
            entities: b_entities,
            claims: vec![],
            context: vec![],
            relations: vec![],
        };
        Article::new("a.txt", "y".repeat(40), vec![a, b], Vec::new())
    }

    #[test]
    fn the_gold_holds_the_agreed_and_what_was_decided() {
        let art = article();
        let sources = ["alice".to_owned(), "bob".to_owned()];
        assert_eq!(art.agreed(), 1);
        assert_eq!(art.rows.len(), 2, "other label, and a claim only alice has");
        let none = gold(&art, &sources, &BTreeMap::new(), Some("carol")).store;
        let ids: Vec<_> = none.entities().map(|e| (e.id.clone(), e.label.clone())).collect();
        assert_eq!(ids, [("e1".to_owned(), "P".to_owned())]);
        let e1 = none.entity("e1").unwrap();
        assert_eq!(e1.by.as_deref(), Some("alice"), "no by: the source's name");
        assert_eq!(e1.extra.get(CURATED_BY).and_then(|v| v.as_str()), Some("carol"));
        // Take bob's label and alice's claim: its claimant is alice's e2,
        // which is not in the gold: named by its text.
        let decisions: BTreeMap<String, Decision> = [
            (art.rows[0].id.clone(), Decision::Take(1)),
            (art.rows[1].id.clone(), Decision::Take(0)),
        ]
        .into();
        let g = gold(&art, &sources, &decisions, None).store;
        assert_eq!(g.entities().map(|e| e.label.as_str()).collect::<Vec<_>>(), ["P", "O"]);
        let claim = g.claims().next().unwrap();
        assert_eq!(claim.claimant, Some(Claimant::Text("xxxxx".into())));
        // Take all: both versions of e2, the second under a fresh id; the
        // claim names alice's e2.
        let all: BTreeMap<String, Decision> =
            [(art.rows[0].id.clone(), Decision::All), (art.rows[1].id.clone(), Decision::Take(0))]
                .into();
        let g = gold(&art, &sources, &all, None).store;
        assert_eq!(g.entities().len(), 3);
        let claim = g.claims().next().unwrap();
        assert_eq!(claim.claimant, Some(Claimant::Entity("e2".into())));
        assert_eq!(g.entity("e2").unwrap().label, "G");
        // Decisions for rows that are not there change nothing.
        let stale: BTreeMap<String, Decision> = [("r-gone".to_owned(), Decision::All)].into();
        assert_eq!(gold(&art, &sources, &stale, None).store.len(), 1);
    }

    #[test]
    fn gold_files_changed_by_someone_else_are_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let art = article();
        let sources = ["alice".to_owned(), "bob".to_owned()];
        let mut state = State::default();
        let store = gold(&art, &sources, &BTreeMap::new(), None).store;
        let w = write_gold(dir.path(), &art, &store, &mut state).unwrap();
        assert!(w.changed);
        assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), art.text);
        // Again: nothing changes.
        assert!(!write_gold(dir.path(), &art, &store, &mut state).unwrap().changed);
        // Curation's own earlier file is replaced.
        let all: BTreeMap<String, Decision> = [(art.rows[0].id.clone(), Decision::All)].into();
        let more = gold(&art, &sources, &all, None).store;
        assert!(write_gold(dir.path(), &art, &more, &mut state).unwrap().changed);
        // A file edited since is not.
        std::fs::write(&w.sidecar, "edited").unwrap();
        let e = write_gold(dir.path(), &art, &store, &mut state).unwrap_err();
        assert!(e.to_string().contains("changed since curation wrote it"), "{e}");
        assert_eq!(std::fs::read_to_string(&w.sidecar).unwrap(), "edited");
    }
}
