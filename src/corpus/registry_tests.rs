use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::corpus::registry_merge::merge;

fn entity(id: &str, name: &str, aliases: &[&str]) -> Canonical {
    Canonical {
        id: id.to_owned(),
        name: name.to_owned(),
        kind: "PERSON".to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        ..Canonical::default()
    }
}

fn registry(entities: &[Canonical]) -> Registry {
    let mut r = Registry::new();
    for e in entities {
        r.insert(e.clone());
    }
    r
}

#[test]
fn a_registry_written_reads_back_the_same_and_sorted_by_id() {
    let mut r = registry(&[
        entity("k-zzzzzzzz", "نيكولاي يفمينوف", &["يفمينوف", "وزير الطوارئ"]),
        entity("k-00000000", "سيرغي \"شويغو\"\u{202e}", &[]),
    ]);
    if let Some(e) = r.get_mut("k-zzzzzzzz") {
        e.kb_id = Some("Q4161444".into());
        e.note = Some("line\nbreak".into());
        e.by = Some("ali".into());
        e.at = Some("2026-12-07T10:00:00Z".into());
        e.extra.insert("wiki".into(), toml::Value::String("x".into()));
    }
    r.extra.insert("custom".into(), toml::Value::Integer(3));
    let text = render(&r);
    assert!(text.find("k-00000000").unwrap() < text.find("k-zzzzzzzz").unwrap(), "{text}");
    assert!(text.contains("aliases = [\n  \"وزير الطوارئ\",\n  \"يفمينوف\",\n]\n"), "{text}");
    assert!(!text.contains('\u{202e}'), "bidi controls escaped: {text}");
    let back = parse(&text, Path::new("entities.toml")).unwrap();
    assert_eq!(back, r);
    assert_eq!(render(&back), text, "deterministic");
}

#[test]
fn errors_point_at_the_file_line_and_column() {
    let path = Path::new("c/entities.toml");
    let cases = [
        ("schema = 1\n[[entity]]\nid = \"k-1\"\nname = \"x\"\nkb_id = \"Q012\"\n", 5, 9, "kb_id"),
        ("schema = 1\n[[entity]]\nname = \"x\"\n", 2, 1, "no `id`"),
        ("schema = 1\n[[entity]]\nid = \"k-1\"\n", 2, 1, "no `name`"),
        ("schema = 2\n", 1, 10, "schema"),
        (
            "[[entity]]\nid = \"a\"\nname = \"x\"\n[[entity]]\nid = \"a\"\nname = \"y\"\n",
            4,
            1,
            "duplicate",
        ),
        ("[[entity]]\nid = \"a\"\nname = \"x\"\naliases = [1]\n", 4, 12, "aliases"),
        ("[[entity]]\nid = \"a\"\nname = \n", 3, 8, ""),
    ];
    for (text, line, column, word) in cases {
        let e = parse(text, path).unwrap_err().to_string();
        assert!(e.starts_with(&format!("c/entities.toml:{line}:{column}: ")), "{text:?}: {e}");
        assert!(e.contains(word), "{e}");
    }
    assert!(valid_kb_id("Q42") && !valid_kb_id("Q") && !valid_kb_id("q42") && !valid_kb_id("P31"));
}

#[test]
fn names_and_aliases_are_found_whatever_the_spelling() {
    let mut r = registry(&[
        entity("k-a", "نيكولاي يفمينوف", &["يفمينوف"]),
        entity("k-b", "سيرغي شويغو", &["وزير الدفاع الروسي"]),
    ]);
    // Clitics and spelling: وليفمينوف, harakat, alef forms.
    assert_eq!(r.lookup("ليفمينوف"), vec!["k-a"]);
    assert!(r.lookup("شويغ").is_empty());
    assert_eq!(r.named("يَفمينوف").iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["k-a"]);
    assert_eq!(r.filter("وزير").first().map(|e| e.id.as_str()), Some("k-b"));
    assert_eq!(r.filter("").len(), 2);
    assert!(r.filter("بوتين").is_empty());
    assert!(!r.add_alias("k-a", "يَفمينوف"), "same key as an alias");
    assert!(r.add_alias("k-a", "الوزير يفمينوف"));
    let mut ids = IdScheme::seeded(1);
    let id = r.add("بوتين", "PERSON", &mut ids);
    assert!(crate::annotate::ids::is_unique_form(&id, 'k'), "{id}");
    assert_eq!(r.key_index().get(&entity_key("بوتين")), Some(&vec![id]));
}

