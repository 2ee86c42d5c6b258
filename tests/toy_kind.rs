//! A toy annotation kind declared in this test alone (no change to the
//! library): an `event` with a span of its own, a label, an enum, a span
//! field and two references to entities (one cleared, one kept when its
//! entity is removed). It round-trips through the sidecar (fast and full
//! readers), the three-way merge (both sides adding and editing), removal,
//! re-anchoring and `check`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::path::Path;
use std::sync::Arc;

use hashiya::annotate::kinds::Value;
use hashiya::annotate::merge::merge;
use hashiya::annotate::{Cue, FieldType, KindDecl, Kinds, OnRemove, Store, parse_str_with, render};
use hashiya::review::check::{Severity, check_source_with};

const ARTICLE: &str = "التقى بوتين شي في موسكو أمس";
const PATH: &str = "a.txt.ann.toml";

/// The toy kind, declared here and nowhere else.
fn kinds() -> (Kinds, Arc<KindDecl>) {
    let entity = |on_remove| FieldType::Ref { target: "entity".into(), on_remove };
    let event = KindDecl::new("event", "event", 'v')
        .with_own_span()
        .field("label", FieldType::Label, true)
        .field("agent", entity(OnRemove::Clear), false)
        .field("place", entity(OnRemove::Keep), false)
        .field("when", FieldType::Span, false)
        .field("polarity", FieldType::Enum(vec!["pos".into(), "neg".into()]), false);
    let kinds = Kinds::builtin().clone().with(event).expect("a valid declaration");
    let decl = Arc::clone(kinds.get("event").expect("declared"));
    (kinds, decl)
}

/// The char range of `needle` in the article.
fn range(needle: &str) -> std::ops::Range<usize> {
    let byte = ARTICLE.find(needle).expect("in the article");
    let start = ARTICLE[..byte].chars().count();
    start..start + needle.chars().count()
}

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

/// Entities بوتين (e1), موسكو (e2) and the event التقى (v1) by e1 in e2.
fn base(event: &Arc<KindDecl>) -> Store {
    let mut s = Store::new();
    let putin = s.add_entity("PERSON", range("بوتين"), "بوتين").unwrap();
    let moscow = s.add_entity("GPE", range("موسكو"), "موسكو").unwrap();
    let when = Cue::new(range("أمس"), "أمس");
    let values = vec![
        ("label", text("meeting")),
        ("agent", text(&putin)),
        ("place", text(&moscow)),
        ("when", Value::Span(when)),
        ("polarity", text("pos")),
    ];
    let id = s.add_record(event, Some((range("التقى"), "التقى")), values).unwrap();
    assert_eq!(id, "v1");
    s
}

/// A store's content as comparable values: every annotation's sidecar text.
fn content(s: &Store) -> String {
    render(s, "a.txt", "00")
}

fn reload(s: &Store, kinds: &Kinds) -> Store {
    let written = render(s, "a.txt", "00");
    parse_str_with(&written, Path::new(PATH), ARTICLE, kinds).expect("loads").store
}

#[test]
fn a_toy_kind_round_trips_through_the_sidecar() {
    let (kinds, event) = kinds();
    let s = base(&event);
    let written = render(&s, "a.txt", "00");
    assert!(written.contains("\n[[event]]\nid = \"v1\"\nstart = 0\nend = 5\ntext = \"التقى\"\nlabel = \"meeting\"\nagent = \"e1\"\nplace = \"e2\"\nwhen = { start = 24, end = 27, text = \"أمس\" }\npolarity = \"pos\"\n"), "{written}");
    let back = reload(&s, &kinds);
    assert_eq!(back.record("v1"), s.record("v1"));
    assert_eq!(content(&back), written, "written again byte for byte");
    // Another form (a comment, another key order) goes through the full
    // reader: the same record.
    let restyled = written
        .replace("[[event]]\n", "[[event]] # hand-edited\n")
        .replace("label = \"meeting\"\n", "")
        .replace("polarity = \"pos\"\n", "polarity = \"pos\"\nlabel = \"meeting\"\n");
    let full = parse_str_with(&restyled, Path::new(PATH), ARTICLE, &kinds).unwrap().store;
    assert_eq!(full.record("v1"), s.record("v1"));
    // Without the declaration the table is kept as unknown data.
    let plain = parse_str_with(&written, Path::new(PATH), ARTICLE, Kinds::builtin()).unwrap();
    assert!(plain.store.record("v1").is_none());
    assert!(plain.store.file_extra().top.contains_key("event"));
}

