//! `hashiya list`: every entity and claim of the articles, as a table for
//! people, JSON or TSV for programs.

use crate::text::plural::count;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr as _;

use super::corpus::{Article, Entry, for_each_article, par_articles};
use super::{Outcome, ReviewError};
use crate::annotate::keys::{FROM, TO};
use crate::annotate::{ArticleStatus, Claim, Claimant, Conflict, Entity, Record, Store};
use crate::layout::{LayoutOptions, Layouter};
use crate::text::safe::{self, Line, line};

/// Output formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for people.
    Table,
    /// A JSON array with an object per article.
    Json,
    /// Tab-separated values with a header line, a row per annotation.
    Tsv,
}

/// A conflict mark as JSON: `{with, source}` (see [`Conflict`]), or null.
pub fn conflict_json(conflict: Option<&Conflict>) -> Value {
    conflict.map_or(Value::Null, |m| json!({"with": m.with, "source": m.source}))
}

/// An entity as JSON: `id`, `label`, `start`, `end`, `text`, `note`,
/// `by`, `at`, `orphan`, `conflict`.
pub fn entity_json(e: &Entity) -> Value {
    json!({
        "id": e.id,
        "label": e.label,
        "start": e.start,
        "end": e.end,
        "text": e.text,
        "note": e.note,
        "by": e.by,
        "at": e.at,
        "orphan": e.orphan,
        "conflict": conflict_json(e.conflict.as_ref()),
    })
}

/// A claim as JSON: `id`, `start`, `end`, `text`, `note`, `claimant` (an
/// entity id or null), `claimant_text` (free text or null), `cue`
/// (`{start, end, text}` or null), `kind`, `by`, `at`, `orphan`, `conflict`.
pub fn claim_json(c: &Claim) -> Value {
    let (claimant, claimant_text) = match &c.claimant {
        Some(Claimant::Entity(id)) => (Some(id.as_str()), None),
        Some(Claimant::Text(text)) => (None, Some(text.as_str())),
        None => (None, None),
    };
    json!({
        "id": c.id,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "note": c.note,
        "claimant": claimant,
        "claimant_text": claimant_text,
        "cue": c.cue.as_ref().map(|cue| json!({"start": cue.start, "end": cue.end, "text": cue.text})),
        "kind": c.kind.name(),
        "by": c.by,
        "at": c.at,
        "orphan": c.orphan,
        "conflict": conflict_json(c.conflict.as_ref()),
    })
}

/// The relations of `store`, in id order.
fn relations(store: &Store) -> Vec<&Record> {
    store.records_of_kind(crate::annotate::kinds::RELATION)
}

/// The text of a relation's end: its entity's text, else its id.
fn end_text(store: &Store, r: &Record, key: &str) -> String {
    let id = r.text_of(key).unwrap_or_default();
    store.entity(id).map_or_else(|| id.to_owned(), |e| e.text.clone())
}

/// A relation as JSON: `id`, `label` (its type), `from`, `to` (entity
/// ids), `from_text`, `to_text` (their texts, else null), `note`, `by`,
/// `at`, `conflict`.
pub fn relation_json(store: &Store, r: &Record) -> Value {
    let text = |key| r.text_of(key).and_then(|id| store.entity(id)).map(|e| e.text.clone());
    json!({
        "id": r.id,
        "label": r.label(),
        "from": r.text_of(FROM),
        "to": r.text_of(TO),
        "from_text": text(FROM),
        "to_text": text(TO),
        "note": r.text_of(crate::annotate::keys::NOTE),
        "by": r.by,
        "at": r.at,
        "conflict": conflict_json(r.conflict.as_ref()),
    })
}

/// An article as JSON: `file` (the path given), `entities`, `claims`,
/// `relations`.
pub fn article_json(article: &Article) -> Value {
    let store = &article.loaded.store;
    json!({
        "file": article.entry.article.display().to_string(),
        "entities": store.entities().map(entity_json).collect::<Vec<_>>(),
        "claims": store.claims().map(claim_json).collect::<Vec<_>>(),
        "relations": relations(store).into_iter().map(|r| relation_json(store, r)).collect::<Vec<_>>(),
    })
}

/// An article as [`article_json`] gives it, serialized as it goes: one
/// annotation's JSON value at a time, never a tree of the whole article.
struct ArticleJson<'a>(&'a Article);

impl serde::Serialize for ArticleJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        /// A list serialized from an iterator, which it consumes once.
        struct Items<I>(std::cell::Cell<Option<I>>);
        impl<I: Iterator<Item = Value>> serde::Serialize for Items<I> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.take().into_iter().flatten())
            }
        }
        let store = &self.0.loaded.store;
        // The keys in the order of `serde_json`'s sorted maps, as `article_json`.
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("claims", &Items(Some(store.claims().map(claim_json)).into()))?;
        map.serialize_entry("entities", &Items(Some(store.entities().map(entity_json)).into()))?;
        map.serialize_entry("file", &self.0.entry.article.display().to_string())?;
        let rel = relations(store).into_iter().map(|r| relation_json(store, r));
        map.serialize_entry("relations", &Items(Some(rel).into()))?;
        map.end()
    }
}

