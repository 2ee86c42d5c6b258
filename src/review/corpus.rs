//! Which articles and sidecars the command line names, loading them, and a
//! progress line for long runs.
//!
//! A path is an article (`*.txt`), a sidecar (`*.txt.ann.toml`, standing for
//! its article) or a folder. In a folder (not its subfolders), the
//! annotated articles are the `*.txt` files with a sidecar beside them;
//! `check` also takes sidecars whose article is missing, to say so.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::io::{IsTerminal as _, Write as _};
use std::path::{Component, Path, PathBuf};

use super::ReviewError;
use crate::annotate::sidecar::{SIDECAR_SUFFIX, sidecar_path};
use crate::annotate::{Loaded, load};
use crate::corpus::files;
use crate::text::load::read_article;
use crate::text::safe;
use unicode_width::UnicodeWidthStr as _;

/// One article and its sidecar (either may be missing on disk).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// The article.
    pub article: PathBuf,
    /// Its sidecar, `<article>.ann.toml`.
    pub sidecar: PathBuf,
}

impl Entry {
    /// The entry of `article`.
    pub fn of_article(article: PathBuf) -> Self {
        Self { sidecar: sidecar_path(&article), article }
    }

    /// The entry a sidecar path stands for.
    pub fn of_sidecar(sidecar: PathBuf) -> Self {
        // (A name of UTF-8, the usual case, is read where it is.)
        let name = sidecar.file_name().map(OsStr::to_string_lossy);
        let article = name
            .as_deref()
            .and_then(|n| n.strip_suffix(SIDECAR_SUFFIX))
            .map_or_else(|| sidecar.clone(), |n| sidecar.with_file_name(n));
        Self { article, sidecar }
    }

    /// The folder the article is in (`.` for a bare file name): where its
    /// `hashiya.toml` is looked for.
    pub fn folder(&self) -> &Path {
        self.article.parent().unwrap_or(Path::new("."))
    }

    /// The article's file name, for messages and exports.
    pub fn name(&self) -> String {
        self.name_ref().into_owned()
    }

    /// [`Entry::name`], borrowed when the name is UTF-8 (the usual case).
    pub fn name_ref(&self) -> std::borrow::Cow<'_, str> {
        self.article.file_name().map_or_else(
            || std::borrow::Cow::Owned(self.article.display().to_string()),
            OsStr::to_string_lossy,
        )
    }
}

pub use crate::corpus::files::{is_article, is_sidecar};

/// The entries `paths` name, sorted, each once. Files are taken as given
/// (an article without a sidecar gives an entry with no annotations); in
/// folders, annotated articles only, plus (`with_lone_sidecars`) sidecars
/// whose article is missing. A path that does not exist is an error.
pub fn entries(paths: &[PathBuf], with_lone_sidecars: bool) -> Result<Vec<Entry>, ReviewError> {
    let mut out = Vec::new();
    // True when the entries are one folder's listing: all in that folder,
    // each once (distinct sidecars).
    let mut one_folder = paths.len() == 1;
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| ReviewError::io(path, e))?;
        one_folder &= meta.is_dir();
        if meta.is_dir() {
            let folder = files::list(path).map_err(|e| ReviewError::io(path, e))?;
            // One folder: an article is there when its file name is.
            let articles: HashSet<&OsStr> =
                folder.articles.iter().filter_map(|a| a.file_name()).collect();
            for p in folder.sidecars {
                let entry = Entry::of_sidecar(p);
                let has_article =
                    entry.article.file_name().is_some_and(|name| articles.contains(name));
                if with_lone_sidecars || has_article {
                    out.push(entry);
                }
            }
        } else if is_sidecar(path) {
            out.push(Entry::of_sidecar(path.clone()));
        } else if is_article(path) {
            out.push(Entry::of_article(path.clone()));
        } else {
            return Err(ReviewError::NotAnArticle(path.clone()));
        }
    }
    if out.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(ReviewError::Nothing(named.join(", ")));
    }
    // Sorted as `Entry`'s `Ord` sorts (paths compare component by
    // component): in one folder (the usual case) by file name; else with
    // each path's components split once, not per comparison.
    if one_folder || out.windows(2).all(|w| w[0].article.parent() == w[1].article.parent()) {
        // Each file name found once, not per comparison; the entries
        // then moved into their order.
        let mut order: Vec<(Option<&OsStr>, usize)> =
            out.iter().enumerate().map(|(i, e)| (e.article.file_name(), i)).collect();
        order.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| out[a.1].cmp(&out[b.1])));
        let order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
        let mut slots: Vec<Option<Entry>> = out.into_iter().map(Some).collect();
        out = order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)).collect();
    } else {
        out.sort_by_cached_key(|e| (component_keys(&e.article), component_keys(&e.sidecar)));
    }
    if !one_folder {
        out.dedup();
    }
    Ok(out)
}

