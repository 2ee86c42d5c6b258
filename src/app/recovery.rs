//! Recovery files: where unsaved work goes when it cannot reach its
//! sidecar and the program ends (quit anyway, a signal, a crash, a terminal
//! failure), or when the user saves it elsewhere.
//!
//! A recovery file is the sidecar's canonical TOML (what Hashiya would have
//! written), after a comment naming the sidecar it belongs to. It is written
//! beside the sidecar when that folder takes it, else in
//! `$XDG_STATE_HOME/hashiya/recovery/` (`~/.local/state/hashiya/recovery/`),
//! else in the temporary folder; it never replaces an existing file. To
//! restore one, put it in place of the sidecar (see the README).

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::annotate::Store;
use crate::annotate::render;
use crate::annotate::sidecar::article_file_name;

/// A recovery file that was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The recovery file.
    pub path: PathBuf,
    /// The sidecar whose work it holds.
    pub sidecar: PathBuf,
}

impl Recovered {
    /// One line for standard error, with control characters in the paths
    /// made visible.
    pub fn notice(&self) -> String {
        format!(
            "hashiya: unsaved annotations for {} were written to {}\n\
             hashiya: to restore them, put that file in place of the sidecar (see README, \"Recovering unsaved work\")",
            printable(&self.sidecar),
            printable(&self.path)
        )
    }
}

/// No folder took the file.
#[derive(Debug, thiserror::Error)]
#[error("could not write {name}: {}", .tried.iter().map(|(d, e)| format!("{}: {e}", printable(d))).collect::<Vec<_>>().join("; "))]
pub struct RecoveryError {
    /// The file name tried.
    pub name: String,
    /// Each folder tried, with what the system said.
    pub tried: Vec<(PathBuf, io::Error)>,
}

/// `$XDG_STATE_HOME/hashiya/recovery` (when absolute), else
/// `~/.local/state/hashiya/recovery`.
pub fn state_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".local").join("state"))
        })?;
    Some(base.join("hashiya").join("recovery"))
}

/// The folders a recovery file for `sidecar` may go to, best first: the
/// sidecar's own folder, the state folder, the temporary folder.
pub fn recovery_dirs(sidecar: &Path) -> Vec<PathBuf> {
    let beside = match sidecar.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Absolute: the path is printed for later, from wherever.
    let beside = std::path::absolute(&beside).unwrap_or(beside);
    let mut dirs = vec![beside];
    dirs.extend(state_dir());
    dirs.push(std::env::temp_dir());
    dirs
}

/// The text of a recovery file for `sidecar`: a comment saying what it
/// is, then the canonical sidecar TOML of `store` for the article with
/// SHA-256 `article_sha256`.
pub fn recovery_text(store: &Store, sidecar: &Path, article_sha256: &str) -> String {
    let target = std::path::absolute(sidecar).unwrap_or_else(|_| sidecar.to_path_buf());
    // `{:?}` escapes every control character: the comment stays one line.
    let target = format!("{:?}", target.to_string_lossy());
    let mut text = format!(
        "# Hashiya recovery file: annotations that could not be saved to\n# {target}.\n\
         # To restore them, put this file in place of that sidecar (see README).\n"
    );
    text.push_str(&render(store, &article_file_name(sidecar), article_sha256));
    text
}

/// Writes `text` as a new recovery file for `sidecar` in the first of
/// `dirs` that takes it whole (a folder that is read-only, full or missing
/// is skipped). Never replaces a file.
pub fn write_recovery(
    sidecar: &Path,
    text: &str,
    dirs: &[PathBuf],
) -> Result<Recovered, RecoveryError> {
    let name = sidecar.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut tried = Vec::new();
    for dir in dirs {
        match write_in(dir, &name, text) {
            Ok(path) => {
                let sidecar = std::path::absolute(sidecar).unwrap_or_else(|_| sidecar.into());
                return Ok(Recovered { path, sidecar });
            }
            Err(e) => tried.push((dir.clone(), e)),
        }
    }
    Err(RecoveryError { name: format!("{name}.recovered-{}.toml", std::process::id()), tried })
}

/// Writes `text` to `<dir>/<name>.recovered-<pid>[-n].toml`, a file that
/// did not exist, creating `dir` if needed.
fn write_in(dir: &Path, name: &str, text: &str) -> io::Result<PathBuf> {
    create_private_dir(dir)?;
    let pid = std::process::id();
    for n in 1..=100u32 {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let path = dir.join(format!("{name}.recovered-{pid}{suffix}.toml"));
        match write_new(&path, text) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            result => return result.map(|()| path),
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "100 recovery files of this name exist"))
}

/// Creates `dir` (and its parents) if missing; new folders are private.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes `text` to `path`, which must not exist, and flushes it to disk;
/// on failure nothing is left behind.
pub fn write_new(path: &Path, text: &str) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let result = file.write_all(text.as_bytes()).and_then(|()| file.sync_all());
    if result.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    result
}

