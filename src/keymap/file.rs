//! Reading keymap files: TOML tables per mode, checked against the known
//! modes, actions and keys. Every problem is reported, each with the line
//! and column of the offending text and what to write instead.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Action, KeyBinding, Mode};
use crate::text::glyph::is_invisible_format;
use crate::text::position::Problems;

/// One `action = ["key", …]` line of a keymap file.
#[derive(Debug)]
pub(super) struct Binding {
    /// The action.
    pub action: Action,
    /// Byte offset of the action's name.
    pub at: usize,
    /// Its keys, each with the byte offset of its string.
    pub keys: Vec<(KeyBinding, usize)>,
}

/// One `[mode]` table of a keymap file, in file order.
#[derive(Debug)]
pub(super) struct Table {
    /// The mode.
    pub mode: Mode,
    /// Its bindings, in file order.
    pub bindings: Vec<Binding>,
}

/// What the key strings of a keymap may be, for error messages.
const KEY_FORMS: &str = "write one character (\"j\", \"G\", \"?\") or a key name (up down left \
    right home end pgup pgdn enter esc tab backtab space backspace delete insert f1…f24), \
    optionally after ctrl- alt- shift-";

/// Parses and checks keymap `source`. Returns the valid lines (a line with
/// a bad key is left out whole); every problem goes to `problems`, and the
/// caller must not use the tables when there is one.
pub(super) fn parse(source: &str, problems: &mut Problems<'_>) -> Vec<Table> {
    let (root, syntax) = DeTable::parse_recoverable(source);
    if !syntax.is_empty() {
        for e in syntax {
            let at = e.span().map_or(0, |s| s.start);
            problems.error(at, format!("{}: fix the TOML syntax", e.message().trim()));
        }
        return Vec::new();
    }
    let error = problems;
    let mut tables: Vec<_> = root.get_ref().iter().collect();
    tables.sort_by_key(|(name, _)| name.span().start);
    let mut parsed = Vec::with_capacity(tables.len());
    for (mode_name, value) in tables {
        let Ok(mode) = mode_name.get_ref().parse::<Mode>() else {
            let known: Vec<_> = Mode::ALL.iter().map(|m| m.name()).collect();
            error.error(
                mode_name.span().start,
                format!(
                    "unknown mode \"{}\": the tables are [{}]",
                    mode_name.get_ref(),
                    known.join("], [")
                ),
            );
            continue;
        };
        let Some(table) = value.get_ref().as_table() else {
            error.error(
                value.span().start,
                format!("`{mode}` must be a table: [{mode}] then `action = [\"key\", …]` lines"),
            );
            continue;
        };
        parsed.push(Table { mode, bindings: bindings(mode, table, error) });
    }
    parsed
}

/// The bindings of one `[mode]` table; problems go to `error`.
fn bindings(mode: Mode, table: &DeTable<'_>, problems: &mut Problems<'_>) -> Vec<Binding> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    // Each key of the mode, with the action and place that bound it first.
    let mut seen: HashMap<KeyBinding, (Action, usize)> = HashMap::new();
    let mut out = Vec::with_capacity(entries.len());
    for (action_name, value) in entries {
        let at = action_name.span().start;
        let Some(action) = known_action(mode, action_name.get_ref(), at, problems) else {
            continue;
        };
        let Some(items) = value.get_ref().as_array() else {
            problems.error(
                value.span().start,
                format!(
                    "`{action}` must be a list of keys, e.g. {action} = [\"x\"] \
                     (`{action} = []` unbinds it)"
                ),
            );
            continue;
        };
        let mut keys: Vec<(KeyBinding, usize)> = Vec::new();
        let mut all_keys = true;
        for item in items {
            let Some(binding) = key_of(item, problems) else {
                all_keys = false;
                continue;
            };
            let key_at = item.span().start;
            match seen.get(&binding) {
                Some(&(other, _)) if other != action => {
                    all_keys = false;
                    problems.error(
                        key_at,
                        format!(
                            "key {binding} is bound to both `{other}` and `{action}` in \
                             [{mode}]: keep it for one of them"
                        ),
                    );
                }
                // The same key twice in one list: once is enough.
                Some(_) => {}
                None => {
                    seen.insert(binding, (action, key_at));
                    keys.push((binding, key_at));
                }
            }
        }
        // A line with a bad key changes nothing, so that the other checks
        // see the keys the action would keep.
        if all_keys {
            out.push(Binding { action, at, keys });
        }
    }
    out
}

/// The action named `name` if it exists and can be bound in `mode`.
fn known_action(mode: Mode, name: &str, at: usize, problems: &mut Problems<'_>) -> Option<Action> {
    let Ok(action) = name.parse::<Action>() else {
        // No suggestion is worked out for a problem that will not be listed.
        let near = if problems.full() { None } else { closest(name, mode.actions()) };
        let hint = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => "the actions are listed in keymaps/default.toml and by `?` in the reader"
                .to_string(),
        };
        problems.error(at, format!("unknown action \"{name}\" in [{mode}]: {hint}"));
        return None;
    };
    if mode.allows(action) {
        return Some(action);
    }
    let allowed: Vec<_> = mode.actions().iter().map(|a| a.name()).collect();
    let others: Vec<_> = Mode::ALL.iter().filter(|m| m.allows(action)).map(|m| m.name()).collect();
    let list = if allowed.len() <= 8 {
        format!("its actions are {}", allowed.join(", "))
    } else {
        "see keymaps/default.toml for its actions".to_string()
    };
    problems.error(
        at,
        format!(
            "action `{action}` cannot be bound in [{mode}] ({list}); it belongs in [{}]",
            others.join("], [")
        ),
    );
    None
}

/// The key an item of an action's list names.
fn key_of(item: &Spanned<DeValue<'_>>, problems: &mut Problems<'_>) -> Option<KeyBinding> {
    let at = item.span().start;
    let Some(text) = item.get_ref().as_str() else {
        problems.error(at, format!("a key must be a string: {KEY_FORMS}"));
        return None;
    };
    if text.chars().any(is_invisible_format) {
        let message = format!("key \"{text}\" holds an invisible format character: {KEY_FORMS}");
        problems.error(at, message);
        return None;
    }
    let binding = text.parse::<KeyBinding>().ok();
    if binding.is_none() {
        problems.error(at, format!("unknown key \"{text}\": {KEY_FORMS}"));
    }
    binding
}

/// The action of `actions` whose name is nearest to `name` (at most two
/// edits away, or containing it), for "did you mean".
fn closest(name: &str, actions: &[Action]) -> Option<Action> {
    const MAX_NAME: usize = 64;
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return None;
    }
    actions
        .iter()
        .map(|&a| (edit_distance(name, a.name()), a))
        .filter(|&(d, a)| d <= 2 || a.name().contains(name))
        .min_by_key(|&(d, _)| d)
        .map(|(_, a)| a)
}

/// Levenshtein distance between two short strings, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb)).min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested() {
        assert_eq!(edit_distance("qit", "quit"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("qit", Mode::Reader.actions()), Some(Action::Quit));
        assert_eq!(closest("top", Mode::Reader.actions()), Some(Action::GoTop));
        assert_eq!(closest("xyzzy", Mode::Reader.actions()), None);
    }
}
