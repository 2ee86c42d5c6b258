//! Keys bound to [`Action`]s per [`Mode`], as data.
//!
//! The defaults live in `keymaps/default.toml` (embedded in the binary); a
//! user file of the same form is merged over them with
//! [`Keymap::load_override`]. The help overlay lists [`Keymap::bindings`], so
//! what it shows is what the keys do.
//!
//! A keymap file is refused, never partly used, when it has any problem:
//! broken TOML, an unknown mode, action or key, a key bound to two actions
//! of one mode, or a mode left with no way out (see [`EXITS`]). Every
//! problem is named with its file, line and column. Whatever the keymap,
//! Ctrl-C twice within a second quits ([`emergency`]).
//!
//! This is the input layer: it speaks crossterm's key types, but nothing
//! else of the terminal.

pub mod action;
pub mod emergency;
mod file;
pub mod key;
pub mod mode;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::text::position::Problems;
use file::{Table, parse};

pub use action::Action;
pub use emergency::{Emergency, EmergencyExit};
pub use key::{KeyBinding, KeyParseError};
pub use mode::Mode;

/// The default keymap file, as embedded.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");

/// The name the embedded default keymap is reported under.
pub const DEFAULT_KEYMAP_PATH: &str = "keymaps/default.toml";

/// Why a keymap file was not used: it could not be read, or names
/// its file, line and column.
pub type KeymapError = crate::text::position::FileError;

/// The ways out every keymap must keep: in each mode, at least one of the
/// actions must have a key; the text says what they are for.
pub const EXITS: &[(Mode, &[Action], &str)] = &[
    (Mode::Reader, &[Action::Quit], "quit Hashiya"),
    (Mode::Review, &[Action::Quit, Action::ToggleReview, Action::Cancel], "leave the review table"),
    (Mode::Search, &[Action::Cancel], "leave the search prompt"),
    (Mode::Picker, &[Action::Cancel], "close a list"),
    (Mode::Form, &[Action::Cancel], "close a form"),
    (
        Mode::Pager,
        &[Action::Cancel, Action::Help, Action::MessageLog],
        "close the help and the message log",
    ),
    (Mode::Curate, &[Action::Quit], "leave the curation screen"),
];

/// A keymap file the reader refuses to start with, and every problem found
/// in it.
#[derive(Debug, thiserror::Error)]
pub struct KeymapRefused {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it (at least one problem).
    pub errors: Vec<KeymapError>,
}

impl fmt::Display for KeymapRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        writeln!(f, "the keymap {path} is refused, the reader did not start:")?;
        for e in &self.errors {
            match e {
                KeymapError::Invalid { path, line, column, message } => {
                    writeln!(f, "{}:{line}:{column}: error: {message}", path.display())?;
                }
                KeymapError::Io { path, source } => {
                    writeln!(f, "{}: error: {source}", path.display())?;
                }
            }
        }
        write!(
            f,
            "fix it (`hashiya check --keymap {path}` lists every problem), or move it away \
             to use the default keys"
        )
    }
}

/// One mode's bindings.
#[derive(Debug, Clone, Default)]
struct ModeKeys {
    /// Actions in the order they were first declared, with their keys.
    order: Vec<(Action, Vec<KeyBinding>)>,
    lookup: HashMap<KeyBinding, Action>,
}

impl ModeKeys {
    /// Binds `keys` to `action`, replacing its keys and taking each key away
    /// from any other action. Calls `took(other, key)` for each key taken.
    fn bind(
        &mut self,
        action: Action,
        keys: Vec<KeyBinding>,
        mut took: impl FnMut(Action, KeyBinding),
    ) {
        for key in &keys {
            if let Some(other) = self.lookup.insert(*key, action) {
                if let Some((_, list)) = self.order.iter_mut().find(|(a, _)| *a == other) {
                    list.retain(|k| k != key);
                }
                if other != action {
                    took(other, *key);
                }
            }
        }
        if let Some((_, old)) = self.order.iter_mut().find(|(a, _)| *a == action) {
            for key in old.iter().filter(|k| !keys.contains(k)) {
                self.lookup.remove(key);
            }
            *old = keys;
        } else {
            self.order.push((action, keys));
        }
    }
}

