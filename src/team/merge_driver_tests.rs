//! Tests of the merge driver: the cases git gives it, then random concurrent
//! edit sequences from a common base.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::annotate::{Annotation, AnnotationRef, Author, ClaimKind, Claimant, Stamp, Store};

const PATH: &str = "a.txt.ann.toml";

fn path() -> &'static Path {
    Path::new(PATH)
}

fn text_of(store: &Store) -> String {
    render(store, "a.txt", "00")
}

/// A store making unique ids from `seed` and stamping `name`.
fn side(base: &Store, name: &str, seed: u64) -> Store {
    let mut s = base.clone();
    s.set_id_scheme(IdScheme::seeded(seed));
    s.set_author(Some(Author {
        name: name.into(),
        clock: Stamp::Fixed("2026-12-07T00:00:00Z".into()),
    }));
    s
}

fn base() -> Store {
    let mut s = Store::new();
    s.add_entity("PERSON", 0..5, "بوتين").unwrap();
    s.add_entity("GPE", 10..15, "روسيا").unwrap();
    let c = s.add_claim(20..30, "كلام").unwrap();
    s.set_claimant(&c, Some(Claimant::Entity("e1".into()))).unwrap();
    s
}

fn parsed(text: &str) -> Store {
    crate::annotate::parse_file_store(text, path()).unwrap().store
}

#[test]
fn additions_on_both_sides_are_all_kept_with_who_made_them() {
    let b = base();
    let mut ours = side(&b, "alice", 1);
    let mut theirs = side(&b, "bob", 2);
    // Two entities between the same neighbours, and a claim.
    ours.add_entity("ORG", 6..8, "ناتو").unwrap();
    theirs.add_entity("GPE", 6..9, "بكين").unwrap();
    let c = theirs.add_claim(40..50, "قول").unwrap();
    theirs.set_claimant(&c, Some(Claimant::Entity("e2".into()))).unwrap();
    let merged = merge_texts(&text_of(&b), &text_of(&ours), &text_of(&theirs), path()).unwrap();
    let m = parsed(&merged.text);
    assert_eq!(m.len(), 6, "{}", merged.text);
    let by: Vec<_> =
        m.all().iter().map(|a| (a.text().to_owned(), a.by().map(str::to_owned))).collect();
    assert!(by.contains(&("ناتو".into(), Some("alice".into()))), "{by:?}");
    assert!(by.contains(&("بكين".into(), Some("bob".into()))), "{by:?}");
    assert!(by.contains(&("قول".into(), Some("bob".into()))), "{by:?}");
    assert!(merged.report.conflicts.is_empty() && merged.report.moved.is_empty());
    assert!(!merged.text.contains("<<<<<<<"));
}

#[test]
fn both_sides_changing_one_annotation_keeps_both_marked_as_from_git() {
    let b = base();
    let mut ours = side(&b, "alice", 1);
    let mut theirs = side(&b, "bob", 2);
    ours.set_label("e2", "LOC").unwrap();
    theirs.set_label("e2", "ORG").unwrap();
    let merged = merge_texts(&text_of(&b), &text_of(&ours), &text_of(&theirs), path()).unwrap();
    let m = parsed(&merged.text);
    assert_eq!(m.entity("e2").unwrap().label, "ORG", "theirs keeps the id");
    let (id, fresh) = &merged.report.conflicts[0];
    assert_eq!(id, "e2");
    let kept = m.entity(fresh).unwrap();
    assert_eq!(kept.label, "LOC");
    let mark = kept.conflict.as_ref().unwrap();
    assert_eq!((mark.with.as_str(), mark.source.as_deref()), ("e2", Some(SOURCE_GIT)));
    assert!(kept.note.is_none(), "nothing is written into notes");
    assert!(crate::annotate::ids::is_unique_form(fresh, 'e'), "{fresh}");
    // The same merge gives the same file (derived ids), and merging again changes nothing.
    let again = merge_texts(&text_of(&b), &text_of(&ours), &text_of(&theirs), path()).unwrap();
    assert_eq!(again.text, merged.text);
    let twice = merge_texts(&text_of(&b), &merged.text, &text_of(&theirs), path()).unwrap();
    assert_eq!(twice.text, merged.text);
}

