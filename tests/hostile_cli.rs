//! A hostile corpus through every command of the real binary: sidecar
//! fields (label, id, kind, `claimant_text`, note, cue text, unknown keys), a
//! `hashiya.toml` label, a brat file and file *names* holding OSC 52, CSI
//! `2J`, `?1049h`, C1 (U+009B), BEL and U+202E. Nothing of it may reach
//! standard output or standard error as a control — through a pipe, and
//! through a terminal (a pty made by util-linux `script`) — while the human
//! formats still show it (as the TUI's symbols and visible bidi marks) and
//! the machine formats give back the exact strings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use common::bin;
use hashiya::annotate::sidecar::sha256_hex;
use serde_json::Value;

/// OSC 52 (writes the clipboard), clear screen, alternate screen, a C1 CSI
/// with BEL, and a right-to-left override.
const P: &str = "\u{1b}]52;c;SEFDS0VE\u{7}\u{1b}[2J\u{1b}[?1049h\u{9b}31m\u{7}\u{202e}";

/// `P` as every human format must show it: the TUI's symbols, a visible mark.
const SHOWN: &str = "␛]52;c;SEFDS0VE␇␛[2J␛[?1049h\u{FFFD}31m␇⟪RLO⟫";

const HEAD: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.";

/// The article: ordinary Arabic, then `X`, the payload and `Y`.
fn article() -> String {
    format!("{HEAD} X{P}Y\n")
}

/// The `char` span of `X…Y` in the article, and its text.
fn hostile_span() -> (usize, usize, String) {
    let start = HEAD.chars().count() + 1;
    let text = format!("X{P}Y");
    (start, start + text.chars().count(), text)
}

/// A file name holding the payload.
fn hostile_name(stem: &str) -> String {
    format!("{stem}{P}.txt")
}

