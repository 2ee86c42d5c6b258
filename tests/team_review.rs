//! Annotator-aware review: who made what, in the review table (a `by`
//! column, `b` filters), `stats` (per annotator) and `agree` (two
//! annotators inside one merged sidecar, `--list`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::team::{ARTICLE, folders, text};
use hashiya::app::App;
use hashiya::app::articles::collect;
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;

/// A folder `corpus/` holding the article and the sidecar git's merge
/// driver makes of Alice's and Bob's work (both added the file).
fn merged(root: &Path) -> std::path::PathBuf {
    folders(root);
    let read = |who: &str| {
        std::fs::read_to_string(root.join(who).join(format!("{ARTICLE}.ann.toml"))).unwrap()
    };
    let merged =
        hashiya::team::merge_driver::merge_texts("", &read("alice"), &read("bob"), Path::new("x"))
            .unwrap()
            .text;
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join(ARTICLE), text()).unwrap();
    std::fs::write(corpus.join(format!("{ARTICLE}.ann.toml")), merged).unwrap();
    corpus
}

fn hashiya(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .current_dir(dir)
        .args(args)
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .unwrap()
}

#[test]
fn stats_count_per_annotator() {
    let root = tempfile::tempdir().unwrap();
    merged(root.path());
    let out = hashiya(root.path(), &["stats", "corpus", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["annotators"],
        serde_json::json!([
            {"annotator": "alice", "entities": 4, "claims": 2, "articles": 1, "todo": 1,
             "in_progress": 0, "done": 0},
            {"annotator": "bob", "entities": 4, "claims": 2, "articles": 1, "todo": 1,
             "in_progress": 0, "done": 0},
        ])
    );
    let table = String::from_utf8(hashiya(root.path(), &["stats", "corpus"]).stdout).unwrap();
    assert!(
        table.contains(
            "per annotator (entities, claims; articles annotated: all, to do, in progress, \
             done)\n       4       2       1       1       0       0  alice\n"
        ),
        "{table}"
    );
}

#[test]
fn agree_compares_two_annotators_inside_one_sidecar_and_lists_where_they_differ() {
    let root = tempfile::tempdir().unwrap();
    merged(root.path());
    let sidecar = format!("corpus/{ARTICLE}.ann.toml");
    let out = hashiya(
        root.path(),
        &["agree", &sidecar, "--a", "alice", "--b", "bob", "--list", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let by_name: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The same figures as the two folders give.
    let folders = hashiya(
        root.path(),
        &[
            "agree",
            &format!("alice/{ARTICLE}.ann.toml"),
            &format!("bob/{ARTICLE}.ann.toml"),
            "--list",
            "--format",
            "json",
        ],
    );
    let apart: serde_json::Value = serde_json::from_slice(&folders.stdout).unwrap();
    for key in ["entities", "claims"] {
        assert_eq!(by_name[key], apart[key], "{key}");
    }
    assert_eq!(by_name["claims"]["span"]["tp"], 2);
    assert_eq!(by_name["claims"]["full"]["tp"], 1, "the kinds differ on one");
    let list = by_name["disagreements"].as_array().unwrap();
    let why: Vec<&serde_json::Value> = list.iter().map(|d| &d["why"]).collect();
    assert_eq!(list.len(), 5, "{why:?}");
    let label = list.iter().find(|d| d["why"] == serde_json::json!(["label"])).unwrap();
    assert_eq!(
        (label["a"][0]["label"].as_str(), label["b"][0]["label"].as_str()),
        (Some("GPE"), Some("LOC"))
    );
    assert_eq!(label["b"][0]["by"], "bob");
    let kind = list.iter().find(|d| d["why"] == serde_json::json!(["kind"])).unwrap();
    assert_eq!(kind["kind"], "claim");
    // The table says it for people.
    let table = hashiya(root.path(), &["agree", "corpus", "--a", "alice", "--b", "bob", "--list"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("entity: other boundaries"), "{table}");
    assert!(table.contains("claim: other kind"), "{table}");
    assert!(table.contains("B = corpus (by bob)"), "{table}");
    // Two paths and --a together is a usage error.
    let both = hashiya(root.path(), &["agree", "alice", "bob", "--a", "alice", "--b", "bob"]);
    assert_eq!(both.status.code(), Some(2), "{both:?}");
}

#[test]
fn the_review_table_shows_who_made_each_annotation_and_filters_by_annotator() {
    let root = tempfile::tempdir().unwrap();
    let corpus = merged(root.path());
    let articles = collect(&[corpus.join(ARTICLE)]).unwrap();
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    let mut app = App::new(articles, Keymap::default(), options);
    common::screen::draw(&mut app, 140, 20);
    app.update(Action::ToggleReview);
    let screen = common::screen::draw(&mut app, 140, 20).backend().to_string();
    assert!(screen.contains(" by "), "a by column: {screen}");
    assert!(screen.contains("alice") && screen.contains("bob"), "{screen}");
    assert_eq!(app.review_len(), 12);
    app.update(Action::FilterBy);
    assert_eq!(app.review_len(), 6, "alice's only");
    let screen = common::screen::draw(&mut app, 140, 20).backend().to_string();
    assert!(screen.contains("filtered: by alice"), "the filter is said: {screen}");
    assert!(!screen.contains("bob "), "{screen}");
    app.update(Action::FilterBy);
    assert_eq!(app.review_len(), 6, "bob's only");
    app.update(Action::FilterBy);
    assert_eq!(app.review_len(), 12, "then all");
    app.update(Action::FilterBy);
    app.update(Action::Cancel);
    assert_eq!(app.review_len(), 12, "Esc clears the filter");
}
