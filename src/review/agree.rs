//! `hashiya agree`: how far annotator B agrees with annotator A on one
//! article, from their two sidecars.
//!
//! - Entities: precision, recall and F1 of B against A on exact matches
//!   (same start, end and label; one-to-one), overall and per label; the
//!   same on overlapping spans of the same label ([`metrics::overlap_matches`]);
//!   Cohen's kappa over the article's word tokens, overall and per label
//!   (that label vs the rest), when the article's text is at hand.
//! - Claims: precision, recall and F1 on the same span, on the same span
//!   with the same claimant, and on the same claim (span, claimant, cue and
//!   kind); an entity claimant is compared by its span and label, a text
//!   claimant folded ([`super::compare`], shared with `curate`).
//! - Relations: precision, recall and F1 on the same relation: same type,
//!   both ends matched by span and label (one-to-one).
//! - With `--list`, the disagreements themselves ([`Listed`]): annotations
//!   of one side with no counterpart on the other, grouped where they
//!   overlap, each saying why (missing, other label, other boundaries…).
//! - Two annotators of one merged sidecar (or folder) are compared by
//!   `by` ([`run_by`]).
//!
//! [`compare`] is pure; [`run`] reads the files; [`table`] renders the
//! report for people, `serde_json` for programs. Shape and definitions are
//! in `docs/agree.md`.

mod folders;
pub mod metrics;
mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::compare::{self, Side, Why, claim_key, claimant_key};
use crate::annotate::sidecar::{article_file_name, parse_str, parse_unanchored};
use crate::annotate::{AnnotationKind, Claim, Claimant, Entity, Loaded, Record, SidecarError};
use crate::text::load::{LoadError, decode};
use crate::text::words::words;
use metrics::{Confusion, Scores, exact_matches, overlap_matches, token_labels};

pub use folders::{
    Failure, FoldersError, FoldersReport, Pooled, pool, run_folders, run_folders_by,
};
pub use table::{folders_table, table};

/// One annotator's annotations of the article.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    /// The entities.
    pub entities: Vec<Entity>,
    /// The claims.
    pub claims: Vec<Claim>,
    /// Other entities its claimants may name (another annotator's, in a
    /// merged sidecar); not compared.
    pub context: Vec<Entity>,
    /// The relations (records of the relation kind).
    pub relations: Vec<Record>,
}

impl Annotations {
    /// The annotations of a loaded sidecar.
    pub fn from_loaded(loaded: &Loaded) -> Self {
        Self {
            entities: loaded.store.entities().cloned().collect(),
            claims: loaded.store.claims().cloned().collect(),
            context: Vec::new(),
            relations: loaded
                .store
                .records_of_kind(crate::annotate::kinds::RELATION)
                .into_iter()
                .cloned()
                .collect(),
        }
    }

    /// The annotations made by `who` (`by`, suggestions they accepted
    /// included: [`crate::annotate::ids::made_by`]); the others' entities
    /// stay as context, for claimants that name them.
    #[must_use]
    pub fn by(&self, who: &str) -> Self {
        // What `who` accepted from a recommender (`who+gazetteer`) is theirs.
        let mine = |by: Option<&str>| by.is_some_and(|by| crate::annotate::ids::made_by(by, who));
        let (entities, context) =
            self.entities.iter().cloned().partition(|e| mine(e.by.as_deref()));
        Self {
            entities,
            claims: self.claims.iter().filter(|c| mine(c.by.as_deref())).cloned().collect(),
            context,
            relations: self.relations.iter().filter(|r| mine(r.by.as_deref())).cloned().collect(),
        }
    }

    /// As the comparison sees it.
    pub fn side(&self) -> Side<'_> {
        Side {
            entities: &self.entities,
            claims: &self.claims,
            context: &self.context,
            relations: &self.relations,
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
    /// Linking: of the mentions both marked (exact span and label), how
    /// many both linked to the same canonical entity.
    pub linking: Linking,
}

/// Agreement on links to canonical entities (`entities.toml`), over the
/// mentions matched by span and label: links are compared by id, so both
/// sides must use one registry (one corpus).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Linking {
    /// Mentions matched (exact span and label).
    pub matched: usize,
    /// Of those, linked by either side.
    pub linked: usize,
    /// Linked by both to the same canonical entity.
    pub same: usize,
    /// Linked by both, to different entities.
    pub different: usize,
    /// Linked by one side only.
    pub one_side: usize,
    /// Of the matched mentions either side linked, the share both linked
    /// to the same entity (`None`: no such mention).
    pub agreement: Option<f64>,
}

