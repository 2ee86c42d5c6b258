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

use serde::Serialize;
use serde_json::Value;

use crate::annotate::{Claimant, Store, keys};
use crate::corpus::Registry;
use crate::text::safe;

/// An entity as its line holds it (keys in the order of `serde_json`'s
/// sorted maps, which the line was first written with).
#[derive(Serialize)]
struct EntityOut<'a> {
    end: usize,
    /// The canonical entity a linked mention names.
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    id: &'a str,
    /// That entity's knowledge-base id, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    kb_id: Option<&'a str>,
    label: &'a str,
    note: Option<&'a str>,
    start: usize,
    text: &'a str,
}

/// A claim's cue.
#[derive(Serialize)]
struct CueOut<'a> {
    end: usize,
    start: usize,
    text: &'a str,
}

/// A claim as its line holds it: [`super::list::claim_json`] without
/// `orphan` and `conflict`.
#[derive(Serialize)]
struct ClaimOut<'a> {
    at: Option<&'a str>,
    by: Option<&'a str>,
    claimant: Option<&'a str>,
    claimant_text: Option<&'a str>,
    cue: Option<CueOut<'a>>,
    end: usize,
    id: &'a str,
    kind: &'a str,
    note: Option<&'a str>,
    start: usize,
    text: &'a str,
}

/// A relation between two entities of the line.
#[derive(Serialize)]
struct RelationOut<'a> {
    from: &'a str,
    id: &'a str,
    label: Option<&'a str>,
    note: Option<&'a str>,
    to: &'a str,
}

/// The line of one article.
#[derive(Serialize)]
struct ArticleOut<'a> {
    claims: Vec<ClaimOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    file: &'a str,
    id: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    relations: Vec<RelationOut<'a>>,
    text: &'a str,
}

/// The typed line of one article and the ids of the orphans left out.
fn build<'a>(
    id: &'a str,
    file: &'a str,
    text: &'a str,
    store: &'a Store,
    registry: &'a Registry,
) -> (ArticleOut<'a>, Vec<String>) {
    let mut skipped = Vec::new();
    let mut entities = Vec::with_capacity(store.entities().len());
    let mut labels = Vec::with_capacity(store.entities().len());
    for e in store.entities() {
        if e.orphan {
            skipped.push(e.id.clone());
            continue;
        }
        let link = e.link.as_deref();
        entities.push(EntityOut {
            end: e.end,
            entity: link,
            id: &e.id,
            kb_id: link.and_then(|l| registry.get(l)).and_then(|k| k.kb_id.as_deref()),
            label: &e.label,
            note: e.note.as_deref(),
            start: e.start,
            text: &e.text,
        });
        labels.push((e.start, e.end, e.label.as_str()));
    }
    let mut claims = Vec::with_capacity(store.claims().len());
    for c in store.claims() {
        if c.orphan {
            skipped.push(c.id.clone());
            continue;
        }
        let (claimant, claimant_text) = match &c.claimant {
            Some(Claimant::Entity(id)) => (Some(id.as_str()), None),
            Some(Claimant::Text(text)) => (None, Some(text.as_str())),
            None => (None, None),
        };
        claims.push(ClaimOut {
            at: c.at.as_deref(),
            by: c.by.as_deref(),
            claimant,
            claimant_text,
            cue: c.cue.as_ref().map(|q| CueOut { end: q.end, start: q.start, text: &q.text }),
            end: c.end,
            id: &c.id,
            kind: c.kind.name(),
            note: c.note.as_deref(),
            start: c.start,
            text: &c.text,
        });
    }
    let mut relations = Vec::new();
    for r in store.records_of_kind(crate::annotate::kinds::RELATION) {
        let end = |key| r.text_of(key).filter(|id| store.entity(id).is_some_and(|e| !e.orphan));
        let (Some(from), Some(to)) = (end(keys::FROM), end(keys::TO)) else {
            skipped.push(r.id.clone());
            continue;
        };
        relations.push(RelationOut {
            from,
            id: &r.id,
            label: r.label(),
            note: r.text_of(keys::NOTE),
            to,
        });
    }
    (ArticleOut { claims, entities, file, id, label: labels, relations, text }, skipped)
}

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
    let (out, skipped) = build(id, file, text, store, registry);
    (serde_json::to_value(&out).unwrap_or_default(), skipped)
}

/// [`article`] as its line of JSON, safe to print ([`safe::to_json`]),
/// serialized straight from the store: no tree of values between.
pub fn article_line(
    id: &str,
    file: &str,
    text: &str,
    store: &Store,
    registry: &Registry,
) -> serde_json::Result<(String, Vec<String>)> {
    let (out, skipped) = build(id, file, text, store, registry);
    Ok((safe::to_json(&out, false)?, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{Claimant, Cue};
    use serde_json::json;

    /// The line as it was first made: a tree of values, keys sorted.
    fn as_a_tree(id: &str, file: &str, text: &str, store: &Store) -> String {
        let mut entities = Vec::new();
        let mut labels = Vec::new();
        for e in store.entities().filter(|e| !e.orphan) {
            entities.push(json!({
                "id": e.id, "start": e.start, "end": e.end, "label": e.label, "text": e.text,
                "note": e.note,
            }));
            labels.push(json!([e.start, e.end, e.label]));
        }
        let claims: Vec<Value> = store
            .claims()
            .filter(|c| !c.orphan)
            .map(|c| {
                let mut value = super::super::list::claim_json(c);
                if let Some(map) = value.as_object_mut() {
                    map.remove("orphan");
                    map.remove("conflict");
                }
                value
            })
            .collect();
        let value = json!({
            "id": id, "file": file, "text": text, "entities": entities, "claims": claims,
            "relations": [], "label": labels,
        });
        safe::to_json(&value, false).unwrap()
    }

    #[test]
    fn the_typed_line_is_the_line_of_the_tree_byte_for_byte() {
        let text = "قال وزير \"الدفاع\" \u{202e}لي\n\u{7f}شانغفو";
        let mut store = Store::new();
        let e = store.add_entity("PERSON", 4..8, "وزير").unwrap();
        store.set_note(&e, Some("a \"note\"\n\u{2028}")).unwrap();
        store.add_entity("ORG", 9..17, "\"الدفاع\"").unwrap();
        let c = store.add_claim(4..17, "وزير \"الدفاع\"").unwrap();
        store.set_claimant(&c, Some(Claimant::Entity(e))).unwrap();
        store.set_cue(&c, Some(Cue::new(0..3, "قال"))).unwrap();
        let c2 = store.add_claim(18..21, "\u{202e}لي").unwrap();
        store.set_claimant(&c2, Some(Claimant::Text("وزير \u{9b}".into()))).unwrap();
        store.set_author(Some(crate::annotate::ids::Author {
            name: "alice".into(),
            clock: crate::annotate::ids::Stamp::None,
        }));
        store.add_claim(0..3, "قال").unwrap();
        let (line, skipped) = article_line("x", "x.txt", text, &store, &Registry::new()).unwrap();
        assert!(skipped.is_empty());
        assert_eq!(line, as_a_tree("x", "x.txt", text, &store));
        assert_eq!(
            article("x", "x.txt", text, &store).0,
            serde_json::from_str::<Value>(&line).unwrap()
        );
    }

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
