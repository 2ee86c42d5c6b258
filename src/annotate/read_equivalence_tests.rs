//! The fast reader of the writer's form (`read_canonical`) against the full
//! TOML reader (`read::parse_full`): whenever the fast reader accepts a file,
//! it must give exactly what the full reader gives; on the writer's own
//! output for a valid store with simple unknown fields it must accept;
//! on anything else it must hand over, so errors keep their line and column.
//! The section reader (`read_sections`) likewise: whenever it reads a file,
//! its answer is the full reader's, errors included (for a file that is not
//! TOML both say so, each naming a syntax error at its place, not always
//! the same one: the full parser reports grammar errors before others).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::path::Path;

use proptest::prelude::*;

use super::kinds::{Kinds, Record, Value};
use super::model::{Claim, ClaimKind, Claimant, Conflict, Cue, Entity};
use super::read::{Parsed, parse, parse_full};
use super::read_canonical::parse_canonical;
use super::read_sections::parse_sections;
use super::sidecar::{SidecarError, anchored, parse_str};
use super::store::{FileExtra, Store};
use super::write::render;

const PATH: &str = "a.txt.ann.toml";

/// Pieces of awkward text: TOML syntax, escapes, controls (C0, DEL, C1),
/// bidi and zero-width marks, separators, BOM, emoji, Arabic with harakat.
const PIECES: &[&str] = &[
    "قال",
    "الصينُ",
    " ",
    "\"",
    "\\",
    "\\\"",
    "\n",
    "\r\n",
    "\t",
    "\u{0}",
    "\u{8}",
    "\u{c}",
    "\u{1b}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\u{200F}",
    "\u{202E}",
    "\u{2067}",
    "\u{200D}",
    "\u{2028}",
    "\u{FEFF}",
    "\u{AD}",
    "😀",
    "👩‍👩‍👧",
    "'''",
    "\"\"\"",
    "#",
    " = ",
    "[[entity]]",
    "\\u0041",
    "{ }",
    ", ",
    "e1",
    "0",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

/// Ids: mostly Hashiya's own, sometimes hand-made (possibly invalid:
/// empty, with spaces, duplicated across entities and claims).
fn id(prefix: char) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (0u64..40).prop_map(move |n| format!("{prefix}{n}")),
        1 => text(),
        1 => prop::sample::select(&["person-1", "e\u{0}", "x\"y", "ش"][..]).prop_map(str::to_owned),
    ]
}

/// Unknown keys: bare, quoted, empty, dotted-looking, and known names
/// (which make duplicate keys when written).
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(
            &["x", "a-b_1", "confidence", "", "ملاحظة", "a b", "a.b", "\"q\"", "z"][..]
        )
        .prop_map(str::to_owned),
        1 => prop::sample::select(
            &["id", "note", "text", "start", "label", "link", "kind", "cue", "schema", "file", "conflict", "with", "by", "at", "from", "to", "relation"][..]
        )
        .prop_map(str::to_owned),
        1 => text(),
    ]
}

/// Unknown values: mostly the scalars the fast reader takes, sometimes
/// floats, dates, arrays and tables it leaves to the full reader.
fn value() -> impl Strategy<Value = toml::Value> {
    let date: toml::value::Datetime = "1979-05-27T07:32:00Z".parse().unwrap();
    prop_oneof![
        3 => text().prop_map(toml::Value::String),
        3 => any::<i64>().prop_map(toml::Value::Integer),
        1 => any::<bool>().prop_map(toml::Value::Boolean),
        1 => prop::num::f64::NORMAL.prop_map(toml::Value::Float),
        1 => Just(toml::Value::Datetime(date)),
        1 => prop::collection::vec(any::<i64>().prop_map(toml::Value::Integer), 0..3)
            .prop_map(toml::Value::Array),
        1 => prop::collection::btree_map(key(), any::<bool>().prop_map(toml::Value::Boolean), 0..2)
            .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
    ]
}

fn extra() -> impl Strategy<Value = toml::Table> {
    prop_oneof![
        3 => Just(toml::Table::new()),
        1 => prop::collection::btree_map(key(), value(), 1..3).prop_map(|m| m.into_iter().collect()),
    ]
}

