//! Leave-one-out evaluation of the built-in recommenders over annotated
//! articles: each article's suggestions come from the OTHER articles'
//! annotations (the gazetteer is built without it; the rules need none) and
//! are compared with its own annotations.
//!
//! A suggestion is correct when an annotation of the article has exactly its
//! span and label (claims: exactly the content span) — seqeval's strict
//! span match, per label; precision = correct / suggested, recall =
//! correct / annotated, F1 their harmonic mean (0 when both are 0). For
//! claims whose content span is right, the cue (same span), the claimant
//! (same [`crate::corpus::entity_key`] of its text) and the kind are
//! counted too.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use super::{Builtins, CLAIM, Gazetteer, Input, Proposal, Suggestion, suggest};
use crate::annotate::{Schema, Store};
use crate::corpus::article::claimant_text;
use crate::corpus::{ArticleData, Corpus, entity_key};
use crate::text::safe::line;

/// Counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Annotations with this label.
    pub annotated: usize,
    /// Suggestions with this label.
    pub suggested: usize,
    /// Suggestions that match an annotation exactly.
    pub correct: usize,
}

impl Counts {
    /// correct / suggested (0 when nothing was suggested).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.suggested)
    }

    /// correct / annotated (0 when nothing was annotated).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.annotated)
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    fn add(&mut self, other: Self) {
        self.annotated += other.annotated;
        self.suggested += other.suggested;
        self.correct += other.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// How the parts of claims found with the right content span compare.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClaimParts {
    /// Claims suggested with the right content span.
    pub matched: usize,
    /// …of which the cue is the annotated one (or both have none).
    pub cue: usize,
    /// …of which the claimant names the annotated one.
    pub claimant: usize,
    /// …of which the kind is the annotated one.
    pub kind: usize,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Articles evaluated.
    pub articles: usize,
    /// Per label (claims as `CLAIM`).
    pub labels: BTreeMap<String, Counts>,
    /// The parts of claims.
    pub claims: ClaimParts,
}

impl Evaluation {
    /// The counts over every label (micro average).
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.labels.values() {
            t.add(*c);
        }
        t
    }

    /// Each label's counts in label order, then `all` ([`Self::total`]):
    /// the rows of every format `hashiya suggest --evaluate` prints.
    pub fn rows(&self) -> impl Iterator<Item = (&str, Counts)> {
        let labels = self.labels.iter().map(|(label, c)| (label.as_str(), *c));
        labels.chain(std::iter::once(("all", self.total())))
    }

    /// The table `hashiya suggest --evaluate` prints.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "leave-one-out over {} article(s): each article's suggestions from the others' annotations\n\n",
            self.articles
        );
        let _ = writeln!(
            out,
            "{:<10} {:>9} {:>9} {:>7} {:>9} {:>6} {:>6}",
            "label", "annotated", "suggested", "correct", "precision", "recall", "F1"
        );
        for (name, c) in self.rows() {
            let _ = writeln!(
                out,
                "{:<10} {:>9} {:>9} {:>7} {:>9.3} {:>6.3} {:>6.3}",
                line(name),
                c.annotated,
                c.suggested,
                c.correct,
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        let p = &self.claims;
        let _ = writeln!(
            out,
            "\nclaims with the right content span: {}; right cue {}, claimant {}, kind {}",
            p.matched, p.cue, p.claimant, p.kind
        );
        out
    }

    /// The figures as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let labels: serde_json::Map<String, serde_json::Value> = self
            .rows()
            .map(|(k, c)| {
                (
                    k.to_owned(),
                    serde_json::json!({
                        "annotated": c.annotated,
                        "suggested": c.suggested,
                        "correct": c.correct,
                        "precision": c.precision(),
                        "recall": c.recall(),
                        "f1": c.f1(),
                    }),
                )
            })
            .collect();
        serde_json::json!({ "articles": self.articles, "labels": labels, "claims": self.claims })
    }
}

/// One annotated article: its name, text and annotations.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// Its file name.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Its annotations.
    pub store: Store,
}

/// Each article's suggestions from the others' annotations, in order.
pub fn leave_one_out(articles: &[Annotated], schema: &Schema) -> Vec<Vec<Suggestion>> {
    let corpus = Corpus::build(articles.iter().map(|a| ArticleData::of(&a.store)));
    let empty = Store::new();
    (0..articles.len())
        .map(|i| {
            let builtins = Builtins::new(Gazetteer::from_corpus_except(&corpus, Some(i)), schema);
            let input = Input {
                name: &articles[i].name,
                text: &articles[i].text,
                store: &empty,
                rejected: &[],
                schema,
                proposed: &[],
            };
            suggest(&builtins.all(), &input).0
        })
        .collect()
}

