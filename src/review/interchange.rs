//! Annotations read from another tool's file ([`super::xmi`],
//! [`super::labelstudio`]), merged into a sidecar as `import --from brat`
//! merges (`+` added, `=` already there, `!` added beside another label on
//! the same span, `-` skipped), and the `import` loop for those formats.
//!
//! Every span quotes the text the other tool saw there (the XMI sofa's,
//! Label Studio's `data.text`'s). It is imported at its offsets when the
//! article has that text there; else where the text occurs once in the
//! article, with a warning; else it is refused with an error naming the
//! file, the place and both texts. U+FFFD quoted where the article holds a
//! character XML cannot (see [`super::xmi`]) matches. Linear: the searches
//! share the same budget as brat's.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::check::quote;
use super::import::Merged;
use super::xmi::not_in_xml;
use super::{Outcome, ReviewError};
use crate::annotate::anchor::{CharIndex, Occurrences, SearchBudget};
use crate::annotate::{Author, ClaimKind, Claimant, Cue, Store};

/// A span in the other tool's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// `char` offsets.
    pub range: Range<usize>,
    /// The text the other tool had there, when it says.
    pub quoted: Option<String>,
    /// Where it is, for messages (`file:line`, `file: task 3`).
    pub at: String,
}

/// An entity read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InEntity {
    /// Its span.
    pub span: Span,
    /// Its label.
    pub label: String,
    /// Its note.
    pub note: Option<String>,
}

/// Who makes a claim read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InClaimant {
    /// The entity at this index of [`Incoming::entities`].
    Entity(usize),
    /// Free text.
    Text(String),
}

/// A claim read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InClaim {
    /// Its content.
    pub span: Span,
    /// Its cue.
    pub cue: Option<Span>,
    /// Its claimant.
    pub claimant: Option<InClaimant>,
    /// How it is reported.
    pub kind: ClaimKind,
    /// Its note.
    pub note: Option<String>,
}

/// Everything read from one article's file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    /// Entities.
    pub entities: Vec<InEntity>,
    /// Claims.
    pub claims: Vec<InClaim>,
    /// What was not taken, and why (`file:line: …`).
    pub warnings: Vec<String>,
    /// The text the other tool annotated (the sofa, `data.text`).
    pub source_text: Option<String>,
}

/// Whether `quoted` is the article's `actual` text: equal, or U+FFFD where
/// the article holds a character XML 1.0 cannot.
fn same_text(actual: &str, quoted: &str) -> bool {
    actual == quoted
        || (quoted.contains('\u{FFFD}')
            && actual.chars().count() == quoted.chars().count()
            && actual
                .chars()
                .zip(quoted.chars())
                .all(|(a, q)| a == q || (q == '\u{FFFD}' && not_in_xml(a))))
}

struct Placer<'a> {
    index: CharIndex<'a>,
    budget: SearchBudget,
    seen: HashMap<String, Occurrences>,
}

impl Placer<'_> {
    /// Where `span` goes in the article, with its text there; messages to `merged`.
    fn place(&mut self, span: &Span, what: &str, merged: &mut Merged) -> Option<Range<usize>> {
        let r = span.range.clone();
        if r.start >= r.end {
            merged.counts.skipped += 1;
            merged.lines.push(format!("- {what} {}..{}: skipped: empty span", r.start, r.end));
            return None;
        }
        if r.end > self.index.len() {
            merged.counts.skipped += 1;
            merged.lines.push(format!(
                "- {what} {}..{}: skipped: past the end of the article ({} chars)",
                r.start,
                r.end,
                self.index.len()
            ));
            return None;
        }
        let actual = self.index.slice(r.clone()).unwrap_or_default();
        let Some(quoted) = span.quoted.as_deref() else { return Some(r) };
        if same_text(actual, quoted) {
            return Some(r);
        }
        let found = if let Some(found) = self.seen.get(quoted) {
            *found
        } else {
            let found = self.index.occurrences(quoted, &mut self.budget);
            self.seen.insert(quoted.to_owned(), found);
            found
        };
        let mismatch = format!(
            "{}: {what} {}..{}: the text {} is not the article's text there, {}",
            span.at,
            r.start,
            r.end,
            quote(quoted),
            quote(actual)
        );
        if let Occurrences::Once(at) = found {
            let range = at..at + quoted.chars().count();
            merged.warnings.push(format!(
                "{mismatch}; it occurs once in the article, at {}..{}: imported there",
                range.start, range.end
            ));
            return Some(range);
        }
        let why = match found {
            Occurrences::None => "it is nowhere in the article",
            Occurrences::Many => "it occurs more than once in the article",
            Occurrences::Unknown | Occurrences::Once(_) => {
                "not searched for (too many misplaced spans)"
            }
        };
        merged.errors.push(format!("{mismatch}; {why}: not imported"));
        merged.counts.refused += 1;
        merged.lines.push(format!("- {what} {}..{}: refused (see the error)", r.start, r.end));
        None
    }
}

