//! End-to-end (tmux, the real binary): the curation screen takes one
//! annotator's version of a disagreement into the gold standard.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::team::{ARTICLE, folders, text};
use common::tmux::{Tmux, available};
use hashiya::annotate::keys::CURATED_BY;

#[test]
fn the_curation_screen_takes_one_version_into_the_gold() {
    if !available() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    folders(root.path());
    let config = root.path().join("config");
    let t = Tmux::start(
        &[
            "env",
            "HASHIYA_ANNOTATOR=carol",
            &format!("XDG_CONFIG_HOME={}", config.display()),
            common::bin(),
            "curate",
            "alice",
            "bob",
            "--out",
            "gold",
        ],
        100,
        30,
        root.path(),
    );
    t.wait_for(10, "the curation screen", |s| s.iter().any(|r| r.contains("5 open of 5")));
    // The first row is روسيا: GPE for alice, LOC for bob. Take bob's.
    let screen = t.screen();
    let first = screen.iter().find(|r| r.starts_with("1 ")).cloned().unwrap_or_default();
    assert!(
        first.contains("other label") && first.contains("GPE") && first.contains("LOC"),
        "{first}"
    );
    t.send(&["2"]);
    t.wait_for(10, "the decision", |s| s.iter().any(|r| r.contains("4 open of 5")));
    assert!(t.screen().iter().any(|r| r.starts_with("1 ") && r.contains("✓ bob")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    let gold = root.path().join("gold").join(format!("{ARTICLE}.ann.toml"));
    let store = hashiya::annotate::load(&gold, &text()).unwrap().store;
    let taken: Vec<_> = store.entities().filter(|e| e.text == "روسيا").collect();
    assert_eq!(taken.len(), 1, "{store:?}");
    assert_eq!((taken[0].label.as_str(), taken[0].by.as_deref()), ("LOC", Some("bob")));
    assert_eq!(taken[0].extra.get(CURATED_BY).and_then(|v| v.as_str()), Some("carol"));
    assert_eq!(store.len(), 3, "the two agreed annotations and the one taken");
}
