//! When two annotators' annotations are "the same", and where they are not:
//! the one comparison `agree` and `curate` share. Pure.
//!
//! - Two entities are the same when they have the same span (start and
//!   end) and the same label.
//! - Two claims are the same when they have the same content span, the
//!   same claimant, the same cue span and the same kind. A claimant entity
//!   is compared by its span and label (ids differ from one annotator to
//!   the next), a free-text claimant by its text folded (spaces collapsed,
//!   harakat and letter forms ignored, as search does).
//!
//! [`compare`] matches the annotations of any number of annotators of one
//! article one to one on these keys: what every annotator has is
//! **agreed**; the rest is grouped into **disagreements** — annotations of
//! one kind whose spans overlap, each annotator's versions side by side —
//! and each says why it is one ([`Why`]): missing on a side, another label,
//! other boundaries, another claimant, cue or kind.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;

use crate::annotate::keys::{FROM, TO};
use crate::annotate::{AnnotationKind, Claim, ClaimKind, Claimant, Entity, Record};
use crate::text::normalize::{Folding, fold};

/// One annotator's annotations of an article.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The entities.
    pub entities: &'a [Entity],
    /// The claims.
    pub claims: &'a [Claim],
    /// More entities a claimant may name (another annotator's, in a merged
    /// sidecar), not compared themselves.
    pub context: &'a [Entity],
    /// The relations (records of the relation kind); only
    /// [`compare_relations`] looks at them.
    pub relations: &'a [Record],
}

impl<'a> Side<'a> {
    /// A side of these entities and claims.
    pub fn new(entities: &'a [Entity], claims: &'a [Claim]) -> Self {
        Self { entities, claims, context: &[], relations: &[] }
    }

    /// Its entities and context entities by id, to resolve claimants.
    pub fn claimants(&self) -> HashMap<&'a str, &'a Entity> {
        let mut map = by_id(self.context);
        map.extend(by_id(self.entities));
        map
    }
}

/// What makes two entities the same: span and label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityKey {
    /// First `char`.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The label.
    pub label: String,
}

/// The key of an entity.
pub fn entity_key(e: &Entity) -> EntityKey {
    EntityKey { start: e.start, end: e.end, label: e.label.clone() }
}

/// Who makes a claim, in terms every annotator shares.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimantKey {
    /// No claimant.
    Nobody,
    /// An entity, by its span and label.
    Entity(EntityKey),
    /// Free text, folded.
    Text(String),
    /// An id that names no entity of its side (the loader refuses these):
    /// the same as nothing else.
    Missing(String),
}

/// A free-text claimant as compared: spaces collapsed, then folded (harakat,
/// tatweel, alef forms… see [`Folding::all`]).
pub fn folded_claimant(text: &str) -> String {
    fold(&text.split_whitespace().collect::<Vec<_>>().join(" "), &Folding::all())
}

/// What makes two claims the same: content span, claimant, cue span, kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimKey {
    /// The content span.
    pub span: (usize, usize),
    /// Who makes it.
    pub claimant: ClaimantKey,
    /// The cue's span.
    pub cue: Option<(usize, usize)>,
    /// How it is reported.
    pub kind: ClaimKind,
}

/// The entities of a side by id, to resolve claimants.
pub fn by_id(entities: &[Entity]) -> HashMap<&str, &Entity> {
    entities.iter().map(|e| (e.id.as_str(), e)).collect()
}

/// Who makes `claim`, its entities being `entities` (see [`by_id`]).
pub fn claimant_key<S: std::hash::BuildHasher>(
    claim: &Claim,
    entities: &HashMap<&str, &Entity, S>,
) -> ClaimantKey {
    match &claim.claimant {
        None => ClaimantKey::Nobody,
        Some(Claimant::Text(t)) => ClaimantKey::Text(folded_claimant(t)),
        Some(Claimant::Entity(id)) => entities.get(id.as_str()).map_or_else(
            || ClaimantKey::Missing(id.clone()),
            |e| ClaimantKey::Entity(entity_key(e)),
        ),
    }
}

/// The key of `claim`, its entities being `entities` (see [`by_id`]).
pub fn claim_key<S: std::hash::BuildHasher>(
    claim: &Claim,
    entities: &HashMap<&str, &Entity, S>,
) -> ClaimKey {
    ClaimKey {
        span: (claim.start, claim.end),
        claimant: claimant_key(claim, entities),
        cue: claim.cue.as_ref().map(|c| (c.start, c.end)),
        kind: claim.kind,
    }
}

