//! One Label Studio task of `export --format labelstudio`, as typed
//! structs (no `serde_json::Value` tree), and its text as `tasks.json`
//! holds it, written by hand on a worker thread straight into one buffer.
//!
//! The fields are declared in the order of their names (as `serde_json`
//! writes a `Value` map's keys), so the output is the one of the earlier
//! `Value`-based export, byte for byte. The shape is documented in
//! [`super::labelstudio`].

use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

use super::labelstudio::{
    CLAIM_CONTROL, CLAIM_LABEL, CLAIMANT_RELATION, CLAIMANT_TEXT_CONTROL, CUE_LABEL, CUE_RELATION,
    ENTITY_CONTROL, KIND_CONTROL, NOTE_CONTROL, TEXT,
};
use crate::annotate::{Claimant, Store};
use crate::text::decimal;
use crate::text::json_string::push_json_string;

/// A task: one article, its annotations as one annotation's results.
#[derive(Debug, Clone, Serialize)]
pub struct Task<'a> {
    /// The one annotation.
    pub annotations: [Annotation<'a>; 1],
    /// The article.
    pub data: Data<'a>,
    /// The task's number in the file (from 1).
    pub id: usize,
    /// Always empty.
    pub predictions: [(); 0],
}

/// The annotation of a task.
#[derive(Debug, Clone, Serialize)]
pub struct Annotation<'a> {
    /// Always false.
    pub ground_truth: bool,
    /// The regions and relations.
    pub result: Vec<Item<'a>>,
    /// Always false.
    pub was_cancelled: bool,
}

/// `data`: the article's text, file name and name without extension.
#[derive(Debug, Clone, Serialize)]
pub struct Data<'a> {
    /// The file name without its extension.
    pub article: &'a str,
    /// The file name.
    pub file: &'a str,
    /// The text, exactly as stored.
    pub text: &'a str,
}

/// One result: a region (labels, choices, text area) or a relation.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Item<'a> {
    /// A region of the text.
    Region(Region<'a>),
    /// A relation between two regions.
    Relation(Relation<'a>),
}

/// A region result.
#[derive(Debug, Clone, Serialize)]
pub struct Region<'a> {
    /// The control.
    pub from_name: &'static str,
    /// The region's id (the annotation's, or `c1_cue` for a cue).
    pub id: Cow<'a, str>,
    /// Always `manual`.
    pub origin: &'static str,
    /// Always [`TEXT`].
    pub to_name: &'static str,
    /// `labels`, `choices` or `textarea`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Where it is and what it says.
    pub value: RegionValue<'a>,
}

/// A region's value. Keys in name order: `choices`, `end`, `labels`,
/// `start`, `text`.
#[derive(Debug, Clone, Serialize)]
pub struct RegionValue<'a> {
    /// The one choice (`choices` regions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<[&'a str; 1]>,
    /// End offset (code points).
    pub end: usize,
    /// The one label (`labels` regions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<[&'a str; 1]>,
    /// Start offset (code points).
    pub start: usize,
    /// The span's text, or a text area's one text.
    pub text: RegionText<'a>,
}

