//! JSON Lines export: one article per line, character offsets, for doccano
//! and scripts (spaCy and Prodigy: [`super::spacy`]).
//!
//! ```json
//! {"id": "004", "file": "004.txt", "text": "…",
//!  "entities": [{"id": "e1", "start": 16, "end": 25, "label": "PERSON", "text": "…", "note": null,
//!                "entity": "k-4kq8r2mz", "kb_id": "Q4161444"}],
//!  "claims": [{"id": "c1", "start": …, "end": …, "text": …, "claimant": "e1", "claimant_text": null,
//!              "cue": {"start": …, "end": …, "text": …}, "kind": "indirect", "note": null}],
//!  "relations": [{"id": "r1", "label": "member_of", "from": "e1", "to": "e2", "note": null}],
//!  "label": [[16, 25, "PERSON"]]}
//! ```
//!
//! `entity` and `kb_id` are on linked entities only: the canonical entity
//! (`entities.toml`) the mention is linked to, and its knowledge-base id
//! when it has one ([`article_with`]).
//!
//! A relation goes from the entity `from` to the entity `to` (ids of
//! `entities`); one whose end is left out (an orphan, or gone) is left out
//! too.
//!
//! `label` is doccano's sequence-labelling key (entities only, overlapping
//! ones too: doccano keeps them only where a project allows overlapping
//! spans). Orphans are left out: their offsets are stale. The line is
//! written with
//! [`crate::text::safe::to_json`]: DEL, C1 and bidi controls, U+2028 and
//! U+2029 are `\uXXXX` escapes, the strings read back exactly.

use serde_json::{Value, json};

use super::list::claim_json;
use crate::annotate::{Store, keys};
use crate::corpus::Registry;

/// The JSON object of one article (`id` is its file name without the
/// extension) and the ids of the orphans left out.
pub fn article(id: &str, file: &str, text: &str, store: &Store) -> (Value, Vec<String>) {
    article_with(id, file, text, store, &Registry::new())
}

/// [`article`], linked entities carrying their canonical entity's id
/// (`entity`) and knowledge-base id (`kb_id`, when `registry` has one).
pub fn article_with(
    id: &str,
    file: &str,
    text: &str,
    store: &Store,
    registry: &Registry,
) -> (Value, Vec<String>) {
    let mut skipped = Vec::new();
    let mut entities = Vec::new();
    let mut labels = Vec::new();
    for e in store.entities() {
        if e.orphan {
            skipped.push(e.id.clone());
            continue;
        }
        let mut entity = json!({
            "id": e.id, "start": e.start, "end": e.end, "label": e.label, "text": e.text, "note": e.note,
        });
        if let (Some(link), Some(map)) = (&e.link, entity.as_object_mut()) {
            map.insert("entity".into(), json!(link));
            let kb = registry.get(link).and_then(|k| k.kb_id.clone());
            if let Some(kb) = kb {
                map.insert("kb_id".into(), json!(kb));
            }
        }
        entities.push(entity);
        labels.push(json!([e.start, e.end, e.label]));
    }
    let mut claims = Vec::new();
    for c in store.claims() {
        if c.orphan {
            skipped.push(c.id.clone());
            continue;
        }
        let mut value = claim_json(c);
        if let Some(map) = value.as_object_mut() {
            map.remove("orphan");
            map.remove("conflict");
        }
        claims.push(value);
    }
    let mut relations = Vec::new();
    for r in store.records_of_kind(crate::annotate::kinds::RELATION) {
        let end = |key| r.text_of(key).filter(|id| store.entity(id).is_some_and(|e| !e.orphan));
        let (Some(from), Some(to)) = (end(keys::FROM), end(keys::TO)) else {
            skipped.push(r.id.clone());
            continue;
        };
        relations.push(json!({
            "id": r.id, "label": r.label(), "from": from, "to": to, "note": r.text_of(keys::NOTE),
        }));
    }
    let value = json!({
        "id": id, "file": file, "text": text, "entities": entities, "claims": claims,
        "relations": relations, "label": labels,
    });
    (value, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_name_their_ends_and_leave_out_those_whose_end_is_gone() {
        let text = "بوتين في موسكو";
        let mut store = Store::new();
        let putin = store.add_entity("PERSON", 0..5, "بوتين").unwrap();
        let moscow = store.add_entity("GPE", 9..14, "موسكو").unwrap();
        let r = store.add_relation("located_in", &putin, &moscow).unwrap();
        let (value, skipped) = article("a", "a.txt", text, &store);
        assert!(skipped.is_empty());
        let relations = value["relations"].as_array().unwrap();
        assert_eq!(relations.len(), 1);
        assert_eq!(relations[0]["id"], r.as_str());
        assert_eq!(relations[0]["label"], "located_in");
        assert_eq!((&relations[0]["from"], &relations[0]["to"]), (&json!(putin), &json!(moscow)));
        // A relation naming an entity that is not there (a dangling end).
        let written = crate::annotate::render(&store, "a.txt", "00")
            .replace(&format!("to = \"{moscow}\""), "to = \"e9\"");
        let loaded =
            crate::annotate::parse_str(&written, std::path::Path::new("a.ann.toml"), text).unwrap();
        let (value, skipped) = article("a", "a.txt", text, &loaded.store);
        assert!(value["relations"].as_array().unwrap().is_empty());
        assert_eq!(skipped, [r]);
    }
}
