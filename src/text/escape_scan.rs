//! Escaping big text fast: find the few characters a format must escape
//! with one pass over the bytes, 64 at a time, decoding only the chunks a
//! byte test says may hold one. Used by the writers of big exports (XML
//! attributes in XMI) and [`super::safe`] (JSON strings have a scan of
//! their own, [`super::json_string`]: a bit mask per chunk).

/// Bytes scanned at a time.
const CHUNK: usize = 64;

/// True when `bytes` may start a character to escape: a byte `single`
/// picks (usually the C0 controls, DEL and a few ASCII bytes), or the UTF-8
/// pairs C2 80–9F (C1 controls), E2 80–81 (U+2000–U+207F) and D8 9C
/// (U+061C) — with `single` covering the C0 controls and DEL, every
/// character of [`super::safe::is_unsafe`] —; with `specials` (BOM and
/// non-characters), EF BB and EF BF too (U+FEC0–U+FEFF, U+FFC0–U+FFFF).
/// Every such character matches, a few others too. Folds without early
/// exit over slices of one length, so that the compiler vectorises them
/// (hence `&`, not `&&`).
#[allow(clippy::needless_bitwise_bool)]
#[inline]
pub fn may_need(bytes: &[u8], single: impl Fn(u8) -> bool, specials: bool) -> bool {
    let single = bytes.iter().fold(false, |hit, &b| hit | single(b));
    let (Some((_, firsts)), Some((_, seconds))) = (bytes.split_last(), bytes.split_first()) else {
        return single;
    };
    single
        | firsts.iter().zip(seconds).fold(false, |hit, (&a, &b)| {
            hit | ((a == 0xC2) & (b < 0xA0))
                | ((a == 0xE2) & (b < 0x82))
                | ((a == 0xD8) & (b == 0x9C))
                | (specials & (a == 0xEF) & ((b == 0xBB) | (b == 0xBF)))
        })
}

/// The first byte offset at or after `from` for which `hit` holds
/// (called with `bytes` and the offset), testing only the chunks that
/// `may_need` flags (see [`may_need`]): it must hold for every chunk
/// that holds such a byte, and sees two bytes past the chunk, so that a
/// character of two or three bytes across the edge is seen. The one
/// scanning loop of this module and of [`super::safe::next_unsafe`].
#[inline]
pub fn next_hit(
    bytes: &[u8],
    from: usize,
    may_need: impl Fn(&[u8]) -> bool,
    hit: impl Fn(&[u8], usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        let end = (at + CHUNK).min(bytes.len());
        if may_need(&bytes[at..(end + 2).min(bytes.len())])
            && let Some(i) = (at..end).find(|&i| hit(bytes, i))
        {
            return Some(i);
        }
        at = end;
    }
    None
}

/// The byte offset and character of the first character at or after
/// byte `from` (a character boundary) for which `needs` holds, found by
/// [`next_hit`] with `may_need`: only the chunks it flags are decoded.
#[inline]
pub fn next_escape(
    s: &str,
    from: usize,
    may_need: impl Fn(&[u8]) -> bool,
    needs: impl Fn(char) -> bool,
) -> Option<(usize, char)> {
    // `None` inside a character: only a character's first byte starts one.
    let char_at = |i: usize| s.get(i..).and_then(|rest| rest.chars().next());
    let i = next_hit(s.as_bytes(), from, may_need, |_, i| char_at(i).is_some_and(&needs))?;
    Some((i, char_at(i)?))
}

/// Splits `s` at the characters for which `needs` holds: calls `each` with
/// the text before each such character and the character, then with the
/// rest and `None`. `may_need` is the byte test, as for [`next_escape`].
#[inline]
pub fn split_at_escapes<'s>(
    s: &'s str,
    may_need: impl Fn(&[u8]) -> bool,
    needs: impl Fn(char) -> bool,
    mut each: impl FnMut(&'s str, Option<char>),
) {
    let mut from = 0;
    while let Some((i, c)) = next_escape(s, from, &may_need, &needs) {
        each(s.get(from..i).unwrap_or_default(), Some(c));
        from = i + c.len_utf8();
    }
    each(s.get(from..).unwrap_or_default(), None);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str, needs: impl Fn(char) -> bool) -> Vec<(String, Option<char>)> {
        let mut out = Vec::new();
        let test = |b: &[u8]| may_need(b, |b| matches!(b, 0..=0x1F | 0x7F | b'"'), true);
        split_at_escapes(s, test, needs, |text, c| out.push((text.to_owned(), c)));
        out
    }

    #[test]
    fn the_pieces_put_together_are_the_text() {
        let long = "ب".repeat(40);
        let s = format!("a\"b{long}\u{202E}{long}\u{FEFF}\u{FFFF}\u{9F}«»");
        let needs = |c: char| c == '"' || super::super::safe::is_unsafe(c) || c >= '\u{FEFF}';
        let got = pieces(&s, needs);
        let escaped: Vec<char> = got.iter().filter_map(|p| p.1).collect();
        assert_eq!(escaped, vec!['"', '\u{202E}', '\u{FEFF}', '\u{FFFF}', '\u{9F}']);
        let mut whole = String::new();
        for (text, c) in &got {
            whole.push_str(text);
            whole.extend(*c);
        }
        assert_eq!(whole, s);
    }

    proptest::proptest! {
        /// The byte test never misses a character it must see.
        #[test]
        fn no_character_is_missed(s in "([\\x00-\\x7F]|[\u{80}-\u{A0}]|[\u{600}-\u{6FF}]|[\u{2000}-\u{2070}]|[\u{FEB0}-\u{FFFF}]){0,150}") {
            let needs = |c: char| c == '"' || super::super::safe::is_unsafe(c) || c == '\u{FEFF}' || c >= '\u{FFFE}';
            let got: Vec<char> = pieces(&s, needs).iter().filter_map(|p| p.1).collect();
            let expected: Vec<char> = s.chars().filter(|&c| needs(c)).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
