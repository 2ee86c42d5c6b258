//! The help and the message log: what they list, their scrolling and the
//! help's filter. Pure state; `tui::help_view` draws it.
//!
//! The help lists every key of every mode, the mode it was opened from
//! first, each with its whole description. Typing filters it: an entry is
//! kept when every word typed is found in its action's name, its keys or
//! its description, compared folded (case, harakat and Arabic spelling
//! variants ignored, `_` and `-` as spaces).

use std::collections::VecDeque;

use super::{App, Mode};
use crate::keymap::{Action, Keymap, Mode as KeyMode};
use crate::text::normalize::{Folding, fold};

/// Where an overlay that scrolls stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pager {
    /// The first row shown (kept within the text when drawn).
    pub scroll: usize,
}

impl Pager {
    /// Scrolls by `delta` rows (the drawing keeps it within the text).
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta);
    }
}

/// The help overlay's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// The keymap mode it was opened from: its keys come first.
    pub from: KeyMode,
    /// Scrolling.
    pub pager: Pager,
    /// The filter typed.
    pub filter: String,
    /// True while the filter is being typed.
    pub typing: bool,
}

impl Help {
    /// The help opened from `from`.
    pub fn new(from: KeyMode) -> Self {
        Self { from, pager: Pager::default(), filter: String::new(), typing: false }
    }
}

/// One key binding of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    /// The keys, as the keymap writes them.
    pub keys: String,
    /// The action's name (as in keymap files), empty for the emergency exit.
    pub name: &'static str,
    /// The whole description.
    pub description: &'static str,
}

/// The keys of one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    /// Its title.
    pub title: &'static str,
    /// Its keys.
    pub entries: Vec<HelpEntry>,
}

/// The title of a keymap mode's section of the help.
pub fn section_title(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Reader => "Reading [reader]",
        KeyMode::Search => "Search prompt, filters [search]",
        KeyMode::Picker => "Lists [picker]",
        KeyMode::Form => "Forms and the note editor [form]",
        KeyMode::Review => "Review table and corpus views (Tab) [review]",
        KeyMode::Pager => "Help and message log [pager]",
        KeyMode::Unsaved => "Unsaved work, on quit [unsaved]",
        KeyMode::Curate => "Curation screen (hashiya curate) [curate]",
    }
}

/// The help's sections: every mode of `keymap`, `from` first, each entry
/// kept when it matches `filter` (see the module doc); sections left empty
/// are dropped.
pub fn sections(keymap: &Keymap, from: KeyMode, filter: &str) -> Vec<HelpSection> {
    let folding = Folding::default();
    let words: Vec<String> = fold(&filter.replace(['_', '-'], " "), &folding)
        .split_whitespace()
        .map(String::from)
        .collect();
    let matches = |e: &HelpEntry| {
        if words.is_empty() {
            return true;
        }
        let hay = format!("{} {} {}", e.name.replace('_', " "), e.keys, e.description);
        let hay = fold(&hay.replace('-', " "), &folding);
        words.iter().all(|w| hay.contains(w.as_str()))
    };
    let order = std::iter::once(from).chain(KeyMode::ALL.iter().copied().filter(|&m| m != from));
    let mut out = Vec::new();
    for mode in order {
        let mut entries: Vec<HelpEntry> = keymap
            .bindings(mode)
            .into_iter()
            .map(|(action, keys)| HelpEntry {
                keys: keys.join(" "),
                name: action.name(),
                description: action.description(),
            })
            .collect();
        if mode == KeyMode::Reader {
            entries.push(HelpEntry {
                keys: "Ctrl-c Ctrl-c".to_string(),
                name: "",
                description: "Quit, whatever the keymap (twice within a second), saving first.",
            });
        }
        entries.retain(|e| matches(e));
        if !entries.is_empty() {
            out.push(HelpSection { title: section_title(mode), entries });
        }
    }
    out
}

/// The last messages of the session, newest last, each with how many
/// times in a row it was given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageLog {
    entries: VecDeque<(String, usize)>,
}

impl MessageLog {
    /// How many messages are kept.
    pub const CAPACITY: usize = 200;

    /// Notes `message`; the same message given again in a row is counted.
    pub fn push(&mut self, message: &str, again: bool) {
        match self.entries.back_mut() {
            Some((last, n)) if last == message => {
                if again {
                    *n += 1;
                }
            }
            _ => {
                if self.entries.len() == Self::CAPACITY {
                    self.entries.pop_front();
                }
                self.entries.push_back((message.to_string(), 1));
            }
        }
    }

    /// The messages, newest first, with their counts.
    pub fn newest_first(&self) -> impl Iterator<Item = (&str, usize)> {
        self.entries.iter().rev().map(|(m, n)| (m.as_str(), *n))
    }

    /// Number of messages kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no message was given yet.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl App {
    /// The keymap mode the help is opened from now.
    fn help_from(&self) -> KeyMode {
        if self.reviewing() { KeyMode::Review } else { KeyMode::Reader }
    }

