//! `hashiya import --from brat`: brat annotations merged into the sidecars.
//!
//! Merging never loses work: an entity with the same span and label as one
//! already there is not added again (`=`); one with the same span and
//! another label is added beside it (`!`, both kept); a claim with the same
//! content span and cue as one already there is not added again. Spans out
//! of the article's range or empty are skipped (`-`). Everything added is
//! listed (`+`).
//!
//! Every `T` line's text must be the article's text at its offsets (its
//! fragments' texts joined by a space, as brat writes them), on the article
//! as brat reads it (`\r\n` as one character, see [`BratText`]). A line
//! whose text is not is refused (an error naming `file:line`, exit 1),
//! unless its text occurs exactly once in the article: then it is imported
//! there, with a warning naming the line (re-anchored by its text).
//!
//! Nothing is dropped silently: what is not an entity or a claim (relations,
//! other events, equivalences, attributes, normalizations, other notes) is
//! kept in the sidecar's `[[brat]]` tables ([`brat_preserved`]); fragments
//! that are apart are kept on their entity or claim (`fragments`); what
//! cannot be kept (a line on something not imported, a cue of no claim, a
//! line of no kind brat knows) is named in a warning.
//!
//! Linear (or n log n) in the `.ann` file and the store: lookups by brat id
//! and notes and attributes by target go through hash maps built once,
//! annotations by span through the store's own index, the searches for
//! misplaced texts share a search budget, and no undo history is kept.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::ops::Range;

use std::io::Write;
use std::path::{Path, PathBuf};

use super::brat::{
    Ann, CLAIM, CUE, CUE_ROLE, Event, KIND_ATTRIBUTE, NOTE, Note, SOURCE_ROLE, SOURCE_TEXT_NOTE,
    TextBound, base_role, label_of_type,
};
use super::brat_preserved::{self, Preserver};
use super::brat_text::{BratText, brat_view};
use super::check::quote;
use super::corpus::Progress;
use super::{Outcome, ReviewError};
use crate::annotate::anchor::{CharIndex, Occurrences, SearchBudget};
use crate::annotate::{
    Annotation, Author, ClaimKind, Claimant, Cue, IdScheme, Store, StoreError, load, save,
    sidecar_path,
};
use crate::limits::{Input, read_file_to_string};
use crate::text::load::read_article;
use crate::text::safe::Line;

/// What merging did, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Annotations added.
    pub added: usize,
    /// Annotations already there, not added again.
    pub identical: usize,
    /// Added beside an annotation with the same span and other content.
    pub conflicts: usize,
    /// Not imported (bad span, unknown claimant…).
    pub skipped: usize,
    /// `T` lines refused because their text is not the article's text.
    pub refused: usize,
    /// Lines Hashiya has no model for, kept in the sidecar's `[[brat]]`
    /// tables (new ones; those already there count as `identical`).
    pub kept: usize,
}

/// The report of one merge: a line per annotation, and the counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// `+ e3 PERSON 16..25 "…"` lines.
    pub lines: Vec<String>,
    /// `file:line: …` errors: `T` lines refused (each makes the import unclean).
    pub errors: Vec<String>,
    /// `file:line: …` warnings: `T` lines imported elsewhere than their
    /// offsets say, and lines left out (each named).
    pub warnings: Vec<String>,
    /// Counts.
    pub counts: Counts,
    /// Knowledge-base links (brat `N` lines on entities) to lift into
    /// links to canonical entities ([`super::brat_links::lift`]).
    pub links: Vec<super::brat_links::KbLink>,
}

fn store_error(e: &StoreError) -> String {
    e.to_string()
}

/// Where a `T` line goes in the article, or why it goes nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// At this span (Hashiya's offsets), with its fragments when they are
    /// apart (something other than a line break between them).
    At(Range<usize>, Vec<Range<usize>>),
    /// Skipped: empty, or past the end of the article.
    Bad(String),
    /// Refused: its text is not the article's text there.
    Refused,
}

/// A claim event with its first `Cue` and `Source` arguments.
struct EventArgs<'s> {
    event: &'s Event<'s>,
    cue: Option<&'s str>,
    source: Option<&'s str>,
}

/// The `.ann` file indexed by id and target (the first line of each wins,
/// as a scan from the top would find it).
struct Lookup<'s> {
    /// brat id → index in `ann.spans`.
    spans: HashMap<&'s str, usize>,
    /// Trigger id → its first `Claim` event.
    events: HashMap<&'s str, EventArgs<'s>>,
    /// Triggers of events that are not claims: not entities.
    other_triggers: HashSet<&'s str>,
    /// (target, note type) → the first such note.
    notes: HashMap<(&'s str, &'s str), &'s Note<'s>>,
    /// Target → index in `ann.attributes` of its first `Kind` attribute.
    kinds: HashMap<&'s str, usize>,
}

impl<'s> Lookup<'s> {
    fn new(ann: &'s Ann<'s>) -> Self {
        let mut spans = HashMap::with_capacity(ann.spans.len());
        for (i, t) in ann.spans.iter().enumerate() {
            spans.entry(t.id).or_insert(i);
        }
        let mut events = HashMap::with_capacity(ann.events.len());
        let mut other_triggers = HashSet::new();
        for event in &ann.events {
            if event.kind != CLAIM {
                other_triggers.insert(event.trigger);
                continue;
            }
            events.entry(event.trigger).or_insert_with(|| {
                let arg =
                    |role: &str| event.args.iter().find(|(r, _)| base_role(r) == role).map(|a| a.1);
                EventArgs { event, cue: arg(CUE_ROLE), source: arg(SOURCE_ROLE) }
            });
        }
        let mut notes = HashMap::with_capacity(ann.notes.len());
        for n in &ann.notes {
            notes.entry((n.target, n.kind)).or_insert(n);
        }
        let mut kinds = HashMap::new();
        for (i, a) in ann.attributes.iter().enumerate() {
            if a.name == KIND_ATTRIBUTE {
                kinds.entry(a.target).or_insert(i);
            }
        }
        Self { spans, events, other_triggers, notes, kinds }
    }

    fn note(&self, target: &str, kind: &str) -> Option<&'s Note<'s>> {
        self.notes.get(&(target, kind)).copied()
    }
}

/// Merges the brat annotations `ann` of the article `text` into `store`.
pub fn merge(store: &mut Store, text: &str, ann: &Ann<'_>) -> Merged {
    let index = CharIndex::new(text);
    let mut merged = Merged::default();
    let places = place_all(text, ann, &mut merged);
    let scheme = store.id_scheme().clone();
    let preserver = Preserver::new(&store.file_extra().top, scheme);
    let mut state = Merger {
        store,
        index,
        ann,
        lookup: Lookup::new(ann),
        places,
        merged,
        refs: HashMap::new(),
        used: HashSet::new(),
        preserver,
    };
    // Entities first, so that claims can name them.
    for (i, t) in ann.spans.iter().enumerate() {
        if t.kind != CLAIM && t.kind != CUE && !state.lookup.other_triggers.contains(t.id) {
            state.entity(i, t);
        }
    }
    for (i, t) in ann.spans.iter().enumerate() {
        if t.kind == CLAIM && !state.lookup.other_triggers.contains(t.id) {
            state.claim(i, t);
        }
    }
    state.keep_the_rest();
    let Merger { store, preserver, mut merged, .. } = state;
    merged.counts.kept = preserver.added;
    merged.counts.identical += preserver.identical;
    let mut extra = store.file_extra().clone();
    preserver.finish(&mut extra.top);
    if &extra != store.file_extra() {
        store.set_file_extra(extra);
    }
    merged
}

