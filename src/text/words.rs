//! Arabic-aware words for the word cursor and for trimming proclitics.
//!
//! Words come from the UAX #29 word boundaries (`unicode-segmentation`),
//! which keep harakat, tatweel and joiners inside a word. A segment is a
//! word when it holds at least one letter or digit: spaces and punctuation
//! such as ، ؛ ؟ « » are not words. All offsets count `char`s of the
//! paragraph text given.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::language::Language;
use super::normalize::{Fold, Folding, TATWEEL, fold_char, is_arabic_mark};

/// True for a character that makes a segment a word: a letter or digit that
/// is not a combining mark or tatweel.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_arabic_mark(c) && c != TATWEEL
}

/// The words of `text` as `char` ranges, in order.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = 0usize;
    text.split_word_bounds().filter_map(move |segment| {
        let start = chars;
        let mut word = false;
        for c in segment.chars() {
            chars += 1;
            word |= is_word_char(c);
        }
        word.then_some(start..chars)
    })
}

/// The word holding `char` offset `offset`, if `offset` is inside one.
pub fn word_at(text: &str, offset: usize) -> Option<Range<usize>> {
    words(text).take_while(|w| w.start <= offset).find(|w| offset < w.end)
}

/// The start of the first word starting after `offset`.
pub fn next_word_start(text: &str, offset: usize) -> Option<usize> {
    words(text).map(|w| w.start).find(|&s| s > offset)
}

/// The start of the last word starting before `offset` (inside a word, its
/// own start, as `b` in vi).
pub fn prev_word_start(text: &str, offset: usize) -> Option<usize> {
    words(text).map(|w| w.start).take_while(|&s| s < offset).last()
}

const WAW: char = 'و';
const FA: char = 'ف';
const BA: char = 'ب';
const KAF: char = 'ك';
const LAM: char = 'ل';
const ALEF: char = 'ا';
const ALEF_WASLA: char = 'ٱ';

/// Words whose leading و ب ف ك + ال are root letters or part of a foreign
/// name, not proclitics (compared folded: no harakat, ة as ه). Found by
/// reading the trims made on the sample articles (فاليري → اليري was one);
/// a real lexicon would do better.
#[rustfmt::skip]
const NOT_PROCLITIC: &[&str] = &[
    "والد", "والده", "والدي", "والدا", "والدان", "والدين", "والديه", "والدته", "والدها",
    "والدهم", "والدتها", "والدتي", "والي", "واليا", "والت", "بالغ", "بالغه", "بالغا", "بالغين",
    "بالون", "فالح",
    // Foreign names that begin with these letters.
    "فاليري", "فالنسيا", "فالنتين", "والتر", "والاس", "والش", "بالتيمور", "بالي", "كاليفورنيا",
];

/// The letters of a word the rules of [`by_rules`] read at most (the
/// article after two proclitics and two letters after it).
const RULE_LETTERS: usize = 6;

/// The letters of a word [`try_trim`] reads at most: more than any rule
/// looks at, and more than any word of [`NOT_PROCLITIC`] has.
const LETTERS_MAX: usize = 12;

/// [`trim_proclitics`] in a text of `language`: the proclitics are Arabic
/// grammar, so in any other language (Persian بالا, Urdu بالکل begin with
/// the same letters) `range` is returned as it is.
pub fn trim_proclitics_in(language: Language, text: &str, range: Range<usize>) -> Range<usize> {
    if language.has_proclitics() { trim_proclitics(text, range) } else { range }
}

/// True when the letters before a mention (`prefix`) are Arabic proclitics
/// only (و ف ب ل ك) and `language` has them: "tag all" then takes the word.
pub fn proclitic_prefix_in(language: Language, prefix: &str) -> bool {
    language.has_proclitics() && prefix.chars().all(|c| matches!(c, WAW | FA | BA | LAM | KAF))
}

