//! Reading keymap files: TOML tables per mode, checked against the known
//! modes, actions and keys, with errors that point at the offending text.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::text::position::line_column;

use super::{Action, KeyBinding, KeymapError, Mode};

/// A parsed keymap file: modes and their actions with keys, in file order.
pub(super) type Parsed = Vec<(Mode, Vec<(Action, Vec<KeyBinding>)>)>;

/// The raw form of a keymap file, with positions.
type Raw = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Vec<Spanned<String>>>>;

/// Parses and checks keymap `source`; `path` names it in errors.
pub(super) fn parse(source: &str, path: &Path) -> Result<Parsed, KeymapError> {
    let invalid = |span: Option<Range<usize>>, message: String| {
        let (line, column) = line_column(source, span.map_or(0, |s| s.start));
        KeymapError::Invalid { path: path.to_path_buf(), line, column, message }
    };
    let raw: Raw =
        toml::from_str(source).map_err(|e| invalid(e.span(), e.message().trim().to_owned()))?;

    let mut tables: Vec<_> = raw.into_iter().collect();
    tables.sort_by_key(|(mode, _)| mode.span().start);
    let mut parsed = Vec::with_capacity(tables.len());
    for (mode_name, table) in tables {
        let mode: Mode = mode_name.get_ref().parse().map_err(|()| {
            let known: Vec<_> = Mode::ALL.iter().map(|m| m.name()).collect();
            invalid(
                Some(mode_name.span()),
                format!("unknown mode `{}` (modes: {})", mode_name.get_ref(), known.join(", ")),
            )
        })?;
        let mut entries: Vec<_> = table.into_iter().collect();
        entries.sort_by_key(|(action, _)| action.span().start);
        let mut seen: HashMap<KeyBinding, Action> = HashMap::new();
        let mut actions = Vec::with_capacity(entries.len());
        for (action_name, keys) in entries {
            let action: Action = action_name
                .get_ref()
                .parse()
                .map_err(|e| invalid(Some(action_name.span()), format!("{e}")))?;
            if !mode.allows(action) {
                return Err(invalid(
                    Some(action_name.span()),
                    format!("action `{action}` cannot be bound in mode `{mode}`"),
                ));
            }
            let mut list = Vec::with_capacity(keys.len());
            for key in keys {
                let binding: KeyBinding =
                    key.get_ref().parse().map_err(|e| invalid(Some(key.span()), format!("{e}")))?;
                match seen.insert(binding, action) {
                    Some(other) if other != action => {
                        return Err(invalid(
                            Some(key.span()),
                            format!(
                                "key `{}` is bound to both `{other}` and `{action}` in [{mode}]",
                                key.get_ref()
                            ),
                        ));
                    }
                    _ => {}
                }
                if !list.contains(&binding) {
                    list.push(binding);
                }
            }
            actions.push((action, list));
        }
        parsed.push((mode, actions));
    }
    Ok(parsed)
}
