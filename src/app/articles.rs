//! The articles a session can show: files, folders of files, or the samples
//! built into the binary.

use std::path::{Path, PathBuf};

use crate::assets::SAMPLE_ARTICLES;
use crate::text::load::{LoadError, read_article};

/// Where an article's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// A sample built into the binary.
    Embedded(&'static str),
}

/// One article of the session's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSource {
    /// The name shown in the list and status line.
    pub name: String,
    /// Where the text is.
    pub origin: Origin,
}

impl ArticleSource {
    /// Reads the article's text.
    pub fn load(&self) -> Result<String, LoadError> {
        match &self.origin {
            Origin::File(path) => read_article(path),
            Origin::Embedded(text) => Ok((*text).to_string()),
        }
    }

    /// Reads the article's text, replacing invalid UTF-8 with U+FFFD.
    pub fn load_lossy(&self) -> Result<String, LoadError> {
        match &self.origin {
            Origin::File(path) => crate::limits::read_file(path, crate::limits::Input::Data)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|source| LoadError::Io { path: path.clone(), source }),
            Origin::Embedded(text) => Ok((*text).to_string()),
        }
    }

    /// The file on disk, if any.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            Origin::Embedded(_) => None,
        }
    }
}

/// Why the list of articles could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    /// A path could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A folder holds no article.
    #[error("{0}: no articles (*.txt files) in this folder")]
    EmptyFolder(PathBuf),
}

/// The articles named by `paths` (files, and the `*.txt` files of folders in
/// name order); with no path, the bundled samples.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<ArticleSource>, SourcesError> {
    if paths.is_empty() {
        return Ok(samples());
    }
    let mut out = Vec::new();
    for path in paths {
        let io = |source| SourcesError::Io { path: path.clone(), source };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            // The one collector the corpus commands use too.
            let files = crate::corpus::files::list(path).map_err(io)?.articles;
            if files.is_empty() {
                return Err(SourcesError::EmptyFolder(path.clone()));
            }
            out.extend(files.into_iter().map(from_path));
        } else {
            out.push(from_path(path.clone()));
        }
    }
    Ok(out)
}

fn from_path(path: PathBuf) -> ArticleSource {
    let name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    ArticleSource { name, origin: Origin::File(path) }
}

/// The bundled samples: from `assets/articles/` when run inside a checkout
/// (so annotations land beside them), otherwise from the binary.
pub fn samples() -> Vec<ArticleSource> {
    let folder = Path::new("assets/articles");
    SAMPLE_ARTICLES
        .iter()
        .map(|&(name, text)| {
            let path = folder.join(name);
            if path.is_file() {
                from_path(path)
            } else {
                ArticleSource { name: name.to_string(), origin: Origin::Embedded(text) }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_list_their_text_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", "a.txt.ann.toml", "notes.md"] {
            std::fs::write(dir.path().join(name), "نص").unwrap();
        }
        let list = collect(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = list.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
    }

    #[test]
    fn no_paths_gives_the_five_samples() {
        let list = collect(&[]).unwrap();
        assert_eq!(list.len(), 5);
        assert!(list.iter().all(|a| a.load().is_ok_and(|t| !t.is_empty())));
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let err = collect(&[PathBuf::from("/nonexistent/x.txt")]).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/x.txt:"));
    }
}
