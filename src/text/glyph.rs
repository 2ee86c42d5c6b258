//! What each character of an article looks like on screen.
//!
//! Articles come from the web: nothing in them may reach the terminal as a
//! control sequence. Every character is classified once here, so that the
//! layout, `render` and the TUI all draw the same safe glyphs.

use unicode_bidi::BidiClass;

/// How many columns a tab takes (tabs have no stops in bidi text).
pub const TAB_WIDTH: usize = 4;

/// How one logical character is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    /// Drawn as itself.
    Plain(char),
    /// Drawn as a visible stand-in (control pictures for C0, DEL and C1).
    Symbol(char),
    /// A tab: [`TAB_WIDTH`] spaces.
    Tab,
    /// Takes effect but draws nothing (bidi controls, joiners, BOM, soft hyphen).
    Hidden,
}

/// True for characters that act on layout but have no glyph: the explicit
/// bidi formatting characters and marks, zero width (non-)joiners and spaces,
/// word joiners, the byte order mark and the soft hyphen.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

/// The bidi classes whose characters are format controls rather than text.
pub fn is_bidi_control_class(class: BidiClass) -> bool {
    use BidiClass::{FSI, LRE, LRI, LRO, PDF, PDI, RLE, RLI, RLO};
    matches!(class, LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI)
}

/// The glyph of `c`.
pub fn glyph_of(c: char) -> Glyph {
    match c {
        '\t' => Glyph::Tab,
        '\u{0}'..='\u{1F}' => {
            Glyph::Symbol(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'))
        }
        '\u{7F}' => Glyph::Symbol('\u{2421}'),
        '\u{80}'..='\u{9F}' => Glyph::Symbol('\u{FFFD}'),
        '\u{2028}' => Glyph::Symbol('\u{2424}'),
        '\u{2029}' => Glyph::Symbol('\u{00B6}'),
        c if is_invisible_format(c) => Glyph::Hidden,
        c => Glyph::Plain(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_symbols() {
        assert_eq!(glyph_of('\u{1b}'), Glyph::Symbol('␛'));
        assert_eq!(glyph_of('\0'), Glyph::Symbol('␀'));
        assert_eq!(glyph_of('\u{7f}'), Glyph::Symbol('␡'));
        assert_eq!(glyph_of('\u{9b}'), Glyph::Symbol('\u{FFFD}'));
        assert_eq!(glyph_of('\t'), Glyph::Tab);
    }

    #[test]
    fn bidi_controls_and_joiners_are_hidden() {
        for c in ['\u{200E}', '\u{200F}', '\u{202B}', '\u{2067}', '\u{200D}', '\u{FEFF}'] {
            assert_eq!(glyph_of(c), Glyph::Hidden, "{c:?}");
        }
        assert_eq!(glyph_of('ب'), Glyph::Plain('ب'));
    }
}
