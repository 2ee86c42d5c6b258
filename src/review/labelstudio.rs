//! Label Studio: JSON tasks both ways (`export --format labelstudio`,
//! `import --from labelstudio`) and the labeling configuration they go with.
//!
//! `export` writes `tasks.json` (an array, one task per article) and
//! `labeling_config.xml` (the project's *Labeling Interface*, code view):
//!
//! ```json
//! {"id": 1, "data": {"text": "…", "file": "004.txt", "article": "004"},
//!  "annotations": [{"result": [
//!    {"id": "e1", "from_name": "label", "to_name": "text", "type": "labels",
//!     "value": {"start": 16, "end": 25, "text": "لي شانغفو", "labels": ["PERSON"]}},
//!    {"id": "e1", "from_name": "note", "to_name": "text", "type": "textarea",
//!     "value": {"start": 16, "end": 25, "text": ["a note"]}},
//!    {"id": "c1", "from_name": "claim", …, "value": {…, "labels": ["Claim"]}},
//!    {"id": "c1", "from_name": "kind", "type": "choices", "value": {…, "choices": ["indirect"]}},
//!    {"id": "c1_cue", "from_name": "claim", …, "value": {…, "labels": ["Cue"]}},
//!    {"from_id": "c1", "to_id": "c1_cue", "type": "relation", "direction": "right", "labels": ["cue"]},
//!    {"from_id": "c1", "to_id": "e1", "type": "relation", "direction": "right", "labels": ["claimant"]},
//!    {"id": "c1", "from_name": "claimant_text", "type": "textarea", "value": {…, "text": ["…"]}}]}]}
//! ```
//!
//! Offsets count Unicode code points of `data.text`, as Label Studio's
//! frontend stores them since its fix for text with emoji
//! (label-studio-frontend #308) and as label-studio-converter reads them
//! (`text[start:end]` in Python): Hashiya's `char` offsets, unchanged.
//! `data.text` is the article exactly (byte-order mark, `\r\n` and all).
//! The JSON is written with [`crate::text::safe::to_json`] (controls and
//! bidi controls as `\uXXXX` escapes): it reads back exactly.
//!
//! `import` takes, from `annotations` and `predictions` alike (not those
//! marked `was_cancelled`): `labels` results of any control but `claim` as
//! entities (one per label), `claim`'s `Claim` and `Cue` regions, `kind`
//! choices, `note` and `claimant_text` text areas, and `relation`s between a
//! claim and an entity (its claimant) or a cue. Every other result, and a
//! task whose `data.text` is no given article's text, is named in a warning.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::corpus::Progress;
use super::interchange::{InClaim, InClaimant, InEntity, Incoming, Span};
use super::{Outcome, ReviewError};
use crate::annotate::anchor::CharIndex;
use crate::annotate::{Author, ClaimKind};

pub use super::labelstudio_task::task;
use crate::limits::{Input, read_file_to_string};

/// The tasks file `export` writes.
pub const TASKS_FILE: &str = "tasks.json";
/// The labeling configuration `export` writes beside it.
pub const CONFIG_FILE: &str = "labeling_config.xml";
/// The `Text` object's name (`to_name`).
pub const TEXT: &str = "text";
/// The control of entity labels.
pub const ENTITY_CONTROL: &str = "label";
/// The control of claim contents and cues.
pub const CLAIM_CONTROL: &str = "claim";
/// The claim label of [`CLAIM_CONTROL`].
pub const CLAIM_LABEL: &str = "Claim";
/// The cue label of [`CLAIM_CONTROL`].
pub const CUE_LABEL: &str = "Cue";
/// The per-region choices of claim kinds.
pub const KIND_CONTROL: &str = "kind";
/// The per-region text area of notes.
pub const NOTE_CONTROL: &str = "note";
/// The per-region text area of a claimant that is not an entity.
pub const CLAIMANT_TEXT_CONTROL: &str = "claimant_text";
/// The relation label from a claim to its claimant entity.
pub const CLAIMANT_RELATION: &str = "claimant";
/// The relation label from a claim to its cue.
pub const CUE_RELATION: &str = "cue";

/// `s` escaped for a double-quoted attribute of the labeling
/// configuration, as the XMI export escapes its attributes.
fn xml_attr(s: &str) -> String {
    let mut out = String::new();
    super::xmi::escape_into(&mut out, s);
    out
}