#[test]
fn a_merge_keeps_both_sides_and_settles_conflicts_alike() {
    let base = registry(&[entity("k-a", "يفمينوف", &["س"]), entity("k-d", "حذف", &[])]);
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.insert(entity("k-o", "أ", &[]));
    theirs.insert(entity("k-t", "ب", &[]));
    ours.get_mut("k-a").unwrap().aliases.insert("x".into());
    theirs.get_mut("k-a").unwrap().aliases.remove("س");
    theirs.get_mut("k-a").unwrap().aliases.insert("y".into());
    ours.get_mut("k-a").unwrap().name = "نيكولاي يفمينوف".into();
    theirs.get_mut("k-a").unwrap().name = "ن. يفمينوف".into();
    ours.remove("k-d");
    let (merged, report) = merge(&base, &ours, &theirs);
    let (swapped, _) = merge(&base, &theirs, &ours);
    assert_eq!(merged, swapped, "order-independent");
    let ids: Vec<&str> = merged.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["k-a", "k-o", "k-t"]);
    let a = merged.get("k-a").unwrap();
    assert_eq!(a.name, "نيكولاي يفمينوف");
    let aliases: Vec<&str> = a.aliases.iter().map(String::as_str).collect();
    assert_eq!(aliases, ["x", "y", "ن. يفمينوف"], "union minus removals, the losing name kept");
    assert_eq!(report.conflicts, ["k-a: name"]);
    // Deleted on one side, changed on the other: kept.
    let mut changed = base.clone();
    changed.get_mut("k-d").unwrap().note = Some("n".into());
    let (kept, _) = merge(&base, &ours, &changed);
    assert!(kept.get("k-d").is_some());
}

#[test]
fn saving_merges_what_another_instance_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = crate::corpus::registry_file::RegistryFile::open(dir.path()).unwrap();
    let mut two = crate::corpus::registry_file::RegistryFile::open(dir.path()).unwrap();
    one.registry.insert(entity("k-1", "أ", &[]));
    two.registry.insert(entity("k-2", "ب", &[]));
    one.save().unwrap();
    assert!(two.save().unwrap().is_some(), "the file had changed");
    let disk = crate::corpus::registry_file::load(&dir.path().join(REGISTRY_FILE)).unwrap();
    assert_eq!(disk.len(), 2);
    one.refresh().unwrap();
    assert_eq!(one.registry, disk);
    assert!(!one.is_dirty());
    std::fs::write(dir.path().join(REGISTRY_FILE), "[[entity]\n").unwrap();
    let e = one.save().unwrap_err().to_string();
    assert!(e.contains("entities.toml:1:"), "{e}");
    assert_eq!(std::fs::read_to_string(dir.path().join(REGISTRY_FILE)).unwrap(), "[[entity]\n");
}

/// What one annotator does to a shared registry: new entities (fresh ids),
/// aliases added to the base's.
#[derive(Debug, Clone)]
struct Work {
    new: Vec<(String, Vec<String>)>,
    aliases: Vec<(usize, String)>,
}

fn work(prefix: &'static str) -> impl Strategy<Value = Work> {
    let name = "[ابتثجحخدرزسشصضطظعغفقكلمنهوي]{1,6}";
    (
        prop::collection::vec((name, prop::collection::vec(name, 0..3)), 0..5),
        prop::collection::vec((0usize..4, name), 0..6),
    )
        .prop_map(move |(new, aliases)| Work {
            new: new
                .into_iter()
                .enumerate()
                .map(|(i, (n, a))| (format!("{n}|{prefix}{i}"), a))
                .collect(),
            aliases,
        })
}

fn apply(base: &Registry, w: &Work, seed: u64) -> Registry {
    let mut r = base.clone();
    let mut ids = IdScheme::seeded(seed);
    for (name, aliases) in &w.new {
        let id = r.add(name, "PERSON", &mut ids);
        if let Some(e) = r.get_mut(&id) {
            e.aliases.extend(aliases.iter().cloned());
        }
    }
    let base_ids: Vec<String> = base.iter().map(|e| e.id.clone()).collect();
    for (i, alias) in &w.aliases {
        if let Some(id) = base_ids.get(*i) {
            if let Some(e) = r.get_mut(id) {
                e.aliases.insert(alias.clone());
            }
        }
    }
    r
}

fn all_aliases(r: &Registry) -> BTreeSet<(String, String)> {
    r.iter().flat_map(|e| e.aliases.iter().map(|a| (e.id.clone(), a.clone()))).collect()
}

