//! The annotations of the open article: its store, schema and sidecar, and
//! how its saving stands.
//!
//! Every change is written at once (atomic replace: temporary file, fsync,
//! rename) by [`Annotations::save_if_dirty`], which the event loop calls
//! after each event, after merging what changed on disk meanwhile (when
//! a large changed sidecar is still being read in the background, the save
//! waits for it; [`Annotations::save_now`], on quit, waits on the spot). A
//! sidecar that cannot be read is never overwritten: annotation is refused
//! with a message naming the file, line and column.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::instance_lock::{InstanceLock, warning};
use super::sync::{Before, DiskState, SyncOutcome, Watcher, before_save, on_idle};
use crate::annotate::sidecar::{article_file_name, sha256_hex};
use crate::annotate::{Schema, Store, load, load_bytes, render, save_hashed, sidecar_path};

/// How the saving of annotations stands, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing to save: the file (or its absence) matches the store.
    Saved,
    /// Saving failed; the message says why. Work is kept in memory and retried.
    Failed(String),
    /// Annotation is off for this article; the message says why.
    ReadOnly(String),
}

/// The annotations of one article.
#[derive(Debug)]
pub struct Annotations {
    /// The annotations.
    pub store: Store,
    /// Labels, claim kinds and cue verbs.
    pub schema: Schema,
    /// Where they are saved (`None`: built-in article, nowhere to save).
    pub sidecar: Option<PathBuf>,
    /// How saving stands.
    pub state: SaveState,
    /// The annotations as last read from or written to disk (merge base),
    /// shared with a look at the disk under way.
    base: Arc<Store>,
    /// What we last knew of the file.
    disk: DiskState,
    /// A look at the changed file under way in the background.
    watcher: Watcher,
    /// Our marker that the article is open here.
    _lock: Option<InstanceLock>,
    /// The article's SHA-256, computed at the first save (opening does not
    /// hash the article).
    article_sha256: Option<String>,
}

impl Default for Annotations {
    fn default() -> Self {
        Self {
            store: Store::new(),
            schema: Schema::builtin(),
            sidecar: None,
            state: SaveState::ReadOnly("no article".to_string()),
            base: Arc::default(),
            disk: DiskState::default(),
            watcher: Watcher::default(),
            _lock: None,
            article_sha256: None,
        }
    }
}

impl Annotations {
    /// No annotations, and annotation refused for `why`.
    pub fn read_only(why: &str) -> Self {
        Self { state: SaveState::ReadOnly(why.to_string()), ..Self::default() }
    }

    /// Opens the annotations of the article at `path` (if on disk), whose
    /// text is `text`, for annotating: marks the article as open here, so
    /// that another Hashiya opening it is warned. Returns them and a
    /// message for the user, if any.
    pub fn open(path: Option<&Path>, text: &str) -> (Self, Option<String>) {
        Self::load(path, text, true)
    }

    /// Reads the annotations of the article at `path` to look at them (the
    /// corpus views): no marker is taken, no other Hashiya's is touched.
    pub fn read(path: Option<&Path>, text: &str) -> (Self, Option<String>) {
        Self::load(path, text, false)
    }

    fn load(path: Option<&Path>, text: &str, take_lock: bool) -> (Self, Option<String>) {
        let Some(path) = path else {
            let why = "built-in sample: open assets/articles/ from a checkout to annotate";
            return (Self::read_only(why), None);
        };
        let mut message = None;
        let folder = path.parent().unwrap_or(Path::new("."));
        let schema = Schema::for_folder(folder).unwrap_or_else(|e| {
            message = Some(format!("{e} (built-in labels used)"));
            Schema::builtin()
        });
        let sidecar = sidecar_path(path);
        let lock = take_lock.then(|| {
            let (lock, others) = InstanceLock::take(path);
            if let Some(warning) = warning(&others) {
                message = Some(warning);
            }
            lock
        });
        // One read serves both: what we know of the disk is what we parsed.
        let (disk, bytes) = DiskState::read(&sidecar);
        let loaded = match bytes {
            Some(bytes) => load_bytes(bytes, &sidecar, text),
            // Absent, or unreadable: `load` tells which (and why).
            None => load(&sidecar, text),
        };
        match loaded {
            Ok(loaded) => {
                let orphans = loaded.report.orphans.len();
                if orphans > 0 {
                    message = Some(format!(
                        "{orphans} annotation(s) no longer found in the text: kept as orphans"
                    ));
                } else if !loaded.report.moved.is_empty() {
                    message = Some(format!(
                        "the article changed: {} annotation(s) re-anchored",
                        loaded.report.moved.len()
                    ));
                }
                let annotations = Self {
                    base: Arc::new(loaded.store.clone()),
                    store: loaded.store,
                    schema,
                    sidecar: Some(sidecar),
                    state: SaveState::Saved,
                    disk,
                    watcher: Watcher::default(),
                    _lock: lock.flatten(),
                    article_sha256: None,
                };
                (annotations, message)
            }
            Err(e) => {
                let state = SaveState::ReadOnly(format!(
                    "{e} — fix the sidecar to annotate; it will not be overwritten"
                ));
                (Self { schema, state, ..Self::default() }, None)
            }
        }
    }

