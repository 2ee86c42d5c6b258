//! `hashiya check`: every problem of a sidecar **as it is in the file**.
//!
//! Loading a sidecar in the reader re-anchors spans whose quoted text does
//! not match the article; `check` does not: it parses the file without
//! re-anchoring ([`parse_unanchored`]) and reports, with the line and column
//! of the value at fault:
//!
//! - errors: invalid UTF-8 or TOML (every syntax error TOML finds), breaks of
//!   the sidecar rules (wrong types, missing fields, `start` after `end`,
//!   duplicate ids, a `claimant` naming no entity… the first one only, as
//!   the loader stops there), offsets past the end of the article, quoted
//!   text (of an entity, a claim or a cue) that is not the article's text at
//!   its offsets, an article that changed since the sidecar was saved
//!   (`sha256` differs), a sidecar whose article is missing or unreadable;
//! - warnings: no `sha256`, `[article] file` naming another file, a label
//!   that is not in the schema, an empty span, two entities with the same
//!   label and span, an unresolved conflict (an annotation marked
//!   `conflict = { with = … }` by a merge), a conflict mark naming an id
//!   that is gone;
//! - errors: an `[article] status` that is not `todo`, `in_progress` or `done`;
//! - for records of declared kinds (relations…, see
//!   [`crate::annotate::kinds`]): errors for a reference naming no
//!   annotation of its kind (a relation whose end is missing) and for spans
//!   as above; warnings for fields their kind does not declare.
//!
//! - warnings: an entity whose `link` names no canonical entity of the
//!   folder's `entities.toml`.
//!
//! Before the sidecars, every problem of the `hashiya.toml` (and
//! `entities.toml`) of each folder looked at, and of the keymaps asked for
//! ([`super::config`]).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use std::io::Write;

use super::config::Configs;
use super::corpus::{Entry, par_each};
use super::{Outcome, ReviewError};
use crate::annotate::anchor::{CharIndex, Near, SearchBudget};
use crate::annotate::read_sections::{SectionKind, sections};
use crate::annotate::sidecar::Unanchored;
use crate::annotate::sidecar::{article_file_name, sha256_hex};
use crate::annotate::{
    Claim, Conflict, Entity, Kinds, Record, Schema, SidecarError, parse_unanchored_with,
};
use crate::limits::{Input, read_file_telling};
use crate::text::document::count_chars;
use crate::text::load::read_article;
use crate::text::safe::Line;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The sidecar is wrong: `check` exits with 1.
    Error,
    /// Worth a look; `check` still exits with 0 unless `--strict`.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// One finding: `path:line:column: severity: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file at fault (usually the sidecar).
    pub path: PathBuf,
    /// 1-based line and column (in `char`s), when the finding has a place.
    pub at: Option<(usize, usize)>,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

/// One line, whatever the path and the message quote: controls, line
/// breaks and bidi controls are shown as visible symbols ([`Line`]).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", Line(&self.path.display().to_string()))?;
        if let Some((line, column)) = self.at {
            write!(f, "{line}:{column}:")?;
        }
        write!(f, " {}: {}", self.severity, Line(&self.message))
    }
}

/// Where the values of one `[[entity]]` or `[[claim]]` are in the file.
#[derive(Debug, Default, Clone)]
struct Places {
    /// The whole table.
    item: Range<usize>,
    /// Byte spans of its values by key (`cue.start` for the cue's).
    values: HashMap<String, Range<usize>>,
}

impl Places {
    /// The places of the table `item`, whose spans count from byte `base`.
    fn of(item: &toml::Spanned<DeValue<'_>>, base: usize) -> Self {
        let span = item.span();
        let mut places = Self { item: span.start + base..span.end + base, values: HashMap::new() };
        if let Some(table) = item.get_ref().as_table() {
            collect_values(table, "", base, &mut places.values);
        }
        places
    }

    /// The span of value `key`, or of the whole table.
    fn at(&self, key: &str) -> Range<usize> {
        self.values.get(key).cloned().unwrap_or_else(|| self.item.clone())
    }
}

fn collect_values(
    table: &DeTable<'_>,
    prefix: &str,
    base: usize,
    out: &mut HashMap<String, Range<usize>>,
) {
    for (key, value) in table {
        let name = format!("{prefix}{}", key.get_ref());
        if let Some(inner) = value.get_ref().as_table() {
            collect_values(inner, &format!("{name}."), base, out);
        }
        let span = value.span();
        out.insert(name, span.start + base..span.end + base);
    }
}

/// Where the tables of the annotations are, to point findings at their values.
#[derive(Debug)]
enum Items {
    /// A file of plain sections: each annotation's section, parsed again
    /// only when a finding needs its places (memory: two numbers per
    /// annotation, not a tree of the file).
    Sections { entities: Vec<Range<usize>>, claims: Vec<Range<usize>>, records: Vec<Range<usize>> },
    /// Any other file: the places of every annotation, from a tree of the
    /// whole file.
    Tree { entities: Vec<Places>, claims: Vec<Places>, records: Vec<Places> },
}

/// The places of every annotation and of `[article]` in a sidecar that parses.
#[derive(Debug)]
struct Layout<'s> {
    source: &'s str,
    items: Items,
    article: Places,
    file: Option<String>,
}

/// Which annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Entity,
    Claim,
    Record,
}

