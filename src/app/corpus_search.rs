//! Searching every article of the session (`F`): the query is typed in an
//! overlay; each change restarts the search on two threads of its own,
//! which take the articles a few at a time, in order, and send each one's
//! matches back as they find them ([`SearchEvent`], delivered to [`super::App::update`] as
//! [`super::Msg::CorpusSearch`]); the list fills in while the user types
//! or moves. A search replaced by a newer one is cancelled (a flag the
//! thread looks at between articles) and what it still sends is ignored
//! (its generation is old).
//!
//! Matching is `/`'s ([`crate::text::hits`]: the same folding), so Enter
//! opens the article with the match selected as `/` selects it. Memory is
//! bounded: at most [`KEEP_PER_ARTICLE`] matches of an article and
//! [`KEEP_IN_ALL`] in all are kept with their snippets (the others are
//! counted); each thread holds one article at a time.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::articles::ArticleSource;
use crate::text::hits::{self, Hits};
use crate::text::normalize::Folding;

/// Matches kept (with their snippets) per article.
pub const KEEP_PER_ARTICLE: usize = 50;
/// Matches kept (with their snippets) in all.
pub const KEEP_IN_ALL: usize = 2_000;

/// What the search thread reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchEvent {
    /// The matches of one article (only articles with a match are sent).
    Found {
        /// Which search (see [`CorpusSearch::generation`]).
        generation: u64,
        /// The article's index in the session.
        article: usize,
        /// Its matches.
        hits: Hits,
        /// Articles looked at so far.
        searched: usize,
    },
    /// How far the search is: `searched` articles read.
    Progress {
        /// Which search.
        generation: u64,
        /// Articles looked at so far.
        searched: usize,
    },
    /// The search looked at every article.
    Done {
        /// Which search.
        generation: u64,
        /// Articles that could not be read (skipped).
        unreadable: usize,
    },
}

impl SearchEvent {
    fn generation(&self) -> u64 {
        match self {
            Self::Found { generation, .. }
            | Self::Progress { generation, .. }
            | Self::Done { generation, .. } => *generation,
        }
    }
}

/// One article's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleResults {
    /// The article's index in the session.
    pub article: usize,
    /// Its matches.
    pub hits: Hits,
}

/// Threads searching at once (the machine's two cores; the UI thread
/// has little to do meanwhile).
const WORKERS: usize = 2;
/// Articles a thread takes at a time.
const CHUNK: usize = 8;

/// What the search threads share.
#[derive(Debug)]
struct Shared {
    articles: Vec<ArticleSource>,
    query: String,
    generation: u64,
    stop: Arc<AtomicBool>,
    /// The next article no thread took yet.
    next: AtomicUsize,
    /// Articles looked at.
    searched: AtomicUsize,
    /// Matches kept with their snippets (about: two threads may each take
    /// the last room, so at most [`KEEP_IN_ALL`] + [`KEEP_PER_ARTICLE`]).
    kept: AtomicUsize,
    unreadable: AtomicUsize,
    /// Threads done.
    finished: AtomicUsize,
}

impl Shared {
    /// One thread's work: chunks of articles until none is left; the last
    /// thread to finish says the search is done.
    fn work(&self, tx: &mpsc::Sender<SearchEvent>) {
        let (n, generation) = (self.articles.len(), self.generation);
        loop {
            let first = self.next.fetch_add(CHUNK, Ordering::Relaxed);
            if first >= n {
                break;
            }
            for article in first..(first + CHUNK).min(n) {
                if self.stop.load(Ordering::Relaxed) {
                    return;
                }
                let hits = if let Some(text) = self.articles.get(article).and_then(read) {
                    let room = KEEP_IN_ALL.saturating_sub(self.kept.load(Ordering::Relaxed));
                    let keep = KEEP_PER_ARTICLE.min(room);
                    let hits = hits::find(&text, &self.query, Folding::default(), keep);
                    self.kept.fetch_add(hits.hits.len(), Ordering::Relaxed);
                    hits
                } else {
                    self.unreadable.fetch_add(1, Ordering::Relaxed);
                    Hits::default()
                };
                let searched = self.searched.fetch_add(1, Ordering::Relaxed) + 1;
                let event = if hits.total > 0 {
                    SearchEvent::Found { generation, article, hits, searched }
                } else {
                    SearchEvent::Progress { generation, searched }
                };
                // Nobody listens any more: the search was replaced.
                if tx.send(event).is_err() {
                    return;
                }
            }
        }
        if self.finished.fetch_add(1, Ordering::Relaxed) + 1 == WORKERS {
            let unreadable = self.unreadable.load(Ordering::Relaxed);
            let _ = tx.send(SearchEvent::Done { generation, unreadable });
        }
    }
}