proptest! {
    /// Two annotators add entities and aliases at once: the merge holds
    /// the union — every entity and alias of either side, nothing else —
    /// whichever side is ours, and through the file's text.
    #[test]
    fn concurrent_additions_merge_to_the_union(
        base_names in prop::collection::vec("[ابتثجح]{1,4}", 0..4),
        a in work("a"),
        b in work("b"),
    ) {
        let mut base = Registry::new();
        let mut ids = IdScheme::seeded(99);
        for n in &base_names {
            base.add(n, "ORG", &mut ids);
        }
        // Seeds far apart: a seed draws seed, seed + 1, … (tests' ids only).
        let ours = apply(&base, &a, 1);
        let theirs = apply(&base, &b, 1 << 32);
        let (merged, _) = merge(&base, &ours, &theirs);
        let (swapped, _) = merge(&base, &theirs, &ours);
        prop_assert_eq!(&merged, &swapped);
        let ids = |r: &Registry| r.iter().map(|e| e.id.clone()).collect::<BTreeSet<_>>();
        let want_ids: BTreeSet<_> = ids(&ours).union(&ids(&theirs)).cloned().collect();
        prop_assert_eq!(ids(&merged), want_ids);
        let want: BTreeSet<_> = all_aliases(&ours).union(&all_aliases(&theirs)).cloned().collect();
        prop_assert_eq!(all_aliases(&merged), want);
        for e in merged.iter() {
            let name = ours.get(&e.id).or_else(|| theirs.get(&e.id)).map(|x| x.name.clone());
            prop_assert_eq!(Some(e.name.clone()), name);
        }
        let path = Path::new("entities.toml");
        let text = |r: &Registry| render(r);
        let (through_text, _) = merge(
            &parse(&text(&base), path).unwrap(),
            &parse(&text(&ours), path).unwrap(),
            &parse(&text(&theirs), path).unwrap(),
        );
        prop_assert_eq!(through_text, merged);
    }
}

#[test]
fn linked_claimants_group_under_their_canonical_entity_across_articles() {
    use crate::annotate::{Claimant, Store};
    use crate::corpus::{ArticleData, Corpus};
    let article = |mention: &str, linked: bool| {
        let mut s = Store::new();
        let e = s.add_entity("PERSON", 0..mention.chars().count(), mention).unwrap();
        if linked {
            s.set_link(&e, Some("k-y")).unwrap();
        }
        let c = s.add_claim(100..110, "نص").unwrap();
        s.set_claimant(&c, Some(Claimant::Entity(e))).unwrap();
        s
    };
    let registry = registry(&[entity("k-y", "نيكولاي يفمينوف", &["يفمينوف"])]);
    let stores = [article("يفمينوف", true), article("نيكولاي يفمينوف", true), article("وزير", true)];
    let corpus = Corpus::build(stores.iter().map(|s| ArticleData::of(s).resolved(&registry)));
    assert_eq!(corpus.claimants(), [("نيكولاي يفمينوف".to_owned(), 3)]);
    let index = corpus.entity_index();
    assert_eq!((index.len(), index[0].mentions), (1, 3), "{index:?}");
    // Unresolved (no registry), they are three claimants.
    let plain = Corpus::build(stores.iter().map(ArticleData::of));
    assert_eq!(plain.claimants().len(), 3);
}

proptest! {
    /// Any registry — names, aliases and notes holding anything (controls,
    /// bidi controls, quotes, backslashes, line breaks) — is written and
    /// read back the same, and written again byte for byte.
    #[test]
    fn any_registry_written_reads_back_exactly(
        entities in prop::collection::vec(
            (
                "\\PC{1,12}|[\"\\\\\n\t\u{1b}\u{202e}\u{2066}ا-ي]{1,6}",
                prop::collection::btree_set("\\PC{0,8}|[\"\\\\\n\u{7}ا-ي]{1,4}", 0..3),
                prop::option::of("\\PC{0,10}|[\r\n\u{85}]{1,3}"),
                prop::option::of(1u32..99_999_999),
            ),
            0..6,
        ),
    ) {
        let mut registry = Registry::new();
        let mut ids = IdScheme::seeded(5);
        for (name, aliases, note, kb) in entities {
            if name.trim().is_empty() {
                continue;
            }
            let id = registry.add(&name, "PERSON", &mut ids);
            let e = registry.get_mut(&id).unwrap();
            e.aliases = aliases;
            e.note = note;
            e.kb_id = kb.map(|n| format!("Q{n}"));
        }
        let text = render(&registry);
        let back = parse(&text, Path::new("entities.toml")).unwrap();
        prop_assert_eq!(&back, &registry);
        prop_assert_eq!(render(&back), text);
    }
}
