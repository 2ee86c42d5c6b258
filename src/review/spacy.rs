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

#[cfg(test)]
use serde::Serialize;

use super::conll::layers;
use crate::annotate::Store;
use crate::text::decimal;
use crate::text::json_string::{self, push_json_string};
use crate::text::language::Language;
#[cfg(test)]
use crate::text::safe;
use crate::text::tokens::{Token, sorted_tokens, token_span};

/// The offsets an export cuts tokens at, sorted, without repeats: the
/// starts and ends of every live entity of `store`, and of every claim and
/// cue when `claims` (what sets of them iterate, made without a set: a
/// list sorted once). `CoNLL` and spaCy exports cut at these.
pub fn boundaries(store: &Store, claims: bool) -> (Vec<usize>, Vec<usize>) {
    let room = store.entities().len() + if claims { 2 * store.claims().len() } else { 0 };
    let mut starts = Vec::with_capacity(room);
    let mut ends = Vec::with_capacity(room);
    let mut add = |start: usize, end: usize| {
        if start < end {
            starts.push(start);
            ends.push(end);
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
    for offsets in [&mut starts, &mut ends] {
        offsets.sort_unstable();
        offsets.dedup();
    }
    (starts, ends)
}

/// The tokens of `text` aligned with every entity of `store`, and with
/// every claim and cue when `claims`.
pub fn aligned_tokens(text: &str, language: Language, store: &Store, claims: bool) -> Vec<Token> {
    let (starts, ends) = boundaries(store, claims);
    sorted_tokens(text, language, starts, ends)
}

// The line as typed values that `serde_json` writes: the reference
// [`write_article_line`] is tested against (tests only).

/// A token as spaCy / Prodigy write it (keys in sorted order, as a JSON
/// object of `serde_json` has them).
#[cfg(test)]
#[derive(Serialize)]
struct TokenOut<'a> {
    end: usize,
    id: usize,
    start: usize,
    text: &'a str,
    ws: bool,
}

/// An entity span.
#[derive(Clone)]
#[cfg_attr(test, derive(Serialize))]
struct SpanOut<'a> {
    end: usize,
    id: &'a str,
    label: &'a str,
    start: usize,
    token_end: usize,
    token_start: usize,
}

/// A claim span.
#[cfg_attr(test, derive(Serialize))]
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
#[cfg_attr(test, derive(Serialize))]
struct CueOut<'a> {
    claim: &'a str,
    end: usize,
    label: &'a str,
    start: usize,
    token_end: usize,
    token_start: usize,
}

/// `meta`.
#[cfg_attr(test, derive(Serialize))]
struct Meta<'a> {
    file: &'a str,
    id: &'a str,
}

/// `span_groups`.
#[cfg_attr(test, derive(Serialize))]
struct Groups<'a> {
    claims: Vec<ClaimOut<'a>>,
    cues: Vec<CueOut<'a>>,
    sc: Vec<SpanOut<'a>>,
}

/// One article's line.
#[cfg(test)]
#[derive(Serialize)]
struct ArticleOut<'a> {
    meta: Meta<'a>,
    span_groups: Groups<'a>,
    spans: Vec<SpanOut<'a>>,
    text: &'a str,
    tokens: Vec<TokenOut<'a>>,
}

/// One article's line but its tokens as typed values, with its tokens.
struct Parts<'a> {
    meta: Meta<'a>,
    span_groups: Groups<'a>,
    spans: Vec<SpanOut<'a>>,
    tokens: Vec<Token>,
}

/// One article's line as typed values, and the ids left out.
#[cfg(test)]
fn build<'a>(
    id: &'a str,
    file: &'a str,
    text: &'a str,
    language: Language,
    store: &'a Store,
) -> (ArticleOut<'a>, Vec<String>) {
    let (parts, skipped) = parts(id, file, text, language, store);
    let tokens = parts
        .tokens
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
    let out = ArticleOut {
        meta: parts.meta,
        span_groups: parts.span_groups,
        spans: parts.spans,
        text,
        tokens,
    };
    (out, skipped)
}

