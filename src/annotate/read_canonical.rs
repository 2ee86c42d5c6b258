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
            parsed.entities.push(c.entity()?);
        } else if c.eat("\n[[claim]]\n").is_some() {
            parsed.claims.push(c.claim()?);
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

impl Cursor<'_> {
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

    /// A `char` offset: what the full reader accepts as `start` / `end`.
    fn offset(&mut self) -> Option<usize> {
        self.digits()?.parse().ok()
    }

    /// `next_entity` / `next_claim`: 1 or more.
    fn counter(&mut self) -> Option<u64> {
        self.digits()?.parse().ok().filter(|&n| n >= 1)
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
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        let rest = self.bytes.get(start..)?;
        // Most strings have no escape: one scan for their end, one test of
        // the bytes before it, one copy.
        let stop = memchr::memchr2(b'"', b'\\', rest)?;
        if has_control(&rest[..stop]) {
            return None;
        }
        if rest[stop] == b'\\' {
            return self.escaped_string(start, stop);
        }
        self.pos = start + stop + 1;
        Some(self.source[start..start + stop].to_owned())
    }

    /// The rest of a basic string that starts at byte `start` and whose
    /// first escape is `plain` bytes after it (those bytes checked).
    fn escaped_string(&mut self, start: usize, plain: usize) -> Option<String> {
        let mut i = start + plain;
        let mut run = start;
        let mut out = String::with_capacity(plain + 16);
        loop {
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
                0..=0x08 | 0x0a..=0x1f | 0x7f => return None,
                _ => i += 1,
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
            self.field(key).map(Some).ok_or(())
        } else {
            Ok(None)
        }
    }

    /// A valid id: non-empty, no whitespace.
    fn id(&mut self) -> Option<String> {
        let id = self.field("id")?;
        (!id.is_empty() && !id.chars().any(char::is_whitespace)).then_some(id)
    }

    /// The body of an `[[entity]]` table.
    fn entity(&mut self) -> Option<Entity> {
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
        let mut entity = Entity {
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
        };
        self.extras(&mut entity.extra, &ENTITY_KEYS, "\n")?;
        Some(entity)
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

    /// The body of a `[[claim]]` table.
    fn claim(&mut self) -> Option<Claim> {
        let id = self.id()?;
        let (start, end) = self.span("\n", "\n")?;
        let text = self.field("text")?;
        let mut claim = Claim { id, start, end, text, ..Claim::default() };
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"claimant = ") {
            claim.claimant = Some(Claimant::Entity(self.field("claimant")?));
        } else if rest.starts_with(b"claimant_text = ") {
            claim.claimant = Some(Claimant::Text(self.field("claimant_text")?));
        }
        if self.eat("cue = { ").is_some() {
            claim.cue = Some(self.inline_span()?);
        }
        claim.kind = self.field("kind")?.parse::<ClaimKind>().ok()?;
        claim.note = self.optional("note").ok()?;
        claim.by = self.optional(keys::BY).ok()?;
        claim.at = self.optional(keys::AT).ok()?;
        claim.conflict = self.conflict().ok()?;
        self.extras(&mut claim.extra, &CLAIM_KEYS, "\n")?;
        Some(claim)
    }
}

/// True when `bytes` hold a control character a basic string may not
/// hold raw (any but the tab). Folds without early exit, so that the
/// compiler vectorises it.
#[allow(clippy::needless_bitwise_bool)]
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |hit, &b| hit | ((b < 0x20) & (b != b'\t')) | (b == 0x7f))
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
