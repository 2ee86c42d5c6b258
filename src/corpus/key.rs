//! The one rule by which the corpus groups entities and claimants: the
//! folded text with its proclitics trimmed (بوتين, وبوتين, لبوتين and
//! بوتن share one key), and how a group is named.

use std::collections::BTreeMap;

use crate::text::normalize::{Folding, fold};
use crate::text::words::trim_proclitics;

/// The key entities and claimants are grouped by: folded text (harakat,
/// tatweel, alef forms… as search folds them), proclitics trimmed.
pub fn entity_key(text: &str) -> String {
    let folded = fold(text, &Folding::default());
    let range = trim_proclitics(&folded, 0..folded.chars().count());
    folded.chars().skip(range.start).take(range.len()).collect()
}

/// `text` as written, its proclitics trimmed (والبحرية → البحرية): the
/// form a group counts.
pub fn written_form(text: &str) -> String {
    let range = trim_proclitics(text, 0..text.chars().count());
    text.chars().skip(range.start).take(range.len()).collect()
}

/// The name of a group whose forms (as written, proclitics trimmed) were
/// seen `forms` times: the most frequent; on a tie a form that keeps its
/// hamza or ta marbuta (differs from its folding), then the first in
/// `char` order — never the folded key, and the same whatever order the
/// mentions came in.
pub fn group_name(forms: &BTreeMap<String, usize>) -> String {
    let folding = Folding::default();
    forms
        .iter()
        .min_by_key(|(form, n)| (std::cmp::Reverse(**n), fold(form, &folding) == **form, *form))
        .map(|(form, _)| form.clone())
        .unwrap_or_default()
}

/// The key a group with key `key` joins when `keys` also holds it without a
/// leading proclitic (و ف ب ل ك) that trimming left on (وبوتين → بوتين):
/// that shorter key, else `key` itself.
pub fn joined_key(key: &str, has: impl Fn(&str) -> bool) -> &str {
    let mut chars = key.chars();
    match chars.next() {
        Some('و' | 'ف' | 'ب' | 'ل' | 'ك') => {
            let rest = chars.as_str();
            if rest.chars().count() >= 2 && has(rest) { rest } else { key }
        }
        _ => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitics_and_spelling_share_a_key() {
        assert_eq!(entity_key("البحرية"), entity_key("والبحرية"));
        // وبوتين keeps its و (it could be a word in و): the index joins it to بوتين.
        assert_eq!(joined_key(&entity_key("وبوتين"), |k| k == "بوتين"), "بوتين");
        assert_eq!(entity_key("أوكرانيا"), "اوكرانيا");
        assert_eq!(written_form("والبحرية"), "البحرية");
    }

    #[test]
    fn groups_are_named_by_their_most_frequent_written_form() {
        let forms = |f: &[(&str, usize)]| f.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect();
        assert_eq!(group_name(&forms(&[("البحرية", 2), ("البحريه", 1)])), "البحرية");
        assert_eq!(group_name(&forms(&[("اوكرانيا", 1), ("أوكرانيا", 1)])), "أوكرانيا");
        assert_eq!(group_name(&forms(&[("اوكرانيا", 2), ("أوكرانيا", 1)])), "اوكرانيا");
        let has = |k: &str| k == "بوتين";
        assert_eq!(joined_key("وبوتين", has), "بوتين");
        assert_eq!(joined_key("وزير", has), "وزير");
    }
}