/// The labeling configuration for entity labels `labels`.
pub fn labeling_config(labels: &[String]) -> String {
    let mut x = String::from("<View>\n  <Relations>\n");
    let _ = writeln!(x, "    <Relation value=\"{CLAIMANT_RELATION}\"/>");
    let _ = writeln!(x, "    <Relation value=\"{CUE_RELATION}\"/>");
    x.push_str("  </Relations>\n");
    let _ = writeln!(x, "  <Labels name=\"{ENTITY_CONTROL}\" toName=\"{TEXT}\">");
    for label in labels {
        let _ = writeln!(x, "    <Label value=\"{}\"/>", xml_attr(label));
    }
    x.push_str("  </Labels>\n");
    let _ = writeln!(x, "  <Labels name=\"{CLAIM_CONTROL}\" toName=\"{TEXT}\">");
    let _ = writeln!(x, "    <Label value=\"{CLAIM_LABEL}\"/>\n    <Label value=\"{CUE_LABEL}\"/>");
    x.push_str("  </Labels>\n");
    let _ = writeln!(x, "  <Text name=\"{TEXT}\" value=\"$text\"/>");
    x.push_str("  <View visibleWhen=\"region-selected\">\n");
    let _ = writeln!(
        x,
        "    <Choices name=\"{KIND_CONTROL}\" toName=\"{TEXT}\" perRegion=\"true\" choice=\"single\">"
    );
    for kind in ClaimKind::ALL {
        let _ = writeln!(x, "      <Choice value=\"{}\"/>", kind.name());
    }
    x.push_str("    </Choices>\n");
    let _ =
        writeln!(x, "    <TextArea name=\"{NOTE_CONTROL}\" toName=\"{TEXT}\" perRegion=\"true\"/>");
    let _ = writeln!(
        x,
        "    <TextArea name=\"{CLAIMANT_TEXT_CONTROL}\" toName=\"{TEXT}\" perRegion=\"true\"/>"
    );
    x.push_str("  </View>\n</View>\n");
    x
}

/// A task read: its text and its annotations' and predictions' results.
#[derive(Debug, Clone)]
struct Task {
    /// Its place in the file, for messages (`task 3` or `task id 17`).
    name: String,
    text: String,
    /// (`annotation 1`, results).
    results: Vec<(String, Vec<Value>)>,
}

/// Label Studio tasks read from one file.
#[derive(Debug, Default)]
pub struct Tasks {
    path: String,
    list: Vec<Task>,
    /// Task indexes by text.
    by_text: HashMap<String, Vec<usize>>,
    used: Vec<bool>,
    /// Problems found reading the file that concern no article.
    pub warnings: Vec<String>,
}

impl Tasks {
    /// Reads a tasks file (an array of tasks, or one task) named `path`.
    pub fn parse(source: &str, path: &Path) -> Result<Self, ReviewError> {
        let value: Value = serde_json::from_str(source).map_err(|e| ReviewError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            message: format!("not JSON: {e}"),
        })?;
        let list = match value {
            Value::Array(list) => list,
            task @ Value::Object(_) => vec![task],
            _ => {
                return Err(ReviewError::Parse {
                    path: path.to_path_buf(),
                    line: 1,
                    message: "not Label Studio tasks: neither an array nor an object".into(),
                });
            }
        };
        let mut tasks = Self { path: path.display().to_string(), ..Self::default() };
        for (i, mut task) in list.into_iter().enumerate() {
            let name = match task.get("id") {
                Some(id) if id.is_number() || id.is_string() => format!("task {} (id {id})", i + 1),
                _ => format!("task {}", i + 1),
            };
            let Some(text) = task.pointer("/data/text").and_then(Value::as_str).map(str::to_owned)
            else {
                tasks.warnings.push(format!("{}: {name}: no data.text: not imported", tasks.path));
                continue;
            };
            let mut results = Vec::new();
            for key in ["annotations", "completions", "predictions"] {
                let Some(list) = task.get_mut(key).and_then(Value::as_array_mut) else { continue };
                for (k, a) in list.iter_mut().enumerate() {
                    let what = format!("{} {}", key.trim_end_matches('s'), k + 1);
                    if a.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
                        tasks.warnings.push(format!(
                            "{}: {name}: {what} was cancelled (skipped in Label Studio): not imported",
                            tasks.path
                        ));
                        continue;
                    }
                    // Taken, not copied: the tasks are held once.
                    let result = match a.get_mut("result").map(Value::take) {
                        Some(Value::Array(result)) => result,
                        _ => Vec::new(),
                    };
                    results.push((what, result));
                }
            }
            tasks.by_text.entry(text.clone()).or_default().push(tasks.list.len());
            tasks.list.push(Task { name, text, results });
        }
        tasks.used = vec![false; tasks.list.len()];
        Ok(tasks)
    }

    /// The annotations of the tasks whose `data.text` is `text`; `None`
    /// when there is none.
    pub fn for_text(&mut self, text: &str) -> Option<Incoming> {
        let found = self.by_text.get(text)?.clone();
        let mut incoming = Incoming { source_text: Some(text.to_owned()), ..Incoming::default() };
        for i in found {
            self.used[i] = true;
            let task = &self.list[i];
            for (what, results) in &task.results {
                let at = format!("{}: {} {what}", self.path, task.name);
                read_results(&task.text, results, &at, &mut incoming);
            }
        }
        Some(incoming)
    }

    /// The tasks no article took, for a warning.
    pub fn unused(&self) -> Vec<String> {
        self.list
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|(t, _)| t.name.clone())
            .collect()
    }
}

