//! A fast reader for exactly the form Hashiya writes (see `write.rs` and
//! `docs/format.md`), so that opening a sidecar of thousands of annotations
//! does not go through a general TOML parser.
//!
//! It accepts only the writer's own shape, byte for byte: fixed key order,
//! `key = value` with single spaces, `\n` line ends, one blank line before
//! each table, basic strings with the writer's escapes, decimal integers,
//! and unknown fields whose values are strings, integers or booleans. On
//! anything else — a comment, another key order, a literal string, a float,
//! an unknown table, a duplicate key, or a file the full reader would refuse
//! (duplicate id, `start` after `end`, unknown claim kind…) — it gives up
//! and returns `None`, and the full reader (`read::parse_full`) reads the
//! file, with its error positions. Whenever it returns a value, that value
//! is what the full reader returns (proved by property tests).

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use super::kinds::{FieldType, KindDecl, Kinds, Record, Value};
use super::model::{Claim, ClaimKind, Claimant, Conflict, Cue, Entity};
use super::read::{Parsed, SCHEMA_VERSION, is_id};

use super::keys::{self, ARTICLE_KEYS, CLAIM_KEYS, CONFLICT_KEYS, CUE_KEYS, ENTITY_KEYS, TOP_KEYS};

/// Reads `source` if it is in the writer's form and valid; `None` means
/// "ask the full reader" (which either reads it or says what is wrong).
#[cfg(test)]
pub(crate) fn parse_canonical(source: &str) -> Option<Parsed> {
    parse_canonical_with(source, Kinds::builtin())
}

/// [`parse_canonical`] knowing the annotation kinds `kinds`: their tables,
/// `\n[[<table>]]\n` in the writer's form, are read as records.
pub(crate) fn parse_canonical_with(source: &str, kinds: &Kinds) -> Option<Parsed> {
    let records: Vec<(String, &Arc<KindDecl>)> =
        kinds.iter().filter(|k| !k.typed).map(|k| (format!("\n[[{}]]\n", k.table), k)).collect();
    let mut top_keys: Vec<&str> = TOP_KEYS.to_vec();
    top_keys.extend(records.iter().map(|(_, k)| k.table.as_str()));
    let mut c = Cursor { source, bytes: source.as_bytes(), pos: 0 };
    let mut parsed = Parsed { next_entity: 1, next_claim: 1, ..Parsed::default() };
    c.eat(&format!("schema = {SCHEMA_VERSION}\n"))?;
    if c.eat("next_entity = ").is_some() {
        parsed.next_entity = c.counter()?;
        c.eat("\n")?;
    }
    if c.eat("next_claim = ").is_some() {
        parsed.next_claim = c.counter()?;
        c.eat("\n")?;
    }
    c.extras(&mut parsed.extra.top, &top_keys, "\n")?;
    c.eat("\n[article]\nfile = ")?;
    parsed.file = Some(c.string()?);
    c.eat("\nsha256 = ")?;
    parsed.sha256 = Some(c.string()?);
    c.eat("\n")?;
    c.extras(&mut parsed.extra.article, &ARTICLE_KEYS, "\n")?;
    // Room for every table at once: no slack from growing, no copies.
    // (One scan for the tables' headers, `\n[[`, telling them apart by
    // what follows.)
    let rest = &source.as_bytes()[c.pos..];
    let (mut entities, mut claims) = (0, 0);
    for at in memchr::memmem::find_iter(rest, b"\n[[") {
        let header = &rest[at + 3..];
        entities += usize::from(header.starts_with(b"entity]]\n"));
        claims += usize::from(header.starts_with(b"claim]]\n"));
    }
    parsed.entities.reserve(entities);
    parsed.claims.reserve(claims);
    while !c.at_end() {
        if c.eat("\n[[entity]]\n").is_some() {
            c.entity(&mut parsed.entities)?;
        } else if c.eat("\n[[claim]]\n").is_some() {
            c.claim(&mut parsed.claims)?;
        } else {
            let (_, kind) = records.iter().find(|(header, _)| c.eat(header).is_some())?;
            parsed.records.push(c.record(kind)?);
        }
    }
    super::kinds::sort_records(&mut parsed.records);
    references_hold(&parsed).then_some(parsed)
}

