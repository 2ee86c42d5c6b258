//! The annotations of one article in memory: sorted, queried by position,
//! changed through methods that record their inverse for undo and redo.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::ids::{Author, IdScheme};
use super::kinds::{FieldType, KindDecl, OnRemove, Record, Value};
use super::model::{
    Annotation, AnnotationKind, AnnotationRef, Claim, ClaimKind, Claimant, Cue, Entity,
    compare_ids, id_number,
};
use super::spans::SpanSet;

/// Why a change was refused. A refused change changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// No annotation has this id.
    #[error("no annotation has id `{0}`")]
    UnknownId(String),
    /// The id names a claim where an entity is needed.
    #[error("`{0}` is not an entity")]
    NotAnEntity(String),
    /// The id names an entity where a claim is needed.
    #[error("`{0}` is not a claim")]
    NotAClaim(String),
    /// A span must hold at least one `char`.
    #[error("empty or reversed span {start}..{end}")]
    BadRange {
        /// The given start.
        start: usize,
        /// The given end.
        end: usize,
    },
    /// Labels are names and cannot be empty.
    #[error("an entity label cannot be empty")]
    EmptyLabel,
    /// Every number has been used (only reachable with crafted ids).
    #[error("no id left to give")]
    IdsExhausted,
    /// The id names an entity or a claim where a record is needed.
    #[error("`{0}` is not a record of a declared kind")]
    NotARecord(String),
    /// A field its kind does not declare.
    #[error("a {kind} has no field `{key}`")]
    UnknownField {
        /// The kind.
        kind: String,
        /// The key.
        key: String,
    },
    /// A required field left out.
    #[error("a {kind} needs `{key}`")]
    MissingField {
        /// The kind.
        kind: String,
        /// The key.
        key: String,
    },
    /// A value its field does not take.
    #[error("`{key}`: {message}")]
    BadValue {
        /// The key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// Fields of a sidecar that belong to no annotation and that Hashiya does
/// not know, kept so that saving loses nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileExtra {
    /// Unknown top-level keys.
    pub top: toml::Table,
    /// Unknown keys of `[article]`.
    pub article: toml::Table,
}

/// One annotation's state before and after a change (`None`: absent).
#[derive(Debug, Clone)]
struct Put {
    id: String,
    before: Option<Annotation>,
    after: Option<Annotation>,
}

/// One user action: undone and redone as a whole, named for messages
/// ("claim c3", "tag all (5 entities)").
#[derive(Debug, Clone)]
struct Change {
    what: String,
    puts: Vec<Put>,
}

/// A transaction being built: the edits made since [`Store::begin`],
/// already applied, recorded as one change by the outermost
/// [`Store::end`].
#[derive(Debug, Clone)]
struct Open {
    what: String,
    puts: Vec<Put>,
    depth: usize,
}

impl Open {
    /// The transaction as one change: for each id, its state before the
    /// first edit and after the last (in order of first edit); ids that
    /// end as they began are left out.
    fn into_change(self) -> Change {
        let mut puts: Vec<Put> = Vec::new();
        for put in self.puts {
            match puts.iter_mut().find(|p| p.id == put.id) {
                Some(first) => first.after = put.after,
                None => puts.push(put),
            }
        }
        puts.retain(|p| p.before != p.after);
        Change { what: self.what, puts }
    }
}

/// A whole new content for a store, with the undoable change that leads
/// to it: prepared on any thread ([`Store::replacement`]), applied at once
/// ([`Store::apply_replacement`]).
#[derive(Debug)]
pub struct Replacement {
    content: Store,
    change: Change,
}

impl Replacement {
    /// How many annotations it adds, changes or removes.
    pub fn len(&self) -> usize {
        self.change.puts.len()
    }

    /// True when it changes no annotation.
    pub fn is_empty(&self) -> bool {
        self.change.puts.is_empty()
    }
}

/// The annotations of one article.
#[derive(Debug, Clone)]
pub struct Store {
    entities: SpanSet<Entity>,
    claims: SpanSet<Claim>,
    /// Annotations of declared kinds (relations…), by id.
    records: HashMap<String, Record>,
    next_entity: u64,
    next_claim: u64,
    undo: Vec<Change>,
    redo: Vec<Change>,
    open: Option<Open>,
    revision: u64,
    saved_revision: u64,
    extra: FileExtra,
    /// How new ids are made.
    ids: IdScheme,
    /// Who makes new annotations (stamped as `by` and `at`).
    author: Option<Author>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// An empty store; the first ids will be `e1` and `c1`.
    pub fn new() -> Self {
        Self {
            entities: SpanSet::default(),
            claims: SpanSet::default(),
            records: HashMap::new(),
            next_entity: 1,
            next_claim: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            open: None,
            revision: 0,
            saved_revision: 0,
            extra: FileExtra::default(),
            ids: IdScheme::Sequential,
            author: None,
        }
    }

    /// Sets how new ids are made (see [`super::ids`]); existing ids are
    /// never changed.
    pub fn set_id_scheme(&mut self, ids: IdScheme) {
        self.ids = ids;
    }

    /// How new ids are made.
    pub fn id_scheme(&self) -> &IdScheme {
        &self.ids
    }

    /// Sets who makes new annotations: each gets `by` (and `at`, if the
    /// author's clock says) from it. `None`: new annotations say nobody.
    pub fn set_author(&mut self, author: Option<Author>) {
        self.author = author;
    }

    /// Who makes new annotations.
    pub fn author(&self) -> Option<&Author> {
        self.author.as_ref()
    }

