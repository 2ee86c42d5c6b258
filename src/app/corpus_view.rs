//! The corpus behind the review screen's corpus views, gathered off the UI
//! thread.
//!
//! Once the first screen is up, background threads (one a core, at most
//! [`SCAN_THREADS`], each at a lower priority than the UI thread: see
//! [`super::priority`], and stepping aside while a key is answered: see
//! [`super::input_pause`]) read every article's sidecar, each folder's
//! `hashiya.toml` once (read to look at: no lock is touched), and send the
//! articles' [`ArticleData`] in batches ([`BATCH`] articles, or what was read
//! in [`BATCH_TIME`]); [`App::update`] takes what has arrived (on a tick,
//! within a small time budget; on a key, one batch at most, so that a key
//! is never kept waiting) into the [`Corpus`] aggregate. No lock is shared:
//! the UI thread only ever takes what is in the channel. The open article
//! counts from memory: whenever its store changes (an edit, an undo, a
//! merge from disk) its contribution is replaced — one article, not the
//! corpus. The view shown keeps its rows ([`CorpusTable`]) and makes them
//! again only when the view or the corpus changed (while the scan runs, at
//! most every [`REFRESH`], or [`REFRESH_ARTICLES`] for the articles view),
//! never per key or per frame.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::App;
use super::annotations::{Annotations, schema_refusal};
use super::articles::ArticleSource;
use super::input_pause::{InputPause, Turn};
use super::review::View;
use crate::annotate::sidecar_path;
use crate::corpus::{ArticleData, Corpus, Registry};

/// How long a tick may spend taking in scanned articles.
pub const BUDGET: Duration = Duration::from_millis(6);

/// How long any other message may spend taking in scanned articles (at
/// least one batch is taken): a key's answer comes first.
pub const INPUT_BUDGET: Duration = Duration::ZERO;

/// How often a corpus view shown while the scan runs is made again with
/// what is known so far.
pub const REFRESH: Duration = Duration::from_millis(250);

/// How often the articles view, whose rows are only the articles' indexes
/// (made in microseconds), is made again while the scan runs: about as
/// often as the screen shows the progress, so that its rows grow with it.
pub const REFRESH_ARTICLES: Duration = Duration::from_millis(30);

/// Most articles a scan thread sends at once.
pub const BATCH: usize = 32;

/// A scan thread sends what it read at least this often.
pub const BATCH_TIME: Duration = Duration::from_millis(20);

pub use super::corpus_table::{CorpusTable, Rows, Target, table};

/// Articles read by a scan thread: each with its index.
type Batch = Vec<(usize, ArticleData)>;

/// The corpus aggregate and the background scan that fills it.
#[derive(Debug, Default)]
pub struct CorpusScan {
    /// Every article's annotations, as far as read. Shared (copy on
    /// write) so that the suggestion thread can read the other articles'
    /// mentions without the UI thread copying them; it holds it only while
    /// it gathers them.
    pub corpus: Arc<Corpus>,
    /// Articles still to come from the scan.
    rx: Option<Receiver<Batch>>,
    /// True once the scan was started.
    started: bool,
    /// Bumped at every change of the corpus.
    pub generation: u64,
    /// Bumped at every change of the open article's contribution (what
    /// can change rows already shown, where the scan only adds rows).
    pub edits: u64,
    /// The open article and its store's revision, as last put in.
    seen: Option<(usize, u64)>,
    /// The rows of views shown before and left, while still up to date:
    /// switching back to one takes it from here.
    kept: Vec<CorpusTable>,
    /// Held while input is answered: the scan threads step aside.
    pub pause: Arc<InputPause>,
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
    /// [`SCAN_THREADS`], each at a lower priority than the caller), once.
    pub fn start(&mut self, sources: &[ArticleSource]) {
        if self.started {
            return;
        }
        self.started = true;
        self.corpus = Arc::new(Corpus::new(sources.len()));
        let (tx, rx) = mpsc::channel::<Batch>();
        let sources: Arc<[ArticleSource]> = sources.into();
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let threads = cores.clamp(1, SCAN_THREADS);
        for t in 0..threads {
            let (tx, sources, pause) = (tx.clone(), Arc::clone(&sources), Arc::clone(&self.pause));
            std::thread::spawn(move || {
                super::priority::lower_this_thread();
                let mut reader = Reader::default();
                let mut batch = Vec::with_capacity(BATCH);
                let mut since = Instant::now();
                let mut turn = Turn::default();
                for (i, source) in sources.iter().enumerate().skip(t).step_by(threads) {
                    pause.step_aside(&mut turn);
                    batch.push((i, reader.read(source)));
                    if batch.len() >= BATCH || since.elapsed() >= BATCH_TIME {
                        // The receiver is gone when the session ended: stop.
                        if tx
                            .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                            .is_err()
                        {
                            return;
                        }
                        since = Instant::now();
                    }
                }
                if !batch.is_empty() {
                    let _ = tx.send(batch);
                }
            });
        }
        self.rx = Some(rx);
    }