impl Linking {
    /// With its agreement worked out from the counts.
    fn finished(mut self) -> Self {
        self.linked = self.same + self.different + self.one_side;
        self.agreement = (self.linked > 0).then(|| self.same as f64 / self.linked as f64);
        self
    }

    /// The sum of two (pooling folders).
    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        Self {
            matched: self.matched + other.matched,
            same: self.same + other.same,
            different: self.different + other.different,
            one_side: self.one_side + other.one_side,
            ..Self::default()
        }
        .finished()
    }
}

/// The linking agreement of matched entity pairs `matches` (indexes in A's
/// and B's entities).
fn linking(a: &[Entity], b: &[Entity], matches: &[(usize, usize)]) -> Linking {
    let mut out = Linking { matched: matches.len(), ..Linking::default() };
    for &(i, j) in matches {
        match (&a[i].link, &b[j].link) {
            (None, None) => {}
            (Some(x), Some(y)) if x == y => out.same += 1,
            (Some(_), Some(_)) => out.different += 1,
            _ => out.one_side += 1,
        }
    }
    out.finished()
}

/// Agreement on claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimAgreement {
    /// Same start and end.
    pub span: Scores,
    /// Same start and end and the same claimant.
    pub span_claimant: Scores,
    /// The same claim: span, claimant, cue span and kind.
    pub full: Scores,
}

/// Agreement on relations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationAgreement {
    /// The same relation: the same type, both ends matched by span and
    /// label (one-to-one).
    pub full: Scores,
}

/// Everything [`compare`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Entities.
    pub entities: EntityAgreement,
    /// Claims.
    pub claims: ClaimAgreement,
    /// Relations.
    pub relations: RelationAgreement,
}

/// Compares B against A; `text` is the article (needed for token kappa only).
pub fn compare(a: &Annotations, b: &Annotations, text: Option<&str>) -> Agreement {
    Agreement {
        entities: compare_entities(a, b, text),
        claims: compare_claims(a, b),
        relations: compare_relations(a, b),
    }
}

/// A relation as compared: its type and each end's span and label (`None`:
/// an end naming no entity of its side).
type RelationKey<'a> = (&'a str, Option<(usize, usize, &'a str)>, Option<(usize, usize, &'a str)>);

/// The keys of the relations of `side`, their ends resolved among its
/// entities and context.
fn relation_keys(side: &Annotations) -> Vec<RelationKey<'_>> {
    use crate::annotate::keys::{FROM, TO};
    let by_id: std::collections::HashMap<&str, &Entity> =
        side.entities.iter().chain(&side.context).map(|e| (e.id.as_str(), e)).collect();
    let end = |r: &Record, key| {
        let e = by_id.get(r.text_of(key)?)?;
        Some((e.start, e.end, e.label.as_str()))
    };
    side.relations
        .iter()
        .map(|r| (r.label().unwrap_or_default(), end(r, FROM), end(r, TO)))
        .collect()
}

fn compare_relations(a: &Annotations, b: &Annotations) -> RelationAgreement {
    let (ka, kb) = (relation_keys(a), relation_keys(b));
    // An end naming nothing matches nothing.
    let whole = |k: &&RelationKey<'_>| k.1.is_some() && k.2.is_some();
    let (ma, mb): (Vec<_>, Vec<_>) =
        (ka.iter().filter(whole).copied().collect(), kb.iter().filter(whole).copied().collect());
    let matched = exact_matches(&ma, &mb).len();
    RelationAgreement { full: Scores::new(matched, ka.len(), kb.len()) }
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

    let linking = linking(&a.entities, &b.entities, &matches);
    EntityAgreement { overall, labels, partial, kappa, linking }
}

