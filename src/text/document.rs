//! An article's text split into paragraphs.
//!
//! Offsets given to users (annotations) count Unicode scalar values from the
//! start of the stored text, so each paragraph records both its byte range
//! and the `char` offset it starts at. A paragraph ends at `\n`; a `\r`
//! before it belongs to no paragraph (CRLF files keep their offsets).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::language::{Language, detect};

/// One paragraph of a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte offset of the first byte in the document's text.
    pub start: usize,
    /// Byte offset one past the last byte (before any `\r\n` or `\n`).
    pub end: usize,
    /// `char` offset of the paragraph's first character in the text.
    pub char_start: usize,
}

impl Paragraph {
    /// The paragraph's byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A whole article in memory, with its paragraph index.
///
/// The text is shared (cloning a document does not copy it), so that work
/// on the whole text — building the search index — can run on another
/// thread while the document is shown.
#[derive(Debug, Clone, Default)]
pub struct Document {
    text: Arc<String>,
    paragraphs: Vec<Paragraph>,
    char_len: usize,
    /// The language detected from the text, once asked.
    language: OnceLock<Language>,
}

impl Document {
    /// Indexes `text` into paragraphs (newlines are found with `memchr`).
    pub fn new(text: String) -> Self {
        let mut paragraphs = Vec::new();
        let bytes = text.as_bytes();
        let mut start = 0usize;
        let mut chars = 0usize;
        loop {
            let nl = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
            let stop = nl.unwrap_or(bytes.len());
            let end = if nl.is_some() && stop > start && bytes[stop - 1] == b'\r' {
                stop - 1
            } else {
                stop
            };
            paragraphs.push(Paragraph { start, end, char_start: chars });
            chars += count_chars(&bytes[start..stop]);
            match nl {
                Some(i) => {
                    chars += 1;
                    start = i + 1;
                    if start == bytes.len() {
                        break;
                    }
                }
                None => break,
            }
        }
        Self { text: Arc::new(text), paragraphs, char_len: chars, language: OnceLock::new() }
    }

    /// The language detected from the text ([`detect`]: its first 64 Ki
    /// characters), found on first use and kept.
    pub fn detected_language(&self) -> Language {
        *self.language.get_or_init(|| detect(&self.text))
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The whole text, shared with this document.
    pub fn shared_text(&self) -> Arc<String> {
        Arc::clone(&self.text)
    }

    /// The paragraphs, in order (at least one, possibly empty).
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// The text of paragraph `index`.
    pub fn paragraph_text(&self, index: usize) -> &str {
        self.paragraphs.get(index).map_or("", |p| &self.text[p.range()])
    }

    /// Number of `char`s in the whole text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// The paragraph holding `char` offset `offset` (the last one past the end).
    pub fn paragraph_at_char(&self, offset: usize) -> usize {
        self.paragraphs.partition_point(|p| p.char_start <= offset).saturating_sub(1)
    }
}

/// Counts the `char`s in valid UTF-8 bytes: every byte that is not a continuation byte.
///
/// Counted 32 bytes at a time into a byte-sized sum, which the compiler turns
/// into a few vector instructions (a plain `filter().count()` is several
/// times slower, and this runs over every byte of a file when it opens).
pub fn count_chars(bytes: &[u8]) -> usize {
    let is_start = |b: u8| u8::from((b as i8) >= -0x40);
    let mut chunks = bytes.chunks_exact(32);
    let mut n = 0usize;
    for chunk in &mut chunks {
        n += usize::from(chunk.iter().fold(0u8, |k, &b| k + is_start(b)));
    }
    n + chunks.remainder().iter().map(|&b| usize::from(is_start(b))).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_newlines_and_counts_chars() {
        let d = Document::new("أ ب\n\nجـ\r\nد".to_string());
        let texts: Vec<_> = (0..d.paragraphs().len()).map(|i| d.paragraph_text(i)).collect();
        assert_eq!(texts, vec!["أ ب", "", "جـ", "د"]);
        let starts: Vec<_> = d.paragraphs().iter().map(|p| p.char_start).collect();
        assert_eq!(starts, vec![0, 4, 5, 9]);
        assert_eq!(d.char_len(), 10);
        assert_eq!(d.paragraph_at_char(6), 2);
    }

    #[test]
    fn count_chars_counts_every_length_and_script() {
        let text = "قال Putin «نعم» 2024 😀 ".repeat(9);
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(count_chars(&text.as_bytes()[..end]), text[..end].chars().count());
        }
    }

    #[test]
    fn trailing_newline_adds_no_paragraph() {
        assert_eq!(Document::new("a\n".to_string()).paragraphs().len(), 1);
        assert_eq!(Document::new(String::new()).paragraphs().len(), 1);
    }
}
