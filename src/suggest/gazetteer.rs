//! The corpus gazetteer: every entity annotated anywhere in the corpus,
//! found again in an article.
//!
//! Entities are grouped by the corpus's one key ([`crate::corpus::entity_key`]:
//! folded, proclitics before ال trimmed; a key that is another with a
//! proclitic left on joins it, as the entity index joins them). Each key
//! proposes the label it was given most often (ties: the first by name),
//! scored by the share of its mentions that had that label.
//!
//! An article is read word by word ([`super::tokens`]): a name is a run of
//! words, only spaces between them, whose folded forms are the key's words
//! — its first word may carry proclitics (و ف, then ب ك ل; لل as ل + the
//! article: للولايات is ل + الولايات), which the span leaves out. The
//! longest name found at a word wins, and the search goes on after it.
//! Building is linear in the corpus's annotations; finding is one hash
//! look-up per word and proclitic reading (a token trie of depth one, then
//! the few names that start with that word).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::tokens::{Token, readings, tokens};
use super::{Failure, Input, Proposal, Recommender, Suggestion, slice};
use crate::corpus::key::joined_key;
use crate::corpus::{Corpus, entity_key};

/// The name its suggestions carry.
pub const NAME: &str = "gazetteer";

/// One name of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
struct Name {
    /// Its folded words (the first is the map's key too).
    words: Vec<String>,
    /// Its key, as the corpus groups it.
    key: String,
    /// The label proposed.
    label: String,
    /// Share of its mentions with that label.
    score: f64,
}

/// The corpus gazetteer (see the module).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gazetteer {
    /// Names by their first folded word, longest first.
    by_first: HashMap<String, Vec<Name>>,
    /// How many names.
    names: usize,
}

impl Gazetteer {
    /// The gazetteer of every entity of `corpus`.
    pub fn from_corpus(corpus: &Corpus) -> Self {
        Self::from_corpus_except(corpus, None)
    }

    /// The gazetteer of every entity of `corpus` except those of article
    /// `except` (leave-one-out: an article's suggestions from the others).
    pub fn from_corpus_except(corpus: &Corpus, except: Option<usize>) -> Self {
        let mentions = (0..corpus.len())
            .filter(|&i| Some(i) != except)
            .filter_map(|i| corpus.article(i))
            .flat_map(|a| a.entities.iter())
            .filter(|e| !e.orphan && !e.conflict)
            .map(|e| (e.key.as_str(), e.label.as_str()));
        Self::from_mentions(mentions)
    }

    /// The gazetteer of mentions given as (key, label): keys as
    /// [`entity_key`] makes them.
    pub fn from_mentions<'a>(mentions: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut votes: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for (key, label) in mentions {
            if key.chars().filter(|c| !c.is_whitespace()).count() >= 2 {
                *votes.entry(key).or_default().entry(label).or_default() += 1;
            }
        }
        let keys: BTreeSet<&str> = votes.keys().copied().collect();
        let mut joined: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for (key, labels) in &votes {
            let target = joined_key(key, |k| keys.contains(k));
            let into = joined.entry(target).or_default();
            for (label, n) in labels {
                *into.entry(label).or_default() += n;
            }
        }
        let mut by_first: HashMap<String, Vec<Name>> = HashMap::new();
        let mut names = 0;
        for (key, labels) in joined {
            let total: usize = labels.values().sum();
            let Some((label, n)) =
                labels.iter().min_by_key(|(label, n)| (std::cmp::Reverse(**n), **label))
            else {
                continue;
            };
            let words: Vec<String> = key.split_whitespace().map(str::to_owned).collect();
            let Some(first) = words.first().cloned() else { continue };
            let name = Name {
                words,
                key: key.to_owned(),
                label: (*label).to_owned(),
                score: *n as f64 / total as f64,
            };
            by_first.entry(first).or_default().push(name);
            names += 1;
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.words.len().cmp(&a.words.len()).then(a.key.cmp(&b.key)));
        }
        Self { by_first, names }
    }

    /// How many names it knows.
    pub fn len(&self) -> usize {
        self.names
    }

    /// True when it knows no name.
    pub fn is_empty(&self) -> bool {
        self.names == 0
    }

    /// The names found in `text`: (range, label, score, key), by start, none
    /// overlapping.
    fn find(&self, text: &str) -> Vec<(std::ops::Range<usize>, &Name)> {
        let tokens = tokens(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(&tokens, i) {
                Some((range, name)) => {
                    out.push((range, name));
                    i += name.words.len();
                }
                None => i += 1,
            }
        }
        out
    }

    /// The longest name starting at word `i`, with its range.
    fn longest_at<'g>(
        &'g self,
        tokens: &[Token],
        i: usize,
    ) -> Option<(std::ops::Range<usize>, &'g Name)> {
        let mut best: Option<(std::ops::Range<usize>, &Name)> = None;
        for (skip, first) in readings(&tokens[i].folded) {
            let Some(names) = self.by_first.get(&first) else { continue };
            for name in names {
                let n = name.words.len();
                let fits = i + n <= tokens.len()
                    && (1..n)
                        .all(|k| tokens[i + k].joined && tokens[i + k].folded == name.words[k]);
                if !fits {
                    continue;
                }
                let range = tokens[i].from_folded(skip).start..tokens[i + n - 1].range.end;
                if best.as_ref().is_none_or(|(r, _)| range.len() > r.len()) {
                    best = Some((range, name));
                }
            }
        }
        best
    }
}

