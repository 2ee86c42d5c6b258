//! `CoNLL` export: one token per line, `token<TAB>tag<TAB>nested[<TAB>claim]`
//! with BIO tags, `-DOCSTART-` first, a blank line between sentences.
//!
//! ```text
//! -DOCSTART-<TAB>O<TAB>O
//!
//! بنك<TAB>B-ORG<TAB>O
//! الجزائر<TAB>I-ORG<TAB>B-GPE
//! ```
//!
//! Tokens are those of [`crate::text::tokens`] that are not white space or
//! invisible format characters: words, numbers, each punctuation mark,
//! proclitics before the article cut off in Arabic (`و` `الجزائر`), and
//! cut wherever an entity (with `claims`, a claim or cue too) starts or
//! ends, so every span written is whole tokens. Two annotators' exports of
//! one article have the same tokens wherever their spans start and end at
//! the text's own token boundaries (words, proclitics before the article).
//! Nested or crossing entities go in two columns: the **outermost**
//! (longest; at equal length the earliest) first, each in the first column
//! that has none of its tokens yet ([`layers`]); an entity that fits in
//! neither is left out and named. With `claims`, a fourth column tags
//! claim contents `Claim` and cues `Cue` the same way (one level). Blocks
//! are the sentences of [`crate::text::sentences`] (UAX #29), never cut
//! inside a tagged span. Orphans are not exported.
//!
//! `CoNLL` has no escapes: a token never holds white space, and in tokens
//! control characters are written as their visible symbols (`␛`, `␀`, `�`
//! — the TUI's) and bidi controls are left out, so that no raw control
//! reaches the file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use super::brat::brat_type;
use super::spacy::boundaries;
use crate::annotate::Store;
use crate::text::glyph::is_invisible_format;
use crate::text::language::Language;
use crate::text::safe;
use crate::text::sentences::sentence_starts;
use crate::text::tokens::{Token, sorted_tokens, token_span};

/// How many levels of nested entities a `CoNLL` export holds.
pub const ENTITY_COLUMNS: usize = 2;

/// Places `spans` in `levels` layers of spans that share no `char`: the
/// longest first (at equal length the earliest, then the first given),
/// each in the first layer where it overlaps nothing. Returns the indices
/// (into `spans`) of each layer and of the spans left out (empty ones
/// too). n log n (an article's few spans are placed in sorted lists, many
/// in trees).
pub fn layers(
    spans: impl IntoIterator<Item = Range<usize>>,
    levels: usize,
) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let spans: Vec<Range<usize>> = spans.into_iter().collect();
    if spans.len() <= FEW_SPANS {
        place::<Vec<(usize, usize)>>(&spans, levels)
    } else {
        place::<BTreeMap<usize, usize>>(&spans, levels)
    }
}

/// Spans up to which [`layers`] places them in sorted lists (an
/// insertion moves at most this many pairs), not trees.
const FEW_SPANS: usize = 256;

/// The spans placed in one layer of [`layers`], none overlapping another:
/// each `start` and its `end`.
trait Layer: Default + Clone {
    /// True when `r` (not empty) overlaps no span of the layer.
    fn fits(&self, r: &Range<usize>) -> bool;
    /// Adds `r` (one that [`Self::fits`]).
    fn add(&mut self, r: &Range<usize>);
}

impl Layer for BTreeMap<usize, usize> {
    fn fits(&self, r: &Range<usize>) -> bool {
        self.range(..r.end).next_back().is_none_or(|(_, &end)| end <= r.start)
    }
    fn add(&mut self, r: &Range<usize>) {
        self.insert(r.start, r.end);
    }
}

/// Sorted by start (and so by end: the spans are disjoint).
impl Layer for Vec<(usize, usize)> {
    fn fits(&self, r: &Range<usize>) -> bool {
        let at = self.partition_point(|&(start, _)| start < r.end);
        at == 0 || self[at - 1].1 <= r.start
    }
    fn add(&mut self, r: &Range<usize>) {
        let at = self.partition_point(|&(start, _)| start < r.start);
        self.insert(at, (r.start, r.end));
    }
}

