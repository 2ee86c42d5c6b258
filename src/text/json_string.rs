//! A JSON string written straight into a byte buffer, safe to print: the
//! bytes `serde_json` writes for a string through
//! [`super::safe::SafeJson`] (short escapes `\"`, `\\`, `\b`, `\f`, `\n`,
//! `\r`, `\t`, other C0 controls as `\u00XX`, and DEL, C1, bidi controls,
//! U+2028 and U+2029 as `\uXXXX`), without going through a serializer.
//!
//! For writers of big JSON files (`export --format labelstudio`, `spacy`):
//! one pass over the bytes, 64 at a time: a byte test the compiler
//! vectorises marks, as the bits of a word, the bytes that may start a
//! character to escape ([`candidates`]); only those are looked at
//! ([`is_escaped`]). A short string is looked at byte by byte
//! ([`PLAIN`]).

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

/// Bytes scanned at a time: the bits of a `u64`.
const CHUNK: usize = 64;

/// The bytes that never start a character to escape: all but the C0
/// controls, DEL, `"`, `\` and the first bytes of the unsafe characters
/// above U+007F (C2: C1 controls; D8: U+061C; E2: U+2000–U+2FFF). A string
/// of these alone is written as it is.
pub const PLAIN: [bool; 256] = {
    let mut plain = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        plain[b] = false;
        b += 1;
    }
    plain[0x7F] = false;
    plain[b'"' as usize] = false;
    plain[b'\\' as usize] = false;
    plain[0xC2] = false;
    plain[0xD8] = false;
    plain[0xE2] = false;
    plain
};

/// The bytes of `window` (a chunk and the byte after it) that may start
/// a character to escape, as the bits of a word (bit `i`: byte `i`): a C0
/// control, DEL, `"`, `\`, or the pairs C2 80–9F (C1 controls), D8 9C
/// (U+061C) and E2 80–81 (U+2000–U+207F). Every character that
/// [`needs_escape`] is marked, a few others too ([`is_escaped`] tells).
/// Straight-line code over arrays of one length, so that the compiler
/// vectorises it (hence `&` and `|`, not `&&` and `||`).
#[allow(clippy::needless_bitwise_bool)]
#[inline]
fn candidates(window: &[u8; CHUNK + 1]) -> u64 {
    let mut marks = [0u8; CHUNK];
    for (i, mark) in marks.iter_mut().enumerate() {
        let (a, b) = (window[i], window[i + 1]);
        *mark = u8::from(
            (a < 0x20)
                | (a == 0x7F)
                | (a == b'"')
                | (a == b'\\')
                | ((a == 0xC2) & (b < 0xA0))
                | ((a == 0xD8) & (b == 0x9C))
                | ((a == 0xE2) & (b < 0x82)),
        );
    }
    let mut bits = 0u64;
    for (k, eight) in marks.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(eight);
        // Eight bytes of 0 or 1 gathered into the top byte, byte `j` as
        // bit `j` (no carries: each product lands in a bit of its own).
        let gathered = u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        bits |= gathered << (8 * k);
    }
    bits
}

/// True when the character starting at byte `i` of `bytes` is escaped
/// ([`needs_escape`]), read off its bytes.
#[inline]
fn is_escaped(bytes: &[u8], i: usize) -> bool {
    matches!(bytes[i], b'"' | b'\\') || unsafe_at(bytes, i)
}

/// Calls `each` with the byte offset of every character of `s` that
/// [`needs_escape`], in order: [`candidates`] over each chunk (the last
/// one padded with spaces), [`is_escaped`] on the bytes it marks.
#[inline]
fn for_each_escaped(s: &str, mut each: impl FnMut(usize)) {
    let bytes = s.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let whole = bytes.get(at..=at + CHUNK).and_then(|w| <&[u8; CHUNK + 1]>::try_from(w).ok());
        let bits = if let Some(window) = whole {
            candidates(window)
        } else {
            let rest = &bytes[at..];
            let mut window = [b' '; CHUNK + 1];
            window[..rest.len()].copy_from_slice(rest);
            candidates(&window)
        };
        let mut bits = bits;
        while bits != 0 {
            let i = at + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if i < bytes.len() && is_escaped(bytes, i) {
                each(i);
            }
        }
        at += CHUNK;
    }
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

/// Strings shorter than this are looked at byte by byte ([`PLAIN`],
/// then [`is_escaped`]), not by chunks.
const SHORT: usize = 32;

/// [`push_json_string`], calling `note` with the byte offset of each
/// character escaped.
fn push_noting(out: &mut Vec<u8>, s: &str, mut note: impl FnMut(usize)) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0usize;
    let mut escape = |at: usize| {
        let Some(c) = s.get(at..).and_then(|rest| rest.chars().next()) else { return };
        debug_assert!(needs_escape(c));
        out.extend_from_slice(&bytes[from..at]);
        note(at);
        push_escape(out, c);
        from = at + c.len_utf8();
    };
    if s.len() < SHORT {
        // A byte test for each byte: less than a chunk's scan.
        for (i, &b) in bytes.iter().enumerate() {
            if !PLAIN[usize::from(b)] && is_escaped(bytes, i) {
                escape(i);
            }
        }
    } else {
        for_each_escaped(s, escape);
    }
    out.extend_from_slice(&bytes[from..]);
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

    /// Long runs of plain Arabic or Latin between rare characters to
    /// escape, so that these fall at every place of a chunk, on its edges
    /// too (a pair or a triple cut by the edge).
    fn runs() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            "(ب{1,70}|[a-z ]{1,70}|[\"\\\\\u{0}\n\r\t\u{1b}\u{7}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{61b}\u{61c}\u{200d}\u{200e}\u{200f}\u{2014}\u{201c}\u{2027}\u{2028}\u{2029}\u{202e}\u{202f}\u{2065}\u{2066}\u{206f}\u{2070}😀]){0,30}",
        )
        .expect("a valid regex")
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in text()) {
            proptest::prop_assert_eq!(pushed(&s), serde_safe(&s));
        }

        /// Rare escapes anywhere in long runs: the same bytes, the same
        /// offsets noted.
        #[test]
        fn escapes_anywhere_in_long_runs_are_found(s in runs()) {
            let (mut out, mut escaped) = (Vec::new(), Vec::new());
            push_json_string_noting(&mut out, &s, &mut escaped);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_safe(&s));
            let expected: Vec<usize> =
                s.char_indices().filter(|&(_, c)| needs_escape(c)).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(escaped, expected);
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
