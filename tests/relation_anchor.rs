//! Re-anchoring keeps relations with their entities: when the article
//! changes (text inserted, a mention deleted), every relation is kept,
//! its ends still name the same entities, an end found again quotes its
//! text at its new place, and a relation whose end is an orphan is kept and
//! reported (`AnchorReport::orphan_ends`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use hashiya::annotate::{Store, parse_str, render};
use proptest::prelude::*;

const WORDS: &[&str] = &["بوتين", "موسكو", "الصين", "شي", "الحزب", "قال", "في", "مع", "وزير"];

/// Words and spaces; `(start, end)` of each word in `char`s.
fn article(words: &[usize]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for &w in words {
        let start = text.chars().count();
        text.push_str(WORDS[w]);
        spans.push((start, text.chars().count()));
        text.push(' ');
    }
    (text, spans)
}

/// An edit of the article: insert a word before word `at`, or delete word
/// `at` (its entity, if any, becomes an orphan unless the same text is
/// elsewhere).
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0usize..40, 0..WORDS.len()).prop_map(|(at, w)| Edit::Insert(at, w)),
        1 => (0usize..40).prop_map(Edit::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn relations_follow_their_entities_when_the_article_changes(
        words in prop::collection::vec(0..WORDS.len(), 2..30),
        tagged in prop::collection::vec(any::<bool>(), 30),
        pairs in prop::collection::vec((0usize..30, 0usize..30), 0..8),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let (text, spans) = article(&words);
        let mut store = Store::new();
        let mut ids = Vec::new();
        for (i, &(start, end)) in spans.iter().enumerate() {
            if tagged[i % tagged.len()] {
                let quote = WORDS[words[i]];
                ids.push(store.add_entity("PERSON", start..end, quote).unwrap());
            }
        }
        prop_assume!(ids.len() >= 2);
        for (a, b) in pairs {
            let (from, to) = (&ids[a % ids.len()], &ids[b % ids.len()]);
            if from != to {
                store.add_relation("met_with", from, to).unwrap();
            }
        }
        let before: Vec<(String, Option<String>, Option<String>)> = store
            .records_of_kind("relation")
            .iter()
            .map(|r| (r.id.clone(), r.text_of("from").map(str::to_owned), r.text_of("to").map(str::to_owned)))
            .collect();
        let quotes: std::collections::HashMap<String, String> =
            store.entities().map(|e| (e.id.clone(), e.text.clone())).collect();

        // The article changes.
        let mut edited: Vec<usize> = words.clone();
        for e in &edits {
            match *e {
                Edit::Insert(at, w) => edited.insert(at % (edited.len() + 1), w),
                Edit::Delete(at) if !edited.is_empty() => {
                    edited.remove(at % edited.len());
                }
                Edit::Delete(_) => {}
            }
        }
        let (new_text, _) = article(&edited);
        let written = render(&store, "a.txt", "00");
        // In the article it was made on, nothing moves, no end is an orphan.
        let same = parse_str(&written, Path::new("a.txt.ann.toml"), &text).unwrap();
        prop_assert!(same.report.moved.is_empty() && same.report.orphan_ends.is_empty());
        let loaded = parse_str(&written, Path::new("a.txt.ann.toml"), &new_text).unwrap();
        let s = &loaded.store;

        // Every relation kept, naming the same entities.
        let after: Vec<(String, Option<String>, Option<String>)> = s
            .records_of_kind("relation")
            .iter()
            .map(|r| (r.id.clone(), r.text_of("from").map(str::to_owned), r.text_of("to").map(str::to_owned)))
            .collect();
        prop_assert_eq!(&after, &before);
        let chars: Vec<char> = new_text.chars().collect();
        let mut expected_orphan_ends = Vec::new();
        for (id, from, to) in &after {
            let mut orphaned = false;
            for end in [from, to].into_iter().flatten() {
                let e = s.entity(end).unwrap();
                prop_assert_eq!(&e.text, &quotes[end], "the end keeps its quote");
                if e.orphan {
                    orphaned = true;
                } else {
                    // Found again: its span quotes its text in the new article.
                    let at: String = chars[e.start..e.end].iter().collect();
                    prop_assert_eq!(&at, &e.text);
                }
            }
            if orphaned {
                expected_orphan_ends.push(id.clone());
            }
        }
        expected_orphan_ends.sort_by(|a, b| hashiya::annotate::model::compare_ids(a, b));
        prop_assert_eq!(&loaded.report.orphan_ends, &expected_orphan_ends);
        // And the file written back holds every relation.
        let again = render(s, "a.txt", "00");
        prop_assert_eq!(again.matches("\n[[relation]]\n").count(), before.len());
    }
}

#[test]
fn a_relation_whose_end_is_gone_from_the_article_is_kept_and_reported() {
    let text = "التقى بوتين شي في موسكو";
    let mut store = Store::new();
    let putin = store.add_entity("PERSON", 6..11, "بوتين").unwrap();
    let xi = store.add_entity("PERSON", 12..14, "شي").unwrap();
    let r = store.add_relation("met_with", &putin, &xi).unwrap();
    let written = render(&store, "a.txt", "00");
    let same = parse_str(&written, Path::new("a.txt.ann.toml"), text).unwrap();
    assert!(same.report.orphan_ends.is_empty());
    let edited = "عاجل: التقى بوتين الرئيس في موسكو";
    let loaded = parse_str(&written, Path::new("a.txt.ann.toml"), edited).unwrap();
    assert_eq!(loaded.store.entity(&putin).unwrap().range(), 12..17, "moved with the text");
    assert!(loaded.store.entity(&xi).unwrap().orphan);
    assert_eq!(loaded.report.orphan_ends, std::slice::from_ref(&r));
    let kept = loaded.store.record(&r).unwrap();
    assert_eq!(
        (kept.text_of("from"), kept.text_of("to")),
        (Some(putin.as_str()), Some(xi.as_str()))
    );
}
