//! Text from files made safe to print: nothing from an article, a sidecar,
//! a `hashiya.toml`, a keymap, a brat file or a file *name* reaches a
//! terminal as a control.
//!
//! Every human-readable output of the command line (tables, TSV, messages,
//! errors) goes through this one mapping, which shows what the TUI shows
//! ([`glyph_of`]) and makes bidi controls visible instead of letting them act:
//!
//! | characters | shown as |
//! |---|---|
//! | C0 controls U+0000–U+001F | control pictures U+2400–U+241F: `␀` … `␛` … `␟` (`␉` tab, `␊` line feed, `␍` carriage return) |
//! | DEL U+007F | `␡` |
//! | C1 controls U+0080–U+009F | `�` (U+FFFD), as in the TUI |
//! | U+2028, U+2029 | `␤`, `¶` |
//! | bidi controls U+202A–U+202E | `⟪LRE⟫` `⟪RLE⟫` `⟪PDF⟫` `⟪LRO⟫` `⟪RLO⟫` |
//! | bidi isolates U+2066–U+2069 | `⟪LRI⟫` `⟪RLI⟫` `⟪FSI⟫` `⟪PDI⟫` |
//! | marks U+200E, U+200F, U+061C | `⟪LRM⟫` `⟪RLM⟫` `⟪ALM⟫` |
//! | deprecated format U+206A–U+206F | `⟪ISS⟫` `⟪ASS⟫` `⟪IAFS⟫` `⟪AAFS⟫` `⟪NADS⟫` `⟪NODS⟫` |
//!
//! Everything else (Arabic, joiners, emoji…) is shown as itself.
//!
//! - [`Line`] / [`line`]: one line of a table or a message — tabs and line
//!   breaks shown too, so that a field can neither break a row nor forge a
//!   line of its own;
//! - [`SafeWriter`]: a [`Write`] adapter that lets `\n` and `\t` through (the
//!   structure of tables and TSV) and maps everything else: the command line
//!   writes every human-readable output through it, so no path can bypass
//!   the mapping;
//! - [`tsv_field`]: a TSV value (`\\`, `\t`, `\n`, `\r` escaped);
//! - [`to_json`]: JSON whose strings decode to the exact original text but
//!   hold DEL, C1, bidi controls and U+2028/U+2029 as `\uXXXX` escapes
//!   (`serde_json` leaves them raw), so that printing it is safe too;
//! - [`eprintln`]: the one way the library writes a message to standard error.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::{self, Write};

use super::escape_scan;
use super::glyph::{Glyph, glyph_of};

/// The visible mark of a bidi control (and of the deprecated format
/// characters U+206A–U+206F), or `None` for any other character.
pub fn bidi_mark(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "⟪LRE⟫",
        '\u{202B}' => "⟪RLE⟫",
        '\u{202C}' => "⟪PDF⟫",
        '\u{202D}' => "⟪LRO⟫",
        '\u{202E}' => "⟪RLO⟫",
        '\u{2066}' => "⟪LRI⟫",
        '\u{2067}' => "⟪RLI⟫",
        '\u{2068}' => "⟪FSI⟫",
        '\u{2069}' => "⟪PDI⟫",
        '\u{200E}' => "⟪LRM⟫",
        '\u{200F}' => "⟪RLM⟫",
        '\u{061C}' => "⟪ALM⟫",
        '\u{206A}' => "⟪ISS⟫",
        '\u{206B}' => "⟪ASS⟫",
        '\u{206C}' => "⟪IAFS⟫",
        '\u{206D}' => "⟪AAFS⟫",
        '\u{206E}' => "⟪NADS⟫",
        '\u{206F}' => "⟪NODS⟫",
        _ => return None,
    })
}

/// True for the characters this module never lets through as themselves:
/// C0 and C1 controls, DEL, U+2028, U+2029 and the bidi controls of
/// [`bidi_mark`]. (`\n` and `\t` are among them: only [`SafeWriter`] keeps
/// those two.)
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2066}'..='\u{206F}'
    )
}

