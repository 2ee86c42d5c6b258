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

/// The terminal colour of a schema colour.
pub fn label_color(color: crate::annotate::Color) -> Color {
    use crate::annotate::{Color as C, NamedColor as N, Rgb};
    match color {
        C::Rgb(Rgb { r, g, b }) => Color::Rgb(r, g, b),
        C::Named(n) => match n {
            N::Black => Color::Black,
            N::Red => Color::Red,
            N::Green => Color::Green,
            N::Yellow => Color::Yellow,
            N::Blue => Color::Blue,
            N::Magenta => Color::Magenta,
            N::Cyan => Color::Cyan,
            N::Gray => Color::Gray,
            N::DarkGray => Color::DarkGray,
            N::LightRed => Color::LightRed,
            N::LightGreen => Color::LightGreen,
            N::LightYellow => Color::LightYellow,
            N::LightBlue => Color::LightBlue,
            N::LightMagenta => Color::LightMagenta,
            N::LightCyan => Color::LightCyan,
            N::White => Color::White,
        },
    }
}

/// Clears `rect`, draws a bordered box titled `title` over it, and returns
/// the inside, `pad` columns in from each side border.
pub fn overlay(
    buf: &mut ratatui::buffer::Buffer,
    rect: ratatui::layout::Rect,
    title: &str,
    pad: u16,
) -> ratatui::layout::Rect {
    use ratatui::widgets::{Block, Borders, Clear, Widget};
    Clear.render(rect, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(overlay_border())
        .title(title.to_string())
        .render(rect, buf);
    ratatui::layout::Rect {
        x: rect.x.saturating_add(pad),
        y: rect.y.saturating_add(1),
        width: rect.width.saturating_sub(2 * pad),
        height: rect.height.saturating_sub(2),
    }
}
