//! `hashiya curate`: `--auto` on a known pair of annotators gives exactly
//! the agreed set; decisions resume and are kept; the inputs and gold files
//! changed elsewhere are never written to; and the screen's state, driven
//! through `update`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::team::{AGREED_CLAIM, ARTICLE, folders, span, stores, text};
use hashiya::annotate::keys::CURATED_BY;
use hashiya::annotate::{Claimant, Store, load, save};
use hashiya::app::Msg;
use hashiya::app::curation::Curation;
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;
use hashiya::review::curate::{self, Decision, State};

fn hashiya(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .current_dir(dir)
        .args(args)
        .env("HASHIYA_ANNOTATOR", "carol")
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .unwrap()
}

fn gold_store(gold: &Path) -> Store {
    load(&gold.join(format!("{ARTICLE}.ann.toml")), &text()).unwrap().store
}

#[test]
fn curate_auto_on_a_known_pair_gives_exactly_the_agreed_set() {
    let root = tempfile::tempdir().unwrap();
    let (alice, bob) = folders(root.path());
    let inputs =
        [&alice, &bob].map(|d| std::fs::read(d.join(format!("{ARTICLE}.ann.toml"))).unwrap());
    let out = hashiya(root.path(), &["curate", "alice", "bob", "--out", "gold", "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains(&format!("{ARTICLE}: 2 agreed, 5 disagreement(s) → gold/")),
        "{report}"
    );
    for why in ["other label", "other boundaries", "other kind", "entity: missing"] {
        assert!(report.contains(why), "{why}:\n{report}");
    }

    let gold = gold_store(&root.path().join("gold"));
    let t = text();
    let entities: Vec<_> = gold.entities().map(|e| (e.label.clone(), e.range())).collect();
    assert_eq!(entities, [("PERSON".to_owned(), span(&t, "لي شانغفو", 0))]);
    let claims: Vec<_> = gold.claims().collect();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].range(), span(&t, AGREED_CLAIM, 0));
    assert_eq!(claims[0].claimant, Some(Claimant::Text("وزير الدفاع الصيني".into())));
    assert_eq!(claims[0].cue.as_ref().map(|c| c.text.as_str()), Some("قال"));
    for a in gold.all() {
        assert_eq!(a.by(), Some("alice"), "the first source's version, with its by");
        assert_eq!(a.extra().get(CURATED_BY).and_then(|v| v.as_str()), Some("carol"));
    }
    assert_eq!(std::fs::read_to_string(root.path().join("gold").join(ARTICLE)).unwrap(), t);
    let after =
        [&alice, &bob].map(|d| std::fs::read(d.join(format!("{ARTICLE}.ann.toml"))).unwrap());
    assert_eq!(after, inputs, "the inputs are never written to");
    let check = hashiya(root.path(), &["check", "gold"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");

    // JSON: the same, for programs; a second run changes nothing.
    let before =
        std::fs::read(root.path().join("gold").join(format!("{ARTICLE}.ann.toml"))).unwrap();
    let out = hashiya(
        root.path(),
        &["curate", "alice", "bob", "--out", "gold", "--auto", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sources"], serde_json::json!(["alice", "bob"]));
    let article = &json["articles"][0];
    assert_eq!(article["agreed"], 2);
    let rows = article["disagreements"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let label = rows.iter().find(|r| r["why"] == serde_json::json!(["label"])).unwrap();
    assert_eq!(label["versions"]["alice"][0]["label"], "GPE");
    assert_eq!(label["versions"]["bob"][0]["label"], "LOC");
    assert_eq!(label["versions"]["bob"][0]["by"], "bob");
    let after =
        std::fs::read(root.path().join("gold").join(format!("{ARTICLE}.ann.toml"))).unwrap();
    assert_eq!(after, before);
}

#[test]
fn curate_by_annotator_in_one_merged_sidecar_gives_the_same_gold() {
    let root = tempfile::tempdir().unwrap();
    folders(root.path());
    // The team's sidecar once git merged both (the merge driver, an empty
    // ancestor: both added the file): every annotation, with its by.
    let read = |who: &str| {
        std::fs::read_to_string(root.path().join(who).join(format!("{ARTICLE}.ann.toml"))).unwrap()
    };
    let merged =
        hashiya::team::merge_driver::merge_texts("", &read("alice"), &read("bob"), Path::new("x"))
            .unwrap()
            .text;
    let corpus = root.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join(ARTICLE), text()).unwrap();
    std::fs::write(corpus.join(format!("{ARTICLE}.ann.toml")), &merged).unwrap();
    let (a, b) = stores();
    assert_eq!(
        load(&corpus.join(format!("{ARTICLE}.ann.toml")), &text()).unwrap().store.len(),
        a.len() + b.len()
    );
    let out = hashiya(
        root.path(),
        &["curate", "corpus", "--by", "alice", "--by", "bob", "--out", "gold", "--auto"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let from_folders =
        hashiya(root.path(), &["curate", "alice", "bob", "--out", "gold2", "--auto"]);
    assert_eq!(from_folders.status.code(), Some(0));
    let texts =
        |s: &Store| s.all().iter().map(|a| (a.range(), a.text().to_owned())).collect::<Vec<_>>();
    let gold = gold_store(&root.path().join("gold"));
    assert_eq!(texts(&gold), texts(&gold_store(&root.path().join("gold2"))));
    assert_eq!(gold.len(), 2);
}

#[test]
fn curate_refuses_what_it_cannot_do_and_says_what_it_left_out() {
    let root = tempfile::tempdir().unwrap();
    folders(root.path());
    let into_source = hashiya(root.path(), &["curate", "alice", "bob", "--out", "alice", "--auto"]);
    assert_eq!(into_source.status.code(), Some(2), "{into_source:?}");
    assert!(
        String::from_utf8_lossy(&into_source.stderr).contains("must not be a folder the sources")
    );
    let one = hashiya(root.path(), &["curate", "alice", "--out", "gold", "--auto"]);
    assert_eq!(one.status.code(), Some(2), "{one:?}");
    // An article only Alice annotated is left out: exit 1, said.
    let extra = root.path().join("alice/only.txt");
    std::fs::write(&extra, "نص").unwrap();
    let mut s = Store::new();
    s.add_entity("GPE", 0..2, "نص").unwrap();
    save(&root.path().join("alice/only.txt.ann.toml"), &s, "نص".as_bytes()).unwrap();
    let out = hashiya(root.path(), &["curate", "alice", "bob", "--out", "gold", "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("only.txt: left out: annotated only in alice")
    );
    // A gold sidecar edited by hand is never overwritten.
    let sidecar = root.path().join("gold").join(format!("{ARTICLE}.ann.toml"));
    std::fs::write(&sidecar, "edited by hand").unwrap();
    let out = hashiya(root.path(), &["curate", "alice", "bob", "--out", "gold", "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("not overwritten"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&sidecar).unwrap(), "edited by hand");
}

fn session(root: &Path) -> Curation {
    let sources = curate::sources(&[root.join("alice"), root.join("bob")], &[]).unwrap();
    let names = sources.iter().map(|s| s.name.clone()).collect();
    let gold = root.join("gold");
    let state = State::load(&gold).unwrap();
    let options =
        LayoutOptions { width: Some(80), mark_placeholder: true, ..LayoutOptions::default() };
    let entries = Curation::load(&sources);
    Curation::new(names, entries, &gold, state, Some("carol"), Keymap::default(), options)
}

#[test]
fn the_screen_takes_versions_undoes_and_resumes_where_it_stopped() {
    let root = tempfile::tempdir().unwrap();
    folders(root.path());
    let mut c = session(root.path());
    assert_eq!((c.current, c.selected), (0, 0));
    let rows: Vec<String> = c.article().unwrap().rows.iter().map(|r| r.id.clone()).collect();
    assert_eq!(rows.len(), 5);
    // Row 1 (روسيا, other label): take bob's; the cursor moves to the next open row.
    c.update(Msg::Type('2'));
    assert_eq!(c.selected, 1);
    c.update(Msg::Action(Action::Drop));
    c.update(Msg::Action(Action::TakeAll));
    assert_eq!(c.open_count(0), 2);
    c.update(Msg::Action(Action::Undo));
    assert_eq!(c.open_count(0), 3, "undo reopens the last decision");
    c.update(Msg::Type('7'));
    assert!(c.message.as_deref().unwrap_or_default().contains("1–2 take a version"));
    assert!(c.failing.is_none(), "{:?}", c.failing);
    // The gold holds the agreed and what was decided, at once.
    let gold = gold_store(&root.path().join("gold"));
    assert!(gold.entities().any(|e| e.label == "LOC" && e.by.as_deref() == Some("bob")));
    drop(c);
    // A new session opens at the first open row, with the decisions kept.
    let mut again = session(root.path());
    assert_eq!((again.current, again.selected), (0, 2));
    let decided =
        State::load(&root.path().join("gold")).unwrap().decisions_of(ARTICLE, &again.sources);
    assert_eq!(decided.get(&rows[0]), Some(&Decision::Take(1)));
    assert_eq!(decided.get(&rows[1]), Some(&Decision::Drop));
    again.update(Msg::Action(Action::NextOpen));
    again.update(Msg::Action(Action::NextOpen));
    again.update(Msg::Action(Action::NextOpen));
    assert!(again.message.as_deref().unwrap_or_default().contains("no open disagreement after"));
    again.update(Msg::Action(Action::Quit));
    assert!(again.quit);
    // --auto after the screen keeps the decisions.
    let out = hashiya(root.path(), &["curate", "alice", "bob", "--out", "gold", "--auto"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("(decided: bob)"), "{out:?}");
}
