//! brat annotations Hashiya has no model for yet — relations, events other
//! than claims, equivalences, attributes, normalizations (knowledge-base
//! links), other notes — kept in the sidecar as they were imported and
//! written back by `export --format brat`.
//!
//! They live in the sidecar's `[[brat]]` tables (see `docs/formats.md`),
//! one per brat line, after the annotations; each has an `id` of its own
//! (`b-4kq8r2mz`, unique without coordination, so that two annotators'
//! imports merge in git) and names what it is on by **our** ids — an
//! entity's (`e-…`), a claim's (`c-…`, meaning its event) or another
//! `[[brat]]` table's — never by brat's `T1`, which is given afresh at each
//! export. So they follow the entities through re-ids and merges, and a
//! later model of relations or knowledge-base links can lift them as they
//! are:
//!
//! ```toml
//! [[brat]]
//! id = "b-1"
//! kind = "relation"                 # R: type, two (role, id) arguments
//! type = "LocatedIn"
//! args = [["Arg1", "e-2"], ["Arg2", "e-3"]]
//!
//! [[brat]]
//! id = "b-2"
//! kind = "trigger"                  # the T of an event that is not a claim
//! type = "Visit"
//! start = 92
//! end = 97
//! text = "ستزور"
//!
//! [[brat]]
//! id = "b-3"
//! kind = "event"                    # E: type, trigger, (role, id) arguments
//! type = "Visit"
//! trigger = "b-2"
//! args = [["Agent", "e-4"]]
//! ```
//!
//! and `equivalence` (`members`), `attribute` / `modifier` (A / M: `target`,
//! `value` when not binary), `normalization` (`target`, `ref` =
//! `"Wikidata:Q148"`, `text`) and `note` (`type`, `target`, `text`). A
//! `trigger` may have `fragments` (`[[start, end], …]`) like an entity.
//!
//! On export, a table whose target is gone (an entity deleted, an orphan)
//! or whose trigger's text is no longer the article's is left out and
//! named, as is every table that depends on it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use super::brat::brat_type;
use crate::annotate::IdScheme;
use crate::annotate::anchor::CharIndex;

/// The top-level sidecar key of the kept brat tables.
pub const KEY: &str = "brat";
/// The key of an annotation's (or trigger's) fragments, `[[start, end], …]`.
pub const FRAGMENTS: &str = "fragments";

/// What a `[[brat]]` table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The `T` line of an event that is not a claim.
    Trigger,
    /// An `E` line that is not a claim.
    Event,
    /// An `R` line.
    Relation,
    /// A `*` line.
    Equivalence,
    /// An `A` line.
    Attribute,
    /// An `M` line.
    Modifier,
    /// An `N` line.
    Normalization,
    /// A `#` line that is not a note Hashiya holds.
    Note,
}

impl Kind {
    /// Every kind, in the order they are written (targets before what is on them).
    pub const ALL: [Self; 8] = [
        Self::Trigger,
        Self::Event,
        Self::Relation,
        Self::Equivalence,
        Self::Attribute,
        Self::Modifier,
        Self::Normalization,
        Self::Note,
    ];

    /// Its name in the sidecar.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Trigger => "trigger",
            Self::Event => "event",
            Self::Relation => "relation",
            Self::Equivalence => "equivalence",
            Self::Attribute => "attribute",
            Self::Modifier => "modifier",
            Self::Normalization => "normalization",
            Self::Note => "note",
        }
    }

    /// The brat id prefix of its lines.
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Trigger => "T",
            Self::Event => "E",
            Self::Relation => "R",
            Self::Equivalence => "*",
            Self::Attribute => "A",
            Self::Modifier => "M",
            Self::Normalization => "N",
            Self::Note => "#",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

fn string(s: &str) -> toml::Value {
    toml::Value::String(s.to_owned())
}

