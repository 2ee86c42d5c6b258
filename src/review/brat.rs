//! brat standoff: export (`.txt` + `.ann` + `annotation.conf`) and the
//! parser `import` uses. What is kept and what cannot be held is in
//! `docs/formats.md`.
//!
//! The scheme (also in `docs/cli.md`; fields are separated by tabs, shown
//! here as spaces):
//!
//! ```text
//! T1    PERSON 16 25    لي شانغفو              an entity: its label, char offsets, covered text
//! T2    Claim 30 52    الصين مستعدة للحوار     a claim's content
//! T3    Cue 0 3    قال                        the claim's cue
//! E1    Claim:T2 Cue:T3 Source:T1          the claim: content (trigger), cue, claimant entity
//! A1    Kind E1 indirect                   how it is reported
//! #1    AnnotatorNotes T1    a note           a note on an entity
//! #2    AnnotatorNotes E1    a note           a note on a claim: on its event (brat refuses
//!                                            any annotation but an event on a trigger)
//! #3    SourceText E1    وزير الخارجية       a claimant that is not an entity (`claimant_text`)
//! R1    member_of Arg1:T1 Arg2:T4          a relation between two entities, from Arg1 to Arg2
//! #4    AnnotatorNotes R1    a note           a note on a relation
//! ```
//!
//! then the kept brat data ([`brat_preserved`]). Offsets count `char`s
//! (code points, as brat does) of the article as brat reads it: `\r\n` is
//! one character there ([`BratText`]). A span crossing a line break is
//! written as fragments (`0 5;6 10`) without the break, its text joined by
//! spaces; an entity kept in fragments from a brat import is written in
//! them; any other character of the covered text is written as it is in the
//! article (brat checks that the text is the article's, and a line of the
//! `.ann` ends only at a line break). brat has no escapes: labels cannot
//! hold white space, controls or bidi controls (any becomes `_`), notes
//! cannot hold line breaks (control characters, tabs and line breaks in
//! notes become spaces); the ids of the annotations so changed are listed
//! in [`Exported::altered`]. `Claim` and `Cue` are reserved types: an entity
//! label of that form takes one more `_` ([`entity_type`],
//! [`label_of_type`]). Orphans (whose offsets are stale) and empty spans are
//! not exported.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::ReviewError;
use super::brat_preserved;
use super::brat_text::{BratText, ByteOffsets};
use crate::annotate::anchor::CharIndex;
use crate::annotate::{Claimant, Store};
use crate::text::decimal;
use crate::text::safe;

/// The brat type of claim contents.
pub const CLAIM: &str = "Claim";
/// The brat type of cues.
pub const CUE: &str = "Cue";
/// The event role of the claim's cue.
pub const CUE_ROLE: &str = "Cue";
/// The event role of the claimant entity.
pub const SOURCE_ROLE: &str = "Source";
/// The attribute holding the claim kind.
pub const KIND_ATTRIBUTE: &str = "Kind";
/// The note type holding a claimant that is not an entity.
pub const SOURCE_TEXT_NOTE: &str = "SourceText";
/// The note type of notes.
pub const NOTE: &str = "AnnotatorNotes";

/// True for what a brat type cannot hold: white space, control characters
/// and bidi controls.
fn not_in_type(c: char) -> bool {
    c.is_whitespace() || c.is_control() || safe::bidi_mark(c).is_some()
}

/// A label as a brat type: white space, control characters and bidi
/// controls become `_`.
pub fn brat_type(label: &str) -> String {
    label.chars().map(|c| if not_in_type(c) { '_' } else { c }).collect()
}

/// True for `Claim`, `Cue` and either followed by underscores only: the
/// names an entity type takes one more `_` on in brat (see [`entity_type`]).
fn reserved_form(t: &str) -> bool {
    [CLAIM, CUE]
        .iter()
        .any(|r| t.strip_prefix(r).is_some_and(|rest| rest.bytes().all(|b| b == b'_')))
}

/// An entity label as a brat type ([`brat_type`]); the claim layer's names
/// `Claim` and `Cue` — and, so that the change can be undone, those names
/// followed by underscores — take one more `_` (`Claim` → `Claim_`,
/// `Claim_` → `Claim__`). [`label_of_type`] undoes it.
pub fn entity_type(label: &str) -> String {
    let mut t = brat_type(label);
    if reserved_form(&t) {
        t.push('_');
    }
    t
}

/// The entity label of brat type `t` (undoes [`entity_type`]'s `_`).
pub fn label_of_type(t: &str) -> &str {
    if reserved_form(t) && t.len() > CLAIM.len().min(CUE.len()) && t.ends_with('_') {
        &t[..t.len() - 1]
    } else {
        t
    }
}

