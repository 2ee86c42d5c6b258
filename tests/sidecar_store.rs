//! Integration tests of the annotation store and its TOML sidecar: exact
//! format, round trips, byte stability, undo/redo, ids, unknown fields,
//! atomic saves, re-anchoring and error positions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::fs;
use std::path::Path;

use hashiya::annotate::sidecar::sha256_hex;
use hashiya::annotate::{
    ClaimKind, Claimant, Cue, SidecarError, Store, load, parse_str, render, save, sidecar_path,
};
use proptest::prelude::*;

const ARTICLE: &str = "قال الوزير لي شانغفو إن الصين مستعدة.\nوأضاف لي أن \"الحوار\" مهم.\n";

/// `char` range of the first occurrence of `needle` in `text` at or after char `from`.
fn find(text: &str, needle: &str, from: usize) -> std::ops::Range<usize> {
    let skip: usize = text.chars().take(from).map(char::len_utf8).sum();
    let byte = skip + text[skip..].find(needle).unwrap();
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

fn sample_store() -> Store {
    let mut store = Store::new();
    let li = find(ARTICLE, "لي شانغفو", 0);
    let e1 = store.add_entity("PERSON", li.clone(), "لي شانغفو").unwrap();
    let china = find(ARTICLE, "الصين", 0);
    store.add_entity("GPE", china, "الصين").unwrap();
    let claim = find(ARTICLE, "الصين مستعدة", 0);
    let c1 = store.add_claim(claim, "الصين مستعدة").unwrap();
    store.set_claimant(&c1, Some(Claimant::Entity(e1.clone()))).unwrap();
    store.set_cue(&c1, Some(Cue::new(find(ARTICLE, "قال", 0), "قال"))).unwrap();
    store.set_note(&e1, Some("وزير الدفاع \"السابق\"\\ سطر\nثان")).unwrap();
    store
}

#[test]
fn output_has_exactly_the_documented_shape() {
    let store = sample_store();
    let sha = sha256_hex(ARTICLE.as_bytes());
    let text = render(&store, "004.txt", &sha);
    // Offsets counted by hand: "قال الوزير " is 11 chars, "لي شانغفو" 9,
    // " إن " 4, "الصين" 5, " مستعدة" 7.
    let expected = format!(
        r#"schema = 1

[article]
file = "004.txt"
sha256 = "{sha}"

[[entity]]
id = "e1"
label = "PERSON"
start = 11
end = 20
text = "لي شانغفو"
note = "وزير الدفاع \"السابق\"\\ سطر\nثان"

[[entity]]
id = "e2"
label = "GPE"
start = 24
end = 29
text = "الصين"

[[claim]]
id = "c1"
start = 24
end = 36
text = "الصين مستعدة"
claimant = "e1"
cue = {{ start = 0, end = 3, text = "قال" }}
kind = "indirect"
"#
    );
    assert_eq!(text, expected);
}

#[test]
fn save_then_load_round_trips_and_is_byte_stable() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("004_c29349fac5246de1.txt");
    fs::write(&article, ARTICLE).unwrap();
    let path = sidecar_path(&article);
    assert_eq!(path.file_name().unwrap(), "004_c29349fac5246de1.txt.ann.toml");
    let store = sample_store();
    assert!(save(&path, &store, ARTICLE.as_bytes()).unwrap());
    let first = fs::read(&path).unwrap();
    assert!(!save(&path, &store, ARTICLE.as_bytes()).unwrap(), "same bytes: nothing written");

    let loaded = load(&path, ARTICLE).unwrap();
    assert!(loaded.existed && !loaded.is_stale(&sha256_hex(ARTICLE.as_bytes())));
    assert!(!loaded.store.is_dirty());
    assert!(loaded.report.moved.is_empty() && loaded.report.orphans.is_empty());
    assert_eq!(loaded.store.entities().collect::<Vec<_>>(), store.entities().collect::<Vec<_>>());
    assert_eq!(loaded.store.claims().collect::<Vec<_>>(), store.claims().collect::<Vec<_>>());
    assert!(!save(&path, &loaded.store, ARTICLE.as_bytes()).unwrap());
    assert_eq!(fs::read(&path).unwrap(), first);
}

