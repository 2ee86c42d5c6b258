//! End-to-end, in tmux: a folder of 10,000 annotated articles opens on its
//! first article at once; the corpus views are gathered in the background,
//! and keys get their answers while that runs (the header says how far it
//! got); once read, the views show the whole corpus. The reader's key
//! trace (`HASHIYA_TRACE_KEYS`) says that each key was answered by a frame,
//! those sent while reading before the scan ended.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};

/// Articles in the folder.
const ARTICLES: usize = 10_000;

/// Keys sent before the last (`q`): Tab V, j j j, V V, V×5, Tab.
const KEYS: usize = 2 + 3 + 2 + 5 + 1;

/// A folder of [`ARTICLES`] small articles, each with a sidecar of a few
/// entities (one of them, روسيا, in every article) and a claim.
fn folder() -> tempfile::TempDir {
    // A tmpfs when there is one: 20,000 files are written.
    let dir = match std::path::Path::new("/dev/shm") {
        shm if shm.is_dir() => tempfile::tempdir_in(shm).unwrap(),
        _ => tempfile::tempdir().unwrap(),
    };
    let text = "قال وزير الدفاع لي شانغفو إن الصين وروسيا تتعاونان.\n";
    for i in 0..ARTICLES {
        let name = format!("{i:05}.txt");
        std::fs::write(dir.path().join(&name), text).unwrap();
        let sidecar = format!(
            "schema = 1\n\n[article]\nfile = \"{name}\"\n\n\
             [[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 16\nend = 25\ntext = \"لي شانغفو\"\n\n\
             [[entity]]\nid = \"e2\"\nlabel = \"GPE\"\nstart = 29\nend = 34\ntext = \"الصين\"\n\n\
             [[entity]]\nid = \"e3\"\nlabel = \"GPE\"\nstart = 36\nend = 41\ntext = \"روسيا\"\n\n\
             [[claim]]\nid = \"c1\"\nstart = 26\nend = 50\ntext = \"إن الصين وروسيا تتعاونان\"\n\
             claimant = \"e1\"\ncue = {{ start = 0, end = 3, text = \"قال\" }}\nkind = \"indirect\"\n"
        );
        std::fs::write(dir.path().join(format!("{name}.ann.toml")), sidecar).unwrap();
    }
    dir
}

#[test]
fn keys_are_answered_while_ten_thousand_articles_are_read() {
    if !available() {
        return;
    }
    let dir = folder();
    let traces = tempfile::tempdir().unwrap();
    let trace = traces.path().join("keys");
    let trace_env = format!("HASHIYA_TRACE_KEYS={}", trace.display());
    let t = Tmux::start(&["env", &trace_env, bin(), "."], 120, 30, dir.path());
    t.wait_for(20, "the first article", |s| {
        s.iter().any(|r| r.contains("00000.txt (1/10000)") && r.contains("READ"))
    });
    // The articles view at once, filling in.
    t.send(&["Tab", "V"]);
    let first =
        t.wait_for(20, "the articles view", |s| s[0].contains("corpus (10000 articles): articles"));
    let reading = |s: &[String]| s[0].contains("reading ");
    // Keys while it reads: moving in the view, the next views.
    t.send(&["j", "j", "j"]);
    t.send(&["V"]);
    let entities = t.wait_for(20, "the entity index", |s| s[0].contains("entity index"));
    t.send(&["V"]);
    let claims = t.wait_for(20, "who said what", |s| s[0].contains("who said what"));
    assert!(
        [&first, &entities, &claims].iter().any(|s| reading(s)),
        "at least one view came up while the corpus was still being read: {:?}",
        [&first[0], &entities[0], &claims[0]]
    );
    // Once read: every claim, and the entity index counts روسيا in every article.
    t.wait_for(120, "every claim", |s| {
        s[0].contains(&format!("who said what · {ARTICLES} claims")) && !reading(s)
    });
    // Labels, annotators, this article's table, articles, entity index.
    t.send(&["V", "V", "V", "V", "V"]);
    let index = t.wait_for(20, "the whole entity index", |s| {
        s[0].contains("entity index · 3 entities") && !reading(s)
    });
    assert!(
        index.iter().any(|r| r.contains(&format!(" {ARTICLES} "))),
        "each entity is mentioned in every article: {index:#?}"
    );
    t.send(&["Tab"]);
    t.wait_for(20, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    // Every key so far was answered by a frame (q, next, ends the loop
    // before one).
    let start = std::time::Instant::now();
    let lines = loop {
        let text = std::fs::read_to_string(&trace).unwrap_or_default();
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        if lines.len() >= KEYS || start.elapsed().as_secs() > 20 {
            break lines;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(lines.len(), KEYS, "one line a key: {lines:#?}");
    for line in &lines {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields[0], "key", "{line}");
        for (field, name) in
            fields[1..].iter().zip(["total_us", "queued_us", "update_us", "draw_us"])
        {
            let value = field.strip_prefix(name).and_then(|v| v.strip_prefix('='));
            assert!(value.is_some_and(|v| v.parse::<u64>().is_ok()), "{line}");
        }
    }
    // Keys answered while the corpus was read, as the screens said.
    let scanning = lines.iter().filter(|l| l.ends_with(" scanning=1")).count();
    assert!(scanning >= 1, "{lines:#?}");
    assert!(lines.last().is_some_and(|l| l.ends_with(" scanning=0")), "{lines:#?}");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(20), 0);
}
