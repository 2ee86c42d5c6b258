//! The registry of canonical entities: the real-world people, bodies and
//! places a corpus talks about, each with a stable id, a name, a type (a
//! label), the other names it goes by (aliases), an optional
//! knowledge-base id (Wikidata `Q…`) and a note. Mentions in sidecars link
//! to one (`link = "k-…"`), so that نيكولاي يفمينوف and يفمينوف, in one
//! article or in two, are one entity.
//!
//! The registry is a file at the corpus root, `entities.toml` beside
//! `hashiya.toml` (format in `docs/format.md`). Ids are random and need no
//! coordination (`k-4kq8r2mz`, as [`crate::annotate::ids`] makes them); the
//! writer is deterministic — one `[[entity]]` table per entity, sorted by
//! id, aliases one per line, sorted — so git merges it line by line, and
//! [`super::registry_merge`] merges it by id when lines are not enough.
//!
//! Pure: parsing and writing text; reading and saving the file are in
//! [`super::registry_file`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::key::entity_key;
use crate::annotate::IdScheme;
use crate::annotate::write::{write_key, write_string, write_value};
use crate::text::normalize::{Folding, fold};
use crate::text::position::FileError;

/// The registry's file name, at the corpus root.
pub const REGISTRY_FILE: &str = "entities.toml";

/// The prefix of a canonical entity's id (`k-4kq8r2mz`).
pub const ID_PREFIX: char = 'k';

/// The registry format's version.
pub const REGISTRY_VERSION: i64 = 1;

/// Key names of the registry file.
pub mod keys {
    /// Top level: the format version.
    pub const SCHEMA: &str = "schema";
    /// The `[[entity]]` tables.
    pub const ENTITY: &str = "entity";
    /// An entity's id.
    pub const ID: &str = "id";
    /// Its name.
    pub const NAME: &str = "name";
    /// Its type: a label name.
    pub const TYPE: &str = "type";
    /// The other names it goes by.
    pub const ALIASES: &str = "aliases";
    /// Its knowledge-base id (Wikidata `Q…`).
    pub const KB_ID: &str = "kb_id";
    /// A free note.
    pub const NOTE: &str = "note";
    /// Who added it.
    pub const BY: &str = "by";
    /// When it was added.
    pub const AT: &str = "at";
    /// Known keys of an entity, in the order the writer writes them.
    pub const ENTITY_KEYS: [&str; 8] = [ID, NAME, TYPE, ALIASES, KB_ID, NOTE, BY, AT];
}

/// The most entities a registry file may hold (a bound on memory beside
/// the file-size limit: every entity costs a few small strings).
pub const MAX_ENTITIES: usize = 1_000_000;

/// One real-world entity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Canonical {
    /// Stable and unique: `k-` and eight random characters.
    pub id: String,
    /// How it is named (نيكولاي يفمينوف).
    pub name: String,
    /// Its type: a label of the schema (`PERSON`); empty: none given.
    pub kind: String,
    /// The other names it goes by, as written (يفمينوف, وزير الدفاع الروسي).
    pub aliases: BTreeSet<String>,
    /// A knowledge-base id: Wikidata's `Q…` ([`valid_kb_id`]).
    pub kb_id: Option<String>,
    /// A free note.
    pub note: Option<String>,
    /// Who added it.
    pub by: Option<String>,
    /// When it was added (`YYYY-MM-DDTHH:MM:SSZ`).
    pub at: Option<String>,
    /// Fields Hashiya does not know, kept as read.
    pub extra: toml::Table,
}

impl Canonical {
    /// Its name and aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// True when `key` (an [`entity_key`]) is the key of its name or an alias.
    pub fn has_key(&self, key: &str) -> bool {
        !key.is_empty() && self.names().any(|n| entity_key(n) == key)
    }
}