#[test]
fn an_article_never_annotated_gets_no_sidecar_but_an_emptied_one_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.ann.toml");
    assert!(!save(&path, &Store::new(), b"x").unwrap());
    assert!(!path.exists());
    let loaded = load(&path, "x").unwrap();
    assert!(!loaded.existed && loaded.store.is_empty());

    let mut store = Store::new();
    let id = store.add_entity("MISC", 0..1, "x").unwrap();
    assert!(save(&path, &store, b"x").unwrap());
    store.remove(&id).unwrap();
    assert!(save(&path, &store, b"x").unwrap(), "removing the last annotation is saved");
    let text = fs::read_to_string(&path).unwrap();
    assert!(!text.contains("[[entity]]"));
    assert!(text.contains("next_entity = 2"), "{text}");
}

#[test]
fn atomic_save_leaves_only_the_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.ann.toml");
    let mut store = Store::new();
    for i in 0..5 {
        store.add_entity("DATE", i..i + 1, "x").unwrap();
        save(&path, &store, b"xxxxxx").unwrap();
    }
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("a.txt.ann.toml")]);
    // A folder that does not exist: an error, and still no file anywhere.
    let missing = dir.path().join("no/such/a.txt.ann.toml");
    assert!(matches!(save(&missing, &store, b"x"), Err(SidecarError::Io { .. })));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn ids_are_never_reused_in_a_session_or_across_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.ann.toml");
    let text = "abcdef";
    let mut store = Store::new();
    let ids: Vec<_> = (0..3).map(|i| store.add_entity("ORG", i..i + 1, "x").unwrap()).collect();
    assert_eq!(ids, ["e1", "e2", "e3"]);
    store.remove("e3").unwrap();
    assert_eq!(store.add_entity("ORG", 3..4, "d").unwrap(), "e4");
    // Undoing an add does not free its id either.
    assert!(store.undo().is_some());
    assert_eq!(store.add_claim(0..2, "ab").unwrap(), "c1");
    assert!(store.undo().is_some());
    assert_eq!(store.add_claim(0..2, "ab").unwrap(), "c2");
    save(&path, &store, text.as_bytes()).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    // e4 was the highest and is gone: the counter is kept. c2 is the
    // highest claim, so no claim counter is needed.
    assert!(saved.starts_with("schema = 1\nnext_entity = 5\n\n"), "{saved}");

    let mut again = load(&path, text).unwrap().store;
    assert_eq!(again.add_entity("ORG", 4..5, "e").unwrap(), "e5");
    assert_eq!(again.add_claim(4..5, "e").unwrap(), "c3");
}

#[test]
fn counters_are_written_only_when_an_id_would_come_back() {
    let mut store = Store::new();
    store.add_entity("ORG", 0..1, "a").unwrap();
    store.add_claim(0..1, "a").unwrap();
    let text = render(&store, "a.txt", "0");
    assert!(!text.contains("next_"), "{text}");
}

#[test]
fn removing_an_entity_keeps_its_text_as_claimant_and_undo_restores_it() {
    let mut store = sample_store();
    store.remove("e1").unwrap();
    assert_eq!(store.claim("c1").unwrap().claimant, Some(Claimant::Text("لي شانغفو".into())));
    assert!(store.undo().is_some());
    assert_eq!(store.claim("c1").unwrap().claimant, Some(Claimant::Entity("e1".into())));
    assert!(store.entity("e1").is_some());
}