/// [`layers`] with layers of type `L`.
fn place<L: Layer>(spans: &[Range<usize>], levels: usize) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    // Longest first, then earliest, then first given (each key once: an
    // unstable sort is the stable one).
    let mut order: Vec<(std::cmp::Reverse<usize>, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_empty())
        .map(|(i, r)| (std::cmp::Reverse(r.len()), r.start, i))
        .collect();
    order.sort_unstable();
    let mut placed: Vec<L> = vec![L::default(); levels];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); levels + 1];
    out[levels].extend((0..spans.len()).filter(|&i| spans[i].is_empty()));
    for (_, _, i) in order {
        let r = &spans[i];
        match placed.iter().position(|layer| layer.fits(r)) {
            Some(k) => {
                placed[k].add(r);
                out[k].push(i);
            }
            None => out[levels].push(i),
        }
    }
    let rest = out.pop().unwrap_or_default();
    let second = if levels > 1 { out.pop().unwrap_or_default() } else { Vec::new() };
    let first = out.into_iter().next().unwrap_or_default();
    (first, second, rest)
}

/// A token's tags, one per column (the claim column last, 0 without
/// claims): 0 for none (`O`), else `label << 1 | begin`, `label` being 1 +
/// the index of the label's marks in [`Marks`].
type Tags = [u32; 3];

/// One tag of one token: the token's index, the column, the tag (not 0).
/// A few tokens are tagged: a list of them sorted, not a row per token.
type TagAt = (usize, usize, u32);

/// Tags the written tokens ([`written`]) of the spans (`range`, label
/// number) of `indices` into `column` (pushed to `tags`, unsorted).
fn tag(
    tags: &mut Vec<TagAt>,
    column: usize,
    text: &str,
    tokens: &[Token],
    spans: &[(Range<usize>, u32)],
    indices: &[usize],
) {
    for &i in indices {
        let (range, label) = &spans[i];
        if let Some((first, last)) = token_span(tokens, range.start, range.end) {
            let mut begin = 1;
            let end = last.min(tokens.len().saturating_sub(1));
            for (t, token) in tokens.iter().enumerate().take(end + 1).skip(first) {
                if !written(text, token) {
                    continue;
                }
                tags.push((t, column, (label << 1) | begin));
                begin = 0;
            }
        }
    }
}

/// The types of the labels of an article as tag columns write them
/// (`B-` or `I-` before), each made once (not per entity or token).
#[derive(Default)]
struct Marks<'a> {
    /// The type of label number `k` at `k - 1`.
    types: Vec<Cow<'a, str>>,
    /// Each label and its number, in the order first met (a few labels: a
    /// search hashes nothing).
    numbers: Vec<(&'a str, u32)>,
}

impl<'a> Marks<'a> {
    /// The number of `label`, written as brat type `kind(label)`.
    fn number(&mut self, label: &'a str, kind: impl FnOnce(&str) -> String) -> u32 {
        // A few labels: their lengths tell most apart.
        if let Some(&(_, k)) =
            self.numbers.iter().find(|(l, _)| l.len() == label.len() && *l == label)
        {
            return k;
        }
        let k = self.push(Cow::Owned(kind(label)));
        self.numbers.push((label, k));
        k
    }

    /// The number of a new label of type `kind`.
    fn push(&mut self, kind: Cow<'a, str>) -> u32 {
        self.types.push(kind);
        u32::try_from(self.types.len()).unwrap_or(u32::MAX)
    }

    /// Writes the column of `tag` (not 0): `\tB-TYPE` or `\tI-TYPE`.
    fn write(&self, out: &mut String, tag: u32) {
        out.push_str(if tag & 1 == 1 { "\tB-" } else { "\tI-" });
        out.push_str(self.types.get((tag >> 1) as usize - 1).map_or("", |t| t));
    }
}

/// A token that holds an unsafe character as written: controls as their
/// visible symbols, bidi controls left out.
fn written_text(token: &str) -> String {
    let kept: String = token.chars().filter(|&c| safe::bidi_mark(c).is_none()).collect();
    safe::line(&kept).into_owned()
}

