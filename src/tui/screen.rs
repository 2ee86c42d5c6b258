//! The whole screen: article pane, status line and overlays, drawn from `&App`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};

use super::annotate_view;
use super::article::{ArticleView, draw_line};
use super::review_view;
use super::theme;
use super::unsaved_view;
use crate::app::{App, Mode};
use crate::keymap::Mode as KeyMode;
use crate::layout::{LayoutOptions, Layouter};

/// The size of the article pane for a terminal of `area`: all rows but the status line.
pub fn article_area(area: Rect) -> Rect {
    Rect { height: area.height.saturating_sub(1), ..area }
}

/// Draws the app. Takes `&mut App` only because laying out is lazy and cached.
pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let area = frame.area();
    let [main, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    app.resize(usize::from(main.width), usize::from(main.height));
    let rows = app.reader.viewport.rows(&app.reader.doc);
    let visible = match (rows.first(), rows.last()) {
        (Some(a), Some(b)) => {
            let start = a.para_char_start(&app.reader.doc) + a.line().logical.start as usize;
            let end = b.para_char_start(&app.reader.doc) + b.line().logical.end as usize;
            start..end + 1
        }
        _ => 0..0,
    };
    let mut highlights = app.reader.highlights();
    highlights.spans = annotate_view::spans(app, visible.clone());
    highlights.paint(visible);
    let palette = annotate_view::palette(app);
    frame.render_widget(
        ArticleView {
            rows: &rows,
            doc: &app.reader.doc,
            highlights: &highlights,
            palette: &palette,
        },
        main,
    );
    if let Some(review) = &app.review {
        review_view::draw_review(frame.buffer_mut(), main, app, review);
    }
    draw_status(frame.buffer_mut(), status, app);
    match &app.mode {
        Mode::Help => draw_help(frame.buffer_mut(), main, app),
        Mode::List { selected } => draw_list(frame.buffer_mut(), main, app, *selected),
        Mode::Label { selected, .. } => {
            annotate_view::draw_label_picker(frame.buffer_mut(), main, app, *selected);
        }
        Mode::Claim(form) => annotate_view::draw_claim_form(frame.buffer_mut(), main, form),
        Mode::Unsaved(prompt) => unsaved_view::draw_unsaved(frame.buffer_mut(), main, app, prompt),
        Mode::Read | Mode::Search { .. } | Mode::Note { .. } | Mode::TagAll(_) => {}
    }
}

/// The status line: file, position, direction, mode — or the search prompt.
fn draw_status(buf: &mut Buffer, area: Rect, app: &mut App) {
    buf.set_style(area, theme::status());
    let prompt = match &app.mode {
        Mode::Search { query } => Some(("/".to_string(), query.clone())),
        Mode::Note { id, text } => {
            Some((format!("note {id} (Enter saves, Esc cancels): "), text.clone()))
        }
        Mode::TagAll(t) => Some((
            format!(
                "tag as {}: mention {}/{} — y tag · n skip · a all · Esc stop",
                t.label,
                t.index + 1,
                t.candidates.len()
            ),
            String::new(),
        )),
        _ => None,
    };
    if let Some((prompt, text)) = prompt {
        let width = prompt.chars().count() as u16;
        buf.set_stringn(area.x, area.y, &prompt, usize::from(area.width), theme::status());
        let text_area = Rect {
            x: area.x + width.min(area.width),
            width: area.width.saturating_sub(width),
            ..area
        };
        draw_text(buf, text_area, &text, app.options.shape, theme::status());
        return;
    }
    // While only the head is read, the share shown is unknown.
    let percent =
        if app.is_loading() { "…".to_string() } else { app.reader.percent().to_string() };
    let dir = if app.reader.cursor_rtl() { "RTL" } else { "LTR" };
    let r = &app.reader;
    let mut right = format!(" {} {dir} {percent:>3}% {} ", app.ann.status(), app.mode.label());
    if let Some(s) = &r.search {
        let current = s.current.map_or(0, |c| c + 1);
        right = format!(" [{current}/{}]{right}", s.matches.len());
    }
    let right_width = right.chars().count() as u16;
    let left_area = Rect { width: area.width.saturating_sub(right_width), ..area };
    // While a save fails, what is pending comes first (then the last
    // action's message, if there is room).
    let message = match (app.ann.pending(app.clock.now()), app.message.clone()) {
        (Some(pending), Some(message)) => Some(format!("{pending} · {message}")),
        (pending, message) => pending.or(message),
    };
    // Messages quote files: their controls and bidi controls are shown, never obeyed.
    let message = message.as_deref().map(crate::text::safe::ui_line);
    // A message too long for the status line is shown whole above it.
    let message = match &message {
        Some(m) if text_width(&format!(" {m}")) > usize::from(left_area.width) => {
            draw_banner(buf, area, m, app.options.shape);
            None
        }
        m => m.as_ref().map(ToString::to_string),
    };
    let left = match message.or_else(|| app.describe_cursor()) {
        Some(m) => format!(" {m}"),
        None if app.articles.len() > 1 => {
            let name = crate::text::safe::line(&r.name);
            format!(" {name} ({}/{})  ? help", app.current + 1, app.articles.len())
        }
        None => format!(" {}  ? help", crate::text::safe::line(&r.name)),
    };
    draw_text(buf, left_area, &left, false, theme::status());
    if right_width <= area.width {
        buf.set_string(area.right() - right_width, area.y, &right, theme::status());
    }
}

