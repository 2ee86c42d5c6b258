//! `hashiya import --from brat`: brat annotations merged into the sidecars.
//!
//! Merging never loses work: an entity with the same span and label as one
//! already there is not added again (`=`); one with the same span and
//! another label is added beside it (`!`, both kept); a claim with the same
//! content span and cue as one already there is not added again. Spans out
//! of the article's range or empty are skipped (`-`). Everything added is
//! listed (`+`).

use std::collections::HashMap;
use std::fmt::Write as _;

use std::io::Write;
use std::path::{Path, PathBuf};

use super::brat::{
    Ann, CLAIM, CUE, CUE_ROLE, KIND_ATTRIBUTE, NOTE, SOURCE_ROLE, SOURCE_TEXT_NOTE, TextBound,
};
use super::corpus::Progress;
use super::{Outcome, ReviewError};
use crate::annotate::anchor::CharIndex;
use crate::annotate::{ClaimKind, Claimant, Cue, Store, StoreError, load, save, sidecar_path};
use crate::limits::{Input, read_file_to_string};
use crate::text::load::read_article;

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
}

/// The report of one merge: a line per annotation, and the counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// `+ e3 PERSON 16..25 "…"` lines.
    pub lines: Vec<String>,
    /// Counts.
    pub counts: Counts,
}

fn store_error(e: &StoreError) -> String {
    e.to_string()
}

/// Merges the brat annotations `ann` of the article `text` into `store`.
pub fn merge(store: &mut Store, text: &str, ann: &Ann) -> Merged {
    let mut merger = Merger {
        store,
        index: CharIndex::new(text),
        chars: text.chars().count(),
        ann,
        merged: Merged::default(),
        entity_ids: HashMap::new(),
    };
    // Entities first, so that claims can name them.
    for t in ann.spans.iter().filter(|t| t.kind != CLAIM && t.kind != CUE) {
        merger.entity(t);
    }
    for t in ann.spans.iter().filter(|t| t.kind == CLAIM) {
        merger.claim(t);
    }
    merger.merged
}

/// The state of one merge.
struct Merger<'a> {
    store: &'a mut Store,
    index: CharIndex<'a>,
    chars: usize,
    ann: &'a Ann,
    merged: Merged,
    /// brat `T` id → the id of the entity it became (or already was).
    entity_ids: HashMap<&'a str, String>,
}

impl<'a> Merger<'a> {
    /// The text of the first note of `kind` on `target`.
    fn note(&self, target: &str, kind: &str) -> Option<String> {
        let mut notes = self.ann.notes.iter();
        notes.find(|n| n.target == target && n.kind == kind).map(|n| n.text.clone())
    }

    /// The article's text under `t`, or why it has none.
    fn covered(&self, t: &TextBound) -> Result<String, String> {
        if t.start >= t.end {
            return Err(format!("empty span {}..{}", t.start, t.end));
        }
        if t.end > self.chars {
            let chars = self.chars;
            return Err(format!(
                "{}..{} is past the end of the article ({chars} chars)",
                t.start, t.end
            ));
        }
        Ok(self.index.slice(t.start..t.end).unwrap_or_default().to_owned())
    }

    fn skip(&mut self, line: String) {
        self.merged.counts.skipped += 1;
        self.merged.lines.push(line);
    }

    fn entity(&mut self, t: &'a TextBound) {
        let text = match self.covered(t) {
            Ok(text) => text,
            Err(why) => return self.skip(format!("- {} {}: skipped: {why}", t.id, t.kind)),
        };
        let what = format!("{} {}..{} {:?}", t.kind, t.start, t.end, text);
        let same = self
            .store
            .entities()
            .find(|e| (e.start, e.end, e.label.as_str()) == (t.start, t.end, t.kind.as_str()))
            .map(|e| e.id.clone());
        if let Some(id) = same {
            self.merged.counts.identical += 1;
            self.merged.lines.push(format!("= {what}: already there as {id}"));
            self.entity_ids.insert(t.id.as_str(), id);
            return;
        }
        let rival = self
            .store
            .entities()
            .find(|e| (e.start, e.end) == (t.start, t.end))
            .map(|e| format!("{} {}", e.id, e.label));
        match self.store.add_entity(&t.kind, t.start..t.end, &text) {
            Ok(id) => {
                if let Some(note) = self.note(&t.id, NOTE) {
                    let _ = self.store.set_note(&id, Some(&note));
                }
                let line = if let Some(rival) = rival {
                    self.merged.counts.conflicts += 1;
                    format!("! {id} {what}: added beside {rival} (same span): both kept")
                } else {
                    self.merged.counts.added += 1;
                    format!("+ {id} {what}")
                };
                self.merged.lines.push(line);
                self.entity_ids.insert(t.id.as_str(), id);
            }
            Err(e) => self.skip(format!("- {} {what}: skipped: {}", t.id, store_error(&e))),
        }
    }

