//! The sample articles annotated the way Hashiya annotates them, for the
//! interchange tests: every mention of a list of names (after proclitics
//! و ف ب ك ل only, so `والصين` gives an entity on `الصين` inside the word),
//! nested mentions of other labels (`رئيس الصين` ⊃ `الصين`), claims with
//! cues inside words (`وقال` → `قال`), claimants and notes; a CRLF+BOM
//! copy of one article; and a second annotator who differs in known ways.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use hashiya::annotate::sidecar::sha256_hex;
use hashiya::text::language::Language;

/// Mentions tagged wherever they occur as words (after proclitics only).
pub const MENTIONS: &[(&str, &str)] = &[
    ("GPE", "روسيا"),
    ("GPE", "الصين"),
    ("GPE", "موسكو"),
    ("GPE", "بكين"),
    ("GPE", "أوكرانيا"),
    ("GPE", "الولايات المتحدة"),
    ("GPE", "آسيا"),
    ("GPE", "جمهورية الصين الشعبية"),
    ("LOC", "بحر الصين الشرقي"),
    ("PERSON", "بوتين"),
    ("PERSON", "فلاديمير بوتين"),
    ("PERSON", "لي شانغفو"),
    ("PERSON", "بيلوسوف"),
    ("PERSON", "أندريه بيلوسوف"),
    ("PERSON", "شي جين بينغ"),
    ("PERSON", "شي جين بينج"),
    ("PERSON", "تشانغ يوشيا"),
    ("PERSON", "نيكولاي يفمينوف"),
    ("PERSON", "رئيس الصين"),
    ("ORG", "وزارة الدفاع الصينية"),
    ("ORG", "وزارة الدفاع الروسية"),
    ("ORG", "الكرملين"),
    ("ORG", "رويترز"),
    ("ORG", "البحرية الروسية"),
    ("ORG", "اللجنة العسكرية المركزية الصينية"),
    ("ORG", "أسوشيتد برس"),
];

/// Claims: (article, cue, content, claimant name or text, note).
const CLAIMS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        "000_5aca6166c9697b1f.txt",
        "قال",
        "إن روسيا والصين أجرتا محادثات دفاعية وعسكرية “جوهرية”",
        "وزير الدفاع الروسي",
        None,
    ),
    (
        "001_0d543047192bbcf6.txt",
        "أكد",
        "أن التعاون الدفاعي ، بما في ذلك التدريبات العسكرية المشتركة ، قد ساعد",
        "بوتين",
        Some("في الكرملين"),
    ),
    (
        "002_429bb908716aee8d.txt",
        "أضاف",
        "أن \"روسيا والصين لا تبنيان أي تحالفات عسكرية",
        "بوتين",
        None,
    ),
    (
        "003_b2e10a9c1d4ea0b9.txt",
        "قال",
        "\"هناك تطور جيد في جميع الاتجاهات، بما في ذلك داخل الإدارات العسكرية\"",
        "بوتين",
        Some("خلال اللقاء"),
    ),
    (
        "004_c29349fac5246de1.txt",
        "قال",
        "إنه يأمل في توسيع التعاون البحري مع روسيا",
        "وزير الدفاع الصيني",
        Some("يوم الاثنين"),
    ),
    ("004_c29349fac5246de1.txt", "قال", "“تعزيز الاتصال على جميع المستويات”", "لي شانغفو", None),
];

/// The sample articles.
pub const SAMPLES: &[&str] = &[
    "000_5aca6166c9697b1f.txt",
    "001_0d543047192bbcf6.txt",
    "002_429bb908716aee8d.txt",
    "003_b2e10a9c1d4ea0b9.txt",
    "004_c29349fac5246de1.txt",
];

/// The CRLF+BOM copy of sample 004.
pub const CRLF_BOM: &str = "005_crlf_bom.txt";

/// An entity to write.
#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub label: String,
    pub range: Range<usize>,
}

/// A claim to write.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub range: Range<usize>,
    pub cue: Range<usize>,
    /// An entity id, or else a text.
    pub claimant: Result<String, String>,
    pub note: Option<String>,
}

