//! The claimant ranking on every claim-like sentence of the five sample
//! articles: the speaker of each sentence written by hand, the articles'
//! named entities tagged as an annotator would, and the ranking's first
//! suggestion compared with the speaker.
//!
//! Conventions of the table:
//! - a claim-like sentence reports what someone said, stated, pledged,
//!   denied or accused — with a reporting verb, "according to", or the
//!   "speaker: words" form of headlines; each is claimed whole, as `c`
//!   claims the sentence under the cursor;
//! - the expected speaker is the one the sentence names; a speaker named
//!   only by a title (وزير الدفاع الصيني) is written as that noun phrase,
//!   without prepositional complements (مسؤول كبير, not مسؤول كبير في كييف);
//! - a pronoun speaker (وقال إنه …, وأضاف: …) is the previous claim's;
//! - a joint subject (بوتين وشي) is its first member.

use super::cues::CueLexicon;
use super::schema::Schema;
use super::speaker::{Mention, Query, Speaker, attribute};
use crate::assets::SAMPLE_ARTICLES;
use crate::text::Document;
use crate::text::sentences::sentence_at;
use crate::text::words;

/// The named entities of each article: (label, text, contexts in which the
/// text is not that entity). Every whole-word occurrence is tagged (after
/// proclitics و ف ب ل ك too), longest names first.
#[rustfmt::skip]
pub(crate) const ENTITIES: [&[(&str, &str, &[&str])]; 5] = [
    // 000
    &[
        ("PERSON", "أندريه بيلوسوف", &[]), ("PERSON", "بيلوسوف", &[]),
        ("PERSON", "تشانغ يوشيا", &[]), ("PERSON", "فلاديمير بوتين", &[]),
        ("PERSON", "بوتين", &[]), ("PERSON", "شي جين بينغ", &[]), ("PERSON", "شي", &[]),
        ("PERSON", "ليديا كيلي", &[]), ("PERSON", "فرح ماستر", &[]),
        ("PERSON", "توم هوغ", &[]), ("PERSON", "لينكولن فيست", &[]),
        ("ORG", "رويترز", &[]), ("ORG", "وزارة الدفاع الروسية", &[]), ("ORG", "تيليغرام", &[]),
        ("ORG", "اللجنة العسكرية المركزية الصينية", &[]),
        ("ORG", "وزارة الدفاع الصينية", &[]), ("ORG", "الجيش الصيني", &[]),
        ("GPE", "روسيا", &[]), ("GPE", "الصين", &[]), ("GPE", "موسكو", &[]),
        ("GPE", "بكين", &[]), ("GPE", "الولايات المتحدة", &[]), ("LOC", "آسيا", &[]),
        ("GPE", "تايوان", &[]), ("GPE", "أوكرانيا", &[]), ("LOC", "أوروبا", &[]),
        ("GPE", "ملبورن", &[]),
    ],
    // 001
    &[
        ("PERSON", "فلاديمير بوتين", &[]), ("PERSON", "بوتين", &[]),
        ("PERSON", "لي شانغفو", &[]), ("PERSON", "لي", &[]),
        ("PERSON", "شي جين بينغ", &[]), ("PERSON", "شي", &[]),
        ("ORG", "أ ف ب", &[]), ("ORG", "الكرملين", &[]), ("ORG", "وزارة الدفاع الروسية", &[]),
        ("ORG", "حلف شمال الأطلسي", &[]),
        ("GPE", "موسكو", &[]), ("GPE", "روسيا", &[]), ("GPE", "أوكرانيا", &[]),
        ("GPE", "الصين", &[]), ("GPE", "الولايات المتحدة", &[]), ("GPE", "بكين", &[]),
    ],
    // 002
    &[
        ("PERSON", "فلاديمير بوتين", &[]), ("PERSON", "بوتين", &[]),
        ("PERSON", "تشانج يوشيا", &[]), ("PERSON", "تشانج", &[]),
        ("PERSON", "شي جين بينج", &[]), ("PERSON", "شي جين بينغ", &[]), ("PERSON", "شي", &[]),
        ("PERSON", "فولوديمير زيلينسكي", &[]), ("PERSON", "زيلينسكي", &[]),
        ("PERSON", "ترامب", &[]),
        ("ORG", "حلف شمال الأطلسي", &[]), ("ORG", "أسوشيتد برس", &[]),
        ("ORG", "الكرملين", &[]), ("ORG", "صدى البلد", &[]),
        ("GPE", "جمهورية الصين الشعبية", &[]), ("GPE", "الصين", &[]), ("GPE", "روسيا", &[]),
        ("GPE", "موسكو", &[]), ("GPE", "بكين", &[]), ("GPE", "تايوان", &[]),
        ("GPE", "أوكرانيا", &[]), ("GPE", "الولايات المتحدة", &[]), ("GPE", "اليابان", &[]),
        ("GPE", "باريس", &[]), ("GPE", "ميانمار", &[]), ("GPE", "سومي", &[]),
        ("GPE", "خاركيف", &[]), ("GPE", "زابوريجيا", &[]), ("GPE", "الفلبين", &[]),
        ("GPE", "جرينلاند", &[]), ("GPE", "الدنمارك", &[]),
    ],
    // 003
    &[
        ("PERSON", "فلاديمير بوتين", &[]), ("PERSON", "بوتين", &[]),
        ("PERSON", "لي شانغفو", &[]), ("PERSON", "لي", &["زيارة لي إلى"]),
        ("PERSON", "سيرغي شويغو", &[]), ("PERSON", "شي جينبينغ", &[]), ("PERSON", "شي", &[]),
        ("ORG", "الكرملين", &[]), ("ORG", "إيصال نيوز", &[]), ("ORG", "التلفزيون الروسي", &[]),
        ("GPE", "روسيا", &[]), ("GPE", "موسكو", &[]), ("GPE", "الصين", &[]),
        ("GPE", "أوكرانيا", &[]), ("GPE", "كييف", &[]), ("GPE", "بكين", &[]),
        ("GPE", "واشنطن", &[]),
    ],
    // 004
    &[
        ("PERSON", "لي شانغفو", &[]), ("PERSON", "نيكولاي يفمينوف", &[]),
        ("PERSON", "يفمينوف", &[]), ("PERSON", "يفغيني بريغوزين", &[]),
        ("PERSON", "شي جين بينغ", &[]), ("PERSON", "فلاديمير بوتين", &[]),
        ("PERSON", "فاليري جيراسيموف", &[]), ("PERSON", "ميدفيديف", &[]),
        ("ORG", "البحرية الروسية", &[]), ("ORG", "وزارة الدفاع الصينية", &[]),
        ("ORG", "فاغنر", &[]), ("ORG", "الكرملين", &[]), ("ORG", "الناتو", &[]),
        ("ORG", "القوات المسلحة الروسية", &[]), ("ORG", "Google", &[]),
        ("GPE", "الصين", &[]), ("GPE", "روسيا", &[]), ("GPE", "بكين", &[]),
        ("GPE", "موسكو", &[]), ("GPE", "أوكرانيا", &[]),
    ],
];

