//! Three-way merge of annotation stores: work done in this session
//! (`ours`) and work saved to the same sidecar by someone else meanwhile
//! (`theirs`, e.g. a second Hashiya, an editor or a `git pull`), against
//! what both started from (`base`).
//!
//! Rules, per id: a side that did not change an annotation takes the other
//! side's version (including a deletion); when both changed it differently,
//! ours stays and theirs is kept beside it under a fresh id with a note
//! naming the conflict; a deletion never beats an edit. Nothing is dropped.

use std::collections::{BTreeSet, HashMap};

use super::model::{Annotation, Claimant};
use super::store::Store;

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Ids taken from theirs (added, changed or deleted there).
    pub taken: Vec<String>,
    /// Conflicts: (our id, the fresh id their version was kept under).
    pub conflicts: Vec<(String, String)>,
}

impl MergeReport {
    /// True when nothing came from theirs.
    pub fn is_empty(&self) -> bool {
        self.taken.is_empty() && self.conflicts.is_empty()
    }
}

fn state(store: &Store, id: &str) -> Option<Annotation> {
    store.get(id).map(|a| a.to_owned())
}

/// Gives `annotation` the id `id`, adding a note about the conflict.
fn renamed(annotation: Annotation, id: &str, was: &str) -> Annotation {
    let note = |old: Option<String>| {
        let mark = format!("conflict: edited elsewhere as {was}");
        Some(old.map_or(mark.clone(), |n| format!("{mark}; {n}")))
    };
    match annotation {
        Annotation::Entity(mut e) => {
            e.id = id.to_string();
            e.note = note(e.note);
            Annotation::Entity(e)
        }
        Annotation::Claim(mut c) => {
            c.id = id.to_string();
            c.note = note(c.note);
            Annotation::Claim(c)
        }
    }
}

/// Merges `theirs` into `ours` (as one undoable change), both derived from `base`.
pub fn merge(base: &Store, ours: &mut Store, theirs: &Store) -> MergeReport {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for store in [base, &*ours, theirs] {
        ids.extend(store.all().iter().chain(store.orphans().iter()).map(|a| a.id().to_string()));
    }
    let mut report = MergeReport::default();
    let mut puts: Vec<(String, Option<Annotation>)> = Vec::new();
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut reserved = ours.clone();
    for id in ids {
        let (b, o, t) = (state(base, &id), state(ours, &id), state(theirs, &id));
        if o == t || b == t {
            continue;
        }
        if b == o || o.is_none() {
            report.taken.push(id.clone());
            puts.push((id, t));
            continue;
        }
        let Some(theirs_version) = t else { continue };
        // Both changed it differently: keep ours, and theirs beside it.
        let prefix = if matches!(theirs_version, Annotation::Entity(_)) { 'e' } else { 'c' };
        let Some(fresh) = reserved.fresh_id_beside(prefix, theirs) else { continue };
        let kept = renamed(theirs_version, &fresh, &id);
        reserved.put_many("reserve an id", vec![(fresh.clone(), Some(kept.clone()))]);
        if prefix == 'e' && b.is_none() {
            renames.insert(id.clone(), fresh.clone());
        }
        report.conflicts.push((id, fresh.clone()));
        puts.push((fresh, Some(kept)));
    }
    // Claims taken from theirs follow their claimant if it had to move.
    for (_, put) in &mut puts {
        if let Some(Annotation::Claim(c)) = put {
            if let Some(Claimant::Entity(e)) = &c.claimant {
                if let Some(new) = renames.get(e) {
                    c.claimant = Some(Claimant::Entity(new.clone()));
                }
            }
        }
    }
    if !puts.is_empty() {
        let n = puts.len();
        ours.put_many(
            &format!("merge from disk ({n} change{})", if n == 1 { "" } else { "s" }),
            puts,
        );
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Store {
        let mut s = Store::new();
        s.add_entity("PERSON", 0..5, "بوتين").unwrap();
        s.add_entity("GPE", 10..15, "روسيا").unwrap();
        s
    }

    #[test]
    fn both_sides_additions_are_kept() {
        let b = base();
        let mut ours = b.clone();
        ours.add_entity("GPE", 20..24, "بكين").unwrap(); // e3 here
        let mut theirs = b.clone();
        theirs.add_entity("ORG", 30..35, "ناتو").unwrap(); // e3 there too
        let report = merge(&b, &mut ours, &theirs);
        let texts: Vec<_> = ours.entities().map(|e| e.text.clone()).collect();
        assert_eq!(texts, ["بوتين", "روسيا", "بكين", "ناتو"]);
        assert_eq!(report.conflicts.len(), 1, "the same new id on both sides");
        let ids: BTreeSet<_> = ours.entities().map(|e| e.id.clone()).collect();
        assert_eq!(ids.len(), 4, "ids stay unique");
    }

    #[test]
    fn one_sided_changes_win_and_conflicts_sit_side_by_side() {
        let b = base();
        let mut ours = b.clone();
        ours.set_label("e1", "ORG").unwrap();
        let mut theirs = b.clone();
        theirs.set_label("e1", "NORP").unwrap();
        theirs.remove("e2").unwrap();
        let report = merge(&b, &mut ours, &theirs);
        assert_eq!(ours.entity("e1").map(|e| e.label.as_str()), Some("ORG"));
        assert!(ours.entity("e2").is_none(), "their deletion of an untouched entity applies");
        let (_, kept) = &report.conflicts[0];
        let other = ours.entity(kept).unwrap();
        assert_eq!(other.label, "NORP");
        assert!(other.note.as_deref().unwrap_or("").contains("e1"));
        // One undo takes the whole merge back.
        assert_eq!(ours.undo().as_deref(), Some("merge from disk (2 changes)"));
        assert!(ours.entity("e2").is_some());
    }

    #[test]
    fn a_deletion_never_beats_an_edit() {
        let b = base();
        let mut ours = b.clone();
        ours.remove("e1").unwrap();
        let mut theirs = b.clone();
        theirs.set_note("e1", Some("مهم")).unwrap();
        merge(&b, &mut ours, &theirs);
        assert_eq!(ours.entity("e1").and_then(|e| e.note.as_deref()), Some("مهم"));
    }
}