#[test]
fn an_empty_ancestor_is_two_additions_of_the_file() {
    // Two annotators made the sidecar of a new article each, counting from e1.
    let mut ours = Store::new();
    ours.add_entity("PERSON", 0..5, "بوتين").unwrap();
    ours.add_entity("GPE", 10..15, "روسيا").unwrap();
    let mut theirs = Store::new();
    theirs.add_entity("PERSON", 0..5, "بوتين").unwrap();
    theirs.add_entity("ORG", 20..25, "ناتو").unwrap();
    let merged = merge_texts("", &text_of(&ours), &text_of(&theirs), path()).unwrap();
    let m = parsed(&merged.text);
    let texts: BTreeSet<_> = m.entities().map(|e| e.text.clone()).collect();
    assert_eq!(texts, ["بوتين", "روسيا", "ناتو"].map(String::from).into());
    assert_eq!(m.len(), 3, "e1 is the same on both sides: once");
    assert_eq!(merged.report.moved.len(), 1, "our e2 moves aside: theirs has another e2");
}

#[test]
fn unreadable_inputs_are_errors_naming_the_file() {
    let good = text_of(&base());
    let err = merge_texts(&good, "schema = 1\n[article\n", &good, path()).unwrap_err();
    assert!(err.to_string().starts_with("a.txt.ann.toml:2:"), "{err}");
    assert!(merge_texts(&good, &good, "", path()).is_err(), "only the ancestor may be empty");
    let dir = tempfile::tempdir().unwrap();
    let [ancestor, ours, theirs] = ["o", "a", "b"].map(|n| dir.path().join(n));
    std::fs::write(&ancestor, &good).unwrap();
    std::fs::write(&ours, b"schema = 1\n\xff").unwrap();
    std::fs::write(&theirs, &good).unwrap();
    let err = run(&ancestor, &ours, &theirs, Path::new("x/a.txt.ann.toml")).unwrap_err();
    let said = err.to_string();
    assert!(said.contains("x/a.txt.ann.toml: not valid UTF-8 at byte offset 11"), "{said}");
    assert_eq!(std::fs::read(&ours).unwrap(), b"schema = 1\n\xff", "A is left as it is");
}

#[test]
fn file_fields_merge_by_key() {
    let b = base();
    let mut theirs_text = text_of(&b).replace("schema = 1\n", "schema = 1\nproject = \"x\"\n");
    theirs_text = theirs_text.replace("sha256 = \"00\"", "sha256 = \"11\"");
    let ours_text = text_of(&b).replace("schema = 1\n", "schema = 1\nround = 2\n");
    let merged = merge_texts(&text_of(&b), &ours_text, &theirs_text, path()).unwrap();
    assert!(merged.text.contains("project = \"x\"\nround = 2\n"), "{}", merged.text);
    assert!(merged.text.contains("sha256 = \"11\""), "{}", merged.text);
}

#[test]
fn kept_brat_tables_merge_by_id() {
    let b = text_of(&base())
        + "\n[[brat]]\nid = \"b-1\"\nkind = \"note\"\ntarget = \"e1\"\ntext = \"x\"\ntype = \"N\"\n";
    let table = |id: &str, text: &str| {
        format!(
            "\n[[brat]]\nid = \"{id}\"\nkind = \"note\"\ntarget = \"e1\"\ntext = \"{text}\"\ntype = \"N\"\n"
        )
    };
    // Ours edits b-1 and adds b-2; theirs adds b-3 and deletes nothing.
    let ours = text_of(&base()) + &table("b-1", "y") + &table("b-2", "o");
    let theirs = b.clone() + &table("b-3", "t");
    let merged = merge_texts(&b, &ours, &theirs, path()).unwrap().text;
    assert!(merged.contains(&table("b-1", "y")), "{merged}");
    assert!(merged.contains(&table("b-2", "o")) && merged.contains(&table("b-3", "t")), "{merged}");
    // Theirs deleting b-1 that ours left alone deletes it.
    let theirs = text_of(&base());
    let merged = merge_texts(&b, &b, &theirs, path()).unwrap().text;
    assert!(!merged.contains("brat"), "{merged}");
}

#[test]
fn two_statuses_merge_to_the_furthest_and_one_change_is_taken() {
    use crate::annotate::ArticleStatus::{Done, InProgress, Todo};
    let with = |status| {
        let mut s = base();
        s.set_status(status);
        text_of(&s)
    };
    let merged =
        merge_texts(&with(Some(Todo)), &with(Some(Done)), &with(Some(InProgress)), path()).unwrap();
    assert_eq!(parsed(&merged.text).status(), Some(Done), "{}", merged.text);
    let merged =
        merge_texts(&with(Some(Todo)), &with(Some(InProgress)), &with(Some(Done)), path()).unwrap();
    assert_eq!(parsed(&merged.text).status(), Some(Done), "{}", merged.text);
    // Set back on one side only: that change is taken.
    let merged =
        merge_texts(&with(Some(Done)), &with(Some(Done)), &with(Some(Todo)), path()).unwrap();
    assert_eq!(parsed(&merged.text).status(), Some(Todo), "{}", merged.text);
    let merged = merge_texts(&with(None), &with(None), &with(Some(InProgress)), path()).unwrap();
    assert_eq!(parsed(&merged.text).status(), Some(InProgress), "{}", merged.text);
    assert_eq!(merged.text.matches("status = ").count(), 1, "{}", merged.text);
}

