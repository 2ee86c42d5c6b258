//! `hashiya list` and `hashiya stats` show relations: a row per relation
//! (type, `from text → to text`, the ends' ids, by) in the table, TSV and
//! JSON, and the relations per type in stats — a hostile relation type and
//! end text never reaching the output as controls.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;
use std::process::Command;

use hashiya::annotate::{Author, Stamp, Store, save};
use serde_json::Value;

/// OSC 52, alternate screen, a C1 CSI, BEL and a right-to-left override.
const P: &str = "\u{1b}]52;c;SEFDS0VE\u{7}\u{1b}[?1049h\u{9b}31m\u{202e}";

fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(common::bin())
        .current_dir(dir)
        .args(args)
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    assert!(!out.stderr.contains(&0x1b), "{args:?}: {out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(bad), "{args:?} printed {bad:?}:\n{text}");
    }
    text
}

/// An article with بوتين, the hostile `X…Y` and موسكو; two relations.
fn corpus(dir: &Path) {
    let text = format!("زار بوتين X{P}Y في موسكو.\n");
    let at = |s: &str| {
        let start = text[..text.find(s).unwrap()].chars().count();
        start..start + s.chars().count()
    };
    let hostile = format!("X{P}Y");
    let mut store = Store::new();
    store.set_author(Some(Author { name: "alice".into(), clock: Stamp::None }));
    let putin = store.add_entity("PERSON", at("بوتين"), "بوتين").unwrap();
    let x = store.add_entity("ORG", at(&hostile), &hostile).unwrap();
    let moscow = store.add_entity("GPE", at("موسكو"), "موسكو").unwrap();
    store.add_relation(&format!("member{P}_of"), &putin, &x).unwrap();
    store.add_relation("located_in", &x, &moscow).unwrap();
    store.add_relation("located_in", &putin, &moscow).unwrap();
    std::fs::write(dir.join("a.txt"), &text).unwrap();
    save(&dir.join("a.txt.ann.toml"), &store, text.as_bytes()).unwrap();
}

#[test]
fn list_and_stats_show_relations_and_no_control() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let hostile_type = format!("member{P}_of");

    // JSON gives back the exact strings.
    let json: Value =
        serde_json::from_str(&run(dir.path(), &["list", ".", "--format", "json"])).unwrap();
    let relations = json[0]["relations"].as_array().unwrap();
    assert_eq!(relations.len(), 3);
    let member = relations.iter().find(|r| r["label"] == hostile_type.as_str()).unwrap();
    assert_eq!(member["from_text"], "بوتين");
    assert_eq!(member["to_text"], format!("X{P}Y").as_str());
    assert_eq!(member["by"], "alice");
    let putin = json[0]["entities"].as_array().unwrap().iter().find(|e| e["text"] == "بوتين");
    assert_eq!(member["from"], putin.unwrap()["id"]);

    // TSV: a row per relation, its ends' texts and ids.
    let tsv = run(dir.path(), &["list", ".", "--format", "tsv"]);
    let rows: Vec<&str> = tsv.lines().filter(|l| l.contains("\trelation\t")).collect();
    assert_eq!(rows.len(), 3, "{tsv}");
    let located = rows.iter().filter(|r| r.contains("\tlocated_in\t")).count();
    assert_eq!(located, 2, "{tsv}");
    assert!(
        rows.iter().any(|r| r.contains("بوتين → موسكو (") && r.ends_with("\talice\t")),
        "{tsv}"
    );

    // The table: the count, and each relation with its type and ends.
    let table = run(dir.path(), &["list", "."]);
    assert!(table.contains("3 entities, 0 claims, 3 relations"), "{table}");
    assert!(table.contains("relation/located_in"), "{table}");
    assert!(table.contains("relation/member␛]52;c;SEFDS0VE␇"), "{table}");
    assert!(table.contains("(by alice)"), "{table}");

    // stats: relations per type, JSON and table.
    let json: Value =
        serde_json::from_str(&run(dir.path(), &["stats", ".", "--format", "json"])).unwrap();
    assert_eq!(json["relations"], 3);
    assert_eq!(json["relation_types"]["located_in"], 2);
    assert_eq!(json["relation_types"][hostile_type.as_str()], 1);
    assert_eq!(json["per_article"][0]["relations"], 3);
    let table = run(dir.path(), &["stats", "."]);
    let section = table.split("relations per type\n").nth(1).expect("the section");
    let mut lines = section.lines();
    assert_eq!(
        lines.next().map(str::split_whitespace).map(Iterator::collect::<Vec<_>>),
        Some(vec!["2", "located_in"])
    );
    assert!(lines.next().unwrap().contains("member␛]52;c;SEFDS0VE␇"), "{table}");
}
