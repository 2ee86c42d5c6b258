//! `hashiya stats`: how many entities per label, annotations per article and
//! claims per claimant.

use crate::text::plural::count;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use serde_json::{Value, json};

use super::corpus::{Entry, par_articles};
use super::list::skipped_outcome;
use super::{Outcome, ReviewError};
use crate::annotate::ArticleStatus;
use crate::corpus::{AnnotatorProgress, ArticleData, Corpus};
use crate::text::safe::{self, line};

/// Output formats of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    /// Sections of aligned counts for people.
    Table,
    /// One JSON object.
    Json,
}

/// Counts of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleCounts {
    /// The article's path as given.
    pub file: String,
    /// Entities.
    pub entities: usize,
    /// Claims.
    pub claims: usize,
    /// Relations.
    pub relations: usize,
    /// Annotations whose text was not found in the article.
    pub orphans: usize,
    /// Its status, if one is set (none counts as to do).
    pub status: Option<ArticleStatus>,
}

/// Counts over a corpus: the corpus aggregate ([`Corpus`]) and the
/// articles' files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// The aggregate: labels, kinds, claimants, annotators.
    pub corpus: Corpus,
    /// Per article, in order.
    pub articles: Vec<ArticleCounts>,
    /// Relations per type.
    pub relations: BTreeMap<String, usize>,
}

impl Stats {
    /// Total entities.
    pub fn entities(&self) -> usize {
        self.corpus.totals().entities
    }

    /// Total claims.
    pub fn claims(&self) -> usize {
        self.corpus.totals().claims
    }

    /// Adds one article (see [`Corpus::set`]).
    pub fn add(&mut self, file: String, data: ArticleData) {
        self.articles.push(ArticleCounts {
            file,
            entities: data.entities.len(),
            claims: data.claims.len(),
            relations: data.relations.len(),
            orphans: data.orphans(),
            status: data.status,
        });
        for label in &data.relations {
            *self.relations.entry(label.clone()).or_default() += 1;
        }
        self.corpus.set(self.corpus.len(), data.for_counting());
    }

    /// As one JSON object: `articles` (count), `entities`, `claims`,
    /// `relations`, `orphans`, `labels` {label: n}, `kinds` {kind: n},
    /// `relation_types` {type: n}, `claimants`
    /// [{claimant, claims}] (grouped and named as the reader's "who said
    /// what": see [`Corpus::claimants`]; most claims first; `null` for none),
    /// `statuses` `{todo, in_progress, done}` (articles per status; none
    /// counts as to do), `per_article` `[{file, entities, claims,
    /// relations, orphans, status}]` (`status`: as set, `null` for none), `annotators`
    /// `[{annotator, entities, claims, articles, todo, in_progress, done}]`
    /// (most annotations first; `null`: not recorded; `articles`: those
    /// holding an annotation of theirs, then those per status).
    pub fn to_json(&self) -> Value {
        let claimants: Vec<Value> = self
            .corpus
            .claimants()
            .into_iter()
            .map(|(who, n)| json!({"claimant": (!who.is_empty()).then_some(who), "claims": n}))
            .collect();
        json!({
            "articles": self.articles.len(),
            "entities": self.entities(),
            "claims": self.claims(),
            "relations": self.relations.values().sum::<usize>(),
            "orphans": self.articles.iter().map(|a| a.orphans).sum::<usize>(),
            "labels": self.corpus.labels(),
            "kinds": self.corpus.kinds(),
            "relation_types": self.relations,
            "claimants": claimants,
            "statuses": statuses_json(|s| self.corpus.totals().with_status(s)),
            "per_article": self.articles.iter().map(|a| json!({
                "file": a.file, "entities": a.entities, "claims": a.claims,
                "relations": a.relations, "orphans": a.orphans,
                "status": a.status.map(ArticleStatus::name),
            })).collect::<Vec<_>>(),
            "annotators": self.corpus.annotators_by_count().into_iter().map(|(who, p)| {
                let mut row = json!({
                    "annotator": (!who.is_empty()).then_some(who), "entities": p.entities,
                    "claims": p.claims, "articles": p.articles(),
                });
                if let (Some(row), Value::Object(by_status)) =
                    (row.as_object_mut(), statuses_json(|s| p.with_status(s)))
                {
                    row.extend(by_status);
                }
                row
            }).collect::<Vec<_>>(),
        })
    }

