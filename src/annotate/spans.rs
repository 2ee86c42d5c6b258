//! A set of spans sorted by `(start, end, id)`, found by id and by position
//! in logarithmic time.
//!
//! Each id is stored in the sorted map's key and in the index by id, whose
//! value is only the span: inline when short (most ids, `e12`,
//! `e-4kq8r2mz`: no allocation), shared (an [`Arc`]) otherwise, so that a
//! sidecar of a million entities costs no allocation per id, nor a third
//! copy of a long one.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::model::{Claim, Entity, compare_ids};

/// What a [`SpanSet`] needs of its items.
pub(crate) trait SpanItem {
    /// The unique id.
    fn id(&self) -> &str;
    /// The span as stored.
    fn span(&self) -> Range<usize>;
    /// True when the span is stale (not found in the article).
    fn orphan(&self) -> bool;
}

/// Both annotation kinds are span items the same way.
macro_rules! span_item {
    ($($t:ty),*) => {$(
        impl SpanItem for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn span(&self) -> Range<usize> {
                self.range()
            }
            fn orphan(&self) -> bool {
                self.orphan
            }
        }
    )*};
}

span_item!(Entity, Claim);

/// An id as a [`SpanSet`] keeps it: its bytes inline when it has at most
/// [`Id::INLINE`] of them, else shared.
#[derive(Debug, Clone)]
pub(crate) enum Id {
    /// A short id: its first `len` bytes.
    Inline { len: u8, bytes: [u8; Id::INLINE] },
    /// A longer one.
    Shared(Arc<str>),
}

impl Id {
    /// The longest id held inline, in bytes (the whole is then 24 bytes,
    /// as an `Arc<str>` and its tag).
    const INLINE: usize = 22;

