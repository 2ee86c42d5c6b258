//! Writing a sidecar: hand-controlled TOML with a fixed key order, so that
//! the same annotations always give the same bytes (see `docs/format.md`).

use std::fmt::Write as _;

use super::keys;
use super::kinds::{Record, Value};
use super::model::{AnnotationRef, Claim, Claimant, Conflict, Cue, Entity};
use super::read::SCHEMA_VERSION;
use super::store::Store;
use crate::text::glyph::is_invisible_format;
use crate::text::safe;

/// Appends `s` as a TOML basic string: `"` and `\` escaped, control
/// characters (C0, DEL, C1) and invisible format characters (bidi controls
/// and marks, the deprecated format characters U+206A–U+206F, zero-width
/// characters, BOM, soft hyphen, line and paragraph separators) as escapes,
/// so that a diff shows them and printing the file (`cat`, `git diff`)
/// sends no control to a terminal; everything else, Arabic included, as
/// UTF-8. The string reads back exactly.
pub(crate) fn write_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() || is_invisible_format(c) || safe::is_unsafe(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a key: bare when it is ASCII letters, digits, `-` and `_`, else quoted.
pub(crate) fn write_key(out: &mut String, key: &str) {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        out.push_str(key);
    } else {
        write_string(out, key);
    }
}

/// Appends `value` in inline form (arrays in brackets, tables in braces).
pub(crate) fn write_value(out: &mut String, value: &toml::Value) {
    match value {
        toml::Value::String(s) => write_string(out, s),
        toml::Value::Integer(n) => {
            let _ = write!(out, "{n}");
        }
        toml::Value::Float(f) => {
            if f.is_nan() {
                out.push_str(if f.is_sign_negative() { "-nan" } else { "nan" });
            } else {
                // Debug keeps a decimal point or exponent ("1.0", "1e300", "inf").
                let _ = write!(out, "{f:?}");
            }
        }
        toml::Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        toml::Value::Datetime(d) => {
            let _ = write!(out, "{d}");
        }
        toml::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item);
            }
            out.push(']');
        }
        toml::Value::Table(table) => write_inline_table(out, table.iter()),
    }
}

fn write_inline_table<'a>(
    out: &mut String,
    entries: impl Iterator<Item = (&'a String, &'a toml::Value)>,
) {
    let mut empty = true;
    for (i, (key, value)) in entries.enumerate() {
        out.push_str(if i == 0 { "{ " } else { ", " });
        write_key(out, key);
        out.push_str(" = ");
        write_value(out, value);
        empty = false;
    }
    out.push_str(if empty { "{}" } else { " }" });
}

/// Appends `key = value` lines for every entry of `table`, in key order.
fn write_entries(out: &mut String, table: &toml::Table) {
    for (key, value) in table {
        write_key(out, key);
        out.push_str(" = ");
        write_value(out, value);
        out.push('\n');
    }
}

fn write_field_str(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    write_string(out, value);
    out.push('\n');
}

fn write_field_int(out: &mut String, key: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "{key} = {value}");
}

/// True for a value written as `[key]` or `[[key]]` sections at the end.
fn is_section(value: &toml::Value) -> bool {
    match value {
        toml::Value::Table(_) => true,
        toml::Value::Array(items) => {
            !items.is_empty() && items.iter().all(|v| matches!(v, toml::Value::Table(_)))
        }
        _ => false,
    }
}

fn write_entity(out: &mut String, e: &Entity) {
    out.push_str("\n[[entity]]\n");
    write_field_str(out, "id", &e.id);
    write_field_str(out, "label", &e.label);
    if let Some(link) = &e.link {
        write_field_str(out, keys::LINK, link);
    }
    write_field_int(out, "start", e.start);
    write_field_int(out, "end", e.end);
    write_field_str(out, "text", &e.text);
    if let Some(note) = &e.note {
        write_field_str(out, "note", note);
    }
    write_made(out, e.by.as_deref(), e.at.as_deref());
    if let Some(conflict) = &e.conflict {
        write_conflict(out, conflict);
    }
    write_entries(out, &e.extra);
}

fn write_claim(out: &mut String, c: &Claim) {
    out.push_str("\n[[claim]]\n");
    write_field_str(out, "id", &c.id);
    write_field_int(out, "start", c.start);
    write_field_int(out, "end", c.end);
    write_field_str(out, "text", &c.text);
    match &c.claimant {
        Some(Claimant::Entity(id)) => write_field_str(out, "claimant", id),
        Some(Claimant::Text(text)) => write_field_str(out, "claimant_text", text),
        None => {}
    }
    if let Some(cue) = &c.cue {
        write_span_field(out, keys::CUE, cue);
    }
    write_field_str(out, "kind", c.kind.name());
    if let Some(note) = &c.note {
        write_field_str(out, "note", note);
    }
    write_made(out, c.by.as_deref(), c.at.as_deref());
    if let Some(conflict) = &c.conflict {
        write_conflict(out, conflict);
    }
    write_entries(out, &c.extra);
}

