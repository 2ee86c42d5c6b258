//! The help and the message log: overlays of wrapped text that scroll.
//! Every row goes through [`super::text`], like all UI text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::text::{self, Field, Laid, TextOptions};
use super::theme;
use crate::app::help::{self, Pager};
use crate::app::{App, Mode};
use crate::text::plural::count;

/// A block of rows: one help entry (keys beside their description), a
/// heading, or a message.
struct Block {
    /// Left column (keys), if any.
    left: Option<Laid>,
    /// The text.
    right: Laid,
}

impl Block {
    fn rows(&self) -> usize {
        self.right.rows().max(self.left.as_ref().map_or(0, Laid::rows))
    }
}

/// Writes "rows a–b of n" on the bottom border of `outer` when the text
/// does not fit.
fn draw_position(buf: &mut Buffer, outer: Rect, (first, last, total): (usize, usize, usize)) {
    if total <= last - first || outer.height < 2 || outer.width < 4 {
        return;
    }
    let label = format!(" rows {}–{last} of {total} ", first + 1);
    let options = TextOptions::default();
    let area = Rect { y: outer.bottom() - 1, height: 1, width: outer.width - 2, x: outer.x + 1 };
    text::draw_fields_right(buf, area, &[Field::ui(label, theme::overlay_border())], options);
}

/// The help overlay: every key of every mode, the current one first, with
/// whole descriptions; filtered and scrolled as [`help::Help`] says.
pub fn draw_help(buf: &mut Buffer, area: Rect, app: &mut App) {
    let options = TextOptions::of(app);
    let Mode::Help(state) = &mut app.mode else { return };
    let title = " Keys — ? or Esc closes · / filters · j k PgUp PgDn scroll ";
    let inner = theme::overlay(buf, area, title, 2);
    if inner.width < 8 || inner.height < 2 {
        return;
    }
    let sections = help::sections(&app.keymap, state.from, &state.filter);
    let mut body = inner;
    if state.typing || !state.filter.is_empty() {
        let n: usize = sections.iter().map(|s| s.entries.len()).sum();
        let hint = if state.typing { "Enter keeps it, Esc clears" } else { "Esc clears" };
        let fields = [
            Field::ui("filter: ", theme::dim()),
            if state.typing {
                Field::input(state.filter.as_str(), Style::default())
            } else {
                Field::data(state.filter.as_str(), Style::default())
            },
            Field::ui(
                format!(
                    "  {} {} · {hint}",
                    count(n, "key", "keys"),
                    if n == 1 { "matches" } else { "match" }
                ),
                theme::dim(),
            ),
        ];
        text::draw_fields(buf, Rect { height: 1, ..inner }, &fields, options);
        body = Rect { y: inner.y + 2, height: inner.height.saturating_sub(2), ..inner };
    }
    let keys_width = 18u16.min(inner.width / 3);
    let text_width = usize::from(inner.width - keys_width - 1);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut blocks = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            blocks.push(Block { left: None, right: text::wrap(&[], text_width, options) });
        }
        let heading =
            text::wrap(&[Field::ui(section.title, bold)], usize::from(inner.width), options);
        blocks.push(Block { left: None, right: heading });
        for entry in &section.entries {
            let keys = text::wrap(
                &[Field::ui(entry.keys.as_str(), Style::default())],
                usize::from(keys_width),
                options,
            );
            let description =
                text::wrap(&[Field::ui(entry.description, theme::dim())], text_width, options);
            blocks.push(Block { left: Some(keys), right: description });
        }
    }
    if sections.is_empty() {
        let none = [
            Field::ui("no key matches «", theme::dim()),
            Field::data(state.filter.as_str(), theme::dim()),
            Field::ui("»", theme::dim()),
        ];
        blocks.push(Block { left: None, right: text::wrap(&none, text_width, options) });
    }
    let span = draw_blocks(buf, body, &blocks, keys_width, &mut state.pager);
    draw_position(buf, area, span);
}

/// Draws `blocks` into `area` from row `pager.scroll` (kept within the
/// text: at most the rows that fill the last screen); the left column is
/// `left` columns wide, and a block without one (a heading) takes the whole
/// width. Returns the first, last and total rows for the border's indicator.
fn draw_blocks(
    buf: &mut Buffer,
    area: Rect,
    blocks: &[Block],
    left: u16,
    pager: &mut Pager,
) -> (usize, usize, usize) {
    let total: usize = blocks.iter().map(Block::rows).sum();
    let height = usize::from(area.height);
    pager.scroll = pager.scroll.min(total.saturating_sub(height));
    let mut row = 0usize;
    for block in blocks {
        for i in 0..block.rows() {
            if row >= pager.scroll && row < pager.scroll + height {
                let y = area.y + (row - pager.scroll) as u16;
                let (x, width) = match &block.left {
                    Some(keys) => {
                        keys.draw_row(buf, Rect { y, height: 1, width: left, ..area }, i, false);
                        (area.x + left + 1, area.width.saturating_sub(left + 1))
                    }
                    None => (area.x, area.width),
                };
                block.right.draw_row(buf, Rect { x, y, width, height: 1 }, i, false);
            }
            row += 1;
        }
    }
    (pager.scroll, (pager.scroll + height).min(total), total)
}

/// The message log: the last messages, newest first, each whole.
pub fn draw_messages(buf: &mut Buffer, area: Rect, app: &mut App) {
    let options = TextOptions::of(app);
    let title = " Messages, newest first — M or Esc closes · j k PgUp PgDn scroll ";
    let inner = theme::overlay(buf, area, title, 2);
    if inner.width < 8 || inner.height < 1 {
        return;
    }
    let width = usize::from(inner.width) - 3;
    let mut blocks: Vec<Block> = app
        .log
        .newest_first()
        .map(|(message, n)| {
            let repeated = if n > 1 { format!("  (×{n})") } else { String::new() };
            Block {
                left: Some(text::wrap(&[Field::ui("•", theme::dim())], 2, options)),
                right: text::wrap(
                    &[Field::ui(message, Style::default()), Field::ui(repeated, theme::dim())],
                    width,
                    options,
                ),
            }
        })
        .collect();
    if blocks.is_empty() {
        blocks.push(Block {
            left: None,
            right: text::wrap(&[Field::ui("no message yet", theme::dim())], width, options),
        });
    }
    let Mode::Messages(pager) = &mut app.mode else { return };
    let span = draw_blocks(buf, inner, &blocks, 2, pager);
    draw_position(buf, area, span);
}
