//! `CoNLL` export: one token per line, `token<TAB>tag` with BIO tags, a blank
//! line between sentences and paragraphs.
//!
//! Tokens are the UAX #29 word-boundary segments that are not white space
//! or invisible format characters: words, numbers and each punctuation
//! mark. A token is inside an entity when they share a `char` (so `والجزائر`
//! is `B-GPE` for an entity on `الجزائر`). Nested or crossing entities:
//! the **outermost** (longest; at equal length the earliest) wins, and an
//! entity that would share a token with one already placed is left out
//! whole. Sentences end after `.`, `!`, `?`, `؟`, `…` (and closing quotes
//! or brackets right after them), never inside an entity. Claims and
//! orphans are not exported.
//!
//! `CoNLL` has no escapes: a token never holds white space, and in tokens
//! control characters are written as their visible symbols (`␛`, `␀`, `�`
//! — the TUI's) and bidi controls are left out, so that no raw control
//! reaches the file.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::brat::brat_type;
use crate::annotate::Store;
use crate::text::glyph::is_invisible_format;
use crate::text::safe;

/// A token: its `char` range and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Its `char` range in the article.
    pub range: Range<usize>,
    /// Its text.
    pub text: &'a str,
    /// True when a line break comes before it (a new paragraph).
    pub paragraph_start: bool,
}

/// True for the chars of a plain Arabic word: letters (`ALetter` for
/// UAX #29) and harakat (`Extend`).
fn is_plain_arabic(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{065F}' | '\u{0670}')
}

/// True for the letters a plain Arabic word starts with.
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// The tokens of `text`: what [`tokens_uax29`] gives, faster. A word of
/// Arabic letters and harakat between spaces (nearly every word of an
/// Arabic article) is one token under UAX #29, and UAX #29 breaks on both
/// sides of it (no rule joins a space to a letter); the rest, spaces
/// included, goes through the full segmentation (property-tested equal).
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let (mut at, mut paragraph_start) = (0, true);
    // The bytes not segmented yet start at `rest` (`rest_at` in chars).
    let (mut rest, mut rest_at) = (0, 0);
    let mut pos = 0;
    while pos < text.len() {
        // The next word: up to a space.
        let end = memchr::memchr(b' ', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
        let word = &text[pos..end];
        let plain = word.chars().next().is_some_and(is_arabic_letter)
            && (pos == 0 || text.as_bytes()[pos - 1] == b' ')
            && word.chars().all(is_plain_arabic);
        let len = word.chars().count();
        if plain {
            segment(&text[rest..pos], rest_at, &mut paragraph_start, &mut out);
            out.push(Token { range: at..at + len, text: word, paragraph_start });
            paragraph_start = false;
            (rest, rest_at) = (end, at + len);
        }
        at += len;
        // The space itself.
        if end < text.len() {
            at += 1;
        }
        pos = end + 1;
    }
    if rest < text.len() {
        segment(&text[rest..], rest_at, &mut paragraph_start, &mut out);
    }
    out
}

/// Segments `text` (starting at `char` `at`) by UAX #29 into `out`.
fn segment<'a>(text: &'a str, mut at: usize, paragraph_start: &mut bool, out: &mut Vec<Token<'a>>) {
    for segment in text.split_word_bounds() {
        let len = segment.chars().count();
        if segment.contains(['\n', '\r', '\u{2029}']) {
            *paragraph_start = true;
        } else if segment.chars().any(|c| !c.is_whitespace() && !is_invisible_format(c)) {
            out.push(Token {
                range: at..at + len,
                text: segment,
                paragraph_start: *paragraph_start,
            });
            *paragraph_start = false;
        }
        at += len;
    }
}

/// The tokens of `text` by UAX #29 word boundaries alone (see [`tokens`]).
pub fn tokens_uax29(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    segment(text, 0, &mut true, &mut out);
    out
}