/// A TOML basic string holding exactly `s` (every control escaped).
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || hashiya::text::safe::is_unsafe(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A sidecar for `file` (the article's name) whose every string field holds
/// the payload; `body` replaces the annotations when given.
fn sidecar(file: &str, body: Option<&str>) -> String {
    let (s, e, text) = hostile_span();
    let id1 = format!("e1{P}");
    let annotations = format!(
        r#"
[[entity]]
id = {id1}
label = {label}
start = 16
end = 25
text = "لي شانغفو"
note = {note}
{key} = {value}

[[entity]]
id = "e2"
label = "ORG"
start = {s}
end = {e}
text = {text}

[[claim]]
id = "c1"
start = 29
end = 41
text = "الصين مستعدة"
claimant_text = {who}
cue = {{ start = 0, end = 3, text = "قال" }}
kind = "indirect"
note = {cnote}

[[claim]]
id = {c2}
start = {s}
end = {e}
text = {text}
cue = {{ start = {s}, end = {e}, text = {text}, {ukey} = 1 }}
claimant = {id1}
"#,
        id1 = toml_str(&id1),
        label = toml_str(&format!("PER{P}")),
        note = toml_str(&format!("note{P}\tafter tab\nline 2")),
        key = toml_str(&format!("x{P}")),
        value = toml_str(P),
        text = toml_str(&text),
        who = toml_str(&format!("who{P}")),
        cnote = toml_str(&format!("cnote{P}")),
        c2 = toml_str(&format!("c2{P}")),
        ukey = toml_str(&format!("u{P}")),
    );
    format!(
        "schema = 1\n{} = {}\n\n[article]\nfile = {}\nsha256 = \"{}\"\n{}",
        toml_str(&format!("k{P}")),
        toml_str(P),
        toml_str(file),
        sha256_hex(article().as_bytes()),
        body.unwrap_or(&annotations)
    )
}

/// The hostile corpus:
///
/// - `corpus/`: `a<P>.txt` and `b.txt` with hostile sidecars, `k.txt` whose
///   sidecar has a hostile (invalid) `kind`, a `hashiya.toml` with a
///   hostile label;
/// - `o<P>/b.txt.ann.toml`: a second annotator's sidecar of `corpus/b.txt`,
///   for `agree`;
/// - `brat/`: `x<P>.txt` with a `.ann` holding a hostile type and note,
///   `y.txt` whose `.ann` has a malformed line quoting the payload.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let corpus = root.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for name in [hostile_name("a"), "b.txt".to_owned()] {
        std::fs::write(corpus.join(&name), article()).unwrap();
        // `a`'s sidecar has no `sha256`: a warning that `check` prefixes with its path.
        let mut text = sidecar(&name, None);
        if name != "b.txt" {
            text =
                text.replace(&format!("sha256 = \"{}\"\n", sha256_hex(article().as_bytes())), "");
        }
        std::fs::write(corpus.join(format!("{name}.ann.toml")), text).unwrap();
    }
    std::fs::write(corpus.join("k.txt"), article()).unwrap();
    let bad_kind = format!(
        "\n[[claim]]\nid = \"c1\"\nstart = 0\nend = 3\ntext = \"قال\"\nkind = {}\n",
        toml_str(&format!("x{P}"))
    );
    std::fs::write(corpus.join("k.txt.ann.toml"), sidecar("k.txt", Some(&bad_kind))).unwrap();
    std::fs::write(
        corpus.join("hashiya.toml"),
        format!(
            "[[label]]\nname = {}\nkey = \"1\"\ncolor = \"red\"\n\n[[label]]\nname = \"ORG\"\nkey = \"2\"\n",
            toml_str(&format!("LAB{P}"))
        ),
    )
    .unwrap();
    let other = root.join(format!("o{P}"));
    std::fs::create_dir(&other).unwrap();
    // Saved for another version of the article: `agree` warns, naming both paths.
    let b2 = sidecar("b.txt", None).replace(&sha256_hex(article().as_bytes()), "00");
    std::fs::write(other.join("b.txt.ann.toml"), b2).unwrap();
    let brat = root.join("brat");
    std::fs::create_dir(&brat).unwrap();
    let x = hostile_name("x");
    std::fs::write(brat.join(&x), article()).unwrap();
    std::fs::write(
        brat.join(x.replace(".txt", ".ann")),
        format!(
            "T1\tPER{P} 16 25\tلي شانغفو\nT2\tORG 0 999\tpast the end\n#1\tAnnotatorNotes T1\tn{P}\n"
        ),
    )
    .unwrap();
    std::fs::write(brat.join("y.txt"), article()).unwrap();
    std::fs::write(brat.join("y.ann"), format!("T1\tPER 16 25\tلي شانغفو\nT2\tPER{P}\tx\n"))
        .unwrap();
    dir
}

/// The `.txt` files of `folder`, as `folder/name` (what a shell glob gives).
fn txt_files(root: &Path, folder: &str) -> Vec<OsString> {
    let mut names: Vec<OsString> = std::fs::read_dir(root.join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".txt"))
        .map(|n| Path::new(folder).join(n).into_os_string())
        .collect();
    names.sort();
    names
}

/// One command: a name for messages and its arguments.
struct Case {
    name: &'static str,
    args: Vec<OsString>,
}

fn case(name: &'static str, args: &[&str]) -> Case {
    Case { name, args: args.iter().map(OsString::from).collect() }
}