/// Unknown fields the fast reader takes: scalars under unknown keys.
fn simple_extra() -> impl Strategy<Value = toml::Table> {
    let key = prop_oneof![
        prop::sample::select(&["x", "a-b_1", "", "ملاحظة", "a b", "a.b", "\"q\""][..])
            .prop_map(str::to_owned),
        text().prop_map(|t| format!("x{t}")),
    ];
    let value = prop_oneof![
        text().prop_map(toml::Value::String),
        any::<i64>().prop_map(toml::Value::Integer),
        any::<bool>().prop_map(toml::Value::Boolean),
    ];
    prop_oneof![
        2 => Just(toml::Table::new()),
        1 => prop::collection::btree_map(key, value, 1..3).prop_map(|m| m.into_iter().collect()),
    ]
}

/// A span, sometimes reversed (which the readers refuse).
fn span() -> impl Strategy<Value = (usize, usize)> {
    prop_oneof![
        9 => (0usize..200, 0usize..20).prop_map(|(s, l)| (s, s + l)),
        1 => (1usize..200).prop_map(|s| (s, s - 1)),
        1 => Just((usize::MAX, usize::MAX)),
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(&["PERSON", "ORG", "GPE"][..]).prop_map(str::to_owned),
        1 => text(),
    ]
}

/// A conflict mark: `with` any id (possibly invalid), `source` optional,
/// unknown fields of any kind.
fn conflict() -> impl Strategy<Value = Option<Conflict>> {
    prop::option::of(
        (id('e'), prop::option::of(text()), extra()).prop_map(|(with, source, extra)| Conflict {
            with,
            source,
            extra,
        }),
    )
}

/// A conflict mark the fast reader takes.
fn simple_conflict() -> impl Strategy<Value = Option<Conflict>> {
    prop::option::of(
        ((0u64..40), prop::option::of(text()), simple_extra())
            .prop_map(|(n, source, extra)| Conflict { with: format!("e{n}"), source, extra }),
    )
}

/// Who made an annotation and when: often nobody, sometimes anything.
fn made() -> impl Strategy<Value = (Option<String>, Option<String>)> {
    (prop::option::of(text()), prop::option::of(text()))
}

fn entity() -> impl Strategy<Value = Entity> {
    let named = (label(), prop::option::of(text()));
    (id('e'), named, span(), text(), prop::option::of(text()), conflict(), extra(), made())
        .prop_map(|(id, (label, link), (start, end), text, note, conflict, extra, (by, at))| {
            Entity {
                id,
                label,
                link,
                start,
                end,
                text,
                note,
                by,
                at,
                conflict,
                extra,
                orphan: false,
            }
        })
}

/// How a claim names its claimant: the n-th entity, an id no entity has,
/// or free text.
#[derive(Debug, Clone)]
enum Who {
    Nobody,
    Entity(usize),
    Missing,
    Text(String),
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        3 => Just(Who::Nobody),
        3 => (0usize..8).prop_map(Who::Entity),
        1 => Just(Who::Missing),
        2 => text().prop_map(Who::Text),
    ]
}

fn cue() -> impl Strategy<Value = Option<Cue>> {
    prop::option::of((span(), text(), extra()).prop_map(|((start, end), text, extra)| Cue {
        start,
        end,
        text,
        extra,
    }))
}

/// A claim with no claimant yet (the strategies pair it with a [`Who`]).
#[allow(clippy::too_many_arguments)]
fn new_claim(
    id: String,
    span: std::ops::Range<usize>,
    text: String,
    cue: Option<Cue>,
    kind: usize,
    note: Option<String>,
    extra: toml::Table,
) -> Claim {
    let kind = ClaimKind::ALL[kind];
    Claim {
        id,
        start: span.start,
        end: span.end,
        text,
        claimant: None,
        cue,
        kind,
        note,
        by: None,
        at: None,
        conflict: None,
        extra,
        orphan: false,
    }
}

