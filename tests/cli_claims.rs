//! `hashiya claims` and `hashiya entities` on a corpus whose mentions are
//! linked to canonical entities (`entities.toml`): claims grouped by the
//! real speaker across articles, spelling-insensitive `--by`, counts of
//! mentions and look-alikes, and nothing from a file printed raw.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use hashiya::annotate::sidecar::sha256_hex;
use hashiya::annotate::{Claimant, Store, render};
use hashiya::corpus::registry::{Canonical, Registry, render as render_registry};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

fn text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE),
    )
    .unwrap()
}

/// The `char` range of the `nth` occurrence of `word` in `text`.
fn span(text: &str, word: &str, nth: usize) -> std::ops::Range<usize> {
    let (byte, _) = text.match_indices(word).nth(nth).unwrap();
    let start = text[..byte].chars().count();
    start..start + word.chars().count()
}

/// Article `name` (a copy of 004) with: نيكولاي يفمينوف (linked to `k`
/// when `link_full`), the later يفمينوف (linked to `k`) who makes a claim,
/// and the free-text claimant `hostile`.
fn article(dir: &Path, name: &str, link_full: bool, hostile: &str) {
    let text = text();
    std::fs::write(dir.join(name), &text).unwrap();
    let mut s = Store::new();
    let full = span(&text, "نيكولاي يفمينوف", 0);
    let full_id = s.add_entity("PERSON", full.clone(), &text[byte(&text, &full)]).unwrap();
    if link_full {
        s.set_link(&full_id, Some("k-yevmenov")).unwrap();
    }
    let short = span(&text, "يفمينوف", 1);
    let short_id = s.add_entity("PERSON", short.clone(), "يفمينوف").unwrap();
    s.set_link(&short_id, Some("k-yevmenov")).unwrap();
    let said = span(&text, "مواصلة توسيع التبادلات", 0);
    let claim = s.add_claim(said, "مواصلة توسيع التبادلات").unwrap();
    s.set_claimant(&claim, Some(Claimant::Entity(short_id))).unwrap();
    let other = span(&text, "تعزيز الاتصال", 0);
    let claim = s.add_claim(other, "تعزيز الاتصال").unwrap();
    s.set_claimant(&claim, Some(Claimant::Text(hostile.to_owned()))).unwrap();
    let sidecar = render(&s, name, &sha256_hex(text.as_bytes()));
    std::fs::write(dir.join(format!("{name}.ann.toml")), sidecar).unwrap();
}

fn byte(text: &str, r: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let at = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    at(r.start)..at(r.end)
}

