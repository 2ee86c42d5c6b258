//! End-to-end tests of `hashiya agree`: the real binary on hand-written
//! sidecars beside a copy of a real article (offsets computed from its
//! text), JSON and table output, warnings and exit codes. Expected figures
//! are worked out by hand in the comments.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::fmt::Write as _;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use hashiya::annotate::sidecar::sha256_hex;
use serde_json::Value;

const ARTICLE_NAME: &str = "004_c29349fac5246de1.txt";

fn article_text() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE_NAME),
    )
    .unwrap()
}

/// `char` range of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> Range<usize> {
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle} not in the article"));
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

/// An annotation to write: entity `(id, label, quoted text)` or claim.
enum Ann<'a> {
    Entity(&'a str, &'a str, &'a str),
    /// `(id, quoted text, claimant entity id)`
    ClaimBy(&'a str, &'a str, &'a str),
    /// `(id, quoted text, claimant text)`
    ClaimByText(&'a str, &'a str, &'a str),
}

/// A sidecar for `file` whose text is `text`, with the annotations' offsets
/// found in `text`.
fn sidecar(file: &str, text: &str, anns: &[Ann<'_>]) -> String {
    let mut out = format!(
        "schema = 1\n\n[article]\nfile = \"{file}\"\nsha256 = \"{}\"\n",
        sha256_hex(text.as_bytes())
    );
    for ann in anns {
        match *ann {
            Ann::Entity(id, label, quote) => {
                let r = find(text, quote);
                let _ = write!(
                    out,
                    "\n[[entity]]\nid = \"{id}\"\nlabel = \"{label}\"\nstart = {}\nend = {}\ntext = \"{quote}\"\n",
                    r.start, r.end
                );
            }
            Ann::ClaimBy(id, quote, who) | Ann::ClaimByText(id, quote, who) => {
                let r = find(text, quote);
                let key =
                    if matches!(ann, Ann::ClaimBy(..)) { "claimant" } else { "claimant_text" };
                let _ = write!(
                    out,
                    "\n[[claim]]\nid = \"{id}\"\nstart = {}\nend = {}\ntext = \"{quote}\"\n{key} = \"{who}\"\n",
                    r.start, r.end
                );
            }
        }
    }
    out
}

/// A temporary folder holding the article (named `file`, with `text`) and
/// the sidecars `a.ann.toml` and `b.ann.toml`.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(file: &str, text: &str, a: &[Ann<'_>], b: &[Ann<'_>]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(file), text).unwrap();
        fs::write(dir.path().join("a.ann.toml"), sidecar(file, text, a)).unwrap();
        fs::write(dir.path().join("b.ann.toml"), sidecar(file, text, b)).unwrap();
        Self { dir }
    }

    fn article(a: &[Ann<'_>], b: &[Ann<'_>]) -> Self {
        Self::new(ARTICLE_NAME, &article_text(), a, b)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `hashiya agree a b ARGS…`: exit code, stdout, stderr.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        run(&[&self.path("a.ann.toml"), &self.path("b.ann.toml")], args)
    }

    /// Runs with `--format json`, expecting success; the parsed report.
    fn json(&self) -> Value {
        let (code, out, err) = self.run(&["--format", "json"]);
        assert_eq!(code, 0, "stderr: {err}");
        serde_json::from_str(&out).unwrap()
    }
}

fn run(files: &[&Path], args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("agree")
        .args(files)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn close(v: &Value, expected: f64) -> bool {
    (f(v) - expected).abs() < 1e-9
}

#[track_caller]
fn assert_prf(v: &Value, p: f64, r: f64, f1: f64) {
    assert!(
        close(&v["precision"], p) && close(&v["recall"], r) && close(&v["f1"], f1),
        "expected P {p} R {r} F1 {f1}, got {v}"
    );
}

const LI: &str = "لي شانغفو";
const BEIJING: &str = "بكين";
const NIKOLAI: &str = "نيكولاي يفمينوف";
const MINISTRY: &str = "وزارة الدفاع الصينية";

/// The acceptance test: B has four entities, three matching A's
/// four exactly and the fourth on the same span with another label.
#[test]
fn three_of_four_exact_gives_three_quarters() {
    let a = [
        Ann::Entity("e1", "PERSON", LI),
        Ann::Entity("e2", "GPE", BEIJING),
        Ann::Entity("e3", "PERSON", NIKOLAI),
        Ann::Entity("e4", "ORG", MINISTRY),
    ];
    let b = [
        Ann::Entity("e1", "PERSON", LI),
        Ann::Entity("e2", "GPE", BEIJING),
        Ann::Entity("e3", "PERSON", NIKOLAI),
        Ann::Entity("e4", "GPE", MINISTRY),
    ];
    let report = Case::article(&a, &b).json();
    // 3 of B's 4 are right (P = 3/4), 3 of A's 4 are found (R = 3/4).
    assert_prf(&report, 0.75, 0.75, 0.75);
    let entities = &report["entities"];
    assert_prf(&entities["overall"], 0.75, 0.75, 0.75);
    assert_eq!(entities["overall"]["tp"], 3);
    assert_eq!(entities["overall"]["fp"], 1);
    assert_eq!(entities["overall"]["fn"], 1);
    // Same span, other label: no partial match either.
    assert_prf(&entities["partial"], 0.75, 0.75, 0.75);

    // Per label. PERSON: 2 and 2, both right. GPE: A 1, B 2, 1 right:
    // P 1/2, R 1, F1 2·1/(1+2). ORG: A 1, B none: all 0.
    let labels = &entities["labels"];
    assert_prf(&labels["PERSON"], 1.0, 1.0, 1.0);
    assert_prf(&labels["GPE"], 0.5, 1.0, 2.0 / 3.0);
    assert_eq!((labels["GPE"]["a"].as_u64(), labels["GPE"]["b"].as_u64()), (Some(1), Some(2)));
    assert_prf(&labels["ORG"], 0.0, 0.0, 0.0);
    assert_eq!(labels["ORG"]["fn"], 1);

    // Kappa over n word tokens. Tokens: PERSON 2 + 2, GPE 1, ORG 3 (A) or
    // GPE 3 (B), O the other n − 8. They disagree on the 3 ministry tokens.
    let kappa = &entities["kappa"];
    let n = kappa["tokens"].as_u64().unwrap() as f64;
    assert!(n > 100.0, "the article has hundreds of words, got {n}");
    // Overall: agree = n − 3; chance·n² = Σ count_A·count_B
    //   = PERSON 4·4 + GPE 1·4 + ORG 3·0 + O (n−8)² = 20 + (n−8)²;
    // κ = (n(n−3) − 20 − (n−8)²) / (n² − 20 − (n−8)²) = (13n − 84) / (16n − 84).
    assert!(close(&kappa["overall"], (13.0 * n - 84.0) / (16.0 * n - 84.0)), "{kappa}");
    // PERSON vs rest: identical → 1.
    assert!(close(&kappa["labels"]["PERSON"], 1.0));
    // ORG vs rest: B never says ORG, so chance agreement equals observed:
    // n(n−3) − [3·0 + (n−3)·n] = 0 → κ = 0.
    assert!(close(&kappa["labels"]["ORG"], 0.0));
    // GPE vs rest: A yes 1, B yes 4, agree n − 3;
    // κ = (n(n−3) − 4 − (n−1)(n−4)) / (n² − 4 − (n−1)(n−4)) = (2n − 8) / (5n − 8).
    assert!(close(&kappa["labels"]["GPE"], (2.0 * n - 8.0) / (5.0 * n - 8.0)));

    assert_eq!(report["warnings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn identical_files_agree_fully() {
    let anns = [
        Ann::Entity("e1", "PERSON", LI),
        Ann::Entity("e2", "GPE", BEIJING),
        Ann::Entity("e3", "ORG", MINISTRY),
        Ann::ClaimBy("c1", "تعزيز الاتصال على جميع المستويات", "e1"),
        Ann::ClaimByText("c2", "تنظيم تدريبات مشتركة", "وزارة الدفاع"),
    ];
    let report = Case::article(&anns, &anns).json();
    assert_prf(&report, 1.0, 1.0, 1.0);
    let entities = &report["entities"];
    assert_prf(&entities["partial"], 1.0, 1.0, 1.0);
    for label in ["PERSON", "GPE", "ORG"] {
        assert_prf(&entities["labels"][label], 1.0, 1.0, 1.0);
        assert!(close(&entities["kappa"]["labels"][label], 1.0));
    }
    assert!(close(&entities["kappa"]["overall"], 1.0));
    assert_prf(&report["claims"]["span"], 1.0, 1.0, 1.0);
    assert_prf(&report["claims"]["span_claimant"], 1.0, 1.0, 1.0);
    assert_eq!(report["claims"]["span"]["tp"], 2);
}

#[test]
fn disjoint_annotations_score_zero() {
    let a = [Ann::Entity("e1", "PERSON", LI)];
    let b = [Ann::Entity("e1", "PERSON", NIKOLAI)];
    let report = Case::article(&a, &b).json();
    assert_prf(&report, 0.0, 0.0, 0.0);
    assert_prf(&report["entities"]["partial"], 0.0, 0.0, 0.0);
    // A: PERSON on 2 tokens, B: PERSON on 2 others; agree n − 4;
    // Σ = 2·2 + (n−2)²; κ = (n(n−4) − 4 − (n−2)²) / (n² − 4 − (n−2)²)
    //   = −8 / (4n − 8) = −2 / (n − 2): slightly below chance.
    let kappa = &report["entities"]["kappa"];
    let n = kappa["tokens"].as_f64().unwrap();
    assert!(close(&kappa["overall"], -2.0 / (n - 2.0)), "{kappa}");
}

/// A ten-word article where everything can be counted by hand.
#[test]
fn partial_overlap_and_kappa_on_a_tiny_article() {
    // chars: a0 b2 c4 d6 e8 f10 g12 h14 i16 j18
    let text = "a b c d e f g h i j\n";
    let a = [Ann::Entity("e1", "PERSON", "a b"), Ann::Entity("e2", "GPE", "h i")];
    let b = [
        Ann::Entity("x1", "PERSON", "a"),
        Ann::Entity("x2", "GPE", "h i j"),
        Ann::Entity("x3", "ORG", "c d"),
    ];
    let report = Case::new("tiny.txt", text, &a, &b).json();
    // No span is equal.
    assert_prf(&report, 0.0, 0.0, 0.0);
    // Overlap, same label: PERSON a/a b, GPE h i j/h i; ORG c d has no ORG in A.
    // tp 2 of B's 3 and A's 2: P 2/3, R 1, F1 4/5.
    let partial = &report["entities"]["partial"];
    assert_prf(partial, 2.0 / 3.0, 1.0, 0.8);
    assert_eq!((partial["tp"].as_u64(), partial["fp"].as_u64()), (Some(2), Some(1)));
    // Tokens (10):
    //   A: P P O O O O O G G O     B: P O R R O O O G G G   (R = ORG)
    // agree on 0, 4, 5, 6, 7, 8: p_o = 6/10.
    // counts A: P 2, G 2, O 6; B: P 1, R 2, G 3, O 4.
    // p_e = (2·1 + 2·3 + 0·2 + 6·4) / 100 = 32/100.
    // κ = (0.60 − 0.32) / 0.68 = 28/68 = 7/17.
    let kappa = &report["entities"]["kappa"];
    assert_eq!(kappa["tokens"], 10);
    assert!(close(&kappa["overall"], 7.0 / 17.0), "{kappa}");
    // PERSON vs rest: A yes 2, B yes 1, agree 9: p_e = (2·1 + 8·9)/100 = 0.74,
    // κ = (0.9 − 0.74) / 0.26 = 8/13.
    assert!(close(&kappa["labels"]["PERSON"], 8.0 / 13.0));
    // GPE vs rest: A yes 2, B yes 3, agree 9: p_e = (2·3 + 8·7)/100 = 0.62,
    // κ = (0.9 − 0.62) / 0.38 = 14/19.
    assert!(close(&kappa["labels"]["GPE"], 14.0 / 19.0));
    // ORG vs rest: A never; B yes 2; agree 8: p_e = (0·2 + 10·8)/100 = 0.8,
    // κ = (0.8 − 0.8) / 0.2 = 0.
    assert!(close(&kappa["labels"]["ORG"], 0.0));
}

#[test]
fn claims_compare_claimants_through_the_entity_matching() {
    const Q1: &str = "تعزيز الاتصال على جميع المستويات";
    const Q2: &str = "تنظيم تدريبات مشتركة";
    const Q3: &str = "توسيع التعاون العملي في المجالات المهنية";
    const Q4: &str = "تقديم مساهمات إيجابية";
    // A: e1 is Li, e2 is Nikolai. B numbers them the other way round, so
    // comparing raw ids would be wrong both ways.
    let a = [
        Ann::Entity("e1", "PERSON", LI),
        Ann::Entity("e2", "PERSON", NIKOLAI),
        Ann::ClaimBy("c1", Q1, "e1"),
        Ann::ClaimBy("c2", Q2, "e1"),
        Ann::ClaimByText("c3", Q3, "وزارة الدفاع"),
    ];
    let b = [
        Ann::Entity("e1", "PERSON", NIKOLAI),
        Ann::Entity("e2", "PERSON", LI),
        Ann::ClaimBy("k1", Q1, "e2"),                // Li: same claimant
        Ann::ClaimBy("k2", Q2, "e1"),                // Nikolai: same span only
        Ann::ClaimByText("k3", Q3, "وَزارةُ  الدفاعِ"), // harakat, two spaces: same once folded
        Ann::ClaimByText("k4", Q4, "وزارة الدفاع"),  // a claim A does not have
    ];
    let report = Case::article(&a, &b).json();
    let claims = &report["claims"];
    // Span: 3 of B's 4 match A's 3: P 3/4, R 1, F1 2·3/(3+4) = 6/7.
    assert_prf(&claims["span"], 0.75, 1.0, 6.0 / 7.0);
    // Span and claimant: k1 and k3 only: P 2/4, R 2/3, F1 2·2/(3+4) = 4/7.
    assert_prf(&claims["span_claimant"], 0.5, 2.0 / 3.0, 4.0 / 7.0);
    assert_eq!(claims["span_claimant"]["fp"], 2);
    // The entities themselves agree fully.
    assert_prf(&report, 1.0, 1.0, 1.0);
}

#[test]
fn a_claimant_whose_entity_b_got_wrong_does_not_match() {
    const Q1: &str = "تعزيز الاتصال على جميع المستويات";
    let a = [Ann::Entity("e1", "PERSON", LI), Ann::ClaimBy("c1", Q1, "e1")];
    // B tags Li as ORG: its entity matches nothing, so neither does the claimant.
    let b = [Ann::Entity("e1", "ORG", LI), Ann::ClaimBy("c1", Q1, "e1")];
    let report = Case::article(&a, &b).json();
    assert_prf(&report["claims"]["span"], 1.0, 1.0, 1.0);
    assert_prf(&report["claims"]["span_claimant"], 0.0, 0.0, 0.0);
}

#[test]
fn table_shows_labels_overall_and_claims() {
    let a = [Ann::Entity("e1", "PERSON", LI), Ann::Entity("e2", "ORG", MINISTRY)];
    let b = [Ann::Entity("e1", "PERSON", LI), Ann::Entity("e2", "GPE", MINISTRY)];
    let case = Case::article(&a, &b);
    let (code, out, err) = case.run(&[]);
    assert_eq!(code, 0, "{err}");
    let line = |name: &str| -> Vec<String> {
        let l = out.lines().find(|l| l.split_whitespace().next() == Some(name));
        l.unwrap_or_else(|| panic!("no {name} row in\n{out}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    let header = line("entities");
    assert_eq!(header[1..], ["A", "B", "tp", "fp", "fn", "P", "R", "F1", "κ"]);
    // 1 of 2 right: P = R = F1 = 0.5.
    assert_eq!(line("overall")[1..9], ["2", "2", "1", "1", "1", "0.500", "0.500", "0.500"]);
    assert_eq!(
        line("PERSON")[1..10],
        ["1", "1", "1", "0", "0", "1.000", "1.000", "1.000", "1.000"]
    );
    // GPE: A 0, B 1; ORG: A 1, B 0.
    assert_eq!(line("GPE")[1..9], ["0", "1", "0", "1", "0", "0.000", "0.000", "0.000"]);
    assert_eq!(line("ORG")[1..9], ["1", "0", "0", "0", "1", "0.000", "0.000", "0.000"]);
    assert_eq!(line("span")[1..4], ["0", "0", "0"]);
    assert!(line("span+claimant").len() == 9);
}

#[test]
fn missing_article_still_compares_spans_without_kappa() {
    let a = [Ann::Entity("e1", "PERSON", LI), Ann::Entity("e2", "GPE", BEIJING)];
    let b = [Ann::Entity("e1", "PERSON", LI)];
    let case = Case::article(&a, &b);
    fs::remove_file(case.path(ARTICLE_NAME)).unwrap();
    let (code, out, err) = case.run(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no such article") && err.contains("kappa skipped"), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    // 1 of B's 1 right, 1 of A's 2 found.
    assert_prf(&report, 1.0, 0.5, 2.0 / 3.0);
    assert!(report["entities"]["kappa"].is_null());
    assert_eq!(report["warnings"].as_array().map(Vec::len), Some(1));
    let (code, table, _) = case.run(&[]);
    assert_eq!(code, 0);
    assert!(table.contains("not found: no kappa"), "{table}");
}

#[test]
fn differing_hashes_are_warned_about() {
    let anns = [Ann::Entity("e1", "PERSON", LI)];
    let case = Case::article(&anns, &anns);
    let b = fs::read_to_string(case.path("b.ann.toml")).unwrap();
    let sha = sha256_hex(article_text().as_bytes());
    fs::write(case.path("b.ann.toml"), b.replace(&sha, &"0".repeat(64))).unwrap();
    let (code, out, err) = case.run(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("sha256 differs"), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_prf(&report, 1.0, 1.0, 1.0);
}

#[test]
fn bad_inputs_exit_2_naming_the_file() {
    let anns = [Ann::Entity("e1", "PERSON", LI)];
    let case = Case::article(&anns, &anns);

    // A broken sidecar: file, line and column.
    let broken = case.path("broken.ann.toml");
    fs::write(&broken, "schema = 1\n[article]\nfile = \"x.txt\"\n\n[[entity]]\nid = \"e1\"\nlabel = \"P\"\nstart = 5\nend = 2\ntext = \"\"\n").unwrap();
    let (code, out, err) = run(&[&case.path("a.ann.toml"), &broken], &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains(&format!("{}:9:7:", broken.display())), "{err}");

    // Invalid TOML.
    fs::write(&broken, "schema = 1\n[article\n").unwrap();
    let (code, _, err) = run(&[&broken, &case.path("b.ann.toml")], &[]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("{}:2:", broken.display())), "{err}");

    // A missing sidecar.
    let missing = case.path("missing.ann.toml");
    let (code, _, err) = run(&[&case.path("a.ann.toml"), &missing], &[]);
    assert_eq!(code, 2);
    assert!(err.contains(&missing.display().to_string()), "{err}");

    // Sidecars of different articles.
    let other = case.path("other.ann.toml");
    fs::write(&other, "schema = 1\n[article]\nfile = \"000_5aca6166c9697b1f.txt\"\n").unwrap();
    let (code, _, err) = run(&[&case.path("a.ann.toml"), &other], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not the same article") && err.contains("000_5aca6166c9697b1f.txt"),
        "{err}"
    );
}
