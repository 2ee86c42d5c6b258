//! Tests of the three-way merge: the rules one by one, then a model of two
//! and three Hashiyas taking turns at one sidecar.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::annotate::model::{Claim, Entity};
use crate::annotate::{parse_str, render};

fn base() -> Store {
    let mut s = Store::new();
    s.add_entity("PERSON", 0..5, "بوتين").unwrap();
    s.add_entity("GPE", 10..15, "روسيا").unwrap();
    s
}

/// Every annotation of `store` with a conflict mark or a note.
fn marks_and_notes(store: &Store) -> Vec<String> {
    let entities = store.entities().filter(|e| e.conflict.is_some() || e.note.is_some());
    let claims = store.claims().filter(|c| c.conflict.is_some() || c.note.is_some());
    entities.map(|e| e.id.clone()).chain(claims.map(|c| c.id.clone())).collect()
}

#[test]
fn both_sides_adding_under_one_id_is_not_a_conflict() {
    let b = base();
    let mut ours = b.clone();
    assert_eq!(ours.add_entity("GPE", 20..24, "بكين").unwrap(), "e3");
    let mut theirs = b.clone();
    assert_eq!(theirs.add_entity("ORG", 30..35, "ناتو").unwrap(), "e3");
    let report = merge(&b, &mut ours, &theirs);
    let texts: Vec<_> = ours.entities().map(|e| (e.id.clone(), e.text.clone())).collect();
    assert_eq!(
        texts,
        [("e1", "بوتين"), ("e2", "روسيا"), ("e4", "بكين"), ("e3", "ناتو")]
            .map(|(i, t)| (i.to_string(), t.to_string()))
    );
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(
        report.moved,
        [("e3".to_string(), "e4".to_string())],
        "ours moves: it is not on disk"
    );
    assert!(marks_and_notes(&ours).is_empty(), "nothing marked, nothing noted");
    assert_eq!(ours.add_entity("GPE", 40..44, "لندن").unwrap(), "e5", "ids are not given twice");
}

#[test]
fn our_claims_follow_our_entity_when_it_moves() {
    let b = base();
    let mut ours = b.clone();
    ours.add_entity("PERSON", 20..24, "شويغو").unwrap(); // e3
    let c1 = ours.add_claim(50..60, "كلام").unwrap();
    ours.set_claimant(&c1, Some(Claimant::Entity("e3".into()))).unwrap();
    let mut theirs = b.clone();
    theirs.add_entity("ORG", 30..35, "ناتو").unwrap(); // e3 too
    let c1_theirs = theirs.add_claim(70..80, "قول").unwrap(); // c1 too
    theirs.set_claimant(&c1_theirs, Some(Claimant::Entity("e3".into()))).unwrap();
    merge(&b, &mut ours, &theirs);
    let claimant_of = |quote: &str| {
        let claim = ours.claims().find(|c| c.text == quote).unwrap();
        let Some(Claimant::Entity(id)) = &claim.claimant else { panic!("{claim:?}") };
        ours.entity(id).unwrap().text.clone()
    };
    assert_eq!(claimant_of("كلام"), "شويغو", "our claim names our entity");
    assert_eq!(claimant_of("قول"), "ناتو", "their claim names theirs");
    assert!(marks_and_notes(&ours).is_empty());
}

#[test]
fn an_id_given_out_and_deleted_elsewhere_is_not_given_again() {
    let b = base();
    let mut ours = b.clone();
    ours.add_entity("GPE", 20..24, "بكين").unwrap(); // e3, not on disk yet
    let mut theirs = b.clone();
    let e3 = theirs.add_entity("ORG", 30..35, "ناتو").unwrap();
    theirs.add_entity("ORG", 40..45, "أوبك").unwrap(); // e4
    theirs.remove(&e3).unwrap(); // e3 given out there, then deleted
    let report = merge(&b, &mut ours, &theirs);
    assert_eq!(report.moved, [("e3".to_string(), "e5".to_string())]);
    assert_eq!(ours.entity("e5").map(|e| e.text.as_str()), Some("بكين"));
    assert!(ours.entity("e3").is_none());
    assert!(marks_and_notes(&ours).is_empty());
}