/// True when the character starting at byte `i` of `bytes` (UTF-8, `i` a
/// character's first byte or any byte that is not a character's first)
/// is one of [`is_unsafe`]: read off its bytes, without decoding it. (No
/// byte of these characters is a continuation byte of another character,
/// so the test can be made at every byte.)
#[inline]
pub(crate) fn unsafe_at(bytes: &[u8], i: usize) -> bool {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        0..=0x1F | 0x7F => true,
        // U+0080–U+009F.
        0xC2 => next(1) < 0xA0,
        // U+061C.
        0xD8 => next(1) == 0x9C,
        // U+200E, U+200F, U+2028–U+202E; U+2066–U+206F.
        0xE2 => match next(1) {
            0x80 => matches!(next(2), 0x8E | 0x8F | 0xA8..=0xAE),
            0x81 => matches!(next(2), 0xA6..=0xAF),
            _ => false,
        },
        _ => false,
    }
}

/// The byte offset and character of the first character of [`is_unsafe`]
/// in `s` at or after byte `from` (a character boundary), found by
/// [`escape_scan::next_hit`] and [`unsafe_at`]: one pass over the bytes,
/// 64 at a time, a test per byte only in a chunk that holds one
/// ([`chunk_holds_unsafe`]), and no decoding but of the character found.
pub fn next_unsafe(s: &str, from: usize) -> Option<(usize, char)> {
    let i = escape_scan::next_hit(s.as_bytes(), from, chunk_holds_unsafe, unsafe_at)?;
    Some((i, s.get(i..)?.chars().next()?))
}

/// The chunk test of [`next_unsafe`] for [`escape_scan::next_hit`]: true
/// when a character of [`is_unsafe`] starts in the 64 bytes of a chunk
/// (`window` holds the two bytes after them too; true when it is shorter,
/// at the text's end). A loose test of the 64 bytes first
/// ([`may_hold_unsafe`]), then the exact one 16 at a time
/// ([`holds_unsafe_chunk`]).
fn chunk_holds_unsafe(window: &[u8]) -> bool {
    const PART: usize = 16;
    let Some(window) = window.get(..64 + 2) else { return true };
    may_hold_unsafe(window)
        && (0..64).step_by(PART).any(|part| holds_unsafe_chunk::<PART>(&window[part..]))
}

/// True when a character of [`is_unsafe`] may start in the first 64 bytes
/// of `chunk` (the 65th is the byte after them): a byte of the C0 controls
/// or DEL, the first byte of U+0080–U+00BF or U+2000–U+2FFF, or U+061C;
/// fewer tests than [`holds_unsafe_chunk`], for the chunks that hold none.
#[allow(clippy::needless_bitwise_bool)]
#[inline]
fn may_hold_unsafe(chunk: &[u8]) -> bool {
    let Some(chunk) = chunk.get(..65) else { return true };
    let mut hit = 0u8;
    for i in 0..64 {
        let (a, b) = (chunk[i], chunk[i + 1]);
        hit |= u8::from(
            (a < 0x20) | (a == 0x7F) | (a == 0xC2) | (a == 0xE2) | ((a == 0xD8) & (b == 0x9C)),
        );
    }
    hit != 0
}

/// True when a character of [`is_unsafe`] starts in the first `N` bytes
/// of `chunk` (the two after them are read too, for a character across
/// the edge; true when `chunk` is shorter): [`unsafe_at`] at each of them,
/// as a fold without early exit over `N` bytes, which the compiler
/// vectorises (hence `&` and `|`). Only the characters themselves match
/// (not, say, the quotes and dashes of U+2000–U+207F), so a chunk of news
/// text without a line break has none.
#[allow(clippy::needless_bitwise_bool)]
#[inline]
fn holds_unsafe_chunk<const N: usize>(chunk: &[u8]) -> bool {
    let Some(chunk) = chunk.get(..N + 2) else { return true };
    let within = |b: u8, low: u8, high: u8| (b >= low) & (b <= high);
    let mut hit = 0u8;
    for i in 0..N {
        let (a, b, c) = (chunk[i], chunk[i + 1], chunk[i + 2]);
        let e2 = a == 0xE2;
        hit |= u8::from(
            (a < 0x20)
                | (a == 0x7F)
                | ((a == 0xC2) & (b < 0xA0))
                | ((a == 0xD8) & (b == 0x9C))
                | (e2 & (b == 0x80) & ((c == 0x8E) | (c == 0x8F) | within(c, 0xA8, 0xAE)))
                | (e2 & (b == 0x81) & within(c, 0xA6, 0xAF)),
        );
    }
    hit != 0
}