#[test]
fn unknown_fields_everywhere_are_kept() {
    let source = r#"
schema = 1
reviewed = true
tags = ["a", "b"]

[article]
file = "a.txt"
sha256 = "0"
source = { url = "https://example.com", "fetched at" = 2024-05-01 }

[[entity]]
id = "e1"
label = "PERSON"
start = 0
end = 3
text = "قال"
confidence = 0.5
"ملاحظة خاصة" = "نعم"

[[claim]]
id = "c1"
start = 0
end = 3
text = "قال"
cue = { start = 0, end = 3, text = "قال", certain = false }
kind = "direct"
score = 3

[meta]
tool = "x"
nested = { deep = [1, 2] }

[[edge]]
from = "e1"
to = "c1"
"#;
    let article = "قال شيئاً";
    let loaded = parse_str(source, Path::new("a.txt.ann.toml"), article).unwrap();
    let written = render(&loaded.store, "a.txt", "0");
    let original: toml::Table = toml::from_str(source).unwrap();
    let rewritten: toml::Table = toml::from_str(&written).unwrap();
    assert_eq!(rewritten, original, "{written}");
    // And the rewritten form is stable.
    let again = parse_str(&written, Path::new("a.txt.ann.toml"), article).unwrap();
    assert_eq!(render(&again.store, "a.txt", "0"), written);
}

#[test]
fn a_hand_written_sidecar_in_any_key_order_with_comments_loads() {
    let source = r#"# Written by hand.
[[claim]]   # a claim before the entities
kind = "mixed"
claimant_text = "مصادر مطلعة"
text = "الصين مستعدة"
end = 36
start = 24
id = "c7"

[article]
sha256 = "not-a-hash"   # stale on purpose
file = "004.txt"

[[entity]]
text = "لي شانغفو"
end = 20
start = 11
label = "PERSON"
id = "e2"

schema = 1
"#;
    // `schema` after a table header belongs to that entity: move it up.
    let source = format!("schema = 1\n{}", source.replace("\nschema = 1\n", "\n"));
    let loaded = parse_str(&source, Path::new("x.ann.toml"), ARTICLE).unwrap();
    assert_eq!(loaded.sha256.as_deref(), Some("not-a-hash"));
    assert!(loaded.is_stale(&sha256_hex(ARTICLE.as_bytes())));
    assert!(loaded.report.moved.is_empty() && loaded.report.orphans.is_empty());
    let store = loaded.store;
    let claim = store.claim("c7").unwrap();
    assert_eq!(claim.kind, ClaimKind::Mixed);
    assert_eq!(claim.claimant, Some(Claimant::Text("مصادر مطلعة".into())));
    assert_eq!(store.entity("e2").unwrap().range(), 11..20);
    assert_eq!(store.next_entity_number(), 3);
    assert_eq!(store.next_claim_number(), 8);
}

#[test]
fn a_missing_kind_is_indirect() {
    let source = "schema = 1\n[article]\nfile = \"a\"\n[[claim]]\nid = \"c1\"\nstart = 0\nend = 1\ntext = \"a\"\n";
    let store = parse_str(source, Path::new("a"), "a").unwrap().store;
    assert_eq!(store.claim("c1").unwrap().kind, ClaimKind::Indirect);
}

// ----- re-anchoring -----

fn saved_for(article: &str, store: &Store) -> String {
    render(store, "a.txt", &sha256_hex(article.as_bytes()))
}

#[test]
fn inserting_text_before_a_span_moves_it() {
    let store = sample_store();
    let source = saved_for(ARTICLE, &store);
    let edited = format!("أمس {ARTICLE}"); // 4 chars before everything
    let loaded = parse_str(&source, Path::new("a"), &edited).unwrap();
    assert!(loaded.is_stale(&sha256_hex(edited.as_bytes())) && loaded.store.is_dirty());
    assert_eq!(loaded.report.moved, ["e1", "e2", "c1"], "in document order");
    let e1 = loaded.store.entity("e1").unwrap();
    assert_eq!(e1.range(), 15..24);
    let c1 = loaded.store.claim("c1").unwrap();
    assert_eq!(c1.range(), 28..40);
    assert_eq!(c1.cue.as_ref().unwrap().range(), 4..7);
    assert!(loaded.report.orphans.is_empty());
}