/// Counts of tagged tokens (a Fenwick tree): "is any token of this range
/// tagged?" in logarithmic time, where a scan of the range would make
/// many overlapping entities quadratic.
struct Tagged {
    tree: Vec<usize>,
}

impl Tagged {
    fn new(len: usize) -> Self {
        Self { tree: vec![0; len + 1] }
    }

    /// Marks token `i` as tagged (once per token).
    fn mark(&mut self, i: usize) {
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] += 1;
            k += k & k.wrapping_neg();
        }
    }

    /// Tagged tokens before token `i`.
    fn before(&self, i: usize) -> usize {
        let (mut k, mut n) = (i.min(self.tree.len() - 1), 0);
        while k > 0 {
            n += self.tree[k];
            k &= k - 1;
        }
        n
    }

    /// True when a token of `first..last` is tagged.
    fn any(&self, first: usize, last: usize) -> bool {
        self.before(last) > self.before(first)
    }
}

/// The BIO tag of every token (`O`, `B-LABEL`, `I-LABEL`). Each token is
/// tagged at most once: n log n in tokens and entities.
pub fn tags(tokens: &[Token<'_>], store: &Store) -> Vec<String> {
    let (tags, labels) = tag_ids(tokens, store);
    tags.iter().map(|t| tag_text(*t, &labels).into_owned()).collect()
}

/// A token's tag: `None` for `O`, else whether it begins its entity and
/// the entity's label (an index into the labels).
type Tag = Option<(bool, usize)>;

/// A tag as written.
fn tag_text(tag: Tag, labels: &[String]) -> Cow<'_, str> {
    match tag {
        None => Cow::Borrowed("O"),
        Some((begin, label)) => {
            let label = labels.get(label).map_or("", String::as_str);
            Cow::Owned(format!("{}-{label}", if begin { 'B' } else { 'I' }))
        }
    }
}

/// The tag of every token (see [`tags`]) and the labels they name.
fn tag_ids(tokens: &[Token<'_>], store: &Store) -> (Vec<Tag>, Vec<String>) {
    let mut labels: Vec<String> = Vec::new();
    let mut tags: Vec<Tag> = vec![None; tokens.len()];
    let mut tagged = Tagged::new(tokens.len());
    let mut entities: Vec<_> = store.entities().filter(|e| !e.orphan && e.start < e.end).collect();
    entities.sort_by_key(|e| (std::cmp::Reverse(e.end - e.start), e.start));
    for e in entities {
        let first = tokens.partition_point(|t| t.range.end <= e.start);
        let last = tokens.partition_point(|t| t.range.start < e.end);
        if first >= last || tagged.any(first, last) {
            continue;
        }
        let label = brat_type(&e.label);
        let label = labels.iter().position(|l| *l == label).unwrap_or_else(|| {
            labels.push(label);
            labels.len() - 1
        });
        for (i, tag) in tags[first..last].iter_mut().enumerate() {
            *tag = Some((i == 0, label));
            tagged.mark(first + i);
        }
    }
    (tags, labels)
}

fn is_terminal(token: &str) -> bool {
    token.chars().all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔'))
}

fn is_closing(token: &str) -> bool {
    token.chars().all(|c| matches!(c, '»' | '"' | '\'' | ')' | ']' | '”' | '’'))
}

/// A token as written: controls as their visible symbols, bidi controls
/// left out.
fn token_text(token: &str) -> Cow<'_, str> {
    if !token.chars().any(safe::is_unsafe) {
        return Cow::Borrowed(token);
    }
    let kept: String = token.chars().filter(|&c| safe::bidi_mark(c).is_none()).collect();
    Cow::Owned(safe::line(&kept).into_owned())
}