/// True when `s` holds a character of [`is_unsafe`].
fn holds_unsafe(s: &str) -> bool {
    next_unsafe(s, 0).is_some()
}

/// How an unsafe character is shown: a symbol or a mark.
enum Shown {
    Symbol(char),
    Mark(&'static str),
}

fn shown(c: char) -> Shown {
    if let Some(mark) = bidi_mark(c) {
        return Shown::Mark(mark);
    }
    match glyph_of(c) {
        Glyph::Symbol(s) => Shown::Symbol(s),
        // The tab is the only control the TUI draws as blank space; in a
        // line of text it gets its control picture like the others.
        Glyph::Tab => Shown::Symbol('\u{2409}'),
        Glyph::Plain(_) | Glyph::Hidden => Shown::Symbol('\u{FFFD}'),
    }
}

/// Writes `s` to `out` with every unsafe character shown, except the
/// characters for which `keep` holds.
fn write_shown(
    out: &mut impl fmt::Write,
    s: &str,
    keep: impl Fn(usize, char) -> bool,
) -> fmt::Result {
    let mut from = 0;
    let mut at = 0;
    while let Some((i, c)) = next_unsafe(s, at) {
        at = i + c.len_utf8();
        if keep(i, c) {
            continue;
        }
        out.write_str(&s[from..i])?;
        match shown(c) {
            Shown::Symbol(symbol) => out.write_char(symbol)?,
            Shown::Mark(mark) => out.write_str(mark)?,
        }
        from = at;
    }
    out.write_str(&s[from..])
}

/// Text shown on one line: every control, tab and line break as its
/// symbol, every bidi control as its mark. `format!("{}", Line(s))`.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a>(pub &'a str);

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_shown(f, self.0, |_, _| false)
    }
}

/// `s` as [`Line`] shows it (borrowed when nothing changes).
pub fn line(s: &str) -> Cow<'_, str> {
    if holds_unsafe(s) {
        let mut out = String::with_capacity(s.len() + 8);
        let _ = write_shown(&mut out, s, |_, _| false);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// A message of the app as the status line shows it: as [`line`], except
/// that balanced first-strong isolates (FSI … PDI, which the app puts
/// around each quoted field so that it keeps its own order) act. An
/// isolate cannot reorder anything outside itself; an unbalanced one is
/// shown as its mark like every other bidi control.
pub fn ui_line(s: &str) -> Cow<'_, str> {
    const FSI: char = '\u{2068}';
    const PDI: char = '\u{2069}';
    if !holds_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut open = Vec::new();
    let mut kept = std::collections::HashSet::new();
    for (i, c) in s.char_indices() {
        if c == FSI {
            open.push(i);
        } else if c == PDI {
            if let Some(start) = open.pop() {
                kept.insert(start);
                kept.insert(i);
            }
        }
    }
    let mut out = String::with_capacity(s.len() + 8);
    let _ = write_shown(&mut out, s, |i, _| kept.contains(&i));
    Cow::Owned(out)
}

/// Appends `s` with every unsafe character shown except `\n` and `\t`:
/// what [`SafeWriter`] does to the text written through it.
pub fn push_text(out: &mut String, s: &str) {
    let _ = write_shown(out, s, |_, c| c == '\n' || c == '\t');
}

/// A TSV value: `\` as `\\`, tab as `\t`, line feed as `\n`, carriage
/// return as `\r` (so a value never breaks its row or column), and every
/// other unsafe character shown as [`Line`] shows it.
pub fn tsv_field(s: &str) -> String {
    tsv_cow(s).into_owned()
}