/// One line of free text: control characters (tabs and line breaks among
/// them) become spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// True when `label` cannot be a brat type as it is.
fn type_changes(label: &str) -> bool {
    label.chars().any(not_in_type)
}

/// True when `note` cannot be a brat note as it is.
fn note_changes(note: &str) -> bool {
    note.chars().any(char::is_control)
}

/// The offsets field (`s e` or `s e;s e`, counted as brat counts, see
/// [`BratText`]) and covered text of `range`, split at line breaks; `None`
/// if nothing but line breaks is covered.
fn text_bound(
    index: &CharIndex<'_>,
    map: &BratText,
    range: Range<usize>,
) -> Option<(String, String)> {
    let text = index.slice(range.clone())?;
    // Most spans hold no line break: one fragment, the text as it is.
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        if text.is_empty() {
            return None;
        }
        let offsets = format!("{} {}", map.to_brat(range.start), map.to_brat(range.end));
        return Some((offsets, text.to_owned()));
    }
    let mut fragments: Vec<(usize, usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, c) in text.chars().enumerate() {
        let at = range.start + i;
        if c == '\n' || c == '\r' {
            if let Some((s, t)) = current.take() {
                fragments.push((s, at, t));
            }
        } else {
            current.get_or_insert_with(|| (at, String::new())).1.push(c);
        }
    }
    if let Some((s, t)) = current {
        fragments.push((s, range.end, t));
    }
    if fragments.is_empty() {
        return None;
    }
    let offsets: Vec<String> = fragments
        .iter()
        .map(|(s, e, _)| format!("{} {}", map.to_brat(*s), map.to_brat(*e)))
        .collect();
    let texts: Vec<&str> = fragments.iter().map(|(_, _, t)| t.as_str()).collect();
    Some((offsets.join(";"), texts.join(" ")))
}

/// [`text_bound`] of a span kept in `fragments` (see
/// [`brat_preserved::fitted_fragments`]), or of the whole span when it has
/// none; `Err` says why its fragments were not used (the whole span is then
/// written).
fn fragmented_bound(
    index: &CharIndex<'_>,
    map: &BratText,
    range: Range<usize>,
    fragments: Option<&toml::Value>,
) -> (Option<(String, String)>, Option<&'static str>) {
    match brat_preserved::fitted_fragments(fragments, range.clone()) {
        Ok(Some(parts)) => {
            let bounds: Option<Vec<(String, String)>> =
                parts.into_iter().map(|p| text_bound(index, map, p)).collect();
            match bounds {
                Some(b) => {
                    let offsets: Vec<&str> = b.iter().map(|x| x.0.as_str()).collect();
                    let texts: Vec<&str> = b.iter().map(|x| x.1.as_str()).collect();
                    (Some((offsets.join(";"), texts.join(" "))), None)
                }
                None => (text_bound(index, map, range), Some("a fragment covers nothing")),
            }
        }
        Ok(None) => (text_bound(index, map, range), None),
        Err(why) => (text_bound(index, map, range), Some(why)),
    }
}

/// A brat document made from a store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    /// The `.ann` text.
    pub ann: String,
    /// Ids of the annotations left out (orphans, empty spans).
    pub skipped: Vec<String>,
    /// Ids of the annotations whose label or note brat could not hold as it
    /// is (white space or controls in a label, controls in a note).
    pub altered: Vec<String>,
    /// Ids of the entities whose label is a name of the claim layer
    /// (`Claim`, `Cue`…), written with one more `_` (see [`entity_type`]).
    pub renamed: Vec<String>,
    /// What else could not be written as kept: kept brat tables left out,
    /// fragments written as one span (each says why).
    pub left_out: Vec<String>,
    /// Types of the kept brat tables written, for `annotation.conf`.
    pub kept_types: Vec<(brat_preserved::Kind, String, Vec<String>)>,
}

/// A brat id (`T12`): its prefix and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BratId {
    prefix: &'static str,
    n: usize,
}

impl BratId {
    /// Appends the id to `out`.
    fn push_to(self, out: &mut String) {
        out.push_str(self.prefix);
        decimal::push_str(out, self.n);
    }
}

impl std::fmt::Display for BratId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.prefix, self.n)
    }
}

/// The prefixes of the ids the writer gives, in [`Counters`]' order.
const PREFIXES: [&str; 6] = ["T", "E", "A", "#", "N", "R"];

/// The last number given per id prefix ([`PREFIXES`]).
#[derive(Default)]
struct Counters([usize; PREFIXES.len()]);

