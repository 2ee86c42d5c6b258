//! brat standoff: export (`.txt` + `.ann` + `annotation.conf`) and the
//! parser `import` uses.
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
//! #1    AnnotatorNotes T1    a note           a note on an entity or claim
//! #2    SourceText E1    وزير الخارجية       a claimant that is not an entity (`claimant_text`)
//! ```
//!
//! Offsets count `char`s (code points, as brat does). A span crossing a
//! line break is written as fragments (`0 5;6 10`) without the break, its
//! text joined by spaces; any other character of the covered text is written
//! as it is in the article (brat checks that the text is the article's, and
//! a line of the `.ann` ends only at a line break). brat has no escapes:
//! labels cannot hold white space, controls or bidi controls (any becomes
//! `_`), notes
//! cannot hold line breaks (control characters, tabs and line breaks in
//! notes become spaces); the ids of the annotations so changed are listed
//! in [`Exported::altered`]. `Claim` and `Cue` are reserved types. Orphans
//! (whose offsets are stale) and empty spans are not exported.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::ReviewError;
use crate::annotate::anchor::CharIndex;
use crate::annotate::{Claimant, Store};
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

/// One line of free text: control characters (tabs and line breaks among
/// them) become spaces.
fn one_line(s: &str) -> String {
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

/// The offsets field (`s e` or `s e;s e`) and covered text of `range`,
/// split at line breaks; `None` if nothing but line breaks is covered.
fn text_bound(index: &CharIndex<'_>, range: Range<usize>) -> Option<(String, String)> {
    let text = index.slice(range.clone())?;
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
    let offsets: Vec<String> = fragments.iter().map(|(s, e, _)| format!("{s} {e}")).collect();
    let texts: Vec<&str> = fragments.iter().map(|(_, _, t)| t.as_str()).collect();
    Some((offsets.join(";"), texts.join(" ")))
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
}

/// The brat `.ann` of the annotations in `store` over `text`.
pub fn export(text: &str, store: &Store) -> Exported {
    let index = CharIndex::new(text);
    let mut out = Exported::default();
    let (mut t, mut e, mut a, mut n) = (0, 0, 0, 0);
    let mut tids: HashMap<&str, String> = HashMap::new();
    let mut note = |out: &mut String, kind: &str, target: &str, body: &str| {
        n += 1;
        let _ = writeln!(out, "#{n}\t{kind} {target}\t{}", one_line(body));
    };
    for entity in store.entities() {
        let bound = (!entity.orphan).then(|| text_bound(&index, entity.range())).flatten();
        let Some((offsets, covered)) = bound else {
            out.skipped.push(entity.id.clone());
            continue;
        };
        if type_changes(&entity.label) || entity.note.as_deref().is_some_and(note_changes) {
            out.altered.push(entity.id.clone());
        }
        t += 1;
        let tid = format!("T{t}");
        let _ = writeln!(out.ann, "{tid}\t{} {offsets}\t{covered}", brat_type(&entity.label));
        if let Some(body) = &entity.note {
            note(&mut out.ann, NOTE, &tid, body);
        }
        tids.insert(entity.id.as_str(), tid);
    }
    for claim in store.claims() {
        let bound = (!claim.orphan).then(|| text_bound(&index, claim.range())).flatten();
        let Some((offsets, covered)) = bound else {
            out.skipped.push(claim.id.clone());
            continue;
        };
        let claimant_text = match &claim.claimant {
            Some(Claimant::Text(text)) => Some(text.as_str()),
            _ => None,
        };
        if claim.note.iter().map(String::as_str).chain(claimant_text).any(note_changes) {
            out.altered.push(claim.id.clone());
        }
        t += 1;
        let trigger = format!("T{t}");
        let _ = writeln!(out.ann, "{trigger}\t{CLAIM} {offsets}\t{covered}");
        let mut event = format!("{CLAIM}:{trigger}");
        if let Some((offsets, covered)) =
            claim.cue.as_ref().and_then(|cue| text_bound(&index, cue.range()))
        {
            t += 1;
            let _ = writeln!(out.ann, "T{t}\t{CUE} {offsets}\t{covered}");
            let _ = write!(event, " {CUE_ROLE}:T{t}");
        }
        let mut source_text = None;
        match &claim.claimant {
            Some(Claimant::Entity(id)) => match tids.get(id.as_str()) {
                Some(tid) => {
                    let _ = write!(event, " {SOURCE_ROLE}:{tid}");
                }
                None => source_text = store.entity(id).map(|en| en.text.clone()),
            },
            Some(Claimant::Text(text)) => source_text = Some(text.clone()),
            None => {}
        }
        e += 1;
        let eid = format!("E{e}");
        let _ = writeln!(out.ann, "{eid}\t{event}");
        a += 1;
        let _ = writeln!(out.ann, "A{a}\t{KIND_ATTRIBUTE} {eid} {}", claim.kind.name());
        if let Some(body) = &claim.note {
            note(&mut out.ann, NOTE, &trigger, body);
        }
        if let Some(body) = source_text {
            note(&mut out.ann, SOURCE_TEXT_NOTE, &eid, &body);
        }
    }
    out
}

/// The brat `annotation.conf` for entity types `labels`.
pub fn annotation_conf(labels: &[String]) -> String {
    let types: Vec<String> = labels.iter().map(|l| brat_type(l)).collect();
    let mut out = String::from("# Written by hashiya export --format brat\n\n[entities]\n");
    for t in &types {
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(out, "{CUE}\n\n[relations]\n\n[events]");
    let sources = if types.is_empty() { "<ENTITY>".to_owned() } else { types.join("|") };
    let _ = writeln!(out, "{CLAIM}\t{CUE_ROLE}?:{CUE}, {SOURCE_ROLE}?:{sources}");
    let _ =
        writeln!(out, "\n[attributes]\n{KIND_ATTRIBUTE}\tArg:{CLAIM}, Value:direct|indirect|mixed");
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
    /// `(role, target id)`, role without a trailing number (`Source2` → `Source`).
    pub args: Vec<(&'s str, &'s str)>,
}

/// An attribute (`A` or `M`) read from an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'s> {
    /// Its name.
    pub name: &'s str,
    /// The id it is on.
    pub target: &'s str,
    /// Its value (`None` for a binary attribute).
    pub value: Option<&'s str>,
}

/// A note (`#`) read from an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note<'s> {
    /// Its type (`AnnotatorNotes`, `SourceText`…).
    pub kind: &'s str,
    /// The id it is on.
    pub target: &'s str,
    /// Its text.
    pub text: &'s str,
}

