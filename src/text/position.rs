//! Places in text files: line and column of a byte offset, the error that
//! names a file and a place in it, and every problem of a configuration file
//! (keymaps, schemas), read with a bound on its size.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// 1-based line and column (in `char`s) of byte offset `at` in `source`.
pub fn line_column(source: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// Why a configuration file (a keymap, a schema) was not used.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not valid.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the offending text.
        line: usize,
        /// 1-based column (in characters) of the offending text.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl FileError {
    /// The error at byte offset `at` of `source` (the text of `path`).
    pub fn at(path: &Path, source: &str, at: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(source, at);
        Self::Invalid { path: path.to_path_buf(), line, column, message: message.into() }
    }
}

/// Every problem found in a configuration file: errors (the file is
/// refused) and warnings (it is used; the warning is shown).
#[derive(Debug, Default)]
pub struct ConfigReport {
    /// Problems that make the file unusable.
    pub errors: Vec<FileError>,
    /// Problems worth a look; the file is used.
    pub warnings: Vec<FileError>,
}

impl ConfigReport {
    /// True when there is no error (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors and warnings, each sorted by place.
    pub fn sort(&mut self) {
        let place = |e: &FileError| match e {
            FileError::Io { .. } => (0, 0),
            FileError::Invalid { line, column, .. } => (*line, *column),
        };
        self.errors.sort_by_key(place);
        self.warnings.sort_by_key(place);
    }
}

/// The largest configuration file read (keymaps, schemas): they are a few
/// kilobytes; anything bigger is refused before it is read.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads the configuration file at `path` as UTF-8, refusing files larger
/// than [`MAX_CONFIG_BYTES`] (reading at most one byte more, whatever the
/// file is) and naming the line and column of a byte that is not UTF-8.
pub fn read_config(path: &Path) -> Result<String, FileError> {
    let io = |source| FileError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.is_dir() {
        return Err(io(std::io::Error::other("is a folder, not a file")));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(FileError::Invalid {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!(
                "larger than {} KiB: not a configuration file (refused unread)",
                MAX_CONFIG_BYTES >> 10
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let (line, column) = line_column(&before, before.len());
        FileError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("not UTF-8 (byte offset {valid}): save the file as UTF-8"),
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_chars_from_one() {
        let source = "ab\nأبc\n";
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, 3), (2, 1));
        // After two Arabic letters (two bytes each): column 3.
        assert_eq!(line_column(source, 7), (2, 3));
        // Inside a multi-byte char: the char's own column.
        assert_eq!(line_column(source, 4), (2, 1));
        assert_eq!(line_column(source, 999), (3, 1));
    }

    #[test]
    fn config_files_are_read_bounded_and_bad_bytes_are_placed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.toml");
        std::fs::write(&path, b"a = 1\nb = \"\xff\"\n").unwrap();
        match read_config(&path) {
            Err(FileError::Invalid { line, column, message, .. }) => {
                assert_eq!((line, column), (2, 6));
                assert!(message.contains("byte offset 11"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let big = vec![b'#'; usize::try_from(MAX_CONFIG_BYTES).unwrap() + 10];
        std::fs::write(&path, big).unwrap();
        assert!(matches!(read_config(&path), Err(FileError::Invalid { line: 1, column: 1, .. })));
        assert!(matches!(read_config(dir.path()), Err(FileError::Io { .. })));
        std::fs::write(&path, "x = 1\n").unwrap();
        assert_eq!(read_config(&path).ok().as_deref(), Some("x = 1\n"));
    }
}
