//! The corpus behind the review screen's corpus views, gathered off the UI
//! thread.
//!
//! Once the first screen is up, background threads (one a core, at most
//! [`SCAN_THREADS`]) read every article's sidecar, each folder's
//! `hashiya.toml` once (read to look at: no lock is touched), and send each
//! article's [`ArticleData`]; [`App::update`] takes what has arrived (within
//! a small time budget, so that a key is never kept waiting) into the
//! [`Corpus`] aggregate. The open article counts from memory: whenever its
//! store changes (an edit, an undo, a merge from disk) its contribution is
//! replaced — one article, not the corpus. The view shown keeps its rows
//! ([`CorpusTable`]) and makes them again only when the view or the corpus
//! changed (while the scan runs, at most every [`REFRESH`]), never per key
//! or per frame.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::App;
use super::annotations::{Annotations, schema_refusal};
use super::articles::ArticleSource;
use super::review::View;
use crate::annotate::{ArticleStatus, sidecar_path};
use crate::corpus::{ArticleData, Corpus, Registry};
use crate::text::plural::count;

/// How long one message may spend taking in scanned articles.
pub const BUDGET: Duration = Duration::from_millis(6);

/// How often a corpus view shown while the scan runs is made again with
/// what is known so far.
pub const REFRESH: Duration = Duration::from_millis(250);

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

/// The rows of one corpus view, as text cells, with what each row leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusTable {
    /// The view they are of.
    pub view: View,
    /// The corpus's generation they were made from.
    pub generation: u64,
    /// When they were made.
    pub made: Option<Instant>,
    /// The cells of each row.
    pub rows: Vec<Vec<String>>,
    /// What Enter does on each row.
    pub targets: Vec<Option<Target>>,
}

/// The corpus aggregate and the background scan that fills it.
#[derive(Debug, Default)]
pub struct CorpusScan {
    /// Every article's annotations, as far as read. Shared (copy on
    /// write) so that the suggestion thread can read the other articles'
    /// mentions without the UI thread copying them; it holds it only while
    /// it gathers them.
    pub corpus: Arc<Corpus>,
    /// Articles still to come from the scan.
    rx: Option<Receiver<(usize, ArticleData)>>,
    /// True once the scan was started.
    started: bool,
    /// Bumped at every change of the corpus.
    pub generation: u64,
    /// The open article and its store's revision, as last put in.
    seen: Option<(usize, u64)>,
    /// The rows of views shown before and left, while still up to date:
    /// switching back to one takes it from here.
    kept: Vec<CorpusTable>,
}

impl CorpusScan {
    /// True while articles are still being read.
    pub fn is_scanning(&self) -> bool {
        self.rx.is_some()
    }

    /// True once the scan was started.
    pub fn started(&self) -> bool {
        self.started
    }

    /// Articles read so far (the open one included) and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.corpus.read(), self.corpus.len())
    }

    /// Starts reading `sources` on other threads (one a core, at most
    /// [`SCAN_THREADS`]), once.
    pub fn start(&mut self, sources: &[ArticleSource]) {
        if self.started {
            return;
        }
        self.started = true;
        self.corpus = Arc::new(Corpus::new(sources.len()));
        let (tx, rx) = mpsc::channel();
        let sources: Arc<[ArticleSource]> = sources.into();
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let threads = cores.clamp(1, SCAN_THREADS);
        for t in 0..threads {
            let (tx, sources) = (tx.clone(), Arc::clone(&sources));
            std::thread::spawn(move || {
                let mut reader = Reader::default();
                for (i, source) in sources.iter().enumerate().skip(t).step_by(threads) {
                    // The receiver is gone when the session ended: stop.
                    if tx.send((i, reader.read(source))).is_err() {
                        break;
                    }
                }
            });
        }
        self.rx = Some(rx);
    }

    /// Waits for the scan to end, taking in every article (`current`, the
    /// open article, counts from memory).
    pub fn wait(&mut self, current: usize) {
        while self.rx.is_some() {
            self.poll(current, Duration::MAX);
            if let Some(rx) = &self.rx {
                // Block for the next one rather than spin.
                if let Ok((i, data)) = rx.recv() {
                    if i != current || self.corpus.article(i).is_none() {
                        Arc::make_mut(&mut self.corpus).set(i, data);
                    }
                } else {
                    self.rx = None;
                }
                self.generation += 1;
            }
        }
    }

    /// Takes in the articles that arrived, for at most `budget` (`current`,
    /// the open article, counts from memory and is not replaced); true if
    /// the corpus changed.
    pub fn poll(&mut self, current: usize, budget: Duration) -> bool {
        let Some(rx) = &self.rx else { return false };
        let start = Instant::now();
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok((i, data)) => {
                    if i != current || self.corpus.article(i).is_none() {
                        Arc::make_mut(&mut self.corpus).set(i, data);
                        changed = true;
                    }
                    if start.elapsed() >= budget {
                        break;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.rx = None;
                    changed = true;
                    break;
                }
            }
        }
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Puts the open article `current` in from its annotations in memory,
    /// when they changed since last time (or another article is open).
    pub fn note_open(&mut self, current: usize, ann: &Annotations, registry: Option<&Registry>) {
        let now = (current, ann.store.revision());
        if self.seen == Some(now) || !self.started {
            return;
        }
        self.seen = Some(now);
        let mut data = ArticleData::of(&ann.store);
        if let Some(registry) = registry {
            data = data.resolved(registry);
        }
        data.problem = ann.refusal().map(str::to_owned);
        if self.corpus.article(current) != Some(&data) {
            Arc::make_mut(&mut self.corpus).set(current, data);
            self.generation += 1;
        }
    }
}

