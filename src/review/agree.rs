//! `hashiya agree`: how far annotator B agrees with annotator A on one
//! article, from their two sidecars.
//!
//! - Entities: precision, recall and F1 of B against A on exact matches
//!   (same start, end and label; one-to-one), overall and per label; the
//!   same on overlapping spans of the same label ([`metrics::overlap_matches`]);
//!   Cohen's kappa over the article's word tokens, overall and per label
//!   (that label vs the rest), when the article's text is at hand.
//! - Claims: precision, recall and F1 on the same span, and on the same span
//!   with the same claimant (entity claimants compared through the exact
//!   entity matching, text claimants folded).
//!
//! [`compare`] is pure; [`run`] reads the files; [`table`] renders the
//! report for people, `serde_json` for programs. Shape and definitions are
//! in `docs/agree.md`.

mod folders;
pub mod metrics;
mod table;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::annotate::sidecar::{article_file_name, parse_str, parse_unanchored};
use crate::annotate::{Claim, Claimant, Entity, Loaded, SidecarError};
use crate::text::load::{LoadError, decode};
use crate::text::normalize::{Folding, fold};
use crate::text::words::words;
use metrics::{Confusion, Scores, exact_matches, overlap_matches, token_labels};

pub use folders::{Failure, FoldersError, FoldersReport, Pooled, pool, run_folders};
pub use table::{folders_table, table};

/// One annotator's annotations of the article.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    /// The entities.
    pub entities: Vec<Entity>,
    /// The claims.
    pub claims: Vec<Claim>,
}

impl Annotations {
    /// The annotations of a loaded sidecar.
    pub fn from_loaded(loaded: &Loaded) -> Self {
        Self {
            entities: loaded.store.entities().cloned().collect(),
            claims: loaded.store.claims().cloned().collect(),
        }
    }
}

/// Cohen's kappa over the article's word tokens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kappa {
    /// How many word tokens the article has.
    pub tokens: usize,
    /// Kappa over every token's label (`O` outside entities); `None` when
    /// the article has no words.
    pub overall: Option<f64>,
    /// Per label: kappa of the yes/no decision "this token has this label".
    pub labels: BTreeMap<String, Option<f64>>,
    /// The token labels counted, which is what pooling adds up.
    #[serde(skip)]
    pub confusion: Confusion,
}

impl Kappa {
    /// The kappas of `confusion` over `names` (the labels either side used).
    pub fn of(confusion: Confusion, names: impl IntoIterator<Item = String>) -> Self {
        let labels = names
            .into_iter()
            .map(|name| {
                let k = confusion.label_kappa(&name);
                (name, k)
            })
            .collect();
        Self {
            tokens: usize::try_from(confusion.items()).unwrap_or(usize::MAX),
            overall: confusion.kappa(),
            labels,
            confusion,
        }
    }
}

/// Agreement on entities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityAgreement {
    /// Exact span and label, all labels together (micro average).
    pub overall: Scores,
    /// Exact span and label, per label (every label either side used).
    pub labels: BTreeMap<String, Scores>,
    /// Overlapping span and same label, greedy one-to-one.
    pub partial: Scores,
    /// Token kappa; `None` when the article's text is not available.
    pub kappa: Option<Kappa>,
}

/// Agreement on claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimAgreement {
    /// Same start and end.
    pub span: Scores,
    /// Same start and end and the same claimant.
    pub span_claimant: Scores,
}

/// Everything [`compare`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Entities.
    pub entities: EntityAgreement,
    /// Claims.
    pub claims: ClaimAgreement,
}

/// Who makes a claim, in terms both annotators share.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Who {
    /// No claimant.
    Nobody,
    /// An entity of A (by index), or an entity of B matched to it.
    Entity(usize),
    /// A free-text claimant, folded.
    Text(String),
    /// An entity of B that matches no entity of A (by B's index): agrees
    /// with nothing.
    UnmatchedB(usize),
    /// A claimant id of A that names no entity (the loader refuses these).
    DanglingA(String),
}

/// A free-text claimant as compared: spaces collapsed, then folded (harakat,
/// tatweel, alef forms… see [`Folding::all`]).
fn claimant_key(text: &str) -> String {
    fold(&text.split_whitespace().collect::<Vec<_>>().join(" "), &Folding::all())
}

/// Compares B against A; `text` is the article (needed for token kappa only).
pub fn compare(a: &Annotations, b: &Annotations, text: Option<&str>) -> Agreement {
    Agreement { entities: compare_entities(a, b, text), claims: compare_claims(a, b) }
}