#[test]
fn deleting_a_spans_text_makes_an_orphan_that_is_kept_unchanged() {
    let store = sample_store();
    let source = saved_for(ARTICLE, &store);
    let edited = ARTICLE.replace("الصين", "بكين");
    let loaded = parse_str(&source, Path::new("a"), &edited).unwrap();
    assert_eq!(loaded.report.orphans, ["e2", "c1"]);
    let orphans: Vec<_> = loaded.store.orphans().iter().map(|a| a.id().to_owned()).collect();
    assert_eq!(orphans, ["e2", "c1"]);
    // Orphans are not found by position, but are kept, as they were.
    assert!(loaded.store.at(25).is_empty());
    let e2 = loaded.store.entity("e2").unwrap();
    assert_eq!((e2.range(), e2.text.as_str()), (24..29, "الصين"));
    let resaved = render(&loaded.store, "a.txt", "0");
    assert!(
        resaved.contains("id = \"e2\"\nlabel = \"GPE\"\nstart = 24\nend = 29\ntext = \"الصين\"\n")
    );
    // Re-attaching by hand clears the flag.
    let mut store = loaded.store;
    let range = find(&edited, "بكين", 0);
    store.set_span("e2", range.clone(), "بكين").unwrap();
    assert!(!store.entity("e2").unwrap().orphan);
    assert_eq!(store.at(range.start)[0].id(), "e2");
}

#[test]
fn duplicated_text_anchors_to_the_nearest_occurrence() {
    // "لي" occurs at char 11 (in "لي شانغفو") and at `second` (in "وأضاف لي أن").
    let second = find(ARTICLE, "لي أن", 0).start;
    let mut store = Store::new();
    let a = store.add_entity("PERSON", 11..13, "لي").unwrap();
    let b = store.add_entity("PERSON", second..second + 2, "لي").unwrap();
    let source = saved_for(ARTICLE, &store);
    // Two chars before everything, and a third "لي" at the very end.
    let edited = format!("و {ARTICLE}لي");
    let loaded = parse_str(&source, Path::new("a"), &edited).unwrap();
    assert_eq!(loaded.store.entity(&a).unwrap().range(), 13..15);
    assert_eq!(loaded.store.entity(&b).unwrap().range(), second + 2..second + 4);
    // Without the shift, the nearest copy to the old offset still wins.
    let edited = ARTICLE.replacen("وأضاف لي", "وأضاف لي لي", 1);
    let loaded = parse_str(&source, Path::new("a"), &edited).unwrap();
    assert_eq!(loaded.store.entity(&b).unwrap().range(), second..second + 2);
    assert!(loaded.report.moved.is_empty());
}

#[test]
fn a_hand_edited_offset_with_a_matching_hash_is_re_anchored() {
    let store = sample_store();
    let source = saved_for(ARTICLE, &store).replace("start = 11\nend = 20", "start = 13\nend = 22");
    let loaded = parse_str(&source, Path::new("a"), ARTICLE).unwrap();
    assert!(!loaded.is_stale(&sha256_hex(ARTICLE.as_bytes())));
    assert_eq!(loaded.report.moved, ["e1"]);
    assert_eq!(loaded.store.entity("e1").unwrap().range(), 11..20);
}

// ----- errors -----

