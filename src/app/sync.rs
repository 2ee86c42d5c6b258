//! Keeping the open sidecar in step with the disk: noticing when someone
//! else (a second Hashiya, an editor, a `git pull`) changed it, and merging
//! their work with ours.
//!
//! Noticing is one `stat` on the UI thread ([`DiskState::unchanged`]).
//! Reading, hashing and parsing a changed file — a *look* ([`look`]) — runs
//! on a background thread ([`Watcher`]), bounded by a size limit: a file
//! over it is refused from its size without being read
//! ([`LookError::TooLarge`]). The result comes back as a
//! [`SidecarChanged`], which [`apply`] merges into the store on the UI
//! thread (the merge is linear in the number of annotations). When we have
//! nothing unsaved, the merge gives what is on disk: the look prepares
//! that change in the background too, and applying it is a swap.

use crate::text::plural::count;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::annotate::merge::{MergeReport, base_after, merge};
use crate::annotate::sidecar::{article_file_name, sha256_hex};
use crate::annotate::{Replacement, SidecarError, Store, parse_str, render};

/// The default largest sidecar a look reads (the data limit's default).
pub const SIDECAR_LIMIT: u64 = crate::limits::DEFAULT_DATA_LIMIT;

/// The largest sidecar a look reads now: the data limit for articles and
/// sidecars (`--max-file-size`, `HASHIYA_MAX_FILE_SIZE`; see [`crate::limits`]).
pub fn sidecar_limit() -> u64 {
    crate::limits::current().of(crate::limits::Input::Data)
}

/// A changed sidecar up to this size is looked at on the spot before a
/// save (a few milliseconds); a larger one in the background, the save
/// waiting for it.
pub const INLINE_LOOK: u64 = 1 << 20;

/// What identifies one version of a file without reading it: size,
/// modification time, and the file itself (device and inode: an atomic
/// replace makes a new one, so two saves within one clock tick still differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    file: (u64, u64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        let file = {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let file = (0, 0);
        Self { len: meta.len(), modified: meta.modified().ok(), file }
    }
}

/// The stamp of the file at `path`, if there is a regular file there.
fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file).map(|m| Stamp::of(&m))
}

/// What we last knew of the sidecar on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskState {
    /// SHA-256 of its bytes when we last read or wrote it (`None`: no file).
    pub hash: Option<String>,
    /// Its stamp then (taken before reading it).
    stamp: Option<Stamp>,
}

impl DiskState {
    /// The state of the file at `path` now, and its bytes; a file over
    /// [`sidecar_limit`] or that cannot be read gives no bytes.
    pub fn read(path: &Path) -> (Self, Option<Vec<u8>>) {
        match read_bounded(path, sidecar_limit()) {
            Ok(Some((stamp, bytes))) => {
                (Self { hash: Some(sha256_hex(&bytes)), stamp: Some(stamp) }, Some(bytes))
            }
            Ok(None) | Err(_) => (Self::default(), None),
        }
    }

    /// The state after we wrote `text` to `path` (or found it there): its
    /// hash, and the stamp the file has now.
    pub fn written(path: &Path, text: &str) -> Self {
        match stamp(path) {
            Some(stamp) => Self { hash: Some(sha256_hex(text.as_bytes())), stamp: Some(stamp) },
            None => Self::default(),
        }
    }

    /// True when the file at `path` has certainly not changed since: same
    /// stamp (or still absent). Cheap: one `stat`.
    pub fn unchanged(&self, path: &Path) -> bool {
        match stamp(path) {
            Some(now) => self.hash.is_some() && self.stamp == Some(now),
            None => self.hash.is_none(),
        }
    }

    /// The size of the file at `path` now, if it is a regular file.
    fn size_now(path: &Path) -> Option<u64> {
        stamp(path).map(|s| s.len)
    }
}

/// Why a look could not read the sidecar.
#[derive(Debug, thiserror::Error)]
pub enum LookError {
    /// Larger than the limit: refused from its size, not read.
    #[error(
        "{path}: {size} bytes, over the {limit}-byte limit for sidecars: not read",
        path = path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size (at least `limit + 1` when it grew while being read).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file could not be read or is not a sidecar.
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
}

/// What a look found in the sidecar.
#[derive(Debug)]
pub enum Content {
    /// The same bytes as we knew (only the stamp changed).
    Same,
    /// No regular file there any more (removed, or a folder took its path).
    Gone,
    /// Other bytes: the annotations they hold, re-anchored in the article,
    /// and the change from the merge base to them, prepared for a store
    /// with nothing unsaved (then applying the look is a swap).
    Changed {
        /// The annotations on disk.
        theirs: Box<Store>,
        /// From the base to `theirs`, when the base was given.
        replacement: Option<Box<Replacement>>,
    },
}

/// The result of a look at a changed sidecar, made on any thread and
/// applied on the UI thread with [`apply`].
#[derive(Debug)]
pub struct SidecarChanged {
    /// The sidecar looked at.
    pub path: PathBuf,
    /// What is on disk now (the stamp taken before reading).
    pub disk: DiskState,
    /// What the file holds, or why it could not be read.
    pub content: Result<Content, LookError>,
}

