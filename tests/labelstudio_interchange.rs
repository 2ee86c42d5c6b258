//! Label Studio tasks, checked with label-studio-converter (Label Studio's
//! own export code): it parses our labeling configuration, reads our tasks
//! and cuts every region's text out of `data.text` with our offsets exactly
//! as Label Studio's `value.text` says (nested entities, claims, CRLF + BOM,
//! characters outside the BMP); its JSON-min conversion runs on them; and
//! Hashiya → Label Studio → Hashiya is exact.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::interchange::{corpus, key_of, write_article};
use common::python;

fn hashiya(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hashiya")).args(args).output().unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Reads our tasks with the converter and our labeling config; prints per
/// article the regions per control as the converter gives them, after
/// checking each region's text against `data.text` cut at its offsets.
const CONVERTER_READER: &str = r#"
import json, sys, tempfile, os
from label_studio_converter import Converter
from label_studio_converter.utils import parse_config
config_path, tasks_path = sys.argv[1], sys.argv[2]
config = open(config_path, encoding="utf-8").read()
schema = parse_config(config)
assert set(schema) == {"label", "claim", "kind", "note", "claimant_text"}, schema
c = Converter(config=config, project_dir=None, download_resources=False)
out = {}
for item in c.iter_from_json_file(tasks_path):
    text = item["input"]["text"]
    regions = {}
    for name, values in item["output"].items():
        for v in values:
            if name in ("label", "claim"):
                assert text[v["start"]:v["end"]] == v["text"], (v, text[v["start"]:v["end"]])
            regions.setdefault(name, []).append([v["start"], v["end"], v.get("labels") or v.get("choices") or v.get("text")])
    out[item["input"]["file"]] = regions
with tempfile.TemporaryDirectory() as d:
    c.convert(tasks_path, d, "JSON_MIN", is_dir=False)
    records = json.load(open(os.path.join(d, "result.json"), encoding="utf-8"))
    assert len(records) == len(out), records
print(json.dumps(out))
"#;

#[test]
fn label_studio_converter_reads_every_region_where_hashiya_put_it() {
    let Some(python) = python::with(&["label_studio_converter"]) else { return };
    let (dir, articles) = corpus();
    let out = dir.path().join("ls");
    let o = hashiya(&["export", "--format", "labelstudio", "--out", p(&out), p(dir.path())]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let config = out.join("labeling_config.xml");
    let tasks = out.join("tasks.json");
    let o = python::run(&python, CONVERTER_READER, &[&config, &tasks], b"");
    let read: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for (name, text) in &articles {
        let regions = &read[name.as_str()];
        let (entities, claims) = key_of(&dir.path().join(name));
        let mut got: Vec<(usize, usize, String)> = regions["label"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r[0].as_u64().unwrap() as usize,
                    r[1].as_u64().unwrap() as usize,
                    r[2][0].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        got.sort();
        let want: Vec<_> = entities.iter().map(|e| (e.0, e.1, e.2.clone())).collect();
        assert_eq!(got, want, "{name}");
        // Claims and their cues under `claim`, each kind under `kind`.
        let claim_regions = regions["claim"].as_array().unwrap();
        let cues = claims.iter().filter(|c| c.5.is_some()).count();
        assert_eq!(claim_regions.len(), claims.len() + cues, "{name}");
        assert_eq!(regions["kind"].as_array().unwrap().len(), claims.len(), "{name}");
        for c in &claims {
            assert!(
                claim_regions.iter().any(|r| r[0] == c.0 && r[1] == c.1 && r[2][0] == "Claim"),
                "{name}: {c:?}"
            );
            assert_eq!(text.chars().skip(c.0).take(c.1 - c.0).collect::<String>(), c.2);
        }
    }
}

#[test]
fn hashiya_to_label_studio_to_hashiya_is_exact() {
    let (dir, articles) = corpus();
    let out = dir.path().join("ls");
    let o = hashiya(&["export", "--format", "labelstudio", "--out", p(&out), p(dir.path())]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fresh = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, text) in &articles {
        write_article(fresh.path(), name, text, None);
        paths.push(fresh.path().join(name));
    }
    let tasks = out.join("tasks.json");
    let mut args = vec!["import", "--from", "labelstudio", "--tasks", p(&tasks)];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let o = hashiya(&args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    for (name, _) in &articles {
        assert_eq!(key_of(&fresh.path().join(name)), key_of(&dir.path().join(name)), "{name}");
    }
    // An article no task has is not imported, named; a task no article
    // takes is named too.
    let o = hashiya(&["import", "--from", "labelstudio", "--tasks", p(&tasks), p(&paths[0])]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2 task(s) whose data.text is no given article's text"), "{err}");
}

#[test]
fn label_studio_results_not_taken_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = "قال زيد إن الصين مستعدة.";
    write_article(dir.path(), "a.txt", text, None);
    let tasks = serde_json::json!([{
        "id": 9,
        "data": {"text": text},
        "annotations": [{"result": [
            {"id": "r1", "from_name": "ner", "to_name": "text", "type": "labels",
             "value": {"start": 4, "end": 7, "text": "زيد", "labels": ["PER"]}},
            {"id": "r2", "from_name": "ner", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 3, "text": "بوتين", "labels": ["PER"]}},
            {"id": "r3", "from_name": "mood", "to_name": "text", "type": "rating", "value": {"rating": 4}}
        ]}, {"was_cancelled": true, "result": []}],
        "predictions": [{"result": [
            {"id": "p1", "from_name": "ner", "to_name": "text", "type": "labels",
             "value": {"start": 11, "end": 16, "text": "الصين", "labels": ["GPE"]}}
        ]}]
    }]);
    std::fs::write(dir.path().join("a.json"), tasks.to_string()).unwrap();
    let o = hashiya(&["import", "--from", "labelstudio", p(&dir.path().join("a.txt"))]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "the refused region makes the run unclean: {err}");
    assert!(err.contains("annotation 2 was cancelled"), "{err}");
    assert!(err.contains("1 × rating (mood)"), "{err}");
    assert!(err.contains("PER 0..3: the text \"بوتين\" is not the article's text there"), "{err}");
    let (entities, _) = key_of(&dir.path().join("a.txt"));
    let labels: Vec<_> = entities.iter().map(|e| (e.0, e.2.as_str())).collect();
    assert_eq!(labels, vec![(4, "PER"), (11, "GPE")], "annotations and predictions both taken");
}