fn error(source: &str) -> (usize, usize, String) {
    match parse_str(source, Path::new("d/x.ann.toml"), "abc") {
        Err(e @ (SidecarError::Syntax { .. } | SidecarError::Schema { .. })) => {
            let (line, column) = e.line_column().unwrap();
            let text = e.to_string();
            assert!(text.starts_with(&format!("d/x.ann.toml:{line}:{column}: ")), "{text}");
            (line, column, text)
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

const HEAD: &str = "schema = 1\n\n[article]\nfile = \"x\"\nsha256 = \"0\"\n\n";

#[test]
fn errors_point_at_line_and_column() {
    // Line 7 of each file is the first line after HEAD's 6 lines.
    let entity = |body: &str| format!("{HEAD}[[entity]]\n{body}");
    let ok = "id = \"e1\"\nlabel = \"PERSON\"\nstart = 0\nend = 2\ntext = \"ab\"\n";

    // `end = 2` is line 11; its value starts at column 7.
    let (l, c, m) = error(&entity(&ok.replace("start = 0", "start = 5")));
    assert_eq!((l, c), (11, 7), "{m}");
    assert!(m.contains("before `start`"), "{m}");

    // A string where an integer belongs: `start = "0"` on line 10, value at column 9.
    let (l, c, m) = error(&entity(&ok.replace("start = 0", "start = \"0\"")));
    assert_eq!((l, c), (10, 9), "{m}");
    assert!(m.contains("integer"), "{m}");

    // Negative offset.
    let (l, c, _) = error(&entity(&ok.replace("end = 2", "end = -2")));
    assert_eq!((l, c), (11, 7));

    // Duplicate id: the second `id = "e1"` is line 14, value at column 6.
    let (l, c, m) = error(&format!("{}[[entity]]\n{ok}", entity(ok)));
    assert_eq!((l, c), (14, 6), "{m}");
    assert!(m.contains("duplicate id `e1`"), "{m}");

    // Bad claim kind: line 12, value at column 8.
    let claim = format!(
        "{HEAD}[[claim]]\nid = \"c1\"\nstart = 0\nend = 1\ntext = \"a\"\nkind = \"quoted\"\n"
    );
    let (l, c, m) = error(&claim);
    assert_eq!((l, c), (12, 8), "{m}");
    assert!(m.contains("quoted") && m.contains("direct, indirect, mixed"), "{m}");

    // A claimant naming no entity: line 12, value at column 12.
    let (l, c, _) = error(&claim.replace("kind = \"quoted\"", "claimant = \"e9\""));
    assert_eq!((l, c), (12, 12));

    // Unsupported schema: line 1, column 10.
    let (l, c, _) = error(&HEAD.replace("schema = 1", "schema = 2"));
    assert_eq!((l, c), (1, 10));

    // Invalid TOML after Arabic text: columns count characters, not bytes.
    // `note = "ملاحظة" 5`: the stray `5` is the 17th character of line 13.
    let (l, c, m) = error(&entity(&format!("{ok}note = \"ملاحظة\" 5\n")));
    assert!(m.contains("x.ann.toml"));
    assert_eq!((l, c), (13, 17), "{m}");

    // An unterminated string on line 8.
    let (l, _, _) = error(&entity("id = \"e1\nlabel = \"X\"\n"));
    assert_eq!(l, 8);
}

#[test]
fn missing_fields_are_named_and_located() {
    let source = format!("{HEAD}[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 0\nend = 2\n");
    let (l, c, m) = error(&source);
    assert!(m.contains("entity `e1` has no `text`"), "{m}");
    assert_eq!((l, c), (7, 1), "points at the entity's `[[entity]]`: {m}");
    let (_, _, m) = error("[article]\nfile = \"x\"\n");
    assert!(m.contains("schema"), "{m}");
    // Errors are reported in file order although TOML tables come sorted:
    // a broken entity on line 7 is reported before a broken claim after it.
    let both = format!("{source}[[claim]]\nid = \"c1\"\nstart = 0\nend = 1\n");
    let (l, _, m) = error(&both);
    assert_eq!(l, 7, "{m}");
}

// ----- property tests -----

/// Pieces of article text, including bidi controls and combining marks.
const WORDS: &[&str] = &[
    "قال",
    "الوزير",
    "لي",
    "شانغفو",
    "الصين",
    "مستعدة",
    "\"",
    "\\",
    "'''",
    "a",
    "B2",
    "\u{202E}",
    "\u{064E}",
    "٣",
    " ",
    " ",
    " ",
    "\n",
    "\t",
    "é",
    "😀",
];

fn article_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..40).prop_map(|w| w.concat())
}

fn slice(text: &str, range: std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

#[derive(Debug, Clone)]
enum Op {
    Entity(usize, usize, usize),
    Claim(usize, usize),
    Label(usize, usize),
    Note(usize, Option<String>),
    Span(usize, usize, usize),
    Claimant(usize, usize, bool),
    Cue(usize, Option<(usize, usize)>),
    Kind(usize, usize),
    Remove(usize),
    Undo,
    Redo,
}

fn note_strategy() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        prop::collection::vec(prop::sample::select(WORDS), 0..6).prop_map(|w| w.concat()),
    )
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let n = 0usize..64;
    prop_oneof![
        3 => (n.clone(), n.clone(), 0usize..8).prop_map(|(a, b, l)| Op::Entity(a, b, l)),
        2 => (n.clone(), n.clone()).prop_map(|(a, b)| Op::Claim(a, b)),
        1 => (n.clone(), 0usize..8).prop_map(|(i, l)| Op::Label(i, l)),
        1 => (n.clone(), note_strategy()).prop_map(|(i, s)| Op::Note(i, s)),
        1 => (n.clone(), n.clone(), n.clone()).prop_map(|(i, a, b)| Op::Span(i, a, b)),
        1 => (n.clone(), n.clone(), any::<bool>()).prop_map(|(i, e, t)| Op::Claimant(i, e, t)),
        1 => (n.clone(), prop::option::of((n.clone(), n.clone()))).prop_map(|(i, r)| Op::Cue(i, r)),
        1 => (n.clone(), 0usize..3).prop_map(|(i, k)| Op::Kind(i, k)),
        1 => n.prop_map(Op::Remove),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

const LABELS: [&str; 8] = ["PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "NORP", "MISC"];

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

/// Applies `op` over `text`; errors are fine (they must change nothing).
fn apply(store: &mut Store, text: &str, op: &Op) -> Option<String> {
    let len = text.chars().count().max(1);
    let range = |a: usize, b: usize| {
        let (a, b) = (a % len, b % len);
        a.min(b)..a.max(b) + 1
    };
    let quote = |r: std::ops::Range<usize>| slice(text, r);
    let ids: Vec<String> = store.all().iter().map(|a| a.id().to_owned()).collect();
    let claims: Vec<String> = store.claims().map(|c| c.id.clone()).collect();
    let entities: Vec<String> = store.entities().map(|e| e.id.clone()).collect();
    match op {
        Op::Entity(a, b, l) => {
            return store.add_entity(LABELS[*l], range(*a, *b), &quote(range(*a, *b))).ok();
        }
        Op::Claim(a, b) => return store.add_claim(range(*a, *b), &quote(range(*a, *b))).ok(),
        Op::Label(i, l) => drop(pick(&ids, *i).map(|id| store.set_label(&id, LABELS[*l]))),
        Op::Note(i, s) => drop(pick(&ids, *i).map(|id| store.set_note(&id, s.as_deref()))),
        Op::Span(i, a, b) => {
            drop(
                pick(&ids, *i).map(|id| store.set_span(&id, range(*a, *b), &quote(range(*a, *b)))),
            );
        }
        Op::Claimant(i, e, as_text) => {
            let claimant = if *as_text {
                Some(Claimant::Text(quote(range(*e, *e + 3))))
            } else {
                pick(&entities, *e).map(Claimant::Entity)
            };
            drop(pick(&claims, *i).map(|id| store.set_claimant(&id, claimant)));
        }
        Op::Cue(i, r) => {
            let cue = r.map(|(a, b)| Cue::new(range(a, b), &quote(range(a, b))));
            drop(pick(&claims, *i).map(|id| store.set_cue(&id, cue)));
        }
        Op::Kind(i, k) => drop(pick(&claims, *i).map(|id| store.set_kind(&id, ClaimKind::ALL[*k]))),
        Op::Remove(i) => drop(pick(&ids, *i).map(|id| store.remove(&id))),
        Op::Undo => drop(store.undo()),
        Op::Redo => drop(store.redo()),
    }
    None
}

type Snapshot = (Vec<hashiya::annotate::Entity>, Vec<hashiya::annotate::Claim>);

fn snapshot(store: &Store) -> Snapshot {
    (store.entities().cloned().collect(), store.claims().cloned().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn saving_then_loading_is_the_identity(
        text in article_strategy(),
        ops in prop::collection::vec(op_strategy(), 0..40),
    ) {
        let mut store = Store::new();
        for op in &ops {
            apply(&mut store, &text, op);
        }
        let saved = render(&store, "a.txt", &sha256_hex(text.as_bytes()));
        let loaded = parse_str(&saved, Path::new("a.txt.ann.toml"), &text).unwrap();
        prop_assert!(!loaded.is_stale(&sha256_hex(text.as_bytes())));
        prop_assert!(loaded.report.moved.is_empty() && loaded.report.orphans.is_empty());
        prop_assert_eq!(snapshot(&loaded.store), snapshot(&store));
        prop_assert_eq!(loaded.store.next_entity_number(), store.next_entity_number());
        prop_assert_eq!(loaded.store.next_claim_number(), store.next_claim_number());
        prop_assert_eq!(render(&loaded.store, "a.txt", &sha256_hex(text.as_bytes())), saved);
    }

    #[test]
    fn undo_all_gives_the_start_and_redo_all_the_end(
        text in article_strategy(),
        setup in prop::collection::vec(op_strategy(), 0..10),
        ops in prop::collection::vec(op_strategy(), 1..40),
    ) {
        let mut store = Store::new();
        for op in &setup {
            apply(&mut store, &text, op);
        }
        while store.undo().is_some() {}
        // Start from the set-up state with a clean history: redo it all.
        while store.redo().is_some() {}
        let start = snapshot(&store);
        let mut given = std::collections::HashSet::new();
        for a in store.all() {
            given.insert(a.id().to_owned());
        }
        let mut history = vec![start.clone()];
        let mut changes = 0usize;
        for op in ops.iter().filter(|op| !matches!(op, Op::Undo | Op::Redo)) {
            let before = snapshot(&store);
            let revision = store.revision();
            let new_id = apply(&mut store, &text, op);
            if let Some(id) = new_id {
                prop_assert!(given.insert(id.clone()), "id {} given twice", id);
            }
            if store.revision() == revision {
                prop_assert_eq!(snapshot(&store), before, "a refused or empty change changed state");
            } else {
                changes += 1;
                history.push(snapshot(&store));
            }
        }
        prop_assert!(!store.can_redo());
        let end = snapshot(&store);
        for k in (0..changes).rev() {
            prop_assert!(store.undo().is_some());
            prop_assert_eq!(&snapshot(&store), &history[k]);
        }
        // Setup changes may remain below; the start state is reached after `changes` undos.
        prop_assert_eq!(snapshot(&store), start);
        for state in &history[1..] {
            prop_assert!(store.redo().is_some());
            prop_assert_eq!(&snapshot(&store), state);
        }
        prop_assert!(store.redo().is_none());
        prop_assert_eq!(snapshot(&store), end);
    }

    #[test]
    fn position_queries_agree_with_brute_force(
        text in article_strategy(),
        ops in prop::collection::vec(op_strategy(), 0..40),
        offset in 0usize..70,
        len in 0usize..10,
    ) {
        let mut store = Store::new();
        for op in &ops {
            apply(&mut store, &text, op);
        }
        let all = store.all();
        let mut holding: Vec<_> = all.iter().filter(|a| a.range().contains(&offset)).map(|a| a.id().to_owned()).collect();
        let found: Vec<_> = store.at(offset).iter().map(|a| a.id().to_owned()).collect();
        let mut sorted_found = found.clone();
        sorted_found.sort();
        holding.sort();
        prop_assert_eq!(sorted_found, holding);
        let lens: Vec<_> = store.at(offset).iter().map(|a| a.range().len()).collect();
        prop_assert!(lens.windows(2).all(|w| w[0] <= w[1]), "innermost first");
        let q = offset..offset + len;
        let expected: Vec<_> = all.iter()
            .filter(|a| a.range().start < q.end && q.start < a.range().end)
            .map(|a| a.id().to_owned()).collect();
        let got: Vec<_> = store.overlapping(q).iter().map(|a| a.id().to_owned()).collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn the_loader_never_panics_on_arbitrary_text(source in "\\PC{0,300}") {
        let _ = parse_str(&source, Path::new("x"), "abc");
    }

    #[test]
    fn the_loader_never_panics_on_mutated_sidecars(
        cuts in prop::collection::vec((0usize..2000, 0usize..4, prop::sample::select(vec![
            "", "\"", "=", "[", "]", "{", "}", "\n", "-1", "99999999999999999999", "e1", "[[entity]]",
            "[[claim]]", "kind = \"x\"", "start = 9", "end = 0", "#", "'", "\\", "claimant = \"e2\"",
            "cue = 1", "1.5", "true", "[article]", "schema = 1", "next_entity = 0",
        ])), 1..6),
    ) {
        let mut source = render(&sample_store(), "a.txt", "0");
        for (at, remove, insert) in cuts {
            let mut at = at % (source.len() + 1);
            while !source.is_char_boundary(at) { at -= 1; }
            let mut end = (at + remove).min(source.len());
            while !source.is_char_boundary(end) { end += 1; }
            source.replace_range(at..end, insert);
        }
        if let Ok(loaded) = parse_str(&source, Path::new("x"), ARTICLE) {
            // Whatever loads must save and load again to the same state.
            let text = render(&loaded.store, "a.txt", "0");
            let again = parse_str(&text, Path::new("x"), ARTICLE).unwrap();
            prop_assert_eq!(render(&again.store, "a.txt", "0"), text);
        }
    }
}

#[test]
#[ignore = "timing: run with --release -- --ignored"]
fn ten_thousand_annotations_save_and_load_fast() {
    let article = hashiya::assets::SAMPLE_ARTICLES[4].1.repeat(20);
    let chars: Vec<char> = article.chars().collect();
    let mut store = Store::new();
    for i in 0..10_000 {
        let start = (i * 37) % (chars.len() - 20);
        let text: String = chars[start..start + 9].iter().collect();
        if i % 2 == 0 {
            store.add_entity(LABELS[i % 8], start..start + 9, &text).unwrap();
        } else {
            let id = store.add_claim(start..start + 9, &text).unwrap();
            store.set_note(&id, Some("ملاحظة \"مقتبسة\"\n")).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt.ann.toml");
    let t = std::time::Instant::now();
    assert!(save(&path, &store, article.as_bytes()).unwrap());
    let saved = t.elapsed();
    let t = std::time::Instant::now();
    let loaded = load(&path, &article).unwrap();
    let loaded_in = t.elapsed();
    let edited = format!("سطر جديد\n{article}");
    let t = std::time::Instant::now();
    let moved = load(&path, &edited).unwrap();
    let reanchored = t.elapsed();
    eprintln!(
        "10k annotations, {} bytes: save {saved:?}, load {loaded_in:?}, load+re-anchor all {reanchored:?}",
        fs::metadata(&path).unwrap().len()
    );
    assert_eq!(loaded.store.len(), 10_000);
    assert_eq!(moved.report.moved.len(), 10_000);
    // Target (a later issue): both within 50 ms in release. Saving meets it
    // (≈25 ms measured); loading does not yet (≈115 ms, most of it in the
    // `toml` parser itself): see the report / docs/format.md.
    assert!(saved.as_millis() < 50, "{saved:?}");
}
