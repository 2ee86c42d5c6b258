//! spaCy / Prodigy JSON Lines export: one article per line, with tokens
//! and spans that align by construction ([`crate::text::tokens`]).
//!
//! ```json
//! {"text": "…", "meta": {"id": "004", "file": "004.txt"},
//!  "tokens": [{"text": "قال", "start": 0, "end": 3, "id": 0, "ws": true}, …],
//!  "spans": [{"start": 16, "end": 25, "label": "PERSON", "token_start": 5, "token_end": 6, "id": "e1"}],
//!  "span_groups": {
//!    "sc": [… every entity, nested ones too …],
//!    "claims": [{"start": …, "end": …, "label": "Claim", "token_start": …, "token_end": …,
//!                "id": "c1", "kind": "indirect", "claimant": "e1", "claimant_text": null, "note": null}],
//!    "cues": [{"start": …, "end": …, "label": "Cue", "token_start": …, "token_end": …, "claim": "c1"}]}}
//! ```
//!
//! `token_end` is inclusive, as Prodigy writes it. `spans` hold the
//! entities that `doc.ents` can take (no two share a token): the outermost
//! first ([`super::conll::layers`], the first `CoNLL` column); the others
//! are in `span_groups.sc` only, which holds every entity (spaCy's
//! `SpanCategorizer` reads the group `sc`). Orphans are left out.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::conll::layers;
use crate::annotate::Store;
use crate::text::language::Language;
use crate::text::tokens::{Token, token_span, tokens};

/// The offsets an export cuts tokens at: the starts and ends of every live
/// entity of `store`, and of every claim and cue when `claims`.
pub fn boundaries(store: &Store, claims: bool) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let mut starts = BTreeSet::new();
    let mut ends = BTreeSet::new();
    let mut add = |start: usize, end: usize| {
        if start < end {
            starts.insert(start);
            ends.insert(end);
        }
    };
    for e in store.entities().filter(|e| !e.orphan) {
        add(e.start, e.end);
    }
    for c in store.claims().filter(|c| claims && !c.orphan) {
        add(c.start, c.end);
        if let Some(cue) = &c.cue {
            add(cue.start, cue.end);
        }
    }
    (starts, ends)
}

/// The tokens of `text` aligned with every entity of `store`, and with
/// every claim and cue when `claims`.
pub fn aligned_tokens(text: &str, language: Language, store: &Store, claims: bool) -> Vec<Token> {
    let (starts, ends) = boundaries(store, claims);
    tokens(text, language, &starts, &ends)
}

/// A span object, or `None` when it has no tokens (empty, or out of the
/// text).
fn span(tokens: &[Token], start: usize, end: usize, label: &str) -> Option<Value> {
    let (first, last) = token_span(tokens, start, end)?;
    Some(json!({
        "start": start, "end": end, "label": label, "token_start": first, "token_end": last,
    }))
}

fn with(mut value: Value, extra: Value) -> Value {
    if let (Some(map), Value::Object(extra)) = (value.as_object_mut(), extra) {
        map.extend(extra);
    }
    value
}

