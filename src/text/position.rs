//! Places in text files: line and column of a byte offset, and the error
//! that names a file and a place in it (keymaps, schemas).

use std::path::PathBuf;

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

#[cfg(test)]
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
}