/// Every claim-like sentence: (article, a snippet of it, the speaker written
/// by hand), in document order per article: each snippet is looked for after
/// the previous row's (a headline repeated in a list is two rows).
#[rustfmt::skip]
pub(crate) const CLAIMS: &[(usize, &str, &str)] = &[
    (0, "قال وزير الدفاع الروسي يوم الثلاثاء", "وزير الدفاع الروسي"),
    (0, "ونقل منشور على تطبيق", "أندريه بيلوسوف"),
    (0, "وقال بيلوسوف إنه التقى", "بيلوسوف"),
    (0, "وقالت وزارة الدفاع الصينية بعد", "وزارة الدفاع الصينية"),
    (0, "تعهد فيه الجيش الصيني", "الجيش الصيني"),
    (0, "وأعلنت الصين وروسيا شراكة", "الصين"),
    (0, "تعهد بوتين والرئيس الصيني", "بوتين"),
    (0, "وقال بيلوسوف إن بوتين وشي", "بيلوسوف"),
    (0, "وقالت روسيا الأسبوع الماضي", "روسيا"),
    (0, "وتقول الولايات المتحدة إن", "الولايات المتحدة"),
    (0, "وتقول الصين إنها لم تقدم", "الصين"),

    (1, "مشيرًا إلى أن زيارته", "فلاديمير بوتين"),
    (1, "وأكد بوتين أن التعاون", "بوتين"),
    (1, "أخبر لي بوتين أن", "لي"),
    (1, "وأشارت وزارة الدفاع الروسية", "وزارة الدفاع الروسية"),
    (1, "أصدر بوتين وشي إعلانين", "بوتين"),
    (1, "تعهد بوتين وشي أيضًا", "بوتين"),
    (1, "وأكد وزير الخارجية الصيني", "وزير الخارجية الصيني"),

    (2, "أكد بوتين على أهمية", "بوتين"),
    (2, "وقال الرئيس الروسي: ", "الرئيس الروسي"),
    (2, "وأضاف بوتين أن", "بوتين"),
    (2, "وأعلنت الصين العام الماضي", "الصين"),
    (2, "أعربت روسيا عن دعمها", "روسيا"),
    (2, "وقال بوتين لتشانج: ", "بوتين"),
    (2, "قال بوتين في وقت سابق", "بوتين"),
    (2, "وقال بوتين لتشانج، إن", "بوتين"),
    (2, "وأضاف: \"تسحب", "بوتين"),
    (2, "وزيلينسكي يتهم بوتين", "زيلينسكي"),
    (2, "تستعد القوات الروسية لشن", "محللين عسكريين ومسؤولين"),
    (2, "ويرى المسؤولون الأوكرانيون", "المسؤولون الأوكرانيون"),
    (2, "يخطط الكرملين لهجوم", "تقديرات المحللين والقادة العسكريين"),
    (2, "قال الرئيس الأوكراني فولوديمير", "فولوديمير زيلينسكي"),
    (2, "وقال زيلينسكي، خلال زيارته", "زيلينسكي"),
    (2, "الرئيس الإيراني: نحتاج", "الرئيس الإيراني"),
    (2, "الصين تحذر الفلبين", "الصين"),
    (2, "الخارجية الروسية: الصين", "الخارجية الروسية"),
    (2, "وزيلينسكي يتهم بوتين", "زيلينسكي"),
    (2, "زيلينسكي يستبعد إجراء", "زيلينسكي"),
    (2, "نائب الرئيس الأمريكي: ", "نائب الرئيس الأمريكي"),
    (2, "الرئيس الأمريكي: الولايات", "الرئيس الأمريكي"),

    (3, "وزير الدفاع الصيني يشيد", "وزير الدفاع الصيني"),
    (3, "وقال بوتين خلال اللقاء", "بوتين"),
    (3, "أشاد وزير الدفاع الصيني لي", "لي شانغفو"),
    (3, "وقال في تصريحات مترجمة", "لي شانغفو"),
    (3, "وأضاف أن العلاقات الروسية", "لي شانغفو"),
    (3, "وقال لي: ", "لي"),
    (3, "ونقلت وسائل إعلام صينية", "وزير دفاعها"),
    (3, "رحب بوتين بالتعاون", "بوتين"),
    (3, "وقال بوتين: \"إننا", "بوتين"),
    (3, "وأضاف: \"هذا بلا شك", "بوتين"),
    (3, "وقال مسؤول كبير في كييف", "مسؤول كبير"),
    (3, "وكررت الصين نفيها", "الصين"),
    (3, "أشاد بوتين وشي بـ", "بوتين"),
    (3, "لكن واشنطن اتهمت بكين", "واشنطن"),

    (4, "وزير الدفاع: الصين تسعى", "وزير الدفاع"),
    (4, "قال وزير الدفاع الصيني يوم الاثنين", "وزير الدفاع الصيني"),
    (4, "تحدث لي شانغفو في بكين", "لي شانغفو"),
    (4, "كما قال إنه يتعين", "لي شانغفو"),
    (4, "وقال إنه يتعين على موسكو", "لي شانغفو"),
    (4, "وقال يفمينوف إنه", "يفمينوف"),
    (4, "قالت بكين إنها دعمت", "بكين"),
    (4, "وتقول الصين إنها طرف", "الصين"),
    (4, "قال رئيس أركان القوات", "فاليري جيراسيموف"),
    (4, "مهمة “صعبة”: قائد الناتو", "قائد الناتو"),
    (4, "وزير الدفاع الروسي يقول إن", "وزير الدفاع الروسي"),
    (4, "ميدفيديف: الصراع", "ميدفيديف"),
];

