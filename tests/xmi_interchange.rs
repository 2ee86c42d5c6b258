//! INCEpTION's UIMA CAS XMI, checked with dkpro-cassis (the Python reader
//! of UIMA CAS that INCEpTION's own tooling uses): our exports load with our
//! type system and give back every annotation — covered texts, labels,
//! notes, claims with their cue, claimant and kind — on a sample with nested
//! entities, its CRLF + BOM variant and a text outside the BMP; and
//! Hashiya → XMI → Hashiya is exact.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::interchange::{ClaimKey, EntityKey, corpus, key, key_of, write_article};
use common::python;
use hashiya::annotate::{Store, load, sidecar_path};

fn hashiya(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hashiya")).args(args).output().unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Reads every `.xmi` named on the command line with cassis and the type
/// system beside it; prints per file the sofa and every annotation, offsets
/// as cassis gives them (code points), covered texts as cassis cuts them.
const CASSIS_READER: &str = r#"
import json, sys, pathlib
from cassis import load_typesystem, load_cas_from_xmi
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
out = {}
for name in sys.argv[1:]:
    path = pathlib.Path(name)
    with open(path.parent / "TypeSystem.xml", "rb") as f:
        ts = load_typesystem(f)
    with open(path, "rb") as f:
        cas = load_cas_from_xmi(f, typesystem=ts)
    ents = []
    for e in cas.select(NE):
        assert e.get_covered_text() == cas.sofa_string[e.begin:e.end]
        ents.append([e.begin, e.end, e.value, e.get_covered_text(), e.note])
    claims = []
    for c in cas.select("webanno.custom.Claim"):
        cue = [c.cue.begin, c.cue.end, c.cue.get_covered_text()] if c.cue is not None else None
        if c.claimant is not None:
            who = "entity %d..%d %s" % (c.claimant.begin, c.claimant.end, c.claimant.value)
        elif c.claimantText is not None:
            who = "text " + c.claimantText
        else:
            who = None
        claims.append([c.begin, c.end, c.get_covered_text(), c.kind, c.note, cue, who])
    meta = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
    out[path.stem] = {"sofa": cas.sofa_string, "entities": ents, "claims": claims,
                      "title": meta[0].documentTitle, "end": meta[0].end}
print(json.dumps(out))
"#;

type Read = (String, Vec<EntityKey>, Vec<ClaimKey>);

fn cassis_read(python: &Path, files: &[&Path]) -> std::collections::BTreeMap<String, Read> {
    let out = python::run(python, CASSIS_READER, files, b"");
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut result = std::collections::BTreeMap::new();
    for (name, doc) in value.as_object().unwrap() {
        let sofa = doc["sofa"].as_str().unwrap().to_owned();
        assert_eq!(doc["title"].as_str().unwrap(), format!("{name}.txt"));
        assert_eq!(doc["end"].as_u64().unwrap() as usize, sofa.chars().count());
        let mut entities: Vec<EntityKey> = serde_json::from_value(doc["entities"].clone()).unwrap();
        entities.sort();
        let mut claims: Vec<ClaimKey> = serde_json::from_value(doc["claims"].clone()).unwrap();
        claims.sort();
        result.insert(name.clone(), (sofa, entities, claims));
    }
    result
}

#[test]
fn cassis_reads_every_annotation_of_every_export_back() {
    let Some(python) = python::with(&["cassis"]) else { return };
    let (dir, articles) = corpus();
    let out = dir.path().join("xmi");
    let o = hashiya(&["export", "--format", "xmi", "--out", p(&out), p(dir.path())]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(out.join("TypeSystem.xml")).unwrap(),
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/inception/TypeSystem.xml")
        )
        .unwrap()
    );
    let files: Vec<_> =
        articles.iter().map(|(name, _)| out.join(name.replace(".txt", ".xmi"))).collect();
    let read =
        cassis_read(&python, &files.iter().map(std::path::PathBuf::as_path).collect::<Vec<_>>());
    assert_eq!(read.len(), 3);
    for (name, text) in &articles {
        let (sofa, entities, claims) = &read[name.trim_end_matches(".txt")];
        assert_eq!(sofa, text, "{name}: the sofa is the article exactly");
        let (want_entities, want_claims) = key_of(&dir.path().join(name));
        assert_eq!(entities, &want_entities, "{name}");
        assert_eq!(claims, &want_claims, "{name}");
        assert!(!want_claims.is_empty() && want_entities.len() >= 2);
    }
    // The CRLF + BOM variant's offsets are not the plain sample's: each
    // came out right on its own text.
    assert_ne!(read["crlf"].1, read["sample"].1);
}

