//! `hashiya export --format spacy` read by spaCy itself (the test venv, see
//! `tests/common/python.rs`): the sample articles annotated with entities
//! inside words (`والصين`, `لأوكرانيا`), nested entities, claims with cues
//! inside words (`وقال`) and notes, and a CRLF+BOM copy of an article.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;
use std::process::Command;

use common::annotated;
use serde_json::Value;

/// Writes the annotated samples into `dir/corpus`, exports them as spaCy
/// JSONL into `dir/out`; returns the path of `spacy.jsonl`.
fn export(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    annotated::write_corpus(&corpus, true, |_, e| e.to_vec());
    let out = dir.join("out");
    let run = Command::new(common::bin())
        .args(["export", "--format", "spacy", "--out"])
        .arg(&out)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out.join("spacy.jsonl")
}

/// What the sidecars hold: (entities, nested entities, claims, cues).
fn expected() -> (usize, usize, usize, usize) {
    let (mut entities, mut nested, mut claims) = (0, 0, 0);
    for name in annotated::SAMPLES.iter().copied().chain([annotated::CRLF_BOM]) {
        let text = annotated::text(name);
        let all = annotated::entities(&text);
        entities += all.len();
        nested += all.len() - annotated::outermost(&all).len();
        claims += annotated::claims(name, &text, &all).len();
    }
    (entities, nested, claims, claims)
}

/// Builds each `Doc` from the export's tokens and checks every span with
/// spaCy's own `char_span`, `doc.ents`, `offsets_to_biluo_tags` and span
/// groups; prints the counts as JSON.
const CHECK: &str = r#"
import json, sys, spacy
from spacy.tokens import Doc
from spacy.training import offsets_to_biluo_tags
nlp = spacy.blank("ar")
counts = {"docs": 0, "text_differs": 0, "misaligned": [], "spans": 0, "ents": 0,
          "sc": 0, "claims": 0, "cues": 0, "crlf_bom": 0, "text_mismatch": []}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    counts["docs"] += 1
    doc = Doc(nlp.vocab, words=[t["text"] for t in d["tokens"]], spaces=[t["ws"] for t in d["tokens"]])
    if doc.text != d["text"]:
        counts["text_differs"] += 1
    if d["text"].startswith("\ufeff") and "\r\n" in d["text"]:
        counts["crlf_bom"] += 1
    for t in d["tokens"]:
        if d["text"][t["start"]:t["end"]] != t["text"]:
            counts["text_mismatch"].append(t)
    def span(s):
        counts["spans"] += 1
        sp = doc.char_span(s["start"], s["end"], label=s["label"])
        if sp is None or sp.start != s["token_start"] or sp.end - 1 != s["token_end"]:
            counts["misaligned"].append([d["meta"]["id"], s])
            return None
        return sp
    ents = [span(s) for s in d["spans"]]
    doc.ents = [e for e in ents if e is not None]
    offsets_to_biluo_tags(doc, [(s["start"], s["end"], s["label"]) for s in d["spans"]])
    counts["ents"] += len(doc.ents)
    for key, group in d["span_groups"].items():
        doc.spans[key] = [x for x in (span(s) for s in group) if x is not None]
        counts[key] += len(doc.spans[key])
print(json.dumps(counts))
"#;

#[test]
fn every_span_aligns_in_spacy_and_nested_ones_load_into_span_groups() {
    let Some(python) = common::python::with(&["spacy"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let jsonl = export(dir.path());
    let out = common::python::run(&python, CHECK, &[&jsonl], b"");
    let counts: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (entities, nested, claims, cues) = expected();
    assert!(nested >= 2 && claims >= 6, "the fixture has nested entities and claims");
    assert_eq!(counts["docs"], 6);
    assert_eq!(counts["crlf_bom"], 1, "the CRLF+BOM copy is exported as it is");
    assert_eq!(counts["text_differs"], 0, "the tokens spell the text");
    assert_eq!(counts["text_mismatch"], serde_json::json!([]));
    assert_eq!(counts["misaligned"], serde_json::json!([]), "no span is misaligned");
    assert_eq!(counts["sc"], entities, "every entity is in the group sc");
    assert_eq!(counts["ents"], entities - nested, "the outermost entities are doc.ents");
    assert_eq!(counts["claims"], claims);
    assert_eq!(counts["cues"], cues);
    assert_eq!(counts["spans"], entities - nested + entities + claims + cues);
}

/// Reads the `DocBin` back and prints, per doc, its ents and span groups as
/// (start, end, label) lists.
const READ_DOCBIN: &str = r#"
import json, sys, spacy
from spacy.tokens import DocBin
nlp = spacy.blank("ar")
docs = list(DocBin().from_disk(sys.argv[1]).get_docs(nlp.vocab))
out = []
for doc in docs:
    out.append({"id": doc.user_data.get("hashiya_id"), "text": doc.text,
                "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
                "groups": {k: [[s.start_char, s.end_char, s.label_] for s in g] for k, g in doc.spans.items()}})
print(json.dumps(out))
"#;

#[test]
fn the_converter_writes_a_docbin_that_reads_back_the_same() {
    let Some(python) = common::python::with(&["spacy"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let jsonl = export(dir.path());
    let docbin = dir.path().join("train.spacy");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/spacy_docbin.py");
    let run = Command::new(&python).arg(&script).arg(&jsonl).arg(&docbin).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let out = common::python::run(&python, READ_DOCBIN, &[&docbin], b"");
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), lines.len());
    let triples = |spans: &Value| -> Vec<Value> {
        spans
            .as_array()
            .unwrap()
            .iter()
            .map(|s| serde_json::json!([s["start"], s["end"], s["label"]]))
            .collect()
    };
    for (doc, line) in docs.iter().zip(&lines) {
        assert_eq!(doc["id"], line["meta"]["id"]);
        assert_eq!(doc["text"], line["text"], "the text survives byte for byte");
        assert_eq!(doc["ents"].as_array().unwrap(), &triples(&line["spans"]));
        for key in ["sc", "claims", "cues"] {
            assert_eq!(
                doc["groups"][key].as_array().unwrap(),
                &triples(&line["span_groups"][key]),
                "{key}"
            );
        }
    }
    assert!(docs.iter().any(|d| !d["groups"]["claims"].as_array().unwrap().is_empty()));
}

#[test]
fn a_misaligned_span_is_refused_by_the_converter_naming_the_line() {
    let Some(python) = common::python::with(&["spacy"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("bad.jsonl");
    // token 0 is "قال" (0..3); the span claims 0..2.
    let line = r#"{"text":"قال هنا","meta":{"id":"x"},"tokens":[{"text":"قال","start":0,"end":3,"id":0,"ws":true},{"text":"هنا","start":4,"end":7,"id":1,"ws":false}],"spans":[{"start":0,"end":2,"label":"X","token_start":0,"token_end":0}],"span_groups":{}}"#;
    std::fs::write(&jsonl, format!("{line}\n")).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/spacy_docbin.py");
    let run = Command::new(&python)
        .arg(&script)
        .arg(&jsonl)
        .arg(dir.path().join("x.spacy"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("bad.jsonl:1") && err.contains("0..2"), "{err}");
}