/// A running search.
#[derive(Debug)]
struct Job {
    rx: Receiver<SearchEvent>,
    cancel: Arc<AtomicBool>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The corpus search: the query, what was found so far, the highlighted
/// match.
#[derive(Debug, Default)]
pub struct CorpusSearch {
    /// The query typed.
    pub query: String,
    /// Articles with matches, in article order.
    pub results: Vec<ArticleResults>,
    /// The highlighted match: an index into the kept matches of all
    /// results, in order.
    pub selected: usize,
    /// Articles looked at so far.
    pub searched: usize,
    /// Articles in the search.
    pub total: usize,
    /// True once every article was looked at.
    pub done: bool,
    /// Articles that could not be read.
    pub unreadable: usize,
    /// Which search the results belong to (each restart counts one up).
    pub generation: u64,
    job: Option<Job>,
}

impl CorpusSearch {
    /// Starts the search for the current query over `articles` (replacing
    /// any running one); an empty query just clears the results.
    pub fn restart(&mut self, articles: &[ArticleSource]) {
        self.job = None;
        self.generation += 1;
        self.results.clear();
        self.selected = 0;
        self.searched = 0;
        self.unreadable = 0;
        self.total = articles.len();
        self.done = self.query.trim().is_empty();
        if self.done {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared {
            articles: articles.to_vec(),
            query: self.query.clone(),
            generation: self.generation,
            stop: Arc::clone(&cancel),
            next: AtomicUsize::new(0),
            searched: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            unreadable: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
        });
        for _ in 0..WORKERS {
            let (shared, tx) = (Arc::clone(&shared), tx.clone());
            std::thread::spawn(move || shared.work(&tx));
        }
        self.job = Some(Job { rx, cancel });
    }

    /// True while the search thread runs.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// What the thread sent since last asked (not applied yet: each goes
    /// to [`super::App::update`] as a message).
    pub fn pending(&mut self) -> Vec<SearchEvent> {
        let mut out = Vec::new();
        let Some(job) = &self.job else { return out };
        loop {
            match job.rx.try_recv() {
                Ok(event) => out.push(event),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.job = None;
                    break;
                }
            }
        }
        out
    }

    /// Waits for the next thing the thread sends (tests; `None` once it ended).
    pub fn wait_event(&mut self) -> Option<SearchEvent> {
        let event = self.job.as_ref()?.rx.recv().ok();
        if event.is_none() {
            self.job = None;
        }
        event
    }

    /// Takes in one event of the thread (an old search's is ignored).
    pub fn apply(&mut self, event: SearchEvent) {
        if event.generation() != self.generation {
            return;
        }
        match event {
            SearchEvent::Found { article, hits, searched, .. } => {
                self.searched = self.searched.max(searched);
                // Results come in the order the threads find them: each
                // goes to its article's place, and the highlighted match
                // stays the same.
                let at = self.results.partition_point(|r| r.article < article);
                let before: usize = self.results[..at].iter().map(|r| r.hits.hits.len()).sum();
                if before <= self.selected && self.selected < self.kept() {
                    self.selected += hits.hits.len();
                }
                self.results.insert(at, ArticleResults { article, hits });
            }
            SearchEvent::Progress { searched, .. } => self.searched = self.searched.max(searched),
            SearchEvent::Done { unreadable, .. } => {
                self.searched = self.total;
                self.unreadable = unreadable;
                self.done = true;
                self.job = None;
            }
        }
    }

    /// Matches kept, in all.
    pub fn kept(&self) -> usize {
        self.results.iter().map(|r| r.hits.hits.len()).sum()
    }

    /// Matches found, in all (kept or only counted).
    pub fn found(&self) -> usize {
        self.results.iter().map(|r| r.hits.total).sum()
    }

    /// The highlighted match: its article and the match.
    pub fn selected_hit(&self) -> Option<(usize, &hits::Hit)> {
        let mut i = self.selected;
        for r in &self.results {
            if i < r.hits.hits.len() {
                return r.hits.hits.get(i).map(|h| (r.article, h));
            }
            i -= r.hits.hits.len();
        }
        None
    }

    /// Moves the highlight to the next (or previous) match.
    pub fn step(&mut self, down: bool) {
        let n = self.kept();
        self.selected = if down {
            (self.selected + 1).min(n.saturating_sub(1))
        } else {
            self.selected.saturating_sub(1)
        };
    }
}

