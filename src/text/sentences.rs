//! Sentences (UAX #29 sentence boundaries) of a paragraph, as `char`
//! ranges without their trailing spaces: what `c` claims when nothing is
//! selected, and the context the claim form reads speakers and cues from.

use std::ops::Range;

use super::Document;
use super::sentence_bounds::sentence_bounds;

/// The sentences of `text` as `char` ranges, trailing white space left
/// out (a sentence of spaces only keeps one `char`, so none is empty).
pub fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    segments(text).into_iter().map(|(trimmed, _)| trimmed)
}

/// The byte offset where each sentence of `text` starts, in order.
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    sentence_bounds(text, |at, _| starts.push(at));
    starts
}

/// Each sentence as (without trailing white space, with it).
fn segments(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut pos = 0usize;
    let mut out = Vec::new();
    sentence_bounds(text, |_, sentence| {
        let start = pos;
        let len = sentence.chars().count();
        pos += len;
        let trimmed = sentence.trim_end().chars().count();
        out.push((start..start + trimmed.max(1).min(len), start..start + len));
    });
    out
}

/// The sentence around document offset `offset`, without its trailing
/// spaces (in document offsets); on those spaces, the sentence they end.
/// Past the end of a paragraph, its last sentence; in an empty paragraph,
/// `offset..offset + 1`.
pub fn sentence_at(doc: &Document, offset: usize) -> Range<usize> {
    let para = doc.paragraph_at_char(offset);
    let start = doc.paragraphs().get(para).map_or(0, |p| p.char_start);
    let text = doc.paragraph_text(para);
    let local = offset.saturating_sub(start);
    let mut last = None;
    for (trimmed, whole) in segments(text) {
        if local < whole.end {
            return start + trimmed.start..start + trimmed.end;
        }
        last = Some(trimmed);
    }
    match last {
        Some(s) => start + s.start..start + s.end,
        None => offset..offset + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_under_the_cursor_without_trailing_space() {
        let doc = Document::new("قال الوزير. ثم غادر القاعة.".to_string());
        let r = sentence_at(&doc, 14);
        let s: String = doc.text().chars().skip(r.start).take(r.len()).collect();
        assert_eq!(s, "ثم غادر القاعة.");
        // On the space after the first sentence: the first one.
        let r = sentence_at(&doc, 11);
        assert_eq!(r, 0..11);
        // In the second paragraph.
        let doc = Document::new("أ.\n\nقال بوتين إن روسيا. وأضاف".to_string());
        let r = sentence_at(&doc, 6);
        let s: String = doc.text().chars().skip(r.start).take(r.len()).collect();
        assert_eq!(s, "قال بوتين إن روسيا.");
    }
}
