//! Three-way merge of annotation stores: work done here (`ours`, not yet
//! on disk) and work saved to the same sidecar by someone else meanwhile
//! (`theirs`: a second Hashiya, an editor, a `git pull`), against what both
//! last agreed on (`base`: the sidecar as we last read or wrote it).
//!
//! Rules, per id, comparing the three versions (absent counts as a version):
//!
//! - a side that did not change an annotation since `base` takes the other
//!   side's version (an edit, an addition or a deletion);
//! - both sides made the same change: nothing to do;
//! - a deletion never beats an edit: the edited version stays;
//! - both sides **added** a different annotation under the same id (two
//!   Hashiyas both gave out `e21`): not a conflict — theirs keeps the id and
//!   ours moves to a fresh one, with our claims that name it. So does an
//!   annotation we added under an id theirs' counter passed since the base
//!   (given out there, then deleted): ids are never given twice;
//! - both sides **changed** the same annotation differently: a conflict —
//!   theirs keeps the id and our version is kept beside it under a fresh id,
//!   marked `conflict = { with = "<id>", source = … }` (see
//!   [`super::model::Conflict`]); nothing is written into notes.
//!
//! Ours is the side that moves because its changes are not on disk yet: no
//! one else has seen its ids, so ids on disk never change meaning and two
//! Hashiyas saving in turn converge instead of renaming each other's work.
//! Nothing is dropped; a claim whose claimant entity was deleted on one side
//! keeps the entity's text as `claimant_text` (as [`Store::remove`] does).
//! Records of declared kinds (relations…, see [`super::kinds`]) merge by id
//! like the rest; their references follow annotations moved aside, and a
//! reference left dangling by a deletion on the other side is kept as it
//! is (`hashiya check` reports it; removing by hand is one key).
//! Merging is linear in the number of annotations (hash lookups by id), and
//! merging a store with itself, or with what was already merged, changes
//! nothing.

use std::collections::{HashMap, HashSet};

use super::ids::derived_id;
use super::model::{Annotation, AnnotationRef, Claimant, Conflict, id_number};
use super::store::Store;
use super::write::annotation_text;

/// The `source` of conflicts found by merging with the sidecar on disk.
pub const SOURCE_DISK: &str = "disk";

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Ids whose state was taken from theirs (added, changed or deleted there).
    pub taken: Vec<String>,
    /// Our new annotations moved aside because theirs added another one
    /// under the same id: (the id, our annotation's new id).
    pub moved: Vec<(String, String)>,
    /// Conflicts: (the id, now theirs, the fresh id our version is kept under).
    pub conflicts: Vec<(String, String)>,
    /// Claims whose claimant entity is gone, now naming it by its text.
    pub unlinked: Vec<String>,
    /// Annotations theirs deleted and ours kept, because ours had changed
    /// them (a deletion never beats an edit). See [`base_after`].
    pub kept: Vec<String>,
}

impl MergeReport {
    /// True when the merge changed nothing in ours.
    pub fn is_empty(&self) -> bool {
        self.taken.is_empty()
            && self.kept.is_empty()
            && self.moved.is_empty()
            && self.conflicts.is_empty()
            && self.unlinked.is_empty()
    }
}

/// True when `a` and `b` are the same version (both absent, or equal, or
/// written the same way).
fn same(a: Option<AnnotationRef<'_>>, b: Option<AnnotationRef<'_>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || annotation_text(a) == annotation_text(b),
        _ => false,
    }
}

/// What becomes of one id.
enum Fate {
    /// Ours stays as it is.
    Keep,
    /// Ours stays as it is, though theirs deleted it.
    KeepOverDeletion,
    /// Theirs replaces ours (an absent theirs deletes).
    Take,
    /// Theirs takes the id; ours moves to a fresh id (marked as a conflict
    /// when `conflict`).
    Beside {
        /// Both changed an annotation that was in `base`.
        conflict: bool,
    },
}

/// True when `o` is `t` as an earlier merge left it: a claim whose
/// claimant entity ours does not have, named by that entity's text instead
/// (see [`unlink_dangling`]). Merging that result again is then no change.
fn same_but_unlinked(
    o: Option<AnnotationRef<'_>>,
    t: Option<AnnotationRef<'_>>,
    stores: [&Store; 3],
) -> bool {
    let [base, ours, theirs] = stores;
    let (Some(AnnotationRef::Claim(oc)), Some(AnnotationRef::Claim(tc))) = (o, t) else {
        return false;
    };
    let (Some(Claimant::Text(name)), Some(Claimant::Entity(x))) = (&oc.claimant, &tc.claimant)
    else {
        return false;
    };
    if ours.entity(x).is_some() {
        return false;
    }
    let text = base.entity(x).or_else(|| theirs.entity(x)).map(|e| e.text.as_str());
    if text != Some(name.as_str()) {
        return false;
    }
    let mut unlinked = tc.clone();
    unlinked.claimant = Some(Claimant::Text(name.clone()));
    same(o, Some(AnnotationRef::Claim(&unlinked)))
}