/// Why annotations are a disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Some annotators have it, others have nothing there.
    Missing,
    /// Same span, another label (entities).
    Label,
    /// Overlapping spans that are not the same.
    Boundaries,
    /// Same span, another claimant (claims).
    Claimant,
    /// Same span, another cue.
    Cue,
    /// Same span, another kind.
    Kind,
    /// Relations between the same two spans, reversed or between entities
    /// of other labels.
    Ends,
}

impl Why {
    /// As said to people: `missing`, `other label`, `other boundaries`…
    pub fn describe(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Label => "other label",
            Self::Boundaries => "other boundaries",
            Self::Claimant => "other claimant",
            Self::Cue => "other cue",
            Self::Kind => "other kind",
            Self::Ends => "other ends",
        }
    }
}

/// Annotations every annotator has: one index per side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreed {
    /// Entity or claim.
    pub kind: AnnotationKind,
    /// For each side, the index of its annotation (in its entities or claims).
    pub versions: Vec<usize>,
}

/// Annotations of one kind, overlapping, on which the annotators differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// Entity or claim.
    pub kind: AnnotationKind,
    /// For each side, the indexes of its annotations here (none: it has none).
    pub versions: Vec<Vec<usize>>,
    /// Why (one or more, in the order of [`Why`]).
    pub why: Vec<Why>,
    /// From the first `char` of the first span to the end of the last.
    pub range: Range<usize>,
}

/// What [`compare`] finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// What every side has, in document order.
    pub agreed: Vec<Agreed>,
    /// The rest, grouped, in document order.
    pub disagreements: Vec<Disagreement>,
}

/// One annotation of one side, as the grouping sees it.
struct Item {
    side: usize,
    index: usize,
    range: Range<usize>,
}

/// Matches `keys[side][i]` one to one across every side: a key that every
/// side has `k` times or more gives `k` agreed tuples (each side's first
/// ones in order); returns them and, per side, which items are unmatched.
fn match_keys<K: Eq + std::hash::Hash>(keys: &[Vec<K>]) -> (Vec<Vec<usize>>, Vec<Vec<bool>>) {
    let mut unmatched: Vec<Vec<bool>> = keys.iter().map(|k| vec![true; k.len()]).collect();
    let Some(first) = keys.first() else { return (Vec::new(), unmatched) };
    let mut positions: Vec<HashMap<&K, Vec<usize>>> = Vec::with_capacity(keys.len());
    for side in keys {
        let mut map: HashMap<&K, Vec<usize>> = HashMap::new();
        for (i, key) in side.iter().enumerate() {
            map.entry(key).or_default().push(i);
        }
        positions.push(map);
    }
    // Cursor into each side's list of positions of a key.
    let mut used: Vec<HashMap<&K, usize>> = vec![HashMap::new(); keys.len()];
    let mut agreed = Vec::new();
    for key in first {
        let tuple: Option<Vec<usize>> = positions
            .iter()
            .zip(&used)
            .map(|(map, used)| map.get(key)?.get(used.get(key).copied().unwrap_or(0)).copied())
            .collect();
        if let Some(tuple) = tuple {
            for (side, &i) in tuple.iter().enumerate() {
                *used[side].entry(key).or_default() += 1;
                unmatched[side][i] = false;
            }
            agreed.push(tuple);
        }
    }
    (agreed, unmatched)
}

/// Groups the unmatched items of one kind: items whose spans overlap (or
/// are the same empty span) are in one group, transitively.
fn group(mut items: Vec<Item>) -> Vec<Vec<Item>> {
    items.sort_by_key(|i| (i.range.start, i.range.end, i.side, i.index));
    let mut groups: Vec<Vec<Item>> = Vec::new();
    let mut end = 0;
    for item in items {
        let joins = groups
            .last()
            .is_some_and(|g| item.range.start < end || g.iter().any(|o| o.range == item.range));
        end = if joins { end.max(item.range.end) } else { item.range.end };
        match groups.last_mut() {
            Some(g) if joins => g.push(item),
            _ => groups.push(vec![item]),
        }
    }
    groups
}