    /// `by` and `at` for an annotation made now.
    fn made_now(&self) -> (Option<String>, Option<String>) {
        match &self.author {
            Some(author) => (Some(author.name.clone()), author.now()),
            None => (None, None),
        }
    }

    /// A store holding these annotations (ids must be unique among all,
    /// claimants must name entities: the sidecar loader checks both) and
    /// records of declared kinds (their references may dangle: `hashiya
    /// check` says so), with id counters at least `next_entity` /
    /// `next_claim` and past every `e<N>` / `c<N>` id. No history; not dirty.
    pub(crate) fn from_all_parts(
        entities: Vec<Entity>,
        claims: Vec<Claim>,
        records: Vec<Record>,
        (next_entity, next_claim): (u64, u64),
        extra: FileExtra,
    ) -> Self {
        let mut store = Self::new();
        store.extra = extra;
        // Read from the vectors (contiguous), not from the maps built of them.
        let ids = entities.iter().map(|e| e.id.as_str());
        let (max_e, max_c) = max_id_numbers(ids.chain(claims.iter().map(|c| c.id.as_str())));
        store.entities = SpanSet::from_items(entities);
        store.claims = SpanSet::from_items(claims);
        store.records = records.into_iter().map(|r| (r.id.clone(), r)).collect();
        store.next_entity = next_entity.max(max_e.map_or(1, |n| n.saturating_add(1))).max(1);
        store.next_claim = next_claim.max(max_c.map_or(1, |n| n.saturating_add(1))).max(1);
        store
    }

    /// The largest `N` of the `e<N>` and of the `c<N>` ids in use.
    pub(crate) fn max_id_numbers(&self) -> (Option<u64>, Option<u64>) {
        let ids = self.entities.iter().map(|e| e.id.as_str());
        max_id_numbers(ids.chain(self.claims.iter().map(|c| c.id.as_str())))
    }

    /// The number the next new entity id will have (at least; `e<N>`).
    pub fn next_entity_number(&self) -> u64 {
        self.next_entity
    }

    /// The number the next new claim id will have (at least; `c<N>`).
    pub fn next_claim_number(&self) -> u64 {
        self.next_claim
    }

    /// Unknown sidecar fields outside the annotations.
    pub fn file_extra(&self) -> &FileExtra {
        &self.extra
    }

    /// Replaces the unknown sidecar fields outside the annotations (not an
    /// undoable change: for a store being built, such as a merge's result).
    pub fn set_file_extra(&mut self, extra: FileExtra) {
        self.extra = extra;
    }

    /// The article's status (`[article] status`), if a valid one is set.
    pub fn status(&self) -> Option<super::ArticleStatus> {
        super::status::of(&self.extra)
    }

    /// Sets (or removes) the article's status: a change to save, not to
    /// undo (it is set again with the same key).
    pub fn set_status(&mut self, status: Option<super::ArticleStatus>) {
        if self.status() != status
            || (status.is_none() && self.extra.article.contains_key(super::keys::STATUS))
        {
            super::status::set(&mut self.extra, status);
            self.revision += 1;
        }
    }

    // ----- reading -----

    /// Number of annotations (entities, claims and records, orphans included).
    pub fn len(&self) -> usize {
        self.entities.len() + self.claims.len() + self.records.len()
    }