    /// Puts in what the scan read (`current`, the open article, counts
    /// from memory and is not replaced); true if the corpus changed.
    fn take(&mut self, current: usize, batch: Batch) -> bool {
        let mut changed = false;
        for (i, data) in batch {
            if i != current || self.corpus.article(i).is_none() {
                Arc::make_mut(&mut self.corpus).set(i, data);
                changed = true;
            }
        }
        changed
    }

    /// Waits for the scan to end, taking in every article (`current`, the
    /// open article, counts from memory).
    pub fn wait(&mut self, current: usize) {
        while let Some(rx) = &self.rx {
            // Block for the next batch rather than spin.
            match rx.recv() {
                Ok(batch) => {
                    self.take(current, batch);
                }
                Err(_) => self.rx = None,
            }
            self.generation += 1;
        }
    }

    /// Takes in the batches that arrived, the first one whatever the time,
    /// then others for as long as `budget` lasts and no input waits
    /// ([`InputPause::waiting`]) (`current`, the open
    /// article, counts from memory and is not replaced); true if the
    /// corpus changed.
    pub fn poll(&mut self, current: usize, budget: Duration) -> bool {
        let start = Instant::now();
        let mut changed = false;
        while let Some(rx) = &self.rx {
            match rx.try_recv() {
                Ok(batch) => changed |= self.take(current, batch),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.rx = None;
                    changed = true;
                }
            }
            // A key waiting comes first.
            if start.elapsed() >= budget || self.pause.waiting() {
                break;
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
            self.edits += 1;
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

    /// The pause the corpus scan's threads obey: the thread reading the
    /// terminal holds it when input comes, so that the answer gets a core
    /// at once (bounded: see [`InputPause`]).
    pub fn input_pause(&self) -> Arc<InputPause> {
        Arc::clone(&self.corpus.pause)
    }

    /// The frame answering the first `answered` inputs held for (see
    /// [`InputPause::asked`]) was written: the scan goes on.
    pub fn input_answered(&self, answered: u64) {
        self.corpus.pause.release(answered);
    }

    /// The cells of every row of the corpus view shown (none when no
    /// corpus view is): what tests compare with other tools' figures.
    pub fn corpus_rows(&self) -> Vec<Vec<String>> {
        let table = self.review.as_ref().and_then(|r| r.table.as_ref());
        table.map(|t| t.all_cells(&self.corpus.corpus, &self.articles)).unwrap_or_default()
    }

    /// Waits until the corpus is read whole (if a scan runs) and the view
    /// shown is up to date: for tests and benchmarks that want the final
    /// figures.
    pub fn wait_scan(&mut self) {
        if self.corpus.is_scanning() {
            self.corpus.wait(self.current);
            self.refresh_corpus(BUDGET);
        }
    }

    /// Takes in what the scan read (for at most `budget`, one batch at
    /// least), puts in the open article's changes, and makes the corpus
    /// view's rows again if it is shown and out of date.
    pub(super) fn refresh_corpus(&mut self, budget: Duration) {
        self.corpus.poll(self.current, budget);
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
            // The open article changed: rows shown may say otherwise now.
            Some(t) if t.edits != self.corpus.edits => true,
            // While the scan runs, what is known so far, now and then
            // (the scan only adds articles: the rows shown stay true).
            Some(t) => {
                !self.corpus.is_scanning()
                    || t.made.is_none_or(|made| {
                        let every =
                            if t.view == View::Articles { REFRESH_ARTICLES } else { REFRESH };
                        now.saturating_duration_since(made) >= every
                    })
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
                let mut table = table(review.view, &self.corpus.corpus);
                table.generation = generation;
                table.edits = self.corpus.edits;
                table.made = Some(now);
                table
            };
            table.made = table.made.or(Some(now));
            review.selected = review.selected.min(table.len().saturating_sub(1));
            review.table = Some(table);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::ArticleStatus;
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