fn spans(entities: &[Entity]) -> Vec<(Range<usize>, &str)> {
    entities.iter().map(|e| (e.range(), e.label.as_str())).collect()
}

fn compare_entities(a: &Annotations, b: &Annotations, text: Option<&str>) -> EntityAgreement {
    let (spans_a, spans_b) = (spans(&a.entities), spans(&b.entities));
    let matches = exact_matches(&spans_a, &spans_b);
    let overall = Scores::new(matches.len(), spans_a.len(), spans_b.len());

    let names: BTreeSet<&str> = spans_a.iter().chain(&spans_b).map(|(_, l)| *l).collect();
    let count = |spans: &[(Range<usize>, &str)], name: &str| {
        spans.iter().filter(|(_, l)| *l == name).count()
    };
    let labels = names
        .iter()
        .map(|&name| {
            let tp = matches.iter().filter(|&&(i, _)| spans_a[i].1 == name).count();
            (name.to_owned(), Scores::new(tp, count(&spans_a, name), count(&spans_b, name)))
        })
        .collect();

    let partial =
        Scores::new(overlap_matches(&spans_a, &spans_b).len(), spans_a.len(), spans_b.len());

    let kappa = text.map(|text| {
        let tokens: Vec<Range<usize>> = words(text).collect();
        let (ta, tb) = (token_labels(&tokens, &spans_a), token_labels(&tokens, &spans_b));
        Kappa::of(Confusion::of(&ta, &tb), names.iter().map(|&n| n.to_owned()))
    });

    EntityAgreement { overall, labels, partial, kappa }
}

fn compare_claims(a: &Annotations, b: &Annotations) -> ClaimAgreement {
    let matches = exact_matches(&spans(&a.entities), &spans(&b.entities));
    let b_to_a: HashMap<usize, usize> = matches.iter().map(|&(i, j)| (j, i)).collect();
    let index = |entities: &[Entity]| -> HashMap<String, usize> {
        entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect()
    };
    let (index_a, index_b) = (index(&a.entities), index(&b.entities));

    let who_a = |c: &Claim| match &c.claimant {
        None => Who::Nobody,
        Some(Claimant::Text(t)) => Who::Text(claimant_key(t)),
        Some(Claimant::Entity(id)) => {
            index_a.get(id).map_or_else(|| Who::DanglingA(id.clone()), |&i| Who::Entity(i))
        }
    };
    let who_b = |c: &Claim| match &c.claimant {
        None => Who::Nobody,
        Some(Claimant::Text(t)) => Who::Text(claimant_key(t)),
        Some(Claimant::Entity(id)) => match index_b.get(id) {
            Some(&j) => b_to_a.get(&j).map_or(Who::UnmatchedB(j), |&i| Who::Entity(i)),
            None => Who::UnmatchedB(usize::MAX),
        },
    };

    let span_of = |c: &Claim| (c.start, c.end);
    let (na, nb) = (a.claims.len(), b.claims.len());
    let span_a: Vec<_> = a.claims.iter().map(span_of).collect();
    let span_b: Vec<_> = b.claims.iter().map(span_of).collect();
    let span = Scores::new(exact_matches(&span_a, &span_b).len(), na, nb);
    let full_a: Vec<_> = a.claims.iter().map(|c| (span_of(c), who_a(c))).collect();
    let full_b: Vec<_> = b.claims.iter().map(|c| (span_of(c), who_b(c))).collect();
    let span_claimant = Scores::new(exact_matches(&full_a, &full_b).len(), na, nb);
    ClaimAgreement { span, span_claimant }
}

/// Why two sidecars could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum AgreeError {
    /// A sidecar could not be read or is not valid (with line and column).
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    /// The article exists but could not be read.
    #[error(transparent)]
    Article(#[from] LoadError),
    /// The sidecars annotate different articles.
    #[error("{a} annotates `{a_file}` but {b} annotates `{b_file}`: not the same article")]
    DifferentArticles {
        /// Sidecar A.
        a: PathBuf,
        /// A's `[article] file`.
        a_file: String,
        /// Sidecar B.
        b: PathBuf,
        /// B's `[article] file`.
        b_file: String,
    },
}