/// A region's `text`: the span quoted, or (text areas) what is written.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RegionText<'a> {
    /// The text of the span.
    Span(&'a str),
    /// A text area's text.
    Written([&'a str; 1]),
}

/// A relation result.
#[derive(Debug, Clone, Serialize)]
pub struct Relation<'a> {
    /// Always `right`.
    pub direction: &'static str,
    /// The claim's id.
    pub from_id: &'a str,
    /// The relation's one label.
    pub labels: [&'static str; 1],
    /// The claimant's or the cue's id.
    pub to_id: Cow<'a, str>,
    /// Always `relation`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// What a region holds beyond its span.
#[derive(Clone, Copy)]
enum Extra<'a> {
    Labels(&'a str),
    Choices(&'a str),
    Written(&'a str),
}

fn region<'a>(
    id: Cow<'a, str>,
    from: &'static str,
    (start, end, text): (usize, usize, &'a str),
    extra: Extra<'a>,
) -> Item<'a> {
    let (kind, choices, labels, text) = match extra {
        Extra::Labels(l) => ("labels", None, Some([l]), RegionText::Span(text)),
        Extra::Choices(c) => ("choices", Some([c]), None, RegionText::Span(text)),
        Extra::Written(w) => ("textarea", None, None, RegionText::Written([w])),
    };
    Item::Region(Region {
        from_name: from,
        id,
        origin: "manual",
        to_name: TEXT,
        kind,
        value: RegionValue { choices, end, labels, start, text },
    })
}

fn relation<'a>(from: &'a str, to: Cow<'a, str>, label: &'static str) -> Item<'a> {
    Item::Relation(Relation {
        direction: "right",
        from_id: from,
        labels: [label],
        to_id: to,
        kind: "relation",
    })
}

/// The task of one article (`n`: its id in the file) and the ids of what
/// was left out (orphans, and claimants whose entity is one).
pub fn task<'a>(
    n: usize,
    id: &'a str,
    file: &'a str,
    text: &'a str,
    store: &'a Store,
) -> (Task<'a>, Vec<String>) {
    let mut skipped = Vec::new();
    let mut result = Vec::new();
    let mut exported = HashSet::new();
    for e in store.entities() {
        if e.orphan {
            skipped.push(e.id.clone());
            continue;
        }
        exported.insert(e.id.as_str());
        let span = (e.start, e.end, e.text.as_str());
        result.push(region(Cow::from(&e.id), ENTITY_CONTROL, span, Extra::Labels(&e.label)));
        if let Some(note) = &e.note {
            result.push(region(Cow::from(&e.id), NOTE_CONTROL, span, Extra::Written(note)));
        }
    }
    for c in store.claims() {
        if c.orphan {
            skipped.push(c.id.clone());
            continue;
        }
        let (id, span) = (&c.id, (c.start, c.end, c.text.as_str()));
        result.push(region(Cow::from(id), CLAIM_CONTROL, span, Extra::Labels(CLAIM_LABEL)));
        result.push(region(Cow::from(id), KIND_CONTROL, span, Extra::Choices(c.kind.name())));
        if let Some(note) = &c.note {
            result.push(region(Cow::from(id), NOTE_CONTROL, span, Extra::Written(note)));
        }
        if let Some(cue) = &c.cue {
            let cue_id = Cow::<str>::Owned(format!("{id}_cue"));
            let cue_span = (cue.start, cue.end, cue.text.as_str());
            result.push(region(cue_id.clone(), CLAIM_CONTROL, cue_span, Extra::Labels(CUE_LABEL)));
            result.push(relation(id, cue_id, CUE_RELATION));
        }
        match &c.claimant {
            Some(Claimant::Entity(e)) if exported.contains(e.as_str()) => {
                result.push(relation(id, Cow::from(e), CLAIMANT_RELATION));
            }
            Some(Claimant::Entity(e)) => skipped.push(format!("the claimant {e} of {id}")),
            Some(Claimant::Text(t)) => {
                result.push(region(Cow::from(id), CLAIMANT_TEXT_CONTROL, span, Extra::Written(t)));
            }
            None => {}
        }
    }
    let task = Task {
        annotations: [Annotation { ground_truth: false, result, was_cancelled: false }],
        data: Data { article: id, file, text },
        id: n,
        predictions: [],
    };
    (task, skipped)
}

/// What follows a task's `id` number in `tasks.json`: see [`write_nested`].
pub const AFTER_ID: &str = ",\n    \"predictions\": []\n  }";

/// Appends `task` to `out` as `tasks.json` holds it — the pretty JSON of
/// [`crate::text::safe::to_json`] indented one level inside the array of
/// tasks — up to its `id`'s number: the number and [`AFTER_ID`] follow (the
/// writer numbers the tasks in order). Written by hand, field by field in
/// the order of the structs (a test holds it to `serde_json`'s bytes), with
/// the strings of [`push_json_string`].
pub fn write_nested(out: &mut Vec<u8>, task: &Task<'_>) {
    let [annotation] = &task.annotations;
    out.extend_from_slice(b"{\n    \"annotations\": [\n      {\n        \"ground_truth\": ");
    out.extend_from_slice(if annotation.ground_truth { b"true" } else { b"false" });
    out.extend_from_slice(b",\n        \"result\": [");
    for (i, item) in annotation.result.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n          " } else { b",\n          " });
        match item {
            Item::Region(region) => write_region(out, region),
            Item::Relation(relation) => write_relation(out, relation),
        }
    }
    if !annotation.result.is_empty() {
        out.extend_from_slice(b"\n        ");
    }
    out.extend_from_slice(b"],\n        \"was_cancelled\": ");
    out.extend_from_slice(if annotation.was_cancelled { b"true" } else { b"false" });
    out.extend_from_slice(b"\n      }\n    ],\n    \"data\": {\n      \"article\": ");
    push_json_string(out, task.data.article);
    out.extend_from_slice(b",\n      \"file\": ");
    push_json_string(out, task.data.file);
    out.extend_from_slice(b",\n      \"text\": ");
    push_json_string(out, task.data.text);
    out.extend_from_slice(b"\n    },\n    \"id\": ");
}

/// `"key": ` at the depth of a result's fields, after the previous field.
const FIELD: &[u8] = b",\n            \"";

/// A one-string array as the value of a region's `value` field.
fn push_one_array(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(b"[\n                ");
    push_json_string(out, s);
    out.extend_from_slice(b"\n              ]");
}

