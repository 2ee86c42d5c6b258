//! `hashiya suggest`: the leave-one-out evaluation on the five sample
//! articles annotated by the team (`tests/data/annotated`), checked against
//! an independent count (and seqeval's), and the external-recommender
//! protocol with a stub that speaks it and recommenders that crash, hang
//! and print garbage.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn annotated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/annotated")
}

fn hashiya(args: &[&str]) -> Output {
    Command::new(common::bin()).args(args).output().expect("hashiya runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// (label, start, end) of every annotation of every sidecar of `dir`, per
/// article file name — read with the `toml` crate, not Hashiya's reader.
fn gold(dir: &Path) -> BTreeMap<String, BTreeSet<(String, usize, usize)>> {
    let mut out = BTreeMap::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(article) = name.strip_suffix(".ann.toml") else { continue };
        let table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let mut spans = BTreeSet::new();
        let get = |t: &toml::Value, k: &str| t[k].as_integer().unwrap() as usize;
        for e in table.get("entity").and_then(|v| v.as_array()).into_iter().flatten() {
            spans.insert((e["label"].as_str().unwrap().to_owned(), get(e, "start"), get(e, "end")));
        }
        for c in table.get("claim").and_then(|v| v.as_array()).into_iter().flatten() {
            spans.insert(("CLAIM".to_owned(), get(c, "start"), get(c, "end")));
        }
        out.insert(article.to_owned(), spans);
    }
    out
}

/// The rows of a TSV with a header: field name → value, per row.
fn tsv(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            header.iter().map(|h| (*h).to_owned()).zip(l.split('\t').map(str::to_owned)).collect()
        })
        .collect()
}