/// [`tsv_field`], borrowed when nothing changes. Finds what to change with
/// one pass over the bytes ([`escape_scan`]).
pub fn tsv_cow(s: &str) -> Cow<'_, str> {
    let may_need = |bytes: &[u8]| {
        escape_scan::may_need(bytes, |b| matches!(b, 0..=0x1F | 0x7F | b'\\'), false)
    };
    let mut out: Option<String> = None;
    escape_scan::split_at_escapes(
        s,
        may_need,
        |c| c == '\\' || is_unsafe(c),
        |text, c| {
            let Some(c) = c else {
                if let Some(out) = out.as_mut() {
                    out.push_str(text);
                }
                return;
            };
            let out = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
            out.push_str(text);
            match c {
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => match shown(c) {
                    Shown::Symbol(symbol) => out.push(symbol),
                    Shown::Mark(mark) => out.push_str(mark),
                },
            }
        },
    );
    out.map_or(Cow::Borrowed(s), Cow::Owned)
}

/// True for what [`json_escape`] writes as `\uXXXX`: the unsafe characters
/// that `serde_json` leaves raw (DEL, C1, bidi controls, U+2028, U+2029).
/// C0 controls never reach it raw: JSON escapes them itself.
fn json_needs_escape(c: char) -> bool {
    is_unsafe(c) && !matches!(c, '\u{0}'..='\u{1F}')
}

/// Serialised JSON text with every raw DEL, C1, bidi control, U+2028 and
/// U+2029 written as a `\uXXXX` escape. In valid JSON such characters can
/// only be inside strings, where the escape decodes to the same character:
/// the strings read back (`jq`, Python, `serde_json`) are exactly the same.
pub fn json_escape(json: &str) -> Cow<'_, str> {
    let mut at = 0;
    let mut first = None;
    while let Some((i, c)) = next_unsafe(json, at) {
        if json_needs_escape(c) {
            first = Some(i);
            break;
        }
        at = i + c.len_utf8();
    }
    let Some(first) = first else {
        return Cow::Borrowed(json);
    };
    let mut out = String::with_capacity(json.len() + 16);
    out.push_str(&json[..first]);
    let mut from = first;
    let mut at = first;
    while let Some((i, c)) = next_unsafe(json, at) {
        at = i + c.len_utf8();
        if json_needs_escape(c) {
            out.push_str(&json[from..i]);
            let _ = write!(out, "\\u{:04x}", u32::from(c));
            from = at;
        }
    }
    out.push_str(&json[from..]);
    Cow::Owned(out)
}

/// `value` as JSON (indented when `pretty`) that is safe to print: see
/// [`json_escape`].
pub fn to_json<T: serde::Serialize + ?Sized>(
    value: &T,
    pretty: bool,
) -> serde_json::Result<String> {
    let text =
        if pretty { serde_json::to_string_pretty(value)? } else { serde_json::to_string(value)? };
    Ok(match json_escape(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    })
}

/// A `serde_json` formatter that writes every raw DEL, C1, bidi control,
/// U+2028 and U+2029 inside strings as a `\uXXXX` escape (what
/// [`json_escape`] does to finished text), and leaves the layout to `F`
/// (`CompactFormatter` or `PrettyFormatter`): JSON written through it as it
/// is produced holds no raw control, and reads back exactly.
#[derive(Debug, Clone, Default)]
pub struct SafeJson<F>(pub F);

/// Delegates the layout methods of [`serde_json::ser::Formatter`] to the
/// wrapped formatter.
macro_rules! delegate_json_layout {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    delegate_json_layout!(
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        end_object_key(),
        begin_object_value(),
        end_object_value(),
    );

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        writer.write_all(json_escape(fragment).as_bytes())
    }
}

/// Writes `value` to `out` as JSON, indented when `pretty`, through
/// [`SafeJson`]: streamed, and safe to print.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut impl Write,
    value: &T,
    pretty: bool,
) -> serde_json::Result<()> {
    if pretty {
        let formatter = SafeJson(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))
    } else {
        let formatter = SafeJson(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))
    }
}