    fn new(id: &str) -> Self {
        match u8::try_from(id.len()) {
            Ok(len) if id.len() <= Self::INLINE => {
                let mut bytes = [0; Self::INLINE];
                bytes[..id.len()].copy_from_slice(id.as_bytes());
                Self::Inline { len, bytes }
            }
            _ => Self::Shared(Arc::from(id)),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Copied from a `str` whole, so always UTF-8.
            Self::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Self::Shared(id) => id,
        }
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Id {}

/// Hashed as its `str` is, so that the index by id is searched by `&str`.
impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// An id ordered naturally (see [`compare_ids`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdKey(pub(crate) Id);

impl IdKey {
    /// The key before every other (the empty id).
    fn least() -> Self {
        Self(Id::new(""))
    }
}

impl Ord for IdKey {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_ids(self.0.as_str(), other.0.as_str())
    }
}

impl PartialOrd for IdKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How the index by id hashes: `foldhash`, seeded at random (a few
/// instructions for a short id where the standard `SipHash` took about 240;
/// still not one an adversary's ids can collide without the seed).
type IdHasher = foldhash::fast::RandomState;

/// The sort key: start, end, id.
pub(crate) type Key = (usize, usize, IdKey);

/// Spans sorted by [`Key`].
#[derive(Debug, Clone)]
pub(crate) struct SpanSet<T> {
    /// Each item boxed: an annotation is some 300 bytes, and the map's nodes
    /// of them were copied whole at each split (a sidecar's items come in
    /// order, so to the last node, split every few); a box is 8 bytes.
    items: BTreeMap<Key, Box<T>>,
    /// The span of each id (with the id, the item's key in `items`).
    keys: HashMap<Id, (usize, usize), IdHasher>,
    /// Multiset of the lengths of non-orphan spans, to bound position queries.
    lengths: BTreeMap<usize, usize>,
}

impl<T> Default for SpanSet<T> {
    fn default() -> Self {
        Self { items: BTreeMap::new(), keys: HashMap::default(), lengths: BTreeMap::new() }
    }
}

impl<T: SpanItem> SpanSet<T> {
    /// The span of `item` as a pair.
    fn span_of(item: &T) -> (usize, usize) {
        let span = item.span();
        (span.start, span.end)
    }

    /// A set of `items`: as inserting them in order (of two items with one
    /// id, the later is kept), with room made for them at once. Each is
    /// moved once, into its box (an item is large: building the map from a
    /// sorted vector of pairs copied each several times, and measured
    /// dearer: 7.3 M instructions on c200 against 6.7 M), and a sidecar's
    /// come sorted, so each goes to the end of the map.
    pub(crate) fn from_items(items: Vec<T>) -> Self {
        let mut set = Self {
            items: BTreeMap::new(),
            keys: HashMap::with_capacity_and_hasher(items.len(), IdHasher::default()),
            lengths: BTreeMap::new(),
        };
        for item in items {
            set.insert(item);
        }
        set
    }

    /// Inserts `item`, replacing and returning any item with the same id
    /// (the id is looked up once).
    pub(crate) fn insert(&mut self, item: T) -> Option<T> {
        let (start, end) = Self::span_of(&item);
        let id = Id::new(item.id());
        let replaced = match self.keys.entry(id.clone()) {
            Entry::Occupied(mut kept) => {
                let (old_start, old_end) = std::mem::replace(kept.get_mut(), (start, end));
                Some((old_start, old_end, IdKey(kept.key().clone())))
            }
            Entry::Vacant(slot) => {
                slot.insert((start, end));
                None
            }
        };
        let old = replaced.and_then(|key| {
            let old = self.items.remove(&key)?;
            if !old.orphan() {
                self.uncount(key.1.saturating_sub(key.0));
            }
            Some(*old)
        });
        if !item.orphan() {
            *self.lengths.entry(end.saturating_sub(start)).or_insert(0) += 1;
        }
        self.items.insert((start, end, IdKey(id)), Box::new(item));
        old
    }

    /// Takes one span of length `len` out of the lengths' multiset.
    fn uncount(&mut self, len: usize) {
        if let Some(count) = self.lengths.get_mut(&len) {
            *count -= 1;
            if *count == 0 {
                self.lengths.remove(&len);
            }
        }
    }

    /// The key in `items` of the item with `id`.
    fn key(&self, id: &str) -> Option<Key> {
        let (id, &(start, end)) = self.keys.get_key_value(id)?;
        Some((start, end, IdKey(id.clone())))
    }

    /// Removes the item with `id`.
    pub(crate) fn remove(&mut self, id: &str) -> Option<T> {
        let (id, (start, end)) = self.keys.remove_entry(id)?;
        let key = (start, end, IdKey(id));
        let item = self.items.remove(&key)?;
        if !item.orphan() {
            self.uncount(key.1.saturating_sub(key.0));
        }
        Some(*item)
    }

    /// The item with `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&T> {
        self.items.get(&self.key(id)?).map(|item| &**item)
    }

    /// True when an item has `id`.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.keys.contains_key(id)
    }

