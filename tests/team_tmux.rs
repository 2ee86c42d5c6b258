//! The whole team story with real git and the real reader in tmux:
//! `hashiya init` in a repository, two clones (each runs `hashiya init`),
//! two annotators tag in the reader — two entities between the same
//! neighbours, and a claim — commit, and pull each other's work: no
//! conflict, `hashiya check` exits 0, every annotation of both is in the
//! file with its `by`, and the reader opens it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::git::{self, ok};
use common::team::{ARTICLE, span, text};
use common::tmux::{Tmux, available};
use hashiya::annotate::{Store, load, save};

/// `hashiya args` in `dir`, as an annotator with no settings of their own.
fn hashiya(dir: &Path, home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(common::bin())
        .current_dir(dir)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap()
}

/// The reader on the article of `dir`, as `who`.
fn reader(dir: &Path, home: &Path, who: &str) -> Tmux {
    let args = [
        "env".to_owned(),
        format!("HASHIYA_ANNOTATOR={who}"),
        format!("XDG_CONFIG_HOME={}", home.join(".config").display()),
        common::bin().to_owned(),
        ARTICLE.to_owned(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let t = Tmux::start(&args, 120, 40, dir);
    t.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    t
}

fn store(dir: &Path) -> Store {
    load(&dir.join(format!("{ARTICLE}.ann.toml")), &text()).unwrap().store
}

#[test]
fn two_annotators_tag_in_two_clones_and_pull_each_others_work_without_conflict() {
    if !available() || !git::available() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    std::fs::create_dir_all(home.join(".config")).unwrap();
    let origin = root.path().join("origin.git");
    ok(root.path(), &home, &["init", "-q", "--bare", "-b", "main", origin.to_str().unwrap()]);
    let seed = root.path().join("seed");
    ok(root.path(), &home, &["clone", "-q", origin.to_str().unwrap(), "seed"]);
    assert_eq!(hashiya(&seed, &home, &["init"]).status.code(), Some(0));
    // The corpus so far: the article, «لي شانغفو» and «البحرية الروسية» tagged.
    let article = text();
    std::fs::write(seed.join(ARTICLE), &article).unwrap();
    let mut base = Store::new();
    base.add_entity("PERSON", span(&article, "لي شانغفو", 0), "لي شانغفو").unwrap();
    base.add_entity("ORG", span(&article, "البحرية الروسية", 1), "البحرية الروسية").unwrap();
    save(&seed.join(format!("{ARTICLE}.ann.toml")), &base, article.as_bytes()).unwrap();
    ok(&seed, &home, &["add", "-A"]);
    ok(&seed, &home, &["commit", "-qm", "the corpus"]);
    ok(&seed, &home, &["push", "-q", "origin", "HEAD:main"]);

    let mut clones = Vec::new();
    for who in ["alice", "bob"] {
        ok(root.path(), &home, &["clone", "-q", origin.to_str().unwrap(), who]);
        let clone = root.path().join(who);
        let init = hashiya(&clone, &home, &["init"]);
        assert_eq!(init.status.code(), Some(0), "{init:?}");
        clones.push(clone);
    }
    let (alice, bob) = (&clones[0], &clones[1]);

    // Alice tags بكين and makes a claim; Bob tags نيكولاي يفمينوف: both
    // entities lie between the same two tagged neighbours.
    let pane = reader(alice, &home, "alice");
    pane.tag("بكين", "3");
    pane.search("تعزيز الاتصال على جميع المستويات");
    pane.send(&["c"]);
    pane.wait_for(10, "the claim form", |s| s.last().is_some_and(|r| r.contains("CLAIM")));
    pane.send(&["Enter"]);
    pane.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    pane.send(&["q"]);
    assert_eq!(pane.wait_exit(10), 0);
    let pane = reader(bob, &home, "bob");
    pane.tag("نيكولاي يفمينوف", "1");
    pane.send(&["q"]);
    assert_eq!(pane.wait_exit(10), 0);
    for (who, clone) in [("alice", alice), ("bob", bob)] {
        ok(clone, &home, &["commit", "-qam", who]);
    }

    // Without the driver, git would stop here: both additions touch the
    // same lines between the two neighbours.
    let sidecar = format!("{ARTICLE}.ann.toml");
    let copies = root.path().join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    for (name, dir) in [("base", &seed), ("alice", alice), ("bob", bob)] {
        std::fs::copy(dir.join(&sidecar), copies.join(name)).unwrap();
    }
    let textual = git::git(&copies, &home, &["merge-file", "-p", "bob", "base", "alice"]);
    assert_eq!(textual.status.code(), Some(1), "a textual merge conflicts: {textual:?}");

    ok(alice, &home, &["push", "-q", "origin", "HEAD:main"]);
    let pull = git::git(bob, &home, &["pull", "--no-rebase", "origin", "main"]);
    assert!(pull.status.success(), "{pull:?}");
    let said =
        String::from_utf8_lossy(&pull.stdout).to_string() + &String::from_utf8_lossy(&pull.stderr);
    assert!(!said.contains("CONFLICT"), "{said}");
    ok(bob, &home, &["push", "-q", "origin", "HEAD:main"]);
    ok(alice, &home, &["pull", "-q", "--no-rebase", "origin", "main"]);
    let merged = std::fs::read_to_string(bob.join(&sidecar)).unwrap();
    assert!(!merged.contains("<<<<<<<"), "{merged}");
    assert_eq!(std::fs::read_to_string(alice.join(&sidecar)).unwrap(), merged);

    for clone in [alice, bob] {
        let check = hashiya(clone, &home, &["check", ARTICLE]);
        assert_eq!(check.status.code(), Some(0), "{check:?}");
    }
    let merged_store = store(bob);
    let made = |who: &str| -> Vec<String> {
        let mut v: Vec<String> = merged_store
            .all()
            .iter()
            .filter(|a| a.by() == Some(who))
            .map(|a| a.text().to_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(made("alice"), ["بكين", "تعزيز الاتصال على جميع المستويات"], "{merged}");
    assert_eq!(made("bob"), ["نيكولاي يفمينوف"], "{merged}");
    assert_eq!(merged_store.len(), 5, "the two of the base too: {merged}");
    assert!(merged_store.all().iter().all(|a| a.conflict().is_none()), "{merged}");

    // The reader opens it, and its review table says who made what.
    let again = reader(bob, &home, "bob");
    let status = again.screen().last().cloned().unwrap_or_default();
    assert!(!status.contains("read-only"), "{status}");
    again.send(&["Tab"]);
    let table = again.wait_for(10, "the review table", |s| {
        s.iter().any(|l| l.contains("this article: annotations of"))
    });
    assert!(
        table.iter().any(|l| l.contains("alice")) && table.iter().any(|l| l.contains("bob")),
        "{}",
        table.join("\n")
    );
    again.send(&["q"]);
    assert_eq!(again.wait_exit(10), 0);
}