#[test]
fn the_same_change_on_both_sides_is_not_a_conflict() {
    let b = base();
    let mut ours = b.clone();
    ours.set_label("e1", "ORG").unwrap();
    ours.remove("e2").unwrap();
    let mut theirs = b.clone();
    theirs.set_label("e1", "ORG").unwrap();
    theirs.remove("e2").unwrap();
    let report = merge(&b, &mut ours, &theirs);
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(ours.len(), 1);
}

#[test]
fn both_changing_one_annotation_keeps_both_and_marks_ours_only() {
    let b = base();
    let mut ours = b.clone();
    ours.set_label("e1", "ORG").unwrap();
    ours.set_note("e1", Some("ملاحظتي")).unwrap();
    let mut theirs = b.clone();
    theirs.set_label("e1", "NORP").unwrap();
    theirs.remove("e2").unwrap();
    let report = merge(&b, &mut ours, &theirs);
    let e1 = ours.entity("e1").unwrap();
    assert_eq!(e1.label, "NORP", "theirs keeps the id: it is on disk");
    assert_eq!(e1.conflict, None);
    assert_eq!(report.conflicts, [("e1".to_string(), "e3".to_string())]);
    let kept = ours.entity("e3").unwrap();
    assert_eq!(kept.label, "ORG");
    assert_eq!(kept.note.as_deref(), Some("ملاحظتي"), "the note is the user's, untouched");
    assert_eq!(kept.conflict, Some(Conflict::new("e1", SOURCE_DISK)));
    assert!(ours.entity("e2").is_none(), "their deletion of an untouched entity applies");
    // One undo takes the whole merge back.
    assert_eq!(ours.undo().as_deref(), Some("merge from disk (3 changes)"));
    assert_eq!(ours.entity("e1").map(|e| e.label.as_str()), Some("ORG"));
    assert!(ours.entity("e2").is_some() && ours.entity("e3").is_none());
}

#[test]
fn a_deletion_never_beats_an_edit() {
    let b = base();
    let mut ours = b.clone();
    ours.remove("e1").unwrap();
    let mut theirs = b.clone();
    theirs.set_note("e1", Some("مهم")).unwrap();
    let report = merge(&b, &mut ours, &theirs);
    assert_eq!(ours.entity("e1").and_then(|e| e.note.as_deref()), Some("مهم"));
    assert!(report.conflicts.is_empty());

    let mut ours = b.clone();
    ours.set_note("e2", Some("مهم")).unwrap();
    let mut theirs = b.clone();
    theirs.remove("e2").unwrap();
    let report = merge(&b, &mut ours, &theirs);
    assert_eq!(ours.entity("e2").and_then(|e| e.note.as_deref()), Some("مهم"));
    assert_eq!(report.kept, ["e2"]);
    assert!(report.taken.is_empty() && report.conflicts.is_empty());
    // The next base remembers e2 as both last agreed on it: another side's
    // edit of e2, met later, is a conflict, not a second e2.
    let next = base_after(&b, theirs.clone(), &report);
    assert_eq!(next.entity("e2"), b.entity("e2"));
    let mut other = b.clone();
    other.set_label("e2", "LOC").unwrap();
    let report = merge(&next, &mut ours, &other);
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
}

#[test]
fn merging_again_or_with_itself_changes_nothing() {
    let b = base();
    let mut ours = b.clone();
    ours.set_label("e1", "ORG").unwrap();
    ours.add_entity("GPE", 20..24, "بكين").unwrap();
    let mut theirs = b.clone();
    theirs.set_label("e1", "NORP").unwrap();
    theirs.add_entity("ORG", 30..35, "ناتو").unwrap();
    merge(&b, &mut ours, &theirs);
    let once = render(&ours, "a.txt", "0");
    // Syncing again: the base is now theirs, and theirs did not change.
    assert!(merge(&theirs, &mut ours, &theirs).is_empty());
    // Merging the result with itself.
    let same = ours.clone();
    assert!(merge(&same, &mut ours, &same).is_empty());
    assert!(merge(&b, &mut ours, &same).is_empty());
    assert_eq!(render(&ours, "a.txt", "0"), once);
}

