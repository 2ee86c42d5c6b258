//! Annotation kinds as data: each kind **declares** its sidecar table, its
//! id prefix, its fields (key and type), its spans and its references to
//! other annotations, and the store, the sidecar readers and writer, the
//! three-way merge, re-anchoring and `hashiya check` work from that
//! declaration.
//!
//! [`Kinds::builtin`] holds entities, claims and relations. Entities and
//! claims keep their typed structs ([`super::Entity`], [`super::Claim`]) and
//! codecs (their sidecar bytes are fixed), and their declarations describe
//! them (their keys are those of [`super::keys`], tested); every other kind
//! — relations, and any kind a test adds with [`Kinds::with`] — is held as a
//! [`Record`] and goes through the generic path entirely: one declaration,
//! nothing else to change but its UI.
//!
//! In a sidecar a record is a table `[[<table>]]`:
//!
//! ```toml
//! [[relation]]
//! id = "r1"
//! label = "member_of"
//! from = "e1"
//! to = "e2"
//! by = "alice"
//! ```
//!
//! in this order: `id`; the kind's own span (`start`, `end`, `text`) if it
//! has one; its declared fields in declaration order, each when set (a span
//! field as `{ start = …, end = …, text = "…" }`); `by`, `at`, `conflict`;
//! unknown fields, sorted. Records are written after the claims, grouped by
//! table, each group in id order.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use super::keys;
use super::model::{ClaimKind, Conflict, Cue};

/// What happens to an annotation referring to one that is removed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OnRemove {
    /// The referring annotation is removed too, in the same undoable change
    /// (a relation whose end is deleted).
    Remove,
    /// The reference is cleared.
    Clear,
    /// The reference is kept, dangling (`hashiya check` reports it).
    Keep,
    /// The reference is cleared and the removed annotation's quoted text
    /// goes into the field with this key (a claim's `claimant` becomes
    /// `claimant_text`).
    TextInto(String),
}

/// The type of a field's value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// Free text.
    Text,
    /// A label name (non-empty); which names are allowed is the schema's
    /// business (labels outside it load fine).
    Label,
    /// One of these names.
    Enum(Vec<String>),
    /// The id of an annotation of kind `target` (a kind's name).
    Ref {
        /// The kind referred to.
        target: String,
        /// What happens to this annotation when that one is removed.
        on_remove: OnRemove,
    },
    /// A span of its own: `{ start, end, text }` (like a claim's cue).
    Span,
}

impl FieldType {
    /// What the sidecar holds for this type, for messages.
    pub fn expected(&self) -> &'static str {
        match self {
            Self::Span => "an inline table `{ start, end, text }`",
            Self::Ref { .. } => "an id (a string)",
            Self::Text | Self::Label | Self::Enum(_) => "a string",
        }
    }
}

/// One declared field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldDecl {
    /// Its key in the sidecar (from [`super::keys`] for built-in kinds).
    pub key: String,
    /// Its type.
    pub ty: FieldType,
    /// True when every annotation of the kind must have it.
    pub required: bool,
}

impl FieldDecl {
    /// A field `key` of type `ty`.
    pub fn new(key: &str, ty: FieldType, required: bool) -> Self {
        Self { key: key.to_owned(), ty, required }
    }

    /// The kind this field refers to, if it is a reference.
    pub fn target(&self) -> Option<&str> {
        match &self.ty {
            FieldType::Ref { target, .. } => Some(target),
            _ => None,
        }
    }
}

/// How many spans an annotation of a kind has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Spans {
    /// None of its own (a relation: its ends are entities).
    None,
    /// One.
    One,
    /// Several (a claim: its content and its cue).
    Several,
}

/// A declared annotation kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KindDecl {
    /// Its name in messages and in references (`entity`, `relation`).
    pub name: String,
    /// Its sidecar table: `[[<table>]]`.
    pub table: String,
    /// What its ids start with (`r` for `r1`, `r-4kq8r2mz`).
    pub prefix: char,
    /// True when it has a span of its own, written `start`, `end`, `text`
    /// right after `id` (as entities and claims have).
    pub own_span: bool,
    /// Its fields, in the order they are written.
    pub fields: Vec<FieldDecl>,
    /// True for entities and claims, which keep typed structs and codecs.
    pub typed: bool,
}

