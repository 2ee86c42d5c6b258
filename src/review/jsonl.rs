//! JSON Lines export: one article per line, character offsets, for doccano
//! and scripts (spaCy and Prodigy: [`super::spacy`]).
//!
//! ```json
//! {"id": "004", "file": "004.txt", "text": "…",
//!  "entities": [{"id": "e1", "start": 16, "end": 25, "label": "PERSON", "text": "…", "note": null}],
//!  "claims": [{"id": "c1", "start": …, "end": …, "text": …, "claimant": "e1", "claimant_text": null,
//!              "cue": {"start": …, "end": …, "text": …}, "kind": "indirect", "note": null}],
//!  "label": [[16, 25, "PERSON"]]}
//! ```
//!
//! `label` is doccano's sequence-labelling key (entities only, overlapping
//! ones too: doccano keeps them only where a project allows overlapping
//! spans). Orphans are left out: their offsets are stale. The line is
//! written with
//! [`crate::text::safe::to_json`]: DEL, C1 and bidi controls, U+2028 and
//! U+2029 are `\uXXXX` escapes, the strings read back exactly.

use serde::Serialize;
use serde_json::Value;

use crate::annotate::{Claimant, Store};
use crate::text::safe;

/// An entity as its line holds it (keys in the order of `serde_json`'s
/// sorted maps, which the line was first written with).
#[derive(Serialize)]
struct EntityOut<'a> {
    end: usize,
    id: &'a str,
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

/// The line of one article.
#[derive(Serialize)]
struct ArticleOut<'a> {
    claims: Vec<ClaimOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    file: &'a str,
    id: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    text: &'a str,
}

/// The typed line of one article and the ids of the orphans left out.
fn build<'a>(
    id: &'a str,
    file: &'a str,
    text: &'a str,
    store: &'a Store,
) -> (ArticleOut<'a>, Vec<String>) {
    let mut skipped = Vec::new();
    let mut entities = Vec::with_capacity(store.entities().len());
    let mut labels = Vec::with_capacity(store.entities().len());
    for e in store.entities() {
        if e.orphan {
            skipped.push(e.id.clone());
            continue;
        }
        entities.push(EntityOut {
            end: e.end,
            id: &e.id,
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
    (ArticleOut { claims, entities, file, id, label: labels, text }, skipped)
}

/// The JSON object of one article (`id` is its file name without the
/// extension) and the ids of the orphans left out.
pub fn article(id: &str, file: &str, text: &str, store: &Store) -> (Value, Vec<String>) {
    let (out, skipped) = build(id, file, text, store);
    (serde_json::to_value(&out).unwrap_or_default(), skipped)
}

/// [`article`] as its line of JSON, safe to print ([`safe::to_json`]),
/// serialized straight from the store: no tree of values between.
pub fn article_line(
    id: &str,
    file: &str,
    text: &str,
    store: &Store,
) -> serde_json::Result<(String, Vec<String>)> {
    let (out, skipped) = build(id, file, text, store);
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
            "label": labels,
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
        let (line, skipped) = article_line("x", "x.txt", text, &store).unwrap();
        assert!(skipped.is_empty());
        assert_eq!(line, as_a_tree("x", "x.txt", text, &store));
        assert_eq!(
            article("x", "x.txt", text, &store).0,
            serde_json::from_str::<Value>(&line).unwrap()
        );
    }
}
