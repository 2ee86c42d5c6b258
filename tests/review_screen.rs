//! The review screen and corpus views: snapshots on the sample articles with
//! a few annotations, and behaviour through actions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::draw;
use hashiya::annotate::{Claimant, Cue, Store, save, sidecar_path};
use hashiya::app::App;
use hashiya::app::articles::collect;
use hashiya::app::review::View;
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;

/// The `char` range of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> std::ops::Range<usize> {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

/// A folder with the five samples, two of them annotated.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let annotate = |name: &str, entities: &[(&str, &str)], claim: Option<(&str, &str, &str)>| {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut store = Store::new();
        for (label, needle) in entities {
            store.add_entity(label, find(&text, needle), needle).unwrap();
        }
        if let Some((content, cue, who)) = claim {
            let id = store.add_claim(find(&text, content), content).unwrap();
            store.set_cue(&id, Some(Cue::new(find(&text, cue), cue))).unwrap();
            let claimant = store.entities().find(|e| e.text == who).unwrap().id.clone();
            store.set_claimant(&id, Some(Claimant::Entity(claimant))).unwrap();
        }
        save(&sidecar_path(&path), &store, text.as_bytes()).unwrap();
    };
    annotate(
        "004_c29349fac5246de1.txt",
        &[("PERSON", "لي شانغفو"), ("GPE", "روسيا"), ("GPE", "بكين"), ("ORG", "البحرية الروسية")],
        Some(("توسيع التعاون البحري", "قال", "لي شانغفو")),
    );
    annotate("000_5aca6166c9697b1f.txt", &[("GPE", "روسيا"), ("PERSON", "بوتين")], None);
    dir
}

fn app(dir: &tempfile::TempDir) -> App {
    let articles = collect(&[dir.path().to_path_buf()]).unwrap();
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    let mut app = App::new(articles, Keymap::default(), options);
    app.open(4);
    app
}