/// Writes the JSON array of the articles of `entries` to `out`, an article
/// at a time (memory for one annotation's value, not for the whole output).
fn run_json(
    entries: &[Entry],
    status: Option<ArticleStatus>,
    out: &mut dyn Write,
) -> Result<usize, ReviewError> {
    use serde::ser::{SerializeSeq as _, Serializer as _};
    let output = |e: serde_json::Error| ReviewError::Output(e.into());
    // Streamed through the safe formatter: no raw control, exact strings.
    let formatter = safe::SafeJson(serde_json::ser::PrettyFormatter::new());
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, formatter);
    let mut seq = serializer.serialize_seq(None).map_err(output)?;
    let skipped = for_each_article(entries, |article, _| {
        if !has_status(article, status) {
            return Ok(());
        }
        seq.serialize_element(&ArticleJson(article)).map_err(output)
    })?;
    seq.end().map_err(output)?;
    writeln!(out).map_err(ReviewError::Output)?;
    Ok(skipped)
}

/// The text shown for who makes a claim: the entity's text (or id when it
/// is unknown) or the free text.
pub fn claimant_name(store: &Store, claimant: Option<&Claimant>) -> Option<String> {
    match claimant? {
        Claimant::Entity(id) => {
            Some(store.entity(id).map_or_else(|| id.clone(), |e| e.text.clone()))
        }
        Claimant::Text(text) => Some(text.clone()),
    }
}

/// A TSV field: `\\`, `\t`, `\n`, `\r` escaped, other controls and bidi
/// controls shown as visible symbols (see [`crate::text::safe`]).
pub fn tsv_field(s: &str) -> Cow<'_, str> {
    safe::tsv_cow(s)
}

/// The TSV header line.
pub const TSV_HEADER: &str = "file\ttype\tid\tlabel\tstart\tend\ttext\tnote\tclaimant\tclaimant_text\tcue_start\tcue_end\tcue_text\tkind\torphan\tconflict_with\tby\tat";

/// The TSV rows of one article (no header).
pub fn tsv_rows(article: &Article) -> String {
    fn opt(s: Option<&String>) -> Cow<'_, str> {
        s.map_or(Cow::Borrowed(""), |s| tsv_field(s))
    }
    fn with(m: Option<&Conflict>) -> Cow<'_, str> {
        m.map_or(Cow::Borrowed(""), |m| tsv_field(&m.with))
    }
    let store = &article.loaded.store;
    let shown = article.entry.article.display().to_string();
    let file = tsv_field(&shown);
    let mut out = String::new();
    for e in store.entities() {
        let _ = writeln!(
            out,
            "{file}\tentity\t{}\t{}\t{}\t{}\t{}\t{}\t\t\t\t\t\t\t{}\t{}\t{}\t{}",
            tsv_field(&e.id),
            tsv_field(&e.label),
            e.start,
            e.end,
            tsv_field(&e.text),
            opt(e.note.as_ref()),
            e.orphan,
            with(e.conflict.as_ref()),
            opt(e.by.as_ref()),
            opt(e.at.as_ref())
        );
    }
    for c in store.claims() {
        let (claimant, claimant_text) = match &c.claimant {
            Some(Claimant::Entity(id)) => (tsv_field(id), Cow::Borrowed("")),
            Some(Claimant::Text(t)) => (Cow::Borrowed(""), tsv_field(t)),
            None => (Cow::Borrowed(""), Cow::Borrowed("")),
        };
        let (cs, ce, ct) = c.cue.as_ref().map_or_else(
            || (String::new(), String::new(), Cow::Borrowed("")),
            |q| (q.start.to_string(), q.end.to_string(), tsv_field(&q.text)),
        );
        let _ = writeln!(
            out,
            "{file}\tclaim\t{}\t\t{}\t{}\t{}\t{}\t{claimant}\t{claimant_text}\t{cs}\t{ce}\t{ct}\t{}\t{}\t{}\t{}\t{}",
            tsv_field(&c.id),
            c.start,
            c.end,
            tsv_field(&c.text),
            opt(c.note.as_ref()),
            c.kind.name(),
            c.orphan,
            with(c.conflict.as_ref()),
            opt(c.by.as_ref()),
            opt(c.at.as_ref())
        );
    }
    // A relation: its type as label, `from text → to text (from id → to id)`.
    for r in relations(store) {
        let _ = writeln!(
            out,
            "{file}\trelation\t{}\t{}\t\t\t{}\t{}\t\t\t\t\t\t\tfalse\t{}\t{}\t{}",
            tsv_field(&r.id),
            tsv_field(r.label().unwrap_or_default()),
            tsv_field(&relation_text(store, r)),
            tsv_field(r.text_of(crate::annotate::keys::NOTE).unwrap_or_default()),
            with(r.conflict.as_ref()),
            opt(r.by.as_ref()),
            opt(r.at.as_ref())
        );
    }
    out
}