/// Ids are unique among entities and claims, and every `claimant` names an
/// entity (the full reader refuses the file otherwise).
fn references_hold(parsed: &Parsed) -> bool {
    numbered_references_hold(parsed).unwrap_or_else(|| hashed_references_hold(parsed))
}

/// [`references_hold`] for the usual file, told without hashing a string:
/// every entity id is `e<N>` and every claim id `c<N>` ([`plain_number`],
/// `N` below a bound proportional to their count), and there is no record.
/// Their numbers are marked in a bitmap, so a duplicate is a mark already
/// made and a claimant names an entity when it is `e<N>` with `N` marked.
/// `None` for any other file.
fn numbered_references_hold(parsed: &Parsed) -> Option<bool> {
    if !parsed.records.is_empty() {
        return None;
    }
    let bound = (parsed.entities.len() + parsed.claims.len()).saturating_mul(8).saturating_add(64);
    // Entities' numbers in `0..bound`, claims' in `bound..2 * bound`.
    let mut marks = vec![0u64; (2 * bound).div_ceil(64)];
    let mut mark = |bit: usize| {
        let (word, bit) = (bit / 64, 1 << (bit % 64));
        let new = marks[word] & bit == 0;
        marks[word] |= bit;
        new
    };
    for entity in &parsed.entities {
        let n = plain_number(&entity.id, 'e').filter(|&n| n < bound)?;
        if !mark(n) {
            return Some(false);
        }
    }
    for claim in &parsed.claims {
        let n = plain_number(&claim.id, 'c').filter(|&n| n < bound)?;
        if !mark(bound + n) {
            return Some(false);
        }
    }
    let named = |id: &str| {
        plain_number(id, 'e').is_some_and(|n| n < bound && marks[n / 64] & (1 << (n % 64)) != 0)
    };
    Some(parsed.claims.iter().all(|c| match &c.claimant {
        Some(Claimant::Entity(id)) => named(id),
        Some(Claimant::Text(_)) | None => true,
    }))
}

/// The `N` of an id `<prefix><N>` written as Hashiya writes numbers
/// (decimal, no sign, no leading zero: `e1`, not `e01`, so that two ids
/// are equal exactly when their numbers are), if it fits a `usize`.
fn plain_number(id: &str, prefix: char) -> Option<usize> {
    let digits = id.strip_prefix(prefix)?.as_bytes();
    if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
        return None;
    }
    digits.iter().try_fold(0usize, |n, &d| {
        d.is_ascii_digit().then_some(())?;
        n.checked_mul(10)?.checked_add(usize::from(d - b'0'))
    })
}

/// [`references_hold`] for any file: the ids in a hash set.
fn hashed_references_hold(parsed: &Parsed) -> bool {
    let mut ids: HashSet<&str> =
        HashSet::with_capacity(parsed.entities.len() + parsed.claims.len());
    if !parsed.entities.iter().all(|e| ids.insert(&e.id)) {
        return false;
    }
    // Here `ids` holds the entity ids alone: the only valid claimants.
    let claimants_hold = parsed.claims.iter().all(|c| match &c.claimant {
        Some(Claimant::Entity(id)) => ids.contains(id.as_str()),
        Some(Claimant::Text(_)) | None => true,
    });
    claimants_hold
        && parsed.claims.iter().all(|c| ids.insert(&c.id))
        && parsed.records.iter().all(|r| ids.insert(&r.id))
}

