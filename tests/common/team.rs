//! Two annotators' work on one sample article, for the curation tests.

use std::ops::Range;
use std::path::{Path, PathBuf};

use hashiya::annotate::{Author, ClaimKind, Claimant, Cue, IdScheme, Stamp, Store};

/// The sample article both annotate.
pub const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// The sample article's text.
pub fn text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE),
    )
    .expect("the sample article")
}

/// The `char` range of the `nth` occurrence of `word` in `text`.
pub fn span(text: &str, word: &str, nth: usize) -> Range<usize> {
    let (at, _) = text.match_indices(word).nth(nth).unwrap_or_else(|| panic!("{word} #{nth}"));
    let start = text[..at].chars().count();
    start..start + word.chars().count()
}

/// A store stamping `name`, with ids from `seed`.
fn store(name: &str, seed: u64) -> Store {
    let mut s = Store::new();
    s.set_id_scheme(IdScheme::seeded(seed));
    s.set_author(Some(Author { name: name.to_owned(), clock: Stamp::None }));
    s
}

fn entity(s: &mut Store, text: &str, label: &str, word: &str, nth: usize) -> String {
    s.add_entity(label, span(text, word, nth), word).expect("a valid entity")
}

fn claim(
    s: &mut Store,
    text: &str,
    words: &str,
    who: Claimant,
    cue: Option<(&str, usize)>,
    kind: ClaimKind,
) -> String {
    let c = s.add_claim(span(text, words, 0), words).expect("a valid claim");
    s.set_claimant(&c, Some(who)).expect("the claim exists");
    if let Some((cue, nth)) = cue {
        s.set_cue(&c, Some(Cue::new(span(text, cue, nth), cue))).expect("the claim exists");
    }
    s.set_kind(&c, kind).expect("the claim exists");
    c
}

/// The words of the claim both annotators agree on.
pub const AGREED_CLAIM: &str = "يأمل في توسيع التعاون البحري مع روسيا";
/// The words of the claim whose kind they differ on.
pub const OTHER_CLAIM: &str = "تعزيز الاتصال على جميع المستويات";

/// Alice's and Bob's annotations of [`ARTICLE`]: they agree on «لي شانغفو»
/// (PERSON) and on one claim; they differ on روسيا's label, on the span of
/// (نيكولاي) يفمينوف, on the kind of a claim; only Alice tagged «البحرية
/// الروسية», only Bob «بكين».
pub fn stores() -> (Store, Store) {
    let t = text();
    let mut a = store("alice", 1);
    let li = entity(&mut a, &t, "PERSON", "لي شانغفو", 0);
    entity(&mut a, &t, "GPE", "روسيا", 0);
    entity(&mut a, &t, "PERSON", "نيكولاي يفمينوف", 0);
    entity(&mut a, &t, "ORG", "البحرية الروسية", 1);
    let minister = Claimant::Text("وزير الدفاع الصيني".into());
    claim(&mut a, &t, AGREED_CLAIM, minister.clone(), Some(("قال", 0)), ClaimKind::Indirect);
    claim(&mut a, &t, OTHER_CLAIM, Claimant::Entity(li), None, ClaimKind::Direct);

    let mut b = store("bob", 2);
    let li = entity(&mut b, &t, "PERSON", "لي شانغفو", 0);
    entity(&mut b, &t, "LOC", "روسيا", 0);
    entity(&mut b, &t, "PERSON", "يفمينوف", 0);
    entity(&mut b, &t, "GPE", "بكين", 0);
    claim(&mut b, &t, AGREED_CLAIM, minister, Some(("قال", 0)), ClaimKind::Indirect);
    claim(&mut b, &t, OTHER_CLAIM, Claimant::Entity(li), None, ClaimKind::Indirect);
    (a, b)
}

/// Folders `alice/` and `bob/` in `root`, each with the article and its
/// sidecar from [`stores`].
pub fn folders(root: &Path) -> (PathBuf, PathBuf) {
    let (a, b) = stores();
    let t = text();
    let mut out = Vec::new();
    for (name, store) in [("alice", a), ("bob", b)] {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).expect("a folder");
        std::fs::write(dir.join(ARTICLE), &t).expect("the article is written");
        let sidecar = dir.join(format!("{ARTICLE}.ann.toml"));
        hashiya::annotate::save(&sidecar, &store, t.as_bytes()).expect("the sidecar is written");
        out.push(dir);
    }
    let b = out.pop().expect("two folders");
    let a = out.pop().expect("two folders");
    (a, b)
}