fn claim() -> impl Strategy<Value = (Claim, Who)> {
    let parts =
        (id('c'), span(), text(), who(), cue(), 0usize..3, prop::option::of(text()), extra());
    (parts, conflict(), made()).prop_map(
        |((id, (start, end), text, who, cue, kind, note, extra), conflict, (by, at))| {
            let mut claim = new_claim(id, start..end, text, cue, kind, note, extra);
            claim.conflict = conflict;
            (claim.by, claim.at) = (by, at);
            (claim, who)
        },
    )
}

/// A relation's end: the n-th entity, or any id (possibly invalid, or
/// naming nothing: a dangling end loads, `check` reports it).
#[derive(Debug, Clone)]
enum End {
    Entity(usize),
    Id(String),
}

fn end() -> impl Strategy<Value = End> {
    prop_oneof![4 => (0usize..8).prop_map(End::Entity), 1 => id('e').prop_map(End::Id)]
}

/// A relation with unresolved ends (the strategies resolve them in `build`).
type RawRelation = (Record, End, End);

fn new_relation(id: &str, label: String, note: Option<String>, extra: toml::Table) -> Record {
    let mut r = Record::new(Kinds::relation(), id);
    r.set(super::keys::LABEL, Some(Value::Text(label)));
    r.set(super::keys::NOTE, note.map(Value::Text));
    r.extra = extra;
    r
}

fn relation() -> impl Strategy<Value = RawRelation> {
    let parts = (id('r'), label(), end(), end(), prop::option::of(text()), extra());
    (parts, conflict(), made()).prop_map(|((id, label, from, to, note, extra), conflict, made)| {
        let mut r = new_relation(&id, label, note, extra);
        r.conflict = conflict;
        (r.by, r.at) = made;
        (r, from, to)
    })
}

/// A relation the fast reader takes.
fn valid_relation() -> impl Strategy<Value = RawRelation> {
    let parts = ((0u64..40), (0usize..8, 0usize..8), prop::option::of(text()), simple_extra());
    (parts, simple_conflict(), made()).prop_map(|((n, (from, to), note, extra), conflict, made)| {
        let mut r = new_relation(&format!("r{n}"), "member_of".into(), note, extra);
        r.conflict = conflict;
        (r.by, r.at) = made;
        (r, End::Entity(from), End::Entity(to))
    })
}

/// A store as the writer may meet it: built without the checks of the
/// editing methods, so it may hold what the readers must refuse.
fn store() -> impl Strategy<Value = Store> {
    (
        prop::collection::vec(entity(), 0..6),
        prop::collection::vec(claim(), 0..6),
        prop::collection::vec(relation(), 0..4),
        (1u64..50, 1u64..50),
        extra(),
        extra(),
    )
        .prop_map(build)
}

/// A valid store in the writer's reach: unique ids, labels, ordered spans,
/// claimants naming entities, unknown fields the fast reader takes.
fn valid_store() -> impl Strategy<Value = Store> {
    let entity = (
        (0u64..40, prop::option::of(text())),
        (0usize..200, 0usize..20),
        text(),
        prop::option::of(text()),
        simple_conflict(),
        simple_extra(),
        made(),
    )
        .prop_map(|((n, link), (start, len), text, note, conflict, extra, (by, at))| Entity {
            id: format!("e{n}"),
            label: "PERSON".into(),
            link,
            start,
            end: start + len,
            text,
            note,
            by,
            at,
            conflict,
            extra,
            orphan: false,
        });
    let cue = prop::option::of(
        ((0usize..200, 0usize..5), text(), simple_extra())
            .prop_map(|((start, len), text, extra)| Cue { start, end: start + len, text, extra }),
    );
    let who = prop_oneof![
        Just(Who::Nobody),
        (0usize..8).prop_map(Who::Entity),
        text().prop_map(Who::Text)
    ];
    let claim = (
        (0u64..40),
        (0usize..200, 0usize..20),
        text(),
        who,
        cue,
        0usize..3,
        prop::option::of(text()),
        simple_extra(),
    );
    let claim = (claim, simple_conflict(), made()).prop_map(
        |((n, (start, len), text, who, cue, kind, note, extra), conflict, (by, at))| {
            let mut claim =
                new_claim(format!("c{n}"), start..start + len, text, cue, kind, note, extra);
            claim.conflict = conflict;
            (claim.by, claim.at) = (by, at);
            (claim, who)
        },
    );
    (
        prop::collection::vec(entity, 0..6),
        prop::collection::vec(claim, 0..6),
        prop::collection::vec(valid_relation(), 0..4),
        (1u64..50, 1u64..50),
        simple_extra(),
        simple_extra(),
    )
        .prop_map(build)
}

