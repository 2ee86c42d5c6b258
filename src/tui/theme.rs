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
    // A suggestion is no annotation: no fill, dim, a cyan underline.
    if marks.suggested && marks.entity.is_none() {
        style =
            style.add_modifier(Modifier::DIM | Modifier::UNDERLINED).underline_color(Color::Cyan);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{NamedColor, Schema};

    /// The styles of an entity of each label in `schema`, alone and nested.
    fn label_styles(schema: &Schema) -> Vec<Style> {
        let palette: Vec<LabelStyle> =
            schema.labels.iter().map(|l| LabelStyle::of(l.color)).collect();
        (0..palette.len())
            .flat_map(|i| {
                let marks = Marks { entity: Some(i), ..Marks::default() };
                [
                    cell_style(marks, &palette),
                    cell_style(Marks { nested: true, ..marks }, &palette),
                    cell_style(Marks { claim: true, ..marks }, &palette),
                ]
            })
            .collect()
    }

    /// Every label style differs from the selection, a match and the cursor
    /// by more than a hue.
    fn assert_distinct(labels: &[Style]) {
        let caret = Style::default().add_modifier(CARET);
        for label in labels {
            assert_ne!(*label, selection_style());
            assert_ne!(*label, match_style());
            assert_ne!(*label, caret);
            assert!(!label.add_modifier.contains(Modifier::REVERSED), "{label:?}");
            assert_ne!(label.bg, Some(MATCH_FILL), "{label:?}");
            // A plain or claimed label is never bold, as a match is; a nested
            // one is also italic, as a match is not.
            let bold = label.add_modifier.contains(Modifier::BOLD);
            assert!(!bold || label.add_modifier.contains(Modifier::ITALIC), "{label:?}");
        }
    }

    #[test]
    fn builtin_labels_are_distinct_from_the_selection_matches_and_the_cursor() {
        let schema = Schema::builtin();
        assert_eq!(schema.labels.len(), 8);
        assert_distinct(&label_styles(&schema));
        // Over a label, the selection and a match look as they do anywhere.
        let palette: Vec<LabelStyle> =
            schema.labels.iter().map(|l| LabelStyle::of(l.color)).collect();
        for i in 0..palette.len() {
            let on = Marks { entity: Some(i), ..Marks::default() };
            assert_eq!(cell_style(Marks { selected: true, ..on }, &palette), selection_style());
            let matched = cell_style(Marks { matched: true, ..on }, &palette);
            assert_eq!((matched.fg, matched.bg), (Some(Color::White), Some(MATCH_FILL)));
            let cursor = cell_style(Marks { cursor: true, ..on }, &palette);
            assert!(cursor.add_modifier.contains(CARET) && cursor.bg == Some(palette[i].fill));
        }
    }

    #[test]
    fn schema_colours_never_look_like_the_selection_or_a_match() {
        let mut colours: Vec<String> =
            NamedColor::ALL.iter().map(|c| c.name().to_string()).collect();
        colours.extend(
            ["#4400dd", "#4a08d8", "#ffffff", "#808080", "#101010", "#c04000"].map(String::from),
        );
        for colour in colours {
            let source = format!("[[label]]\nname = \"X\"\ncolor = \"{colour}\"\n");
            let (schema, report) =
                Schema::builtin().check_toml(&source, std::path::Path::new("hashiya.toml"));
            let schema = schema.expect("a colour is never an error");
            let given: crate::annotate::Color = colour.parse().unwrap();
            // Replaced exactly when it clashes, with a warning at the colour.
            let clash = crate::annotate::palette::clash(given);
            assert_eq!(report.warnings.len(), usize::from(clash.is_some()), "{colour}");
            assert_eq!(schema.labels[0].color == given, clash.is_none(), "{colour}");
            assert_distinct(&label_styles(&schema));
        }
    }
}