/// Keys every record has besides its declared fields.
const COMMON_KEYS: [&str; 4] = [keys::ID, keys::BY, keys::AT, keys::CONFLICT];
/// The keys of an own span.
const SPAN_KEYS: [&str; 3] = [keys::START, keys::END, keys::TEXT];

impl KindDecl {
    /// A kind with no fields yet, no own span, handled as [`Record`]s.
    pub fn new(name: &str, table: &str, prefix: char) -> Self {
        Self {
            name: name.to_owned(),
            table: table.to_owned(),
            prefix,
            own_span: false,
            fields: Vec::new(),
            typed: false,
        }
    }

    /// This kind with a span of its own.
    #[must_use]
    pub fn with_own_span(mut self) -> Self {
        self.own_span = true;
        self
    }

    /// This kind with one more field.
    #[must_use]
    pub fn field(mut self, key: &str, ty: FieldType, required: bool) -> Self {
        self.fields.push(FieldDecl::new(key, ty, required));
        self
    }

    /// How many spans its annotations have.
    pub fn spans(&self) -> Spans {
        let fields = self.fields.iter().filter(|f| f.ty == FieldType::Span).count();
        match usize::from(self.own_span) + fields {
            0 => Spans::None,
            1 => Spans::One,
            _ => Spans::Several,
        }
    }

    /// The position and declaration of the field `key`.
    pub fn find(&self, key: &str) -> Option<(usize, &FieldDecl)> {
        self.fields.iter().enumerate().find(|(_, f)| f.key == key)
    }

    /// Every key this kind knows, in the order they are written.
    pub fn known_keys(&self) -> Vec<&str> {
        let mut known = vec![keys::ID];
        if self.own_span {
            known.extend(SPAN_KEYS);
        }
        known.extend(self.fields.iter().map(|f| f.key.as_str()));
        known.extend(&COMMON_KEYS[1..]);
        known
    }

    /// True when `key` is one of its keys.
    pub fn knows(&self, key: &str) -> bool {
        COMMON_KEYS.contains(&key)
            || (self.own_span && SPAN_KEYS.contains(&key))
            || self.find(key).is_some()
    }

    /// Its reference fields: (position, declaration).
    pub fn references(&self) -> impl Iterator<Item = (usize, &FieldDecl)> {
        self.fields.iter().enumerate().filter(|(_, f)| f.target().is_some())
    }
}

/// Why a kind cannot be declared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    /// Its name, table or prefix is taken by another kind.
    #[error("kind `{kind}`: {what} `{value}` is taken by kind `{by}`")]
    Taken {
        /// The kind declared.
        kind: String,
        /// `name`, `table` or `prefix`.
        what: &'static str,
        /// The value.
        value: String,
        /// The kind that has it.
        by: String,
    },
    /// A name, table or key that cannot be one.
    #[error("kind `{kind}`: `{value}` cannot be a {what} (ASCII letters, digits, `_`, `-`)")]
    BadName {
        /// The kind declared.
        kind: String,
        /// What it should be.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// A field key used twice, or one of the keys every record has.
    #[error("kind `{kind}`: field `{key}` is declared twice or is a reserved key")]
    DuplicateKey {
        /// The kind declared.
        kind: String,
        /// The key.
        key: String,
    },
    /// A reference to a kind that is not declared (before this one).
    #[error("kind `{kind}`: field `{key}` refers to unknown kind `{target}`")]
    UnknownTarget {
        /// The kind declared.
        kind: String,
        /// The field.
        key: String,
        /// The kind it names.
        target: String,
    },
    /// `TextInto` names a field that is not a text field of the kind.
    #[error("kind `{kind}`: field `{key}` puts text into `{into}`, which is no text field")]
    BadTextInto {
        /// The kind declared.
        kind: String,
        /// The field.
        key: String,
        /// The field named.
        into: String,
    },
}

/// The declared kinds: built-ins first, then any added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kinds {
    decls: Vec<Arc<KindDecl>>,
}

/// Top-level sidecar keys no kind may take as its table.
const RESERVED_TABLES: [&str; 4] =
    [keys::SCHEMA, keys::NEXT_ENTITY, keys::NEXT_CLAIM, keys::ARTICLE];