impl Recommender for Gazetteer {
    fn name(&self) -> &str {
        NAME
    }

    fn suggest(&self, input: &Input<'_>) -> Result<Vec<Suggestion>, Failure> {
        let rejected: BTreeSet<(String, &str)> =
            input.rejected.iter().map(|r| (entity_key(&r.text), r.label.as_str())).collect();
        Ok(self
            .find(input.text)
            .into_iter()
            .filter(|(_, name)| !rejected.contains(&(name.key.clone(), name.label.as_str())))
            .map(|(range, name)| Suggestion {
                text: slice(input.text, &range),
                range,
                proposal: Proposal::Entity(name.label.clone()),
                score: name.score,
                source: NAME.to_owned(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{Schema, Store};
    use crate::suggest::Rejection;

    fn gazetteer(names: &[(&str, &str)]) -> Gazetteer {
        let keys: Vec<(String, &str)> = names.iter().map(|(t, l)| (entity_key(t), *l)).collect();
        Gazetteer::from_mentions(keys.iter().map(|(k, l)| (k.as_str(), *l)))
    }

    fn found(g: &Gazetteer, text: &str, rejected: &[Rejection]) -> Vec<(String, String)> {
        let store = Store::new();
        let schema = Schema::builtin();
        let input =
            Input { name: "a", text, store: &store, rejected, schema: &schema, proposed: &[] };
        g.suggest(&input)
            .unwrap()
            .into_iter()
            .map(|s| (s.text.clone(), s.label().to_owned()))
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn proclitics_are_left_out_and_spelling_does_not_matter() {
        let g = gazetteer(&[("بكين", "GPE"), ("الصين", "GPE"), ("الولايات المتحدة", "GPE")]);
        let text = "وبِكين والصين وبالصين للولايات المتحدة، وكبكين الصينية.";
        assert_eq!(
            found(&g, text, &[]),
            pairs(&[
                ("بِكين", "GPE"),
                ("الصين", "GPE"),
                ("الصين", "GPE"),
                ("لولايات المتحدة", "GPE"),
                ("بكين", "GPE"),
            ])
        );
    }

    #[test]
    fn the_longest_name_wins_and_names_do_not_cross_punctuation() {
        let g = gazetteer(&[
            ("بوتين", "PERSON"),
            ("فلاديمير بوتين", "PERSON"),
            ("وزارة الدفاع", "ORG"),
            ("وزارة الدفاع الروسية", "ORG"),
        ]);
        let text = "قال فلاديمير بوتين إن وزارة الدفاع الروسية، ووزارة الدفاع. فلاديمير، بوتين";
        assert_eq!(
            found(&g, text, &[]),
            pairs(&[
                ("فلاديمير بوتين", "PERSON"),
                ("وزارة الدفاع الروسية", "ORG"),
                ("وزارة الدفاع", "ORG"),
                ("بوتين", "PERSON"),
            ])
        );
    }

    #[test]
    fn the_label_most_given_wins_and_a_rejected_form_is_not_suggested_again() {
        let g =
            gazetteer(&[("موسكو", "GPE"), ("موسكو", "GPE"), ("موسكو", "ORG"), ("لي", "PERSON")]);
        let text = "زار لي موسكو، ثم عاد إلى موسكو.";
        let s = found(&g, text, &[]);
        assert_eq!(s, pairs(&[("لي", "PERSON"), ("موسكو", "GPE"), ("موسكو", "GPE")]));
        let no = [Rejection { range: 7..12, text: "موسكو".into(), label: "GPE".into() }];
        assert_eq!(found(&g, text, &no), pairs(&[("لي", "PERSON")]));
        // Rejected with another label: still suggested.
        let other = [Rejection { range: 7..12, text: "موسكو".into(), label: "ORG".into() }];
        assert_eq!(found(&g, text, &other).len(), 3);
    }

    #[test]
    fn a_key_with_a_proclitic_left_on_joins_the_bare_one() {
        // وبوتين keeps its و in the key (no article after it); it joins بوتين.
        let g = gazetteer(&[("وبوتين", "PERSON"), ("بوتين", "PERSON")]);
        assert_eq!(g.len(), 1);
        assert_eq!(found(&g, "وبوتين", &[]), pairs(&[("بوتين", "PERSON")]));
    }
}
