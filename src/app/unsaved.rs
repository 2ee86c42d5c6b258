//! Leaving with work that is not on disk: the prompt that quitting (or
//! opening another article) raises while a save fails, and what each of
//! its choices does. Also the last line of defence on every other way out
//! (a signal, a failing terminal, a crash): the work goes to a recovery file.

use std::path::PathBuf;

use super::recovery::{printable, suggest_elsewhere, write_new};
use super::{App, Mode};
use crate::keymap::Action;

/// What the user was doing when the prompt came up, done once the work is
/// safe (or given up to a recovery file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    /// Quitting Hashiya.
    Quit,
    /// Opening article `usize` of the session.
    Open(usize),
}

/// The prompt's choices, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Try to save to the sidecar now.
    Retry,
    /// Type a path and save the work there.
    SaveElsewhere,
    /// Write a recovery file and leave.
    LeaveAnyway,
    /// Back to the article.
    Cancel,
}

impl Choice {
    /// Every choice, in the order shown.
    pub const ALL: [Choice; 4] =
        [Choice::Retry, Choice::SaveElsewhere, Choice::LeaveAnyway, Choice::Cancel];

    /// The action whose keys pick this choice.
    pub fn action(self) -> Action {
        match self {
            Self::Retry => Action::RetrySave,
            Self::SaveElsewhere => Action::SaveElsewhere,
            Self::LeaveAnyway => Action::QuitAnyway,
            Self::Cancel => Action::Cancel,
        }
    }

    /// What the choice does, in words, when leaving means `leave`.
    pub fn describe(self, leave: Leave) -> &'static str {
        match (self, leave) {
            (Self::Retry, _) => "retry saving now",
            (Self::SaveElsewhere, _) => "save elsewhere (type a path)",
            (Self::LeaveAnyway, Leave::Quit) => "quit anyway (your work goes to a recovery file)",
            (Self::LeaveAnyway, Leave::Open(_)) => {
                "open the other article anyway (your work goes to a recovery file)"
            }
            (Self::Cancel, _) => "cancel: back to the article",
        }
    }
}

/// The prompt's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsavedPrompt {
    /// What happens once the work is safe.
    pub leave: Leave,
    /// The highlighted choice (index into [`Choice::ALL`]).
    pub selected: usize,
    /// The path being typed for "save elsewhere", while it is typed.
    pub path: Option<String>,
    /// Why the last choice did not work, if it did not.
    pub error: Option<String>,
}

impl UnsavedPrompt {
    /// A prompt for `leave`, with "retry" highlighted.
    pub fn new(leave: Leave) -> Self {
        Self { leave, selected: 0, path: None, error: None }
    }

    /// The highlighted choice.
    pub fn choice(&self) -> Choice {
        Choice::ALL[self.selected.min(Choice::ALL.len() - 1)]
    }
}

impl App {
    /// Quit, unless work is not on disk: then one more save is tried, and
    /// if it fails too the prompt comes up.
    pub(super) fn request_quit(&mut self) {
        if self.guard_unsaved(Leave::Quit) {
            self.quit = true;
        }
    }

    /// True when the open article's work is on disk (one save is tried if
    /// it is not); else raises the prompt for `leave` and returns false.
    pub(super) fn guard_unsaved(&mut self, leave: Leave) -> bool {
        if self.ann.has_unsaved_work() {
            self.save_now();
        }
        if !self.ann.has_unsaved_work() {
            return true;
        }
        self.mode = Mode::Unsaved(UnsavedPrompt::new(leave));
        false
    }

    /// An action while the prompt is up.
    pub(super) fn unsaved_action(&mut self, action: Action) {
        let Mode::Unsaved(prompt) = &mut self.mode else { return };
        let typing = prompt.path.is_some();
        match action {
            Action::Confirm if typing => self.save_elsewhere(),
            Action::Cancel if typing => {
                prompt.path = None;
                prompt.error = None;
            }
            Action::NextItem | Action::NextField if !typing => {
                prompt.selected = (prompt.selected + 1) % Choice::ALL.len();
            }
            Action::PreviousItem | Action::PreviousField if !typing => {
                prompt.selected = (prompt.selected + Choice::ALL.len() - 1) % Choice::ALL.len();
            }
            Action::Confirm => {
                let choice = prompt.choice();
                self.choose(choice);
            }
            Action::RetrySave => self.choose(Choice::Retry),
            Action::SaveElsewhere => self.choose(Choice::SaveElsewhere),
            Action::QuitAnyway => self.choose(Choice::LeaveAnyway),
            Action::Cancel => self.choose(Choice::Cancel),
            _ => {}
        }
    }