#[test]
fn a_claim_naming_an_entity_deleted_elsewhere_keeps_its_text() {
    let b = base();
    let mut ours = b.clone();
    let c = ours.add_claim(40..50, "كلام").unwrap();
    ours.set_claimant(&c, Some(Claimant::Entity("e1".into()))).unwrap();
    let mut theirs = b.clone();
    theirs.remove("e1").unwrap();
    let report = merge(&b, &mut ours, &theirs);
    assert!(ours.entity("e1").is_none());
    assert_eq!(ours.claim(&c).unwrap().claimant, Some(Claimant::Text("بوتين".into())));
    assert_eq!(report.unlinked, [c]);
    // The result is a valid sidecar.
    parse_str(&render(&ours, "a.txt", "0"), Path::new("a.ann.toml"), &"x".repeat(100)).unwrap();
}

#[test]
fn a_nan_in_an_unknown_field_is_no_change() {
    let nan = |s: &mut Store| {
        let e = s.entity("e1").unwrap().clone();
        let mut e = e;
        e.extra.insert("score".into(), toml::Value::Float(f64::NAN));
        s.put_many("edit", vec![("e1".into(), Some(Annotation::Entity(e)))]);
    };
    let mut b = base();
    nan(&mut b);
    let (mut ours, theirs) = (b.clone(), b.clone());
    assert!(merge(&b, &mut ours, &theirs).is_empty());
    assert_eq!(ours.len(), 2);
}

#[test]
fn conflicts_between_claims_are_marked_too() {
    let mut b = base();
    let c = b.add_claim(40..50, "كلام").unwrap();
    let mut ours = b.clone();
    ours.set_kind(&c, crate::annotate::ClaimKind::Direct).unwrap();
    let mut theirs = b.clone();
    theirs.set_kind(&c, crate::annotate::ClaimKind::Mixed).unwrap();
    let report = merge_from(&b, &mut ours, &theirs, "git");
    let (id, kept) = &report.conflicts[0];
    assert_eq!(id, &c);
    let kept = ours.claim(kept).unwrap();
    assert_eq!(kept.conflict, Some(Conflict::new(&c, "git")));
    assert!(kept.id.starts_with('c'));
}

// ----- a model of Hashiyas taking turns at one sidecar -----

/// The article every instance annotates: distinct letters, so that each
/// span's quote is found where it is.
fn article() -> String {
    ('a'..='z').chain('A'..='Z').collect::<String>().repeat(2)
}

const LABELS: [&str; 3] = ["PERSON", "ORG", "GPE"];
const NOTES: [&str; 2] = ["x", "y"];

#[derive(Debug, Clone)]
enum Op {
    /// Instance `who` tags an entity.
    Entity { who: usize, start: usize, len: usize, label: usize },
    /// Instance `who` tags a claim, naming its `pick`-th entity (if any).
    Claim { who: usize, start: usize, len: usize, claimant: Option<usize> },
    /// Instance `who` changes the label or note of its `pick`-th annotation.
    Edit { who: usize, pick: usize, value: usize },
    /// Instance `who` deletes its `pick`-th annotation.
    Delete { who: usize, pick: usize },
    /// Instance `who` looks at the disk and merges.
    Sync { who: usize },
    /// Instance `who` merges what is on disk, then writes.
    Save { who: usize },
}

fn op(instances: usize) -> impl Strategy<Value = Op> {
    let who = 0..instances;
    prop_oneof![
        3 => (who.clone(), 0usize..80, 1usize..8, 0usize..3)
            .prop_map(|(who, start, len, label)| Op::Entity { who, start, len, label }),
        1 => (who.clone(), 0usize..80, 1usize..8, prop::option::of(0usize..10))
            .prop_map(|(who, start, len, claimant)| Op::Claim { who, start, len, claimant }),
        2 => (who.clone(), 0usize..10, 0usize..5).prop_map(|(who, pick, value)| Op::Edit { who, pick, value }),
        1 => (who.clone(), 0usize..10).prop_map(|(who, pick)| Op::Delete { who, pick }),
        2 => who.clone().prop_map(|who| Op::Sync { who }),
        3 => who.prop_map(|who| Op::Save { who }),
    ]
}

/// One Hashiya: its store, its merge base and the file text it last saw.
#[derive(Clone)]
struct Instance {
    store: Store,
    base: Store,
    known: Option<String>,
}

/// The identity of an annotation across ids: an unknown field every
/// created annotation carries.
const UID: &str = "uid";

