//! The unsaved-work prompt: what is not on disk and why, and the choices
//! with the keys that pick them (from the active keymap).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::screen::centred;
use super::text::{self, Field, TextOptions};
use super::theme;
use crate::app::App;
use crate::app::unsaved::{Choice, UnsavedPrompt};
use crate::keymap::{Action, Mode as KeyMode};

/// The keys bound to `action` in `mode`, as the help shows them (only the
/// first unless `all`).
fn keys(app: &App, mode: KeyMode, action: Action, all: bool) -> String {
    let bound = app.keymap.keys(mode, action);
    let shown = if all { bound } else { &bound[..bound.len().min(1)] };
    let keys: Vec<String> = shown.iter().map(ToString::to_string).collect();
    if keys.is_empty() { "—".to_string() } else { keys.join(" ") }
}

/// Draws the prompt over the middle of `area`.
pub fn draw_unsaved(buf: &mut Buffer, area: Rect, app: &App, prompt: &UnsavedPrompt) {
    let options = TextOptions::of(app);
    let changes = app.ann.store.unsaved_changes();
    let changes =
        if changes == 1 { "1 change is".to_string() } else { format!("{changes} changes are") };
    let plain = Style::default();
    let mut lines: Vec<(Vec<Field<'_>>, Style)> = vec![
        (
            vec![
                Field::ui(format!("{changes} not on disk ("), plain),
                Field::data(app.reader.name.as_str(), plain),
                Field::ui(").", plain),
            ],
            plain,
        ),
        (
            vec![Field::ui(
                format!(
                    "Saving failed: {}",
                    app.ann.retry.reason().unwrap_or("the sidecar cannot be written")
                ),
                theme::dim(),
            )],
            theme::dim(),
        ),
    ];
    if let Some(error) = &prompt.error {
        let red = Style::default().fg(Color::Red);
        lines.push((vec![Field::ui(error.as_str(), red)], red));
    }
    lines.push((Vec::new(), plain));
    let choices_at = lines.len();
    let hint = if let Some(path) = &prompt.path {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        lines.push((vec![Field::ui("Save to: ", bold), Field::input(path.as_str(), bold)], bold));
        format!(
            "{} saves (to a new file) · {} back",
            keys(app, KeyMode::Form, Action::Confirm, false),
            keys(app, KeyMode::Form, Action::Cancel, false)
        )
    } else {
        for (i, choice) in Choice::ALL.into_iter().enumerate() {
            let mark = if i == prompt.selected { '▸' } else { ' ' };
            let key = keys(app, KeyMode::Unsaved, choice.action(), true);
            let text = format!("{mark} {key:>5}  {}", choice.describe(prompt.leave));
            lines.push((vec![Field::ui(text, plain)], plain));
        }
        format!(
            "{} {} choose · {} do the highlighted one",
            keys(app, KeyMode::Unsaved, Action::PreviousItem, false),
            keys(app, KeyMode::Unsaved, Action::NextItem, false),
            keys(app, KeyMode::Unsaved, Action::Confirm, false)
        )
    };
    lines.push((Vec::new(), plain));
    lines.push((vec![Field::ui(hint, theme::dim())], theme::dim()));
    let height = (lines.len() as u16).saturating_add(2);
    let inner = theme::overlay(buf, centred(area, 78, height), " Unsaved work ", 2);
    for (i, ((mut fields, mut style), y)) in
        lines.into_iter().zip(inner.top()..inner.bottom()).enumerate()
    {
        if prompt.path.is_none() && i >= choices_at && i - choices_at == prompt.selected {
            style = style.add_modifier(Modifier::REVERSED);
            for field in &mut fields {
                *field = field.clone().patched(Modifier::REVERSED);
            }
        }
        let row = Rect { y, height: 1, ..inner };
        buf.set_style(row, style);
        text::draw_fields(buf, row, &fields, options);
    }
}
