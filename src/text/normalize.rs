//! Spelling-insensitive folding of Arabic (and Latin) text for search,
//! "tag all occurrences" and entity indexes.
//!
//! Arabic is written with or without harakat, with decorative tatweel and
//! with several spellings of the same letter (أ إ آ ٱ for ا, ى for ي at the
//! end of a word, ة often typed as ه). Persian, Urdu and Kurdish write
//! their own letters where Arabic has others, and users type either with
//! the keyboard they have: ی for ي and ى, ک for ك, ە for ه and ة, ۀ for هٔ,
//! and four sets of digits (ASCII, Arabic-Indic ٠–٩, Extended Arabic-Indic
//! ۰–۹ for Persian and Urdu). [`Folding`] says which of these
//! differences to ignore; [`fold_char`] applies it to one character and
//! [`fold`] to a short string. [`Folded`] (in [`super::folded`]) folds a
//! whole text and remembers where every folded character came from.

pub use super::folded::{Folded, RangeMapper};

/// Which spelling differences searching ignores. All folds are on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
#[allow(clippy::struct_excessive_bools, reason = "independent switches, read from configuration")]
pub struct Folding {
    /// Ignore harakat and the other Arabic combining marks (U+0610–U+061A,
    /// U+064B–U+065F, U+0670, U+06D6–U+06ED marks, U+0898–U+089F,
    /// U+08CA–U+08FF marks).
    pub harakat: bool,
    /// Ignore tatweel (U+0640), the elongation stroke.
    pub tatweel: bool,
    /// Fold أ إ آ ٱ ٲ ٳ to ا.
    pub alef: bool,
    /// Fold alef maqsura ى to ya ي.
    pub alef_maqsura: bool,
    /// Fold ta marbuta ة to ha ه.
    pub ta_marbuta: bool,
    /// Fold Farsi yeh ی (U+06CC: Persian, Urdu, Kurdish) to yeh ي (with
    /// `alef_maqsura`, ى too: all three alike).
    pub yeh: bool,
    /// Fold keheh ک (U+06A9: Persian, Urdu, Kurdish) to kaf ك.
    pub kaf: bool,
    /// Fold ae ە (U+06D5: Kurdish, Uyghur) and heh with yeh above ۀ
    /// (U+06C0: Persian) to heh ه. The other spelling of ۀ, ه followed by
    /// hamza above (هٔ, U+0654), is a heh and a mark, which `harakat` ignores;
    /// with `ta_marbuta`, ة folds to ه too.
    pub heh: bool,
    /// Fold Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹: Persian and
    /// Urdu) digits to ASCII digits.
    pub digits: bool,
    /// Compare letters case-insensitively (simple, one-character lowercase).
    pub case: bool,
    /// Ignore invisible format characters (bidi marks and controls, zero
    /// width joiners and spaces, BOM, soft hyphen), which web text often
    /// carries inside or around words.
    pub format: bool,
}

impl Default for Folding {
    fn default() -> Self {
        Self::all()
    }
}

impl Folding {
    /// Every fold on.
    pub const fn all() -> Self {
        Self {
            harakat: true,
            tatweel: true,
            alef: true,
            alef_maqsura: true,
            ta_marbuta: true,
            yeh: true,
            kaf: true,
            heh: true,
            digits: true,
            case: true,
            format: true,
        }
    }

    /// Every fold off: exact matching.
    pub const fn none() -> Self {
        Self {
            harakat: false,
            tatweel: false,
            alef: false,
            alef_maqsura: false,
            ta_marbuta: false,
            yeh: false,
            kaf: false,
            heh: false,
            digits: false,
            case: false,
            format: false,
        }
    }
}

/// True for the Arabic combining marks (general category Mn in the Arabic
/// blocks): harakat, shadda, sukun, superscript alef, Quranic annotation marks.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{0898}'..='\u{089F}'
            | '\u{08CA}'..='\u{08E1}'
            | '\u{08E3}'..='\u{08FF}'
    )
}

/// Arabic tatweel (kashida).
pub const TATWEEL: char = '\u{0640}';

/// What folding does to one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// The character stands for this folded character.
    Char(char),
    /// A mark or elongation that belongs to the preceding letter: ignored,
    /// but a match ending just before it extends over it.
    Absorbed,
    /// An invisible format character: ignored, and never part of a match's end.
    Skipped,
}