impl Layout<'_> {
    /// Reads `article`, the `[article]` value (spans from `base`).
    fn set_article(&mut self, value: &toml::Spanned<DeValue<'_>>, base: usize) {
        self.article = Places::of(value, base);
        self.file = value
            .get_ref()
            .as_table()
            .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "file"))
            .and_then(|(_, v)| v.get_ref().as_str().map(str::to_owned));
    }

    /// The places of annotation `i` of `kind` (in file order), or of the
    /// `[article]` table if there is no such annotation.
    fn places(&self, kind: Kind, i: usize) -> Places {
        match &self.items {
            Items::Tree { entities, claims, records } => {
                let list = match kind {
                    Kind::Entity => entities,
                    Kind::Claim => claims,
                    Kind::Record => records,
                };
                list.get(i).unwrap_or(&self.article).clone()
            }
            Items::Sections { entities, claims, records } => {
                let (list, key) = match kind {
                    Kind::Entity => (entities, "entity"),
                    Kind::Claim => (claims, "claim"),
                    Kind::Record => (records, ""),
                };
                let Some(range) = list.get(i) else { return self.article.clone() };
                let Ok(root) = DeTable::parse(&self.source[range.clone()]) else {
                    return self.article.clone();
                };
                let item = root
                    .get_ref()
                    .iter()
                    .find(|(k, _)| key.is_empty() || k.get_ref() == key)
                    .and_then(|(_, v)| v.get_ref().as_array()?.first());
                item.map_or_else(|| self.article.clone(), |item| Places::of(item, range.start))
            }
        }
    }
}

/// The layout of `source`, which parses: by sections when it is made of
/// plain sections, else from a tree of the whole file.
fn layout<'s>(source: &'s str, kinds: &Kinds) -> Layout<'s> {
    let mut layout = Layout {
        source,
        items: Items::Sections { entities: Vec::new(), claims: Vec::new(), records: Vec::new() },
        article: Places::default(),
        file: None,
    };
    if let Some(sections) = sections(source, kinds) {
        let (mut entities, mut claims, mut records) = (Vec::new(), Vec::new(), Vec::new());
        let mut plain = true;
        for section in sections {
            match section.kind {
                SectionKind::Entity => entities.push(section.range),
                SectionKind::Claim => claims.push(section.range),
                SectionKind::Record => {
                    // `[[name]]`, perhaps with spaces: the name orders the
                    // records as the readers do (by table, then file order).
                    let header = source[section.range.clone()].trim_start();
                    let name = header.trim_start_matches('[').split(']').next().unwrap_or("");
                    records.push((name.trim().to_owned(), section.range));
                }
                SectionKind::Top | SectionKind::Article => {
                    let Ok(root) = DeTable::parse(&source[section.range.clone()]) else { continue };
                    for (key, value) in root.get_ref() {
                        match key.get_ref().as_ref() {
                            "article" if section.kind == SectionKind::Article => {
                                layout.set_article(value, section.range.start);
                            }
                            "article" | "entity" | "claim" => plain = false,
                            table if kinds.record_table(table).is_some() => plain = false,
                            _ => {}
                        }
                    }
                }
            }
        }
        if plain {
            records.sort_by(|a, b| a.0.cmp(&b.0));
            let records = records.into_iter().map(|(_, range)| range).collect();
            layout.items = Items::Sections { entities, claims, records };
            return layout;
        }
    }
    let Ok(root) = DeTable::parse(source) else { return layout };
    let (mut entities, mut claims, mut records) = (Vec::new(), Vec::new(), Vec::new());
    for (key, value) in root.get_ref() {
        let items = || value.get_ref().as_array().into_iter().flatten();
        match key.get_ref().as_ref() {
            "entity" => entities = items().map(|v| Places::of(v, 0)).collect(),
            "claim" => claims = items().map(|v| Places::of(v, 0)).collect(),
            "article" => layout.set_article(value, 0),
            table if kinds.record_table(table).is_some() => {
                records.extend(items().map(|v| (table.to_owned(), Places::of(v, 0))));
            }
            _ => {}
        }
    }
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let records = records.into_iter().map(|(_, places)| places).collect();
    layout.items = Items::Tree { entities, claims, records };
    layout
}

/// The [`layout`] of a file, made the first time it is asked for.
struct Lazy<'a> {
    source: &'a str,
    kinds: &'a Kinds,
    layout: std::cell::OnceCell<Layout<'a>>,
}

impl<'a> Lazy<'a> {
    fn get(&self) -> &Layout<'a> {
        self.layout.get_or_init(|| layout(self.source, self.kinds))
    }
}

/// Collects findings for one sidecar, with byte offsets: they are turned
/// into lines and columns at the end, in one pass over the file.
struct Findings<'a> {
    path: &'a Path,
    source: &'a str,
    /// Byte offset (if the finding has a place), severity, message.
    raw: Vec<(Option<usize>, Severity, String)>,
}

impl Findings<'_> {
    fn push(&mut self, severity: Severity, span: Option<&Range<usize>>, message: String) {
        self.raw.push((span.map(|s| s.start), severity, message));
    }

    /// The diagnostics, sorted by place then severity.
    fn finish(self) -> Vec<Diagnostic> {
        let mut raw = self.raw;
        raw.sort_by_key(|(at, severity, _)| (*at, *severity));
        let offsets: Vec<usize> = raw.iter().filter_map(|(at, _, _)| *at).collect();
        let mut places = line_columns(self.source, &offsets).into_iter();
        raw.into_iter()
            .map(|(at, severity, message)| Diagnostic {
                path: self.path.to_path_buf(),
                at: at.and_then(|_| places.next()),
                severity,
                message,
            })
            .collect()
    }
}