/// What a store is built from: entities, claims with their claimant,
/// relations with their ends, the id counters, unknown top-level and
/// `[article]` fields.
type Parts =
    (Vec<Entity>, Vec<(Claim, Who)>, Vec<RawRelation>, (u64, u64), toml::Table, toml::Table);

/// The store of these parts, with each claim's claimant and each
/// relation's ends resolved.
fn build((entities, claims, relations, counters, top, article): Parts) -> Store {
    let resolve = |end: End| match end {
        End::Entity(_) if entities.is_empty() => "e0".to_owned(),
        End::Entity(n) => entities[n % entities.len()].id.clone(),
        End::Id(id) => id,
    };
    let relations: Vec<Record> = relations
        .into_iter()
        .map(|(mut r, from, to)| {
            r.set(super::keys::FROM, Some(Value::Text(resolve(from))));
            r.set(super::keys::TO, Some(Value::Text(resolve(to))));
            r
        })
        .collect();
    let claims = claims
        .into_iter()
        .map(|(mut claim, who)| {
            claim.claimant = match who {
                Who::Nobody => None,
                Who::Entity(_) if entities.is_empty() => None,
                Who::Entity(n) => Some(Claimant::Entity(entities[n % entities.len()].id.clone())),
                Who::Missing => Some(Claimant::Entity("nobody-has-this".into())),
                Who::Text(t) => Some(Claimant::Text(t)),
            };
            claim
        })
        .collect();
    Store::from_all_parts(entities, claims, relations, counters, FileExtra { top, article })
}

/// True when every unknown field is one the fast reader takes: a scalar
/// (string, integer, boolean) under a key its table does not know.
fn simple(table: &toml::Table, known: &[&str]) -> bool {
    table.iter().all(|(k, v)| {
        !known.contains(&k.as_str())
            && matches!(
                v,
                toml::Value::String(_) | toml::Value::Integer(_) | toml::Value::Boolean(_)
            )
    })
}

/// True when a conflict mark (if any) is one both readers accept and the
/// fast reader takes: `with` an id, unknown fields simple.
fn simple_mark(conflict: Option<&Conflict>) -> bool {
    conflict.is_none_or(|m| {
        !m.with.is_empty()
            && !m.with.chars().any(char::is_whitespace)
            && simple(&m.extra, &["with", "source"])
    })
}

/// True when the full reader accepts the store's file and the fast reader
/// must accept it too.
fn fast_must_accept(store: &Store) -> bool {
    let valid_id = |id: &str| !id.is_empty() && !id.chars().any(char::is_whitespace);
    let ordered = |s: usize, e: usize| s <= e;
    let extra = store.file_extra();
    let mut ids = std::collections::HashSet::new();
    let entity_ids: std::collections::HashSet<&str> =
        store.entities().map(|e| e.id.as_str()).collect();
    store.entities().all(|e| {
        valid_id(&e.id)
            && ids.insert(e.id.as_str())
            && !e.label.is_empty()
            && ordered(e.start, e.end)
            && simple(&e.extra, &super::keys::ENTITY_KEYS)
            && simple_mark(e.conflict.as_ref())
    }) && store.claims().all(|c| {
        valid_id(&c.id)
            && ids.insert(c.id.as_str())
            && ordered(c.start, c.end)
            && match &c.claimant {
                Some(Claimant::Entity(id)) => entity_ids.contains(id.as_str()),
                _ => true,
            }
            && c.cue.as_ref().is_none_or(|cue| {
                ordered(cue.start, cue.end) && simple(&cue.extra, &["start", "end", "text"])
            })
            && simple(&c.extra, &super::keys::CLAIM_KEYS)
            && simple_mark(c.conflict.as_ref())
    }) && store.records().iter().all(|r| {
        let text = |key| r.text_of(key).unwrap_or_default();
        valid_id(&r.id)
            && ids.insert(r.id.as_str())
            && !text(super::keys::LABEL).is_empty()
            && valid_id(text(super::keys::FROM))
            && valid_id(text(super::keys::TO))
            && simple(&r.extra, &r.kind.known_keys())
            && simple_mark(r.conflict.as_ref())
    }) && simple(
        &extra.top,
        &["schema", "next_entity", "next_claim", "article", "entity", "claim", "relation"],
    ) && simple(&extra.article, &["file", "sha256"])
}