fn read_tasks(path: &Path) -> Result<Tasks, ReviewError> {
    let source = read_file_to_string(path, Input::Data).map_err(|e| ReviewError::io(path, e))?;
    Tasks::parse(&source, path)
}

/// `import --from labelstudio`: for each article, the tasks of `tasks`
/// (or, without it, of the `NAME.json` beside the article `NAME.txt`)
/// whose `data.text` is its text, merged into its sidecar (see
/// [`super::interchange`]); lines to `out`. Tasks that match no article
/// are named and make the run unclean.
pub fn import(
    articles: &[std::path::PathBuf],
    tasks: Option<&Path>,
    dry_run: bool,
    author: Option<&Author>,
    out: &mut dyn std::io::Write,
) -> Result<Outcome, ReviewError> {
    let Some(file) = tasks else {
        let mut read = |article: &Path, text: &str| -> Result<Incoming, ReviewError> {
            let path = article.with_extension("json");
            let mut tasks = read_tasks(&path)?;
            let mut incoming = tasks.for_text(text).ok_or_else(|| {
                ReviewError::Usage(format!(
                    "{}: no task of {} has the article's text as data.text",
                    article.display(),
                    path.display()
                ))
            })?;
            incoming.warnings.splice(0..0, tasks.warnings.drain(..));
            for name in tasks.unused() {
                incoming.warnings.push(format!(
                    "{}: {name}: its data.text is not the article's text: not imported",
                    path.display()
                ));
            }
            Ok(incoming)
        };
        return super::interchange::run(articles, &mut read, dry_run, author, out);
    };
    let mut tasks = read_tasks(file)?;
    let mut progress = Progress::new(0);
    for warning in tasks.warnings.drain(..) {
        progress.note(&format!("hashiya: warning: {warning}"));
    }
    let mut read = |article: &Path, text: &str| -> Result<Incoming, ReviewError> {
        tasks.for_text(text).ok_or_else(|| {
            ReviewError::Usage(format!(
                "{}: no task of {} has the article's text as data.text",
                article.display(),
                file.display()
            ))
        })
    };
    let mut outcome = super::interchange::run(articles, &mut read, dry_run, author, out)?;
    let unused = tasks.unused();
    if !unused.is_empty() {
        progress.note(&format!(
            "hashiya: error: {}: {} task(s) whose data.text is no given article's text, not imported: {}",
            file.display(),
            unused.len(),
            unused.join(", ")
        ));
        outcome.problems += unused.len();
    }
    Ok(outcome)
}

/// What a region is, as the results say.
#[derive(Debug, Clone, Default)]
struct Region {
    span: Option<Span>,
    entities: Vec<usize>,
    claim: bool,
    cue: bool,
    kind: Option<ClaimKind>,
    note: Option<String>,
    claimant_text: Option<String>,
}

