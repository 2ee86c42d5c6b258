//! The annotations of the open article: its store, schema and sidecar, and
//! how its saving stands.
//!
//! Every change is written at once (atomic replace: temporary file, fsync,
//! rename) by [`Annotations::save_if_dirty`], which [`super::App::update`]
//! calls after each message, after merging what changed on disk meanwhile
//! (when a large changed sidecar is still being read in the background, the
//! save waits for it; a forced save, on quit, waits on the spot). A save that
//! fails keeps the work in memory and is retried with backoff
//! ([`super::saving`]); leaving with work not on disk writes a recovery file
//! ([`super::recovery`]). A sidecar that cannot be read is never overwritten,
//! and a `hashiya.toml` with an error is never replaced by the built-in
//! labels: annotation is refused with a message naming the file, line and
//! column.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::instance_lock::{InstanceLock, warning};
use super::recovery::{Recovered, RecoveryError, recovery_dirs, recovery_text, write_recovery};
use super::saving::Retry;
use super::sync::{Before, DiskState, SyncOutcome, Watcher, before_save, on_idle};
use crate::annotate::sidecar::{article_file_name, sha256_hex};
use crate::annotate::{
    Schema, SidecarError, Store, load, load_bytes, render, save_hashed, sidecar_path,
};
use crate::text::plural::count;

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