/// Every subcommand and output format on the corpus at `root`. `import`
/// (which writes) works on a copy of `brat/` made here.
fn cases(root: &Path) -> Vec<Case> {
    let brat2 = root.join("brat2");
    if !brat2.exists() {
        std::fs::create_dir(&brat2).unwrap();
        for e in std::fs::read_dir(root.join("brat")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), brat2.join(e.file_name())).unwrap();
        }
    }
    let a_sidecar = format!("corpus/{}.ann.toml", hostile_name("a"));
    let b_other = format!("o{P}/b.txt.ann.toml");
    let mut import_dry = case("import --dry-run", &["import", "--from", "brat", "--dry-run"]);
    import_dry.args.extend(txt_files(root, "brat"));
    let mut import = case("import", &["import", "--from", "brat"]);
    import.args.extend(txt_files(root, "brat2"));
    vec![
        case("list", &["list", "corpus"]),
        case("list --logical", &["list", "--logical", "corpus"]),
        case("list tsv", &["list", "--format", "tsv", "corpus"]),
        case("list json", &["list", "--format", "json", "corpus"]),
        case("check", &["check", "corpus"]),
        case("stats", &["stats", "corpus"]),
        case("stats json", &["stats", "--format", "json", "corpus"]),
        case("export brat", &["export", "--format", "brat", "--out", "out-brat", "corpus"]),
        case("export jsonl", &["export", "--format", "jsonl", "--out", "out-jsonl", "corpus"]),
        case("export spacy", &["export", "--format", "spacy", "--out", "out-spacy", "corpus"]),
        case(
            "export conll",
            &["export", "--format", "conll", "--claims", "--out", "out-conll", "corpus"],
        ),
        import_dry,
        import,
        case("agree", &["agree", "corpus/b.txt.ann.toml", &b_other]),
        case("agree json", &["agree", "--format", "json", "corpus/b.txt.ann.toml", &b_other]),
        case("agree different articles", &["agree", "corpus/b.txt.ann.toml", &a_sidecar]),
        case("render", &["render", "--width", "60", &format!("corpus/{}", hostile_name("a"))]),
        case("list a missing path", &["list", &format!("corpus/missing{P}")]),
        case("reader on a missing file", &[&hostile_name("missing")]),
        case("an argument clap refuses", &["render", "corpus/b.txt", &hostile_name("extra")]),
    ]
}

/// What came out of one run.
struct Ran {
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run_piped(root: &Path, c: &Case) -> Ran {
    let out = Command::new(bin())
        .args(&c.args)
        .current_dir(root)
        .stdin(Stdio::null())
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    Ran { status: out.status.code(), stdout: out.stdout, stderr: out.stderr }
}

/// True when util-linux `script` can give the commands a terminal. Missing:
/// the pty runs fail under CI (`CI` set) and are skipped, loudly, elsewhere.
fn script_available() -> bool {
    if Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "`script` (util-linux) is needed for the pty runs: apt-get install -y util-linux"
    );
    eprintln!("SKIPPED: `script` (util-linux) is missing: the pty runs of the hostile corpus");
    false
}

fn shell_quote(arg: &std::ffi::OsStr) -> String {
    format!("'{}'", arg.to_string_lossy().replace('\'', r"'\''"))
}

/// Runs the command with standard output and error on a terminal (a pty):
/// what the pty shows is in `stdout` (both streams, with the terminal's
/// `\r\n` line ends).
fn run_in_pty(root: &Path, c: &Case) -> Ran {
    let mut command = shell_quote(std::ffi::OsStr::new(bin()));
    for arg in &c.args {
        command.push(' ');
        command.push_str(&shell_quote(arg));
    }
    let out = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .current_dir(root)
        .stdin(Stdio::null())
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    Ran { status: out.status.code(), stdout: out.stdout, stderr: out.stderr }
}

/// The bidi controls and marks that must never be printed raw.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Asserts that `bytes` hold no ESC, no BEL, no other C0 control but `\n`
/// and `\t` (and `\r` on a terminal, which writes line ends as `\r\n`), no
/// DEL, no C1 (as raw bytes or as UTF-8) and no raw bidi control.
fn assert_clean(what: &str, bytes: &[u8], terminal: bool) {
    let text = String::from_utf8_lossy(bytes);
    let show = || format!("{what}:\n{}", text.escape_debug());
    for (i, &b) in bytes.iter().enumerate() {
        let allowed = b == b'\n' || b == b'\t' || (terminal && b == b'\r');
        assert!(b >= 0x20 || allowed, "control byte {b:#04x} at {i} in {}", show());
        assert!(b != 0x7f, "DEL at {i} in {}", show());
        if b == 0xc2 {
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            assert!(!(0x80..=0x9f).contains(&next), "C1 control at {i} in {}", show());
        }
    }
    for c in text.chars() {
        assert!(!('\u{80}'..='\u{9f}').contains(&c), "C1 {c:?} in {}", show());
        assert!(!is_bidi_control(c), "raw bidi control {c:?} in {}", show());
    }
}

/// The pipe runs by name.
fn run_all(root: &Path) -> Vec<(&'static str, Ran)> {
    cases(root).iter().map(|c| (c.name, run_piped(root, c))).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("the output is UTF-8")
}