    /// Does what `choice` says.
    fn choose(&mut self, choice: Choice) {
        let Mode::Unsaved(prompt) = &mut self.mode else { return };
        prompt.error = None;
        let leave = prompt.leave;
        match choice {
            Choice::Retry => {
                self.save_now();
                if self.ann.has_unsaved_work() {
                    let why = self.ann.retry.reason().unwrap_or("the sidecar cannot be written");
                    let why = format!("saving failed again: {why}");
                    self.prompt_error(why);
                } else {
                    self.proceed(leave);
                }
            }
            Choice::SaveElsewhere => {
                let suggestion = self.ann.sidecar.as_deref().map(suggest_elsewhere);
                prompt.path =
                    Some(suggestion.map(|p| p.to_string_lossy().into_owned()).unwrap_or_default());
            }
            Choice::LeaveAnyway => match self.secure_unsaved() {
                Ok(()) => self.proceed(leave),
                Err(e) if leave == Leave::Quit => {
                    // Nowhere took it: the canonical text goes to standard
                    // error once the terminal is restored.
                    if let Some(text) = self.ann.recovery_text(self.reader.doc.text()) {
                        self.notices.push(format!(
                            "hashiya: {e}\nhashiya: your unsaved annotations follow; keep them:\n{text}"
                        ));
                    }
                    self.ann.store.mark_saved();
                    self.quit = true;
                }
                Err(e) => self.prompt_error(e),
            },
            Choice::Cancel => self.mode = Mode::Read,
        }
    }

    /// With the prompt up (and no path being typed), a retry in the
    /// background saved the work: leave as the user asked.
    pub(super) fn leave_if_saved_meanwhile(&mut self) {
        if let Mode::Unsaved(UnsavedPrompt { leave, path: None, .. }) = self.mode {
            if !self.ann.has_unsaved_work() {
                self.proceed(leave);
            }
        }
    }

    /// Shows `why` in the prompt, if it is up.
    fn prompt_error(&mut self, why: String) {
        if let Mode::Unsaved(prompt) = &mut self.mode {
            prompt.error = Some(why);
        }
    }

    /// "Save elsewhere": writes the work to the typed path, which must not
    /// exist, then leaves.
    fn save_elsewhere(&mut self) {
        let Mode::Unsaved(prompt) = &self.mode else { return };
        let leave = prompt.leave;
        let typed = prompt.path.clone().unwrap_or_default();
        let path = expand_home(typed.trim());
        let outcome = if path.as_os_str().is_empty() {
            Err("type a path to save to".to_string())
        } else if path.is_dir() {
            Err(format!("{} is a folder: add a file name", printable(&path)))
        } else if path.exists() || path.symlink_metadata().is_ok() {
            Err(format!("{} exists: choose a new name", printable(&path)))
        } else {
            match self.ann.recovery_text(self.reader.doc.text()) {
                Some(text) => write_new(&path, &text)
                    .map_err(|e| format!("cannot write {}: {e}", printable(&path))),
                None => Err("nothing to save".to_string()),
            }
        };
        match outcome {
            Ok(()) => {
                let sidecar = self.ann.sidecar.clone().unwrap_or_default();
                let note = format!(
                    "hashiya: annotations for {} were saved to {} (the sidecar itself was not written)",
                    printable(&sidecar),
                    printable(&path)
                );
                self.message = Some(note.trim_start_matches("hashiya: ").to_string());
                self.notices.push(note);
                self.ann.store.mark_saved();
                self.ann.retry.reset();
                self.proceed(leave);
            }
            Err(why) => self.prompt_error(why),
        }
    }

    /// Leaves as the prompt was raised to.
    fn proceed(&mut self, leave: Leave) {
        self.mode = Mode::Read;
        match leave {
            Leave::Quit => self.quit = true,
            Leave::Open(index) => {
                let kept = self.message.take();
                self.open_now(index);
                if self.message.is_none() {
                    self.message = kept;
                }
            }
        }
    }

