//! `hashiya curate A B [C…] --out GOLD`: a gold standard from several
//! annotators' work (adjudication, as `INCEpTION`'s curation or brat's
//! comparison mode).
//!
//! Each source is one annotator's work: a folder of sidecars, a sidecar,
//! or — with `--by NAME` — what NAME made (`by`) in one merged sidecar or
//! folder (the team's corpus after git merged everyone's work). Articles
//! are paired by file name; an article not annotated in every source is
//! left out. For each article the annotations are compared as `agree`
//! compares them ([`super::compare`]): what every annotator has is
//! **agreed** and goes into the gold standard as it is; every other group
//! of overlapping annotations is a **disagreement** ([`Row`]) for the
//! curator to settle: take one annotator's version, take them all, or
//! drop them ([`Decision`]).
//!
//! The gold standard is written into GOLD: each article's text (copied)
//! and its sidecar, holding the agreed annotations and the decided
//! disagreements, every annotation with `by` (who made it) and
//! `curated_by` (the curator) — see [`gold`]. The inputs are never
//! written to. The decisions are kept in `GOLD/.hashiya-curation.toml`
//! ([`state`]), so that curation resumes where it stopped; a gold sidecar
//! changed since curation wrote it is never overwritten.
//!
//! - [`gold`]: the gold store of an article and writing it;
//! - [`state`]: the decisions, on disk;
//! - [`report`]: `--auto`'s report of the disagreements (table, JSON).

pub mod gold;
pub mod report;
pub mod state;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::agree::{Annotations, Version};
use super::compare::{
    self, Comparison, Disagreement, Side, Why, claim_key, entity_key, relation_key,
};
use crate::annotate::sidecar::{
    SIDECAR_SUFFIX, article_file_name, parse_str, parse_unanchored, sha256_hex,
};
use crate::annotate::{AnnotationKind, SidecarError};
use crate::text::load::LoadError;

pub use gold::{GoldError, gold, write_gold};
pub use state::{Decision, State, StateError};

/// Why curation cannot start.
#[derive(Debug, thiserror::Error)]
pub enum CurateError {
    /// A path could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The sources are not what curation takes.
    #[error("{0}")]
    Usage(String),
    /// The state file in GOLD is broken.
    #[error(transparent)]
    State(#[from] StateError),
}

/// One annotator's work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Its name: the annotator's (`--by`), else its folder's.
    pub name: String,
    /// Its sidecars, by the file name of their article.
    pub sidecars: BTreeMap<String, PathBuf>,
    /// Only the annotations this annotator made (`by`), in a merged sidecar.
    pub by: Option<String>,
}

/// The sidecars `path` names: a folder's (not its subfolders'), or the one
/// sidecar it is.
fn sidecars_of(path: &Path) -> Result<BTreeMap<String, PathBuf>, CurateError> {
    let io = |source| CurateError::Io { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    let mut out = BTreeMap::new();
    if meta.is_dir() {
        for item in std::fs::read_dir(path).map_err(io)? {
            let p = item.map_err(io)?.path();
            let is_sidecar =
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(SIDECAR_SUFFIX));
            if is_sidecar && p.is_file() {
                out.insert(article_file_name(&p), p);
            }
        }
    } else if super::corpus::is_sidecar(path) {
        out.insert(article_file_name(path), path.to_path_buf());
    } else if super::corpus::is_article(path) {
        let sidecar = crate::annotate::sidecar_path(path);
        out.insert(article_file_name(&sidecar), sidecar);
    } else {
        return Err(CurateError::Usage(format!(
            "{}: not a folder, a sidecar (*.ann.toml) or an article (*.txt)",
            path.display()
        )));
    }
    Ok(out)
}

/// The name of a source at `path`: its folder's name (a sidecar's folder).
fn folder_name(path: &Path) -> String {
    let folder = if path.is_dir() { Some(path) } else { path.parent() };
    let name = folder
        .and_then(|f| std::fs::canonicalize(f).ok())
        .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()));
    name.filter(|n| !n.is_empty()).unwrap_or_else(|| "source".to_owned())
}