/// Key bindings for every mode.
#[derive(Debug, Clone)]
pub struct Keymap {
    modes: BTreeMap<Mode, ModeKeys>,
}

impl Keymap {
    /// A keymap with no bindings.
    pub fn empty() -> Self {
        Self { modes: BTreeMap::new() }
    }

    /// Reads a keymap from TOML `source`; `path` names it in errors.
    pub fn from_toml(source: &str, path: &Path) -> Result<Self, KeymapError> {
        Self::empty().merged(source, path).map_err(first)
    }

    /// Merges the keymap in TOML `source` over this one: each action it names
    /// gets exactly the keys it lists, and those keys leave any other action
    /// of the mode. On error nothing is changed; the first problem is
    /// returned ([`Keymap::merged`] gives them all).
    pub fn merge_toml(&mut self, source: &str, path: &Path) -> Result<(), KeymapError> {
        *self = self.merged(source, path).map_err(first)?;
        Ok(())
    }

    /// This keymap with the keymap in TOML `source` merged over it (see
    /// [`Keymap::merge_toml`]), or every problem of `source`, sorted by
    /// place: TOML errors, unknown modes, actions and keys, a key bound to
    /// two actions of a mode, and modes left with no way out ([`EXITS`]).
    pub fn merged(&self, source: &str, path: &Path) -> Result<Self, Vec<KeymapError>> {
        let mut problems = Problems::new(path, source);
        let tables = parse(source, &mut problems);
        let mut keymap = self.clone();
        // Where the file last took keys from each action, and how.
        let mut changed: HashMap<(Mode, Action), (usize, Change)> = HashMap::new();
        for Table { mode, bindings } in tables {
            let keys = keymap.modes.entry(mode).or_default();
            for binding in bindings {
                let places: HashMap<KeyBinding, usize> = binding.keys.iter().copied().collect();
                let list = binding.keys.iter().map(|(k, _)| *k).collect();
                keys.bind(binding.action, list, |other, key| {
                    let at = places.get(&key).copied().unwrap_or(binding.at);
                    changed.insert((mode, other), (at, Change::Taken(key, binding.action)));
                });
                changed.insert((mode, binding.action), (binding.at, Change::Listed));
            }
        }
        for &(mode, exits, purpose) in EXITS {
            if exits.iter().any(|&a| !keymap.keys(mode, a).is_empty()) {
                continue;
            }
            let last = exits.iter().filter_map(|&a| changed.get(&(mode, a)).map(|c| (a, *c)));
            let (action, (at, change)) =
                last.max_by_key(|(_, (at, _))| *at).unwrap_or((exits[0], (0, Change::Listed)));
            problems.error(at, no_way_out(mode, exits, purpose, action, change));
        }
        if problems.has_errors() { Err(problems.finish().errors) } else { Ok(keymap) }
    }

    /// The defaults with the user keymap at `path` merged over them, or
    /// the first problem of the file.
    pub fn load_override(path: &Path) -> Result<Self, KeymapError> {
        Self::check_file(path).map_err(first)
    }

    /// The defaults with the user keymap at `path` merged over them, or
    /// every problem of the file (it is read only if it is a small file:
    /// see [`crate::text::position::read_config`]).
    pub fn check_file(path: &Path) -> Result<Self, Vec<KeymapError>> {
        let source = crate::text::position::read_config(path).map_err(|e| vec![e])?;
        Self::default_keymap().merged(&source, path)
    }

    /// The embedded default keymap (empty if it failed to parse, which its
    /// tests rule out).
    fn default_keymap() -> Self {
        Self::from_toml(DEFAULT_KEYMAP, Path::new(DEFAULT_KEYMAP_PATH))
            .unwrap_or_else(|_| Self::empty())
    }