/// `path`'s components as owned keys that sort as [`Path`]'s `Ord` sorts
/// paths: by component, in the order of [`Component`]'s variants.
fn component_keys(path: &Path) -> Vec<(u8, OsString)> {
    path.components()
        .map(|c| {
            let rank = match c {
                Component::Prefix(_) => 0,
                Component::RootDir => 1,
                Component::CurDir => 2,
                Component::ParentDir => 3,
                Component::Normal(_) => 4,
            };
            (rank, c.as_os_str().to_owned())
        })
        .collect()
}

/// An article with its annotations, re-anchored as the reader sees them.
#[derive(Debug, Clone)]
pub struct Article {
    /// Where it came from.
    pub entry: Entry,
    /// The article's text as stored.
    pub text: String,
    /// The sidecar, loaded (empty when there is none).
    pub loaded: Loaded,
}

impl Article {
    /// Reads the article and its sidecar.
    pub fn load(entry: &Entry) -> Result<Self, ReviewError> {
        let text = read_article(&entry.article)?;
        let loaded = load(&entry.sidecar, &text)?;
        Ok(Self { entry: entry.clone(), text, loaded })
    }
}

/// A `[12/300] name` line on standard error, rewritten in place, shown only
/// when standard error is a terminal and there is more than one item.
///
/// It writes no escape sequence: the line is rewritten after a carriage
/// return and erased with spaces, and the name is shown as
/// [`safe::line`] shows it, cut to [`Progress::NAME_MAX`] characters.
#[derive(Debug)]
pub struct Progress {
    total: usize,
    enabled: bool,
    /// Columns of the line on screen (0: none).
    shown: usize,
}

impl Progress {
    /// Longest name shown, in `char`s (so that the line fits most terminals).
    pub const NAME_MAX: usize = 48;

    /// Progress over `total` items.
    pub fn new(total: usize) -> Self {
        #[allow(clippy::disallowed_methods, reason = "only asks whether it is a terminal")]
        let enabled = total > 1 && std::io::stderr().is_terminal();
        Self { total, enabled, shown: 0 }
    }

    /// Shows that item `index` (0-based) named `name` is being worked on.
    pub fn step(&mut self, index: usize, name: &str) {
        if self.enabled {
            let cut = name.char_indices().nth(Self::NAME_MAX).map_or(name.len(), |(i, _)| i);
            let more = if cut < name.len() { "…" } else { "" };
            let text = format!("[{}/{}] {}{more}", index + 1, self.total, safe::line(&name[..cut]));
            let width = text.width();
            let blank = " ".repeat(self.shown.saturating_sub(width));
            #[allow(clippy::disallowed_methods, reason = "the name is made safe above")]
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{text}{blank}");
            let _ = err.flush();
            self.shown = width;
        }
    }

    /// [`Self::step`] for `entry`, whose name is made only when the line
    /// is shown (not once per entry of a corpus for nothing).
    fn step_entry(&mut self, index: usize, entry: &Entry) {
        if self.enabled {
            self.step(index, &entry.name());
        }
    }

    /// Prints `message` on its own line of standard error, above the
    /// progress line, shown as [`safe::line`] shows it.
    pub fn note(&mut self, message: &str) {
        self.clear();
        safe::eprintln(message);
    }

