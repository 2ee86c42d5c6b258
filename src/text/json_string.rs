//! A JSON string written straight into a byte buffer, safe to print: the
//! bytes `serde_json` writes for a string through
//! [`super::safe::SafeJson`] (short escapes `\"`, `\\`, `\b`, `\f`, `\n`,
//! `\r`, `\t`, other C0 controls as `\u00XX`, and DEL, C1, bidi controls,
//! U+2028 and U+2029 as `\uXXXX`), without going through a serializer.
//!
//! For writers of big JSON files (`export --format labelstudio`): one pass
//! over the bytes ([`super::escape_scan`]).

use super::escape_scan;
use super::safe::is_unsafe;

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

/// Appends `s` to `out` as a quoted JSON string, with the escapes of the
/// module docs: the exact bytes of `serde_json` through
/// [`super::safe::SafeJson`].
pub fn push_json_string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let may_need = |bytes: &[u8]| {
        escape_scan::may_need(bytes, |b| matches!(b, 0..=0x1F | 0x7F | b'"' | b'\\'), false)
    };
    escape_scan::split_at_escapes(s, may_need, needs_escape, |text, c| {
        out.extend_from_slice(text.as_bytes());
        if let Some(c) = c {
            push_escape(out, c);
        }
    });
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
    }
}