#[test]
fn the_in_app_merge_keeps_the_furthest_status_too() {
    use crate::annotate::ArticleStatus::{Done, InProgress, Todo};
    let mut b = base();
    b.set_status(Some(Todo));
    let mut ours = b.clone();
    ours.set_status(Some(Done));
    let mut theirs = b.clone();
    theirs.set_status(Some(InProgress));
    crate::annotate::merge::merge(&b, &mut ours, &theirs);
    assert_eq!(ours.status(), Some(Done));
    let mut ours = b.clone();
    ours.set_status(Some(InProgress));
    theirs.set_status(Some(Done));
    crate::annotate::merge::merge(&b, &mut ours, &theirs);
    assert_eq!(ours.status(), Some(Done));
}

// ----- random concurrent edits -----

/// One edit an annotator makes.
#[derive(Debug, Clone)]
enum Op {
    AddEntity { start: usize, len: usize, label: usize },
    AddClaim { start: usize, len: usize, claimant: Option<usize> },
    Label { pick: usize, label: usize },
    Note { pick: usize, note: u8 },
    Span { pick: usize, start: usize, len: usize },
    Kind { pick: usize, kind: usize },
    Remove { pick: usize },
}

const LABELS: [&str; 3] = ["PERSON", "ORG", "GPE"];

fn op() -> impl Strategy<Value = Op> {
    let span = || (0usize..60, 1usize..6);
    prop_oneof![
        4 => (span(), 0usize..3).prop_map(|((start, len), label)| Op::AddEntity { start, len, label }),
        2 => (span(), prop::option::of(0usize..8))
            .prop_map(|((start, len), claimant)| Op::AddClaim { start, len, claimant }),
        2 => (0usize..16, 0usize..3).prop_map(|(pick, label)| Op::Label { pick, label }),
        2 => (0usize..16, 0u8..3).prop_map(|(pick, note)| Op::Note { pick, note }),
        1 => (0usize..16, span()).prop_map(|(pick, (start, len))| Op::Span { pick, start, len }),
        1 => (0usize..16, 0usize..3).prop_map(|(pick, kind)| Op::Kind { pick, kind }),
        2 => (0usize..16).prop_map(|pick| Op::Remove { pick }),
    ]
}

fn quote(start: usize, len: usize) -> String {
    format!("t{start}+{len}")
}

/// Applies `ops` to `store` (edits that do not apply are skipped).
fn apply(store: &mut Store, ops: &[Op]) {
    for op in ops {
        let ids: Vec<String> = store.all().iter().map(|a| a.id().to_owned()).collect();
        let entities: Vec<String> = store.entities().map(|e| e.id.clone()).collect();
        let claims: Vec<String> = store.claims().map(|c| c.id.clone()).collect();
        let nth = |v: &[String], n: usize| (!v.is_empty()).then(|| v[n % v.len()].clone());
        match *op {
            Op::AddEntity { start, len, label } => {
                let _ = store.add_entity(LABELS[label], start..start + len, &quote(start, len));
            }
            Op::AddClaim { start, len, claimant } => {
                if let Ok(c) = store.add_claim(start..start + len, &quote(start, len)) {
                    if let Some(e) = claimant.and_then(|n| nth(&entities, n)) {
                        let _ = store.set_claimant(&c, Some(Claimant::Entity(e)));
                    }
                }
            }
            Op::Label { pick, label } => {
                if let Some(e) = nth(&entities, pick) {
                    let _ = store.set_label(&e, LABELS[label]);
                }
            }
            Op::Note { pick, note } => {
                if let Some(id) = nth(&ids, pick) {
                    let note = ["", "x", "مهم"][usize::from(note)];
                    let _ = store.set_note(&id, Some(note));
                }
            }
            Op::Span { pick, start, len } => {
                if let Some(id) = nth(&ids, pick) {
                    let _ = store.set_span(&id, start..start + len, &quote(start, len));
                }
            }
            Op::Kind { pick, kind } => {
                if let Some(c) = nth(&claims, pick) {
                    let _ = store.set_kind(&c, ClaimKind::ALL[kind]);
                }
            }
            Op::Remove { pick } => {
                if let Some(id) = nth(&ids, pick) {
                    let _ = store.remove(&id);
                }
            }
        }
    }
}