#[test]
fn a_toy_kind_is_checked_by_its_declaration_on_load() {
    let (kinds, event) = kinds();
    let written = render(&base(&event), "a.txt", "00");
    for (from, to, message) in [
        ("polarity = \"pos\"", "polarity = \"maybe\"", "unknown polarity `maybe`"),
        ("label = \"meeting\"\n", "", "event `v1` has no `label`"),
        ("agent = \"e1\"", "agent = 3", "`agent` must be a string"),
        ("when = { start = 24", "when = { start = 28", "`end` (27) is before `start` (28)"),
    ] {
        let broken = written.replace(from, to);
        let e = parse_str_with(&broken, Path::new(PATH), ARTICLE, &kinds).unwrap_err();
        assert!(e.to_string().contains(message), "{e}");
        assert!(e.line_column().is_some(), "{e}");
    }
}

#[test]
fn removing_an_entity_does_what_the_toy_kind_declares() {
    let (_, event) = kinds();
    let mut s = base(&event);
    let dependents: Vec<_> =
        s.dependents("e1").into_iter().map(|(r, f)| (r.id.clone(), f)).collect();
    assert_eq!(dependents, [("v1".to_owned(), OnRemove::Clear)]);
    s.remove("e1").unwrap();
    let v1 = s.record("v1").unwrap();
    assert_eq!(v1.text_of("agent"), None, "cleared");
    assert_eq!(v1.text_of("place"), Some("e2"));
    s.remove("e2").unwrap();
    assert_eq!(s.record("v1").unwrap().text_of("place"), Some("e2"), "kept, dangling");
    s.undo();
    s.undo();
    assert_eq!(s.record("v1").unwrap().text_of("agent"), Some("e1"), "one undo each");
    // The store checks values by the declaration too.
    assert!(s.set_field("v1", "polarity", Some(text("maybe"))).is_err());
    assert!(s.set_field("v1", "agent", Some(text("v1"))).is_err(), "not an entity");
    assert!(s.set_field("v1", "label", None).is_err(), "required");
    assert!(s.set_field("v1", "nope", None).is_err());
}

#[test]
fn a_toy_kind_merges_three_ways() {
    let (kinds, event) = kinds();
    let b = base(&event);
    let mut ours = b.clone();
    let mut theirs = b.clone();
    // Both add an event under the same id (v2): not a conflict, ours moves.
    let ours_v2 =
        ours.add_record(&event, Some((range("شي"), "شي")), vec![("label", text("talk"))]).unwrap();
    let theirs_v2 = theirs
        .add_record(&event, Some((range("موسكو"), "موسكو")), vec![("label", text("visit"))])
        .unwrap();
    assert_eq!((ours_v2.as_str(), theirs_v2.as_str()), ("v2", "v2"));
    // Ours edits one field of v1, theirs another: one annotation changed
    // differently on both sides is a conflict, both versions kept.
    ours.set_field("v1", "polarity", Some(text("neg"))).unwrap();
    theirs.set_field("v1", "label", Some(text("summit"))).unwrap();
    let report = merge(&b, &mut ours, &theirs);
    assert_eq!(report.moved.len(), 1, "{report:?}");
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let (moved_from, moved_to) = &report.moved[0];
    assert_eq!(moved_from, "v2");
    assert_eq!(ours.record("v2").unwrap().label(), Some("visit"), "theirs keeps the id");
    assert_eq!(ours.record(moved_to).unwrap().label(), Some("talk"));
    let (id, beside) = &report.conflicts[0];
    assert_eq!(ours.record(id).unwrap().label(), Some("summit"));
    let ours_version = ours.record(beside).unwrap();
    assert_eq!(ours_version.text_of("polarity"), Some("neg"));
    assert_eq!(ours_version.conflict.as_ref().map(|c| c.with.as_str()), Some("v1"));
    // The result round-trips, and merging again changes nothing.
    let back = reload(&ours, &kinds);
    assert_eq!(content(&back), content(&ours));
    let mut twice = ours.clone();
    assert!(merge(&b, &mut twice, &theirs).is_empty(), "merging what was merged changes nothing");
    assert_eq!(content(&twice), content(&ours));
}

