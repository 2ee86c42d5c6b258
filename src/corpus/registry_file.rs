//! Reading and saving `entities.toml`, the registry of canonical entities
//! ([`super::registry`]), without losing another instance's additions.
//!
//! A [`RegistryFile`] keeps the registry as it was last read or written
//! (the base) beside the one being changed. Saving reads the file again;
//! when it changed on disk since (another Hashiya, a `git pull`), the
//! three are merged by id ([`super::registry_merge`]) before the result is
//! written atomically (a temporary file renamed over the old): load, merge,
//! save.

use std::path::{Path, PathBuf};

use super::registry::{REGISTRY_FILE, Registry, parse, render};
use super::registry_merge::{RegistryMerge, merge};
use crate::limits::{self, Input};
use crate::text::position::FileError;

/// The registry of the corpus in `folder`: `folder/entities.toml`.
pub fn registry_path(folder: &Path) -> PathBuf {
    folder.join(REGISTRY_FILE)
}

/// Reads the registry at `path` (within the data limit); a missing file is
/// an empty registry. Errors name the file, and the line and column.
pub fn load(path: &Path) -> Result<Registry, FileError> {
    let bytes = match limits::read_file(path, Input::Data) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Registry::new()),
        Err(source) => return Err(FileError::Io { path: path.to_path_buf(), source }),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        FileError::at(path, &valid, at, "not valid UTF-8")
    })?;
    parse(&text, path)
}

/// The registry of a corpus as one instance changes it.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryFile {
    /// The file.
    pub path: PathBuf,
    /// As last read or written.
    base: Registry,
    /// With this instance's changes.
    pub registry: Registry,
}

impl RegistryFile {
    /// The registry of the corpus in `folder`, read (empty when missing).
    pub fn open(folder: &Path) -> Result<Self, FileError> {
        Self::at(registry_path(folder))
    }

    /// The registry at `path`, read (empty when missing).
    pub fn at(path: PathBuf) -> Result<Self, FileError> {
        let registry = load(&path)?;
        Ok(Self { path, base: registry.clone(), registry })
    }

    /// An empty registry to be saved at `path` (nothing read).
    pub fn empty(path: PathBuf) -> Self {
        Self { path, base: Registry::new(), registry: Registry::new() }
    }

    /// True when this instance changed the registry since it was last
    /// read or written.
    pub fn is_dirty(&self) -> bool {
        self.base != self.registry
    }

    /// Takes what changed on disk: reads the file and merges it in
    /// (this instance's changes kept). `None` when nothing changed.
    pub fn refresh(&mut self) -> Result<Option<RegistryMerge>, FileError> {
        let disk = load(&self.path)?;
        if disk == self.base {
            return Ok(None);
        }
        let (merged, report) = merge(&self.base, &self.registry, &disk);
        self.base = disk;
        self.registry = merged;
        Ok(Some(report))
    }

    /// Saves: reads the file again, merges what changed there with this
    /// instance's changes, writes the result atomically. Nothing is written
    /// when the file already holds it. Returns what the merge did (`None`:
    /// the file had not changed).
    pub fn save(&mut self) -> Result<Option<RegistryMerge>, FileError> {
        let report = self.refresh()?;
        if self.registry == self.base && std::fs::symlink_metadata(&self.path).is_ok() {
            return Ok(report);
        }
        let text = render(&self.registry);
        crate::annotate::sidecar::write_atomic(&self.path, text.as_bytes())
            .map_err(|source| FileError::Io { path: self.path.clone(), source })?;
        self.base = self.registry.clone();
        Ok(report)
    }
}