    /// `?`: opens the help (from the message log too), or closes it.
    pub(super) fn toggle_help(&mut self) {
        self.mode = match &self.mode {
            Mode::Help(_) => Mode::Read,
            _ => Mode::Help(Help::new(self.help_from())),
        };
    }

    /// `M`: opens the message log (from the help too), or closes it.
    pub(super) fn toggle_message_log(&mut self) {
        self.mode = match &self.mode {
            Mode::Messages(_) => Mode::Read,
            _ => Mode::Messages(Pager::default()),
        };
    }

    /// An action in the help or the message log.
    pub(super) fn pager_action(&mut self, action: Action) {
        let page = self.reader.viewport.height.saturating_sub(3).max(1) as isize;
        if let Mode::Help(help) = &mut self.mode {
            if help.typing {
                // The filter is typed with the search prompt's keys.
                match action {
                    Action::Confirm => help.typing = false,
                    Action::Cancel => {
                        help.typing = false;
                        help.filter.clear();
                    }
                    _ => {}
                }
                return;
            }
        }
        match action {
            Action::FilterText => match &mut self.mode {
                Mode::Help(help) => help.typing = true,
                _ => self.message = Some("the message log has no filter".to_string()),
            },
            Action::Cancel => match &mut self.mode {
                Mode::Help(help) if !help.filter.is_empty() => {
                    help.filter.clear();
                    help.pager = Pager::default();
                }
                _ => self.mode = Mode::Read,
            },
            Action::Help => self.toggle_help(),
            Action::MessageLog => self.toggle_message_log(),
            Action::Quit => self.mode = Mode::Read,
            _ => {
                let pager = match &mut self.mode {
                    Mode::Help(help) => &mut help.pager,
                    Mode::Messages(pager) => pager,
                    _ => return,
                };
                let half = (page + 1) / 2;
                match action {
                    Action::ScrollLineDown => pager.scroll_by(1),
                    Action::ScrollLineUp => pager.scroll_by(-1),
                    Action::ScrollPageDown => pager.scroll_by(page),
                    Action::ScrollPageUp => pager.scroll_by(-page),
                    Action::ScrollHalfPageDown => pager.scroll_by(half),
                    Action::ScrollHalfPageUp => pager.scroll_by(-half),
                    Action::GoTop => pager.scroll = 0,
                    Action::GoBottom => pager.scroll = usize::MAX,
                    _ => {}
                }
            }
        }
    }

    /// A character typed in the help: the filter (a key the pager does not
    /// bind starts it).
    pub(super) fn help_type(&mut self, c: char) -> bool {
        let Mode::Help(help) = &mut self.mode else { return false };
        help.typing = true;
        help.filter.push(c);
        help.pager = Pager::default();
        true
    }

    /// Backspace in the help's filter.
    pub(super) fn help_backspace(&mut self) -> bool {
        let Mode::Help(help) = &mut self.mode else { return false };
        help.filter.pop();
        help.pager = Pager::default();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_is_listed_the_current_one_first() {
        let keymap = Keymap::default();
        let all = sections(&keymap, KeyMode::Review, "");
        assert_eq!(all.len(), KeyMode::ALL.len());
        assert_eq!(all[0].title, section_title(KeyMode::Review));
        let described: usize = all.iter().map(|s| s.entries.len()).sum();
        let bound: usize = KeyMode::ALL.iter().map(|&m| keymap.bindings(m).len()).sum();
        assert_eq!(described, bound + 1, "every binding, and Ctrl-c Ctrl-c");
    }

    #[test]
    fn the_filter_ignores_case_spelling_and_underscores() {
        let keymap = Keymap::default();
        let found = |filter: &str| -> Vec<&'static str> {
            sections(&keymap, KeyMode::Reader, filter)
                .into_iter()
                .flat_map(|s| s.entries.into_iter().map(|e| e.name))
                .collect()
        };
        assert_eq!(found("TRIM"), ["trim_proclitics"]);
        assert_eq!(found("trim_proclitics"), ["trim_proclitics"]);
        assert_eq!(found("trim proclitics"), ["trim_proclitics"]);
        // Arabic folded: hamza and ta marbuta forms match.
        assert_eq!(found("الجزائر"), ["trim_proclitics"]);
        assert_eq!(found("ألجزائر"), ["trim_proclitics"]);
        assert!(found("undo").contains(&"undo"));
        assert!(found("message log").contains(&"message_log"));
        // Words may come in any order; all must match.
        assert!(found("annotation delete").iter().all(|n| *n == "delete_annotation"));
        assert!(found("zzz").is_empty());
    }

    #[test]
    fn the_log_counts_repeats_and_keeps_the_last_ones() {
        let mut log = MessageLog::default();
        log.push("a", true);
        log.push("a", true);
        log.push("a", false);
        log.push("b", true);
        assert_eq!(log.newest_first().collect::<Vec<_>>(), [("b", 1), ("a", 2)]);
        for i in 0..MessageLog::CAPACITY + 5 {
            log.push(&i.to_string(), true);
        }
        assert_eq!(log.len(), MessageLog::CAPACITY);
        assert_eq!(log.newest_first().next(), Some(("204", 1)));
    }
}