    /// As sections of aligned counts; labels, claimants and file names shown
    /// as [`safe::line`] shows them.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}, {}, {}",
            count(self.articles.len(), "article", "articles"),
            count(self.entities(), "entity", "entities"),
            count(self.claims(), "claim", "claims")
        );
        section(&mut out, "entities per label", sorted_desc(self.corpus.labels()));
        section(&mut out, "claims per kind", sorted_desc(self.corpus.kinds()));
        section(&mut out, "relations per type", sorted_desc(&self.relations));
        let claimants = self.corpus.claimants();
        let claimants = claimants
            .iter()
            .map(|(who, n)| (if who.is_empty() { "(no claimant)" } else { who.as_str() }, *n))
            .collect();
        section(&mut out, "claims per claimant", claimants);
        let totals = self.corpus.totals();
        let _ = writeln!(out, "\narticles per status");
        for status in ArticleStatus::ALL {
            let _ = writeln!(out, "  {:>6}  {}", totals.with_status(status), status.label());
        }
        let _ = writeln!(
            out,
            "\nper annotator (entities, claims; articles annotated: all, to do, in progress, done)"
        );
        if self.corpus.annotators().is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for (who, p) in self.corpus.annotators_by_count() {
            let who = if who.is_empty() { "(not recorded)".into() } else { line(who) };
            let AnnotatorProgress { entities, claims, statuses: [todo, started, done] } = p;
            let all = p.articles();
            let _ = writeln!(
                out,
                "  {entities:>6}  {claims:>6}  {all:>6}  {todo:>6}  {started:>6}  {done:>6}  {who}"
            );
        }
        let _ = writeln!(out, "\nper article (entities, claims, orphans, status)");
        let files: Vec<_> = self.articles.iter().map(|a| line(&a.file)).collect();
        let width = files.iter().map(|f| f.chars().count()).max().unwrap_or(0);
        for (a, file) in self.articles.iter().zip(&files) {
            let _ = writeln!(
                out,
                "  {file:<width$}  {:>5}  {:>5}  {:>5}  {}",
                a.entities,
                a.claims,
                a.orphans,
                a.status.map_or("-", ArticleStatus::label)
            );
        }
        out
    }
}

/// `{todo, in_progress, done}` with the count `of` each status.
fn statuses_json(of: impl Fn(ArticleStatus) -> usize) -> Value {
    Value::Object(ArticleStatus::ALL.iter().map(|&s| (s.name().to_owned(), json!(of(s)))).collect())
}

/// Entries by count, most first, then by key.
fn sorted_desc(map: &BTreeMap<String, usize>) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = map.iter().map(|(k, &n)| (k.as_str(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v
}

fn section(out: &mut String, title: &str, rows: Vec<(&str, usize)>) {
    let _ = writeln!(out, "\n{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (name, n) in rows {
        let _ = writeln!(out, "  {n:>6}  {}", line(name));
    }
}

/// Counts the annotations of `entries` and writes them to `out`.
pub fn run(
    entries: &[Entry],
    format: StatsFormat,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    let mut stats =
        Stats { corpus: Corpus::counts_only(), articles: Vec::new(), relations: BTreeMap::new() };
    // Claimants linked to a canonical entity count as that entity.
    let registries = super::registries::Registries::read(entries)?;
    // Each article is read and summed up on a worker; added here, in order.
    let skipped = par_articles(
        entries,
        || (),
        |(), article| {
            Ok(ArticleData::counting(&article.loaded.store).resolved(registries.of(&article.entry)))
        },
        |entry, data, _| {
            stats.add(entry.article.display().to_string(), data);
            Ok(())
        },
    )?;
    let text = match format {
        StatsFormat::Table => stats.to_table(),
        StatsFormat::Json => {
            let mut s =
                safe::to_json(&stats.to_json(), true).map_err(|e| ReviewError::Output(e.into()))?;
            s.push('\n');
            s
        }
    };
    out.write_all(text.as_bytes()).map_err(ReviewError::Output)?;
    out.flush().map_err(ReviewError::Output)?;
    Ok(skipped_outcome(skipped))
}