/// The `char` ranges of every occurrence of `needle` in `hay`.
fn occurrences(hay: &[char], needle: &str) -> Vec<std::ops::Range<usize>> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i..i + needle.len()] == needle[..])
        .map(|i| i..i + needle.len())
        .collect()
}

/// Article `index` with its named entities tagged (see [`ENTITIES`]).
pub(crate) fn fixture(index: usize) -> (Document, super::Store) {
    let text = SAMPLE_ARTICLES[index].1;
    let doc = Document::new(text.to_string());
    let chars: Vec<char> = text.chars().collect();
    let mut store = super::Store::new();
    let mut names: Vec<_> = ENTITIES[index].to_vec();
    names.sort_by_key(|(_, name, _)| std::cmp::Reverse(name.chars().count()));
    for (label, name, skips) in names {
        let skipped: Vec<_> = skips.iter().flat_map(|s| occurrences(&chars, s)).collect();
        for r in occurrences(&chars, name) {
            let para = doc.paragraph_at_char(r.start);
            let base = doc.paragraphs()[para].char_start;
            let ptext = doc.paragraph_text(para);
            let (Some(first), Some(last)) =
                (words::word_at(ptext, r.start - base), words::word_at(ptext, r.end - 1 - base))
            else {
                continue;
            };
            let proclitics = chars[base + first.start..r.start]
                .iter()
                .all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك'));
            let whole = proclitics && last.end + base == r.end;
            let skip = skipped.iter().any(|s| s.start <= r.start && r.end <= s.end);
            if !whole || skip || !store.overlapping(r.clone()).is_empty() {
                continue;
            }
            store.add_entity(label, r, name).unwrap();
        }
    }
    (doc, store)
}

