//! End-to-end, in tmux: a folder of 10,000 annotated articles opens on its
//! first article at once; the corpus views are gathered in the background,
//! and keys get their answers while that runs (the header says how far it
//! got); once read, the views show the whole corpus.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};

/// Articles in the folder.
const ARTICLES: usize = 10_000;

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
    let t = Tmux::start(&[bin(), "."], 120, 30, dir.path());
    t.wait_for(20, "the first article", |s| {
        s.iter().any(|r| r.contains("00000.txt (1/10000)") && r.contains("READ"))
    });
    // The articles view at once, filling in.
    t.send(&["Tab", "V"]);
    let first =
        t.wait_for(20, "the articles view", |s| s[0].contains("corpus (10000 articles): articles"));
    let reading = |s: &[String]| s[0].contains("reading ");
    // Keys while it reads: the next views, and moving in them.
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
    t.send(&["q"]);
    assert_eq!(t.wait_exit(20), 0);
}