fn integer(n: usize) -> toml::Value {
    toml::Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `[[start, end], …]`.
pub fn fragments_value(fragments: &[Range<usize>]) -> toml::Value {
    toml::Value::Array(
        fragments
            .iter()
            .map(|f| toml::Value::Array(vec![integer(f.start), integer(f.end)]))
            .collect(),
    )
}

/// The fragments of a `fragments` value, when well formed: ascending,
/// each non-empty, apart from one another.
pub fn fragments_of(value: Option<&toml::Value>) -> Option<Vec<Range<usize>>> {
    let items = value?.as_array()?;
    let mut out: Vec<Range<usize>> = Vec::with_capacity(items.len());
    for item in items {
        let pair = item.as_array()?;
        let (Some(s), Some(e), 2) = (pair.first(), pair.get(1), pair.len()) else { return None };
        let s = usize::try_from(s.as_integer()?).ok()?;
        let e = usize::try_from(e.as_integer()?).ok()?;
        if s >= e || out.last().is_some_and(|l| l.end >= s) {
            return None;
        }
        out.push(s..e);
    }
    (out.len() >= 2).then_some(out)
}

/// The fragments kept for a span now at `span`: shifted with it when it
/// moved (re-anchored), `None` (with the reason) when they no longer fit it.
pub fn fitted_fragments(
    value: Option<&toml::Value>,
    span: Range<usize>,
) -> Result<Option<Vec<Range<usize>>>, &'static str> {
    let Some(value) = value else { return Ok(None) };
    let Some(mut fragments) = fragments_of(Some(value)) else {
        return Err("its `fragments` are not ascending [start, end] pairs");
    };
    let first = fragments.first().map_or(0, |f| f.start);
    for f in &mut fragments {
        match (f.start.checked_add(span.start), f.end.checked_add(span.start)) {
            (Some(s), Some(e)) if s >= first && e >= first => *f = s - first..e - first,
            _ => return Err("its `fragments` do not fit its span"),
        }
    }
    if fragments.last().map(|f| f.end) != Some(span.end) {
        return Err("its `fragments` no longer fit its span (it was changed)");
    }
    Ok(Some(fragments))
}

// ----- import -----

/// The `[[brat]]` tables of a store being imported into: the ones there,
/// and new ones, unique by content.
pub struct Preserver {
    items: Vec<toml::Value>,
    /// Content (the table without its `id`, written out) → id.
    by_content: HashMap<String, String>,
    ids: HashSet<String>,
    scheme: IdScheme,
    /// Tables added.
    pub added: usize,
    /// Tables already there.
    pub identical: usize,
}

/// The content key of a table: everything but its id, in a fixed form.
fn content_key(table: &toml::Table) -> String {
    let mut out = String::new();
    for (k, v) in table {
        if k != "id" {
            out.push_str(k);
            out.push('=');
            crate::annotate::write::write_value(&mut out, v);
            out.push('\n');
        }
    }
    out
}

impl Preserver {
    /// The kept tables of `top` (a sidecar's unknown top-level keys), with
    /// new ids drawn from `scheme`.
    pub fn new(top: &toml::Table, scheme: IdScheme) -> Self {
        let items = top.get(KEY).and_then(toml::Value::as_array).cloned().unwrap_or_default();
        let mut by_content = HashMap::with_capacity(items.len());
        let mut ids = HashSet::with_capacity(items.len());
        for item in &items {
            if let Some(table) = item.as_table() {
                if let Some(id) = table.get("id").and_then(toml::Value::as_str) {
                    ids.insert(id.to_owned());
                    by_content.entry(content_key(table)).or_insert_with(|| id.to_owned());
                }
            }
        }
        Self { items, by_content, ids, scheme, added: 0, identical: 0 }
    }