    /// The action `event` triggers in `mode`. Key releases trigger nothing.
    pub fn lookup(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        self.modes.get(&mode)?.lookup.get(&KeyBinding::from_event(event)).copied()
    }

    /// The keys bound to `action` in `mode`.
    pub fn keys(&self, mode: Mode, action: Action) -> &[KeyBinding] {
        self.modes
            .get(&mode)
            .and_then(|m| m.order.iter().find(|(a, _)| *a == action))
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// Every bound action of `mode` with its keys in human form, in the
    /// order the default file declares them (actions only a user file binds
    /// come after, in its order). Actions left with no key are omitted.
    pub fn bindings(&self, mode: Mode) -> Vec<(Action, Vec<String>)> {
        self.modes.get(&mode).map_or_else(Vec::new, |m| {
            m.order
                .iter()
                .filter(|(_, keys)| !keys.is_empty())
                .map(|(action, keys)| (*action, keys.iter().map(ToString::to_string).collect()))
                .collect()
        })
    }
}

/// How a keymap file changed an action's keys.
#[derive(Debug, Clone, Copy)]
enum Change {
    /// It listed the action's keys (`action = [...]`).
    Listed,
    /// It bound the action's key to another action.
    Taken(KeyBinding, Action),
}

/// The message for `mode` left with no key for any of `exits`, the last
/// of them changed being `action`, by `change`.
fn no_way_out(
    mode: Mode,
    exits: &[Action],
    purpose: &str,
    action: Action,
    change: Change,
) -> String {
    let names: Vec<String> = exits.iter().map(|a| format!("`{a}`")).collect();
    let which = match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    };
    let how = match change {
        Change::Listed => format!("`{action} = [...]` leaves"),
        Change::Taken(key, other) => {
            format!("binding {key} to `{other}` takes the last key of `{action}` and leaves")
        }
    };
    let example = match action {
        Action::Quit => "quit = [\"q\"]",
        Action::ToggleReview => "toggle_review = [\"tab\"]",
        _ => "cancel = [\"esc\"]",
    };
    format!(
        "{how} [{mode}] with no key for {which}: there would be no way to {purpose}; \
         keep one, e.g. {example}"
    )
}

/// The first of `errors` (there is always one).
fn first(errors: Vec<KeymapError>) -> KeymapError {
    errors.into_iter().next().unwrap_or_else(|| KeymapError::Invalid {
        path: PathBuf::new(),
        line: 1,
        column: 1,
        message: "invalid keymap".to_string(),
    })
}