/// Compares the annotations of `sides` (at least one).
pub fn compare(sides: &[Side<'_>]) -> Comparison {
    let n = sides.len();
    let entity_keys: Vec<Vec<EntityKey>> =
        sides.iter().map(|s| s.entities.iter().map(entity_key).collect()).collect();
    let claim_keys: Vec<Vec<ClaimKey>> = sides
        .iter()
        .map(|s| {
            let entities = s.claimants();
            s.claims.iter().map(|c| claim_key(c, &entities)).collect()
        })
        .collect();
    let mut out = Comparison::default();
    for kind in AnnotationKind::ALL {
        let (agreed, unmatched) = match kind {
            AnnotationKind::Entity => match_keys(&entity_keys),
            AnnotationKind::Claim => match_keys(&claim_keys),
            // Not in `ALL`: records are compared on their own.
            AnnotationKind::Record => (Vec::new(), Vec::new()),
        };
        out.agreed.extend(agreed.into_iter().map(|versions| Agreed { kind, versions }));
        let range = |side: usize, i: usize| match kind {
            AnnotationKind::Entity => sides[side].entities[i].range(),
            AnnotationKind::Claim => sides[side].claims[i].range(),
            AnnotationKind::Record => 0..0,
        };
        let items: Vec<Item> = unmatched
            .iter()
            .enumerate()
            .flat_map(|(side, flags)| {
                flags.iter().enumerate().filter(|(_, u)| **u).map(move |(index, _)| (side, index))
            })
            .map(|(side, index)| Item { side, index, range: range(side, index) })
            .collect();
        for g in group(items) {
            let mut versions = vec![Vec::new(); n];
            for item in &g {
                versions[item.side].push(item.index);
            }
            let start = g.iter().map(|i| i.range.start).min().unwrap_or(0);
            let end = g.iter().map(|i| i.range.end).max().unwrap_or(start);
            let why = match kind {
                AnnotationKind::Entity => why(&versions, |s, i| &entity_keys[s][i], entity_why),
                AnnotationKind::Claim => why(&versions, |s, i| &claim_keys[s][i], claim_why),
                AnnotationKind::Record => Vec::new(),
            };
            out.disagreements.push(Disagreement { kind, versions, why, range: start..end });
        }
    }
    let start_of = |kind: AnnotationKind, side: usize, i: usize| match kind {
        AnnotationKind::Entity => (sides[side].entities[i].start, sides[side].entities[i].end),
        AnnotationKind::Claim => (sides[side].claims[i].start, sides[side].claims[i].end),
        AnnotationKind::Record => (0, 0),
    };
    out.agreed.sort_by_key(|a| (start_of(a.kind, 0, a.versions[0]), a.kind));
    out.disagreements.sort_by_key(|d| (d.range.start, d.range.end, d.kind));
    out
}

/// Why the versions of a group differ: missing when a side has none, else
/// what the keys of the versions differ in (`differ` compares two keys).
fn why<'k, K: 'k>(
    versions: &[Vec<usize>],
    key: impl Fn(usize, usize) -> &'k K,
    differ: fn(&K, &K, &mut BTreeSet<Why>),
) -> Vec<Why> {
    let mut out = BTreeSet::new();
    if versions.iter().any(Vec::is_empty) {
        out.insert(Why::Missing);
    }
    let keys: Vec<&K> = versions
        .iter()
        .enumerate()
        .flat_map(|(side, v)| v.iter().map(move |&i| (side, i)))
        .map(|(side, i)| key(side, i))
        .collect();
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            differ(a, b, &mut out);
        }
    }
    out.into_iter().collect()
}

fn entity_why(a: &EntityKey, b: &EntityKey, out: &mut BTreeSet<Why>) {
    if (a.start, a.end) != (b.start, b.end) {
        out.insert(Why::Boundaries);
    } else if a.label != b.label {
        out.insert(Why::Label);
    }
}

fn claim_why(a: &ClaimKey, b: &ClaimKey, out: &mut BTreeSet<Why>) {
    if a.span != b.span {
        out.insert(Why::Boundaries);
        return;
    }
    if a.claimant != b.claimant {
        out.insert(Why::Claimant);
    }
    if a.cue != b.cue {
        out.insert(Why::Cue);
    }
    if a.kind != b.kind {
        out.insert(Why::Kind);
    }
}

