//! brat interchange checked with brat's own reader: `annotation.py` and
//! `projectconfig.py` as bundled by bratiaa (`tests/python/brat_load.py`
//! loads each document with `TextAnnotations`, which checks every T line's
//! text against the article as brat reads it and runs brat's sanity checks,
//! and reads `annotation.conf` with `ProjectConfiguration`).
//!
//! Without the Python environment (`.venv`, see `tests/common/python.rs`)
//! these tests print `SKIPPED:`; under CI they fail.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hashiya::annotate::{ClaimKind, Claimant, Cue, Store, save};
use serde_json::Value;

const BRAT_LOAD: &str = include_str!("python/brat_load.py");

fn hashiya(args: &[&str]) -> Output {
    Command::new(common::bin()).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// brat's reader on every document of `folder`: one JSON object each.
fn brat_load(python: &Path, folder: &Path) -> Vec<Value> {
    let out = common::python::run(python, BRAT_LOAD, &[folder], b"");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Asserts that brat loaded `doc` without an error or a refused line.
fn assert_loaded(doc: &Value) {
    assert_eq!(doc["errors"], Value::Array(vec![]), "brat refused {}: {doc:#}", doc["doc"]);
    assert_eq!(doc["failed_lines"], Value::Array(vec![]), "brat refused lines of {}", doc["doc"]);
}

/// The `char` ranges of the words (runs without white space) of `text`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        n = i + 1;
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, n));
    }
    out
}

fn slice(text: &str, s: usize, e: usize) -> String {
    text.chars().skip(s).take(e - s).collect()
}

/// Annotations over `text`: nested entities (two words, and the second
/// inside), a span across a paragraph break, an entity labelled `Claim`
/// (the claim layer's name), claims with cues, notes, and claimants both
/// entity and text. Returns the store and how many T lines brat should see.
fn annotate(text: &str) -> (Store, usize) {
    let w = words(text);
    let mut store = Store::new();
    let mut t_lines = 0;
    let mut first = None;
    for i in (5..w.len().saturating_sub(3)).step_by(17) {
        let outer = store.add_entity("ORG", w[i].0..w[i + 1].1, &slice(text, w[i].0, w[i + 1].1));
        let inner = store.add_entity(
            "PERSON",
            w[i + 1].0..w[i + 1].1,
            &slice(text, w[i + 1].0, w[i + 1].1),
        );
        let inner = inner.unwrap();
        let outer = outer.unwrap();
        t_lines += 2;
        store.set_note(&inner, Some("ملاحظة\tعلى\nالشخص")).unwrap();
        // A relation from the person to the organisation around it (an R
        // line), the first with a note on it.
        let r = store.add_relation("member_of", &inner, &outer).unwrap();
        if first.is_none() {
            let note = hashiya::annotate::kinds::Value::Text("عضو\tمنذ\n2020".to_owned());
            store.set_field(&r, "note", Some(note)).unwrap();
        }
        first.get_or_insert(inner);
    }
    // A span across the first paragraph break, and one named `Claim`.
    let chars: Vec<char> = text.chars().collect();
    if let Some(nl) = chars.iter().position(|&c| c == '\n' || c == '\r') {
        let end = chars[nl..].iter().position(|c| !c.is_whitespace()).map(|k| nl + k + 3);
        if let Some(end) = end.filter(|&e| e <= chars.len()) {
            store.add_entity("EVENT", nl - 3..end, &slice(text, nl - 3, end)).unwrap();
            t_lines += 1;
        }
    }
    store.add_entity("Claim", w[2].0..w[2].1, &slice(text, w[2].0, w[2].1)).unwrap();
    t_lines += 1;
    for (n, i) in (8..w.len().saturating_sub(8)).step_by(40).enumerate() {
        let (s, e) = (w[i + 1].0, w[i + 6].1);
        let c = store.add_claim(s..e, &slice(text, s, e)).unwrap();
        store.set_cue(&c, Some(Cue::new(w[i].0..w[i].1, &slice(text, w[i].0, w[i].1)))).unwrap();
        let who = if n % 2 == 0 {
            Claimant::Entity(first.clone().unwrap())
        } else {
            Claimant::Text("مسؤول".to_owned())
        };
        store.set_claimant(&c, Some(who)).unwrap();
        store.set_kind(&c, ClaimKind::Direct).unwrap();
        store.set_note(&c, Some("ملاحظة على الادعاء")).unwrap();
        t_lines += 2;
    }
    (store, t_lines)
}

