//! Reading articles from files and standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why an article could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not valid UTF-8.
    #[error("{path}: not valid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
}

/// Decodes `bytes` read from `path` as UTF-8.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| LoadError::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads the article at `path`; `-` reads standard input.
pub fn read_article(path: &Path) -> Result<String, LoadError> {
    let io = |source| LoadError::Io { path: path.to_path_buf(), source };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(io)?;
        buf
    } else {
        std::fs::read(path).map_err(io)?
    };
    decode(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_file_and_offset() {
        let err = decode(Path::new("a.txt"), b"ab\xffcd".to_vec()).map_err(|e| e.to_string());
        assert_eq!(err, Err("a.txt: not valid UTF-8 at byte offset 2".to_string()));
    }
}