#[test]
fn no_control_reaches_a_pipe_and_the_human_formats_show_it() {
    let dir = corpus();
    let root = dir.path();
    let runs = run_all(root);
    let get = |name: &str| &runs.iter().find(|(n, _)| *n == name).expect("a case of that name").1;
    for (name, ran) in &runs {
        assert_clean(&format!("{name}: stdout"), &ran.stdout, false);
        assert_clean(&format!("{name}: stderr"), &ran.stderr, false);
    }

    // Human formats show the payload, wherever it was: labels, ids, notes,
    // claimants, cues, file names, hashiya.toml labels, brat types.
    let list = text(&get("list --logical").stdout);
    for shown in [
        format!("corpus/a{SHOWN}.txt: 2 entities, 2 claims"),
        format!("e1{SHOWN}"),
        format!("PER{SHOWN}"),
        format!("note{SHOWN}␉after tab␊line 2"),
        format!("← who{SHOWN}"),
        format!("cue 43..{} X{SHOWN}Y", hostile_span().1),
        format!("c2{SHOWN}"),
    ] {
        assert!(list.contains(&shown), "list does not show {shown:?}:\n{list}");
    }
    // Every row of the table is one line: an id, a label, a span, a text.
    let rows = list.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(rows, 8, "{list}");
    let skipped = text(&get("list").stderr);
    assert!(skipped.contains(&format!("unknown claim kind `x{SHOWN}`")), "{skipped}");

    let tsv = text(&get("list tsv").stdout);
    assert_eq!(tsv.lines().count(), 9, "{tsv}");
    for row in tsv.lines() {
        assert_eq!(row.split('\t').count(), 18, "a TSV row broken by a field: {row:?}");
    }
    assert!(tsv.contains(&format!("corpus/a{SHOWN}.txt\tentity\te1{SHOWN}\tPER{SHOWN}\t")));
    assert!(tsv.contains(&format!("note{SHOWN}\\tafter tab\\nline 2")), "{tsv}");

    let check = text(&get("check").stdout);
    // The hostile label makes the folder's hashiya.toml invalid: named, shown, not obeyed.
    assert!(
        check.contains(&format!("the label name \"LAB{SHOWN}\" holds a control character")),
        "{check}"
    );
    assert!(check.contains(&format!("corpus/a{SHOWN}.txt.ann.toml:")), "{check}");
    for line in check.lines() {
        assert!(line.contains(": warning: ") || line.contains(": error: "), "{line:?}");
    }

    let stats = text(&get("stats").stdout);
    for shown in [format!("PER{SHOWN}"), format!("who{SHOWN}"), format!("corpus/a{SHOWN}.txt")] {
        assert!(stats.contains(&shown), "stats does not show {shown:?}:\n{stats}");
    }

    let dry = text(&get("import --dry-run").stdout);
    let added = format!("brat/x{SHOWN}.txt: + e-");
    assert!(dry.contains(&added) && dry.contains(&format!(" PER{SHOWN} 16..25")), "{dry}");
    let dry_err = text(&get("import --dry-run").stderr);
    assert!(dry_err.contains(&format!("`PER{SHOWN}`: expected `TYPE START END`")), "{dry_err}");
    assert!(!root.join(format!("brat/x{P}.txt.ann.toml")).exists(), "--dry-run wrote");

    let agree = text(&get("agree").stdout);
    assert!(agree.contains(&format!("B = o{SHOWN}/b.txt.ann.toml")), "{agree}");
    assert!(agree.contains(&format!("PER{SHOWN}")), "{agree}");
    let warned = text(&get("agree").stderr);
    assert!(warned.contains(&format!("o{SHOWN}/b.txt.ann.toml were saved")), "{warned}");
    let refused = text(&get("agree different articles").stderr);
    assert!(refused.contains(&format!("annotates `a{SHOWN}.txt`")), "{refused}");
    assert_eq!(get("agree different articles").status, Some(2));

    let rendered = text(&get("render").stdout);
    assert!(rendered.contains("␛]52;c;SEFDS0VE␇␛[2J"), "{rendered}");

    for (name, quoted) in [
        ("list a missing path", format!("missing{SHOWN}")),
        ("reader on a missing file", format!("missing{SHOWN}.txt")),
        ("an argument clap refuses", format!("extra{SHOWN}.txt")),
    ] {
        let ran = get(name);
        assert!(ran.status.is_some_and(|s| s != 0), "{name}: exit {:?}", ran.status);
        let err = text(&ran.stderr);
        assert!(err.contains(&quoted), "{name}: {quoted:?} not in {err}");
    }
    let export_err = text(&get("export brat").stderr);
    assert!(export_err.contains("brat cannot hold"), "{export_err}");
}

