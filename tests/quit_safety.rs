//! End-to-end, with the real binary in tmux: no way out loses work, and
//! every way out leaves the terminal as it was.
//!
//! Saves are made to fail three ways — the folder remounted read-only, the
//! disk full (a small tmpfs filled up), the sidecar's path taken by a folder
//! — then `q` must bring up the prompt instead of quitting, "quit anyway"
//! must leave a recovery file that holds the work, loads, and whose path was
//! printed; and fixing the folder while the reader runs must get the work
//! written without a key. Stop signals sent with `kill` must restore the
//! terminal, secure the work and exit with 128 + the signal.
//!
//! The read-only and full-disk cases mount a tmpfs, which needs root (or
//! `CAP_SYS_ADMIN`): without it they print `SKIPPED:`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::bin;
use common::tmux::{Tmux, available};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// A tmpfs mounted on a scratch folder, unmounted when dropped.
struct Tmpfs {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmpfs {
    /// A tmpfs of `size` (as `mount -o size=` takes it), or `None` with a
    /// `SKIPPED:` note when this machine does not let us mount.
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mnt");
        std::fs::create_dir(&path).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("SKIPPED: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)");
            return None;
        }
        Some(Self { path, _dir: dir })
    }

    /// Remounts it read-only (`ro`) or writable (`rw`).
    fn remount(&self, mode: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(status.success(), "remount {mode} failed");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// Fills the file system holding `dir` with `dir/fill` until it is full.
fn fill_up(dir: &Path) {
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=4096"])
        .arg(format!("of={}", dir.join("fill").display()))
        .output()
        .unwrap();
    assert!(std::fs::write(dir.join("probe"), vec![0u8; 8192]).is_err(), "the disk is not full");
}

/// How saves are made to fail, and how the folder is fixed again.
#[derive(Clone, Copy, Debug)]
enum Failure {
    ReadOnly,
    DiskFull,
    FolderInTheWay,
}

/// The article's folder and what must be kept alive while the test runs.
struct Setup {
    folder: PathBuf,
    state: tempfile::TempDir,
    mount: Option<Tmpfs>,
    _scratch: Option<tempfile::TempDir>,
}

impl Setup {
    fn new(failure: Failure) -> Option<Self> {
        let state = tempfile::tempdir().unwrap();
        let (folder, mount, scratch) = match failure {
            Failure::ReadOnly => {
                let m = Tmpfs::mount("4m")?;
                (m.path.clone(), Some(m), None)
            }
            Failure::DiskFull => {
                let m = Tmpfs::mount("1m")?;
                (m.path.clone(), Some(m), None)
            }
            Failure::FolderInTheWay => {
                let d = tempfile::tempdir().unwrap();
                (d.path().to_path_buf(), None, Some(d))
            }
        };
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE);
        std::fs::copy(src, folder.join(ARTICLE)).unwrap();
        Some(Self { folder, state, mount, _scratch: scratch })
    }

    fn sidecar(&self) -> PathBuf {
        self.folder.join(format!("{ARTICLE}.ann.toml"))
    }

    /// The reader on the article, with its state folder in our scratch.
    fn start(&self) -> Tmux {
        let state = format!("XDG_STATE_HOME={}", self.state.path().display());
        let t = Tmux::start(&["env", &state, bin(), ARTICLE], 120, 30, &self.folder);
        t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
        t
    }

    fn break_saving(&self, failure: Failure) {
        match failure {
            Failure::ReadOnly => self.mount.as_ref().unwrap().remount("ro"),
            Failure::DiskFull => fill_up(&self.folder),
            Failure::FolderInTheWay => {
                let _ = std::fs::remove_file(self.sidecar());
                std::fs::create_dir(self.sidecar()).unwrap();
            }
        }
    }

    fn fix_saving(&self, failure: Failure) {
        match failure {
            Failure::ReadOnly => self.mount.as_ref().unwrap().remount("rw"),
            Failure::DiskFull => std::fs::remove_file(self.folder.join("fill")).unwrap(),
            Failure::FolderInTheWay => std::fs::remove_dir(self.sidecar()).unwrap(),
        }
    }

    /// Every recovery file written, beside the sidecar or in the state folder.
    fn recovery_files(&self) -> Vec<PathBuf> {
        let state = self.state.path().join("hashiya").join("recovery");
        [self.folder.as_path(), state.as_path()]
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flatten()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".recovered-"))
            .collect()
    }
}