/// One article's line but its text and tokens as typed values, with the
/// article's [`Token`]s, and the ids left out (orphans and empty spans).
fn parts<'a>(
    id: &'a str,
    file: &'a str,
    text: &'a str,
    language: Language,
    store: &'a Store,
) -> (Parts<'a>, Vec<String>) {
    let tokens = aligned_tokens(text, language, store, true);
    let span = |start: usize, end: usize| token_span(&tokens, start, end);
    let mut skipped = Vec::new();
    let entities: Vec<_> = store.entities().filter(|e| !e.orphan).collect();
    let mut all = Vec::new();
    let mut placed = Vec::new();
    let (first, _, _) = layers(entities.iter().map(|e| e.start..e.end), 1);
    let mut outermost = vec![false; entities.len()];
    for i in first {
        if let Some(slot) = outermost.get_mut(i) {
            *slot = true;
        }
    }
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
        if outermost[i] {
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
    let out = Parts {
        meta: Meta { file, id },
        span_groups: Groups { claims, cues, sc: all },
        spans: placed,
        tokens,
    };
    (out, skipped)
}

/// The JSON object of one article (`id` is its file name without the
/// extension) and the ids of the annotations left out: orphans (stale
/// offsets) and empty spans.
#[cfg(test)]
pub fn article(
    id: &str,
    file: &str,
    text: &str,
    language: Language,
    store: &Store,
) -> (serde_json::Value, Vec<String>) {
    let (out, skipped) = build(id, file, text, language, store);
    (serde_json::to_value(&out).unwrap_or_default(), skipped)
}

/// The bytes of a [`Staged`] block.
const STAGED: usize = 2048;

/// The bytes of a line built in a block (the thread's [`Scratch`]) and
/// copied to the line a block at a time: keys, numbers and short strings
/// are written in pieces of fixed length or byte by byte (no call to
/// `memcpy` for each, which cost more than the copying), a block of many
/// tokens or spans copied at once.
struct Staged<'b> {
    buf: &'b mut [u8; STAGED],
    len: usize,
}

impl<'b> Staged<'b> {
    /// The block copied at once.
    const SIZE: usize = STAGED;
    /// Room for the keys and numbers of one span (at most 120 bytes of keys
    /// and `null`s, four numbers of up to 20 digits), with a margin (tokens
    /// are put together elsewhere: [`write_plain_token`]).
    const ROOM: usize = 320;
    /// The longest string copied into the block (a longer one is written
    /// to the line itself).
    const SHORT: usize = 48;

    fn new(buf: &'b mut [u8; STAGED]) -> Self {
        Self { buf, len: 0 }
    }

    /// Makes sure [`Self::ROOM`] bytes are free: copies the block to
    /// `out` when they are not.
    #[inline]
    fn room(&mut self, out: &mut Vec<u8>) {
        if self.len + Self::ROOM > Self::SIZE {
            self.flush(out);
        }
    }

    /// Appends `bytes` (a key: a length known when compiled).
    #[inline]
    fn put<const K: usize>(&mut self, bytes: &[u8; K]) {
        self.buf[self.len..self.len + K].copy_from_slice(bytes);
        self.len += K;
    }

    /// Appends `n` in decimal, as JSON writes an integer.
    #[inline]
    fn number(&mut self, n: usize) {
        self.len += decimal::write_over(&mut self.buf[self.len..self.len + 20], n);
    }

    /// Appends `key` (with its quotes and colon, e.g. `,"end":`) then `n`.
    #[inline]
    fn key_number<const K: usize>(&mut self, key: &[u8; K], n: usize) {
        self.put(key);
        self.number(n);
    }

    /// Appends `s` as a JSON string safe to print ([`push_json_string`]):
    /// a short one of plain bytes ([`json_string::PLAIN`]) copied byte by
    /// byte into the block, any other written to `out` after the block.
    /// Leaves [`Self::ROOM`] bytes free.
    #[inline]
    fn string(&mut self, out: &mut Vec<u8>, s: &str) {
        if s.len() <= Self::SHORT {
            if self.len + Self::SHORT + 2 + Self::ROOM > Self::SIZE {
                self.flush(out);
            }
            let start = self.len;
            self.buf[start] = b'"';
            let to = &mut self.buf[start + 1..start + 1 + s.len()];
            let mut plain = true;
            for (to, &b) in to.iter_mut().zip(s.as_bytes()) {
                *to = b;
                plain &= json_string::PLAIN[usize::from(b)];
            }
            if plain {
                self.buf[start + 1 + s.len()] = b'"';
                self.len = start + s.len() + 2;
                return;
            }
        }
        self.flush(out);
        push_json_string(out, s);
    }