impl Counters {
    /// The next id with `prefix` (one of [`PREFIXES`]).
    fn next(&mut self, prefix: &'static str) -> BratId {
        let slot = PREFIXES.iter().position(|p| *p == prefix).unwrap_or(0);
        self.0[slot] += 1;
        BratId { prefix: PREFIXES[slot], n: self.0[slot] }
    }

    /// The numbers given, by prefix, as [`brat_preserved::export`] goes on
    /// from them.
    fn to_map(&self) -> HashMap<&'static str, usize> {
        PREFIXES.iter().zip(self.0).filter(|(_, n)| *n > 0).map(|(p, n)| (*p, n)).collect()
    }
}

/// Where a span is, as an `.ann` line writes it.
enum Bound<'t> {
    /// One fragment: its start and end as brat counts, and the text it
    /// covers, borrowed from the article (the usual case).
    One(usize, usize, &'t str),
    /// Fragments: the offsets field and their texts joined by spaces.
    Many(String, String),
}

impl Bound<'_> {
    /// Appends `OFFSETS<TAB>TEXT`.
    fn push_to(&self, out: &mut String) {
        match self {
            Self::One(start, end, text) => {
                decimal::push_str(out, *start);
                out.push(' ');
                decimal::push_str(out, *end);
                out.push('\t');
                out.push_str(text);
            }
            Self::Many(offsets, text) => {
                out.push_str(offsets);
                out.push('\t');
                out.push_str(text);
            }
        }
    }
}

/// A label as a brat type ([`brat_type`]), borrowed when it is one as it
/// is (`Cow::Owned` exactly when [`type_changes`]).
fn brat_type_of(label: &str) -> Cow<'_, str> {
    if label.bytes().all(|b| b.is_ascii_graphic()) || !type_changes(label) {
        Cow::Borrowed(label)
    } else {
        Cow::Owned(brat_type(label))
    }
}

/// Appends `s` as one line of free text ([`one_line`]).
fn push_one_line(out: &mut String, s: &str) {
    if s.chars().any(char::is_control) {
        out.extend(s.chars().map(|c| if c.is_control() { ' ' } else { c }));
    } else {
        out.push_str(s);
    }
}

/// An `.ann` being written: the article, the output, and the last number
/// given per id prefix. Lines are appended to [`Exported::ann`] as they
/// are made, with no string of their own.
struct Writer<'t> {
    text: &'t str,
    offsets: ByteOffsets<'t>,
    map: BratText,
    out: Exported,
    counters: Counters,
    /// Our id → the brat id written for it (an entity's `T`, a claim's `E`).
    refs: HashMap<&'t str, BratId>,
    /// The canonical entities links point to (for `N` lines).
    registry: &'t crate::corpus::Registry,
}

impl<'t> Writer<'t> {
    /// Appends `#N<TAB>KIND TARGET<TAB>BODY` (the body on one line).
    fn note(&mut self, kind: &str, target: BratId, body: &str) {
        let id = self.counters.next("#");
        let ann = &mut self.out.ann;
        id.push_to(ann);
        ann.push('\t');
        ann.push_str(kind);
        ann.push(' ');
        target.push_to(ann);
        ann.push('\t');
        push_one_line(ann, body);
        ann.push('\n');
    }

    /// Appends `ID<TAB>TYPE BOUND` and a line break.
    fn text_line(&mut self, id: BratId, ty: &str, more: &str, bound: &Bound<'_>) {
        let ann = &mut self.out.ann;
        id.push_to(ann);
        ann.push('\t');
        ann.push_str(ty);
        ann.push_str(more);
        ann.push(' ');
        bound.push_to(ann);
        ann.push('\n');
    }

    /// [`text_bound`] of `range`, with no allocation when it holds no line
    /// break ([`fragmented_bound`] with its kept `fragments` otherwise).
    fn bound(
        &mut self,
        range: Range<usize>,
        fragments: Option<&toml::Value>,
    ) -> (Option<Bound<'t>>, Option<&'static str>) {
        if fragments.is_none() {
            let text = self.text;
            let Some(bytes) = self.offsets.bytes_of(range.clone()) else {
                return (None, None);
            };
            let covered = &text[bytes];
            if memchr::memchr2(b'\n', b'\r', covered.as_bytes()).is_none() {
                if covered.is_empty() {
                    return (None, None);
                }
                let (start, end) = (self.map.to_brat(range.start), self.map.to_brat(range.end));
                return (Some(Bound::One(start, end, covered)), None);
            }
        }
        let index = self.offsets.index();
        let (bound, why) = fragmented_bound(index, &self.map, range, fragments);
        (bound.map(|(offsets, text)| Bound::Many(offsets, text)), why)
    }

