//! Annotation ids that never collide without coordination, and who made
//! an annotation and when.
//!
//! Two annotators working in two clones of a corpus both add annotations;
//! counting ids up (`e23`, `e24`…) gives both the same next id, and the
//! merged sidecar holds it twice. So new ids are **unique**: the kind's
//! prefix, a `-` and eight random base-32 characters (`e-4kq8r2mz`, 40
//! bits: for two annotators adding a thousand annotations each to one
//! article at once, the chance that two ids meet is about one in a
//! million, and a merge by id still keeps both if they do). Ids of the
//! older form, `e<N>` / `c<N>`, keep loading and are never renumbered.
//!
//! A store without [`IdScheme::Unique`] (the library's default, for tests
//! and tools) still counts up; the reader, `import` and `curate` use unique
//! ids. Ids that a merge must give (an unsaved version moved aside) are
//! **derived** from what is moved ([`derived_id`]), so that two people
//! merging the same two files get the same file.
//!
//! Generic over kinds: an id's prefix is its kind's
//! ([`super::AnnotationKind::id_prefix`]).

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest as _, Sha256};

/// Characters of the random part: Crockford's base 32, lowercase (no
/// `i`, `l`, `o`, `u`: nothing to misread).
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Characters in the random part of a unique id.
pub const RANDOM_CHARS: usize = 8;

/// How a store gives ids to new annotations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IdScheme {
    /// `e1`, `e2`…: counting up from past the highest in the file (the
    /// older form; collides when two annotators add at once).
    #[default]
    Sequential,
    /// `e-4kq8r2mz`: random, unique without coordination.
    Unique {
        /// `Some`: a fixed seed, for tests (the ids are then the same on
        /// every run); `None`: drawn from the system.
        seed: Option<u64>,
        /// How many ids were drawn (moves a fixed seed on).
        drawn: u64,
    },
}

impl IdScheme {
    /// Unique ids from the system's randomness.
    pub fn unique() -> Self {
        Self::Unique { seed: None, drawn: 0 }
    }

    /// Unique ids from a fixed seed: the same ids on every run (tests).
    pub fn seeded(seed: u64) -> Self {
        Self::Unique { seed: Some(seed), drawn: 0 }
    }

    /// True for [`IdScheme::Unique`].
    pub fn is_unique(&self) -> bool {
        matches!(self, Self::Unique { .. })
    }

    /// A new unique-form id with `prefix` (`None` for
    /// [`IdScheme::Sequential`], whose ids the store counts itself).
    pub fn draw(&mut self, prefix: char) -> Option<String> {
        let Self::Unique { seed, drawn } = self else { return None };
        let bits = match seed {
            Some(seed) => splitmix64(seed.wrapping_add(*drawn)),
            None => entropy(),
        };
        *drawn = drawn.wrapping_add(1);
        Some(format_id(prefix, bits))
    }
}

/// `prefix-xxxxxxxx` from the low 40 bits of `bits`.
fn format_id(prefix: char, bits: u64) -> String {
    let mut id = String::with_capacity(2 + RANDOM_CHARS);
    id.push(prefix);
    id.push('-');
    for i in (0..RANDOM_CHARS).rev() {
        id.push(char::from(ALPHABET[((bits >> (5 * i)) & 31) as usize]));
    }
    id
}

/// True when `id` has the unique form (`e-4kq8r2mz`) for `prefix`.
pub fn is_unique_form(id: &str, prefix: char) -> bool {
    let Some(rest) = id.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    rest.len() == RANDOM_CHARS && rest.bytes().all(|b| ALPHABET.contains(&b))
}

/// An id with `prefix` derived from `seed` (the `attempt`-th one): the same
/// seed always gives the same id, different seeds almost never do. For ids
/// a merge gives, so that merging the same files twice, or on two
/// machines, gives the same result.
pub fn derived_id(prefix: char, seed: &[u8], attempt: u64) -> String {
    let mut hash = Sha256::new();
    hash.update(seed);
    hash.update(attempt.to_le_bytes());
    let digest = hash.finalize();
    let mut bits = 0u64;
    for &byte in &digest[..8] {
        bits = (bits << 8) | u64::from(byte);
    }
    format_id(prefix, bits)
}

/// 64 bits from the system: the standard library's randomly keyed hasher
/// over the time, the process and a counter (no two calls of a process
/// alike, nor two processes).
fn entropy() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(now);
    hasher.write_u32(std::process::id());
    splitmix64(hasher.finish())
}

