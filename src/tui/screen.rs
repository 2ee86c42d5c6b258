//! The whole screen: article pane, status line and overlays, drawn from `&App`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

use super::annotate_view;
use super::article::ArticleView;
use super::help_view;
use super::list_view;
use super::review_view;
use super::text::{self, Field, TextOptions};
use super::theme;
use super::unsaved_view;
use crate::app::{App, Mode};
use crate::text::safe;

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
        Mode::Help(_) => help_view::draw_help(frame.buffer_mut(), main, app),
        Mode::Messages(_) => help_view::draw_messages(frame.buffer_mut(), main, app),
        Mode::List { selected } => list_view::draw_list(frame.buffer_mut(), main, app, *selected),
        Mode::CorpusSearch => list_view::draw_corpus_search(frame.buffer_mut(), main, app),
        Mode::Label { selected, .. } => {
            annotate_view::draw_label_picker(frame.buffer_mut(), main, app, *selected);
        }
        Mode::Relation(pick) => {
            annotate_view::draw_relation_picker(frame.buffer_mut(), main, app, pick);
        }
        Mode::Claim(form) => {
            annotate_view::draw_claim_form(frame.buffer_mut(), main, form, TextOptions::of(app));
        }
        Mode::Unsaved(prompt) => unsaved_view::draw_unsaved(frame.buffer_mut(), main, app, prompt),
        Mode::Link(picker) => {
            annotate_view::draw_link_picker(frame.buffer_mut(), main, app, picker);
        }
        Mode::Read | Mode::Search { .. } | Mode::Note { .. } | Mode::TagAll(_) => {}
    }
}

/// The status line: the message (or what is under the cursor, or the
/// file), then how saving stands, the direction, the position and the
/// mode — or a prompt (search, note, tag all) with what is typed.
fn draw_status(buf: &mut Buffer, area: Rect, app: &mut App) {
    buf.set_style(area, theme::status());
    let options = TextOptions::of(app);
    let style = theme::status();
    let prompt: Option<Vec<Field<'_>>> = match &app.mode {
        Mode::Search { query } => {
            Some(vec![Field::ui("/", style), Field::input(query.as_str(), style)])
        }
        Mode::Note { id, text } => Some(vec![
            Field::ui(format!("note {} (Enter saves, Esc cancels): ", safe::line(id)), style),
            Field::input(text.as_str(), style),
        ]),
        Mode::TagAll(t) => Some(vec![
            Field::ui("tag as ", style),
            Field::data(t.label.as_str(), style),
            Field::ui(
                format!(
                    ": mention {}/{} — y tag · n skip · a all · Esc stop",
                    t.index + 1,
                    t.candidates.len()
                ),
                style,
            ),
        ]),
        _ => None,
    };
    if let Some(fields) = prompt {
        text::draw_fields(buf, area, &fields, options);
        return;
    }
    // While only the head is read, the share shown is unknown.
    let percent =
        if app.is_loading() { "…".to_string() } else { app.reader.percent().to_string() };
    let dir = if app.reader.cursor_rtl() { "RTL" } else { "LTR" };
    let r = &app.reader;
    let status = app.ann.store.status().map_or(String::new(), |s| format!(" [{}]", s.label()));
    let mut right =
        format!("{status} {} {dir} {percent:>3}% {} ", app.ann.status(), app.mode.label());
    if let Some(s) = &r.search {
        let current = s.current.map_or(0, |c| c + 1);
        right = format!(" [{current}/{}]{right}", s.matches.len());
    }
    let right_width = text::draw_fields_right(buf, area, &[Field::ui(right, style)], options);
    let left_area = Rect { width: area.width.saturating_sub(right_width as u16), ..area };
    // While a save fails, what is pending comes first (then the last
    // action's message, if there is room).
    let message = match (app.ann.pending(app.clock.now()), app.message.clone()) {
        (Some(pending), Some(message)) => Some(format!("{pending} · {message}")),
        (pending, message) => pending.or(message),
    };
    // A message too long for the status line is shown whole above it.
    let message = match message {
        Some(m)
            if text::width(&[Field::ui(format!(" {m}"), style)], options)
                > usize::from(left_area.width) =>
        {
            draw_banner(buf, area, &m, options);
            None
        }
        m => m,
    };
    let left: Vec<Field<'_>> = if let Some(m) = message.or_else(|| app.describe_cursor()) {
        vec![Field::ui(format!(" {m}"), style)]
    } else {
        let n = app.articles.len();
        let position = if n > 1 {
            format!(" ({}/{n})  ? help", app.current + 1)
        } else {
            "  ? help".to_string()
        };
        vec![Field::ui(" ", style), Field::data(r.name.as_str(), style), Field::ui(position, style)]
    };
    text::draw_fields(buf, left_area, &left, options);
}

/// Draws `message` whole, wrapped to the screen's width, in as many rows
/// as it needs just above the status line `status` (a banner in the status
/// line's colours).
fn draw_banner(buf: &mut Buffer, status: Rect, message: &str, options: TextOptions) {
    let width = status.width.saturating_sub(2);
    if width < 2 {
        return;
    }
    let laid = text::wrap(&[Field::ui(message, theme::status())], usize::from(width), options);
    let rows = u16::try_from(laid.rows()).unwrap_or(u16::MAX).min(status.y);
    let top = status.y - rows;
    let rect = Rect { x: status.x, y: top, width: status.width, height: rows };
    ratatui::widgets::Widget::render(ratatui::widgets::Clear, rect, buf);
    buf.set_style(rect, theme::status());
    laid.draw(buf, Rect { x: status.x + 1, width, ..rect }, 0);
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