/// True when `token` (of `text`) is written: neither white space nor
/// invisible format characters only (a character of ASCII or U+0640–U+06FF
/// first never is; a [`Token::plain`] one never is either).
#[inline]
fn written(text: &str, token: &Token) -> bool {
    if token.plain {
        return true;
    }
    if token.space || token.bytes.is_empty() {
        return false;
    }
    let first = text.as_bytes().get(token.bytes.start).copied().unwrap_or(0);
    first < 0x80 || (0xD9..=0xDB).contains(&first) || {
        let s = text.get(token.bytes.clone()).unwrap_or_default();
        !s.chars().all(is_invisible_format)
    }
}

/// The `CoNLL` text of the annotations in `store` over `text` (a
/// `language` text), with the claim column when `claims`; and the ids of
/// the annotations it could not hold (a third level of nesting, an
/// overlapping claim, an empty span).
pub fn conll(text: &str, language: Language, store: &Store, claims: bool) -> (String, Vec<String>) {
    let (starts, ends) = boundaries(store, claims);
    let tokens = sorted_tokens(text, language, starts, ends);
    let mut left_out = Vec::new();
    let mut marks = Marks::default();
    let entities: Vec<_> = store.entities().filter(|e| !e.orphan).collect();
    let spans: Vec<(Range<usize>, u32)> =
        entities.iter().map(|e| (e.start..e.end, marks.number(&e.label, brat_type))).collect();
    let (first, second, rest) = layers(spans.iter().map(|s| s.0.clone()), ENTITY_COLUMNS);
    left_out.extend(rest.iter().map(|&i| entities[i].id.clone()));
    let mut tags: Vec<TagAt> = Vec::new();
    tag(&mut tags, 0, text, &tokens, &spans, &first);
    tag(&mut tags, 1, text, &tokens, &spans, &second);
    if claims {
        // Marks of their own (an entity may be labelled `Claim` too).
        let claim = marks.push(Cow::Borrowed("Claim"));
        marks.push(Cow::Borrowed("Cue"));
        let mut claim_spans = Vec::new();
        let mut claim_ids = Vec::new();
        for c in store.claims().filter(|c| !c.orphan) {
            claim_spans.push((c.start..c.end, claim));
            claim_ids.push(c.id.clone());
            if let Some(cue) = &c.cue {
                claim_spans.push((cue.start..cue.end, claim + 1));
                claim_ids.push(format!("{} (its cue)", c.id));
            }
        }
        let (placed, _, rest) = layers(claim_spans.iter().map(|s| s.0.clone()), 1);
        left_out.extend(rest.iter().map(|&i| claim_ids[i].clone()));
        tag(&mut tags, 2, text, &tokens, &claim_spans, &placed);
    }
    // By token (a token has one tag per column at most: the spans of a
    // column share no token).
    tags.sort_unstable();
    let width = if claims { 3 } else { 2 };
    // The line end of a token outside every span: `\tO` per column, `\n`
    // (a literal each, so that writing it copies a constant).
    let outside = |out: &mut String| {
        if claims {
            out.push_str("\tO\tO\tO\n");
        } else {
            out.push_str("\tO\tO\n");
        }
    };
    // Each token's line: its text, `\tO` or a tag per column, `\n`.
    let mut out = String::with_capacity(text.len() + tokens.len() * (3 * width + 2) + 64);
    out.push_str("-DOCSTART-");
    outside(&mut out);
    // The byte offsets where sentences start, walked once as tokens come.
    let starts = sentence_starts(text);
    let mut here = 0usize;
    let mut sentence = None;
    // The next tag, walked once as tokens come.
    let mut next_tag = 0usize;
    for (t, token) in tokens.iter().enumerate() {
        // A plain token is written as it is; the others (cut by the
        // segmenter) may be white space, invisible or hold a control.
        let unsafe_inside = if token.plain {
            false
        } else if written(text, token) {
            text.get(token.bytes.clone()).unwrap_or_default().chars().any(safe::is_unsafe)
        } else {
            continue;
        };
        let bytes = token.bytes.clone();
        while starts.get(here).is_some_and(|&s| s <= bytes.start) {
            here += 1;
        }
        // Its tags (most tokens have none).
        let mut row: Tags = [0; 3];
        let mut tagged = false;
        while let Some(&(at, column, k)) = tags.get(next_tag) {
            if at != t {
                break;
            }
            row[column] = k;
            tagged = true;
            next_tag += 1;
        }
        let continues = tagged && row.iter().any(|&k| k != 0 && k & 1 == 0);
        // A span running on into the next sentence makes the two one block.
        if sentence != Some(here) {
            if !continues {
                out.push('\n');
            }
            sentence = Some(here);
        }
        let token_text = text.get(bytes).unwrap_or_default();
        if unsafe_inside {
            out.push_str(&written_text(token_text));
        } else {
            out.push_str(token_text);
        }
        if !tagged {
            outside(&mut out);
            continue;
        }
        for &k in &row[..width] {
            if k == 0 {
                out.push_str("\tO");
            } else {
                marks.write(&mut out, k);
            }
        }
        out.push('\n');
    }
    (out, left_out)
}