/// The JSON object of one article (`id` is its file name without the
/// extension) and the ids of the annotations left out: orphans (stale
/// offsets) and empty spans.
pub fn article(
    id: &str,
    file: &str,
    text: &str,
    language: Language,
    store: &Store,
) -> (Value, Vec<String>) {
    let tokens = aligned_tokens(text, language, store, true);
    let chars: Vec<char> = text.chars().collect();
    let token_values: Vec<Value> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let s: String = chars[t.range.clone()].iter().collect();
            json!({"text": s, "start": t.range.start, "end": t.range.end, "id": i, "ws": t.ws})
        })
        .collect();
    let mut skipped = Vec::new();
    let entities: Vec<_> = store.entities().filter(|e| !e.orphan).collect();
    let mut all = Vec::new();
    let mut placed = Vec::new();
    let (first, _, _) = layers(entities.iter().map(|e| e.start..e.end), 1);
    let first: BTreeSet<usize> = first.into_iter().collect();
    for (i, e) in entities.iter().enumerate() {
        let Some(value) = span(&tokens, e.start, e.end, &e.label) else {
            skipped.push(e.id.clone());
            continue;
        };
        let value = with(value, json!({"id": e.id}));
        if first.contains(&i) {
            placed.push(value.clone());
        }
        all.push(value);
    }
    placed.sort_by_key(|v| v["start"].as_u64());
    skipped.extend(store.entities().filter(|e| e.orphan).map(|e| e.id.clone()));
    let mut claims = Vec::new();
    let mut cues = Vec::new();
    for c in store.claims() {
        let value = (!c.orphan).then(|| span(&tokens, c.start, c.end, "Claim")).flatten();
        let Some(value) = value else {
            skipped.push(c.id.clone());
            continue;
        };
        let (claimant, claimant_text) = match &c.claimant {
            Some(crate::annotate::Claimant::Entity(id)) => (Some(id.as_str()), None),
            Some(crate::annotate::Claimant::Text(t)) => (None, Some(t.as_str())),
            None => (None, None),
        };
        claims.push(with(
            value,
            json!({"id": c.id, "kind": c.kind.name(), "claimant": claimant,
                   "claimant_text": claimant_text, "note": c.note}),
        ));
        if let Some(cue) = &c.cue {
            match span(&tokens, cue.start, cue.end, "Cue") {
                Some(v) => cues.push(with(v, json!({"claim": c.id}))),
                None => skipped.push(format!("{} (its cue)", c.id)),
            }
        }
    }
    let value = json!({
        "text": text,
        "meta": {"id": id, "file": file},
        "tokens": token_values,
        "spans": placed,
        "span_groups": {"sc": all, "claims": claims, "cues": cues},
    });
    (value, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_inside_words_get_their_own_tokens() {
        let text = "وقال بنك الجزائر المركزي";
        let mut store = Store::new();
        store.add_entity("ORG", 5..24, "بنك الجزائر المركزي").unwrap();
        store.add_entity("GPE", 9..16, "الجزائر").unwrap();
        let c = store.add_claim(9..24, "الجزائر المركزي").unwrap();
        store
            .set_cue(
                &c,
                Some(crate::annotate::Cue {
                    start: 1,
                    end: 4,
                    text: "قال".into(),
                    extra: toml::Table::new(),
                }),
            )
            .unwrap();
        let (v, skipped) = article("x", "x.txt", text, Language::Arabic, &store);
        assert!(skipped.is_empty());
        let words: Vec<&str> =
            v["tokens"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
        assert_eq!(words, vec!["و", "قال", "بنك", "الجزائر", "المركزي"]);
        // Only the outer ORG goes to `spans`; both are in `sc`.
        assert_eq!(v["spans"].as_array().unwrap().len(), 1);
        assert_eq!(v["spans"][0]["label"], "ORG");
        assert_eq!(
            (v["spans"][0]["token_start"].as_u64(), v["spans"][0]["token_end"].as_u64()),
            (Some(2), Some(4))
        );
        assert_eq!(v["span_groups"]["sc"].as_array().unwrap().len(), 2);
        assert_eq!(v["span_groups"]["cues"][0]["token_start"], 1);
        assert_eq!(v["span_groups"]["claims"][0]["token_start"], 3);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// On random texts and entities: the tokens spell the text, and each
        /// span's `token_start`/`token_end` are the tokens starting and ending
        /// at its characters; `spans` never overlap; `sc` holds every entity.
        #[test]
        fn every_span_aligns_with_its_tokens(
            text in "[وبالكف \\n\\r،٪3a\u{64E}\u{feff}]{0,40}",
            spans in proptest::collection::vec((0usize..45, 1usize..12), 0..10),
        ) {
            let len = text.chars().count();
            let chars: Vec<char> = text.chars().collect();
            let mut store = Store::new();
            for (start, n) in spans {
                let (start, end) = (start.min(len), (start + n).min(len));
                if start < end {
                    let quote: String = chars[start..end].iter().collect();
                    store.add_entity("X", start..end, &quote).unwrap();
                }
            }
            let (v, skipped) = article("x", "x.txt", &text, Language::Arabic, &store);
            prop_assert!(skipped.is_empty());
            let tokens = v["tokens"].as_array().unwrap();
            let mut spelled = String::new();
            for t in tokens {
                spelled.push_str(t["text"].as_str().unwrap());
                if t["ws"] == true {
                    spelled.push(' ');
                }
            }
            prop_assert_eq!(&spelled, &text);
            let sc = v["span_groups"]["sc"].as_array().unwrap();
            prop_assert_eq!(sc.len(), store.entities().len());
            for s in sc.iter().chain(v["spans"].as_array().unwrap()) {
                let first = &tokens[usize::try_from(s["token_start"].as_u64().unwrap()).unwrap()];
                let last = &tokens[usize::try_from(s["token_end"].as_u64().unwrap()).unwrap()];
                prop_assert_eq!(&first["start"], &s["start"]);
                prop_assert_eq!(&last["end"], &s["end"]);
            }
            let placed = v["spans"].as_array().unwrap();
            for pair in placed.windows(2) {
                prop_assert!(pair[0]["end"].as_u64() <= pair[1]["start"].as_u64());
            }
        }
    }
}