/// A gold claim's parts, for comparing.
struct GoldClaim {
    cue: Option<Range<usize>>,
    claimant: String,
    kind: crate::annotate::ClaimKind,
}

/// Compares each article's suggestions (`found[i]` for `articles[i]`) with its annotations.
pub fn evaluate(articles: &[Annotated], found: &[Vec<Suggestion>]) -> Evaluation {
    let mut eval = Evaluation { articles: articles.len(), ..Evaluation::default() };
    for (article, suggestions) in articles.iter().zip(found) {
        let mut gold: BTreeMap<String, BTreeSet<(usize, usize)>> = BTreeMap::new();
        for e in article.store.entities().filter(|e| !e.orphan) {
            gold.entry(e.label.clone()).or_default().insert((e.start, e.end));
        }
        let mut claims: BTreeMap<(usize, usize), GoldClaim> = BTreeMap::new();
        for c in article.store.claims().filter(|c| !c.orphan) {
            gold.entry(CLAIM.to_owned()).or_default().insert((c.start, c.end));
            claims.insert(
                (c.start, c.end),
                GoldClaim {
                    cue: c.cue.as_ref().map(crate::annotate::Cue::range),
                    claimant: entity_key(&claimant_text(&article.store, c.claimant.as_ref())),
                    kind: c.kind,
                },
            );
        }
        let mut got: BTreeMap<String, BTreeSet<(usize, usize)>> = BTreeMap::new();
        for s in suggestions {
            got.entry(s.label().to_owned()).or_default().insert((s.range.start, s.range.end));
            if let (Proposal::Claim(parts), Some(g)) =
                (&s.proposal, claims.get(&(s.range.start, s.range.end)))
            {
                let p = &mut eval.claims;
                p.matched += 1;
                p.cue += usize::from(parts.cue.as_ref().map(|c| c.0.clone()) == g.cue);
                let who = parts.claimant.as_ref().map(|c| entity_key(c.text())).unwrap_or_default();
                p.claimant += usize::from(who == g.claimant);
                p.kind += usize::from(parts.kind == g.kind);
            }
        }
        let labels: BTreeSet<&String> = gold.keys().chain(got.keys()).collect();
        for label in labels {
            let g = gold.get(label);
            let s = got.get(label);
            let counts = Counts {
                annotated: g.map_or(0, BTreeSet::len),
                suggested: s.map_or(0, BTreeSet::len),
                correct: match (g, s) {
                    (Some(g), Some(s)) => g.intersection(s).count(),
                    _ => 0,
                },
            };
            eval.labels.entry(label.clone()).or_default().add(counts);
        }
    }
    eval
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(name: &str, text: &str, entities: &[(&str, &str)]) -> Annotated {
        let mut store = Store::new();
        for (label, word) in entities {
            let byte = text.find(word).unwrap();
            let start = text[..byte].chars().count();
            store.add_entity(label, start..start + word.chars().count(), word).unwrap();
        }
        Annotated { name: name.into(), text: text.into(), store }
    }

    #[test]
    fn each_article_is_suggested_from_the_others_only() {
        let articles = [
            article("a", "زار بوتين موسكو.", &[("PERSON", "بوتين"), ("GPE", "موسكو")]),
            article("b", "وصل بوتين إلى بكين.", &[("PERSON", "بوتين")]),
        ];
        let found = leave_one_out(&articles, &Schema::builtin());
        let texts = |i: usize| found[i].iter().map(|s| s.text.clone()).collect::<Vec<_>>();
        // موسكو is only annotated in a: not suggested there; بكين nowhere.
        assert_eq!(texts(0), ["بوتين"]);
        assert_eq!(texts(1), ["بوتين"]);
        let eval = evaluate(&articles, &found);
        assert_eq!(eval.labels["PERSON"], Counts { annotated: 2, suggested: 2, correct: 2 });
        assert_eq!(eval.labels["GPE"], Counts { annotated: 1, suggested: 0, correct: 0 });
        let total = eval.total();
        assert_eq!((total.annotated, total.suggested, total.correct), (3, 2, 2));
        assert!((total.precision() - 1.0).abs() < 1e-9);
        assert!((total.recall() - 2.0 / 3.0).abs() < 1e-9);
        assert!((total.f1() - 0.8).abs() < 1e-9);
        assert!(eval.to_table().contains("PERSON"));
    }
}