/// The text of sample `name` (the CRLF+BOM copy made from 004).
pub fn text(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles");
    if name == CRLF_BOM {
        let text = std::fs::read_to_string(dir.join("004_c29349fac5246de1.txt")).unwrap();
        return format!("\u{feff}{}", text.replace('\n', "\r\n"));
    }
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn is_proclitic(c: char) -> bool {
    matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل')
}

/// The `char` ranges where `needle` occurs as words: after nothing but
/// (at most two) proclitics, before no letter.
pub fn occurrences(text: &str, needle: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let n: Vec<char> = needle.chars().collect();
    let mut out = Vec::new();
    for start in 0..chars.len().saturating_sub(n.len() - 1) {
        if chars[start..start + n.len()] != n[..] {
            continue;
        }
        let end = start + n.len();
        if chars.get(end).is_some_and(|c| c.is_alphabetic()) {
            continue;
        }
        let mut word_start = start;
        while word_start > 0 && chars[word_start - 1].is_alphabetic() {
            word_start -= 1;
        }
        if start - word_start > 2 || !chars[word_start..start].iter().all(|&c| is_proclitic(c)) {
            continue;
        }
        out.push(start..end);
    }
    out
}

/// The entities of `text`: every occurrence of every mention, except one
/// inside a longer mention of the same label (`بوتين` in `فلاديمير بوتين`).
pub fn entities(text: &str) -> Vec<Entity> {
    let mut found: Vec<(String, Range<usize>)> = Vec::new();
    for (label, mention) in MENTIONS {
        for r in occurrences(text, mention) {
            found.push(((*label).to_owned(), r));
        }
    }
    let kept: Vec<(String, Range<usize>)> = found
        .iter()
        .filter(|(label, r)| {
            !found.iter().any(|(l, o)| {
                l == label && o != r && o.start <= r.start && r.end <= o.end && o.len() > r.len()
            })
        })
        .cloned()
        .collect();
    let mut kept = kept;
    kept.sort_by_key(|(l, r)| (r.start, std::cmp::Reverse(r.end), l.clone()));
    kept.into_iter()
        .enumerate()
        .map(|(i, (label, range))| Entity { id: format!("e{}", i + 1), label, range })
        .collect()
}

/// The claims of article `name` over `text`, claimants resolved among
/// `entities`.
pub fn claims(name: &str, text: &str, entities: &[Entity]) -> Vec<Claim> {
    let source = if name == CRLF_BOM { "004_c29349fac5246de1.txt" } else { name };
    let chars: Vec<char> = text.chars().collect();
    let slice = |r: &Range<usize>| chars[r.clone()].iter().collect::<String>();
    let mut out = Vec::new();
    for (article, cue, content, who, note) in CLAIMS {
        if *article != source {
            continue;
        }
        let Some(range) = occurrences(text, content).into_iter().next().or_else(|| {
            let byte = text.find(content)?;
            let start = text[..byte].chars().count();
            Some(start..start + content.chars().count())
        }) else {
            panic!("{content} is not in {name}")
        };
        let cue = occurrences(text, cue)
            .into_iter()
            .rev()
            .find(|c| c.end <= range.start)
            .unwrap_or_else(|| panic!("no cue {cue} before the claim in {name}"));
        let claimant = entities
            .iter()
            .rev()
            .find(|e| e.range.start < cue.start && slice(&e.range) == *who)
            .map_or_else(|| Err((*who).to_owned()), |e| Ok(e.id.clone()));
        out.push(Claim {
            id: format!("c{}", out.len() + 1),
            range,
            cue,
            claimant,
            note: note.map(str::to_owned),
        });
    }
    out
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The sidecar of `file` (text `text`) holding `entities` and `claims`.
pub fn sidecar(file: &str, text: &str, entities: &[Entity], claims: &[Claim]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let slice = |r: &Range<usize>| quoted(&chars[r.clone()].iter().collect::<String>());
    let mut out = format!(
        "schema = 1\n\n[article]\nfile = {}\nsha256 = \"{}\"\n",
        quoted(file),
        sha256_hex(text.as_bytes())
    );
    for e in entities {
        let _ = write!(
            out,
            "\n[[entity]]\nid = \"{}\"\nlabel = \"{}\"\nstart = {}\nend = {}\ntext = {}\n",
            e.id,
            e.label,
            e.range.start,
            e.range.end,
            slice(&e.range)
        );
    }
    for c in claims {
        let _ = write!(
            out,
            "\n[[claim]]\nid = \"{}\"\nstart = {}\nend = {}\ntext = {}\nkind = \"indirect\"\n\
             cue = {{ start = {}, end = {}, text = {} }}\n",
            c.id,
            c.range.start,
            c.range.end,
            slice(&c.range),
            c.cue.start,
            c.cue.end,
            slice(&c.cue)
        );
        match &c.claimant {
            Ok(id) => writeln!(out, "claimant = \"{id}\""),
            Err(text) => writeln!(out, "claimant_text = {}", quoted(text)),
        }
        .unwrap();
        if let Some(note) = &c.note {
            writeln!(out, "note = {}", quoted(note)).unwrap();
        }
    }
    out
}

/// Only the entities inside no other (the outermost), renumbered.
pub fn outermost(entities: &[Entity]) -> Vec<Entity> {
    entities
        .iter()
        .filter(|e| {
            !entities.iter().any(|o| {
                o.id != e.id
                    && o.range.start < e.range.end
                    && e.range.start < o.range.end
                    && (o.range.len(), std::cmp::Reverse(o.range.start))
                        > (e.range.len(), std::cmp::Reverse(e.range.start))
            })
        })
        .cloned()
        .collect()
}

/// A second annotator's entities: every fourth left out, every sixth with
/// another label, every fifth with its proclitic taken in where the text
/// has one before an article (`والصين` for `الصين`). An entity whose ends
/// are not at the text's own token boundaries (`أوكرانيا` in `لأوكرانيا`)
/// is kept as it is: `CoNLL` files of two annotators have the same tokens
/// only where neither cuts a word the other leaves whole.
pub fn second_annotator(text: &str, entities: &[Entity]) -> Vec<Entity> {
    let chars: Vec<char> = text.chars().collect();
    let none = std::collections::BTreeSet::new();
    let tokens = hashiya::text::tokens::tokens(text, Language::Arabic, &none, &none);
    let mut out = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        let own = hashiya::text::tokens::token_span(&tokens, e.range.start, e.range.end).is_some();
        if !own {
            out.push(e.clone());
            continue;
        }
        if i % 4 == 3 {
            continue;
        }
        let mut e = e.clone();
        if i % 6 == 5 {
            e.label = if e.label == "PERSON" { "ORG".into() } else { "PERSON".into() };
        }
        let article = chars.get(e.range.start..e.range.start + 2) == Some(&['ا', 'ل'][..]);
        if i % 5 == 4
            && article
            && e.range.start > 0
            && matches!(chars[e.range.start - 1], 'و' | 'ف' | 'ب' | 'ك')
        {
            e.range.start -= 1;
        }
        out.push(e);
    }
    out
}

/// Writes the samples and the CRLF+BOM copy with their sidecars into `dir`
/// (entities filtered by `keep`, claims when `with_claims`).
pub fn write_corpus(
    dir: &Path,
    with_claims: bool,
    keep: impl Fn(&str, &[Entity]) -> Vec<Entity>,
) -> Vec<String> {
    let mut names = Vec::new();
    for name in SAMPLES.iter().copied().chain([CRLF_BOM]) {
        let text = text(name);
        let entities = keep(&text, &entities(&text));
        let claims = if with_claims { claims(name, &text, &entities) } else { Vec::new() };
        std::fs::write(dir.join(name), &text).unwrap();
        std::fs::write(
            dir.join(format!("{name}.ann.toml")),
            sidecar(name, &text, &entities, &claims),
        )
        .unwrap();
        names.push(name.to_owned());
    }
    names
}