/// True when `gap` (between two fragments, in brat's text) holds nothing
/// but line breaks: the fragments are one span cut at line breaks, as brat
/// (and Hashiya's export) writes a span across lines.
fn only_line_breaks(gap: &str) -> bool {
    gap.chars().all(|c| c == '\n')
}

/// Where every `T` line goes: its offsets when its text is the article's
/// text there; else where its text occurs, if exactly once (a warning);
/// else nowhere (an error). Offsets and texts are brat's, on the article
/// as brat reads it (see [`BratText`]); the places are in Hashiya's
/// offsets. Messages go to `merged`, in file order.
fn place_all(text: &str, ann: &Ann<'_>, merged: &mut Merged) -> Vec<Place> {
    let file = ann.path.display();
    let map = BratText::new(text);
    let seen_text = brat_view(text);
    let index = CharIndex::new(&seen_text);
    let chars = index.len();
    let mut budget = SearchBudget::for_text(index.text_len());
    let mut seen: HashMap<&str, Occurrences> = HashMap::new();
    let mut places = Vec::with_capacity(ann.spans.len());
    for t in &ann.spans {
        let what = format!("{} {} {}..{}", t.id, t.kind, t.start, t.end);
        if t.start >= t.end || t.fragments.iter().any(|f| f.start >= f.end) {
            places.push(Place::Bad(format!("empty span {}..{}", t.start, t.end)));
            continue;
        }
        if t.end > chars {
            places.push(Place::Bad(format!(
                "{}..{} is past the end of the article ({chars} chars as brat counts them)",
                t.start, t.end
            )));
            continue;
        }
        let actual = t.expected_text(&index).unwrap_or_default();
        if t.says(&actual) {
            let mut parts = t.fragments.clone();
            parts.sort_by_key(|f| f.start);
            let apart = parts.windows(2).any(|w| {
                w[0].end > w[1].start
                    || !index.slice(w[0].end..w[1].start).is_some_and(only_line_breaks)
            });
            let fragments = if apart {
                parts.into_iter().map(|f| map.range_from_brat(f)).collect()
            } else {
                Vec::new()
            };
            places.push(Place::At(map.range_from_brat(t.start..t.end), fragments));
            continue;
        }
        let found = *seen.entry(t.text).or_insert_with(|| index.occurrences(t.text, &mut budget));
        let mismatch = format!(
            "{file}:{}: {what}: the text {} is not the article's text there, {}",
            t.line,
            quote(t.text),
            quote(&actual)
        );
        if let Occurrences::Once(at) = found {
            let range = at..at + t.text.chars().count();
            let ours = map.range_from_brat(range.clone());
            let moved = if ours == range {
                String::new()
            } else {
                format!(" ({}..{} in the file as Hashiya counts it)", ours.start, ours.end)
            };
            merged.warnings.push(format!(
                "{mismatch}; it occurs once in the article, at {}..{}{moved}: imported there (re-anchored by its text)",
                range.start, range.end
            ));
            places.push(Place::At(ours, Vec::new()));
            continue;
        }
        let why = match found {
            _ if t.text.is_empty() => "the line gives no text (brat writes it after a tab)",
            Occurrences::None => "it is nowhere in the article",
            Occurrences::Many => "it occurs more than once in the article",
            Occurrences::Unknown | Occurrences::Once(_) => {
                "not searched for (too many misplaced lines in this file)"
            }
        };
        merged.errors.push(format!("{mismatch}; {why}: line not imported"));
        places.push(Place::Refused);
    }
    places
}

/// A `T` line's span, its fragments when apart, and its text.
type Covered<'a> = (Range<usize>, Vec<Range<usize>>, &'a str);

/// The state of one merge.
struct Merger<'a, 's> {
    store: &'a mut Store,
    index: CharIndex<'a>,
    ann: &'s Ann<'s>,
    lookup: Lookup<'s>,
    /// Where each `T` line goes (by index in `ann.spans`).
    places: Vec<Place>,
    merged: Merged,
    /// brat id → our id: entities (`T`), claims (their `T` and `E`), kept tables.
    refs: HashMap<&'s str, String>,
    /// Lines taken into entities and claims (1-based numbers).
    used: HashSet<usize>,
    /// The kept brat tables.
    preserver: Preserver,
}

