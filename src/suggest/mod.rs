//! Suggestions: spans a recommender proposes for the annotator to accept or
//! reject, so that every article annotated makes the next one faster.
//! Pure: no terminal here (an external recommender is a process, run with a
//! time-out by [`external`]).
//!
//! | module | owns |
//! |---|---|
//! | [`tokens`] | an article's words, folded, with their offsets (what every built-in reads) |
//! | [`gazetteer`] | the corpus gazetteer: every entity annotated anywhere in the corpus, found again by its key (spelling-insensitive, proclitics allowed), longest match first |
//! | [`dates`] | rules for dates, numbers and percentages in Arabic |
//! | [`claims`] | the claim recommender: cue verbs followed by «إن/أن» clauses or quotes, with cue, claimant and kind |
//! | [`external`] | other programs speaking the JSON-lines protocol of `docs/suggest.md`, declared in `hashiya.toml` ([`config`]), run with a time-out |
//! | [`evaluate`] | leave-one-out evaluation of the built-ins over annotated articles: per-label precision, recall, F1 |
//!
//! Offsets count `char`s of the article's text, end exclusive, as in
//! sidecars. [`suggest`] runs recommenders in order (entities first, so that
//! the claim recommender can name a suggested entity as claimant), drops
//! what is already annotated or was rejected, and settles overlaps.

pub mod claims;
pub mod config;
pub mod dates;
pub mod evaluate;
pub mod external;
pub mod gazetteer;
pub mod tokens;

use std::ops::Range;

use crate::annotate::{ClaimKind, Schema, Store};

pub use claims::ClaimRecommender;
pub use dates::DateRecommender;
pub use gazetteer::Gazetteer;

/// Who a suggested claim's claimant is.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimantGuess {
    /// An entity already annotated in the article, by id.
    Entity {
        /// Its id.
        id: String,
        /// Its text.
        text: String,
    },
    /// Words of the article, not annotated: an entity suggested at the same
    /// time, or a title the ranking read (وزير الدفاع الصيني).
    Words {
        /// Their `char` range.
        range: Range<usize>,
        /// The words.
        text: String,
    },
    /// Free text (a previous claim's claimant).
    Text(String),
}

impl ClaimantGuess {
    /// The claimant as text.
    pub fn text(&self) -> &str {
        match self {
            Self::Entity { text, .. } | Self::Words { text, .. } | Self::Text(text) => text,
        }
    }
}

/// The parts of a suggested claim besides its content span.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimParts {
    /// The cue's `char` range and text, if any.
    pub cue: Option<(Range<usize>, String)>,
    /// Who makes it, if the ranking found someone.
    pub claimant: Option<ClaimantGuess>,
    /// How it is reported.
    pub kind: ClaimKind,
}

/// What a suggestion proposes.
#[derive(Debug, Clone, PartialEq)]
pub enum Proposal {
    /// An entity with this label.
    Entity(String),
    /// A claim.
    Claim(ClaimParts),
}

/// One suggested annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Its `char` range (a claim's content span).
    pub range: Range<usize>,
    /// The article's text at `range`.
    pub text: String,
    /// An entity's label, or a claim's parts.
    pub proposal: Proposal,
    /// How sure the recommender is, 0 to 1.
    pub score: f64,
    /// The recommender's name.
    pub source: String,
}

impl Suggestion {
    /// The entity label it proposes, or `CLAIM` for a claim (the name the
    /// evaluation and the tables use).
    pub fn label(&self) -> &str {
        match &self.proposal {
            Proposal::Entity(label) => label,
            Proposal::Claim(_) => CLAIM,
        }
    }

    /// True for a claim.
    pub fn is_claim(&self) -> bool {
        matches!(self.proposal, Proposal::Claim(_))
    }
}

/// The name claims go by in tables and the evaluation.
pub const CLAIM: &str = "CLAIM";

/// A suggestion the annotator rejected in this article: it and the same
/// form with the same label are not suggested again there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Its `char` range.
    pub range: Range<usize>,
    /// The text it covered.
    pub text: String,
    /// The label it had (`CLAIM` for a claim).
    pub label: String,
}

/// What a recommender reads: one article and what is known of it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The article's name (its file name), for external recommenders.
    pub name: &'a str,
    /// The article's text.
    pub text: &'a str,
    /// Its annotations.
    pub store: &'a Store,
    /// Suggestions rejected in it.
    pub rejected: &'a [Rejection],
    /// The labels, cues and language.
    pub schema: &'a Schema,
    /// What the recommenders run before this one suggested (entities the
    /// claim recommender may name as claimants).
    pub proposed: &'a [Suggestion],
}

/// Why a recommender gave nothing: the message names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("recommender {name}: {message}")]
pub struct Failure {
    /// The recommender's name.
    pub name: String,
    /// What went wrong (plain text, nothing of the recommender's output raw).
    pub message: String,
}

/// Something that proposes annotations for an article.
pub trait Recommender: Send + Sync {
    /// Its name, recorded as the source of its suggestions (and in `by`
    /// when one is accepted).
    fn name(&self) -> &str;