fn write_region(out: &mut Vec<u8>, r: &Region<'_>) {
    out.extend_from_slice(b"{\n            \"from_name\": ");
    push_json_string(out, r.from_name);
    for (key, value) in
        [("id", &*r.id), ("origin", r.origin), ("to_name", r.to_name), ("type", r.kind)]
    {
        out.extend_from_slice(FIELD);
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        push_json_string(out, value);
    }
    let v = &r.value;
    out.extend_from_slice(b",\n            \"value\": {\n              ");
    if let Some([choice]) = v.choices {
        out.extend_from_slice(b"\"choices\": ");
        push_one_array(out, choice);
        out.extend_from_slice(b",\n              ");
    }
    out.extend_from_slice(b"\"end\": ");
    decimal::push(out, v.end);
    if let Some([label]) = v.labels {
        out.extend_from_slice(b",\n              \"labels\": ");
        push_one_array(out, label);
    }
    out.extend_from_slice(b",\n              \"start\": ");
    decimal::push(out, v.start);
    out.extend_from_slice(b",\n              \"text\": ");
    match v.text {
        RegionText::Span(text) => push_json_string(out, text),
        RegionText::Written([text]) => push_one_array(out, text),
    }
    out.extend_from_slice(b"\n            }\n          }");
}

fn write_relation(out: &mut Vec<u8>, r: &Relation<'_>) {
    out.extend_from_slice(b"{\n            \"direction\": ");
    push_json_string(out, r.direction);
    out.extend_from_slice(b",\n            \"from_id\": ");
    push_json_string(out, r.from_id);
    out.extend_from_slice(b",\n            \"labels\": [\n              ");
    push_json_string(out, r.labels[0]);
    out.extend_from_slice(b"\n            ],\n            \"to_id\": ");
    push_json_string(out, &r.to_id);
    out.extend_from_slice(b",\n            \"type\": ");
    push_json_string(out, r.kind);
    out.extend_from_slice(b"\n          }");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{ClaimKind, Cue};

    /// Controls, bidi controls, quotes and a line break in every field.
    fn hostile() -> (String, Store) {
        let text = "قال \u{202E}زيد\u{7}:\r\n\"الصين\" مستعدة\u{85}\u{2028}".to_owned();
        let mut store = Store::new();
        let e = store.add_entity("PER\u{9}SON\u{202B}", 4..8, "\u{202E}زيد\u{7}").unwrap();
        store.set_note(&e, Some("n\u{1}\n\"1\"\u{2066}")).unwrap();
        store.add_entity("ORG", 11..18, "\"الصين\"").unwrap();
        let c = store.add_claim(11..25, "\"الصين\" مستعدة").unwrap();
        store.set_cue(&c, Some(Cue::new(0..3, "قال"))).unwrap();
        store.set_claimant(&c, Some(Claimant::Entity(e))).unwrap();
        store.set_kind(&c, ClaimKind::Mixed).unwrap();
        store.set_note(&c, Some("\u{9F}")).unwrap();
        let d = store.add_claim(0..3, "قال").unwrap();
        store.set_claimant(&d, Some(Claimant::Text("مصدر\u{200F}".into()))).unwrap();
        (text, store)
    }

    #[test]
    fn nested_text_is_the_pretty_json_indented_inside_the_array() {
        let (text, store) = hostile();
        for n in [1, 7, 12_345] {
            let (task, _) = task(n, "x\u{202E}", "x\u{202E}.txt", &text, &store);
            let whole = crate::text::safe::to_json(&task, true).unwrap();
            // Keys in the order a map of them has: the fields are declared sorted.
            let value = serde_json::to_value(&task).unwrap();
            assert_eq!(crate::text::safe::to_json(&value, true).unwrap(), whole);
            let expected = whole.replace('\n', "\n  ");
            let mut nested = Vec::new();
            write_nested(&mut nested, &task);
            let got = format!("{}{n}{AFTER_ID}", String::from_utf8(nested).unwrap());
            assert_eq!(got, expected);
            assert!(!got.contains('\u{202E}') && !got.contains('\u{85}'), "{got}");
        }
    }

    #[test]
    fn an_article_without_annotations_has_an_empty_result() {
        let store = Store::new();
        let (task, skipped) = task(3, "a", "a.txt", "نص", &store);
        assert!(skipped.is_empty());
        let mut nested = Vec::new();
        write_nested(&mut nested, &task);
        let got = String::from_utf8(nested).unwrap();
        assert!(got.contains("\"result\": [],\n"), "{got}");
        let whole = crate::text::safe::to_json(&task, true).unwrap();
        assert_eq!(format!("{got}3{AFTER_ID}"), whole.replace('\n', "\n  "));
    }
}
