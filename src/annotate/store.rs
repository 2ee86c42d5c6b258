//! The annotations of one article in memory: sorted, queried by position,
//! changed through methods that record their inverse for undo and redo.

use std::cmp::Ordering;
use std::ops::Range;

use super::model::{
    Annotation, AnnotationRef, Claim, ClaimKind, Claimant, Cue, Entity, compare_ids, id_number,
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

/// One user-visible change: undone and redone as a whole.
type Change = Vec<Put>;

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
        self.change.len()
    }

    /// True when it changes no annotation.
    pub fn is_empty(&self) -> bool {
        self.change.is_empty()
    }
}

/// The annotations of one article.
#[derive(Debug, Clone)]
pub struct Store {
    entities: SpanSet<Entity>,
    claims: SpanSet<Claim>,
    next_entity: u64,
    next_claim: u64,
    undo: Vec<Change>,
    redo: Vec<Change>,
    revision: u64,
    saved_revision: u64,
    extra: FileExtra,
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
            next_entity: 1,
            next_claim: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            saved_revision: 0,
            extra: FileExtra::default(),
        }
    }

    /// A store holding these annotations (ids must be unique, claimants must
    /// name entities: the sidecar loader checks both), with id counters at
    /// least `next_entity` / `next_claim` and past every `e<N>` / `c<N>` id.
    /// No history; not dirty.
    pub(crate) fn from_parts(
        entities: Vec<Entity>,
        claims: Vec<Claim>,
        next_entity: u64,
        next_claim: u64,
        extra: FileExtra,
    ) -> Self {
        let mut store = Self::new();
        store.extra = extra;
        store.entities = SpanSet::from_items(entities);
        store.claims = SpanSet::from_items(claims);
        let (max_e, max_c) = store.max_id_numbers();
        store.next_entity = next_entity.max(max_e.map_or(1, |n| n.saturating_add(1))).max(1);
        store.next_claim = next_claim.max(max_c.map_or(1, |n| n.saturating_add(1))).max(1);
        store
    }

    /// The largest `N` of the `e<N>` and of the `c<N>` ids in use.
    pub(crate) fn max_id_numbers(&self) -> (Option<u64>, Option<u64>) {
        let ids = self.entities.iter().map(|e| e.id.as_str());
        let ids = ids.chain(self.claims.iter().map(|c| c.id.as_str()));
        let (mut e, mut c) = (None, None);
        for id in ids {
            e = e.max(id_number(id, 'e'));
            c = c.max(id_number(id, 'c'));
        }
        (e, c)
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

    // ----- reading -----

    /// Number of annotations (entities and claims, orphans included).
    pub fn len(&self) -> usize {
        self.entities.len() + self.claims.len()
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

    /// The annotation with `id`, of either kind.
    pub fn get(&self, id: &str) -> Option<AnnotationRef<'_>> {
        self.entities
            .get(id)
            .map(AnnotationRef::Entity)
            .or_else(|| self.claims.get(id).map(AnnotationRef::Claim))
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
        self.all().into_iter().filter(AnnotationRef::is_orphan).collect()
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
        !self.undo.is_empty()
    }

    /// True when there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last change; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(change) = self.undo.pop() else { return false };
        for put in change.iter().rev() {
            self.put(&put.id, put.before.clone());
        }
        self.redo.push(change);
        self.revision += 1;
        true
    }

    /// Redoes the last undone change; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(change) = self.redo.pop() else { return false };
        for put in &change {
            self.put(&put.id, put.after.clone());
        }
        self.undo.push(change);
        self.revision += 1;
        true
    }

    /// Sets the state of annotation `id` (`None`: removes it).
    fn put(&mut self, id: &str, state: Option<Annotation>) {
        self.entities.remove(id);
        self.claims.remove(id);
        match state {
            Some(Annotation::Entity(e)) => {
                self.entities.insert(e);
            }
            Some(Annotation::Claim(c)) => {
                self.claims.insert(c);
            }
            None => {}
        }
    }

    /// Applies a change, records it for undo and forgets the redo list.
    /// Puts whose state does not change are dropped; an empty change is
    /// not recorded.
    fn commit(&mut self, change: Change) {
        let change: Change = change.into_iter().filter(|p| p.before != p.after).collect();
        if change.is_empty() {
            return;
        }
        for put in &change {
            self.put(&put.id, put.after.clone());
        }
        self.undo.push(change);
        self.redo.clear();
        self.revision += 1;
    }

    /// Marks a store with annotations as unsaved (its file was removed).
    pub fn touch_if_nonempty(&mut self) {
        if !self.is_empty() || !self.orphans().is_empty() {
            self.touch();
        }
    }

    /// Sets annotations by id in one undoable change (`None` removes);
    /// used to merge work done elsewhere. Ids are taken as given.
    pub(crate) fn put_many(&mut self, puts: Vec<(String, Option<Annotation>)>) {
        let change = puts
            .into_iter()
            .map(|(id, after)| {
                let before = self.get(&id).map(|a| a.to_owned());
                Put { id, before, after }
            })
            .collect();
        self.commit(change);
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
        let mut change = Vec::new();
        let every = |s: &Store| -> Vec<Annotation> {
            let entities = s.entities.iter().map(|e| Annotation::Entity(e.clone()));
            entities.chain(s.claims.iter().map(|c| Annotation::Claim(c.clone()))).collect()
        };
        for after in every(&to) {
            let id = after.as_ref().id().to_owned();
            let before = from.get(&id).map(|a| a.to_owned());
            if before.as_ref() != Some(&after) {
                change.push(Put { id, before, after: Some(after) });
            }
        }
        let gone = from.entities.iter().map(|e| (&e.id, Annotation::Entity(e.clone())));
        let gone = gone.chain(from.claims.iter().map(|c| (&c.id, Annotation::Claim(c.clone()))));
        for (id, before) in gone {
            if to.get(id).is_none() {
                change.push(Put { id: id.clone(), before: Some(before), after: None });
            }
        }
        to.undo.clear();
        to.redo.clear();
        Replacement { content: to, change }
    }

    /// Replaces the content of this store, which must hold what the
    /// replacement was prepared from, in one undoable change. Constant time
    /// (but for dropping the old content).
    pub fn apply_replacement(&mut self, replacement: Replacement) {
        let Replacement { content, change } = replacement;
        self.entities = content.entities;
        self.claims = content.claims;
        self.extra = content.extra;
        self.raise_counters(content.next_entity, content.next_claim);
        if !change.is_empty() {
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

    fn fresh_id(&self, prefix: char, from: u64) -> Result<(String, u64), StoreError> {
        let mut n = from;
        loop {
            let id = format!("{prefix}{n}");
            let next = n.checked_add(1).ok_or(StoreError::IdsExhausted)?;
            if !self.entities.contains(&id) && !self.claims.contains(&id) {
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
        let (id, next) = self.fresh_id('e', self.next_entity)?;
        self.next_entity = next;
        let entity = Entity {
            id: id.clone(),
            label: label.to_owned(),
            start: range.start,
            end: range.end,
            text: text.to_owned(),
            ..Entity::default()
        };
        self.commit(vec![Put {
            id: id.clone(),
            before: None,
            after: Some(Annotation::Entity(entity)),
        }]);
        Ok(id)
    }

    /// Adds a claim (kind [`ClaimKind::Indirect`]) over `range` quoting
    /// `text`; returns its new id.
    pub fn add_claim(&mut self, range: Range<usize>, text: &str) -> Result<String, StoreError> {
        Self::check_range(&range)?;
        let (id, next) = self.fresh_id('c', self.next_claim)?;
        self.next_claim = next;
        let claim = Claim {
            id: id.clone(),
            start: range.start,
            end: range.end,
            text: text.to_owned(),
            ..Claim::default()
        };
        self.commit(vec![Put {
            id: id.clone(),
            before: None,
            after: Some(Annotation::Claim(claim)),
        }]);
        Ok(id)
    }

    /// Applies `edit` to a copy of the annotation `id` found by `get`, and
    /// commits the change; `wrong_kind` is the error when `id` names an
    /// annotation of the other kind.
    fn edit<T: Clone>(
        &mut self,
        id: &str,
        get: impl for<'a> Fn(&'a Self, &str) -> Option<&'a T>,
        wrap: fn(T) -> Annotation,
        wrong_kind: fn(String) -> StoreError,
        edit: impl FnOnce(&mut T),
    ) -> Result<(), StoreError> {
        let Some(old) = get(self, id) else {
            let known = self.entities.contains(id) || self.claims.contains(id);
            return Err(if known { wrong_kind } else { StoreError::UnknownId }(id.to_owned()));
        };
        let mut new = old.clone();
        edit(&mut new);
        let before = Some(wrap(old.clone()));
        self.commit(vec![Put { id: id.to_owned(), before, after: Some(wrap(new)) }]);
        Ok(())
    }

    fn edit_entity(&mut self, id: &str, edit: impl FnOnce(&mut Entity)) -> Result<(), StoreError> {
        self.edit(id, |s, id| s.entities.get(id), Annotation::Entity, StoreError::NotAnEntity, edit)
    }

    fn edit_claim(&mut self, id: &str, edit: impl FnOnce(&mut Claim)) -> Result<(), StoreError> {
        self.edit(id, |s, id| s.claims.get(id), Annotation::Claim, StoreError::NotAClaim, edit)
    }

    /// Changes an entity's label.
    pub fn set_label(&mut self, id: &str, label: &str) -> Result<(), StoreError> {
        if label.is_empty() {
            return Err(StoreError::EmptyLabel);
        }
        self.edit_entity(id, |e| label.clone_into(&mut e.label))
    }

    /// Sets or clears (`None`, or an empty note) the note of an entity or claim.
    pub fn set_note(&mut self, id: &str, note: Option<&str>) -> Result<(), StoreError> {
        let note = note.filter(|n| !n.is_empty()).map(str::to_owned);
        if self.entities.contains(id) {
            self.edit_entity(id, |e| e.note = note)
        } else {
            self.edit_claim(id, |c| c.note = note)
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
            self.edit_entity(id, |e| {
                (e.start, e.end, e.orphan) = (range.start, range.end, false);
                text.clone_into(&mut e.text);
            })
        } else {
            self.edit_claim(id, |c| {
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
        self.edit_claim(id, |c| c.claimant = claimant)
    }

    /// Sets or clears the cue of a claim.
    pub fn set_cue(&mut self, id: &str, cue: Option<Cue>) -> Result<(), StoreError> {
        if let Some(cue) = &cue {
            Self::check_range(&cue.range())?;
        }
        self.edit_claim(id, |c| c.cue = cue)
    }

    /// Sets how a claim is reported.
    pub fn set_kind(&mut self, id: &str, kind: ClaimKind) -> Result<(), StoreError> {
        self.edit_claim(id, |c| c.kind = kind)
    }

    /// Removes an annotation. Claims whose claimant was a removed entity
    /// keep its text as `claimant_text`, in the same undoable change. The
    /// id is never given again.
    pub fn remove(&mut self, id: &str) -> Result<(), StoreError> {
        if let Some(entity) = self.entities.get(id) {
            let mut change = vec![Put {
                id: id.to_owned(),
                before: Some(Annotation::Entity(entity.clone())),
                after: None,
            }];
            for claim in self.claims.iter() {
                if matches!(&claim.claimant, Some(Claimant::Entity(e)) if e == id) {
                    let mut new = claim.clone();
                    new.claimant = Some(Claimant::Text(entity.text.clone()));
                    change.push(Put {
                        id: claim.id.clone(),
                        before: Some(Annotation::Claim(claim.clone())),
                        after: Some(Annotation::Claim(new)),
                    });
                }
            }
            self.commit(change);
            Ok(())
        } else if let Some(claim) = self.claims.get(id) {
            let before = Some(Annotation::Claim(claim.clone()));
            self.commit(vec![Put { id: id.to_owned(), before, after: None }]);
            Ok(())
        } else {
            Err(StoreError::UnknownId(id.to_owned()))
        }
    }
}

/// Document order: start, end, entities before claims, id.
fn document_order(a: &AnnotationRef<'_>, b: &AnnotationRef<'_>) -> Ordering {
    let (ra, rb) = (a.range(), b.range());
    (ra.start, ra.end, a.kind())
        .cmp(&(rb.start, rb.end, b.kind()))
        .then_with(|| compare_ids(a.id(), b.id()))
}
