//! Keys and the mouse: what a key press or a mouse event means in the
//! current mode (the keymap gives actions; keys no binding takes are text).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::msg::Mouse;
use super::{App, Mode};
use crate::keymap::Action;

/// Lines scrolled by one notch of the mouse wheel.
pub const WHEEL_LINES: usize = 3;

impl App {
    /// A key press: its action in the current mode, else text or a choice.
    pub(super) fn on_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        // Ctrl-C twice within a second quits whatever the keymap says.
        if self.emergency_key(&key, self.clock.now()) {
            return;
        }
        let action = self.keymap.lookup(self.keymap_mode(), &key);
        if let Some(action) = action {
            self.act(action);
            return;
        }
        // A single Ctrl-C has said what it does (the emergency exit).
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return;
        }
        if let Mode::Messages(_) = self.mode {
            let key = crate::keymap::key::KeyBinding::from_event(&key);
            self.message = Some(format!(
                "{key} does nothing in the message log: j k PgUp PgDn scroll, Esc closes"
            ));
            return;
        }
        // Nothing typed is ignored without a word.
        if self.mode == Mode::Read && !self.review.as_ref().is_some_and(|r| r.typing) {
            let key = crate::keymap::key::KeyBinding::from_event(&key);
            let place = if self.review.is_some() { "the review table" } else { "the reader" };
            self.message = Some(format!("{key} does nothing in {place} (? shows the keys)"));
            return;
        }
        // Keys no binding took, in the other modes: text, choices, label keys.
        match key.code {
            KeyCode::Backspace => self.backspace(),
            KeyCode::Left => self.cycle_choice(false),
            KeyCode::Right => self.cycle_choice(true),
            KeyCode::Char(c)
                if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.type_char(c);
            }
            _ => {
                let key = crate::keymap::key::KeyBinding::from_event(&key);
                self.message = Some(format!("{key} does nothing here (? shows the keys)"));
            }
        }
    }

    /// A mouse event over the article pane.
    pub(super) fn on_mouse(&mut self, mouse: Mouse) {
        match mouse {
            Mouse::Wheel { down } => {
                let action = if down { Action::ScrollLineDown } else { Action::ScrollLineUp };
                for _ in 0..WHEEL_LINES {
                    self.act(action);
                }
            }
            Mouse::Press { x, y, width } if self.mode == Mode::Read => self.click(x, y, width),
            Mouse::Drag { x, y, width, by_char } if self.mode == Mode::Read => {
                self.drag(x, y, width, by_char);
            }
            Mouse::Release => self.drag_from = None,
            Mouse::Press { .. } | Mouse::Drag { .. } => {}
        }
    }
}