    /// Appends `s` as [`Self::string`] does, or `null`.
    #[inline]
    fn optional(&mut self, out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            Some(s) => self.string(out, s),
            None => self.put(b"null"),
        }
    }

    /// Appends the `token_end` and `token_start` keys of a span, and its `}`.
    #[inline]
    fn token_range(&mut self, token_end: usize, token_start: usize) {
        self.key_number(b",\"token_end\":", token_end);
        self.key_number(b",\"token_start\":", token_start);
        self.put(b"}");
    }

    /// Appends an entity span as `serde_json` writes [`SpanOut`].
    fn span(&mut self, out: &mut Vec<u8>, s: &SpanOut<'_>) {
        self.key_number(b"{\"end\":", s.end);
        self.put(b",\"id\":");
        self.string(out, s.id);
        self.put(b",\"label\":");
        self.string(out, s.label);
        self.key_number(b",\"start\":", s.start);
        self.token_range(s.token_end, s.token_start);
    }

    /// Appends `items` as a JSON array, each by `each` (given
    /// [`Self::ROOM`] bytes free).
    fn array<T>(
        &mut self,
        out: &mut Vec<u8>,
        items: &[T],
        each: impl Fn(&mut Self, &mut Vec<u8>, &T),
    ) {
        self.put(b"[");
        for (i, item) in items.iter().enumerate() {
            self.room(out);
            if i > 0 {
                self.put(b",");
            }
            each(self, out, item);
        }
        self.put(b"]");
    }

    /// Moves the bytes built to `out`.
    #[inline]
    fn flush(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf[..self.len]);
        self.len = 0;
    }
}

/// Bytes of tokens put together on the stack before they are copied to
/// the line.
const TOKEN_BLOCK: usize = 8192;

/// Room for one token written by [`write_plain_token`]: keys of 8, 6, 9
/// and 9 bytes, three numbers of at most 4 digits (7 read), 48 bytes of
/// text and the 16 stored for its end (at most 117).
const TOKEN_ROOM: usize = 128;

/// The longest text of a token written by [`write_plain_token`].
const TOKEN_SHORT: usize = 48;

/// Writes token `i` (`t`, whose text is `bytes[t.bytes]`) into `w` as
/// `serde_json` writes its [`TokenOut`] (after a `,`, or the array's `[`
/// for the first), when its offsets and `i` are below 10⁴, its text holds
/// at most [`TOKEN_SHORT`] bytes none of which JSON escapes and `bytes`
/// holds [`TOKEN_SHORT`] bytes from its start; returns the bytes written.
/// Every piece is stored as a word or block of fixed length and the next
/// one written over its tail: no loop, no call.
#[inline]
fn write_plain_token(w: &mut [u8; TOKEN_ROOM], bytes: &[u8], i: usize, t: &Token) -> usize {
    let first: &[u8; 8] = if i == 0 { b"[{\"end\":" } else { b",{\"end\":" };
    w[..8].copy_from_slice(first);
    let mut p = 8;
    let (digits, len) = decimal::small(t.range.end);
    w[p..p + 4].copy_from_slice(&digits.to_le_bytes());
    p += len;
    w[p..p + 8].copy_from_slice(b",\"id\":__");
    p += 6;
    let (digits, len) = decimal::small(i);
    w[p..p + 4].copy_from_slice(&digits.to_le_bytes());
    p += len;
    w[p..p + 16].copy_from_slice(b",\"start\":_______");
    p += 9;
    let (digits, len) = decimal::small(t.range.start);
    w[p..p + 4].copy_from_slice(&digits.to_le_bytes());
    p += len;
    w[p..p + 16].copy_from_slice(b",\"text\":\"_______");
    p += 9;
    let from = t.bytes.start;
    w[p..p + TOKEN_SHORT].copy_from_slice(&bytes[from..from + TOKEN_SHORT]);
    p += t.bytes.len().min(TOKEN_SHORT);
    let (end, len): (&[u8; 16], usize) =
        if t.ws { (b"\",\"ws\":true}____", 12) } else { (b"\",\"ws\":false}___", 13) };
    w[p..p + 16].copy_from_slice(end);
    p + len
}

