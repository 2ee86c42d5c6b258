//! spaCy / Prodigy JSON Lines export: one article per line, with tokens
//! and spans that align by construction ([`crate::text::tokens`]).
//!
//! ```json
//! {"text": "…", "meta": {"id": "004", "file": "004.txt"},
//!  "tokens": [{"text": "قال", "start": 0, "end": 3, "id": 0, "ws": true}, …],
//!  "spans": [{"start": 16, "end": 25, "label": "PERSON", "token_start": 5, "token_end": 6, "id": "e1"}],
//!  "span_groups": {
//!    "sc": [… every entity, nested ones too …],
//!    "claims": [{"start": …, "end": …, "label": "Claim", "token_start": …, "token_end": …,
//!                "id": "c1", "kind": "indirect", "claimant": "e1", "claimant_text": null, "note": null}],
//!    "cues": [{"start": …, "end": …, "label": "Cue", "token_start": …, "token_end": …, "claim": "c1"}]}}
//! ```
//!
//! `token_end` is inclusive, as Prodigy writes it. `spans` hold the
//! entities that `doc.ents` can take (no two share a token): the outermost
//! first ([`super::conll::layers`], the first `CoNLL` column); the others
//! are in `span_groups.sc` only, which holds every entity (spaCy's
//! `SpanCategorizer` reads the group `sc`). Orphans are left out.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use super::conll::layers;
use crate::annotate::Store;
use crate::text::language::Language;
use crate::text::safe;
use crate::text::tokens::{Token, token_span, tokens};

/// The offsets an export cuts tokens at: the starts and ends of every live
/// entity of `store`, and of every claim and cue when `claims`.
pub fn boundaries(store: &Store, claims: bool) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let mut starts = BTreeSet::new();
    let mut ends = BTreeSet::new();
    let mut add = |start: usize, end: usize| {
        if start < end {
            starts.insert(start);
            ends.insert(end);
        }
    };
    for e in store.entities().filter(|e| !e.orphan) {
        add(e.start, e.end);
    }
    for c in store.claims().filter(|c| claims && !c.orphan) {
        add(c.start, c.end);
        if let Some(cue) = &c.cue {
            add(cue.start, cue.end);
        }
    }
    (starts, ends)
}

/// The tokens of `text` aligned with every entity of `store`, and with
/// every claim and cue when `claims`.
pub fn aligned_tokens(text: &str, language: Language, store: &Store, claims: bool) -> Vec<Token> {
    let (starts, ends) = boundaries(store, claims);
    tokens(text, language, &starts, &ends)
}

/// A token as spaCy / Prodigy write it (keys in sorted order, as a JSON
/// object of `serde_json` has them).
#[derive(Serialize)]
struct TokenOut<'a> {
    end: usize,
    id: usize,
    start: usize,
    text: &'a str,
    ws: bool,
}

/// An entity span.
#[derive(Serialize, Clone)]
struct SpanOut<'a> {
    end: usize,
    id: &'a str,
    label: &'a str,
    start: usize,
    token_end: usize,
    token_start: usize,
}

/// A claim span.
#[derive(Serialize)]
struct ClaimOut<'a> {
    claimant: Option<&'a str>,
    claimant_text: Option<&'a str>,
    end: usize,
    id: &'a str,
    kind: &'a str,
    label: &'a str,
    note: Option<&'a str>,
    start: usize,
    token_end: usize,
    token_start: usize,
}

/// A cue span.
#[derive(Serialize)]
struct CueOut<'a> {
    claim: &'a str,
    end: usize,
    label: &'a str,
    start: usize,
    token_end: usize,
    token_start: usize,
}

/// `meta`.
#[derive(Serialize)]
struct Meta<'a> {
    file: &'a str,
    id: &'a str,
}

/// `span_groups`.
#[derive(Serialize)]
struct Groups<'a> {
    claims: Vec<ClaimOut<'a>>,
    cues: Vec<CueOut<'a>>,
    sc: Vec<SpanOut<'a>>,
}

/// One article's line.
#[derive(Serialize)]
struct ArticleOut<'a> {
    meta: Meta<'a>,
    span_groups: Groups<'a>,
    spans: Vec<SpanOut<'a>>,
    text: &'a str,
    tokens: Vec<TokenOut<'a>>,
}