/// One end of a relation, in terms every annotator shares.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EndKey {
    /// An entity, by its span and label.
    Entity(EntityKey),
    /// An id naming no entity of side `.0`: the same as nothing else.
    Missing(usize, String),
}

impl EndKey {
    /// The end's span, if it names an entity.
    fn span(&self) -> Option<(usize, usize)> {
        match self {
            Self::Entity(k) => Some((k.start, k.end)),
            Self::Missing(..) => None,
        }
    }
}

/// What makes two relations the same: type and both ends (an entity end
/// matched by span and label, as [`entity_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationKey {
    /// The relation's type.
    pub label: String,
    /// Where it starts.
    pub from: EndKey,
    /// Where it goes.
    pub to: EndKey,
}

/// The key of relation `r` of side `side`, its ends resolved among
/// `entities` (see [`Side::claimants`]).
pub fn relation_key<S: std::hash::BuildHasher>(
    r: &Record,
    side: usize,
    entities: &HashMap<&str, &Entity, S>,
) -> RelationKey {
    let end = |key| {
        let id = r.text_of(key).unwrap_or_default();
        entities
            .get(id)
            .map_or_else(|| EndKey::Missing(side, id.to_owned()), |e| EndKey::Entity(entity_key(e)))
    };
    RelationKey { label: r.label().unwrap_or_default().to_owned(), from: end(FROM), to: end(TO) }
}

/// The range from the first end's start to the last end's end (`0..0`
/// when no end names an entity).
fn relation_range(k: &RelationKey) -> Range<usize> {
    let spans: Vec<(usize, usize)> =
        [&k.from, &k.to].into_iter().filter_map(EndKey::span).collect();
    let start = spans.iter().map(|s| s.0).min().unwrap_or(0);
    start..spans.iter().map(|s| s.1).max().unwrap_or(start)
}

/// Compares the relations of `sides` as [`compare`] compares entities:
/// the same relations (type, both ends by span and label) every side has
/// are agreed (kind [`AnnotationKind::Record`]); the rest are grouped by
/// the two spans they join (either direction), each group a disagreement
/// (missing, other label — the type —, other ends).
pub fn compare_relations(sides: &[Side<'_>]) -> Comparison {
    let n = sides.len();
    let keys: Vec<Vec<RelationKey>> = sides
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let entities = s.claimants();
            s.relations.iter().map(|r| relation_key(r, i, &entities)).collect()
        })
        .collect();
    let (agreed, unmatched) = match_keys(&keys);
    let kind = AnnotationKind::Record;
    let mut out = Comparison {
        agreed: agreed.into_iter().map(|versions| Agreed { kind, versions }).collect(),
        disagreements: Vec::new(),
    };
    // Unmatched relations grouped by the (unordered) pair of their ends.
    let mut groups: std::collections::BTreeMap<GroupKey, Vec<Vec<usize>>> =
        std::collections::BTreeMap::new();
    for (side, flags) in unmatched.iter().enumerate() {
        for (i, _) in flags.iter().enumerate().filter(|(_, u)| **u) {
            let k = &keys[side][i];
            let ends = |e: &EndKey| match e {
                EndKey::Entity(k) => Ok((k.start, k.end)),
                EndKey::Missing(s, id) => Err((*s, id.clone())),
            };
            let (a, b) = (ends(&k.from), ends(&k.to));
            let pair = if a <= b { (a, b) } else { (b, a) };
            let range = relation_range(k);
            let at = (range.start, range.end);
            let entry = groups.entry((pair, at)).or_insert_with(|| vec![Vec::new(); n]);
            entry[side].push(i);
        }
    }
    for ((_, (start, end)), versions) in groups {
        let why = why(&versions, |s, i| &keys[s][i], relation_why);
        out.disagreements.push(Disagreement { kind, versions, why, range: start..end });
    }
    let start = |a: &Agreed| relation_range(&keys[0][a.versions[0]]);
    out.agreed.sort_by_key(|a| (start(a).start, start(a).end));
    out.disagreements.sort_by_key(|d| (d.range.start, d.range.end));
    out
}

/// An end as grouped: its span, or (side, id) when it names nothing.
type EndSpan = Result<(usize, usize), (usize, String)>;
/// Two ends, in order, and the range they cover.
type GroupKey = ((EndSpan, EndSpan), (usize, usize));