/// The built-in kinds, made once.
static BUILTIN: LazyLock<Kinds> = LazyLock::new(Kinds::new_builtin);

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Kinds {
    /// The built-in kinds: entity, claim, relation.
    pub fn builtin() -> &'static Self {
        &BUILTIN
    }

    fn new_builtin() -> Self {
        let entity = KindDecl {
            typed: true,
            ..KindDecl::new("entity", keys::ENTITY, 'e')
                .with_own_span()
                .field(keys::LABEL, FieldType::Label, true)
                .field(keys::LINK, FieldType::Text, false)
                .field(keys::NOTE, FieldType::Text, false)
        };
        let kinds = ClaimKind::ALL.iter().map(|k| k.name().to_owned()).collect();
        let claim = KindDecl {
            typed: true,
            ..KindDecl::new("claim", keys::CLAIM, 'c')
                .with_own_span()
                .field(
                    keys::CLAIMANT,
                    FieldType::Ref {
                        target: "entity".into(),
                        on_remove: OnRemove::TextInto(keys::CLAIMANT_TEXT.into()),
                    },
                    false,
                )
                .field(keys::CLAIMANT_TEXT, FieldType::Text, false)
                .field(keys::CUE, FieldType::Span, false)
                .field(keys::KIND, FieldType::Enum(kinds), false)
                .field(keys::NOTE, FieldType::Text, false)
        };
        let base = Self { decls: vec![Arc::new(entity), Arc::new(claim)] };
        // The built-in declarations are valid (a unit test says so).
        base.clone().with(relation_decl()).unwrap_or(base)
    }

    /// These kinds and `decl` (checked: its name, table and prefix are
    /// free, its keys are names and unique, its references name kinds
    /// declared before it or itself).
    pub fn with(mut self, decl: KindDecl) -> Result<Self, KindError> {
        let kind = decl.name.clone();
        for (what, value) in [("name", &decl.name), ("table", &decl.table)] {
            if !is_name(value) {
                return Err(KindError::BadName { kind, what, value: value.clone() });
            }
        }
        if !decl.prefix.is_ascii_lowercase() {
            let value = decl.prefix.to_string();
            return Err(KindError::BadName { kind, what: "prefix", value });
        }
        if RESERVED_TABLES.contains(&decl.table.as_str()) {
            let (value, by) = (decl.table.clone(), "sidecar".to_owned());
            return Err(KindError::Taken { kind, what: "table", value, by });
        }
        for other in &self.decls {
            let taken = [
                ("name", other.name == decl.name, decl.name.clone()),
                ("table", other.table == decl.table, decl.table.clone()),
                ("prefix", other.prefix == decl.prefix, decl.prefix.to_string()),
            ];
            if let Some((what, _, value)) = taken.into_iter().find(|t| t.1) {
                return Err(KindError::Taken { kind, what, value, by: other.name.clone() });
            }
        }
        let mut seen: Vec<&str> = COMMON_KEYS.to_vec();
        if decl.own_span {
            seen.extend(SPAN_KEYS);
        }
        for field in &decl.fields {
            if !is_name(&field.key) {
                let value = field.key.clone();
                return Err(KindError::BadName { kind, what: "key", value });
            }
            if seen.contains(&field.key.as_str()) {
                return Err(KindError::DuplicateKey { kind, key: field.key.clone() });
            }
            seen.push(&field.key);
            if let FieldType::Ref { target, on_remove } = &field.ty {
                if *target != decl.name && self.get(target).is_none() {
                    let (key, target) = (field.key.clone(), target.clone());
                    return Err(KindError::UnknownTarget { kind, key, target });
                }
                if let OnRemove::TextInto(into) = on_remove {
                    if decl.find(into).is_none_or(|(_, f)| f.ty != FieldType::Text) {
                        let (key, into) = (field.key.clone(), into.clone());
                        return Err(KindError::BadTextInto { kind, key, into });
                    }
                }
            }
        }
        self.decls.push(Arc::new(decl));
        Ok(self)
    }

    /// The kind named `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<KindDecl>> {
        self.decls.iter().find(|d| d.name == name)
    }

    /// The kind whose table is `table`.
    pub fn by_table(&self, table: &str) -> Option<&Arc<KindDecl>> {
        self.decls.iter().find(|d| d.table == table)
    }

    /// The kind held as [`Record`]s whose table is `table`.
    pub fn record_table(&self, table: &str) -> Option<&Arc<KindDecl>> {
        self.by_table(table).filter(|d| !d.typed)
    }

    /// Every kind, built-ins first.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<KindDecl>> {
        self.decls.iter()
    }

    /// The built-in relation kind.
    pub fn relation() -> &'static Arc<KindDecl> {
        // Declared by `new_builtin`; the fallback is never taken.
        static FALLBACK: LazyLock<Arc<KindDecl>> = LazyLock::new(|| Arc::new(relation_decl()));
        Self::builtin().get(RELATION).unwrap_or(&FALLBACK)
    }
}

