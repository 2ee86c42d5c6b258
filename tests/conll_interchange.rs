//! `hashiya export --format conll` read by seqeval (the test venv, see
//! `tests/common/python.rs`): on two annotators' non-nested annotations of
//! the sample articles (and a CRLF+BOM copy), seqeval's F1 is `hashiya
//! agree`'s; on nested entities, claims and cues, every annotation is read
//! back from the columns at its exact characters.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::annotated;
use serde_json::Value;

fn export(corpus: &Path, out: &Path, extra: &[&str]) {
    let run = Command::new(common::bin())
        .args(["export", "--format", "conll"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .arg(corpus)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

/// Reads `CoNLL` files; `blocks(path)` is the sentences (lists of columns).
const READ: &str = r#"
import json, os, sys
from seqeval.metrics import f1_score
from seqeval.metrics.sequence_labeling import get_entities
def blocks(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    assert lines[0].startswith("-DOCSTART-\t"), lines[0]
    assert sum(l.startswith("-DOCSTART-") for l in lines) == 1
    out, cur = [], []
    for line in lines[1:]:
        if not line:
            if cur: out.append(cur); cur = []
            continue
        cur.append(line.split("\t"))
    if cur: out.append(cur)
    return out
"#;

const SEQEVAL_F1: &str = r#"
a_dir, b_dir = sys.argv[1], sys.argv[2]
yt, yp, files = [], [], 0
for f in sorted(os.listdir(a_dir)):
    A, B = blocks(os.path.join(a_dir, f)), blocks(os.path.join(b_dir, f))
    assert [[t[0] for t in s] for s in A] == [[t[0] for t in s] for s in B], f
    yt += [[t[1] for t in s] for s in A]; yp += [[t[1] for t in s] for s in B]
    files += 1
print(json.dumps({"files": files, "f1": f1_score(yt, yp)}))
"#;

#[test]
fn seqeval_f1_is_agree_f1_on_non_nested_annotations() {
    let Some(python) = common::python::with(&["seqeval"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    annotated::write_corpus(&a, false, |_, e| annotated::outermost(e));
    annotated::write_corpus(&b, false, |t, e| {
        annotated::second_annotator(t, &annotated::outermost(e))
    });
    export(&a, &dir.path().join("ca"), &[]);
    export(&b, &dir.path().join("cb"), &[]);
    let script = format!("{READ}{SEQEVAL_F1}");
    let out = common::python::run(
        &python,
        &script,
        &[&dir.path().join("ca"), &dir.path().join("cb")],
        b"",
    );
    let seqeval: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seqeval["files"], 6);
    let agree = Command::new(common::bin())
        .arg("agree")
        .arg(&a)
        .arg(&b)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(agree.status.success(), "{}", String::from_utf8_lossy(&agree.stderr));
    let agree: Value = serde_json::from_slice(&agree.stdout).unwrap();
    let (s, g) = (
        seqeval["f1"].as_f64().unwrap(),
        agree["pooled"]["entities"]["overall"]["f1"].as_f64().unwrap(),
    );
    assert!(s > 0.5 && s < 1.0, "the annotators differ: {s}");
    assert!((s - g).abs() < 1e-12, "seqeval {s} vs agree {g}");
}

/// Prints, per file, the spans of each tag column as [start, end, label]
/// in characters of the article (tokens found in order in its text).
const SPANS: &str = r#"
conll_dir, text_dir = sys.argv[1], sys.argv[2]
result = {}
for f in sorted(os.listdir(conll_dir)):
    name = f[:-len(".conll")] + ".txt"
    text = open(os.path.join(text_dir, name), encoding="utf-8", newline="").read()
    at, columns = 0, None
    for block in blocks(os.path.join(conll_dir, f)):
        offsets = []
        for row in block:
            start = text.index(row[0], at)
            assert all(c.isspace() or c == "\ufeff" for c in text[at:start]), (name, row, text[at:start])
            at = start + len(row[0])
            offsets.append((start, at))
        width = len(block[0]) - 1
        columns = columns or [[] for _ in range(width)]
        for c in range(width):
            for label, first, last in get_entities([row[c + 1] for row in block]):
                columns[c].append([offsets[first][0], offsets[last][1], label])
    result[name] = columns
print(json.dumps(result))
"#;

#[test]
fn nested_entities_claims_and_cues_are_read_back_at_their_characters() {
    let Some(python) = common::python::with(&["seqeval"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    annotated::write_corpus(&corpus, true, |_, e| e.to_vec());
    let out = dir.path().join("out");
    export(&corpus, &out, &["--claims"]);
    let script = format!("{READ}{SPANS}");
    let read = common::python::run(&python, &script, &[&out, &corpus], b"");
    let files: Value = serde_json::from_slice(&read.stdout).unwrap();
    let mut nested = 0;
    for name in annotated::SAMPLES.iter().copied().chain([annotated::CRLF_BOM]) {
        let text = annotated::text(name);
        let entities = annotated::entities(&text);
        let claims = annotated::claims(name, &text, &entities);
        nested += entities.len() - annotated::outermost(&entities).len();
        let columns = files[name].as_array().unwrap_or_else(|| panic!("{name} exported"));
        assert_eq!(columns.len(), 3, "two entity columns and the claim column");
        let set = |cols: &[Value]| -> BTreeSet<(u64, u64, String)> {
            cols.iter()
                .flat_map(|c| c.as_array().unwrap())
                .map(|s| {
                    (s[0].as_u64().unwrap(), s[1].as_u64().unwrap(), s[2].as_str().unwrap().into())
                })
                .collect()
        };
        let want: BTreeSet<(u64, u64, String)> = entities
            .iter()
            .map(|e| (e.range.start as u64, e.range.end as u64, e.label.clone()))
            .collect();
        assert_eq!(set(&columns[..2]), want, "{name}: entities");
        let want: BTreeSet<(u64, u64, String)> = claims
            .iter()
            .flat_map(|c| {
                [
                    (c.range.start as u64, c.range.end as u64, "Claim".to_owned()),
                    (c.cue.start as u64, c.cue.end as u64, "Cue".to_owned()),
                ]
            })
            .collect();
        assert_eq!(set(&columns[2..]), want, "{name}: claims and cues");
    }
    assert!(nested >= 2, "the fixture has nested entities");
}

#[test]
fn a_third_level_of_nesting_is_named_not_dropped_silently() {
    let dir = tempfile::tempdir().unwrap();
    let text = "بنك الجزائر المركزي\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let e = |id: &str, label: &str, r: std::ops::Range<usize>| annotated::Entity {
        id: id.into(),
        label: label.into(),
        range: r,
    };
    let entities = [e("e1", "ORG", 0..19), e("e2", "GPE", 4..11), e("e3", "LOC", 4..11)];
    std::fs::write(
        dir.path().join("a.txt.ann.toml"),
        annotated::sidecar("a.txt", text, &entities, &[]),
    )
    .unwrap();
    let run = Command::new(common::bin())
        .args(["export", "--format", "conll", "--out"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("a.txt"))
        .output()
        .unwrap();
    assert!(run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("two levels of nested entities: left out e3"), "{err}");
    let conll = std::fs::read_to_string(dir.path().join("out/a.conll")).unwrap();
    assert!(conll.contains("الجزائر\tI-ORG\tB-GPE\n"), "{conll}");
}