/// True for a Wikidata item id: `Q` and a number without leading zeros.
pub fn valid_kb_id(id: &str) -> bool {
    let Some(digits) = id.strip_prefix('Q') else { return false };
    !digits.is_empty()
        && digits.len() <= 12
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The canonical entities of a corpus, by id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Registry {
    entities: BTreeMap<String, Canonical>,
    /// Unknown top-level fields, kept as read.
    pub extra: toml::Table,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when it has no entity.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity with id `id`.
    pub fn get(&self, id: &str) -> Option<&Canonical> {
        self.entities.get(id)
    }

    /// The entity with id `id`, to change.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Canonical> {
        self.entities.get_mut(id)
    }

    /// Every entity, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Canonical> {
        self.entities.values()
    }

    /// Puts `entity` in (replacing one of the same id).
    pub fn insert(&mut self, entity: Canonical) {
        self.entities.insert(entity.id.clone(), entity);
    }

    /// Takes the entity `id` out.
    pub fn remove(&mut self, id: &str) -> Option<Canonical> {
        self.entities.remove(id)
    }

    /// A new entity named `name` of type `kind`, with a fresh id drawn from
    /// `ids` (one not in the registry); returns its id.
    pub fn add(&mut self, name: &str, kind: &str, ids: &mut IdScheme) -> String {
        let mut id = ids.draw(ID_PREFIX).unwrap_or_default();
        let mut n = self.entities.len() + 1;
        while id.is_empty() || self.entities.contains_key(&id) {
            id = ids.draw(ID_PREFIX).unwrap_or_else(|| format!("{ID_PREFIX}{n}"));
            n += 1;
        }
        self.insert(Canonical {
            id: id.clone(),
            name: name.to_owned(),
            kind: kind.to_owned(),
            ..Canonical::default()
        });
        id
    }

    /// Adds `alias` to entity `id` unless its key is already the key of the
    /// name or an alias; true when added.
    pub fn add_alias(&mut self, id: &str, alias: &str) -> bool {
        let key = entity_key(alias);
        match self.entities.get_mut(id) {
            Some(e) if !key.is_empty() && !e.has_key(&key) => e.aliases.insert(alias.to_owned()),
            _ => false,
        }
    }

    /// The ids of the entities whose name or an alias has key `key` (an
    /// [`entity_key`]), by id.
    pub fn with_key(&self, key: &str) -> Vec<&str> {
        self.iter().filter(|e| e.has_key(key)).map(|e| e.id.as_str()).collect()
    }

    /// The ids of the entities `text` (a mention) names: those with a name
    /// or alias of its key; failing that, of its key without a leading
    /// proclitic that trimming leaves on (ليفمينوف → يفمينوف), as the
    /// corpus joins them ([`super::key::joined_key`]).
    pub fn lookup(&self, text: &str) -> Vec<&str> {
        let key = entity_key(text);
        let found = self.with_key(&key);
        if !found.is_empty() {
            return found;
        }
        let joined = super::key::joined_key(&key, |k| !self.with_key(k).is_empty());
        if joined == key { found } else { self.with_key(joined) }
    }

    /// A map from every name's and alias's key to the ids having it (for
    /// looking many mentions up).
    pub fn key_index(&self) -> HashMap<String, Vec<String>> {
        let mut index: HashMap<String, Vec<String>> = HashMap::new();
        for e in self.iter() {
            let keys: BTreeSet<String> =
                e.names().map(entity_key).filter(|k| !k.is_empty()).collect();
            for key in keys {
                index.entry(key).or_default().push(e.id.clone());
            }
        }
        index
    }

    /// The entities a picker shows for `query`, best first: those whose
    /// name or an alias contains the query folded (harakat, alef forms…
    /// ignored) — a name or alias with the query's key first, then one
    /// starting with it, then the rest — by name. Every entity for an empty
    /// query.
    pub fn filter(&self, query: &str) -> Vec<&Canonical> {
        let folding = Folding::default();
        let q = fold(query.trim(), &folding);
        let key = entity_key(query.trim());
        let mut hits: Vec<(u8, &Canonical)> = self
            .iter()
            .filter_map(|e| {
                if q.is_empty() {
                    return Some((3, e));
                }
                let rank = e
                    .names()
                    .filter_map(|n| {
                        let f = fold(n, &folding);
                        if entity_key(n) == key {
                            Some(0)
                        } else if f.starts_with(&q) {
                            Some(1)
                        } else if f.contains(&q) || f.contains(&key) && !key.is_empty() {
                            Some(2)
                        } else {
                            None
                        }
                    })
                    .min()?;
                Some((rank, e))
            })
            .collect();
        hits.sort_by(|a, b| (a.0, &a.1.name, &a.1.id).cmp(&(b.0, &b.1.name, &b.1.id)));
        hits.into_iter().map(|(_, e)| e).collect()
    }

    /// The entities `name` names, spelling-insensitively: those with a name
    /// or an alias of the same key; failing that, those whose name or an
    /// alias contains it folded.
    pub fn named(&self, name: &str) -> Vec<&Canonical> {
        let exact: Vec<&Canonical> =
            self.lookup(name.trim()).into_iter().filter_map(|id| self.get(id)).collect();
        if !exact.is_empty() {
            return exact;
        }
        let folding = Folding::default();
        let q = fold(name.trim(), &folding);
        if q.is_empty() {
            return Vec::new();
        }
        self.iter().filter(|e| e.names().any(|n| fold(n, &folding).contains(&q))).collect()
    }
}