/// Merges `incoming` into `store`, the sidecar of article `text`.
pub fn merge(store: &mut Store, text: &str, incoming: &Incoming) -> Merged {
    let mut merged = Merged { warnings: incoming.warnings.clone(), ..Merged::default() };
    let mut placer = Placer {
        index: CharIndex::new(text),
        budget: SearchBudget::for_text(text.len()),
        seen: HashMap::new(),
    };
    let mut entity_ids: Vec<Option<String>> = Vec::with_capacity(incoming.entities.len());
    for e in &incoming.entities {
        entity_ids.push(entity(store, &mut placer, e, &mut merged));
    }
    for c in &incoming.claims {
        claim(store, &mut placer, c, &entity_ids, &mut merged);
    }
    merged
}

fn entity(
    store: &mut Store,
    placer: &mut Placer<'_>,
    e: &InEntity,
    merged: &mut Merged,
) -> Option<String> {
    let range = placer.place(&e.span, &e.label, merged)?;
    let text = placer.index.slice(range.clone()).unwrap_or_default().to_owned();
    let what = format!("{} {}..{} {:?}", e.label, range.start, range.end, text);
    let mut there = store.entities_with_span(range.clone());
    let rival = there.next();
    let same = rival.into_iter().chain(there).find(|x| x.label == e.label);
    if let Some(id) = same.map(|x| x.id.clone()) {
        merged.counts.identical += 1;
        merged.lines.push(format!("= {what}: already there as {id}"));
        return Some(id);
    }
    let rival = rival.map(|x| format!("{} {}", x.id, x.label));
    match store.add_entity(&e.label, range, &text) {
        Ok(id) => {
            if let Some(note) = &e.note {
                let _ = store.set_note(&id, Some(note));
            }
            store.clear_history();
            merged.lines.push(if let Some(rival) = rival {
                merged.counts.conflicts += 1;
                format!("! {id} {what}: added beside {rival} (same span): both kept")
            } else {
                merged.counts.added += 1;
                format!("+ {id} {what}")
            });
            Some(id)
        }
        Err(err) => {
            merged.counts.skipped += 1;
            merged.lines.push(format!("- {what}: skipped: {err}"));
            None
        }
    }
}

fn claim(
    store: &mut Store,
    placer: &mut Placer<'_>,
    c: &InClaim,
    entity_ids: &[Option<String>],
    merged: &mut Merged,
) {
    let Some(range) = placer.place(&c.span, "claim", merged) else { return };
    let text = placer.index.slice(range.clone()).unwrap_or_default().to_owned();
    let what = format!("claim {}..{} {:?}", range.start, range.end, text);
    let mut problems = Vec::new();
    let cue = c.cue.as_ref().and_then(|span| {
        let mut quiet = Merged::default();
        let cue_range = placer.place(span, "cue", &mut quiet);
        merged.warnings.append(&mut quiet.warnings);
        merged.errors.append(&mut quiet.errors);
        merged.counts.refused += quiet.counts.refused;
        if let Some(r) = cue_range {
            Some(Cue::new(r.clone(), placer.index.slice(r).unwrap_or_default()))
        } else {
            problems.push(format!("cue {}..{} left out", span.range.start, span.range.end));
            None
        }
    });
    let claimant = match &c.claimant {
        Some(InClaimant::Entity(i)) => {
            let id = entity_ids.get(*i).cloned().flatten();
            if id.is_none() {
                problems.push("claimant left out: its entity was not imported".to_owned());
            }
            id.map(Claimant::Entity)
        }
        Some(InClaimant::Text(t)) => Some(Claimant::Text(t.clone())),
        None => None,
    };
    let cue_range = cue.as_ref().map(Cue::range);
    let mut there = store.claims_with_span(range.clone());
    let rival = there.next();
    let same = rival.into_iter().chain(there).find(|x| x.cue.as_ref().map(Cue::range) == cue_range);
    if let Some(x) = same {
        merged.counts.identical += 1;
        merged.lines.push(format!("= {what}: already there as {}", x.id));
        return;
    }
    let rival = rival.map(|x| x.id.clone());
    let id = match store.add_claim(range, &text) {
        Ok(id) => id,
        Err(err) => {
            merged.counts.skipped += 1;
            merged.lines.push(format!("- {what}: skipped: {err}"));
            return;
        }
    };
    let _ = store.set_kind(&id, c.kind);
    if cue.is_some() {
        let _ = store.set_cue(&id, cue);
    }
    if claimant.is_some() {
        let _ = store.set_claimant(&id, claimant);
    }
    if let Some(note) = &c.note {
        let _ = store.set_note(&id, Some(note));
    }
    store.clear_history();
    let mut line = if let Some(rival) = rival {
        merged.counts.conflicts += 1;
        format!("! {id} {what}: added beside {rival} (same span, other cue): both kept")
    } else {
        merged.counts.added += 1;
        format!("+ {id} {what}")
    };
    for p in problems {
        let _ = write!(line, "; {p}");
    }
    merged.lines.push(line);
}