/// A position in the source; every method returns `None` when the text
/// there is not what the writer would have written.
struct Cursor<'s> {
    source: &'s str,
    bytes: &'s [u8],
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips `literal` if the text is there.
    fn eat(&mut self, literal: &str) -> Option<()> {
        let rest = self.bytes.get(self.pos..)?;
        rest.starts_with(literal.as_bytes()).then(|| self.pos += literal.len())
    }

    /// `0` or a decimal number without leading zeros, sign or underscores.
    fn digits(&mut self) -> Option<&str> {
        let start = self.pos;
        let len = self.bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 || (len > 1 && self.bytes[start] == b'0') {
            return None;
        }
        self.pos += len;
        Some(&self.source[start..self.pos])
    }

    /// [`Self::digits`] read as a number, if it fits a `u64` (in the same
    /// pass as the digits are found).
    fn number(&mut self) -> Option<u64> {
        let digits = self.bytes[self.pos..].iter().take_while(|b| b.is_ascii_digit());
        let (mut n, mut len) = (0u64, 0);
        for &d in digits {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            len += 1;
        }
        if len == 0 || (len > 1 && self.bytes[self.pos] == b'0') {
            return None;
        }
        self.pos += len;
        Some(n)
    }

    /// A `char` offset: what the full reader accepts as `start` / `end`.
    fn offset(&mut self) -> Option<usize> {
        usize::try_from(self.number()?).ok()
    }

    /// `next_entity` / `next_claim`: 1 or more.
    fn counter(&mut self) -> Option<u64> {
        self.number().filter(|&n| n >= 1)
    }

    /// `start = N<between>end = N<then>`, with `start` ≤ `end`.
    fn span(&mut self, between: &str, then: &str) -> Option<(usize, usize)> {
        self.eat("start = ")?;
        let start = self.offset()?;
        self.eat(between)?;
        self.eat("end = ")?;
        let end = self.offset()?;
        self.eat(then)?;
        (start <= end).then_some((start, end))
    }

    /// A basic string as the writer writes it (raw tabs are accepted too, as
    /// TOML does). Other escapes, raw control characters or a missing
    /// closing quote give `None`.
    fn string(&mut self) -> Option<String> {
        self.string_ref().map(Cow::into_owned)
    }

    /// [`Self::string`], borrowed from the source when it has no escape
    /// (most strings: one scan for their end, one copy when owned).
    fn string_ref(&mut self) -> Option<Cow<'s, str>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        let rest = self.bytes.get(start..)?;
        let stop = plain_run(rest);
        match rest.get(stop)? {
            b'"' => {
                self.pos = start + stop + 1;
                Some(Cow::Borrowed(self.source.get(start..start + stop)?))
            }
            b'\\' => self.escaped_string(start, stop).map(Cow::Owned),
            _ => None,
        }
    }

    /// The rest of a basic string that starts at byte `start` and whose
    /// first escape is `plain` bytes after it (those bytes checked).
    fn escaped_string(&mut self, start: usize, plain: usize) -> Option<String> {
        let mut i = start + plain;
        let mut run = start;
        let mut out = String::with_capacity(plain + 16);
        loop {
            i += plain_run(self.bytes.get(i..)?);
            match *self.bytes.get(i)? {
                b'"' => {
                    out.push_str(&self.source[run..i]);
                    self.pos = i + 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(&self.source[run..i]);
                    let (c, len) = escape(&self.bytes[i + 1..])?;
                    out.push(c);
                    i += 1 + len;
                    run = i;
                }
                // A control character or DEL (see `plain_run`).
                _ => return None,
            }
        }
    }

    /// A key as `write_key` writes it: bare, or a basic string.
    fn key(&mut self) -> Option<String> {
        if self.peek() == Some(b'"') {
            return self.string();
        }
        let start = self.pos;
        let len = self.bytes[start..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            .count();
        self.pos += len;
        (len > 0).then(|| self.source[start..self.pos].to_owned())
    }

    /// An unknown field's value: a string, an integer that fits `i64`, or a
    /// boolean. Anything else (floats, dates, arrays, tables) is left to
    /// the full reader.
    fn scalar(&mut self) -> Option<toml::Value> {
        match self.peek()? {
            b'"' => self.string().map(toml::Value::String),
            b't' => self.eat("true").map(|()| toml::Value::Boolean(true)),
            b'f' => self.eat("false").map(|()| toml::Value::Boolean(false)),
            b'-' => {
                self.pos += 1;
                let digits = self.digits()?;
                // `-0` is valid TOML but never written: not worth a case.
                if digits == "0" {
                    return None;
                }
                let n: i64 = format!("-{digits}").parse().ok()?;
                Some(toml::Value::Integer(n))
            }
            _ => self.digits()?.parse().ok().map(toml::Value::Integer),
        }
    }

    /// Unknown `key = value` fields, each ended by `end`, until a line that
    /// is blank or the end of the file (for `end` = `"\n"`) or until `" }"`
    /// (for `end` = `", "`, the fields of an inline table). Known keys here
    /// mean a duplicate or another key order: `None`.
    fn extras(&mut self, table: &mut toml::Table, known: &[&str], end: &str) -> Option<()> {
        loop {
            let more = if end == "\n" {
                !self.at_end() && self.peek() != Some(b'\n')
            } else {
                self.eat(end).is_some()
            };
            if !more {
                return Some(());
            }
            let key = self.key()?;
            if known.contains(&key.as_str()) {
                return None;
            }
            self.eat(" = ")?;
            let value = self.scalar()?;
            if end == "\n" {
                self.eat("\n")?;
            }
            if table.insert(key, value).is_some() {
                return None;
            }
        }
    }

    /// `key = "…"\n`.
    fn field(&mut self, key: &str) -> Option<String> {
        self.eat(key)?;
        self.eat(" = ")?;
        let value = self.string()?;
        self.eat("\n")?;
        Some(value)
    }

    /// `key = "…"\n` if the line here is one (`Ok(None)` when it is not;
    /// `Err(())` when it is, but not in the writer's form).
    fn optional(&mut self, key: &str) -> Result<Option<String>, ()> {
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(key.as_bytes()) && rest[key.len()..].starts_with(b" = ") {
            self.pos += key.len() + b" = ".len();
            let value = self.string().ok_or(())?;
            self.eat("\n").ok_or(())?;
            Ok(Some(value))
        } else {
            Ok(None)
        }
    }

    /// A valid id: non-empty, no whitespace.
    fn id(&mut self) -> Option<String> {
        let id = self.field("id")?;
        (!id.is_empty() && !id.chars().any(char::is_whitespace)).then_some(id)
    }

    /// The body of an `[[entity]]` table, added to `out` (built in place:
    /// an entity is large, and each move of it a copy).
    fn entity(&mut self, out: &mut Vec<Entity>) -> Option<()> {
        let id = self.id()?;
        let label = self.field("label")?;
        if label.is_empty() {
            return None;
        }
        let link = self.optional(keys::LINK).ok()?;
        let (start, end) = self.span("\n", "\n")?;
        let text = self.field("text")?;
        let note = self.optional("note").ok()?;
        let by = self.optional(keys::BY).ok()?;
        let at = self.optional(keys::AT).ok()?;
        let conflict = self.conflict().ok()?;
        out.push(Entity {
            id,
            label,
            link,
            start,
            end,
            text,
            note,
            by,
            at,
            conflict,
            ..Entity::default()
        });
        let entity = out.last_mut()?;
        self.extras(&mut entity.extra, &ENTITY_KEYS, "\n")
    }

    /// A `conflict = { … }` line, if there is one here (`Ok(None)` when
    /// not); `Err(())` when it is not in the writer's form.
    fn conflict(&mut self) -> Result<Option<Conflict>, ()> {
        if !self.bytes[self.pos..].starts_with(b"conflict = ") {
            return Ok(None);
        }
        self.conflict_mark().map(Some).ok_or(())
    }

    /// The `conflict = { with = "…"[, source = "…"][, unknown…] }` line;
    /// `None` when it is not in the writer's form (or `with` is no id).
    fn conflict_mark(&mut self) -> Option<Conflict> {
        self.eat("conflict = { with = ")?;
        let with = self.string()?;
        if with.is_empty() || with.chars().any(char::is_whitespace) {
            return None;
        }
        let source = match self.eat(", source = ") {
            Some(()) => Some(self.string()?),
            None => None,
        };
        let mut conflict = Conflict { with, source, extra: toml::Table::new() };
        self.extras(&mut conflict.extra, &CONFLICT_KEYS, ", ")?;
        self.eat(" }\n")?;
        Some(conflict)
    }

    /// `key = { start = N, end = N, text = "…"[, unknown…] }\n`, if the
    /// line here is one (`Ok(None)` when not; `Err(())` when it is, but
    /// not in the writer's form).
    fn span_field(&mut self, key: &str) -> Result<Option<Cue>, ()> {
        let rest = &self.bytes[self.pos..];
        if !(rest.starts_with(key.as_bytes()) && rest[key.len()..].starts_with(b" = { ")) {
            return Ok(None);
        }
        self.pos += key.len() + b" = { ".len();
        self.inline_span().map(Some).ok_or(())
    }

    /// The rest of an inline span after its `{ `, through ` }\n`.
    fn inline_span(&mut self) -> Option<Cue> {
        let (start, end) = self.span(", ", ", text = ")?;
        let text = self.string()?;
        let mut cue = Cue { start, end, text, extra: toml::Table::new() };
        self.extras(&mut cue.extra, &CUE_KEYS, ", ")?;
        self.eat(" }\n")?;
        Some(cue)
    }

    /// The body of a `[[<table>]]` table of the declared kind `kind`.
    fn record(&mut self, kind: &Arc<KindDecl>) -> Option<Record> {
        let id = self.id()?;
        let mut record = Record::new(kind, &id);
        if kind.own_span {
            let (start, end) = self.span("\n", "\n")?;
            let text = self.field("text")?;
            record.span = Some(Cue { start, end, text, extra: toml::Table::new() });
        }
        for (i, field) in kind.fields.iter().enumerate() {
            let value = if field.ty == FieldType::Span {
                self.span_field(&field.key).ok()?.map(Value::Span)
            } else {
                let text = self.optional(&field.key).ok()?;
                let valid = text.as_deref().is_none_or(|t| match &field.ty {
                    FieldType::Label => !t.is_empty(),
                    FieldType::Enum(names) => names.iter().any(|n| n == t),
                    FieldType::Ref { .. } => is_id(t),
                    FieldType::Text | FieldType::Span => true,
                });
                if !valid {
                    return None;
                }
                text.map(Value::Text)
            };
            if field.required && value.is_none() {
                return None;
            }
            record.values[i] = value;
        }
        record.by = self.optional(keys::BY).ok()?;
        record.at = self.optional(keys::AT).ok()?;
        record.conflict = self.conflict().ok()?;
        self.extras(&mut record.extra, &kind.known_keys(), "\n")?;
        Some(record)
    }

    /// The body of a `[[claim]]` table, added to `out` (built in place).
    fn claim(&mut self, out: &mut Vec<Claim>) -> Option<()> {
        let id = self.id()?;
        let (start, end) = self.span("\n", "\n")?;
        let text = self.field("text")?;
        let rest = &self.bytes[self.pos..];
        let claimant = if rest.starts_with(b"claimant = ") {
            Some(Claimant::Entity(self.field("claimant")?))
        } else if rest.starts_with(b"claimant_text = ") {
            Some(Claimant::Text(self.field("claimant_text")?))
        } else {
            None
        };
        let cue = match self.eat("cue = { ") {
            Some(()) => Some(self.inline_span()?),
            None => None,
        };
        self.eat("kind = ")?;
        let kind = self.string_ref()?.parse::<ClaimKind>().ok()?;
        self.eat("\n")?;
        let note = self.optional("note").ok()?;
        let by = self.optional(keys::BY).ok()?;
        let at = self.optional(keys::AT).ok()?;
        let conflict = self.conflict().ok()?;
        out.push(Claim {
            id,
            start,
            end,
            text,
            claimant,
            cue,
            kind,
            note,
            by,
            at,
            conflict,
            ..Claim::default()
        });
        let claim = out.last_mut()?;
        self.extras(&mut claim.extra, &CLAIM_KEYS, "\n")
    }
}