/// The annotations of an `.ann` file that `import` understands, borrowed
/// from the file's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ann<'s> {
    /// The file, for messages.
    pub path: PathBuf,
    /// Text-bound annotations, in file order.
    pub spans: Vec<TextBound<'s>>,
    /// Events.
    pub events: Vec<Event<'s>>,
    /// Attributes.
    pub attributes: Vec<Attribute<'s>>,
    /// Notes.
    pub notes: Vec<Note<'s>>,
    /// Lines of other kinds (`R`, `N`, `*`…), not imported.
    pub ignored: usize,
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
            Some('T') => {
                let (kind, offsets) = body
                    .split_once(' ')
                    .ok_or_else(|| bad(format!("`{body}`: expected `TYPE START END`")))?;
                let mut fragments: Vec<Range<usize>> = Vec::with_capacity(1);
                for fragment in offsets.split(';') {
                    let mut numbers = fragment.split_whitespace().map(str::parse::<usize>);
                    match (numbers.next(), numbers.next(), numbers.next()) {
                        (Some(Ok(s)), Some(Ok(e)), None) if s <= e => fragments.push(s..e),
                        _ => {
                            return Err(bad(format!("`{fragment}`: expected `START END` offsets")));
                        }
                    }
                }
                let start = fragments.iter().map(|b| b.start).min().unwrap_or(0);
                let end = fragments.iter().map(|b| b.end).max().unwrap_or(0);
                ann.spans.push(TextBound {
                    id,
                    kind,
                    start,
                    end,
                    fragments,
                    text: rest.unwrap_or_default(),
                    line,
                });
            }
            Some('E') => {
                let mut parts = body.split_whitespace();
                let (kind, trigger) = parts
                    .next()
                    .and_then(|p| p.split_once(':'))
                    .ok_or_else(|| bad(format!("`{body}`: expected `TYPE:TRIGGER ...`")))?;
                let mut args = Vec::new();
                for part in parts {
                    let (role, target) = part
                        .split_once(':')
                        .ok_or_else(|| bad(format!("`{part}`: expected `ROLE:ID`")))?;
                    let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                    args.push((role, target));
                }
                ann.events.push(Event { id, kind, trigger, args });
            }
            Some('A' | 'M') => {
                let mut parts = body.split_whitespace();
                let (Some(name), Some(target)) = (parts.next(), parts.next()) else {
                    return Err(bad(format!("`{body}`: expected `NAME ID [VALUE]`")));
                };
                ann.attributes.push(Attribute { name, target, value: parts.next() });
            }
            Some('#') => {
                let (kind, target) = body
                    .split_once(' ')
                    .ok_or_else(|| bad(format!("`{body}`: expected `TYPE ID`")))?;
                ann.notes.push(Note {
                    kind,
                    target: target.trim(),
                    text: rest.unwrap_or_default(),
                });
            }
            _ => ann.ignored += 1,
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
        assert_eq!(text_bound(&index, 0..5), Some(("0 2;3 5".to_owned(), "ab cd".to_owned())));
        assert_eq!(text_bound(&index, 2..3), None);
        assert_eq!(text_bound(&index, 1..2), Some(("1 2".to_owned(), "b".to_owned())));
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
        assert_eq!(ann.events[0].args[1], ("Source", "T1"));
        assert_eq!(ann.attributes[0].value, Some("direct"));
        assert_eq!(ann.notes[0].text, "note");
        assert_eq!(ann.ignored, 1);
    }

    #[test]
    fn bad_lines_are_named() {
        let err = parse("T1\tPERSON 0 2\tab\nT2\tPERSON x y\tab\n", Path::new("x.ann"));
        assert!(err.is_err_and(|e| e.to_string().starts_with("x.ann:2: ")));
    }
}
