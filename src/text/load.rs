//! Reading articles from files and standard input, within the size limit
//! of [`crate::limits`].

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::limits::{self, Input, TooLarge};

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
    into_string(bytes).map_err(|offset| LoadError::InvalidUtf8 { path: path.to_path_buf(), offset })
}

/// `bytes` as a `String` if they are valid UTF-8, else the offset of the
/// first invalid byte.
///
/// The standard library checks Arabic text (two-byte sequences) a byte at a
/// time, ≈ 45 ms for a 29 MB file; `simdutf8` checks it in a few
/// milliseconds, which is what lets a huge article open at once.
#[allow(unsafe_code)]
pub fn into_string(bytes: Vec<u8>) -> Result<String, usize> {
    match simdutf8::compat::from_utf8(&bytes) {
        // SAFETY: `simdutf8` has just checked that all of `bytes` is valid
        // UTF-8, which is the one precondition of `from_utf8_unchecked`.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        Err(e) => Err(e.valid_up_to()),
    }
}

impl LoadError {
    /// True when the file was refused for its size (see [`crate::limits`]).
    pub fn is_too_large(&self) -> bool {
        matches!(self, Self::Io { source, .. } if limits::is_too_large(source))
    }
}

/// Reads the bytes of the article at `path` (`-`: standard input) within
/// the data limit: a larger file is refused before it is read, a larger
/// stream as soon as it passes the limit.
pub fn read_article_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io { path: path.to_path_buf(), source };
    if path == Path::new("-") {
        limits::read_stdin()
            .map_err(|source| LoadError::Io { path: PathBuf::from("standard input"), source })
    } else {
        limits::read_file(path, Input::Data).map_err(io)
    }
}

/// Reads the article at `path`; `-` reads standard input. Within the data
/// limit (see [`read_article_bytes`]).
pub fn read_article(path: &Path) -> Result<String, LoadError> {
    let bytes = read_article_bytes(path)?;
    decode(path, bytes)
}

/// The start of a large article: enough to lay out a first screen while
/// the rest is read (see [`read_head`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Whole paragraphs from the start of the file (the first one may be
    /// cut if it is longer than the head).
    pub text: String,
    /// The file's size in bytes when it was opened.
    pub file_len: u64,
}

/// Reads the first `max` bytes of `path` if the file is larger than
/// `threshold`, keeping whole paragraphs (up to the last newline) or, in a
/// head without one, whole characters. Returns `None` for files no larger
/// than `threshold`, which are simply read whole. An invalid byte inside
/// the head is reported as for the whole file; a file over the data limit
/// is refused before anything is read.
pub fn read_head(path: &Path, threshold: u64, max: usize) -> Result<Option<Head>, LoadError> {
    let io = |source| LoadError::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let file_len = meta.len();
    let limit = limits::current().data;
    if meta.is_file() && file_len > limit {
        return Err(io(TooLarge { size: Some(file_len), limit, input: Input::Data }.into()));
    }
    if !meta.is_file() || file_len <= threshold {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(max);
    file.by_ref().take(max as u64).read_to_end(&mut bytes).map_err(io)?;
    if let Some(nl) = memchr::memrchr(b'\n', &bytes) {
        bytes.truncate(nl);
    }
    let valid = match simdutf8::compat::from_utf8(&bytes) {
        Ok(_) => bytes.len(),
        // A character cut by the end of the head is not an error.
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(e) => {
            return Err(LoadError::InvalidUtf8 {
                path: path.to_path_buf(),
                offset: e.valid_up_to(),
            });
        }
    };
    bytes.truncate(valid);
    let text = decode(path, bytes)?;
    Ok(Some(Head { text, file_len }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Our check agrees with the standard library's on any bytes,
        /// valid or not, including where the first invalid byte is.
        #[test]
        fn into_string_agrees_with_std(bytes in proptest::collection::vec(any::<u8>(), 0..300),
                                       text in "\\PC{0,80}", cut in 0usize..400) {
            let mut mixed = text.into_bytes();
            let at = cut.min(mixed.len());
            mixed.splice(at..at, bytes.iter().copied().take(cut % 7));
            for input in [bytes, mixed] {
                let ours = into_string(input.clone());
                let std = String::from_utf8(input).map_err(|e| e.utf8_error().valid_up_to());
                prop_assert_eq!(ours, std);
            }
        }
    }

    #[test]
    fn head_keeps_whole_paragraphs_and_characters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text = "سطر أول\nسطر ثان\nثالث";
        std::fs::write(&path, text).unwrap();
        assert_eq!(read_head(&path, 1000, 100).unwrap(), None, "small files are read whole");
        let head = read_head(&path, 4, 20).unwrap().unwrap();
        assert_eq!(head.text, "سطر أول", "cut at the last newline of the first 20 bytes");
        assert_eq!(head.file_len, text.len() as u64);
        std::fs::write(&path, "بلا سطر جديد").unwrap();
        // 5 bytes: two letters and half of the third.
        assert_eq!(read_head(&path, 4, 5).unwrap().unwrap().text, "بل");
    }

    #[test]
    fn an_invalid_byte_in_the_head_is_an_error_naming_its_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"ab\xffcd\nmore text here").unwrap();
        let err = read_head(&path, 4, 10).unwrap_err().to_string();
        assert!(err.ends_with("a.txt: not valid UTF-8 at byte offset 2"), "{err}");
    }

    #[test]
    fn invalid_utf8_names_file_and_offset() {
        let err = decode(Path::new("a.txt"), b"ab\xffcd".to_vec()).map_err(|e| e.to_string());
        assert_eq!(err, Err("a.txt: not valid UTF-8 at byte offset 2".to_string()));
    }
}
