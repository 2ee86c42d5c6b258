//! `hashiya export` into a folder holding an earlier, longer export: the
//! one-file formats (JSON Lines, spaCy, Label Studio) end up byte for byte
//! what a fresh folder gets, whenever the old file is emptied (spaCy's and
//! JSON Lines' only once the workers are busy).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;
use std::process::Command;

use common::annotated;

fn export(format: &str, corpus: &Path, out: &Path) {
    let run = Command::new(common::bin())
        .args(["export", "--format", format, "--out"])
        .arg(out)
        .arg(corpus)
        .output()
        .unwrap();
    assert!(run.status.success(), "{format}: {}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn a_longer_earlier_export_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    annotated::write_corpus(&corpus, true, |_, e| e.to_vec());
    for (format, file) in
        [("jsonl", "annotations.jsonl"), ("spacy", "spacy.jsonl"), ("labelstudio", "tasks.json")]
    {
        let fresh = dir.path().join(format!("fresh-{format}"));
        export(format, &corpus, &fresh);
        let expected = std::fs::read(fresh.join(file)).unwrap();
        let again = dir.path().join(format!("again-{format}"));
        std::fs::create_dir_all(&again).unwrap();
        // Longer than the export: any byte of it left would show.
        let old = vec![b'x'; 2 * expected.len() + 4096];
        std::fs::write(again.join(file), &old).unwrap();
        export(format, &corpus, &again);
        let got = std::fs::read(again.join(file)).unwrap();
        assert_eq!(got.len(), expected.len(), "{format}: length after overwriting");
        assert!(got == expected, "{format}: bytes after overwriting");
    }
}