/// The 1-based line and column (in `char`s) of each byte offset of
/// `offsets`, which ascend, in one pass over `source` (the same as
/// `line_column` of each, without counting from the start every time).
fn line_columns(source: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let bytes = source.as_bytes();
    let (mut pos, mut line, mut column) = (0, 1, 1);
    let mut out = Vec::with_capacity(offsets.len());
    for &at in offsets {
        let mut at = at.min(source.len()).max(pos);
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let at = at.max(pos);
        match memchr::memrchr(b'\n', &bytes[pos..at]) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', &bytes[pos..at]).count();
                column = 1 + count_chars(&bytes[pos + last + 1..at]);
            }
            None => column += count_chars(&bytes[pos..at]),
        }
        pos = at;
        out.push((line, column));
    }
    out
}

/// Short quotation of `text` for a message.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 40;
    let mut short: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        short.push('…');
    }
    format!("{short:?}")
}

/// A finding about one value (`key`) of an annotation, before its place is known.
struct Finding {
    severity: Severity,
    key: String,
    message: String,
}

/// What a whole-article search may still scan, and the article indexed.
struct Article<'a> {
    index: CharIndex<'a>,
    chars: usize,
    budget: SearchBudget,
}

/// Checks one span against the article; `what()` names it (made only for
/// a finding), `prefix` is `""` or `"cue."` for the keys of its values.
fn check_span(
    article: &mut Article<'_>,
    prefix: &str,
    what: impl Fn() -> String,
    span: (usize, usize),
    text: &str,
    out: &mut Vec<Finding>,
) {
    let (start, end) = span;
    let chars = article.chars;
    if end > chars {
        let what = what();
        let key = if start > chars { "start" } else { "end" };
        let value = if start > chars { start } else { end };
        out.push(Finding {
            severity: Severity::Error,
            key: format!("{prefix}{key}"),
            message: format!(
                "{what}: `{key}` ({value}) is past the end of the article ({chars} chars)"
            ),
        });
        return;
    }
    if start == end {
        out.push(Finding {
            severity: Severity::Warning,
            key: format!("{prefix}start"),
            message: format!("{}: empty span {start}..{end}", what()),
        });
    }
    // The usual case, with one offset looked up: the quoted text is there
    // and has `end - start` chars (the same as the slice being the text).
    if article.index.has_at(start, text) && count_chars(text.as_bytes()) == end - start {
        return;
    }
    let actual = article.index.slice(start..end).unwrap_or_default();
    if actual == text {
        return;
    }
    let hint = match article.index.find_near(text, start, &mut article.budget) {
        Near::Found(s) if !text.is_empty() => format!(
            "; the quoted text is at {s}..{}: re-open the article in hashiya to re-anchor",
            s + text.chars().count()
        ),
        Near::Unknown => "; not searched for elsewhere (too many misplaced spans)".to_owned(),
        _ => "; the quoted text is nowhere in the article (an orphan)".to_owned(),
    };
    out.push(Finding {
        severity: Severity::Error,
        key: format!("{prefix}text"),
        message: format!(
            "{}: `text` {} is not the article's text at {start}..{end}, {}{hint}",
            what(),
            quote(text),
            quote(actual)
        ),
    });
}

/// Places the findings about annotation `i` of `kind` (parsing its table
/// only if there are any).
fn place(f: &mut Findings<'_>, layout: &Lazy<'_>, kind: Kind, i: usize, found: Vec<Finding>) {
    if found.is_empty() {
        return;
    }
    let places = layout.get().places(kind, i);
    for x in found {
        f.push(x.severity, Some(&places.at(&x.key)), x.message);
    }
}

/// Warnings about labels: not in the schema (`None`: the folder's schema
/// is broken, reported on its own), or the same label and span twice
/// (found with a map of the spans seen: linear).
fn label_findings(
    f: &mut Findings<'_>,
    entities: &[Entity],
    layout: &Lazy<'_>,
    schema: Option<&Schema>,
) {
    let mut names: Option<String> = None;
    let mut seen: HashMap<(usize, usize, &str), &str> = HashMap::with_capacity(entities.len());
    for (i, e) in entities.iter().enumerate() {
        let mut found = Vec::new();
        if let Some(schema) = schema.filter(|s| s.label(&e.label).is_none()) {
            let names = names.get_or_insert_with(|| {
                let names: Vec<&str> = schema.labels.iter().map(|l| l.name.as_str()).collect();
                names.join(", ")
            });
            found.push(Finding {
                severity: Severity::Warning,
                key: "label".to_owned(),
                message: format!(
                    "entity `{}`: label `{}` is not in the schema ({names})",
                    e.id, e.label
                ),
            });
        }
        match seen.entry((e.start, e.end, e.label.as_str())) {
            std::collections::hash_map::Entry::Occupied(twin) => found.push(Finding {
                severity: Severity::Warning,
                key: "id".to_owned(),
                message: format!(
                    "entity `{}` has the same label and span as `{}`",
                    e.id,
                    twin.get()
                ),
            }),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(e.id.as_str());
            }
        }
        place(f, layout, Kind::Entity, i, found);
    }
}