    /// Its suggestions for `input`, in any order.
    fn suggest(&self, input: &Input<'_>) -> Result<Vec<Suggestion>, Failure>;
}

/// The text of `text` at `range` (`char` offsets).
pub(crate) fn slice(text: &str, range: &Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

/// The suggestions of `recommenders` for `input` (each gets what those
/// before it proposed), and the failures of those that failed. Dropped:
/// what overlaps an annotation of the same kind already made, what was
/// rejected (same span and label), and of overlapping entity suggestions
/// all but the longest (then the highest score, then the first
/// recommender); one claim per content span. Sorted by start, then end.
pub fn suggest(
    recommenders: &[&dyn Recommender],
    input: &Input<'_>,
) -> (Vec<Suggestion>, Vec<Failure>) {
    let mut all: Vec<Suggestion> = input.proposed.to_vec();
    let mut failures = Vec::new();
    for r in recommenders {
        let step = Input { proposed: &all, ..*input };
        match r.suggest(&step) {
            Ok(found) => {
                let kept = settle(found, input);
                all = merge(all, kept);
            }
            Err(f) => failures.push(f),
        }
    }
    (all, failures)
}

/// `found` without what `input` already has or rejected.
fn settle(found: Vec<Suggestion>, input: &Input<'_>) -> Vec<Suggestion> {
    found
        .into_iter()
        .filter(|s| s.range.start < s.range.end)
        .filter(|s| {
            !input.rejected.iter().any(|r| r.range == s.range && r.label == s.label())
                && !input.store.overlapping(s.range.clone()).iter().any(|a| {
                    (a.kind() == crate::annotate::AnnotationKind::Claim) == s.is_claim()
                        && !a.is_orphan()
                })
        })
        .collect()
}

/// `a` and `b` together, overlapping entities settled (see [`suggest`]).
fn merge(a: Vec<Suggestion>, b: Vec<Suggestion>) -> Vec<Suggestion> {
    let (claims, mut entities): (Vec<_>, Vec<_>) =
        a.into_iter().chain(b).enumerate().partition(|(_, s)| s.is_claim());
    entities.sort_by(|(i, x), (j, y)| {
        y.range.len().cmp(&x.range.len()).then(y.score.total_cmp(&x.score)).then(i.cmp(j))
    });
    let mut kept: Vec<Suggestion> = Vec::new();
    for (_, s) in entities {
        if !kept.iter().any(|k| !k.is_claim() && overlaps(&k.range, &s.range)) {
            kept.push(s);
        }
    }
    for (_, s) in claims {
        if !kept.iter().any(|k| k.is_claim() && k.range == s.range) {
            kept.push(s);
        }
    }
    kept.sort_by(|x, y| {
        (x.range.start, x.range.end, x.is_claim()).cmp(&(y.range.start, y.range.end, y.is_claim()))
    });
    kept
}

/// True when two ranges share a `char`.
pub(crate) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The built-in recommenders for a corpus whose gazetteer is `gazetteer`:
/// the gazetteer, the date and number rules, then claims.
pub struct Builtins {
    /// The corpus gazetteer.
    pub gazetteer: Gazetteer,
    /// Dates, numbers, percentages.
    pub dates: DateRecommender,
    /// Claims.
    pub claims: ClaimRecommender,
}

impl Builtins {
    /// The built-ins with `gazetteer`, for `schema`.
    pub fn new(gazetteer: Gazetteer, schema: &Schema) -> Self {
        Self {
            gazetteer,
            dates: DateRecommender::new(schema),
            claims: ClaimRecommender::new(schema),
        }
    }

    /// The built-ins in the order they run.
    pub fn all(&self) -> [&dyn Recommender; 3] {
        [&self.gazetteer, &self.dates, &self.claims]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(range: Range<usize>, label: &str, score: f64, source: &str) -> Suggestion {
        Suggestion {
            range,
            text: String::new(),
            proposal: Proposal::Entity(label.into()),
            score,
            source: source.into(),
        }
    }

    struct Fixed(Vec<Suggestion>);

    impl Recommender for Fixed {
        fn name(&self) -> &'static str {
            "fixed"
        }
        fn suggest(&self, _: &Input<'_>) -> Result<Vec<Suggestion>, Failure> {
            Ok(self.0.clone())
        }
    }

    struct Broken;

    impl Recommender for Broken {
        fn name(&self) -> &'static str {
            "broken"
        }
        fn suggest(&self, _: &Input<'_>) -> Result<Vec<Suggestion>, Failure> {
            Err(Failure { name: "broken".into(), message: "no".into() })
        }
    }

    #[test]
    fn the_longest_wins_annotations_and_rejections_are_not_suggested_again() {
        let mut store = Store::new();
        store.add_entity("GPE", 40..45, "روسيا").unwrap();
        let schema = Schema::builtin();
        let rejected = [Rejection { range: 20..25, text: "x".into(), label: "ORG".into() }];
        let input = Input {
            name: "a.txt",
            text: "",
            store: &store,
            rejected: &rejected,
            schema: &schema,
            proposed: &[],
        };
        let a = Fixed(vec![
            entity(0..5, "PERSON", 0.5, "a"),
            entity(0..9, "ORG", 0.1, "a"),
            entity(20..25, "ORG", 1.0, "a"),
            entity(20..25, "GPE", 1.0, "a"),
            entity(41..43, "GPE", 1.0, "a"),
        ]);
        let (found, failures) = suggest(&[&a, &Broken], &input);
        let got: Vec<_> = found.iter().map(|s| (s.range.clone(), s.label().to_owned())).collect();
        assert_eq!(got, [(0..9, "ORG".to_owned()), (20..25, "GPE".to_owned())]);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].to_string(), "recommender broken: no");
    }
}