    /// Keeps `table` (without an `id`): returns its id, and whether it is new.
    pub fn put(&mut self, mut table: toml::Table) -> (String, bool) {
        let key = content_key(&table);
        if let Some(id) = self.by_content.get(&key) {
            self.identical += 1;
            return (id.clone(), false);
        }
        let id = loop {
            let id = self.scheme.draw('b').unwrap_or_else(|| format!("b{}", self.ids.len() + 1));
            if !self.ids.contains(&id) {
                break id;
            }
        };
        self.ids.insert(id.clone());
        self.by_content.insert(key, id.clone());
        let mut with_id = toml::Table::new();
        with_id.insert("id".to_owned(), string(&id));
        for (k, v) in std::mem::take(&mut table) {
            with_id.insert(k, v);
        }
        self.items.push(toml::Value::Table(with_id));
        self.added += 1;
        (id, true)
    }

    /// Writes the tables into `top`.
    pub fn finish(self, top: &mut toml::Table) {
        if !self.items.is_empty() {
            top.insert(KEY.to_owned(), toml::Value::Array(self.items));
        }
    }
}

/// A new table of `kind` with brat type `kind_type`.
pub fn table(kind: Kind, brat_type: &str) -> toml::Table {
    let mut t = toml::Table::new();
    t.insert("kind".to_owned(), string(kind.name()));
    t.insert("type".to_owned(), string(brat_type));
    t
}

/// Sets `key` to the string `value`.
pub fn set(table: &mut toml::Table, key: &str, value: &str) {
    table.insert(key.to_owned(), string(value));
}

/// Sets `key` to `[[role, id], …]`.
pub fn set_args(table: &mut toml::Table, key: &str, args: &[(String, String)]) {
    let value =
        args.iter().map(|(role, id)| toml::Value::Array(vec![string(role), string(id)])).collect();
    table.insert(key.to_owned(), toml::Value::Array(value));
}

/// Sets `key` to `[id, …]`.
pub fn set_list(table: &mut toml::Table, key: &str, ids: &[String]) {
    table.insert(key.to_owned(), toml::Value::Array(ids.iter().map(|s| string(s)).collect()));
}

/// Sets a span: `start`, `end`, `text`, and `fragments` when there are several.
pub fn set_span(
    table: &mut toml::Table,
    range: Range<usize>,
    text: &str,
    fragments: &[Range<usize>],
) {
    table.insert("start".to_owned(), integer(range.start));
    table.insert("end".to_owned(), integer(range.end));
    set(table, "text", text);
    if fragments.len() >= 2 {
        table.insert(FRAGMENTS.to_owned(), fragments_value(fragments));
    }
}

// ----- export -----

/// One kept table, read back for export.
#[derive(Debug, Clone)]
struct Item<'a> {
    id: &'a str,
    kind: Kind,
    brat_type: &'a str,
    table: &'a toml::Table,
    /// Ids it names (targets, arguments, trigger, members).
    refs: Vec<&'a str>,
}

/// What [`export`] wrote and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The `.ann` lines.
    pub lines: String,
    /// Why tables were left out (`b-1 relation LocatedIn: e-2 is gone`).
    pub left_out: Vec<String>,
    /// Types used, for `annotation.conf`: `(kind, type, roles)`.
    pub types: Vec<(Kind, String, Vec<String>)>,
}

fn str_of<'a>(t: &'a toml::Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(toml::Value::as_str)
}

fn pairs_of<'a>(t: &'a toml::Table, key: &str) -> Option<Vec<(&'a str, &'a str)>> {
    t.get(key)?
        .as_array()?
        .iter()
        .map(|p| {
            let p = p.as_array()?;
            match (p.first()?.as_str(), p.get(1)?.as_str(), p.len()) {
                (Some(r), Some(i), 2) => Some((r, i)),
                _ => None,
            }
        })
        .collect()
}

fn list_of<'a>(t: &'a toml::Table, key: &str) -> Option<Vec<&'a str>> {
    t.get(key)?.as_array()?.iter().map(toml::Value::as_str).collect()
}