/// Trims the proclitics و ف ب ك ل from the start of the word at the start
/// of `range`, keeping the article: وبالجزائر → الجزائر, والرئيس → الرئيس,
/// فالأمر → الأمر, كالعادة → العادة. Returns `range` with a later start,
/// or `range` itself when nothing is trimmed.
///
/// Rules (GUIDE.md §3), applied to the letters of the first word in the
/// range, harakat and tatweel skipped:
/// - the pattern is an optional conjunction (و ف), an optional preposition
///   (ب ك ل), then the article ال (or ٱل) followed by at least two letters;
///   at least one proclitic must be present;
/// - ل before the article is written لل (the article's alef is elided). The
///   letters cannot tell ل + ال + noun (للرئيس) from ل + a noun that starts
///   with ل (للبنان, لليبيا, للجنة = ل + اللجنة), so no article form exists to
///   trim to: only a conjunction before لل is trimmed (وللرئيس → للرئيس);
/// - proclitics are never trimmed without a following article: و ف ب ك ل
///   begin too many words (وزير، فرنسا، بريطانيا، كندا، لبنان);
/// - a few words whose و/ب/ف + ال are root letters (والد, والي, بالغ …) are
///   left alone, and a trim never leaves fewer than two letters after ال.
pub fn trim_proclitics(text: &str, range: Range<usize>) -> Range<usize> {
    // Every trim starts at a proclitic: a word that starts with any other
    // letter is left as it is without a closer look (most words: fast).
    if !text.chars().nth(range.start).is_some_and(|c| matches!(c, WAW | FA | BA | KAF | LAM)) {
        return range;
    }
    // As `try_trim(text, range).unwrap_or(range)`, with the rules (a few
    // letters) before the list of root-letter words (most words fail them).
    // The rules read six letters at most: the whole word only for a trim.
    let (buffer, n, _) = first_letters::<RULE_LETTERS>(text, &range);
    let letters = &buffer[..n];
    if letters.first().is_none_or(|&(i, _)| i != range.start) {
        return range;
    }
    let Ok(trimmed) = by_rules(letters, range.end) else { return range };
    let (buffer, n, more) = first_letters::<LETTERS_MAX>(text, &range);
    if root_letters(&buffer[..n], more) { range } else { trimmed }
}

/// [`trim_proclitics`] of a whole word of Arabic letters (U+0621–U+063A,
/// U+0641–U+064A) and harakat (U+064B–U+065F, U+0670) only, read off its
/// UTF-8 bytes (two a char, as the tokeniser finds such words): how many
/// chars are trimmed off its start (0 when none). The same rules, without
/// decoding the text twice (property-tested against [`trim_proclitics`]).
pub fn trim_arabic_word(word: &[u8]) -> usize {
    let mut letters = [(0usize, '\0'); RULE_LETTERS];
    let mut n = 0usize;
    for (k, pair) in word.chunks_exact(2).enumerate() {
        if n == RULE_LETTERS {
            break;
        }
        if let Some(c) = arabic_letter(pair) {
            letters[n] = (k, c);
            n += 1;
        }
    }
    let letters = &letters[..n];
    if !letters.first().is_some_and(|&(i, c)| i == 0 && matches!(c, WAW | FA | BA | KAF | LAM)) {
        return 0;
    }
    let Ok(trimmed) = by_rules(letters, word.len() / 2) else { return 0 };
    if arabic_root_letters(word) { 0 } else { trimmed.start }
}

/// The letter of a pair of bytes of a word of [`trim_arabic_word`], or
/// `None` for a haraka.
#[inline]
fn arabic_letter(pair: &[u8]) -> Option<char> {
    let code = (u32::from(pair.first()? & 0x1F) << 6) | u32::from(pair.get(1)? & 0x3F);
    char::from_u32(code).filter(|&c| !is_arabic_mark(c))
}

