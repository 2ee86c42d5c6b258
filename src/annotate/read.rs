//! Reading a sidecar: TOML with positions, checked against the schema, with
//! every error pointing at a line and column of the file.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::text::position::line_column;
use toml::de::{DeTable, DeValue};

use super::keys;
use super::kinds::{FieldDecl, FieldType, KindDecl, Kinds, Record, Value as FieldValue};
use super::model::{Claim, ClaimKind, Claimant, Conflict, Cue, Entity};
use super::read_canonical::parse_canonical_with;
use super::sidecar::SidecarError;
use super::store::FileExtra;

/// The sidecar schema version this code reads and writes.
pub const SCHEMA_VERSION: i64 = 1;

/// A sidecar's content, checked but not yet re-anchored.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Parsed {
    pub(crate) entities: Vec<Entity>,
    pub(crate) claims: Vec<Claim>,
    /// Records of declared kinds (relations…), in file order.
    pub(crate) records: Vec<Record>,
    pub(crate) next_entity: u64,
    pub(crate) next_claim: u64,
    pub(crate) extra: FileExtra,
    /// `[article] sha256`, if given.
    pub(crate) sha256: Option<String>,
    /// `[article] file`, if given.
    pub(crate) file: Option<String>,
}

type Value<'s> = Spanned<DeValue<'s>>;

/// Reads values of one TOML document: the whole sidecar, or one of its
/// sections (see [`super::read_sections`]), whose spans start at `base`.
pub(crate) struct Reader<'s> {
    source: &'s str,
    path: &'s Path,
    /// Byte offset in `source` of the document the spans are relative to.
    base: usize,
}

impl<'s> Reader<'s> {
    /// A reader of the document at byte `base` of the sidecar `source`.
    pub(crate) fn new(source: &'s str, path: &'s Path, base: usize) -> Self {
        Self { source, path, base }
    }

    /// `span`, relative to the document, as a span of the whole source.
    fn absolute(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.base..span.end + self.base
    }

    fn error(&self, span: &Range<usize>, message: impl Into<String>) -> SidecarError {
        let (line, column) = line_column(self.source, self.base + span.start);
        SidecarError::Schema {
            path: self.path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    fn string(&self, key: &str, v: &Value<'s>) -> Result<String, SidecarError> {
        v.get_ref()
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.error(&v.span(), type_message(key, "a string", v)))
    }

    fn integer(&self, key: &str, v: &Value<'s>) -> Result<i128, SidecarError> {
        let int = v
            .get_ref()
            .as_integer()
            .ok_or_else(|| self.error(&v.span(), type_message(key, "an integer", v)))?;
        i128::from_str_radix(int.as_str(), int.radix())
            .map_err(|_| self.error(&v.span(), format!("`{key}` is out of range")))
    }

    fn offset(&self, key: &str, v: &Value<'s>) -> Result<usize, SidecarError> {
        let n = self.integer(key, v)?;
        usize::try_from(n).map_err(|_| {
            self.error(&v.span(), format!("`{key}` must be a `char` offset (0 or more), not {n}"))
        })
    }

    fn counter(&self, key: &str, v: &Value<'s>) -> Result<u64, SidecarError> {
        let n = self.integer(key, v)?;
        u64::try_from(n)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| self.error(&v.span(), format!("`{key}` must be 1 or more, not {n}")))
    }