    /// The cue, claimant, kind and note of claim `t` from its event, with
    /// what had to be left out.
    fn claim_parts(
        &self,
        t: &TextBound,
    ) -> (Option<Cue>, Option<Claimant>, ClaimKind, Option<String>, Vec<String>) {
        let ann = self.ann;
        let event = ann.events.iter().find(|e| e.trigger == t.id);
        let arg = |role: &str| {
            event.and_then(|e| e.args.iter().find(|(r, _)| r == role)).map(|(_, id)| id.as_str())
        };
        let mut problems = Vec::new();
        let cue = arg(CUE_ROLE).and_then(|id| {
            let span = ann.spans.iter().find(|s| s.id == id);
            match span.map(|s| (s, self.covered(s))) {
                Some((s, Ok(text))) => Some(Cue::new(s.start..s.end, &text)),
                Some((_, Err(why))) => {
                    problems.push(format!("cue {id} left out: {why}"));
                    None
                }
                None => {
                    problems.push(format!("cue {id} left out: no such span"));
                    None
                }
            }
        });
        let claimant = if let Some(id) = arg(SOURCE_ROLE) {
            if let Some(entity) = self.entity_ids.get(id) {
                Some(Claimant::Entity(entity.clone()))
            } else {
                problems.push(format!("claimant {id} left out: not an imported entity"));
                None
            }
        } else {
            event
                .and_then(|e| self.note(&e.id, SOURCE_TEXT_NOTE))
                .or_else(|| self.note(&t.id, SOURCE_TEXT_NOTE))
                .map(Claimant::Text)
        };
        let on_claim = |target: &str| target == t.id || event.is_some_and(|e| e.id == target);
        let kind = ann
            .attributes
            .iter()
            .find(|a| a.name == KIND_ATTRIBUTE && on_claim(&a.target))
            .and_then(|a| a.value.as_deref()?.parse::<ClaimKind>().ok())
            .unwrap_or_default();
        let note = self.note(&t.id, NOTE).or_else(|| event.and_then(|e| self.note(&e.id, NOTE)));
        (cue, claimant, kind, note, problems)
    }

    fn claim(&mut self, t: &'a TextBound) {
        let text = match self.covered(t) {
            Ok(text) => text,
            Err(why) => return self.skip(format!("- {} {CLAIM}: skipped: {why}", t.id)),
        };
        let what = format!("claim {}..{} {:?}", t.start, t.end, text);
        let (cue, claimant, kind, note, problems) = self.claim_parts(t);
        let cue_range = cue.as_ref().map(Cue::range);
        let same = self.store.claims().find(|c| {
            (c.start, c.end) == (t.start, t.end) && c.cue.as_ref().map(Cue::range) == cue_range
        });
        if let Some(c) = same {
            let line = format!("= {what}: already there as {}", c.id);
            self.merged.counts.identical += 1;
            self.merged.lines.push(line);
            return;
        }
        let rival = self
            .store
            .claims()
            .find(|c| (c.start, c.end) == (t.start, t.end))
            .map(|c| c.id.clone());
        let id = match self.store.add_claim(t.start..t.end, &text) {
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
    }
}

/// Imports the brat annotations beside each article of `articles`
/// (`x.txt` → `x.ann`) into its sidecar (`x.txt.ann.toml`), merging with what
/// is there; with `dry_run`, only says what it would do. Writes a line per
/// annotation to `out`. An article that cannot be imported is named on
/// standard error and counted as a problem; the others go on.
pub fn run(
    articles: &[PathBuf],
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    let mut progress = Progress::new(articles.len());
    let mut total = Counts::default();
    let mut problems = 0;
    for (i, article) in articles.iter().enumerate() {
        progress.step(i, &article.display().to_string());
        match import_one(article, dry_run) {
            Ok((merged, wrote)) => {
                progress.clear();
                let mut text = String::new();
                for line in &merged.lines {
                    let _ = writeln!(text, "{}: {line}", article.display());
                }
                let c = merged.counts;
                let done = match (dry_run, wrote) {
                    (true, _) => "dry run: nothing written".to_owned(),
                    (false, true) => format!("wrote {}", sidecar_path(article).display()),
                    (false, false) => "sidecar unchanged".to_owned(),
                };
                let _ = writeln!(
                    text,
                    "{}: {} added, {} already there, {} conflicts kept, {} skipped; {done}",
                    article.display(),
                    c.added,
                    c.identical,
                    c.conflicts,
                    c.skipped
                );
                out.write_all(text.as_bytes()).map_err(ReviewError::Output)?;
                total.added += c.added;
                total.identical += c.identical;
                total.conflicts += c.conflicts;
                total.skipped += c.skipped;
            }
            Err(e) => {
                problems += 1;
                progress.note(&format!("hashiya: not imported: {e}"));
            }
        }
    }
    out.flush().map_err(ReviewError::Output)?;
    let summary = format!(
        "{} article(s): {} added, {} already there, {} conflicts kept, {} skipped{}{}",
        articles.len() - problems,
        total.added,
        total.identical,
        total.conflicts,
        total.skipped,
        if problems > 0 { format!("; {problems} not imported") } else { String::new() },
        if dry_run { " (dry run)" } else { "" },
    );
    Ok(Outcome { problems, summary: Some(summary) })
}

/// Imports one article's `.ann`; returns the merge and whether the sidecar was written.
fn import_one(article: &Path, dry_run: bool) -> Result<(Merged, bool), ReviewError> {
    if !super::corpus::is_article(article) {
        return Err(ReviewError::NotAnArticle(article.to_path_buf()));
    }
    let text = read_article(article)?;
    let ann_path = article.with_extension("ann");
    let source =
        read_file_to_string(&ann_path, Input::Data).map_err(|e| ReviewError::io(&ann_path, e))?;
    let ann = super::brat::parse(&source, &ann_path)?;
    let sidecar = sidecar_path(article);
    let mut store = load(&sidecar, &text)?.store;
    let merged = merge(&mut store, &text, &ann);
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
        let ann = parse(&export(TEXT, &original).ann, Path::new("x.ann")).unwrap();
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
}
