//! What the article list (`a`) shows beside each file name: its title (the
//! first line of text) and its status (`[article] status` of its sidecar).
//!
//! Nothing is read before the first screen: the list is filled on a thread
//! of its own, started when the list is first asked for, which reads the
//! articles in order and sends what it finds in batches
//! ([`InfoBatch`], delivered to [`super::App::update`] as
//! [`super::Msg::ArticleInfo`]); names show meanwhile. Each article costs
//! a bounded read: its first [`TITLE_BYTES`] bytes, and the head of its
//! sidecar (the writer puts `[article]` first; a sidecar whose `[article]`
//! comes later is read whole, within the data limit).

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::articles::{ArticleSource, Origin};
use crate::annotate::{ArticleStatus, keys, sidecar_path};

/// Bytes of an article read for its title.
pub const TITLE_BYTES: usize = 1024;
/// Chars of a title kept.
pub const TITLE_CHARS: usize = 120;
/// Bytes of a sidecar's head looked at first for its status.
const SIDECAR_HEAD: usize = 4096;
/// Articles per message.
const BATCH: usize = 64;

/// One article's title and status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleInfo {
    /// Its first non-empty line, trimmed and cut (raw: print it through the
    /// UI text path); empty when there is none or the file cannot be read.
    pub title: String,
    /// Its status in its sidecar, if one is set and valid.
    pub status: Option<ArticleStatus>,
}

/// What the thread sends: the info of articles `first..first + infos.len()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoBatch {
    /// The first article's index.
    pub first: usize,
    /// Their info, in order.
    pub infos: Vec<ArticleInfo>,
}

/// The titles and statuses known so far, and the thread finding the rest.
#[derive(Debug, Default)]
pub struct ArticleInfos {
    /// Per article: its info, once read.
    pub known: Vec<Option<ArticleInfo>>,
    job: Option<(Receiver<InfoBatch>, Arc<AtomicBool>)>,
    started: bool,
}

impl Drop for ArticleInfos {
    fn drop(&mut self) {
        if let Some((_, stop)) = &self.job {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

impl ArticleInfos {
    /// Starts reading the info of `articles` in the background (once).
    pub fn start(&mut self, articles: &[ArticleSource]) {
        if self.started {
            return;
        }
        self.started = true;
        self.known = vec![None; articles.len()];
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let articles = articles.to_vec();
        std::thread::spawn(move || {
            for (n, chunk) in articles.chunks(BATCH).enumerate() {
                if flag.load(Ordering::Relaxed) {
                    return;
                }
                let infos = chunk.iter().map(info_of).collect();
                if tx.send(InfoBatch { first: n * BATCH, infos }).is_err() {
                    return;
                }
            }
        });
        self.job = Some((rx, stop));
    }

    /// True while the thread runs.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// What the thread sent since last asked (each goes to `update` as a message).
    pub fn pending(&mut self) -> Vec<InfoBatch> {
        let mut out = Vec::new();
        let Some((rx, _)) = &self.job else { return out };
        loop {
            match rx.try_recv() {
                Ok(batch) => out.push(batch),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.job = None;
                    break;
                }
            }
        }
        out
    }

    /// Waits until every article's info is in (tests).
    pub fn wait(&mut self) {
        while let Some(batch) = self.job.as_ref().and_then(|(rx, _)| rx.recv().ok()) {
            self.apply(batch);
        }
        self.job = None;
    }

    /// Takes in a batch.
    pub fn apply(&mut self, batch: InfoBatch) {
        for (i, info) in batch.infos.into_iter().enumerate() {
            if let Some(slot) = self.known.get_mut(batch.first + i) {
                *slot = Some(info);
            }
        }
    }

    /// The info of article `i`, if read.
    pub fn get(&self, i: usize) -> Option<&ArticleInfo> {
        self.known.get(i).and_then(Option::as_ref)
    }

    /// Notes the status of article `i` (set in the reader).
    pub fn set_status(&mut self, i: usize, status: Option<ArticleStatus>) {
        if let Some(Some(info)) = self.known.get_mut(i) {
            info.status = status;
        }
    }
}

/// The title and status of `source`.
pub fn info_of(source: &ArticleSource) -> ArticleInfo {
    match &source.origin {
        Origin::Embedded(text) => ArticleInfo { title: title_of(text.as_bytes()), status: None },
        Origin::File(path) => {
            // Never standard input, a FIFO or a device: they could block.
            if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
                return ArticleInfo::default();
            }
            let title = head(path, TITLE_BYTES).map(|b| title_of(&b)).unwrap_or_default();
            ArticleInfo { title, status: status_of(&sidecar_path(path)) }
        }
    }
}

/// Up to `n` bytes from the start of `path`.
fn head(path: &Path, n: usize) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    let mut out = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut out).ok()?;
    Some(out)
}