/// Parses registry text `source`; `path` names it in errors, which point at
/// a line and column. One pass of TOML parsing, then one over its tables.
pub fn parse(source: &str, path: &Path) -> Result<Registry, FileError> {
    let err = |at: usize, message: String| FileError::at(path, source, at, message);
    let root = DeTable::parse(source)
        .map_err(|e| err(e.span().map_or(0, |s| s.start), e.message().trim().to_owned()))?;
    let mut registry = Registry::new();
    for (key, value) in root.get_ref() {
        let at = key.span().start;
        match key.get_ref().as_ref() {
            keys::SCHEMA => match value.get_ref() {
                DeValue::Integer(n)
                    if i64::from_str_radix(n.as_str(), n.radix()) == Ok(REGISTRY_VERSION) => {}
                _ => {
                    return Err(err(
                        value.span().start,
                        format!("`schema` must be {REGISTRY_VERSION}"),
                    ));
                }
            },
            keys::ENTITY => {
                let DeValue::Array(items) = value.get_ref() else {
                    return Err(err(at, "`entity` must be an array of tables ([[entity]])".into()));
                };
                if items.len() > MAX_ENTITIES {
                    return Err(err(at, format!("more than {MAX_ENTITIES} entities")));
                }
                for item in items {
                    let DeValue::Table(table) = item.get_ref() else {
                        return Err(err(item.span().start, "an entity must be a table".into()));
                    };
                    let entity = entity(table, item.span().start, &err)?;
                    if registry.entities.contains_key(&entity.id) {
                        return Err(err(
                            item.span().start,
                            format!("duplicate id `{}`", entity.id),
                        ));
                    }
                    registry.insert(entity);
                }
            }
            other => {
                registry.extra.insert(other.to_owned(), unknown(value, &err)?);
            }
        }
    }
    Ok(registry)
}

type Spanned<'s> = toml::Spanned<DeValue<'s>>;

fn unknown(
    value: &Spanned<'_>,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<toml::Value, FileError> {
    use serde::Deserialize as _;
    toml::Value::deserialize(toml::de::ValueDeserializer::from(value.clone()))
        .map_err(|e| err(value.span().start, e.message().trim().to_owned()))
}

fn string(
    key: &str,
    value: &Spanned<'_>,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<String, FileError> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        other => Err(err(
            value.span().start,
            format!("`{key}` must be a string, not {}", other.type_str()),
        )),
    }
}