/// One article's annotations as the corpus views show them (read to look
/// at: the article's lock is not touched).
pub fn read(source: &ArticleSource) -> ArticleData {
    match source.load() {
        Ok(text) => {
            let (ann, _) = Annotations::read(source.path(), &text);
            let mut data = ArticleData::of(&ann.store);
            data.problem = ann.refusal().map(str::to_owned);
            data
        }
        Err(e) => ArticleData::failed(e.to_string()),
    }
}

/// Most threads reading the corpus.
pub const SCAN_THREADS: usize = 2;

/// Reads articles for the corpus views, each folder's `hashiya.toml`
/// looked at once.
#[derive(Debug, Default)]
pub struct Reader {
    /// Per folder: why annotation is refused there (a broken
    /// `hashiya.toml`), if it is.
    refusals: HashMap<PathBuf, Option<String>>,
    /// Per folder: its canonical entities (`entities.toml`), read once:
    /// linked mentions and claimants count as their entity.
    registries: HashMap<PathBuf, Registry>,
}

impl Reader {
    /// One article's annotations as the corpus views show them: [`read`]'s,
    /// with the folder's schema looked at once.
    pub fn read(&mut self, source: &ArticleSource) -> ArticleData {
        let Some(path) = source.path() else { return read(source) };
        let text = match source.load() {
            Ok(text) => text,
            Err(e) => return ArticleData::failed(e.to_string()),
        };
        let folder = match path.parent() {
            Some(f) if !f.as_os_str().is_empty() => f.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let registry = self.registries.entry(folder.clone()).or_insert_with_key(|f| {
            crate::corpus::registry_file::load(&crate::corpus::registry_file::registry_path(f))
                .unwrap_or_default()
        });
        let refused = self.refusals.entry(folder).or_insert_with_key(|f| schema_refusal(f));
        let data = if let Ok(loaded) = crate::annotate::load(&sidecar_path(path), &text) {
            let mut data = ArticleData::of(&loaded.store);
            data.problem.clone_from(refused);
            data
        } else {
            // What the reader says of a sidecar it cannot load.
            let (ann, _) = Annotations::read(Some(path), &text);
            let mut data = ArticleData::of(&ann.store);
            data.problem = ann.refusal().map(str::to_owned);
            data
        };
        data.resolved(registry)
    }
}

/// The rows of corpus view `view` of `corpus` (`names`: the articles' names).
pub fn table(view: View, corpus: &Corpus, names: &[ArticleSource]) -> CorpusTable {
    let name = |i: usize| names.get(i).map(|a| a.name.clone()).unwrap_or_default();
    let (rows, targets): (Vec<Vec<String>>, Vec<Option<Target>>) = match view {
        View::Article => (Vec::new(), Vec::new()),
        View::Articles => (0..corpus.len())
            .filter_map(|i| corpus.article(i).map(|a| (i, a)))
            .map(|(i, a)| {
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
                let row = vec![
                    mark.to_owned(),
                    name(i),
                    a.entities.len().to_string(),
                    a.claims.len().to_string(),
                    note,
                ];
                (row, Some(Target::Article(i, 0..0)))
            })
            .unzip(),
        View::Entities => corpus
            .entity_index()
            .into_iter()
            .map(|g| {
                let target = g.first.map(|(a, r)| Target::Article(a, r));
                let row =
                    vec![g.name, g.mentions.to_string(), g.labels.join(" "), g.forms.join("، ")];
                (row, target)
            })
            .unzip(),
        View::Claims => corpus
            .claims()
            .into_iter()
            .map(|(i, c)| {
                let row = vec![
                    c.claimant.clone(),
                    c.cue.clone(),
                    c.text.clone(),
                    c.kind.clone(),
                    name(i),
                ];
                (row, Some(Target::Article(i, c.range.clone())))
            })
            .unzip(),
        View::Labels => {
            // The bars are drawn to the column's width from the counts.
            corpus
                .label_counts()
                .into_iter()
                .map(|(label, n)| (vec![label.clone(), n.to_string()], Some(Target::Label(label))))
                .unzip()
        }
        View::Annotators => corpus
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
    };
    CorpusTable { view, generation: 0, made: None, rows, targets }
}

impl App {
    /// Starts gathering the corpus in the background (called once the
    /// first screen is drawn; a corpus view starts it too).
    pub fn start_scan(&mut self) {
        self.corpus.start(&self.articles);
        self.corpus.note_open(
            self.current,
            &self.ann,
            self.linking.file.as_ref().map(|f| &f.registry),
        );
    }

