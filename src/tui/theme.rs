//! Colours and text styles of the TUI.

use ratatui::style::{Color, Modifier, Style};

use crate::view::Marks;

/// How an entity of one label is drawn: its colour as a fill, with black
/// or white text (whichever reads better on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelStyle {
    /// The fill.
    pub fill: Color,
    /// The text on it.
    pub text: Color,
}

impl LabelStyle {
    /// The style of a schema colour.
    pub fn of(color: crate::annotate::Color) -> Self {
        let text = crate::annotate::palette::text_on(color);
        Self { fill: label_color(color), text: Color::Rgb(text.r, text.g, text.b) }
    }
}

/// The fill of search matches.
pub const MATCH_FILL: Color = {
    let c = crate::annotate::palette::MATCH_FILL;
    Color::Rgb(c.r, c.g, c.b)
};

/// A search match that is not selected: bold white on a dark indigo fill —
/// dark where label fills are light, bold where labels are not, in a hue
/// no label may take ([`crate::annotate::palette`]).
pub fn match_style() -> Style {
    Style::default().fg(Color::White).bg(MATCH_FILL).add_modifier(Modifier::BOLD)
}

/// What `e` and `c` act on — the selection, or the word under the cursor
/// when nothing is selected: a bold reversed block in the terminal's own
/// colours, whatever lies under it. No label and no match is reversed,
/// and no label colour lacks a hue.
pub fn selection_style() -> Style {
    Style::default()
        .fg(Color::Reset)
        .bg(Color::Reset)
        .add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// The cursor when it is not what `e` tags (it lies outside the selection,
/// or a failed search left nothing to tag): bold and underlined, over
/// whatever lies under it.
pub const CARET: Modifier = Modifier::BOLD.union(Modifier::UNDERLINED);

/// The style of an article cell with the given marks; `palette` holds the
/// label styles (an entity of a label outside it is drawn in italics).
pub fn cell_style(marks: Marks, palette: &[LabelStyle]) -> Style {
    let mut style = Style::default();
    if let Some(i) = marks.entity {
        style = match palette.get(i) {
            Some(label) => style.fg(label.text).bg(label.fill),
            None => style.add_modifier(Modifier::ITALIC),
        };
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
        style = style.patch(match_style());
    }
    if marks.selected {
        style = selection_style();
    }
    if marks.cursor {
        style = style.add_modifier(CARET);
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