/// The sources: one per path, named after their folders (made distinct),
/// or, with `by`, one per annotator in the one path given.
pub fn sources(paths: &[PathBuf], by: &[String]) -> Result<Vec<Source>, CurateError> {
    if !by.is_empty() {
        let [path] = paths else {
            return Err(CurateError::Usage(
                "curate --by NAME …: give one sidecar or folder, in which the annotators' work was merged"
                    .into(),
            ));
        };
        if by.len() < 2 {
            return Err(CurateError::Usage("curate: --by names at least two annotators".into()));
        }
        let sidecars = sidecars_of(path)?;
        return Ok(by
            .iter()
            .map(|name| Source {
                name: name.clone(),
                sidecars: sidecars.clone(),
                by: Some(name.clone()),
            })
            .collect());
    }
    if paths.len() < 2 {
        return Err(CurateError::Usage(
            "curate: give two sources or more (folders or sidecars), or one with --by NAME --by NAME"
                .into(),
        ));
    }
    let mut out: Vec<Source> = Vec::new();
    for path in paths {
        let base = folder_name(path);
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|s| s.name == name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        out.push(Source { name, sidecars: sidecars_of(path)?, by: None });
    }
    Ok(out)
}

/// Article names annotated in every source, and those left out (with the
/// sources that have them).
pub fn pair(sources: &[Source]) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let mut all: BTreeMap<&String, Vec<String>> = BTreeMap::new();
    for s in sources {
        for name in s.sidecars.keys() {
            all.entry(name).or_default().push(s.name.clone());
        }
    }
    let mut paired = Vec::new();
    let mut left = Vec::new();
    for (name, have) in all {
        if have.len() == sources.len() {
            paired.push(name.clone());
        } else {
            left.push((name.clone(), have));
        }
    }
    (paired, left)
}

/// A disagreement with its stable id (the same across runs for the same
/// annotations, so that a decision finds its row again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `r-xxxxxxxx`, derived from the versions' content.
    pub id: String,
    /// What differs, and each source's versions.
    pub disagreement: Disagreement,
}

/// One article, ready to curate.
#[derive(Debug, Clone)]
pub struct Article {
    /// Its file name.
    pub name: String,
    /// Its text.
    pub text: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// Each source's annotations, in source order.
    pub sides: Vec<Annotations>,
    /// What the sources agree on and where they differ.
    pub comparison: Comparison,
    /// The disagreements, with their ids, in document order.
    pub rows: Vec<Row>,
    /// Re-anchoring notes (spans moved or not found).
    pub warnings: Vec<String>,
}

/// Why an article cannot be curated.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    /// A sidecar cannot be read or is not valid.
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    /// The article exists but cannot be read.
    #[error(transparent)]
    Text(#[from] LoadError),
    /// The article's text is nowhere beside its sidecars.
    #[error("{name}: the article is not beside any of its sidecars ({tried})")]
    NoText {
        /// The article's file name.
        name: String,
        /// Where it was looked for.
        tried: String,
    },
}