/// The two readers agree on `source`: both read the same, or both refuse
/// it with the same message, file, line and column.
fn assert_same(source: &str) -> Result<Option<Parsed>, TestCaseError> {
    let path = Path::new(PATH);
    let full = parse_full(source, path);
    if let Some(sections) = parse_sections(source, path, Kinds::builtin()) {
        match (&sections, &full) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", source),
            (Err(SidecarError::Syntax { .. }), Err(SidecarError::Syntax { .. })) => {}
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string(), "{}", source),
            (a, b) => prop_assert!(false, "sections {a:?} vs full {b:?}\n{source}"),
        }
    }
    if let Some(fast) = parse_canonical(source) {
        match &full {
            Ok(full) => prop_assert_eq!(&fast, full, "{}", source),
            Err(e) => {
                prop_assert!(
                    false,
                    "fast reader accepted what the full one refuses: {e}\n{source}"
                );
            }
        }
        return Ok(Some(fast));
    }
    // The public entry point falls back to the section or full reader.
    match (parse(source, path), full) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(SidecarError::Syntax { .. }), Err(SidecarError::Syntax { .. })) => {}
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        (a, b) => prop_assert!(false, "{a:?} vs {b:?}"),
    }
    Ok(None)
}

/// Ways a script or a person may write the same file otherwise: still
/// plain sections, no longer the writer's exact form.
#[derive(Debug, Clone, Copy)]
enum Restyle {
    NoBlankLines,
    IndentedHeaders,
    CommentsAfterHeaders,
    TightEquals,
    Crlf,
    HeaderFirstTopKeysLast,
}

fn restyle() -> impl Strategy<Value = Restyle> {
    prop::sample::select(
        &[
            Restyle::NoBlankLines,
            Restyle::IndentedHeaders,
            Restyle::CommentsAfterHeaders,
            Restyle::TightEquals,
            Restyle::Crlf,
            Restyle::HeaderFirstTopKeysLast,
        ][..],
    )
}

