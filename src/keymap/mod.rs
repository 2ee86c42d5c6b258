//! Keys bound to [`Action`]s per [`Mode`], as data.
//!
//! The defaults live in `keymaps/default.toml` (embedded in the binary); a
//! user file of the same form is merged over them with
//! [`Keymap::load_override`]. The help overlay lists [`Keymap::bindings`], so
//! what it shows is what the keys do.
//!
//! This is the input layer: it speaks crossterm's key types, but nothing
//! else of the terminal.

pub mod action;
mod file;
pub mod key;
pub mod mode;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crossterm::event::{KeyEvent, KeyEventKind};

use file::parse;

pub use action::Action;
pub use key::{KeyBinding, KeyParseError};
pub use mode::Mode;

/// The default keymap file, as embedded.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");

/// The name the embedded default keymap is reported under.
pub const DEFAULT_KEYMAP_PATH: &str = "keymaps/default.toml";

/// Why a keymap file was not used: it could not be read, or names
/// its file, line and column.
pub type KeymapError = crate::text::position::FileError;

/// One mode's bindings.
#[derive(Debug, Clone, Default)]
struct ModeKeys {
    /// Actions in the order they were first declared, with their keys.
    order: Vec<(Action, Vec<KeyBinding>)>,
    lookup: HashMap<KeyBinding, Action>,
}

impl ModeKeys {
    /// Binds `keys` to `action`, replacing its keys and taking each key away
    /// from any other action.
    fn bind(&mut self, action: Action, keys: Vec<KeyBinding>) {
        for key in &keys {
            if let Some(other) = self.lookup.insert(*key, action) {
                if let Some((_, list)) = self.order.iter_mut().find(|(a, _)| *a == other) {
                    list.retain(|k| k != key);
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
        let mut keymap = Self::empty();
        keymap.merge_toml(source, path)?;
        Ok(keymap)
    }

    /// Merges the keymap in TOML `source` over this one: each action it names
    /// gets exactly the keys it lists, and those keys leave any other action
    /// of the mode. On error nothing is changed.
    pub fn merge_toml(&mut self, source: &str, path: &Path) -> Result<(), KeymapError> {
        for (mode, actions) in parse(source, path)? {
            let keys = self.modes.entry(mode).or_default();
            for (action, list) in actions {
                keys.bind(action, list);
            }
        }
        Ok(())
    }

    /// The defaults with the user keymap at `path` merged over them. On
    /// error the caller should keep [`Keymap::default`] and show the error.
    pub fn load_override(path: &Path) -> Result<Self, KeymapError> {
        let source = crate::limits::read_file_to_string(path, crate::limits::Input::Config)
            .map_err(|source| KeymapError::Io { path: path.to_path_buf(), source })?;
        let mut keymap = Self::default_keymap();
        keymap.merge_toml(&source, path)?;
        Ok(keymap)
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

    fn invalid_at(result: Result<Keymap, KeymapError>) -> (usize, usize, String) {
        match result {
            Err(KeymapError::Invalid { line, column, message, .. }) => (line, column, message),
            other => panic!("expected an invalid-keymap error, got {other:?}"),
        }
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
        assert_eq!(
            reader[4],
            (
                Action::ScrollPageDown,
                vec!["PgDn".to_string(), "Space".to_string(), "Ctrl-f".to_string()]
            )
        );
        let picker: Vec<Action> = k.bindings(Mode::Picker).into_iter().map(|(a, _)| a).collect();
        assert_eq!(
            picker,
            vec![Action::NextItem, Action::PreviousItem, Action::Confirm, Action::Cancel]
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

    #[test]
    fn errors_point_at_the_offending_text() {
        let parse = |s: &str| Keymap::from_toml(s, Path::new("bad.toml"));
        // Unknown action: the key `qit` starts line 2, column 1.
        let (line, column, message) = invalid_at(parse("[reader]\nqit = [\"q\"]\n"));
        assert_eq!((line, column), (2, 1));
        assert_eq!(message, "unknown action `qit`");
        // Bad key: `quit = ["q", "ctrl-"]` — the second string's opening quote is column 14.
        let (line, column, message) = invalid_at(parse("[reader]\nquit = [\"q\", \"ctrl-\"]\n"));
        assert_eq!((line, column, message.as_str()), (2, 14, "unknown key `ctrl-`"));
        // Unknown mode: `[raeder]` on line 3, the name after `[` at column 2.
        let (line, column, _) = invalid_at(parse("# c\n\n[raeder]\nquit = [\"q\"]\n"));
        assert_eq!((line, column), (3, 2));
        // An action of another mode.
        let (line, column, message) = invalid_at(parse("[search]\n  quit = [\"q\"]\n"));
        assert_eq!((line, column), (2, 3));
        assert_eq!(message, "action `quit` cannot be bound in mode `search`");
        // One key for two actions in one file: the second use is at fault.
        let (line, column, _) =
            invalid_at(parse("[reader]\nquit = [\"q\"]\nhelp = [\"j\", \"q\"]\n"));
        assert_eq!((line, column), (3, 14));
        // TOML syntax errors keep toml's position: the `=` is missing on line 2.
        let (line, _, _) = invalid_at(parse("[reader]\nquit [\"q\"]\n"));
        assert_eq!(line, 2);
        // A string instead of a list: the value at column 8.
        let (line, column, _) = invalid_at(parse("[reader]\nquit = \"q\"\n"));
        assert_eq!((line, column), (2, 8));
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
        assert_eq!(err.to_string(), "/home/u/keys.toml:3:9: unknown key `ctrl-`");
        assert_eq!(k.lookup(Mode::Reader, &ch('q')), Some(Action::Quit));
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
