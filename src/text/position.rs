//! Places in text files: line and column of a byte offset, the error that
//! names a file and a place in it, and every problem of a configuration file
//! (keymaps, schemas), read with a bound on its size.

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

/// 1-based line and column of each of `offsets` (byte offsets, in any
/// order) in `source`, in the order given: one pass over the text whatever
/// the number of offsets (`line_column` for each would scan from the start
/// each time).
pub fn line_columns(source: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut line, mut column) = (1, 1);
    let mut chars = source.char_indices().peekable();
    for i in order {
        let at = offsets[i].min(source.len());
        while let Some(&(index, c)) = chars.peek() {
            if index + c.len_utf8() > at {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            chars.next();
        }
        out[i] = (line, column);
    }
    out
}

/// The most problems a configuration file reports; the rest are counted.
pub const MAX_PROBLEMS: usize = 500;

/// Problems of one configuration file, collected by byte offset and placed
/// (line and column) all at once by [`Problems::finish`], so that a file
/// with many problems costs one pass; after [`MAX_PROBLEMS`] they are only
/// counted.
#[derive(Debug)]
pub struct Problems<'a> {
    path: &'a Path,
    source: &'a str,
    errors: Vec<(usize, String)>,
    warnings: Vec<(usize, String)>,
    dropped: usize,
    line_starts: Option<Vec<usize>>,
}

impl<'a> Problems<'a> {
    /// No problems yet in `source`, the text of `path`.
    pub fn new(path: &'a Path, source: &'a str) -> Self {
        Self {
            path,
            source,
            errors: Vec::new(),
            warnings: Vec::new(),
            dropped: 0,
            line_starts: None,
        }
    }

    /// True when no more problems will be kept (work spent on a message,
    /// such as a suggestion, can be skipped).
    pub fn full(&self) -> bool {
        self.errors.len() + self.warnings.len() >= MAX_PROBLEMS
    }

    /// True when an error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// How many errors were found (listed or not).
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.dropped
    }

    /// An error at byte offset `at`.
    pub fn error(&mut self, at: usize, message: impl Into<String>) {
        if self.full() {
            self.dropped += 1;
        } else {
            self.errors.push((at, message.into()));
        }
    }

    /// A warning at byte offset `at`.
    pub fn warn(&mut self, at: usize, message: impl Into<String>) {
        if !self.full() {
            self.warnings.push((at, message.into()));
        }
    }

    /// The 1-based line of byte offset `at` (for messages that name another
    /// line), found by binary search.
    pub fn line(&mut self, at: usize) -> usize {
        let source = self.source;
        let starts = self.line_starts.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
                .collect()
        });
        starts.partition_point(|&s| s <= at)
    }

    /// The problems, placed and sorted by place.
    pub fn finish(self) -> ConfigReport {
        let offsets: Vec<usize> =
            self.errors.iter().chain(&self.warnings).map(|(at, _)| *at).collect();
        let mut places = line_columns(self.source, &offsets).into_iter();
        let path = self.path;
        let mut place = |(_, message): (usize, String)| {
            let (line, column) = places.next().unwrap_or((1, 1));
            FileError::Invalid { path: path.to_path_buf(), line, column, message }
        };
        let mut errors: Vec<FileError> = self.errors.into_iter().map(&mut place).collect();
        let warnings: Vec<FileError> = self.warnings.into_iter().map(&mut place).collect();
        if self.dropped > 0 {
            let (line, column) = errors.last().map_or((1, 1), |e| match e {
                FileError::Invalid { line, column, .. } => (*line, *column),
                FileError::Io { .. } => (1, 1),
            });
            errors.push(FileError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: format!(
                    "{} more problem(s) after the first {MAX_PROBLEMS}, not listed: fix these first",
                    self.dropped
                ),
            });
        }
        let mut report = ConfigReport { errors, warnings };
        report.sort();
        report
    }
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

/// Reads the configuration file at `path` as UTF-8, refusing files larger
/// than the configuration limit ([`crate::limits`]: 1 MiB unless raised;
/// reading at most one byte more, whatever the file is) and naming the line
/// and column of a byte that is not UTF-8.
pub fn read_config(path: &Path) -> Result<String, FileError> {
    let io = |source| FileError::Io { path: path.to_path_buf(), source };
    if std::fs::metadata(path).map_err(io)?.is_dir() {
        return Err(io(std::io::Error::other("is a folder, not a file")));
    }
    let bytes = match crate::limits::read_file(path, crate::limits::Input::Config) {
        Ok(bytes) => bytes,
        Err(e) if crate::limits::is_too_large(&e) => {
            return Err(FileError::Invalid {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: e.to_string(),
            });
        }
        Err(e) => return Err(io(e)),
    };
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
    fn many_offsets_are_placed_in_one_pass_like_one_by_one() {
        let source = "ab\nأبc\n\nxyz";
        let offsets: Vec<usize> = (0..=source.len() + 2).rev().collect();
        let placed = line_columns(source, &offsets);
        for (at, got) in offsets.iter().zip(placed) {
            assert_eq!(got, line_column(source, *at), "offset {at}");
        }
    }

    #[test]
    fn problems_are_placed_sorted_and_capped() {
        let source = "a = 1\nb = 2\nc = 3\n";
        let mut p = Problems::new(Path::new("f.toml"), source);
        p.error(12, "third line");
        p.warn(6, "second line");
        p.error(0, "first line");
        assert_eq!(p.line(13), 3);
        assert_eq!(p.line(0), 1);
        let report = p.finish();
        let shown: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["f.toml:1:1: first line", "f.toml:3:1: third line"]);
        assert_eq!(report.warnings[0].to_string(), "f.toml:2:1: second line");

        let long = "x".repeat(MAX_PROBLEMS * 3);
        let mut p = Problems::new(Path::new("f.toml"), &long);
        for at in 0..MAX_PROBLEMS + 7 {
            p.error(at, "bad");
        }
        assert!(p.full() && p.has_errors());
        let report = p.finish();
        assert_eq!(report.errors.len(), MAX_PROBLEMS + 1);
        let last = report.errors.last().unwrap().to_string();
        assert!(last.contains("7 more problem(s)"), "{last}");
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
        let big = vec![b'#'; usize::try_from(crate::limits::DEFAULT_CONFIG_LIMIT).unwrap() + 10];
        std::fs::write(&path, big).unwrap();
        assert!(matches!(read_config(&path), Err(FileError::Invalid { line: 1, column: 1, .. })));
        assert!(matches!(read_config(dir.path()), Err(FileError::Io { .. })));
        std::fs::write(&path, "x = 1\n").unwrap();
        assert_eq!(read_config(&path).ok().as_deref(), Some("x = 1\n"));
    }
}
