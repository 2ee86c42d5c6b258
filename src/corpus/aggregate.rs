//! The corpus aggregate: counts and indexes over every article, kept up to
//! date one article at a time.
//!
//! Each article's contribution is added when it is read, and taken out
//! again (by the same data) when its annotations change, so replacing an
//! article gives exactly what rebuilding the whole aggregate would
//! (property-tested). Everything is in ordered maps: the views come out the
//! same whatever order the articles were added in.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::article::{ArticleData, ClaimItem};
use super::key::{group_name, joined_key};
use crate::annotate::ArticleStatus;

/// The mentions of one key (an entity, or a claimant) across the corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Group {
    /// Forms as written (proclitics trimmed) and how often each is seen.
    pub forms: BTreeMap<String, usize>,
    /// Full texts as written and how often each is seen.
    pub texts: BTreeMap<String, usize>,
    /// Labels (entities) and how often each is seen.
    pub labels: BTreeMap<String, usize>,
    /// Every mention: (article, start, index in the article's list).
    pub at: BTreeSet<(usize, usize, usize)>,
}

/// One row of the entity index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The key its mentions share (see [`super::entity_key`]).
    pub key: String,
    /// How it is named: its most frequent written form.
    pub name: String,
    /// How many mentions.
    pub mentions: usize,
    /// Its labels, sorted.
    pub labels: Vec<String>,
    /// Its texts as written, sorted.
    pub forms: Vec<String>,
    /// Its first mention: article and span.
    pub first: Option<(usize, Range<usize>)>,
}

/// Counts over the corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Articles added (read, or failed to read).
    pub articles: usize,
    /// Entities.
    pub entities: usize,
    /// Claims.
    pub claims: usize,
    /// Annotations whose text is not in their article any more.
    pub orphans: usize,
    /// Articles that could not be read.
    pub problems: usize,
    /// Articles per status, in [`ArticleStatus::ALL`]'s order (to do, in
    /// progress, done; an article without a status is to do): they sum to
    /// `articles`.
    pub statuses: [usize; 3],
}

/// The slot of `status` in arrays ordered as [`ArticleStatus::ALL`].
pub fn status_slot(status: ArticleStatus) -> usize {
    match status {
        ArticleStatus::Todo => 0,
        ArticleStatus::InProgress => 1,
        ArticleStatus::Done => 2,
    }
}

impl Totals {
    /// Articles with `status` (none counts as to do).
    pub fn with_status(&self, status: ArticleStatus) -> usize {
        self.statuses[status_slot(status)]
    }
}

/// What one annotator did across the corpus: their annotations, and the
/// articles they annotated by the articles' status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnnotatorProgress {
    /// Entities they made.
    pub entities: usize,
    /// Claims they made.
    pub claims: usize,
    /// Articles holding at least one annotation of theirs, per status in
    /// [`ArticleStatus::ALL`]'s order (none counts as to do).
    pub statuses: [usize; 3],
}

impl AnnotatorProgress {
    /// Articles holding at least one annotation of theirs.
    pub fn articles(&self) -> usize {
        self.statuses.iter().sum()
    }

    /// Of those, the articles with `status`.
    pub fn with_status(&self, status: ArticleStatus) -> usize {
        self.statuses[status_slot(status)]
    }

    /// Their entities and claims.
    pub fn annotations(&self) -> usize {
        self.entities + self.claims
    }
}

/// The corpus: every article's annotations, counts, the entity index and
/// claims by claimant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    articles: Vec<Option<ArticleData>>,
    totals: Totals,
    labels: BTreeMap<String, usize>,
    kinds: BTreeMap<String, usize>,
    annotators: BTreeMap<String, AnnotatorProgress>,
    entities: BTreeMap<String, Group>,
    claimants: BTreeMap<String, Group>,
    /// Only counts: no entity index (see [`Corpus::counts_only`]).
    counts_only: bool,
}

fn bump(map: &mut BTreeMap<String, usize>, key: &str, add: bool) {
    if add {
        // A key seen before (most are) costs no allocation.
        if let Some(n) = map.get_mut(key) {
            *n += 1;
        } else {
            map.insert(key.to_owned(), 1);
        }
    } else if let Some(n) = map.get_mut(key) {
        *n -= 1;
        if *n == 0 {
            map.remove(key);
        }
    }
}