    /// The offsets and text of a span with its kept `fragments`; `None`
    /// (recorded as skipped) for an orphan or a span of line breaks only.
    fn span(
        &mut self,
        id: &str,
        orphan: bool,
        range: Range<usize>,
        fragments: Option<&toml::Value>,
    ) -> Option<Bound<'t>> {
        let (bound, why) = if orphan { (None, None) } else { self.bound(range, fragments) };
        if bound.is_none() {
            self.out.skipped.push(id.to_owned());
        } else if let Some(why) = why {
            self.out.left_out.push(format!("{id}: written as one span: {why}"));
        }
        bound
    }

    fn entity(&mut self, entity: &'t crate::annotate::Entity) {
        let fragments = entity.extra.get(brat_preserved::FRAGMENTS);
        let Some(bound) = self.span(&entity.id, entity.orphan, entity.range(), fragments) else {
            return;
        };
        let ty = brat_type_of(&entity.label);
        if matches!(ty, Cow::Owned(_)) || entity.note.as_deref().is_some_and(note_changes) {
            self.out.altered.push(entity.id.clone());
        }
        // `entity_type`: a name of the claim layer takes one more `_`.
        let reserved = reserved_form(&ty);
        if reserved {
            self.out.renamed.push(entity.id.clone());
        }
        let tid = self.counters.next("T");
        self.text_line(tid, &ty, if reserved { "_" } else { "" }, &bound);
        if let Some(body) = &entity.note {
            self.note(NOTE, tid, body);
        }
        // A link to a canonical entity with a knowledge-base id: an `N` line.
        let canonical = entity.link.as_deref().and_then(|id| self.registry.get(id));
        if let Some((kb_id, name)) = canonical.and_then(|k| Some((k.kb_id.as_deref()?, &k.name))) {
            let nid = self.counters.next("N");
            let line = super::brat_links::n_line(&tid.to_string(), kb_id, name);
            let ann = &mut self.out.ann;
            nid.push_to(ann);
            ann.push('\t');
            ann.push_str(&line);
            ann.push('\n');
        }
        self.refs.insert(&entity.id, tid);
    }

    fn claim(&mut self, claim: &'t crate::annotate::Claim, store: &'t Store) {
        let fragments = claim.extra.get(brat_preserved::FRAGMENTS);
        let Some(bound) = self.span(&claim.id, claim.orphan, claim.range(), fragments) else {
            return;
        };
        let claimant_text = match &claim.claimant {
            Some(Claimant::Text(text)) => Some(text.as_str()),
            _ => None,
        };
        if claim.note.iter().map(String::as_str).chain(claimant_text).any(note_changes) {
            self.out.altered.push(claim.id.clone());
        }
        let trigger = self.counters.next("T");
        self.text_line(trigger, CLAIM, "", &bound);
        let mut cue_id = None;
        if let Some(cue) = &claim.cue {
            if let (Some(bound), _) = self.bound(cue.range(), None) {
                let cue = self.counters.next("T");
                self.text_line(cue, CUE, "", &bound);
                cue_id = Some(cue);
            }
        }
        let mut source = None;
        let mut source_text = None;
        match &claim.claimant {
            Some(Claimant::Entity(id)) => match self.refs.get(id.as_str()) {
                Some(tid) => source = Some(*tid),
                None => source_text = store.entity(id).map(|en| en.text.as_str()),
            },
            Some(Claimant::Text(text)) => source_text = Some(text.as_str()),
            None => {}
        }
        let eid = self.counters.next("E");
        let aid = self.counters.next("A");
        let ann = &mut self.out.ann;
        eid.push_to(ann);
        ann.push('\t');
        ann.push_str(CLAIM);
        ann.push(':');
        trigger.push_to(ann);
        if let Some(cue) = cue_id {
            ann.push(' ');
            ann.push_str(CUE_ROLE);
            ann.push(':');
            cue.push_to(ann);
        }
        if let Some(tid) = source {
            ann.push(' ');
            ann.push_str(SOURCE_ROLE);
            ann.push(':');
            tid.push_to(ann);
        }
        ann.push('\n');
        aid.push_to(ann);
        ann.push('\t');
        ann.push_str(KIND_ATTRIBUTE);
        ann.push(' ');
        eid.push_to(ann);
        ann.push(' ');
        ann.push_str(claim.kind.name());
        ann.push('\n');
        // On the event: brat refuses any annotation but an event on a trigger.
        if let Some(body) = &claim.note {
            self.note(NOTE, eid, body);
        }
        if let Some(body) = source_text {
            self.note(SOURCE_TEXT_NOTE, eid, body);
        }
        self.refs.insert(&claim.id, eid);
    }

    /// A relation: `R` from `Arg1` to `Arg2`, both entities written; one
    /// whose end was not written (gone, an orphan) is skipped.
    fn relation(&mut self, r: &'t crate::annotate::Record) {
        use crate::annotate::keys::{FROM, NOTE as NOTE_KEY, TO};
        let end = |key| r.text_of(key).and_then(|id| self.refs.get(id)).copied();
        let (Some(from), Some(to)) = (end(FROM), end(TO)) else {
            self.out.skipped.push(r.id.clone());
            return;
        };
        let label = r.label().unwrap_or(&r.kind.name);
        if type_changes(label) || r.text_of(NOTE_KEY).is_some_and(note_changes) {
            self.out.altered.push(r.id.clone());
        }
        let t = brat_type(label);
        let rid = self.counters.next("R");
        let _ = writeln!(self.out.ann, "{rid}\t{t} {ARG1}:{from} {ARG2}:{to}");
        if let Some(body) = r.text_of(NOTE_KEY) {
            self.note(NOTE, rid, body);
        }
        let roles = vec![ARG1.to_owned(), ARG2.to_owned()];
        self.out.kept_types.push((brat_preserved::Kind::Relation, t, roles));
        self.refs.insert(&r.id, rid);
    }
}