/// `SplitMix64`'s output function: spreads every input bit over the output.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Between an annotator's name and the recommender whose suggestion they
/// accepted, in `by`: `alice+gazetteer` (see `docs/suggest.md`). An
/// annotator's name cannot hold it.
pub const VIA: char = '+';

/// The annotator of `by`: `alice` of `alice+gazetteer` (what they
/// accepted is theirs), or `by` itself.
pub fn annotator(by: &str) -> &str {
    by.split_once(VIA).map_or(by, |(who, _)| who)
}

/// True when `by` says `who` made the annotation: the same name, or `who`
/// accepting a recommender's suggestion (`who+gazetteer`). Agreement and
/// curation by annotator count both as `who`'s; `who` may also name one
/// recommender's share exactly (`alice+gazetteer`).
pub fn made_by(by: &str, who: &str) -> bool {
    by == who || (!who.contains(VIA) && annotator(by) == who)
}

/// Who adds annotations, and whether to record when: stamped on every
/// annotation a store makes ([`super::Store::set_author`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The annotator's name (`by`).
    pub name: String,
    /// Where the time (`at`) comes from.
    pub clock: Stamp,
}

/// Where the time stamped on new annotations comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stamp {
    /// No time is recorded.
    None,
    /// The system clock, in UTC.
    System,
    /// Always this text (tests).
    Fixed(String),
}

impl Author {
    /// `name`, with the system clock.
    pub fn new(name: &str) -> Self {
        Self { name: name.to_owned(), clock: Stamp::System }
    }

    /// The time to stamp on an annotation made now.
    pub fn now(&self) -> Option<String> {
        match &self.clock {
            Stamp::None => None,
            Stamp::System => Some(utc_now()),
            Stamp::Fixed(at) => Some(at.clone()),
        }
    }
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc(secs)
}

/// `secs` since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of day `z` since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_ids_have_their_kinds_prefix_and_differ() {
        let mut ids = IdScheme::unique();
        let drawn: Vec<String> = (0..1000).filter_map(|_| ids.draw('e')).collect();
        assert_eq!(drawn.len(), 1000);
        assert!(drawn.iter().all(|id| is_unique_form(id, 'e')), "{drawn:?}");
        let distinct: std::collections::HashSet<_> = drawn.iter().collect();
        assert_eq!(distinct.len(), 1000);
        assert!(IdScheme::Sequential.draw('e').is_none());
        assert!(!is_unique_form("e12", 'e'));
        assert!(!is_unique_form("c-4kq8r2mz", 'e'));
        assert!(!is_unique_form("e-4kq8r2mi", 'e'), "no i in the alphabet");
    }

    #[test]
    fn a_seed_gives_the_same_ids_every_time() {
        let (mut a, mut b) = (IdScheme::seeded(7), IdScheme::seeded(7));
        let a: Vec<_> = (0..5).filter_map(|_| a.draw('c')).collect();
        let b: Vec<_> = (0..5).filter_map(|_| b.draw('c')).collect();
        assert_eq!(a, b);
        assert!(a[0].starts_with("c-") && a[0] != a[1]);
    }

    #[test]
    fn derived_ids_follow_their_seed() {
        assert_eq!(derived_id('e', b"x", 0), derived_id('e', b"x", 0));
        assert_ne!(derived_id('e', b"x", 0), derived_id('e', b"x", 1));
        assert_ne!(derived_id('e', b"x", 0), derived_id('e', b"y", 0));
        assert!(is_unique_form(&derived_id('c', b"x", 3), 'c'));
    }

    #[test]
    fn times_are_utc_calendar_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_796_000_000), "2026-11-30T00:53:20Z");
        assert_eq!(utc(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(Author { name: "a".into(), clock: Stamp::None }.now(), None);
        let fixed = Author { name: "a".into(), clock: Stamp::Fixed("t".into()) };
        assert_eq!(fixed.now().as_deref(), Some("t"));
        assert_eq!(Author::new("a").now().map(|t| t.len()), Some(20));
    }

    #[test]
    fn an_accepted_suggestion_is_its_annotators() {
        assert_eq!(annotator("alice+gazetteer"), "alice");
        assert_eq!(annotator("alice"), "alice");
        assert!(made_by("alice", "alice"));
        assert!(made_by("alice+gazetteer", "alice"));
        assert!(made_by("alice+gazetteer", "alice+gazetteer"));
        assert!(!made_by("alice+gazetteer", "alice+dates"));
        assert!(!made_by("alicia", "alice"));
        assert!(!made_by("bob+alice", "alice"));
        assert!(!made_by("alice", "alice+gazetteer"));
    }
}