    /// Removes the progress line.
    pub fn clear(&mut self) {
        if self.shown > 0 {
            #[allow(clippy::disallowed_methods, reason = "writes spaces only")]
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{}\r", " ".repeat(self.shown));
            let _ = err.flush();
            self.shown = 0;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Most worker threads the corpus commands use.
pub const MAX_WORKERS: usize = 8;

/// How many results a worker may have ready before the writer takes them:
/// with [`MAX_WORKERS`], what is in memory at once is a bounded number of
/// articles' worth (results are usually much smaller than their article).
/// Room for 8 lets a worker go on while the writer is off the core: fewer
/// sleeps and wake-ups than with room for 2 (voluntary context switches on
/// 10,000 articles: brat export −22%, Label Studio export −50%). Room for
/// 32 (with batches of 8, three batches waiting in the channel) lets the
/// workers go on while the writer spends a long system call writing what
/// they made: spaCy's export of 10,000 articles (421 MB) 0.54–0.62 →
/// 0.50–0.54 s, medians of 7 runs in turn.
pub const AHEAD: usize = 32;

/// Most entries a worker does before it hands their results over, in one
/// message: a hand-off wakes a sleeping thread (a system call, dear here),
/// so handing over one result at a time cost more than loading a small
/// article (10,000 articles: ~20,000 futex calls; in batches of 8, a few
/// thousand).
pub const BATCH: usize = 8;

const _: () = assert!(BATCH >= 1 && BATCH <= AHEAD, "a batch fits in what may be ahead");

/// Does `work` on every entry on the machine's cores (one worker thread a
/// core, at most [`MAX_WORKERS`], each with its own `init()` state) and
/// hands the results to `sink` on the calling thread **in entry order**, as
/// soon as each batch is ready: the output streams, is the same on any
/// number of cores, and no worker holds more than [`AHEAD`] results that
/// `sink` has not taken. The entries are cut into batches of
/// at most [`BATCH`] (fewer on small inputs, so that every core has some);
/// worker `w` takes batches `w`, `w + n`, `w + 2n`…, so that their results
/// are taken round-robin without reordering. An error from `sink` stops
/// the workers (before their next entry) and is returned.
pub fn par_each<S, T: Send>(
    entries: &[Entry],
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &Entry) -> T + Sync,
    mut sink: impl FnMut(&Entry, T, &mut Progress) -> Result<(), ReviewError>,
) -> Result<(), ReviewError> {
    let mut progress = Progress::new(entries.len());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let workers = cores.clamp(1, MAX_WORKERS).min(entries.len());
    if workers <= 1 {
        let mut state = init();
        for (i, entry) in entries.iter().enumerate() {
            progress.step_entry(i, entry);
            sink(entry, work(&mut state, entry), &mut progress)?;
        }
        return Ok(());
    }
    // Several batches for each worker, so that an uneven batch is evened out.
    let batch = (entries.len() / (workers * 8)).clamp(1, BATCH);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let mut results = Vec::with_capacity(workers);
        for w in 0..workers {
            // Results done and not taken: the batches in the channel and
            // the one being made (or waiting to be handed over), at most
            // `AHEAD` in all.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(AHEAD / batch - 1);
            results.push(rx);
            let (init, work, stop) = (&init, &work, &stop);
            scope.spawn(move || {
                let mut state = init();
                for chunk in entries.chunks(batch).skip(w).step_by(workers) {
                    let mut done = Vec::with_capacity(chunk.len());
                    for entry in chunk {
                        // The sink stopped (an error): nothing more to do.
                        if stop.load(std::sync::atomic::Ordering::Relaxed) {
                            return;
                        }
                        done.push(work(&mut state, entry));
                    }
                    if tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        let written = hand_over(entries, batch, &results, &mut progress, &mut sink);
        if written.is_err() {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        // Dropping the receivers wakes a worker waiting to hand a batch over.
        drop(results);
        written
    })
}

/// The writer's side of [`par_each`]: takes the batches of results in
/// entry order (batch `b` from worker `b % n`) and gives each to `sink`.
fn hand_over<T>(
    entries: &[Entry],
    batch: usize,
    results: &[std::sync::mpsc::Receiver<Vec<T>>],
    progress: &mut Progress,
    sink: &mut impl FnMut(&Entry, T, &mut Progress) -> Result<(), ReviewError>,
) -> Result<(), ReviewError> {
    for (b, chunk) in entries.chunks(batch).enumerate() {
        progress.step_entry(b * batch, &chunk[0]);
        let done = results[b % results.len()]
            .recv()
            .map_err(|_| ReviewError::Output(std::io::Error::other("a worker thread stopped")))?;
        for (j, (entry, result)) in chunk.iter().zip(done).enumerate() {
            if j > 0 {
                progress.step_entry(b * batch + j, entry);
            }
            sink(entry, result, progress)?;
        }
    }
    Ok(())
}

/// Loads every article on the machine's cores and does `work` on each
/// there (see [`par_each`]), handing the results to `each` in order; an
/// entry that cannot be loaded is named on standard error and counted in
/// the returned number of skipped entries.
pub fn par_articles<S, T: Send>(
    entries: &[Entry],
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &Article) -> Result<T, ReviewError> + Sync,
    mut each: impl FnMut(&Entry, T, &mut Progress) -> Result<(), ReviewError>,
) -> Result<usize, ReviewError> {
    let mut skipped = 0;
    par_each(
        entries,
        init,
        |state, entry| Article::load(entry).map(|article| work(state, &article)),
        |entry, result, progress| match result {
            Ok(done) => each(entry, done?, progress),
            Err(e) => {
                skipped += 1;
                progress.note(&format!("hashiya: skipped: {e}"));
                Ok(())
            }
        },
    )?;
    Ok(skipped)
}

/// Loads every entry (on the machine's cores, in order: see
/// [`par_articles`]), calling `each` with the loaded article; an entry
/// that cannot be loaded is named on standard error and counted in the
/// returned number of skipped entries.
pub fn for_each_article(
    entries: &[Entry],
    mut each: impl FnMut(&Article, &mut Progress) -> Result<(), ReviewError>,
) -> Result<usize, ReviewError> {
    let mut skipped = 0;
    par_each(
        entries,
        || (),
        |(), entry| Article::load(entry),
        |_, loaded, progress| match loaded {
            Ok(article) => each(&article, progress),
            Err(e) => {
                skipped += 1;
                progress.note(&format!("hashiya: skipped: {e}"));
                Ok(())
            }
        },
    )?;
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_sidecar_stands_for_its_article() {
        let e = Entry::of_sidecar(PathBuf::from("a/b/x.txt.ann.toml"));
        assert_eq!(e.article, Path::new("a/b/x.txt"));
        assert_eq!(Entry::of_article(PathBuf::from("a/b/x.txt")), e);
        assert_eq!(e.name(), "x.txt");
        assert!(is_sidecar(Path::new("x.txt.ann.toml")));
        assert!(!is_sidecar(Path::new("x.txt")));
        assert!(is_article(Path::new("x.TXT")));
        assert!(!is_article(Path::new("x.txt.ann.toml")));
    }

    #[test]
    fn entries_are_sorted_as_paths_sort_and_each_once() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a-b");
        std::fs::create_dir(&sub).unwrap();
        let names = ["a.txt", "a.txt-b.txt", "a.txt.txt", "B.txt", "b.txt", "ب.txt", "lone.txt"];
        for folder in [dir.path(), sub.as_path()] {
            for name in names {
                if name != "lone.txt" {
                    std::fs::write(folder.join(name), "نص").unwrap();
                }
                std::fs::write(folder.join(format!("{name}.ann.toml")), "").unwrap();
            }
        }
        let a = dir.path().join("a.txt");
        let paths = vec![sub.clone(), dir.path().to_path_buf(), a.clone(), sidecar_path(&a)];
        let one = vec![dir.path().to_path_buf(), a.clone()];
        // One folder alone: its listing, sorted without a check or dedup.
        let alone = vec![dir.path().to_path_buf()];
        let cases = [&paths, &one, &alone].map(|p| [(p, false), (p, true)]);
        for (paths, lone) in cases.into_iter().flatten() {
            let got = entries(paths, lone).unwrap();
            let sorted: BTreeSet<Entry> = got.iter().cloned().collect();
            assert_eq!(got, sorted.into_iter().collect::<Vec<_>>());
            let per_folder = if lone { 7 } else { 6 };
            assert_eq!(got.len(), per_folder * if paths.len() == 4 { 2 } else { 1 });
            assert_eq!(got.iter().any(|e| e.name() == "lone.txt"), lone);
        }
    }

    fn numbered(n: usize) -> Vec<Entry> {
        (0..n).map(|i| Entry::of_article(PathBuf::from(format!("{i:05}.txt")))).collect()
    }

    #[test]
    fn results_come_in_entry_order_each_once() {
        for n in [0, 1, 2, 7, 8, 9, 16, 17, 100, 1000, 2001] {
            let entries = numbered(n);
            let mut got = Vec::new();
            par_each(
                &entries,
                || 0usize,
                |done, e| {
                    *done += 1;
                    (e.name(), *done)
                },
                |e, (name, _), _| {
                    assert_eq!(e.name(), name);
                    got.push(name);
                    Ok(())
                },
            )
            .unwrap();
            let want: Vec<String> = entries.iter().map(Entry::name).collect();
            assert_eq!(got, want, "{n} entries");
        }
    }

    #[test]
    fn an_error_of_the_sink_stops_the_workers() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let entries = numbered(10_000);
        let done = AtomicUsize::new(0);
        let mut taken = 0;
        let result = par_each(
            &entries,
            || (),
            |(), _| {
                done.fetch_add(1, Ordering::Relaxed);
            },
            |_, (), _| {
                taken += 1;
                if taken == 20 {
                    Err(ReviewError::Output(std::io::Error::other("full")))
                } else {
                    Ok(())
                }
            },
        );
        assert!(matches!(result, Err(ReviewError::Output(_))));
        assert_eq!(taken, 20);
        // The batches the sink took, and for each worker at most `AHEAD`
        // results not taken and the one it was doing.
        let most = 20usize.next_multiple_of(BATCH) + MAX_WORKERS * (AHEAD + 1);
        assert!(done.load(Ordering::Relaxed) <= most, "{} done", done.load(Ordering::Relaxed));
    }
}