    /// Writes the open article's unsaved work, if any, to a recovery file,
    /// and notes its path for standard error. Afterwards the work counts as
    /// safe (it will not be written again).
    pub(super) fn secure_unsaved(&mut self) -> Result<(), String> {
        match self.ann.recover(self.reader.doc.text()) {
            None => Ok(()),
            Some(Ok(recovered)) => {
                self.message =
                    Some(format!("your unsaved work went to {}", printable(&recovered.path)));
                self.notices.push(recovered.notice());
                self.ann.store.mark_saved();
                self.ann.retry.reset();
                Ok(())
            }
            Some(Err(e)) => Err(e.to_string()),
        }
    }

    /// On the way out, whatever the reason (a signal, a failing terminal,
    /// the end of the loop): one last save, then a recovery file for what is
    /// still not on disk; if no folder takes it, the text itself is kept for
    /// standard error.
    pub fn secure_work(&mut self) {
        self.remember_position();
        if self.ann.has_unsaved_work() {
            self.save_now();
        }
        self.rescue();
    }

    /// After a crash: the unsaved work to a recovery file (no merging, no
    /// saving: as little as possible runs on a state that just failed).
    pub fn rescue(&mut self) {
        if let Err(e) = self.secure_unsaved() {
            if let Some(text) = self.ann.recovery_text(self.reader.doc.text()) {
                self.notices.push(format!(
                    "hashiya: {e}\nhashiya: your unsaved annotations follow; keep them:\n{text}"
                ));
                self.ann.store.mark_saved();
            }
        }
    }
}