fn uid_of(a: AnnotationRef<'_>) -> i64 {
    let extra = match a {
        AnnotationRef::Entity(e) => &e.extra,
        AnnotationRef::Claim(c) => &c.extra,
        AnnotationRef::Record(r) => &r.extra,
    };
    extra.get(UID).and_then(toml::Value::as_integer).unwrap()
}

/// What happened, for judging the outcome.
#[derive(Default)]
struct Log {
    next_uid: i64,
    created: BTreeSet<i64>,
    deleted: BTreeSet<i64>,
    /// uid → the instances that changed it.
    editors: BTreeMap<i64, BTreeSet<usize>>,
}

struct World {
    instances: Vec<Instance>,
    file: Option<String>,
    text: String,
    log: Log,
}

impl World {
    fn new(n: usize) -> Self {
        let fresh = Instance { store: Store::new(), base: Store::new(), known: None };
        Self { instances: vec![fresh; n], file: None, text: article(), log: Log::default() }
    }

    fn quote(&self, start: usize, len: usize) -> (usize, usize, String) {
        let chars = self.text.chars().count();
        let start = start % (chars - 1);
        let end = (start + len).min(chars);
        (start, end, self.text.chars().skip(start).take(end - start).collect())
    }

    /// Tags the new annotation `id` of `who` with a fresh uid.
    fn stamp(&mut self, who: usize, id: &str) {
        let uid = self.log.next_uid;
        self.log.next_uid += 1;
        self.log.created.insert(uid);
        let store = &mut self.instances[who].store;
        let mut a = store.get(id).unwrap().to_owned();
        match &mut a {
            Annotation::Entity(e) => e.extra.insert(UID.into(), toml::Value::Integer(uid)),
            Annotation::Claim(c) => c.extra.insert(UID.into(), toml::Value::Integer(uid)),
            Annotation::Record(r) => r.extra.insert(UID.into(), toml::Value::Integer(uid)),
        };
        store.put_many("edit", vec![(id.to_owned(), Some(a))]);
    }

