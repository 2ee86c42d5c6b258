//! Knowledge-base links in brat: the `N` lines of entities linked to a
//! canonical entity with a Wikidata id, written by `export --format brat`
//! and lifted back into links by `import`.
//!
//! ```text
//! T3<TAB>PERSON 120 135<TAB>نيكولاي يفمينوف
//! N1<TAB>Reference T3 Wikidata:Q4161444<TAB>نيكولاي يفمينوف
//! ```
//!
//! On import, an `N` line with a `Wikidata:Q…` reference on an entity
//! links that entity to the canonical entity of the corpus registry
//! (`entities.toml`) with that knowledge-base id — made, named by the
//! line's text, when the registry has none. Other `N` lines (another
//! knowledge base, on an event) stay `[[brat]]` tables
//! ([`super::brat_preserved`]).

use std::path::Path;

use crate::annotate::{IdScheme, Store};
use crate::corpus::registry::{Registry, valid_kb_id};
use crate::corpus::registry_file::RegistryFile;

/// The knowledge base prefix of Wikidata references in brat.
pub const WIKIDATA: &str = "Wikidata";

/// A knowledge-base link read from an `N` line, for an entity of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbLink {
    /// Our entity's id.
    pub entity: String,
    /// The Wikidata id (`Q…`).
    pub kb_id: String,
    /// The line's text (the entity's name in the knowledge base), maybe empty.
    pub name: String,
}

/// The Wikidata id of a brat reference `Wikidata:Q123`, when it is one.
pub fn wikidata(reference: &str) -> Option<&str> {
    let (db, id) = reference.split_once(':')?;
    (db.eq_ignore_ascii_case(WIKIDATA) && valid_kb_id(id)).then_some(id)
}

/// The `N` line text after the id: `Reference T3 Wikidata:Q123\tname`.
pub fn n_line(tid: &str, kb_id: &str, name: &str) -> String {
    // brat's text field is one line: no tab nor line break in it.
    let name: String =
        name.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }).collect();
    format!("Reference {tid} {WIKIDATA}:{kb_id}\t{name}")
}

/// Links the entities of `links` in `store` to the canonical entities of
/// `registry` with their knowledge-base ids, adding the ones it lacks
/// (named by the line's text, else the mention's; typed by its label).
/// Returns a line per link for the import report.
pub fn lift(store: &mut Store, registry: &mut Registry, links: &[KbLink]) -> Vec<String> {
    let mut report = Vec::new();
    let mut ids = IdScheme::unique();
    for link in links {
        let Some(entity) = store.entity(&link.entity).cloned() else { continue };
        let found = registry
            .iter()
            .find(|k| k.kb_id.as_deref() == Some(link.kb_id.as_str()))
            .map(|k| k.id.clone());
        let canonical = found.unwrap_or_else(|| {
            let name = if link.name.trim().is_empty() { &entity.text } else { &link.name };
            let id = registry.add(name.trim(), &entity.label, &mut ids);
            if let Some(k) = registry.get_mut(&id) {
                k.kb_id = Some(link.kb_id.clone());
            }
            report.push(format!("+ {id} {}: new canonical entity ({})", link.kb_id, name.trim()));
            id
        });
        registry.add_alias(&canonical, &entity.text);
        if entity.link.as_deref() != Some(canonical.as_str())
            && store.set_link(&entity.id, Some(&canonical)).is_ok()
        {
            report.push(format!("~ {} linked to {canonical} ({})", entity.id, link.kb_id));
        }
    }
    report
}

/// [`lift`] with the registry of `article`'s folder, read and (unless
/// `dry_run`) saved by load, merge, save.
pub fn lift_in_folder(
    store: &mut Store,
    article: &Path,
    links: &[KbLink],
    dry_run: bool,
) -> Result<Vec<String>, super::ReviewError> {
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let folder = super::registries::folder_of(article);
    let mut file = RegistryFile::open(&folder)?;
    let report = lift(store, &mut file.registry, links);
    if !dry_run && file.is_dirty() {
        file.save()?;
    }
    Ok(report)
}
