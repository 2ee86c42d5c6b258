//! Annotated articles for the interchange tests (XMI, Label Studio): a
//! sample article with nested entities, claims with cues, notes and both
//! kinds of claimant; its CRLF + byte-order-mark variant; a text with
//! characters outside the Basic Multilingual Plane.

use std::path::Path;

use hashiya::annotate::{ClaimKind, Claimant, Cue, Store, load, save, sidecar_path};

/// `char` offsets of the first `needle` in `text` at or after `from` chars
/// (counted with the standard library, not by Hashiya).
pub fn find(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let from_byte = text.char_indices().nth(from).map_or(text.len(), |(b, _)| b);
    let byte = from_byte
        + text[from_byte..].find(needle).unwrap_or_else(|| panic!("{needle:?} in the text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Annotations over `text`, which must hold the sample's phrases (the
/// sample article 004, in any line-end convention, with or without BOM).
pub fn sample_store(text: &str) -> Store {
    let mut s = Store::new();
    let entity = |s: &mut Store, label: &str, needle: &str, from: usize| {
        let (a, b) = find(text, needle, from);
        s.add_entity(label, a..b, needle).unwrap()
    };
    let minister = entity(&mut s, "PERSON", "وزير الدفاع الصيني", 0);
    // Nested: the ORG and the GPE inside it.
    let (navy, _) = find(text, "البحرية الروسية", 0);
    entity(&mut s, "ORG", "البحرية الروسية", 0);
    entity(&mut s, "GPE", "الروسية", navy);
    entity(&mut s, "GPE", "روسيا", 0);
    let li = entity(&mut s, "PERSON", "لي شانغفو", 0);
    s.set_note(&li, Some("وزير الدفاع <الصيني> & \"رئيس\"")).unwrap();
    let (cs, ce) = find(text, "يأمل في توسيع التعاون البحري مع روسيا", 0);
    let c1 = s.add_claim(cs..ce, "يأمل في توسيع التعاون البحري مع روسيا").unwrap();
    let (qs, qe) = find(text, "قال", 0);
    s.set_cue(&c1, Some(Cue::new(qs..qe, "قال"))).unwrap();
    s.set_claimant(&c1, Some(Claimant::Entity(minister))).unwrap();
    s.set_note(&c1, Some("سطر\nثانٍ\tبعد جدولة")).unwrap();
    let (ds, de) = find(text, "نيكولاي يفمينوف", 0);
    let c2 = s.add_claim(ds..de, "نيكولاي يفمينوف").unwrap();
    s.set_claimant(&c2, Some(Claimant::Text("فريق التحرير".into()))).unwrap();
    s.set_kind(&c2, ClaimKind::Direct).unwrap();
    s
}

/// A text with characters outside the BMP before and inside spans.
pub const NON_BMP: &str = "قال 𝐀 زيد 😀 إن الصين 🇸🇦 مستعدة.\n";

/// Annotations over [`NON_BMP`].
pub fn non_bmp_store() -> Store {
    let text = NON_BMP;
    let mut s = Store::new();
    let (a, b) = find(text, "زيد 😀", 0);
    let zaid = s.add_entity("PERSON", a..b, "زيد 😀").unwrap();
    let (a, b) = find(text, "الصين", 0);
    s.add_entity("GPE", a..b, "الصين").unwrap();
    let (a, b) = find(text, "الصين 🇸🇦 مستعدة", 0);
    let c = s.add_claim(a..b, "الصين 🇸🇦 مستعدة").unwrap();
    s.set_cue(&c, Some(Cue::new(0..3, "قال"))).unwrap();
    s.set_claimant(&c, Some(Claimant::Entity(zaid))).unwrap();
    s.set_kind(&c, ClaimKind::Mixed).unwrap();
    s
}

/// The sample article's text.
pub fn sample_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles/004_c29349fac5246de1.txt"),
    )
    .unwrap()
}

/// Writes `text` as `dir/name` and, unless `store` is `None`, its sidecar.
pub fn write_article(dir: &Path, name: &str, text: &str, store: Option<&Store>) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    if let Some(store) = store {
        save(&sidecar_path(&path), store, text.as_bytes()).unwrap();
    }
}

/// A folder with the three articles (`sample.txt`, `crlf.txt` with `\r\n`
/// and a leading U+FEFF, `nonbmp.txt`) and their sidecars; returns their
/// names and texts too.
pub fn corpus() -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_text();
    let crlf = format!("\u{FEFF}{}", sample.replace('\n', "\r\n"));
    let articles = vec![
        ("sample.txt".to_owned(), sample.clone()),
        ("crlf.txt".to_owned(), crlf.clone()),
        ("nonbmp.txt".to_owned(), NON_BMP.to_owned()),
    ];
    write_article(dir.path(), "sample.txt", &sample, Some(&sample_store(&sample)));
    write_article(dir.path(), "crlf.txt", &crlf, Some(&sample_store(&crlf)));
    write_article(dir.path(), "nonbmp.txt", NON_BMP, Some(&non_bmp_store()));
    (dir, articles)
}

/// An entity as compared: start, end, label, text, note.
pub type EntityKey = (usize, usize, String, String, Option<String>);
/// A claim as compared: start, end, text, kind, note, cue, claimant.
pub type ClaimKey =
    (usize, usize, String, String, Option<String>, Option<(usize, usize, String)>, Option<String>);

/// Everything of `store` an interchange format holds, in a canonical order:
/// ids, authors and times aside; a claimant entity by its span and label.
pub fn key(store: &Store) -> (Vec<EntityKey>, Vec<ClaimKey>) {
    let mut entities: Vec<EntityKey> = store
        .entities()
        .map(|e| (e.start, e.end, e.label.clone(), e.text.clone(), e.note.clone()))
        .collect();
    entities.sort();
    let mut claims: Vec<ClaimKey> = store
        .claims()
        .map(|c| {
            let claimant = match &c.claimant {
                Some(Claimant::Entity(id)) => {
                    store.entity(id).map(|e| format!("entity {}..{} {}", e.start, e.end, e.label))
                }
                Some(Claimant::Text(t)) => Some(format!("text {t}")),
                None => None,
            };
            (
                c.start,
                c.end,
                c.text.clone(),
                c.kind.name().to_owned(),
                c.note.clone(),
                c.cue.as_ref().map(|q| (q.start, q.end, q.text.clone())),
                claimant,
            )
        })
        .collect();
    claims.sort();
    (entities, claims)
}

/// The key of the sidecar of article `path`.
pub fn key_of(path: &Path) -> (Vec<EntityKey>, Vec<ClaimKey>) {
    let text = std::fs::read_to_string(path).unwrap();
    key(&load(&sidecar_path(path), &text).unwrap().store)
}
