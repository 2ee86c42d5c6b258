//! A JSON string written straight into a byte buffer, safe to print: the
//! bytes `serde_json` writes for a string through
//! [`super::safe::SafeJson`] (short escapes `\"`, `\\`, `\b`, `\f`, `\n`,
//! `\r`, `\t`, other C0 controls as `\u00XX`, and DEL, C1, bidi controls,
//! U+2028 and U+2029 as `\uXXXX`), without going through a serializer.
//!
//! For writers of big JSON files (`export --format labelstudio`, `spacy`):
//! one pass over the bytes ([`super::escape_scan`]'s chunk test, then a
//! byte test, [`next_to_escape`]).

use super::escape_scan;
use super::safe::{is_unsafe, unsafe_at};

/// True when `c` is written escaped: JSON's `"` and `\`, and every
/// character of [`is_unsafe`] (C0 controls among them).
fn needs_escape(c: char) -> bool {
    c == '"' || c == '\\' || is_unsafe(c)
}

/// Writes the escape of `c` (one that [`needs_escape`]) to `out`.
fn push_escape(out: &mut Vec<u8>, c: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short: &[u8] = match c {
        '"' => b"\\\"",
        '\\' => b"\\\\",
        '\u{8}' => b"\\b",
        '\u{c}' => b"\\f",
        '\n' => b"\\n",
        '\r' => b"\\r",
        '\t' => b"\\t",
        c => {
            // Every unsafe character is below U+10000: four hex digits.
            let n = u32::from(c);
            out.extend_from_slice(b"\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((n >> shift) & 0xF) as usize]);
            }
            return;
        }
    };
    out.extend_from_slice(short);
}

/// The byte offset of the first character of `s` at or after byte `from`
/// that [`push_json_string`] escapes ([`needs_escape`]): one pass over the
/// bytes, 64 at a time ([`escape_scan::next_hit`]); in a chunk that may
/// hold one, a test per byte ([`unsafe_at`]), without decoding: in news
/// text most chunks hold a line feed or a quotation mark.
fn next_to_escape(s: &str, from: usize) -> Option<usize> {
    let may_need = |bytes: &[u8]| {
        escape_scan::may_need(bytes, |b| matches!(b, 0..=0x1F | 0x7F | b'"' | b'\\'), false)
    };
    let hit = |bytes: &[u8], i: usize| matches!(bytes[i], b'"' | b'\\') || unsafe_at(bytes, i);
    escape_scan::next_hit(s.as_bytes(), from, may_need, hit)
}

/// [`push_json_string`], noting in `escaped` the byte offset (in `s`) of
/// each character it escapes, in order: a piece of `s` between two of
/// them is written as it is, between quotes (one scan for a text and the
/// tokens cut from it).
pub fn push_json_string_noting(out: &mut Vec<u8>, s: &str, escaped: &mut Vec<usize>) {
    push_noting(out, s, |at| escaped.push(at));
}

/// Appends `s` to `out` as a quoted JSON string, with the escapes of the
/// module docs: the exact bytes of `serde_json` through
/// [`super::safe::SafeJson`].
pub fn push_json_string(out: &mut Vec<u8>, s: &str) {
    push_noting(out, s, |_| {});
}

/// [`push_json_string`], calling `note` with the byte offset of each
/// character escaped.
fn push_noting(out: &mut Vec<u8>, s: &str, mut note: impl FnMut(usize)) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut from = 0usize;
    while let Some(at) = next_to_escape(s, from) {
        let Some(c) = s.get(at..).and_then(|rest| rest.chars().next()) else { break };
        debug_assert!(needs_escape(c));
        out.extend_from_slice(&s.as_bytes()[from..at]);
        note(at);
        push_escape(out, c);
        from = at + c.len_utf8();
    }
    out.extend_from_slice(&s.as_bytes()[from..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_safe(s: &str) -> String {
        let mut out = Vec::new();
        super::super::safe::write_json(&mut out, s, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn pushed(s: &str) -> String {
        let mut out = Vec::new();
        push_json_string(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_bytes_are_serde_jsons_through_safe_json() {
        let long = "ب".repeat(40);
        for s in [
            "",
            "\"",
            "\\",
            "قال \u{202E}زيد\u{7}:\r\n\"الصين\"\t\u{85}\u{2028}\u{1}\u{7f}\u{061C}",
            "«كلام» “quoted” — \u{a0}é\u{2069}",
            &format!("{long}\u{202E}{long}\"{long}\u{9F}"),
        ] {
            assert_eq!(pushed(s), serde_safe(s), "{s:?}");
        }
    }

    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            "([\\x00-\\x7F]|[\u{80}-\u{A0}]|[\u{600}-\u{6FF}]|[\u{2000}-\u{2070}]|«|»|😀){0,200}",
        )
        .expect("a valid regex")
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in text()) {
            proptest::prop_assert_eq!(pushed(&s), serde_safe(&s));
        }

        /// The unsafe characters found (by the byte test this module
        /// shares) are those of `is_unsafe`.
        #[test]
        fn the_unsafe_characters_found_are_is_unsafes(s in text()) {
            let mut found = Vec::new();
            let mut from = 0;
            while let Some((at, _)) = super::super::safe::next_unsafe(&s, from) {
                found.push(at);
                from = at + s[at..].chars().next().map_or(1, char::len_utf8);
            }
            let expected: Vec<usize> =
                s.char_indices().filter(|&(_, c)| is_unsafe(c)).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(found, expected);
        }

        /// The same bytes, and the offsets noted are those of the
        /// characters escaped.
        #[test]
        fn the_escapes_noted_are_the_characters_escaped(s in text()) {
            let (mut out, mut escaped) = (Vec::new(), Vec::new());
            push_json_string_noting(&mut out, &s, &mut escaped);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), pushed(&s));
            let expected: Vec<usize> =
                s.char_indices().filter(|&(_, c)| needs_escape(c)).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(escaped, expected);
        }
    }
}