/// A suggestion for "save elsewhere": `<article>.ann.toml` (or a numbered
/// variant that does not exist yet) in the first writable of the home
/// folder, the state folder and the temporary folder.
pub fn suggest_elsewhere(sidecar: &Path) -> PathBuf {
    let name = sidecar.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let home = std::env::var_os("HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    let dirs: Vec<PathBuf> =
        home.into_iter().chain(state_dir()).chain([std::env::temp_dir()]).collect();
    let dir = dirs
        .iter()
        .find(|d| d.as_path() != sidecar.parent().unwrap_or(Path::new("")) && writable(d))
        .cloned()
        .unwrap_or_else(std::env::temp_dir);
    let stem = article_file_name(sidecar);
    (1..=100u32)
        .map(|n| {
            if n == 1 {
                dir.join(&name)
            } else {
                dir.join(format!("{stem}-{n}{}", crate::annotate::sidecar::SIDECAR_SUFFIX))
            }
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(name))
}

/// True when a file can be created in `dir` (tried, then removed).
fn writable(dir: &Path) -> bool {
    if create_private_dir(dir).is_err() {
        return false;
    }
    let probe = dir.join(format!(".hashiya-probe-{}", std::process::id()));
    let ok = write_new(&probe, "").is_ok();
    let _ = fs::remove_file(&probe);
    ok
}

/// `path` as one safe line: controls and bidi controls of its name shown,
/// never obeyed (the shared sanitiser's symbols).
pub fn printable(path: &Path) -> String {
    crate::text::safe::line(&path.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{load_bytes, sidecar_path};

    fn store_with_one_entity(text: &str) -> Store {
        let mut store = Store::new();
        store.add_entity("PERSON", 0..4, &text.chars().take(4).collect::<String>()).unwrap();
        store
    }

    #[test]
    fn the_recovery_file_is_the_canonical_sidecar_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let article = "بكين تقول";
        let sidecar = sidecar_path(&dir.path().join("a.txt"));
        let store = store_with_one_entity(article);
        let text = recovery_text(&store, &sidecar, "ab");
        let recovered = write_recovery(&sidecar, &text, &recovery_dirs(&sidecar)).unwrap();
        assert_eq!(recovered.path.parent(), Some(dir.path()));
        let name = recovered.path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name, format!("a.txt.ann.toml.recovered-{}.toml", std::process::id()));
        let bytes = std::fs::read(&recovered.path).unwrap();
        assert!(bytes.starts_with(b"# Hashiya recovery file"));
        assert!(bytes.ends_with(render(&store, "a.txt", "ab").as_bytes()));
        let loaded = load_bytes(bytes, &recovered.path, article).unwrap();
        assert_eq!(loaded.store.entities().next().unwrap().text, "بكين");
        // A second one never replaces the first.
        let again = write_recovery(&sidecar, "x", &recovery_dirs(&sidecar)).unwrap();
        assert_ne!(again.path, recovered.path);
        assert_eq!(std::fs::read(&again.path).unwrap(), b"x");
        assert_eq!(std::fs::read(&recovered.path).unwrap(), text.as_bytes());
    }

    #[test]
    fn a_folder_that_refuses_is_skipped_for_the_next() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a folder should be: nothing can be created "in" it.
        let blocked = dir.path().join("blocked");
        std::fs::write(&blocked, "").unwrap();
        let fallback = dir.path().join("state").join("recovery");
        let sidecar = blocked.join("a.txt.ann.toml");
        let recovered =
            write_recovery(&sidecar, "schema = 1\n", &[blocked.clone(), fallback.clone()]).unwrap();
        assert_eq!(recovered.path.parent(), Some(fallback.as_path()));
        let err = write_recovery(&sidecar, "", std::slice::from_ref(&blocked)).unwrap_err();
        assert_eq!(err.tried.len(), 1);
        assert!(err.to_string().contains("blocked"), "{err}");
    }

    #[test]
    fn the_comment_names_the_sidecar_on_one_line_whatever_its_name() {
        let sidecar = Path::new("/x/a\nb\u{1b}]52;c;\u{7}.txt.ann.toml");
        let text = recovery_text(&Store::new(), sidecar, "00");
        let comment: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert_eq!(comment.len(), 3, "{text}");
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
        let shown = printable(sidecar);
        assert!(!shown.contains('\u{1b}') && !shown.contains('\n'), "{shown}");
        assert_eq!(printable(Path::new("a\u{202e}b")), "a⟪RLO⟫b");
    }

    #[test]
    fn save_elsewhere_suggests_a_new_file_outside_the_failing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let sidecar = dir.path().join("a.txt.ann.toml");
        let suggestion = suggest_elsewhere(&sidecar);
        assert_ne!(suggestion.parent(), Some(dir.path()));
        assert!(!suggestion.exists());
        assert!(suggestion.to_string_lossy().ends_with(".ann.toml"), "{suggestion:?}");
    }
}
