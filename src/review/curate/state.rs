//! The curation's state in GOLD: every decision taken, and what curation
//! last wrote, in `GOLD/.hashiya-curation.toml`, so that curating resumes
//! where it stopped and never overwrites a gold sidecar changed since.
//!
//! ```toml
//! schema = 1
//!
//! [[decision]]
//! article = "a.txt"
//! row = "r-4kq8r2mz"      # the disagreement (derived from its versions)
//! take = "alice"          # a source's name, "all" or "none"
//! by = "carol"            # the curator
//! at = "2026-12-07T10:00:00Z"
//!
//! [[written]]
//! article = "a.txt"
//! sha256 = "…"            # of the gold sidecar as curation last wrote it
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The state file's name in GOLD.
pub const STATE_FILE: &str = ".hashiya-curation.toml";

/// The state file's format version.
const STATE_SCHEMA: u32 = 1;

/// What the curator decided for one disagreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Keep this source's versions (by its index among the sources).
    Take(usize),
    /// Keep every source's versions.
    All,
    /// Keep none.
    Drop,
}

impl Decision {
    /// As written in the state file: the source's name, `all` or `none`.
    pub fn word(&self, sources: &[String]) -> String {
        match self {
            Self::Take(i) => sources.get(*i).cloned().unwrap_or_default(),
            Self::All => "all".to_owned(),
            Self::Drop => "none".to_owned(),
        }
    }

    /// From its word (`None`: a source that is not among `sources`).
    pub fn from_word(word: &str, sources: &[String]) -> Option<Self> {
        match word {
            "all" => Some(Self::All),
            "none" => Some(Self::Drop),
            name => sources.iter().position(|s| s == name).map(Self::Take),
        }
    }
}

/// Why the state file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a curation state.
    #[error(
        "{path}: {message} (the file keeps the curation's decisions: fix it, or move it away to start over)"
    )]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    schema: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    decision: Vec<DecisionEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    written: Vec<WrittenEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionEntry {
    article: String,
    row: String,
    take: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenEntry {
    article: String,
    sha256: String,
}

/// A decision as kept: its word (see [`Decision::word`]), who took it, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// `alice`, `all` or `none`.
    pub take: String,
    /// The curator.
    pub by: Option<String>,
    /// When.
    pub at: Option<String>,
}

/// The decisions and what was written, in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Per article, per row id: the decision.
    pub decisions: BTreeMap<String, BTreeMap<String, Kept>>,
    /// Per article: the SHA-256 of its gold sidecar as curation last wrote it.
    pub written: BTreeMap<String, String>,
}

impl State {
    /// Where the state of `gold` is kept.
    pub fn path(gold: &Path) -> PathBuf {
        gold.join(STATE_FILE)
    }

    /// Reads the state of `gold` (none yet: an empty state).
    pub fn load(gold: &Path) -> Result<Self, StateError> {
        let path = Self::path(gold);
        let bytes = match crate::limits::read_file(&path, crate::limits::Input::Data) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => return Err(StateError::Io { path, source }),
        };
        let invalid = |message: String| StateError::Invalid { path: path.clone(), message };
        let text = String::from_utf8(bytes).map_err(|_| invalid("not UTF-8".to_owned()))?;
        let file: File = toml::from_str(&text).map_err(|e| {
            let (line, column) =
                crate::text::position::line_column(&text, e.span().map_or(0, |s| s.start));
            invalid(format!("{line}:{column}: {}", e.message().trim()))
        })?;
        if file.schema != STATE_SCHEMA {
            return Err(invalid(format!("unsupported schema {}", file.schema)));
        }
        let mut state = Self::default();
        for d in file.decision {
            let kept = Kept { take: d.take, by: d.by, at: d.at };
            state.decisions.entry(d.article).or_default().insert(d.row, kept);
        }
        for w in file.written {
            state.written.insert(w.article, w.sha256);
        }
        Ok(state)
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let decision = self
            .decisions
            .iter()
            .flat_map(|(article, rows)| {
                rows.iter().map(move |(row, kept)| DecisionEntry {
                    article: article.clone(),
                    row: row.clone(),
                    take: kept.take.clone(),
                    by: kept.by.clone(),
                    at: kept.at.clone(),
                })
            })
            .collect();
        let written = self
            .written
            .iter()
            .map(|(article, sha256)| WrittenEntry {
                article: article.clone(),
                sha256: sha256.clone(),
            })
            .collect();
        let file = File { schema: STATE_SCHEMA, decision, written };
        let body = toml::to_string(&file).unwrap_or_default();
        format!(
            "# hashiya curate: the decisions taken so far, and what was written, to resume\n\
             # (see docs/format.md, \"Curation\").\n{body}"
        )
    }

    /// Writes the state into `gold` (atomically).
    pub fn save(&self, gold: &Path) -> Result<(), StateError> {
        let path = Self::path(gold);
        crate::annotate::sidecar::write_atomic(&path, self.to_text().as_bytes())
            .map_err(|source| StateError::Io { path, source })
    }

    /// The decisions of `article` that name a row and a known source.
    pub fn decisions_of(&self, article: &str, sources: &[String]) -> BTreeMap<String, Decision> {
        self.decisions
            .get(article)
            .into_iter()
            .flatten()
            .filter_map(|(row, kept)| {
                Some((row.clone(), Decision::from_word(&kept.take, sources)?))
            })
            .collect()
    }

    /// Records `decision` for `row` of `article` (`None` forgets it).
    pub fn decide(
        &mut self,
        article: &str,
        row: &str,
        decision: Option<&Decision>,
        sources: &[String],
        curator: Option<&str>,
    ) {
        match decision {
            Some(d) => {
                let kept = Kept {
                    take: d.word(sources),
                    by: curator.map(str::to_owned),
                    at: Some(crate::annotate::ids::utc_now()),
                };
                self.decisions.entry(article.to_owned()).or_default().insert(row.to_owned(), kept);
            }
            None => {
                if let Some(rows) = self.decisions.get_mut(article) {
                    rows.remove(row);
                    if rows.is_empty() {
                        self.decisions.remove(article);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let sources = ["alice".to_owned(), "bob".to_owned()];
        let mut state = State::default();
        state.decide("a.txt", "r-1", Some(&Decision::Take(1)), &sources, Some("carol"));
        state.decide("a.txt", "r-2", Some(&Decision::Drop), &sources, None);
        state.decide("b \"x\".txt", "r-3", Some(&Decision::All), &sources, None);
        state.written.insert("a.txt".into(), "00".into());
        state.save(dir.path()).unwrap();
        let back = State::load(dir.path()).unwrap();
        assert_eq!(back, state);
        let a = back.decisions_of("a.txt", &sources);
        assert_eq!(a["r-1"], Decision::Take(1));
        assert_eq!(a["r-2"], Decision::Drop);
        assert_eq!(back.decisions["a.txt"]["r-1"].by.as_deref(), Some("carol"));
        // A decision for a source that is no longer there is not applied.
        assert!(!back.decisions_of("a.txt", &["x".to_owned()]).contains_key("r-1"));
        let mut forget = back.clone();
        forget.decide("a.txt", "r-1", None, &sources, None);
        assert_eq!(forget.decisions["a.txt"].len(), 1);
    }

    #[test]
    fn a_broken_state_is_an_error_naming_its_place() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(State::load(dir.path()).unwrap(), State::default());
        std::fs::write(State::path(dir.path()), "schema = 1\n[[decision]]\narticle = 3\n").unwrap();
        let e = State::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains(".hashiya-curation.toml: 3:11: "), "{e}");
    }
}