#[test]
fn review_table_with_a_relation() {
    let dir = corpus();
    let path = dir.path().join("004_c29349fac5246de1.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let sidecar = sidecar_path(&path);
    let mut store = hashiya::annotate::load(&sidecar, &text).unwrap().store;
    let id = |needle: &str| store.entities().find(|e| e.text == needle).unwrap().id.clone();
    let (from, to) = (id("لي شانغفو"), id("البحرية الروسية"));
    store.add_relation("met_with", &from, &to).unwrap();
    save(&sidecar, &store, text.as_bytes()).unwrap();
    let mut app = app(&dir);
    draw(&mut app, 120, 20);
    app.update(Action::ToggleReview);
    let screen = draw(&mut app, 120, 20);
    let rows = format!("{}", screen.backend());
    let row = rows.lines().find(|l| l.contains("r1 ")).unwrap_or_else(|| panic!("{rows}"));
    assert!(row.contains("met_with") && row.contains("261–270"), "at its first end: {rows}");
    insta::assert_snapshot!("review_table_relation_120x20", screen.backend());
}

#[test]
fn review_table_and_corpus_views() {
    let dir = corpus();
    let mut app = app(&dir);
    draw(&mut app, 120, 20);
    app.update(Action::ToggleReview);
    insta::assert_snapshot!("review_table_120x20", draw(&mut app, 120, 20).backend());
    for name in ["articles", "entities", "claims", "labels", "annotators"] {
        app.update(Action::CycleView);
        insta::assert_snapshot!(format!("corpus_{name}_120x20"), draw(&mut app, 120, 20).backend());
    }
    app.update(Action::CycleView);
    assert_eq!(app.review.as_ref().map(|r| r.view), Some(View::Article));
}

#[test]
fn filter_then_jump_selects_the_span() {
    let dir = corpus();
    let mut app = app(&dir);
    draw(&mut app, 120, 20);
    app.update(Action::ToggleReview);
    app.update(Action::FilterText);
    for c in "بكين".chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
    assert_eq!(app.review_len(), 1);
    app.update(Action::Confirm);
    assert!(app.review.is_none(), "Enter goes back to the article");
    let sel = app.reader.selection.clone().unwrap();
    let text: String = app.reader.doc.text().chars().skip(sel.start).take(sel.len()).collect();
    assert_eq!(text, "بكين");
}

#[test]
fn edits_from_the_table_are_undoable() {
    let dir = corpus();
    let mut app = app(&dir);
    draw(&mut app, 120, 20);
    app.update(Action::ToggleReview);
    let before = app.ann.store.len();
    app.update(Action::FilterKind); // entities only
    app.update(Action::DeleteAnnotation);
    assert_eq!(app.ann.store.len(), before - 1, "{:?}", app.message);
    app.update(Action::Undo);
    assert_eq!(app.ann.store.len(), before);
    app.update(Action::ChangeLabel);
    app.type_char('8');
    assert!(app.ann.store.entities().any(|e| e.label == "MISC"));
}

#[test]
fn entity_index_jumps_across_articles() {
    let dir = corpus();
    let mut app = app(&dir);
    draw(&mut app, 120, 20);
    app.update(Action::ToggleReview);
    app.update(Action::CycleView);
    app.update(Action::CycleView);
    // The corpus is read in the background: the whole index once it is.
    app.wait_scan();
    // روسيا is tagged in two articles: the most mentioned group comes first.
    app.update(Action::Confirm);
    let sel = app.reader.selection.clone().unwrap();
    let text: String = app.reader.doc.text().chars().skip(sel.start).take(sel.len()).collect();
    assert_eq!(text, "روسيا");
    assert_eq!(app.current, 0, "the first mention is in the first article");
}

#[test]
fn conflicts_kept_side_by_side_are_marked_in_the_table_and_the_status_line() {
    let dir = corpus();
    let path = dir.path().join("004_c29349fac5246de1.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let sidecar = sidecar_path(&path);
    // Both sides relabel روسيا (e2) differently: theirs keeps e2, ours is kept beside it.
    let base = hashiya::annotate::load(&sidecar, &text).unwrap().store;
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.set_label("e2", "NORP").unwrap();
    theirs.set_label("e2", "LOC").unwrap();
    let report = hashiya::annotate::merge::merge(&base, &mut ours, &theirs);
    assert_eq!(report.conflicts, [("e2".to_string(), "e5".to_string())]);
    save(&sidecar, &ours, text.as_bytes()).unwrap();

    let mut app = app(&dir);
    draw(&mut app, 120, 20);
    app.reader.set_cursor(find(&text, "روسيا").start);
    let status = app.describe_cursor().unwrap();
    assert!(
        status.contains("e5 NORP") && status.contains("⚠ conflict: another version is e2"),
        "{status}"
    );
    app.update(Action::ToggleReview);
    insta::assert_snapshot!("review_table_conflict_120x20", draw(&mut app, 120, 20).backend());
}

#[test]
fn stats_and_the_corpus_views_show_the_same_numbers() {
    use hashiya::corpus::entity_key;
    use std::collections::BTreeMap;
    let dir = corpus();
    // A third article annotated by bob and done: the annotators view and
    // stats count him apart from the annotations that say nobody.
    let path = dir.path().join("001_0d543047192bbcf6.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut store = Store::new();
    store.set_author(Some(hashiya::annotate::ids::Author {
        name: "bob".into(),
        clock: hashiya::annotate::ids::Stamp::None,
    }));
    store.add_entity("GPE", find(&text, "روسيا"), "روسيا").unwrap();
    store.set_status(Some(hashiya::annotate::ArticleStatus::Done));
    save(&sidecar_path(&path), &store, text.as_bytes()).unwrap();
    let mut app = app(&dir);
    // A claim whose claimant is written with a proclitic in one article:
    // stats and "who said what" count it under one claimant.
    draw(&mut app, 120, 20);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["stats", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    app.update(Action::ToggleReview);
    let rows = |app: &mut App| {
        draw(app, 120, 20);
        assert!(app.review.as_ref().unwrap().table.is_some());
        app.corpus_rows()
    };
    // Articles: entities and claims of each annotated article.
    app.update(Action::CycleView);
    let articles: BTreeMap<String, (String, String)> = rows(&mut app)
        .into_iter()
        .filter(|r| r[0] == "✓")
        .map(|r| (r[1].clone(), (r[2].clone(), r[3].clone())))
        .collect();
    let per_article: BTreeMap<String, (String, String)> = stats["per_article"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let file = std::path::Path::new(a["file"].as_str().unwrap());
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            (name, (a["entities"].to_string(), a["claims"].to_string()))
        })
        .collect();
    assert_eq!(articles, per_article);
    // Entity index: as many mentions as stats counts entities.
    app.update(Action::CycleView);
    let mentions: usize = rows(&mut app).iter().map(|r| r[1].parse::<usize>().unwrap()).sum();
    assert_eq!(mentions as u64, stats["entities"].as_u64().unwrap());
    // Who said what: claims per claimant, grouped by the one key.
    app.update(Action::CycleView);
    let mut by_claimant: BTreeMap<String, u64> = BTreeMap::new();
    for r in rows(&mut app) {
        *by_claimant.entry(entity_key(&r[0])).or_default() += 1;
    }
    let claimants: BTreeMap<String, u64> = stats["claimants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (entity_key(c["claimant"].as_str().unwrap_or("")), c["claims"].as_u64().unwrap()))
        .collect();
    assert_eq!(by_claimant, claimants);
    // Labels: the same counts.
    app.update(Action::CycleView);
    let labels: BTreeMap<String, u64> =
        rows(&mut app).into_iter().map(|r| (r[0].clone(), r[1].parse().unwrap())).collect();
    let want: BTreeMap<String, u64> = stats["labels"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(labels, want);
    // Annotators: each one's annotations and articles by status.
    app.update(Action::CycleView);
    assert_eq!(app.review.as_ref().unwrap().view, View::Annotators);
    let shown: Vec<Vec<String>> = rows(&mut app);
    let figures = ["entities", "claims", "articles", "done", "in_progress", "todo"];
    let from_stats: Vec<Vec<String>> = stats["annotators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let who = a["annotator"].as_str().unwrap_or("(not recorded)").to_owned();
            std::iter::once(who).chain(figures.iter().map(|f| a[f].to_string())).collect()
        })
        .collect();
    assert_eq!(shown, from_stats);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown.contains(&["bob", "1", "0", "1", "1", "0", "0"].map(String::from).to_vec()));
    assert_eq!(stats["statuses"]["done"], 1, "{}", stats["statuses"]);
    assert_eq!(stats["statuses"]["todo"], 2, "{}", stats["statuses"]);
}