/// A relation as one text: `from text → to text (e1 → e2)`.
fn relation_text(store: &Store, r: &Record) -> String {
    let id = |key| r.text_of(key).unwrap_or_default();
    format!("{} → {} ({} → {})", end_text(store, r, FROM), end_text(store, r, TO), id(FROM), id(TO))
}

/// Turns text into one display line: controls, tabs, line breaks and bidi
/// controls become visible symbols ([`safe::line`]), long text is cut to
/// [`Display::MAX`] chars with `…`, and, when `visual`, right-to-left runs
/// are reordered and shaped for a terminal that does not reorder by itself.
pub struct Display {
    layouter: Layouter,
    visual: bool,
}

impl Display {
    /// Longest text shown in a table cell, in `char`s.
    pub const MAX: usize = 60;

    /// A display in logical order (`visual` false) or visual order.
    pub fn new(visual: bool) -> Self {
        Self { layouter: Layouter::new(), visual }
    }

    /// `text` made into one display line.
    pub fn line(&mut self, text: &str) -> String {
        let cut = text.char_indices().nth(Self::MAX).map_or(text.len(), |(i, _)| i);
        let mut s = line(&text[..cut]).into_owned();
        if cut < text.len() {
            s.push('…');
        }
        if !self.visual {
            return s;
        }
        let options = LayoutOptions { width: None, ..LayoutOptions::default() };
        let layout = self.layouter.layout(&s, &options);
        layout.lines.iter().map(|l| layout.line_text(l)).collect()
    }
}

fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The table of one article: a heading, then a row per annotation.
pub fn table(article: &Article, display: &mut Display) -> String {
    let store = &article.loaded.store;
    let mut rows: Vec<[String; 4]> = Vec::new();
    for e in store.entities() {
        let mut text = display.line(&e.text);
        if let Some(note) = &e.note {
            let _ = write!(text, "  # {}", display.line(note));
        }
        if e.orphan {
            text.push_str("  (orphan)");
        }
        if let Some(mark) = &e.conflict {
            let _ = write!(text, "  (⚠ conflict with {})", display.line(&mark.with));
        }
        if let Some(by) = &e.by {
            let _ = write!(text, "  (by {})", display.line(by));
        }
        let (id, label) = (line(&e.id).into_owned(), line(&e.label).into_owned());
        rows.push([id, label, format!("{}..{}", e.start, e.end), text]);
    }
    for c in store.claims() {
        let mut text = display.line(&c.text);
        if let Some(who) = claimant_name(store, c.claimant.as_ref()) {
            let _ = write!(text, "  ← {}", display.line(&who));
        }
        if let Some(cue) = &c.cue {
            let _ = write!(text, "  cue {}..{} {}", cue.start, cue.end, display.line(&cue.text));
        }
        if let Some(note) = &c.note {
            let _ = write!(text, "  # {}", display.line(note));
        }
        if c.orphan {
            text.push_str("  (orphan)");
        }
        if let Some(mark) = &c.conflict {
            let _ = write!(text, "  (⚠ conflict with {})", display.line(&mark.with));
        }
        if let Some(by) = &c.by {
            let _ = write!(text, "  (by {})", display.line(by));
        }
        let label = format!("claim/{}", c.kind.name());
        rows.push([line(&c.id).into_owned(), label, format!("{}..{}", c.start, c.end), text]);
    }
    let relations = relations(store);
    for r in &relations {
        let mut text = display.line(&relation_text(store, r));
        if let Some(mark) = &r.conflict {
            let _ = write!(text, "  (⚠ conflict with {})", display.line(&mark.with));
        }
        if let Some(by) = &r.by {
            let _ = write!(text, "  (by {})", display.line(by));
        }
        let label = format!("relation/{}", line(r.label().unwrap_or_default()));
        rows.push([line(&r.id).into_owned(), label, String::new(), text]);
    }
    let widths: Vec<usize> =
        (0..3).map(|i| rows.iter().map(|r| r[i].width()).max().unwrap_or(0)).collect();
    let mut out = format!(
        "{}: {}, {}",
        Line(&article.entry.article.display().to_string()),
        count(store.entities().len(), "entity", "entities"),
        count(store.claims().len(), "claim", "claims")
    );
    if !relations.is_empty() {
        let _ = write!(out, ", {}", count(relations.len(), "relation", "relations"));
    }
    out.push('\n');
    for r in &rows {
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            pad(&r[0], widths[0]),
            pad(&r[1], widths[1]),
            pad(&r[2], widths[2]),
            r[3]
        );
    }
    out
}