    fn nth(&self, who: usize, pick: usize) -> Option<AnnotationRef<'_>> {
        let all: Vec<_> = every(&self.instances[who].store).collect();
        (!all.is_empty()).then(|| all[pick % all.len()])
    }

    fn edited(&mut self, who: usize, uid: i64) {
        self.log.editors.entry(uid).or_default().insert(who);
    }

    /// Looks at the disk: merges a changed file into `who`'s store.
    fn sync(&mut self, who: usize) -> Result<(), TestCaseError> {
        let Some(file) = self.file.clone() else { return Ok(()) };
        if self.instances[who].known.as_deref() == Some(file.as_str()) {
            return Ok(());
        }
        let theirs = parse_str(&file, Path::new("a.txt.ann.toml"), &self.text)
            .map_err(|e| TestCaseError::fail(format!("the shared file is invalid: {e}\n{file}")))?
            .store;
        let me = &mut self.instances[who];
        let clean = !me.store.is_dirty();
        let before = render(&me.store, "a.txt", "0");
        let mut swapped = me.store.clone();
        let report = merge(&me.base, &mut me.store, &theirs);
        if clean {
            // Nothing unsaved: the prepared replacement gives what the merge
            // gives, and one undo takes it back.
            let replacement = Store::replacement(&me.base, theirs.clone());
            let changes = !replacement.is_empty();
            swapped.apply_replacement(replacement);
            prop_assert_eq!(render(&swapped, "a.txt", "0"), render(&me.store, "a.txt", "0"));
            if changes {
                swapped.undo();
            }
            // (Counters are never lowered: compare from `[article]` on.)
            let undone = render(&swapped, "a.txt", "0");
            prop_assert_eq!(undone.split("\n[article]").nth(1), before.split("\n[article]").nth(1));
            me.store.mark_saved();
        }
        // Merging again, or the result with itself, changes nothing.
        let mut again = me.store.clone();
        let next_base = base_after(&me.base, theirs.clone(), &report);
        let report_again = merge(&next_base, &mut again, &theirs);
        prop_assert!(report_again.taken.is_empty() && report_again.moved.is_empty());
        prop_assert!(report_again.conflicts.is_empty() && report_again.unlinked.is_empty());
        prop_assert_eq!(render(&again, "a.txt", "0"), render(&me.store, "a.txt", "0"));
        let same = me.store.clone();
        prop_assert!(merge(&same, &mut again, &same).is_empty());
        me.base = next_base;
        me.known = Some(file);
        let unlinked: Vec<i64> = report
            .unlinked
            .iter()
            .map(|id| uid_of(self.instances[who].store.get(id).unwrap()))
            .collect();
        for uid in unlinked {
            self.edited(who, uid);
        }
        Ok(())
    }

    fn save(&mut self, who: usize) -> Result<(), TestCaseError> {
        self.sync(who)?;
        let me = &mut self.instances[who];
        if self.file.is_none() && me.store.is_empty() {
            return Ok(());
        }
        let text = render(&me.store, "a.txt", "0");
        me.store.mark_saved();
        me.base = me.store.clone();
        me.known = Some(text.clone());
        self.file = Some(text);
        Ok(())
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        match *op {
            Op::Entity { who, start, len, label } => {
                let (start, end, quote) = self.quote(start, len);
                let id = self.instances[who].store.add_entity(LABELS[label], start..end, &quote);
                let id = id.unwrap();
                self.stamp(who, &id);
            }
            Op::Claim { who, start, len, claimant } => {
                let (start, end, quote) = self.quote(start, len);
                let entity = claimant.and_then(|k| {
                    let ids: Vec<String> =
                        self.instances[who].store.entities().map(|e| e.id.clone()).collect();
                    (!ids.is_empty()).then(|| ids[k % ids.len()].clone())
                });
                let store = &mut self.instances[who].store;
                let id = store.add_claim(start..end, &quote).unwrap();
                if let Some(entity) = entity {
                    store.set_claimant(&id, Some(Claimant::Entity(entity))).unwrap();
                }
                self.stamp(who, &id);
            }
            Op::Edit { who, pick, value } => {
                let Some(a) = self.nth(who, pick) else { return Ok(()) };
                let (id, uid, is_entity) =
                    (a.id().to_owned(), uid_of(a), matches!(a, AnnotationRef::Entity(_)));
                let store = &mut self.instances[who].store;
                if is_entity && value < LABELS.len() {
                    store.set_label(&id, LABELS[value]).unwrap();
                } else {
                    store.set_note(&id, Some(NOTES[value % NOTES.len()])).unwrap();
                }
                self.edited(who, uid);
            }
            Op::Delete { who, pick } => {
                let Some(a) = self.nth(who, pick) else { return Ok(()) };
                let (id, uid) = (a.id().to_owned(), uid_of(a));
                // Claims naming a deleted entity change too.
                let store = &self.instances[who].store;
                let naming: Vec<i64> = store
                    .claims()
                    .filter(|c| matches!(&c.claimant, Some(Claimant::Entity(e)) if *e == id))
                    .map(|c| uid_of(AnnotationRef::Claim(c)))
                    .collect();
                self.instances[who].store.remove(&id).unwrap();
                self.log.deleted.insert(uid);
                for claim in naming {
                    self.edited(who, claim);
                }
            }
            Op::Sync { who } => self.sync(who)?,
            Op::Save { who } => self.save(who)?,
        }
        Ok(())
    }

    /// Everyone saves in turn until a whole round changes nothing (a
    /// change made by the last one needs a round to reach the first): all
    /// agree with the file.
    fn settle(&mut self) -> Result<(), TestCaseError> {
        for _ in 0..=self.instances.len() {
            let before = self.file.clone();
            for who in 0..self.instances.len() {
                self.save(who)?;
            }
            if self.file == before {
                break;
            }
        }
        for me in &self.instances {
            match &self.file {
                Some(file) => {
                    prop_assert_eq!(
                        &render(&me.store, "a.txt", "0"),
                        file,
                        "an instance disagrees"
                    );
                }
                None => prop_assert!(me.store.is_empty()),
            }
        }
        Ok(())
    }

    /// The invariants of the settled file.
    fn check(&self) -> Result<(), TestCaseError> {
        let Some(file) = &self.file else {
            prop_assert!(self.log.created.is_subset(&self.log.deleted));
            return Ok(());
        };
        let store = parse_str(file, Path::new("a.txt.ann.toml"), &self.text).unwrap().store;
        let mut unmarked: BTreeMap<i64, usize> = BTreeMap::new();
        let mut present = BTreeSet::new();
        for a in every(&store) {
            let uid = uid_of(a);
            present.insert(uid);
            if a.conflict().is_some() {
                let editors = self.log.editors.get(&uid).map_or(0, BTreeSet::len);
                prop_assert!(
                    editors >= 2,
                    "{} is marked as a conflict but {} instance(s) changed it\n{}",
                    a.id(),
                    editors,
                    file
                );
            } else {
                *unmarked.entry(uid).or_default() += 1;
            }
            let note = match a {
                AnnotationRef::Entity(Entity { note, .. })
                | AnnotationRef::Claim(Claim { note, .. }) => note.as_deref(),
                AnnotationRef::Record(r) => r.text_of(crate::annotate::keys::NOTE),
            };
            prop_assert!(note.is_none_or(|n| NOTES.contains(&n)), "a note was invented");
        }
        for (uid, n) in unmarked {
            prop_assert!(
                n <= 1,
                "annotation {} is in the file {} times unmarked\n{}",
                uid,
                n,
                file
            );
        }
        for uid in self.log.created.difference(&self.log.deleted) {
            prop_assert!(present.contains(uid), "annotation {} was lost\n{}", uid, file);
        }
        Ok(())
    }
}