/// Reads one table: its kind, type and references, or why it cannot be written.
fn read_item(value: &toml::Value) -> Result<Item<'_>, String> {
    let table = value.as_table().ok_or("not a table")?;
    let id = str_of(table, "id").ok_or("no `id`")?;
    let kind =
        str_of(table, "kind").and_then(Kind::from_name).ok_or(format!("{id}: no known `kind`"))?;
    let brat_type = str_of(table, "type").ok_or(format!("{id}: no `type`"))?;
    let bad = |what: &str| format!("{id} {}: {what}", kind.name());
    let refs = match kind {
        Kind::Trigger => Vec::new(),
        Kind::Event => {
            let mut refs = vec![str_of(table, "trigger").ok_or_else(|| bad("no `trigger`"))?];
            refs.extend(pairs_of(table, "args").unwrap_or_default().into_iter().map(|p| p.1));
            refs
        }
        Kind::Relation => {
            let args = pairs_of(table, "args").filter(|a| a.len() == 2);
            args.ok_or_else(|| bad("`args` are not two [role, id] pairs"))?
                .into_iter()
                .map(|p| p.1)
                .collect()
        }
        Kind::Equivalence => list_of(table, "members").ok_or_else(|| bad("no `members`"))?,
        _ => vec![str_of(table, "target").ok_or_else(|| bad("no `target`"))?],
    };
    Ok(Item { id, kind, brat_type, table, refs })
}

/// The text bound of a trigger, in brat's counting, or why not.
pub type Bound<'b> =
    dyn Fn(Range<usize>, Option<&toml::Value>) -> Result<(String, String), String> + 'b;

/// A span as brat writes it: the offsets field and the covered text.
type Span = (String, String);

/// The trigger span of `item` (its offsets field and text), when its text
/// is still the article's at its offsets.
fn trigger_span(
    item: &Item<'_>,
    text_index: &CharIndex<'_>,
    bound: &Bound<'_>,
) -> Result<(String, String), String> {
    let offset = |key: &str| {
        item.table.get(key).and_then(toml::Value::as_integer).and_then(|n| usize::try_from(n).ok())
    };
    let quoted = str_of(item.table, "text");
    match (offset("start"), offset("end")) {
        (Some(s), Some(e))
            if s < e && text_index.slice(s..e).is_some_and(|t| Some(t) == quoted) =>
        {
            bound(s..e, item.table.get(FRAGMENTS))
        }
        _ => Err("its text is no longer the article's at its offsets".to_owned()),
    }
}