/// Where one article's annotations come from: given the article's path and
/// text, what was read, or why nothing could be.
pub type Reader<'r> = dyn FnMut(&Path, &str) -> Result<Incoming, ReviewError> + 'r;

/// Imports into each article's sidecar what `read` gives for it, merging
/// with what is there (see [`merge`]); with `dry_run`, only says what it
/// would do. A line per annotation to `out`, warnings and errors on standard
/// error; an article that cannot be imported is named and the others go on.
pub fn run(
    articles: &[PathBuf],
    read: &mut Reader<'_>,
    dry_run: bool,
    author: Option<&Author>,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    super::import::each_article(articles, dry_run, "span(s)", out, |article| {
        import_one(article, read, dry_run, author)
    })
}

fn import_one(
    article: &Path,
    read: &mut Reader<'_>,
    dry_run: bool,
    author: Option<&Author>,
) -> Result<(Merged, bool), ReviewError> {
    super::import::into_sidecar(article, dry_run, author, read, |store, text, incoming| {
        Ok(merge(store, text, incoming))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::import::Counts;

    const TEXT: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.";

    fn span(range: Range<usize>, quoted: &str) -> Span {
        Span { range, quoted: Some(quoted.to_owned()), at: "f:1".to_owned() }
    }

    #[test]
    fn spans_go_where_their_text_is_or_are_refused_naming_the_place() {
        let incoming = Incoming {
            entities: vec![
                InEntity {
                    span: span(16..25, "لي شانغفو"), label: "PERSON".into(), note: None
                },
                InEntity { span: span(15..24, "لي شانغفو"), label: "X".into(), note: None },
                InEntity { span: span(0..3, "بوتين"), label: "PERSON".into(), note: None },
                InEntity { span: span(40..99, "x"), label: "PERSON".into(), note: None },
            ],
            claims: vec![InClaim {
                span: span(29..41, "الصين مستعدة"),
                cue: Some(span(0..3, "قال")),
                claimant: Some(InClaimant::Entity(0)),
                kind: ClaimKind::Mixed,
                note: Some("n".into()),
            }],
            ..Incoming::default()
        };
        let mut store = Store::new();
        let merged = merge(&mut store, TEXT, &incoming);
        assert_eq!(
            merged.counts,
            Counts { added: 2, conflicts: 1, skipped: 1, refused: 1, ..Counts::default() },
            "{merged:?}"
        );
        assert_eq!(merged.warnings.len(), 1, "{merged:?}");
        assert!(merged.warnings[0].starts_with("f:1: X 15..24: "), "{merged:?}");
        assert!(merged.errors[0].starts_with("f:1: PERSON 0..3: the text \"بوتين\""), "{merged:?}");
        let claim = store.claims().next().unwrap();
        assert_eq!(claim.cue.as_ref().map(Cue::range), Some(0..3));
        assert_eq!(claim.kind, ClaimKind::Mixed);
        let again = merge(&mut store, TEXT, &incoming);
        assert_eq!(again.counts.identical, 3, "{again:?}");
    }

    #[test]
    fn a_replacement_character_matches_what_xml_cannot_hold() {
        assert!(same_text("a\u{1}b", "a\u{FFFD}b"));
        assert!(!same_text("a\u{1}b", "a?b"));
        assert!(!same_text("aöb", "a\u{FFFD}b"));
    }
}
