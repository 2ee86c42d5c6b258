//! End-to-end: suggestions in the reader (tmux, 120×40). The team's
//! annotations of four samples make the corpus; the fifth, never
//! annotated, is opened: `s` shows suggestions, `'` goes to one, `y`
//! accepts it (an annotation whose `by` names the annotator and the
//! recommender), `'` and `z` reject the next (kept in `[[rejected]]`).
//! External recommenders declared in `hashiya.toml` run in the reader too:
//! the stub's suggestion is accepted (`by` names it); recommenders that
//! crash, hang past their time-out or print garbage are named in the status
//! line and the message log, and keys keep working meanwhile (move, tag,
//! quit without loss), even while one still runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::bin;
use common::tmux::{Tmux, available};

const HELD_OUT: &str = "002_429bb908716aee8d.txt";
const OTHERS: [&str; 4] = [
    "000_5aca6166c9697b1f.txt",
    "001_0d543047192bbcf6.txt",
    "003_b2e10a9c1d4ea0b9.txt",
    "004_c29349fac5246de1.txt",
];

#[test]
fn accept_and_reject_suggestions_in_the_reader() {
    if !available() {
        return;
    }
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/annotated");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(from.join(HELD_OUT), dir.path().join(HELD_OUT)).unwrap();
    for name in OTHERS {
        std::fs::copy(from.join(name), dir.path().join(name)).unwrap();
        let sidecar = format!("{name}.ann.toml");
        std::fs::copy(from.join(&sidecar), dir.path().join(&sidecar)).unwrap();
    }
    let mut args = vec![bin(), "--annotator", "tester", HELD_OUT];
    args.extend(OTHERS);
    let t = Tmux::start(&args, 120, 40, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    let sources = ["gazetteer", "dates", "claims"];
    let names_a_source = |s: &[String]| s.iter().any(|r| sources.iter().any(|n| r.contains(n)));

    t.send(&["s"]);
    t.wait_for(10, "suggestions on", |s| s.iter().any(|r| r.contains("suggestions on")));
    // Computed in the background: ' finds one once they are in.
    let mut found = false;
    for _ in 0..100 {
        t.send(&["'"]);
        std::thread::sleep(std::time::Duration::from_millis(100));
        if names_a_source(&t.screen()) {
            found = true;
            break;
        }
    }
    assert!(found, "no suggestion came: {}", t.screen().join("\n"));
    t.send(&["y"]);
    t.wait_for(10, "the acceptance", |s| s.iter().any(|r| r.contains("accepted:")));
    t.send(&["'"]);
    t.wait_for(10, "the next suggestion", names_a_source);
    t.send(&["z"]);
    t.wait_for(10, "the rejection", |s| s.iter().any(|r| r.contains("rejected:")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);

    let sidecar = dir.path().join(format!("{HELD_OUT}.ann.toml"));
    let saved: toml::Table = std::fs::read_to_string(&sidecar).unwrap().parse().unwrap();
    let article = std::fs::read_to_string(dir.path().join(HELD_OUT)).unwrap();
    let chars: Vec<char> = article.chars().collect();
    // One annotation, made by the tester through a recommender, on the text it quotes.
    let made: Vec<&toml::Value> = ["entity", "claim"]
        .iter()
        .filter_map(|k| saved.get(*k).and_then(toml::Value::as_array))
        .flatten()
        .collect();
    assert_eq!(made.len(), 1, "{saved:#?}");
    let by = made[0]["by"].as_str().unwrap();
    assert!(sources.iter().any(|s| by == format!("tester+{s}")), "by = {by}");
    let span = |t: &toml::Value| {
        let (a, b) =
            (t["start"].as_integer().unwrap() as usize, t["end"].as_integer().unwrap() as usize);
        chars[a..b].iter().collect::<String>()
    };
    assert_eq!(span(made[0]), made[0]["text"].as_str().unwrap());
    // One rejection, with its span, text, label and who rejected it.
    let rejected = saved["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(span(&rejected[0]), rejected[0]["text"].as_str().unwrap());
    assert!(!rejected[0]["label"].as_str().unwrap().is_empty());
    assert_eq!(rejected[0]["by"].as_str(), Some("tester"));
    // hashiya check accepts the sidecar as it is.
    let out = std::process::Command::new(bin()).args(["check"]).arg(&sidecar).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// A sample article (not annotated) in a scratch folder whose
/// `hashiya.toml` declares `recommenders` (TOML tables).
const SAMPLE: &str = "000_5aca6166c9697b1f.txt";

fn corpus_with(recommenders: &[String]) -> tempfile::TempDir {
    let dir = common::scratch(SAMPLE);
    std::fs::write(dir.path().join("hashiya.toml"), recommenders.concat()).unwrap();
    dir
}

fn recommender(name: &str, script: &str, args: &[&str], timeout_ms: u64) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/recommenders").join(script);
    let args: Vec<String> = args.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        "[[recommender]]\nname = \"{name}\"\ncommand = \"{}\"\nargs = [{}]\ntimeout_ms = {timeout_ms}\n\n",
        path.display(),
        args.join(", ")
    )
}

/// The sidecar's tables of kind `kind` (`entity`, `claim`).
fn saved(dir: &Path, kind: &str) -> Vec<toml::Value> {
    let sidecar = dir.join(format!("{SAMPLE}.ann.toml"));
    let saved: toml::Table = std::fs::read_to_string(sidecar).unwrap().parse().unwrap();
    saved.get(kind).and_then(toml::Value::as_array).cloned().unwrap_or_default()
}

#[test]
fn an_external_recommenders_suggestion_is_shown_and_accepted_in_the_reader() {
    if !available() {
        return;
    }
    let dir = corpus_with(&[recommender("stub", "stub.py", &["بيلوسوف=PERSON"], 20_000)]);
    let t = Tmux::start(&[bin(), "--annotator", "tester", SAMPLE], 120, 40, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.send(&["s"]);
    t.wait_for(10, "suggestions on", |s| s.iter().any(|r| r.contains("suggestions on")));
    // ' walks the suggestions until one of the stub's is under the cursor.
    let mut found = false;
    for _ in 0..150 {
        t.send(&["'"]);
        std::thread::sleep(std::time::Duration::from_millis(100));
        if t.screen().iter().any(|r| r.contains("(stub, 0.42)")) {
            found = true;
            break;
        }
    }
    assert!(found, "the stub's suggestion never came: {}", t.screen().join("\n"));
    t.send(&["y"]);
    t.wait_for(10, "the acceptance", |s| s.iter().any(|r| r.contains("accepted: PERSON")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    let entities = saved(dir.path(), "entity");
    assert_eq!(entities.len(), 1, "{entities:#?}");
    assert_eq!(entities[0]["text"].as_str(), Some("بيلوسوف"));
    assert_eq!(entities[0]["label"].as_str(), Some("PERSON"));
    assert_eq!(entities[0]["by"].as_str(), Some("tester+stub"));
}

#[test]
fn recommenders_that_crash_hang_or_print_garbage_are_named_and_keys_keep_working() {
    if !available() {
        return;
    }
    let dir = corpus_with(&[
        recommender("crash", "crash.sh", &[], 20_000),
        recommender("slow", "hang.sh", &[], 300),
        recommender("garbage", "garbage.sh", &[], 20_000),
    ]);
    let t = Tmux::start(&[bin(), "--annotator", "tester", SAMPLE], 120, 40, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    let title = t.pane_title();
    t.send(&["s"]);
    t.wait_for(20, "the failures named", |s| {
        s.iter().any(|r| r.contains("recommenders crash, slow, garbage failed: M shows why"))
    });
    // Each failure whole in the message log, nothing of their output raw.
    t.send(&["M"]);
    let log = t.wait_for(10, "the message log", |s| {
        s.iter().any(|r| r.contains("recommender garbage: line 1 of its output"))
    });
    let log = log.join("\n");
    assert!(
        log.contains("recommender crash: exited with status 3; its last message: model not found"),
        "{log}"
    );
    assert!(log.contains("recommender slow: gave no answer within 300 ms: stopped"), "{log}");
    assert!(!log.contains("pwned") && !log.contains('\u{1b}'), "{log}");
    assert_eq!(t.pane_title(), title, "a recommender's output set the title");
    t.send(&["M"]);
    t.wait_for(10, "the reader again", |s| s.last().is_some_and(|r| r.contains("READ")));
    // The reader stays usable: move, tag, quit without loss.
    t.send(&["j", "j", "k"]);
    t.tag("بكين", "3");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    let entities = saved(dir.path(), "entity");
    assert!(entities.iter().any(|e| e["text"].as_str() == Some("بكين")), "{entities:#?}");
}

#[test]
fn keys_do_not_wait_for_a_recommender_that_still_runs() {
    if !available() {
        return;
    }
    // A recommender that takes far longer than the test: every key is
    // answered meanwhile, and quitting does not wait for it.
    let scratch = tempfile::tempdir().unwrap();
    let pid_file = scratch.path().join("child.pid");
    let pid_arg = pid_file.display().to_string();
    let dir = corpus_with(&[recommender("slow", "hang_child.sh", &[&pid_arg], 60_000)]);
    let t = Tmux::start(&[bin(), "--annotator", "tester", SAMPLE], 120, 40, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.send(&["s"]);
    t.wait_for(10, "suggestions on", |s| s.iter().any(|r| r.contains("suggestions on")));
    // The built-ins' suggestions come meanwhile.
    let mut found = false;
    for _ in 0..100 {
        t.send(&["'"]);
        std::thread::sleep(std::time::Duration::from_millis(100));
        if t.screen()
            .iter()
            .any(|r| ["(gazetteer,", "(dates,", "(claims,"].iter().any(|n| r.contains(n)))
        {
            found = true;
            break;
        }
    }
    assert!(found, "no built-in suggestion while the recommender runs: {}", t.screen().join("\n"));
    t.tag("بكين", "3");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    let entities = saved(dir.path(), "entity");
    assert!(entities.iter().any(|e| e["text"].as_str() == Some("بكين")), "{entities:#?}");
    // Nothing of the recommender runs on after the reader ended (its child
    // `sleep` neither: the whole process group was stopped).
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let stat = std::path::PathBuf::from(format!("/proc/{}/stat", pid.trim()));
    let gone = (0..100).any(|_| {
        let state = std::fs::read_to_string(&stat).unwrap_or_default();
        let done = state.is_empty() || state.contains(") Z ");
        if !done {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        done
    });
    assert!(gone, "the recommender's child still runs: {}", stat.display());
}
