//! `hashiya render` against the reference implementations: GNU `FriBidi` for
//! whole paragraphs and ICU for the lines of wrapped paragraphs.
//!
//! The comparisons themselves live in `scripts/compare/` (Python, run with
//! `/usr/bin/python3`, which has the `icu` module); this test runs them on
//! the built binary over the sample articles, over the test corpus
//! (`tests/data/corpus/`: Arabic, and a folder for each other right-to-left
//! language: Persian, Urdu, Sorani Kurdish, Pashto, Uyghur, Punjabi in
//! Shahmukhi, Hebrew, Yiddish, Dhivehi) and over the Persian, Urdu, Hebrew
//! and Yiddish articles of `tests/data/articles/`, reads their summary lines and holds
//! every criterion to at least 99.5% for each of them (every line must fit
//! and no fitting word may be cut: 100%), shaping included.
//!
//! The tools come from Debian packages `libfribidi-bin` and `python3-icu`
//! (CI's `.ci/run` installs them). Without them this test fails under CI
//! (`CI` set) and is skipped with a loud note elsewhere, so that `cargo
//! test` passes on a fresh machine.

#![allow(clippy::panic, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

const PYTHON: &str = "/usr/bin/python3";
const MIN_PERCENT: f64 = 99.5;
const WIDTHS: [usize; 2] = [40, 72];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.txt` files of a folder of the repository, sorted.
fn text_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .expect("listing a test folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .txt files in {dir}");
    files
}

/// The languages of `tests/data/corpus/LANG/` besides Arabic, each checked
/// as a part of its own (see the corpus README).
const LANGUAGES: [(&str, &str); 9] = [
    ("fa", "Persian"),
    ("ur", "Urdu"),
    ("ckb", "Sorani Kurdish"),
    ("ps", "Pashto"),
    ("ug", "Uyghur"),
    ("pnb", "Punjabi (Shahmukhi)"),
    ("he", "Hebrew"),
    ("yi", "Yiddish"),
    ("dv", "Dhivehi"),
];

/// The parts the criteria are checked on, each as a whole: the sample
/// articles, the Arabic corpus, the articles of `tests/data/articles/`
/// (Persian, Urdu, Hebrew, Yiddish), and the corpus of each other language.
fn parts() -> Vec<(String, Vec<String>)> {
    let mut parts = vec![
        ("sample articles".to_string(), text_files("assets/articles")),
        ("corpus (Arabic)".to_string(), text_files("tests/data/corpus")),
        ("articles in other languages".to_string(), text_files("tests/data/articles")),
    ];
    for (code, name) in LANGUAGES {
        parts.push((format!("corpus ({name})"), text_files(&format!("tests/data/corpus/{code}"))));
    }
    parts
}

#[test]
fn every_language_folder_is_checked() {
    let mut folders: Vec<String> = std::fs::read_dir(root().join("tests/data/corpus"))
        .expect("listing the corpus")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut known: Vec<String> = LANGUAGES.iter().map(|(c, _)| (*c).to_string()).collect();
    known.sort();
    assert_eq!(folders, known, "a corpus folder that no test reads, or a language without one");
}

/// Whether the reference tools are here; when not, either fails or (with
/// `HASHIYA_SKIP_REFERENCE_TOOLS=1`) says so and returns false.
fn tools_available() -> bool {
    let fribidi =
        Command::new("fribidi").arg("--version").output().is_ok_and(|o| o.status.success());
    let icu =
        Command::new(PYTHON).args(["-c", "import icu"]).output().is_ok_and(|o| o.status.success());
    if fribidi && icu {
        return true;
    }
    let missing = match (fribidi, icu) {
        (false, false) => "fribidi and the Python module icu are",
        (false, true) => "fribidi is",
        _ => "the Python module icu (for /usr/bin/python3) is",
    };
    if std::env::var("HASHIYA_SKIP_REFERENCE_TOOLS").is_ok_and(|v| v == "1")
        || std::env::var_os("CI").is_none()
    {
        eprintln!(
            "SKIPPED: {missing} missing; reference comparison not run \
             (apt-get install libfribidi-bin python3-icu; under CI this fails)"
        );
        return false;
    }
    panic!(
        "{missing} missing: install them with `apt-get install libfribidi-bin python3-icu` \
         (CI's .ci/run does), or set HASHIYA_SKIP_REFERENCE_TOOLS=1 to skip this test"
    );
}

/// Runs a comparison script with the test binary, returning its stdout.
fn run_script(script: &str, extra: &[String], files: &[String]) -> String {
    let script = root().join("scripts/compare").join(script);
    let out = Command::new(PYTHON)
        .arg(&script)
        .args(["--hashiya", env!("CARGO_BIN_EXE_hashiya"), "--show", "5"])
        .args(extra)
        .args(files)
        .current_dir(root())
        .output()
        .expect("running /usr/bin/python3");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} failed ({}):\n{stdout}\n{}",
        script.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The `(good, total)` after `key` (as in `key 12/13 (92.31%)`) on the
/// first line starting with `prefix`.
fn figure(output: &str, prefix: &str, key: &str) -> (u64, u64) {
    let line = output
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{output}"));
    let Some((_, after)) = line.split_once(&format!("{key} ")) else {
        panic!("no {key:?} in {line:?}");
    };
    let fraction = after.split_whitespace().next().unwrap_or_default();
    let parsed =
        fraction.split_once('/').and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
    parsed.unwrap_or_else(|| panic!("bad figure {fraction:?} in {line:?}"))
}

fn percent((good, total): (u64, u64)) -> f64 {
    if total == 0 { 100.0 } else { 100.0 * good as f64 / total as f64 }
}

#[test]
fn paragraphs_agree_with_fribidi() {
    if !tools_available() {
        return;
    }
    for (part, files) in parts() {
        let out = run_script("fribidi_agreement.py", &[], &files);
        let agreement = figure(&out, "overall:", "agreement:");
        let strict = figure(&out, "overall:", "strict:");
        eprintln!(
            "{part}: FriBidi agreement {}/{} ({:.2}%), strict {:.2}%",
            agreement.0,
            agreement.1,
            percent(agreement),
            percent(strict)
        );
        assert!(agreement.1 > 0, "{part}: no paragraph compared:\n{out}");
        assert!(
            percent(agreement) >= MIN_PERCENT,
            "{part}: FriBidi agreement {:.2}% < {MIN_PERCENT}%:\n{out}",
            percent(agreement)
        );
    }
}

#[test]
fn wrapped_lines_fit_keep_words_and_agree_with_icu() {
    if !tools_available() {
        return;
    }
    let extra: Vec<String> =
        WIDTHS.iter().flat_map(|w| ["--width".to_string(), w.to_string()]).collect();
    for (part, files) in parts() {
        let out = run_script("icu_lines.py", &extra, &files);
        for width in WIDTHS {
            let prefix = format!("overall width {width}:");
            let fits = figure(&out, &prefix, "fits");
            let words = figure(&out, &prefix, "words");
            let exact = figure(&out, &prefix, "icu-exact");
            let hanging = figure(&out, &prefix, "icu-hanging");
            let trimmed = figure(&out, &prefix, "icu-trimmed");
            eprintln!(
                "{part}, width {width}: {} lines, fit {:.2}%, words kept {:.2}%, ICU exact {:.2}%, \
                 ICU but undrawn hanging spaces {:.2}%, ICU trimmed {:.2}%",
                fits.1,
                percent(fits),
                percent(words),
                percent(exact),
                percent(hanging),
                percent(trimmed)
            );
            assert!(fits.1 > 0, "{part}: no line checked:\n{out}");
            assert_eq!(fits.0, fits.1, "{part}, width {width}: a line is too wide:\n{out}");
            assert_eq!(words.0, words.1, "{part}, width {width}: a word that fits was cut:\n{out}");
            // Lines equal ICU's, except that hashiya does not draw the spaces
            // of a break beyond the width (ICU keeps them: see icu_lines.py).
            assert!(
                percent(hanging) >= MIN_PERCENT,
                "{part}, width {width}: ICU agreement {:.2}% < {MIN_PERCENT}%:\n{out}",
                percent(hanging)
            );
            assert!(
                percent(trimmed) >= MIN_PERCENT,
                "{part}, width {width}: ICU agreement {:.2}% < {MIN_PERCENT}%:\n{out}",
                percent(trimmed)
            );
        }
    }
}

/// Shaped output (`--shape on`) against GNU `FriBidi`, which always shapes.
const MIN_SHAPING_PERCENT: f64 = MIN_PERCENT;

#[test]
fn shaping_agrees_with_fribidi() {
    if !tools_available() {
        return;
    }
    for (part, files) in parts() {
        let out = run_script("shaping_agreement.py", &["--no-builtin".to_string()], &files);
        let agreement = figure(&out, "ALL", "ALL");
        eprintln!(
            "{part}: shaping agreement {}/{} ({:.2}%)",
            agreement.0,
            agreement.1,
            percent(agreement)
        );
        assert!(agreement.1 > 0, "{part}: no paragraph compared:\n{out}");
        assert!(
            percent(agreement) >= MIN_SHAPING_PERCENT,
            "{part}: shaping agreement {:.2}% < {MIN_SHAPING_PERCENT}%:\n{out}",
            percent(agreement)
        );
    }
}

#[test]
fn figures_are_parsed_from_summary_lines() {
    let out = "a.txt: agreement: 3/4 (75.00%) strict: 2/4 (50.00%)\n\
               overall width 40: lines 10 fits 10/10 (100.00%) words 9/10 (90.00%)\n";
    assert_eq!(figure(out, "a.txt:", "strict:"), (2, 4));
    assert_eq!(figure(out, "overall width 40:", "words"), (9, 10));
    assert!((percent((1, 8)) - 12.5).abs() < 1e-9);
}