/// The text of `source`, if it can be read without waiting: regular files
/// only (never standard input, a FIFO or a device), within the data limit;
/// invalid UTF-8 read with replacements (a match is still a match).
fn read(source: &ArticleSource) -> Option<String> {
    match source.path() {
        Some(path) => {
            if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
                return None;
            }
            // Valid UTF-8 (nearly always) is taken as read, not copied.
            match source.load() {
                Ok(text) => Some(text),
                Err(crate::text::load::LoadError::InvalidUtf8 { .. }) => source.load_lossy().ok(),
                Err(_) => None,
            }
        }
        None => source.load().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::articles::Origin;

    fn sources(texts: &[&'static str]) -> Vec<ArticleSource> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| ArticleSource { name: format!("{i}.txt"), origin: Origin::Embedded(t) })
            .collect()
    }

    fn run(search: &mut CorpusSearch) {
        while let Some(e) = search.wait_event() {
            search.apply(e);
        }
    }

    #[test]
    fn results_come_per_article_in_order_spelling_insensitive() {
        let articles = sources(&["قال الرئيس.", "الرّئيس والرئيس", "لا شيء هنا", "رئيس"]);
        let mut s = CorpusSearch { query: "الرئيس".into(), ..CorpusSearch::default() };
        s.restart(&articles);
        run(&mut s);
        assert!(s.done);
        let found: Vec<_> = s.results.iter().map(|r| (r.article, r.hits.total)).collect();
        assert_eq!(found, [(0, 1), (1, 2)]);
        assert_eq!(s.searched, 4);
        s.step(true);
        s.step(true);
        s.step(true);
        let (article, hit) = s.selected_hit().unwrap();
        assert_eq!((article, hit.range.clone()), (1, 9..15));
    }

    #[test]
    fn a_restart_ignores_what_the_old_search_still_sends() {
        let articles = sources(&["واحد", "اثنان"]);
        let mut s = CorpusSearch { query: "واحد".into(), ..CorpusSearch::default() };
        s.restart(&articles);
        let old = s.generation;
        s.query = "اثنان".into();
        s.restart(&articles);
        s.apply(SearchEvent::Found {
            generation: old,
            article: 0,
            hits: Hits::default(),
            searched: 1,
        });
        assert!(s.results.is_empty());
        run(&mut s);
        assert_eq!(s.results.iter().map(|r| r.article).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn results_arriving_out_of_order_go_in_place_and_keep_the_highlight() {
        let mut s = CorpusSearch { generation: 1, total: 10, ..CorpusSearch::default() };
        let one = |start: usize| Hits {
            hits: vec![hits::Hit {
                range: start..start + 1,
                snippet: "x".into(),
                in_snippet: 0..1,
            }],
            total: 1,
        };
        s.apply(SearchEvent::Found { generation: 1, article: 5, hits: one(50), searched: 1 });
        s.apply(SearchEvent::Found { generation: 1, article: 7, hits: one(70), searched: 2 });
        s.step(true);
        s.apply(SearchEvent::Found { generation: 1, article: 2, hits: one(20), searched: 3 });
        assert_eq!(s.results.iter().map(|r| r.article).collect::<Vec<_>>(), [2, 5, 7]);
        assert_eq!(s.selected_hit().map(|(a, h)| (a, h.range.start)), Some((7, 70)));
        assert_eq!(s.searched, 3);
    }

    #[test]
    fn many_articles_on_two_threads_give_every_result_once() {
        let texts: Vec<&'static str> =
            (0..100).map(|i| if i % 3 == 0 { "قال الرئيس" } else { "نص آخر" }).collect();
        let mut s = CorpusSearch { query: "الرئيس".into(), ..CorpusSearch::default() };
        s.restart(&sources(&texts));
        run(&mut s);
        let found: Vec<usize> = s.results.iter().map(|r| r.article).collect();
        assert_eq!(found, (0..100).filter(|i| i % 3 == 0).collect::<Vec<_>>());
        assert_eq!((s.searched, s.done), (100, true));
    }

    #[test]
    fn an_empty_query_searches_nothing() {
        let mut s = CorpusSearch::default();
        s.restart(&sources(&["نص"]));
        assert!(s.done && !s.is_running() && s.results.is_empty());
    }

    #[test]
    fn fifos_and_missing_files_are_skipped_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let good = dir.path().join("good.txt");
        std::fs::write(&good, "نص الخبر").unwrap();
        let mut articles = vec![ArticleSource {
            name: "gone.txt".into(),
            origin: Origin::File(dir.path().join("gone.txt")),
        }];
        if made.is_ok_and(|s| s.success()) {
            articles.push(ArticleSource { name: "pipe.txt".into(), origin: Origin::File(fifo) });
        }
        articles.push(ArticleSource { name: "good.txt".into(), origin: Origin::File(good) });
        let mut s = CorpusSearch { query: "الخبر".into(), ..CorpusSearch::default() };
        s.restart(&articles);
        run(&mut s);
        assert_eq!(s.unreadable, articles.len() - 1);
        assert_eq!(s.results.len(), 1);
    }
}