    fn table<'v>(&self, key: &str, v: &'v Value<'s>) -> Result<&'v DeTable<'s>, SidecarError> {
        v.get_ref().as_table().ok_or_else(|| self.error(&v.span(), type_message(key, "a table", v)))
    }

    /// An unknown value, kept as a plain TOML value.
    fn unknown(&self, v: &Value<'s>) -> Result<toml::Value, SidecarError> {
        toml::Value::deserialize(toml::de::ValueDeserializer::from(v.clone()))
            .map_err(|e| self.error(&v.span(), e.message().trim().to_owned()))
    }

    fn id(&self, v: &Value<'s>) -> Result<String, SidecarError> {
        let id = self.string("id", v)?;
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(self.error(&v.span(), "`id` must be a non-empty word"));
        }
        Ok(id)
    }

    fn span(
        &self,
        start: Option<&Value<'s>>,
        end: Option<&Value<'s>>,
        at: &Range<usize>,
        what: &str,
    ) -> Result<(usize, usize), SidecarError> {
        let start_v = start.ok_or_else(|| self.error(at, format!("{what} has no `start`")))?;
        let end_v = end.ok_or_else(|| self.error(at, format!("{what} has no `end`")))?;
        let (start, end) = (self.offset("start", start_v)?, self.offset("end", end_v)?);
        if start > end {
            return Err(
                self.error(&end_v.span(), format!("`end` ({end}) is before `start` ({start})"))
            );
        }
        Ok((start, end))
    }
}

fn type_message(key: &str, expected: &str, v: &Value<'_>) -> String {
    format!("`{key}` must be {expected}, not {}", v.get_ref().type_str())
}

/// Parses and checks sidecar `source`; `path` names it in errors. A file
/// in the exact form Hashiya writes is read by the fast reader
/// ([`parse_canonical`]); other files made of plain sections (`[article]`,
/// `[[entity]]`, `[[claim]]`) a section at a time
/// ([`super::read_sections::parse_sections`]), so that memory stays
/// proportional to the annotations rather than to a TOML tree of the whole
/// file; anything else by the full TOML reader.
pub(crate) fn parse(source: &str, path: &Path) -> Result<Parsed, SidecarError> {
    parse_with(source, path, Kinds::builtin())
}

/// [`parse`] knowing the annotation kinds `kinds` (their tables are read
/// as records; see [`super::kinds`]).
pub(crate) fn parse_with(source: &str, path: &Path, kinds: &Kinds) -> Result<Parsed, SidecarError> {
    if let Some(parsed) = parse_canonical_with(source, kinds) {
        return Ok(parsed);
    }
    match super::read_sections::parse_sections(source, path, kinds) {
        Some(result) => result,
        None => parse_full_with(source, path, kinds),
    }
}

/// The error for a TOML syntax error `e` in the document at byte `base` of
/// sidecar `source`.
pub(crate) fn syntax_error(
    source: &str,
    path: &Path,
    base: usize,
    e: &toml::de::Error,
) -> SidecarError {
    let (line, column) = line_column(source, base + e.span().map_or(0, |s| s.start));
    SidecarError::Syntax {
        path: path.to_path_buf(),
        line,
        column,
        message: e.message().trim().to_owned(),
    }
}

/// Parses and checks sidecar `source` with the full TOML parser; `path`
/// names it in errors.
#[cfg(test)]
pub(crate) fn parse_full(source: &str, path: &Path) -> Result<Parsed, SidecarError> {
    parse_full_with(source, path, Kinds::builtin())
}

/// [`parse_full`] knowing the annotation kinds `kinds`.
pub(crate) fn parse_full_with(
    source: &str,
    path: &Path,
    kinds: &Kinds,
) -> Result<Parsed, SidecarError> {
    let reader = Reader::new(source, path, 0);
    let root = DeTable::parse(source).map_err(|e| syntax_error(source, path, 0, &e))?;
    let whole = root.span();
    let mut state = State::new(kinds);
    state.read_root(&reader, root.get_ref());
    state.finish(&reader, whole.start)
}

/// Where reading a sidecar is: what was read, and the first error of each
/// top-level key. Fed one document (the whole file) or several (its
/// sections, in file order) by [`State::read_root`].
pub(crate) struct State<'k> {
    /// The kinds whose tables are read as records.
    kinds: &'k Kinds,
    parsed: Parsed,
    schema_seen: bool,
    article_seen: bool,
    /// Every id with the span of its value, to find duplicates.
    ids: Vec<(String, Range<usize>)>,
    /// Every entity a `claimant` names, with the span of that value.
    claimants: Vec<(String, Range<usize>)>,
    /// Keys whose reading failed (no more of them is read, as the whole
    /// file's reader stops at the first error of a key).
    failed: HashSet<String>,
    /// The error that comes first in the file.
    first_error: Option<SidecarError>,
}

