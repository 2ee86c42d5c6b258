//! Keeping the open sidecar in step with the disk: noticing when someone
//! else (a second Hashiya, an editor, a `git pull`) changed it, merging
//! their work with ours, and warning when two Hashiyas share an article.

use std::path::{Path, PathBuf};

use crate::annotate::merge::merge;
use crate::annotate::sidecar::{article_file_name, sha256_hex};
use crate::annotate::{Store, parse_str, render};

/// Size and modification time of a file, to skip reading it when idle.
type Stamp = (u64, std::time::SystemTime);

/// The stamp of the file at `path`, if it exists.
fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// What we last knew of the sidecar on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskState {
    /// SHA-256 of its bytes when we last read or wrote it (`None`: no file).
    pub hash: Option<String>,
    /// Its size and modification time then (taken before reading it).
    stamp: Option<Stamp>,
}

impl DiskState {
    /// The state of the file at `path` now.
    pub fn read(path: &Path) -> (Self, Option<Vec<u8>>) {
        let stamp = stamp(path);
        match std::fs::read(path) {
            Ok(bytes) => (Self { hash: Some(sha256_hex(&bytes)), stamp }, Some(bytes)),
            Err(_) => (Self { hash: None, stamp: None }, None),
        }
    }

    /// True when the file at `path` has certainly not changed since: same
    /// size and modification time (or still absent). Cheap: one `stat`.
    fn unchanged(&self, path: &Path) -> bool {
        match stamp(path) {
            Some(now) => self.hash.is_some() && self.stamp == Some(now),
            None => self.hash.is_none(),
        }
    }
}

/// What a look at the disk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Nothing changed on disk.
    Unchanged,
    /// Their work was merged into ours; the message says what happened.
    Merged(String),
    /// The file changed and cannot be read: our work went to `recovery`.
    Unreadable {
        /// Why it cannot be read.
        error: String,
        /// Where our work was saved instead.
        recovery: PathBuf,
    },
}

/// Compares the sidecar at `path` with `known`; when it changed, merges
/// the disk's annotations into `store` (three-way, against `base`), and
/// updates `known` and `base` to what is now on disk.
pub fn sync(
    path: &Path,
    article: &str,
    known: &mut DiskState,
    base: &mut Store,
    store: &mut Store,
) -> SyncOutcome {
    if known.unchanged(path) {
        return SyncOutcome::Unchanged;
    }
    let (now, bytes) = DiskState::read(path);
    if now.hash == known.hash {
        *known = now;
        return SyncOutcome::Unchanged;
    }
    let Some(bytes) = bytes else {
        // Gone, or no longer a readable file (a folder took its path): our
        // work is no longer on disk, so the next save must write it. Whether
        // it can is for that save to say; nothing is promised here.
        *known = now;
        store.touch_if_nonempty();
        let message = match std::fs::symlink_metadata(path) {
            Err(_) => "the sidecar was removed on disk; saving your work again",
            Ok(meta) if meta.is_dir() => {
                "the sidecar's path is now a folder on disk; your work is kept until it can be saved"
            }
            Ok(_) => "the sidecar cannot be read any more; your work is kept until it can be saved",
        };
        return SyncOutcome::Merged(message.into());
    };
    let parsed = String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()))
        .and_then(|source| parse_str(&source, path, article).map_err(|e| e.to_string()));
    match parsed {
        Ok(loaded) => {
            let report = merge(base, store, &loaded.store);
            *base = loaded.store;
            *known = now;
            let message = if report.is_empty() {
                "the sidecar changed on disk; nothing new in it".to_string()
            } else {
                format!(
                    "merged {} change(s) made elsewhere; {} conflict(s) kept side by side",
                    report.taken.len(),
                    report.conflicts.len()
                )
            };
            SyncOutcome::Merged(message)
        }
        Err(error) => {
            let recovery = recovery_path(path);
            let file = article_file_name(path);
            let text = render(store, &file, &sha256_hex(article.as_bytes()));
            let _ = std::fs::write(&recovery, text);
            SyncOutcome::Unreadable { error, recovery }
        }
    }
}

/// Where work goes when the sidecar cannot be merged: beside it, named
/// for this process.
pub fn recovery_path(sidecar: &Path) -> PathBuf {
    let name = sidecar.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    sidecar.with_file_name(format!("{name}.recovered-{}.toml", std::process::id()))
}

/// A marker that this process has an article open, so a second Hashiya
/// on the same article can warn. Kept outside the article's folder.
#[derive(Debug)]
pub struct InstanceLock {
    path: PathBuf,
}

impl InstanceLock {
    /// Takes the marker for `article`; returns it and the pid of another
    /// live Hashiya holding it, if any.
    pub fn take(article: &Path) -> (Option<Self>, Option<u32>) {
        let canonical = std::fs::canonicalize(article).unwrap_or_else(|_| article.to_path_buf());
        let key = sha256_hex(canonical.to_string_lossy().as_bytes());
        let dir = std::env::temp_dir().join("hashiya-locks");
        let path = dir.join(format!("{}.pid", &key[..32]));
        let other =
            std::fs::read_to_string(&path).ok().and_then(|s| s.trim().parse::<u32>().ok()).filter(
                |&pid| pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists(),
            );
        let ours = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, std::process::id().to_string()))
            .is_ok();
        (ours.then_some(Self { path }), other)
    }
}

impl Drop for InstanceLock {
    fn drop(&mut self) {
        let ours = std::fs::read_to_string(&self.path)
            .is_ok_and(|s| s.trim() == std::process::id().to_string());
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