/// `~/x` as a path under the home folder; other paths as typed.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::annotate::{load, sidecar_path};
    use crate::app::articles::{ArticleSource, Origin};
    use crate::app::clock::Clock;
    use crate::app::msg::Msg;
    use crate::keymap::Keymap;
    use crate::layout::LayoutOptions;

    const TEXT: &str = "بكين تقول إن روسيا صديقة\n";

    /// An app on `names` (articles holding [`TEXT`]) in `dir`, on a clock
    /// the test moves.
    fn app_in(dir: &Path, names: &[&str]) -> (App, Arc<Mutex<Instant>>) {
        let sources = names
            .iter()
            .map(|name| {
                let path = dir.join(name);
                std::fs::write(&path, TEXT).unwrap();
                ArticleSource { name: (*name).to_string(), origin: Origin::File(path) }
            })
            .collect();
        let mut app = App::new(sources, Keymap::default(), LayoutOptions::default());
        app.resize(80, 20);
        let now = Arc::new(Mutex::new(Instant::now()));
        let shared = Arc::clone(&now);
        app.clock = Clock::from_fn(move || *shared.lock().unwrap());
        (app, now)
    }

    /// Tags the word under the cursor with the first label.
    fn tag(app: &mut App) {
        app.update(Action::TagEntity);
        app.update(Msg::Type('1'));
    }

    fn key(c: char) -> Msg {
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    /// The sidecar of `a.txt`, taken by a folder so that saves fail.
    fn block_sidecar(dir: &Path) -> std::path::PathBuf {
        let sidecar = sidecar_path(&dir.join("a.txt"));
        std::fs::create_dir(&sidecar).unwrap();
        sidecar
    }

    fn entity_texts(path: &Path) -> Vec<String> {
        let loaded = load(path, TEXT).unwrap();
        loaded.store.entities().map(|e| e.text.clone()).collect()
    }

    fn prompt(app: &App) -> &UnsavedPrompt {
        match &app.mode {
            Mode::Unsaved(p) => p,
            other => panic!("no prompt: {other:?}"),
        }
    }

    #[test]
    fn quit_with_work_not_on_disk_raises_the_prompt_and_cancel_goes_back() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt"]);
        block_sidecar(dir.path());
        tag(&mut app);
        assert_eq!(app.ann.status(), "SAVE FAILED");
        let pending = app.ann.pending(app.clock.now()).unwrap();
        assert!(
            pending.starts_with("SAVE FAILED — 1 change unsaved, retrying in 1 s: ")
                && pending.contains("directory"),
            "{pending}"
        );
        app.update(key('q'));
        assert!(!app.quit);
        assert_eq!(prompt(&app).leave, Leave::Quit);
        assert_eq!(prompt(&app).choice(), Choice::Retry);
        assert_eq!(app.keymap_mode(), crate::keymap::Mode::Unsaved);
        // Other keys do nothing here: `q` again does not quit.
        app.update(key('q'));
        app.update(Action::ScrollLineDown);
        assert!(!app.quit && matches!(app.mode, Mode::Unsaved(_)));
        app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
        assert_eq!(app.mode, Mode::Read);
        assert!(!app.quit && app.ann.has_unsaved_work());
    }

    #[test]
    fn retry_saves_once_the_folder_takes_it_then_quits() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt"]);
        let sidecar = block_sidecar(dir.path());
        tag(&mut app);
        app.update(Action::Quit);
        app.update(key('r'));
        assert!(!app.quit);
        let error = prompt(&app).error.clone().unwrap();
        assert!(error.starts_with("saving failed again: "), "{error}");
        std::fs::remove_dir(&sidecar).unwrap();
        app.update(key('r'));
        assert!(app.quit);
        assert_eq!(entity_texts(&sidecar), ["بكين"]);
        assert!(app.notices.is_empty(), "{:?}", app.notices);
    }

    #[test]
    fn quit_anyway_writes_a_recovery_file_that_loads() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt"]);
        block_sidecar(dir.path());
        tag(&mut app);
        app.update(Action::Quit);
        // ↓ ↓ Enter: the third choice.
        app.update(Action::NextItem);
        app.update(Action::NextItem);
        assert_eq!(prompt(&app).choice(), Choice::LeaveAnyway);
        app.update(Action::Confirm);
        assert!(app.quit);
        let recovery =
            dir.path().join(format!("a.txt.ann.toml.recovered-{}.toml", std::process::id()));
        assert_eq!(entity_texts(&recovery), ["بكين"]);
        assert_eq!(app.notices.len(), 1);
        assert!(app.notices[0].contains(&recovery.display().to_string()), "{:?}", app.notices);
        // Nothing is written twice on the way out.
        app.secure_work();
        assert_eq!(app.notices.len(), 1);
    }

    #[test]
    fn save_elsewhere_writes_the_typed_path_and_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt"]);
        block_sidecar(dir.path());
        tag(&mut app);
        app.update(Action::Quit);
        app.update(key('s'));
        let suggested = prompt(&app).path.clone().unwrap();
        assert!(suggested.ends_with("a.txt.ann.toml"), "{suggested}");
        assert_eq!(app.keymap_mode(), crate::keymap::Mode::Form);
        for _ in 0..suggested.chars().count() {
            app.update(Msg::Backspace);
        }
        let taken = dir.path().join("taken.toml");
        std::fs::write(&taken, "mine").unwrap();
        for c in taken.to_string_lossy().chars() {
            app.update(Msg::Type(c));
        }
        app.update(Action::Confirm);
        assert!(!app.quit);
        assert!(prompt(&app).error.as_deref().unwrap().contains("exists"));
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "mine");
        for _ in 0.."taken.toml".len() {
            app.update(Msg::Backspace);
        }
        for c in "copy.ann.toml".chars() {
            app.update(Msg::Type(c));
        }
        app.update(Action::Confirm);
        assert!(app.quit);
        assert_eq!(entity_texts(&dir.path().join("copy.ann.toml")), ["بكين"]);
        assert!(app.notices[0].contains("copy.ann.toml"), "{:?}", app.notices);
    }

    #[test]
    fn a_failed_save_is_retried_on_ticks_when_due_without_a_key() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, now) = app_in(dir.path(), &["a.txt"]);
        let sidecar = block_sidecar(dir.path());
        tag(&mut app);
        std::fs::remove_dir(&sidecar).unwrap();
        // Not due yet (0.5 s after the failure): nothing is written.
        *now.lock().unwrap() += Duration::from_millis(400);
        app.update(Msg::Tick);
        assert!(!sidecar.exists());
        assert!(app.ann.pending(app.clock.now()).unwrap().contains("retrying in 1 s"));
        *now.lock().unwrap() += Duration::from_millis(100);
        app.update(Msg::Tick);
        assert_eq!(entity_texts(&sidecar), ["بكين"]);
        assert_eq!(app.ann.status(), "saved");
        assert_eq!(app.ann.pending(app.clock.now()), None);
    }

    #[test]
    fn the_prompt_leaves_by_itself_once_a_background_retry_saved_the_work() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, now) = app_in(dir.path(), &["a.txt"]);
        let sidecar = block_sidecar(dir.path());
        tag(&mut app);
        app.update(Action::Quit);
        assert!(matches!(app.mode, Mode::Unsaved(_)));
        std::fs::remove_dir(&sidecar).unwrap();
        *now.lock().unwrap() += Duration::from_secs(1);
        app.update(Msg::Tick);
        assert!(app.quit);
        assert_eq!(entity_texts(&sidecar), ["بكين"]);
        assert!(app.notices.is_empty());
    }

    #[test]
    fn a_sidecar_replaced_by_a_folder_is_a_failed_save_not_a_promise() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt"]);
        tag(&mut app);
        assert_eq!(app.ann.status(), "saved");
        let sidecar = sidecar_path(&dir.path().join("a.txt"));
        std::fs::remove_file(&sidecar).unwrap();
        std::fs::create_dir(&sidecar).unwrap();
        // The first tick starts a look at the disk in the background; a
        // later one takes what it found and tries to save.
        for _ in 0..500 {
            app.update(Msg::Tick);
            if app.ann.status() != "saved" {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(app.ann.status(), "SAVE FAILED");
        assert!(app.ann.has_unsaved_work());
        let said = format!("{:?} {:?}", app.message, app.ann.pending(app.clock.now()));
        assert!(!said.contains("written back") && said.contains("Is a directory"), "{said}");
    }

    #[test]
    fn while_saves_fail_keys_do_not_retry_before_the_backoff_says() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, now) = app_in(dir.path(), &["a.txt"]);
        let sidecar = block_sidecar(dir.path());
        tag(&mut app);
        assert_eq!(app.ann.retry.failures(), 1);
        app.update(Action::ScrollLineDown);
        assert_eq!(app.ann.retry.failures(), 1, "a key retried off schedule");
        *now.lock().unwrap() += Duration::from_millis(500);
        app.update(Msg::Tick);
        assert_eq!(app.ann.retry.failures(), 2);
        let pending = app.ann.pending(app.clock.now()).unwrap();
        assert!(pending.contains("retrying in 1 s"), "{pending}");
        assert!(sidecar.is_dir());
    }

    #[test]
    fn a_signal_secures_the_work_and_ends_the_session() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt"]);
        block_sidecar(dir.path());
        tag(&mut app);
        app.update(Msg::Signal(15));
        assert!(app.quit);
        assert_eq!(app.stopped_by, Some(15));
        let recovery =
            dir.path().join(format!("a.txt.ann.toml.recovered-{}.toml", std::process::id()));
        assert_eq!(entity_texts(&recovery), ["بكين"]);
        assert_eq!(app.notices.len(), 1);
    }

    #[test]
    fn a_signal_with_everything_saved_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt"]);
        tag(&mut app);
        app.update(Msg::Signal(1));
        assert!(app.quit && app.notices.is_empty());
        assert_eq!(entity_texts(&sidecar_path(&dir.path().join("a.txt"))), ["بكين"]);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn opening_another_article_asks_first_and_leaving_anyway_keeps_the_work() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = app_in(dir.path(), &["a.txt", "b.txt"]);
        block_sidecar(dir.path());
        tag(&mut app);
        app.update(Action::NextArticle);
        assert_eq!(app.current, 0);
        assert_eq!(prompt(&app).leave, Leave::Open(1));
        app.update(key('Q'));
        assert_eq!(app.current, 1);
        assert!(!app.quit);
        assert_eq!(app.mode, Mode::Read);
        let recovery =
            dir.path().join(format!("a.txt.ann.toml.recovered-{}.toml", std::process::id()));
        assert_eq!(entity_texts(&recovery), ["بكين"]);
        assert!(app.message.as_deref().unwrap().contains("recovered"), "{:?}", app.message);
    }
}
