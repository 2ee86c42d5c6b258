//! The annotations themselves: entities, claims and their parts.
//!
//! Offsets count Unicode scalar values (`char`s) from the start of the
//! article's stored text, in logical order; `end` is exclusive. Every
//! annotation quotes the text it covers so that it can be re-anchored when
//! the article changes (see [`super::anchor`]).

use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use super::kinds::Record;

/// A named thing in the text: a person, an organisation, a place…
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entity {
    /// Unique in the sidecar (`e<N>` when made by Hashiya), never reused.
    pub id: String,
    /// The label's name, e.g. `PERSON` (see [`super::schema`]).
    pub label: String,
    /// The canonical entity this mention is of: an id in the corpus
    /// registry (`k-4kq8r2mz`), when linked.
    pub link: Option<String>,
    /// First `char` of the span.
    pub start: usize,
    /// One past the last `char` of the span.
    pub end: usize,
    /// The article's text at `start..end` (when not an orphan).
    pub text: String,
    /// A free note.
    pub note: Option<String>,
    /// Who made it (an annotator's name), when known.
    pub by: Option<String>,
    /// When it was made (`YYYY-MM-DDTHH:MM:SSZ`), when known.
    pub at: Option<String>,
    /// Set when this is one of two versions of an annotation changed
    /// differently on two sides of a merge (see [`Conflict`]).
    pub conflict: Option<Conflict>,
    /// Fields Hashiya does not know, kept as read.
    pub extra: toml::Table,
    /// Runtime only, never saved: the quoted text could not be found in the
    /// article, so `start..end` is stale. Orphans are kept, never dropped.
    pub orphan: bool,
}

impl Entity {
    /// The span as a range of `char` offsets.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Who makes a claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Claimant {
    /// An entity of the same sidecar, by id (`claimant = "e1"`).
    Entity(String),
    /// Free text (`claimant_text = "…"`), for a source that is not tagged.
    Text(String),
}

/// The words that introduce a claim (قال، أكد، وفقاً لـ …).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cue {
    /// First `char` of the cue.
    pub start: usize,
    /// One past the last `char` of the cue.
    pub end: usize,
    /// The article's text at `start..end`.
    pub text: String,
    /// Fields Hashiya does not know, kept as read.
    pub extra: toml::Table,
}

impl Cue {
    /// A cue with no unknown fields.
    pub fn new(range: Range<usize>, text: &str) -> Self {
        Self {
            start: range.start,
            end: range.end,
            text: text.to_owned(),
            extra: toml::Table::new(),
        }
    }

    /// The cue as a range of `char` offsets.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The mark of a conflict kept side by side: both sides of a merge
/// changed one annotation differently since they last agreed, so both
/// versions are kept. The version under the original id is unmarked; this
/// one, under a fresh id, carries `conflict = { with = "<original id>", … }`.
/// The pair is resolved by deleting one of the two (and, when this one is
/// kept, clearing its mark). Written in the sidecar as an inline table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conflict {
    /// The id of the other version (the one that kept the original id).
    pub with: String,
    /// Where the other version came from, when known: `disk` (the sidecar
    /// changed on disk while the article was open: a second Hashiya, an
    /// editor, a `git pull`); other tools may write their own word.
    pub source: Option<String>,
    /// Fields Hashiya does not know, kept as read.
    pub extra: toml::Table,
}

impl Conflict {
    /// A mark naming the other version `with`, which came from `source`.
    pub fn new(with: &str, source: &str) -> Self {
        Self { with: with.to_owned(), source: Some(source.to_owned()), extra: toml::Table::new() }
    }
}

/// How a claim is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ClaimKind {
    /// Quoted word for word.
    Direct,
    /// Reported in the writer's words.
    #[default]
    Indirect,
    /// Partly quoted, partly reported.
    Mixed,
}

impl ClaimKind {
    /// Every kind, in the order a form offers them.
    pub const ALL: [Self; 3] = [Self::Direct, Self::Indirect, Self::Mixed];

    /// The name used in sidecars: `direct`, `indirect`, `mixed`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Indirect => "indirect",
            Self::Mixed => "mixed",
        }
    }

    /// The Arabic name shown to users.
    pub const fn display(self) -> &'static str {
        match self {
            Self::Direct => "اقتباس مباشر",
            Self::Indirect => "نقل غير مباشر",
            Self::Mixed => "مختلط",
        }
    }
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ClaimKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.name() == s).ok_or(())
    }
}