/// Every syntax error TOML finds in `source`, not only the first: section
/// by section when the file splits into plain sections.
fn syntax_errors(f: &mut Findings<'_>, source: &str) {
    let ranges: Vec<Range<usize>> = sections(source, Kinds::builtin()).map_or_else(
        || std::iter::once(0..source.len()).collect(),
        |s| s.into_iter().map(|s| s.range).collect(),
    );
    for range in ranges {
        let base = range.start;
        let (_, errors) = DeTable::parse_recoverable(&source[range]);
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let span = span.start + base..span.end + base;
            f.push(Severity::Error, Some(&span), e.message().trim().to_owned());
        }
    }
}

/// Warnings about conflicts kept side by side by a merge: unresolved, or
/// marked against an id that is gone.
fn conflict_findings(
    f: &mut Findings<'_>,
    entities: &[Entity],
    claims: &[Claim],
    records: &[Record],
    layout: &Lazy<'_>,
) {
    let ids: std::collections::HashSet<&str> = entities
        .iter()
        .map(|e| e.id.as_str())
        .chain(claims.iter().map(|c| c.id.as_str()))
        .chain(records.iter().map(|r| r.id.as_str()))
        .collect();
    let marked = entities.iter().enumerate().filter_map(|(i, e)| {
        let mark = e.conflict.as_ref()?;
        Some((format!("entity `{}`", e.id), mark, Kind::Entity, i))
    });
    let marked = marked.chain(claims.iter().enumerate().filter_map(|(i, c)| {
        let mark = c.conflict.as_ref()?;
        Some((format!("claim `{}`", c.id), mark, Kind::Claim, i))
    }));
    let marked = marked.chain(records.iter().enumerate().filter_map(|(i, r)| {
        let mark = r.conflict.as_ref()?;
        Some((format!("{} `{}`", r.kind.name, r.id), mark, Kind::Record, i))
    }));
    for (what, mark, kind, i) in marked {
        let Conflict { with, source, .. } = mark;
        let message = if ids.contains(with.as_str()) {
            let from = source.as_deref().map_or(String::new(), |s| format!(" (from {s})"));
            format!(
                "{what} is an unresolved conflict with `{with}`{from}: both versions were kept; \
                 delete the one you do not want (and the `conflict` mark of the one you keep)"
            )
        } else {
            format!("{what} marks a conflict with `{with}`, which is gone: remove its `conflict`")
        };
        let found =
            vec![Finding { severity: Severity::Warning, key: "conflict.with".to_owned(), message }];
        place(f, layout, kind, i, found);
    }
}

/// Findings about records of declared kinds that need no article: a
/// reference naming no annotation, or one of another kind than its field
/// declares (errors: a relation whose end is missing), and fields their
/// kind does not declare (warnings; they are kept).
fn record_findings(
    f: &mut Findings<'_>,
    parsed: &Unanchored,
    layout: &Lazy<'_>,
    schema: Option<&Schema>,
) {
    if parsed.records.is_empty() {
        return;
    }
    let mut kinds: HashMap<&str, &str> = HashMap::new();
    kinds.extend(parsed.entities.iter().map(|e| (e.id.as_str(), "entity")));
    kinds.extend(parsed.claims.iter().map(|c| (c.id.as_str(), "claim")));
    kinds.extend(parsed.records.iter().map(|r| (r.id.as_str(), r.kind.name.as_str())));
    for (i, r) in parsed.records.iter().enumerate() {
        let mut found = Vec::new();
        let what = format!("{} `{}`", r.kind.name, r.id);
        for (pos, field) in r.kind.references() {
            let Some(target) = field.target() else { continue };
            let Some(id) = r.values.get(pos).and_then(Option::as_ref).and_then(|v| v.as_text())
            else {
                continue;
            };
            let message = match kinds.get(id) {
                None => format!("{what}: `{}` names no {target}: `{id}`", field.key),
                Some(kind) if *kind != target => {
                    format!("{what}: `{}` names a {kind}, not a {target}: `{id}`", field.key)
                }
                Some(_) => continue,
            };
            found.push(Finding { severity: Severity::Error, key: field.key.clone(), message });
        }
        if let (Some(schema), Some(label)) = (schema, relation_label(r)) {
            found.extend(relation_type_finding(schema, r, label, &parsed.entities, &what));
        }
        for key in r.extra.keys() {
            found.push(Finding {
                severity: Severity::Warning,
                key: key.clone(),
                message: format!(
                    "{what}: unknown field `{key}` (kept; a {} has {})",
                    r.kind.name,
                    r.kind.known_keys().join(", ")
                ),
            });
        }
        place(f, layout, Kind::Record, i, found);
    }
}

/// The type of `r` if it is a relation.
fn relation_label(r: &Record) -> Option<&str> {
    (r.kind.name == crate::annotate::kinds::RELATION).then(|| r.label()).flatten()
}