fn compare_claims(a: &Annotations, b: &Annotations) -> ClaimAgreement {
    let (side_a, side_b) = (a.side(), b.side());
    let (who_a, who_b) = (side_a.claimants(), side_b.claimants());
    let (na, nb) = (a.claims.len(), b.claims.len());
    let span_of = |c: &Claim| (c.start, c.end);
    let span_a: Vec<_> = a.claims.iter().map(span_of).collect();
    let span_b: Vec<_> = b.claims.iter().map(span_of).collect();
    let span = Scores::new(exact_matches(&span_a, &span_b).len(), na, nb);
    let with_a: Vec<_> = a.claims.iter().map(|c| (span_of(c), claimant_key(c, &who_a))).collect();
    let with_b: Vec<_> = b.claims.iter().map(|c| (span_of(c), claimant_key(c, &who_b))).collect();
    let span_claimant = Scores::new(exact_matches(&with_a, &with_b).len(), na, nb);
    let full_a: Vec<_> = a.claims.iter().map(|c| claim_key(c, &who_a)).collect();
    let full_b: Vec<_> = b.claims.iter().map(|c| claim_key(c, &who_b)).collect();
    let full = Scores::new(exact_matches(&full_a, &full_b).len(), na, nb);
    ClaimAgreement { span, span_claimant, full }
}

/// One annotation of a disagreement, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Its id in its sidecar.
    pub id: String,
    /// The label (entities) or the claim kind (claims).
    pub label: String,
    /// First `char` of the span.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The quoted text.
    pub text: String,
    /// Who makes the claim (the entity's text or the free text), if any.
    pub claimant: Option<String>,
    /// The cue's text, if any.
    pub cue: Option<String>,
    /// Who made it (`by`), when recorded.
    pub by: Option<String>,
}

impl Version {
    /// An entity as listed.
    pub fn of_entity(e: &Entity) -> Self {
        Self {
            id: e.id.clone(),
            label: e.label.clone(),
            start: e.start,
            end: e.end,
            text: e.text.clone(),
            claimant: None,
            cue: None,
            by: e.by.clone(),
        }
    }

    /// A claim as listed; `side` resolves its claimant entity.
    pub fn of_claim(c: &Claim, side: &Side<'_>) -> Self {
        let claimant = match &c.claimant {
            None => None,
            Some(Claimant::Text(t)) => Some(t.clone()),
            Some(Claimant::Entity(id)) => Some(
                side.claimants().get(id.as_str()).map_or_else(|| id.clone(), |e| e.text.clone()),
            ),
        };
        Self {
            id: c.id.clone(),
            label: c.kind.name().to_owned(),
            start: c.start,
            end: c.end,
            text: c.text.clone(),
            claimant,
            cue: c.cue.as_ref().map(|q| q.text.clone()),
            by: c.by.clone(),
        }
    }
}

impl Version {
    /// A relation as listed: its type as label, the span from its first
    /// end to its last, and `from text → to text` as text; `side`
    /// resolves its ends (an end naming nothing shows its id).
    pub fn of_relation(r: &Record, side: &Side<'_>) -> Self {
        use crate::annotate::keys::{FROM, TO};
        let entities = side.claimants();
        let end = |key| {
            let id = r.text_of(key).unwrap_or_default();
            entities.get(id).copied().ok_or_else(|| id.to_owned())
        };
        let (from, to) = (end(FROM), end(TO));
        let ends: Vec<&Entity> =
            [&from, &to].into_iter().filter_map(|e| e.as_ref().ok()).copied().collect();
        let start = ends.iter().map(|e| e.start).min().unwrap_or(0);
        let end_at = ends.iter().map(|e| e.end).max().unwrap_or(start);
        let text = |e: &Result<&Entity, String>| match e {
            Ok(e) => e.text.clone(),
            Err(id) => id.clone(),
        };
        Self {
            id: r.id.clone(),
            label: r.label().unwrap_or_default().to_owned(),
            start,
            end: end_at,
            text: format!("{} → {}", text(&from), text(&to)),
            claimant: None,
            cue: None,
            by: r.by.clone(),
        }
    }
}

