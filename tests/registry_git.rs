//! The registry of canonical entities (`entities.toml`) through real git:
//! two clones add entities and aliases to the same entity at once; the
//! pull merges through `hashiya merge-driver` (set up by `hashiya init`)
//! with no conflict, and the result holds both sides' additions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::git::{self, ok};
use hashiya::annotate::IdScheme;
use hashiya::corpus::registry::{Canonical, Registry, render};
use hashiya::corpus::registry_file::load;

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

#[test]
fn two_clones_adding_entities_and_aliases_merge_to_the_union() {
    if !git::available() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let origin = root.path().join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    ok(&origin, &home, &["init", "-q", "-b", "main"]);
    assert_eq!(hashiya(&origin, &home, &["init"]).status.code(), Some(0));
    let attributes = std::fs::read_to_string(origin.join(".gitattributes")).unwrap();
    assert!(attributes.contains("entities.toml merge=hashiya"), "{attributes}");
    let mut base = Registry::new();
    base.insert(Canonical {
        id: "k-base0000".into(),
        name: "نيكولاي يفمينوف".into(),
        kind: "PERSON".into(),
        ..Canonical::default()
    });
    std::fs::write(origin.join("entities.toml"), render(&base)).unwrap();
    ok(&origin, &home, &["add", "-A"]);
    ok(&origin, &home, &["commit", "-qm", "base"]);
    ok(&origin, &home, &["config", "receive.denyCurrentBranch", "ignore"]);

    let mut clones = Vec::new();
    for (seed, (name, added, alias)) in
        [("alice", "سيرغي شويغو", "يفمينوف"), ("bob", "لي شانغفو", "قائد البحرية")]
            .into_iter()
            .enumerate()
    {
        let clone = root.path().join(name);
        ok(root.path(), &home, &["clone", "-q", origin.to_str().unwrap(), name]);
        assert_eq!(hashiya(&clone, &home, &["init"]).status.code(), Some(0));
        let mut registry = load(&clone.join("entities.toml")).unwrap();
        registry.add(added, "PERSON", &mut IdScheme::seeded(1 + (seed as u64) * (1 << 32)));
        registry.add_alias("k-base0000", alias);
        std::fs::write(clone.join("entities.toml"), render(&registry)).unwrap();
        ok(&clone, &home, &["commit", "-qam", name]);
        clones.push(clone);
    }
    let (alice, bob) = (&clones[0], &clones[1]);
    ok(alice, &home, &["push", "-q", "origin", "HEAD:main"]);
    let pull = git::git(bob, &home, &["pull", "-q", "--no-rebase", "origin", "main"]);
    assert!(pull.status.success(), "{pull:?}");
    let text = std::fs::read_to_string(bob.join("entities.toml")).unwrap();
    assert!(!text.contains("<<<<<<<"), "{text}");
    let merged = load(&bob.join("entities.toml")).unwrap();
    let names: Vec<&str> = merged.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{text}");
    assert!(names.contains(&"سيرغي شويغو") && names.contains(&"لي شانغفو"), "{text}");
    let aliases = &merged.get("k-base0000").unwrap().aliases;
    assert!(aliases.contains("يفمينوف") && aliases.contains("قائد البحرية"), "{text}");
    // Written in the canonical form: pulling it back changes nothing.
    assert_eq!(render(&merged), text);
    ok(bob, &home, &["push", "-q", "origin", "HEAD:main"]);
    ok(alice, &home, &["pull", "-q", "--no-rebase", "origin", "main"]);
    assert_eq!(std::fs::read_to_string(alice.join("entities.toml")).unwrap(), text);
}