#[test]
fn references_follow_an_entity_moved_aside_by_a_merge() {
    let (_, event) = kinds();
    let mut b = Store::new();
    b.add_entity("PERSON", range("بوتين"), "بوتين").unwrap();
    let mut ours = b.clone();
    let mut theirs = b.clone();
    let ours_e2 = ours.add_entity("PERSON", range("شي"), "شي").unwrap();
    let theirs_e2 = theirs.add_entity("GPE", range("موسكو"), "موسكو").unwrap();
    assert_eq!(ours_e2, theirs_e2);
    ours.add_record(
        &event,
        Some((range("التقى"), "التقى")),
        vec![("label", text("meeting")), ("agent", text(&ours_e2))],
    )
    .unwrap();
    let report = merge(&b, &mut ours, &theirs);
    let (_, new_id) = report.moved.iter().find(|(from, _)| *from == ours_e2).unwrap();
    let event = ours.records_of_kind("event")[0];
    assert_eq!(event.text_of("agent"), Some(new_id.as_str()), "follows our entity");
    assert_eq!(ours.entity(new_id).unwrap().text, "شي");
}

#[test]
fn a_toy_kind_is_re_anchored_when_the_article_changes() {
    let (kinds, event) = kinds();
    let s = base(&event);
    let written = render(&s, "a.txt", "00");
    let edited = format!("عاجل: {ARTICLE}");
    let loaded = parse_str_with(&written, Path::new(PATH), &edited, &kinds).unwrap();
    let v1 = loaded.store.record("v1").unwrap();
    assert_eq!(v1.range(), Some(6..11));
    let Some(Value::Span(when)) = v1.get("when") else { panic!("{v1:?}") };
    assert_eq!(when.range(), 30..33);
    assert!(!v1.orphan);
    assert!(loaded.report.moved.contains(&"v1".to_owned()), "{:?}", loaded.report);
    // Its span gone from the article: an orphan, kept.
    let gone = ARTICLE.replace("التقى", "رأى");
    let loaded = parse_str_with(&written, Path::new(PATH), &gone, &kinds).unwrap();
    assert!(loaded.store.record("v1").unwrap().orphan);
    assert!(loaded.report.orphans.contains(&"v1".to_owned()));
}

#[test]
fn check_reports_what_the_toy_kind_declares() {
    let (kinds, event) = kinds();
    let written = render(&base(&event), "a.txt", "00");
    let broken = written
        .replace("agent = \"e1\"", "agent = \"e9\"")
        .replace("polarity = \"pos\"\n", "polarity = \"pos\"\nmood = \"x\"\n")
        .replace("text = \"أمس\"", "text = \"غدا\"");
    let found = check_source_with(Path::new(PATH), &broken, "a.txt", Some(ARTICLE), None, &kinds);
    let line_of = |needle: &str| 1 + broken[..broken.find(needle).unwrap()].matches('\n').count();
    let at = |d: &hashiya::review::check::Diagnostic| d.at.map(|(line, _)| line);
    let dangling = found.iter().find(|d| d.message.contains("`agent` names no entity: `e9`"));
    let dangling = dangling.unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!((dangling.severity, at(dangling)), (Severity::Error, Some(line_of("agent = "))));
    let unknown = found.iter().find(|d| d.message.contains("unknown field `mood`")).unwrap();
    assert_eq!((unknown.severity, at(unknown)), (Severity::Warning, Some(line_of("mood = "))));
    let span = found.iter().find(|d| d.message.contains("`when` of event `v1`")).unwrap();
    assert_eq!((span.severity, at(span)), (Severity::Error, Some(line_of("when = "))));
    // The same sidecar unbroken: nothing but the missing hash.
    let clean = check_source_with(Path::new(PATH), &written, "a.txt", Some(ARTICLE), None, &kinds);
    assert!(
        clean.iter().all(|d| d.severity == Severity::Error && d.message.contains("sha256")),
        "{clean:?}"
    );
}