/// The role of a relation's first argument (its `from`).
pub const ARG1: &str = "Arg1";
/// The role of a relation's second argument (its `to`).
pub const ARG2: &str = "Arg2";

/// The brat `.ann` of the annotations in `store` over `text`: offsets as
/// brat counts them in the article as brat reads it (see [`BratText`]);
/// then the kept brat tables (see [`brat_preserved`]).
pub fn export(text: &str, store: &Store) -> Exported {
    export_with(text, store, &crate::corpus::Registry::new())
}

/// [`export`], with an `N` line for every entity linked to a canonical
/// entity of `registry` that has a knowledge-base id (see
/// [`super::brat_links`]).
pub fn export_with(text: &str, store: &Store, registry: &crate::corpus::Registry) -> Exported {
    let (entities, claims) = (store.entities().len(), store.claims().len());
    // Room for the usual lines (a claim's holds its text), at most a few
    // times the article's size.
    let room = (48 * entities + 320 * claims).min(2 * text.len() + 1024);
    let mut w = Writer {
        registry,
        text,
        offsets: ByteOffsets::new(text),
        map: BratText::new(text),
        out: Exported { ann: String::with_capacity(room), ..Exported::default() },
        counters: Counters::default(),
        refs: HashMap::with_capacity(entities + claims),
    };
    for entity in store.entities() {
        w.entity(entity);
    }
    for claim in store.claims() {
        w.claim(claim, store);
    }
    for relation in store.records_of_kind(crate::annotate::kinds::RELATION) {
        w.relation(relation);
    }
    let Writer { mut offsets, map, mut out, counters, refs, .. } = w;
    let top = &store.file_extra().top;
    if top.contains_key(brat_preserved::KEY) {
        let index = offsets.index();
        let bound = |range: Range<usize>, fragments: Option<&toml::Value>| match fragmented_bound(
            index, &map, range, fragments,
        ) {
            (Some(found), None) => Ok(found),
            (_, Some(why)) => Err(why.to_owned()),
            (None, None) => Err("it covers nothing but line breaks".to_owned()),
        };
        let refs: HashMap<String, String> =
            refs.iter().map(|(ours, theirs)| ((*ours).to_owned(), theirs.to_string())).collect();
        let mut counters = counters.to_map();
        let kept = brat_preserved::export(top, index, &refs, &mut counters, &bound);
        out.ann.push_str(&kept.lines);
        out.left_out.extend(kept.left_out);
        out.kept_types.extend(kept.types);
    }
    out
}