/// Columns `text` takes on one line.
fn text_width(text: &str) -> usize {
    let options = LayoutOptions {
        width: None,
        shape: false,
        base: crate::layout::BaseDirection::Ltr,
        mark_placeholder: true,
        reorder: true,
    };
    let layout = Layouter::new().layout(text, &options);
    layout.lines.iter().map(|l| l.width as usize).max().unwrap_or(0)
}

/// Draws `message` whole, wrapped to the screen's width, in as many rows
/// as it needs just above the status line `status` (a banner in the status
/// line's colours).
fn draw_banner(buf: &mut Buffer, status: Rect, message: &str, shape: bool) {
    let width = status.width.saturating_sub(2);
    if width == 0 {
        return;
    }
    let options = LayoutOptions {
        width: Some(usize::from(width)),
        shape,
        base: crate::layout::BaseDirection::Ltr,
        mark_placeholder: true,
        reorder: true,
    };
    let layout = Layouter::new().layout(message, &options);
    let rows = u16::try_from(layout.lines.len()).unwrap_or(u16::MAX).min(status.y);
    let top = status.y - rows;
    let rect = Rect { x: status.x, y: top, width: status.width, height: rows };
    ratatui::widgets::Widget::render(ratatui::widgets::Clear, rect, buf);
    buf.set_style(rect, theme::status());
    for (i, line) in layout.lines.iter().take(usize::from(rows)).enumerate() {
        let y = top + i as u16;
        let row = Rect { x: status.x + 1, y, width, height: 1 };
        draw_line(buf, row, y, &layout, line, |_| theme::status());
    }
}

/// Draws a short text on one line of `area`, laid out with the bidi
/// algorithm in a left-to-right frame (file names and queries may be Arabic).
pub fn draw_text(buf: &mut Buffer, area: Rect, text: &str, shape: bool, style: Style) {
    let options = LayoutOptions {
        width: None,
        shape,
        base: crate::layout::BaseDirection::Ltr,
        mark_placeholder: true,
        reorder: true,
    };
    let layout = Layouter::new().layout(text, &options);
    if let Some(line) = layout.lines.first() {
        draw_line(buf, area, area.y, &layout, line, |_| style);
    }
}

/// A centred box `w`×`h` inside `area`.
pub(super) fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The help overlay, generated from the active keymap, in as many columns
/// as it needs.
fn draw_help(buf: &mut Buffer, area: Rect, app: &App) {
    let mut entries: Vec<(String, &'static str, bool)> = Vec::new();
    for (mode, title) in [
        (KeyMode::Reader, "Reading"),
        (KeyMode::Search, "Search prompt"),
        (KeyMode::Picker, "Lists"),
        (KeyMode::Form, "Forms"),
        (KeyMode::Review, "Review (Tab)"),
        (KeyMode::Unsaved, "Unsaved work (on quit)"),
    ] {
        entries.push((title.to_string(), "", true));
        for (action, keys) in app.keymap.bindings(mode) {
            if !keys.is_empty() {
                entries.push((keys.join(" "), action.description(), false));
            }
        }
        if mode == KeyMode::Reader {
            let always = "Quit, whatever the keymap (twice within a second).";
            entries.push(("Ctrl-c ×2".to_string(), always, false));
        }
    }
    let inner = theme::overlay(buf, area, " Keys (? or Esc closes) ", 2);
    let per_column = usize::from(inner.height).max(1);
    let columns = entries.len().div_ceil(per_column).max(1) as u16;
    let column_width = inner.width / columns;
    let keys_width = 18u16.min(column_width / 3);
    for (i, (keys, description, heading)) in entries.iter().enumerate() {
        let column = (i / per_column) as u16;
        let x = inner.x + column * column_width;
        let y = inner.y + (i % per_column) as u16;
        if *heading {
            let bold = Style::default().add_modifier(Modifier::BOLD);
            buf.set_stringn(x, y, keys, usize::from(column_width), bold);
        } else {
            buf.set_stringn(x, y, keys, usize::from(keys_width), Style::default());
            let room = column_width.saturating_sub(keys_width + 2);
            buf.set_stringn(x + keys_width + 1, y, description, usize::from(room), theme::dim());
        }
    }
}

/// The article list overlay.
fn draw_list(buf: &mut Buffer, area: Rect, app: &App, selected: usize) {
    let height = (app.articles.len() as u16).saturating_add(2);
    let inner = theme::overlay(buf, centred(area, 60, height), " Articles (Enter opens) ", 1);
    // Keep the highlighted entry in view.
    let first = selected.saturating_sub(usize::from(inner.height).saturating_sub(1));
    for ((i, article), y) in
        app.articles.iter().enumerate().skip(first).zip(inner.top()..inner.bottom())
    {
        let mut style = Style::default();
        if i == selected {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let mark = if i == app.current { "▸ " } else { "  " };
        let row = Rect { y, height: 1, ..inner };
        buf.set_style(row, style);
        buf.set_string(row.x, y, mark, style);
        let text = Rect { x: row.x + 2, width: row.width.saturating_sub(2), ..row };
        draw_text(buf, text, &article.name, false, style);
    }
}