#[cfg(test)]
mod tests {
    use super::super::spacy::aligned_tokens;
    use super::*;

    fn plain(text: &str) -> String {
        conll(text, Language::Arabic, &Store::new(), false).0
    }

    #[test]
    fn tokens_are_words_and_marks_and_proclitics() {
        let out = plain("قال: «نعم».\nوالجزائر");
        let t: Vec<&str> = out.lines().skip(2).filter_map(|l| l.split('\t').next()).collect();
        assert_eq!(t, vec!["قال", ":", "«", "نعم", "»", ".", "", "و", "الجزائر"]);
    }

    #[test]
    fn docstart_then_sentences_and_paragraphs_in_blocks() {
        let out = plain("أ ب. ج\nد");
        assert_eq!(out, "-DOCSTART-\tO\tO\n\nأ\tO\tO\nب\tO\tO\n.\tO\tO\n\nج\tO\tO\n\nد\tO\tO\n");
    }

    #[test]
    fn tokens_hold_no_raw_control() {
        let out = plain("قال\u{200f} \u{1b}[2J \u{9b}x ab\u{202e}cd");
        let t: Vec<&str> = out.lines().skip(2).filter_map(|l| l.split('\t').next()).collect();
        assert_eq!(t, vec!["قال", "␛", "[", "2J", "\u{FFFD}", "x", "abcd"]);
    }

    #[test]
    fn nested_entities_take_the_second_column_and_a_third_level_is_named() {
        let mut store = Store::new();
        // "بنك الجزائر المركزي": ORG over all three words, GPE on the second
        // (inside its word, after و), and a third level on الجزائر.
        let text = "بنك والجزائر المركزي";
        store.add_entity("ORG", 0..20, text).unwrap();
        store.add_entity("GPE", 5..12, "الجزائر").unwrap();
        let third = store.add_entity("LOC", 5..12, "الجزائر").unwrap();
        let (out, left) = conll(text, Language::Arabic, &store, false);
        assert_eq!(
            out,
            "-DOCSTART-\tO\tO\n\nبنك\tB-ORG\tO\nو\tI-ORG\tO\nالجزائر\tI-ORG\tB-GPE\nالمركزي\tI-ORG\tO\n"
        );
        assert_eq!(left, vec![third]);
    }

    #[test]
    fn an_entity_across_a_sentence_end_joins_the_two_sentences() {
        let mut store = Store::new();
        // "أ. ب ج. د": an entity on "أ. ب" runs over the first sentence end.
        let text = "أ. ب ج. د";
        store.add_entity("X", 0..4, "أ. ب").unwrap();
        let (out, _) = conll(text, Language::Arabic, &store, false);
        assert_eq!(
            out,
            "-DOCSTART-\tO\tO\n\nأ\tB-X\tO\n.\tI-X\tO\nب\tI-X\tO\nج\tO\tO\n.\tO\tO\n\nد\tO\tO\n"
        );
    }

