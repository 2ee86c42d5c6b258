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

use serde_json::{Value, json};

use super::list::claim_json;
use crate::annotate::Store;

/// The JSON object of one article (`id` is its file name without the
/// extension) and the ids of the orphans left out.
pub fn article(id: &str, file: &str, text: &str, store: &Store) -> (Value, Vec<String>) {
    let mut skipped = Vec::new();
    let mut entities = Vec::new();
    let mut labels = Vec::new();
    for e in store.entities() {
        if e.orphan {
            skipped.push(e.id.clone());
            continue;
        }
        entities.push(json!({
            "id": e.id, "start": e.start, "end": e.end, "label": e.label, "text": e.text, "note": e.note,
        }));
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
    let value = json!({
        "id": id, "file": file, "text": text, "entities": entities, "claims": claims, "label": labels,
    });
    (value, skipped)
}
