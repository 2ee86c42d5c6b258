//! Two annotators, one corpus, real git: what a plain textual merge of
//! their additions gives (no driver), and what the merge driver gives.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;
use std::process::Command;

use hashiya::annotate::{Author, Claimant, IdScheme, Stamp, Store, parse_file_store, render};
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::{Config, TestRunner};

use common::git::{self, ok};

/// What one annotator adds: entities and claims at `start` (`len` chars),
/// a claim naming the side's n-th entity when `claimant` is set.
#[derive(Debug, Clone)]
struct Add {
    entity: bool,
    start: usize,
    len: usize,
    claimant: Option<usize>,
}

fn add() -> impl Strategy<Value = Add> {
    (any::<bool>(), 0usize..400, 1usize..8, prop::option::of(0usize..30))
        .prop_map(|(entity, start, len, claimant)| Add { entity, start, len, claimant })
}

fn apply(store: &mut Store, adds: &[Add]) {
    for a in adds {
        let text = format!("t{}+{}", a.start, a.len);
        let range = a.start..a.start + a.len;
        if a.entity {
            store.add_entity(["PERSON", "ORG"][a.start % 2], range, &text).unwrap();
        } else {
            let c = store.add_claim(range, &text).unwrap();
            let entities: Vec<String> = store.entities().map(|e| e.id.clone()).collect();
            if let (Some(n), false) = (a.claimant, entities.is_empty()) {
                let who = Claimant::Entity(entities[n % entities.len()].clone());
                store.set_claimant(&c, Some(who)).unwrap();
            }
        }
    }
}

fn side(base: &Store, name: &str, seed: u64, adds: &[Add]) -> Store {
    let mut s = base.clone();
    s.set_id_scheme(IdScheme::seeded(seed));
    s.set_author(Some(Author {
        name: name.into(),
        clock: Stamp::Fixed("2026-12-07T09:00:00Z".into()),
    }));
    apply(&mut s, adds);
    s
}

/// Every annotation of `store`, by id.
fn written(store: &Store) -> std::collections::BTreeMap<String, String> {
    store.all().into_iter().map(|a| (a.id().to_owned(), format!("{a:?}"))).collect()
}

/// Without the merge driver, git merges sidecars as text. Whenever it says
/// the merge is clean, the file must be a valid sidecar holding every
/// annotation both annotators added, each once, with its `by` — whatever
/// the base and wherever the additions land (far apart, next to each
/// other, among annotations by both). New ids are unique and no counter
/// line is shared, so nothing else can clash.
#[test]
fn a_clean_textual_merge_of_two_annotators_additions_is_a_valid_sidecar() {
    if !git::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = (
        prop::collection::vec(add(), 0..25),
        prop::collection::vec(add(), 1..4),
        prop::collection::vec(add(), 1..4),
        any::<(u64, u64)>(),
    );
    let (mut clean, mut conflicted) = (0, 0);
    for _ in 0..96 {
        let (base_adds, ours_adds, theirs_adds, seeds) =
            strategy.new_tree(&mut runner).unwrap().current();
        let mut base = Store::new();
        apply(&mut base, &base_adds);
        let ours = side(&base, "alice", seeds.0, &ours_adds);
        let theirs = side(&base, "bob", seeds.1, &theirs_adds);
        let [b, o, t] = [&base, &ours, &theirs].map(|s| render(s, "a.txt", "00"));
        let paths = ["base", "ours", "theirs"].map(|n| dir.path().join(n));
        for (path, text) in paths.iter().zip([&b, &o, &t]) {
            std::fs::write(path, text).unwrap();
        }
        let out = Command::new("git")
            .args(["merge-file", "-p"])
            .args([&paths[1], &paths[0], &paths[2]])
            .output()
            .unwrap();
        let merged = String::from_utf8(out.stdout).unwrap();
        if out.status.code() != Some(0) {
            conflicted += 1;
            assert!(merged.contains("<<<<<<<"), "git says conflict: it shows it");
            continue;
        }
        clean += 1;
        let store = parse_file_store(&merged, Path::new("a.txt.ann.toml"))
            .unwrap_or_else(|e| panic!("git merged cleanly into an invalid sidecar: {e}\n{merged}"))
            .store;
        let (got, mut want) = (written(&store), written(&ours));
        want.extend(written(&theirs));
        assert_eq!(got, want, "every annotation of both sides, once:\n{merged}");
        for id in written(&ours).keys().filter(|id| base.get(id).is_none()) {
            assert_eq!(store.get(id).and_then(|a| a.by()), Some("alice"));
        }
    }
    eprintln!("textual merges: {clean} clean, {conflicted} conflicted");
    // Most additions land apart: the property is not vacuous.
    assert!(clean > conflicted, "{clean} clean, {conflicted} conflicted");
}

fn hashiya(dir: &Path, home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(common::bin())
        .current_dir(dir)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .unwrap()
}

