//! `hashiya agree DIR_A DIR_B`: every article annotated in both folders
//! compared as [`super::run`] compares two sidecars, and the figures pooled
//! over them.
//!
//! Sidecars pair by file name (`x.txt.ann.toml` in A with `x.txt.ann.toml`
//! in B; subfolders are not searched). Pooled figures are those of all the
//! paired articles taken as one: counts (`a`, `b`, `tp`) added up before
//! precision, recall and F1 are worked out (a micro average), and token
//! kappa from the label pairs of every token of every article
//! ([`Confusion`] added up). Articles without a counterpart on either side,
//! and pairs that could not be compared, are listed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::metrics::{Confusion, Scores};
use super::{
    AgreeError, Agreement, ClaimAgreement, EntityAgreement, Kappa, Linking, RelationAgreement,
    Report, run,
};
use crate::annotate::sidecar::{SIDECAR_SUFFIX, article_file_name};

/// Why two folders could not be compared at all.
#[derive(Debug, thiserror::Error)]
pub enum FoldersError {
    /// A folder could not be listed.
    #[error("{path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// No article has a sidecar in both folders.
    #[error(
        "no article is annotated in both {a} ({in_a} sidecar(s)) and {b} ({in_b} sidecar(s)): \
         sidecars pair by file name (NAME.txt.ann.toml)"
    )]
    NoPair {
        /// Folder A.
        a: PathBuf,
        /// Folder B.
        b: PathBuf,
        /// Sidecars found in A.
        in_a: usize,
        /// Sidecars found in B.
        in_b: usize,
    },
}

/// A pair of sidecars that could not be compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The article's file name.
    pub article: String,
    /// Why (names the file, and the line and column where there is one).
    pub error: String,
}

/// The pooled figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pooled {
    /// Articles compared (and pooled).
    pub articles: usize,
    /// Articles whose text was at hand, whose tokens pooled kappa counts.
    pub kappa_articles: usize,
    /// `entities.overall.precision`.
    pub precision: f64,
    /// `entities.overall.recall`.
    pub recall: f64,
    /// `entities.overall.f1`.
    pub f1: f64,
    /// The figures, shaped as for one article.
    #[serde(flatten)]
    pub agreement: Agreement,
}

/// The result of `hashiya agree DIR_A DIR_B`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldersReport {
    /// Folder A (the reference), as given.
    pub a: String,
    /// Folder B, as given.
    pub b: String,
    /// One report per article annotated in both, by file name.
    pub articles: Vec<Report>,
    /// All of them pooled.
    pub pooled: Pooled,
    /// Articles annotated in A only (file names).
    pub only_a: Vec<String>,
    /// Articles annotated in B only.
    pub only_b: Vec<String>,
    /// Pairs that could not be compared.
    pub failed: Vec<Failure>,
    /// Every article's warnings, and the pooled kappa's.
    pub warnings: Vec<String>,
}

impl FoldersReport {
    /// How many articles were left out: unpaired or not comparable.
    pub fn left_out(&self) -> usize {
        self.only_a.len() + self.only_b.len() + self.failed.len()
    }
}

/// The sidecars of `dir` (not its subfolders) by article file name.
fn sidecars(dir: &Path) -> Result<BTreeMap<String, PathBuf>, FoldersError> {
    let io = |source| FoldersError::Io { path: dir.to_path_buf(), source };
    let mut out = BTreeMap::new();
    for item in std::fs::read_dir(dir).map_err(io)? {
        let path = item.map_err(io)?.path();
        let is_sidecar =
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(SIDECAR_SUFFIX));
        if is_sidecar && path.is_file() {
            out.insert(article_file_name(&path), path);
        }
    }
    Ok(out)
}

/// Adds up scores: the scores of the summed counts.
fn sum_scores<'a>(all: impl IntoIterator<Item = &'a Scores>) -> Scores {
    let (mut tp, mut a, mut b) = (0, 0, 0);
    for s in all {
        tp += s.tp;
        a += s.a;
        b += s.b;
    }
    Scores::new(tp, a, b)
}