fn apply_style(source: &str, style: Restyle) -> String {
    let lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let lines: Vec<String> = match style {
        Restyle::NoBlankLines => lines.into_iter().filter(|l| !l.is_empty()).collect(),
        Restyle::IndentedHeaders => lines
            .into_iter()
            .map(|l| if l.starts_with('[') { format!("  {l}") } else { l })
            .collect(),
        Restyle::CommentsAfterHeaders => lines
            .into_iter()
            .map(|l| if l.starts_with('[') { format!("{l} # [[entity]]") } else { l })
            .collect(),
        Restyle::TightEquals => lines.into_iter().map(|l| l.replacen(" = ", "=", 1)).collect(),
        Restyle::Crlf => lines.into_iter().map(|l| l + "\r").collect(),
        // `[article]` before `schema`: the keys then belong to `[article]`.
        Restyle::HeaderFirstTopKeysLast => {
            let at = lines.iter().position(|l| l.starts_with('[')).unwrap_or(lines.len());
            let (top, rest) = lines.split_at(at);
            rest.iter().chain(top).cloned().collect()
        }
    };
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Mutations of a written file, as a hand edit or a bad merge would make.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = any::<usize>();
    prop_oneof![
        (
            n,
            prop_oneof![
                text(),
                prop::sample::select(&["# c", "\n", " ", "\"", "1", "'", "\r"][..])
                    .prop_map(str::to_owned)
            ]
        )
            .prop_map(|(i, s)| Edit::Insert(i, s)),
        (n, 1usize..4).prop_map(|(i, l)| Edit::Delete(i, l)),
        n.prop_map(Edit::DuplicateLine),
        (n, n).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn apply(source: &str, edit: &Edit) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut lines: Vec<&str> = source.split_inclusive('\n').collect();
    match edit {
        Edit::Insert(i, s) => {
            let at = i % (chars.len() + 1);
            let mut out: String = chars[..at].iter().collect();
            out.push_str(s);
            out.extend(&chars[at..]);
            out
        }
        Edit::Delete(i, len) => {
            let at = i % (chars.len() + 1);
            let end = (at + len).min(chars.len());
            chars[..at].iter().chain(&chars[end..]).collect()
        }
        Edit::DuplicateLine(i) if !lines.is_empty() => {
            let at = i % lines.len();
            lines.insert(at, lines[at]);
            lines.concat()
        }
        Edit::SwapLines(a, b) if !lines.is_empty() => {
            let len = lines.len();
            lines.swap(a % len, b % len);
            lines.concat()
        }
        Edit::DuplicateLine(_) | Edit::SwapLines(..) => source.to_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Random stores, awkward text and unknown fields included: written,
    /// then read by both readers.
    #[test]
    fn both_readers_agree_on_written_files(
        store in prop_oneof![store(), valid_store()],
        sha in text(),
    ) {
        let source = render(&store, "a.txt", &sha);
        let fast = assert_same(&source)?;
        if fast_must_accept(&store) {
            prop_assert!(fast.is_some(), "fast reader refused the writer's own form:\n{}", source);
        }
    }

    /// The same, after a random hand edit of the file.
    #[test]
    fn both_readers_agree_on_edited_files(store in store(), edits in prop::collection::vec(edit(), 1..3)) {
        let mut source = render(&store, "a.txt", "ab12");
        for e in &edits {
            source = apply(&source, e);
        }
        assert_same(&source)?;
    }

    /// Files written otherwise (by a script, by hand), then perhaps edited:
    /// the section reader agrees with the full reader.
    #[test]
    fn the_section_reader_agrees_on_restyled_files(
        store in prop_oneof![store(), valid_store()],
        styles in prop::collection::vec(restyle(), 1..3),
        edits in prop::collection::vec(edit(), 0..2),
    ) {
        let mut source = render(&store, "a.txt", "ab12");
        for s in &styles {
            source = apply_style(&source, *s);
        }
        for e in &edits {
            source = apply(&source, e);
        }
        assert_same(&source)?;
    }

    /// What `load` gives (fast reader) is what the full reader's result
    /// gives once anchored, in an article that holds some quotes.
    #[test]
    fn loaded_stores_are_equal(store in valid_store(), article in text()) {
        prop_assert!(fast_must_accept(&store));
        let source = render(&store, "a.txt", "ab12");
        let article = format!("{article}{}", store.entities().map(|e| e.text.as_str()).collect::<String>());
        let fast = parse_str(&source, Path::new(PATH), &article).unwrap();
        let full = anchored(parse_full(&source, Path::new(PATH)).unwrap(), &article);
        let entities = |s: &Store| s.entities().cloned().collect::<Vec<_>>();
        let claims = |s: &Store| s.claims().cloned().collect::<Vec<_>>();
        prop_assert_eq!(entities(&fast.store), entities(&full.store));
        prop_assert_eq!(claims(&fast.store), claims(&full.store));
        let records = |s: &Store| s.records().into_iter().cloned().collect::<Vec<_>>();
        prop_assert_eq!(records(&fast.store), records(&full.store));
        prop_assert_eq!(fast.store.next_entity_number(), full.store.next_entity_number());
        prop_assert_eq!(fast.store.next_claim_number(), full.store.next_claim_number());
        prop_assert_eq!(fast.store.file_extra(), full.store.file_extra());
        prop_assert_eq!(fast.store.is_dirty(), full.store.is_dirty());
        prop_assert_eq!(fast.sha256, full.sha256);
        prop_assert_eq!(fast.report, full.report);
    }
}

// ----- hand-picked cases the fast reader must hand over -----

const CANONICAL: &str = r#"schema = 1

[article]
file = "a.txt"
sha256 = "ab12"

[[entity]]
id = "e1"
label = "PERSON"
start = 0
end = 3
text = "قال"

[[claim]]
id = "c1"
start = 4
end = 9
text = "الصين"
claimant = "e1"
cue = { start = 0, end = 3, text = "قال" }
kind = "direct"
"#;

fn position(e: &SidecarError) -> (usize, usize) {
    e.line_column().expect("points at a place")
}

#[test]
fn the_writers_form_is_read_fast() {
    let parsed = parse_canonical(CANONICAL).expect("canonical");
    assert_eq!(parsed.entities.len(), 1);
    assert_eq!(parsed.claims[0].claimant, Some(Claimant::Entity("e1".into())));
    assert_eq!(parsed.claims[0].cue.as_ref().map(Cue::range), Some(0..3));
    assert_eq!(parsed.sha256.as_deref(), Some("ab12"));
    assert_eq!(Ok(&parsed), parse_full(CANONICAL, Path::new(PATH)).as_ref().map_err(|_| ()));
}

#[test]
fn a_link_is_read_fast_and_written_after_the_label() {
    let linked =
        CANONICAL.replace("label = \"PERSON\"\n", "label = \"PERSON\"\nlink = \"k-4kq8r2mz\"\n");
    let parsed = parse_canonical(&linked).expect("canonical");
    assert_eq!(parsed.entities[0].link.as_deref(), Some("k-4kq8r2mz"));
    assert_eq!(Some(&parsed), parse_full(&linked, Path::new(PATH)).ok().as_ref());
    let loaded = parse_str(&linked, Path::new(PATH), "قال الصين").expect("loads");
    assert_eq!(render(&loaded.store, "a.txt", "ab12"), linked, "written back byte for byte");
    let after_text = CANONICAL.replace("text = \"قال\"\n", "text = \"قال\"\nlink = \"k-1\"\n");
    assert_eq!(parse_canonical(&after_text), None, "another key order: the full reader's");
    let full = parse_full(&after_text, Path::new(PATH)).expect("valid TOML");
    assert_eq!(full.entities[0].link.as_deref(), Some("k-1"));
}

#[test]
fn relations_are_read_fast_and_by_sections_the_same() {
    let source = format!(
        "{CANONICAL}\n[[relation]]\nid = \"r1\"\nlabel = \"member_of\"\nfrom = \"e1\"\nto = \"e9\"\nby = \"a\"\nx = 1\n"
    );
    let fast = parse_canonical(&source).expect("the writer's form");
    let r = &fast.records[0];
    assert_eq!((r.id.as_str(), r.label()), ("r1", Some("member_of")));
    assert_eq!(r.text_of("to"), Some("e9"), "a dangling end loads");
    assert_eq!(r.extra.get("x"), Some(&toml::Value::Integer(1)));
    assert_eq!(Some(&fast), parse_full(&source, Path::new(PATH)).ok().as_ref());
    let restyled = source.replace("[[relation]]\n", "[[relation]] # r\n");
    assert_eq!(parse_canonical(&restyled), None);
    let sections = parse_sections(&restyled, Path::new(PATH), Kinds::builtin()).expect("sections");
    assert_eq!(sections.ok().as_ref(), Some(&fast));
    let loaded = parse_str(&source, Path::new(PATH), "قال الصين").unwrap();
    assert_eq!(render(&loaded.store, "a.txt", "ab12"), source, "written back byte for byte");
    for (from, to) in [("label = \"member_of\"\n", ""), ("to = \"e9\"", "to = \"e 9\"")] {
        let broken = source.replace(from, to);
        assert_eq!(parse_canonical(&broken), None, "{broken}");
        assert!(parse_full(&broken, Path::new(PATH)).is_err(), "{broken}");
    }
}

#[test]
fn escapes_and_raw_tabs_are_read_fast_with_the_same_meaning() {
    let expected = parse_canonical(CANONICAL).unwrap();
    let variants = [
        CANONICAL.replace("text = \"الصين\"", "text = \"\\u0627\\u0644\\u0635\\u064a\\u0646\""),
        CANONICAL.replace("text = \"قال\" }", "text = \"\\U00000642\\u0627\\u0644\" }"),
    ];
    for source in &variants {
        assert_eq!(parse_canonical(source).as_ref(), Some(&expected), "{source}");
    }
    let tab = CANONICAL.replace("text = \"قال\"\n", "text = \"ق\tال\"\n");
    let fast = parse_canonical(&tab).unwrap();
    assert_eq!(fast.entities[0].text, "ق\tال");
    assert_eq!(Some(fast), parse_full(&tab, Path::new(PATH)).ok());
}

#[test]
fn other_valid_toml_is_handed_to_the_full_reader() {
    let variants = [
        CANONICAL.replace("[[entity]]\n", "[[entity]] # a comment\n"),
        CANONICAL.replace("label = \"PERSON\"", "label = 'PERSON'"),
        CANONICAL.replace("start = 0\nend = 3\ntext", "end = 3\nstart = 0\ntext"),
        CANONICAL.replace('\n', "\r\n"),
        CANONICAL.replace("\n\n[[claim]]", "\n\n\n[[claim]]"),
        CANONICAL.replace("text = \"الصين\"", "text = \"\"\"الصين\"\"\""),
        CANONICAL.replace("end = 9", "end = 1_0"),
        CANONICAL.replace("kind = \"direct\"\n", "kind = \"direct\"\nscore = 0.5\n"),
        CANONICAL.replace("kind = \"direct\"\n", "kind = \"direct\"\n\"kind2\" = -0\n"),
        CANONICAL.replace("schema = 1\n", "schema = 1\nnext_entity = +7\n"),
        format!("\u{FEFF}{CANONICAL}"),
        format!("{CANONICAL}\n[extra]\nx = 1\n"),
        CANONICAL.replace("id = \"e1\"", "id = \"e\\x31\""),
    ];
    for source in &variants {
        assert!(parse_canonical(source).is_none(), "fast reader took:\n{source}");
        let full = parse_full(source, Path::new(PATH));
        if let Some(sections) = parse_sections(source, Path::new(PATH), Kinds::builtin()) {
            assert_eq!(
                sections.as_ref().map_err(ToString::to_string),
                full.as_ref().map_err(ToString::to_string),
                "{source}"
            );
        }
        let via = parse(source, Path::new(PATH));
        assert_eq!(via.map_err(|e| e.to_string()), full.map_err(|e| e.to_string()));
    }
    // Most variants are valid TOML meaning the same: read as the canonical file.
    let expected = parse_canonical(CANONICAL).unwrap();
    for source in &variants[..6] {
        assert_eq!(parse(source, Path::new(PATH)).unwrap(), expected, "{source}");
    }
    assert_eq!(parse(&variants[6], Path::new(PATH)).unwrap().claims[0].end, 10, "1_0 is 10");
}

#[test]
fn invalid_files_keep_their_error_positions() {
    let cases = [
        // (the edit, the line and column the full reader names)
        (CANONICAL.replace("end = 3\n", "end = 3\nend = 4\n"), (12, 1)),
        (CANONICAL.replace("start = 4\nend = 9", "start = 9\nend = 4"), (17, 7)),
        (CANONICAL.replace("kind = \"direct\"", "kind = \"quoted\""), (21, 8)),
        (CANONICAL.replace("id = \"c1\"", "id = \"e1\""), (15, 6)),
        (CANONICAL.replace("claimant = \"e1\"", "claimant = \"e9\""), (19, 12)),
        // A missing or empty field is reported at the table's header.
        (CANONICAL.replace("label = \"PERSON\"", "label = \"\""), (7, 1)),
        (CANONICAL.replace("schema = 1", "schema = 2"), (1, 10)),
        (CANONICAL.replace("end = 3\n", "end = = 3\n"), (11, 7)),
        (CANONICAL.replace("text = \"قال\"\n", "text = \"ق\u{1}ال\"\n"), (12, 10)),
    ];
    for (source, at) in &cases {
        assert!(parse_canonical(source).is_none(), "fast reader took:\n{source}");
        let sections =
            parse_sections(source, Path::new(PATH), Kinds::builtin()).expect("plain sections");
        assert_eq!(position(&sections.expect_err(source)), *at, "{source}");
        let e = parse(source, Path::new(PATH)).expect_err(source);
        assert_eq!(position(&e), *at, "{e}");
        assert!(e.to_string().starts_with(&format!("{PATH}:{}:{}: ", at.0, at.1)), "{e}");
    }
}
