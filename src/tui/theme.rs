//! Colours and text styles of the TUI.

use ratatui::style::{Color, Modifier, Style};

use crate::view::Marks;

/// The style of an article cell with the given marks; `palette` holds the
/// entity label colours.
pub fn cell_style(marks: Marks, palette: &[Color]) -> Style {
    let mut style = Style::default();
    if let Some(color) = marks.entity.and_then(|i| palette.get(i)) {
        style = style.fg(Color::Black).bg(*color);
    }
    if marks.nested {
        style = style.add_modifier(Modifier::BOLD | Modifier::ITALIC);
    }
    if marks.claim {
        style = style.add_modifier(Modifier::UNDERLINED).underline_color(Color::Magenta);
    }
    if marks.linked {
        style = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED).fg(Color::LightMagenta);
    }
    if marks.orphan {
        style = style.add_modifier(Modifier::CROSSED_OUT).fg(Color::Red);
    }
    if marks.matched {
        style = style.fg(Color::Black).bg(Color::Yellow);
    }
    if marks.selected {
        style = style.fg(Color::White).bg(Color::Blue);
    }
    if marks.cursor {
        style = style.add_modifier(Modifier::REVERSED);
    }
    style
}

/// The status line.
pub fn status() -> Style {
    Style::default().fg(Color::Black).bg(Color::Gray)
}

/// Borders and titles of overlays.
pub fn overlay_border() -> Style {
    Style::default().fg(Color::Cyan)
}

/// Dimmed text (hints, counts).
pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}
