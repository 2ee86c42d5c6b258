//! The sidecar file beside an article: where it is, loading it (checked,
//! re-anchored) and saving it atomically. The format is in `docs/format.md`.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest as _, Sha256};

use super::anchor::{AnchorReport, reanchor_all};
use super::kinds::{Kinds, Record};
use super::model::{Claim, Entity};
use super::read::{Parsed, parse, parse_with};
use super::store::{FileExtra, Store};
use super::write::render;
use crate::limits::{self, Input};

/// The suffix added to the article's file name.
pub const SIDECAR_SUFFIX: &str = ".ann.toml";

/// Why a sidecar could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The file is not valid UTF-8.
    #[error("{path}: not valid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The file is not valid TOML.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in `char`s.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is TOML but not a sidecar: a wrong type, a missing field, an
    /// unknown claim kind, `start` after `end`, a duplicate id…
    #[error("{path}:{line}:{column}: {message}")]
    Schema {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in `char`s.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl SidecarError {
    /// The 1-based line and column the error points at, if it points.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, column, .. } | Self::Schema { line, column, .. } => {
                Some((*line, *column))
            }
            Self::Io { .. } | Self::InvalidUtf8 { .. } => None,
        }
    }
}

/// A sidecar read beside its article.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The annotations, re-anchored; no history; dirty only if spans moved.
    pub store: Store,
    /// False when there was no sidecar (the store is then empty).
    pub existed: bool,
    /// `[article] sha256` as the sidecar records it, if it does. Loading
    /// does not hash the article (every span is checked against its quoted
    /// text instead): see [`Loaded::is_stale`].
    pub sha256: Option<String>,
    /// What re-anchoring moved and what it could not find.
    pub report: AnchorReport,
}

impl Loaded {
    /// True when the sidecar's `sha256` is missing or differs from
    /// `article_sha256` (lowercase hex, see [`sha256_hex`]): the article
    /// changed since the last save (or the sidecar was written by hand).
    pub fn is_stale(&self, article_sha256: &str) -> bool {
        self.sha256.as_deref() != Some(article_sha256)
    }
}

/// The sidecar of `article`: its file name plus `.ann.toml`, in its folder.
pub fn sidecar_path(article: &Path) -> PathBuf {
    let mut name = article.file_name().map_or_else(OsString::new, OsString::from);
    name.push(SIDECAR_SUFFIX);
    article.with_file_name(name)
}

/// The article's file name a sidecar path stands for (`x.txt.ann.toml` → `x.txt`).
pub fn article_file_name(sidecar: &Path) -> String {
    let name = sidecar.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.strip_suffix(SIDECAR_SUFFIX).unwrap_or(&name).to_owned()
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in &digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    hex
}

/// Loads the sidecar at `path` for the article whose stored text is
/// `article_text`. A missing sidecar gives an empty store (`existed` false).
/// The article is not hashed (see [`Loaded::is_stale`]). A sidecar over the
/// data limit ([`crate::limits`]) is refused before it is read.
pub fn load(path: &Path, article_text: &str) -> Result<Loaded, SidecarError> {
    let bytes = match limits::read_file(path, Input::Data) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Loaded {
                store: Store::new(),
                existed: false,
                sha256: None,
                report: AnchorReport::default(),
            });
        }
        Err(source) => return Err(SidecarError::Io { path: path.to_path_buf(), source }),
    };
    load_bytes(bytes, path, article_text)
}

/// Loads the sidecar whose bytes, already read from `path`, are `bytes`
/// (freed once parsed, before the store is built).
pub fn load_bytes(bytes: Vec<u8>, path: &Path, article_text: &str) -> Result<Loaded, SidecarError> {
    let source = crate::text::load::into_string(bytes)
        .map_err(|offset| SidecarError::InvalidUtf8 { path: path.to_path_buf(), offset })?;
    let parsed = parse(&source, path)?;
    drop(source);
    Ok(anchored(parsed, article_text))
}

/// Loads sidecar text `source` (named `path` in errors) for `article_text`.
pub fn parse_str(source: &str, path: &Path, article_text: &str) -> Result<Loaded, SidecarError> {
    Ok(anchored(parse(source, path)?, article_text))
}

/// [`parse_str`] knowing the annotation kinds `kinds` (the built-ins and
/// any added: see [`super::kinds`]).
pub fn parse_str_with(
    source: &str,
    path: &Path,
    article_text: &str,
    kinds: &Kinds,
) -> Result<Loaded, SidecarError> {
    Ok(anchored(parse_with(source, path, kinds)?, article_text))
}

