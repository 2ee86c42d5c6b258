//! End-to-end, in tmux: an article larger than the head threshold opens
//! with its head on screen while the rest is read in the background; `G`,
//! search and annotation then work on the whole text, and an invalid byte
//! far past the head still fails the way a small file does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};
use hashiya::app::loading::HEAD_THRESHOLD;
use hashiya::assets::SAMPLE_ARTICLES;

/// A name that appears once, in the last paragraph.
const LAST: &str = "Zanzibar";

/// The samples repeated past the threshold, then a last paragraph holding
/// [`LAST`]; returns the folder and the file name.
fn large_article() -> (tempfile::TempDir, String, String) {
    let one: String = SAMPLE_ARTICLES.iter().map(|&(_, text)| text).collect();
    let times = HEAD_THRESHOLD as usize / one.len() + 2;
    let text = format!("{}قال المراسل من {LAST} إن الجلسة انتهت.\n", one.repeat(times));
    assert!(text.len() as u64 > HEAD_THRESHOLD);
    let dir = tempfile::tempdir().unwrap();
    let name = "large.txt".to_string();
    std::fs::write(dir.path().join(&name), &text).unwrap();
    (dir, name, text)
}

#[test]
fn a_large_article_shows_its_end_and_annotates_the_whole_text() {
    if !available() {
        return;
    }
    let (dir, name, text) = large_article();
    let t = Tmux::start(&[bin(), &name], 100, 30, dir.path());
    t.wait_for(10, "the first screen", |s| s.iter().any(|r| r.contains("READ")));
    t.send(&["G"]);
    t.wait_for(10, "the last screen", |s| {
        s.iter().any(|r| r.contains(LAST)) && s.last().is_some_and(|r| r.contains("100%"))
    });
    // Search and tag the name that only the end of the file holds.
    t.send(&["g"]);
    t.tag(LAST, "3");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    let sidecar = dir.path().join(format!("{name}.ann.toml"));
    let table: toml::Table = std::fs::read_to_string(&sidecar).unwrap().parse().unwrap();
    let entity = &table["entity"].as_array().unwrap()[0];
    assert_eq!(entity["text"].as_str(), Some(LAST));
    let start = entity["start"].as_integer().unwrap() as usize;
    let end = entity["end"].as_integer().unwrap() as usize;
    let tagged: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(tagged, LAST, "the offsets count characters of the whole file");
}

#[test]
fn an_invalid_byte_past_the_head_exits_2_naming_its_offset() {
    if !available() {
        return;
    }
    let (dir, name, text) = large_article();
    let mut bytes = text.into_bytes();
    let at = bytes.len() - 10;
    bytes[at] = 0xff;
    std::fs::write(dir.path().join(&name), &bytes).unwrap();
    let t = Tmux::start(&[bin(), &name], 100, 30, dir.path());
    assert_eq!(t.wait_exit(10), 2);
    let screen = t.screen().join("\n");
    assert!(
        screen.contains(&format!("large.txt: not valid UTF-8 at byte offset {at}")),
        "{screen}"
    );
}
