//! Tests of watching the sidecar: bounded looks, in the background, and
//! two editors of one article taking turns through the real save path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::time::{Duration, Instant};

use super::*;
use crate::annotate::save;
use crate::app::annotations::Annotations;

const ARTICLE: &str = "قال وزير الدفاع الصيني لي شانغفو في بكين إن التعاون مع روسيا مهم";

/// A folder with the article `a.txt`; its sidecar's path.
fn scratch() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let sidecar = crate::annotate::sidecar_path(&article);
    (dir, article, sidecar)
}

/// The `char` range of the first `word` in the article.
fn span(word: &str) -> std::ops::Range<usize> {
    let start = ARTICLE[..ARTICLE.find(word).unwrap()].chars().count();
    start..start + word.chars().count()
}

fn store_with(words: &[&str]) -> Store {
    let mut store = Store::new();
    for word in words {
        store.add_entity("GPE", span(word), word).unwrap();
    }
    store
}

/// Waits (up to 10 s) for the watcher's look.
fn wait_take(watcher: &mut Watcher) -> SidecarChanged {
    let start = Instant::now();
    loop {
        if let Some(changed) = watcher.try_take() {
            return changed;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "the look never came back");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_sidecar_over_the_limit_is_refused_from_its_size_without_being_read() {
    let (_dir, _article, sidecar) = scratch();
    // 16 GiB, sparse: reading it whole would take the machine's memory;
    // refusing it takes one `stat`.
    let file = std::fs::File::create(&sidecar).unwrap();
    file.set_len(16 << 30).unwrap();
    drop(file);
    let mut watcher = Watcher::default();
    let (text, base) = (Arc::new(ARTICLE.to_owned()), Arc::new(Store::new()));
    watcher.start(&sidecar, &DiskState::default(), text, base, SIDECAR_LIMIT);
    let changed = wait_take(&mut watcher);
    match changed.content {
        Err(LookError::TooLarge { size, limit, .. }) => {
            assert_eq!((size, limit), (16 << 30, SIDECAR_LIMIT));
        }
        other => panic!("not refused: {other:?}"),
    }
    // Applying it keeps our work in a recovery file, names the limit, and
    // the file is not looked at again while it stays as it is.
    let (mut known, mut base, mut store) =
        (DiskState::default(), Arc::default(), store_with(&["بكين"]));
    let outcome = apply(changed, ARTICLE, &mut known, &mut base, &mut store);
    let SyncOutcome::Unreadable { error, recovery } = outcome else { panic!("{outcome:?}") };
    assert!(error.contains("over the 268435456-byte limit"), "{error}");
    assert!(std::fs::read_to_string(&recovery).unwrap().contains("بكين"));
    std::fs::remove_file(recovery).unwrap();
    assert!(known.unchanged(&sidecar));
}

#[test]
fn a_file_growing_past_the_limit_while_read_is_cut_at_the_limit() {
    let (_dir, _article, sidecar) = scratch();
    std::fs::write(&sidecar, vec![b' '; 100]).unwrap();
    // The size says 100; the limit is 10: refused before reading.
    let changed = look(&sidecar, None, ARTICLE, None, 10);
    assert!(matches!(changed.content, Err(LookError::TooLarge { size: 100, limit: 10, .. })));
    // At the limit exactly: read (and not a sidecar).
    let changed = look(&sidecar, None, ARTICLE, None, 100);
    assert!(matches!(changed.content, Err(LookError::Sidecar(_))), "{:?}", changed.content);
}

#[cfg(unix)]
#[test]
#[allow(clippy::print_stderr, reason = "a test says why it skipped")]
fn a_fifo_in_place_of_the_sidecar_is_never_opened() {
    let (_dir, _article, sidecar) = scratch();
    let made = std::process::Command::new("mkfifo").arg(&sidecar).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is missing");
        return;
    }
    // Opening a FIFO with no writer blocks: this would hang if it did.
    let changed = look(&sidecar, Some("old"), ARTICLE, None, SIDECAR_LIMIT);
    assert!(matches!(changed.content, Ok(Content::Gone)), "{:?}", changed.content);
}

#[test]
fn the_idle_look_reads_in_the_background_and_merges_when_done() {
    let (_dir, _article, sidecar) = scratch();
    let (mut known, mut base, mut store) = (DiskState::default(), Arc::default(), Store::new());
    let mut watcher = Watcher::default();
    assert_eq!(
        on_idle(&mut watcher, &sidecar, ARTICLE, &mut known, &mut base, &mut store),
        SyncOutcome::Unchanged
    );
    assert!(!watcher.is_busy(), "no file, as known: nothing to look at");
    // Someone saves two entities.
    save(&sidecar, &store_with(&["بكين", "روسيا"]), ARTICLE.as_bytes()).unwrap();
    let outcome = on_idle(&mut watcher, &sidecar, ARTICLE, &mut known, &mut base, &mut store);
    assert_eq!(outcome, SyncOutcome::Unchanged, "the idle call never waits for the file");
    assert!(watcher.is_busy());
    let changed = wait_take(&mut watcher);
    let outcome = apply(changed, ARTICLE, &mut known, &mut base, &mut store);
    assert!(
        matches!(&outcome, SyncOutcome::Merged(m) if m.starts_with("merged 2 change")),
        "{outcome:?}"
    );
    assert_eq!(store.len(), 2);
    assert!(!store.is_dirty(), "a clean store merged with the disk is what is on disk");
    assert!(known.unchanged(&sidecar));
    // The same file again, touched: a look finds the same bytes.
    std::fs::write(&sidecar, std::fs::read(&sidecar).unwrap()).unwrap();
    let stamp_changed = !known.unchanged(&sidecar);
    on_idle(&mut watcher, &sidecar, ARTICLE, &mut known, &mut base, &mut store);
    if stamp_changed {
        let changed = wait_take(&mut watcher);
        assert!(matches!(changed.content, Ok(Content::Same)));
        apply(changed, ARTICLE, &mut known, &mut base, &mut store);
    }
    assert!(known.unchanged(&sidecar));
    assert_eq!(store.len(), 2);
}

#[test]
fn a_large_changed_sidecar_makes_the_save_wait_and_a_small_one_is_merged_on_the_spot() {
    let (_dir, _article, sidecar) = scratch();
    let (mut known, mut base, mut store) = (DiskState::default(), Arc::default(), Store::new());
    let mut watcher = Watcher::default();
    // Small: merged before the save, on the spot.
    save(&sidecar, &store_with(&["بكين"]), ARTICLE.as_bytes()).unwrap();
    let (before, outcome) =
        before_save(&mut watcher, &sidecar, ARTICLE, &mut known, &mut base, &mut store, false);
    assert_eq!(before, Before::Ready);
    assert!(matches!(outcome, Some(SyncOutcome::Merged(_))));
    assert_eq!(store.len(), 1);
    // Large (a long note): read in the background; the save waits.
    let mut theirs = store_with(&["بكين", "روسيا"]);
    let id = theirs.entities().next().unwrap().id.clone();
    theirs.set_note(&id, Some(&"ن".repeat(INLINE_LOOK as usize))).unwrap();
    save(&sidecar, &theirs, ARTICLE.as_bytes()).unwrap();
    let (before, outcome) =
        before_save(&mut watcher, &sidecar, ARTICLE, &mut known, &mut base, &mut store, false);
    assert_eq!(before, Before::Waiting);
    assert!(outcome.is_none() && watcher.is_busy());
    // On quit: waits for it.
    let (before, outcome) =
        before_save(&mut watcher, &sidecar, ARTICLE, &mut known, &mut base, &mut store, true);
    assert_eq!(before, Before::Ready);
    assert!(matches!(outcome, Some(SyncOutcome::Merged(_))));
    assert_eq!(store.len(), 2);
}

#[test]
fn two_editors_saving_in_turn_keep_everything_and_mark_nothing() {
    let (_dir, article, sidecar) = scratch();
    let words = ["قال", "وزير", "الدفاع", "الصيني", "شانغفو", "بكين", "التعاون", "روسيا"];
    let (mut a, _) = Annotations::open(Some(&article), ARTICLE);
    let (mut b, _) = Annotations::open(Some(&article), ARTICLE);
    for pair in words.chunks(2) {
        // Both tag before either saves: both give out the same new id.
        a.store.add_entity("PERSON", span(pair[0]), pair[0]).unwrap();
        b.store.add_entity("GPE", span(pair[1]), pair[1]).unwrap();
        a.save_if_dirty(ARTICLE, std::time::Instant::now(), false);
        b.save_if_dirty(ARTICLE, std::time::Instant::now(), false);
        a.sync(ARTICLE);
    }
    // Each looks at the disk and saves once more.
    for turn in 0..3 {
        let ann = if turn == 1 { &mut b } else { &mut a };
        ann.store.touch_if_nonempty();
        ann.save_if_dirty(ARTICLE, std::time::Instant::now(), true);
    }
    let text = std::fs::read_to_string(&sidecar).unwrap();
    let on_disk = crate::annotate::load(&sidecar, ARTICLE).unwrap().store;
    let mut texts: Vec<&str> = on_disk.entities().map(|e| e.text.as_str()).collect();
    texts.sort_unstable();
    let mut expected = words.to_vec();
    expected.sort_unstable();
    assert_eq!(texts, expected, "{text}");
    assert!(!text.contains("conflict") && !text.contains("note"), "{text}");
    for ann in [&a, &b] {
        assert_eq!(render(&ann.store, "a.txt", "x"), render(&on_disk, "a.txt", "x"));
    }
}
