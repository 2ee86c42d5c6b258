//! An article's status — to do, in progress, done — kept in its sidecar as
//! `[article] status = "…"` (see `docs/format.md`).
//!
//! The key lives with the `[article]` table's other fields, so that every
//! reader and the writer keep it as they keep any field ([`FileExtra`]);
//! this module gives it a meaning. A value that is not one of the three
//! names is kept as it is (nothing is lost), shown as no status, and
//! reported by `hashiya check` at its line.
//!
//! Merging: two annotators who set different statuses agree on the one
//! furthest along ([`merge`]): work done by one is not undone by another's
//! "in progress". A status set back on one side while the other left it
//! alone is taken, as any one-sided change is.

use super::keys;
use super::store::FileExtra;

/// How far the work on an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArticleStatus {
    /// Not started (`"todo"`).
    Todo,
    /// Started (`"in_progress"`).
    InProgress,
    /// Finished (`"done"`).
    Done,
}

impl ArticleStatus {
    /// Every status, in order.
    pub const ALL: [Self; 3] = [Self::Todo, Self::InProgress, Self::Done];

    /// The value written in the sidecar.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    /// Words for the screen.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Todo => "to do",
            Self::InProgress => "in progress",
            Self::Done => "done",
        }
    }

    /// The status a sidecar value names, if it names one.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == value)
    }

    /// The next status when cycling: none → to do → in progress → done → none.
    pub fn cycle(current: Option<Self>) -> Option<Self> {
        match current {
            None => Some(Self::Todo),
            Some(Self::Todo) => Some(Self::InProgress),
            Some(Self::InProgress) => Some(Self::Done),
            Some(Self::Done) => None,
        }
    }
}

/// The status in `extra` (`[article] status`), if it is a valid one.
pub fn of(extra: &FileExtra) -> Option<ArticleStatus> {
    extra.article.get(keys::STATUS).and_then(toml::Value::as_str).and_then(ArticleStatus::parse)
}

/// Why a `status` value is refused by `hashiya check`, if it is.
pub fn problem(value: &toml::Value) -> Option<String> {
    let names = ArticleStatus::ALL.map(|s| format!("\"{}\"", s.name())).join(", ");
    match value.as_str() {
        Some(s) if ArticleStatus::parse(s).is_some() => None,
        Some(s) => Some(format!(
            "`[article] status` is \"{}\", which is no status (one of {names})",
            crate::text::safe::line(s)
        )),
        None => Some(format!("`[article] status` must be a string (one of {names})")),
    }
}

/// Sets (or, `None`, removes) the status in `extra`.
pub fn set(extra: &mut FileExtra, status: Option<ArticleStatus>) {
    match status {
        Some(s) => {
            extra.article.insert(keys::STATUS.to_owned(), toml::Value::String(s.name().to_owned()));
        }
        None => {
            extra.article.remove(keys::STATUS);
        }
    }
}

/// The three-way merge of a status value: a one-sided change is taken; two
/// different changes give the one furthest along (a valid status beats an
/// invalid value or none). Values are compared raw, so that an unknown
/// value is kept, not lost.
pub fn merge(
    base: Option<&toml::Value>,
    ours: Option<&toml::Value>,
    theirs: Option<&toml::Value>,
) -> Option<toml::Value> {
    if ours == theirs || theirs == base {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    let rank =
        |v: Option<&toml::Value>| v.and_then(toml::Value::as_str).and_then(ArticleStatus::parse);
    if rank(theirs) > rank(ours) { theirs.cloned() } else { ours.cloned() }
}

/// Merges the status of `theirs` into `ours` (both from `base`), see [`merge`].
pub fn merge_extra(base: &FileExtra, ours: &mut FileExtra, theirs: &FileExtra) {
    let key = keys::STATUS;
    let merged = merge(base.article.get(key), ours.article.get(key), theirs.article.get(key));
    match merged {
        Some(v) => {
            ours.article.insert(key.to_owned(), v);
        }
        None => {
            ours.article.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> toml::Value {
        toml::Value::String(s.to_owned())
    }

    #[test]
    fn names_parse_back_and_cycle_through_all() {
        for s in ArticleStatus::ALL {
            assert_eq!(ArticleStatus::parse(s.name()), Some(s));
        }
        assert_eq!(ArticleStatus::parse("finished"), None);
        let mut seen = vec![];
        let mut s = None;
        for _ in 0..4 {
            s = ArticleStatus::cycle(s);
            seen.push(s);
        }
        assert_eq!(
            seen,
            [
                Some(ArticleStatus::Todo),
                Some(ArticleStatus::InProgress),
                Some(ArticleStatus::Done),
                None
            ]
        );
    }

    #[test]
    fn a_conflict_merges_to_the_furthest_status() {
        let (todo, prog, done) = (v("todo"), v("in_progress"), v("done"));
        // Both changed: the furthest wins, whichever side it is on.
        assert_eq!(merge(Some(&todo), Some(&prog), Some(&done)), Some(done.clone()));
        assert_eq!(merge(Some(&todo), Some(&done), Some(&prog)), Some(done.clone()));
        assert_eq!(merge(None, Some(&todo), Some(&prog)), Some(prog.clone()));
        // One side changed: taken, even backwards.
        assert_eq!(merge(Some(&done), Some(&done), Some(&todo)), Some(todo.clone()));
        assert_eq!(merge(Some(&done), None, Some(&done)), None);
        // A valid status beats a bad value; a bad value is never lost to nothing.
        assert_eq!(merge(None, Some(&v("bad")), Some(&todo)), Some(todo.clone()));
        assert_eq!(merge(Some(&todo), Some(&v("bad")), None), Some(v("bad")));
    }

    #[test]
    fn bad_values_are_named_safely() {
        assert_eq!(problem(&v("done")), None);
        let why = problem(&v("fini\u{1b}[2J")).unwrap_or_default();
        assert!(why.contains("no status"), "{why}");
        assert!(!why.contains('\u{1b}'), "{why}");
        assert!(problem(&toml::Value::Integer(3)).is_some_and(|w| w.contains("string")));
    }

    #[test]
    fn set_and_read_back() {
        let mut extra = FileExtra::default();
        assert_eq!(of(&extra), None);
        set(&mut extra, Some(ArticleStatus::InProgress));
        assert_eq!(of(&extra), Some(ArticleStatus::InProgress));
        set(&mut extra, None);
        assert!(extra.article.is_empty());
    }
}