/// The relation kind's name and table.
pub const RELATION: &str = keys::RELATION;

/// Relations: typed (`label`, a relation type of the schema), directed
/// (`from` → `to`), between two entities; removed with either end.
fn relation_decl() -> KindDecl {
    let end = || FieldType::Ref { target: "entity".into(), on_remove: OnRemove::Remove };
    KindDecl::new(RELATION, RELATION, 'r')
        .field(keys::LABEL, FieldType::Label, true)
        .field(keys::FROM, end(), true)
        .field(keys::TO, end(), true)
        .field(keys::NOTE, FieldType::Text, false)
}

/// A field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A text, label, enum or reference field.
    Text(String),
    /// A span field.
    Span(Cue),
}

impl Value {
    /// The text, if it is not a span.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(s) => Some(s),
            Self::Span(_) => None,
        }
    }
}

/// An annotation of a declared kind held generically (relations, and
/// kinds added by tests or configuration).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its kind.
    pub kind: Arc<KindDecl>,
    /// Unique in the sidecar (`r1`, `r-4kq8r2mz`), never reused.
    pub id: String,
    /// Its own span, when its kind has one (`extra` unused).
    pub span: Option<Cue>,
    /// The value of each declared field, by position (`None`: not set).
    pub values: Vec<Option<Value>>,
    /// Who made it, when known.
    pub by: Option<String>,
    /// When it was made, when known.
    pub at: Option<String>,
    /// Set when this is one of two versions kept side by side by a merge.
    pub conflict: Option<Conflict>,
    /// Fields its kind does not declare, kept as read.
    pub extra: toml::Table,
    /// Runtime only: one of its spans was not found in the article.
    pub orphan: bool,
}

impl Record {
    /// A record of `kind` with id `id` and no values.
    pub fn new(kind: &Arc<KindDecl>, id: &str) -> Self {
        Self {
            kind: Arc::clone(kind),
            id: id.to_owned(),
            span: None,
            values: vec![None; kind.fields.len()],
            by: None,
            at: None,
            conflict: None,
            extra: toml::Table::new(),
            orphan: false,
        }
    }

    /// The value of field `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        let (i, _) = self.kind.find(key)?;
        self.values.get(i)?.as_ref()
    }

    /// The text value of field `key`.
    pub fn text_of(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_text)
    }

    /// Sets (or clears) field `key`; false when the kind has no such field.
    pub fn set(&mut self, key: &str, value: Option<Value>) -> bool {
        let Some((i, _)) = self.kind.find(key) else { return false };
        if self.values.len() < self.kind.fields.len() {
            self.values.resize(self.kind.fields.len(), None);
        }
        self.values[i] = value;
        true
    }

    /// Every id it refers to: (field key, id).
    pub fn references(&self) -> impl Iterator<Item = (&str, &str)> {
        self.kind.references().filter_map(|(i, f)| {
            let id = self.values.get(i)?.as_ref()?.as_text()?;
            Some((f.key.as_str(), id))
        })
    }

    /// True when it refers to `id`.
    pub fn refers_to(&self, id: &str) -> bool {
        self.references().any(|(_, r)| r == id)
    }

    /// Its spans: its own, then its span fields (key, span).
    pub fn spans(&self) -> impl Iterator<Item = (&str, &Cue)> {
        let own = self.span.iter().map(|s| ("", s));
        let fields = self.values.iter().zip(&self.kind.fields).filter_map(|(v, f)| match v {
            Some(Value::Span(s)) => Some((f.key.as_str(), s)),
            _ => None,
        });
        own.chain(fields)
    }

    /// Its first span (its own, else its first span field), if any.
    pub fn range(&self) -> Option<Range<usize>> {
        self.spans().next().map(|(_, s)| s.range())
    }

    /// The quoted text of its first span (empty when it has none).
    pub fn text(&self) -> &str {
        self.spans().next().map_or("", |(_, s)| s.text.as_str())
    }

    /// Its label (`label` field), if its kind has one.
    pub fn label(&self) -> Option<&str> {
        self.text_of(keys::LABEL)
    }
}