impl<'k> State<'k> {
    /// Nothing read yet; the tables of `kinds` are read as records.
    pub(crate) fn new(kinds: &'k Kinds) -> Self {
        Self {
            kinds,
            parsed: Parsed { next_entity: 1, next_claim: 1, ..Parsed::default() },
            schema_seen: false,
            article_seen: false,
            ids: Vec::new(),
            claimants: Vec::new(),
            failed: HashSet::new(),
            first_error: None,
        }
    }

    /// Makes room for `entities` and `claims` more annotations.
    pub(crate) fn reserve(&mut self, entities: usize, claims: usize) {
        self.parsed.entities.reserve(entities);
        self.parsed.claims.reserve(claims);
        self.ids.reserve(entities + claims);
    }

    /// Reads the top-level entries of one document. Entries come in key
    /// order, not file order: the error that comes first in the file is kept.
    pub(crate) fn read_root(&mut self, reader: &Reader<'_>, root: &DeTable<'_>) {
        for (key, value) in root {
            let key = key.get_ref().as_ref();
            if self.failed.contains(key) {
                continue;
            }
            if let Err(e) = self.read_entry(reader, key, value) {
                self.failed.insert(key.to_owned());
                if self.first_error.as_ref().is_none_or(|f| e.line_column() < f.line_column()) {
                    self.first_error = Some(e);
                }
            }
        }
    }

    fn read_entry(
        &mut self,
        reader: &Reader<'_>,
        key: &str,
        value: &Value<'_>,
    ) -> Result<(), SidecarError> {
        let parsed = &mut self.parsed;
        match key {
            "schema" => {
                let n = reader.integer("schema", value)?;
                if n != i128::from(SCHEMA_VERSION) {
                    return Err(reader.error(
                        &value.span(),
                        format!(
                            "unsupported schema {n} (this Hashiya reads schema {SCHEMA_VERSION})"
                        ),
                    ));
                }
                self.schema_seen = true;
            }
            "article" => {
                read_article(reader, value, parsed)?;
                self.article_seen = true;
            }
            "next_entity" => parsed.next_entity = reader.counter("next_entity", value)?,
            "next_claim" => parsed.next_claim = reader.counter("next_claim", value)?,
            "entity" => {
                for item in array_of_tables(reader, "entity", value)? {
                    let entity = read_entity(reader, item)?;
                    self.ids.push((entity.id.clone(), reader.absolute(id_span(item))));
                    parsed.entities.push(entity);
                }
            }
            "claim" => {
                for item in array_of_tables(reader, "claim", value)? {
                    let (claim, claimant) = read_claim(reader, item)?;
                    self.ids.push((claim.id.clone(), reader.absolute(id_span(item))));
                    self.claimants.extend(claimant.map(|(id, at)| (id, reader.absolute(at))));
                    parsed.claims.push(claim);
                }
            }
            other => match self.kinds.record_table(other) {
                Some(kind) => {
                    for item in array_of_tables(reader, other, value)? {
                        let record = read_record(reader, item, kind)?;
                        self.ids.push((record.id.clone(), reader.absolute(id_span(item))));
                        parsed.records.push(record);
                    }
                }
                None => {
                    parsed.extra.top.insert(other.to_owned(), reader.unknown(value)?);
                }
            },
        }
        Ok(())
    }

