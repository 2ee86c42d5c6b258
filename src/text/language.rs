//! The language of a corpus: given by `language = "fa"` in `hashiya.toml`,
//! or detected from an article's text.
//!
//! Hashiya lays out every right-to-left script alike; the language matters
//! where rules belong to one language only. Proclitic trimming (`t`, and the
//! mentions after و ف ب ك ل that `A`, `*` and `#` accept) is Arabic
//! grammar: in Persian or Urdu, بالا, بالکل or والیبال begin with the same
//! letters and are whole words, so it applies to Arabic alone
//! ([`Language::has_proclitics`]).
//!
//! # Detection
//!
//! [`detect`] reads the letters of the first [`SAMPLE_CHARS`] characters of
//! the text (so it costs the same for any size of article) and decides by
//! script, then by the letters that only some languages of that script use:
//!
//! 1. The script with the most letters among Arabic, Hebrew and Thaana (the
//!    Arabic blocks and presentation forms, the Hebrew block and its
//!    presentation forms, the Thaana block); [`Language::Other`] when the
//!    text has no letter of any of them.
//! 2. Thaana is Dhivehi. Hebrew script is Yiddish when the marks of Yiddish
//!    spelling — the digraphs װ ױ ײ (or their presentation forms), rafe,
//!    alef with pasekh or komets (אַ אָ), yod with khirik (יִ) — number at
//!    least 1% of its letters and more than the other Hebrew points (those
//!    of vocalised Hebrew: shva, segol, tsere, kholem…; a dagesh in פּ בּ כּ
//!    שּ תּ counts for neither), else Hebrew.
//! 3. Arabic script: with `t` = 0.5% of its letters (at least one), the
//!    first of these that holds — Pashto if ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ number at
//!    least `t`; Uyghur if ۇ ۈ ۋ ې do; Sorani Kurdish if ێ ڵ ڕ ۆ ە do;
//!    Punjabi (Shahmukhi) if ݨ ݪ make 0.1% (they are rarer, and Urdu never
//!    writes them); Urdu if ٹ ڈ ڑ ں ے ہ make `t`; then Persian
//!    if پ چ ژ گ ی ک outnumber Arabic's own ي ك ة ى, else Arabic.
//!
//! On the corpus of `tests/data/corpus/` each language's file is detected as
//! its language, and each sample article as Arabic (`tests/rtl_languages.rs`).

use std::fmt;
use std::str::FromStr;

/// Characters of the text that detection reads at most.
pub const SAMPLE_CHARS: usize = 64 * 1024;

/// A language written right to left (or [`Language::Other`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Arabic.
    Arabic,
    /// Persian (Farsi, Dari).
    Persian,
    /// Urdu.
    Urdu,
    /// Sorani Kurdish (Central Kurdish).
    Kurdish,
    /// Pashto.
    Pashto,
    /// Uyghur.
    Uyghur,
    /// Punjabi in Shahmukhi script.
    Punjabi,
    /// Hebrew.
    Hebrew,
    /// Yiddish.
    Yiddish,
    /// Dhivehi (Thaana script).
    Dhivehi,
    /// Any other language, or text without letters of these scripts.
    Other,
}

impl Language {
    /// Every language, in the order of [`Language::code`]'s documentation.
    pub const ALL: [Self; 11] = [
        Self::Arabic,
        Self::Persian,
        Self::Urdu,
        Self::Kurdish,
        Self::Pashto,
        Self::Uyghur,
        Self::Punjabi,
        Self::Hebrew,
        Self::Yiddish,
        Self::Dhivehi,
        Self::Other,
    ];