impl Default for Keymap {
    /// The built-in bindings of `keymaps/default.toml`.
    fn default() -> Self {
        Self::default_keymap()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    fn ch(c: char) -> KeyEvent {
        press(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn default_keymap_parses_and_binds_every_action_of_every_mode() {
        let keymap = Keymap::from_toml(DEFAULT_KEYMAP, Path::new(DEFAULT_KEYMAP_PATH));
        let keymap = keymap.unwrap();
        for &mode in Mode::ALL {
            for &action in mode.actions() {
                assert!(!keymap.keys(mode, action).is_empty(), "{mode}: {action} has no key");
            }
        }
    }

    #[test]
    fn default_bindings_do_what_the_brief_says() {
        let k = Keymap::default();
        let r = Mode::Reader;
        assert_eq!(k.lookup(r, &ch('q')), Some(Action::Quit));
        assert_eq!(
            k.lookup(r, &press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::ScrollLineDown)
        );
        assert_eq!(k.lookup(r, &ch(' ')), Some(Action::ScrollPageDown));
        assert_eq!(
            k.lookup(r, &press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::ScrollHalfPageDown)
        );
        assert_eq!(
            k.lookup(r, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::GoBottom)
        );
        assert_eq!(k.lookup(r, &ch('G')), Some(Action::GoBottom));
        assert_eq!(k.lookup(r, &ch('g')), Some(Action::GoTop));
        assert_eq!(
            k.lookup(r, &press(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            k.lookup(r, &press(KeyCode::Left, KeyModifiers::SHIFT)),
            Some(Action::SelectLeft)
        );
        assert_eq!(
            k.lookup(r, &press(KeyCode::Left, KeyModifiers::NONE)),
            Some(Action::CursorLeft)
        );
        assert_eq!(
            k.lookup(r, &press(KeyCode::Tab, KeyModifiers::NONE)),
            Some(Action::ToggleReview)
        );
        assert_eq!(
            k.lookup(Mode::Search, &press(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Confirm)
        );
        // Keys of one mode do nothing in another.
        assert_eq!(k.lookup(Mode::Search, &ch('q')), None);
        // Releases trigger nothing.
        let release =
            KeyEvent::new_with_kind(KeyCode::Char('q'), KeyModifiers::NONE, KeyEventKind::Release);
        assert_eq!(k.lookup(r, &release), None);
    }

    #[test]
    fn bindings_follow_the_file_order_in_human_form() {
        let k = Keymap::default();
        let reader = k.bindings(Mode::Reader);
        assert_eq!(reader[0], (Action::Quit, vec!["q".to_string()]));
        assert_eq!(reader[1], (Action::Help, vec!["?".to_string()]));
        assert_eq!(reader[2], (Action::MessageLog, vec!["M".to_string()]));
        assert_eq!(
            reader[5],
            (
                Action::ScrollPageDown,
                vec!["PgDn".to_string(), "Space".to_string(), "Ctrl-f".to_string()]
            )
        );
        let picker: Vec<Action> = k.bindings(Mode::Picker).into_iter().map(|(a, _)| a).collect();
        assert_eq!(
            picker,
            vec![
                Action::NextItem,
                Action::PreviousItem,
                Action::Confirm,
                Action::Cancel,
                Action::FilterStatus
            ]
        );
    }

    #[test]
    fn user_file_replaces_keys_of_the_actions_it_names() {
        let mut k = Keymap::default();
        let user = "[reader]\nquit = [\"Q\", \"ctrl-c\"]\ndelete_annotation = [\"d\"]\nhelp = []\n\
                    go_top = [\"x\"]\n";
        k.merge_toml(user, Path::new("user.toml")).unwrap();
        let r = Mode::Reader;
        assert_eq!(k.lookup(r, &ch('q')), None);
        assert_eq!(k.lookup(r, &ch('Q')), Some(Action::Quit));
        assert_eq!(
            k.lookup(r, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(k.lookup(r, &ch('d')), Some(Action::DeleteAnnotation));
        // go_top now has only `x`: its default `g` and `home` are gone.
        assert_eq!(k.lookup(r, &ch('x')), Some(Action::GoTop));
        assert_eq!(k.lookup(r, &press(KeyCode::Home, KeyModifiers::NONE)), None);
        assert_eq!(k.lookup(r, &ch('g')), None);
        // Unbound actions vanish from the help, and keep their place otherwise.
        let reader = k.bindings(r);
        assert!(reader.iter().all(|(a, _)| *a != Action::Help));
        assert_eq!(reader[0], (Action::Quit, vec!["Q".to_string(), "Ctrl-c".to_string()]));
        // Untouched actions keep their keys.
        assert_eq!(k.lookup(r, &ch('j')), Some(Action::ScrollLineDown));
    }

    #[test]
    fn a_user_key_is_taken_from_the_default_action() {
        let mut k = Keymap::default();
        k.merge_toml("[reader]\ntag_entity = [\"n\"]\n", Path::new("u.toml")).unwrap();
        assert_eq!(k.lookup(Mode::Reader, &ch('n')), Some(Action::TagEntity));
        assert_eq!(k.keys(Mode::Reader, Action::SearchNext), &[]);
        assert!(k.bindings(Mode::Reader).iter().all(|(a, _)| *a != Action::SearchNext));
    }

    /// Every problem of `source` merged over the defaults, as (line, column, message).
    fn problems(source: &str) -> Vec<(usize, usize, String)> {
        match Keymap::default().merged(source, Path::new("bad.toml")) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| match e {
                    KeymapError::Invalid { line, column, message, .. } => (line, column, message),
                    KeymapError::Io { .. } => panic!("no I/O here"),
                })
                .collect(),
        }
    }

    fn only_problem(source: &str) -> (usize, usize, String) {
        let mut found = problems(source);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    #[test]
    fn errors_point_at_the_offending_text_and_say_what_to_do() {
        // Unknown action: the key `qit` starts line 2, column 1.
        let (line, column, message) = only_problem("[reader]\nqit = [\"q\"]\n");
        assert_eq!((line, column), (2, 1));
        assert_eq!(message, "unknown action \"qit\" in [reader]: did you mean `quit`?");
        // Bad key: `quit = ["q", "ctrl-"]` — the second string's opening quote is column 14.
        let (line, column, message) = only_problem("[reader]\nquit = [\"q\", \"ctrl-\"]\n");
        assert_eq!((line, column), (2, 14));
        assert!(message.starts_with("unknown key \"ctrl-\": write one character"), "{message}");
        // Unknown mode: `[raeder]` on line 3, the name after `[` at column 2.
        let (line, column, message) = only_problem("# c\n\n[raeder]\nquit = [\"q\"]\n");
        assert_eq!((line, column), (3, 2));
        assert!(message.contains("[reader], [search]"), "{message}");
        // An action of another mode.
        let (line, column, message) = only_problem("[search]\n  quit = [\"q\"]\n");
        assert_eq!((line, column), (2, 3));
        assert_eq!(
            message,
            "action `quit` cannot be bound in [search] (its actions are confirm, cancel); \
             it belongs in [reader], [review], [curate]"
        );
        // One key for two actions in one file: the second use is at fault.
        let (line, column, message) =
            only_problem("[reader]\nquit = [\"q\"]\nhelp = [\"j\", \"q\"]\n");
        assert_eq!((line, column), (3, 14));
        assert!(message.starts_with("key q is bound to both `quit` and `help`"), "{message}");
        // TOML syntax errors keep toml's position: the `=` is missing on line 2.
        let (line, _, _) = problems("[reader]\nquit [\"q\"]\n")[0].clone();
        assert_eq!(line, 2);
        // A string instead of a list: the value at column 8.
        let (line, column, message) = only_problem("[reader]\nquit = \"q\"\n");
        assert_eq!((line, column), (2, 8));
        assert!(message.contains("quit = [\"x\"]"), "{message}");
        // A duplicate key is a TOML error, at the second one.
        let (line, _, message) = only_problem("[reader]\nhelp = [\"?\"]\nhelp = [\"h\"]\n");
        assert_eq!(line, 3);
        assert!(message.contains("duplicate"), "{message}");
        // An invisible bidi control is no key.
        let (_, column, message) = only_problem("[reader]\nhelp = [\"\u{202E}\"]\n");
        assert_eq!(column, 9);
        assert!(message.contains("invisible"), "{message}");
    }

    #[test]
    fn every_problem_is_reported_in_file_order() {
        let found = problems(
            "[reader]\nqit = [\"q\"]\nhelp = [\"ctrl-\"]\n[raeder]\nquit = []\n\
             [search]\ncancel = [3]\n",
        );
        let places: Vec<_> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(places, [(2, 1), (3, 9), (4, 2), (7, 11)], "{found:?}");
        // A mode with no way out is found beside other problems; a line with
        // a bad key changes nothing (so `quit` keeps `q` here).
        let found = problems("[reader]\nhelp = [\"ctrl-\"]\n[search]\ncancel = []\n");
        let places: Vec<_> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(places, [(2, 9), (4, 1)], "{found:?}");
        assert_eq!(problems("[reader]\nquit = [\"q\", \"ctrl-\"]\n").len(), 1);
    }

    #[test]
    fn a_mode_with_no_way_out_is_refused_where_it_was_taken() {
        // `quit = []` takes the reader's only quit key: the error is at `quit`.
        let (line, column, message) = only_problem("[reader]\nhelp = [\"?\"]\nquit = []\n");
        assert_eq!((line, column), (3, 1));
        assert!(message.starts_with("`quit = [...]` leaves [reader] with no key for `quit`"));
        assert!(message.contains("keep one, e.g. quit = [\"q\"]"), "{message}");
        // Giving `q` to another action takes it from `quit`: the error is at that `q`.
        let (line, column, message) = only_problem("[reader]\nhelp = [\"?\", \"q\"]\n");
        assert_eq!((line, column), (2, 14));
        assert!(message.starts_with("binding q to `help` takes the last key of `quit`"));
        // Modal modes must keep `cancel`.
        for mode in ["search", "picker", "form"] {
            let (line, column, message) = only_problem(&format!("[{mode}]\ncancel = []\n"));
            assert_eq!((line, column), (2, 1), "{mode}");
            assert!(message.contains(&format!("[{mode}] with no key for `cancel`")), "{message}");
        }
        // The review table needs one of quit, toggle_review, cancel.
        assert_eq!(problems("[review]\nquit = []\ncancel = []\n"), Vec::new());
        let (line, _, message) =
            only_problem("[review]\nquit = []\ntoggle_review = []\ncancel = []\n");
        assert_eq!(line, 4);
        assert!(message.contains("`quit`, `toggle_review` or `cancel`"), "{message}");
        // Moving quit to another key is fine.
        assert_eq!(problems("[reader]\nquit = [\"Q\"]\nhelp = [\"q\"]\n"), Vec::new());
    }

    #[test]
    fn a_failed_merge_changes_nothing_and_names_the_file() {
        let mut k = Keymap::default();
        let err = k
            .merge_toml(
                "[reader]\nquit = [\"Q\"]\nhelp = [\"ctrl-\"]\n",
                Path::new("/home/u/keys.toml"),
            )
            .unwrap_err();
        assert!(err.to_string().starts_with("/home/u/keys.toml:3:9: unknown key \"ctrl-\""));
        assert_eq!(k.lookup(Mode::Reader, &ch('q')), Some(Action::Quit));
        // A keymap with no way out changes nothing either.
        assert!(k.merge_toml("[reader]\nquit = []\n", Path::new("k.toml")).is_err());
        assert_eq!(k.lookup(Mode::Reader, &ch('q')), Some(Action::Quit));
    }

    #[test]
    fn a_refused_keymap_lists_every_problem_and_what_to_do() {
        let refused = KeymapRefused {
            path: PathBuf::from("k.toml"),
            errors: vec![
                KeymapError::at(Path::new("k.toml"), "a\nb", 2, "first"),
                KeymapError::at(Path::new("k.toml"), "a\nb", 3, "second"),
            ],
        };
        let text = refused.to_string();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines[1], "k.toml:2:1: error: first");
        assert_eq!(lines[2], "k.toml:2:2: error: second");
        assert!(lines[3].contains("hashiya check --keymap k.toml"), "{text}");
    }

    #[test]
    fn load_override_reads_a_file_over_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, "[reader]\nhelp = [\"f1\"]\n").unwrap();
        let k = Keymap::load_override(&path).unwrap();
        assert_eq!(
            k.lookup(Mode::Reader, &press(KeyCode::F(1), KeyModifiers::NONE)),
            Some(Action::Help)
        );
        assert_eq!(k.lookup(Mode::Reader, &ch('q')), Some(Action::Quit));
        let missing = Keymap::load_override(&dir.path().join("none.toml"));
        assert!(matches!(missing, Err(KeymapError::Io { .. })));
    }
}