/// The result of `hashiya agree`: the agreement of B with A, with the
/// overall entity scores repeated at the top for simple consumers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Sidecar A (the reference), as given.
    pub a: String,
    /// Sidecar B, as given.
    pub b: String,
    /// The article's path, looked for beside A.
    pub article: String,
    /// `entities.overall.precision`.
    pub precision: f64,
    /// `entities.overall.recall`.
    pub recall: f64,
    /// `entities.overall.f1`.
    pub f1: f64,
    /// The figures.
    #[serde(flatten)]
    pub agreement: Agreement,
    /// What the reader should know: differing hashes, a missing article,
    /// spans moved or not found.
    pub warnings: Vec<String>,
}

/// A sidecar's text, checked.
struct Sidecar<'p> {
    path: &'p Path,
    source: String,
    /// `[article] file`.
    file: Option<String>,
    /// `[article] sha256`.
    sha256: Option<String>,
}

impl<'p> Sidecar<'p> {
    /// Reads and checks the sidecar at `path` (a missing file is an error here).
    fn read(path: &'p Path) -> Result<Self, SidecarError> {
        let bytes = crate::limits::read_file(path, crate::limits::Input::Data)
            .map_err(|source| SidecarError::Io { path: path.to_path_buf(), source })?;
        let source = String::from_utf8(bytes).map_err(|e| SidecarError::InvalidUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        // Checks everything, with line and column in errors (no second
        // parse of the whole file as a TOML tree for two fields).
        let checked = parse_unanchored(&source, path)?;
        Ok(Self { path, file: checked.file, sha256: checked.sha256, source })
    }

    /// Loads the annotations against `text`, noting what re-anchoring did.
    fn load(&self, text: &str, warnings: &mut Vec<String>) -> Result<Annotations, SidecarError> {
        let loaded = parse_str(&self.source, self.path, text)?;
        let name = self.path.display();
        if !loaded.report.moved.is_empty() {
            warnings.push(format!(
                "{name}: {} span(s) moved to where their text now is: {}",
                loaded.report.moved.len(),
                loaded.report.moved.join(", ")
            ));
        }
        if !loaded.report.orphans.is_empty() {
            warnings.push(format!(
                "{name}: the text of {} annotation(s) is not in the article; compared at their stored offsets: {}",
                loaded.report.orphans.len(),
                loaded.report.orphans.join(", ")
            ));
        }
        Ok(Annotations::from_loaded(&loaded))
    }
}

/// Reads sidecars `a` and `b` and the article beside `a` (the folder of `a`
/// plus its `[article] file`), and compares B against A. Without the article
/// the spans are compared at their stored offsets and kappa is left out
/// (with a warning).
pub fn run(a: &Path, b: &Path) -> Result<Report, AgreeError> {
    let side_a = Sidecar::read(a)?;
    let side_b = Sidecar::read(b)?;
    if let (Some(fa), Some(fb)) = (&side_a.file, &side_b.file) {
        if fa != fb {
            return Err(AgreeError::DifferentArticles {
                a: a.to_path_buf(),
                a_file: fa.clone(),
                b: b.to_path_buf(),
                b_file: fb.clone(),
            });
        }
    }
    let mut warnings = Vec::new();
    if let (Some(ha), Some(hb)) = (&side_a.sha256, &side_b.sha256) {
        if ha != hb {
            warnings.push(format!(
                "{} and {} were saved for different versions of the article (sha256 differs)",
                a.display(),
                b.display()
            ));
        }
    }
    let file = side_a.file.clone().or_else(|| side_b.file.clone());
    let file = file.unwrap_or_else(|| article_file_name(a));
    let article = a.parent().unwrap_or_else(|| Path::new("")).join(&file);
    let text = match crate::limits::read_file(&article, crate::limits::Input::Data) {
        Ok(bytes) => Some(decode(&article, bytes)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            warnings.push(format!(
                "{}: no such article; spans compared at their stored offsets, token kappa skipped",
                article.display()
            ));
            None
        }
        Err(source) => return Err(LoadError::Io { path: article, source }.into()),
    };
    // Without the article, loading against no text leaves every span where
    // the sidecar put it (as an orphan); those warnings would say nothing new.
    let mut ignored = Vec::new();
    let notes = if text.is_some() { &mut warnings } else { &mut ignored };
    let against = text.as_deref().unwrap_or("");
    let (ann_a, ann_b) = (side_a.load(against, notes)?, side_b.load(against, notes)?);
    let agreement = compare(&ann_a, &ann_b, text.as_deref());
    let overall = agreement.entities.overall;
    Ok(Report {
        a: a.display().to_string(),
        b: b.display().to_string(),
        article: article.display().to_string(),
        precision: overall.precision,
        recall: overall.recall,
        f1: overall.f1,
        agreement,
        warnings,
    })
}