/// A statement attributed to a source.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claim {
    /// Unique in the sidecar (`c<N>` when made by Hashiya), never reused.
    pub id: String,
    /// First `char` of the claim's content.
    pub start: usize,
    /// One past the last `char` of the content.
    pub end: usize,
    /// The article's text at `start..end` (when not an orphan).
    pub text: String,
    /// Who makes the claim, if known.
    pub claimant: Option<Claimant>,
    /// The words that introduce the claim, if any.
    pub cue: Option<Cue>,
    /// How the claim is reported.
    pub kind: ClaimKind,
    /// A free note.
    pub note: Option<String>,
    /// Who made it (an annotator's name), when known.
    pub by: Option<String>,
    /// When it was made (`YYYY-MM-DDTHH:MM:SSZ`), when known.
    pub at: Option<String>,
    /// Set when this is one of two versions of a claim changed differently
    /// on two sides of a merge (see [`Conflict`]).
    pub conflict: Option<Conflict>,
    /// Fields Hashiya does not know, kept as read.
    pub extra: toml::Table,
    /// Runtime only, never saved: the quoted text (or the cue's) could not be
    /// found in the article, so the offsets are stale. Kept, never dropped.
    pub orphan: bool,
}

impl Claim {
    /// The content span as a range of `char` offsets.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Whether an annotation is an entity, a claim or a record of a declared
/// kind (a relation…; see [`super::kinds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnnotationKind {
    /// An [`Entity`].
    Entity,
    /// A [`Claim`].
    Claim,
    /// A [`Record`] of a declared kind (its own kind is its declaration's).
    Record,
}

impl AnnotationKind {
    /// The typed kinds, entities and claims: those the annotators'
    /// comparison (`agree`, `curate`) matches span by span.
    pub const ALL: [Self; 2] = [Self::Entity, Self::Claim];

    /// What its ids start with: `e` for entities, `c` for claims (`e12`,
    /// `e-4kq8r2mz`; see [`super::ids`]); `r` for records (a record's own
    /// prefix is its declaration's: [`AnnotationRef::id_prefix`]).
    pub const fn id_prefix(self) -> char {
        match self {
            Self::Entity => 'e',
            Self::Claim => 'c',
            Self::Record => 'r',
        }
    }

    /// Its name in messages and tables: `entity`, `claim`, `record`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Entity => "entity",
            Self::Claim => "claim",
            Self::Record => "record",
        }
    }
}

/// An owned annotation of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Annotation {
    /// An entity.
    Entity(Entity),
    /// A claim.
    Claim(Claim),
    /// A record of a declared kind.
    Record(Record),
}

impl Annotation {
    /// Borrows it.
    pub fn as_ref(&self) -> AnnotationRef<'_> {
        match self {
            Self::Entity(e) => AnnotationRef::Entity(e),
            Self::Claim(c) => AnnotationRef::Claim(c),
            Self::Record(r) => AnnotationRef::Record(r),
        }
    }

    /// Sets its id.
    pub fn set_id(&mut self, id: &str) {
        match self {
            Self::Entity(e) => id.clone_into(&mut e.id),
            Self::Claim(c) => id.clone_into(&mut c.id),
            Self::Record(r) => id.clone_into(&mut r.id),
        }
    }

    /// Sets its conflict mark.
    pub fn set_conflict(&mut self, conflict: Option<Conflict>) {
        match self {
            Self::Entity(e) => e.conflict = conflict,
            Self::Claim(c) => c.conflict = conflict,
            Self::Record(r) => r.conflict = conflict,
        }
    }

    /// Sets who made it and when (`None`: unknown).
    pub fn set_made(&mut self, by: Option<String>, at: Option<String>) {
        match self {
            Self::Entity(e) => (e.by, e.at) = (by, at),
            Self::Claim(c) => (c.by, c.at) = (by, at),
            Self::Record(r) => (r.by, r.at) = (by, at),
        }
    }

    /// Its unknown fields, for changing them.
    pub fn extra_mut(&mut self) -> &mut toml::Table {
        match self {
            Self::Entity(e) => &mut e.extra,
            Self::Claim(c) => &mut c.extra,
            Self::Record(r) => &mut r.extra,
        }
    }
}