/// The claim-like sentences of article `index` (document ranges, as `c`
/// claims them) with their speakers.
pub(crate) fn claims(index: usize) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let text = SAMPLE_ARTICLES[index].1;
    let doc = Document::new(text.to_string());
    let mut from = 0;
    let mut out = Vec::new();
    for &(article, snippet, speaker) in CLAIMS {
        if article != index {
            continue;
        }
        let Some(byte) = text[from..].find(snippet).map(|b| b + from) else {
            panic!("snippet {snippet:?} not found in article {index} after byte {from}");
        };
        from = byte + snippet.chars().next().map_or(1, char::len_utf8);
        let offset = text[..byte].chars().count();
        out.push((sentence_at(&doc, offset), speaker));
    }
    out
}

/// The text a suggestion shows.
fn shown(store: &super::Store, speaker: &Speaker) -> String {
    match speaker {
        Speaker::Entity(id) => store.entity(id).map(|e| e.text.clone()).unwrap_or_default(),
        Speaker::Words { text, .. } | Speaker::Text(text) => text.clone(),
    }
}

/// The first suggestion for every claim of article `index`, with what was
/// expected: the previous claim's claimant is the expected one of the row
/// before (the annotator fixed it), as an entity when it is tagged.
fn ranked(index: usize) -> Vec<(String, String)> {
    let (doc, store) = fixture(index);
    let lexicon = CueLexicon::new(&Schema::builtin().cues);
    let mentions: Vec<Mention<'_>> = store
        .entities()
        .map(|e| Mention { id: &e.id, label: &e.label, range: e.range(), text: &e.text })
        .collect();
    let mut previous: Option<Speaker> = None;
    let mut out = Vec::new();
    for (range, speaker) in claims(index) {
        let text: String = doc.text().chars().skip(range.start).take(range.len()).collect();
        let query = Query {
            text: &text,
            start: range.start,
            claim: range.clone(),
            mentions: &mentions,
            previous: previous.clone(),
            lexicon: &lexicon,
        };
        let got = attribute(&query).speakers.first().map(|s| shown(&store, s)).unwrap_or_default();
        out.push((speaker.to_string(), got));
        // The annotator's claimant: the nearest entity before with that
        // text, else the text.
        previous =
            Some(store.entities().rfind(|e| e.text == speaker && e.start < range.end).map_or_else(
                || Speaker::Text(speaker.to_string()),
                |e| Speaker::Entity(e.id.clone()),
            ));
    }
    out
}

#[test]
fn the_first_suggestion_is_the_speaker_of_every_claim_of_the_samples() {
    let mut misses = Vec::new();
    let mut total = 0;
    for index in 0..SAMPLE_ARTICLES.len() {
        for (expected, got) in ranked(index) {
            total += 1;
            if expected != got {
                misses.push(format!("{index:03}: expected «{expected}», got «{got}»"));
            }
        }
    }
    assert_eq!(total, CLAIMS.len());
    assert!(misses.is_empty(), "{} of {total} wrong:\n{}", misses.len(), misses.join("\n"));
}