/// Folds one character.
#[inline]
pub fn fold_char(c: char, folding: &Folding) -> Fold {
    if c.is_ascii() {
        return Fold::Char(if folding.case { c.to_ascii_lowercase() } else { c });
    }
    match c {
        c if folding.harakat && is_arabic_mark(c) => Fold::Absorbed,
        TATWEEL if folding.tatweel => Fold::Absorbed,
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}'
            if folding.alef =>
        {
            Fold::Char('\u{0627}')
        }
        '\u{0649}' if folding.alef_maqsura => Fold::Char('\u{064A}'),
        '\u{0629}' if folding.ta_marbuta => Fold::Char('\u{0647}'),
        '\u{06CC}' if folding.yeh => Fold::Char('\u{064A}'),
        '\u{06A9}' if folding.kaf => Fold::Char('\u{0643}'),
        '\u{06D5}' | '\u{06C0}' if folding.heh => Fold::Char('\u{0647}'),
        '\u{0660}'..='\u{0669}' if folding.digits => {
            Fold::Char(char::from(b'0' + (c as u32 - 0x0660) as u8))
        }
        '\u{06F0}'..='\u{06F9}' if folding.digits => {
            Fold::Char(char::from(b'0' + (c as u32 - 0x06F0) as u8))
        }
        // Arabic letters have no case: skip the lowercase lookup for the
        // Arabic blocks, which is most of the text.
        '\u{0600}'..='\u{08FF}' => Fold::Char(c),
        c if folding.format && crate::text::glyph::is_invisible_format(c) => Fold::Skipped,
        c if folding.case && c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => Fold::Char(l),
                _ => Fold::Char(c),
            }
        }
        c => Fold::Char(c),
    }
}

/// Folds `text` into a new string (for queries and short keys).
pub fn fold(text: &str, folding: &Folding) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, folding, &mut out);
    out
}

/// Folds `text`, appending to `out`.
pub fn fold_into(text: &str, folding: &Folding, out: &mut String) {
    for c in text.chars() {
        if let Fold::Char(f) = fold_char(c, folding) {
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        fold(s, &Folding::default())
    }

    #[test]
    fn harakat_and_tatweel_are_ignored() {
        assert_eq!(f("أَحْمَدُ"), "احمد");
        assert_eq!(f("كتـــاب"), "كتاب");
        assert_eq!(f("القُرْآن"), "القران");
        // Superscript alef and Quranic small high marks are marks too.
        assert_eq!(f("هٰذا\u{06D6}"), "هذا");
    }

    #[test]
    fn letter_variants_fold() {
        assert_eq!(f("أإآٱٲٳا"), "ااااااا");
        assert_eq!(f("على"), "علي");
        assert_eq!(f("مدرسة"), "مدرسه");
        assert_eq!(f("٢٠٢٤ ۱۹"), "2024 19");
        assert_eq!(f("ÉCOLE Straße ΣΊ"), "école straße σί");
    }

    #[test]
    fn persian_urdu_and_kurdish_spellings_fold_to_arabic() {
        // ی ي ى alike; ک ك alike.
        assert_eq!(f("ایران"), f("ايران"));
        assert_eq!(f("علی"), f("على"));
        assert_eq!(f("علی"), "علي");
        assert_eq!(f("کتاب"), "كتاب");
        // ە ه ة alike; ۀ and هٔ alike.
        assert_eq!(f("مدرسە"), f("مدرسة"));
        assert_eq!(f("خانۀ"), "خانه");
        assert_eq!(f("خانهٔ"), "خانه");
        // Persian and Urdu digits (Extended Arabic-Indic), Arabic-Indic, ASCII.
        assert_eq!(f("۱۴۰۳"), "1403");
        assert_eq!(f("١٤٠٣"), "1403");
        // Each fold can be switched off on its own.
        let keep_yeh = Folding { yeh: false, ..Folding::all() };
        assert_eq!(fold("علی", &keep_yeh), "علی");
        let keep_keheh = Folding { kaf: false, ..Folding::all() };
        assert_eq!(fold("کتاب", &keep_keheh), "کتاب");
        let keep_ae = Folding { heh: false, ..Folding::all() };
        assert_eq!(fold("خانۀ ە", &keep_ae), "خانۀ ە");
    }

    #[test]
    fn folds_can_be_switched_off() {
        let none = Folding::none();
        assert_eq!(fold("أَحْمَدُ ـ ٣ A", &none), "أَحْمَدُ ـ ٣ A");
        let only_harakat = Folding { harakat: true, ..Folding::none() };
        assert_eq!(fold("أَحْمَدُ ـ", &only_harakat), "أحمد ـ");
    }

    #[test]
    fn uppercase_with_multi_char_lowercase_is_kept() {
        // U+0130 lowercases to "i\u{307}": no one-char fold, so it stays.
        assert_eq!(f("\u{130}"), "\u{130}");
    }
}