    /// True while the corpus is still being read.
    pub fn is_scanning(&self) -> bool {
        self.corpus.is_scanning()
    }

    /// Waits until the corpus is read whole (if a scan runs) and the view
    /// shown is up to date: for tests and benchmarks that want the final
    /// figures.
    pub fn wait_scan(&mut self) {
        if self.corpus.is_scanning() {
            self.corpus.wait(self.current);
            self.refresh_corpus();
        }
    }

    /// Takes in what the scan read, puts in the open article's changes,
    /// and makes the corpus view's rows again if it is shown and out of
    /// date.
    pub(super) fn refresh_corpus(&mut self) {
        self.corpus.poll(self.current, BUDGET);
        if !self.is_loading() {
            self.corpus.note_open(
                self.current,
                &self.ann,
                self.linking.file.as_ref().map(|f| &f.registry),
            );
        }
        let Some(review) = self.review.as_mut() else { return };
        if !review.view.is_corpus() {
            if let Some(t) = review.table.take() {
                self.corpus.kept.push(t);
            }
            return;
        }
        if !self.corpus.started() {
            self.corpus.start(&self.articles);
            self.corpus.note_open(
                self.current,
                &self.ann,
                self.linking.file.as_ref().map(|f| &f.registry),
            );
        }
        let now = self.clock.now();
        let stale = match &review.table {
            None => true,
            Some(t) if t.view != review.view => true,
            Some(t) if t.generation == self.corpus.generation => false,
            // While the scan runs, what is known so far, now and then.
            Some(t) => {
                !self.corpus.is_scanning()
                    || t.made.is_none_or(|made| now.saturating_duration_since(made) >= REFRESH)
            }
        };
        if stale {
            let generation = self.corpus.generation;
            let kept = &mut self.corpus.kept;
            kept.retain(|t| t.generation == generation);
            if let Some(old) = review.table.take().filter(|t| t.generation == generation) {
                kept.push(old);
            }
            let mut table = if let Some(i) = kept.iter().position(|t| t.view == review.view) {
                kept.swap_remove(i)
            } else {
                let mut table = table(review.view, &self.corpus.corpus, &self.articles);
                table.generation = generation;
                table.made = Some(now);
                table
            };
            table.made = table.made.or(Some(now));
            review.selected = review.selected.min(table.rows.len().saturating_sub(1));
            review.table = Some(table);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::articles::Origin;

    #[test]
    fn the_scan_reads_as_the_reader_does() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken");
        std::fs::create_dir(&broken).unwrap();
        std::fs::write(broken.join("hashiya.toml"), "labels = [").unwrap();
        let text = "قال وزير الدفاع";
        let good = "schema = 1\n\n[article]\nfile = \"a.txt\"\nstatus = \"done\"\n\n[[entity]]\n\
                    id = \"e1\"\nlabel = \"PERSON\"\nstart = 4\nend = 8\ntext = \"وزير\"\n";
        let mut sources = Vec::new();
        for (folder, name, sidecar) in [
            (dir.path(), "a.txt", Some(good)),
            (dir.path(), "b.txt", Some("schema = 1\n[[entity]]\nid = 3\n")),
            (dir.path(), "c.txt", None),
            (broken.as_path(), "a.txt", Some(good)),
        ] {
            let path = folder.join(name);
            std::fs::write(&path, text).unwrap();
            if let Some(sidecar) = sidecar {
                std::fs::write(sidecar_path(&path), sidecar).unwrap();
            }
            sources.push(ArticleSource { name: name.into(), origin: Origin::File(path) });
        }
        sources.push(ArticleSource {
            name: "gone.txt".into(),
            origin: Origin::File(dir.path().join("gone.txt")),
        });
        let mut reader = Reader::default();
        for source in &sources {
            assert_eq!(reader.read(source), read(source), "{}", source.name);
        }
        assert_eq!(reader.read(&sources[0]).entities.len(), 1);
        assert_eq!(reader.read(&sources[0]).status, Some(ArticleStatus::Done));
        assert!(reader.read(&sources[1]).problem.is_some());
        assert!(reader.read(&sources[3]).problem.is_some());
    }
}