/// The brat `annotation.conf` for entity types `labels` and the types of
/// kept brat tables `kept` (see [`Exported::kept_types`]).
pub fn annotation_conf(
    labels: &[String],
    kept: &[(brat_preserved::Kind, String, Vec<String>)],
) -> String {
    use brat_preserved::Kind;
    use std::collections::BTreeMap;
    let types: Vec<String> = labels.iter().map(|l| entity_type(l)).collect();
    let mut out = String::from("# Written by hashiya export --format brat\n\n[entities]\n");
    for t in &types {
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(out, "{CUE}\n\n[relations]");
    // Kept types, with the roles (attribute values) each was seen with.
    let mut seen: BTreeMap<(Kind, &str), Vec<&str>> = BTreeMap::new();
    for (kind, t, roles) in kept {
        let entry = seen.entry((*kind, t.as_str())).or_default();
        for r in roles {
            if !entry.contains(&r.as_str()) {
                entry.push(r);
            }
        }
    }
    let any = "<ENTITY>|<EVENT>";
    for ((kind, t), roles) in &seen {
        match kind {
            Kind::Relation => {
                let args: Vec<String> = roles.iter().map(|r| format!("{r}:{any}")).collect();
                let _ = writeln!(out, "{t}\t{}", args.join(", "));
            }
            Kind::Equivalence => {
                let _ = writeln!(
                    out,
                    "{t}\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive"
                );
            }
            _ => {}
        }
    }
    let _ = writeln!(out, "\n[events]");
    let sources = if types.is_empty() { "<ENTITY>".to_owned() } else { types.join("|") };
    let _ = writeln!(out, "{CLAIM}\t{CUE_ROLE}?:{CUE}, {SOURCE_ROLE}?:{sources}");
    for ((kind, t), roles) in &seen {
        if *kind == Kind::Event {
            let args: Vec<String> = roles.iter().map(|r| format!("{r}*:{any}")).collect();
            let _ = writeln!(out, "{t}\t{}", args.join(", "));
        } else if *kind == Kind::Trigger && !seen.contains_key(&(Kind::Event, *t)) {
            let _ = writeln!(out, "{t}");
        }
    }
    let _ =
        writeln!(out, "\n[attributes]\n{KIND_ATTRIBUTE}\tArg:{CLAIM}, Value:direct|indirect|mixed");
    for ((kind, t), values) in &seen {
        if matches!(kind, Kind::Attribute | Kind::Modifier) {
            if values.is_empty() {
                let _ = writeln!(out, "{t}\tArg:<ANY>");
            } else {
                let _ = writeln!(out, "{t}\tArg:<ANY>, Value:{}", values.join("|"));
            }
        }
    }
    out
}

/// A text-bound annotation (`T`) read from an `.ann` file, borrowing its
/// fields from the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBound<'s> {
    /// `T1`.
    pub id: &'s str,
    /// Its type: a label, [`CLAIM`] or [`CUE`].
    pub kind: &'s str,
    /// First `char` of the first fragment.
    pub start: usize,
    /// End of the last fragment.
    pub end: usize,
    /// Its fragments (`START END` pairs, usually one), in file order.
    pub fragments: Vec<Range<usize>>,
    /// The text field (empty when the line has none).
    pub text: &'s str,
    /// 1-based line in the file.
    pub line: usize,
}

impl TextBound<'_> {
    /// The text brat expects for this span in `index`'s text: its fragments'
    /// texts joined by a space (`None` when a fragment lies outside it).
    pub(crate) fn expected_text(&self, index: &CharIndex<'_>) -> Option<String> {
        let mut out = String::new();
        for (i, fragment) in self.fragments.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(index.slice(fragment.clone())?);
        }
        Some(out)
    }

    /// True when `text` (as in the article) is what the text field says,
    /// control characters (tabs) counting as the spaces brat files hold.
    pub fn says(&self, text: &str) -> bool {
        let same = |a: char, b: char| a == b || (a.is_control() && b == ' ');
        let mut ours = self.text.chars();
        let mut theirs = text.chars();
        loop {
            match (ours.next(), theirs.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if same(b, a) || same(a, b) => {}
                _ => return false,
            }
        }
    }
}

/// An event (`E`) read from an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'s> {
    /// `E1`.
    pub id: &'s str,
    /// Its type.
    pub kind: &'s str,
    /// The id of its trigger.
    pub trigger: &'s str,
    /// `(role, target id)` as written (`Source2:T1` → `("Source2", "T1")`).
    pub args: Vec<(&'s str, &'s str)>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A role without its trailing number (`Source2` → `Source`), as brat
/// numbers repeated roles.
pub fn base_role(role: &str) -> &str {
    role.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// A relation (`R`) read from an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation<'s> {
    /// `R1`.
    pub id: &'s str,
    /// Its type.
    pub kind: &'s str,
    /// `(role, target id)`: `Arg1:T1 Arg2:T2`.
    pub args: Vec<(&'s str, &'s str)>,
    /// 1-based line in the file.
    pub line: usize,
}

/// An equivalence (`*`) read from an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equivalence<'s> {
    /// Its type.
    pub kind: &'s str,
    /// The ids it makes equivalent.
    pub members: Vec<&'s str>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A normalization (`N`) read from an `.ann` file: a link to a knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalization<'s> {
    /// `N1`.
    pub id: &'s str,
    /// Its type (`Reference`).
    pub kind: &'s str,
    /// The id it is on.
    pub target: &'s str,
    /// `DB:ID` (`Wikidata:Q148`).
    pub reference: &'s str,
    /// The text after the tab (the entry's name), possibly empty.
    pub text: &'s str,
    /// 1-based line in the file.
    pub line: usize,
}

