//! The registries of canonical entities the corpus commands resolve links
//! with: one `entities.toml` per folder of articles, each read once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::ReviewError;
use super::corpus::Entry;
use crate::corpus::Registry;
use crate::corpus::registry_file::{load, registry_path};

/// The registry of every folder holding one of the entries.
#[derive(Debug, Clone, Default)]
pub struct Registries {
    by_folder: BTreeMap<PathBuf, Registry>,
    empty: Registry,
}

/// The folder of an article (`.` for a bare file name).
pub fn folder_of(article: &Path) -> PathBuf {
    article
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

impl Registries {
    /// Reads the registry of every folder of `entries` (a folder without
    /// one has an empty registry). A registry that cannot be read is an
    /// error naming its file, line and column.
    pub fn read(entries: &[Entry]) -> Result<Self, ReviewError> {
        let mut by_folder = BTreeMap::new();
        for entry in entries {
            let folder = folder_of(&entry.article);
            if let std::collections::btree_map::Entry::Vacant(slot) = by_folder.entry(folder) {
                let registry = load(&registry_path(slot.key()))?;
                slot.insert(registry);
            }
        }
        Ok(Self { by_folder, empty: Registry::new() })
    }

    /// The registry of `entry`'s folder.
    pub fn of(&self, entry: &Entry) -> &Registry {
        self.by_folder.get(&folder_of(&entry.article)).unwrap_or(&self.empty)
    }

    /// Every folder's registry, by folder.
    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &Registry)> {
        self.by_folder.iter()
    }
}