/// One article's line as typed values, and the ids left out.
fn build<'a>(
    id: &'a str,
    file: &'a str,
    text: &'a str,
    language: Language,
    store: &'a Store,
) -> (ArticleOut<'a>, Vec<String>) {
    let tokens = aligned_tokens(text, language, store, true);
    let token_values: Vec<TokenOut<'a>> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| TokenOut {
            end: t.range.end,
            id: i,
            start: t.range.start,
            text: &text[t.bytes.clone()],
            ws: t.ws,
        })
        .collect();
    let span = |start: usize, end: usize| token_span(&tokens, start, end);
    let mut skipped = Vec::new();
    let entities: Vec<_> = store.entities().filter(|e| !e.orphan).collect();
    let mut all = Vec::new();
    let mut placed = Vec::new();
    let (first, _, _) = layers(entities.iter().map(|e| e.start..e.end), 1);
    let first: BTreeSet<usize> = first.into_iter().collect();
    for (i, e) in entities.iter().enumerate() {
        let Some((token_start, token_end)) = span(e.start, e.end) else {
            skipped.push(e.id.clone());
            continue;
        };
        let value = SpanOut {
            end: e.end,
            id: &e.id,
            label: &e.label,
            start: e.start,
            token_end,
            token_start,
        };
        if first.contains(&i) {
            placed.push(value.clone());
        }
        all.push(value);
    }
    placed.sort_by_key(|v| v.start);
    skipped.extend(store.entities().filter(|e| e.orphan).map(|e| e.id.clone()));
    let mut claims = Vec::new();
    let mut cues = Vec::new();
    for c in store.claims() {
        let found = (!c.orphan).then(|| span(c.start, c.end)).flatten();
        let Some((token_start, token_end)) = found else {
            skipped.push(c.id.clone());
            continue;
        };
        let (claimant, claimant_text) = match &c.claimant {
            Some(crate::annotate::Claimant::Entity(id)) => (Some(id.as_str()), None),
            Some(crate::annotate::Claimant::Text(t)) => (None, Some(t.as_str())),
            None => (None, None),
        };
        claims.push(ClaimOut {
            claimant,
            claimant_text,
            end: c.end,
            id: &c.id,
            kind: c.kind.name(),
            label: "Claim",
            note: c.note.as_deref(),
            start: c.start,
            token_end,
            token_start,
        });
        if let Some(cue) = &c.cue {
            match span(cue.start, cue.end) {
                Some((token_start, token_end)) => cues.push(CueOut {
                    claim: &c.id,
                    end: cue.end,
                    label: "Cue",
                    start: cue.start,
                    token_end,
                    token_start,
                }),
                None => skipped.push(format!("{} (its cue)", c.id)),
            }
        }
    }
    let out = ArticleOut {
        meta: Meta { file, id },
        span_groups: Groups { claims, cues, sc: all },
        spans: placed,
        text,
        tokens: token_values,
    };
    (out, skipped)
}

/// The JSON object of one article (`id` is its file name without the
/// extension) and the ids of the annotations left out: orphans (stale
/// offsets) and empty spans.
pub fn article(
    id: &str,
    file: &str,
    text: &str,
    language: Language,
    store: &Store,
) -> (Value, Vec<String>) {
    let (out, skipped) = build(id, file, text, language, store);
    (serde_json::to_value(&out).unwrap_or_default(), skipped)
}

/// An article's line but its tokens: the keys before `tokens` (the last),
/// serialised as [`ArticleOut`] serialises them.
#[derive(Serialize)]
struct Head<'a, 'b> {
    meta: &'b Meta<'a>,
    span_groups: &'b Groups<'a>,
    spans: &'b [SpanOut<'a>],
    text: &'a str,
}

