//! The review screen: the article's annotation table and the corpus views.
//! Every cell is its own isolate laid out by [`super::text`], right-aligned
//! when it runs right to left and cut with an ellipsis to fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Clear, Widget};

use super::text::{self, Field, TextOptions};
use super::theme;
use crate::annotate::AnnotationKind;
use crate::app::App;
use crate::app::corpus_view::Rows;
use crate::app::review::{Review, View};
use crate::text::plural::count;

/// A column: width and title.
struct Column {
    width: u16,
    title: &'static str,
}

/// Splits `width` among columns: fixed widths, and the rest shared by
/// weight among the flexible ones (weight > 0).
fn columns(width: u16, spec: &[(&'static str, u16, u16)]) -> Vec<Column> {
    let fixed: u16 = spec.iter().filter(|s| s.2 == 0).map(|s| s.1 + 1).sum();
    let weights: u16 = spec.iter().map(|s| s.2).sum::<u16>().max(1);
    let flex_room = width.saturating_sub(fixed);
    spec.iter()
        .map(|&(title, w, weight)| Column {
            width: if weight == 0 { w } else { (flex_room * weight / weights).saturating_sub(1) },
            title,
        })
        .collect()
}

/// Draws one table row of `cells` at `y`: each cell from a file as its
/// own isolate, aligned by its direction (the column titles are ours).
fn draw_row(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    cols: &[Column],
    cells: &[String],
    style: Style,
    options: TextOptions,
) {
    buf.set_style(Rect { y, height: 1, ..area }, style);
    let mut x = area.x;
    for (col, cell) in cols.iter().zip(cells) {
        if x >= area.right() {
            break;
        }
        let width = col.width.min(area.right() - x);
        text::draw_cell(buf, Rect { x, y, width, height: 1 }, cell, style, options);
        x = x.saturating_add(col.width + 1);
    }
}

/// The header of the review screen: what the view shows, over which scope
/// (this article or the corpus), how many rows, in which order, the
/// filters, then the keys.
fn header<'a>(app: &'a App, review: &'a Review, rows: usize) -> Vec<Field<'a>> {
    let style = theme::status();
    let (one, many) = review.view.rows_are();
    let mut out = Vec::new();
    if let Some(order) = review.view.order() {
        let articles = count(app.articles.len(), "article", "articles");
        let (read, all) = app.corpus.progress();
        let scanning = if app.is_scanning() || review.table.is_none() {
            format!(" · reading {read}/{all}…")
        } else {
            String::new()
        };
        out.push(Field::ui(
            format!(
                " corpus ({articles}): {} · {} · {order}{scanning}",
                review.view.title(),
                count(rows, one, many)
            ),
            style,
        ));
        out.push(Field::ui("   Tab reader · V views · Enter go", style));
        return out;
    }
    out.push(Field::ui(" this article: annotations of ", style));
    out.push(Field::data(app.reader.name.as_str(), style));
    out.push(Field::ui(
        format!(" · {} · sorted by {}", count(rows, one, many), review.sort.name()),
        style,
    ));
    let mut filters: Vec<Field<'a>> = Vec::new();
    if let Some(kind) = review.kind {
        let kind = match kind {
            AnnotationKind::Entity => "entities only",
            AnnotationKind::Claim => "claims only",
            AnnotationKind::Record => "relations only",
        };
        filters.push(Field::ui(kind, style));
    }
    if let Some(label) = &review.label {
        filters.push(Field::ui("label ", style));
        filters.push(Field::data(label.as_str(), style));
    }
    if let Some(by) = &review.by {
        if by.is_empty() {
            filters.push(Field::ui("by nobody recorded", style));
        } else {
            filters.push(Field::ui("by ", style));
            filters.push(Field::data(by.as_str(), style));
        }
    }
    if review.typing || !review.text.is_empty() {
        filters.push(Field::ui("text ", style));
        filters.push(if review.typing {
            Field::input(review.text.as_str(), style)
        } else {
            Field::data(review.text.as_str(), style)
        });
    }
    if !filters.is_empty() {
        out.push(Field::ui(" · filtered: ", style));
        out.extend(filters);
    }
    let keys = if review.typing {
        "   type the filter, Enter ends, Esc clears"
    } else {
        "   Tab reader · V views · / K f s filter/sort · Enter go"
    };
    out.push(Field::ui(keys, style));
    out
}

/// The review screen over `area`.
pub fn draw_review(buf: &mut Buffer, area: Rect, app: &App, review: &Review) {
    Clear.render(area, buf);
    if area.height < 2 {
        return;
    }
    let options = TextOptions::of(app);
    let body_rows = usize::from(area.height.saturating_sub(2));
    let first = review.selected.saturating_sub(body_rows.saturating_sub(1));
    // Only the rows on screen are made into cells: the corpus views' rows
    // were made when the view or the corpus changed, not per frame.
    let (cols, rows, total) = table_rows(app, review, area.width, first..first + body_rows);
    let row = Rect { height: 1, ..area };
    buf.set_style(row, theme::status());
    text::draw_fields(buf, row, &header(app, review, total), options);
    let table = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let bold = Style::default().add_modifier(Modifier::BOLD);
    buf.set_style(Rect { y: table.y, height: 1, ..table }, bold);
    let mut x = table.x;
    for col in &cols {
        if x >= table.right() {
            break;
        }
        let width = col.width.min(table.right() - x);
        let title = [Field::ui(col.title, bold)];
        text::draw_fields(buf, Rect { x, y: table.y, width, height: 1 }, &title, options);
        x = x.saturating_add(col.width + 1);
    }
    let body = Rect { y: table.y + 1, height: table.height.saturating_sub(1), ..table };
    for ((i, cells), y) in (first..).zip(rows.iter()).zip(body.top()..body.bottom()) {
        let style = if i == review.selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        draw_row(buf, body, y, &cols, cells, style, options);
    }
}

/// Columns, the rows of `shown`, and how many rows in all.
type Table = (Vec<Column>, Vec<Vec<String>>, usize);

/// The columns of the current view, its rows in `shown` and its number of rows.
fn table_rows(app: &App, review: &Review, width: u16, shown: std::ops::Range<usize>) -> Table {
    let spec: &[(&'static str, u16, u16)] = match review.view {
        View::Article => return article_table(app, review, width, shown),
        View::Articles => {
            &[("", 2, 0), ("article", 0, 1), ("entities", 8, 0), ("claims", 6, 0), ("note", 0, 1)]
        }
        View::Entities => {
            &[("entity", 0, 2), ("mentions", 8, 0), ("labels", 0, 1), ("forms", 0, 2)]
        }
        View::Claims => {
            &[("claimant", 0, 2), ("cue", 8, 0), ("claim", 0, 5), ("kind", 8, 0), ("article", 0, 1)]
        }
        View::Labels => &[("label", 9, 0), ("count", 6, 0), ("", 0, 1)],
        View::Annotators => &[
            ("annotator", 0, 1),
            ("entities", 8, 0),
            ("claims", 6, 0),
            ("articles", 8, 0),
            ("done", 6, 0),
            ("in progress", 11, 0),
            ("to do", 6, 0),
        ],
    };
    let cols = columns(width, spec);
    let Some(table) = review.table.as_ref() else { return (cols, Vec::new(), 0) };
    let total = table.len();
    let (corpus, names) = (&app.corpus.corpus, app.articles.as_slice());
    // Only the rows on screen are made into cells.
    let mut rows: Vec<Vec<String>> = shown.filter_map(|i| table.cells(i, corpus, names)).collect();
    if let (View::Labels, Rows::Made(all, _)) = (review.view, &table.rows) {
        // Bars to the last column's width, the longest for the most used.
        let count = |r: &Vec<String>| r.get(1).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let max = all.iter().map(count).max().unwrap_or(1).max(1);
        let room = usize::from(cols.last().map_or(0, |c| c.width));
        for r in &mut rows {
            r.push("█".repeat((count(r) * room).div_ceil(max).min(room)));
        }
    }
    (cols, rows, total)
}

/// The annotations of the open article; a `by` column when some say who
/// made them.
fn article_table(app: &App, review: &Review, width: u16, shown: std::ops::Range<usize>) -> Table {
    let with_by = app.ann.store.entities().any(|e| e.by.is_some())
        || app.ann.store.claims().any(|c| c.by.is_some());
    let mut spec = vec![
        ("id", 5, 0),
        ("kind", 6, 0),
        ("label", 9, 0),
        ("text", 0, 4),
        ("claimant", 0, 2),
        ("cue", 8, 0),
        ("position", 11, 0),
        ("note", 0, 2),
        ("!", 6, 0),
    ];
    if with_by {
        spec.insert(3, ("by", 8, 0));
    }
    let cols = columns(width, &spec);
    let visible = review.visible_rows(&app.ann.store);
    let total = visible.len();
    let rows = visible
        .into_iter()
        .skip(shown.start)
        .take(shown.len())
        .map(|r| {
            let mut cells = vec![
                r.id,
                match r.kind {
                    AnnotationKind::Entity => "entity".into(),
                    AnnotationKind::Claim => "claim".into(),
                    AnnotationKind::Record => "relation".into(),
                },
                r.label,
                r.text,
                r.claimant,
                r.cue,
                format!("{}–{}", r.range.start, r.range.end),
                r.note,
                flags(r.orphan, &r.conflict_with),
            ];
            if with_by {
                cells.insert(3, r.by);
            }
            cells
        })
        .collect();
    (cols, rows, total)
}

/// The "!" column: `orphan`, and `⚠ e7` for a version in conflict with e7.
fn flags(orphan: bool, conflict_with: &[String]) -> String {
    let mut flags = Vec::new();
    if !conflict_with.is_empty() {
        flags.push(format!("⚠ {}", conflict_with.join(",")));
    }
    if orphan {
        flags.push("orphan".to_string());
    }
    flags.join(" ")
}
