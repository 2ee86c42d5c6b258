//! The annotations of the open article: its store, schema and sidecar, and
//! how its saving stands.
//!
//! Every change is written at once (atomic replace: temporary file, fsync,
//! rename) by [`Annotations::save_if_dirty`], which the event loop calls
//! after each event and on quit. A sidecar that cannot be read is never
//! overwritten, and a `hashiya.toml` with an error is never replaced by the
//! built-in labels: annotation is refused with a message naming the file,
//! line and column.

use std::path::{Path, PathBuf};

use super::sync::{DiskState, InstanceLock, SyncOutcome, sync};
use crate::annotate::sidecar::sha256_hex;
use crate::annotate::{Schema, Store, load, load_bytes, save_hashed, sidecar_path};

/// The schema for articles in `folder` and its first warning, or why
/// annotation is refused: `hashiya.toml` there has an error (named with its
/// line and column).
fn schema_for(folder: &Path) -> Result<(Schema, Option<String>), String> {
    match Schema::read_folder(folder) {
        (Some(schema), report) => {
            let warning = report.warnings.first().map(|w| format!("warning: {w}"));
            Ok((schema, warning))
        }
        (None, report) => {
            let more = match report.errors.len() {
                0 | 1 => String::new(),
                n => format!(" (and {} more: hashiya check lists them)", n - 1),
            };
            let first = report.errors.first().map_or_else(String::new, ToString::to_string);
            Err(format!(
                "{first}{more} — fix it and reopen the article to annotate (the built-in \
                 labels are not used instead; Hashiya never writes this file)"
            ))
        }
    }
}

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
    /// The annotations as last read from or written to disk (merge base).
    base: Store,
    /// What we last knew of the file.
    disk: DiskState,
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
            base: Store::new(),
            disk: DiskState::default(),
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
    /// text is `text`. Returns them and a message for the user, if any.
    pub fn open(path: Option<&Path>, text: &str) -> (Self, Option<String>) {
        let Some(path) = path else {
            let why = "built-in sample: open assets/articles/ from a checkout to annotate";
            return (Self::read_only(why), None);
        };
        let mut message = None;
        let folder = path.parent().unwrap_or(Path::new("."));
        // A broken hashiya.toml is never replaced by the built-in labels:
        // annotation is refused (the annotations are still shown) until it is fixed.
        let (schema, refused) = match schema_for(folder) {
            Ok((schema, warning)) => {
                message = warning;
                (schema, None)
            }
            Err(why) => (Schema::builtin(), Some(why)),
        };
        let sidecar = sidecar_path(path);
        let (lock, other) = if refused.is_some() { (None, None) } else { InstanceLock::take(path) };
        if let Some(pid) = other {
            message = Some(format!(
                "another Hashiya (pid {pid}) has this article open: its saved changes are merged into yours"
            ));
        }
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
                if let Some(why) = &refused {
                    message = Some(format!("annotation is off: {why}"));
                }
                let annotations = Self {
                    base: loaded.store.clone(),
                    store: loaded.store,
                    schema,
                    sidecar: Some(sidecar),
                    state: refused.map_or(SaveState::Saved, SaveState::ReadOnly),
                    disk,
                    _lock: lock,
                    article_sha256: None,
                };
                (annotations, message)
            }
            Err(e) => {
                let state = SaveState::ReadOnly(format!(
                    "{e} — fix the sidecar to annotate; it will not be overwritten"
                ));
                let message = refused.map(|why| format!("annotation is off: {why}"));
                (Self { schema, state, ..Self::default() }, message)
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

    /// Looks whether the sidecar changed on disk and merges what others
    /// saved; returns a message when something happened.
    pub fn sync(&mut self, article: &str) -> Option<String> {
        if self.refusal().is_some() {
            return None;
        }
        let path = self.sidecar.clone()?;
        match sync(&path, article, &mut self.disk, &mut self.base, &mut self.store) {
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
    /// merging what others saved meanwhile. Returns a message for the user
    /// when a merge happened.
    pub fn save_if_dirty(&mut self, article: &str) -> Option<String> {
        if !self.store.is_dirty() || self.refusal().is_some() {
            return None;
        }
        let message = self.sync(article);
        if self.refusal().is_some() {
            return message;
        }
        let path = self.sidecar.clone()?;
        let sha = self.article_sha256.get_or_insert_with(|| sha256_hex(article.as_bytes()));
        match save_hashed(&path, &self.store, sha) {
            Ok(_) => {
                self.store.mark_saved();
                self.state = SaveState::Saved;
                self.base = self.store.clone();
                self.disk = DiskState::read(&path).0;
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