    /// True when there are no annotations.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entity with `id`.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.get(id)
    }

    /// The claim with `id`.
    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.get(id)
    }

    /// The record (of a declared kind) with `id`.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records.get(id)
    }

    /// The records of declared kinds, sorted by kind table, then id.
    pub fn records(&self) -> Vec<&Record> {
        let mut all: Vec<&Record> = self.records.values().collect();
        all.sort_by(|a, b| a.kind.table.cmp(&b.kind.table).then_with(|| compare_ids(&a.id, &b.id)));
        all
    }

    /// The records of the kind named `kind`, in id order.
    pub fn records_of_kind(&self, kind: &str) -> Vec<&Record> {
        let mut all: Vec<&Record> = self.records.values().filter(|r| r.kind.name == kind).collect();
        all.sort_by(|a, b| compare_ids(&a.id, &b.id));
        all
    }

    /// The records referring to annotation `id` (a relation's ends…), in id order.
    pub fn referring_to(&self, id: &str) -> Vec<&Record> {
        let mut all: Vec<&Record> = self.records.values().filter(|r| r.refers_to(id)).collect();
        all.sort_by(|a, b| compare_ids(&a.id, &b.id));
        all
    }

    /// Number of records of declared kinds.
    pub fn record_count(&self) -> usize {
        self.records.len()
    }

    /// The annotation with `id`, of any kind.
    pub fn get(&self, id: &str) -> Option<AnnotationRef<'_>> {
        self.entities
            .get(id)
            .map(AnnotationRef::Entity)
            .or_else(|| self.claims.get(id).map(AnnotationRef::Claim))
            .or_else(|| self.records.get(id).map(AnnotationRef::Record))
    }

    /// The entities sorted by start, end, id (orphans included).
    pub fn entities(&self) -> impl DoubleEndedIterator<Item = &Entity> + ExactSizeIterator {
        self.entities.iter()
    }

    /// The claims sorted by start, end, id (orphans included).
    pub fn claims(&self) -> impl DoubleEndedIterator<Item = &Claim> + ExactSizeIterator {
        self.claims.iter()
    }

    /// Every annotation sorted by start, end, entities before claims, id
    /// (orphans included, at their stale offsets).
    pub fn all(&self) -> Vec<AnnotationRef<'_>> {
        let mut all: Vec<_> = self.entities.iter().map(AnnotationRef::Entity).collect();
        all.extend(self.claims.iter().map(AnnotationRef::Claim));
        all.sort_by(document_order);
        all
    }

    /// The orphans (annotations whose text was not found in the article),
    /// in [`Store::all`] order.
    pub fn orphans(&self) -> Vec<AnnotationRef<'_>> {
        // Filtered before sorting: a frame asks for them, and they are few.
        let entities = self.entities.iter().filter(|e| e.orphan).map(AnnotationRef::Entity);
        let claims = self.claims.iter().filter(|c| c.orphan).map(AnnotationRef::Claim);
        let mut found: Vec<_> = entities.chain(claims).collect();
        found.sort_by(document_order);
        found
    }

    /// The annotations whose span holds `offset`, innermost (shortest)
    /// first; at equal length entities come before claims. Orphans are
    /// never found by position.
    pub fn at(&self, offset: usize) -> Vec<AnnotationRef<'_>> {
        let mut found: Vec<_> = self.entities.at(offset).map(AnnotationRef::Entity).collect();
        found.extend(self.claims.at(offset).map(AnnotationRef::Claim));
        found.sort_by(|a, b| {
            a.range().len().cmp(&b.range().len()).then_with(|| document_order(a, b))
        });
        found
    }

    /// The annotations sharing at least one `char` with `range`, in
    /// [`Store::all`] order (an empty `range` overlaps nothing). Orphans
    /// are never found by position.
    pub fn overlapping(&self, range: Range<usize>) -> Vec<AnnotationRef<'_>> {
        let mut found: Vec<_> =
            self.entities.overlapping(range.clone()).map(AnnotationRef::Entity).collect();
        found.extend(self.claims.overlapping(range).map(AnnotationRef::Claim));
        found.sort_by(document_order);
        found
    }

    /// The entities whose span is exactly `range` (orphans included, at
    /// their stale offsets), in [`Store::entities`] order.
    pub fn entities_with_span(&self, range: Range<usize>) -> impl Iterator<Item = &Entity> {
        self.entities.with_span(range.start, range.end)
    }

    /// The claims whose span is exactly `range` (orphans included), in
    /// [`Store::claims`] order.
    pub fn claims_with_span(&self, range: Range<usize>) -> impl Iterator<Item = &Claim> {
        self.claims.with_span(range.start, range.end)
    }

    // ----- history -----

    /// Forgets every change recorded for undo and redo (a bulk import keeps
    /// no history, which would double its memory); the store stays dirty.
    pub fn clear_history(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Counts every change, undo and redo; never goes back.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// True when the store changed since it was loaded or last marked saved.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// How many changes (undo and redo included) were made since the store
    /// was loaded or last marked saved.
    pub fn unsaved_changes(&self) -> u64 {
        self.revision.saturating_sub(self.saved_revision)
    }

    /// Records that the current state is on disk.
    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    /// Marks the store as changed without recording a change (the loader
    /// uses it after re-anchoring spans).
    pub(crate) fn touch(&mut self) {
        self.revision += 1;
    }

    /// True when there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.open.as_ref().is_some_and(|o| !o.puts.is_empty())
    }

    /// True when there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last change (ending an open transaction first) and
    /// returns its name; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<String> {
        self.end_all();
        let change = self.undo.pop()?;
        for put in change.puts.iter().rev() {
            self.put(&put.id, put.before.clone());
        }
        let what = change.what.clone();
        self.redo.push(change);
        self.revision += 1;
        Some(what)
    }

    /// Redoes the last undone change and returns its name; `None` when
    /// there is nothing to redo.
    pub fn redo(&mut self) -> Option<String> {
        self.end_all();
        let change = self.redo.pop()?;
        for put in &change.puts {
            self.put(&put.id, put.after.clone());
        }
        let what = change.what.clone();
        self.undo.push(change);
        self.revision += 1;
        Some(what)
    }

    /// The name of the change [`Store::undo`] would undo.
    pub fn undo_name(&self) -> Option<&str> {
        match &self.open {
            Some(open) if !open.puts.is_empty() => Some(&open.what),
            _ => self.undo.last().map(|c| c.what.as_str()),
        }
    }

    // ----- transactions -----

    /// Starts a transaction named `what`: every edit until the matching
    /// [`Store::end`] is applied (and saved) at once as usual, but undone
    /// and redone as one change. Transactions nest: an inner one joins the
    /// outer one (and its name is ignored).
    pub fn begin(&mut self, what: impl Into<String>) {
        match &mut self.open {
            Some(open) => open.depth += 1,
            None => self.open = Some(Open { what: what.into(), puts: Vec::new(), depth: 1 }),
        }
    }

    /// Renames the open transaction (once its name is known: "claim c3",
    /// "tag all (5 entities)"); nothing when none is open.
    pub fn rename(&mut self, what: impl Into<String>) {
        if let Some(open) = &mut self.open {
            open.what = what.into();
        }
    }

    /// Ends the innermost transaction; the outermost records its edits as
    /// one change (none when they changed nothing). True when a change was
    /// recorded.
    pub fn end(&mut self) -> bool {
        let Some(open) = &mut self.open else { return false };
        open.depth -= 1;
        if open.depth > 0 {
            return false;
        }
        let Some(open) = self.open.take() else { return false };
        let change = open.into_change();
        if change.puts.is_empty() {
            return false;
        }
        self.undo.push(change);
        true
    }

    /// Ends every open transaction.
    fn end_all(&mut self) {
        if let Some(open) = &mut self.open {
            open.depth = 1;
        }
        self.end();
    }

    /// True while a transaction is open.
    pub fn in_transaction(&self) -> bool {
        self.open.is_some()
    }

    /// Sets the state of annotation `id` (`None`: removes it).
    fn put(&mut self, id: &str, state: Option<Annotation>) {
        self.entities.remove(id);
        self.claims.remove(id);
        self.records.remove(id);
        match state {
            Some(Annotation::Entity(e)) => {
                self.entities.insert(e);
            }
            Some(Annotation::Claim(c)) => {
                self.claims.insert(c);
            }
            Some(Annotation::Record(r)) => {
                self.records.insert(r.id.clone(), r);
            }
            None => {}
        }
    }

    /// Applies a change named `what`, records it for undo (inside the open
    /// transaction, if one is) and forgets the redo list. Puts whose state
    /// does not change are dropped; an empty change is not recorded.
    fn commit(&mut self, what: String, puts: Vec<Put>) {
        let puts: Vec<Put> = puts.into_iter().filter(|p| p.before != p.after).collect();
        if puts.is_empty() {
            return;
        }
        for put in &puts {
            self.put(&put.id, put.after.clone());
        }
        match &mut self.open {
            Some(open) => open.puts.extend(puts),
            None => self.undo.push(Change { what, puts }),
        }
        self.redo.clear();
        self.revision += 1;
    }

    /// Marks a store with annotations as unsaved (its file was removed).
    pub fn touch_if_nonempty(&mut self) {
        if !self.is_empty() || !self.orphans().is_empty() {
            self.touch();
        }
    }

    /// Sets annotations by id in one undoable change named `what` (`None`
    /// removes); used to merge work done elsewhere. Ids are taken as given.
    /// The change is its own undo step even while a transaction is open
    /// (work merged from disk is no part of what the user is doing).
    pub(crate) fn put_many(&mut self, what: &str, puts: Vec<(String, Option<Annotation>)>) {
        let puts = puts
            .into_iter()
            .map(|(id, after)| {
                let before = self.get(&id).map(|a| a.to_owned());
                Put { id, before, after }
            })
            .collect();
        let open = self.open.take();
        self.commit(what.to_string(), puts);
        self.open = open;
        let (max_e, max_c) = self.max_id_numbers();
        self.next_entity = self.next_entity.max(max_e.map_or(1, |n| n.saturating_add(1)));
        self.next_claim = self.next_claim.max(max_c.map_or(1, |n| n.saturating_add(1)));
    }

    /// Sets the state of annotation `id` (`None`: removes it) without
    /// recording it for undo nor marking the store changed: for a merge base,
    /// which is never edited nor saved.
    pub(crate) fn set_untracked(&mut self, id: &str, state: Option<Annotation>) {
        self.put(id, state);
    }

    /// The change that makes a store holding what `from` holds hold what
    /// `to` holds (annotations, counters never lowered, unknown file
    /// fields): one undoable change, found id by id in linear time. For a
    /// large change made elsewhere, prepared off the UI thread.
    pub fn replacement(from: &Store, mut to: Store) -> Replacement {
        let mut puts = Vec::new();
        let every = |s: &Store| -> Vec<Annotation> {
            let entities = s.entities.iter().map(|e| Annotation::Entity(e.clone()));
            let claims = s.claims.iter().map(|c| Annotation::Claim(c.clone()));
            let records = s.records().into_iter().map(|r| Annotation::Record(r.clone()));
            entities.chain(claims).chain(records).collect()
        };
        for after in every(&to) {
            let id = after.as_ref().id().to_owned();
            let before = from.get(&id).map(|a| a.to_owned());
            if before.as_ref() != Some(&after) {
                puts.push(Put { id, before, after: Some(after) });
            }
        }
        for before in every(from) {
            let id = before.as_ref().id().to_owned();
            if to.get(&id).is_none() {
                puts.push(Put { id, before: Some(before), after: None });
            }
        }
        to.undo.clear();
        to.redo.clear();
        to.open = None;
        let n = puts.len();
        let what = format!("merge from disk ({n} change{})", if n == 1 { "" } else { "s" });
        Replacement { content: to, change: Change { what, puts } }
    }

    /// Replaces the content of this store, which must hold what the
    /// replacement was prepared from, in one undoable change (its own step,
    /// even while a transaction is open). Constant time (but for dropping
    /// the old content).
    pub fn apply_replacement(&mut self, replacement: Replacement) {
        let Replacement { content, change } = replacement;
        self.entities = content.entities;
        self.claims = content.claims;
        self.records = content.records;
        self.extra = content.extra;
        self.raise_counters(content.next_entity, content.next_claim);
        if !change.puts.is_empty() {
            self.undo.push(change);
            self.redo.clear();
            self.revision += 1;
        }
    }

    /// Raises the id counters to at least `next_entity` / `next_claim`
    /// (never lowers them), so that no id given elsewhere is given again.
    pub(crate) fn raise_counters(&mut self, next_entity: u64, next_claim: u64) {
        self.next_entity = self.next_entity.max(next_entity);
        self.next_claim = self.next_claim.max(next_claim);
    }

    // ----- changes -----

    /// A new id for an annotation of `kind`: unique-form when the scheme
    /// says so (never one in use), else the next `e<N>` / `c<N>` (the
    /// counter is moved past it).
    fn new_id(&mut self, kind: AnnotationKind) -> Result<String, StoreError> {
        let prefix = kind.id_prefix();
        // A clash with an id in use is all but impossible; the bound only
        // keeps a broken random source from looping.
        for _ in 0..64 {
            match self.ids.draw(prefix) {
                Some(id) if self.get(&id).is_some() => {}
                Some(id) => return Ok(id),
                None => break,
            }
        }
        let from = match kind {
            AnnotationKind::Entity => self.next_entity,
            AnnotationKind::Claim => self.next_claim,
            AnnotationKind::Record => 1,
        };
        let (id, next) = self.fresh_id(prefix, from)?;
        match kind {
            AnnotationKind::Entity => self.next_entity = next,
            AnnotationKind::Claim => self.next_claim = next,
            AnnotationKind::Record => {}
        }
        Ok(id)
    }

    fn fresh_id(&self, prefix: char, from: u64) -> Result<(String, u64), StoreError> {
        let mut n = from;
        loop {
            let id = format!("{prefix}{n}");
            let next = n.checked_add(1).ok_or(StoreError::IdsExhausted)?;
            if self.get(&id).is_none() {
                return Ok((id, next));
            }
            n = next;
        }
    }

    fn check_range(range: &Range<usize>) -> Result<(), StoreError> {
        if range.start < range.end {
            Ok(())
        } else {
            Err(StoreError::BadRange { start: range.start, end: range.end })
        }
    }

    /// Adds an entity over `range` quoting `text`; returns its new id.
    pub fn add_entity(
        &mut self,
        label: &str,
        range: Range<usize>,
        text: &str,
    ) -> Result<String, StoreError> {
        Self::check_range(&range)?;
        if label.is_empty() {
            return Err(StoreError::EmptyLabel);
        }
        let id = self.new_id(AnnotationKind::Entity)?;
        let (by, at) = self.made_now();
        let entity = Entity {
            id: id.clone(),
            label: label.to_owned(),
            start: range.start,
            end: range.end,
            text: text.to_owned(),
            by,
            at,
            ..Entity::default()
        };
        self.commit(
            format!("entity {id}"),
            vec![Put { id: id.clone(), before: None, after: Some(Annotation::Entity(entity)) }],
        );
        Ok(id)
    }

    /// Adds a claim (kind [`ClaimKind::Indirect`]) over `range` quoting
    /// `text`; returns its new id.
    pub fn add_claim(&mut self, range: Range<usize>, text: &str) -> Result<String, StoreError> {
        Self::check_range(&range)?;
        let id = self.new_id(AnnotationKind::Claim)?;
        let (by, at) = self.made_now();
        let claim = Claim {
            id: id.clone(),
            start: range.start,
            end: range.end,
            text: text.to_owned(),
            by,
            at,
            ..Claim::default()
        };
        self.commit(
            format!("claim {id}"),
            vec![Put { id: id.clone(), before: None, after: Some(Annotation::Claim(claim)) }],
        );
        Ok(id)
    }

    /// Applies `edit` to a copy of the annotation `id` found by `get`, and
    /// commits the change; `wrong_kind` is the error when `id` names an
    /// annotation of the other kind.
    fn edit<T: Clone>(
        &mut self,
        what: &str,
        id: &str,
        get: impl for<'a> Fn(&'a Self, &str) -> Option<&'a T>,
        wrap: fn(T) -> Annotation,
        wrong_kind: fn(String) -> StoreError,
        edit: impl FnOnce(&mut T),
    ) -> Result<(), StoreError> {
        let Some(old) = get(self, id) else {
            let known = self.get(id).is_some();
            return Err(if known { wrong_kind } else { StoreError::UnknownId }(id.to_owned()));
        };
        let mut new = old.clone();
        edit(&mut new);
        let before = Some(wrap(old.clone()));
        self.commit(
            format!("{what} of {id}"),
            vec![Put { id: id.to_owned(), before, after: Some(wrap(new)) }],
        );
        Ok(())
    }

    fn edit_entity(
        &mut self,
        what: &str,
        id: &str,
        edit: impl FnOnce(&mut Entity),
    ) -> Result<(), StoreError> {
        let wrap = Annotation::Entity;
        self.edit(what, id, |s, id| s.entities.get(id), wrap, StoreError::NotAnEntity, edit)
    }

    fn edit_claim(
        &mut self,
        what: &str,
        id: &str,
        edit: impl FnOnce(&mut Claim),
    ) -> Result<(), StoreError> {
        let wrap = Annotation::Claim;
        self.edit(what, id, |s, id| s.claims.get(id), wrap, StoreError::NotAClaim, edit)
    }

    /// Changes an entity's label.
    pub fn set_label(&mut self, id: &str, label: &str) -> Result<(), StoreError> {
        if label.is_empty() {
            return Err(StoreError::EmptyLabel);
        }
        self.edit_entity("label", id, |e| label.clone_into(&mut e.label))
    }

    /// Links an entity to a canonical entity of the corpus registry (its id),
    /// or unlinks it (`None`, or an empty id).
    pub fn set_link(&mut self, id: &str, link: Option<&str>) -> Result<(), StoreError> {
        let link = link.filter(|l| !l.is_empty()).map(str::to_owned);
        self.edit_entity("link", id, |e| e.link = link)
    }

    /// Sets or clears (`None`, or an empty note) the note of an entity or claim.
    pub fn set_note(&mut self, id: &str, note: Option<&str>) -> Result<(), StoreError> {
        let note = note.filter(|n| !n.is_empty()).map(str::to_owned);
        if self.entities.contains(id) {
            self.edit_entity("note", id, |e| e.note = note)
        } else {
            self.edit_claim("note", id, |c| c.note = note)
        }
    }

    /// Moves the span of an entity or claim to `range` quoting `text` (to
    /// widen, narrow or trim it, or to re-attach an orphan by hand); the
    /// annotation is no longer an orphan.
    pub fn set_span(
        &mut self,
        id: &str,
        range: Range<usize>,
        text: &str,
    ) -> Result<(), StoreError> {
        Self::check_range(&range)?;
        if self.entities.contains(id) {
            self.edit_entity("span", id, |e| {
                (e.start, e.end, e.orphan) = (range.start, range.end, false);
                text.clone_into(&mut e.text);
            })
        } else {
            self.edit_claim("span", id, |c| {
                (c.start, c.end, c.orphan) = (range.start, range.end, false);
                text.clone_into(&mut c.text);
            })
        }
    }

    /// Sets or clears who makes a claim; an entity claimant must exist.
    pub fn set_claimant(&mut self, id: &str, claimant: Option<Claimant>) -> Result<(), StoreError> {
        if let Some(Claimant::Entity(entity)) = &claimant {
            if !self.entities.contains(entity) {
                return Err(if self.claims.contains(entity) {
                    StoreError::NotAnEntity(entity.clone())
                } else {
                    StoreError::UnknownId(entity.clone())
                });
            }
        }
        self.edit_claim("claimant", id, |c| c.claimant = claimant)
    }

    /// Sets or clears the cue of a claim.
    pub fn set_cue(&mut self, id: &str, cue: Option<Cue>) -> Result<(), StoreError> {
        if let Some(cue) = &cue {
            Self::check_range(&cue.range())?;
        }
        self.edit_claim("cue", id, |c| c.cue = cue)
    }

    /// Sets how a claim is reported.
    pub fn set_kind(&mut self, id: &str, kind: ClaimKind) -> Result<(), StoreError> {
        self.edit_claim("kind", id, |c| c.kind = kind)
    }

    // ----- records of declared kinds -----

    /// A new id for a record of `kind`: unique-form when the scheme says
    /// so, else `<prefix><N>` past every such id in use.
    fn new_record_id(&mut self, kind: &KindDecl) -> Result<String, StoreError> {
        for _ in 0..64 {
            match self.ids.draw(kind.prefix) {
                Some(id) if self.get(&id).is_some() => {}
                Some(id) => return Ok(id),
                None => break,
            }
        }
        let max = self.records.keys().filter_map(|id| id_number(id, kind.prefix)).max();
        let from = max.map_or(Some(1), |n| n.checked_add(1)).ok_or(StoreError::IdsExhausted)?;
        self.fresh_id(kind.prefix, from).map(|(id, _)| id)
    }

    /// Checks `value` for field `key` of `kind`: the field exists, a span
    /// is a span, a reference names an annotation of the target kind, an
    /// enum value is one of its names, a label is not empty.
    fn check_value(&self, kind: &KindDecl, key: &str, value: &Value) -> Result<(), StoreError> {
        let Some((_, field)) = kind.find(key) else {
            return Err(StoreError::UnknownField { kind: kind.name.clone(), key: key.to_owned() });
        };
        let bad = |message: String| Err(StoreError::BadValue { key: key.to_owned(), message });
        match (&field.ty, value) {
            (FieldType::Span, Value::Span(span)) => Self::check_range(&span.range()),
            (FieldType::Span, Value::Text(_)) => bad("must be a span".into()),
            (_, Value::Span(_)) => bad(format!("must be {}", field.ty.expected())),
            (FieldType::Label, Value::Text(label)) if label.is_empty() => {
                bad("a label cannot be empty".into())
            }
            (FieldType::Enum(names), Value::Text(name)) if !names.contains(name) => {
                bad(format!("`{name}` is not one of {}", names.join(", ")))
            }
            (FieldType::Text | FieldType::Label | FieldType::Enum(_), Value::Text(_)) => Ok(()),
            (FieldType::Ref { target, .. }, Value::Text(id)) => match self.get(id) {
                None => Err(StoreError::UnknownId(id.clone())),
                Some(a) if a.kind_name() != target => {
                    bad(format!("`{id}` is a {}, not a {target}", a.kind_name()))
                }
                Some(_) => Ok(()),
            },
        }
    }

    /// Adds a record of `kind` (a declared kind held generically, such as
    /// [`super::Kinds::relation`]) with its own span `span` (text quoted),
    /// if its kind has one, and field values `values`; returns its new id.
    /// Every required field must be given; references must name existing
    /// annotations of their target kind.
    pub fn add_record(
        &mut self,
        kind: &Arc<KindDecl>,
        span: Option<(Range<usize>, &str)>,
        values: Vec<(&str, Value)>,
    ) -> Result<String, StoreError> {
        if kind.typed {
            return Err(StoreError::NotARecord(kind.name.clone()));
        }
        let mut record = Record::new(kind, "");
        match (kind.own_span, span) {
            (true, Some((range, text))) => {
                Self::check_range(&range)?;
                record.span = Some(Cue::new(range, text));
            }
            (true, None) => {
                let (kind, key) = (kind.name.clone(), super::keys::START.to_owned());
                return Err(StoreError::MissingField { kind, key });
            }
            (false, Some(_)) => {
                let (kind, key) = (kind.name.clone(), super::keys::START.to_owned());
                return Err(StoreError::UnknownField { kind, key });
            }
            (false, None) => {}
        }
        for (key, value) in values {
            self.check_value(kind, key, &value)?;
            record.set(key, Some(value));
        }
        if let Some(field) = kind.fields.iter().find(|f| f.required && record.get(&f.key).is_none())
        {
            let (kind, key) = (kind.name.clone(), field.key.clone());
            return Err(StoreError::MissingField { kind, key });
        }
        let id = self.new_record_id(kind)?;
        record.id.clone_from(&id);
        (record.by, record.at) = self.made_now();
        self.commit(
            format!("{} {id}", kind.name),
            vec![Put { id: id.clone(), before: None, after: Some(Annotation::Record(record)) }],
        );
        Ok(id)
    }

    /// Adds a relation of type `label` from entity `from` to entity `to`;
    /// returns its new id.
    pub fn add_relation(
        &mut self,
        label: &str,
        from: &str,
        to: &str,
    ) -> Result<String, StoreError> {
        use super::keys::{FROM, LABEL, TO};
        let values = vec![
            (LABEL, Value::Text(label.to_owned())),
            (FROM, Value::Text(from.to_owned())),
            (TO, Value::Text(to.to_owned())),
        ];
        self.add_record(super::Kinds::relation(), None, values)
    }

    /// Sets (or clears, `None`) field `key` of record `id`, checked as
    /// [`Store::add_record`] checks it; a required field cannot be cleared.
    pub fn set_field(
        &mut self,
        id: &str,
        key: &str,
        value: Option<Value>,
    ) -> Result<(), StoreError> {
        let Some(record) = self.records.get(id) else {
            let known = self.get(id).is_some();
            return Err(if known { StoreError::NotARecord } else { StoreError::UnknownId }(
                id.to_owned(),
            ));
        };
        let kind = Arc::clone(&record.kind);
        match &value {
            Some(value) => self.check_value(&kind, key, value)?,
            None => match kind.find(key) {
                None => {
                    let (kind, key) = (kind.name.clone(), key.to_owned());
                    return Err(StoreError::UnknownField { kind, key });
                }
                Some((_, f)) if f.required => {
                    let (kind, key) = (kind.name.clone(), key.to_owned());
                    return Err(StoreError::MissingField { kind, key });
                }
                Some(_) => {}
            },
        }
        let wrap = Annotation::Record;
        self.edit(
            key,
            id,
            |s, id| s.records.get(id),
            wrap,
            StoreError::NotARecord,
            |r| {
                r.set(key, value);
            },
        )
    }

    /// What removing annotation `id` does to the records referring to it,
    /// as its kind declares: (record, what happens), in id order.
    pub fn dependents(&self, id: &str) -> Vec<(&Record, OnRemove)> {
        let Some(removed) = self.get(id) else { return Vec::new() };
        let kind = removed.kind_name();
        let mut out = Vec::new();
        for record in self.referring_to(id) {
            if record.id == id {
                continue;
            }
            let mut fate = OnRemove::Keep;
            for (i, field) in record.kind.references() {
                let names = record.values.get(i).and_then(|v| v.as_ref()).and_then(Value::as_text);
                if names == Some(id) && field.target() == Some(kind) {
                    if let FieldType::Ref { on_remove, .. } = &field.ty {
                        // Removal wins over clearing, clearing over keeping.
                        fate = match (&fate, on_remove) {
                            (OnRemove::Remove, _) | (_, OnRemove::Remove) => OnRemove::Remove,
                            (OnRemove::Keep, other) => other.clone(),
                            (current, _) => current.clone(),
                        };
                    }
                }
            }
            out.push((record, fate));
        }
        out
    }

    /// Removes an annotation. Claims whose claimant was a removed entity
    /// keep its text as `claimant_text`; records referring to it are
    /// removed, cleared or kept as their kind declares (a relation goes
    /// with either end: see [`Store::dependents`]); all in the same
    /// undoable change. The id is never given again.
    pub fn remove(&mut self, id: &str) -> Result<(), StoreError> {
        let Some(removed) = self.get(id) else {
            return Err(StoreError::UnknownId(id.to_owned()));
        };
        let removed_text = removed.text().to_owned();
        let mut change =
            vec![Put { id: id.to_owned(), before: Some(removed.to_owned()), after: None }];
        if let AnnotationRef::Entity(_) = removed {
            for claim in self.claims.iter() {
                if matches!(&claim.claimant, Some(Claimant::Entity(e)) if e == id) {
                    let mut new = claim.clone();
                    new.claimant = Some(Claimant::Text(removed_text.clone()));
                    change.push(Put {
                        id: claim.id.clone(),
                        before: Some(Annotation::Claim(claim.clone())),
                        after: Some(Annotation::Claim(new)),
                    });
                }
            }
        }
        let mut gone = 0usize;
        for (record, fate) in self.dependents(id) {
            let before = Some(Annotation::Record(record.clone()));
            let mut new = record.clone();
            let clear = |r: &mut Record| {
                for (i, _) in record.kind.references() {
                    if r.values.get(i).and_then(|v| v.as_ref()).and_then(Value::as_text) == Some(id)
                    {
                        r.values[i] = None;
                    }
                }
            };
            let after = match fate {
                OnRemove::Keep => continue,
                OnRemove::Remove => {
                    gone += 1;
                    None
                }
                OnRemove::Clear => {
                    clear(&mut new);
                    Some(Annotation::Record(new))
                }
                OnRemove::TextInto(key) => {
                    clear(&mut new);
                    new.set(&key, Some(Value::Text(removed_text.clone())));
                    Some(Annotation::Record(new))
                }
            };
            change.push(Put { id: record.id.clone(), before, after });
        }
        let what = match gone {
            0 => format!("deletion of {id}"),
            1 => format!("deletion of {id} and 1 annotation referring to it"),
            n => format!("deletion of {id} and {n} annotations referring to it"),
        };
        self.commit(what, change);
        Ok(())
    }
}