/// One disagreement between A and B, as `agree --list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    /// `entity` or `claim`.
    pub kind: &'static str,
    /// Why: `missing`, `label`, `boundaries`, `claimant`, `cue`, `kind`.
    pub why: Vec<Why>,
    /// A's annotations there (none: A has nothing there).
    pub a: Vec<Version>,
    /// B's annotations there.
    pub b: Vec<Version>,
}

/// The disagreements between A and B, in document order.
pub fn disagreements(a: &Annotations, b: &Annotations) -> Vec<Listed> {
    let sides = [a.side(), b.side()];
    let versions = |side: usize, kind: AnnotationKind, indexes: &[usize]| -> Vec<Version> {
        let s = &sides[side];
        indexes
            .iter()
            .filter_map(|&i| match kind {
                AnnotationKind::Entity => Some(Version::of_entity(&s.entities[i])),
                AnnotationKind::Claim => Some(Version::of_claim(&s.claims[i], s)),
                AnnotationKind::Record => None,
            })
            .collect()
    };
    compare::compare(&sides)
        .disagreements
        .into_iter()
        .map(|d| Listed {
            kind: d.kind.name(),
            why: d.why,
            a: versions(0, d.kind, &d.versions[0]),
            b: versions(1, d.kind, &d.versions[1]),
        })
        .collect()
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
    /// With `--list`: every disagreement, in document order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreements: Option<Vec<Listed>>,
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

/// The article of sidecar `sidecar` (its folder plus `file`, else the
/// name the sidecar stands for), and its text; `None` with a warning when
/// it is not there (spans are then compared at their stored offsets).
fn article_of(
    sidecar: &Path,
    file: Option<String>,
    warnings: &mut Vec<String>,
) -> Result<(PathBuf, Option<String>), AgreeError> {
    let file = file.unwrap_or_else(|| article_file_name(sidecar));
    let article = sidecar.parent().unwrap_or_else(|| Path::new("")).join(&file);
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
    Ok((article, text))
}

/// The report of B against A on `article`.
fn report(
    names: (String, String),
    article: &Path,
    (ann_a, ann_b): (&Annotations, &Annotations),
    text: Option<&str>,
    warnings: Vec<String>,
    list: bool,
) -> Report {
    let agreement = compare(ann_a, ann_b, text);
    let overall = agreement.entities.overall;
    Report {
        a: names.0,
        b: names.1,
        article: article.display().to_string(),
        precision: overall.precision,
        recall: overall.recall,
        f1: overall.f1,
        agreement,
        warnings,
        disagreements: list.then(|| disagreements(ann_a, ann_b)),
    }
}

/// Reads sidecars `a` and `b` and the article beside `a` (the folder of `a`
/// plus its `[article] file`), and compares B against A. Without the article
/// the spans are compared at their stored offsets and kappa is left out
/// (with a warning). With `list`, the disagreements are listed too.
pub fn run(a: &Path, b: &Path, list: bool) -> Result<Report, AgreeError> {
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
    let (article, text) = article_of(a, file, &mut warnings)?;
    // Without the article, loading against no text leaves every span where
    // the sidecar put it (as an orphan); those warnings would say nothing new.
    let mut ignored = Vec::new();
    let notes = if text.is_some() { &mut warnings } else { &mut ignored };
    let against = text.as_deref().unwrap_or("");
    let (ann_a, ann_b) = (side_a.load(against, notes)?, side_b.load(against, notes)?);
    let names = (a.display().to_string(), b.display().to_string());
    Ok(report(names, &article, (&ann_a, &ann_b), text.as_deref(), warnings, list))
}

/// Compares the annotations `b` made (`by = b`) against those `a` made, in
/// the one (merged) sidecar `path`, as [`run`] compares two sidecars.
pub fn run_by(path: &Path, a: &str, b: &str, list: bool) -> Result<Report, AgreeError> {
    let side = Sidecar::read(path)?;
    let mut warnings = Vec::new();
    let (article, text) = article_of(path, side.file.clone(), &mut warnings)?;
    let mut ignored = Vec::new();
    let notes = if text.is_some() { &mut warnings } else { &mut ignored };
    let all = side.load(text.as_deref().unwrap_or(""), notes)?;
    let (ann_a, ann_b) = (all.by(a), all.by(b));
    let name = path.display();
    let names = (format!("{name} (by {a})"), format!("{name} (by {b})"));
    Ok(report(names, &article, (&ann_a, &ann_b), text.as_deref(), warnings, list))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Store;

    fn entity(id: &str, start: usize, link: Option<&str>) -> Entity {
        Entity {
            id: id.into(),
            label: "PERSON".into(),
            start,
            end: start + 3,
            text: "abc".into(),
            link: link.map(str::to_owned),
            ..Entity::default()
        }
    }

    #[test]
    fn linking_agreement_counts_matched_mentions_by_their_canonical_entity() {
        let a = Annotations {
            entities: vec![
                entity("e1", 0, Some("k-1")),
                entity("e2", 10, Some("k-1")),
                entity("e3", 20, Some("k-2")),
                entity("e4", 30, None),
                entity("e5", 40, None),
                entity("e6", 50, Some("k-1")),
            ],
            ..Annotations::default()
        };
        let b = Annotations {
            entities: vec![
                entity("x1", 0, Some("k-1")),
                entity("x2", 10, Some("k-9")),
                entity("x3", 20, None),
                entity("x4", 30, None),
                entity("x5", 40, Some("k-3")),
            ],
            ..Annotations::default()
        };
        let l = compare(&a, &b, None).entities.linking;
        assert_eq!((l.matched, l.linked, l.same, l.different, l.one_side), (5, 4, 1, 1, 2));
        assert_eq!(l.agreement, Some(0.25));
        let pooled = l.plus(l);
        assert_eq!((pooled.matched, pooled.linked, pooled.agreement), (10, 8, Some(0.25)));
        assert_eq!(compare(&a, &a, None).entities.linking.agreement, Some(1.0));
    }

    fn side(relations: &[(&str, usize, usize)], moved: bool) -> Annotations {
        let mut store = Store::new();
        let shift = usize::from(moved);
        let ids = [
            store.add_entity("PERSON", 0..5, "بوتين").unwrap(),
            store.add_entity("ORG", 10 + shift..15, "الحزب").unwrap(),
            store.add_entity("GPE", 20..25, "موسكو").unwrap(),
        ];
        for (label, from, to) in relations {
            store.add_relation(label, &ids[*from], &ids[*to]).unwrap();
        }
        let loaded = Loaded {
            store,
            existed: true,
            sha256: None,
            report: crate::annotate::AnchorReport::default(),
        };
        Annotations::from_loaded(&loaded)
    }

    #[test]
    fn relations_agree_on_their_type_and_both_ends() {
        let a = side(&[("member_of", 0, 1), ("located_in", 1, 2), ("met_with", 0, 2)], false);
        let b = side(&[("member_of", 0, 1), ("located_in", 2, 1), ("located_in", 0, 2)], false);
        let r = compare(&a, &b, None).relations.full;
        assert_eq!((r.a, r.b, r.tp), (3, 3, 1), "reversed ends or another type: no match");
        // An end with other boundaries: not the same relation.
        let moved = side(&[("member_of", 0, 1)], true);
        assert_eq!(compare(&a, &moved, None).relations.full.tp, 0);
        let pooled = super::folders::pool([&compare(&a, &b, None), &compare(&a, &a, None)]);
        assert_eq!(pooled.relations.full.tp, 4);
    }

    #[test]
    fn what_an_annotator_accepted_from_a_recommender_is_theirs() {
        let made = |id: &str, by: &str| Entity {
            id: id.into(),
            label: "PERSON".into(),
            by: Some(by.into()),
            ..Entity::default()
        };
        let all = Annotations {
            entities: vec![
                made("e1", "alice"),
                made("e2", "alice+gazetteer"),
                made("e3", "alicia"),
                made("e4", "bob+alice"),
            ],
            claims: Vec::new(),
            context: Vec::new(),
            relations: Vec::new(),
        };
        let ids = |a: &Annotations| a.entities.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&all.by("alice")), ["e1", "e2"]);
        assert_eq!(ids(&all.by("alice+gazetteer")), ["e2"]);
        assert_eq!(ids(&all.by("bob")), ["e4"]);
    }
}