/// One `[[entity]]` table starting at byte `at`.
fn entity(
    table: &DeTable<'_>,
    at: usize,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<Canonical, FileError> {
    let mut e = Canonical::default();
    let (mut has_id, mut has_name) = (false, false);
    for (key, value) in table {
        let start = value.span().start;
        match key.get_ref().as_ref() {
            keys::ID => {
                e.id = string(keys::ID, value, err)?;
                if e.id.is_empty() || e.id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    return Err(err(start, "`id` must be a non-empty word".into()));
                }
                has_id = true;
            }
            keys::NAME => {
                e.name = string(keys::NAME, value, err)?;
                if e.name.trim().is_empty() {
                    return Err(err(start, "`name` must not be empty".into()));
                }
                has_name = true;
            }
            keys::TYPE => e.kind = string(keys::TYPE, value, err)?,
            keys::ALIASES => {
                let DeValue::Array(items) = value.get_ref() else {
                    return Err(err(start, "`aliases` must be an array of strings".into()));
                };
                for item in items {
                    e.aliases.insert(string(keys::ALIASES, item, err)?);
                }
            }
            keys::KB_ID => {
                let kb = string(keys::KB_ID, value, err)?;
                if !valid_kb_id(&kb) {
                    return Err(err(
                        start,
                        format!("`kb_id` must be a Wikidata item id such as \"Q42\", not {kb:?}"),
                    ));
                }
                e.kb_id = Some(kb);
            }
            keys::NOTE => e.note = Some(string(keys::NOTE, value, err)?),
            keys::BY => e.by = Some(string(keys::BY, value, err)?),
            keys::AT => e.at = Some(string(keys::AT, value, err)?),
            other => {
                e.extra.insert(other.to_owned(), unknown(value, err)?);
            }
        }
    }
    if !has_id {
        return Err(err(at, "an entity has no `id`".into()));
    }
    if !has_name {
        return Err(err(at, format!("entity `{}` has no `name`", e.id)));
    }
    Ok(e)
}

/// The header written at the top of the file.
const HEADER: &str = "# The canonical entities of this corpus (Hashiya): one [[entity]] per real-world\n\
# entity, sorted by id. Mentions in the sidecars link to them (`link = \"k-…\"`).\n\
# Commit it; git merges it with `hashiya merge-driver` (see `hashiya init`).\n";

/// The registry as text: deterministic (entities sorted by id, one table
/// each, aliases sorted, one per line), so that an unchanged registry
/// never changes the file and git merges additions line by line. Reads
/// back to the same registry ([`parse`]).
pub fn render(registry: &Registry) -> String {
    let mut out = String::with_capacity(64 + registry.len() * 160);
    out.push_str(HEADER);
    let _ = writeln!(out, "{} = {REGISTRY_VERSION}", keys::SCHEMA);
    for (key, value) in &registry.extra {
        if !matches!(value, toml::Value::Table(_))
            && !matches!(value, toml::Value::Array(a) if a.iter().any(toml::Value::is_table))
        {
            write_key(&mut out, key);
            out.push_str(" = ");
            write_value(&mut out, value);
            out.push('\n');
        }
    }
    for e in registry.iter() {
        out.push_str("\n[[entity]]\n");
        field(&mut out, keys::ID, &e.id);
        field(&mut out, keys::NAME, &e.name);
        if !e.kind.is_empty() {
            field(&mut out, keys::TYPE, &e.kind);
        }
        if !e.aliases.is_empty() {
            out.push_str(keys::ALIASES);
            out.push_str(" = [\n");
            for alias in &e.aliases {
                out.push_str("  ");
                write_string(&mut out, alias);
                out.push_str(",\n");
            }
            out.push_str("]\n");
        }
        for (key, value) in
            [(keys::KB_ID, &e.kb_id), (keys::NOTE, &e.note), (keys::BY, &e.by), (keys::AT, &e.at)]
        {
            if let Some(value) = value {
                field(&mut out, key, value);
            }
        }
        for (key, value) in &e.extra {
            write_key(&mut out, key);
            out.push_str(" = ");
            write_value(&mut out, value);
            out.push('\n');
        }
    }
    // Tables among the unknown top-level fields go last, as TOML requires.
    let tables: toml::Table = registry
        .extra
        .iter()
        .filter(|(_, v)| {
            matches!(v, toml::Value::Table(_))
                || matches!(v, toml::Value::Array(a) if a.iter().any(toml::Value::is_table))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !tables.is_empty() {
        out.push('\n');
        out.push_str(&toml::to_string(&tables).unwrap_or_default());
    }
    out
}

fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    write_string(out, value);
    out.push('\n');
}

#[cfg(test)]
#[path = "registry_tests.rs"]
mod tests;