fn fate(
    b: Option<AnnotationRef<'_>>,
    o: Option<AnnotationRef<'_>>,
    t: Option<AnnotationRef<'_>>,
    stores: [&Store; 3],
) -> Fate {
    if same(o, t) || same(b, t) || same_but_unlinked(o, t, stores) {
        return Fate::Keep;
    }
    if same(b, o) {
        return Fate::Take;
    }
    match (b, o, t) {
        // We deleted it, they edited it: the edit wins.
        (_, None, Some(_)) => Fate::Take,
        // They deleted it, we edited it: ours stays.
        (Some(_), Some(_), None) => Fate::KeepOverDeletion,
        // Both absent: unreachable (`same(o, t)`).
        (_, _, None) => Fate::Keep,
        (None, Some(_), Some(_)) => Fate::Beside { conflict: false },
        (Some(_), Some(_), Some(_)) => Fate::Beside { conflict: true },
    }
}

/// Fresh ids: in none of the three stores. Derived from what is moved
/// when ours makes unique ids ([`super::ids`]: the same merge gives the same
/// ids anywhere), else counting up from past every counter.
struct FreshIds<'a> {
    stores: [&'a Store; 3],
    next_entity: u64,
    next_claim: u64,
    unique: bool,
    /// Ids given by this merge (derived ids are not counted).
    given: HashSet<String>,
}

impl<'a> FreshIds<'a> {
    fn new(stores: [&'a Store; 3], unique: bool) -> Self {
        let next_entity = stores.iter().map(|s| s.next_entity_number()).max().unwrap_or(1);
        let next_claim = stores.iter().map(|s| s.next_claim_number()).max().unwrap_or(1);
        Self { stores, next_entity, next_claim, unique, given: HashSet::new() }
    }

    fn taken(&self, id: &str) -> bool {
        self.given.contains(id) || self.stores.iter().any(|s| s.get(id).is_some())
    }

    /// A fresh id for an annotation like `annotation`, now `id`.
    fn next(&mut self, annotation: &Annotation, id: &str) -> String {
        let fresh = self.next_id(annotation, id);
        self.given.insert(fresh.clone());
        fresh
    }

    fn next_id(&mut self, annotation: &Annotation, id: &str) -> String {
        if self.unique {
            let prefix = annotation.as_ref().id_prefix();
            let seed = format!("{id}\n{}", annotation_text(annotation.as_ref()));
            let found = (0..64)
                .map(|attempt| derived_id(prefix, seed.as_bytes(), attempt))
                .find(|candidate| !self.taken(candidate));
            if let Some(found) = found {
                return found;
            }
        }
        let entity = matches!(annotation, Annotation::Entity(_));
        let record = matches!(annotation, Annotation::Record(_));
        let prefix = annotation.as_ref().id_prefix();
        let mut n = match annotation {
            Annotation::Entity(_) => self.next_entity,
            Annotation::Claim(_) => self.next_claim,
            Annotation::Record(_) => 1,
        };
        let mut found = None;
        while let Some(after) = n.checked_add(1) {
            let candidate = format!("{prefix}{n}");
            n = after;
            if !self.taken(&candidate) {
                found = Some(candidate);
                break;
            }
        }
        if entity {
            self.next_entity = n;
        } else if !record {
            self.next_claim = n;
        }
        if let Some(id) = found {
            return id;
        }
        // Every number is used (only crafted counters get here): of as many
        // candidates as there are ids, plus one, one is free.
        let ids = self.stores.iter().map(|s| s.len() as u64).sum::<u64>();
        (1..=ids.saturating_add(1))
            .map(|k| format!("{id}-{k}"))
            .find(|candidate| !self.taken(candidate))
            .unwrap_or_else(|| format!("{id}-x"))
    }
}

/// True when `ours`, an annotation we added, has an id `e<N>` / `c<N>` that
/// theirs' counter went past since the base: the id may have been given
/// out there (to an annotation deleted since), so it must not be published.
fn given_out_by_theirs(base: &Store, theirs: &Store, ours: AnnotationRef<'_>) -> bool {
    let (prefix, from, to) = match ours {
        AnnotationRef::Entity(_) => ('e', base.next_entity_number(), theirs.next_entity_number()),
        AnnotationRef::Claim(_) => ('c', base.next_claim_number(), theirs.next_claim_number()),
        // Records have no counters: their ids in use are all there is.
        AnnotationRef::Record(_) => return false,
    };
    id_number(ours.id(), prefix).is_some_and(|n| (from..to).contains(&n))
}

/// Sets the id of `annotation`.
fn with_id(mut annotation: Annotation, id: &str) -> Annotation {
    annotation.set_id(id);
    annotation
}

/// Sets the conflict mark of `annotation`.
fn marked(mut annotation: Annotation, conflict: Conflict) -> Annotation {
    annotation.set_conflict(Some(conflict));
    annotation
}

/// Every annotation of `store`, entities, claims, then records.
fn every(store: &Store) -> impl Iterator<Item = AnnotationRef<'_>> {
    let records = store.records().into_iter().map(AnnotationRef::Record);
    store
        .entities()
        .map(AnnotationRef::Entity)
        .chain(store.claims().map(AnnotationRef::Claim))
        .chain(records)
}

