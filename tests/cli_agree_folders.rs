//! `hashiya agree DIR_A DIR_B`, the real binary: sidecars paired by file
//! name, a report per article equal to the two-file form's, pooled figures
//! equal to those of the articles taken as one (their texts joined, their
//! sidecars merged, compared by the two-file form), and the articles
//! without a counterpart listed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::fmt::Write as _;
use std::fs;
use std::ops::Range;
use std::path::Path;
use std::process::Command;

use hashiya::annotate::sidecar::sha256_hex;
use hashiya::text::words::words;
use serde_json::Value;

const X: &str = "004_c29349fac5246de1.txt";
const Y: &str = "000_5aca6166c9697b1f.txt";
const ONLY_A: &str = "001_0d543047192bbcf6.txt";
const ONLY_B: &str = "002_429bb908716aee8d.txt";

fn sample(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(name))
        .unwrap()
}

/// An annotation on word tokens `first..=last` of an article.
#[derive(Clone, Copy)]
enum Ann {
    /// `(id, label, first word, last word)`
    Entity(&'static str, &'static str, usize, usize),
    /// `(id, first word, last word, claimant entity id)`
    Claim(&'static str, usize, usize, &'static str),
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The sidecar of `file` whose text is `text`: `parts` are the annotations
/// of pieces of it, each piece starting at a `char` offset, its word
/// numbers counted within the piece and its ids given a prefix.
fn sidecar(file: &str, text: &str, parts: &[(usize, &str, &[Ann])]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = format!(
        "schema = 1\n\n[article]\nfile = {}\nsha256 = \"{}\"\n",
        quoted(file),
        sha256_hex(text.as_bytes())
    );
    for &(start, prefix, anns) in parts {
        let piece: String = chars[start..].iter().collect();
        let w: Vec<Range<usize>> = words(&piece).collect();
        let span = |first: usize, last: usize| start + w[first].start..start + w[last].end;
        let quote = |r: &Range<usize>| quoted(&chars[r.clone()].iter().collect::<String>());
        for ann in anns {
            match *ann {
                Ann::Entity(id, label, first, last) => {
                    let r = span(first, last);
                    let _ = write!(
                        out,
                        "\n[[entity]]\nid = \"{prefix}{id}\"\nlabel = \"{label}\"\nstart = {}\nend = {}\ntext = {}\n",
                        r.start,
                        r.end,
                        quote(&r)
                    );
                }
                Ann::Claim(id, first, last, who) => {
                    let r = span(first, last);
                    let _ = write!(
                        out,
                        "\n[[claim]]\nid = \"{prefix}{id}\"\nstart = {}\nend = {}\ntext = {}\nclaimant = \"{prefix}{who}\"\n",
                        r.start,
                        r.end,
                        quote(&r)
                    );
                }
            }
        }
    }
    out
}

// Annotator A and annotator B on article X and article Y.
const A_X: &[Ann] = &[
    Ann::Entity("e1", "PERSON", 3, 3),
    Ann::Entity("e2", "GPE", 10, 10),
    Ann::Entity("e3", "ORG", 20, 21),
    Ann::Entity("e4", "PERSON", 30, 30),
    Ann::Claim("c1", 40, 45, "e1"),
];
const B_X: &[Ann] = &[
    Ann::Entity("e1", "PERSON", 3, 3),
    Ann::Entity("e2", "ORG", 10, 10),
    Ann::Entity("e3", "ORG", 21, 21),
    Ann::Entity("e5", "PERSON", 31, 31),
    Ann::Claim("c1", 40, 45, "e1"),
];
const A_Y: &[Ann] = &[
    Ann::Entity("e1", "GPE", 5, 5),
    Ann::Entity("e2", "GPE", 6, 6),
    Ann::Entity("e3", "PERSON", 12, 13),
    Ann::Claim("c1", 20, 25, "e3"),
];
const B_Y: &[Ann] = &[
    Ann::Entity("e1", "GPE", 5, 5),
    Ann::Entity("e2", "LOC", 7, 7),
    Ann::Entity("e3", "PERSON", 12, 13),
    Ann::Claim("c1", 20, 25, "e1"),
];

fn agree(args: &[&Path], format: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("agree")
        .args(args)
        .args(format)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(args: &[&Path], expect: i32) -> Value {
    let (code, out, err) = agree(args, &["--format", "json"]);
    assert_eq!(code, expect, "stderr: {err}");
    serde_json::from_str(&out).unwrap()
}

/// Folder A: articles X, Y, `ONLY_A` with the sidecars of A; folder B: those of B
/// for X, Y and `ONLY_B`, no article.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    for (name, in_a, in_b) in
        [(X, A_X, B_X), (Y, A_Y, B_Y), (ONLY_A, A_Y, &[][..]), (ONLY_B, &[][..], A_Y)]
    {
        let text = sample(name);
        if name != ONLY_B {
            fs::write(a.join(name), &text).unwrap();
            fs::write(a.join(format!("{name}.ann.toml")), sidecar(name, &text, &[(0, "", in_a)]))
                .unwrap();
        }
        if name != ONLY_A {
            fs::write(b.join(format!("{name}.ann.toml")), sidecar(name, &text, &[(0, "", in_b)]))
                .unwrap();
        }
    }
    dir
}

#[test]
fn per_article_figures_are_the_two_file_form() {
    let dir = corpus();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    // Unpaired articles: exit 1, the report printed all the same.
    let report = json(&[&a, &b], 1);
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    // Sorted by file name: Y (000…) before X (004…).
    for (i, name) in [Y, X].iter().enumerate() {
        let sa = a.join(format!("{name}.ann.toml"));
        let sb = b.join(format!("{name}.ann.toml"));
        let single = json(&[&sa, &sb], 0);
        assert_eq!(articles[i], single, "{name}");
    }
}

#[test]
fn pooled_figures_are_those_of_the_articles_taken_as_one() {
    let dir = corpus();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let pooled = json(&[&a, &b], 1)["pooled"].clone();
    assert_eq!(pooled["articles"], 2);
    assert_eq!(pooled["kappa_articles"], 2);

    // One article holding Y, a line break and X (in the folder's order),
    // annotated by A and by B with both articles' annotations.
    let (y, x) = (sample(Y), sample(X));
    let joined = format!("{y}\n{x}");
    let x_start = y.chars().count() + 1;
    let one = tempfile::tempdir().unwrap();
    let name = "joined.txt";
    fs::write(one.path().join(name), &joined).unwrap();
    let sa = one.path().join("a.ann.toml");
    let sb = one.path().join("b.ann.toml");
    fs::write(&sa, sidecar(name, &joined, &[(0, "y", A_Y), (x_start, "x", A_X)])).unwrap();
    fs::write(&sb, sidecar(name, &joined, &[(0, "y", B_Y), (x_start, "x", B_X)])).unwrap();
    let whole = json(&[&sa, &sb], 0);

    for key in ["precision", "recall", "f1", "entities", "claims"] {
        assert_eq!(pooled[key], whole[key], "{key}");
    }
    // And the figures are worth comparing: some agreement, not all.
    let overall = &pooled["entities"]["overall"];
    assert_eq!((overall["a"].as_u64(), overall["b"].as_u64()), (Some(7), Some(7)));
    assert_eq!(overall["tp"], 3, "{overall}");
    assert_eq!(pooled["entities"]["partial"]["tp"], 4);
    assert_eq!(pooled["claims"]["span"]["tp"], 2);
    assert_eq!(pooled["claims"]["span_claimant"]["tp"], 1);
    let kappa = pooled["entities"]["kappa"]["overall"].as_f64().unwrap();
    assert!(kappa > 0.0 && kappa < 1.0, "{kappa}");
    assert_eq!(
        pooled["entities"]["kappa"]["tokens"].as_u64(),
        Some((words(&y).count() + words(&x).count()) as u64)
    );
}

#[test]
fn articles_without_a_counterpart_are_listed() {
    let dir = corpus();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let report = json(&[&a, &b], 1);
    assert_eq!(report["only_a"], serde_json::json!([ONLY_A]));
    assert_eq!(report["only_b"], serde_json::json!([ONLY_B]));
    assert_eq!(report["failed"], serde_json::json!([]));

    let (code, table, err) = agree(&[&a, &b], &[]);
    assert_eq!(code, 1);
    assert!(table.contains(&format!("only in A (no counterpart in B): {ONLY_A}")), "{table}");
    assert!(table.contains(&format!("only in B (no counterpart in A): {ONLY_B}")), "{table}");
    assert!(table.contains("pooled over 2 article(s)"), "{table}");
    for name in [X, Y] {
        assert!(table.lines().any(|l| l.starts_with(name)), "no row for {name}:\n{table}");
    }
    assert!(err.contains("2 article(s) left out: 1 only in A, 1 only in B"), "{err}");

    // Both sides complete: exit 0.
    fs::remove_file(a.join(format!("{ONLY_A}.ann.toml"))).unwrap();
    fs::remove_file(b.join(format!("{ONLY_B}.ann.toml"))).unwrap();
    let (code, _, err) = agree(&[&a, &b], &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_pair_that_cannot_be_compared_is_listed_and_the_rest_compared() {
    let dir = corpus();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let broken = b.join(format!("{X}.ann.toml"));
    fs::write(&broken, "schema = 1\n[article\n").unwrap();
    let report = json(&[&a, &b], 1);
    assert_eq!(report["articles"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["failed"][0]["article"], X);
    let error = report["failed"][0]["error"].as_str().unwrap();
    assert!(error.contains(&format!("{}:2:", broken.display())), "{error}");
}

#[test]
fn folders_without_a_pair_or_mixed_with_a_file_are_refused() {
    let dir = corpus();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let (code, out, err) = agree(&[&a, &empty], &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no article is annotated in both"), "{err}");

    let file = a.join(format!("{X}.ann.toml"));
    let (code, _, err) = agree(&[&file, &b], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("two sidecars, or two folders"), "{err}");
}