    /// The sidecar read, or its first error: then the required keys, unique
    /// ids and claimants naming entities are checked. `start` is where the
    /// file's content starts (for a missing `[article]`).
    pub(crate) fn finish(self, reader: &Reader<'_>, start: usize) -> Result<Parsed, SidecarError> {
        if let Some(e) = self.first_error {
            return Err(e);
        }
        if !self.schema_seen {
            return Err(reader.error(&(0..0), "missing `schema = 1`"));
        }
        if !self.article_seen {
            return Err(reader.error(&(start..start), "missing `[article]` table"));
        }
        let mut ids = self.ids;
        ids.sort_by_key(|(_, span)| span.start);
        let mut seen: HashSet<&str> = HashSet::with_capacity(ids.len());
        for (id, span) in &ids {
            if !seen.insert(id.as_str()) {
                return Err(reader.error(span, format!("duplicate id `{id}`")));
            }
        }
        let mut parsed = self.parsed;
        super::kinds::sort_records(&mut parsed.records);
        let entity_ids: HashSet<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
        let mut claimants = self.claimants;
        claimants.sort_by_key(|(_, span)| span.start);
        for (id, span) in &claimants {
            if !entity_ids.contains(id.as_str()) {
                return Err(reader.error(span, format!("`claimant` names no entity: `{id}`")));
            }
        }
        drop(entity_ids);
        Ok(parsed)
    }
}

/// The span of the `id` value of a table (checked to exist by its reader).
fn id_span(item: &Value<'_>) -> Range<usize> {
    item.get_ref()
        .as_table()
        .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "id"))
        .map_or_else(|| item.span(), |(_, v)| v.span())
}

fn array_of_tables<'v, 's>(
    reader: &Reader<'s>,
    key: &str,
    value: &'v Value<'s>,
) -> Result<&'v [Value<'s>], SidecarError> {
    let items = value.get_ref().as_array().ok_or_else(|| {
        reader.error(&value.span(), type_message(key, "an array of tables", value))
    })?;
    for item in items {
        reader.table(key, item)?;
    }
    Ok(items)
}

fn read_article(
    reader: &Reader<'_>,
    value: &Value<'_>,
    parsed: &mut Parsed,
) -> Result<(), SidecarError> {
    let table = reader.table("article", value)?;
    for (key, v) in table {
        match key.get_ref().as_ref() {
            "file" => parsed.file = Some(reader.string("file", v)?),
            "sha256" => parsed.sha256 = Some(reader.string("sha256", v)?),
            other => {
                parsed.extra.article.insert(other.to_owned(), reader.unknown(v)?);
            }
        }
    }
    Ok(())
}

fn read_entity(reader: &Reader<'_>, item: &Value<'_>) -> Result<Entity, SidecarError> {
    let table = reader.table("entity", item)?;
    let mut entity = Entity::default();
    let (mut id, mut label, mut text, mut start, mut end) = (None, None, None, None, None);
    for (key, v) in table {
        match key.get_ref().as_ref() {
            "id" => id = Some(reader.id(v)?),
            "label" => label = Some(reader.string("label", v)?),
            keys::LINK => entity.link = Some(reader.string(keys::LINK, v)?),
            "start" => start = Some(v),
            "end" => end = Some(v),
            "text" => text = Some(reader.string("text", v)?),
            "note" => entity.note = Some(reader.string("note", v)?),
            keys::BY => entity.by = Some(reader.string(keys::BY, v)?),
            keys::AT => entity.at = Some(reader.string(keys::AT, v)?),
            "conflict" => entity.conflict = Some(read_conflict(reader, v)?),
            other => {
                entity.extra.insert(other.to_owned(), reader.unknown(v)?);
            }
        }
    }
    let at = item.span();
    entity.id = id.ok_or_else(|| reader.error(&at, "entity has no `id`"))?;
    let what = format!("entity `{}`", entity.id);
    entity.label = label.ok_or_else(|| reader.error(&at, format!("{what} has no `label`")))?;
    if entity.label.is_empty() {
        return Err(reader.error(&at, format!("{what} has an empty `label`")));
    }
    (entity.start, entity.end) = reader.span(start, end, &at, &what)?;
    entity.text = text.ok_or_else(|| reader.error(&at, format!("{what} has no `text`")))?;
    Ok(entity)
}