/// The `CoNLL` text of the annotations in `store` over `text`.
pub fn conll(text: &str, store: &Store) -> String {
    let tokens = tokens(text);
    let (tags, labels) = tag_ids(&tokens, store);
    let mut out = String::with_capacity(text.len() * 2);
    let mut sentence_open = false;
    let mut pending_end = false;
    for (token, &tag) in tokens.iter().zip(&tags) {
        let continues = matches!(tag, Some((false, _)));
        let breaks = token.paragraph_start
            || (pending_end && !is_terminal(token.text) && !is_closing(token.text));
        if breaks && sentence_open && !continues {
            out.push('\n');
            pending_end = false;
        }
        out.push_str(&token_text(token.text));
        out.push('\t');
        match tag {
            None => out.push('O'),
            Some((begin, label)) => {
                out.push(if begin { 'B' } else { 'I' });
                out.push('-');
                out.push_str(labels.get(label).map_or("", String::as_str));
            }
        }
        out.push('\n');
        sentence_open = true;
        if is_terminal(token.text) {
            pending_end = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// The fast tokens are UAX #29's, on text of Arabic words, marks,
        /// spaces, digits, punctuation, Latin, controls and line breaks.
        #[test]
        fn fast_tokens_are_the_uax29_tokens(
            text in proptest::collection::vec(proptest::sample::select(vec![
                "قال", " ", "  ", "وزير", "\u{064E}", "\u{0670}", "ـ", "1", "٣", ".", ",", "'",
                "\n", "\r\n", "a", "b2", "«", "»", "\u{200F}", "\u{200D}", "\u{1b}", "الصين",
                "\u{2029}", "\t", "🇸🇦", "ى", "ئ",
            ]), 0..30).prop_map(|parts: Vec<&str>| parts.concat()),
        ) {
            proptest::prop_assert_eq!(tokens(&text), tokens_uax29(&text));
        }

        /// The tree answers "any tagged in first..last" as a scan does.
        #[test]
        fn tagged_counts_agree_with_a_scan(
            len in 0usize..60,
            marks in proptest::collection::vec(0usize..60, 0..40),
            queries in proptest::collection::vec((0usize..61, 0usize..61), 1..20),
        ) {
            let mut tree = Tagged::new(len);
            let mut plain = vec![false; len];
            for m in marks.into_iter().filter(|&m| m < len) {
                if !plain[m] {
                    plain[m] = true;
                    tree.mark(m);
                }
            }
            for (a, b) in queries {
                let (first, last) = (a.min(len), b.min(len));
                let scanned = first < last && plain[first..last].iter().any(|&t| t);
                proptest::prop_assert_eq!(tree.any(first, last), scanned, "{}..{}", first, last);
            }
        }
    }

    #[test]
    fn tokens_are_words_and_marks() {
        let t: Vec<&str> = tokens("قال: «نعم».\nثم").iter().map(|t| t.text).collect();
        assert_eq!(t, vec!["قال", ":", "«", "نعم", "»", ".", "ثم"]);
    }

    #[test]
    fn sentences_and_paragraphs_are_separated() {
        let out = conll("أ ب. ج\nد", &Store::new());
        assert_eq!(out, "أ\tO\nب\tO\n.\tO\n\nج\tO\n\nد\tO\n");
    }

    #[test]
    fn tokens_hold_no_raw_control() {
        let out = conll("قال\u{200f} \u{1b}[2J \u{9b}x ab\u{202e}cd", &Store::new());
        assert_eq!(out, "قال\tO\n␛\tO\n[\tO\n2J\tO\n\u{FFFD}\tO\nx\tO\nabcd\tO\n");
    }

    #[test]
    fn outermost_entity_wins() {
        let mut store = Store::new();
        // "بنك الجزائر المركزي": ORG over all three words, GPE on the second.
        let text = "بنك الجزائر المركزي";
        store.add_entity("ORG", 0..19, text).unwrap();
        store.add_entity("GPE", 4..11, "الجزائر").unwrap();
        let out = conll(text, &store);
        assert_eq!(out, "بنك\tB-ORG\nالجزائر\tI-ORG\nالمركزي\tI-ORG\n");
    }
}