/// The store of a parsed sidecar, re-anchored in `article_text`.
pub(crate) fn anchored(mut parsed: Parsed, article_text: &str) -> Loaded {
    let report =
        reanchor_all(&mut parsed.entities, &mut parsed.claims, &mut parsed.records, article_text);
    let mut store = Store::from_all_parts(
        parsed.entities,
        parsed.claims,
        parsed.records,
        (parsed.next_entity, parsed.next_claim),
        parsed.extra,
    );
    if !report.moved.is_empty() {
        store.touch();
    }
    Loaded { store, existed: true, sha256: parsed.sha256, report }
}

/// A sidecar's annotations exactly as the file gives them: checked like
/// [`parse_str`] checks them (types, required fields, duplicate ids,
/// claimants naming entities…) but **not** re-anchored, so offsets and
/// quoted texts are the file's own and no annotation is flagged as an orphan.
/// For tools that report what is in the file (`hashiya check`).
#[derive(Debug, Clone, Default)]
pub struct Unanchored {
    /// The entities, in file order.
    pub entities: Vec<Entity>,
    /// The claims, in file order.
    pub claims: Vec<Claim>,
    /// The records of declared kinds (relations…), grouped by table, in
    /// file order within a table.
    pub records: Vec<Record>,
    /// `[article] sha256`, if given.
    pub sha256: Option<String>,
    /// `[article] file`, if given.
    pub file: Option<String>,
    /// `[article] status`, if given, as it is (see [`super::status`]).
    pub status: Option<toml::Value>,
}

/// Parses sidecar text `source` (named `path` in errors) without looking at
/// the article: see [`Unanchored`].
pub fn parse_unanchored(source: &str, path: &Path) -> Result<Unanchored, SidecarError> {
    parse_unanchored_with(source, path, Kinds::builtin())
}

/// [`parse_unanchored`] knowing the annotation kinds `kinds`.
pub fn parse_unanchored_with(
    source: &str,
    path: &Path,
    kinds: &Kinds,
) -> Result<Unanchored, SidecarError> {
    let parsed = parse_with(source, path, kinds)?;
    let status = parsed.extra.article.get(super::keys::STATUS).cloned();
    Ok(Unanchored {
        entities: parsed.entities,
        claims: parsed.claims,
        records: parsed.records,
        sha256: parsed.sha256,
        file: parsed.file,
        status,
    })
}

/// A sidecar read as a store exactly as the file gives it — checked, not
/// re-anchored, no article needed — with its `[article]` fields: what a
/// merge of two files works on (`hashiya merge-driver`).
#[derive(Debug, Clone, Default)]
pub struct FileStore {
    /// The annotations, counters and unknown fields; no history, not dirty.
    pub store: Store,
    /// `[article] file`, if given.
    pub file: Option<String>,
    /// `[article] sha256`, if given.
    pub sha256: Option<String>,
}

/// Parses sidecar text `source` (named `path` in errors) into a
/// [`FileStore`].
pub fn parse_file_store(source: &str, path: &Path) -> Result<FileStore, SidecarError> {
    parse_file_store_with(source, path, Kinds::builtin())
}

/// [`parse_file_store`] knowing the annotation kinds `kinds`.
pub fn parse_file_store_with(
    source: &str,
    path: &Path,
    kinds: &Kinds,
) -> Result<FileStore, SidecarError> {
    let parsed = parse_with(source, path, kinds)?;
    let store = Store::from_all_parts(
        parsed.entities,
        parsed.claims,
        parsed.records,
        (parsed.next_entity, parsed.next_claim),
        parsed.extra,
    );
    Ok(FileStore { store, file: parsed.file, sha256: parsed.sha256 })
}

/// Saves `store` to the sidecar at `path` for the article with bytes
/// `article_bytes`, atomically: a temporary file in the same folder is
/// written, flushed to disk and renamed over the sidecar, then the folder is
/// flushed. Returns whether a file was written: nothing is written when the
/// file already holds these bytes, nor for an empty store when there is no
/// sidecar yet (an article never annotated gets none). Call
/// [`Store::mark_saved`] after success.
pub fn save(path: &Path, store: &Store, article_bytes: &[u8]) -> Result<bool, SidecarError> {
    save_hashed(path, store, &sha256_hex(article_bytes))
}