fn run(n: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut world = World::new(n);
    for op in ops {
        world.apply(op)?;
    }
    world.settle()?;
    world.check()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Two Hashiyas taking turns: no conflict unless both changed one
    /// annotation, nothing lost that nobody deleted, nothing doubled,
    /// nothing written into notes, merging twice changes nothing, and
    /// after saving in turn both agree with the file.
    #[test]
    fn two_instances_converge_exactly(ops in prop::collection::vec(op(2), 0..60)) {
        run(2, &ops)?;
    }

    /// The same with three.
    #[test]
    fn three_instances_converge_exactly(ops in prop::collection::vec(op(3), 0..60)) {
        run(3, &ops)?;
    }

    /// With no edits and no deletions (only tagging and saving, as in two
    /// people tagging one article), nothing is ever marked.
    #[test]
    fn tagging_alone_never_conflicts(
        ops in prop::collection::vec(op(3), 0..60)
            .prop_map(|ops| ops.into_iter().filter(|o| !matches!(o, Op::Edit { .. } | Op::Delete { .. })).collect::<Vec<_>>()),
    ) {
        let mut world = World::new(3);
        for op in &ops {
            world.apply(op)?;
        }
        world.settle()?;
        world.check()?;
        let file = world.file.unwrap_or_default();
        prop_assert!(!file.contains("conflict"), "{}", file);
        prop_assert_eq!(file.matches("[[entity]]").count() + file.matches("[[claim]]").count(), world.log.created.len());
    }
}

#[test]
fn links_merge_like_any_field_of_an_entity() {
    let b = base();
    let mut ours = b.clone();
    ours.set_link("e1", Some("k-putin")).unwrap();
    let mut theirs = b.clone();
    theirs.set_note("e2", Some("الدولة")).unwrap();
    merge(&b, &mut ours, &theirs);
    assert_eq!(ours.entity("e1").unwrap().link.as_deref(), Some("k-putin"), "ours kept");
    assert_eq!(ours.entity("e2").unwrap().note.as_deref(), Some("الدولة"), "theirs taken");

    // One side links, the other does not touch it: taken.
    let mut ours = b.clone();
    let mut theirs = b.clone();
    theirs.set_link("e2", Some("k-russia")).unwrap();
    merge(&b, &mut ours, &theirs);
    assert_eq!(ours.entity("e2").unwrap().link.as_deref(), Some("k-russia"));

    // Both link the same mention differently: a conflict, both kept.
    let mut ours = b.clone();
    ours.set_link("e1", Some("k-a")).unwrap();
    let mut theirs = b.clone();
    theirs.set_link("e1", Some("k-b")).unwrap();
    let report = merge(&b, &mut ours, &theirs);
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let (id, beside) = &report.conflicts[0];
    assert_eq!(ours.entity(id).unwrap().link.as_deref(), Some("k-b"), "theirs keeps the id");
    assert_eq!(ours.entity(beside).unwrap().link.as_deref(), Some("k-a"));
    let written = render(&ours, "a.txt", "00");
    let text = "بوتين     روسيا";
    let back = parse_str(&written, Path::new("a.txt.ann.toml"), text).unwrap().store;
    assert_eq!(back.entity(beside).unwrap().link.as_deref(), Some("k-a"), "{written}");
}