impl<'a, 's> Merger<'a, 's> {
    /// The span, fragments and text of `T` line `i`, or the line to report instead.
    fn covered(&mut self, i: usize, t: &TextBound<'_>) -> Option<Covered<'a>> {
        match &self.places[i] {
            Place::At(range, fragments) => {
                Some((range.clone(), fragments.clone(), self.index.slice(range.clone())?))
            }
            Place::Bad(why) => {
                let line = format!("- {} {}: skipped: {why}", t.id, t.kind);
                self.skip(line);
                None
            }
            Place::Refused => {
                self.merged.counts.refused += 1;
                let line = format!(
                    "- {} {}: refused: its text is not the article's (see the error)",
                    t.id, t.kind
                );
                self.merged.lines.push(line);
                None
            }
        }
    }

    fn skip(&mut self, line: String) {
        self.merged.counts.skipped += 1;
        self.merged.lines.push(line);
    }

    fn warn(&mut self, line: usize, message: &str) {
        let file = self.ann.path.display();
        self.merged.warnings.push(format!("{file}:{line}: {message}"));
    }

    /// The `fragments` value of a span, if apart.
    fn fragments_value(fragments: &[Range<usize>]) -> Option<toml::Value> {
        (fragments.len() >= 2).then(|| brat_preserved::fragments_value(fragments))
    }

    fn entity(&mut self, i: usize, t: &'s TextBound<'s>) {
        self.used.insert(t.line);
        let Some((range, fragments, text)) = self.covered(i, t) else { return };
        let label = label_of_type(t.kind);
        let what = format!("{label} {}..{} {:?}", range.start, range.end, text);
        let parts = Self::fragments_value(&fragments);
        let note = self.lookup.note(t.id, NOTE);
        let mut there = self.store.entities_with_span(range.clone());
        let rival = there.next();
        let same = rival
            .into_iter()
            .chain(there)
            .find(|e| e.label == label && e.extra.get(brat_preserved::FRAGMENTS) == parts.as_ref());
        if let Some((id, old_note)) = same.map(|e| (e.id.clone(), e.note.clone())) {
            self.merged.counts.identical += 1;
            self.merged.lines.push(format!("= {what}: already there as {id}"));
            if let Some(n) = note.filter(|n| old_note.as_deref() == Some(n.text)) {
                self.used.insert(n.line);
            }
            self.refs.insert(t.id, id);
            return;
        }
        let rival = rival.map(|e| format!("{} {}", e.id, e.label));
        match self.store.add_entity(label, range, text) {
            Ok(id) => {
                if let Some(n) = note {
                    let _ = self.store.set_note(&id, Some(n.text));
                    self.used.insert(n.line);
                }
                if let Some(parts) = parts {
                    if let Some(mut entity) = self.store.entity(&id).cloned() {
                        entity.extra.insert(brat_preserved::FRAGMENTS.to_owned(), parts);
                        self.store.set_untracked(&id, Some(Annotation::Entity(entity)));
                    }
                }
                self.store.clear_history();
                let apart = if fragments.len() >= 2 {
                    format!(" in {} fragments", fragments.len())
                } else {
                    String::new()
                };
                let line = if let Some(rival) = rival {
                    self.merged.counts.conflicts += 1;
                    format!("! {id} {what}{apart}: added beside {rival} (same span): both kept")
                } else {
                    self.merged.counts.added += 1;
                    format!("+ {id} {what}{apart}")
                };
                self.merged.lines.push(line);
                self.refs.insert(t.id, id);
            }
            Err(e) => self.skip(format!("- {} {what}: skipped: {}", t.id, store_error(&e))),
        }
    }

    /// The cue, claimant, kind and note of claim `t` from its event, with
    /// what had to be left out; marks the lines it takes as used.
    fn claim_parts(&mut self, t: &TextBound<'_>) -> ClaimParts {
        let ann = self.ann;
        let args = self.lookup.events.get(t.id);
        let event = args.map(|a| a.event);
        let mut problems = Vec::new();
        if let Some(e) = event {
            self.used.insert(e.line);
            for (role, target) in &e.args {
                let role = base_role(role);
                if (role != CUE_ROLE || Some(*target) != args.and_then(|a| a.cue))
                    && (role != SOURCE_ROLE || Some(*target) != args.and_then(|a| a.source))
                {
                    problems.push(format!("argument {role}:{target} of {} left out", e.id));
                }
            }
        }
        let cue = args.and_then(|a| a.cue).and_then(|id| {
            let at = self.lookup.spans.get(id).copied();
            if let Some(i) = at {
                self.used.insert(ann.spans[i].line);
            }
            match at.map(|i| &self.places[i]) {
                Some(Place::At(range, fragments)) => {
                    if fragments.len() >= 2 {
                        problems.push(format!("cue {id} in fragments: taken as one span"));
                    }
                    Some(Cue::new(range.clone(), self.index.slice(range.clone())?))
                }
                Some(Place::Bad(why)) => {
                    problems.push(format!("cue {id} left out: {why}"));
                    None
                }
                Some(Place::Refused) => {
                    problems.push(format!("cue {id} left out: its text is not the article's"));
                    None
                }
                None => {
                    problems.push(format!("cue {id} left out: no such span"));
                    None
                }
            }
        });
        let claimant = if let Some(id) = args.and_then(|a| a.source) {
            if let Some(entity) = self.refs.get(id) {
                Some(Claimant::Entity(entity.clone()))
            } else {
                problems.push(format!("claimant {id} left out: not an imported entity"));
                None
            }
        } else {
            let note = event
                .and_then(|e| self.lookup.note(e.id, SOURCE_TEXT_NOTE))
                .or_else(|| self.lookup.note(t.id, SOURCE_TEXT_NOTE));
            note.map(|n| {
                self.used.insert(n.line);
                Claimant::Text(n.text.to_owned())
            })
        };
        // The first `Kind` attribute in the file on the claim or its event.
        let on_trigger = self.lookup.kinds.get(t.id);
        let on_event = event.and_then(|e| self.lookup.kinds.get(e.id));
        let first = on_trigger.into_iter().chain(on_event).min().map(|&i| &ann.attributes[i]);
        let kind = match first {
            Some(a) => match a.value.and_then(|v| v.parse::<ClaimKind>().ok()) {
                Some(kind) => {
                    self.used.insert(a.line);
                    kind
                }
                None => ClaimKind::default(),
            },
            None => ClaimKind::default(),
        };
        // The note: on the event (as brat requires), else on its trigger.
        let note = event
            .and_then(|e| self.lookup.note(e.id, NOTE))
            .or_else(|| self.lookup.note(t.id, NOTE));
        if let Some(n) = note {
            self.used.insert(n.line);
        }
        ClaimParts { cue, claimant, kind, note: note.map(|n| n.text.to_owned()), problems }
    }

    fn claim(&mut self, i: usize, t: &'s TextBound<'s>) {
        self.used.insert(t.line);
        let Some((range, fragments, text)) = self.covered(i, t) else { return };
        let what = format!("claim {}..{} {:?}", range.start, range.end, text);
        let ClaimParts { cue, claimant, kind, note, problems } = self.claim_parts(t);
        let event_id = self.lookup.events.get(t.id).map(|a| a.event.id);
        let cue_range = cue.as_ref().map(Cue::range);
        let mut there = self.store.claims_with_span(range.clone());
        let rival = there.next();
        let same =
            rival.into_iter().chain(there).find(|c| c.cue.as_ref().map(Cue::range) == cue_range);
        if let Some(c) = same {
            let id = c.id.clone();
            let line = format!("= {what}: already there as {id}");
            self.merged.counts.identical += 1;
            self.merged.lines.push(line);
            self.refs.insert(t.id, id.clone());
            if let Some(e) = event_id {
                self.refs.insert(e, id);
            }
            return;
        }
        let rival = rival.map(|c| c.id.clone());
        let id = match self.store.add_claim(range, text) {
            Ok(id) => id,
            Err(e) => {
                return self.skip(format!("- {} {what}: skipped: {}", t.id, store_error(&e)));
            }
        };
        let _ = self.store.set_kind(&id, kind);
        if cue.is_some() {
            let _ = self.store.set_cue(&id, cue);
        }
        if claimant.is_some() {
            let _ = self.store.set_claimant(&id, claimant);
        }
        if note.is_some() {
            let _ = self.store.set_note(&id, note.as_deref());
        }
        if let Some(parts) = Self::fragments_value(&fragments) {
            if let Some(mut claim) = self.store.claim(&id).cloned() {
                claim.extra.insert(brat_preserved::FRAGMENTS.to_owned(), parts);
                self.store.set_untracked(&id, Some(Annotation::Claim(claim)));
            }
        }
        self.store.clear_history();
        let mut line = if let Some(rival) = rival {
            self.merged.counts.conflicts += 1;
            format!("! {id} {what}: added beside {rival} (same span, other cue): both kept")
        } else {
            self.merged.counts.added += 1;
            format!("+ {id} {what}")
        };
        for p in problems {
            let _ = write!(line, "; {p}");
        }
        self.merged.lines.push(line);
        self.refs.insert(t.id, id.clone());
        if let Some(e) = event_id {
            self.refs.insert(e, id);
        }
    }

    /// Keeps `table` (the brat line `line`, id `brat_id`) as a `[[brat]]`
    /// table, and reports it.
    fn keep(&mut self, brat_id: Option<&'s str>, line: usize, table: toml::Table, what: &str) {
        let (id, new) = self.preserver.put(table);
        if new {
            self.merged.lines.push(format!("+ {id} {what}: kept as brat data (line {line})"));
        } else {
            self.merged.lines.push(format!("= {what}: already kept as {id}"));
        }
        if let Some(b) = brat_id {
            self.refs.insert(b, id);
        }
    }

    /// Our ids for brat ids `ids`, or the first that has none.
    fn resolve(&self, ids: &[&'s str]) -> Result<Vec<String>, &'s str> {
        ids.iter().map(|b| self.refs.get(b).cloned().ok_or(*b)).collect()
    }

    /// Every line not taken into an entity or a claim: kept as a `[[brat]]`
    /// table naming our ids, or, when what it is on was not imported, named
    /// in a warning. Targets come before what is on them: triggers, events
    /// (an event before the events that name it), relations, equivalences,
    /// attributes, normalizations, notes.
    fn keep_the_rest(&mut self) {
        use brat_preserved::{Kind, set_span, table};
        let ann = self.ann;
        for line in &ann.ignored {
            self.warn(
                *line,
                "not a brat annotation (the id names no kind brat knows): line left out",
            );
        }
        for (i, t) in ann.spans.iter().enumerate() {
            if self.used.contains(&t.line) {
                continue;
            }
            if t.kind == CUE && !self.lookup.other_triggers.contains(t.id) {
                self.warn(
                    t.line,
                    &format!("{} {CUE}: the cue of no claim event: line left out", t.id),
                );
                continue;
            }
            let Some((range, fragments, text)) = self.covered(i, t) else { continue };
            let mut tb = table(Kind::Trigger, t.kind);
            set_span(&mut tb, range.clone(), text, &fragments);
            let what = format!("trigger {} {}..{}", t.kind, range.start, range.end);
            self.keep(Some(t.id), t.line, tb, &what);
        }
        self.keep_events();
        self.keep_lines();
    }

    /// Events other than claims, each after the events it names (Kahn's order).
    fn keep_events(&mut self) {
        use brat_preserved::{Kind, set, set_args, table};
        let ann = self.ann;
        let events: Vec<&'s Event<'s>> =
            ann.events.iter().filter(|e| !self.used.contains(&e.line)).collect();
        let index: HashMap<&str, usize> =
            events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        let mut waiting = vec![0usize; events.len()];
        let mut named_by: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
        for (i, e) in events.iter().enumerate() {
            for (_, target) in &e.args {
                if let Some(&j) = index.get(target) {
                    if j != i {
                        waiting[i] += 1;
                        named_by[j].push(i);
                    }
                }
            }
        }
        let mut ready: VecDeque<usize> = (0..events.len()).filter(|&i| waiting[i] == 0).collect();
        let mut done = vec![false; events.len()];
        while let Some(i) = ready.pop_front() {
            done[i] = true;
            let e = events[i];
            let mut ids = vec![e.trigger];
            ids.extend(e.args.iter().map(|a| a.1));
            match self.resolve(&ids) {
                Ok(ours) => {
                    let mut tb = table(Kind::Event, e.kind);
                    set(&mut tb, "trigger", &ours[0]);
                    let args: Vec<(String, String)> = e
                        .args
                        .iter()
                        .zip(&ours[1..])
                        .map(|((role, _), id)| ((*role).to_owned(), id.clone()))
                        .collect();
                    set_args(&mut tb, "args", &args);
                    self.keep(Some(e.id), e.line, tb, &format!("event {}", e.kind));
                }
                Err(missing) => self.left_out(e.line, e.id, missing),
            }
            for &j in &named_by[i] {
                waiting[j] -= 1;
                if waiting[j] == 0 {
                    ready.push_back(j);
                }
            }
        }
        for (i, e) in events.iter().enumerate() {
            if !done[i] {
                self.warn(
                    e.line,
                    &format!(
                        "{} {}: its events name each other in a cycle: line left out",
                        e.id, e.kind
                    ),
                );
            }
        }
    }

    /// Lifts brat relation `r` into a relation of the store when it is one:
    /// two arguments `Arg1` and `Arg2`, both imported entities (its
    /// `AnnotatorNotes` note becomes its note). False when it is not one
    /// (it is then kept as brat data).
    fn lift_relation(&mut self, r: &'s super::brat::Relation<'s>) -> bool {
        use super::brat::{ARG1, ARG2};
        use crate::annotate::keys::{FROM, NOTE as NOTE_KEY, TO};
        let arg = |role: &str| r.args.iter().find(|(k, _)| *k == role).map(|(_, t)| *t);
        let (2, Some(a), Some(b)) = (r.args.len(), arg(ARG1), arg(ARG2)) else { return false };
        let (Some(from), Some(to)) = (self.refs.get(a).cloned(), self.refs.get(b).cloned()) else {
            return false;
        };
        if self.store.entity(&from).is_none() || self.store.entity(&to).is_none() {
            return false;
        }
        let what = format!("relation {} {from} → {to}", r.kind);
        let same =
            self.store.records_of_kind(crate::annotate::kinds::RELATION).into_iter().find(|x| {
                x.label() == Some(r.kind)
                    && x.text_of(FROM) == Some(from.as_str())
                    && x.text_of(TO) == Some(to.as_str())
            });
        if let Some(x) = same {
            let id = x.id.clone();
            self.merged.counts.identical += 1;
            self.merged.lines.push(format!("= {what}: already there as {id}"));
            self.refs.insert(r.id, id);
            return true;
        }
        match self.store.add_relation(r.kind, &from, &to) {
            Ok(id) => {
                if let Some(n) = self.lookup.note(r.id, NOTE) {
                    self.used.insert(n.line);
                    let note = Some(crate::annotate::kinds::Value::Text(n.text.to_owned()));
                    let _ = self.store.set_field(&id, NOTE_KEY, note);
                }
                self.store.clear_history();
                self.merged.counts.added += 1;
                self.merged.lines.push(format!("+ {id} {what}"));
                self.refs.insert(r.id, id);
                true
            }
            Err(_) => false,
        }
    }

    /// Relations, equivalences, attributes, normalizations and notes.
    fn keep_lines(&mut self) {
        use brat_preserved::{Kind, set, set_args, set_list, table};
        let ann = self.ann;
        for r in &ann.relations {
            if self.lift_relation(r) {
                continue;
            }
            let ids: Vec<&str> = r.args.iter().map(|a| a.1).collect();
            match self.resolve(&ids) {
                Ok(ours) => {
                    let mut tb = table(Kind::Relation, r.kind);
                    let args: Vec<(String, String)> = r
                        .args
                        .iter()
                        .zip(ours)
                        .map(|((role, _), id)| ((*role).to_owned(), id))
                        .collect();
                    set_args(&mut tb, "args", &args);
                    self.keep(Some(r.id), r.line, tb, &format!("relation {}", r.kind));
                }
                Err(missing) => self.left_out(r.line, r.id, missing),
            }
        }
        for q in &ann.equivalences {
            match self.resolve(&q.members) {
                Ok(ours) => {
                    let mut tb = table(Kind::Equivalence, q.kind);
                    set_list(&mut tb, "members", &ours);
                    self.keep(None, q.line, tb, &format!("equivalence {}", q.kind));
                }
                Err(missing) => self.left_out(q.line, "*", missing),
            }
        }
        for a in &ann.attributes {
            if self.used.contains(&a.line) {
                continue;
            }
            match self.resolve(&[a.target]) {
                Ok(ours) => {
                    let kind = if a.id.starts_with('M') { Kind::Modifier } else { Kind::Attribute };
                    let mut tb = table(kind, a.name);
                    set(&mut tb, "target", &ours[0]);
                    if let Some(v) = a.value {
                        set(&mut tb, "value", v);
                    }
                    self.keep(Some(a.id), a.line, tb, &format!("{} {}", kind.name(), a.name));
                }
                Err(missing) => self.left_out(a.line, a.id, missing),
            }
        }
        for n in &ann.normalizations {
            match self.resolve(&[n.target]) {
                Ok(ours) => {
                    let kb = super::brat_links::wikidata(n.reference);
                    if let Some(kb_id) = kb.filter(|_| self.store.entity(&ours[0]).is_some()) {
                        self.merged.links.push(super::brat_links::KbLink {
                            entity: ours[0].clone(),
                            kb_id: kb_id.to_owned(),
                            name: n.text.to_owned(),
                        });
                        continue;
                    }
                    let mut tb = table(Kind::Normalization, n.kind);
                    set(&mut tb, "target", &ours[0]);
                    set(&mut tb, "ref", n.reference);
                    set(&mut tb, "text", n.text);
                    self.keep(Some(n.id), n.line, tb, &format!("normalization {}", n.reference));
                }
                Err(missing) => self.left_out(n.line, n.id, missing),
            }
        }
        for n in &ann.notes {
            if self.used.contains(&n.line) {
                continue;
            }
            match self.resolve(&[n.target]) {
                Ok(ours) => {
                    let mut tb = table(Kind::Note, n.kind);
                    set(&mut tb, "target", &ours[0]);
                    set(&mut tb, "text", n.text);
                    self.keep(Some(n.id), n.line, tb, &format!("note {}", n.kind));
                }
                Err(missing) => self.left_out(n.line, n.id, missing),
            }
        }
    }

    /// Warns that line `line` (brat id `id`) is left out because `missing`
    /// was not imported.
    fn left_out(&mut self, line: usize, id: &str, missing: &str) {
        self.warn(
            line,
            &format!("{id}: it names {missing}, which was not imported: line left out"),
        );
    }
}

/// What a claim takes from its event and notes.
struct ClaimParts {
    cue: Option<Cue>,
    claimant: Option<Claimant>,
    kind: ClaimKind,
    note: Option<String>,
    problems: Vec<String>,
}

/// Imports the brat annotations beside each article of `articles`
/// (`x.txt` → `x.ann`) into its sidecar (`x.txt.ann.toml`), merging with what
/// is there; with `dry_run`, only says what it would do. Writes a line per
/// annotation to `out`. An article that cannot be imported is named on
/// standard error and counted as a problem; the others go on. What is
/// added gets ids unique without coordination and records `author` (as
/// `by`) when given.
pub fn run(
    articles: &[PathBuf],
    dry_run: bool,
    author: Option<&Author>,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    each_article(articles, dry_run, "line(s)", out, |article| import_one(article, dry_run, author))
}

/// The import loop of every format: imports each article with `one`
/// (the merge and whether the sidecar was written), prints its lines and
/// counts through the sanitiser, and sums them up. `refused_what` names
/// what a refusal is about (`line(s)`, `span(s)`).
pub(super) fn each_article(
    articles: &[PathBuf],
    dry_run: bool,
    refused_what: &str,
    out: &mut dyn Write,
    mut one: impl FnMut(&Path) -> Result<(Merged, bool), ReviewError>,
) -> Result<Outcome, ReviewError> {
    let mut progress = Progress::new(articles.len());
    let mut total = Counts::default();
    let (mut problems, mut not_imported) = (0, 0);
    for (i, article) in articles.iter().enumerate() {
        progress.step(i, &article.display().to_string());
        match one(article) {
            Ok((merged, wrote)) => {
                for warning in &merged.warnings {
                    progress.note(&format!("hashiya: warning: {warning}"));
                }
                for error in &merged.errors {
                    progress.note(&format!("hashiya: error: {error}"));
                }
                problems += merged.errors.len();
                progress.clear();
                // Every line shown as one line, whatever the brat file, the
                // sidecar or the file name hold.
                let name = article.display().to_string();
                let name = Line(&name);
                let mut text = String::new();
                for line in &merged.lines {
                    let _ = writeln!(text, "{name}: {}", Line(line));
                }
                let c = merged.counts;
                let done = match (dry_run, wrote) {
                    (true, _) => "dry run: nothing written".to_owned(),
                    (false, true) => {
                        format!("wrote {}", Line(&sidecar_path(article).display().to_string()))
                    }
                    (false, false) => "sidecar unchanged".to_owned(),
                };
                let mut refused =
                    if c.refused > 0 { format!(", {} refused", c.refused) } else { String::new() };
                if c.kept > 0 {
                    let _ = write!(refused, ", {} kept as brat data", c.kept);
                }
                let _ = writeln!(
                    text,
                    "{name}: {} added, {} already there, {} conflicts kept, {} skipped{refused}; {done}",
                    c.added, c.identical, c.conflicts, c.skipped
                );
                out.write_all(text.as_bytes()).map_err(ReviewError::Output)?;
                total.added += c.added;
                total.identical += c.identical;
                total.conflicts += c.conflicts;
                total.skipped += c.skipped;
                total.refused += c.refused;
                total.kept += c.kept;
            }
            Err(e) => {
                not_imported += 1;
                progress.note(&format!("hashiya: not imported: {e}"));
            }
        }
    }
    out.flush().map_err(ReviewError::Output)?;
    let summary = format!(
        "{} article(s): {} added, {} already there, {} conflicts kept, {} skipped{}{}{}{}",
        articles.len() - not_imported,
        total.added,
        total.identical,
        total.conflicts,
        total.skipped,
        if total.kept > 0 { format!(", {} kept as brat data", total.kept) } else { String::new() },
        if total.refused > 0 {
            format!("; {} {refused_what} refused (their text is not the article's)", total.refused)
        } else {
            String::new()
        },
        if not_imported > 0 { format!("; {not_imported} not imported") } else { String::new() },
        if dry_run { " (dry run)" } else { "" },
    );
    Ok(Outcome { problems: problems + not_imported, summary: Some(summary) })
}

/// Imports one article's `.ann`; returns the merge and whether the sidecar was written.
fn import_one(
    article: &Path,
    dry_run: bool,
    author: Option<&Author>,
) -> Result<(Merged, bool), ReviewError> {
    into_sidecar(
        article,
        dry_run,
        author,
        |article, _| {
            let ann_path = article.with_extension("ann");
            let source = read_file_to_string(&ann_path, Input::Data)
                .map_err(|e| ReviewError::io(&ann_path, e))?;
            Ok((ann_path, source))
        },
        |store, text, (ann_path, source)| {
            let mut merged = merge(store, text, &super::brat::parse(source, ann_path)?);
            let links = std::mem::take(&mut merged.links);
            let lifted = super::brat_links::lift_in_folder(store, article, &links, dry_run)?;
            merged.lines.extend(lifted);
            Ok(merged)
        },
    )
}

/// One article's import, whatever the format: reads the article, the
/// other tool's file for it (`read`), then its sidecar; merges the file's
/// annotations in (`merge_in`, which parses what `read` could not keep
/// borrowed; new ids unique, made by `author`) and saves unless
/// `dry_run`. Returns the merge and whether the sidecar was written.
pub(super) fn into_sidecar<T>(
    article: &Path,
    dry_run: bool,
    author: Option<&Author>,
    read: impl FnOnce(&Path, &str) -> Result<T, ReviewError>,
    merge_in: impl FnOnce(&mut Store, &str, &T) -> Result<Merged, ReviewError>,
) -> Result<(Merged, bool), ReviewError> {
    if !super::corpus::is_article(article) {
        return Err(ReviewError::NotAnArticle(article.to_path_buf()));
    }
    let text = read_article(article)?;
    let incoming = read(article, &text)?;
    let sidecar = sidecar_path(article);
    let mut store = load(&sidecar, &text)?.store;
    store.set_id_scheme(IdScheme::unique());
    store.set_author(author.cloned());
    let merged = merge_in(&mut store, &text, &incoming)?;
    let wrote = if dry_run { false } else { save(&sidecar, &store, text.as_bytes())? };
    Ok((merged, wrote))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::brat::{export, parse};
    use std::path::Path;

    const TEXT: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.";

    fn sample() -> Store {
        let mut s = Store::new();
        let e = s.add_entity("PERSON", 16..25, "لي شانغفو").unwrap();
        s.add_entity("ORG", 4..15, "وزير الدفاع").unwrap();
        let c = s.add_claim(29..41, "الصين مستعدة").unwrap();
        s.set_claimant(&c, Some(Claimant::Entity(e))).unwrap();
        s.set_cue(&c, Some(Cue::new(0..3, "قال"))).unwrap();
        s.set_kind(&c, ClaimKind::Mixed).unwrap();
        s.set_note(&c, Some("a note")).unwrap();
        s
    }

    #[test]
    fn export_then_merge_into_nothing_gives_the_same_annotations() {
        let original = sample();
        let exported = export(TEXT, &original).ann;
        let ann = parse(&exported, Path::new("x.ann")).unwrap();
        let mut fresh = Store::new();
        let merged = merge(&mut fresh, TEXT, &ann);
        assert_eq!(merged.counts, Counts { added: 3, ..Counts::default() }, "{:?}", merged.lines);
        let key = |s: &Store| {
            s.entities()
                .map(|e| (e.label.clone(), e.start, e.end, e.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&fresh), key(&original));
        let (a, b) = (original.claims().next().unwrap(), fresh.claims().next().unwrap());
        assert_eq!(
            (a.range(), &a.text, &a.cue, a.kind, &a.note),
            (b.range(), &b.text, &b.cue, b.kind, &b.note)
        );
        let who = |s: &Store, c: &crate::annotate::Claim| match &c.claimant {
            Some(Claimant::Entity(id)) => s.entity(id).map(|e| e.text.clone()),
            _ => None,
        };
        assert_eq!(who(&fresh, b), Some("لي شانغفو".to_owned()));
        // Merging again adds nothing.
        let again = merge(&mut fresh, TEXT, &ann);
        assert_eq!(again.counts, Counts { identical: 3, ..Counts::default() });
    }

    #[test]
    fn a_relabelled_span_is_kept_beside_and_bad_spans_skipped() {
        let mut store = sample();
        let ann =
            parse("T1\tGPE 16 25\tلي شانغفو\nT2\tPERSON 40 99\tx\n", Path::new("x.ann")).unwrap();
        let merged = merge(&mut store, TEXT, &ann);
        assert_eq!(merged.counts, Counts { conflicts: 1, skipped: 1, ..Counts::default() });
        assert_eq!(store.entities().filter(|e| e.range() == (16..25)).count(), 2);
    }

    #[test]
    fn a_t_line_whose_text_is_elsewhere_is_refused_naming_its_line() {
        // "الصين" is at 29..34, and "إن" (at 26..28) occurs once; "ا" many times.
        let ann = "T1\tGPE 29 34\tالصين\nT2\tPERSON 0 3\tبوتين\nT3\tGPE 4 5\tا\n";
        let ann = parse(ann, Path::new("x.ann")).unwrap();
        let mut store = Store::new();
        let merged = merge(&mut store, TEXT, &ann);
        assert_eq!(merged.counts, Counts { added: 1, refused: 2, ..Counts::default() });
        assert_eq!(merged.errors.len(), 2, "{:?}", merged.errors);
        assert!(
            merged.errors[0].starts_with(
                "x.ann:2: T2 PERSON 0..3: the text \"بوتين\" is not the article's text there, \"قال\"; it is nowhere"
            ),
            "{:?}",
            merged.errors
        );
        assert!(merged.errors[1].starts_with("x.ann:3: T3 GPE 4..5: "), "{:?}", merged.errors);
        assert!(merged.errors[1].contains("more than once"), "{:?}", merged.errors);
        let ann = parse("T1\tGPE 29 34\n", Path::new("x.ann")).unwrap();
        let merged = merge(&mut Store::new(), TEXT, &ann);
        assert!(merged.errors[0].contains("the line gives no text"), "{:?}", merged.errors);
        assert!(merged.warnings.is_empty());
        assert_eq!(store.len(), 1, "only the matching line is imported");
    }

    #[test]
    fn a_t_line_whose_text_occurs_once_is_imported_there_with_a_warning() {
        let ann = parse("T1\tPERSON 15 24\tلي شانغفو\n", Path::new("x.ann")).unwrap();
        let mut store = Store::new();
        let merged = merge(&mut store, TEXT, &ann);
        assert_eq!(merged.counts, Counts { added: 1, ..Counts::default() });
        assert!(merged.errors.is_empty());
        assert_eq!(merged.warnings.len(), 1);
        assert!(
            merged.warnings[0].starts_with("x.ann:1: T1 PERSON 15..24: "),
            "{:?}",
            merged.warnings
        );
        assert!(
            merged.warnings[0].ends_with("at 16..25: imported there (re-anchored by its text)"),
            "{:?}",
            merged.warnings
        );
        let e = store.entities().next().unwrap();
        assert_eq!((e.start, e.end, e.text.as_str()), (16, 25, "لي شانغفو"));
    }

    #[test]
    fn fragments_match_their_texts_joined_by_a_space() {
        let text = "ab\ncd\tef";
        let ann = parse("T1\tX 0 2;3 5\tab cd\nT2\tX 3 8\tcd ef\n", Path::new("x.ann")).unwrap();
        let mut store = Store::new();
        let merged = merge(&mut store, text, &ann);
        assert_eq!(merged.counts, Counts { added: 2, ..Counts::default() }, "{merged:?}");
        assert_eq!(store.entities().next().unwrap().text, "ab\ncd");
    }

    #[test]
    fn a_misplaced_cue_leaves_its_claim_without_a_cue() {
        let ann = "T1\tClaim 29 41\tالصين مستعدة\nT2\tCue 1 4\tقال\nE1\tClaim:T1 Cue:T2\n";
        let ann = parse(ann, Path::new("x.ann")).unwrap();
        let mut store = Store::new();
        let merged = merge(&mut store, TEXT, &ann);
        // "قال" occurs once: the cue is re-anchored to 0..3.
        assert_eq!(merged.warnings.len(), 1, "{merged:?}");
        let claim = store.claims().next().unwrap();
        assert_eq!(claim.cue.as_ref().map(Cue::range), Some(0..3));
    }

    /// The article of the construct tests, and a span of it by text.
    const ART: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة للحوار مع روسيا.\nوأضاف أن البحرية في الروسية ستزور بكين.\n";

    fn at(word: &str) -> String {
        let byte = ART.find(word).unwrap();
        let s = ART[..byte].chars().count();
        format!("{s} {}", s + word.chars().count())
    }

    /// Merges `lines` (after the two entity lines T1 PERSON, T2 GPE) into a
    /// fresh store: the store and the report.
    fn merge_lines(lines: &str) -> (Store, Merged) {
        let ann = format!(
            "T1\tPERSON {}\tلي شانغفو\nT2\tGPE {}\tالصين\n{lines}",
            at("لي شانغفو"),
            at("الصين")
        );
        let parsed = parse(&ann, Path::new("x.ann")).unwrap();
        let mut store = Store::new();
        store.set_id_scheme(IdScheme::seeded(7));
        let merged = merge(&mut store, ART, &parsed);
        (store, merged)
    }

    fn kept(store: &Store) -> Vec<toml::Table> {
        store
            .file_extra()
            .top
            .get(brat_preserved::KEY)
            .and_then(toml::Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
    }

    fn entity_id(store: &Store, label: &str) -> String {
        store.entities().find(|e| e.label == label).unwrap().id.clone()
    }

    #[test]
    fn a_relation_between_entities_is_lifted_and_other_relations_kept() {
        let (store, merged) = merge_lines(
            "R1\tLocatedIn Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tمؤكد\nR2\tNear Place:T1 Thing:T2\n",
        );
        let (person, gpe) = (entity_id(&store, "PERSON"), entity_id(&store, "GPE"));
        let relations = store.records_of_kind("relation");
        assert_eq!(relations.len(), 1, "{merged:?}");
        let r = relations[0];
        assert_eq!(r.label(), Some("LocatedIn"));
        assert_eq!(
            (r.text_of("from"), r.text_of("to")),
            (Some(person.as_str()), Some(gpe.as_str()))
        );
        assert_eq!(r.text_of("note"), Some("مؤكد"), "its note is lifted with it");
        assert!(merged.lines.iter().any(|l| l.contains("relation LocatedIn")), "{merged:?}");
        // Other roles than Arg1/Arg2: no model of ours, kept as brat data.
        assert_eq!(merged.counts.kept, 1, "{merged:?}");
        let k = &kept(&store)[0];
        assert_eq!(k["kind"].as_str(), Some("relation"));
        let args = toml::Value::Array(vec![
            toml::Value::Array(vec!["Place".into(), person.into()]),
            toml::Value::Array(vec!["Thing".into(), gpe.into()]),
        ]);
        assert_eq!(k["args"], args);
        assert!(merged.lines.iter().any(|l| l.contains("relation Near: kept as brat data")));
    }

    #[test]
    fn a_normalization_to_another_base_is_kept_with_its_reference_and_text() {
        let (store, merged) = merge_lines("N1\tReference T2 GeoNames:2077456\tالصين\n");
        assert_eq!(merged.counts.kept, 1);
        let k = &kept(&store)[0];
        assert_eq!(k["ref"].as_str(), Some("GeoNames:2077456"));
        assert_eq!(k["text"].as_str(), Some("الصين"));
        assert_eq!(k["target"].as_str(), Some(entity_id(&store, "GPE").as_str()));
    }

    #[test]
    fn a_wikidata_normalization_on_an_entity_is_lifted_into_a_link() {
        let (mut store, mut merged) = merge_lines("N1\tReference T2 Wikidata:Q148\tالصين\n");
        assert_eq!(merged.counts.kept, 0);
        let gpe = entity_id(&store, "GPE");
        assert_eq!(
            merged.links,
            [super::super::brat_links::KbLink {
                entity: gpe.clone(),
                kb_id: "Q148".into(),
                name: "الصين".into()
            }]
        );
        let mut registry = crate::corpus::Registry::new();
        let links = std::mem::take(&mut merged.links);
        super::super::brat_links::lift(&mut store, &mut registry, &links);
        let link = store.entity(&gpe).and_then(|e| e.link.clone()).unwrap();
        let canonical = registry.get(&link).unwrap();
        assert_eq!((canonical.name.as_str(), canonical.kind.as_str()), ("الصين", "GPE"));
        assert_eq!(canonical.kb_id.as_deref(), Some("Q148"));
        // Lifting again finds the entity by its knowledge-base id: nothing new.
        assert!(super::super::brat_links::lift(&mut store, &mut registry, &links).is_empty());
        assert_eq!(registry.len(), 1);
        // And the export writes the N line back.
        let ann = super::super::brat::export_with(ART, &store, &registry).ann;
        let n = ann.lines().find(|l| l.starts_with("N1\t")).unwrap_or_default();
        assert!(n.starts_with("N1\tReference T") && n.ends_with(" Wikidata:Q148\tالصين"), "{ann}");
    }

    #[test]
    fn an_equivalence_is_kept_with_its_members() {
        let (store, merged) = merge_lines("*\tAlias T1 T2\n");
        assert_eq!(merged.counts.kept, 1);
        let members = kept(&store)[0]["members"].clone();
        let ids = vec![entity_id(&store, "PERSON"), entity_id(&store, "GPE")];
        assert_eq!(members, toml::Value::Array(ids.into_iter().map(Into::into).collect()));
    }

    #[test]
    fn binary_and_valued_attributes_and_modifiers_are_kept() {
        let (store, merged) =
            merge_lines("A1\tNegated T1\nA2\tConfidence T2 high\nM1\tSpeculation T1\n");
        assert_eq!(merged.counts.kept, 3, "{merged:?}");
        let k = kept(&store);
        assert_eq!(k[0]["kind"].as_str(), Some("attribute"));
        assert!(k[0].get("value").is_none(), "binary: no value");
        assert_eq!(k[1]["value"].as_str(), Some("high"));
        assert_eq!(k[2]["kind"].as_str(), Some("modifier"));
    }

    #[test]
    fn another_event_keeps_its_trigger_out_of_the_entities() {
        let lines = format!(
            "T3\tVisit {}\tستزور\nE1\tVisit:T3 Agent:T1 Place:T2\nA1\tNegated E1\n",
            at("ستزور")
        );
        let (store, merged) = merge_lines(&lines);
        assert_eq!(store.entities().count(), 2, "the trigger is no entity");
        assert_eq!(merged.counts.kept, 3, "{merged:?}");
        let k = kept(&store);
        assert_eq!(k[0]["kind"].as_str(), Some("trigger"));
        assert_eq!(k[1]["kind"].as_str(), Some("event"));
        assert_eq!(k[1]["trigger"], k[0]["id"]);
        assert_eq!(k[2]["target"], k[1]["id"], "the attribute is on the kept event");
    }

    #[test]
    fn a_discontinuous_span_keeps_its_fragments() {
        let b = at("البحرية");
        let r = at("الروسية");
        let lines = format!("T3\tORG {b};{r}\tالبحرية الروسية\n");
        let (store, merged) = merge_lines(&lines);
        assert!(merged.warnings.is_empty() && merged.errors.is_empty(), "{merged:?}");
        let org = store.entities().find(|e| e.label == "ORG").unwrap();
        let parse_pair = |s: &str| {
            let (a, b) = s.split_once(' ').unwrap();
            a.parse::<usize>().unwrap()..b.parse::<usize>().unwrap()
        };
        let (b, r) = (parse_pair(&b), parse_pair(&r));
        assert_eq!(org.range(), b.start..r.end);
        assert_eq!(org.extra[brat_preserved::FRAGMENTS], brat_preserved::fragments_value(&[b, r]));
        // Exported again: the same fragments.
        let ann = export(ART, &store).ann;
        assert!(
            ann.contains(&format!("\tORG {};{}\tالبحرية الروسية", at("البحرية"), at("الروسية"))),
            "{ann}"
        );
    }

    #[test]
    fn what_names_a_line_not_imported_is_named_in_a_warning() {
        // T9 is refused (its text is nowhere): the relation on it is left out, named.
        let (store, merged) = merge_lines(
            "T9\tGPE 0 3\tبوتين\nR1\tX Arg1:T1 Arg2:T9\nN1\tRef T7 Wikidata:Q1\t\nZ1\tfoo\n",
        );
        assert_eq!(merged.counts.kept, 0);
        assert!(kept(&store).is_empty());
        let w = merged.warnings.join("\n");
        assert!(
            w.contains("x.ann:4: R1: it names T9, which was not imported: line left out"),
            "{w}"
        );
        assert!(w.contains("x.ann:5: N1: it names T7"), "{w}");
        assert!(w.contains("x.ann:6: not a brat annotation"), "{w}");
        assert_eq!(merged.errors.len(), 1, "the refused T line is an error");
    }

    #[test]
    fn a_cue_of_no_claim_and_extra_claim_arguments_are_named() {
        let lines = format!(
            "T3\tCue {}\tقال\nT4\tClaim {}\tالصين مستعدة\nE1\tClaim:T4 Source:T1 Target:T2\nT5\tCue {}\tوأضاف\n",
            at("قال"),
            at("الصين مستعدة"),
            at("وأضاف")
        );
        let (store, merged) = merge_lines(&lines);
        assert_eq!(store.claims().count(), 1);
        assert!(
            merged.lines.iter().any(|l| l.contains("argument Target:T2 of E1 left out")),
            "{merged:?}"
        );
        assert!(
            merged.warnings.iter().any(|w| w.contains("T3 Cue: the cue of no claim event")),
            "{merged:?}"
        );
    }

    #[test]
    fn claim_and_cue_labels_come_back_from_their_escaped_types() {
        let mut store = Store::new();
        store.add_entity("Claim", 16..25, "لي شانغفو").unwrap();
        store.add_entity("Cue_", 29..34, "الصين").unwrap();
        let exported = export(TEXT, &store);
        assert!(
            exported.ann.contains("\tClaim_ 16 25\t") && exported.ann.contains("\tCue__ 29 34\t"),
            "{}",
            exported.ann
        );
        assert_eq!(exported.renamed.len(), 2);
        let ann = parse(&exported.ann, Path::new("x.ann")).unwrap();
        let mut back = Store::new();
        merge(&mut back, TEXT, &ann);
        let labels: Vec<&str> = back.entities().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, vec!["Claim", "Cue_"]);
        assert_eq!(back.claims().count(), 0, "no claim made of an entity");
    }

    #[test]
    fn importing_kept_lines_again_adds_nothing() {
        let lines = format!(
            "T3\tVisit {}\tستزور\nE1\tVisit:T3 Agent:T1\nR1\tX Arg1:T1 Arg2:T2\n#1\tOther T2\tن\n",
            at("ستزور")
        );
        let ann = format!(
            "T1\tPERSON {}\tلي شانغفو\nT2\tGPE {}\tالصين\n{lines}",
            at("لي شانغفو"),
            at("الصين")
        );
        let parsed = parse(&ann, Path::new("x.ann")).unwrap();
        let mut store = Store::new();
        store.set_id_scheme(IdScheme::seeded(3));
        let first = merge(&mut store, ART, &parsed);
        assert_eq!(first.counts.kept, 3, "{first:?}");
        assert_eq!(store.records_of_kind("relation").len(), 1, "R1 lifted into a relation");
        let second = merge(&mut store, ART, &parsed);
        assert_eq!(second.counts.kept, 0, "{second:?}");
        assert_eq!(second.counts.identical, 6);
        assert_eq!(kept(&store).len(), 3);
        assert_eq!(store.records_of_kind("relation").len(), 1);
    }

    #[test]
    fn a_crlf_article_takes_brat_offsets() {
        let text = "\u{feff}ab\r\ncd ef\r\n";
        // brat reads "\u{feff}ab\ncd ef\n" (the BOM is a character): "ef"
        // at 7..9, "ab\ncd" as 1 3;4 6.
        let ann = parse("T1\tX 7 9\tef\nT2\tY 1 3;4 6\tab cd\n", Path::new("x.ann")).unwrap();
        let mut store = Store::new();
        let merged = merge(&mut store, text, &ann);
        assert!(merged.errors.is_empty() && merged.warnings.is_empty(), "{merged:?}");
        let spans: Vec<_> = store.entities().map(|e| (e.range(), e.text.clone())).collect();
        assert_eq!(spans, vec![(1..7, "ab\r\ncd".to_owned()), (8..10, "ef".to_owned())]);
        let out = export(text, &store).ann;
        assert_eq!(out, "T1\tY 1 3;4 6\tab cd\nT2\tX 7 9\tef\n");
    }
}