/// Like [`save`], with the article's SHA-256 (hex) already known: an
/// editor hashes its article once, not at every save.
pub fn save_hashed(path: &Path, store: &Store, article_sha256: &str) -> Result<bool, SidecarError> {
    let io_error = |source| SidecarError::Io { path: path.to_path_buf(), source };
    let existing = match limits::read_file(path, Input::Data) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        // There is a file, and it is not what we would write.
        Err(e) if limits::is_too_large(&e) => Some(Vec::new()),
        Err(e) => return Err(io_error(e)),
    };
    // Nothing to keep: no annotation, no status set, no kept brat data.
    if existing.is_none() && store.is_empty() && *store.file_extra() == FileExtra::default() {
        return Ok(false);
    }
    let text = render(store, &article_file_name(path), article_sha256);
    if existing.as_deref() == Some(text.as_bytes()) {
        return Ok(false);
    }
    write_atomic(path, text.as_bytes()).map_err(io_error)?;
    Ok(true)
}

/// A temporary file name beside `path`, unique in this process.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.{n}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// How many symbolic links a save follows before giving up (as the kernel's ELOOP).
const MAX_LINKS: usize = 40;

/// The file a save of `path` replaces: `path` itself, or, when it is a
/// symbolic link, the file the link (or chain of links) finally names —
/// relative targets taken from the link's own folder — so that the link is
/// kept and its target gets the new contents. A link to a file that does
/// not exist yet names the file to create.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&target)?;
                target = match target.parent() {
                    Some(folder) => folder.join(link),
                    None => link,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(io::Error::other(format!(
        "{}: more than {MAX_LINKS} symbolic links in a row",
        path.display()
    )))
}

/// Writes `bytes` to `path` through a synced temporary file and a rename;
/// a symbolic link is kept and written through ([`write_target`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = write_target(path)?;
    let path = target.as_path();
    let temp = temp_path(path);
    let result = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    sync_folder(path)
}

/// Flushes the folder holding `path`, so that the rename itself is durable.
#[cfg(unix)]
fn sync_folder(path: &Path) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::File::open(folder)?.sync_all()
}

/// Folders cannot be opened for flushing here; the rename is as durable as
/// the platform makes it.
#[cfg(not(unix))]
fn sync_folder(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_sits_beside_the_article() {
        let path = sidecar_path(Path::new("/a/b/004_c29349fac5246de1.txt"));
        assert_eq!(path, Path::new("/a/b/004_c29349fac5246de1.txt.ann.toml"));
        assert_eq!(article_file_name(&path), "004_c29349fac5246de1.txt");
        assert_eq!(sidecar_path(Path::new("x.txt")), Path::new("x.txt.ann.toml"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_sidecar_is_written_through_and_kept() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let store_dir = dir.path().join("store");
        let notes = dir.path().join("notes");
        fs::create_dir_all(&store_dir).unwrap();
        fs::create_dir_all(&notes).unwrap();
        let target = store_dir.join("real.toml");
        fs::write(&target, "old").unwrap();
        // notes/a -> notes/b -> ../store/real.toml (relative, two hops).
        symlink("b", notes.join("a")).unwrap();
        symlink("../store/real.toml", notes.join("b")).unwrap();
        assert_eq!(write_target(&notes.join("a")).unwrap(), notes.join("../store/real.toml"));
        write_atomic(&notes.join("a"), b"new").unwrap();
        assert!(fs::symlink_metadata(notes.join("a")).unwrap().file_type().is_symlink());
        assert!(fs::symlink_metadata(notes.join("b")).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        // No temporary file is left beside the link or the target.
        let names = |d: &Path| fs::read_dir(d).unwrap().count();
        assert_eq!((names(&notes), names(&store_dir)), (2, 1));
        // A link to a missing file creates it; a loop is an error, not a hang.
        symlink("../store/fresh.toml", notes.join("c")).unwrap();
        write_atomic(&notes.join("c"), b"x").unwrap();
        assert_eq!(fs::read(store_dir.join("fresh.toml")).unwrap(), b"x");
        symlink("loop", notes.join("loop")).unwrap();
        assert!(write_atomic(&notes.join("loop"), b"x").is_err());
        // A plain file stays a plain file.
        assert_eq!(write_target(&target).unwrap(), target);
    }

    #[test]
    fn sha256_matches_the_standard_vectors() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
