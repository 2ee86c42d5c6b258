//! The rows of a corpus view, made when the view or the corpus changes,
//! never per key or per frame.
//!
//! The two views with a row per article or per claim (10,000 and 50,000
//! rows for a corpus of 10,000 articles) keep only which article or claim
//! each row shows, in the view's order, and make the cells of the rows on
//! screen when they are drawn ([`CorpusTable::cells`]): making every row's
//! text up front cost 10–100 ms a view. The other views (the entity index,
//! labels, annotators) have a row per group and keep their cells.

use std::ops::Range;

use super::articles::ArticleSource;
use super::review::View;
use crate::annotate::ArticleStatus;
use crate::corpus::{ArticleData, Corpus};
use crate::text::plural::count;

/// What Enter does on a row of a corpus view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Open an article at a span (empty: its top).
    Article(usize, Range<usize>),
    /// Show the open article's table filtered by a label.
    Label(String),
    /// Show the open article's table filtered by who made the annotations
    /// (`""`: nobody recorded).
    By(String),
}

/// The rows of a view: what each shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    /// The cells of each row and what Enter does on it.
    Made(Vec<Vec<String>>, Vec<Option<Target>>),
    /// The articles view: the index of each row's article (read ones, in
    /// the order opened).
    Articles(Vec<usize>),
    /// Who said what: each row's article and the index of its claim there.
    Claims(Vec<(usize, usize)>),
}

/// The rows of one corpus view, with the corpus's generation they were
/// made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusTable {
    /// The view they are of.
    pub view: View,
    /// The corpus's generation they were made from.
    pub generation: u64,
    /// The generation of the open article's changes they were made from:
    /// an edit there makes them again at once, even while the scan runs
    /// (rows of the other views only ever gain articles meanwhile).
    pub edits: u64,
    /// When they were made.
    pub made: Option<std::time::Instant>,
    /// What each row shows.
    pub rows: Rows,
}

impl CorpusTable {
    /// How many rows.
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Made(rows, _) => rows.len(),
            Rows::Articles(rows) => rows.len(),
            Rows::Claims(rows) => rows.len(),
        }
    }

    /// True when it has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cells of row `row` (`corpus`: the one it was made from, or a
    /// later one; `names`: the articles' names); none past the end.
    pub fn cells(
        &self,
        row: usize,
        corpus: &Corpus,
        names: &[ArticleSource],
    ) -> Option<Vec<String>> {
        let name = |i: usize| names.get(i).map(|a| a.name.clone()).unwrap_or_default();
        match &self.rows {
            Rows::Made(rows, _) => rows.get(row).cloned(),
            Rows::Articles(rows) => {
                let i = *rows.get(row)?;
                Some(article_cells(corpus.article(i)?, name(i)))
            }
            Rows::Claims(rows) => {
                let &(i, k) = rows.get(row)?;
                let c = corpus.article(i)?.claims.get(k)?;
                Some(vec![
                    c.claimant.clone(),
                    c.cue.clone(),
                    c.text.clone(),
                    c.kind.clone(),
                    name(i),
                ])
            }
        }
    }

    /// The cells of every row (for tests and tools that want them all).
    pub fn all_cells(&self, corpus: &Corpus, names: &[ArticleSource]) -> Vec<Vec<String>> {
        (0..self.len()).filter_map(|r| self.cells(r, corpus, names)).collect()
    }

    /// What Enter does on row `row`.
    pub fn target(&self, row: usize, corpus: &Corpus) -> Option<Target> {
        match &self.rows {
            Rows::Made(_, targets) => targets.get(row).cloned().flatten(),
            Rows::Articles(rows) => rows.get(row).map(|&i| Target::Article(i, 0..0)),
            Rows::Claims(rows) => {
                let &(i, k) = rows.get(row)?;
                let c = corpus.article(i)?.claims.get(k)?;
                Some(Target::Article(i, c.range.clone()))
            }
        }
    }
}

/// The cells of an article's row: a mark (⚠ a problem, · nothing
/// annotated, ✓ annotated), its name, entities, claims and a note.
fn article_cells(a: &ArticleData, name: String) -> Vec<String> {
    let mark = match (&a.problem, a.entities.is_empty() && a.claims.is_empty()) {
        (Some(_), _) => "⚠",
        (None, true) => "·",
        (None, false) => "✓",
    };
    let (orphans, conflicts) = (a.orphans(), a.conflicts());
    let note = a.problem.clone().unwrap_or_else(|| {
        let mut notes = Vec::new();
        if orphans > 0 {
            notes.push(count(orphans, "orphan", "orphans"));
        }
        if conflicts > 0 {
            notes.push(format!("{conflicts} in conflict"));
        }
        notes.join(", ")
    });
    vec![mark.to_owned(), name, a.entities.len().to_string(), a.claims.len().to_string(), note]
}

/// The rows of corpus view `view` of `corpus`.
pub fn table(view: View, corpus: &Corpus) -> CorpusTable {
    let made = |(cells, targets)| Rows::Made(cells, targets);
    let rows = match view {
        View::Article => Rows::Made(Vec::new(), Vec::new()),
        View::Articles => {
            Rows::Articles((0..corpus.len()).filter(|&i| corpus.article(i).is_some()).collect())
        }
        View::Entities => made(
            corpus
                .entity_index()
                .into_iter()
                .map(|g| {
                    let target = g.first.map(|(a, r)| Target::Article(a, r));
                    let row = vec![
                        g.name,
                        g.mentions.to_string(),
                        g.labels.join(" "),
                        g.forms.join("، "),
                    ];
                    (row, target)
                })
                .unzip(),
        ),
        View::Claims => Rows::Claims(corpus.claim_places()),
        View::Labels => made(
            // The bars are drawn to the column's width from the counts.
            corpus
                .label_counts()
                .into_iter()
                .map(|(label, n)| (vec![label.clone(), n.to_string()], Some(Target::Label(label))))
                .unzip(),
        ),
        View::Annotators => made(
            corpus
                .annotators_by_count()
                .into_iter()
                .map(|(who, p)| {
                    let name = if who.is_empty() { "(not recorded)" } else { who };
                    let row = vec![
                        name.to_owned(),
                        p.entities.to_string(),
                        p.claims.to_string(),
                        p.articles().to_string(),
                        p.with_status(ArticleStatus::Done).to_string(),
                        p.with_status(ArticleStatus::InProgress).to_string(),
                        p.with_status(ArticleStatus::Todo).to_string(),
                    ];
                    (row, Some(Target::By(who.to_owned())))
                })
                .unzip(),
        ),
    };
    CorpusTable { view, generation: 0, edits: 0, made: None, rows }
}
