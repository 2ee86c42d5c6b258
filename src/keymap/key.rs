//! One key with its modifiers, as written in keymap files and as shown in help.
//!
//! Written form: an optional chain of `ctrl-`, `alt-`, `shift-` prefixes
//! (any case), then one character (`"j"`, `"G"`, `"?"`, `"-"`) or a key name
//! (`up down left right home end pgup pgdn enter esc tab backtab space
//! backspace delete insert f1`…`f12`, any case; also `← → ↑ ↓`).
//!
//! Characters are compared as typed: `"G"` is the key that types `G`,
//! whether or not the terminal also reports SHIFT, and `"shift-g"` means the
//! same. SHIFT is therefore never part of a character binding.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key and its modifiers, normalised so that equal keys compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyBinding {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt and (for non-character keys) Shift.
    pub modifiers: KeyModifiers,
}

/// A key string that names no key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key `{0}`")]
pub struct KeyParseError(pub String);

const NAMES: &[(&str, KeyCode)] = &[
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
];

impl KeyBinding {
    /// The binding for `code` with `modifiers`, normalised: SHIFT on a
    /// character becomes the shifted character (`g` → `G`) and is dropped;
    /// Shift-Tab is `BackTab`; only Ctrl, Alt and Shift are kept.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers =
            modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
        let shift = modifiers.contains(KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if shift { single_uppercase(c) } else { c })
            }
            KeyCode::Tab if shift => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            code => code,
        };
        Self { code, modifiers }
    }

    /// The binding a key event stands for.
    pub fn from_event(event: &KeyEvent) -> Self {
        Self::new(event.code, event.modifiers)
    }

    /// True when `event` is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        Self::from_event(event) == *self
    }
}

/// The uppercase of `c` when it is one character, else `c`.
fn single_uppercase(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Strips `prefix` from the start of `s`, ignoring ASCII case.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

impl FromStr for KeyBinding {
    type Err = KeyParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || KeyParseError(s.to_owned());
        let mut rest = s;
        let mut modifiers = KeyModifiers::NONE;
        'prefixes: loop {
            for (prefix, modifier) in [
                ("ctrl-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ] {
                // "ctrl-" alone is no key; "-" after a prefix is the minus key.
                if let Some(after) = strip_prefix_ci(rest, prefix).filter(|a| !a.is_empty()) {
                    modifiers |= modifier;
                    rest = after;
                    continue 'prefixes;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_control() => return Err(error()),
            (Some('←'), None) => KeyCode::Left,
            (Some('→'), None) => KeyCode::Right,
            (Some('↑'), None) => KeyCode::Up,
            (Some('↓'), None) => KeyCode::Down,
            (Some(c), None) => KeyCode::Char(c),
            (None, _) => return Err(error()),
            (Some(_), Some(_)) => {
                let lower = rest.to_ascii_lowercase();
                if let Some(&(_, code)) = NAMES.iter().find(|(name, _)| *name == lower) {
                    code
                } else if let Some(n) = lower
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=24).contains(n))
                {
                    KeyCode::F(n)
                } else {
                    return Err(error());
                }
            }
        };
        Ok(Self::new(code, modifiers))
    }
}

impl fmt::Display for KeyBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) || self.code == KeyCode::BackTab {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab | KeyCode::BackTab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(s: &str) -> KeyBinding {
        s.parse().unwrap()
    }

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    #[test]
    fn parses_characters_names_and_modifiers() {
        assert_eq!(
            key("j"),
            KeyBinding { code: KeyCode::Char('j'), modifiers: KeyModifiers::NONE }
        );
        assert_eq!(key("G").code, KeyCode::Char('G'));
        assert_eq!(key("pgdn").code, KeyCode::PageDown);
        assert_eq!(key("PgDn").code, KeyCode::PageDown);
        assert_eq!(key("space").code, KeyCode::Char(' '));
        assert_eq!(key("f5").code, KeyCode::F(5));
        assert_eq!(
            key("ctrl-d"),
            KeyBinding { code: KeyCode::Char('d'), modifiers: KeyModifiers::CONTROL }
        );
        assert_eq!(
            key("Shift-Left"),
            KeyBinding { code: KeyCode::Left, modifiers: KeyModifiers::SHIFT }
        );
        assert_eq!(
            key("ctrl--"),
            KeyBinding { code: KeyCode::Char('-'), modifiers: KeyModifiers::CONTROL }
        );
        assert_eq!(key("-").code, KeyCode::Char('-'));
        assert_eq!(key("alt-ctrl-x").modifiers, KeyModifiers::ALT | KeyModifiers::CONTROL);
        assert_eq!(key("shift-tab").code, KeyCode::BackTab);
        assert_eq!(key("ش").code, KeyCode::Char('ش'));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "ctrl-", "pgdown2", "f0", "f25", "shift-", "\u{1b}", "jj"] {
            assert_eq!(bad.parse::<KeyBinding>(), Err(KeyParseError(bad.to_owned())), "{bad:?}");
        }
    }

    #[test]
    fn shifted_characters_match_with_or_without_shift() {
        let g = key("G");
        assert!(g.matches(&event(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(g.matches(&event(KeyCode::Char('G'), KeyModifiers::NONE)));
        // Terminals with the kitty protocol may report the base key plus SHIFT.
        assert!(g.matches(&event(KeyCode::Char('g'), KeyModifiers::SHIFT)));
        assert!(!g.matches(&event(KeyCode::Char('g'), KeyModifiers::NONE)));
        assert_eq!(key("shift-g"), g);
        let question = key("?");
        assert!(question.matches(&event(KeyCode::Char('?'), KeyModifiers::SHIFT)));
        // Shift on a named key is significant.
        assert!(!key("left").matches(&event(KeyCode::Left, KeyModifiers::SHIFT)));
        assert!(key("shift-left").matches(&event(KeyCode::Left, KeyModifiers::SHIFT)));
        assert!(key("backtab").matches(&event(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(key("ctrl-d").matches(&event(KeyCode::Char('d'), KeyModifiers::CONTROL)));
        assert!(!key("ctrl-d").matches(&event(KeyCode::Char('d'), KeyModifiers::ALT)));
    }

    #[test]
    fn display_is_the_human_form_and_parses_back() {
        let shown: Vec<String> =
            ["ctrl-d", "pgdn", "left", "shift-right", "space", "G", "backtab", "alt-x", "f2"]
                .iter()
                .map(|s| key(s).to_string())
                .collect();
        assert_eq!(
            shown,
            vec!["Ctrl-d", "PgDn", "←", "Shift-→", "Space", "G", "Shift-Tab", "Alt-x", "F2"]
        );
        for s in [
            "j",
            "G",
            "?",
            "/",
            "-",
            "ctrl--",
            "ctrl-d",
            "ctrl-alt-shift-up",
            "pgup",
            "pgdn",
            "home",
            "end",
            "enter",
            "esc",
            "tab",
            "backtab",
            "space",
            "backspace",
            "delete",
            "insert",
            "f12",
            "shift-left",
            "ش",
        ] {
            let k = key(s);
            assert_eq!(k.to_string().parse::<KeyBinding>(), Ok(k), "{s} shown as {k}");
        }
    }
}