/// The length of the run at the start of `bytes` that a basic string holds
/// as it is: up to the first `"`, `\\` or control character other than the
/// tab (DEL included), or all of `bytes` when there is none. Eight bytes
/// are tested at a time (see [`specials`]), the last few one by one.
fn plain_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let hits = specials(u64::from_le_bytes(word));
        if hits == 0 {
            at += 8;
            continue;
        }
        let first = at + (hits.trailing_zeros() / 8) as usize;
        if bytes[first] != b'\t' {
            return first;
        }
        at = first + 1;
    }
    let tail = &bytes[at..];
    at + tail.iter().position(|&b| special(b)).unwrap_or(tail.len())
}

/// True for a byte that ends a basic string's plain run (see [`plain_run`]).
fn special(b: u8) -> bool {
    b == b'"' || b == b'\\' || (b < 0x20 && b != b'\t') || b == 0x7f
}

/// The bytes of the little-endian `word` that are `"`, `\\`, DEL or below
/// 0x20 (the tab too), as their top bits. The lowest bit set is always
/// such a byte; bits above it may be false (a borrow carried up), so only
/// the lowest is to be trusted.
fn specials(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    let del = zero(word ^ (ONES * 0x7f));
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    (quote | backslash | del | control) & TOPS
}

/// The `char` an escape stands for (`rest` follows the backslash) and the
/// number of bytes it takes; only the escapes `write_string` uses, plus
/// `\U`.
fn escape(rest: &[u8]) -> Option<(char, usize)> {
    let simple = match *rest.first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'u' => return hex_char(rest.get(1..5)?).map(|c| (c, 5)),
        b'U' => return hex_char(rest.get(1..9)?).map(|c| (c, 9)),
        _ => return None,
    };
    Some((simple, 1))
}