/// A warning for relation `r` of type `label` whose type is not in the
/// schema, or whose ends' labels the type does not allow.
fn relation_type_finding(
    schema: &Schema,
    r: &Record,
    label: &str,
    entities: &[Entity],
    what: &str,
) -> Option<Finding> {
    use crate::annotate::keys::{FROM, LABEL, TO};
    let message = match schema.relation(label) {
        None => {
            let names: Vec<&str> = schema.relations.iter().map(|t| t.name.as_str()).collect();
            format!("{what}: type `{label}` is not in the schema ({})", names.join(", "))
        }
        Some(def) => {
            let end = |key| {
                let id = r.text_of(key)?;
                entities.iter().find(|e| e.id == id).map(|e| e.label.as_str())
            };
            let (Some(from), Some(to)) = (end(FROM), end(TO)) else { return None };
            if def.allows(from, to) {
                return None;
            }
            format!("{what}: type `{label}` does not go from {from} to {to} (see its `from`, `to`)")
        }
    };
    Some(Finding { severity: Severity::Warning, key: LABEL.to_owned(), message })
}

/// Every finding for the sidecar text `source` (at `sidecar`) of the
/// article named `article_name` with text `article` (`None`: the article
/// is missing or unreadable, already reported), under `schema` (`None`:
/// the folder's `hashiya.toml` is broken, already reported; labels are
/// then not checked). Linear in the sidecar and the article (searches for
/// misplaced texts share a budget), with memory for the annotations, not
/// for a tree of the file.
pub fn check_source(
    sidecar: &Path,
    source: &str,
    article_name: &str,
    article: Option<&str>,
    schema: Option<&Schema>,
) -> Vec<Diagnostic> {
    check_source_with(sidecar, source, article_name, article, schema, Kinds::builtin())
}

/// [`check_source`] knowing the annotation kinds `kinds` (the built-ins and
/// any added: see [`crate::annotate::kinds`]).
pub fn check_source_with(
    sidecar: &Path,
    source: &str,
    article_name: &str,
    article: Option<&str>,
    schema: Option<&Schema>,
    kinds: &Kinds,
) -> Vec<Diagnostic> {
    let mut f = Findings { path: sidecar, source, raw: Vec::new() };
    let parsed = match parse_unanchored_with(source, sidecar, kinds) {
        Ok(parsed) => parsed,
        Err(SidecarError::Syntax { .. }) => {
            syntax_errors(&mut f, source);
            return f.finish();
        }
        Err(e) => {
            let message = match &e {
                SidecarError::Schema { message, .. } => message.clone(),
                other => other.to_string(),
            };
            let at = e.line_column();
            return vec![Diagnostic {
                path: sidecar.to_path_buf(),
                at,
                severity: Severity::Error,
                message,
            }];
        }
    };
    // Where things are in the file is found only when a finding needs it
    // (a second pass over the file, as long as the parse itself).
    let layout = Lazy { source, kinds, layout: std::cell::OnceCell::new() };
    if let Some(file) = &parsed.file {
        if file != article_name {
            f.push(
                Severity::Warning,
                Some(&layout.get().article.at("file")),
                format!(
                    "`[article] file` is {file:?}, but this sidecar belongs to {article_name:?}"
                ),
            );
        }
    }
    if let Some(why) = parsed.status.as_ref().and_then(crate::annotate::status::problem) {
        f.push(Severity::Error, Some(&layout.get().article.at("status")), why);
    }
    label_findings(&mut f, &parsed.entities, &layout, schema);
    conflict_findings(&mut f, &parsed.entities, &parsed.claims, &parsed.records, &layout);
    record_findings(&mut f, &parsed, &layout, schema);
    let Some(text) = article else { return f.finish() };
    let mut article = Article {
        index: CharIndex::new(text),
        chars: 0,
        budget: SearchBudget::for_text(text.len()),
    };
    article.chars = article.index.len();
    for (i, e) in parsed.entities.iter().enumerate() {
        let mut found = Vec::new();
        let what = || format!("entity `{}`", e.id);
        check_span(&mut article, "", what, (e.start, e.end), &e.text, &mut found);
        place(&mut f, &layout, Kind::Entity, i, found);
    }
    for (i, c) in parsed.claims.iter().enumerate() {
        let mut found = Vec::new();
        let what = || format!("claim `{}`", c.id);
        check_span(&mut article, "", what, (c.start, c.end), &c.text, &mut found);
        if let Some(cue) = &c.cue {
            let what = || format!("cue of claim `{}`", c.id);
            check_span(&mut article, "cue.", what, (cue.start, cue.end), &cue.text, &mut found);
        }
        place(&mut f, &layout, Kind::Claim, i, found);
    }
    for (i, r) in parsed.records.iter().enumerate() {
        let mut found = Vec::new();
        for (key, span) in r.spans() {
            let what = || {
                if key.is_empty() {
                    format!("{} `{}`", r.kind.name, r.id)
                } else {
                    format!("`{key}` of {} `{}`", r.kind.name, r.id)
                }
            };
            let prefix = if key.is_empty() { String::new() } else { format!("{key}.") };
            check_span(&mut article, &prefix, what, (span.start, span.end), &span.text, &mut found);
        }
        place(&mut f, &layout, Kind::Record, i, found);
    }
    match &parsed.sha256 {
        None => f.push(
            Severity::Warning,
            Some(&layout.get().article.item),
            "`[article]` has no `sha256`: changes to the article cannot be detected".to_owned(),
        ),
        Some(h) if *h != sha256_hex(text.as_bytes()) => f.push(
            Severity::Error,
            Some(&layout.get().article.at("sha256")),
            "the article changed since this sidecar was saved (`sha256` differs): \
             re-open it in hashiya to re-anchor and save"
                .to_owned(),
        ),
        Some(_) => {}
    }
    f.finish()
}