fn corpus(hostile: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    article(dir.path(), "a.txt", true, hostile);
    article(dir.path(), "b.txt", false, hostile);
    let mut registry = Registry::new();
    registry.insert(Canonical {
        id: "k-yevmenov".into(),
        name: "نيكولاي يفمينوف".into(),
        kind: "PERSON".into(),
        aliases: ["يفمينوف".to_owned()].into(),
        kb_id: Some("Q4161444".into()),
        ..Canonical::default()
    });
    registry.insert(Canonical {
        id: "k-hostile".into(),
        name: format!("x{hostile}"),
        ..Canonical::default()
    });
    std::fs::write(dir.path().join("entities.toml"), render_registry(&registry)).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(common::bin()).args(args).arg(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const HOSTILE: &str = "\u{1b}]52;c;aGk=\u{7}\u{202e}evil\u{1b}[2J";

fn no_controls(s: &str) {
    assert!(
        !s.chars().any(|c| (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)),
        "a raw control in {s:?}"
    );
}

#[test]
fn claims_by_a_speaker_gather_both_articles_under_the_canonical_name() {
    let dir = corpus(HOSTILE);
    let (code, out, err) = run(dir.path(), &["claims", "--by", "يَفمينوف", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    no_controls(&out);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let claims = json["claims"].as_array().unwrap();
    let articles: Vec<&str> = claims.iter().map(|c| c["article"].as_str().unwrap()).collect();
    assert_eq!(articles, ["a.txt", "b.txt"], "{out}");
    for c in claims {
        assert_eq!(c["claimant"], "نيكولاي يفمينوف");
        assert_eq!(c["entity"], "k-yevmenov");
        assert_eq!(c["kb_id"], "Q4161444");
        assert_eq!(c["mention"], "يفمينوف");
        assert_eq!(c["content"], "مواصلة توسيع التبادلات");
    }
    // Every linked mention, resolved, in both articles.
    let mentions = &json["entities"][0]["mentions"];
    assert_eq!(mentions[0]["article"], "a.txt");
    assert_eq!(mentions[0]["forms"]["نيكولاي يفمينوف"], 1);
    assert_eq!(mentions[0]["forms"]["يفمينوف"], 1);
    assert_eq!(mentions[1]["forms"]["يفمينوف"], 1);

    let (code, table, _) = run(dir.path(), &["claims", "--by", "نيكولاي يفمينوف"]);
    assert_eq!(code, 0);
    assert!(table.contains("3 mention(s) in 2 article(s)"), "{table}");
    assert!(table.contains("[k-yevmenov] «يفمينوف»"), "{table}");
    let (_, tsv, _) = run(dir.path(), &["claims", "--format", "tsv"]);
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(rows.len(), 5, "a header and four claims: {tsv}");
    assert!(rows.iter().skip(1).all(|r| r.split('\t').count() == 9), "{tsv}");
    no_controls(&tsv);
}

#[test]
fn entities_count_mentions_claims_and_look_alikes_not_linked() {
    let dir = corpus(HOSTILE);
    let (code, out, err) = run(dir.path(), &["entities", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    no_controls(&out);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &json["entities"][0];
    assert_eq!(first["id"], "k-yevmenov");
    assert_eq!(first["mentions"], 3);
    assert_eq!(first["claims"], 2);
    assert_eq!(first["articles"], 2);
    // b.txt's نيكولاي يفمينوف is not linked, and has the name's key.
    assert_eq!(first["unlinked"]["نيكولاي يفمينوف"], 1);
    for format in ["table", "tsv"] {
        let (code, out, _) = run(dir.path(), &["entities", "--format", format]);
        assert_eq!(code, 0);
        no_controls(&out);
        assert!(out.contains("k-hostile"), "{out}");
    }
}

#[test]
fn a_broken_registry_is_an_error_at_its_line() {
    let dir = corpus("x");
    std::fs::write(dir.path().join("entities.toml"), "schema = 1\n[[entity]]\nid = \"k\"\n")
        .unwrap();
    for command in ["claims", "entities", "stats"] {
        let (code, out, err) = run(dir.path(), &[command]);
        assert_eq!(code, 2, "{command}: {out}");
        assert!(err.contains("entities.toml:2:1: entity `k` has no `name`"), "{err}");
    }
}

#[test]
fn stats_counts_claims_by_the_canonical_claimant() {
    let dir = corpus("x");
    let (code, out, _) = run(dir.path(), &["stats", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let claimants = json["claimants"].as_array().unwrap();
    let by =
        |name: &str| claimants.iter().find(|c| c["claimant"] == name).map(|c| c["claims"].clone());
    assert_eq!(by("نيكولاي يفمينوف"), Some(serde_json::json!(2)), "{out}");
    assert_eq!(by("يفمينوف"), None, "counted under the canonical name: {out}");
}

#[test]
fn check_warns_of_a_link_no_canonical_entity_has() {
    let dir = corpus("x");
    let (code, out, _) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("not in entities.toml"), "{out}");
    let sidecar = dir.path().join("a.txt.ann.toml");
    let text = std::fs::read_to_string(&sidecar).unwrap().replacen("k-yevmenov", "k-gone", 1);
    std::fs::write(&sidecar, &text).unwrap();
    let (code, out, _) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "a warning: {out}");
    let line = text.lines().position(|l| l.contains("k-gone")).unwrap() + 1;
    let want = format!("a.txt.ann.toml:{line}:8: warning: entity `");
    assert!(out.contains(&want) && out.contains("`link` names `k-gone`"), "{out}");
    let (code, _, _) = run(dir.path(), &["check", "--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn jsonl_carries_the_canonical_entity_and_its_kb_id_on_linked_spans() {
    let dir = corpus("x");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(common::bin())
        .args(["export", "--format", "jsonl", "--out"])
        .arg(out.path())
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let text = std::fs::read_to_string(out.path().join("annotations.jsonl")).unwrap();
    let b: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    let entities = b["entities"].as_array().unwrap();
    let full = entities.iter().find(|e| e["text"] == "نيكولاي يفمينوف").unwrap();
    assert!(full.get("entity").is_none() && full.get("kb_id").is_none(), "not linked: {full}");
    let short = entities.iter().find(|e| e["text"] == "يفمينوف").unwrap();
    assert_eq!((&short["entity"], &short["kb_id"]), (&"k-yevmenov".into(), &"Q4161444".into()));
}
