//! `hashiya curate --auto`: the agreed annotations (and the disagreements
//! already decided in GOLD, if any) written as the gold standard, and every
//! disagreement printed per article — a table for people, JSON for
//! programs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::super::agree::Version;
use super::compare::Why;
use super::gold::Held;
use super::{Article, CurateError, Source, State, gold, pair, write_gold};
use crate::text::safe::{Line, line};

/// One disagreement as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedRow {
    /// Its id (as in the state file).
    pub row: String,
    /// `entity` or `claim`.
    pub kind: &'static str,
    /// Why it is one.
    pub why: Vec<Why>,
    /// Each source's versions, by source name (none: nothing there).
    pub versions: BTreeMap<String, Vec<Version>>,
    /// The decision taken in an earlier curation (`alice`, `all`, `none`), if any.
    pub decision: Option<String>,
}

/// One article of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleReport {
    /// The article's file name.
    pub article: String,
    /// Annotations all sources agree on.
    pub agreed: usize,
    /// The disagreements.
    pub disagreements: Vec<ListedRow>,
    /// The gold sidecar written (`None`: not written, see `error`).
    pub written: Option<String>,
    /// Why the article was not curated or its gold not written.
    pub error: Option<String>,
    /// Re-anchoring notes.
    pub warnings: Vec<String>,
    /// What the gold leaves out: links the annotators differ on (left
    /// unset), relations whose ends are not in the gold.
    pub held: Vec<Held>,
}

/// An article only some sources annotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The article's file name.
    pub article: String,
    /// The sources that have it.
    pub only_in: Vec<String>,
}

/// The report of `curate --auto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutoReport {
    /// The gold folder.
    pub gold: String,
    /// The sources' names, in order.
    pub sources: Vec<String>,
    /// Every article annotated in all sources.
    pub articles: Vec<ArticleReport>,
    /// Articles not annotated in every source.
    pub left_out: Vec<LeftOut>,
}

impl AutoReport {
    /// How many articles could not be curated or written, or were left out.
    pub fn problems(&self) -> usize {
        self.articles.iter().filter(|a| a.error.is_some()).count() + self.left_out.len()
    }
}

/// The rows of `article` as listed, with the decisions in `state`.
pub fn listed(article: &Article, names: &[String], state: &State) -> Vec<ListedRow> {
    let decided = state.decisions.get(&article.name);
    article
        .rows
        .iter()
        .map(|row| ListedRow {
            row: row.id.clone(),
            kind: super::kind_name(row.disagreement.kind),
            why: row.disagreement.why.clone(),
            versions: names
                .iter()
                .enumerate()
                .map(|(side, name)| (name.clone(), article.versions(row, side)))
                .collect(),
            decision: decided.and_then(|d| d.get(&row.id)).map(|k| k.take.clone()),
        })
        .collect()
}

/// Runs `--auto`: every paired article's gold is written into `gold_dir`
/// (agreed annotations, plus what `GOLD`'s state already decided), its
/// disagreements reported. The state is saved (what was written).
pub fn auto(
    sources: &[Source],
    gold_dir: &Path,
    curator: Option<&str>,
) -> Result<AutoReport, CurateError> {
    let names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
    let mut state = State::load(gold_dir)?;
    let (paired, left) = pair(sources);
    if paired.is_empty() && left.is_empty() {
        return Err(CurateError::Usage(
            "curate: the sources hold no sidecar (NAME.txt.ann.toml)".into(),
        ));
    }
    let mut articles = Vec::new();
    for name in paired {
        let mut report = ArticleReport {
            article: name.clone(),
            agreed: 0,
            disagreements: Vec::new(),
            written: None,
            error: None,
            warnings: Vec::new(),
            held: Vec::new(),
        };
        match Article::load(&name, sources) {
            Ok(article) => {
                report.agreed = article.agreed();
                report.disagreements = listed(&article, &names, &state);
                report.warnings.clone_from(&article.warnings);
                let decisions = state.decisions_of(&name, &names);
                let gold = gold(&article, &names, &decisions, curator);
                report.held = gold.held;
                match write_gold(gold_dir, &article, &gold.store, &mut state) {
                    Ok(w) => report.written = Some(w.sidecar.display().to_string()),
                    Err(e) => report.error = Some(e.to_string()),
                }
            }
            Err(e) => report.error = Some(e.to_string()),
        }
        articles.push(report);
    }
    if articles.iter().any(|a| a.written.is_some()) {
        state.save(gold_dir)?;
    }
    let left_out =
        left.into_iter().map(|(article, only_in)| LeftOut { article, only_in }).collect();
    Ok(AutoReport { gold: gold_dir.display().to_string(), sources: names, articles, left_out })
}

/// One version: `e3 PERSON 16..25 "…"`, with a claim's claimant and cue.
fn version(v: &Version) -> String {
    let mut s =
        format!("{} {} {}..{} \"{}\"", line(&v.id), line(&v.label), v.start, v.end, line(&v.text));
    if let Some(who) = &v.claimant {
        let _ = write!(s, " claimant \"{}\"", line(who));
    }
    if let Some(cue) = &v.cue {
        let _ = write!(s, " cue \"{}\"", line(cue));
    }
    if let Some(by) = &v.by {
        let _ = write!(s, " by {}", line(by));
    }
    s
}

/// The report as text: per article, its counts, where its gold went, and
/// each disagreement with every source's versions.
pub fn table(report: &AutoReport) -> String {
    let mut out = String::new();
    let width = report.sources.iter().map(|s| line(s).chars().count()).max().unwrap_or(0);
    for a in &report.articles {
        let name = Line(&a.article);
        match (&a.written, &a.error) {
            (_, Some(e)) => {
                let _ = writeln!(out, "{name}: not curated: {}", Line(e));
            }
            (Some(w), None) => {
                let _ = writeln!(
                    out,
                    "{name}: {} agreed, {} disagreement(s) → {}",
                    a.agreed,
                    a.disagreements.len(),
                    Line(w)
                );
            }
            (None, None) => {}
        }
        for d in &a.disagreements {
            let why: Vec<&str> = d.why.iter().map(|w| w.describe()).collect();
            let start = d.versions.values().flatten().map(|v| v.start).min().unwrap_or(0);
            let end = d.versions.values().flatten().map(|v| v.end).max().unwrap_or(start);
            let decided =
                d.decision.as_ref().map(|t| format!(" (decided: {})", line(t))).unwrap_or_default();
            let _ = writeln!(out, "  {start}..{end} {}: {}{decided}", d.kind, why.join(", "));
            for source in &report.sources {
                let versions = d.versions.get(source).map(Vec::as_slice).unwrap_or_default();
                let shown = line(source);
                let pad = " ".repeat(width.saturating_sub(shown.chars().count()));
                if versions.is_empty() {
                    let _ = writeln!(out, "    {shown}:{pad} —");
                }
                for v in versions {
                    let _ = writeln!(out, "    {shown}:{pad} {}", version(v));
                }
            }
        }
        for h in &a.held {
            let _ = writeln!(
                out,
                "  {} {} {} \"{}\": {}",
                h.kind,
                line(&h.id),
                line(&h.label),
                line(&h.text),
                line(&h.why)
            );
        }
    }
    for l in &report.left_out {
        let only: Vec<String> = l.only_in.iter().map(|s| line(s).into_owned()).collect();
        let _ =
            writeln!(out, "{}: left out: annotated only in {}", Line(&l.article), only.join(", "));
    }
    out
}
