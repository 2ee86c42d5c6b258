//! `hashiya merge-driver O A B [P]`: git's custom merge driver for
//! sidecars (`merge.hashiya.driver = hashiya merge-driver %O %A %B %P`, set
//! up by `hashiya init`).
//!
//! Git gives the common ancestor (`O`, an empty file when both sides added
//! the sidecar), our version (`A`, where the result goes) and theirs (`B`).
//! They are merged **by id**, as the reader merges a sidecar changed on disk
//! ([`crate::annotate::merge::merge_from`]): what one side changed the other
//! takes; both sides adding under one id keeps both; both sides changing
//! one annotation differently keeps both versions side by side, ours under a
//! fresh id marked `conflict = { with = "<id>", source = "git" }` — never
//! conflict markers, never a word in a note. The result is written to `A` in
//! the canonical form and the driver exits 0. Fresh ids are derived from
//! what is moved, so the same merge gives the same file anywhere.
//!
//! The `[article]` fields and unknown top-level fields are merged three-way
//! by key: a side that did not change one takes the other side's.
//!
//! The registry of canonical entities (`entities.toml`, see
//! [`crate::corpus::registry`]) goes through the same driver: it is told
//! apart by its name and merged by id as
//! [`crate::corpus::registry_merge`] says (aliases as sets, nothing one
//! side added lost).
//!
//! An input that cannot be read (not UTF-8, not a sidecar) is an error:
//! `A` is left as it is and the driver exits 2, so git reports a conflict
//! for the file.

use std::path::Path;

use crate::annotate::merge::{MergeReport, merge_from};
use crate::annotate::sidecar::{FileStore, parse_file_store};
use crate::annotate::{FileExtra, IdScheme, SidecarError, render};

/// The `source` of conflicts found by the merge driver.
pub const SOURCE_GIT: &str = "git";

/// What merging three sidecar texts gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged sidecar, in the canonical form.
    pub text: String,
    /// What the merge did.
    pub report: MergeReport,
}

/// Why the driver could not merge.
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A file is not a sidecar (with its line and column).
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    /// A registry of canonical entities is not valid (with its line and column).
    #[error(transparent)]
    Registry(#[from] crate::text::position::FileError),
}

/// True when git merges the registry of canonical entities (by its name).
pub fn is_registry(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == crate::corpus::registry::REGISTRY_FILE)
}

/// Merges registry texts `ours` and `theirs` against `base` (empty: both
/// added the file); `path` names the file in errors.
pub fn merge_registry_texts(
    base: &str,
    ours: &str,
    theirs: &str,
    path: &Path,
) -> Result<(String, crate::corpus::registry_merge::RegistryMerge), crate::text::position::FileError>
{
    use crate::corpus::registry::{Registry, parse, render};
    let base = if base.trim().is_empty() { Registry::new() } else { parse(base, path)? };
    let (ours, theirs) = (parse(ours, path)?, parse(theirs, path)?);
    let (merged, report) = crate::corpus::registry_merge::merge(&base, &ours, &theirs);
    Ok((render(&merged), report))
}

/// The text of `bytes` read from `path`, or why it is not text.
fn text(bytes: Vec<u8>, path: &Path) -> Result<String, SidecarError> {
    String::from_utf8(bytes).map_err(|e| SidecarError::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// A sidecar as a store; an empty (or blank) text is no annotations when
/// `may_be_empty` (git's ancestor when both sides added the file).
fn store_of(source: &str, path: &Path, may_be_empty: bool) -> Result<FileStore, SidecarError> {
    if may_be_empty && source.trim().is_empty() {
        return Ok(FileStore::default());
    }
    parse_file_store(source, path)
}

/// Three-way choice of one value: theirs when ours did not change it.
fn pick<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> T {
    if ours == base { theirs.clone() } else { ours.clone() }
}

/// Three-way merge of a table of unknown fields, key by key; an array of
/// tables that each have a unique string `id` on every side (such as the
/// kept brat data, `[[brat]]`) is merged table by table, by id, as
/// annotations are.
fn merge_table(base: &toml::Table, ours: &toml::Table, theirs: &toml::Table) -> toml::Table {
    let mut out = toml::Table::new();
    let keys: std::collections::BTreeSet<&String> =
        base.keys().chain(ours.keys()).chain(theirs.keys()).collect();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let by_id = (by_id(b), by_id(o), by_id(t));
        let value = if let (Some(b), Some(o), Some(t)) = by_id {
            Some(merge_by_id(&b, &o, &t)).filter(|v| v.as_array().is_some_and(|a| !a.is_empty()))
        } else {
            pick(&b, &o, &t).cloned()
        };
        if let Some(value) = value {
            out.insert(key.clone(), value);
        }
    }
    out
}

/// The tables of an array of tables by their unique string `id`, in order
/// (absent: none); `None` when it is anything else.
fn by_id(value: Option<&toml::Value>) -> Option<Vec<(&str, &toml::Value)>> {
    let Some(value) = value else { return Some(Vec::new()) };
    let items = value.as_array()?;
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let id = item.as_table()?.get("id")?.as_str()?;
        if !seen.insert(id) {
            return None;
        }
        out.push((id, item));
    }
    Some(out)
}