#[test]
fn hashiya_to_xmi_to_hashiya_is_exact_and_again_adds_nothing() {
    let (dir, articles) = corpus();
    let out = dir.path().join("xmi");
    let o = hashiya(&["export", "--format", "xmi", "--out", p(&out), p(dir.path())]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fresh = tempfile::tempdir().unwrap();
    for (name, text) in &articles {
        write_article(fresh.path(), name, text, None);
        let xmi = name.replace(".txt", ".xmi");
        std::fs::copy(out.join(&xmi), fresh.path().join(&xmi)).unwrap();
        let article = fresh.path().join(name);
        let o = hashiya(&["import", "--from", "xmi", p(&article)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{name}: {err}");
        assert!(!err.contains("warning") && !err.contains("error"), "{name}: {err}");
        assert_eq!(key_of(&article), key_of(&dir.path().join(name)), "{name}");
        let again = hashiya(&["import", "--from", "xmi", p(&article)]);
        let said = String::from_utf8_lossy(&again.stdout);
        assert!(said.contains(" 0 added,"), "{name}: {said}");
    }
}

#[test]
fn controls_xml_cannot_hold_become_replacement_characters_with_a_warning() {
    let text = "قال\u{1} زيد\u{202E} إن\u{FEFF} الصين\u{8}\u{7F}\u{85} مستعدة.\n";
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::new();
    let (a, b) = common::interchange::find(text, "زيد\u{202E}", 0);
    store.add_entity("PER\u{1}SON", a..b, "زيد\u{202E}").unwrap();
    let (a, b) = common::interchange::find(text, "الصين\u{8}\u{7F}", 0);
    store.add_entity("GPE", a..b, "الصين\u{8}\u{7F}").unwrap();
    write_article(dir.path(), "h.txt", text, Some(&store));
    let out = dir.path().join("xmi");
    let o = hashiya(&["export", "--format", "xmi", "--out", p(&out), p(&dir.path().join("h.txt"))]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("XML 1.0 cannot hold 3 control character(s)"), "{err}");
    let xmi = std::fs::read_to_string(out.join("h.xmi")).unwrap();
    assert!(!xmi.chars().any(|c| c.is_control() && c != '\n'), "no raw control in the file");
    assert!(xmi.contains("&#x202E;") && xmi.contains("&#x7F;") && xmi.contains("&#xFEFF;"));
    // Back into Hashiya onto the original article: exact (U+FFFD matches
    // what XML cannot hold), only the label lost its control.
    let fresh = tempfile::tempdir().unwrap();
    write_article(fresh.path(), "h.txt", text, None);
    std::fs::copy(out.join("h.xmi"), fresh.path().join("h.xmi")).unwrap();
    let o = hashiya(&["import", "--from", "xmi", p(&fresh.path().join("h.txt"))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let back = load(&sidecar_path(&fresh.path().join("h.txt")), text).unwrap().store;
    let mut want = key(&store);
    want.0.iter_mut().for_each(|e| e.2 = e.2.replace('\u{1}', "\u{FFFD}"));
    want.0.sort();
    assert_eq!(key(&back), want);
    let Some(python) = python::with(&["cassis"]) else { return };
    let read = cassis_read(&python, &[&out.join("h.xmi")]);
    let (sofa, entities, _) = &read["h"];
    assert_eq!(sofa, &text.replace(['\u{1}', '\u{8}'], "\u{FFFD}"));
    assert_eq!(entities.len(), 2);
}

#[test]
fn an_xmi_with_other_types_and_a_moved_sofa_is_imported_with_warnings() {
    let text = "قال زيد إن الصين مستعدة.";
    let dir = tempfile::tempdir().unwrap();
    write_article(dir.path(), "w.txt", text, None);
    // The sofa has one more word at the start: offsets are 3 further.
    let xmi = r#"<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" xmlns:seg="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmi:version="2.0">
  <cas:NULL xmi:id="0"/>
  <seg:Token xmi:id="2" sofa="1" begin="0" end="3"/>
  <type:NamedEntity xmi:id="3" sofa="1" begin="7" end="10" value="PERSON"/>
  <type:NamedEntity xmi:id="4" sofa="1" begin="3" end="6" value="X"/>
  <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="ثم قال زيد إن الصين مستعدة."/>
  <cas:View sofa="1" members="2 3 4"/>
</xmi:XMI>"#;
    std::fs::write(dir.path().join("w.xmi"), xmi).unwrap();
    let o = hashiya(&["import", "--from", "xmi", p(&dir.path().join("w.txt"))]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the sofa is not the text of"), "{err}");
    assert!(err.contains("1 × de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"), "{err}");
    assert!(err.contains("w.xmi:5: PERSON 7..10: the text \"زيد\""), "{err}");
    assert!(err.contains("imported there"), "{err}");
    let (entities, _) = key_of(&dir.path().join("w.txt"));
    assert_eq!(entities.len(), 2, "{entities:?}");
    assert_eq!((entities[0].0, entities[0].3.as_str()), (0, "قال"));
    assert_eq!((entities[1].0, entities[1].3.as_str()), (4, "زيد"));
}

#[test]
fn broken_xmi_is_refused_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_article(dir.path(), "b.txt", "نص", None);
    std::fs::write(
        dir.path().join("b.xmi"),
        "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\">\n<a x=\"1></b>",
    )
    .unwrap();
    let o = hashiya(&["import", "--from", "xmi", p(&dir.path().join("b.txt"))]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("b.xmi:2: not well-formed XML"), "{err}");
    assert!(!sidecar_path(&dir.path().join("b.txt")).exists());
}
