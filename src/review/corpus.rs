//! Which articles and sidecars the command line names, loading them, and a
//! progress line for long runs.
//!
//! A path is an article (`*.txt`), a sidecar (`*.txt.ann.toml`, standing for
//! its article) or a folder. In a folder (not its subfolders), the
//! annotated articles are the `*.txt` files with a sidecar beside them;
//! `check` also takes sidecars whose article is missing, to say so.

use std::collections::BTreeSet;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use super::ReviewError;
use crate::annotate::sidecar::{SIDECAR_SUFFIX, sidecar_path};
use crate::annotate::{Loaded, load};
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
        let name = sidecar.file_name().map(|n| n.to_string_lossy().into_owned());
        let article = name
            .as_deref()
            .and_then(|n| n.strip_suffix(SIDECAR_SUFFIX))
            .map_or_else(|| sidecar.clone(), |n| sidecar.with_file_name(n));
        Self { article, sidecar }
    }

    /// The article's file name, for messages and exports.
    pub fn name(&self) -> String {
        self.article.file_name().map_or_else(
            || self.article.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// True for a sidecar's file name.
pub fn is_sidecar(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(SIDECAR_SUFFIX))
}

/// True for an article's file name (`*.txt`, any case).
pub fn is_article(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// The entries `paths` name, sorted, each once. Files are taken as given
/// (an article without a sidecar gives an entry with no annotations); in
/// folders, annotated articles only, plus (`with_lone_sidecars`) sidecars
/// whose article is missing. A path that does not exist is an error.
pub fn entries(paths: &[PathBuf], with_lone_sidecars: bool) -> Result<Vec<Entry>, ReviewError> {
    let mut out = BTreeSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| ReviewError::io(path, e))?;
        if meta.is_dir() {
            let read = std::fs::read_dir(path).map_err(|e| ReviewError::io(path, e))?;
            for item in read {
                let p = item.map_err(|e| ReviewError::io(path, e))?.path();
                if is_sidecar(&p) {
                    let entry = Entry::of_sidecar(p);
                    if with_lone_sidecars || entry.article.is_file() {
                        out.insert(entry);
                    }
                }
            }
        } else if is_sidecar(path) {
            out.insert(Entry::of_sidecar(path.clone()));
        } else if is_article(path) {
            out.insert(Entry::of_article(path.clone()));
        } else {
            return Err(ReviewError::NotAnArticle(path.clone()));
        }
    }
    if out.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(ReviewError::Nothing(named.join(", ")));
    }
    Ok(out.into_iter().collect())
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

/// Loads every entry, calling `each` with the loaded article; an entry that
/// cannot be loaded is named on standard error and counted in the returned
/// number of skipped entries.
pub fn for_each_article(
    entries: &[Entry],
    mut each: impl FnMut(&Article, &mut Progress) -> Result<(), ReviewError>,
) -> Result<usize, ReviewError> {
    let mut progress = Progress::new(entries.len());
    let mut skipped = 0;
    for (i, entry) in entries.iter().enumerate() {
        progress.step(i, &entry.name());
        match Article::load(entry) {
            Ok(article) => each(&article, &mut progress)?,
            Err(e) => {
                skipped += 1;
                progress.note(&format!("hashiya: skipped: {e}"));
            }
        }
    }
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