/// Schemas by folder, read (and their `hashiya.toml` checked) once each.
#[derive(Debug, Default)]
pub struct Schemas {
    by_folder: HashMap<PathBuf, Option<Schema>>,
    /// The ids of each folder's canonical entities (`entities.toml`;
    /// `None`: the file is broken, reported with the folder).
    links: HashMap<PathBuf, Option<HashSet<String>>>,
    /// How many `hashiya.toml` files were checked.
    pub files: usize,
}

impl Schemas {
    /// The schema for articles in `folder`; the first time a folder is
    /// seen, every problem of its `hashiya.toml` goes to `out`. `None` when
    /// that file has an error.
    pub fn get(&mut self, folder: &Path, out: &mut Vec<Diagnostic>) -> Option<&Schema> {
        if !self.by_folder.contains_key(folder) {
            let (schema, found, exists) = super::config::folder_schema(folder);
            self.files += usize::from(exists);
            out.extend(found);
            self.by_folder.insert(folder.to_path_buf(), schema);
            let registry = crate::corpus::registry_file::registry_path(folder);
            let ids = crate::corpus::registry_file::load(&registry)
                .ok()
                .map(|r| r.iter().map(|k| k.id.clone()).collect());
            self.links.insert(folder.to_path_buf(), ids);
        }
        self.by_folder.get(folder).and_then(Option::as_ref)
    }
}

impl Schemas {
    /// The schema of a folder already seen (see [`Schemas::get`]).
    pub fn peek(&self, folder: &Path) -> Option<&Schema> {
        self.by_folder.get(folder).and_then(Option::as_ref)
    }

    /// The ids of the canonical entities of a folder already seen (`None`:
    /// its `entities.toml` is broken).
    pub fn links(&self, folder: &Path) -> Option<&HashSet<String>> {
        self.links.get(folder).and_then(Option::as_ref)
    }
}

/// The folder whose `hashiya.toml` applies to `entry`.
fn folder_of(entry: &Entry) -> &Path {
    match entry.article.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The findings of one entry, in order: those before its folder's schema
/// was looked up, the folder (if it was), and those after.
#[derive(Debug, Default)]
pub struct EntryFindings {
    /// Findings before the schema was needed.
    pub before: Vec<Diagnostic>,
    /// The folder whose schema was looked up, if it was.
    pub folder: Option<PathBuf>,
    /// Findings after.
    pub after: Vec<Diagnostic>,
    /// Whether the sidecar is a regular file (what `Path::is_file` tells).
    pub sidecar_is_file: bool,
}

/// Every finding for one entry: its article and sidecar read from disk
/// (unreadable files are findings too), the schemas already loaded:
/// `schema_of` gives a folder's. Runs on any thread.
pub fn check_entry_with<'a>(
    entry: &Entry,
    schema_of: impl Fn(&Path) -> Option<&'a Schema>,
    links_of: impl Fn(&Path) -> Option<&'a HashSet<String>>,
) -> EntryFindings {
    let mut found = EntryFindings::default();
    let error = |path: &Path, message: String| Diagnostic {
        path: path.to_path_buf(),
        at: None,
        severity: Severity::Error,
        message,
    };
    let (read, is_file) = read_file_telling(&entry.sidecar, Input::Data);
    found.sidecar_is_file = is_file;
    let out = &mut found.before;
    let source = match read {
        Ok(bytes) => match crate::text::load::into_string(bytes) {
            Ok(s) => s,
            Err(at) => {
                out.push(error(&entry.sidecar, format!("not valid UTF-8 at byte offset {at}")));
                return found;
            }
        },
        // An article never annotated has nothing to check.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return found,
        Err(e) => {
            out.push(error(&entry.sidecar, e.to_string()));
            return found;
        }
    };
    let article = if entry.article.is_file() {
        match read_article(&entry.article) {
            Ok(text) => Some(text),
            Err(e) => {
                out.push(error(&entry.article, format!("cannot check offsets: {e}")));
                None
            }
        }
    } else {
        out.push(error(
            &entry.sidecar,
            format!("no article {} beside this sidecar", entry.article.display()),
        ));
        None
    };
    let folder = folder_of(entry);
    found.folder = Some(folder.to_path_buf());
    found.after = check_source(
        &entry.sidecar,
        &source,
        &article_file_name(&entry.sidecar),
        article.as_deref(),
        schema_of(folder),
    );
    if let Some(known) = links_of(folder) {
        found.after.extend(link_findings(&entry.sidecar, &source, known));
        found.after.sort_by_key(|d| (d.at, d.severity));
    }
    found
}