fn entity_texts(toml_text: &str) -> Vec<String> {
    let table: toml::Table = toml_text.parse().unwrap();
    let mut texts: Vec<String> = table["entity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    texts
}

/// Tags two entities with saving broken by `failure` (the first is tagged
/// before, and saved, in the folder case: its sidecar is then replaced),
/// and waits for the status line to say SAVE FAILED with what is pending.
fn tag_with_saving_broken(t: &Tmux, setup: &Setup, failure: Failure) {
    if let Failure::FolderInTheWay = failure {
        t.tag("شانغفو", "1");
        t.wait_for(10, "the save", |s| s.last().is_some_and(|r| r.contains(" saved ")));
        setup.break_saving(failure);
        let screen = t.wait_for(10, "the failed save", |s| {
            s.last().is_some_and(|r| r.contains("SAVE FAILED"))
        });
        assert!(
            !screen.join("\n").contains("written back"),
            "a promise that cannot be kept:\n{}",
            screen.join("\n")
        );
    } else {
        setup.break_saving(failure);
        t.tag("شانغفو", "1");
    }
    t.tag("بكين", "3");
    // On the status line, or whole in the banner above it when it is long.
    t.wait_for(10, "what is pending", |s| {
        s.iter().any(|r| r.contains("SAVE FAILED — ") && r.contains("unsaved, retrying"))
    });
}

/// The recovery file holds the work, loads as the article's sidecar with
/// `hashiya check` and `hashiya list`, and its path was printed.
fn assert_recovered(t: &Tmux, setup: &Setup) {
    let files = setup.recovery_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(entity_texts(&text), ["بكين", "شانغفو"]);
    let pane = t.text_joined();
    assert!(
        pane.contains(&files[0].display().to_string()),
        "the recovery path was not printed:\n{pane}"
    );
    // Restored as the README says: in place of the sidecar.
    let restore = tempfile::tempdir().unwrap();
    std::fs::copy(setup.folder.join(ARTICLE), restore.path().join(ARTICLE)).unwrap();
    std::fs::copy(&files[0], restore.path().join(format!("{ARTICLE}.ann.toml"))).unwrap();
    let check = Command::new(bin()).arg("check").arg(restore.path()).output().unwrap();
    assert!(check.status.success(), "check: {}", String::from_utf8_lossy(&check.stdout));
    let list = Command::new(bin())
        .args(["list", "--format", "json"])
        .arg(restore.path())
        .output()
        .unwrap();
    assert!(list.status.success());
    let listed = String::from_utf8(list.stdout).unwrap();
    assert!(listed.contains("شانغفو") && listed.contains("بكين"), "{listed}");
}

/// `q` raises the prompt; "quit anyway" (Q) exits 0 leaving a recovery file.
fn quit_anyway_keeps_the_work(failure: Failure) {
    if !available() {
        return;
    }
    let Some(setup) = Setup::new(failure) else { return };
    let t = setup.start();
    tag_with_saving_broken(&t, &setup, failure);
    t.send(&["q"]);
    let screen = t.wait_for(10, "the prompt", |s| s.iter().any(|r| r.contains("Unsaved work")));
    let all = screen.join("\n");
    assert!(all.contains("changes are not on disk"), "{all}");
    assert!(all.contains("retry saving now") && all.contains("quit anyway"), "{all}");
    // A second `q` does not quit.
    t.send(&["q"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.screen().iter().any(|l| l.starts_with("EXITED:")), "q quit past the prompt");
    t.send(&["Q"]);
    assert_eq!(t.wait_exit(10), 0);
    assert_recovered(&t, &setup);
    drop(t);
    drop(setup);
}

/// The folder is fixed while the reader runs: the retry writes the sidecar
/// without a key, and `q` then quits at once.
fn fixed_folder_is_written_without_a_key(failure: Failure) {
    if !available() {
        return;
    }
    let Some(setup) = Setup::new(failure) else { return };
    let t = setup.start();
    tag_with_saving_broken(&t, &setup, failure);
    setup.fix_saving(failure);
    // The backoff has reached at most a few seconds: the retry comes soon.
    t.wait_for(40, "the retry to save", |s| s.last().is_some_and(|r| r.contains(" saved ")));
    let text = std::fs::read_to_string(setup.sidecar()).unwrap();
    assert_eq!(entity_texts(&text), ["بكين", "شانغفو"]);
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    assert!(setup.recovery_files().is_empty(), "{:?}", setup.recovery_files());
}

#[test]
fn read_only_folder_then_quit_anyway_keeps_the_work() {
    quit_anyway_keeps_the_work(Failure::ReadOnly);
}

#[test]
fn read_only_folder_made_writable_again_gets_the_work_without_a_key() {
    fixed_folder_is_written_without_a_key(Failure::ReadOnly);
}

#[test]
fn full_disk_then_quit_anyway_keeps_the_work() {
    quit_anyway_keeps_the_work(Failure::DiskFull);
}

#[test]
fn full_disk_freed_gets_the_work_without_a_key() {
    fixed_folder_is_written_without_a_key(Failure::DiskFull);
}

#[test]
fn sidecar_replaced_by_a_folder_then_quit_anyway_keeps_the_work() {
    quit_anyway_keeps_the_work(Failure::FolderInTheWay);
}

#[test]
fn sidecar_folder_removed_gets_the_work_without_a_key() {
    fixed_folder_is_written_without_a_key(Failure::FolderInTheWay);
}

/// `kill -SIG` the reader while a save fails: normal screen back, cursor
/// visible, mouse off, exit 128 + the signal, the work in a recovery file
/// (SIGINT too: in raw mode the terminal sends none, `kill` does).
fn signal_restores_the_terminal_and_keeps_the_work(name: &str, number: i32) {
    if !available() {
        return;
    }
    let setup = Setup::new(Failure::FolderInTheWay).unwrap();
    let t = setup.start();
    assert_eq!(t.format("#{alternate_on}"), "1");
    tag_with_saving_broken(&t, &setup, Failure::FolderInTheWay);
    let pid = t.pane_pid_of("hashiya");
    let status = Command::new("kill").arg(format!("-{name}")).arg(pid.to_string()).status();
    assert!(status.unwrap().success());
    assert_eq!(t.wait_exit(10), 128 + number, "SIG{name}");
    let flags = t.format(
        "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_button_flag} \
         #{mouse_standard_flag} #{mouse_sgr_flag}",
    );
    assert_eq!(flags, "0 1 0 0 0 0", "SIG{name}: alternate cursor mouse×4");
    assert_recovered(&t, &setup);
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_work() {
    signal_restores_the_terminal_and_keeps_the_work("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_and_keeps_the_work() {
    signal_restores_the_terminal_and_keeps_the_work("HUP", 1);
}

#[test]
fn sigint_restores_the_terminal_and_keeps_the_work() {
    signal_restores_the_terminal_and_keeps_the_work("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal_and_keeps_the_work() {
    signal_restores_the_terminal_and_keeps_the_work("QUIT", 3);
}

#[test]
fn sigterm_with_everything_saved_exits_143_and_writes_no_recovery_file() {
    if !available() {
        return;
    }
    let setup = Setup::new(Failure::FolderInTheWay).unwrap();
    let t = setup.start();
    let output = setup.state.path().join("pane-output");
    t.record_output(&output);
    t.tag("شانغفو", "1");
    let pid = t.pane_pid_of("hashiya");
    Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert_eq!(t.wait_exit(10), 143);
    assert_eq!(t.format("#{alternate_on} #{cursor_flag} #{mouse_any_flag}"), "0 1 0");
    // The bidi mode tmux does not track: the restoring sequence was sent.
    let written = std::fs::read(&output).unwrap();
    let restore = hashiya::tui::terminal::BIDI_RESTORE.as_bytes();
    assert!(written.windows(restore.len()).any(|w| w == restore), "bidi mode not restored");
    assert!(setup.recovery_files().is_empty());
    assert_eq!(entity_texts(&std::fs::read_to_string(setup.sidecar()).unwrap()), ["شانغفو"]);
}