/// [`root_letters`] of a whole word of [`trim_arabic_word`], folded off its
/// bytes: harakat dropped, آ أ إ ٱ ٲ ٳ as ا, ى ی as ي, ة ە ۀ as ه, ک as ك
/// (what [`fold_char`] does to these letters).
fn arabic_root_letters(word: &[u8]) -> bool {
    let mut folded = [0u8; 2 * LETTERS_MAX];
    let mut len = 0usize;
    for pair in word.chunks_exact(2) {
        let (a, b) = match (pair[0], pair[1]) {
            (0xD9, 0x8B..=0x9F | 0xB0) => continue,
            (0xD8, 0xA2 | 0xA3 | 0xA5) | (0xD9, 0xB1..=0xB3) => (0xD8, 0xA7),
            (0xD9, 0x89) | (0xDB, 0x8C) => (0xD9, 0x8A),
            (0xD8, 0xA9) | (0xDB, 0x95 | 0x80) => (0xD9, 0x87),
            (0xDA, 0xA9) => (0xD9, 0x83),
            (a, b) => (a, b),
        };
        let Some(slot) = folded.get_mut(len..len + 2) else { return false };
        slot.copy_from_slice(&[a, b]);
        len += 2;
    }
    let folded = &folded[..len];
    NOT_PROCLITIC.iter().any(|w| w.as_bytes() == folded)
}

/// Why [`trim_proclitics`] leaves a word as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoTrim {
    /// The range does not start with a letter.
    NotAWord,
    /// و/ب/ف + ال are the word's own letters (والد, بالغ, فاليري…).
    RootLetters,
    /// ل + ل: ل + an article (للرئيس) or ل + a word that starts with ل
    /// (للبنان): the letters cannot tell.
    LamLam,
    /// The article with no proclitic before it: nothing to trim.
    BareArticle,
    /// No article after the proclitic-like letters (وزير, لبنان).
    NoArticle,
    /// Too few letters would be left after ال.
    TooShort,
    /// The article is not in Arabic: its language has no proclitics.
    OtherLanguage,
}

impl std::fmt::Display for NoTrim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotAWord => "it does not start with a word",
            Self::RootLetters => "its first letters are its own (as in والد، بالغ), not proclitics",
            Self::LamLam => {
                "لل may be ل + the article (للرئيس) or ل + a word that starts with ل (للبنان): \
                 the letters cannot tell which, so nothing is trimmed"
            }
            Self::BareArticle => "it starts with the article and no proclitic: nothing to trim",
            Self::NoArticle => {
                "proclitics (و ف ب ك ل) are trimmed only before the article ال, and these \
                 letters begin many words (وزير، لبنان)"
            }
            Self::TooShort => "too few letters would be left after ال",
            Self::OtherLanguage => {
                "proclitics are trimmed in Arabic articles only (language = \"ar\" in \
                 hashiya.toml if this one is Arabic)"
            }
        })
    }
}

/// Why [`trim_proclitics`] leaves the word at the start of `range` as it
/// is, or `None` when it trims it.
pub fn trim_refusal(text: &str, range: Range<usize>) -> Option<NoTrim> {
    try_trim(text, range).err()
}

/// [`trim_proclitics`], or why it trims nothing.
fn try_trim(text: &str, range: Range<usize>) -> Result<Range<usize>, NoTrim> {
    let (buffer, n, more) = first_letters::<LETTERS_MAX>(text, &range);
    let letters = &buffer[..n];
    if letters.first().is_none_or(|&(i, _)| i != range.start) {
        return Err(NoTrim::NotAWord);
    }
    if root_letters(letters, more) {
        return Err(NoTrim::RootLetters);
    }
    by_rules(letters, range.end)
}

/// The letters (with their `char` offsets) of the word at the start of
/// `range`, harakat, tatweel and invisible format characters skipped: the
/// first `N` of them (no allocation), how many, and whether the word has
/// more.
fn first_letters<const N: usize>(
    text: &str,
    range: &Range<usize>,
) -> ([(usize, char); N], usize, bool) {
    let mut buffer = [(0usize, '\0'); N];
    let (mut n, mut more) = (0usize, false);
    for (i, c) in text.chars().enumerate().skip(range.start).take(range.len()) {
        // The core Arabic letters first (most of the text): no mark, no
        // tatweel, no format character among them.
        let core = matches!(c, '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}');
        if !core {
            if is_arabic_mark(c) || c == TATWEEL || crate::text::glyph::is_invisible_format(c) {
                continue;
            }
            // `is_alphabetic` looks the others up in a table.
            if !c.is_alphabetic() {
                break;
            }
        }
        if n == N {
            more = true;
            break;
        }
        buffer[n] = (i, c);
        n += 1;
    }
    (buffer, n, more)
}

