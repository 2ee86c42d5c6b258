//! Three-way merge of registries by id: what the reader does when
//! `entities.toml` changed on disk while it had its own additions, and what
//! git's merge driver does for the file.
//!
//! Each id takes what changed: a side that did not touch an entity takes
//! the other side's version (an addition, an edit, a deletion). When both
//! changed one entity, it is merged field by field: aliases as a set — the
//! union of both sides' additions, minus what either side removed; another
//! field changed on one side only takes that side's value; changed on both,
//! the greater value (in `char` order) wins on both machines alike, and a
//! name that loses is kept as an alias. An entity deleted on one side and
//! changed on the other is kept. Nothing one side added is ever lost, and
//! the result does not depend on which side is "ours".

use std::collections::BTreeSet;

use super::registry::{Canonical, Registry};

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryMerge {
    /// Entities one side had that the other did not (additions taken).
    pub added: usize,
    /// Fields both sides changed differently, `id: field` (the greater
    /// value kept; a losing name kept as an alias).
    pub conflicts: Vec<String>,
}

/// Three-way choice: the side that changed; both changed differently: the
/// greater (`None` less than any value), and a conflict is reported.
fn pick<T: PartialEq + Ord + Clone>(base: &T, ours: &T, theirs: &T, conflict: &mut bool) -> T {
    if ours == base || ours == theirs {
        theirs.clone()
    } else if theirs == base {
        ours.clone()
    } else {
        *conflict = true;
        std::cmp::max(ours, theirs).clone()
    }
}

/// Aliases: both sides' additions, minus what either side removed.
fn aliases(
    base: &BTreeSet<String>,
    ours: &BTreeSet<String>,
    theirs: &BTreeSet<String>,
) -> BTreeSet<String> {
    ours.iter()
        .chain(theirs)
        .filter(|a| !base.contains(*a) || (ours.contains(*a) && theirs.contains(*a)))
        .cloned()
        .collect()
}

/// A table of unknown fields, key by key.
fn table(
    base: &toml::Table,
    ours: &toml::Table,
    theirs: &toml::Table,
    conflicts: &mut Vec<String>,
    what: &str,
) -> toml::Table {
    let keys: BTreeSet<&String> = base.keys().chain(ours.keys()).chain(theirs.keys()).collect();
    let mut out = toml::Table::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let value = if o == b || o == t {
            t
        } else if t == b {
            o
        } else {
            conflicts.push(format!("{what}: {key}"));
            // toml values have no order: their text decides, alike on both sides.
            std::cmp::max_by_key(o, t, |v| v.map(ToString::to_string))
        };
        if let Some(value) = value {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

/// One entity both sides changed.
fn entity(
    base: &Canonical,
    ours: &Canonical,
    theirs: &Canonical,
    report: &mut RegistryMerge,
) -> Canonical {
    let id = &ours.id;
    let mut field = |name: &str, b: &Option<String>, o: &Option<String>, t: &Option<String>| {
        let mut conflict = false;
        let value = pick(b, o, t, &mut conflict);
        if conflict {
            report.conflicts.push(format!("{id}: {name}"));
        }
        value
    };
    let name = field(
        "name",
        &Some(base.name.clone()),
        &Some(ours.name.clone()),
        &Some(theirs.name.clone()),
    )
    .unwrap_or_default();
    let kind = field(
        "type",
        &Some(base.kind.clone()),
        &Some(ours.kind.clone()),
        &Some(theirs.kind.clone()),
    )
    .unwrap_or_default();
    let kb_id = field("kb_id", &base.kb_id, &ours.kb_id, &theirs.kb_id);
    let note = field("note", &base.note, &ours.note, &theirs.note);
    let by = field("by", &base.by, &ours.by, &theirs.by);
    let at = field("at", &base.at, &ours.at, &theirs.at);
    let mut merged_aliases = aliases(&base.aliases, &ours.aliases, &theirs.aliases);
    // A name that lost (both sides renamed it differently) stays as an alias.
    for other in [&ours.name, &theirs.name] {
        if *other != name && *other != base.name {
            merged_aliases.insert(other.clone());
        }
    }
    let extra = table(&base.extra, &ours.extra, &theirs.extra, &mut report.conflicts, id);
    Canonical { id: id.clone(), name, kind, aliases: merged_aliases, kb_id, note, by, at, extra }
}

/// Merges registries `ours` and `theirs` against their common ancestor
/// `base` (empty: both made the file).
pub fn merge(base: &Registry, ours: &Registry, theirs: &Registry) -> (Registry, RegistryMerge) {
    let mut report = RegistryMerge::default();
    let mut out = Registry::new();
    let ids: BTreeSet<&str> =
        base.iter().chain(ours.iter()).chain(theirs.iter()).map(|e| e.id.as_str()).collect();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let merged = match (o, t) {
            _ if o == t => o.cloned(),
            _ if o == b => t.cloned(),
            _ if t == b => o.cloned(),
            (Some(o), None) | (None, Some(o)) => Some(o.clone()),
            (Some(o), Some(t)) => {
                let empty = Canonical { id: id.to_owned(), ..Canonical::default() };
                Some(entity(b.unwrap_or(&empty), o, t, &mut report))
            }
            (None, None) => None,
        };
        if b.is_none() && o.is_some() != t.is_some() {
            report.added += 1;
        }
        if let Some(e) = merged {
            out.insert(e);
        }
    }
    out.extra = table(&base.extra, &ours.extra, &theirs.extra, &mut report.conflicts, "top");
    (out, report)
}