/// Writes token `i` (`t`) to `out` as [`write_plain_token`] does, any
/// token: its text escaped when `escaped` ([`push_json_string`]).
fn write_any_token(out: &mut Vec<u8>, text: &str, i: usize, t: &Token, escaped: bool) {
    out.extend_from_slice(if i == 0 { b"[{\"end\":" } else { b",{\"end\":" });
    decimal::push(out, t.range.end);
    out.extend_from_slice(b",\"id\":");
    decimal::push(out, i);
    out.extend_from_slice(b",\"start\":");
    decimal::push(out, t.range.start);
    out.extend_from_slice(b",\"text\":");
    let piece = &text[t.bytes.clone()];
    if escaped {
        push_json_string(out, piece);
    } else {
        out.push(b'"');
        out.extend_from_slice(piece.as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(if t.ws { b",\"ws\":true}" } else { b",\"ws\":false}" });
}

/// Writes the tokens of `text` as `serde_json` writes [`TokenOut`]s through
/// [`crate::text::safe::SafeJson`] (compact, keys in order), the array
/// and its brackets. `escaped` are the byte offsets of the characters of
/// `text` that JSON escapes ([`json_string::push_json_string_noting`]):
/// a token's text without one is copied as it is. Most tokens are put
/// together in a block on the stack by [`write_plain_token`], the others
/// written to `out` by [`write_any_token`].
fn write_tokens(
    out: &mut Vec<u8>,
    block: &mut [u8; TOKEN_BLOCK],
    text: &str,
    tokens: &[Token],
    escaped: &[usize],
) {
    let bytes = text.as_bytes();
    let mut at = 0;
    // The first character escaped at or after the current token, and its offset.
    let mut next = 0usize;
    let mut next_at = escaped.first().copied().unwrap_or(usize::MAX);
    for (i, t) in tokens.iter().enumerate() {
        let piece = t.bytes.clone();
        let mut plain = true;
        if next_at < piece.end {
            while next_at < piece.start {
                next += 1;
                next_at = escaped.get(next).copied().unwrap_or(usize::MAX);
            }
            plain = next_at >= piece.end;
        }
        let fast = plain
            && t.range.end < 10_000
            && i < 10_000
            && piece.len() <= TOKEN_SHORT
            && piece.start + TOKEN_SHORT <= bytes.len();
        if at > TOKEN_BLOCK - TOKEN_ROOM || !fast {
            out.extend_from_slice(&block[..at]);
            at = 0;
        }
        if fast {
            if let Ok(room) = <&mut [u8; TOKEN_ROOM]>::try_from(&mut block[at..at + TOKEN_ROOM]) {
                at += write_plain_token(room, bytes, i, t);
            }
        } else {
            write_any_token(out, text, i, t, !plain);
        }
    }
    out.extend_from_slice(&block[..at]);
    out.extend_from_slice(if tokens.is_empty() { b"[]" } else { b"]" });
}

/// Appends the JSON line of one article (`id` is its file name without
/// the extension) to `out`, safe to print (what
/// [`crate::text::safe::to_json`] writes, property-tested), without a tree of values
/// or a serialiser between: keys, numbers and short strings are put
/// together on the stack ([`Staged`]), every string is escaped and made
/// safe in one step ([`push_json_string`]), the tokens (most of the line)
/// by [`write_tokens`]. Returns the ids left out.
pub fn write_article_line(
    out: &mut Vec<u8>,
    id: &str,
    file: &str,
    text: &str,
    language: Language,
    store: &Store,
) -> Vec<String> {
    let (parts, skipped) = parts(id, file, text, language, store);
    // The text twice (itself and its tokens) and each token's keys.
    out.reserve(2 * text.len() + 64 * parts.tokens.len() + 4096);
    SCRATCH.with_borrow_mut(|scratch| {
        let Scratch { staged, tokens } = &mut **scratch;
        write_line(out, staged, tokens, &parts, text);
    });
    skipped
}

/// The blocks a line is put together in, kept for the thread's next line
/// (not made anew and zeroed for each).
struct Scratch {
    staged: [u8; Staged::SIZE],
    tokens: [u8; TOKEN_BLOCK],
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Box<Scratch>> = std::cell::RefCell::new(Box::new(Scratch {
        staged: [0; Staged::SIZE],
        tokens: [0; TOKEN_BLOCK],
    }));
}

/// [`write_article_line`] once its parts are made, with `staged` and
/// `block` to put them together in.
fn write_line(
    out: &mut Vec<u8>,
    staged: &mut [u8; Staged::SIZE],
    block: &mut [u8; TOKEN_BLOCK],
    parts: &Parts<'_>,
    text: &str,
) {
    let mut staged = Staged::new(staged);
    let st = &mut staged;
    st.put(b"{\"meta\":{\"file\":");
    st.string(out, parts.meta.file);
    st.put(b",\"id\":");
    st.string(out, parts.meta.id);
    st.put(b"},\"span_groups\":{\"claims\":");
    st.array(out, &parts.span_groups.claims, |st, out, c| {
        st.put(b"{\"claimant\":");
        st.optional(out, c.claimant);
        st.put(b",\"claimant_text\":");
        st.optional(out, c.claimant_text);
        st.key_number(b",\"end\":", c.end);
        st.put(b",\"id\":");
        st.string(out, c.id);
        st.put(b",\"kind\":");
        st.string(out, c.kind);
        st.put(b",\"label\":");
        st.string(out, c.label);
        st.put(b",\"note\":");
        st.optional(out, c.note);
        st.key_number(b",\"start\":", c.start);
        st.token_range(c.token_end, c.token_start);
    });
    st.room(out);
    st.put(b",\"cues\":");
    st.array(out, &parts.span_groups.cues, |st, out, c| {
        st.put(b"{\"claim\":");
        st.string(out, c.claim);
        st.key_number(b",\"end\":", c.end);
        st.put(b",\"label\":");
        st.string(out, c.label);
        st.key_number(b",\"start\":", c.start);
        st.token_range(c.token_end, c.token_start);
    });
    st.room(out);
    st.put(b",\"sc\":");
    st.array(out, &parts.span_groups.sc, Staged::span);
    st.room(out);
    st.put(b"},\"spans\":");
    st.array(out, &parts.spans, Staged::span);
    st.room(out);
    st.put(b",\"text\":");
    st.flush(out);
    let mut escaped = Vec::new();
    json_string::push_json_string_noting(out, text, &mut escaped);
    out.extend_from_slice(b",\"tokens\":");
    write_tokens(out, block, text, &parts.tokens, &escaped);
    out.push(b'}');
}

/// [`article`] as its line of JSON, safe to print (what [`crate::text::safe::to_json`]
/// writes): [`write_article_line`] into a string.
#[cfg(test)]
pub fn article_line(
    id: &str,
    file: &str,
    text: &str,
    language: Language,
    store: &Store,
) -> serde_json::Result<(String, Vec<String>)> {
    let mut json = Vec::new();
    let skipped = write_article_line(&mut json, id, file, text, language, store);
    let json = String::from_utf8(json)
        .map_err(|_| serde_json::Error::io(std::io::Error::other("JSON that is not UTF-8")))?;
    Ok((json, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_json_writes_them() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = Vec::new();
            decimal::push(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
            // Twice in a row: each written where the last one ends.
            let mut buf = [0; Staged::SIZE];
            let mut staged = Staged::new(&mut buf);
            staged.number(n);
            staged.number(n);
            assert_eq!(staged.buf[..staged.len], [out.clone(), out].concat());
        }
    }

    /// Ids and offsets of 10⁴ and more, long and escaped tokens, at the
    /// end of a text too: written by the general path as `serde_json`
    /// writes them.
    #[test]
    fn long_articles_are_written_as_serde_writes_them() {
        let long = "ب".repeat(60);
        let text = format!("{}\"x\" {long} آخر\n{long}", "ب ".repeat(10_050));
        let mut store = Store::new();
        store.add_entity("X", 20_000..20_010, &"ب ".repeat(5)).unwrap();
        let (line, _) = article_line("x", "x.txt", &text, Language::Arabic, &store).unwrap();
        let (built, _) = build("x", "x.txt", &text, Language::Arabic, &store);
        assert_eq!(line, safe::to_json(&built, false).unwrap());
        assert!(line.contains(r#"{"end":20001,"id":10000,"start":20000,"text":"ب","ws":true}"#));
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

    /// A label, note or claimant: any of the characters JSON escapes or
    /// makes safe, short or longer than [`Staged::SHORT`].
    const LABEL: &str =
        "[A-Zب \"\\\\\n\u{1b}\u{7}\u{7f}\u{85}\u{61c}\u{2028}\u{202e}\u{2066}😀]{1,70}";

    proptest! {
        /// On random texts and entities: the tokens spell the text, and each
        /// span's `token_start`/`token_end` are the tokens starting and ending
        /// at its characters; `spans` never overlap; `sc` holds every entity.
        #[test]
        fn every_span_aligns_with_its_tokens(
            text in "[وبالكف \\n\\r،٪3a\u{64E}\u{feff}\"\\\\\u{1b}\u{7f}\u{85}\u{202e}\u{2028}]{0,80}",
            spans in proptest::collection::vec((0usize..85, 1usize..12), 0..10),
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

        /// With labels, notes and claimants of any characters (JSON's
        /// escapes, controls, ESC, bidi controls, U+2028, non-BMP), short
        /// and long, and texts of long plain runs (an escape at a chunk's
        /// edge), many tokens (the stack block copied often): the line
        /// written by hand is what `serde_json` writes through `SafeJson`.
        #[test]
        fn any_strings_are_written_as_serde_writes_them(
            text in "(وقال الرئيس |[\"\\\\\n\r\t\u{1b}\u{7}\u{7f}\u{85}\u{9f}\u{a0}\u{61c}\u{200f}\u{2014}\u{201c}\u{2028}\u{2029}\u{202e}\u{2066}\u{feff}😀a3٪]|ب{1,70}){0,40}",
            labels in proptest::collection::vec(LABEL, 1..4),
            spans in proptest::collection::vec((0usize..400, 1usize..30, 0usize..4), 0..12),
            claims in proptest::collection::vec((0usize..400, 1usize..60, proptest::option::of(LABEL), 0usize..3), 0..4),
        ) {
            let chars: Vec<char> = text.chars().collect();
            let len = chars.len();
            let clamp = |start: usize, n: usize| (start.min(len), (start + n).min(len));
            let quote = |start: usize, end: usize| chars[start..end].iter().collect::<String>();
            let mut store = Store::new();
            let mut entities = Vec::new();
            for (start, n, label) in spans {
                let (start, end) = clamp(start, n);
                if start < end {
                    let label = &labels[label % labels.len()];
                    entities.push(store.add_entity(label, start..end, &quote(start, end)).unwrap());
                }
            }
            for (start, n, words, who) in claims {
                let (start, end) = clamp(start, n);
                if start >= end {
                    continue;
                }
                let id = store.add_claim(start..end, &quote(start, end)).unwrap();
                store.set_note(&id, words.as_deref()).unwrap();
                let claimant = match (who, &words, entities.first()) {
                    (1, Some(words), _) => Some(crate::annotate::Claimant::Text(words.clone())),
                    (2, _, Some(e)) => Some(crate::annotate::Claimant::Entity(e.clone())),
                    _ => None,
                };
                store.set_claimant(&id, claimant).unwrap();
                let cue = crate::annotate::Cue {
                    start,
                    end: (start + 2).min(end),
                    text: quote(start, (start + 2).min(end)),
                    extra: toml::Table::new(),
                };
                store.set_cue(&id, Some(cue)).unwrap();
            }
            let (line, _) = article_line("x\u{1b}]52;\"", "x\u{202e}.txt", &text, Language::Arabic, &store).unwrap();
            let (built, _) = build("x\u{1b}]52;\"", "x\u{202e}.txt", &text, Language::Arabic, &store);
            prop_assert_eq!(line, safe::to_json(&built, false).unwrap());
        }
    }
}