/// A borrowed annotation of any kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnnotationRef<'a> {
    /// An entity.
    Entity(&'a Entity),
    /// A claim.
    Claim(&'a Claim),
    /// A record of a declared kind.
    Record(&'a Record),
}

impl<'a> AnnotationRef<'a> {
    /// Its kind.
    pub fn kind(&self) -> AnnotationKind {
        match self {
            Self::Entity(_) => AnnotationKind::Entity,
            Self::Claim(_) => AnnotationKind::Claim,
            Self::Record(_) => AnnotationKind::Record,
        }
    }

    /// Its kind's name: `entity`, `claim`, or a declared kind's (`relation`).
    pub fn kind_name(&self) -> &'a str {
        match self {
            Self::Entity(_) => "entity",
            Self::Claim(_) => "claim",
            Self::Record(r) => &r.kind.name,
        }
    }

    /// What ids of its kind start with (see [`AnnotationKind::id_prefix`]).
    pub fn id_prefix(&self) -> char {
        match self {
            Self::Entity(_) | Self::Claim(_) => self.kind().id_prefix(),
            Self::Record(r) => r.kind.prefix,
        }
    }

    /// Its id.
    pub fn id(&self) -> &'a str {
        match self {
            Self::Entity(e) => &e.id,
            Self::Claim(c) => &c.id,
            Self::Record(r) => &r.id,
        }
    }

    /// Its span (the content span for a claim).
    pub fn range(&self) -> Range<usize> {
        match self {
            Self::Entity(e) => e.range(),
            Self::Claim(c) => c.range(),
            Self::Record(r) => r.range().unwrap_or(0..0),
        }
    }

    /// The quoted text of its span.
    pub fn text(&self) -> &str {
        match self {
            Self::Entity(e) => &e.text,
            Self::Claim(c) => &c.text,
            Self::Record(r) => r.text(),
        }
    }

    /// Who made it, when known.
    pub fn by(&self) -> Option<&'a str> {
        match self {
            Self::Entity(e) => e.by.as_deref(),
            Self::Claim(c) => c.by.as_deref(),
            Self::Record(r) => r.by.as_deref(),
        }
    }

    /// When it was made, when known.
    pub fn at(&self) -> Option<&'a str> {
        match self {
            Self::Entity(e) => e.at.as_deref(),
            Self::Claim(c) => c.at.as_deref(),
            Self::Record(r) => r.at.as_deref(),
        }
    }

    /// Its unknown fields.
    pub fn extra(&self) -> &'a toml::Table {
        match self {
            Self::Entity(e) => &e.extra,
            Self::Claim(c) => &c.extra,
            Self::Record(r) => &r.extra,
        }
    }

    /// Its conflict mark, if it is one of two versions kept side by side.
    pub fn conflict(&self) -> Option<&Conflict> {
        match self {
            Self::Entity(e) => e.conflict.as_ref(),
            Self::Claim(c) => c.conflict.as_ref(),
            Self::Record(r) => r.conflict.as_ref(),
        }
    }

    /// True when its text could not be found in the article.
    pub fn is_orphan(&self) -> bool {
        match self {
            Self::Entity(e) => e.orphan,
            Self::Claim(c) => c.orphan,
            Self::Record(r) => r.orphan,
        }
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Annotation {
        match self {
            Self::Entity(e) => Annotation::Entity((*e).clone()),
            Self::Claim(c) => Annotation::Claim((*c).clone()),
            Self::Record(r) => Annotation::Record((*r).clone()),
        }
    }
}

/// Compares ids naturally: a trailing number compares by value, so `e9`
/// sorts before `e10`; ties (`e01`, `e1`) fall back to plain string order.
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    let (pa, na) = split_id(a);
    let (pb, nb) = split_id(b);
    pa.cmp(pb)
        .then_with(|| {
            let (na, nb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
            na.len().cmp(&nb.len()).then_with(|| na.cmp(nb))
        })
        .then_with(|| a.cmp(b))
}

/// Splits an id into its prefix and trailing ASCII digits.
fn split_id(id: &str) -> (&str, &str) {
    let digits = id.bytes().rev().take_while(u8::is_ascii_digit).count();
    id.split_at(id.len() - digits)
}

/// The number `N` of an id `<prefix><N>` (`e12` → 12 for prefix `e`), if
/// the rest is ASCII digits that fit a `u64`.
pub fn id_number(id: &str, prefix: char) -> Option<u64> {
    let digits = id.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_naturally() {
        let mut ids = vec!["e10", "c2", "e9", "e1", "x", "e01", "c10"];
        ids.sort_by(|a, b| compare_ids(a, b));
        assert_eq!(ids, vec!["c2", "c10", "e01", "e1", "e9", "e10", "x"]);
    }

    #[test]
    fn id_numbers_need_the_prefix_and_digits_only() {
        assert_eq!(id_number("e12", 'e'), Some(12));
        assert_eq!(id_number("c12", 'e'), None);
        assert_eq!(id_number("e", 'e'), None);
        assert_eq!(id_number("e1x", 'e'), None);
        assert_eq!(id_number("e99999999999999999999999", 'e'), None);
    }

    #[test]
    fn claim_kinds_round_trip_by_name() {
        for kind in ClaimKind::ALL {
            assert_eq!(kind.name().parse(), Ok(kind));
        }
        assert_eq!("quoted".parse::<ClaimKind>(), Err(()));
        assert_eq!(ClaimKind::default(), ClaimKind::Indirect);
    }
}