/// Writes `n` in decimal, as JSON writes an integer.
fn push_decimal(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let (mut at, mut n) = (digits.len(), n);
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Writes `tokens` as `serde_json` writes them (compact, keys in order),
/// each text escaped by `serde_json` itself: the same bytes, without a
/// serialiser call per key.
fn write_tokens(json: &mut Vec<u8>, tokens: &[TokenOut<'_>]) -> serde_json::Result<()> {
    json.push(b'[');
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        json.extend_from_slice(b"{\"end\":");
        push_decimal(json, t.end);
        json.extend_from_slice(b",\"id\":");
        push_decimal(json, t.id);
        json.extend_from_slice(b",\"start\":");
        push_decimal(json, t.start);
        json.extend_from_slice(b",\"text\":");
        serde_json::to_writer(&mut *json, t.text)?;
        json.extend_from_slice(if t.ws { b",\"ws\":true}" } else { b",\"ws\":false}" });
    }
    json.push(b']');
    Ok(())
}

/// [`article`] as its line of JSON, safe to print (what
/// [`safe::to_json`] writes, property-tested), without a tree of values
/// between, into a buffer sized for it at once; the tokens (most of the
/// line) by [`write_tokens`].
pub fn article_line(
    id: &str,
    file: &str,
    text: &str,
    language: Language,
    store: &Store,
) -> serde_json::Result<(String, Vec<String>)> {
    let (out, skipped) = build(id, file, text, language, store);
    // The text twice (itself and its tokens) and each token's keys.
    let mut json = Vec::with_capacity(2 * text.len() + 64 * out.tokens.len() + 4096);
    let head = Head { meta: &out.meta, span_groups: &out.span_groups, spans: &out.spans, text };
    serde_json::to_writer(&mut json, &head)?;
    // `{…}` without its `}`, then `"tokens"`, the last key.
    json.pop();
    json.extend_from_slice(b",\"tokens\":");
    write_tokens(&mut json, &out.tokens)?;
    json.push(b'}');
    let json = crate::text::load::into_string(json)
        .map_err(|_| serde_json::Error::io(std::io::Error::other("JSON that is not UTF-8")))?;
    // One pass over the whole line (cheaper than one per string).
    let line = match safe::json_escape(&json) {
        Cow::Borrowed(_) => json,
        Cow::Owned(escaped) => escaped,
    };
    Ok((line, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_json_writes_them() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn spans_inside_words_get_their_own_tokens() {
        let text = "وقال بنك الجزائر المركزي";
        let mut store = Store::new();
        store.add_entity("ORG", 5..24, "بنك الجزائر المركزي").unwrap();
        store.add_entity("GPE", 9..16, "الجزائر").unwrap();
        let c = store.add_claim(9..24, "الجزائر المركزي").unwrap();
        store
            .set_cue(
                &c,
                Some(crate::annotate::Cue {
                    start: 1,
                    end: 4,
                    text: "قال".into(),
                    extra: toml::Table::new(),
                }),
            )
            .unwrap();
        let (v, skipped) = article("x", "x.txt", text, Language::Arabic, &store);
        assert!(skipped.is_empty());
        let words: Vec<&str> =
            v["tokens"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
        assert_eq!(words, vec!["و", "قال", "بنك", "الجزائر", "المركزي"]);
        // Only the outer ORG goes to `spans`; both are in `sc`.
        assert_eq!(v["spans"].as_array().unwrap().len(), 1);
        assert_eq!(v["spans"][0]["label"], "ORG");
        assert_eq!(
            (v["spans"][0]["token_start"].as_u64(), v["spans"][0]["token_end"].as_u64()),
            (Some(2), Some(4))
        );
        assert_eq!(v["span_groups"]["sc"].as_array().unwrap().len(), 2);
        assert_eq!(v["span_groups"]["cues"][0]["token_start"], 1);
        assert_eq!(v["span_groups"]["claims"][0]["token_start"], 3);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// On random texts and entities: the tokens spell the text, and each
        /// span's `token_start`/`token_end` are the tokens starting and ending
        /// at its characters; `spans` never overlap; `sc` holds every entity.
        #[test]
        fn every_span_aligns_with_its_tokens(
            text in "[وبالكف \\n\\r،٪3a\u{64E}\u{feff}\"\\\\\u{1b}\u{7f}\u{85}\u{202e}\u{2028}]{0,40}",
            spans in proptest::collection::vec((0usize..45, 1usize..12), 0..10),
        ) {
            let len = text.chars().count();
            let chars: Vec<char> = text.chars().collect();
            let mut store = Store::new();
            for (start, n) in spans {
                let (start, end) = (start.min(len), (start + n).min(len));
                if start < end {
                    let quote: String = chars[start..end].iter().collect();
                    store.add_entity("X", start..end, &quote).unwrap();
                }
            }
            let (v, skipped) = article("x", "x.txt", &text, Language::Arabic, &store);
            prop_assert!(skipped.is_empty());
            // The line streamed is the safe JSON of the same value.
            let (line, _) = article_line("x", "x.txt", &text, Language::Arabic, &store).unwrap();
            let (built, _) = build("x", "x.txt", &text, Language::Arabic, &store);
            prop_assert_eq!(line, safe::to_json(&built, false).unwrap());
            let tokens = v["tokens"].as_array().unwrap();
            let mut spelled = String::new();
            for t in tokens {
                spelled.push_str(t["text"].as_str().unwrap());
                if t["ws"] == true {
                    spelled.push(' ');
                }
            }
            prop_assert_eq!(&spelled, &text);
            let sc = v["span_groups"]["sc"].as_array().unwrap();
            prop_assert_eq!(sc.len(), store.entities().len());
            for s in sc.iter().chain(v["spans"].as_array().unwrap()) {
                let first = &tokens[usize::try_from(s["token_start"].as_u64().unwrap()).unwrap()];
                let last = &tokens[usize::try_from(s["token_end"].as_u64().unwrap()).unwrap()];
                prop_assert_eq!(&first["start"], &s["start"]);
                prop_assert_eq!(&last["end"], &s["end"]);
            }
            let placed = v["spans"].as_array().unwrap();
            for pair in placed.windows(2) {
                prop_assert!(pair[0]["end"].as_u64() <= pair[1]["start"].as_u64());
            }
        }
    }
}
