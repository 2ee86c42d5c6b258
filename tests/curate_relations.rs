//! `hashiya curate` carries relations and links into the gold: an agreed
//! relation between gold entities is taken with its ends re-pointed at
//! them; a relation disagreement is a row like the others; a relation whose
//! end is not in the gold, and a link the annotators differ on, are listed
//! (`held`), never dropped silently.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::team::{ARTICLE, span, stores, text};
use hashiya::annotate::keys::{FROM, TO};
use hashiya::annotate::kinds::RELATION;
use hashiya::annotate::{Store, load, save};
use hashiya::review::curate::{Decision, State};

fn hashiya(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .current_dir(dir)
        .args(args)
        .env("HASHIYA_ANNOTATOR", "carol")
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .unwrap()
}

fn id_of(s: &Store, word: &str, label: &str) -> String {
    let range = span(&text(), word, usize::from(word == "البحرية الروسية"));
    s.entities().find(|e| e.range() == range && e.label == label).unwrap().id.clone()
}

/// Alice and Bob of `common::team`, both also tagging the navy (agreed),
/// linking «لي شانغفو» alike and the navy differently, relating «لي شانغفو»
/// to the navy alike (`met_with`), and the navy to روسيا — whose label
/// they differ on — each with their own روسيا.
fn folders(root: &Path) {
    let (mut a, mut b) = stores();
    let t = text();
    let navy = "البحرية الروسية";
    b.add_entity("ORG", span(&t, navy, 1), navy).unwrap();
    for (s, russia, navy_link) in [(&mut a, "GPE", Some("k-navy")), (&mut b, "LOC", None)] {
        let (li, n, ru) =
            (id_of(s, "لي شانغفو", "PERSON"), id_of(s, navy, "ORG"), id_of(s, "روسيا", russia));
        s.set_link(&li, Some("k-li")).unwrap();
        s.set_link(&n, navy_link).unwrap();
        s.add_relation("met_with", &li, &n).unwrap();
        s.add_relation("located_in", &n, &ru).unwrap();
    }
    for (name, store) in [("alice", a), ("bob", b)] {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(ARTICLE), &t).unwrap();
        save(&dir.join(format!("{ARTICLE}.ann.toml")), &store, t.as_bytes()).unwrap();
    }
}

fn auto(root: &Path) -> serde_json::Value {
    let out =
        hashiya(root, &["curate", "alice", "bob", "--out", "gold", "--auto", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["articles"][0].clone()
}

fn gold(root: &Path) -> Store {
    load(&root.join("gold").join(format!("{ARTICLE}.ann.toml")), &text()).unwrap().store
}

/// Each gold relation as (type, from text, to text, to label, by).
fn relations(s: &Store) -> Vec<(String, String, String, String, String)> {
    let mut out: Vec<_> = s
        .records_of_kind(RELATION)
        .into_iter()
        .map(|r| {
            let end = |key| s.entity(r.text_of(key).unwrap()).expect("the end is a gold entity");
            let (from, to) = (end(FROM), end(TO));
            let by = r.by.clone().unwrap_or_default();
            (
                r.label().unwrap().to_owned(),
                from.text.clone(),
                to.text.clone(),
                to.label.clone(),
                by,
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn agreed_relations_and_links_go_into_the_gold_and_the_rest_is_listed() {
    let root = tempfile::tempdir().unwrap();
    folders(root.path());
    let article = auto(root.path());
    let g = gold(root.path());
    // The agreed relation, its ends re-pointed at the gold entities.
    let met = ("met_with".into(), "لي شانغفو".into(), "البحرية الروسية".into(), "ORG".into());
    let found: Vec<_> = relations(&g).into_iter().map(|r| (r.0, r.1, r.2, r.3)).collect();
    assert_eq!(found, [met]);
    // The agreed link is kept; the one they differ on is left unset, listed.
    let li = g.entities().find(|e| e.text == "لي شانغفو").unwrap();
    assert_eq!(li.link.as_deref(), Some("k-li"));
    let navy = g.entities().find(|e| e.text == "البحرية الروسية").unwrap();
    assert_eq!(navy.link, None);
    let held = article["held"].as_array().unwrap();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0]["kind"], "link");
    assert_eq!(held[0]["id"], navy.id.as_str());
    assert!(held[0]["why"].as_str().unwrap().contains("alice k-navy, bob none"), "{held:?}");
    // The located_in relations differ in their end (روسيا GPE / LOC): one row.
    let rows = article["disagreements"].as_array().unwrap();
    let rel: Vec<_> = rows.iter().filter(|r| r["kind"] == "relation").collect();
    assert_eq!(rel.len(), 1, "{rows:?}");
    assert_eq!(rel[0]["why"], serde_json::json!(["ends"]));
    assert_eq!(rel[0]["versions"]["alice"][0]["label"], "located_in");
    assert_eq!(rel[0]["versions"]["bob"][0]["text"], "البحرية الروسية → روسيا");
    let relation_row = rel[0]["row"].as_str().unwrap().to_owned();
    let label = rows.iter().find(|r| r["why"] == serde_json::json!(["label"])).unwrap();
    let russia_row = label["row"].as_str().unwrap().to_owned();
    let check = hashiya(root.path(), &["check", "gold"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");

    // Bob's روسيا, Alice's relation: its end is not in the gold — listed.
    let names = ["alice".to_owned(), "bob".to_owned()];
    let gold_dir = root.path().join("gold");
    let decide = |relation: usize| {
        let mut state = State::load(&gold_dir).unwrap();
        state.decide(ARTICLE, &russia_row, Some(&Decision::Take(1)), &names, Some("carol"));
        state.decide(ARTICLE, &relation_row, Some(&Decision::Take(relation)), &names, None);
        state.save(&gold_dir).unwrap();
    };
    decide(0);
    let article = auto(root.path());
    assert_eq!(relations(&gold(root.path())).len(), 1);
    let held = article["held"].as_array().unwrap();
    let left = held.iter().find(|h| h["kind"] == "relation").expect("the relation is listed");
    assert_eq!(left["label"], "located_in");
    assert!(left["why"].as_str().unwrap().contains("not in the gold"), "{left:?}");
    // Bob's relation: taken, to Bob's روسيا (LOC), by Bob.
    decide(1);
    let article = auto(root.path());
    assert!(article["held"].as_array().unwrap().iter().all(|h| h["kind"] != "relation"));
    let found = relations(&gold(root.path()));
    assert_eq!(found.len(), 2, "{found:?}");
    let located = found.iter().find(|r| r.0 == "located_in").unwrap();
    assert_eq!(
        (located.2.as_str(), located.3.as_str(), located.4.as_str()),
        ("روسيا", "LOC", "bob")
    );
    let check = hashiya(root.path(), &["check", "gold"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    // The table says it too.
    let out = hashiya(root.path(), &["curate", "alice", "bob", "--out", "gold", "--auto"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("relation: other ends (decided: bob)"), "{table}");
    assert!(table.contains("link "), "{table}");
}