/// The scalar value whose hex digits are `digits`.
fn hex_char(digits: &[u8]) -> Option<char> {
    let mut n = 0u32;
    for &d in digits {
        n = n * 16 + char::from(d).to_digit(16)?;
    }
    char::from_u32(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that stop a plain run, those that do not but look close (the
    /// tab, the bytes beside each special one, continuation bytes), and any.
    fn byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            3 => prop::sample::select(
                b"\"\\\t\n\r\x00\x1f\x20\x7f\x7e\x80\xd8\xa7!#[]\x5b\x5d\x21\x23 a".to_vec()
            ),
            1 => any::<u8>(),
        ]
    }

    /// Ids drawn from a few, so that some repeat: Hashiya's own, a leading
    /// zero, another prefix, a huge number, a word.
    fn some_id() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(&["e0", "e1", "e2", "e3", "c0", "c1", "c2", "e99"][..]),
            1 => prop::sample::select(&["e01", "e00", "c01", "e", "c", "e999999", "x", "ce1"][..]),
        ]
        .prop_map(str::to_owned)
    }

    #[test]
    fn plain_numbers_are_hashiyas_own() {
        assert_eq!(plain_number("e12", 'e'), Some(12));
        assert_eq!(plain_number("e0", 'e'), Some(0));
        assert_eq!(plain_number("c12", 'e'), None);
        assert_eq!(plain_number("e012", 'e'), None, "a leading zero: another id than e12");
        assert_eq!(plain_number("e", 'e'), None);
        assert_eq!(plain_number("e1x", 'e'), None);
        assert_eq!(plain_number("e-1", 'e'), None);
        assert_eq!(plain_number("e99999999999999999999999", 'e'), None);
    }

    proptest! {
        /// Telling by numbers, when it can tell, is telling by hashing.
        #[test]
        fn numbered_references_are_hashed_references(
            entities in prop::collection::vec(some_id(), 0..6),
            claims in prop::collection::vec((some_id(), prop::option::of(some_id()), any::<bool>()), 0..6),
        ) {
            let parsed = Parsed {
                entities: entities.into_iter().map(|id| Entity { id, ..Entity::default() }).collect(),
                claims: claims
                    .into_iter()
                    .map(|(id, claimant, text)| Claim {
                        id,
                        claimant: claimant.map(|c| if text { Claimant::Text(c) } else { Claimant::Entity(c) }),
                        ..Claim::default()
                    })
                    .collect(),
                ..Parsed::default()
            };
            if let Some(told) = numbered_references_hold(&parsed) {
                prop_assert_eq!(told, hashed_references_hold(&parsed));
            }
        }

        /// The word-at-a-time scan stops where a byte-by-byte one does, at
        /// every length and position (runs of tabs and borrows included).
        #[test]
        fn plain_run_is_the_first_special_byte(bytes in prop::collection::vec(byte(), 0..40)) {
            let expected = bytes.iter().position(|&b| special(b)).unwrap_or(bytes.len());
            prop_assert_eq!(plain_run(&bytes), expected);
        }
    }

    #[test]
    fn escapes_decode_to_their_chars() {
        assert_eq!(escape(b"u0041rest"), Some(('A', 5)));
        assert_eq!(escape(b"u202e"), Some(('\u{202E}', 5)));
        assert_eq!(escape(b"U0001F600"), Some(('😀', 9)));
        assert_eq!(escape(b"uD800"), None, "a surrogate is no scalar value");
        assert_eq!(escape(b"u00"), None, "too short");
        assert_eq!(escape(b"u00G0"), None);
        assert_eq!(escape(b"e"), None, "not an escape the writer uses");
        assert_eq!(escape(b"\n"), None, "line-ending backslash: left to the full reader");
    }
}