/// An attribute (`A`) or modification (`M`) read from an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'s> {
    /// `A1` or `M1`.
    pub id: &'s str,
    /// Its name.
    pub name: &'s str,
    /// The id it is on.
    pub target: &'s str,
    /// Its value (`None` for a binary attribute).
    pub value: Option<&'s str>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A note (`#`) read from an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note<'s> {
    /// `#1`.
    pub id: &'s str,
    /// Its type (`AnnotatorNotes`, `SourceText`…).
    pub kind: &'s str,
    /// The id it is on.
    pub target: &'s str,
    /// Its text.
    pub text: &'s str,
    /// 1-based line in the file.
    pub line: usize,
}

/// The annotations of an `.ann` file, borrowed from the file's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ann<'s> {
    /// The file, for messages.
    pub path: PathBuf,
    /// Text-bound annotations, in file order.
    pub spans: Vec<TextBound<'s>>,
    /// Events.
    pub events: Vec<Event<'s>>,
    /// Relations.
    pub relations: Vec<Relation<'s>>,
    /// Equivalences.
    pub equivalences: Vec<Equivalence<'s>>,
    /// Normalizations.
    pub normalizations: Vec<Normalization<'s>>,
    /// Attributes and modifications.
    pub attributes: Vec<Attribute<'s>>,
    /// Notes.
    pub notes: Vec<Note<'s>>,
    /// Lines of no kind brat knows (their 1-based numbers), not imported.
    pub ignored: Vec<usize>,
}

/// `ROLE:ID` pairs separated by spaces.
fn role_args<'s>(parts: impl Iterator<Item = &'s str>) -> Result<Vec<(&'s str, &'s str)>, String> {
    parts
        .map(|part| part.split_once(':').ok_or_else(|| format!("`{part}`: expected `ROLE:ID`")))
        .collect()
}

/// A `T` line: `TYPE START END[;START END…]` and its text.
fn text_bound_line<'s>(
    id: &'s str,
    body: &'s str,
    rest: Option<&'s str>,
    line: usize,
) -> Result<TextBound<'s>, String> {
    let (kind, offsets) =
        body.split_once(' ').ok_or_else(|| format!("`{body}`: expected `TYPE START END`"))?;
    let mut fragments: Vec<Range<usize>> = Vec::with_capacity(1);
    for fragment in offsets.split(';') {
        let mut numbers = fragment.split_whitespace().map(str::parse::<usize>);
        match (numbers.next(), numbers.next(), numbers.next()) {
            (Some(Ok(s)), Some(Ok(e)), None) if s <= e => fragments.push(s..e),
            _ => return Err(format!("`{fragment}`: expected `START END` offsets")),
        }
    }
    let start = fragments.iter().map(|b| b.start).min().unwrap_or(0);
    let end = fragments.iter().map(|b| b.end).max().unwrap_or(0);
    Ok(TextBound { id, kind, start, end, fragments, text: rest.unwrap_or_default(), line })
}