/// One mention of a group: its key, written form and text, label.
struct Mention<'a> {
    key: &'a str,
    form: &'a str,
    text: &'a str,
    label: Option<&'a str>,
}

fn group_mention(
    groups: &mut BTreeMap<String, Group>,
    Mention { key, form, text, label }: Mention<'_>,
    at: (usize, usize, usize),
    add: bool,
) {
    if !groups.contains_key(key) {
        groups.insert(key.to_owned(), Group::default());
    }
    let Some(group) = groups.get_mut(key) else { return };
    bump(&mut group.forms, form, add);
    bump(&mut group.texts, text, add);
    if let Some(label) = label {
        bump(&mut group.labels, label, add);
    }
    if add {
        group.at.insert(at);
    } else {
        group.at.remove(&at);
    }
    if group.at.is_empty() {
        groups.remove(key);
    }
}

impl Corpus {
    /// An empty corpus of `articles` articles, none read yet.
    pub fn new(articles: usize) -> Self {
        Self { articles: vec![None; articles], ..Self::default() }
    }

    /// An empty corpus that only counts: labels, kinds, annotators,
    /// claimants and totals, no entity index and no article kept (what
    /// `stats` needs, in memory that does not grow with the articles'
    /// annotations). Articles are only added to it: setting one again
    /// would count it twice.
    pub fn counts_only() -> Self {
        Self { counts_only: true, ..Self::default() }
    }

    /// Puts in (`add`) or takes out the contribution of `data` as article `index`.
    fn apply(&mut self, index: usize, data: &ArticleData, add: bool) {
        let sign = |n: &mut usize, k: usize| {
            if add { *n += k } else { *n -= k }
        };
        sign(&mut self.totals.articles, 1);
        sign(&mut self.totals.entities, data.entities.len());
        sign(&mut self.totals.claims, data.claims.len());
        sign(&mut self.totals.orphans, data.orphans());
        sign(&mut self.totals.problems, usize::from(data.problem.is_some()));
        let slot = status_slot(data.progress());
        sign(&mut self.totals.statuses[slot], 1);
        let who: BTreeSet<&str> = data
            .entities
            .iter()
            .map(|e| e.by.as_str())
            .chain(data.claims.iter().map(|c| c.by.as_str()))
            .collect();
        for by in who {
            self.annotator(by, |p| sign(&mut p.statuses[slot], 1));
        }
        for (i, e) in data.entities.iter().enumerate() {
            bump(&mut self.labels, &e.label, add);
            self.annotator(&e.by, |p| sign(&mut p.entities, 1));
            if self.counts_only {
                continue;
            }
            let at = (index, e.range.start, i);
            let m = Mention { key: &e.key, form: &e.form, text: &e.text, label: Some(&e.label) };
            group_mention(&mut self.entities, m, at, add);
        }
        for (i, c) in data.claims.iter().enumerate() {
            bump(&mut self.kinds, &c.kind, add);
            self.annotator(&c.by, |p| sign(&mut p.claims, 1));
            let at = (index, c.range.start, i);
            let m = Mention { key: &c.key, form: &c.form, text: &c.claimant, label: None };
            group_mention(&mut self.claimants, m, at, add);
        }
    }

    /// Changes annotator `by`'s figures, dropping them once all are 0.
    fn annotator(&mut self, by: &str, change: impl FnOnce(&mut AnnotatorProgress)) {
        if !self.annotators.contains_key(by) {
            self.annotators.insert(by.to_owned(), AnnotatorProgress::default());
        }
        let Some(progress) = self.annotators.get_mut(by) else { return };
        change(progress);
        if *progress == AnnotatorProgress::default() {
            self.annotators.remove(by);
        }
    }

    /// Sets article `index`'s annotations (growing the corpus to hold it),
    /// taking out what it had before: the same as rebuilding.
    pub fn set(&mut self, index: usize, data: ArticleData) {
        self.remove(index);
        if self.articles.len() <= index {
            self.articles.resize(index + 1, None);
        }
        self.apply(index, &data, true);
        if !self.counts_only {
            self.articles[index] = Some(data);
        }
    }

