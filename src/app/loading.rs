//! Opening large articles without making the user wait: the head of the
//! file is shown at once while a background thread reads, checks and
//! indexes the whole text.
//!
//! The head holds whole paragraphs from the start of the file, so every
//! offset in it (bytes, `char`s, paragraph numbers) is the same in the
//! whole document: the viewport and cursor carry over when it arrives.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::text::Document;
use crate::text::load::{LoadError, read_article, read_head};

/// Files larger than this open with their head first.
pub const HEAD_THRESHOLD: u64 = 1 << 20;

/// How much of a large file is read for the first screen: several screens
/// of the widest terminal.
pub const HEAD_BYTES: usize = 256 << 10;

/// What the background thread sends back: the whole document, or why the
/// file could not be read.
type Outcome = Result<Document, LoadError>;

/// A whole-file read, to start or under way.
///
/// The read starts on [`PendingLoad::start`] (the reader calls it once the
/// first screen is drawn, so that the two do not compete for the CPU) or
/// when its outcome is first asked for.
#[derive(Debug)]
pub struct PendingLoad {
    /// The file being read.
    pub path: PathBuf,
    rx: Option<Receiver<Outcome>>,
}

impl PendingLoad {
    /// A read of `path` whole, not started yet.
    pub fn new(path: &Path) -> Self {
        Self { path: path.to_path_buf(), rx: None }
    }

    /// Starts reading the file on another thread, if not already started.
    pub fn start(&mut self) {
        self.started();
    }

    /// The channel of the started read.
    fn started(&mut self) -> &Receiver<Outcome> {
        let path = &self.path;
        self.rx.get_or_insert_with(|| spawn_read(path.clone()))
    }

    /// The outcome if the thread is done, without waiting.
    pub fn try_take(&mut self) -> Option<Outcome> {
        match self.started().try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(self.vanished())),
        }
    }

    /// Waits for the outcome.
    pub fn wait(&mut self) -> Outcome {
        self.started().recv().unwrap_or_else(|_| Err(self.vanished()))
    }

    /// The error for a reading thread that died without an answer.
    fn vanished(&self) -> LoadError {
        LoadError::Io {
            path: self.path.clone(),
            source: std::io::Error::other("the reading thread stopped without an answer"),
        }
    }
}

/// Reads, checks and indexes `path` on a new thread.
fn spawn_read(path: PathBuf) -> Receiver<Outcome> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // The receiver is gone when the user moved on: nothing to do.
        let _ = tx.send(read_article(&path).map(Document::new));
    });
    rx
}

/// How an article starts: whole, or its head with the rest on the way.
#[derive(Debug)]
pub enum Opening {
    /// The whole document.
    Whole(Document),
    /// The head, and the read of the whole file.
    Head(Document, PendingLoad),
}

/// Opens the file at `path`: whole if it is small, else its head and a
/// background read of the whole file.
pub fn open_file(path: &Path) -> Result<Opening, LoadError> {
    match read_head(path, HEAD_THRESHOLD, HEAD_BYTES)? {
        Some(head) => Ok(Opening::Head(Document::new(head.text), PendingLoad::new(path))),
        None => read_article(path).map(|text| Opening::Whole(Document::new(text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_opens_with_its_head_then_arrives_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let para = "قال الرئيس إن الاجتماع (2024) كان مثمرا.\n";
        let text = para.repeat((HEAD_THRESHOLD as usize / para.len()) + 10);
        std::fs::write(&path, &text).unwrap();
        let Opening::Head(head, mut pending) = open_file(&path).unwrap() else {
            panic!("a file over the threshold opens with its head");
        };
        assert!(head.text().len() <= HEAD_BYTES);
        assert!(text.starts_with(head.text()));
        let whole = pending.wait().unwrap();
        assert_eq!(whole.text(), text);
        // Every paragraph of the head is the same paragraph of the whole.
        for (i, p) in head.paragraphs().iter().enumerate() {
            assert_eq!(whole.paragraphs()[i], *p);
        }
    }

    #[test]
    fn a_small_file_opens_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.txt");
        std::fs::write(&path, "نص قصير").unwrap();
        assert!(matches!(open_file(&path), Ok(Opening::Whole(d)) if d.text() == "نص قصير"));
    }

    #[test]
    fn an_invalid_byte_past_the_head_comes_back_from_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        let mut bytes = "سطر\n".repeat(HEAD_THRESHOLD as usize / 7 + 10).into_bytes();
        let at = bytes.len() - 3;
        bytes[at] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let Ok(Opening::Head(_, mut pending)) = open_file(&path) else {
            panic!("the head is valid");
        };
        let err = pending.wait().unwrap_err();
        assert!(matches!(err, LoadError::InvalidUtf8 { offset, .. } if offset == at));
    }
}
