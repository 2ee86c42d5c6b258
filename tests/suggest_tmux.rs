//! End-to-end: suggestions in the reader (tmux, 120×40). The team's
//! annotations of four samples make the corpus; the fifth, never
//! annotated, is opened: `s` shows suggestions, `'` goes to one, `y`
//! accepts it (an annotation whose `by` names the annotator and the
//! recommender), `'` and `z` reject the next (kept in `[[rejected]]`).

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