    /// Takes article `index`'s annotations out (it counts as not read).
    pub fn remove(&mut self, index: usize) {
        if let Some(old) = self.articles.get_mut(index).and_then(Option::take) {
            self.apply(index, &old, false);
        }
    }

    /// The corpus of `articles`, each read.
    pub fn build(articles: impl IntoIterator<Item = ArticleData>) -> Self {
        let mut corpus = Self::default();
        for (i, data) in articles.into_iter().enumerate() {
            corpus.set(i, data);
        }
        corpus
    }

    /// How many articles it has room for (read or not).
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when it has no article.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Article `index`'s annotations, once read.
    pub fn article(&self, index: usize) -> Option<&ArticleData> {
        self.articles.get(index).and_then(Option::as_ref)
    }

    /// Counts over the articles read so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// How many articles have been read.
    pub fn read(&self) -> usize {
        self.totals.articles
    }

    /// Entities per label.
    pub fn labels(&self) -> &BTreeMap<String, usize> {
        &self.labels
    }

    /// Claims per kind.
    pub fn kinds(&self) -> &BTreeMap<String, usize> {
        &self.kinds
    }

    /// Entities, claims and articles per annotator (`""`: not recorded).
    pub fn annotators(&self) -> &BTreeMap<String, AnnotatorProgress> {
        &self.annotators
    }

    /// The annotators, most annotations first, then by name.
    pub fn annotators_by_count(&self) -> Vec<(&str, AnnotatorProgress)> {
        let mut v: Vec<_> = self.annotators.iter().map(|(k, &p)| (k.as_str(), p)).collect();
        v.sort_by(|a, b| b.1.annotations().cmp(&a.1.annotations()).then_with(|| a.0.cmp(b.0)));
        v
    }

    /// Entity counts per label, most first (then by label).
    pub fn label_counts(&self) -> Vec<(String, usize)> {
        let mut out: Vec<_> = self.labels.iter().map(|(k, &n)| (k.clone(), n)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Groups joined by [`joined_key`]: each group under the key it joins.
    fn joined(groups: &BTreeMap<String, Group>) -> BTreeMap<&str, Vec<&Group>> {
        let mut out: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
        for (key, group) in groups {
            out.entry(joined_key(key, |k| groups.contains_key(k))).or_default().push(group);
        }
        out
    }

    /// Sums the counts of `groups`.
    fn merged(groups: &[&Group]) -> Group {
        let mut g = Group::default();
        for part in groups {
            for (map, from) in [
                (&mut g.forms, &part.forms),
                (&mut g.texts, &part.texts),
                (&mut g.labels, &part.labels),
            ] {
                for (k, n) in from {
                    *map.entry(k.clone()).or_default() += n;
                }
            }
            g.at.extend(part.at.iter().copied());
        }
        g
    }

    /// The entity index: entities grouped by [`super::entity_key`] (a key that is
    /// another with a proclitic left on joins it), most mentioned first,
    /// then by key.
    pub fn entity_index(&self) -> Vec<IndexEntry> {
        let mut out: Vec<IndexEntry> = Self::joined(&self.entities)
            .into_iter()
            .map(|(key, parts)| {
                // Most keys join no other: their group is used as it is.
                let merged;
                let g = if let [one] = parts.as_slice() {
                    *one
                } else {
                    merged = Self::merged(&parts);
                    &merged
                };
                let first = g.at.first().and_then(|&(a, _, i)| {
                    self.article(a).and_then(|d| d.entities.get(i)).map(|e| (a, e.range.clone()))
                });
                IndexEntry {
                    key: key.to_owned(),
                    name: group_name(&g.forms),
                    mentions: g.at.len(),
                    labels: g.labels.keys().cloned().collect(),
                    forms: g.texts.keys().cloned().collect(),
                    first,
                }
            })
            .collect();
        out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.key.cmp(&b.key)));
        out
    }