    /// All items in key order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.items.values().map(|item| &**item)
    }

    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Non-orphan items whose span starts in `from..to` (by start offset).
    fn starting_in(&self, from: usize, to: usize) -> impl Iterator<Item = &T> {
        let lo = (from, 0, IdKey::least());
        let hi = (to, 0, IdKey::least());
        // `BTreeMap::range` panics on an empty or reversed range.
        let range = (from < to).then(|| self.items.range(lo..hi)).into_iter().flatten();
        range.map(|(_, item)| &**item).filter(|item| !item.orphan())
    }

    /// Every item (orphans included) whose span is exactly `start..end`, in
    /// key order: a range of the map, found in logarithmic time.
    pub(crate) fn with_span(&self, start: usize, end: usize) -> impl Iterator<Item = &T> {
        let lo = (start, end, IdKey::least());
        let range = match end.checked_add(1) {
            Some(next) => self.items.range(lo..(start, next, IdKey::least())),
            None => self.items.range(lo..),
        };
        range.map(|(_, item)| &**item)
    }

    /// Non-orphan items whose span holds `offset`, in key order.
    pub(crate) fn at(&self, offset: usize) -> impl Iterator<Item = &T> {
        let longest = self.lengths.last_key_value().map_or(0, |(len, _)| *len);
        self.starting_in(offset.saturating_sub(longest), offset.saturating_add(1))
            .filter(move |item| item.span().contains(&offset))
    }

    /// Non-orphan items whose span shares a `char` with `range`, in key order.
    pub(crate) fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = &T> {
        let longest = self.lengths.last_key_value().map_or(0, |(len, _)| *len);
        let from = range.start.saturating_sub(longest);
        self.starting_in(from, range.end).filter(move |item| {
            let span = item.span();
            span.start < range.end && range.start < span.end
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Id number `n`: from 6 on, longer than ids held inline.
    fn id_of(n: usize) -> String {
        if n < 6 { format!("e{n}") } else { format!("e-{}{n}", "x".repeat(Id::INLINE)) }
    }

    fn entity(id: usize, start: usize, len: usize, orphan: bool) -> Entity {
        Entity { id: id_of(id), start, end: start + len, orphan, ..Entity::default() }
    }

    proptest! {
        /// An id is kept as it is, inline or shared, and found by its `str`.
        #[test]
        fn ids_are_kept_whole_at_every_length(id in "[eé😀-]{0,30}") {
            let kept = Id::new(&id);
            prop_assert_eq!(kept.as_str(), id.as_str());
            prop_assert_eq!(matches!(kept, Id::Inline { .. }), id.len() <= Id::INLINE);
            let mut keys = HashMap::new();
            keys.insert(kept.clone(), (1, 2));
            prop_assert_eq!(keys.get(id.as_str()), Some(&(1, 2)));
            prop_assert_eq!(IdKey(kept).cmp(&IdKey(Id::new(&id))), Ordering::Equal);
        }

        /// Building at once is inserting one by one, and both are the plain
        /// model (the last item of each id, in span order): same order,
        /// same ids, same answers to position queries (duplicate ids and
        /// orphans too).
        #[test]
        fn from_items_is_inserting_in_order(
            parts in prop::collection::vec((0usize..12, 0usize..40, 0usize..6, any::<bool>()), 0..20),
        ) {
            let items: Vec<Entity> =
                parts.iter().map(|&(id, start, len, orphan)| entity(id, start, len, orphan)).collect();
            let built = SpanSet::from_items(items.clone());
            let mut inserted = SpanSet::default();
            for item in items {
                inserted.insert(item);
            }
            let all = |set: &SpanSet<Entity>| set.iter().cloned().collect::<Vec<_>>();
            prop_assert_eq!(all(&built), all(&inserted));
            // The plain model: the last item of each id, sorted by span and id.
            let mut model: Vec<Entity> = Vec::new();
            for &(id, start, len, orphan) in &parts {
                let item = entity(id, start, len, orphan);
                model.retain(|m| m.id != item.id);
                model.push(item);
            }
            model.sort_by(|a, b| {
                (a.start, a.end).cmp(&(b.start, b.end)).then_with(|| compare_ids(&a.id, &b.id))
            });
            prop_assert_eq!(all(&built), model.clone());
            for offset in 0..48 {
                let found: Vec<_> = built.at(offset).map(|e| e.id.clone()).collect();
                let scanned: Vec<_> = model
                    .iter()
                    .filter(|e| !e.orphan && e.range().contains(&offset))
                    .map(|e| e.id.clone())
                    .collect();
                prop_assert_eq!(found, scanned);
            }
            for id in 0..12 {
                let id = id_of(id);
                prop_assert!(built.contains(&id) == parts.iter().any(|p| id_of(p.0) == id));
                prop_assert_eq!(built.get(&id), inserted.get(&id));
            }
            for offset in 0..48 {
                let ids = |set: &SpanSet<Entity>| set.at(offset).map(|e| e.id.clone()).collect::<Vec<_>>();
                prop_assert_eq!(ids(&built), ids(&inserted));
            }
            // `with_span` is the items of exactly that span, orphans included.
            for start in 0..42 {
                for len in 0..7 {
                    let found: Vec<_> = built.with_span(start, start + len).collect();
                    let scanned: Vec<_> =
                        built.iter().filter(|e| e.span() == (start..start + len)).collect();
                    prop_assert_eq!(found, scanned);
                }
            }
        }
    }
}