/// A claim, and the entity id its `claimant` names with that value's span.
type ReadClaim = (Claim, Option<(String, Range<usize>)>);

fn read_claim(reader: &Reader<'_>, item: &Value<'_>) -> Result<ReadClaim, SidecarError> {
    let table = reader.table("claim", item)?;
    let mut claim = Claim::default();
    let (mut id, mut text, mut start, mut end) = (None, None, None, None);
    let mut reference = None;
    for (key, v) in table {
        match key.get_ref().as_ref() {
            "id" => id = Some(reader.id(v)?),
            "start" => start = Some(v),
            "end" => end = Some(v),
            "text" => text = Some(reader.string("text", v)?),
            "claimant" | "claimant_text" if claim.claimant.is_some() => {
                return Err(reader.error(
                    &key.span(),
                    "a claim has either `claimant` (an entity id) or `claimant_text`, not both",
                ));
            }
            "claimant" => {
                let entity = reader.string("claimant", v)?;
                reference = Some((entity.clone(), v.span()));
                claim.claimant = Some(Claimant::Entity(entity));
            }
            "claimant_text" => {
                claim.claimant = Some(Claimant::Text(reader.string("claimant_text", v)?));
            }
            "cue" => claim.cue = Some(read_cue(reader, v)?),
            "kind" => {
                let kind = reader.string("kind", v)?;
                claim.kind = kind.parse().map_err(|()| {
                    let names: Vec<_> = ClaimKind::ALL.iter().map(|k| k.name()).collect();
                    reader.error(
                        &v.span(),
                        format!("unknown claim kind `{kind}` (kinds: {})", names.join(", ")),
                    )
                })?;
            }
            "note" => claim.note = Some(reader.string("note", v)?),
            keys::BY => claim.by = Some(reader.string(keys::BY, v)?),
            keys::AT => claim.at = Some(reader.string(keys::AT, v)?),
            "conflict" => claim.conflict = Some(read_conflict(reader, v)?),
            other => {
                claim.extra.insert(other.to_owned(), reader.unknown(v)?);
            }
        }
    }
    let at = item.span();
    claim.id = id.ok_or_else(|| reader.error(&at, "claim has no `id`"))?;
    let what = format!("claim `{}`", claim.id);
    (claim.start, claim.end) = reader.span(start, end, &at, &what)?;
    claim.text = text.ok_or_else(|| reader.error(&at, format!("{what} has no `text`")))?;
    Ok((claim, reference))
}

/// `conflict = { with = "e7", source = "disk" }`: `with` is required and
/// an id (it may name an annotation that is gone: the other version was
/// deleted, the conflict resolved); `source` is optional.
fn read_conflict(reader: &Reader<'_>, value: &Value<'_>) -> Result<Conflict, SidecarError> {
    let table = reader.table("conflict", value)?;
    let mut conflict = Conflict::default();
    let mut with = None;
    for (key, v) in table {
        match key.get_ref().as_ref() {
            "with" => {
                with = Some(reader.id(v).map_err(|_| {
                    reader.error(&v.span(), "`conflict.with` must be the id of the other version")
                })?);
            }
            "source" => conflict.source = Some(reader.string("source", v)?),
            other => {
                conflict.extra.insert(other.to_owned(), reader.unknown(v)?);
            }
        }
    }
    conflict.with =
        with.ok_or_else(|| reader.error(&value.span(), "`conflict` has no `with` (an id)"))?;
    Ok(conflict)
}

fn read_cue(reader: &Reader<'_>, value: &Value<'_>) -> Result<Cue, SidecarError> {
    read_span_field(reader, keys::CUE, value)
}