/// The agreements pooled, as if their articles were one: counts added up,
/// token kappa over every token of the articles whose kappa is known (the
/// others' tokens are unknown); `None` kappa when none is.
pub fn pool<'a>(agreements: impl IntoIterator<Item = &'a Agreement>) -> Agreement {
    let all: Vec<&Agreement> = agreements.into_iter().collect();
    let mut labels: BTreeMap<String, Vec<&Scores>> = BTreeMap::new();
    let mut confusion: Option<Confusion> = None;
    let mut names = std::collections::BTreeSet::new();
    for e in all.iter().map(|g| &g.entities) {
        for (name, scores) in &e.labels {
            labels.entry(name.clone()).or_default().push(scores);
        }
        if let Some(k) = &e.kappa {
            confusion.get_or_insert_with(Confusion::default).add(&k.confusion);
            names.extend(e.labels.keys().cloned());
        }
    }
    Agreement {
        entities: EntityAgreement {
            overall: sum_scores(all.iter().map(|g| &g.entities.overall)),
            labels: labels.into_iter().map(|(name, all)| (name, sum_scores(all))).collect(),
            partial: sum_scores(all.iter().map(|g| &g.entities.partial)),
            kappa: confusion.map(|c| Kappa::of(c, names)),
            linking: all.iter().fold(Linking::default(), |sum, g| sum.plus(g.entities.linking)),
        },
        claims: ClaimAgreement {
            span: sum_scores(all.iter().map(|g| &g.claims.span)),
            span_claimant: sum_scores(all.iter().map(|g| &g.claims.span_claimant)),
            full: sum_scores(all.iter().map(|g| &g.claims.full)),
        },
        relations: RelationAgreement { full: sum_scores(all.iter().map(|g| &g.relations.full)) },
    }
}

/// Compares every article annotated in both folders, B against A (each as
/// [`run`] does, the article looked for beside A's sidecar; `list`: with
/// its disagreements), and pools the figures. A pair that cannot be
/// compared is listed in `failed`, not an error; no pair at all is.
pub fn run_folders(a: &Path, b: &Path, list: bool) -> Result<FoldersReport, FoldersError> {
    let (in_a, in_b) = (sidecars(a)?, sidecars(b)?);
    let only_a: Vec<String> = in_a.keys().filter(|k| !in_b.contains_key(*k)).cloned().collect();
    let only_b: Vec<String> = in_b.keys().filter(|k| !in_a.contains_key(*k)).cloned().collect();
    let pairs: Vec<(&String, &PathBuf, &PathBuf)> =
        in_a.iter().filter_map(|(k, pa)| in_b.get(k).map(|pb| (k, pa, pb))).collect();
    if pairs.is_empty() {
        return Err(FoldersError::NoPair {
            a: a.to_path_buf(),
            b: b.to_path_buf(),
            in_a: in_a.len(),
            in_b: in_b.len(),
        });
    }
    let reports = pairs.into_iter().map(|(name, pa, pb)| (name.clone(), run(pa, pb, list)));
    let names = (a.display().to_string(), b.display().to_string());
    Ok(gather(names, a, reports, only_a, only_b))
}

/// Compares, in every sidecar of `dir`, the annotations `b` made against
/// those `a` made ([`super::run_by`]), and pools the figures.
pub fn run_folders_by(
    dir: &Path,
    a: &str,
    b: &str,
    list: bool,
) -> Result<FoldersReport, FoldersError> {
    let all = sidecars(dir)?;
    if all.is_empty() {
        return Err(FoldersError::NoPair {
            a: dir.to_path_buf(),
            b: dir.to_path_buf(),
            in_a: 0,
            in_b: 0,
        });
    }
    let reports = all.iter().map(|(name, path)| (name.clone(), super::run_by(path, a, b, list)));
    let name = dir.display();
    let names = (format!("{name} (by {a})"), format!("{name} (by {b})"));
    Ok(gather(names, dir, reports, Vec::new(), Vec::new()))
}