/// Three-way merge of tables by id: each id takes [`pick`]'s version (a
/// side that did not change it takes the other's: an edit, an addition, a
/// deletion); ours' order, then theirs' new ones.
fn merge_by_id(
    base: &[(&str, &toml::Value)],
    ours: &[(&str, &toml::Value)],
    theirs: &[(&str, &toml::Value)],
) -> toml::Value {
    use std::collections::HashMap;
    let (b, o, t): (HashMap<_, _>, HashMap<_, _>, HashMap<_, _>) = (
        base.iter().copied().collect(),
        ours.iter().copied().collect(),
        theirs.iter().copied().collect(),
    );
    let mut done = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (id, _) in ours.iter().chain(theirs).chain(base) {
        if done.insert(*id) {
            if let Some(v) = pick(&b.get(id), &o.get(id), &t.get(id)) {
                out.push((*v).clone());
            }
        }
    }
    toml::Value::Array(out)
}

/// Merges sidecar texts `ours` and `theirs` against their common ancestor
/// `base` (empty: both added the file); `path` names the file in errors.
pub fn merge_texts(
    base: &str,
    ours: &str,
    theirs: &str,
    path: &Path,
) -> Result<Merged, SidecarError> {
    let base = store_of(base, path, true)?;
    let mut ours = store_of(ours, path, false)?;
    let theirs = store_of(theirs, path, false)?;
    ours.store.set_id_scheme(IdScheme::unique());
    let ours_extra = ours.store.file_extra().clone();
    let report = merge_from(&base.store, &mut ours.store, &theirs.store, SOURCE_GIT);
    let (b, o, t) = (base.store.file_extra(), &ours_extra, theirs.store.file_extra());
    let mut extra = FileExtra {
        top: merge_table(&b.top, &o.top, &t.top),
        article: merge_table(&b.article, &o.article, &t.article),
    };
    // Two statuses set apart: the furthest along (`annotate::status`).
    let mut status = o.clone();
    crate::annotate::status::merge_extra(b, &mut status, t);
    extra.article.remove(crate::annotate::keys::STATUS);
    if let Some(v) = status.article.remove(crate::annotate::keys::STATUS) {
        extra.article.insert(crate::annotate::keys::STATUS.to_owned(), v);
    }
    ours.store.set_file_extra(extra);
    let file = pick(&base.file, &ours.file, &theirs.file)
        .unwrap_or_else(|| crate::annotate::sidecar::article_file_name(path));
    let sha256 = pick(&base.sha256, &ours.sha256, &theirs.sha256).unwrap_or_default();
    Ok(Merged { text: render(&ours.store, &file, &sha256), report })
}

/// Runs the driver on files: reads `base`, `ours` and `theirs`, and writes
/// the merge to `ours` (atomically; nothing is written when a file cannot
/// be read). `name` is the path git merges (`%P`), for messages.
pub fn run(base: &Path, ours: &Path, theirs: &Path, name: &Path) -> Result<Merged, DriverError> {
    let read = |path: &Path| {
        crate::limits::read_file(path, crate::limits::Input::Data)
            .map_err(|source| DriverError::Io { path: path.to_path_buf(), source })
    };
    let named = |path: &Path| {
        if name.as_os_str().is_empty() { path.to_path_buf() } else { name.to_path_buf() }
    };
    let base_text = text(read(base)?, &named(base))?;
    let ours_text = text(read(ours)?, &named(ours))?;
    let theirs_text = text(read(theirs)?, &named(theirs))?;
    if is_registry(&named(ours)) {
        let (merged, _) = merge_registry_texts(&base_text, &ours_text, &theirs_text, &named(ours))?;
        if merged != ours_text {
            crate::annotate::sidecar::write_atomic(ours, merged.as_bytes())
                .map_err(|source| DriverError::Io { path: ours.to_path_buf(), source })?;
        }
        return Ok(Merged { text: merged, report: MergeReport::default() });
    }
    let merged = merge_texts(&base_text, &ours_text, &theirs_text, &named(ours))?;
    if merged.text != ours_text {
        crate::annotate::sidecar::write_atomic(ours, merged.text.as_bytes())
            .map_err(|source| DriverError::Io { path: ours.to_path_buf(), source })?;
    }
    Ok(merged)
}

#[cfg(test)]
#[path = "merge_driver_tests.rs"]
mod tests;
