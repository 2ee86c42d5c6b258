//! External recommenders declared in a corpus's `hashiya.toml`:
//!
//! ```toml
//! [[recommender]]
//! name = "spacy"                    # shown in messages, recorded as the source
//! command = "python3"               # a program on PATH, or a path (relative: to the folder)
//! args = ["docs/recommender_spacy.py", "xx_ent_wiki_sm"]
//! timeout_ms = 5000                 # per article; default 5000, at most 600000
//! ```
//!
//! Each table is checked whole: an unknown key, a missing `name` or
//! `command`, a name given twice, text holding control characters, a
//! time-out out of range — each an error at its line and column.

use std::path::{Path, PathBuf};

use crate::annotate::schema::CONFIG_FILE;
use crate::text::position::{FileError, read_config};

/// The time-out when a recommender gives none (milliseconds).
pub const DEFAULT_TIMEOUT_MS: u64 = 5000;

/// The longest time-out allowed (milliseconds).
pub const MAX_TIMEOUT_MS: u64 = 600_000;

/// One `[[recommender]]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommenderDef {
    /// Its name.
    pub name: String,
    /// The program: a path (relative ones are resolved from `folder`) or a
    /// name looked up on `PATH`.
    pub command: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// How long it may take for one article.
    pub timeout_ms: u64,
    /// The folder of the `hashiya.toml` it was declared in (its working directory).
    pub folder: PathBuf,
}

impl RecommenderDef {
    /// The program to run: `command` resolved from the folder when it is a
    /// relative path with a `/` in it.
    pub fn program(&self) -> PathBuf {
        let command = Path::new(&self.command);
        if command.is_relative() && self.command.contains('/') {
            self.folder.join(command)
        } else {
            command.to_path_buf()
        }
    }
}

#[derive(serde::Deserialize)]
struct File {
    #[serde(default)]
    recommender: Vec<toml::Spanned<Table>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    name: toml::Spanned<String>,
    command: toml::Spanned<String>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    timeout_ms: Option<toml::Spanned<i64>>,
}

/// True for text that may not be shown: controls and bidi controls.
fn unsafe_text(s: &str) -> bool {
    s.chars().any(crate::text::safe::is_unsafe)
}

/// The recommenders declared in `source` (the text of `path`, in `folder`).
pub fn parse(source: &str, path: &Path, folder: &Path) -> Result<Vec<RecommenderDef>, FileError> {
    let file: File = toml::from_str(source).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        FileError::at(path, source, at, format!("[[recommender]]: {}", e.message().trim()))
    })?;
    let mut out: Vec<RecommenderDef> = Vec::new();
    for table in file.recommender {
        let t = table.into_inner();
        let (name, name_at) = (t.name.get_ref().trim().to_owned(), t.name.span().start);
        if name.is_empty() || unsafe_text(&name) {
            return Err(FileError::at(
                path,
                source,
                name_at,
                "[[recommender]] name must be plain, non-empty text",
            ));
        }
        if out.iter().any(|r| r.name == name) {
            return Err(FileError::at(
                path,
                source,
                name_at,
                format!("[[recommender]] \"{name}\" is declared twice"),
            ));
        }
        let command = t.command.get_ref().clone();
        if command.trim().is_empty()
            || unsafe_text(&command)
            || t.args.iter().any(|a| a.contains('\0'))
        {
            return Err(FileError::at(
                path,
                source,
                t.command.span().start,
                format!("[[recommender]] \"{name}\": command must be a program's name or path"),
            ));
        }
        let timeout_ms = match t.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(v) => match u64::try_from(*v.get_ref()) {
                Ok(ms) if (1..=MAX_TIMEOUT_MS).contains(&ms) => ms,
                _ => {
                    return Err(FileError::at(
                        path,
                        source,
                        v.span().start,
                        format!(
                            "[[recommender]] \"{name}\": timeout_ms must be 1 to {MAX_TIMEOUT_MS}"
                        ),
                    ));
                }
            },
        };
        out.push(RecommenderDef {
            name,
            command,
            args: t.args,
            timeout_ms,
            folder: folder.to_path_buf(),
        });
    }
    Ok(out)
}

/// The recommenders `folder/hashiya.toml` declares (none when there is no
/// such file).
pub fn for_folder(folder: &Path) -> Result<Vec<RecommenderDef>, FileError> {
    let path = folder.join(CONFIG_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(Vec::new());
    }
    let source = read_config(&path)?;
    parse(&source, &path, folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(source: &str) -> Result<Vec<RecommenderDef>, String> {
        parse(source, Path::new("hashiya.toml"), Path::new("/corpus")).map_err(|e| e.to_string())
    }

    #[test]
    fn tables_are_read_with_defaults() {
        let source = "cues = [\"قال\"]\n\n[[recommender]]\nname = \"stub\"\ncommand = \"tests/stub.py\"\n\
                      args = [\"-v\"]\n\n[[recommender]]\nname = \"other\"\ncommand = \"python3\"\ntimeout_ms = 250\n";
        let r = parsed(source).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].name.as_str(), r[0].timeout_ms), ("stub", DEFAULT_TIMEOUT_MS));
        assert_eq!(r[0].program(), Path::new("/corpus/tests/stub.py"));
        assert_eq!(r[1].program(), Path::new("python3"));
        assert_eq!(r[1].timeout_ms, 250);
        assert!(parsed("cues = []\n").unwrap().is_empty());
    }

    #[test]
    fn mistakes_are_errors_at_their_line() {
        let twice = "[[recommender]]\nname = \"a\"\ncommand = \"x\"\n[[recommender]]\nname = \"a\"\ncommand = \"y\"\n";
        assert_eq!(
            parsed(twice).unwrap_err(),
            "hashiya.toml:5:8: [[recommender]] \"a\" is declared twice"
        );
        let slow = "[[recommender]]\nname = \"a\"\ncommand = \"x\"\ntimeout_ms = 0\n";
        assert!(parsed(slow).unwrap_err().starts_with("hashiya.toml:4:14: "), "{:?}", parsed(slow));
        let unknown = "[[recommender]]\nname = \"a\"\ncommand = \"x\"\ntimeout = 5\n";
        assert!(parsed(unknown).unwrap_err().contains("unknown field `timeout`"));
        let bidi = "[[recommender]]\nname = \"a\u{202e}b\"\ncommand = \"x\"\n";
        assert!(parsed(bidi).unwrap_err().contains("plain, non-empty"));
        assert!(parsed("[[recommender]]\nname = \"a\"\n").unwrap_err().contains("command"));
    }
}