/// `key = { start = …, end = …, text = "…" }`, unknown keys after.
fn write_span_field(out: &mut String, key: &str, span: &Cue) {
    write_key(out, key);
    let _ = write!(out, " = {{ start = {}, end = {}, text = ", span.start, span.end);
    write_string(out, &span.text);
    for (key, value) in &span.extra {
        out.push_str(", ");
        write_key(out, key);
        out.push_str(" = ");
        write_value(out, value);
    }
    out.push_str(" }\n");
}

/// A record of a declared kind: `[[<table>]]`, `id`, its own span, its
/// fields in declaration order, `by`, `at`, `conflict`, unknown fields
/// (see [`super::kinds`]).
fn write_record(out: &mut String, r: &Record) {
    out.push_str("\n[[");
    write_key(out, &r.kind.table);
    out.push_str("]]\n");
    write_field_str(out, keys::ID, &r.id);
    if let Some(span) = &r.span {
        write_field_int(out, keys::START, span.start);
        write_field_int(out, keys::END, span.end);
        write_field_str(out, keys::TEXT, &span.text);
    }
    for (field, value) in r.kind.fields.iter().zip(&r.values) {
        match value {
            Some(Value::Text(text)) => write_field_str(out, &field.key, text),
            Some(Value::Span(span)) => write_span_field(out, &field.key, span),
            None => {}
        }
    }
    write_made(out, r.by.as_deref(), r.at.as_deref());
    if let Some(conflict) = &r.conflict {
        write_conflict(out, conflict);
    }
    write_entries(out, &r.extra);
}

/// `by = "…"` and `at = "…"`, each when known.
fn write_made(out: &mut String, by: Option<&str>, at: Option<&str>) {
    if let Some(by) = by {
        write_field_str(out, keys::BY, by);
    }
    if let Some(at) = at {
        write_field_str(out, keys::AT, at);
    }
}

/// `conflict = { with = "e7", source = "disk" }`, unknown keys after.
fn write_conflict(out: &mut String, conflict: &Conflict) {
    out.push_str("conflict = { with = ");
    write_string(out, &conflict.with);
    if let Some(source) = &conflict.source {
        out.push_str(", source = ");
        write_string(out, source);
    }
    for (key, value) in &conflict.extra {
        out.push_str(", ");
        write_key(out, key);
        out.push_str(" = ");
        write_value(out, value);
    }
    out.push_str(" }\n");
}

/// The sidecar text of one annotation (its `[[entity]]` or `[[claim]]`
/// table): two annotations with the same text are the same annotation on
/// disk, even where `==` says otherwise (a NaN in an unknown field).
pub(crate) fn annotation_text(annotation: AnnotationRef<'_>) -> String {
    let mut out = String::with_capacity(160);
    match annotation {
        AnnotationRef::Entity(e) => write_entity(&mut out, e),
        AnnotationRef::Claim(c) => write_claim(&mut out, c),
        AnnotationRef::Record(r) => write_record(&mut out, r),
    }
    out
}