fn span_of(source: &CharIndex<'_>, value: &Value, at: &str) -> Option<Span> {
    let start = value.get("start")?.as_u64()? as usize;
    let end = value.get("end")?.as_u64()? as usize;
    let quoted = match value.get("text").and_then(Value::as_str) {
        Some(t) => Some(t.to_owned()),
        None => source.slice(start..end).map(str::to_owned),
    };
    Some(Span { range: start..end, quoted, at: at.to_owned() })
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Reads one annotation's (or prediction's) results into `incoming`.
#[allow(clippy::too_many_lines, reason = "regions, relations, claims, then what was left")]
fn read_results(source: &str, results: &[Value], at: &str, incoming: &mut Incoming) {
    let source = CharIndex::new(source);
    let mut regions: BTreeMap<String, Region> = BTreeMap::new();
    let mut ignored: BTreeMap<String, usize> = BTreeMap::new();
    let mut relations = Vec::new();
    for (k, r) in results.iter().enumerate() {
        let kind = r.get("type").and_then(Value::as_str).unwrap_or("");
        let from = r.get("from_name").and_then(Value::as_str).unwrap_or("");
        if kind == "relation" {
            relations.push(r);
            continue;
        }
        let id = r.get("id").and_then(Value::as_str).map_or_else(|| format!("#{k}"), str::to_owned);
        let value = r.get("value").cloned().unwrap_or(Value::Null);
        let here = format!("{at} result {}", k + 1);
        let taken = match (kind, from) {
            ("labels", _)
            | ("choices", KIND_CONTROL)
            | ("textarea", NOTE_CONTROL | CLAIMANT_TEXT_CONTROL) => {
                let Some(span) = span_of(&source, &value, &here) else {
                    incoming.warnings.push(format!(
                        "{here}: {kind} without start and end offsets: not imported"
                    ));
                    continue;
                };
                let region = regions.entry(id).or_default();
                if region.span.is_none() || kind == "labels" {
                    region.span = Some(span.clone());
                }
                match (kind, from) {
                    ("labels", CLAIM_CONTROL) => {
                        for label in strings(value.get("labels")) {
                            match label.as_str() {
                                CLAIM_LABEL => region.claim = true,
                                CUE_LABEL => region.cue = true,
                                other => incoming.warnings.push(format!(
                                    "{here}: label {other:?} of control {CLAIM_CONTROL}: not imported"
                                )),
                            }
                        }
                    }
                    ("labels", _) => {
                        for label in strings(value.get("labels")) {
                            region.entities.push(incoming.entities.len());
                            incoming.entities.push(InEntity {
                                span: span.clone(),
                                label,
                                note: None,
                            });
                        }
                    }
                    ("choices", _) => {
                        let choice =
                            strings(value.get("choices")).into_iter().next().unwrap_or_default();
                        match choice.parse() {
                            Ok(kind) => region.kind = Some(kind),
                            Err(()) => incoming.warnings.push(format!(
                                "{here}: kind {choice:?} is not direct, indirect or mixed: not imported"
                            )),
                        }
                    }
                    (_, NOTE_CONTROL) => region.note = Some(strings(value.get("text")).join("\n")),
                    _ => region.claimant_text = Some(strings(value.get("text")).join("\n")),
                }
                true
            }
            _ => false,
        };
        if !taken {
            *ignored.entry(format!("{kind} ({from})")).or_default() += 1;
        }
    }
    // Claims, their cues and claimants from the relations.
    let mut cue_of: HashMap<String, String> = HashMap::new();
    let mut claimant_of: HashMap<String, usize> = HashMap::new();
    for (k, r) in relations.iter().enumerate() {
        let here = format!("{at} relation {}", k + 1);
        let (Some(a), Some(b)) =
            (r.get("from_id").and_then(Value::as_str), r.get("to_id").and_then(Value::as_str))
        else {
            incoming.warnings.push(format!("{here}: without from_id and to_id: not imported"));
            continue;
        };
        let labels = strings(r.get("labels"));
        let (ra, rb) = (regions.get(a), regions.get(b));
        let is_claim = |r: Option<&Region>| r.is_some_and(|r| r.claim);
        let (claim, other, ro) = if is_claim(ra) {
            (a, b, rb)
        } else if is_claim(rb) {
            (b, a, ra)
        } else {
            incoming
                .warnings
                .push(format!("{here}: {a} → {b} {labels:?} links no claim: not imported"));
            continue;
        };
        let wants = |l: &str| labels.is_empty() || labels.iter().any(|x| x == l);
        match ro {
            Some(o) if o.cue && wants(CUE_RELATION) => {
                cue_of.insert(claim.to_owned(), other.to_owned());
            }
            Some(o) if !o.entities.is_empty() && wants(CLAIMANT_RELATION) => {
                claimant_of.insert(claim.to_owned(), o.entities[0]);
            }
            _ => incoming.warnings.push(format!(
                "{here}: {a} → {b} {labels:?} is neither a claim's cue nor its claimant: not imported"
            )),
        }
    }
    let mut cues_used = std::collections::HashSet::new();
    for (id, region) in &regions {
        if let Some(i) = region.entities.first() {
            incoming.entities[*i].note.clone_from(&region.note);
        }
        if !region.claim {
            continue;
        }
        let Some(span) = region.span.clone() else { continue };
        let cue = cue_of.get(id).and_then(|c| {
            cues_used.insert(c.clone());
            regions.get(c).and_then(|r| r.span.clone())
        });
        let claimant = match (claimant_of.get(id), &region.claimant_text) {
            (Some(i), text) => {
                if let Some(text) = text {
                    incoming.warnings.push(format!(
                        "{}: claim {id} has both a claimant and a claimant_text: the text {text:?} left out",
                        span.at
                    ));
                }
                Some(InClaimant::Entity(*i))
            }
            (None, Some(text)) if !text.is_empty() => Some(InClaimant::Text(text.clone())),
            _ => None,
        };
        incoming.claims.push(InClaim {
            span,
            cue,
            claimant,
            kind: region.kind.unwrap_or_default(),
            note: region.note.clone(),
        });
    }
    for (id, region) in &regions {
        if region.cue && !cues_used.contains(id) {
            incoming.warnings.push(format!("{at}: cue {id} belongs to no claim: not imported"));
        }
        if region.entities.is_empty() && !region.claim && !region.cue {
            incoming.warnings.push(format!(
                "{at}: region {id}: a kind, note or claimant_text on no entity or claim: not imported"
            ));
        }
    }
    if !ignored.is_empty() {
        let list: Vec<_> = ignored.iter().map(|(t, n)| format!("{n} × {t}")).collect();
        incoming.warnings.push(format!("{at}: results not imported: {}", list.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{Claimant, Cue, Store};
    use crate::review::interchange::merge;
    use serde_json::json;

    const TEXT: &str = "قال 😀 زيد:\r\nالصين مستعدة";

    fn sample() -> Store {
        let mut store = Store::new();
        let e = store.add_entity("PERSON", 6..9, "زيد").unwrap();
        store.set_note(&e, Some("n1")).unwrap();
        let c = store.add_claim(12..24, "الصين مستعدة").unwrap();
        store.set_cue(&c, Some(Cue::new(0..3, "قال"))).unwrap();
        store.set_claimant(&c, Some(Claimant::Entity(e))).unwrap();
        store.set_kind(&c, ClaimKind::Mixed).unwrap();
        store.set_note(&c, Some("n2")).unwrap();
        let d = store.add_claim(0..3, "قال").unwrap();
        store.set_claimant(&d, Some(Claimant::Text("مصدر".into()))).unwrap();
        store
    }

    #[test]
    fn export_then_import_gives_the_same_annotations() {
        let original = sample();
        let (task, skipped) = task(1, "x", "x.txt", TEXT, &original);
        assert!(skipped.is_empty());
        let json = serde_json::to_string(&json!([task])).unwrap();
        let mut tasks = Tasks::parse(&json, Path::new("t.json")).unwrap();
        let incoming = tasks.for_text(TEXT).unwrap();
        assert!(incoming.warnings.is_empty(), "{:?}", incoming.warnings);
        let mut fresh = Store::new();
        let merged = merge(&mut fresh, TEXT, &incoming);
        assert_eq!(merged.counts.added, 3, "{merged:?}");
        let e = fresh.entities().next().unwrap();
        assert_eq!((e.label.as_str(), e.range(), e.note.as_deref()), ("PERSON", 6..9, Some("n1")));
        let key = |s: &Store| {
            s.claims()
                .map(|c| {
                    let who = match &c.claimant {
                        Some(Claimant::Entity(id)) => s.entity(id).map(|e| e.text.clone()),
                        Some(Claimant::Text(t)) => Some(t.clone()),
                        None => None,
                    };
                    (c.range(), c.cue.as_ref().map(Cue::range), c.kind, c.note.clone(), who)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&fresh), key(&original));
        assert!(tasks.unused().is_empty());
    }

    #[test]
    fn what_is_not_taken_is_named() {
        let json = r#"[{"id": 7, "data": {"text": "ab"}, "annotations": [
            {"result": [{"id": "r", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["pos"]}},
                        {"id": "q", "from_name": "claim", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 1, "labels": ["Cue"]}}]},
            {"was_cancelled": true, "result": []}]},
            {"data": {"text": "other"}}, {"data": {}}]"#;
        let mut tasks = Tasks::parse(json, Path::new("t.json")).unwrap();
        assert_eq!(tasks.warnings.len(), 2, "{:?}", tasks.warnings);
        let incoming = tasks.for_text("ab").unwrap();
        assert_eq!(incoming.warnings.len(), 2, "{:?}", incoming.warnings);
        assert!(incoming.warnings[0].contains("cue q belongs to no claim"));
        assert!(incoming.warnings[1].contains("1 × choices (sentiment)"));
        assert_eq!(tasks.unused(), vec!["task 2".to_owned()]);
        assert!(Tasks::parse("[1", Path::new("t.json")).is_err());
    }
}