/// Merges `theirs` into `ours` (as one undoable change), both derived
/// from `base`; conflicts are marked as coming from the disk
/// ([`SOURCE_DISK`]).
pub fn merge(base: &Store, ours: &mut Store, theirs: &Store) -> MergeReport {
    merge_from(base, ours, theirs, SOURCE_DISK)
}

/// Merges `theirs` into `ours` (as one undoable change), both derived from
/// `base`; conflicts are marked with `source` (where theirs came from).
pub fn merge_from(base: &Store, ours: &mut Store, theirs: &Store, source: &str) -> MergeReport {
    let mut extra = ours.file_extra().clone();
    super::status::merge_extra(base.file_extra(), &mut extra, theirs.file_extra());
    if extra != *ours.file_extra() {
        ours.set_file_extra(extra);
        ours.touch();
    }
    let mut report = MergeReport::default();
    // The new state of each id that changes; ours elsewhere.
    let mut puts: HashMap<String, Option<Annotation>> = HashMap::new();
    // Our versions moved to fresh ids.
    let mut moved: Vec<Annotation> = Vec::new();
    // Our new entities moved aside: old id → fresh id.
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut fresh = FreshIds::new([base, &*ours, theirs], ours.id_scheme().is_unique());

    let ours_only = every(ours).filter(|o| theirs.get(o.id()).is_none());
    let ids: Vec<&str> = every(theirs).chain(ours_only).map(|a| a.id()).collect();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        if let (None, Some(o), None) = (b, o, t) {
            if given_out_by_theirs(base, theirs, o) {
                // Our new id was given out on their side too (and the
                // annotation deleted there since): ours moves, as above.
                let new_id = fresh.next(&o.to_owned(), id);
                renames.insert(id.to_owned(), new_id.clone());
                report.moved.push((id.to_owned(), new_id.clone()));
                puts.insert(id.to_owned(), None);
                moved.push(with_id(o.to_owned(), &new_id));
                continue;
            }
        }
        match fate(b, o, t, [base, &*ours, theirs]) {
            Fate::Keep => {}
            Fate::KeepOverDeletion => report.kept.push(id.to_owned()),
            Fate::Take => {
                report.taken.push(id.to_owned());
                puts.insert(id.to_owned(), t.map(|t| t.to_owned()));
            }
            Fate::Beside { conflict } => {
                let (Some(o), Some(t)) = (o, t) else { continue };
                let ours_version = o.to_owned();
                let new_id = fresh.next(&ours_version, id);
                let mut version = with_id(ours_version, &new_id);
                if conflict {
                    version = marked(version, Conflict::new(id, source));
                    report.conflicts.push((id.to_owned(), new_id.clone()));
                } else {
                    renames.insert(id.to_owned(), new_id.clone());
                    report.moved.push((id.to_owned(), new_id.clone()));
                }
                puts.insert(id.to_owned(), Some(t.to_owned()));
                moved.push(version);
            }
        }
    }

    // Our claims and records follow our annotations that moved aside.
    if !renames.is_empty() {
        for version in &mut moved {
            match version {
                Annotation::Claim(c) => {
                    follow(&mut c.claimant, &renames);
                }
                Annotation::Record(r) => {
                    follow_record(r, &renames);
                }
                Annotation::Entity(_) => {}
            }
        }
        let mut following = Vec::new();
        for claim in ours.claims().filter(|c| !puts.contains_key(&c.id)) {
            let mut claimant = claim.claimant.clone();
            if follow(&mut claimant, &renames) {
                let mut claim = claim.clone();
                claim.claimant = claimant;
                following.push((claim.id.clone(), Some(Annotation::Claim(claim))));
            }
        }
        for record in ours.records().into_iter().filter(|r| !puts.contains_key(&r.id)) {
            let mut record = record.clone();
            if follow_record(&mut record, &renames) {
                following.push((record.id.clone(), Some(Annotation::Record(record))));
            }
        }
        puts.extend(following);
    }

    unlink_dangling(base, ours, theirs, &mut puts, &mut moved, &mut report);

    let (next_entity, next_claim) = (fresh.next_entity, fresh.next_claim);
    let mut changes: Vec<(String, Option<Annotation>)> = puts.into_iter().collect();
    changes.extend(moved.into_iter().map(|a| (a.as_ref().id().to_owned(), Some(a))));
    if !changes.is_empty() {
        let n = changes.len();
        let what = format!("merge from disk ({n} change{})", if n == 1 { "" } else { "s" });
        ours.put_many(&what, changes);
    }
    ours.raise_counters(next_entity, next_claim);
    ours.raise_counters(theirs.next_entity_number(), theirs.next_claim_number());
    report
}

