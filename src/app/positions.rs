//! Where the user left each article: the reader reopens it there (the
//! first line on screen and the cursor).
//!
//! Per user, not in the shared sidecar: a small file,
//! `$XDG_STATE_HOME/hashiya/positions` (or `~/.local/state/hashiya/positions`),
//! one line per article, newest first, at most [`MAX_ENTRIES`]:
//!
//! ```text
//! # hashiya positions 1
//! <first char on screen>\t<cursor char>\t<canonical path, as a JSON string>
//! ```
//!
//! It is written atomically (a temporary file renamed) when the user opens
//! another article and when the session ends. It is read within the
//! configuration limit; a file that cannot be read, is too large or holds
//! lines of another form is never fatal: what cannot be read is ignored
//! and said once in the message log. `HASHIYA_REMEMBER=0` turns it off
//! (the tests do).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Articles remembered, at most.
pub const MAX_ENTRIES: usize = 1_000;

/// The variable that turns remembering off when `0`.
pub const ENV_REMEMBER: &str = "HASHIYA_REMEMBER";

const HEADER: &str = "# hashiya positions 1";

/// Where an article was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The first `char` of the first line on screen.
    pub top: usize,
    /// The cursor.
    pub cursor: usize,
}

/// The remembered positions, and the file they live in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Positions {
    path: PathBuf,
    /// Canonical path and position, newest first.
    entries: Vec<(String, Position)>,
}

impl Positions {
    /// The user's positions file, unless remembering is off
    /// ([`ENV_REMEMBER`]` = 0`) or there is no home to keep it in.
    pub fn user_file() -> Option<PathBuf> {
        if std::env::var_os(ENV_REMEMBER).is_some_and(|v| v == "0") {
            return None;
        }
        let state = std::env::var_os("XDG_STATE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state"))
            })?;
        Some(state.join("hashiya").join("positions"))
    }

    /// The positions kept in `path` (none when it does not exist), and a
    /// message when it could not be read or held lines it ignored.
    pub fn load(path: PathBuf) -> (Self, Option<String>) {
        let mut out = Self { path, entries: Vec::new() };
        let bytes = match crate::limits::read_file(&out.path, crate::limits::Input::Config) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (out, None),
            Err(e) => {
                let why = format!(
                    "positions not restored: {}: {e} (ignored; it is rewritten on leaving)",
                    out.path.display()
                );
                return (out, Some(why));
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut bad = 0usize;
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            match parse_line(line) {
                Some(entry) if out.entries.len() < MAX_ENTRIES => {
                    if !out.entries.iter().any(|(k, _)| *k == entry.0) {
                        out.entries.push(entry);
                    }
                }
                Some(_) => {}
                None => bad += 1,
            }
        }
        let message = (bad > 0).then(|| {
            format!(
                "{}: {} ignored",
                out.path.display(),
                crate::text::plural::count(bad, "unreadable line", "unreadable lines")
            )
        });
        (out, message)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many articles are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when none is.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where `article` was left, if it is remembered.
    pub fn get(&self, article: &Path) -> Option<Position> {
        let key = key_of(article)?;
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, p)| *p)
    }

    /// Remembers `position` for `article` (newest first; the oldest beyond
    /// [`MAX_ENTRIES`] are forgotten).
    pub fn put(&mut self, article: &Path, position: Position) {
        let Some(key) = key_of(article) else { return };
        self.entries.retain(|(k, _)| *k != key);
        self.entries.insert(0, (key, position));
        self.entries.truncate(MAX_ENTRIES);
    }

    /// Writes the file atomically (its folder made if missing).
    pub fn save(&self) -> std::io::Result<()> {
        let mut out = String::with_capacity(64 * self.entries.len() + HEADER.len() + 1);
        out.push_str(HEADER);
        out.push('\n');
        for (key, p) in &self.entries {
            let quoted = serde_json::to_string(key).map_err(std::io::Error::other)?;
            let _ = writeln!(out, "{}\t{}\t{quoted}", p.top, p.cursor);
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::annotate::sidecar::write_atomic(&self.path, out.as_bytes())
    }
}

/// The key of `article`: its canonical path (`None` when it has none, as
/// standard input).
fn key_of(article: &Path) -> Option<String> {
    if article == Path::new("-") {
        return None;
    }
    let path = std::fs::canonicalize(article).ok()?;
    Some(path.to_string_lossy().into_owned())
}

/// One line of the file.
fn parse_line(line: &str) -> Option<(String, Position)> {
    let mut parts = line.splitn(3, '\t');
    let top = parts.next()?.parse().ok()?;
    let cursor = parts.next()?.parse().ok()?;
    let key: String = serde_json::from_str(parts.next()?).ok()?;
    Some((key, Position { top, cursor }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_newest_first_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state").join("hashiya").join("positions");
        let (mut p, message) = Positions::load(file.clone());
        assert!(p.is_empty() && message.is_none());
        let mut articles = Vec::new();
        for i in 0..(MAX_ENTRIES + 5) {
            let a = dir.path().join(format!("a\t\"{i}\n.txt"));
            std::fs::write(&a, "نص").unwrap();
            p.put(&a, Position { top: i, cursor: i + 1 });
            articles.push(a);
        }
        p.save().unwrap();
        let (back, message) = Positions::load(file);
        assert_eq!(message, None);
        assert_eq!(back.len(), MAX_ENTRIES);
        assert_eq!(
            back.get(&articles[MAX_ENTRIES + 4]),
            Some(Position { top: MAX_ENTRIES + 4, cursor: MAX_ENTRIES + 5 })
        );
        assert_eq!(back.get(&articles[0]), None, "the oldest are forgotten");
        assert_eq!(back, p);
    }

    #[test]
    fn hostile_or_unreadable_files_are_ignored_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("positions");
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "نص").unwrap();
        let key = serde_json::to_string(&std::fs::canonicalize(&a).unwrap()).unwrap();
        std::fs::write(&file, format!("# x\n\u{1b}[2J\x00garbage\n1\t2\t{key}\n-1\tx\t\"y\"\n"))
            .unwrap();
        let (p, message) = Positions::load(file.clone());
        assert_eq!(p.get(&a), Some(Position { top: 1, cursor: 2 }));
        assert!(message.is_some_and(|m| m.contains("2 unreadable lines")));
        // A folder where the file should be: not fatal.
        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        let (p, message) = Positions::load(file);
        assert!(p.is_empty());
        assert!(message.is_some_and(|m| m.contains("positions not restored")));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("positions");
        let f = std::fs::File::create(&file).unwrap();
        f.set_len(crate::limits::current().of(crate::limits::Input::Config) + 1).unwrap();
        let (p, message) = Positions::load(file);
        assert!(p.is_empty());
        assert!(message.is_some(), "refused and said");
    }
}