/// Warnings for entities linked to an id that `known` (the ids of the
/// folder's `entities.toml`) lacks, at their `link` value. Reads the
/// sidecar again only when it has a `link` (a scan for the key).
fn link_findings(sidecar: &Path, source: &str, known: &HashSet<String>) -> Vec<Diagnostic> {
    if !source.contains("link") {
        return Vec::new();
    }
    let Ok(parsed) = parse_unanchored_with(source, sidecar, Kinds::builtin()) else {
        return Vec::new();
    };
    let layout = Lazy { source, kinds: Kinds::builtin(), layout: std::cell::OnceCell::new() };
    let mut f = Findings { path: sidecar, source, raw: Vec::new() };
    for (i, e) in parsed.entities.iter().enumerate() {
        if let Some(link) = e.link.as_ref().filter(|l| !known.contains(*l)) {
            let message =
                format!("entity `{}`: `link` names `{link}`, which is not in entities.toml", e.id);
            let found = vec![Finding { severity: Severity::Warning, key: "link".into(), message }];
            place(&mut f, &layout, Kind::Entity, i, found);
        }
    }
    f.finish()
}

/// Checks the configuration files `configs` names, then every entry,
/// writing each finding to `out` as a line. Errors (and, when `strict`,
/// warnings) are the outcome's problems.
pub fn run(
    entries: &[Entry],
    configs: &Configs,
    strict: bool,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    let mut schemas = Schemas::default();
    let (mut errors, mut warnings, mut sidecars) = (0, 0, 0);
    let mut write = |found: &[Diagnostic], out: &mut dyn Write| {
        let mut text = String::new();
        for d in found {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            text.push_str(&d.to_string());
            text.push('\n');
        }
        out.write_all(text.as_bytes()).map_err(ReviewError::Output)
    };
    // Configuration files first: their problems explain the sidecars'.
    let mut found = Vec::new();
    for folder in &configs.folders {
        schemas.get(folder, &mut found);
    }
    for keymap in &configs.keymaps {
        found.extend(super::config::keymap_findings(keymap));
    }
    write(&found, out)?;
    // Every folder's schema is read first, its problems kept for where the
    // folder is first met; then the entries are checked on every core and
    // their findings written in order.
    let mut first_met: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
    for entry in entries {
        let folder = folder_of(entry);
        if !schemas.by_folder.contains_key(folder) {
            let mut problems = Vec::new();
            schemas.get(folder, &mut problems);
            first_met.insert(folder.to_path_buf(), problems);
        }
    }
    let schemas = schemas;
    par_each(
        entries,
        || (),
        |(), entry| {
            let found = check_entry_with(entry, |f| schemas.peek(f), |f| schemas.links(f));
            (found.sidecar_is_file, found)
        },
        |_, (has_sidecar, found), progress| {
            sidecars += usize::from(has_sidecar);
            let mut all = found.before;
            if let Some(problems) = found.folder.and_then(|f| first_met.remove(&f)) {
                all.extend(problems);
            }
            all.extend(found.after);
            if all.is_empty() {
                return Ok(());
            }
            progress.clear();
            write(&all, out)
        },
    )?;
    out.flush().map_err(ReviewError::Output)?;
    let mut checked = vec![format!("{sidecars} sidecar(s)")];
    if schemas.files > 0 {
        checked.push(format!("{} hashiya.toml", schemas.files));
    }
    if !configs.keymaps.is_empty() {
        checked.push(format!("{} keymap(s)", configs.keymaps.len()));
    }
    let checked = checked.join(", ");
    let summary = format!("checked {checked}: {errors} error(s), {warnings} warning(s)");
    let problems = errors + if strict { warnings } else { 0 };
    Ok(Outcome { problems, summary: Some(summary) })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.";

    fn sidecar(body: &str) -> String {
        format!(
            "schema = 1\n\n[article]\nfile = \"a.txt\"\nsha256 = \"{}\"\n{body}",
            sha256_hex(ARTICLE.as_bytes())
        )
    }

    fn run(source: &str) -> Vec<String> {
        check_source(
            Path::new("a.txt.ann.toml"),
            source,
            "a.txt",
            Some(ARTICLE),
            Some(&Schema::builtin()),
        )
        .iter()
        .map(ToString::to_string)
        .collect()
    }

    #[test]
    fn a_matching_sidecar_is_clean() {
        // "لي شانغفو" starts after "قال وزير الدفاع " (16 chars) and has 9.
        let body = "\n[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 16\nend = 25\ntext = \"لي شانغفو\"\n";
        assert_eq!(run(&sidecar(body)), Vec::<String>::new());
    }

    #[test]
    fn relations_are_checked_for_their_ends_and_their_type() {
        let entities = "\n[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 16\nend = 25\ntext = \"لي شانغفو\"\n\
                        \n[[entity]]\nid = \"e2\"\nlabel = \"GPE\"\nstart = 29\nend = 34\ntext = \"الصين\"\n";
        let relation = |label: &str, to: &str| {
            format!(
                "\n[[relation]]\nid = \"r1\"\nlabel = \"{label}\"\nfrom = \"e1\"\nto = \"{to}\"\n"
            )
        };
        let ok = format!("{entities}{}", relation("member_of", "e2"));
        assert_eq!(run(&sidecar(&ok)), Vec::<String>::new());
        // Line 25 is `to = …`: 5 lines of header, 7 per entity, then the relation.
        let missing = run(&sidecar(&format!("{entities}{}", relation("member_of", "e9"))));
        assert_eq!(
            missing,
            ["a.txt.ann.toml:25:6: error: relation `r1`: `to` names no entity: `e9`"]
        );
        let unknown = run(&sidecar(&format!("{entities}{}", relation("owns", "e2"))));
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        assert!(
            unknown[0].starts_with(
                "a.txt.ann.toml:23:9: warning: relation `r1`: type `owns` is not in the schema"
            ),
            "{unknown:?}"
        );
        let reversed = format!(
            "{entities}{}",
            relation("member_of", "e1").replace("from = \"e1\"", "from = \"e2\"")
        );
        let found = run(&sidecar(&reversed));
        assert!(
            found.iter().any(|d| d.contains("`member_of` does not go from GPE to PERSON")),
            "{found:?}"
        );
    }

    #[test]
    fn a_bad_status_is_an_error_at_its_value() {
        assert_eq!(run(&sidecar("status = \"done\"\n")), Vec::<String>::new());
        let found = run(&sidecar("status = \"finished\\u001b[2J\"\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        // Line 6 holds `status = …`; the value starts at column 10.
        assert!(
            found[0].starts_with("a.txt.ann.toml:6:10: error: `[article] status`"),
            "{found:?}"
        );
        assert!(!found[0].contains('\u{1b}'), "{found:?}");
        let found = run(&sidecar("status = 2\n"));
        assert!(found[0].contains("must be a string"), "{found:?}");
    }

    #[test]
    fn a_wrong_offset_is_reported_at_its_text_not_re_anchored() {
        let body = "\n[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 15\nend = 24\ntext = \"لي شانغفو\"\n";
        let found = run(&sidecar(body));
        assert_eq!(found.len(), 1, "{found:?}");
        // Line 12 holds `text = …`; the value starts at column 8.
        assert!(found[0].starts_with("a.txt.ann.toml:12:8: error: entity `e1`"), "{found:?}");
        assert!(found[0].contains("at 16..25"), "{found:?}");
    }

    #[test]
    fn unresolved_conflicts_are_warned_about_where_they_are_marked() {
        let e = |id: &str, label: &str, mark: &str| {
            format!(
                "\n[[entity]]\nid = \"{id}\"\nlabel = \"{label}\"\nstart = 16\nend = 25\ntext = \"لي شانغفو\"\n{mark}"
            )
        };
        let body = e("e1", "PERSON", "")
            + &e("e2", "ORG", "conflict = { with = \"e1\", source = \"disk\" }\n")
            + &e("e3", "GPE", "conflict = { with = \"e9\" }\n");
        let found = run(&sidecar(&body));
        assert_eq!(found.len(), 2, "{found:?}");
        // e2's mark is on line 20, its `with` value at column 21.
        assert!(
            found[0].starts_with("a.txt.ann.toml:20:21: warning: entity `e2` is an unresolved conflict with `e1` (from disk)"),
            "{found:?}"
        );
        assert!(
            found[1].contains("entity `e3` marks a conflict with `e9`, which is gone"),
            "{found:?}"
        );
    }

    #[test]
    fn every_syntax_error_is_reported() {
        let found = run("schema = 1\nx = = 2\n[article\n");
        assert!(found.len() >= 2, "{found:?}");
        assert!(found[0].starts_with("a.txt.ann.toml:2:"), "{found:?}");
    }

    #[test]
    fn twins_and_unknown_labels_are_warned_at_their_values() {
        let entity = |id: &str, label: &str| {
            format!(
                "\n[[entity]]\nid = \"{id}\"\nlabel = \"{label}\"\nstart = 16\nend = 25\ntext = \"لي شانغفو\"\n"
            )
        };
        let body = [entity("e1", "PERSON"), entity("e2", "XX"), entity("e3", "PERSON")].concat();
        let found = run(&sidecar(&body));
        assert_eq!(found.len(), 2, "{found:?}");
        // e2's label is on line 16; e3's id on line 22.
        assert!(
            found[0].starts_with("a.txt.ann.toml:16:9: warning: entity `e2`: label `XX`"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with(
                "a.txt.ann.toml:22:6: warning: entity `e3` has the same label and span as `e1`"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn a_file_of_other_shapes_is_placed_from_its_whole_tree() {
        // A cue as a sub-table: not plain sections.
        let body = "\n[[claim]]\nid = \"c1\"\nstart = 29\nend = 34\ntext = \"الصين\"\n[claim.cue]\nstart = 0\nend = 3\ntext = \"قاX\"\n";
        let source = sidecar(body);
        assert!(matches!(layout(&source, Kinds::builtin()).items, Items::Tree { .. }));
        let found = run(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("a.txt.ann.toml:15:8: error: cue of claim `c1`"), "{found:?}");
    }

    proptest::proptest! {
        /// One pass gives what `line_column` gives for each offset.
        #[test]
        fn line_columns_in_one_pass(
            text in "[a\nب😀\r]{0,60}",
            mut offsets in proptest::collection::vec(0usize..100, 0..12),
        ) {
            offsets.sort_unstable();
            let expected: Vec<_> =
                offsets.iter().map(|&at| crate::text::position::line_column(&text, at)).collect();
            proptest::prop_assert_eq!(line_columns(&text, &offsets), expected);
        }
    }

    #[test]
    fn drift_is_an_error_and_a_missing_hash_a_warning() {
        let drift = sidecar("").replace(&sha256_hex(ARTICLE.as_bytes()), "00");
        let found = run(&drift);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("a.txt.ann.toml:5:10: error: the article changed"),
            "{found:?}"
        );
        let found = run("schema = 1\n[article]\nfile = \"a.txt\"\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains(": warning: "), "{found:?}");
    }
}