/// Document order: start, end, entities before claims, id.
fn document_order(a: &AnnotationRef<'_>, b: &AnnotationRef<'_>) -> Ordering {
    let (ra, rb) = (a.range(), b.range());
    (ra.start, ra.end, a.kind())
        .cmp(&(rb.start, rb.end, b.kind()))
        .then_with(|| compare_ids(a.id(), b.id()))
}

/// The largest `N` of the `e<N>` and of the `c<N>` among `ids`.
fn max_id_numbers<'a>(ids: impl Iterator<Item = &'a str>) -> (Option<u64>, Option<u64>) {
    let (mut e, mut c) = (None, None);
    for id in ids {
        match id.as_bytes().first() {
            Some(b'e') => e = e.max(id_number(id, 'e')),
            Some(b'c') => c = c.max(id_number(id, 'c')),
            _ => {}
        }
    }
    (e, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_is_named_for_undo_and_redo() {
        let mut s = Store::new();
        let e = s.add_entity("PERSON", 0..5, "بوتين").unwrap();
        s.set_label(&e, "ORG").unwrap();
        let c = s.add_claim(10..20, "نص").unwrap();
        s.set_kind(&c, ClaimKind::Direct).unwrap();
        s.remove(&e).unwrap();
        assert_eq!(s.undo_name(), Some("deletion of e1"));
        let undone: Vec<_> = std::iter::from_fn(|| s.undo()).collect();
        assert_eq!(
            undone,
            ["deletion of e1", "kind of c1", "claim c1", "label of e1", "entity e1"]
        );
        assert_eq!(s.redo().as_deref(), Some("entity e1"));
        assert!(s.is_dirty());
    }

    #[test]
    fn a_transaction_is_one_undo_step_with_its_name() {
        let mut s = Store::new();
        let speaker = s.add_entity("PERSON", 0..5, "بوتين").unwrap();
        s.begin("claim");
        let c = s.add_claim(10..20, "نص").unwrap();
        s.rename(format!("claim {c}"));
        // A nested transaction joins the outer one.
        s.begin("inner");
        s.set_claimant(&c, Some(Claimant::Entity(speaker.clone()))).unwrap();
        assert!(!s.end());
        s.set_cue(&c, Some(Cue::new(6..9, "قال"))).unwrap();
        s.set_kind(&c, ClaimKind::Mixed).unwrap();
        s.set_note(&c, Some("مهم")).unwrap();
        assert!(s.in_transaction());
        // Applied at once: the store shows (and saves) the edits.
        assert_eq!(s.claim(&c).map(|c| c.kind), Some(ClaimKind::Mixed));
        assert!(s.end());
        assert!(!s.in_transaction());
        assert_eq!(s.undo().as_deref(), Some("claim c1"));
        assert!(s.claim(&c).is_none(), "one undo removes the claim and all its fields");
        assert!(s.entity(&speaker).is_some());
        assert_eq!(s.redo().as_deref(), Some("claim c1"));
        let claim = s.claim(&c).unwrap();
        assert_eq!(claim.claimant, Some(Claimant::Entity(speaker)));
        assert_eq!(claim.note.as_deref(), Some("مهم"));
        assert_eq!(s.undo().as_deref(), Some("claim c1"));
        assert_eq!(s.undo().as_deref(), Some("entity e1"));
        assert!(s.undo().is_none());
    }

    #[test]
    fn an_empty_or_cancelled_out_transaction_records_nothing() {
        let mut s = Store::new();
        let e = s.add_entity("PERSON", 0..5, "بوتين").unwrap();
        s.begin("edit of e1");
        assert!(!s.end());
        s.begin("edit of e1");
        s.set_label(&e, "ORG").unwrap();
        s.set_label(&e, "PERSON").unwrap();
        assert!(!s.end(), "back where it began");
        assert_eq!(s.undo().as_deref(), Some("entity e1"));
    }

    #[test]
    fn undo_ends_an_open_transaction_first() {
        let mut s = Store::new();
        s.begin("tag all");
        s.add_entity("GPE", 0..5, "روسيا").unwrap();
        s.add_entity("GPE", 10..15, "روسيا").unwrap();
        s.rename("tag all (2 entities)");
        assert_eq!(s.undo_name(), Some("tag all (2 entities)"));
        assert_eq!(s.undo().as_deref(), Some("tag all (2 entities)"));
        assert!(s.is_empty());
        assert!(!s.in_transaction());
    }

    #[test]
    fn work_merged_during_a_transaction_is_its_own_step() {
        let mut s = Store::new();
        s.begin("claim");
        let c = s.add_claim(10..20, "نص").unwrap();
        let theirs = Entity {
            id: "e7".into(),
            label: "GPE".into(),
            start: 0,
            end: 5,
            text: "روسيا".into(),
            ..Entity::default()
        };
        s.put_many(
            "merge from disk (1 change)",
            vec![("e7".into(), Some(Annotation::Entity(theirs)))],
        );
        s.set_kind(&c, ClaimKind::Direct).unwrap();
        assert!(s.end());
        assert_eq!(s.undo().as_deref(), Some("claim"));
        assert!(s.claim(&c).is_none());
        assert!(s.entity("e7").is_some(), "the merge stays");
        assert_eq!(s.undo().as_deref(), Some("merge from disk (1 change)"));
        assert!(s.entity("e7").is_none());
    }
}