/// Why each item cannot be written (`None`: it can): a missing target, a
/// stale trigger, and everything that depends on those (a queue: linear);
/// and the span of each trigger.
fn find_dead(
    items: &[Item<'_>],
    refs: &HashMap<String, String>,
    text_index: &CharIndex<'_>,
    bound: &Bound<'_>,
) -> (Vec<Option<String>>, Vec<Option<Span>>) {
    let by_id: HashMap<&str, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    let mut dependents: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut dead: Vec<Option<String>> = vec![None; items.len()];
    let mut spans: Vec<Option<Span>> = vec![None; items.len()];
    for (i, item) in items.iter().enumerate() {
        if item.kind == Kind::Trigger {
            match trigger_span(item, text_index, bound) {
                Ok(span) => spans[i] = Some(span),
                Err(why) => dead[i] = Some(why),
            }
        }
        for r in &item.refs {
            if let Some(&j) = by_id.get(r) {
                dependents.entry(j).or_default().push(i);
            } else if !refs.contains_key(*r) {
                dead[i].get_or_insert_with(|| format!("{r} is gone"));
            }
        }
    }
    let mut queue: VecDeque<usize> = (0..items.len()).filter(|&i| dead[i].is_some()).collect();
    while let Some(j) = queue.pop_front() {
        for &i in dependents.get(&j).map_or(&[][..], Vec::as_slice) {
            if dead[i].is_none() {
                dead[i] = Some(format!("it is on {}, left out", items[j].id));
                queue.push_back(i);
            }
        }
    }
    (dead, spans)
}

/// ` ROLE:ID` for each argument, with the roles in `roles` (an event's
/// without their numbers, `Theme2` → `Theme`, as `annotation.conf` names them).
fn write_args(
    line: &mut String,
    args: &[(&str, &str)],
    name: &dyn Fn(&str) -> String,
    event: bool,
    roles: &mut Vec<String>,
) {
    use std::fmt::Write as _;
    for (role, r) in args {
        let role = brat_type(role);
        let _ = write!(line, " {role}:{}", name(r));
        roles.push(if event { super::brat::base_role(&role).to_owned() } else { role });
    }
}

/// The `.ann` line of `item` (brat id `own`, trigger span `span`), naming
/// what it is on through `name`; and the roles (or attribute values) it
/// uses, for `annotation.conf`.
fn line_of(
    item: &Item<'_>,
    own: &str,
    span: Option<&(String, String)>,
    name: &dyn Fn(&str) -> String,
) -> (String, Vec<String>) {
    let t = item.table;
    let ty = brat_type(item.brat_type);
    let mut roles = Vec::new();
    let line = match item.kind {
        Kind::Trigger => {
            let (offsets, covered) = span.cloned().unwrap_or_default();
            format!("{own}\t{ty} {offsets}\t{covered}")
        }
        Kind::Event => {
            let mut l = format!("{own}\t{ty}:{}", name(str_of(t, "trigger").unwrap_or_default()));
            write_args(&mut l, &pairs_of(t, "args").unwrap_or_default(), name, true, &mut roles);
            l
        }
        Kind::Relation => {
            let mut l = format!("{own}\t{ty}");
            write_args(&mut l, &pairs_of(t, "args").unwrap_or_default(), name, false, &mut roles);
            l
        }
        Kind::Equivalence => {
            let members: Vec<String> = item.refs.iter().map(|r| name(r)).collect();
            format!("*\t{ty} {}", members.join(" "))
        }
        Kind::Attribute | Kind::Modifier => {
            let value = str_of(t, "value").map(brat_type);
            let target = name(item.refs[0]);
            match value {
                Some(v) => {
                    let l = format!("{own}\t{ty} {target} {v}");
                    roles.push(v);
                    l
                }
                None => format!("{own}\t{ty} {target}"),
            }
        }
        Kind::Normalization => {
            let reference = brat_type(str_of(t, "ref").unwrap_or_default());
            let text = super::brat::one_line(str_of(t, "text").unwrap_or_default());
            format!("{own}\t{ty} {} {reference}\t{text}", name(item.refs[0]))
        }
        Kind::Note => {
            let text = super::brat::one_line(str_of(t, "text").unwrap_or_default());
            format!("{own}\t{ty} {}\t{text}", name(item.refs[0]))
        }
    };
    (line, roles)
}

/// Writes the kept tables of `top` as `.ann` lines. `refs` maps our ids
/// (entities, claims) to the brat ids already written; `counters` are the
/// last numbers used per prefix (`T`, `E`, `A`, `#`), moved on; `bound`
/// gives a span's offsets field and text (checking the trigger's text).
pub(crate) fn export(
    top: &toml::Table,
    text_index: &CharIndex<'_>,
    refs: &HashMap<String, String>,
    counters: &mut HashMap<&'static str, usize>,
    bound: &Bound<'_>,
) -> Written {
    let mut out = Written::default();
    let Some(values) = top.get(KEY).and_then(toml::Value::as_array) else { return out };
    let mut items: Vec<Item<'_>> = Vec::with_capacity(values.len());
    for value in values {
        match read_item(value) {
            Ok(item) => items.push(item),
            Err(why) => out.left_out.push(format!("[[brat]] {why}")),
        }
    }
    let (dead, spans) = find_dead(&items, refs, text_index, bound);
    // Brat ids for what is written, then the lines, kind by kind.
    let mut brat_ids: HashMap<&str, String> = HashMap::new();
    for kind in Kind::ALL {
        for (i, item) in items.iter().enumerate() {
            if item.kind != kind || dead[i].is_some() || kind == Kind::Equivalence {
                continue;
            }
            let n = counters.entry(kind.prefix()).or_insert(0);
            *n += 1;
            brat_ids.insert(item.id, format!("{}{n}", kind.prefix()));
        }
    }
    let name = |r: &str| -> String {
        brat_ids.get(r).cloned().or_else(|| refs.get(r).cloned()).unwrap_or_default()
    };
    for kind in Kind::ALL {
        for (i, item) in items.iter().enumerate().filter(|(_, it)| it.kind == kind) {
            if let Some(why) = &dead[i] {
                out.left_out.push(format!("{} {} {}: {why}", item.id, kind.name(), item.brat_type));
                continue;
            }
            let own = brat_ids.get(item.id).cloned().unwrap_or_default();
            let (line, roles) = line_of(item, &own, spans[i].as_ref(), &name);
            out.lines.push_str(&line);
            out.lines.push('\n');
            out.types.push((kind, brat_type(item.brat_type), roles));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Store;
    use crate::review::brat::{export as brat_export, parse};
    use crate::review::import::merge;
    use std::path::Path;

    const TEXT: &str = "قال لي إن الصين ستزور بكين غدا.";

    /// A store with an entity, a kept trigger, an event on both and an
    /// attribute on the event.
    fn kept_store() -> Store {
        let ann =
            "T1\tGPE 10 15\tالصين\nT2\tVisit 16 21\tستزور\nE1\tVisit:T2 Agent:T1\nA1\tNeg E1\n";
        let mut store = Store::new();
        store.set_id_scheme(IdScheme::seeded(1));
        let merged = merge(&mut store, TEXT, &parse(ann, Path::new("x.ann")).unwrap());
        assert_eq!(merged.counts.kept, 3, "{merged:?}");
        store
    }

    #[test]
    fn kept_tables_are_written_back_under_fresh_brat_ids() {
        let out = brat_export(TEXT, &kept_store());
        assert_eq!(
            out.ann,
            "T1\tGPE 10 15\tالصين\nT2\tVisit 16 21\tستزور\nE1\tVisit:T2 Agent:T1\nA1\tNeg E1\n"
        );
        assert!(out.left_out.is_empty());
    }

    #[test]
    fn a_stale_trigger_leaves_out_what_depends_on_it_naming_each() {
        let store = kept_store();
        // The article changed where the trigger was.
        let changed = TEXT.replace("ستزور", "زارت");
        let out = brat_export(&changed, &store);
        assert_eq!(out.ann, "T1\tGPE 10 15\tالصين\n", "{out:?}");
        assert_eq!(out.left_out.len(), 3, "{:?}", out.left_out);
        assert!(out.left_out[0].contains("trigger Visit: its text is no longer the article's"));
        assert!(out.left_out[1].contains("event Visit: it is on b-"), "{:?}", out.left_out);
        assert!(out.left_out[2].contains("attribute Neg: it is on b-"), "{:?}", out.left_out);
    }

    #[test]
    fn a_deleted_entity_leaves_out_the_event_on_it() {
        let mut store = kept_store();
        let id = store.entities().next().unwrap().id.clone();
        store.remove(&id).unwrap();
        let out = brat_export(TEXT, &store);
        assert_eq!(out.ann, "T1\tVisit 16 21\tستزور\n");
        assert!(out.left_out[0].contains(&format!("{id} is gone")), "{:?}", out.left_out);
    }

    #[test]
    fn fragments_follow_a_moved_span_and_are_dropped_named_when_it_changed() {
        let value = fragments_value(&[2..4, 7..9]);
        assert_eq!(fitted_fragments(Some(&value), 2..9), Ok(Some(vec![2..4, 7..9])));
        assert_eq!(fitted_fragments(Some(&value), 12..19), Ok(Some(vec![12..14, 17..19])));
        assert!(fitted_fragments(Some(&value), 2..10).is_err());
        assert_eq!(fitted_fragments(None, 2..10), Ok(None));
        let bad = toml::Value::Array(vec![toml::Value::Integer(1)]);
        assert!(fitted_fragments(Some(&bad), 2..10).is_err());
    }
}