/// The entities at the two ends (`from`, `to`) of record `r`, if its kind
/// has both fields (a relation; `None` otherwise); an end is `None` when
/// its entity is not in `store`.
pub fn relation_ends<'s>(
    store: &'s super::Store,
    r: &Record,
) -> Option<(Option<&'s super::Entity>, Option<&'s super::Entity>)> {
    r.kind.find(keys::FROM)?;
    r.kind.find(keys::TO)?;
    let end = |key| r.text_of(key).and_then(|id| store.entity(id));
    Some((end(keys::FROM), end(keys::TO)))
}

/// Puts records read from a sidecar in the order every reader gives:
/// grouped by table (in table-name order), file order within a table.
pub(crate) fn sort_records(records: &mut [Record]) {
    records.sort_by(|a, b| a.kind.table.cmp(&b.kind.table));
}

impl fmt::Display for KindDecl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_declarations_are_valid_and_describe_the_typed_codecs() {
        fn sorted(mut k: Vec<&str>) -> Vec<&str> {
            k.sort_unstable();
            k
        }
        let kinds = Kinds::builtin();
        let names: Vec<_> = kinds.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["entity", "claim", "relation"]);
        let entity = kinds.get("entity").unwrap();
        assert_eq!(sorted(entity.known_keys()), sorted(keys::ENTITY_KEYS.to_vec()));
        let claim = kinds.get("claim").unwrap();
        assert_eq!(claim.known_keys(), keys::CLAIM_KEYS, "in the order the writer writes them");
        assert_eq!(claim.spans(), Spans::Several);
        assert_eq!(entity.spans(), Spans::One);
        assert_eq!(Kinds::relation().spans(), Spans::None);
        assert_eq!(Kinds::relation().references().count(), 2);
        // Rebuilding them from scratch goes through the checks of `with`.
        let rebuilt = Kinds::new_builtin();
        assert_eq!(rebuilt.iter().count(), 3);
    }

    #[test]
    fn bad_declarations_are_refused() {
        let kinds = Kinds::builtin().clone();
        let taken = kinds.clone().with(KindDecl::new("event", "event", 'e'));
        assert!(matches!(taken, Err(KindError::Taken { what: "prefix", .. })), "{taken:?}");
        let table = kinds.clone().with(KindDecl::new("x", "article", 'x'));
        assert!(matches!(table, Err(KindError::Taken { what: "table", .. })), "{table:?}");
        let twice = KindDecl::new("x", "x", 'x').field("a", FieldType::Text, false).field(
            "a",
            FieldType::Text,
            false,
        );
        assert!(matches!(kinds.clone().with(twice), Err(KindError::DuplicateKey { .. })));
        let reserved = KindDecl::new("x", "x", 'x').field("by", FieldType::Text, false);
        assert!(matches!(kinds.clone().with(reserved), Err(KindError::DuplicateKey { .. })));
        let target = FieldType::Ref { target: "nothing".into(), on_remove: OnRemove::Keep };
        let dangling = KindDecl::new("x", "x", 'x').field("to", target, true);
        assert!(matches!(kinds.clone().with(dangling), Err(KindError::UnknownTarget { .. })));
        let bad = KindDecl::new("x y", "x", 'x');
        assert!(matches!(kinds.with(bad), Err(KindError::BadName { .. })));
    }

    #[test]
    fn records_give_their_fields_references_and_spans() {
        let relation = Kinds::relation();
        let mut r = Record::new(relation, "r1");
        assert!(r.set(keys::LABEL, Some(Value::Text("member_of".into()))));
        assert!(r.set(keys::FROM, Some(Value::Text("e1".into()))));
        assert!(r.set(keys::TO, Some(Value::Text("e2".into()))));
        assert!(!r.set("nope", None));
        assert_eq!(r.label(), Some("member_of"));
        assert_eq!(r.references().collect::<Vec<_>>(), [("from", "e1"), ("to", "e2")]);
        assert!(r.refers_to("e2") && !r.refers_to("r1"));
        assert_eq!(r.range(), None);
        assert_eq!(r.text(), "");
    }
}
