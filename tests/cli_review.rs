//! End-to-end tests of the review commands (`list`, `check`, `stats`,
//! `export`, `import`): the real binary on hand-written sidecars in
//! temporary folders.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::format_push_string)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hashiya::annotate::sidecar::sha256_hex;
use hashiya::annotate::{Claimant, load};
use serde_json::Value;

const ARTICLE: &str =
    "قال وزير الدفاع لي شانغفو إن الصين مستعدة للحوار.\n\nوأكد المتحدث أن روسيا شريك مهم.\n";

/// `char` offsets of the first `needle` in `ARTICLE` (counted here, by hand
/// of the standard library, not by Hashiya).
fn span(needle: &str) -> (usize, usize) {
    let byte = ARTICLE.find(needle).unwrap();
    let start = ARTICLE[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn entity(id: &str, label: &str, needle: &str) -> String {
    let (s, e) = span(needle);
    format!(
        "\n[[entity]]\nid = \"{id}\"\nlabel = \"{label}\"\nstart = {s}\nend = {e}\ntext = \"{needle}\"\n"
    )
}

/// A valid sidecar for `ARTICLE`: 3 entities, 2 claims.
fn sidecar() -> String {
    let (cs, ce) = span("الصين مستعدة للحوار");
    let (qs, qe) = span("قال");
    let (c2s, c2e) = span("روسيا شريك مهم");
    let mut s = format!(
        "schema = 1\n\n[article]\nfile = \"a.txt\"\nsha256 = \"{}\"\n",
        sha256_hex(ARTICLE.as_bytes())
    );
    s += &entity("e1", "PERSON", "لي شانغفو");
    s += "note = \"وزير الدفاع الصيني\"\n";
    s += &entity("e2", "GPE", "الصين");
    s += &entity("e3", "GPE", "روسيا");
    s += &format!(
        "\n[[claim]]\nid = \"c1\"\nstart = {cs}\nend = {ce}\ntext = \"الصين مستعدة للحوار\"\nclaimant = \"e1\"\ncue = {{ start = {qs}, end = {qe}, text = \"قال\" }}\nkind = \"indirect\"\n"
    );
    s += &format!(
        "\n[[claim]]\nid = \"c2\"\nstart = {c2s}\nend = {c2e}\ntext = \"روسيا شريك مهم\"\nclaimant_text = \"المتحدث\"\nkind = \"direct\"\nnote = \"ملاحظة\"\n"
    );
    s
}

/// A folder with `a.txt` and, if given, its sidecar.
fn corpus(sidecar: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    if let Some(s) = sidecar {
        std::fs::write(dir.path().join("a.txt.ann.toml"), s).unwrap();
    }
    dir
}

fn hashiya(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hashiya")).args(args).output().unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

// ----- check -----

#[test]
fn check_passes_a_valid_sidecar() {
    let dir = corpus(Some(&sidecar()));
    for target in
        [dir.path().to_path_buf(), dir.path().join("a.txt"), dir.path().join("a.txt.ann.toml")]
    {
        let out = hashiya(&["check", p(&target)]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(stdout(&out), "");
    }
}

/// Runs `check` on `a.txt.ann.toml` holding `source`; returns its output lines.
fn check_broken(source: &str) -> Vec<String> {
    let dir = corpus(Some(source));
    let out = hashiya(&["check", p(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    // The sidecar is reported, never changed.
    assert_eq!(std::fs::read_to_string(dir.path().join("a.txt.ann.toml")).unwrap(), source);
    let prefix = format!("{}:", p(&dir.path().join("a.txt.ann.toml")));
    stdout(&out)
        .lines()
        .map(|l| l.strip_prefix(&prefix).unwrap_or_else(|| panic!("{l}")).to_owned())
        .collect()
}

#[test]
fn check_names_line_and_column_of_a_toml_error() {
    // Line 3 is `[article` : the `]` is missing at column 9.
    let found = check_broken("schema = 1\n\n[article\nfile = \"a.txt\"\n");
    assert!(found[0].starts_with("3:9: error: "), "{found:?}");
}

#[test]
fn check_reports_offsets_as_written_not_re_anchored() {
    // Move e1 one char left: its quoted text no longer matches there.
    let (s, e) = span("لي شانغفو");
    let source = sidecar().replacen(
        &format!("start = {s}\nend = {e}"),
        &format!("start = {}\nend = {}", s - 1, e - 1),
        1,
    );
    let found = check_broken(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    // Line 7 `[[entity]]`, 8 id, 9 label, 10 start, 11 end, 12 `text = "…"`: value at column 8.
    assert!(found[0].starts_with("12:8: error: entity `e1`: `text`"), "{found:?}");
    assert!(found[0].contains(&format!("at {s}..{e}")), "says where the text is: {found:?}");
}

#[test]
fn check_reports_out_of_range_dangling_duplicate_and_drift() {
    let n = ARTICLE.chars().count();
    let (s, e) = span("روسيا");
    let past = sidecar().replacen(
        &format!("start = {s}\nend = {e}"),
        &format!("start = {s}\nend = {}", n + 5),
        1,
    );
    let found = check_broken(&past);
    // `end = …` of e3: the value is at column 7.
    let line = past.lines().position(|l| l == format!("end = {}", n + 5)).unwrap() + 1;
    assert_eq!(
        line, 26,
        "5 header lines, 8 for e1, 7 for e2, then e3's blank, table, id, label, start"
    );
    assert_eq!(
        found,
        vec![format!(
            "26:7: error: entity `e3`: `end` ({}) is past the end of the article ({n} chars)",
            n + 5
        )]
    );

    let dangling = sidecar().replace("claimant = \"e1\"", "claimant = \"e9\"");
    let found = check_broken(&dangling);
    assert_eq!(found.len(), 1);
    let line = dangling.lines().position(|l| l == "claimant = \"e9\"").unwrap() + 1;
    assert_eq!(found[0], format!("{line}:12: error: `claimant` names no entity: `e9`"));

    let duplicate = sidecar().replace("id = \"e3\"", "id = \"e2\"");
    let found = check_broken(&duplicate);
    let line =
        duplicate.lines().enumerate().filter(|(_, l)| *l == "id = \"e2\"").last().unwrap().0 + 1;
    assert_eq!(found, vec![format!("{line}:6: error: duplicate id `e2`")]);

    let drift = sidecar().replace(&sha256_hex(ARTICLE.as_bytes()), &"0".repeat(64));
    let found = check_broken(&drift);
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("5:10: error: the article changed"), "{found:?}");
}

#[test]
fn check_reports_a_sidecar_without_its_article() {
    let dir = corpus(None);
    std::fs::write(
        dir.path().join("gone.txt.ann.toml"),
        "schema = 1\n[article]\nfile = \"gone.txt\"\n",
    )
    .unwrap();
    let out = hashiya(&["check", p(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error: no article"), "{out:?}");
}

// ----- list -----

#[test]
fn list_json_holds_every_entity_and_claim() {
    let dir = corpus(Some(&sidecar()));
    let out = hashiya(&["list", "--format", "json", p(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let articles = json.as_array().unwrap();
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert!(a["file"].as_str().unwrap().ends_with("a.txt"));
    let entities = a["entities"].as_array().unwrap();
    let ids: Vec<&str> = entities.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["e1", "e2", "e3"]);
    for e in entities {
        let (s, en) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(chars(ARTICLE, s, en), e["text"].as_str().unwrap());
        assert_eq!(e["orphan"], Value::Bool(false));
    }
    assert_eq!(entities[0]["label"], "PERSON");
    assert_eq!(entities[0]["note"], "وزير الدفاع الصيني");
    let claims = a["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0]["claimant"], "e1");
    assert_eq!(claims[0]["claimant_text"], Value::Null);
    let (qs, qe) = span("قال");
    assert_eq!(claims[0]["cue"]["start"], qs);
    assert_eq!(claims[0]["cue"]["end"], qe);
    assert_eq!(claims[0]["cue"]["text"], "قال");
    assert_eq!(claims[0]["kind"], "indirect");
    assert_eq!(claims[1]["claimant_text"], "المتحدث");
    assert_eq!(claims[1]["kind"], "direct");
    assert_eq!(claims[1]["note"], "ملاحظة");
}

#[test]
fn list_tsv_and_table_have_a_row_per_annotation() {
    let dir = corpus(Some(&sidecar()));
    let out = hashiya(&["list", "--format", "tsv", p(&dir.path().join("a.txt"))]);
    let text = stdout(&out);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 1 + 5);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let out = hashiya(&["list", p(dir.path())]);
    let table = stdout(&out);
    // Not a terminal: logical text as written.
    assert!(table.contains("لي شانغفو"), "{table}");
    assert_eq!(table.lines().filter(|l| l.starts_with("  ")).count(), 5, "{table}");
}

#[test]
fn conflicts_are_shown_by_list_in_every_format_and_warned_about_by_check() {
    let mut source = sidecar();
    source += &entity("e4", "ORG", "لي شانغفو");
    source += "conflict = { with = \"e1\", source = \"disk\" }\n";
    let dir = corpus(Some(&source));
    let table = stdout(&hashiya(&["list", p(dir.path())]));
    let row = table.lines().find(|l| l.trim_start().starts_with("e4")).unwrap();
    assert!(row.contains("(⚠ conflict with e1)"), "{table}");
    let tsv = stdout(&hashiya(&["list", "--format", "tsv", p(dir.path())]));
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    assert_eq!(header[header.len() - 3..], ["conflict_with", "by", "at"]);
    let e4: Vec<&str> = tsv.lines().find(|l| l.contains("\te4\t")).unwrap().split('\t').collect();
    assert_eq!(e4[e4.len() - 3..], ["e1", "", ""]);
    let json: Value =
        serde_json::from_slice(&hashiya(&["list", "--format", "json", p(dir.path())]).stdout)
            .unwrap();
    let entities = json[0]["entities"].as_array().unwrap();
    let by_id = |id: &str| entities.iter().find(|e| e["id"] == id).unwrap();
    assert_eq!(by_id("e4")["conflict"], serde_json::json!({"with": "e1", "source": "disk"}));
    assert_eq!(by_id("e1")["conflict"], Value::Null);
    let out = hashiya(&["check", p(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "a conflict is a warning: {out:?}");
    let found = stdout(&out);
    assert!(found.contains("warning: entity `e4` is an unresolved conflict with `e1`"), "{found}");
    let strict = hashiya(&["check", "--strict", p(dir.path())]);
    assert_eq!(strict.status.code(), Some(1), "{strict:?}");
}

// ----- stats -----

#[test]
fn stats_count_labels_articles_and_claimants() {
    let dir = corpus(Some(&sidecar()));
    std::fs::write(dir.path().join("b.txt"), "نص بلا حواش").unwrap();
    let out = hashiya(&["stats", "--format", "json", p(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["articles"], 1, "b.txt has no sidecar: not counted");
    assert_eq!(json["entities"], 3);
    assert_eq!(json["claims"], 2);
    assert_eq!(json["labels"]["GPE"], 2);
    assert_eq!(json["labels"]["PERSON"], 1);
    let claimants: Vec<(String, u64)> = json["claimants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["claimant"].as_str().unwrap().to_owned(), c["claims"].as_u64().unwrap()))
        .collect();
    // c1's claimant is e1 (its text), c2's is free text.
    assert_eq!(claimants, vec![("المتحدث".to_owned(), 1), ("لي شانغفو".to_owned(), 1)]);
    let table = stdout(&hashiya(&["stats", p(dir.path())]));
    // Counts in words: one article, not "1 articles".
    assert!(table.starts_with("1 article, 3 entities, 2 claims\n"), "{table}");
}

#[test]
fn stats_and_list_know_each_articles_status() {
    let dir = corpus(Some(&sidecar().replace("\n[article]\n", "\n[article]\nstatus = \"done\"\n")));
    // A second article, without a status: to do.
    std::fs::write(dir.path().join("b.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.path().join("b.txt.ann.toml"),
        sidecar().replace("file = \"a.txt\"", "file = \"b.txt\""),
    )
    .unwrap();
    let json: Value =
        serde_json::from_slice(&hashiya(&["stats", "--format", "json", p(dir.path())]).stdout)
            .unwrap();
    assert_eq!(json["statuses"], serde_json::json!({"todo": 1, "in_progress": 0, "done": 1}));
    let statuses: Vec<&Value> =
        json["per_article"].as_array().unwrap().iter().map(|a| &a["status"]).collect();
    assert_eq!(statuses, [&Value::from("done"), &Value::Null]);
    // Nobody recorded: one "annotator" with both articles.
    assert_eq!(json["annotators"][0]["articles"], 2);
    assert_eq!(json["annotators"][0]["done"], 1);
    let table = stdout(&hashiya(&["stats", p(dir.path())]));
    assert!(
        table.contains(
            "articles per status\n       1  to do\n       0  in progress\n       1  done\n"
        ),
        "{table}"
    );
    // list --status: only the articles of that status.
    let listed = |status: &str| {
        let out = hashiya(&["list", "--format", "tsv", "--status", status, p(dir.path())]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let files: std::collections::BTreeSet<String> = stdout(&out)
            .lines()
            .skip(1)
            .map(|l| l.split('\t').next().unwrap().rsplit('/').next().unwrap().to_owned())
            .collect();
        files.into_iter().collect::<Vec<_>>()
    };
    assert_eq!(listed("done"), ["a.txt"]);
    assert_eq!(listed("todo"), ["b.txt"]);
    assert!(listed("in-progress").is_empty());
    let json = hashiya(&["list", "--format", "json", "--status", "done", p(dir.path())]);
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

// ----- export -----

/// A `T` line: id, type, fragments, text.
type TLine = (String, String, Vec<(usize, usize)>, String);

/// Parses `T` lines.
fn t_lines(ann: &str) -> Vec<TLine> {
    ann.lines()
        .filter(|l| l.starts_with('T'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let (kind, offsets) = f[1].split_once(' ').unwrap();
            let fragments = offsets
                .split(';')
                .map(|fr| {
                    let (s, e) = fr.split_once(' ').unwrap();
                    (s.parse().unwrap(), e.parse().unwrap())
                })
                .collect();
            (f[0].to_owned(), kind.to_owned(), fragments, f[2].to_owned())
        })
        .collect()
}

#[test]
fn export_brat_writes_t_lines_that_cover_their_text() {
    let dir = corpus(Some(&sidecar()));
    let out_dir = tempfile::tempdir().unwrap();
    let out = hashiya(&["export", "--format", "brat", "--out", p(out_dir.path()), p(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let bytes = std::fs::read(out_dir.path().join("a.txt")).unwrap();
    assert_eq!(bytes, ARTICLE.as_bytes(), "the article, byte for byte");
    let text = String::from_utf8(bytes).unwrap();
    let ann = std::fs::read_to_string(out_dir.path().join("a.ann")).unwrap();
    let ts = t_lines(&ann);
    // 3 entities, 2 claims, 1 cue.
    assert_eq!(ts.len(), 6, "{ann}");
    for (_, _, fragments, covered) in &ts {
        let sliced: Vec<String> = fragments.iter().map(|&(s, e)| chars(&text, s, e)).collect();
        assert_eq!(&sliced.join(" "), covered, "{ann}");
    }
    let kinds: Vec<&str> = ts.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "Claim").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "Cue").count(), 1);
    // c1: an event tying content, cue and the claimant's T line.
    let person = ts.iter().find(|t| t.1 == "PERSON").unwrap();
    let event = ann.lines().find(|l| l.starts_with('E') && l.contains("Cue:")).unwrap();
    assert!(event.ends_with(&format!("Source:{}", person.0)), "{ann}");
    assert!(ann.contains(&format!("AnnotatorNotes {}\tوزير الدفاع الصيني", person.0)), "{ann}");
    assert!(ann.contains("\tSourceText E2\tالمتحدث"), "{ann}");
    let conf = std::fs::read_to_string(out_dir.path().join("annotation.conf")).unwrap();
    assert!(conf.contains("[events]\nClaim\tCue?:Cue, Source?:PERSON|"), "{conf}");
}

#[test]
fn export_refuses_to_write_over_the_articles() {
    let dir = corpus(Some(&sidecar()));
    let out = hashiya(&["export", "--format", "brat", "--out", p(dir.path()), p(dir.path())]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), ARTICLE);
}

#[test]
fn export_jsonl_has_an_article_per_line_with_doccano_labels() {
    let dir = corpus(Some(&sidecar()));
    let out_dir = tempfile::tempdir().unwrap();
    let out = hashiya(&["export", "--format", "jsonl", "--out", p(out_dir.path()), p(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(out_dir.path().join("annotations.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["id"], "a");
    assert_eq!(v["text"], ARTICLE);
    assert_eq!(v["entities"].as_array().unwrap().len(), 3);
    assert_eq!(v["claims"].as_array().unwrap().len(), 2);
    for l in v["label"].as_array().unwrap() {
        let (s, e) = (l[0].as_u64().unwrap() as usize, l[1].as_u64().unwrap() as usize);
        let entity = v["entities"].as_array().unwrap().iter().find(|x| x["start"] == s).unwrap();
        assert_eq!(chars(ARTICLE, s, e), entity["text"].as_str().unwrap());
        assert_eq!(l[2], entity["label"]);
    }
}

#[test]
fn export_conll_tags_tokens_with_bio() {
    let dir = corpus(Some(&sidecar()));
    let out_dir = tempfile::tempdir().unwrap();
    let out = hashiya(&["export", "--format", "conll", "--out", p(out_dir.path()), p(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(out_dir.path().join("a.conll")).unwrap();
    let mut previous = "O".to_owned();
    let mut tokens = Vec::new();
    let body = text.strip_prefix("-DOCSTART-\tO\tO\n\n").unwrap_or_else(|| panic!("{text}"));
    for line in body.lines() {
        if line.is_empty() {
            previous = "O".to_owned();
            continue;
        }
        // token, entities, nested entities (none here).
        let (token, tag) = line.strip_suffix("\tO").unwrap().split_once('\t').unwrap();
        assert!(!token.trim().is_empty() && !tag.contains('\t'), "{line:?}");
        if let Some(label) = tag.strip_prefix("I-") {
            assert!(previous.ends_with(&format!("-{label}")), "{text}");
        } else {
            assert!(tag == "O" || tag.starts_with("B-"), "{line:?}");
        }
        previous = tag.to_owned();
        tokens.push((token, tag));
    }
    // Tokens, joined, are the article without its spaces.
    let joined: String = tokens.iter().map(|t| t.0).collect();
    assert_eq!(joined, ARTICLE.split_whitespace().collect::<String>());
    let tagged: Vec<(&str, &str)> = tokens.iter().copied().filter(|t| t.1 != "O").collect();
    assert_eq!(
        tagged,
        vec![("لي", "B-PERSON"), ("شانغفو", "I-PERSON"), ("الصين", "B-GPE"), ("روسيا", "B-GPE")]
    );
    // Two paragraphs, each one sentence: two blocks.
    assert_eq!(body.split("\n\n").count(), 2, "{text}");
}

// ----- import -----

fn entities_of(article: &Path) -> Vec<(String, usize, usize, String)> {
    let text = std::fs::read_to_string(article).unwrap();
    let mut path = article.as_os_str().to_owned();
    path.push(".ann.toml");
    let loaded = load(&PathBuf::from(path), &text).unwrap();
    assert!(loaded.existed);
    loaded.store.entities().map(|e| (e.label.clone(), e.start, e.end, e.text.clone())).collect()
}

#[test]
fn import_of_a_brat_export_gives_back_the_same_annotations() {
    let dir = corpus(Some(&sidecar()));
    let out_dir = tempfile::tempdir().unwrap();
    hashiya(&["export", "--format", "brat", "--out", p(out_dir.path()), p(dir.path())]);
    let exported = out_dir.path().join("a.txt");

    let dry = hashiya(&["import", "--from", "brat", "--dry-run", p(&exported)]);
    assert_eq!(dry.status.code(), Some(0), "{dry:?}");
    assert!(!out_dir.path().join("a.txt.ann.toml").exists(), "a dry run writes nothing");
    assert_eq!(stdout(&dry).lines().filter(|l| l.contains(": + ")).count(), 5);

    let out = hashiya(&["import", "--from", "brat", p(&exported)]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(entities_of(&exported), entities_of(&dir.path().join("a.txt")));

    // Claims too: span, text, cue, kind, note and who makes them.
    let text = ARTICLE;
    let original = load(&dir.path().join("a.txt.ann.toml"), text).unwrap().store;
    let imported = load(&out_dir.path().join("a.txt.ann.toml"), text).unwrap().store;
    let claims = |s: &hashiya::annotate::Store| {
        s.claims()
            .map(|c| {
                let who = match &c.claimant {
                    Some(Claimant::Entity(id)) => s.entity(id).map(|e| e.text.clone()),
                    Some(Claimant::Text(t)) => Some(t.clone()),
                    None => None,
                };
                (c.range(), c.text.clone(), c.cue.clone(), c.kind, c.note.clone(), who)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(claims(&imported), claims(&original));

    // Importing again adds nothing and leaves the sidecar as it is.
    let before = std::fs::read(out_dir.path().join("a.txt.ann.toml")).unwrap();
    let again = hashiya(&["import", "--from", "brat", p(&exported)]);
    assert!(stdout(&again).contains("0 added, 5 already there"), "{again:?}");
    assert_eq!(std::fs::read(out_dir.path().join("a.txt.ann.toml")).unwrap(), before);
}

#[test]
fn import_keeps_both_sides_of_a_conflict() {
    let dir = corpus(Some(&sidecar()));
    let (s, e) = span("لي شانغفو");
    std::fs::write(
        dir.path().join("a.ann"),
        format!("T1\tORG {s} {e}\tلي شانغفو\nT2\tGPE 9999 10000\tx\n"),
    )
    .unwrap();
    let out = hashiya(&["import", "--from", "brat", p(&dir.path().join("a.txt"))]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains(": ! e-") && text.contains(" ORG "), "{text}");
    assert!(text.contains(": - T2 GPE: skipped"), "{text}");
    let entities = entities_of(&dir.path().join("a.txt"));
    assert_eq!(entities.iter().filter(|x| (x.1, x.2) == (s, e)).count(), 2, "{entities:?}");
}

#[test]
fn import_without_an_ann_file_fails_with_1_and_writes_nothing() {
    let dir = corpus(None);
    let out = hashiya(&["import", "--from", "brat", p(&dir.path().join("a.txt"))]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!dir.path().join("a.txt.ann.toml").exists());
}

// ----- help and usage -----

#[test]
fn every_command_has_help_and_bad_paths_exit_2() {
    for command in ["list", "check", "stats", "export", "import"] {
        let out = hashiya(&[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        assert!(stdout(&out).contains("Usage: hashiya"), "{command}");
    }
    let out = hashiya(&["list", "/nonexistent/hashiya"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let out = hashiya(&["list"]);
    assert_eq!(out.status.code(), Some(2), "missing arguments: {out:?}");
}