/// Writes a sidecar for `a.txt` in `dir` made of `store`.
fn save(dir: &Path, store: &Store) {
    let text = std::fs::read(dir.join("a.txt")).unwrap();
    hashiya::annotate::save(&dir.join("a.txt.ann.toml"), store, &text).unwrap();
}

fn load(dir: &Path) -> Store {
    let text = std::fs::read_to_string(dir.join("a.txt")).unwrap();
    hashiya::annotate::load(&dir.join("a.txt.ann.toml"), &text).unwrap().store
}

/// `git init`, `hashiya init`, two clones (each runs `hashiya init`); each
/// annotator adds between the same two neighbours and both change one
/// entity: the pull merges with no conflict for git, the file checks clean
/// but for the conflict kept side by side, every annotation is there with
/// its `by`. Pulling again changes nothing.
#[test]
fn the_merge_driver_merges_what_a_textual_merge_cannot() {
    if !git::available() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let origin = root.path().join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    ok(&origin, &home, &["init", "-q", "-b", "main"]);
    let init = hashiya(&origin, &home, &["init"]);
    assert_eq!(init.status.code(), Some(0), "{init:?}");
    let article = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles/000_5aca6166c9697b1f.txt"),
    )
    .unwrap();
    std::fs::write(origin.join("a.txt"), &article).unwrap();
    let words: Vec<(usize, String)> = article
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.chars().count() + 1;
            Some((start, w.to_owned()))
        })
        .filter(|(_, w)| w.chars().count() > 3 && w.chars().all(char::is_alphabetic))
        .collect();
    let span = |i: usize| words[i].0..words[i].0 + words[i].1.chars().count();
    let mut base = Store::new();
    for i in [2, 6, 10] {
        base.add_entity("GPE", span(i), &words[i].1).unwrap();
    }
    save(&origin, &base);
    ok(&origin, &home, &["add", "-A"]);
    ok(&origin, &home, &["commit", "-qm", "base"]);
    ok(&origin, &home, &["config", "receive.denyCurrentBranch", "ignore"]);

    let mut clones = Vec::new();
    for (name, word, label) in [("alice", 7, "ORG"), ("bob", 8, "LOC")] {
        let clone = root.path().join(name);
        ok(root.path(), &home, &["clone", "-q", origin.to_str().unwrap(), name]);
        assert_eq!(hashiya(&clone, &home, &["init"]).status.code(), Some(0));
        let mut store = load(&clone);
        store.set_id_scheme(IdScheme::unique());
        store.set_author(Some(Author::new(name)));
        store.add_entity("PERSON", span(word), &words[word].1).unwrap();
        store.set_label("e2", label).unwrap();
        save(&clone, &store);
        ok(&clone, &home, &["commit", "-qam", name]);
        clones.push(clone);
    }
    let (alice, bob) = (&clones[0], &clones[1]);
    ok(alice, &home, &["push", "-q", "origin", "HEAD:main"]);
    let pull = git::git(bob, &home, &["pull", "-q", "--no-rebase", "origin", "main"]);
    assert!(pull.status.success(), "{pull:?}");
    let merged = std::fs::read_to_string(bob.join("a.txt.ann.toml")).unwrap();
    assert!(!merged.contains("<<<<<<<"), "{merged}");
    let check = hashiya(bob, &home, &["check", "a.txt"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    assert!(String::from_utf8_lossy(&check.stdout).contains("unresolved conflict"), "{check:?}");
    let store = load(bob);
    assert_eq!(store.entities().len(), 6, "{merged}");
    let by = |who: &str| store.entities().filter(|e| e.by.as_deref() == Some(who)).count();
    assert_eq!((by("alice"), by("bob")), (1, 1), "{merged}");
    let e2: Vec<_> = store.entities().filter(|e| e.range() == span(6)).collect();
    assert_eq!(e2.len(), 2, "both changes of e2 kept: {merged}");
    assert!(e2.iter().any(|e| e.conflict.as_ref().is_some_and(|c| c.with == "e2")));
    ok(bob, &home, &["push", "-q", "origin", "HEAD:main"]);
    ok(alice, &home, &["pull", "-q", "--no-rebase", "origin", "main"]);
    assert_eq!(std::fs::read_to_string(alice.join("a.txt.ann.toml")).unwrap(), merged);
}

#[test]
fn the_driver_leaves_an_unreadable_merge_to_git() {
    let dir = tempfile::tempdir().unwrap();
    let good = render(&Store::new(), "a.txt", "00");
    for (name, text) in
        [("o", good.as_str()), ("a", "schema = 1\n[article\n"), ("b", good.as_str())]
    {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = hashiya(dir.path(), dir.path(), &["merge-driver", "o", "a", "b", "x.txt.ann.toml"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("x.txt.ann.toml:2:"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("a")).unwrap(), "schema = 1\n[article\n");
}
