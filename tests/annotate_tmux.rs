//! End-to-end: annotating in a real terminal (tmux, 120×40) writes the sidecar.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

fn scratch() -> tempfile::TempDir {
    common::scratch(ARTICLE)
}

/// Runs the reader on the article, performs `steps`, quits with `q` and
/// checks it exited with 0.
fn session(dir: &std::path::Path, steps: impl FnOnce(&Tmux)) {
    let t = Tmux::start(&[bin(), ARTICLE], 120, 40, dir);
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    steps(&t);
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

/// The characters `start..end` of `text`.
fn slice(text: &str, start: i64, end: i64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn tag_an_entity_then_a_claim_then_change_nothing() {
    if !available() {
        return;
    }
    let dir = scratch();
    let sidecar = dir.path().join(format!("{ARTICLE}.ann.toml"));
    let article = std::fs::read_to_string(dir.path().join(ARTICLE)).unwrap();

    session(dir.path(), |t| {
        t.search("شانغفو");
        t.send(&["e"]);
        t.wait_for(10, "the label picker", |s| s.iter().any(|r| r.contains("LABEL")));
        t.send(&["1"]);
        t.wait_for(10, "the tag", |s| s.iter().any(|r| r.contains("PERSON")));
    });
    let saved: toml::Table = std::fs::read_to_string(&sidecar).unwrap().parse().unwrap();
    let entity = &saved["entity"].as_array().unwrap()[0];
    assert_eq!(entity["text"].as_str(), Some("شانغفو"));
    assert_eq!(entity["label"].as_str(), Some("PERSON"));
    let (start, end) = (entity["start"].as_integer().unwrap(), entity["end"].as_integer().unwrap());
    assert_eq!(slice(&article, start, end), "شانغفو");

    session(dir.path(), |t| {
        t.search("توسيع التعاون البحري");
        t.send(&["c"]);
        t.wait_for(10, "the claim form", |s| s.iter().any(|r| r.contains("CLAIM")));
        t.send(&["Escape"]);
        t.wait_for(10, "the form to close", |s| s.iter().any(|r| r.contains("READ")));
    });
    let bytes = std::fs::read(&sidecar).unwrap();
    let saved: toml::Table = String::from_utf8(bytes.clone()).unwrap().parse().unwrap();
    let claim = &saved["claim"].as_array().unwrap()[0];
    assert_eq!(claim["text"].as_str(), Some("توسيع التعاون البحري"));
    let (start, end) = (claim["start"].as_integer().unwrap(), claim["end"].as_integer().unwrap());
    assert_eq!(slice(&article, start, end), "توسيع التعاون البحري");
    assert_eq!(saved["entity"].as_array().unwrap()[0]["text"].as_str(), Some("شانغفو"));

    session(dir.path(), |_| {});
    assert_eq!(std::fs::read(&sidecar).unwrap(), bytes, "opening and quitting changed the sidecar");
}

#[test]
fn an_article_never_annotated_gets_no_sidecar() {
    if !available() {
        return;
    }
    let dir = scratch();
    session(dir.path(), |t| {
        t.send(&["j", "w", "w", "/"]);
        t.type_text("الصين");
        t.send(&["Enter"]);
    });
    let names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "unexpected files: {names:?}");
}

#[test]
fn review_table_filters_and_jumps_to_an_annotation() {
    if !available() {
        return;
    }
    let dir = scratch();
    let path = dir.path().join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut store = hashiya::annotate::Store::new();
    for (label, needle) in [("PERSON", "لي شانغفو"), ("GPE", "بكين"), ("GPE", "روسيا")]
    {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        store.add_entity(label, start..start + needle.chars().count(), needle).unwrap();
    }
    hashiya::annotate::save(&hashiya::annotate::sidecar_path(&path), &store, text.as_bytes())
        .unwrap();
    session(dir.path(), |t| {
        t.send(&["Tab"]);
        t.wait_for(10, "the review table", |s| s.iter().any(|r| r.contains("· 3 annotations ·")));
        t.send(&["/"]);
        t.type_text("بكين");
        t.send(&["Enter"]);
        t.wait_for(10, "the filter", |s| s.iter().any(|r| r.contains("· 1 annotation ·")));
        t.send(&["Enter"]);
        // Back in the article, the cursor on the entity: the status line names it.
        t.wait_for(10, "the jump", |s| {
            s.last().is_some_and(|r| r.contains("e2 GPE") && r.contains("READ"))
        });
    });
}