/// Reads a sidecar's text.
fn read_sidecar(path: &Path) -> Result<String, SidecarError> {
    let bytes = crate::limits::read_file(path, crate::limits::Input::Data)
        .map_err(|source| SidecarError::Io { path: path.to_path_buf(), source })?;
    String::from_utf8(bytes).map_err(|e| SidecarError::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

impl Article {
    /// Reads article `name` from every source: its sidecars, and its text
    /// from beside the first sidecar that has it (`[article] file`).
    pub fn load(name: &str, sources: &[Source]) -> Result<Self, ArticleError> {
        // A source without the article has nothing there.
        let mut texts = Vec::with_capacity(sources.len());
        for s in sources {
            let Some(path) = s.sidecars.get(name) else {
                texts.push(None);
                continue;
            };
            let source = read_sidecar(path)?;
            let file = parse_unanchored(&source, path)?.file.unwrap_or_else(|| name.to_owned());
            texts.push(Some((path.clone(), source, file)));
        }
        let mut tried = Vec::new();
        let mut text = None;
        for (path, _, file) in texts.iter().flatten() {
            let article = path.parent().unwrap_or_else(|| Path::new("")).join(file);
            match crate::limits::read_file(&article, crate::limits::Input::Data) {
                Ok(bytes) => {
                    text = Some(crate::text::load::decode(&article, bytes)?);
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    tried.push(article.display().to_string());
                }
                Err(source) => return Err(LoadError::Io { path: article, source }.into()),
            }
        }
        let Some(text) = text else {
            return Err(ArticleError::NoText { name: name.to_owned(), tried: tried.join(", ") });
        };
        let mut sides = Vec::with_capacity(sources.len());
        let mut warnings = Vec::new();
        for (s, found) in sources.iter().zip(&texts) {
            let Some((path, source, _)) = found else {
                sides.push(Annotations::default());
                continue;
            };
            let loaded = parse_str(source, path, &text)?;
            if !loaded.report.orphans.is_empty() {
                warnings.push(format!(
                    "{}: the text of {} annotation(s) is not in the article: {}",
                    path.display(),
                    loaded.report.orphans.len(),
                    loaded.report.orphans.join(", ")
                ));
            }
            let all = Annotations::from_loaded(&loaded);
            sides.push(match &s.by {
                Some(who) => all.by(who),
                None => all,
            });
        }
        Ok(Self::new(name, text, sides, warnings))
    }

    /// An article of `text` with these sides' annotations, compared.
    pub fn new(name: &str, text: String, sides: Vec<Annotations>, warnings: Vec<String>) -> Self {
        let views: Vec<Side<'_>> = sides.iter().map(Annotations::side).collect();
        let mut comparison = compare::compare(&views);
        let relations = compare::compare_relations(&views);
        comparison.agreed.extend(relations.agreed);
        comparison.disagreements.extend(relations.disagreements);
        comparison.disagreements.sort_by_key(|d| (d.range.start, d.range.end, d.kind));
        let rows = comparison
            .disagreements
            .iter()
            .map(|d| Row { id: row_id(d, &views), disagreement: d.clone() })
            .collect();
        drop(views);
        let sha256 = sha256_hex(text.as_bytes());
        Self { name: name.to_owned(), text, sha256, sides, comparison, rows, warnings }
    }

    /// The listed versions of row `row` for side `side`.
    pub fn versions(&self, row: &Row, side: usize) -> Vec<Version> {
        let s = self.sides[side].side();
        row.disagreement.versions[side]
            .iter()
            .map(|&i| match row.disagreement.kind {
                AnnotationKind::Entity => Version::of_entity(&s.entities[i]),
                AnnotationKind::Claim => Version::of_claim(&s.claims[i], &s),
                AnnotationKind::Record => Version::of_relation(&s.relations[i], &s),
            })
            .collect()
    }

    /// How many annotations are agreed.
    pub fn agreed(&self) -> usize {
        self.comparison.agreed.len()
    }
}

/// A row's id: derived from its kind and every side's versions' keys.
fn row_id(d: &Disagreement, sides: &[Side<'_>]) -> String {
    let mut seed = format!("{:?}", d.kind);
    for (side, versions) in sides.iter().zip(&d.versions) {
        let mut keys: Vec<String> = versions
            .iter()
            .map(|&i| match d.kind {
                AnnotationKind::Entity => format!("{:?}", entity_key(&side.entities[i])),
                AnnotationKind::Claim => {
                    format!("{:?}", claim_key(&side.claims[i], &side.claimants()))
                }
                AnnotationKind::Record => {
                    let entities = side.claimants();
                    // Side-independent: an end naming nothing keys by its id.
                    let mut key = relation_key(&side.relations[i], 0, &entities);
                    for end in [&mut key.from, &mut key.to] {
                        if let compare::EndKey::Missing(s, _) = end {
                            *s = 0;
                        }
                    }
                    format!("{key:?}")
                }
            })
            .collect();
        keys.sort();
        seed.push('|');
        seed.push_str(&keys.join(";"));
    }
    crate::annotate::ids::derived_id('r', seed.as_bytes(), 0)
}

/// The name of a disagreement's kind in tables and reports: `entity`,
/// `claim`, `relation` (the only records compared).
pub fn kind_name(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Record => crate::annotate::kinds::RELATION,
        other => other.name(),
    }
}

/// `why` as said to people: `other label, other boundaries`.
pub fn describe(why: &[Why]) -> String {
    why.iter().map(|w| w.describe()).collect::<Vec<_>>().join(", ")
}