/// A corpus of the sample articles and a CRLF+BOM copy of one, annotated:
/// the folder and, per article stem, the T lines brat should see.
fn sample_corpus() -> (tempfile::TempDir, Vec<(String, usize, usize)>) {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut expected = Vec::new();
    for (k, path) in names.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let mut articles =
            vec![(path.file_name().unwrap().to_string_lossy().into_owned(), bytes.clone())];
        if k == 0 {
            let text = String::from_utf8(bytes).unwrap();
            let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
            articles.push(("crlf_bom.txt".to_owned(), crlf.into_bytes()));
        }
        for (name, bytes) in articles {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let article = dir.path().join(&name);
            std::fs::write(&article, &bytes).unwrap();
            let (store, t_lines) = annotate(&text);
            save(&dir.path().join(format!("{name}.ann.toml")), &store, &bytes).unwrap();
            let r_lines = store.records_of_kind("relation").len();
            expected.push((name.trim_end_matches(".txt").to_owned(), t_lines, r_lines));
        }
    }
    expected.sort();
    (dir, expected)
}

#[test]
fn brat_loads_every_exported_sample_with_every_t_line() {
    let Some(python) = common::python::with(&["bratsubset.annotation"]) else { return };
    let (corpus, expected) = sample_corpus();
    let out = tempfile::tempdir().unwrap();
    let run = hashiya(&["export", "--format", "brat", "--out", p(out.path()), p(corpus.path())]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("one more `_`"), "the Claim label is reported renamed: {stderr}");
    let docs = brat_load(&python, out.path());
    assert_eq!(docs.len(), expected.len());
    for (doc, (name, t_lines, r_lines)) in docs.iter().zip(&expected) {
        assert_eq!(doc["doc"].as_str(), Some(name.as_str()));
        assert_loaded(doc);
        assert_eq!(doc["counts"]["T"].as_u64(), Some(*t_lines as u64), "{name}");
        // One R line per relation (one per ORG/PERSON pair), each between
        // two T lines, read by brat with its declared type.
        let relations = doc["relations"].as_array().unwrap();
        assert_eq!(relations.len(), *r_lines, "{name}");
        for r in relations {
            assert_eq!(
                (r[1].as_str(), r[2].as_str(), r[4].as_str()),
                (Some("member_of"), Some("Arg1"), Some("Arg2"))
            );
            assert!(
                r[3].as_str().unwrap().starts_with('T') && r[5].as_str().unwrap().starts_with('T')
            );
        }
        let on_relations = doc["notes"].as_array().unwrap().iter();
        let on_relations = on_relations.filter(|n| n[2].as_str().unwrap().starts_with('R')).count();
        assert_eq!(on_relations, 1, "{name}: the note of the first relation");
        // Claim notes are on the event: every AnnotatorNotes on a claim names an E.
        let claims = doc["counts"]["E"].as_u64().unwrap();
        assert!(claims > 0, "{name} has claims");
        let on_events = doc["notes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n[1] == "AnnotatorNotes" && n[2].as_str().unwrap().starts_with('E'))
            .count();
        assert_eq!(on_events as u64, claims, "{name}: one note per claim, on its event");
        let types: Vec<&str> =
            doc["textbounds"].as_array().unwrap().iter().map(|t| t[1].as_str().unwrap()).collect();
        assert!(
            types.contains(&"Claim_"),
            "the entity labelled Claim is Claim_ in brat: {types:?}"
        );
    }
}

/// brat's canonical view of the single document of `folder`.
fn canonical(python: &Path, folder: &Path) -> Vec<Value> {
    let docs = brat_load(python, folder);
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_loaded(&docs[0]);
    docs[0]["canonical"].as_array().unwrap().clone()
}

#[test]
fn the_round_trip_hashiya_brat_hashiya_brat_is_exact_crlf_and_bom_included() {
    let Some(python) = common::python::with(&["bratsubset.annotation"]) else { return };
    let (corpus, _) = sample_corpus();
    let first = tempfile::tempdir().unwrap();
    let run = hashiya(&["export", "--format", "brat", "--out", p(first.path()), p(corpus.path())]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    for doc in brat_load(&python, first.path()) {
        let name = doc["doc"].as_str().unwrap();
        // Import the exported document alone into a fresh folder, export it again.
        let alone = tempfile::tempdir().unwrap();
        for ext in ["txt", "ann"] {
            std::fs::copy(
                first.path().join(format!("{name}.{ext}")),
                alone.path().join(format!("{name}.{ext}")),
            )
            .unwrap();
        }
        let article = alone.path().join(format!("{name}.txt"));
        let import = hashiya(&["import", "--from", "brat", p(&article)]);
        assert_eq!(import.status.code(), Some(0), "{import:?}");
        assert!(
            String::from_utf8_lossy(&import.stderr).lines().all(|l| !l.contains("warning")),
            "{import:?}"
        );
        let second = tempfile::tempdir().unwrap();
        let run = hashiya(&["export", "--format", "brat", "--out", p(second.path()), p(&article)]);
        assert_eq!(run.status.code(), Some(0), "{run:?}");
        let once: Vec<Value> = doc["canonical"].as_array().unwrap().clone();
        assert!(!once.is_empty());
        assert_eq!(canonical(&python, second.path()), once, "{name}");
    }
}

/// The article of the hand-written brat files.
const ARTICLE: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة للحوار مع روسيا وأمريكا.\nوأضاف أن البحرية في الروسية ستزور بكين.\n";

/// `START END` of the first `needle` in `text`, counted by brat's rules
/// (code points of the text with `\r\n` as one `\n`).
fn at(text: &str, needle: &str) -> String {
    let seen = text.replace("\r\n", "\n");
    let byte = seen.find(needle).unwrap();
    let s = seen[..byte].chars().count();
    format!("{s} {}", s + needle.chars().count())
}

/// A brat file using every construct: entities (one discontinuous), a
/// claim with cue, source, kind and a note on its event, another event,
/// a relation, an equivalence, binary and valued attributes, a
/// modification, a normalization and notes.
fn every_construct(text: &str) -> String {
    let lines = [
        format!("T1\tPERSON {}\tلي شانغفو", at(text, "لي شانغفو")),
        format!("T2\tGPE {}\tالصين", at(text, "الصين")),
        format!("T3\tGPE {}\tروسيا", at(text, "روسيا")),
        format!("T4\tORG {};{}\tالبحرية الروسية", at(text, "البحرية"), at(text, "الروسية")),
        format!("T5\tVisit {}\tستزور", at(text, "ستزور")),
        "E1\tVisit:T5 Agent:T4 Place:T6".to_owned(),
        format!("T6\tGPE {}\tبكين", at(text, "بكين")),
        format!("T7\tClaim {}\tالصين مستعدة للحوار", at(text, "الصين مستعدة للحوار")),
        format!("T8\tCue {}\tقال", at(text, "قال")),
        "E2\tClaim:T7 Cue:T8 Source:T1".to_owned(),
        "A1\tKind E2 direct".to_owned(),
        "#1\tAnnotatorNotes E2\tملاحظة على الادعاء".to_owned(),
        "R1\tLocatedIn Arg1:T2 Arg2:T6".to_owned(),
        "N1\tReference T2 Wikidata:Q148\tالصين".to_owned(),
        "*\tAlias T3 T2".to_owned(),
        "A2\tNegated E1".to_owned(),
        "A3\tConfidence T1 high".to_owned(),
        "M1\tSpeculation E1".to_owned(),
        "#2\tAnnotatorNotes T1\tوزير الدفاع".to_owned(),
        "#3\tReview R1\tto check".to_owned(),
        format!("T9\tClaim_ {}\tوأمريكا", at(text, "وأمريكا")),
    ];
    lines.join("\n") + "\n"
}

/// brat → Hashiya → brat for `text` with [`every_construct`]: what brat
/// reads of the original and of the export is the same.
fn brat_round_trip(python: &Path, text: &str) {
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("a.txt"), text).unwrap();
    std::fs::write(source.path().join("a.ann"), every_construct(text)).unwrap();
    let original = canonical(python, source.path());
    let import = hashiya(&["import", "--from", "brat", p(&source.path().join("a.txt"))]);
    assert_eq!(import.status.code(), Some(0), "{import:?}");
    let stdout = String::from_utf8_lossy(&import.stdout);
    // R1 (between two entities) is lifted into a relation, N1 (Wikidata on
    // an entity) into a link; the rest kept.
    assert!(stdout.contains("7 kept as brat data"), "{stdout}");
    assert!(stdout.contains("relation LocatedIn"), "{stdout}");
    assert!(!String::from_utf8_lossy(&import.stderr).contains("warning"), "{import:?}");
    let out = tempfile::tempdir().unwrap();
    let run = hashiya(&[
        "export",
        "--format",
        "brat",
        "--out",
        p(out.path()),
        p(&source.path().join("a.txt")),
    ]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert_eq!(
        canonical(python, out.path()),
        original,
        "{}",
        std::fs::read_to_string(out.path().join("a.ann")).unwrap()
    );
    // And importing the original again keeps nothing twice.
    let again = hashiya(&["import", "--from", "brat", p(&source.path().join("a.txt"))]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("0 added") && !stdout.contains("kept as brat data;"), "{stdout}");
}

#[test]
fn a_brat_file_with_every_construct_comes_back_whole() {
    let Some(python) = common::python::with(&["bratsubset.annotation"]) else { return };
    brat_round_trip(&python, ARTICLE);
}

#[test]
fn a_brat_file_of_a_crlf_article_with_a_bom_comes_back_whole() {
    let Some(python) = common::python::with(&["bratsubset.annotation"]) else { return };
    brat_round_trip(&python, &format!("\u{feff}{}", ARTICLE.replace('\n', "\r\n")));
}

#[test]
fn a_t_line_with_the_wrong_text_is_refused_naming_file_line_and_both_texts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let ann = format!(
        "T1\tPERSON {}\tبوتين\nT2\tGPE {}\tروسيا\n",
        at(ARTICLE, "لي شانغفو"),
        at(ARTICLE, "الصين")
    );
    std::fs::write(dir.path().join("a.ann"), ann).unwrap();
    let out = hashiya(&["import", "--from", "brat", p(&dir.path().join("a.txt"))]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let (s, e) = at(ARTICLE, "لي شانغفو")
        .split_once(' ')
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .unwrap();
    assert!(
        stderr.contains(&format!(
            "a.ann:1: T1 PERSON {s}..{e}: the text \"بوتين\" is not the article's text there, \"لي شانغفو\"; it is nowhere in the article: line not imported"
        )),
        "{stderr}"
    );
    // The second line's text occurs once elsewhere: imported there, reported as such.
    assert!(
        stderr.contains("a.ann:2: T2 GPE")
            && stderr.contains("imported there (re-anchored by its text)"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 added") && stdout.contains("1 refused"), "{stdout}");
}

#[test]
fn a_t_line_whose_text_is_hostile_is_refused_printed_safely() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("a.ann"), "T1\tPERSON 0 3\t\u{1b}[2J\u{202e}x\n").unwrap();
    let out = hashiya(&["import", "--from", "brat", p(&dir.path().join("a.txt"))]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        !out.stderr.contains(&0x1b) && !String::from_utf8_lossy(&out.stderr).contains('\u{202e}'),
        "{out:?}"
    );
}

/// Mentions linked to a canonical entity with a Wikidata id go out as `N`
/// lines brat reads, and come back as links: the same entity, found by its
/// knowledge-base id in a fresh corpus's registry (made there), and the
/// same `N` lines on the next export.
#[test]
fn links_with_a_knowledge_base_id_round_trip_as_n_lines() {
    use hashiya::corpus::registry::{Canonical, Registry, render};
    let Some(python) = common::python::with(&["bratsubset.annotation"]) else { return };
    let corpus = tempfile::tempdir().unwrap();
    let article = corpus.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut store = Store::new();
    let span = |needle: &str| {
        let byte = ARTICLE.find(needle).unwrap();
        let s = ARTICLE[..byte].chars().count();
        s..s + needle.chars().count()
    };
    let who = store.add_entity("PERSON", span("لي شانغفو"), "لي شانغفو").unwrap();
    store.set_link(&who, Some("k-li")).unwrap();
    let other = store.add_entity("GPE", span("الصين"), "الصين").unwrap();
    store.set_link(&other, Some("k-nokb")).unwrap();
    save(&hashiya::annotate::sidecar_path(&article), &store, ARTICLE.as_bytes()).unwrap();
    let mut registry = Registry::new();
    registry.insert(Canonical {
        id: "k-li".into(),
        name: "Li Shangfu".into(),
        kind: "PERSON".into(),
        kb_id: Some("Q6537565".into()),
        ..Canonical::default()
    });
    registry.insert(Canonical {
        id: "k-nokb".into(),
        name: "الصين".into(),
        ..Canonical::default()
    });
    std::fs::write(corpus.path().join("entities.toml"), render(&registry)).unwrap();

    let first = tempfile::tempdir().unwrap();
    let run = hashiya(&["export", "--format", "brat", "--out", p(first.path()), p(&article)]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let once = canonical(&python, first.path());
    let n: Vec<&Value> = once.iter().filter(|l| l.as_str().unwrap().starts_with("N ")).collect();
    assert_eq!(n.len(), 1, "one N line, for the entity with a kb id: {once:?}");
    assert_eq!(n[0], "N Reference PERSON@16 25 Wikidata:Q6537565\tLi Shangfu");

    let fresh = tempfile::tempdir().unwrap();
    for ext in ["txt", "ann"] {
        std::fs::copy(first.path().join(format!("a.{ext}")), fresh.path().join(format!("a.{ext}")))
            .unwrap();
    }
    let imported = fresh.path().join("a.txt");
    let import = hashiya(&["import", "--from", "brat", p(&imported)]);
    assert_eq!(import.status.code(), Some(0), "{import:?}");
    let made = hashiya::corpus::registry_file::load(&fresh.path().join("entities.toml")).unwrap();
    let k = made.iter().next().unwrap();
    assert_eq!((k.name.as_str(), k.kb_id.as_deref()), ("Li Shangfu", Some("Q6537565")));
    let sidecar = std::fs::read_to_string(hashiya::annotate::sidecar_path(&imported)).unwrap();
    assert!(sidecar.contains(&format!("link = \"{}\"", k.id)), "{sidecar}");
    let second = tempfile::tempdir().unwrap();
    let run = hashiya(&["export", "--format", "brat", "--out", p(second.path()), p(&imported)]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert_eq!(canonical(&python, second.path()), once);
}