fn relation_why(a: &RelationKey, b: &RelationKey, out: &mut BTreeSet<Why>) {
    if a.label != b.label {
        out.insert(Why::Label);
    }
    if (&a.from, &a.to) != (&b.from, &b.to) {
        out.insert(Why::Ends);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Cue;

    fn e(id: &str, label: &str, start: usize, end: usize) -> Entity {
        Entity { id: id.into(), label: label.into(), start, end, ..Entity::default() }
    }

    fn c(id: &str, start: usize, end: usize, who: Option<Claimant>) -> Claim {
        Claim { id: id.into(), start, end, claimant: who, ..Claim::default() }
    }

    #[test]
    fn the_same_entities_agree_and_the_rest_is_grouped_with_its_reason() {
        let a =
            [e("e1", "P", 0, 5), e("e2", "G", 10, 15), e("e3", "O", 20, 25), e("e4", "P", 40, 45)];
        let b = [e("x", "P", 0, 5), e("y", "O", 10, 15), e("z", "O", 20, 27), e("w", "P", 30, 33)];
        let cmp = compare(&[Side::new(&a, &[]), Side::new(&b, &[])]);
        assert_eq!(cmp.agreed, [Agreed { kind: AnnotationKind::Entity, versions: vec![0, 0] }]);
        let found: Vec<_> =
            cmp.disagreements.iter().map(|d| (d.versions.clone(), d.why.clone())).collect();
        assert_eq!(
            found,
            [
                (vec![vec![1], vec![1]], vec![Why::Label]),
                (vec![vec![2], vec![2]], vec![Why::Boundaries]),
                (vec![vec![], vec![3]], vec![Why::Missing]),
                (vec![vec![3], vec![]], vec![Why::Missing]),
            ]
        );
        assert_eq!(cmp.disagreements[1].range, 20..27);
    }

    #[test]
    fn claims_agree_on_span_claimant_cue_and_kind_whatever_the_ids() {
        let ea = [e("e1", "P", 0, 5)];
        let eb = [e("e9", "P", 0, 5)];
        let with_cue = |mut claim: Claim| {
            claim.cue = Some(Cue::new(6..9, "قال"));
            claim
        };
        let ca = [
            with_cue(c("c1", 10, 20, Some(Claimant::Entity("e1".into())))),
            c("c2", 30, 40, Some(Claimant::Text("وزيرُ  الدفاع".into()))),
            c("c3", 50, 60, None),
            c("c4", 70, 80, None),
        ];
        let mut direct = c("k4", 70, 80, None);
        direct.kind = ClaimKind::Direct;
        let cb = [
            with_cue(c("k1", 10, 20, Some(Claimant::Entity("e9".into())))),
            c("k2", 30, 40, Some(Claimant::Text("وزير الدفاع".into()))),
            with_cue(c("k3", 50, 60, Some(Claimant::Text("هو".into())))),
            direct,
        ];
        let cmp = compare(&[Side::new(&ea, &ca), Side::new(&eb, &cb)]);
        let claims: Vec<_> =
            cmp.agreed.iter().filter(|a| a.kind == AnnotationKind::Claim).collect();
        assert_eq!(claims.len(), 2, "{cmp:?}");
        let why: Vec<_> = cmp.disagreements.iter().map(|d| d.why.clone()).collect();
        assert_eq!(why, [vec![Why::Claimant, Why::Cue], vec![Why::Kind]]);
    }

    #[test]
    fn three_annotators_agree_only_on_what_all_have() {
        let a = [e("1", "P", 0, 5), e("2", "P", 10, 15)];
        let b = [e("1", "P", 0, 5), e("2", "P", 10, 15)];
        let c = [e("1", "P", 0, 5)];
        let sides = [&a[..], &b[..], &c[..]].map(|x| Side::new(x, &[]));
        let cmp = compare(&sides);
        assert_eq!(cmp.agreed.len(), 1);
        assert_eq!(cmp.disagreements[0].versions, [vec![1], vec![1], vec![]]);
        assert_eq!(cmp.disagreements[0].why, [Why::Missing]);
        // Duplicates on one side match as many times as every side has them.
        let twice = [e("1", "P", 0, 5), e("2", "P", 0, 5)];
        let cmp = compare(&[Side::new(&twice, &[]), Side::new(&a, &[])]);
        assert_eq!(cmp.agreed.len(), 1);
        assert_eq!(cmp.disagreements.len(), 2);
    }
}
