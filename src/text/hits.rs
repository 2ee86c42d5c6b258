//! One article's matches of a query, with a line of context each: what
//! the corpus-wide search (`F`) shows per article. Pure: the text is given.
//!
//! The article is folded as `/` folds it ([`SearchIndex`], the same
//! [`Folding`]), so the corpus search and the article search find the same
//! matches; each match keeps its `char` range in the article (to open it
//! there) and a snippet: up to [`CONTEXT`] chars either side, within its
//! paragraph.

use std::ops::Range;

use super::normalize::Folding;
use super::search::SearchIndex;

/// Context chars kept on each side of a match in its snippet.
pub const CONTEXT: usize = 30;

/// One match in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The match, in `char`s of the article.
    pub range: Range<usize>,
    /// The text around it, within its paragraph (raw: print it through the
    /// UI text path).
    pub snippet: String,
    /// The match, in `char`s of the snippet.
    pub in_snippet: Range<usize>,
}

/// An article's matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// The first matches (at most the number asked for), in order.
    pub hits: Vec<Hit>,
    /// How many matches there are in all.
    pub total: usize,
}

/// The matches of `query` in `text` folded with `folding`: all counted,
/// the first `keep` with their snippets.
pub fn find(text: &str, query: &str, folding: Folding, keep: usize) -> Hits {
    let index = SearchIndex::new_sequential(text, folding);
    let matcher = index.matcher(query);
    if matcher.is_empty() {
        return Hits::default();
    }
    let all = matcher.find_all();
    let total = all.len();
    let hits = snippets(text, &all[..keep.min(total)]);
    Hits { hits, total }
}

/// The snippet of each of `ranges` (in order), in one pass over `text`.
fn snippets(text: &str, ranges: &[Range<usize>]) -> Vec<Hit> {
    let mut out = Vec::with_capacity(ranges.len());
    if ranges.is_empty() {
        return out;
    }
    // The byte offset of every char around the matches is needed; one walk
    // of the text up to the last match's right context gives them.
    let last = ranges.last().map_or(0, |r| r.end + CONTEXT);
    let bytes: Vec<(usize, char)> = text.char_indices().take(last + 1).collect();
    let byte_at = |c: usize| bytes.get(c).map_or(text.len(), |&(b, _)| b);
    let is_break = |c: usize| bytes.get(c).is_some_and(|&(_, ch)| ch == '\n' || ch == '\r');
    for range in ranges {
        let mut start = range.start.saturating_sub(CONTEXT);
        if let Some(nl) = (start..range.start).rev().find(|&c| is_break(c)) {
            start = nl + 1;
        }
        let mut end = (range.end + CONTEXT).min(bytes.len());
        if let Some(nl) = (range.end..end).find(|&c| is_break(c)) {
            end = nl;
        }
        let snippet = text[byte_at(start)..byte_at(end)].to_owned();
        out.push(Hit {
            range: range.clone(),
            snippet,
            in_snippet: range.start - start..range.end - start,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_match_as_with_slash() {
        let text = "قال الرئيس إنّ الصِّين مستعدة.\nوأكدت الصين ذلك.";
        let hits = find(text, "الصين", Folding::default(), 10);
        assert_eq!(hits.total, 2);
        let slash = crate::text::search::find_all(text, "الصين", &Folding::default());
        assert_eq!(hits.hits.iter().map(|h| h.range.clone()).collect::<Vec<_>>(), slash);
        // The snippet holds the match and stops at its paragraph.
        let first = &hits.hits[0];
        assert_eq!(first.snippet, "قال الرئيس إنّ الصِّين مستعدة.");
        let quoted: String = first
            .snippet
            .chars()
            .skip(first.in_snippet.start)
            .take(first.in_snippet.len())
            .collect();
        assert_eq!(quoted, "الصِّين");
        assert_eq!(hits.hits[1].snippet, "وأكدت الصين ذلك.");
    }

    #[test]
    fn only_the_first_are_kept_but_all_counted() {
        let text = "كلمة ".repeat(100);
        let hits = find(&text, "كلمة", Folding::default(), 30);
        assert_eq!((hits.total, hits.hits.len()), (100, 30));
        // Long lines are cut to the context on both sides.
        let h = &hits.hits[20];
        assert_eq!(h.in_snippet.start, CONTEXT);
        assert_eq!(h.snippet.chars().count(), CONTEXT * 2 + 4);
    }

    #[test]
    fn empty_or_mark_only_queries_find_nothing() {
        assert_eq!(find("نص", "", Folding::default(), 5), Hits::default());
        assert_eq!(find("نص", "\u{64e}", Folding::default(), 5), Hits::default());
        assert_eq!(find("نص", "غائب", Folding::default(), 5).total, 0);
    }
}