    /// The code written in `hashiya.toml` (ISO 639: `ar`, `fa`, `ur`,
    /// `ckb`, `ps`, `ug`, `pnb`, `he`, `yi`, `dv`; `other` for the rest).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Arabic => "ar",
            Self::Persian => "fa",
            Self::Urdu => "ur",
            Self::Kurdish => "ckb",
            Self::Pashto => "ps",
            Self::Uyghur => "ug",
            Self::Punjabi => "pnb",
            Self::Hebrew => "he",
            Self::Yiddish => "yi",
            Self::Dhivehi => "dv",
            Self::Other => "other",
        }
    }

    /// The language's name in English.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Arabic => "Arabic",
            Self::Persian => "Persian",
            Self::Urdu => "Urdu",
            Self::Kurdish => "Sorani Kurdish",
            Self::Pashto => "Pashto",
            Self::Uyghur => "Uyghur",
            Self::Punjabi => "Punjabi (Shahmukhi)",
            Self::Hebrew => "Hebrew",
            Self::Yiddish => "Yiddish",
            Self::Dhivehi => "Dhivehi",
            Self::Other => "another language",
        }
    }

    /// True when words take the Arabic proclitics و ف ب ك ل before the
    /// article, which `t` trims: Arabic only.
    pub const fn has_proclitics(self) -> bool {
        matches!(self, Self::Arabic)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = String;

    /// Parses a code of [`Language::code`] (any case; `fa-IR`-style region
    /// suffixes and `pa-Arab` / `pa_PK` for Punjabi in Shahmukhi accepted).
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.trim().to_ascii_lowercase().replace('_', "-");
        let code = match lower.as_str() {
            "pa-arab" | "pa-pk" | "pa-arab-pk" => "pnb",
            "iw" => "he",
            "ku-arab" | "ku-iq" | "ku-ir" => "ckb",
            other => other.split('-').next().unwrap_or(other),
        };
        Self::ALL.into_iter().find(|l| l.code() == code).ok_or_else(|| {
            let codes: Vec<&str> = Self::ALL.iter().map(|l| l.code()).collect();
            format!("unknown language \"{s}\": write one of {}", codes.join(", "))
        })
    }
}

/// Letter counts of a sample, by the groups detection looks at.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    arabic: usize,
    hebrew: usize,
    thaana: usize,
    pashto: usize,
    uyghur: usize,
    kurdish: usize,
    punjabi: usize,
    urdu: usize,
    persian: usize,
    arabic_only: usize,
    yiddish: usize,
    /// Hebrew points other than those of Yiddish spelling.
    points: usize,
}

impl Counts {
    /// The counts of the first [`SAMPLE_CHARS`] characters of `text`: the
    /// same counts as [`Counts::add`] on every `char` (property-tested),
    /// found faster. The sample is read 64 bytes at a time (each
    /// character counted in the chunk that holds its first byte): a chunk
    /// of ASCII and core Arabic letters only (most of an Arabic text) is
    /// counted by [`plain_chunk`] without decoding; the others a `char` at
    /// a time, ASCII read off its byte.
    #[cfg(test)]
    fn of(text: &str) -> Self {
        Self::of_sample(sample(text))
    }

    /// [`Counts::of`] a text's [`sample`], already cut.
    fn of_sample(sample: &str) -> Self {
        const CHUNK: usize = 64;
        let bytes = sample.as_bytes();
        let mut n = Self::default();
        let mut at = 0usize;
        while at < bytes.len() {
            let end = (at + CHUNK).min(bytes.len());
            // The chunk and the byte after it (a pair across the edge);
            // the last one padded with NUL, which counts for nothing.
            let mut padded = [0u8; CHUNK + 1];
            let window = match bytes.get(at..=at + CHUNK) {
                Some(window) if end == at + CHUNK => window,
                _ => {
                    padded[..end - at].copy_from_slice(&bytes[at..end]);
                    &padded[..]
                }
            };
            if let Ok(window) = <&[u8; CHUNK + 1]>::try_from(window)
                && let Some((letters, arabic_only)) = plain_chunk(window)
            {
                n.arabic += letters;
                n.arabic_only += arabic_only;
                at = end;
                continue;
            }
            n.add_chars(sample, at, end);
            at = end;
        }
        n
    }