/// True when `s` holds an unsafe character other than `\n` and `\t`
/// (what [`SafeWriter`] changes), found with one pass over the bytes
/// ([`escape_scan`]).
fn holds_unsafe_but_lines(s: &str) -> bool {
    // The C0 controls but `\t` (0x09) and `\n` (0x0A), and DEL.
    let may_need = |bytes: &[u8]| {
        escape_scan::may_need(bytes, |b| matches!(b, 0..=0x08 | 0x0B..=0x1F | 0x7F), false)
    };
    let needs = |c: char| is_unsafe(c) && c != '\n' && c != '\t';
    escape_scan::next_escape(s, 0, may_need, needs).is_some()
}

/// A [`Write`] adapter that shows every unsafe character of the UTF-8 text
/// written through it except `\n` and `\t` (see the module docs); bytes
/// that are not UTF-8 become `�`. A character split between two writes is
/// put together first.
#[derive(Debug)]
pub struct SafeWriter<W: Write> {
    inner: W,
    /// The start of a character whose end has not been written yet.
    pending: Vec<u8>,
    /// The mapped text of the current write (kept to reuse its memory).
    out: String,
}

impl<W: Write> SafeWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self { inner, pending: Vec::new(), out: String::new() }
    }

    /// The writer inside.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    fn map(&mut self, mut bytes: &[u8]) {
        loop {
            match std::str::from_utf8(bytes) {
                Ok(s) => {
                    push_text(&mut self.out, s);
                    return;
                }
                Err(e) => {
                    let (good, rest) = bytes.split_at(e.valid_up_to());
                    push_text(&mut self.out, std::str::from_utf8(good).unwrap_or_default());
                    let Some(n) = e.error_len() else {
                        // Cut inside a character: the next write ends it.
                        self.pending.extend_from_slice(rest);
                        return;
                    };
                    self.out.push('\u{FFFD}');
                    bytes = &rest[n..];
                }
            }
        }
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.pending.is_empty() {
            // Most text needs nothing: write it as it is, without a copy.
            if let Ok(s) = std::str::from_utf8(buf) {
                if !holds_unsafe_but_lines(s) {
                    return self.inner.write_all(buf);
                }
            }
        }
        self.out.clear();
        if self.pending.is_empty() {
            self.map(buf);
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            self.map(&joined);
        }
        self.inner.write_all(self.out.as_bytes())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            // A character that never ended.
            let _ = self.inner.write_all("\u{FFFD}".as_bytes());
            let _ = self.inner.flush();
        }
    }
}