/// The first non-empty line of `bytes` (which may end inside a character),
/// trimmed, at most [`TITLE_CHARS`] chars.
pub fn title_of(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    // A cut character at the end of the head is not part of the title.
    let line = line.trim_end_matches('\u{FFFD}');
    line.chars().take(TITLE_CHARS).collect()
}

/// The status set in the sidecar at `path`, if any.
fn status_of(path: &Path) -> Option<ArticleStatus> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let start = head(path, SIDECAR_HEAD)?;
    if let InText::Found(status) = status_in(&String::from_utf8_lossy(&start)) {
        return status;
    }
    // `[article]` is not in the head: the whole file, within the limit.
    let whole = crate::limits::read_file(path, crate::limits::Input::Data).ok()?;
    match status_in(&String::from_utf8_lossy(&whole)) {
        InText::Found(status) => status,
        InText::NotHere => None,
    }
}

/// What a piece of sidecar text says of the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InText {
    /// The `[article]` table is not in it (or may go on past its end).
    NotHere,
    /// The table is there and sets this status (`None`: none, or not a valid one).
    Found(Option<ArticleStatus>),
}

/// The status of the `[article]` table in sidecar text `source`.
fn status_in(source: &str) -> InText {
    let header = format!("[{}]", keys::ARTICLE);
    let mut lines = source.split_inclusive('\n');
    if !lines.by_ref().any(|l| l.trim() == header) {
        return InText::NotHere;
    }
    let mut table = String::new();
    let mut ended = false;
    for line in lines {
        if line.trim_start().starts_with('[') {
            ended = true;
            break;
        }
        table.push_str(line);
    }
    let parsed: toml::Table = match toml::from_str(&table) {
        Ok(t) => t,
        // The head ends inside the table: read more.
        Err(_) if !ended => return InText::NotHere,
        Err(_) => return InText::Found(None),
    };
    let status =
        parsed.get(keys::STATUS).and_then(toml::Value::as_str).and_then(ArticleStatus::parse);
    if status.is_none() && !ended && !parsed.contains_key(keys::STATUS) {
        // The status may come after the head's end.
        return InText::NotHere;
    }
    InText::Found(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_non_empty_line_cut() {
        assert_eq!(title_of("\n\n  عنوان الخبر  \nنص".as_bytes()), "عنوان الخبر");
        assert_eq!(title_of(b""), "");
        let long = "ك".repeat(500);
        assert_eq!(title_of(long.as_bytes()).chars().count(), TITLE_CHARS);
        // A head cut inside a character loses the half character.
        let cut = &"عنوان".as_bytes()[..9];
        assert_eq!(title_of(cut), "عنوا");
    }

    #[test]
    fn the_status_is_read_from_the_article_table() {
        let sidecar = "schema = 1\n\n[article]\nfile = \"a.txt\"\nstatus = \"done\"\n\n[[entity]]\nid = \"e1\"\n";
        assert_eq!(status_in(sidecar), InText::Found(Some(ArticleStatus::Done)));
        let none = "schema = 1\n\n[article]\nfile = \"a.txt\"\n\n[[entity]]\n";
        assert_eq!(status_in(none), InText::Found(None));
        assert_eq!(status_in("schema = 1\n"), InText::NotHere);
        let bad = "schema = 1\n[article]\nstatus = \"x\"\n[[entity]]\n";
        assert_eq!(status_in(bad), InText::Found(None));
    }

    #[test]
    fn files_are_read_in_the_background_in_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut articles = Vec::new();
        for i in 0..(BATCH + 3) {
            let path = dir.path().join(format!("{i:03}.txt"));
            std::fs::write(&path, format!("عنوان {i}\nنص")).unwrap();
            articles
                .push(ArticleSource { name: format!("{i:03}.txt"), origin: Origin::File(path) });
        }
        std::fs::write(
            sidecar_path(&dir.path().join("002.txt")),
            "schema = 1\n\n[article]\nstatus = \"in_progress\"\n",
        )
        .unwrap();
        let mut infos = ArticleInfos::default();
        infos.start(&articles);
        infos.wait();
        assert_eq!(
            infos.get(BATCH + 2).map(|i| i.title.as_str()),
            Some(format!("عنوان {}", BATCH + 2).as_str())
        );
        assert_eq!(infos.get(2).and_then(|i| i.status), Some(ArticleStatus::InProgress));
        assert_eq!(infos.get(1).and_then(|i| i.status), None);
    }
}