/// The sidecar text for `store`, naming the article `file` with SHA-256
/// `sha256` (lowercase hex). Same input, same bytes.
pub fn render(store: &Store, file: &str, sha256: &str) -> String {
    let mut out = String::with_capacity(256 + store.len() * 160);
    write_field_int(&mut out, "schema", SCHEMA_VERSION);
    // Counters only when the next id would otherwise come back (see docs/format.md).
    let (max_e, max_c) = store.max_id_numbers();
    if store.next_entity_number() > max_e.map_or(1, |n| n.saturating_add(1)) {
        write_field_int(&mut out, "next_entity", store.next_entity_number());
    }
    if store.next_claim_number() > max_c.map_or(1, |n| n.saturating_add(1)) {
        write_field_int(&mut out, "next_claim", store.next_claim_number());
    }
    let extra = store.file_extra();
    let (sections, inline): (Vec<_>, Vec<_>) = extra.top.iter().partition(|(_, v)| is_section(v));
    for (key, value) in inline {
        write_key(&mut out, key);
        out.push_str(" = ");
        write_value(&mut out, value);
        out.push('\n');
    }
    out.push_str("\n[article]\n");
    write_field_str(&mut out, "file", file);
    write_field_str(&mut out, "sha256", sha256);
    write_entries(&mut out, &extra.article);
    for e in store.entities() {
        write_entity(&mut out, e);
    }
    for c in store.claims() {
        write_claim(&mut out, c);
    }
    for r in store.records() {
        write_record(&mut out, r);
    }
    for (key, value) in sections {
        match value {
            toml::Value::Table(table) => {
                out.push_str("\n[");
                write_key(&mut out, key);
                out.push_str("]\n");
                write_entries(&mut out, table);
            }
            toml::Value::Array(items) => {
                for item in items {
                    if let toml::Value::Table(table) = item {
                        out.push_str("\n[[");
                        write_key(&mut out, key);
                        out.push_str("]]\n");
                        write_entries(&mut out, table);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, s);
        out
    }

    #[test]
    fn strings_escape_only_what_toml_or_readers_need() {
        assert_eq!(string("لي شانغفو"), "\"لي شانغفو\"");
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("x\ny\tz\r"), r#""x\ny\tz\r""#);
        assert_eq!(string("\u{0}\u{1f}\u{7f}"), r#""\u0000\u001F\u007F""#);
        assert_eq!(string("\u{202E}ab\u{200F}"), r#""\u202Eab\u200F""#);
    }

    #[test]
    fn escaped_strings_parse_back_to_themselves() {
        for s in ["", "قال \"x\" \\ \n\t", "\u{0}\u{202E}\u{2028}\u{FEFF}", "'''\"\"\""] {
            let doc = format!("v = {}", string(s));
            let table: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(table["v"].as_str(), Some(s), "{doc}");
        }
    }

    /// Any text, with controls, bidi controls and TOML's own syntax often.
    fn awkward() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            "([\\x00-\\x1f\\x7f-\\x{9f}\\x{200b}-\\x{200f}\\x{2028}-\\x{202e}\\x{2060}-\\x{206f}\\x{61c}\\x{feff}\"'\\\\=#\\[\\]{}.,]|\"\"\"|\\PC|.){0,30}",
        )
        .expect("a valid regex")
    }

    /// True when the written text holds no character that would act on a
    /// terminal (line feeds between lines aside).
    fn printable(written: &str) -> bool {
        !written.chars().any(|c| c != '\n' && safe::is_unsafe(c))
    }

    proptest::proptest! {
        #[test]
        fn any_string_and_key_written_reads_back_exactly(s in awkward(), k in awkward()) {
            let mut doc = String::new();
            write_key(&mut doc, &k);
            doc.push_str(" = ");
            write_string(&mut doc, &s);
            proptest::prop_assert!(printable(&doc), "{doc:?}");
            let table: toml::Table = toml::from_str(&doc).expect("the writer's TOML parses");
            proptest::prop_assert_eq!(table.get(&k).and_then(toml::Value::as_str), Some(s.as_str()));
        }

        /// A whole sidecar whose every string field holds anything: written,
        /// then read, it is the same store, and the file prints safely.
        #[test]
        fn any_sidecar_written_reads_back_exactly(
            label in awkward(),
            note in awkward(),
            who in awkward(),
            text in awkward(),
            key in awkward(),
            value in awkward(),
        ) {
            // Spans and labels may not be empty.
            let (label, text) = (format!("L{label}"), format!("T{text}"));
            let chars = text.chars().count();
            let mut store = Store::new();
            let e = store.add_entity(&label, 0..chars, &text).expect("a valid entity");
            store.set_note(&e, Some(&note)).expect("the entity exists");
            let c = store.add_claim(0..chars, &text).expect("a valid claim");
            store.set_claimant(&c, Some(Claimant::Text(who.clone()))).expect("the claim exists");
            let mut cue = crate::annotate::Cue::new(0..chars, &text);
            cue.extra.insert(format!("x{key}"), toml::Value::String(value.clone()));
            store.set_cue(&c, Some(cue)).expect("the claim exists");
            let written = render(&store, &format!("{key}.txt"), "00");
            proptest::prop_assert!(printable(&written), "{written:?}");
            let loaded = crate::annotate::sidecar::parse_str(
                &written,
                std::path::Path::new("a.txt.ann.toml"),
                &text,
            )
            .expect("the writer's sidecar loads");
            let same = |s: &Store| {
                (s.entities().cloned().collect::<Vec<_>>(), s.claims().cloned().collect::<Vec<_>>())
            };
            proptest::prop_assert_eq!(same(&loaded.store), same(&store));
        }
    }

    #[test]
    fn keys_are_bare_only_when_toml_allows() {
        let key = |k: &str| {
            let mut out = String::new();
            write_key(&mut out, k);
            out
        };
        assert_eq!(key("a_b-1"), "a_b-1");
        assert_eq!(key("a b"), "\"a b\"");
        assert_eq!(key(""), "\"\"");
        assert_eq!(key("ملاحظة"), "\"ملاحظة\"");
    }

    #[test]
    fn values_parse_back_to_themselves() {
        let source = r#"
            f = [1.0, 1e300, -0.0, 0.1, inf, -inf, 5e-324]
            i = [-9223372036854775808, 0, 9223372036854775807]
            b = [true, false]
            d = [1979-05-27T07:32:00Z, 1979-05-27, 07:32:00, 1979-05-27T00:32:00.999999-07:00]
            t = { a = { "b c" = [] }, "" = {} }
            n = nan
        "#;
        let table: toml::Table = toml::from_str(source).unwrap();
        for (key, value) in &table {
            let mut doc = String::from("v = ");
            write_value(&mut doc, value);
            let back: toml::Table = toml::from_str(&doc).unwrap();
            if key == "n" {
                assert!(back["v"].as_float().is_some_and(f64::is_nan), "{doc}");
            } else {
                assert_eq!(&back["v"], value, "{doc}");
            }
        }
    }
}
