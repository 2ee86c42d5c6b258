//! Reviewing a corpus from the command line: walking folders of articles
//! and sidecars, checking sidecars, listing and counting annotations,
//! exporting them to other tools' formats and importing them back.
//!
//! - [`corpus`]: which articles and sidecars a list of paths names; loading them;
//!   progress on standard error;
//! - [`check`]: `hashiya check`, every problem of a sidecar as written;
//! - [`config`]: `hashiya check` of `hashiya.toml` and keymap files;
//! - [`list`]: `hashiya list`, every entity and claim as a table, JSON or TSV;
//! - [`stats`]: `hashiya stats`, counts per label, article and claimant;
//! - [`brat`], [`jsonl`] (doccano), [`spacy`] (spaCy / Prodigy), [`conll`]: `hashiya export`
//!   formats; [`brat_text`]:
//!   offsets on the article as brat reads it (CRLF); [`brat_preserved`]: brat
//!   data kept in the sidecar's `[[brat]]` tables and written back;
//! - [`import`]: `hashiya import --from brat`, merged into the sidecars;
//! - [`xmi`] (INCEpTION's UIMA CAS XMI), [`labelstudio`] (Label Studio's
//!   tasks; [`labelstudio_task`]: one task as exported, streamed): exported and
//!   imported both ways; [`interchange`]: what they
//!   read, merged into the sidecars as brat's import merges;
//! - [`compare`]: when two annotators' annotations are the same, and their
//!   disagreements (shared by `agree` and `curate`);
//! - [`agree`]: `hashiya agree`, inter-annotator agreement of two sidecars;
//! - [`curate`]: `hashiya curate`, a gold standard from several annotators' work.
//!
//! No terminal library here: the commands write to any [`std::io::Write`].

pub mod agree;
pub mod brat;
pub mod brat_links;
pub mod brat_preserved;
pub mod brat_text;
pub mod check;
pub mod claims;
pub mod compare;
pub mod config;
pub mod conll;
pub mod corpus;
pub mod curate;
pub mod entities;
pub mod export;
pub mod import;
pub mod interchange;
pub mod jsonl;
pub mod labelstudio;
pub mod labelstudio_task;
pub mod list;
pub mod registries;
pub mod spacy;
pub mod stats;
pub mod xmi;

use std::path::PathBuf;

use crate::annotate::SidecarError;
use crate::text::load::LoadError;

/// Why a review command could not do its work. Problems found *in* the
/// files (a broken sidecar during `check`, a skipped article) are not
/// errors: they are counted in an [`Outcome`].
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// A path could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A path given on the command line is neither an article, a sidecar nor a folder.
    #[error("{0}: not an article (*.txt), a sidecar (*.ann.toml) or a folder")]
    NotAnArticle(PathBuf),
    /// The paths given name no article with annotations.
    #[error("no annotated article (*.txt with a *.txt.ann.toml beside it) in {0}")]
    Nothing(String),
    /// Writing the output failed.
    #[error("writing output: {0}")]
    Output(#[source] std::io::Error),
    /// An article could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A sidecar could not be read.
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    /// A brat file is not what `import` reads.
    #[error("{path}:{line}: {message}")]
    Brat {
        /// The `.ann` file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file of another tool (XMI, Label Studio tasks) is not what `import` reads.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The registry of canonical entities (`entities.toml`) could not be read.
    #[error(transparent)]
    Registry(#[from] crate::text::position::FileError),
    /// The command was asked something it cannot do.
    #[error("{0}")]
    Usage(String),
}

impl ReviewError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }
}

/// How a command that ran to the end went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Problems that make the run unclean (exit status 1): errors `check`
    /// found, or inputs other commands had to skip. Zero: all is well.
    pub problems: usize,
    /// A one-line summary for standard error, if there is something to say.
    pub summary: Option<String>,
}

impl Outcome {
    /// A clean run.
    pub fn clean() -> Self {
        Self::default()
    }
}