/// The merge base after merging `theirs` into ours: `theirs` itself (what
/// is on disk), except that what theirs deleted and ours kept
/// ([`MergeReport::kept`]) keeps its version in `base`, the last one both
/// sides agreed on. Then another side's edit of it, met later, is a
/// conflict with ours, not an annotation added twice.
pub fn base_after(base: &Store, mut theirs: Store, report: &MergeReport) -> Store {
    for id in &report.kept {
        theirs.set_untracked(id, base.get(id).map(|a| a.to_owned()));
    }
    theirs
}

/// Points `claimant` at the new id of an entity that moved; true if it did.
fn follow(claimant: &mut Option<Claimant>, renames: &HashMap<String, String>) -> bool {
    if let Some(Claimant::Entity(id)) = claimant {
        if let Some(new) = renames.get(id.as_str()) {
            new.clone_into(id);
            return true;
        }
    }
    false
}

/// Points the references of `record` at the new ids of annotations that
/// moved; true if one did.
fn follow_record(record: &mut super::kinds::Record, renames: &HashMap<String, String>) -> bool {
    let mut changed = false;
    let fields: Vec<usize> = record.kind.references().map(|(i, _)| i).collect();
    for i in fields {
        if let Some(Some(super::kinds::Value::Text(id))) = record.values.get_mut(i) {
            if let Some(new) = renames.get(id.as_str()) {
                new.clone_into(id);
                changed = true;
            }
        }
    }
    changed
}

/// Claims of the merged result whose claimant entity is not in it (deleted
/// on one side while the other made or changed a claim naming it) name it
/// by its text instead.
fn unlink_dangling(
    base: &Store,
    ours: &Store,
    theirs: &Store,
    puts: &mut HashMap<String, Option<Annotation>>,
    moved: &mut [Annotation],
    report: &mut MergeReport,
) {
    let moved_entities: HashSet<String> = moved
        .iter()
        .filter_map(|a| match a {
            Annotation::Entity(e) => Some(e.id.clone()),
            Annotation::Claim(_) | Annotation::Record(_) => None,
        })
        .collect();
    let exists = |puts: &HashMap<String, Option<Annotation>>, id: &str| match puts.get(id) {
        Some(state) => matches!(state, Some(Annotation::Entity(_))),
        None => ours.entity(id).is_some() || moved_entities.contains(id),
    };
    let text_of = |id: &str| {
        [base, ours, theirs]
            .iter()
            .find_map(|s| s.entity(id).map(|e| e.text.clone()))
            .unwrap_or_else(|| id.to_owned())
    };
    let dangling = |puts: &HashMap<String, Option<Annotation>>, claimant: Option<&Claimant>| matches!(claimant, Some(Claimant::Entity(id)) if !exists(puts, id));
    let mut fixes: Vec<(String, Option<Annotation>)> = Vec::new();
    for claim in ours.claims().filter(|c| !puts.contains_key(&c.id)) {
        if dangling(puts, claim.claimant.as_ref()) {
            fixes.push((claim.id.clone(), Some(Annotation::Claim(claim.clone()))));
        }
    }
    for (id, state) in puts.iter() {
        if let Some(Annotation::Claim(c)) = state {
            if dangling(puts, c.claimant.as_ref()) {
                fixes.push((id.clone(), state.clone()));
            }
        }
    }
    for (id, state) in &mut fixes {
        if let Some(Annotation::Claim(c)) = state {
            if let Some(Claimant::Entity(entity)) = &c.claimant {
                c.claimant = Some(Claimant::Text(text_of(entity)));
            }
        }
        report.unlinked.push(id.clone());
    }
    puts.extend(fixes);
    let dangling_moved: Vec<usize> = moved
        .iter()
        .enumerate()
        .filter(|(_, a)| match a {
            Annotation::Claim(c) => dangling(puts, c.claimant.as_ref()),
            Annotation::Entity(_) | Annotation::Record(_) => false,
        })
        .map(|(i, _)| i)
        .collect();
    for i in dangling_moved {
        if let Annotation::Claim(c) = &mut moved[i] {
            if let Some(Claimant::Entity(entity)) = &c.claimant {
                c.claimant = Some(Claimant::Text(text_of(entity)));
            }
            report.unlinked.push(c.id.clone());
        }
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