/// Writes `message` and a line feed to `out`, each of its lines shown as
/// [`Line`] shows it. Lines after the first are indented by two spaces, so
/// that a line break quoted from a file can never pass for a message of
/// its own.
pub fn write_message(out: &mut impl Write, message: &str) -> io::Result<()> {
    let mut text = String::with_capacity(message.len() + 1);
    for (i, part) in message.split('\n').enumerate() {
        if i > 0 {
            text.push_str("\n  ");
        }
        text.push_str(&line(part));
    }
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// Prints `message` on its own line of standard error, shown as [`Line`]
/// shows it. The one way library code writes a message to standard error.
pub fn eprintln(message: impl fmt::Display) {
    #[allow(clippy::disallowed_methods, reason = "the message is made safe here")]
    let mut err = io::stderr().lock();
    let _ = write_message(&mut err, &message.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}]52;c;SGk=\u{7}\u{1b}[2J\u{9b}31m\u{7f}\u{202e}b\tc\nd\u{2028}";

    #[test]
    fn a_line_shows_every_control_and_bidi_control() {
        assert_eq!(line(HOSTILE), "a␛]52;c;SGk=␇␛[2J\u{FFFD}31m␡⟪RLO⟫b␉c␊d␤");
        assert_eq!(Line("x\u{2067}y\u{2069}\u{200f}").to_string(), "x⟪RLI⟫y⟪PDI⟫⟪RLM⟫");
        assert!(matches!(line("قال لي شانغفو\u{200d}"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_prefilter_never_misses_an_unsafe_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let alone = c.encode_utf8(&mut buf);
            if is_unsafe(c) {
                assert_eq!(next_unsafe(alone, 0), Some((0, c)), "{c:?}");
                // Inside a long run of Arabic, past the first chunk too.
                let long = format!("{}{c}{}", "سلام ".repeat(20), "قال ".repeat(20));
                let at = "سلام ".len() * 20;
                assert_eq!(next_unsafe(&long, 0), Some((at, c)), "{c:?} in a long text");
            } else {
                assert_eq!(next_unsafe(alone, 0), None, "{c:?}");
            }
        }
        assert_eq!(next_unsafe("قال لي شانغفو\u{200d} (Reuters) ١٢٣ 2026 «نعم» — …", 0), None);
    }

    #[test]
    fn the_symbols_are_the_tuis() {
        for c in ('\u{0}'..='\u{ff}').chain(['\u{2028}', '\u{2029}']) {
            if let Glyph::Symbol(s) = glyph_of(c) {
                assert_eq!(line(&c.to_string()), s.to_string(), "{c:?}");
            }
        }
    }

    #[test]
    fn every_unsafe_char_is_shown_and_nothing_else() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let shown = line(&c.to_string()).into_owned();
            assert_eq!(shown == c.to_string(), !is_unsafe(c), "{c:?}");
            assert!(!shown.chars().any(is_unsafe), "{c:?} shown as {shown:?}");
        }
    }

    #[test]
    fn tsv_escapes_separators_and_shows_the_rest() {
        assert_eq!(tsv_field("a\tb\nc\\d\re"), "a\\tb\\nc\\\\d\\re");
        assert_eq!(tsv_field("\u{1b}[2J\u{202e}x"), "␛[2J⟪RLO⟫x");
    }

    #[test]
    fn json_keeps_the_exact_strings_with_nothing_raw() {
        let value = serde_json::json!({ "t": HOSTILE, "k": "\u{85}\u{2029}\u{61c}" });
        for pretty in [false, true] {
            let text = to_json(&value, pretty).unwrap();
            assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text:?}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn the_writer_keeps_lines_and_tabs_and_joins_split_characters() {
        let mut w = SafeWriter::new(Vec::new());
        let bytes = "x\t\u{1b}[2J\n\u{9b}ب\u{202e}\n".as_bytes();
        // One byte at a time: every multi-byte character is split.
        for b in bytes {
            w.write_all(std::slice::from_ref(b)).unwrap();
        }
        w.write_all(b"\xff!").unwrap();
        assert_eq!(
            String::from_utf8(w.get_mut().clone()).unwrap(),
            "x\t␛[2J\n\u{FFFD}ب⟪RLO⟫\n\u{FFFD}!"
        );
    }

    #[test]
    fn json_through_the_writer_is_unchanged() {
        let text = to_json(&serde_json::json!([HOSTILE, "\u{0}\u{9f}"]), true).unwrap();
        let mut w = SafeWriter::new(Vec::new());
        w.write_all(text.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(w.get_mut().clone()).unwrap(), text);
    }

    /// Any text, controls and bidi controls often.
    fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            "([\\x00-\\x1f\\x7f-\\x{9f}\\x{200e}\\x{200f}\\x{2028}-\\x{202e}\\x{2066}-\\x{206f}\\x{61c}\"\\\\]|\\PC|.){0,40}",
        )
        .expect("a valid regex")
    }

    /// [`tsv_field`] as it was first written: split at the four escapes,
    /// the rest shown as [`line`] shows it.
    fn tsv_slowly(s: &str) -> String {
        let mut out = String::new();
        let mut from = 0;
        for (i, c) in s.char_indices() {
            let escape = match c {
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => continue,
            };
            out.push_str(&line(&s[from..i]));
            out.push_str(escape);
            from = i + 1;
        }
        out.push_str(&line(&s[from..]));
        out
    }

    proptest::proptest! {
        #[test]
        fn tsv_is_the_char_by_char_tsv_and_the_writer_check_is_exact(s in hostile_text()) {
            proptest::prop_assert_eq!(tsv_field(&s), tsv_slowly(&s));
            let expected = s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t');
            proptest::prop_assert_eq!(holds_unsafe_but_lines(&s), expected);
        }

        /// The offsets [`next_unsafe`] finds one after another, 64 bytes
        /// at a time, are those of every unsafe `char`, wherever a chunk
        /// edge falls (the pads move it).
        #[test]
        fn unsafe_offsets_are_those_of_every_char(
            parts in proptest::collection::vec((hostile_text(), 0usize..70), 0..6),
        ) {
            let mut s = String::new();
            for (hostile, pad) in &parts {
                s.push_str(&"بي a".repeat(*pad / 4));
                s.push_str(&"a".repeat(*pad % 4));
                s.push_str(hostile);
            }
            let expected: Vec<usize> =
                s.char_indices().filter(|&(_, c)| is_unsafe(c)).map(|(i, _)| i).collect();
            let found: Vec<usize> =
                std::iter::successors(next_unsafe(&s, 0), |&(i, c)| next_unsafe(&s, i + c.len_utf8()))
                    .map(|(i, _)| i)
                    .collect();
            proptest::prop_assert_eq!(found, expected);
        }

        #[test]
        fn nothing_unsafe_is_left_and_json_reads_back_exactly(
            s in hostile_text(),
            cut in 0usize..64,
        ) {
            proptest::prop_assert!(!line(&s).chars().any(is_unsafe));
            let tsv = tsv_field(&s);
            proptest::prop_assert!(!tsv.chars().any(is_unsafe));
            for pretty in [false, true] {
                let text = to_json(&s, pretty).expect("a string serialises");
                proptest::prop_assert!(!text.chars().any(is_unsafe));
                let back: String = serde_json::from_str(&text).expect("valid JSON");
                proptest::prop_assert_eq!(&back, &s);
            }
            // Written in two pieces cut anywhere (even inside a character),
            // the writer gives what one piece gives.
            let mut whole = String::new();
            push_text(&mut whole, &s);
            proptest::prop_assert!(!whole.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t'));
            let cut = cut.min(s.len());
            let mut w = SafeWriter::new(Vec::new());
            w.write_all(&s.as_bytes()[..cut]).expect("writes to a Vec");
            w.write_all(&s.as_bytes()[cut..]).expect("writes to a Vec");
            proptest::prop_assert_eq!(String::from_utf8(w.get_mut().clone()).expect("UTF-8"), whole);
        }
    }

    #[test]
    fn streamed_json_is_the_escaped_text() {
        let value =
            serde_json::json!({"a\u{202e}": [HOSTILE, "x\u{85}y", 1], "b": {"c": "\u{2028}"}});
        for pretty in [false, true] {
            let mut streamed = Vec::new();
            write_json(&mut streamed, &value, pretty).unwrap();
            assert_eq!(String::from_utf8(streamed).unwrap(), to_json(&value, pretty).unwrap());
        }
    }

    #[test]
    fn ui_lines_keep_balanced_isolates_only() {
        assert_eq!(ui_line("a \u{2068}«x»\u{2069} b"), "a \u{2068}«x»\u{2069} b");
        assert_eq!(ui_line("a \u{2068}x \u{202e}y"), "a ⟪FSI⟫x ⟪RLO⟫y");
        assert_eq!(ui_line("\u{2069}\u{2068}\u{2068}x\u{2069}"), "⟪PDI⟫⟪FSI⟫\u{2068}x\u{2069}");
        assert_eq!(ui_line("\u{1b}[2J\u{2068}\u{2069}"), "␛[2J\u{2068}\u{2069}");
    }

    #[test]
    fn a_quoted_line_break_cannot_pass_for_a_message() {
        let mut out = Vec::new();
        write_message(&mut out, "x: bad\nfake: error\u{1b}[2J\r").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "x: bad\n  fake: error␛[2J␍\n");
    }
}