    /// Why annotation is refused, if it is.
    pub fn refusal(&self) -> Option<&str> {
        match &self.state {
            SaveState::ReadOnly(why) => Some(why),
            SaveState::Saved | SaveState::Failed(_) => None,
        }
    }

    /// Looks whether the sidecar changed on disk (one `stat`): a changed
    /// file is read and parsed in the background, and merged here once it
    /// is; returns a message when something happened. Called when idle.
    pub fn sync(&mut self, article: &str) -> Option<String> {
        if self.refusal().is_some() {
            return None;
        }
        let path = self.sidecar.clone()?;
        let (disk, base, store) = (&mut self.disk, &mut self.base, &mut self.store);
        let outcome = on_idle(&mut self.watcher, &path, article, disk, base, store);
        self.outcome(outcome)
    }

    /// Takes in what a look at the disk did.
    fn outcome(&mut self, outcome: SyncOutcome) -> Option<String> {
        match outcome {
            SyncOutcome::Unchanged => None,
            SyncOutcome::Merged(message) => Some(message),
            SyncOutcome::Unreadable { error, recovery } => {
                let why = format!(
                    "{error} — the sidecar changed on disk and cannot be read; your work was saved to {}",
                    recovery.display()
                );
                self.state = SaveState::ReadOnly(why.clone());
                Some(why)
            }
        }
    }

    /// Writes the sidecar if the store changed since the last save, after
    /// merging what others saved meanwhile. When a large changed sidecar is
    /// still being read in the background, nothing is written yet (the
    /// next call after it is read saves). Returns a message for the user
    /// when a merge happened.
    pub fn save_if_dirty(&mut self, article: &str) -> Option<String> {
        self.save(article, false)
    }

    /// Like [`Annotations::save_if_dirty`], but waits for the disk to be
    /// read if it must be (on quit, before opening another article).
    pub fn save_now(&mut self, article: &str) -> Option<String> {
        self.save(article, true)
    }

    fn save(&mut self, article: &str, wait: bool) -> Option<String> {
        if !self.store.is_dirty() || self.refusal().is_some() {
            return None;
        }
        let path = self.sidecar.clone()?;
        let (disk, base, store) = (&mut self.disk, &mut self.base, &mut self.store);
        let (before, outcome) =
            before_save(&mut self.watcher, &path, article, disk, base, store, wait);
        let message = outcome.and_then(|o| self.outcome(o));
        if self.refusal().is_some() || before == Before::Waiting {
            return message;
        }
        let sha = self.article_sha256.get_or_insert_with(|| sha256_hex(article.as_bytes()));
        match save_hashed(&path, &self.store, sha) {
            Ok(_) => {
                self.store.mark_saved();
                self.state = SaveState::Saved;
                self.base = Arc::new(self.store.clone());
                // What we wrote, without reading it back.
                let text = render(&self.store, &article_file_name(&path), sha);
                self.disk = DiskState::written(&path, &text);
            }
            Err(e) => self.state = SaveState::Failed(e.to_string()),
        }
        message
    }

    /// A short word for the status line.
    pub fn status(&self) -> &'static str {
        match self.state {
            SaveState::Saved if self.store.is_dirty() => "unsaved",
            SaveState::Saved => "saved",
            SaveState::Failed(_) => "SAVE FAILED",
            SaveState::ReadOnly(_) => "read-only",
        }
    }
}