/// Reads the regular file at `path` if it is at most `limit` bytes:
/// `Ok(None)` when there is no regular file there. A file over the limit
/// is refused from its size before it is opened, and one that grows past
/// it while being read is refused at `limit + 1` bytes.
fn read_bounded(path: &Path, limit: u64) -> Result<Option<(Stamp, Vec<u8>)>, LookError> {
    let io = |source| LookError::Sidecar(SidecarError::Io { path: path.to_path_buf(), source });
    let too_large = |size| LookError::TooLarge { path: path.to_path_buf(), size, limit };
    let Ok(meta) = std::fs::metadata(path) else { return Ok(None) };
    if !meta.is_file() {
        // A folder, a FIFO, a device: never opened (a FIFO would block).
        return Ok(None);
    }
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Ok(None);
    }
    let stamp = Stamp::of(&meta);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0) + 1);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Some((stamp, bytes)))
}

/// Looks at the sidecar at `path` (read at most `limit` bytes, hashed,
/// parsed and re-anchored in `article` when its hash is not `known`), and
/// prepares the change from `base` to what it holds. Pure but for reading
/// the file: runs on any thread.
pub fn look(
    path: &Path,
    known: Option<&str>,
    article: &str,
    base: Option<&Store>,
    limit: u64,
) -> SidecarChanged {
    let changed = |disk, content| SidecarChanged { path: path.to_path_buf(), disk, content };
    let (stamp, bytes) = match read_bounded(path, limit) {
        Ok(Some(read)) => read,
        Ok(None) => return changed(DiskState::default(), Ok(Content::Gone)),
        Err(e) => {
            // Known as it is now, so that it is not looked at again and again.
            let disk = DiskState { hash: Some(String::new()), stamp: stamp(path) };
            return changed(disk, Err(e));
        }
    };
    let disk = DiskState { hash: Some(sha256_hex(&bytes)), stamp: Some(stamp) };
    if disk.hash.as_deref() == known {
        return changed(disk, Ok(Content::Same));
    }
    let content = String::from_utf8(bytes)
        .map_err(|e| SidecarError::InvalidUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })
        .and_then(|source| parse_str(&source, path, article))
        .map(|loaded| Content::Changed {
            replacement: base.map(|base| Box::new(Store::replacement(base, loaded.store.clone()))),
            theirs: Box::new(loaded.store),
        })
        .map_err(LookError::from);
    changed(disk, content)
}

/// A look at the sidecar running on a background thread, polled from the
/// event loop like the large-file loader.
#[derive(Debug, Default)]
pub struct Watcher {
    pending: Option<Receiver<SidecarChanged>>,
}

impl Watcher {
    /// True while a look is under way.
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts a look at `path` on another thread (unless one is under way),
    /// preparing the change from `base`.
    pub fn start(
        &mut self,
        path: &Path,
        known: &DiskState,
        article: Arc<String>,
        base: Arc<Store>,
        limit: u64,
    ) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let (path, known) = (path.to_path_buf(), known.hash.clone());
        let spawned =
            std::thread::Builder::new().name("hashiya-sidecar-look".into()).spawn(move || {
                let _ = tx.send(look(&path, known.as_deref(), &article, Some(&base), limit));
            });
        if spawned.is_ok() {
            self.pending = Some(rx);
        }
    }

    /// The result of the look, if it is done (without waiting).
    pub fn try_take(&mut self) -> Option<SidecarChanged> {
        let result = match self.pending.as_ref()?.try_recv() {
            Ok(changed) => Some(changed),
            Err(TryRecvError::Empty) => return None,
            // The thread died without an answer: the next tick looks again.
            Err(TryRecvError::Disconnected) => None,
        };
        self.pending = None;
        result
    }

    /// Waits for the look under way, if any.
    pub fn wait(&mut self) -> Option<SidecarChanged> {
        self.pending.take()?.recv().ok()
    }
}

/// What applying a look did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Nothing changed on disk.
    Unchanged,
    /// Their work was merged into ours (or the file went away); the
    /// message says what happened.
    Merged(String),
    /// The file changed and cannot be read: our work went to `recovery`.
    Unreadable {
        /// Why it cannot be read.
        error: String,
        /// Where our work was saved instead.
        recovery: PathBuf,
    },
}

/// The status-line message for a merge.
fn merged_message(report: &MergeReport) -> String {
    if report.is_empty() {
        return "the sidecar changed on disk; nothing new in it".to_string();
    }
    let changes = report.taken.len() + report.moved.len() + report.unlinked.len();
    let mut message = format!("merged {} made elsewhere", count(changes, "change", "changes"));
    if !report.conflicts.is_empty() {
        let _ = write!(
            message,
            "; {}: both versions kept side by side, marked ⚠ in the review table",
            count(report.conflicts.len(), "conflict", "conflicts")
        );
    }
    message
}