/// Why annotation is refused in `folder` (its `hashiya.toml` is broken),
/// as the reader says it, if it is.
pub(crate) fn schema_refusal(folder: &Path) -> Option<String> {
    schema_for(folder).err()
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
    /// The backoff of a failing save.
    pub retry: Retry,
    /// A recovery file written because the sidecar changed into something
    /// unreadable, until the app takes note of it.
    pub recovered: Option<Recovered>,
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
            retry: Retry::default(),
            recovered: None,
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
        let lock = (take_lock && refused.is_none()).then(|| {
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
                        "{} no longer found in the text: kept as orphans",
                        count(orphans, "annotation", "annotations")
                    ));
                } else if !loaded.report.moved.is_empty() {
                    message = Some(format!(
                        "the article changed: {} re-anchored",
                        count(loaded.report.moved.len(), "annotation", "annotations")
                    ));
                }
                if let Some(why) = &refused {
                    message = Some(format!("annotation is off: {why}"));
                }
                let annotations = Self {
                    base: Arc::new(loaded.store.clone()),
                    store: loaded.store,
                    schema,
                    sidecar: Some(sidecar),
                    state: refused.map_or(SaveState::Saved, SaveState::ReadOnly),
                    retry: Retry::default(),
                    recovered: None,
                    disk,
                    watcher: Watcher::default(),
                    _lock: lock.flatten(),
                    article_sha256: None,
                };
                (annotations, message)
            }
            Err(e) => {
                // Named on the first frame, whole, with what to do.
                let why = format!(
                    "{e} — the sidecar is never overwritten: fix it at that place (`hashiya \
                     check {}` lists every problem), then reopen the article",
                    path.display()
                );
                let message = match &refused {
                    Some(schema) => format!("annotation is off: {why}; and {schema}"),
                    None => format!("annotation is off: {why}"),
                };
                let state = SaveState::ReadOnly(why);
                (Self { schema, state, ..Self::default() }, Some(message))
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
                self.retry.reset();
                let sidecar = self.sidecar.clone().unwrap_or_default();
                self.recovered = Some(Recovered { path: recovery, sidecar });
                Some(why)
            }
        }
    }

    /// Writes the sidecar if the store changed since the last save, after
    /// merging what others saved meanwhile. While saves fail, an attempt is
    /// made only when the backoff says it is due at `now`, or when `force`d.
    /// When a large changed sidecar is still being read in the background,
    /// nothing is written yet (the next call after it is read saves), unless
    /// `force`d: then the disk is read on the spot (on quit, before opening
    /// another article). Returns a message for the user when a merge happened.
    pub fn save_if_dirty(&mut self, article: &str, now: Instant, force: bool) -> Option<String> {
        if !self.store.is_dirty() || self.refusal().is_some() {
            if self.retry.is_failing() && self.refusal().is_none() {
                // Undone back to what is on disk: nothing is pending any more.
                self.retry.reset();
                self.state = SaveState::Saved;
            }
            return None;
        }
        if !force && !self.retry.is_due(now) {
            return None;
        }
        let path = self.sidecar.clone()?;
        let (disk, base, store) = (&mut self.disk, &mut self.base, &mut self.store);
        let (before, outcome) =
            before_save(&mut self.watcher, &path, article, disk, base, store, force);
        let message = outcome.and_then(|o| self.outcome(o));
        if self.refusal().is_some() || before == Before::Waiting {
            return message;
        }
        let sha = self.article_sha256.get_or_insert_with(|| sha256_hex(article.as_bytes()));
        let store = &self.store;
        let outcome = self.retry.attempt(now, true, || {
            save_hashed(&path, store, sha).map_err(|e| match e {
                // The path is known; the reason is what the system said.
                SidecarError::Io { source, .. } => source.to_string(),
                other => other.to_string(),
            })
        });
        match outcome {
            Some(Ok(_)) => {
                self.store.mark_saved();
                self.state = SaveState::Saved;
                self.base = Arc::new(self.store.clone());
                // What we wrote, without reading it back.
                let text = render(&self.store, &article_file_name(&path), sha);
                self.disk = DiskState::written(&path, &text);
            }
            Some(Err(reason)) => self.state = SaveState::Failed(reason),
            None => {}
        }
        message
    }

    /// True when there are changes that are not on disk and could be: the
    /// store changed since its last save and annotation is on.
    pub fn has_unsaved_work(&self) -> bool {
        self.store.is_dirty() && self.sidecar.is_some() && self.refusal().is_none()
    }

    /// What is pending, for the status line, while saves fail: "SAVE FAILED
    /// — 3 changes unsaved, retrying in 4 s: Read-only file system".
    pub fn pending(&self, now: Instant) -> Option<String> {
        if !self.has_unsaved_work() {
            return None;
        }
        let reason = self.retry.reason()?;
        let n = self.store.unsaved_changes();
        let changes = if n == 1 { "1 change".to_string() } else { format!("{n} changes") };
        let when = match self.retry.remaining(now) {
            Some(d) if !d.is_zero() => format!("retrying in {} s", d.as_secs_f64().ceil()),
            _ => "retrying now".to_string(),
        };
        Some(format!("SAVE FAILED — {changes} unsaved, {when}: {reason}"))
    }

    /// The text a recovery file (or a copy saved elsewhere) holds: the
    /// canonical sidecar of the store, for the article whose text is `article`.
    pub fn recovery_text(&mut self, article: &str) -> Option<String> {
        let sidecar = self.sidecar.as_deref()?;
        let sha = self.article_sha256.get_or_insert_with(|| sha256_hex(article.as_bytes()));
        Some(recovery_text(&self.store, sidecar, sha))
    }

    /// Writes the work that is not on disk to a recovery file (beside the
    /// sidecar, else in the state folder, else the temporary folder).
    /// `None` when there is nothing unsaved.
    pub fn recover(&mut self, article: &str) -> Option<Result<Recovered, RecoveryError>> {
        if !self.has_unsaved_work() {
            return None;
        }
        let text = self.recovery_text(article)?;
        let sidecar = self.sidecar.clone()?;
        Some(write_recovery(&sidecar, &text, &recovery_dirs(&sidecar)))
    }

    /// A short word for the status line: `no annotations` while the
    /// article has none and no sidecar was read or written, `saved` once
    /// what is on disk matches.
    pub fn status(&self) -> &'static str {
        match self.state {
            SaveState::Saved if self.store.is_dirty() => "unsaved",
            SaveState::Saved if self.store.is_empty() && self.disk.hash.is_none() => {
                "no annotations"
            }
            SaveState::Saved => "saved",
            SaveState::Failed(_) => "SAVE FAILED",
            SaveState::ReadOnly(_) => "read-only",
        }
    }
}
