//! Hostile input and rough handling, with the real binary: escapes in
//! articles, invalid UTF-8, broken sidecars, kill -9, a second writer, tiny
//! panes and resize storms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;
use std::time::Duration;

use common::bin;
use common::tmux::{Tmux, available};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

fn scratch() -> tempfile::TempDir {
    common::scratch(ARTICLE)
}

fn entity_texts(sidecar: &std::path::Path) -> Vec<String> {
    let table: toml::Table = std::fs::read_to_string(sidecar).unwrap().parse().unwrap();
    table["entity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn escapes_in_an_article_never_reach_the_terminal() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hostile = "عنوان \x1b]2;HACKED\x07 \x1b[2J\x1b[31mأحمر \u{9b}31m \x07 nul\0 del\x7f\n";
    std::fs::write(dir.path().join("h.txt"), hostile).unwrap();
    let t = Tmux::start(&[bin(), "h.txt"], 80, 10, dir.path());
    let screen = t.wait_for(10, "the article", |s| s.iter().any(|r| r.contains('␛')));
    let all = screen.join("\n");
    assert!(all.contains("HACKED␇") && all.contains("␛[2J"), "escape not made visible:\n{all}");
    assert!(all.contains("␀") && all.contains("␡"), "NUL and DEL not made visible:\n{all}");
    let title = t.pane_title();
    assert!(!title.contains("HACKED"), "the article changed the terminal title to {title:?}");
    // `render` is as safe.
    let out = Command::new(bin())
        .args(["render", "--width", "60"])
        .arg(dir.path().join("h.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let bytes = out.stdout;
    assert!(
        !bytes.iter().any(|&b| b == 0x1b || b == 0x07 || b == 0 || b == 0x7f),
        "render wrote a control byte"
    );
    assert!(!String::from_utf8(bytes).unwrap().contains('\u{9b}'), "render wrote a C1 control");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

#[test]
fn invalid_utf8_exits_2_naming_the_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, b"\xd8\xa7\xd8\xa8 ok \xff\xfe more").unwrap();
    for args in [vec!["render"], vec![]] {
        let out = Command::new(bin()).args(&args).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("bad.txt") && err.contains("byte offset 8"), "{args:?}: {err}");
    }
}

#[test]
fn a_malformed_sidecar_is_never_overwritten() {
    if !available() {
        return;
    }
    let dir = scratch();
    let sidecar = dir.path().join(format!("{ARTICLE}.ann.toml"));
    let broken = "schema = 1\n[article]\nfile = \"004_c29349fac5246de1.txt\"\n[[entity]]\nid = \"e1\"\nstart = oops\n";
    std::fs::write(&sidecar, broken).unwrap();
    let t = Tmux::start(&[bin(), ARTICLE], 120, 30, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("read-only")));
    t.search("شانغفو");
    t.send(&["e"]);
    // The message is longer than the status line: it is shown whole above it.
    let screen = t.wait_for(10, "the refusal", |s| {
        s.iter().any(|r| r.contains("annotation is off") && r.contains(":6:"))
    });
    assert!(screen.iter().any(|r| r.contains("ann.toml:6:9")), "{}", screen.join("\n"));
    t.send(&["c", "Escape", "x", "u", "q"]);
    assert_eq!(t.wait_exit(10), 0);
    assert_eq!(std::fs::read_to_string(&sidecar).unwrap(), broken);
}

#[test]
fn an_entity_tagged_before_kill_9_is_on_disk() {
    if !available() {
        return;
    }
    let dir = scratch();
    let t = Tmux::start(&[bin(), ARTICLE], 120, 30, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.tag("شانغفو", "1");
    std::thread::sleep(Duration::from_millis(1500));
    let pid = t.pane_pid_of("hashiya");
    Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap();
    let sidecar = dir.path().join(format!("{ARTICLE}.ann.toml"));
    assert_eq!(entity_texts(&sidecar), ["شانغفو"]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn work_saved_by_another_process_survives_beside_our_own() {
    if !available() {
        return;
    }
    let dir = scratch();
    let article = dir.path().join(ARTICLE);
    let sidecar = dir.path().join(format!("{ARTICLE}.ann.toml"));
    let t = Tmux::start(&[bin(), ARTICLE], 120, 30, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.tag("شانغفو", "1");
    // Another process adds an entity to the same sidecar.
    let text = std::fs::read_to_string(&article).unwrap();
    let mut loaded = hashiya::annotate::load(&sidecar, &text).unwrap();
    let byte = text.find("بكين").unwrap();
    let start = text[..byte].chars().count();
    loaded.store.add_entity("GPE", start..start + 4, "بكين").unwrap();
    hashiya::annotate::save(&sidecar, &loaded.store, text.as_bytes()).unwrap();
    // The reader merges it when idle, then tags one more of its own.
    t.wait_for(10, "the merge", |s| s.last().is_some_and(|r| r.contains("merged")));
    t.tag("روسيا", "3");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    let mut texts = entity_texts(&sidecar);
    texts.sort();
    assert_eq!(texts, ["بكين", "روسيا", "شانغفو"]);
}

#[test]
fn a_second_instance_is_warned() {
    if !available() {
        return;
    }
    let dir = scratch();
    let first = Tmux::start(&[bin(), ARTICLE], 120, 30, dir.path());
    first.wait_for(10, "the first reader", |s| s.iter().any(|r| r.contains("READ")));
    let second = Tmux::start(&[bin(), ARTICLE], 120, 30, dir.path());
    second.wait_for(10, "the warning", |s| s.iter().any(|r| r.contains("another Hashiya")));
    second.send(&["q"]);
    first.send(&["q"]);
    assert_eq!(second.wait_exit(10), 0);
    assert_eq!(first.wait_exit(10), 0);
}

#[test]
fn tiny_panes_and_resize_storms_do_not_crash() {
    if !available() {
        return;
    }
    let dir = scratch();
    let t = Tmux::start(&[bin(), ARTICLE], 1, 1, dir.path());
    std::thread::sleep(Duration::from_millis(300));
    for (w, h) in [(2, 1), (1, 3), (5, 2), (200, 60), (1, 1), (40, 5), (3, 40), (120, 30)] {
        t.resize(w, h);
        t.send(&["j", "G", "Left", "?", "Escape", "Tab", "Tab"]);
    }
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

#[test]
fn odd_but_valid_files_render() {
    let dir = tempfile::tempdir().unwrap();
    let word = "ب".repeat(100_000);
    let paragraph = "كلمة عربية Latin 123 ".repeat(50_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("word.txt", word.into_bytes()),
        ("paragraph.txt", paragraph.into_bytes()),
        ("nul.txt", b"a\0b\0\0c".to_vec()),
        ("crlf.txt", "سطر أول\r\nسطر ثان\r\n".as_bytes().to_vec()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out =
            Command::new(bin()).args(["render", "--width", "80"]).arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{name}: a line is too wide");
        if name == "crlf.txt" {
            assert!(!text.contains('\r') && !text.contains('␍'), "CR shown: {text:?}");
            assert_eq!(text.lines().count(), 2);
        }
    }
}

#[test]
fn crlf_offsets_count_the_stored_text() {
    // Offsets count every char of the file, CR included.
    let doc = hashiya::text::Document::new("أ\r\nب".to_string());
    assert_eq!(doc.paragraphs()[1].char_start, 3);
    assert_eq!(doc.paragraph_text(1), "ب");
}