    #[test]
    fn claims_and_cues_take_the_claim_column() {
        let mut store = Store::new();
        let text = "وقال إن الجزائر";
        let c = store.add_claim(5..15, "إن الجزائر").unwrap();
        let cue = crate::annotate::Cue {
            start: 1,
            end: 4,
            text: "قال".into(),
            extra: toml::Table::new(),
        };
        store.set_cue(&c, Some(cue)).unwrap();
        let (out, left) = conll(text, Language::Arabic, &store, true);
        assert!(left.is_empty());
        assert_eq!(
            out,
            "-DOCSTART-\tO\tO\tO\n\nو\tO\tO\tO\nقال\tO\tO\tB-Cue\nإن\tO\tO\tB-Claim\nالجزائر\tO\tO\tI-Claim\n"
        );
    }

    // The export as first written (before the byte-level shortcuts: a
    // String per entity, `next_unsafe` per token, `chars()` for `shown`),
    // with the sentence starts of `unicode_segmentation` itself: what
    // [`conll`] must write, byte for byte.
    use unicode_segmentation::UnicodeSegmentation;

    type RefTag<'a> = Option<(bool, &'a str)>;

    // Tags the written tokens (`shown`) of the spans (`range`, label) of
    // `indices` into `column`.
    fn reference_tag<'a>(
        column: &mut [RefTag<'a>],
        tokens: &[crate::text::tokens::Token],
        shown: &[bool],
        spans: &'a [(Range<usize>, String)],
        indices: &[usize],
    ) {
        for &i in indices {
            let (range, label) = &spans[i];
            if let Some((first, last)) = token_span(tokens, range.start, range.end) {
                let mut begin = true;
                for (t, slot) in column.iter_mut().enumerate().take(last + 1).skip(first) {
                    if !shown[t] {
                        continue;
                    }
                    *slot = Some((begin, label.as_str()));
                    begin = false;
                }
            }
        }
    }

    // A token as written: controls as their visible symbols, bidi controls
    // left out (`token` holds an unsafe character when `unsafe_inside`).
    fn reference_token_text(token: &str, unsafe_inside: bool) -> Cow<'_, str> {
        if !unsafe_inside {
            return Cow::Borrowed(token);
        }
        let kept: String = token.chars().filter(|&c| safe::bidi_mark(c).is_none()).collect();
        Cow::Owned(safe::line(&kept).into_owned())
    }

    // The `CoNLL` text of the annotations in `store` over `text` (a
    // `language` text), with the claim column when `claims`; and the ids of
    // the annotations it could not hold (a third level of nesting, an
    // overlapping claim, an empty span).
    fn reference_conll(
        text: &str,
        language: Language,
        store: &Store,
        claims: bool,
    ) -> (String, Vec<String>) {
        let tokens = aligned_tokens(text, language, store, claims);
        // White space and invisible format characters are not written.
        let shown: Vec<bool> = tokens
            .iter()
            .map(|t| !t.space && !text[t.bytes.clone()].chars().all(is_invisible_format))
            .collect();
        let mut left_out = Vec::new();
        let entities: Vec<_> = store.entities().filter(|e| !e.orphan).collect();
        let spans: Vec<(Range<usize>, String)> =
            entities.iter().map(|e| (e.start..e.end, brat_type(&e.label))).collect();
        let (first, second, rest) = layers(spans.iter().map(|s| s.0.clone()), ENTITY_COLUMNS);
        left_out.extend(rest.iter().map(|&i| entities[i].id.clone()));
        let mut claim_spans = Vec::new();
        let mut claim_ids = Vec::new();
        if claims {
            for c in store.claims().filter(|c| !c.orphan) {
                claim_spans.push((c.start..c.end, "Claim".to_owned()));
                claim_ids.push(c.id.clone());
                if let Some(cue) = &c.cue {
                    claim_spans.push((cue.start..cue.end, "Cue".to_owned()));
                    claim_ids.push(format!("{} (its cue)", c.id));
                }
            }
        }
        let mut columns: Vec<Vec<RefTag<'_>>> = vec![vec![None; tokens.len()]; 2];
        reference_tag(&mut columns[0], &tokens, &shown, &spans, &first);
        reference_tag(&mut columns[1], &tokens, &shown, &spans, &second);
        if claims {
            let (placed, _, rest) = layers(claim_spans.iter().map(|s| s.0.clone()), 1);
            left_out.extend(rest.iter().map(|&i| claim_ids[i].clone()));
            let mut column = vec![None; tokens.len()];
            reference_tag(&mut column, &tokens, &shown, &claim_spans, &placed);
            columns.push(column);
        }
        let width = columns.len();
        // Each token's line: its text, `\tO` or a tag per column, `\n`.
        let mut out = String::with_capacity(text.len() + tokens.len() * (3 * width + 2) + 64);
        out.push_str("-DOCSTART-");
        for _ in 0..width {
            out.push_str("\tO");
        }
        out.push('\n');
        // The byte offsets where sentences start, walked once as tokens come.
        let starts: Vec<usize> = text.split_sentence_bound_indices().map(|(at, _)| at).collect();
        let mut here = 0usize;
        let mut sentence = None;
        // The first unsafe character at or after the current token, walked once.
        let mut next_unsafe = safe::next_unsafe(text, 0).map(|(at, _)| at);
        for (t, token) in tokens.iter().enumerate() {
            if !shown[t] {
                continue;
            }
            let bytes = token.bytes.clone();
            while starts.get(here).is_some_and(|&s| s <= bytes.start) {
                here += 1;
            }
            let continues = columns.iter().any(|c| matches!(c[t], Some((false, _))));
            // A span running on into the next sentence makes the two one block.
            if sentence != Some(here) {
                if !continues {
                    out.push('\n');
                }
                sentence = Some(here);
            }
            if next_unsafe.is_some_and(|at| at < bytes.start) {
                next_unsafe = safe::next_unsafe(text, bytes.start).map(|(at, _)| at);
            }
            let unsafe_inside = next_unsafe.is_some_and(|at| at < bytes.end);
            out.push_str(&reference_token_text(&text[bytes], unsafe_inside));
            for column in &columns {
                out.push('\t');
                match column[t] {
                    Some((begin, label)) => {
                        out.push_str(if begin { "B-" } else { "I-" });
                        out.push_str(label);
                    }
                    None => out.push('O'),
                }
            }
            out.push('\n');
        }
        (out, left_out)
    }

    /// Text pieces that meet every path of the export: Arabic words with
    /// proclitics and harakat, Latin, digits, sentence ends, quotes,
    /// controls, bidi controls and marks, invisible format characters, CRLF.
    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::collection::vec(
            proptest::sample::select(vec![
                "قال",
                "والجزائر",
                "بالوزير",
                "\u{64E}",
                "ab",
                "Zed",
                "3.5",
                "٣",
                " ",
                " ",
                "  ",
                ".",
                ". ",
                "؟ ",
                "!",
                "«",
                "»",
                "\"",
                "(",
                ")",
                "،",
                "\n",
                "\r\n",
                "\t",
                "\u{1b}[2J",
                "\u{0}",
                "\u{7f}",
                "\u{9b}",
                "\u{85}",
                "\u{202e}",
                "\u{200f}",
                "\u{61c}",
                "\u{200b}",
                "\u{feff}",
                "\u{ad}",
                "\u{2028}",
                "\u{2066}x\u{2069}",
                "é",
                "😀",
                "پی",
                "–",
                "“",
            ]),
            0..50,
        )
        .prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// The export is the reference export, byte for byte: entities of
        /// labels brat must rewrite, nested three deep, claims and cues
        /// over and across them, spans cutting words anywhere.
        #[test]
        fn the_export_is_the_reference_export(
            text in text(),
            entities in proptest::collection::vec((0usize..200, 1usize..30, 0usize..5), 0..12),
            claims in proptest::collection::vec(
                (0usize..200, 1usize..40, proptest::option::of((0usize..200, 1usize..8))),
                0..4,
            ),
            language in proptest::sample::select(vec![Language::Arabic, Language::Persian]),
        ) {
            let chars = text.chars().count();
            let mut store = Store::new();
            let labels = ["ORG", "GPE", "a b", "Claim", "شخص"];
            let span = |start: usize, len: usize| {
                let start = start % (chars + 1);
                start..(start + len).min(chars)
            };
            let quote = |r: &Range<usize>| -> String {
                text.chars().skip(r.start).take(r.len()).collect()
            };
            for (start, len, label) in entities {
                let r = span(start, len);
                if !r.is_empty() {
                    store.add_entity(labels[label], r.clone(), &quote(&r)).expect("a span");
                }
            }
            for (start, len, cue) in claims {
                let r = span(start, len);
                if r.is_empty() {
                    continue;
                }
                let id = store.add_claim(r.clone(), &quote(&r)).expect("a span");
                if let Some((start, len)) = cue {
                    let c = span(start, len);
                    if !c.is_empty() {
                        let cue = crate::annotate::Cue {
                            start: c.start,
                            end: c.end,
                            text: quote(&c),
                            extra: toml::Table::new(),
                        };
                        store.set_cue(&id, Some(cue)).expect("a claim");
                    }
                }
            }
            for with_claims in [false, true] {
                // The shared boundaries are the sets of every span's
                // start and end, sorted and each once.
                let mut spans: Vec<(usize, usize)> =
                    store.entities().filter(|e| !e.orphan).map(|e| (e.start, e.end)).collect();
                for c in store.claims().filter(|c| with_claims && !c.orphan) {
                    spans.push((c.start, c.end));
                    spans.extend(c.cue.as_ref().map(|cue| (cue.start, cue.end)));
                }
                spans.retain(|(start, end)| start < end);
                let starts: std::collections::BTreeSet<usize> = spans.iter().map(|s| s.0).collect();
                let ends: std::collections::BTreeSet<usize> = spans.iter().map(|s| s.1).collect();
                proptest::prop_assert_eq!(
                    boundaries(&store, with_claims),
                    (starts.into_iter().collect(), ends.into_iter().collect())
                );
                proptest::prop_assert_eq!(
                    conll(&text, language, &store, with_claims),
                    reference_conll(&text, language, &store, with_claims)
                );
            }
        }
    }

    proptest::proptest! {
        /// Layers hold no two overlapping spans, every span is placed once,
        /// and a span left out overlaps a span in every layer.
        #[test]
        fn layers_are_disjoint_and_complete(
            spans in proptest::collection::vec((0usize..40, 0usize..10), 0..30),
        ) {
            let spans: Vec<Range<usize>> = spans.into_iter().map(|(s, l)| s..s + l).collect();
            let (a, b, rest) = layers(spans.iter().cloned(), 2);
            // Sorted lists and trees place alike, at any number of levels.
            for levels in 1..=3 {
                proptest::prop_assert_eq!(
                    place::<Vec<(usize, usize)>>(&spans, levels),
                    place::<BTreeMap<usize, usize>>(&spans, levels)
                );
            }
            let overlap = |x: &Range<usize>, y: &Range<usize>| x.start < y.end && y.start < x.end;
            for layer in [&a, &b] {
                for (i, &x) in layer.iter().enumerate() {
                    for &y in &layer[i + 1..] {
                        proptest::prop_assert!(!overlap(&spans[x], &spans[y]));
                    }
                }
            }
            let mut all: Vec<usize> = a.iter().chain(&b).chain(&rest).copied().collect();
            all.sort_unstable();
            proptest::prop_assert_eq!(all, (0..spans.len()).collect::<Vec<_>>());
            for &r in &rest {
                if spans[r].is_empty() {
                    continue;
                }
                proptest::prop_assert!(a.iter().any(|&x| overlap(&spans[x], &spans[r])));
                proptest::prop_assert!(b.iter().any(|&x| overlap(&spans[x], &spans[r])));
            }
        }
    }
}