/// Parses the `.ann` text `source` (named `path` in errors), in one pass.
pub fn parse<'s>(source: &'s str, path: &Path) -> Result<Ann<'s>, ReviewError> {
    let mut ann = Ann { path: path.to_path_buf(), ..Ann::default() };
    for (i, raw) in source.lines().enumerate() {
        let line = i + 1;
        let bad = |message: String| ReviewError::Brat { path: path.to_path_buf(), line, message };
        let text = raw.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        let mut fields = text.splitn(3, '\t');
        let id = fields.next().unwrap_or_default();
        let body = fields.next().ok_or_else(|| bad("no tab after the id".to_owned()))?;
        let rest = fields.next();
        match id.chars().next() {
            Some('T') => ann.spans.push(text_bound_line(id, body, rest, line).map_err(bad)?),
            Some('E') => {
                let mut parts = body.split_whitespace();
                let (kind, trigger) = parts
                    .next()
                    .and_then(|p| p.split_once(':'))
                    .ok_or_else(|| bad(format!("`{body}`: expected `TYPE:TRIGGER ...`")))?;
                let args = role_args(parts).map_err(bad)?;
                ann.events.push(Event { id, kind, trigger, args, line });
            }
            Some('R') => {
                let mut parts = body.split_whitespace();
                let kind = parts
                    .next()
                    .ok_or_else(|| bad(format!("`{body}`: expected `TYPE ARG:ID ARG:ID`")))?;
                let args = role_args(parts).map_err(bad)?;
                if args.len() != 2 {
                    return Err(bad(format!("`{body}`: a relation has two arguments")));
                }
                ann.relations.push(Relation { id, kind, args, line });
            }
            Some('*') => {
                let mut parts = body.split_whitespace();
                let kind =
                    parts.next().ok_or_else(|| bad(format!("`{body}`: expected `TYPE ID ID…`")))?;
                ann.equivalences.push(Equivalence { kind, members: parts.collect(), line });
            }
            Some('N') => {
                let mut parts = body.split_whitespace();
                let (Some(kind), Some(target), Some(reference), None) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Err(bad(format!("`{body}`: expected `TYPE ID DB:ID`")));
                };
                if !reference.contains(':') {
                    return Err(bad(format!("`{reference}`: expected `DB:ID`")));
                }
                let text = rest.unwrap_or_default();
                ann.normalizations.push(Normalization { id, kind, target, reference, text, line });
            }
            Some('A' | 'M') => {
                let mut parts = body.split_whitespace();
                let (Some(name), Some(target)) = (parts.next(), parts.next()) else {
                    return Err(bad(format!("`{body}`: expected `NAME ID [VALUE]`")));
                };
                let value = parts.next();
                ann.attributes.push(Attribute { id, name, target, value, line });
            }
            Some('#') => {
                let (kind, target) = body
                    .split_once(' ')
                    .ok_or_else(|| bad(format!("`{body}`: expected `TYPE ID`")))?;
                ann.notes.push(Note {
                    id,
                    kind,
                    target: target.trim(),
                    text: rest.unwrap_or_default(),
                    line,
                });
            }
            _ => ann.ignored.push(line),
        }
    }
    Ok(ann)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_across_a_line_break_is_two_fragments() {
        let text = "ab\ncd";
        let index = CharIndex::new(text);
        let map = BratText::new(text);
        assert_eq!(
            text_bound(&index, &map, 0..5),
            Some(("0 2;3 5".to_owned(), "ab cd".to_owned()))
        );
        assert_eq!(text_bound(&index, &map, 2..3), None);
        assert_eq!(text_bound(&index, &map, 1..2), Some(("1 2".to_owned(), "b".to_owned())));
        // After a CRLF pair, brat counts one character less.
        let text = "ab\r\ncd";
        let index = CharIndex::new(text);
        let map = BratText::new(text);
        assert_eq!(
            text_bound(&index, &map, 0..6),
            Some(("0 2;3 5".to_owned(), "ab cd".to_owned()))
        );
    }

    #[test]
    fn covered_text_is_the_articles_and_labels_and_notes_stay_on_their_line() {
        let text = "a\tb\u{1b}[2Jc\u{202e}d\ne";
        let mut store = Store::new();
        let e = store.add_entity("PER SON\u{1b}", 0..12, text).unwrap();
        store.set_note(&e, Some("line\nbreak\ttab")).unwrap();
        store.add_entity("ORG", 11..12, "e").unwrap();
        let exported = export(text, &store);
        assert_eq!(exported.altered, vec![e.clone()]);
        let lines: Vec<&str> = exported.ann.lines().collect();
        assert_eq!(lines[0], "T1\tPER_SON_ 0 10;11 12\ta\tb\u{1b}[2Jc\u{202e}d e");
        assert_eq!(lines[1], "#1\tAnnotatorNotes T1\tline break tab");
        let ann = parse(&exported.ann, Path::new("x.ann")).unwrap();
        assert_eq!(ann.spans[0].text, "a\tb\u{1b}[2Jc\u{202e}d e");
        assert_eq!(ann.spans.len(), 2);
    }

    #[test]
    fn parse_reads_every_kind_of_line() {
        let src = "T1\tPERSON 0 2;3 5\tab cd\nE1\tClaim:T2 Cue:T3 Source2:T1\nA1\tKind E1 direct\n#1\tAnnotatorNotes T1\tnote\nR1\tX Arg1:T1 Arg2:T2\n";
        let ann = parse(src, Path::new("x.ann")).unwrap();
        assert_eq!(ann.spans.len(), 1);
        assert_eq!((ann.spans[0].start, ann.spans[0].end), (0, 5));
        assert_eq!(ann.spans[0].fragments, vec![0..2, 3..5]);
        assert_eq!(ann.events[0].args[1], ("Source2", "T1"));
        assert_eq!(base_role(ann.events[0].args[1].0), "Source");
        assert_eq!(ann.attributes[0].value, Some("direct"));
        assert_eq!(ann.notes[0].text, "note");
        assert_eq!(ann.relations[0].args, vec![("Arg1", "T1"), ("Arg2", "T2")]);
        assert!(ann.ignored.is_empty());
    }

    #[test]
    fn bad_lines_are_named() {
        let err = parse("T1\tPERSON 0 2\tab\nT2\tPERSON x y\tab\n", Path::new("x.ann"));
        assert!(err.is_err_and(|e| e.to_string().starts_with("x.ann:2: ")));
    }
}