/// The folders' report from the reports of their articles.
fn gather(
    (a, b): (String, String),
    folder_a: &Path,
    reports: impl Iterator<Item = (String, Result<Report, AgreeError>)>,
    only_a: Vec<String>,
    only_b: Vec<String>,
) -> FoldersReport {
    let mut articles = Vec::new();
    let mut failed = Vec::new();
    let mut warnings = Vec::new();
    for (name, result) in reports {
        match result {
            Ok(report) => {
                warnings.extend(report.warnings.iter().cloned());
                articles.push(report);
            }
            // Every reason one pair cannot be compared leaves the others be.
            Err(
                e @ (AgreeError::Sidecar(_)
                | AgreeError::Article(_)
                | AgreeError::DifferentArticles { .. }),
            ) => {
                failed.push(Failure { article: name, error: e.to_string() });
            }
        }
    }
    let agreement = pool(articles.iter().map(|r| &r.agreement));
    let kappa_articles = articles.iter().filter(|r| r.agreement.entities.kappa.is_some()).count();
    if kappa_articles < articles.len() {
        warnings.push(format!(
            "pooled kappa counts the tokens of {kappa_articles} of {} article(s): the others' text \
             was not found beside their sidecar in {}",
            articles.len(),
            folder_a.display()
        ));
    }
    let overall = agreement.entities.overall;
    FoldersReport {
        a,
        b,
        pooled: Pooled {
            articles: articles.len(),
            kappa_articles,
            precision: overall.precision,
            recall: overall.recall,
            f1: overall.f1,
            agreement,
        },
        articles,
        only_a,
        only_b,
        failed,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Entity;
    use crate::review::agree::{Annotations, compare};

    fn entity(id: &str, label: &str, start: usize, end: usize) -> Entity {
        Entity { id: id.to_owned(), label: label.to_owned(), start, end, ..Entity::default() }
    }

    #[test]
    fn pooling_adds_counts_and_tokens() {
        let text = "one two three four five six";
        // Article 1: A has P on "one", B agrees; article 2: A has G on
        // "three", B puts P there.
        let a1 = Annotations {
            entities: vec![entity("e1", "P", 0, 3)],
            claims: vec![],
            context: vec![],
            relations: vec![],
        };
        let b1 = a1.clone();
        let a2 = Annotations {
            entities: vec![entity("e1", "G", 8, 13)],
            claims: vec![],
            context: vec![],
            relations: vec![],
        };
        let b2 = Annotations {
            entities: vec![entity("e1", "P", 8, 13)],
            claims: vec![],
            context: vec![],
            relations: vec![],
        };
        let (g1, g2) = (compare(&a1, &b1, Some(text)), compare(&a2, &b2, Some(text)));
        let pooled = pool([&g1, &g2]);
        let o = pooled.entities.overall;
        assert_eq!((o.a, o.b, o.tp), (2, 2, 1));
        assert_eq!(pooled.entities.labels["P"].b, 2);
        assert_eq!(pooled.entities.labels["G"].a, 1);
        let k = pooled.entities.kappa.unwrap();
        assert_eq!(k.tokens, 12);
        // As one article of 12 tokens: A = P O O O O O | O O G O O O,
        // B = P O O O O O | O O P O O O.
        let seq = |x: [Option<&'static str>; 12]| x.to_vec();
        let (o_, p, g) = (None, Some("P"), Some("G"));
        let ka = seq([p, o_, o_, o_, o_, o_, o_, o_, g, o_, o_, o_]);
        let kb = seq([p, o_, o_, o_, o_, o_, o_, o_, p, o_, o_, o_]);
        assert_eq!(k.overall, crate::review::agree::metrics::cohen_kappa(&ka, &kb));
        assert_eq!(k.labels.keys().collect::<Vec<_>>(), ["G", "P"]);
    }

    #[test]
    fn pooled_kappa_leaves_out_articles_without_text() {
        let a = Annotations {
            entities: vec![entity("e1", "P", 0, 3)],
            claims: vec![],
            context: vec![],
            relations: vec![],
        };
        let with = compare(&a, &a, Some("one two"));
        let without = compare(&a, &a, None);
        let pooled = pool([&with, &without]);
        assert_eq!(pooled.entities.overall.tp, 2);
        assert_eq!(pooled.entities.kappa.map(|k| k.tokens), Some(2));
        assert!(pool([&without]).entities.kappa.is_none());
    }
}