/// An annotation as compared across the merge: everything but its id, its
/// conflict mark and its claimant (which a merge may point at the other
/// side's version of an entity, or replace by the entity's text).
fn content(a: AnnotationRef<'_>) -> String {
    let mut owned = a.to_owned();
    owned.set_id("x");
    match &mut owned {
        Annotation::Entity(e) => e.conflict = None,
        Annotation::Claim(c) => {
            c.conflict = None;
            c.claimant = None;
        }
        Annotation::Record(r) => r.conflict = None,
    }
    crate::annotate::write::annotation_text(owned.as_ref())
}

fn contents(store: &Store) -> BTreeSet<String> {
    store.all().into_iter().chain(store.orphans()).map(content).collect()
}

/// The annotations of `side` the merge must keep: what this side added or
/// changed since `base`, and what neither side touched. (What this side
/// left as it was and the other side changed or deleted may go.)
fn must_keep(base: &Store, side: &Store, other: &Store) -> BTreeSet<String> {
    side.all()
        .into_iter()
        .filter(|a| {
            let untouched = base.get(a.id()).is_some_and(|b| b == *a);
            !untouched || other.get(a.id()).is_some_and(|o| o == *a)
        })
        .map(content)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// From a common base, two annotators edit at once (unique ids, or both
    /// counting up as older versions did): the driver's merge is a valid
    /// sidecar, keeps every annotation not deleted on the other side, and
    /// merging it again changes nothing.
    #[test]
    fn concurrent_edits_merge_keeping_everything_not_deleted(
        base_ops in prop::collection::vec(op(), 0..10),
        ours_ops in prop::collection::vec(op(), 0..10),
        theirs_ops in prop::collection::vec(op(), 0..10),
        unique in any::<bool>(),
        seeds in (any::<u64>(), any::<u64>()),
    ) {
        let mut base = Store::new();
        apply(&mut base, &base_ops);
        let (mut ours, mut theirs) = (side(&base, "alice", seeds.0), side(&base, "bob", seeds.1));
        if !unique {
            ours.set_id_scheme(IdScheme::Sequential);
            theirs.set_id_scheme(IdScheme::Sequential);
        }
        apply(&mut ours, &ours_ops);
        apply(&mut theirs, &theirs_ops);
        let (b, o, t) = (text_of(&base), text_of(&ours), text_of(&theirs));
        let merged = merge_texts(&b, &o, &t, path()).expect("the sides merge");
        let result = parsed(&merged.text);
        let kept = contents(&result);
        for (side_store, other) in [(&ours, &theirs), (&theirs, &ours)] {
            let missing: Vec<_> = must_keep(&base, side_store, other).difference(&kept).cloned().collect();
            prop_assert!(missing.is_empty(), "lost {missing:?}\nmerged:\n{}", merged.text);
        }
        prop_assert!(!merged.text.contains("<<<<<<<"));
        let twice = merge_texts(&b, &merged.text, &t, path()).expect("merges again");
        prop_assert_eq!(&twice.text, &merged.text);
        let with_itself = merge_texts(&b, &merged.text, &merged.text, path()).expect("merges");
        prop_assert_eq!(&with_itself.text, &merged.text);
    }
}

#[test]
fn the_registry_is_merged_by_id_through_the_driver() {
    let dir = tempfile::tempdir().unwrap();
    let base = "schema = 1\n\n[[entity]]\nid = \"k-a\"\nname = \"يفمينوف\"\n";
    let ours =
        format!("{base}aliases = [\"ن. يفمينوف\"]\n\n[[entity]]\nid = \"k-o\"\nname = \"أ\"\n");
    let theirs =
        format!("{base}aliases = [\"وزير الطوارئ\"]\n\n[[entity]]\nid = \"k-t\"\nname = \"ب\"\n");
    let (o, a, b) = (dir.path().join("O"), dir.path().join("A"), dir.path().join("B"));
    std::fs::write(&o, base).unwrap();
    std::fs::write(&a, &ours).unwrap();
    std::fs::write(&b, &theirs).unwrap();
    assert!(is_registry(Path::new("corpus/entities.toml")));
    run(&o, &a, &b, Path::new("corpus/entities.toml")).unwrap();
    let merged = crate::corpus::registry::parse(
        &std::fs::read_to_string(&a).unwrap(),
        Path::new("entities.toml"),
    )
    .unwrap();
    let ids: Vec<&str> = merged.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["k-a", "k-o", "k-t"]);
    assert_eq!(merged.get("k-a").unwrap().aliases.len(), 2);
    // A broken side: an error with its line, and A left as it was.
    std::fs::write(&b, "[[entity]]\nid = 3\n").unwrap();
    std::fs::write(&a, &ours).unwrap();
    let e = run(&o, &a, &b, Path::new("entities.toml")).unwrap_err().to_string();
    assert!(e.starts_with("entities.toml:2:6: "), "{e}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), ours);
}