    /// Claims per claimant, named by the claimant's most frequent written
    /// form (`""`: no claimant), most claims first, then by name.
    pub fn claimants(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Self::joined(&self.claimants)
            .into_values()
            .map(|parts| {
                if let [one] = parts.as_slice() {
                    (group_name(&one.forms), one.at.len())
                } else {
                    let g = Self::merged(&parts);
                    (group_name(&g.forms), g.at.len())
                }
            })
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Every claim with its article, by claimant (grouped as
    /// [`Corpus::claimants`], in key order), then article and position.
    pub fn claims(&self) -> Vec<(usize, &ClaimItem)> {
        self.claim_places()
            .into_iter()
            .filter_map(|(a, i)| self.article(a).and_then(|d| d.claims.get(i)).map(|c| (a, c)))
            .collect()
    }

    /// Where each claim of [`Corpus::claims`] is, in the same order: its
    /// article and its index in the article's claims.
    pub fn claim_places(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(self.totals.claims);
        for parts in Self::joined(&self.claimants).into_values() {
            if let [one] = parts.as_slice() {
                out.extend(one.at.iter().map(|&(a, _, i)| (a, i)));
            } else {
                let at: BTreeSet<(usize, usize, usize)> =
                    parts.iter().flat_map(|g| g.at.iter().copied()).collect();
                out.extend(at.into_iter().map(|(a, _, i)| (a, i)));
            }
        }
        out.retain(|&(a, i)| self.article(a).is_some_and(|d| i < d.claims.len()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{Claimant, Store};
    use crate::corpus::entity_key;
    use proptest::prelude::*;

    const WORDS: [&str; 8] =
        ["بوتين", "وبوتين", "لبوتين", "روسيا", "أوكرانيا", "اوكرانيا", "البحرية", "والبحرية"];
    const LABELS: [&str; 3] = ["PERSON", "GPE", "ORG"];

    /// (word, label, by) per entity; (claimant entity or free word, by) per
    /// claim; the article's status (0: none, then [`ArticleStatus::ALL`]).
    type Spec = (Vec<(usize, usize, usize)>, Vec<(Option<usize>, usize, usize)>, usize);

    const WHO: [&str; 3] = ["", "alice", "bob"];

    /// Who makes the next annotations of `s` (`""`: nobody recorded).
    fn author(s: &mut Store, by: usize) {
        let name = WHO[by % WHO.len()];
        s.set_author((!name.is_empty()).then(|| crate::annotate::ids::Author {
            name: name.to_owned(),
            clock: crate::annotate::ids::Stamp::None,
        }));
    }

    fn store_of((entities, claims, status): &Spec) -> Store {
        let mut s = Store::new();
        let mut ids = Vec::new();
        for (i, &(w, l, by)) in entities.iter().enumerate() {
            author(&mut s, by);
            ids.push(s.add_entity(LABELS[l], i * 10..i * 10 + 5, WORDS[w]).unwrap());
        }
        for (i, &(entity, word, by)) in claims.iter().enumerate() {
            author(&mut s, by);
            let c = s.add_claim(1000 + i * 10..1000 + i * 10 + 5, "نص").unwrap();
            let who = match entity.and_then(|e| ids.get(e % ids.len().max(1))) {
                Some(id) => Some(Claimant::Entity(id.clone())),
                None if word % 3 == 0 => None,
                None => Some(Claimant::Text(WORDS[word].to_owned())),
            };
            s.set_claimant(&c, who).unwrap();
        }
        s.set_status(status.checked_sub(1).map(|i| ArticleStatus::ALL[i % 3]));
        s
    }

    fn spec() -> impl Strategy<Value = Spec> {
        (
            proptest::collection::vec((0..WORDS.len(), 0..LABELS.len(), 0..3usize), 0..8),
            proptest::collection::vec(
                (proptest::option::of(0..8usize), 0..WORDS.len(), 0..3usize),
                0..5,
            ),
            0..4usize,
        )
    }

    /// Per annotator: (entities, claims, articles per status), counted by hand.
    fn annotators_by_brute_force(stores: &[Store]) -> BTreeMap<String, (usize, usize, [usize; 3])> {
        let mut out: BTreeMap<String, (usize, usize, [usize; 3])> = BTreeMap::new();
        for s in stores {
            let status = s.status().unwrap_or(ArticleStatus::Todo);
            let slot = ArticleStatus::ALL.iter().position(|&x| x == status).unwrap();
            for e in s.entities() {
                out.entry(e.by.clone().unwrap_or_default()).or_default().0 += 1;
            }
            for c in s.claims() {
                out.entry(c.by.clone().unwrap_or_default()).or_default().1 += 1;
            }
            for (who, figures) in &mut out {
                let made_here = s.entities().any(|e| e.by.clone().unwrap_or_default() == *who)
                    || s.claims().any(|c| c.by.clone().unwrap_or_default() == *who);
                if made_here {
                    figures.2[slot] += 1;
                }
            }
        }
        out
    }

    fn joined_by_brute_force(keys: &[String]) -> BTreeMap<String, usize> {
        let all: BTreeSet<&String> = keys.iter().collect();
        let mut out = BTreeMap::new();
        for k in keys {
            let target = joined_key(k, |x| all.iter().any(|a| a.as_str() == x));
            *out.entry(target.to_owned()).or_default() += 1;
        }
        out
    }

    proptest! {
        /// The aggregate's counts agree with counting every annotation of
        /// every article by hand.
        #[test]
        fn the_aggregate_agrees_with_a_brute_force_count(specs in proptest::collection::vec(spec(), 0..6)) {
            let stores: Vec<Store> = specs.iter().map(store_of).collect();
            let corpus = Corpus::build(stores.iter().map(ArticleData::of));
            let mut labels = BTreeMap::new();
            let mut entity_keys = Vec::new();
            let mut claimant_keys = Vec::new();
            let (mut entities, mut claims) = (0, 0);
            for s in &stores {
                for e in s.entities() {
                    *labels.entry(e.label.clone()).or_insert(0usize) += 1;
                    entity_keys.push(entity_key(&e.text));
                    entities += 1;
                }
                for c in s.claims() {
                    let who = crate::corpus::article::claimant_text(s, c.claimant.as_ref());
                    claimant_keys.push(entity_key(&who));
                    claims += 1;
                }
            }
            prop_assert_eq!(corpus.totals().entities, entities);
            prop_assert_eq!(corpus.totals().claims, claims);
            prop_assert_eq!(corpus.labels(), &labels);
            let index: BTreeMap<String, usize> =
                corpus.entity_index().into_iter().map(|g| (g.key, g.mentions)).collect();
            prop_assert_eq!(index, joined_by_brute_force(&entity_keys));
            let per_claimant: usize = corpus.claimants().iter().map(|c| c.1).sum();
            prop_assert_eq!(per_claimant, claims);
            prop_assert_eq!(corpus.claimants().len(), joined_by_brute_force(&claimant_keys).len());
            prop_assert_eq!(corpus.claims().len(), claims);
            let annotators: BTreeMap<String, (usize, usize, [usize; 3])> = corpus
                .annotators()
                .iter()
                .map(|(k, p)| (k.clone(), (p.entities, p.claims, p.statuses)))
                .collect();
            prop_assert_eq!(annotators, annotators_by_brute_force(&stores));
            for status in ArticleStatus::ALL {
                let n = stores.iter().filter(|s| s.status().unwrap_or(ArticleStatus::Todo) == status).count();
                prop_assert_eq!(corpus.totals().with_status(status), n);
            }
        }

        /// Replacing one article's annotations (or taking them out and
        /// putting them back) gives exactly the aggregate rebuilt from scratch.
        #[test]
        fn replacing_an_article_equals_rebuilding(
            specs in proptest::collection::vec(spec(), 1..6),
            replacement in spec(),
            which in 0..6usize,
        ) {
            let which = which % specs.len();
            let mut data: Vec<ArticleData> = specs.iter().map(|s| ArticleData::of(&store_of(s))).collect();
            let mut corpus = Corpus::build(data.clone());
            let new = ArticleData::of(&store_of(&replacement));
            corpus.set(which, new.clone());
            data[which] = new;
            prop_assert_eq!(&corpus, &Corpus::build(data.clone()));
            corpus.remove(which);
            corpus.set(which, data[which].clone());
            prop_assert_eq!(&corpus, &Corpus::build(data));
        }
    }

    #[test]
    fn entities_group_by_key_and_proclitic_forms_join() {
        let spec: Spec = (vec![(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 1, 0)], vec![], 0);
        let corpus = Corpus::build([ArticleData::of(&store_of(&spec))]);
        let index = corpus.entity_index();
        assert_eq!(index.len(), 2);
        assert_eq!(
            (index[0].key.as_str(), index[0].name.as_str(), index[0].mentions),
            ("بوتين", "بوتين", 3)
        );
        assert_eq!(index[0].first, Some((0, 0..5)));
    }
}