#[test]
fn machine_formats_give_back_the_exact_strings() {
    let dir = corpus();
    let root = dir.path();
    let runs = run_all(root);
    let get = |name: &str| &runs.iter().find(|(n, _)| *n == name).expect("a case of that name").1;
    let (_, _, hostile_text) = hostile_span();
    let hostile_file = format!("corpus/{}", hostile_name("a"));

    let list: Value = serde_json::from_slice(&get("list json").stdout).unwrap();
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["file"] == hostile_file.as_str())
        .expect("the article with the hostile name, named exactly");
    let e1 = &listed["entities"][0];
    assert_eq!(e1["id"], format!("e1{P}").as_str());
    assert_eq!(e1["label"], format!("PER{P}").as_str());
    assert_eq!(e1["note"], format!("note{P}\tafter tab\nline 2").as_str());
    assert_eq!(listed["entities"][1]["text"], hostile_text.as_str());
    let claims = listed["claims"].as_array().unwrap();
    assert_eq!(claims[0]["claimant_text"], format!("who{P}").as_str());
    assert_eq!(claims[1]["id"], format!("c2{P}").as_str());
    assert_eq!(claims[1]["cue"]["text"], hostile_text.as_str());

    let stats: Value = serde_json::from_slice(&get("stats json").stdout).unwrap();
    assert_eq!(stats["labels"][format!("PER{P}")], 2);
    assert_eq!(stats["claimants"][0]["claimant"], format!("who{P}").as_str());
    assert!(
        stats["per_article"].as_array().unwrap().iter().any(|a| a["file"] == hostile_file.as_str())
    );

    let agree: Value = serde_json::from_slice(&get("agree json").stdout).unwrap();
    assert_eq!(agree["b"], format!("o{P}/b.txt.ann.toml").as_str());
    assert!(agree["entities"]["labels"].get(format!("PER{P}")).is_some(), "{agree}");

    // JSON Lines: the exact article text and fields; no raw control in the file.
    let jsonl = std::fs::read(root.join("out-jsonl/annotations.jsonl")).unwrap();
    assert_clean("annotations.jsonl", &jsonl, false);
    let lines: Vec<Value> =
        text(&jsonl).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let doc = lines.iter().find(|l| l["file"] == hostile_name("a").as_str()).unwrap();
    assert_eq!(doc["text"], article().as_str());
    assert_eq!(doc["entities"][0]["label"], format!("PER{P}").as_str());
    assert_eq!(doc["label"][1][2], "ORG");

    // brat: every T line's text is the article's at its offsets, so brat
    // accepts it; every line holds its fields, nothing more.
    let ann = text(&std::fs::read(root.join(format!("out-brat/a{P}.ann"))).unwrap());
    let chars: Vec<char> = article().chars().collect();
    for line in ann.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if line.starts_with('T') {
            assert!(fields.len() >= 3, "{line:?}");
            let offsets: Vec<usize> =
                fields[1].split(' ').skip(1).map(|n| n.parse().unwrap()).collect();
            let covered: String = chars[offsets[0]..offsets[1]].iter().collect();
            assert_eq!(fields[2..].join("\t"), covered, "{line:?}");
        } else if line.starts_with('#') {
            assert_eq!(fields.len(), 3, "a note broke its line: {line:?}");
        }
    }
    assert!(
        ann.contains(&format!("PER{}", P.replace(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'], "_")))
    );

    // spaCy JSONL: the exact text, spelled by the tokens; no raw control.
    let spacy = std::fs::read(root.join("out-spacy/spacy.jsonl")).unwrap();
    assert_clean("spacy.jsonl", &spacy, false);
    let lines: Vec<Value> =
        text(&spacy).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let doc = lines.iter().find(|l| l["meta"]["file"] == hostile_name("a").as_str()).unwrap();
    assert_eq!(doc["text"], article().as_str());
    let mut spelled = String::new();
    for t in doc["tokens"].as_array().unwrap() {
        spelled.push_str(t["text"].as_str().unwrap());
        if t["ws"] == true {
            spelled.push(' ');
        }
    }
    assert_eq!(spelled, article());
    assert_eq!(doc["span_groups"]["sc"][0]["label"], format!("PER{P}").as_str());

    // CoNLL: a token and three tag columns on every line, no raw control.
    let conll = std::fs::read(root.join(format!("out-conll/a{P}.conll"))).unwrap();
    assert_clean("a.conll", &conll, false);
    for line in text(&conll).lines().filter(|l| !l.is_empty()) {
        assert_eq!(line.split('\t').count(), 4, "{line:?}");
    }

    // The sidecar `import` wrote: no raw control, and it reads back exactly.
    let written = root.join(format!("brat2/x{P}.txt.ann.toml"));
    let source = std::fs::read(&written).unwrap();
    assert_clean("the imported sidecar", &source, false);
    let loaded = hashiya::annotate::load(&written, &article()).unwrap();
    let labels: Vec<String> = loaded.store.entities().map(|e| e.label.clone()).collect();
    assert_eq!(labels, vec![format!("PER{P}")]);
    assert_eq!(loaded.store.entities().next().unwrap().note.as_deref(), Some(&*format!("n{P}")));
}

#[test]
fn no_control_reaches_a_terminal() {
    if !script_available() {
        return;
    }
    let dir = corpus();
    let root = dir.path();
    for c in cases(root) {
        let ran = run_in_pty(root, &c);
        assert_clean(&format!("{} (pty)", c.name), &ran.stdout, true);
        assert_clean(&format!("{} (pty, script's stderr)", c.name), &ran.stderr, true);
        let shown = text(&ran.stdout);
        if c.name == "list" {
            // On a terminal the table is laid out for display, and still shows the payload.
            assert!(shown.contains(&format!("corpus/a{SHOWN}.txt")), "{shown}");
            assert!(shown.contains(&format!("PER{SHOWN}")), "{shown}");
            // The progress line on standard error was a terminal's too.
            assert!(shown.contains("[1/3] "), "{shown}");
        }
        if c.name == "check" {
            assert!(shown.contains(&format!("LAB{SHOWN}")), "{shown}");
        }
    }
}

#[test]
fn the_reader_shows_a_hostile_keymap_and_label_as_symbols() {
    if !common::tmux::available() {
        return;
    }
    let dir = corpus();
    let action = toml_str(&format!("x{P}"));
    std::fs::write(dir.path().join("k.toml"), format!("[reader]\n{action} = [\"q\"]\n")).unwrap();
    let t = common::tmux::Tmux::start(
        &[bin(), "--keymap", "k.toml", "corpus/b.txt"],
        200,
        20,
        dir.path(),
    );
    // The keymap is refused before the screen changes: the action name shown, not obeyed.
    let screen = t.wait_for(10, "the keymap refusal", |s| s.iter().any(|r| r.contains("EXITED")));
    let all = screen.join("\n");
    assert!(all.contains(&format!("unknown action \"x{SHOWN}\"")), "{all}");
    assert!(!t.pane_title().contains("52;"), "the title changed: {}", t.pane_title());
    drop(t);
    // The `hashiya.toml` label in the banner that refuses annotation.
    let t = common::tmux::Tmux::start(&[bin(), "corpus/b.txt"], 200, 20, dir.path());
    let screen = t.wait_for(10, "the schema refusal", |s| s.iter().any(|r| r.contains("LAB␛]52;")));
    let all = screen.join("\n");
    assert!(all.contains("holds a control character"), "{all}");
    assert!(!t.pane_title().contains("52;"), "the title changed: {}", t.pane_title());
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}