    /// Counts the characters of `sample` whose first byte lies in
    /// `from..to` (`from` may be inside a character: that one was counted
    /// before).
    fn add_chars(&mut self, sample: &str, from: usize, to: usize) {
        let bytes = sample.as_bytes();
        let mut at = from;
        while at < to && !sample.is_char_boundary(at) {
            at += 1;
        }
        let mut previous = sample.get(..at).and_then(|s| s.chars().next_back()).unwrap_or('\0');
        while at < to {
            // ASCII (spaces, digits, punctuation) counts for nothing.
            if bytes[at] < 0x80 {
                previous = char::from(bytes[at]);
                at += 1;
                continue;
            }
            let Some(c) = sample.get(at..).and_then(|s| s.chars().next()) else { break };
            at += c.len_utf8();
            self.add(c, previous);
            previous = c;
        }
    }

    /// Counts `c`, which follows `previous`.
    fn add(&mut self, c: char, previous: char) {
        // Most of an Arabic text: the core letters (none of them marks
        // another language), spaces and harakat, counted first.
        if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
            self.arabic += 1;
            if matches!(c, 'ي' | 'ك' | 'ة' | 'ى') {
                self.arabic_only += 1;
            }
            return;
        }
        match c {
            '\u{0780}'..='\u{07A5}' | '\u{07B1}' => self.thaana += 1,
            // The Yiddish digraphs (before the other Hebrew letters).
            '\u{05F0}'..='\u{05F2}' | '\u{FB1F}' | '\u{FB2E}' | '\u{FB2F}' => {
                self.hebrew += 1;
                self.yiddish += 1;
            }
            '\u{05D0}'..='\u{05EA}' | '\u{FB1D}'..='\u{FB4F}' => self.hebrew += 1,
            // Rafe, אַ אָ, יִ: Yiddish spelling.
            '\u{05BF}' | '\u{05B7}' | '\u{05B8}' | '\u{05B4}'
                if matches!(
                    (previous, c),
                    (_, '\u{05BF}') | ('א', '\u{05B7}' | '\u{05B8}') | ('י', '\u{05B4}')
                ) =>
            {
                self.yiddish += 1;
            }
            '\u{05BC}' if matches!(previous, 'פ' | 'ב' | 'כ' | 'ש' | 'ת') => {}
            '\u{05B0}'..='\u{05BD}' | '\u{05C1}' | '\u{05C2}' | '\u{05C7}' => self.points += 1,
            c if is_arabic_letter(c) => {
                self.arabic += 1;
                match c {
                    'ټ' | 'ځ' | 'څ' | 'ډ' | 'ړ' | 'ږ' | 'ښ' | 'ګ' | 'ڼ' | 'ۍ' => {
                        self.pashto += 1;
                    }
                    'ۇ' | 'ۈ' | 'ۋ' | 'ې' => self.uyghur += 1,
                    'ێ' | 'ڵ' | 'ڕ' | 'ۆ' | 'ە' => self.kurdish += 1,
                    'ݨ' | 'ݪ' => self.punjabi += 1,
                    'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ہ' => self.urdu += 1,
                    'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => self.persian += 1,
                    'ي' | 'ك' | 'ة' | 'ى' => self.arabic_only += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// The sample detection reads: the first [`SAMPLE_CHARS`] characters of
/// `text` (the whole of a text of no more bytes than that).
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_CHARS {
        return text;
    }
    text.char_indices().nth(SAMPLE_CHARS).map_or(text, |(at, _)| &text[..at])
}

/// When every character that starts in the first 64 bytes of `chunk` (the
/// 65th is the byte after them, for a pair across the edge) is one that
/// [`Counts::add`] ignores or counts as an Arabic letter only (ASCII,
/// U+0080–U+00BF, U+0600–U+066D, U+2000–U+2FFF): how many Arabic letters
/// (U+0620–U+063F, U+0641–U+064A) and how many of them are ي ك ة ى.
/// Written as a loop without early exit over an array, so that the
/// compiler vectorises it (hence `&` and `|`, not `&&` and `||`).
#[allow(clippy::needless_bitwise_bool)]
fn plain_chunk(chunk: &[u8; 65]) -> Option<(usize, usize)> {
    // A lead byte of a character that is neither ignored nor an Arabic
    // letter only (not U+0080–U+00BF, U+0600–U+067F, U+2000–U+2FFF).
    let foreign_lead = |b: u8| (b >= 0xC0) & (b != 0xC2) & (b != 0xD8) & (b != 0xD9) & (b != 0xE2);
    // Counts of at most 64 fit a byte.
    let (mut letters, mut arabic_only, mut foreign) = (0u8, 0u8, 0u8);
    for i in 0..64 {
        let (a, b) = (chunk[i], chunk[i + 1]);
        let (d8, d9) = (a == 0xD8, a == 0xD9);
        letters += u8::from((d8 & (b >= 0xA0)) | (d9 & (0x81..=0x8A).contains(&b)));
        arabic_only +=
            u8::from((d8 & (b == 0xA9)) | (d9 & ((b == 0x83) | (b == 0x89) | (b == 0x8A))));
        // U+066E–U+067F: letters of other languages (ټ ٹ پ …).
        foreign |= u8::from((d9 & (b >= 0xAE)) | foreign_lead(a));
    }
    (foreign == 0).then_some((usize::from(letters), usize::from(arabic_only)))
}

/// A letter of the Arabic script (its blocks and presentation forms).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
        && c != '\u{0640}'
}

/// The language of `text`, from its first [`SAMPLE_CHARS`] characters (see
/// the module documentation for the rules).
pub fn detect(text: &str) -> Language {
    // Most texts: no letter of another language nor of another script
    // (no chunk but those [`plain_chunk`] counts), so the counts hold
    // Arabic letters only and [`decide`] says Arabic, or Other without a
    // letter; found without counting.
    let sample = sample(text);
    let bytes = sample.as_bytes();
    if !any_foreign(bytes) {
        let letter = bytes.windows(2).any(|w| arabic_letter(w[0], w[1]));
        return if letter { Language::Arabic } else { Language::Other };
    }
    decide(&Counts::of_sample(sample))
}

/// True for the first two bytes of an Arabic letter that [`plain_chunk`]
/// counts (U+0620–U+063F, U+0641–U+064A).
#[allow(clippy::needless_bitwise_bool)]
#[inline]
fn arabic_letter(a: u8, b: u8) -> bool {
    ((a == 0xD8) & (b >= 0xA0)) | ((a == 0xD9) & (0x81..=0x8A).contains(&b))
}

/// True when a byte `a` followed by `b` starts a character that
/// [`plain_chunk`] leaves to [`Counts::add_chars`]: a lead byte other than
/// those of U+0080–U+00BF, U+0600–U+067F, U+2000–U+2FFF, or U+066E–U+067F.
#[allow(clippy::needless_bitwise_bool)]
#[inline]
fn foreign(a: u8, b: u8) -> bool {
    let lead = (a >= 0xC0) & (a != 0xC2) & (a != 0xD8) & (a != 0xD9) & (a != 0xE2);
    lead | ((a == 0xD9) & (b >= 0xAE))
}

/// True when some chunk of `sample` is not one [`plain_chunk`] counts
/// (the byte past the end read as NUL, as [`Counts::of`] pads it): 64
/// bytes at a time, each a fold without early exit that the compiler
/// vectorises.
fn any_foreign(sample: &[u8]) -> bool {
    const CHUNK: usize = 64;
    let mut at = 0;
    while let Some(window) =
        sample.get(at..at + CHUNK + 1).and_then(|w| <&[u8; CHUNK + 1]>::try_from(w).ok())
    {
        let mut hit = 0u8;
        for i in 0..CHUNK {
            hit |= u8::from(foreign(window[i], window[i + 1]));
        }
        if hit != 0 {
            return true;
        }
        at += CHUNK;
    }
    let tail = sample.get(at..).unwrap_or_default();
    (0..tail.len()).any(|i| foreign(tail[i], tail.get(i + 1).copied().unwrap_or(0)))
}

/// The language of a sample with counts `n`.
fn decide(n: &Counts) -> Language {
    let most = n.arabic.max(n.hebrew).max(n.thaana);
    if most == 0 {
        return Language::Other;
    }
    if n.thaana == most {
        return Language::Dhivehi;
    }
    if n.hebrew == most {
        let yiddish = n.yiddish * 100 >= n.hebrew && n.yiddish > n.points;
        return if yiddish { Language::Yiddish } else { Language::Hebrew };
    }
    let t = (n.arabic / 200).max(1);
    if n.pashto >= t {
        Language::Pashto
    } else if n.uyghur >= t {
        Language::Uyghur
    } else if n.kurdish >= t {
        Language::Kurdish
    } else if n.punjabi >= (n.arabic / 1000).max(1) {
        Language::Punjabi
    } else if n.urdu >= t {
        Language::Urdu
    } else if n.persian > n.arabic_only {
        Language::Persian
    } else {
        Language::Arabic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_letters_counted_first_are_arabic_letters_of_no_other_language() {
        let core = |c: char| matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}');
        assert!(('\u{0621}'..='\u{064A}').filter(|&c| core(c)).all(is_arabic_letter));
        let marking = "ټځڅډړږښګڼۍۇۈۋېێڵڕۆەݨݪٹڈڑںےہپچژگیک";
        assert!(marking.chars().all(|c| !core(c)));
    }

    #[test]
    fn codes_parse_and_print() {
        for l in Language::ALL {
            assert_eq!(l.code().parse(), Ok(l));
            assert_eq!(l.to_string(), l.code());
        }
        assert_eq!("FA".parse(), Ok(Language::Persian));
        assert_eq!("fa-IR".parse(), Ok(Language::Persian));
        assert_eq!("pa_PK".parse(), Ok(Language::Punjabi));
        assert_eq!("pa-Arab".parse(), Ok(Language::Punjabi));
        assert_eq!("iw".parse(), Ok(Language::Hebrew));
        let e = "farsi".parse::<Language>().unwrap_err();
        assert!(e.contains("unknown language \"farsi\"") && e.contains("fa, ur, ckb"), "{e}");
        assert!("".parse::<Language>().is_err());
    }

    #[test]
    fn only_arabic_has_proclitics() {
        for l in Language::ALL {
            assert_eq!(l.has_proclitics(), l == Language::Arabic, "{l}");
        }
    }

    #[test]
    fn short_texts_are_detected() {
        assert_eq!(detect("قال وزير الدفاع إن الصين تسعى إلى التعاون"), Language::Arabic);
        assert_eq!(detect("نوروز، نخستین روز سال خورشیدی، جشن گرفته می‌شود"), Language::Persian);
        assert_eq!(detect("اردو پاکستان کی قومی زبان ہے"), Language::Urdu);
        assert_eq!(detect("ئەم پەڕەیە بوونی نییە"), Language::Kurdish);
        assert_eq!(detect("دا پاڼه شتون نه لري"), Language::Pashto);
        assert_eq!(detect("بۇ بەت مەۋجۇت ئەمەس"), Language::Uyghur);
        assert_eq!(detect("הדף לא נמצא"), Language::Hebrew);
        assert_eq!(detect("דער בלאַט איז נישט געפֿונען"), Language::Yiddish);
        assert_eq!(detect("ޞަފްޙާ ނުފެނުނު"), Language::Dhivehi);
        assert_eq!(detect("Hello, world 123"), Language::Other);
        assert_eq!(detect(""), Language::Other);
    }

    #[test]
    fn only_the_sample_is_read() {
        let persian = "کتاب ".repeat(SAMPLE_CHARS);
        assert_eq!(
            detect(&format!("{persian}{}", "كتابة ".repeat(3 * SAMPLE_CHARS))),
            Language::Persian
        );
    }

    proptest::proptest! {
        /// The byte-level counting agrees with counting every `char`.
        #[test]
        fn counts_are_those_of_every_char(
            plain in "[a ي ك ة ى ب ا ل و،«»“\u{A0}\u{64E}\u{640}\u{620}\u{63F}\u{66D}]{0,300}",
            text in "[a ک ي ك ة ى ب ا \u{64E}\u{5D0}\u{5B7}\u{5BF}א י פ\u{5BC}ټ ۇ ێ ݨ ٹ پ \u{780}\u{FB50}\u{FE70}\u{640}\u{620}\u{63B}\u{640}\u{64B}-\u{64F}é€😀،«\u{A0}\u{66E}\u{2028}\u{FFFF}]{0,60}",
        ) {
            let text = format!("{plain}{text}{plain}");
            proptest::prop_assert_eq!(Counts::of(&text), slow_counts(&text));
            proptest::prop_assert_eq!(detect(&text), decide(&slow_counts(&text)));
            proptest::prop_assert_eq!(detect(&plain), decide(&slow_counts(&plain)));
        }

        /// On texts of every script and letter detection looks at, in
        /// runs long enough to cross chunk edges anywhere, the counts and
        /// the language are those of counting every `char`.
        #[test]
        fn every_script_counts_as_every_char(
            runs in proptest::collection::vec(
                (proptest::sample::select(SCRIPTS.to_vec()), 0usize..90, 0u8..4),
                0..12,
            ),
        ) {
            let mut text = String::new();
            for (letters, len, gap) in runs {
                let letters: Vec<char> = letters.chars().collect();
                for k in 0..len {
                    text.push(letters[(k * 7 + usize::from(gap)) % letters.len()]);
                    if k % 5 == usize::from(gap) {
                        text.push(' ');
                    }
                }
            }
            let slow = slow_counts(&text);
            proptest::prop_assert_eq!(detect(&text), decide(&slow));
            proptest::prop_assert_eq!(Counts::of(&text), slow);
        }
    }

    /// Letters (and marks, digits, punctuation) of each script and
    /// language detection tells apart, and of none.
    const SCRIPTS: [&str; 13] = [
        // Arabic: core letters, ي ك ة ى, harakat, tatweel, U+0620, U+063B–U+063F.
        "بتثجحخدذرزسشصضطظعغفقلمنهوياكةى\u{64E}\u{651}\u{640}\u{620}\u{63B}\u{63F}،؛؟٣٫",
        // Persian.
        "پچژگیکاب\u{200C}",
        // Urdu.
        "ٹڈڑںےہاب",
        // Sorani Kurdish.
        "ێڵڕۆەئا",
        // Pashto.
        "ټځڅډړږښګڼۍا",
        // Uyghur.
        "ۇۈۋېئا",
        // Punjabi (Shahmukhi).
        "ݨݪاب",
        // Arabic presentation forms and extended blocks.
        "\u{FB50}\u{FDFB}\u{FE70}\u{FEFC}\u{750}\u{8A0}\u{6EE}\u{6D5}\u{66E}",
        // Hebrew letters, points, dagesh after פ ב כ ש ת.
        "אבגדהוזחטיכלמנסעפצקרשת\u{5B0}\u{5B4}\u{5B7}\u{5B8}\u{5BC}\u{5C1}\u{5C7}\u{FB1D}\u{FB4F}",
        // Yiddish: the digraphs, their presentation forms, rafe, אַ אָ יִ.
        "װױײ\u{FB1F}\u{FB2E}\u{FB2F}א\u{5B7}א\u{5B8}י\u{5B4}ב\u{5BF}",
        // Thaana.
        "ހށނރބޅކއވމ\u{7A6}\u{7B1}",
        // Latin, digits, other scripts and symbols.
        "abcXYZ019.,é€😀\u{A0}\u{2028}\u{FFFF}«»",
        // Controls and bidi controls.
        "\u{1b}\u{0}\u{7f}\u{85}\u{200F}\u{202E}\u{61C}\n\r\t",
    ];

    /// [`Counts::add`] on every `char` of the sample.
    fn slow_counts(text: &str) -> Counts {
        let mut slow = Counts::default();
        let mut previous = '\0';
        for c in text.chars().take(SAMPLE_CHARS) {
            slow.add(c, previous);
            previous = c;
        }
        slow
    }

    #[test]
    fn the_sample_ends_alike_inside_plain_chunks() {
        for pad in 0..70 {
            let text = format!(
                "{}{}{}",
                "a".repeat(pad),
                "كتب ".repeat(SAMPLE_CHARS / 4),
                "پی".repeat(99)
            );
            assert_eq!(Counts::of(&text), slow_counts(&text), "{pad}");
        }
    }
}