/// True when `letters` (all the word has, unless `more`) are a word of
/// [`NOT_PROCLITIC`] once folded. Each letter folds to one `char`, so a
/// word of more than [`LETTERS_MAX`] letters is none of them.
fn root_letters(letters: &[(usize, char)], more: bool) -> bool {
    if more {
        return false;
    }
    let mut folded = [0u8; 4 * LETTERS_MAX];
    let mut len = 0usize;
    for &(_, c) in letters {
        if let Fold::Char(f) = fold_char(c, &Folding::default()) {
            len += f.encode_utf8(&mut folded[len..]).len();
        }
    }
    let folded = &folded[..len];
    NOT_PROCLITIC.iter().any(|w| w.as_bytes() == folded)
}

/// The trim of a word of `letters` (its first ones, a word that is no
/// [`NOT_PROCLITIC`]) ending at `end`, by the rules of [`trim_proclitics`].
fn by_rules(letters: &[(usize, char)], end: usize) -> Result<Range<usize>, NoTrim> {
    let letter = |k: usize| letters.get(k).map(|&(_, c)| c);
    let mut p = 0;
    if matches!(letter(p), Some(WAW | FA)) {
        p += 1;
    }
    let conjunction_end = p;
    let preposition = letter(p).filter(|&c| matches!(c, BA | KAF | LAM));
    if preposition.is_some() {
        p += 1;
    }
    let article = matches!(letter(p), Some(ALEF | ALEF_WASLA)) && letter(p + 1) == Some(LAM);
    if article && p > 0 && letters.len() >= p + 4 {
        return Ok(letters[p].0..end);
    }
    // لل: ل + (ا)ل + noun, or ل + a noun starting with ل.
    let lam_lam = preposition == Some(LAM) && letter(p) == Some(LAM);
    if lam_lam && conjunction_end > 0 && letters.len() >= p + 3 {
        return Ok(letters[conjunction_end].0..end);
    }
    Err(if lam_lam {
        NoTrim::LamLam
    } else if article && p == 0 {
        NoTrim::BareArticle
    } else if article {
        NoTrim::TooShort
    } else {
        NoTrim::NoArticle
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_root_letter_word_is_shorter_than_the_letters_read() {
        assert!(NOT_PROCLITIC.iter().all(|w| w.chars().count() < LETTERS_MAX));
    }

    #[test]
    fn the_arabic_letters_shortcut_agrees_with_is_alphabetic() {
        assert!(('\u{0621}'..='\u{064A}').all(char::is_alphabetic));
    }

    fn slice(text: &str, r: Range<usize>) -> String {
        text.chars().skip(r.start).take(r.len()).collect()
    }

    fn word_texts(text: &str) -> Vec<String> {
        words(text).map(|r| slice(text, r)).collect()
    }

    #[test]
    fn words_keep_harakat_and_tatweel_and_skip_punctuation() {
        let text = "قالَ «الرئيـــسُ»: نعم، ٢٠٢٤؟ لا؛ OK.";
        assert_eq!(word_texts(text), vec!["قالَ", "الرئيـــسُ", "نعم", "٢٠٢٤", "لا", "OK"]);
    }

    #[test]
    fn word_at_and_neighbours() {
        // "في  البيت، هنا": في 0..2, spaces 2..4, البيت 4..9, "، " 9..11, هنا 11..14.
        let text = "في  البيت، هنا";
        assert_eq!(word_at(text, 0), Some(0..2));
        assert_eq!(word_at(text, 1), Some(0..2));
        assert_eq!(word_at(text, 2), None);
        assert_eq!(word_at(text, 8), Some(4..9));
        assert_eq!(word_at(text, 9), None);
        assert_eq!(word_at(text, 14), None);
        assert_eq!(next_word_start(text, 0), Some(4));
        assert_eq!(next_word_start(text, 5), Some(11));
        assert_eq!(next_word_start(text, 11), None);
        assert_eq!(prev_word_start(text, 14), Some(11));
        assert_eq!(prev_word_start(text, 6), Some(4));
        assert_eq!(prev_word_start(text, 4), Some(0));
        assert_eq!(prev_word_start(text, 0), None);
    }

    fn trimmed(word: &str) -> String {
        let len = word.chars().count();
        slice(word, trim_proclitics(word, 0..len))
    }

    #[test]
    fn proclitics_before_the_article_are_trimmed() {
        assert_eq!(trimmed("وبالجزائر"), "الجزائر");
        assert_eq!(trimmed("والرئيس"), "الرئيس");
        assert_eq!(trimmed("فالأمر"), "الأمر");
        assert_eq!(trimmed("كالعادة"), "العادة");
        assert_eq!(trimmed("بالإضافة"), "الإضافة");
        assert_eq!(trimmed("والله"), "الله");
        // Harakat on the proclitics stay with them; the article keeps its own.
        assert_eq!(trimmed("وَبِالْجَزَائِرِ"), "الْجَزَائِرِ");
    }

    #[test]
    fn a_word_left_as_it_is_says_why() {
        let why = |w: &str| trim_refusal(w, 0..w.chars().count());
        assert_eq!(why("وبالجزائر"), None);
        assert_eq!(why("للكرملين"), Some(NoTrim::LamLam));
        assert_eq!(why("للبنان"), Some(NoTrim::LamLam));
        assert_eq!(why("الكرملين"), Some(NoTrim::BareArticle));
        assert_eq!(why("وزير"), Some(NoTrim::NoArticle));
        assert_eq!(why("والد"), Some(NoTrim::RootLetters));
        assert_eq!(why("وال"), Some(NoTrim::TooShort));
        assert_eq!(why("«قال»"), Some(NoTrim::NotAWord));
        // Refused exactly when nothing is trimmed.
        for w in ["وبالجزائر", "للكرملين", "وللرئيس", "الكرملين", "وزير", "فلل", "والد"]
        {
            let len = w.chars().count();
            assert_eq!(why(w).is_none(), trim_proclitics(w, 0..len) != (0..len), "{w}");
        }
    }

    #[test]
    fn lam_lam_keeps_the_ambiguous_part() {
        assert_eq!(trimmed("للرئيس"), "للرئيس");
        assert_eq!(trimmed("وللرئيس"), "للرئيس");
        assert_eq!(trimmed("للبنان"), "للبنان");
        assert_eq!(trimmed("فلل"), "فلل");
    }

    #[test]
    fn words_without_article_or_with_root_letters_are_kept() {
        for w in [
            "وزير",
            "فرنسا",
            "بريطانيا",
            "كندا",
            "لبنان",
            "الجزائر",
            "والي",
            "والدة",
            "وكالة",
            "بالغ",
            "ولاية",
            "وال",
            "فاليري",
            "كاليفورنيا",
        ] {
            assert_eq!(trimmed(w), w, "{w}");
        }
    }

    #[test]
    fn only_arabic_text_is_trimmed() {
        let trim = |l: Language, w: &str| {
            let len = w.chars().count();
            slice(w, trim_proclitics_in(l, w, 0..len))
        };
        assert_eq!(trim(Language::Arabic, "والرئيس"), "الرئيس");
        // Persian بالاترین (highest) and Urdu بالکل (completely) are words.
        assert_eq!(trim(Language::Arabic, "بالاترین"), "الاترین");
        assert_eq!(trim(Language::Persian, "بالاترین"), "بالاترین");
        assert_eq!(trim(Language::Urdu, "والیبال"), "والیبال");
        assert!(proclitic_prefix_in(Language::Arabic, "وب"));
        assert!(!proclitic_prefix_in(Language::Persian, "وب"));
        assert!(!proclitic_prefix_in(Language::Arabic, "وم"));
    }

    #[test]
    fn trims_only_the_first_word_of_a_selection() {
        // "والرئيس قال" as one selection: the start moves, the end stays.
        let text = "والرئيس قال";
        assert_eq!(trim_proclitics(text, 0..11), 1..11);
        // A selection starting on a space is left alone.
        assert_eq!(trim_proclitics(" والرئيس", 0..8), 0..8);
        // A selection starting mid-text.
        assert_eq!(trim_proclitics("قال والرئيس", 4..11), 5..11);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    'و', 'ب', 'ا', 'ل', 'ك', 'ف', 'ة', ' ', '،', '«', '»', '؟', '٣', 'a',
                    '\u{64E}', 'ـ', '\u{200C}', '.', '-',
                ]),
                any::<char>(),
            ],
            0..40,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn words_are_ordered_disjoint_and_hold_a_letter_or_digit(text in text()) {
            let chars: Vec<char> = text.chars().collect();
            let mut prev_end = 0;
            for w in words(&text) {
                prop_assert!(w.start >= prev_end && w.start < w.end && w.end <= chars.len());
                prop_assert!(chars[w.clone()].iter().any(|&c| is_word_char(c)));
                prev_end = w.end;
            }
        }

        #[test]
        fn word_motions_agree_with_the_word_list(text in text(), at in 0usize..45) {
            let list: Vec<Range<usize>> = words(&text).collect();
            prop_assert_eq!(word_at(&text, at), list.iter().find(|w| w.contains(&at)).cloned());
            prop_assert_eq!(
                next_word_start(&text, at),
                list.iter().map(|w| w.start).find(|&s| s > at)
            );
            prop_assert_eq!(
                prev_word_start(&text, at),
                list.iter().rev().map(|w| w.start).find(|&s| s < at)
            );
        }

        /// The quick trim (rules first, root-letter words after) is the
        /// trim of `try_trim`, on words of the root-letter list too.
        #[test]
        fn trimming_agrees_with_the_reasons(
            before in proptest::sample::select(vec!["", "و", "ف", "ب", "ل", "وب", "ول", "فال", "ال"]),
            word in prop_oneof![
                proptest::sample::select(NOT_PROCLITIC.to_vec()).prop_map(str::to_owned),
                text(),
            ],
            mark in proptest::sample::select(vec!["", "\u{64E}", "ـ", "\u{200C}"]),
        ) {
            let text = format!("{before}{mark}{word}");
            let len = text.chars().count();
            prop_assert_eq!(
                trim_proclitics(&text, 0..len),
                try_trim(&text, 0..len).unwrap_or(0..len)
            );
        }

        /// The trim read off the bytes of a word of Arabic letters and
        /// harakat is [`trim_proclitics`]'s.
        #[test]
        fn the_byte_trim_is_the_trim(
            before in proptest::sample::select(vec![
                "", "و", "ف", "ب", "ك", "ل", "وب", "ول", "فب", "فك", "وك", "فل", "لل", "ولل",
                "فلل", "وال", "بال", "فال", "كال", "ال", "ٱل", "وٱل",
            ]),
            word in prop_oneof![
                proptest::sample::select(NOT_PROCLITIC.to_vec()).prop_map(str::to_owned),
                "[وفبكلالينةأإآىرسمدهٱٲٳیەۀک\u{64B}-\u{65F}\u{670}]{0,14}",
            ],
            mark in proptest::sample::select(vec!["", "\u{64E}", "\u{651}\u{64E}", "\u{670}"]),
        ) {
            let text = format!("{before}{mark}{word}");
            let first_is_letter = text.chars().next().is_some_and(|c| !is_arabic_mark(c));
            prop_assume!(first_is_letter);
            let len = text.chars().count();
            prop_assert_eq!(trim_arabic_word(text.as_bytes()), trim_proclitics(&text, 0..len).start);
        }

        #[test]
        fn trimming_only_moves_the_start_forward_within_the_word(text in text()) {
            let len = text.chars().count();
            let r = trim_proclitics(&text, 0..len);
            prop_assert!(r.start <= len && r.end == len);
            // What is cut off is at most two proclitic letters and their marks.
            let cut: String = text.chars().take(r.start).collect();
            prop_assert!(cut.chars().filter(|c| "وفبكل".contains(*c)).count() <= 2);
            prop_assert!(cut.chars().all(|c| "وفبكل".contains(c) || is_arabic_mark(c)
                || c == TATWEEL || crate::text::glyph::is_invisible_format(c)));
        }
    }
}