/// True when `article` is kept by a filter on `status` (`None`: every
/// article); an article without a status is to do.
pub fn has_status(article: &Article, status: Option<ArticleStatus>) -> bool {
    status.is_none_or(|want| article.loaded.store.status().unwrap_or(ArticleStatus::Todo) == want)
}

/// Writes the annotations of `entries` to `out` in `format`; `visual`
/// reorders right-to-left text in tables (for a terminal).
pub fn run(
    entries: &[Entry],
    format: ListFormat,
    visual: bool,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    run_with_status(entries, format, visual, None, out)
}

/// [`run`] over the articles whose status is `status` only (`None`: every
/// article; an article without a status is to do).
pub fn run_with_status(
    entries: &[Entry],
    format: ListFormat,
    visual: bool,
    status: Option<ArticleStatus>,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    if format == ListFormat::Json {
        let skipped = run_json(entries, status, out)?;
        out.flush().map_err(ReviewError::Output)?;
        return Ok(skipped_outcome(skipped));
    }
    if format == ListFormat::Tsv {
        writeln!(out, "{TSV_HEADER}").map_err(ReviewError::Output)?;
    }
    let mut first = true;
    // Each article is read and formatted on a worker; written here, in order.
    let skipped = par_articles(
        entries,
        || Display::new(visual),
        |display, article| {
            if !has_status(article, status) {
                return Ok(None);
            }
            Ok(Some(match format {
                ListFormat::Tsv => tsv_rows(article),
                ListFormat::Json | ListFormat::Table => table(article, display),
            }))
        },
        |_, chunk, _| {
            let Some(chunk) = chunk else { return Ok(()) };
            if format != ListFormat::Tsv && !std::mem::take(&mut first) {
                out.write_all(b"\n").map_err(ReviewError::Output)?;
            }
            out.write_all(chunk.as_bytes()).map_err(ReviewError::Output)
        },
    )?;
    out.flush().map_err(ReviewError::Output)?;
    Ok(skipped_outcome(skipped))
}

/// The outcome of a run that skipped `skipped` articles.
pub(crate) fn skipped_outcome(skipped: usize) -> Outcome {
    if skipped == 0 {
        Outcome::clean()
    } else {
        Outcome {
            problems: skipped,
            summary: Some(format!("{skipped} article(s) skipped: see the messages above")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_json_is_the_json_of_the_whole_array() {
        use crate::annotate::{AnchorReport, Cue, Loaded, Store};
        use serde::ser::{SerializeSeq as _, Serializer as _};
        let mut store = Store::new();
        let e = store.add_entity("PERSON", 4..9, "وزير").unwrap();
        let c = store.add_claim(10..20, "ما قال").unwrap();
        store.set_claimant(&c, Some(Claimant::Entity(e))).unwrap();
        store.set_cue(&c, Some(Cue::new(0..3, "قال"))).unwrap();
        store.set_note(&c, Some("a \"note\"\n")).unwrap();
        let article = Article {
            entry: Entry::of_article("x/a.txt".into()),
            text: String::new(),
            loaded: Loaded { store, existed: true, sha256: None, report: AnchorReport::default() },
        };
        let whole = serde_json::to_string_pretty(&Value::Array(vec![
            article_json(&article),
            article_json(&article),
        ]))
        .unwrap();
        let mut streamed = Vec::new();
        {
            let mut serializer = serde_json::Serializer::pretty(&mut streamed);
            let mut seq = serializer.serialize_seq(None).unwrap();
            seq.serialize_element(&ArticleJson(&article)).unwrap();
            seq.serialize_element(&ArticleJson(&article)).unwrap();
            seq.end().unwrap();
        }
        assert_eq!(String::from_utf8(streamed).unwrap(), whole);
        let mut empty = Vec::new();
        run_json(&[], None, &mut empty).unwrap();
        assert_eq!(empty, b"[]\n");
    }

    #[test]
    fn tsv_fields_escape_separators() {
        assert_eq!(tsv_field("a\tb\nc\\d"), "a\\tb\\nc\\\\d");
        assert_eq!(TSV_HEADER.split('\t').count(), 18);
    }

    #[test]
    fn display_reverses_arabic_only_when_visual() {
        let logical = "قال";
        assert_eq!(Display::new(false).line(logical), logical);
        let visual = Display::new(true).line(logical);
        // Shaped presentation forms, in visual order: the lam (isolated after alef) is first.
        assert_eq!(visual.chars().count(), 3);
        assert_eq!(visual.chars().next(), Some('\u{FEDD}'), "{visual:?}");
        let long = "ا".repeat(Display::MAX + 5);
        assert!(Display::new(false).line(&long).ends_with('…'));
    }
}