/// Applies a look: merges the disk's annotations into `store` (three-way,
/// against `base`) and makes `known` and `base` what is now on disk. A
/// store with nothing unsaved takes the prepared change at once (however
/// large, no work on this thread). A file that cannot be read leaves both,
/// and our work goes to a recovery file beside the sidecar (`article` is
/// the article's text, for its hash).
pub fn apply(
    changed: SidecarChanged,
    article: &str,
    known: &mut DiskState,
    base: &mut Arc<Store>,
    store: &mut Store,
) -> SyncOutcome {
    match changed.content {
        Ok(Content::Same) => {
            *known = changed.disk;
            SyncOutcome::Unchanged
        }
        Ok(Content::Gone) => {
            // Our work is no longer on disk, so the next save must write it.
            *known = changed.disk;
            store.touch_if_nonempty();
            let message = match std::fs::symlink_metadata(&changed.path) {
                Err(_) => "the sidecar was removed on disk; saving your work again",
                Ok(meta) if meta.is_dir() => {
                    "the sidecar's path is now a folder on disk; your work is kept until it can be saved"
                }
                Ok(_) => {
                    "the sidecar cannot be read any more; your work is kept until it can be saved"
                }
            };
            SyncOutcome::Merged(message.into())
        }
        Ok(Content::Changed { theirs, replacement }) => {
            *known = changed.disk;
            // With nothing unsaved, the store holds the base, and the merge
            // gives theirs: swap it in, and there is nothing to write back.
            if !store.is_dirty() {
                if let Some(replacement) = replacement {
                    let message = if replacement.is_empty() {
                        "the sidecar changed on disk; nothing new in it".to_string()
                    } else {
                        format!(
                            "merged {} made elsewhere",
                            count(replacement.len(), "change", "changes")
                        )
                    };
                    store.apply_replacement(*replacement);
                    store.mark_saved();
                    *base = Arc::new(*theirs);
                    return SyncOutcome::Merged(message);
                }
            }
            let clean = !store.is_dirty();
            let report = merge(base, store, &theirs);
            if clean {
                store.mark_saved();
            }
            *base = Arc::new(base_after(base, *theirs, &report));
            SyncOutcome::Merged(merged_message(&report))
        }
        Err(error) => {
            *known = changed.disk;
            let recovery = recovery_path(&changed.path);
            let file = article_file_name(&changed.path);
            let text = render(store, &file, &sha256_hex(article.as_bytes()));
            let _ = std::fs::write(&recovery, text);
            SyncOutcome::Unreadable { error: error.to_string(), recovery }
        }
    }
}

/// When a look is needed before saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Before {
    /// The disk is as we know it: save.
    Ready,
    /// A look is under way in the background: save when it is done.
    Waiting,
}

/// Makes sure nothing on disk is overwritten unseen before a save: takes
/// a finished look, or looks at a changed file — on the spot when it is
/// small or when `wait`, else in the background (then [`Before::Waiting`]:
/// the caller saves later). Returns what applying a look did, if one was.
pub fn before_save(
    watcher: &mut Watcher,
    path: &Path,
    article: &str,
    known: &mut DiskState,
    base: &mut Arc<Store>,
    store: &mut Store,
    wait: bool,
) -> (Before, Option<SyncOutcome>) {
    let finished = if wait { watcher.wait() } else { watcher.try_take() };
    if let Some(changed) = finished {
        return (Before::Ready, Some(apply(changed, article, known, base, store)));
    }
    if watcher.is_busy() {
        return (Before::Waiting, None);
    }
    if known.unchanged(path) {
        return (Before::Ready, None);
    }
    if wait || DiskState::size_now(path).is_none_or(|size| size <= INLINE_LOOK) {
        // A save is pending, so the store has changes: no replacement.
        let changed = look(path, known.hash.as_deref(), article, None, sidecar_limit());
        return (Before::Ready, Some(apply(changed, article, known, base, store)));
    }
    let text = Arc::new(article.to_owned());
    watcher.start(path, known, text, Arc::clone(base), sidecar_limit());
    (Before::Waiting, None)
}

/// The idle look: takes a finished look and applies it, or starts one in
/// the background when the file's stamp changed. Never reads the file on
/// the calling thread.
pub fn on_idle(
    watcher: &mut Watcher,
    path: &Path,
    article: &str,
    known: &mut DiskState,
    base: &mut Arc<Store>,
    store: &mut Store,
) -> SyncOutcome {
    if let Some(changed) = watcher.try_take() {
        return apply(changed, article, known, base, store);
    }
    if !watcher.is_busy() && !known.unchanged(path) {
        let text = Arc::new(article.to_owned());
        watcher.start(path, known, text, Arc::clone(base), sidecar_limit());
    }
    SyncOutcome::Unchanged
}

/// Where work goes when the sidecar cannot be merged: beside it, named
/// for this process.
pub fn recovery_path(sidecar: &Path) -> PathBuf {
    let name = sidecar.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    sidecar.with_file_name(format!("{name}.recovered-{}.toml", std::process::id()))
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;