#[test]
fn the_evaluation_agrees_with_an_independent_count_of_the_leave_one_out_suggestions() {
    let dir = annotated();
    let dir_s = dir.to_str().unwrap();
    // The suggestions each article gets from the others (what --evaluate measures).
    let out = hashiya(&["suggest", "--leave-one-out", "--format", "tsv", dir_s]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut suggested: BTreeMap<String, BTreeSet<(String, usize, usize)>> = BTreeMap::new();
    for row in tsv(&stdout(&out)) {
        let span =
            (row["label"].clone(), row["start"].parse().unwrap(), row["end"].parse().unwrap());
        suggested.entry(row["article"].clone()).or_default().insert(span);
    }
    let gold = gold(&dir);
    assert_eq!(gold.len(), 5);
    // Counted here: per label, annotated, suggested, and exact matches.
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for (article, spans) in &gold {
        let empty = BTreeSet::new();
        let got = suggested.get(article).unwrap_or(&empty);
        for (label, ..) in spans {
            counts.entry(label.clone()).or_default()[0] += 1;
        }
        for s in got {
            let c = counts.entry(s.0.clone()).or_default();
            c[1] += 1;
            c[2] += usize::from(spans.contains(s));
        }
    }
    let total = counts.values().fold([0; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
    // The evaluation's table, as TSV.
    let out = hashiya(&["suggest", "--evaluate", "--format", "tsv", dir_s]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = tsv(&stdout(&out));
    assert_eq!(rows.len(), counts.len() + 1, "a row per label and one for all");
    for row in rows {
        let c = if row["label"] == "all" { total } else { counts[&row["label"]] };
        let figures = [&row["annotated"], &row["suggested"], &row["correct"]];
        assert_eq!(figures.map(|f| f.parse::<usize>().unwrap()), c, "{}", row["label"]);
        let p = if c[1] == 0 { 0.0 } else { c[2] as f64 / c[1] as f64 };
        let r = if c[0] == 0 { 0.0 } else { c[2] as f64 / c[0] as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        for (name, want) in [("precision", p), ("recall", r), ("f1", f)] {
            let got: f64 = row[name].parse().unwrap();
            assert!((got - want).abs() < 1e-4, "{} {name}: {got} vs {want}", row["label"]);
        }
    }
    // Something was found and something was missed: the figures are not trivial.
    assert!(total[2] > 0 && total[2] < total[0] && total[2] <= total[1]);
    // The table people read holds the same rows.
    let table = stdout(&hashiya(&["suggest", "--evaluate", dir_s]));
    assert!(table.contains("leave-one-out over 5 article(s)"), "{table}");
    for label in counts.keys() {
        assert!(table.lines().any(|l| l.starts_with(label.as_str())), "{label} in {table}");
    }

    // One figure checked by seqeval: the entity labels, as character-level
    // BIO sequences (every span is flat within gold and within suggestions).
    let Some(python) = common::python::with(&["seqeval"]) else { return };
    let mut docs = Vec::new();
    for (article, spans) in &gold {
        let text = std::fs::read_to_string(dir.join(article)).unwrap();
        let n = text.chars().count();
        let tags = |spans: &BTreeSet<(String, usize, usize)>| {
            let mut t = vec!["O".to_owned(); n];
            for (label, s, e) in spans.iter().filter(|x| x.0 != "CLAIM") {
                t[*s] = format!("B-{label}");
                for x in &mut t[s + 1..*e] {
                    *x = format!("I-{label}");
                }
            }
            t
        };
        let empty = BTreeSet::new();
        docs.push(serde_json::json!([tags(spans), tags(suggested.get(article).unwrap_or(&empty))]));
    }
    let script = "import json, sys\n\
        from seqeval.metrics import classification_report\n\
        docs = json.load(sys.stdin)\n\
        r = classification_report([d[0] for d in docs], [d[1] for d in docs], output_dict=True, zero_division=0)\n\
        print(json.dumps({k: [float(v['precision']), float(v['recall']), float(v['support'])] for k, v in r.items()}))\n";
    let out =
        common::python::run(&python, script, &[], serde_json::to_string(&docs).unwrap().as_bytes());
    let seqeval: BTreeMap<String, [f64; 3]> = serde_json::from_slice(&out.stdout).unwrap();
    for (label, c) in counts.iter().filter(|(l, _)| l.as_str() != "CLAIM" && l.as_str() != "all") {
        if c[0] == 0 {
            continue;
        }
        let [p, r, support] = seqeval[label];
        assert_eq!(support as usize, c[0], "{label}");
        let ours =
            [if c[1] == 0 { 0.0 } else { c[2] as f64 / c[1] as f64 }, c[2] as f64 / c[0] as f64];
        assert!(
            (p - ours[0]).abs() < 1e-9 && (r - ours[1]).abs() < 1e-9,
            "{label}: {p} {r} vs {ours:?}"
        );
    }
}

/// A corpus in a scratch folder: one sample article (no annotations) and a
/// `hashiya.toml` declaring `recommenders` (TOML tables).
fn corpus(recommenders: &str) -> tempfile::TempDir {
    let dir = common::scratch("000_5aca6166c9697b1f.txt");
    std::fs::write(dir.path().join("hashiya.toml"), recommenders).unwrap();
    dir
}

fn recommender(name: &str, script: &str, args: &[&str], timeout_ms: u64) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/recommenders").join(script);
    let args: Vec<String> = args.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        "[[recommender]]\nname = \"{name}\"\ncommand = \"{}\"\nargs = [{}]\ntimeout_ms = {timeout_ms}\n\n",
        path.display(),
        args.join(", ")
    )
}

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_stub_recommender_speaks_the_protocol() {
    let dir = corpus(&recommender("stub", "stub.py", &["بيلوسوف=PERSON", "تيليغرام=ORG"], 20_000));
    let out = hashiya(&["suggest", "--format", "json", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all = json_lines(&stdout(&out));
    let stub: Vec<&serde_json::Value> = all.iter().filter(|s| s["source"] == "stub").collect();
    let text = std::fs::read_to_string(dir.path().join("000_5aca6166c9697b1f.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    // Every occurrence of the stub's words, with its label and score; the
    // text is the article's at the span.
    let words = |w: &str| text.matches(w).count();
    let entities: Vec<_> = stub.iter().filter(|s| s["cue"].is_null()).collect();
    assert_eq!(entities.len(), words("بيلوسوف") + words("تيليغرام"), "{entities:?}");
    for s in &entities {
        let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(s["text"].as_str().unwrap(), chars[a..b].iter().collect::<String>());
        assert_eq!(s["score"], 0.42);
        let label = if s["text"] == "بيلوسوف" { "PERSON" } else { "ORG" };
        assert_eq!(s["label"], label);
    }
    // Its claim, with its cue and claimant.
    let claim = stub.iter().find(|s| s["label"] == "CLAIM").expect("the stub's claim");
    assert_eq!(claim["cue"]["text"], "قال");
    assert_eq!(claim["claimant"]["text"], "stub");
    assert_eq!(claim["kind"], "indirect");
    // The built-ins ran too (dates, claims), after and around it.
    assert!(all.iter().any(|s| s["source"] == "dates"));
    assert!(all.iter().any(|s| s["source"] == "claims"));
}

#[test]
fn recommenders_that_crash_hang_or_print_garbage_are_named_and_the_others_still_answer() {
    let tables = [
        recommender("crash", "crash.sh", &[], 20_000),
        recommender("slow", "hang.sh", &[], 300),
        recommender("garbage", "garbage.sh", &[], 20_000),
        recommender("stub", "stub.py", &["بيلوسوف=PERSON"], 20_000),
    ];
    let dir = corpus(&tables.concat());
    let out = hashiya(&["suggest", "--format", "tsv", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "problems found: exit 1");
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains("recommender crash: exited with status 3; its last message: model not found"),
        "{err}"
    );
    assert!(err.contains("recommender slow: gave no answer within 300 ms: stopped"), "{err}");
    assert!(err.contains("recommender garbage: line 1 of its output is not a suggestion"), "{err}");
    assert!(err.contains("3 recommender run(s) failed"), "{err}");
    // Nothing of what they printed reaches the terminal as a control.
    for stream in [&out.stdout, &out.stderr] {
        assert!(
            !stream.iter().any(|b| *b == 0x1b || *b == 0x07),
            "{}",
            String::from_utf8_lossy(stream)
        );
    }
    // The stub and the built-ins answered all the same.
    let rows = tsv(&stdout(&out));
    assert!(rows.iter().any(|r| r["source"] == "stub" && r["text"] == "بيلوسوف"));
    assert!(rows.iter().any(|r| r["source"] == "gazetteer" || r["source"] == "dates"));
    // --builtin-only leaves them out: a clean run.
    let out = hashiya(&["suggest", "--builtin-only", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_names_a_wrong_recommender_table_at_its_line() {
    let dir = corpus("[[recommender]]\nname = \"a\"\ncommand = \"x\"\ntimeout_ms = -1\n");
    let out = hashiya(&["check", dir.path().to_str().unwrap()]);
    let err = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("hashiya.toml:4:14"), "{err}");
    assert!(err.contains("timeout_ms must be 1 to 600000"), "{err}");
}