/// A span field `key = { start, end, text }` (a claim's cue, a record's
/// span field); unknown keys kept.
fn read_span_field(reader: &Reader<'_>, key: &str, value: &Value<'_>) -> Result<Cue, SidecarError> {
    let table = reader.table(key, value)?;
    let mut cue = Cue::default();
    let (mut text, mut start, mut end) = (None, None, None);
    for (key, v) in table {
        match key.get_ref().as_ref() {
            "start" => start = Some(v),
            "end" => end = Some(v),
            "text" => text = Some(reader.string("text", v)?),
            other => {
                cue.extra.insert(other.to_owned(), reader.unknown(v)?);
            }
        }
    }
    let at = value.span();
    (cue.start, cue.end) = reader.span(start, end, &at, &format!("`{key}`"))?;
    cue.text = text.ok_or_else(|| reader.error(&at, format!("`{key}` has no `text`")))?;
    Ok(cue)
}

/// A record of the declared kind `kind` (see [`super::kinds`]): every
/// declared field checked by its type, required fields present; unknown
/// fields kept. References are not resolved here (a dangling one loads;
/// `hashiya check` reports it).
fn read_record(
    reader: &Reader<'_>,
    item: &Value<'_>,
    kind: &std::sync::Arc<KindDecl>,
) -> Result<Record, SidecarError> {
    let table = reader.table(&kind.table, item)?;
    let mut record = Record::new(kind, "");
    let (mut id, mut text, mut start, mut end) = (None, None, None, None);
    for (key, v) in table {
        match key.get_ref().as_ref() {
            keys::ID => id = Some(reader.id(v)?),
            keys::START if kind.own_span => start = Some(v),
            keys::END if kind.own_span => end = Some(v),
            keys::TEXT if kind.own_span => text = Some(reader.string(keys::TEXT, v)?),
            keys::BY => record.by = Some(reader.string(keys::BY, v)?),
            keys::AT => record.at = Some(reader.string(keys::AT, v)?),
            keys::CONFLICT => record.conflict = Some(read_conflict(reader, v)?),
            other => match kind.find(other) {
                Some((i, field)) => record.values[i] = Some(read_value(reader, field, v)?),
                None => {
                    record.extra.insert(other.to_owned(), reader.unknown(v)?);
                }
            },
        }
    }
    let at = item.span();
    record.id = id.ok_or_else(|| reader.error(&at, format!("{} has no `id`", kind.name)))?;
    let what = format!("{} `{}`", kind.name, record.id);
    if kind.own_span {
        let (start, end) = reader.span(start, end, &at, &what)?;
        let text = text.ok_or_else(|| reader.error(&at, format!("{what} has no `text`")))?;
        record.span = Some(Cue::new(start..end, &text));
    }
    for (field, value) in kind.fields.iter().zip(&record.values) {
        if field.required && value.is_none() {
            return Err(reader.error(&at, format!("{what} has no `{}`", field.key)));
        }
    }
    Ok(record)
}

/// The value of the declared field `field`, checked by its type.
fn read_value(
    reader: &Reader<'_>,
    field: &FieldDecl,
    v: &Value<'_>,
) -> Result<FieldValue, SidecarError> {
    let key = field.key.as_str();
    if field.ty == FieldType::Span {
        return read_span_field(reader, key, v).map(FieldValue::Span);
    }
    let text = reader.string(key, v)?;
    match &field.ty {
        FieldType::Label if text.is_empty() => {
            Err(reader.error(&v.span(), format!("`{key}` cannot be empty")))
        }
        FieldType::Enum(names) if !names.contains(&text) => Err(reader
            .error(&v.span(), format!("unknown {key} `{text}` (one of: {})", names.join(", ")))),
        FieldType::Ref { .. } if !is_id(&text) => {
            Err(reader.error(&v.span(), format!("`{key}` must be an id (a non-empty word)")))
        }
        _ => Ok(FieldValue::Text(text)),
    }
}

/// True for a valid id: not empty, no whitespace.
pub(crate) fn is_id(id: &str) -> bool {
    !id.is_empty() && !id.chars().any(char::is_whitespace)
}
