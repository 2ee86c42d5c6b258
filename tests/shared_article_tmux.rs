//! Two and three real Hashiyas on one copy of an article (tmux): merges are
//! exact (no conflict is invented, nothing written into notes) and the
//! "another Hashiya has this article open" warning is honest (looking at
//! other articles never touches their locks; dead instances are not named).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::bin;
use common::tmux::{Tmux, available};

const ARTICLE: &str = "004_c29349fac5246de1.txt";
const OTHER: &str = "003_b2e10a9c1d4ea0b9.txt";

/// Forty words of the article whose first matches are forty distinct,
/// non-overlapping spans.
const WORDS: [&str; 40] = [
    "الدفاع",
    "لتوسيع",
    "التعاون",
    "البحرية",
    "الروسية",
    "التحرير",
    "الصيني",
    "الاثنين",
    "روسيا",
    "مستوى",
    "المحادثات",
    "العامة",
    "مسؤولين",
    "عسكريين",
    "البلدين",
    "التمرد",
    "الشهر",
    "الماضي",
    "شانغفو",
    "نيكولاي",
    "يفمينوف",
    "يتمكن",
    "تعزيز",
    "الاتصال",
    "المستويات",
    "لبيان",
    "وزارة",
    "الصينية",
    "للحصول",
    "العناوين",
    "قناتنا",
    "الإنترنت",
    "التطبيق",
    "يتعين",
    "الجانبين",
    "تنظيم",
    "تدريبات",
    "مشتركة",
    "ورحلات",
    "ومسابقة",
];

/// Runs hashiya on `args` in `dir`, with locks kept in `locks`.
fn start(dir: &Path, locks: &Path, args: &[&str]) -> Tmux {
    let tmpdir = format!("TMPDIR={}", locks.display());
    let mut all = vec!["env", &tmpdir, bin()];
    all.extend_from_slice(args);
    let t = Tmux::start(&all, 120, 30, dir);
    t.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    t
}

/// The lock files in `locks`.
fn lock_files(locks: &Path) -> Vec<PathBuf> {
    let dir = locks.join("hashiya-locks");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    files.sort();
    files
}

/// The lock files naming `pid` (as their first line, `pid = N`).
fn locks_of(locks: &Path, pid: u32) -> Vec<PathBuf> {
    lock_files(locks)
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .is_ok_and(|s| s.lines().any(|l| l.trim() == format!("pid = {pid}")))
        })
        .collect()
}

#[test]
fn two_instances_tagging_interleaved_keep_all_forty_and_invent_no_conflict() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let locks = tempfile::tempdir().unwrap();
    let a = start(dir.path(), locks.path(), &[ARTICLE]);
    let b = start(dir.path(), locks.path(), &[ARTICLE]);
    for (mine, theirs) in WORDS[..20].iter().zip(&WORDS[20..]) {
        a.tag(mine, "1");
        b.tag(theirs, "1");
    }
    a.send(&["q"]);
    assert_eq!(a.wait_exit(10), 0);
    b.send(&["q"]);
    assert_eq!(b.wait_exit(10), 0);

    let sidecar = dir.path().join(format!("{ARTICLE}.ann.toml"));
    let source = std::fs::read_to_string(&sidecar).unwrap();
    let table: toml::Table = source.parse().unwrap();
    let entities = table["entity"].as_array().unwrap();
    let mut texts: Vec<&str> = entities.iter().map(|e| e["text"].as_str().unwrap()).collect();
    texts.sort_unstable();
    let mut expected = WORDS.to_vec();
    expected.sort_unstable();
    assert_eq!(texts, expected, "every tag is kept, once");
    for entity in entities {
        let entity = entity.as_table().unwrap();
        assert!(!entity.contains_key("note"), "a note was written: {entity:?}");
        assert!(!entity.contains_key("conflict"), "a conflict was invented: {entity:?}");
    }
}

#[test]
fn looking_at_other_articles_never_touches_their_locks() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(OTHER),
        dir.path().join(OTHER),
    )
    .unwrap();
    let locks = tempfile::tempdir().unwrap();
    let a = start(dir.path(), locks.path(), &[ARTICLE]);
    let a_pid = a.pane_pid_of("hashiya");
    let a_locks = locks_of(locks.path(), a_pid);
    assert_eq!(a_locks.len(), 1, "A holds one lock: {:?}", lock_files(locks.path()));
    let a_lock = std::fs::read(&a_locks[0]).unwrap();

    // B reads the other article and looks at the whole corpus, every view.
    let b = start(dir.path(), locks.path(), &[OTHER, ARTICLE]);
    b.send(&["Tab"]);
    b.wait_for(10, "the review table", |s| {
        s.iter().any(|r| r.contains("this article: annotations of"))
    });
    for _ in 0..6 {
        b.send(&["V"]);
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    b.send(&["Tab"]);
    b.wait_for(10, "the reader", |s| s.last().is_some_and(|r| r.contains("READ")));
    assert_eq!(std::fs::read(&a_locks[0]).unwrap(), a_lock, "A's lock is intact");
    let b_pid = b.pane_pid_of("hashiya");
    assert_eq!(locks_of(locks.path(), b_pid).len(), 1, "B locks only the article it has open");

    // A third instance on A's article is warned, with A's pid.
    let c = start(dir.path(), locks.path(), &[ARTICLE]);
    // Whole on the status line, or in the banner above it when too long.
    let warned = c.wait_for(10, "the warning", |s| s.iter().any(|r| r.contains("another Hashiya")));
    let status = warned.join("\n");
    assert!(status.contains(&a_pid.to_string()), "A's pid is named: {status}");
    assert!(!status.contains(&b_pid.to_string()), "B does not have it open: {status}");
    for t in [&a, &b, &c] {
        t.send(&["q"]);
        assert_eq!(t.wait_exit(10), 0);
    }
    assert!(lock_files(locks.path()).is_empty(), "every lock is gone after quitting");
}

#[test]
fn a_stale_lock_is_not_warned_about_and_is_replaced() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let locks = tempfile::tempdir().unwrap();
    // Take a lock the proper way, then make its holder a dead process.
    let a = start(dir.path(), locks.path(), &[ARTICLE]);
    let a_pid = a.pane_pid_of("hashiya");
    let a_lock = locks_of(locks.path(), a_pid).pop().expect("A's lock");
    let text = std::fs::read_to_string(&a_lock).unwrap();
    a.send(&["q"]);
    assert_eq!(a.wait_exit(10), 0);
    let dead = dead_pid();
    let stale_text = text.replace(&format!("pid = {a_pid}"), &format!("pid = {dead}"));
    let stale = a_lock.with_file_name(
        a_lock
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(&a_pid.to_string(), &dead.to_string()),
    );
    std::fs::write(&stale, stale_text).unwrap();

    let b = start(dir.path(), locks.path(), &[ARTICLE]);
    std::thread::sleep(std::time::Duration::from_millis(700));
    // Neither on the status line nor in a banner above it.
    let status = b.screen().join("\n");
    assert!(!status.contains("another Hashiya"), "a dead instance was named: {status}");
    assert!(!stale.exists(), "the stale lock was removed");
    b.send(&["q"]);
    assert_eq!(b.wait_exit(10), 0);
}

/// The pid of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
    pid
}
