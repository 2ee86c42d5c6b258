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
use crate::app::review::{Corpus, EntityGroup, Review, View};
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
        out.push(Field::ui(
            format!(
                " corpus ({articles}): {} · {} · {order}",
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
    // The rows are built once per frame; the header counts them.
    let (cols, rows) = table_rows(app, review, area.width);
    let row = Rect { height: 1, ..area };
    buf.set_style(row, theme::status());
    text::draw_fields(buf, row, &header(app, review, rows.len()), options);
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
    let visible = usize::from(body.height);
    let first = review.selected.saturating_sub(visible.saturating_sub(1));
    for ((i, cells), y) in rows.iter().enumerate().skip(first).zip(body.top()..body.bottom()) {
        let style = if i == review.selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        draw_row(buf, body, y, &cols, cells, style, options);
    }
}

/// Columns and rows of a view.
type Table = (Vec<Column>, Vec<Vec<String>>);

/// The columns and rows of the current view.
fn table_rows(app: &App, review: &Review, width: u16) -> Table {
    match review.view {
        View::Article => article_table(app, review, width),
        View::Articles => articles_table(review.corpus.as_ref(), width),
        View::Entities => entities_table(review.corpus.as_ref(), width),
        View::Claims => claims_table(app, review.corpus.as_ref(), width),
        View::Labels => labels_table(review.corpus.as_ref(), width),
    }
}

/// The annotations of the open article; a `by` column when some say who
/// made them.
fn article_table(app: &App, review: &Review, width: u16) -> Table {
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
    let rows = review
        .visible_rows(&app.ann.store)
        .into_iter()
        .map(|r| {
            let mut cells = vec![
                r.id,
                match r.kind {
                    AnnotationKind::Entity => "entity".into(),
                    AnnotationKind::Claim => "claim".into(),
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
    (cols, rows)
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

/// Every article with its counts and a progress mark.
fn articles_table(corpus: Option<&Corpus>, width: u16) -> Table {
    let cols = columns(
        width,
        &[("", 2, 0), ("article", 0, 1), ("entities", 8, 0), ("claims", 6, 0), ("note", 0, 1)],
    );
    let rows = corpus
        .map(|c| {
            c.articles
                .iter()
                .map(|a| {
                    let entities =
                        a.rows.iter().filter(|r| r.kind == AnnotationKind::Entity).count();
                    let claims = a.rows.len() - entities;
                    let orphans = a.rows.iter().filter(|r| r.orphan).count();
                    let mark = match (&a.problem, a.rows.is_empty()) {
                        (Some(_), _) => "⚠",
                        (None, true) => "·",
                        (None, false) => "✓",
                    };
                    let conflicts = a.rows.iter().filter(|r| !r.conflict_with.is_empty()).count();
                    let note = a.problem.clone().unwrap_or_else(|| {
                        let mut notes = Vec::new();
                        if orphans > 0 {
                            notes.push(count(orphans, "orphan", "orphans"));
                        }
                        if conflicts > 0 {
                            notes.push(format!("{conflicts} in conflict"));
                        }
                        notes.join(", ")
                    });
                    vec![
                        mark.to_string(),
                        a.name.clone(),
                        entities.to_string(),
                        claims.to_string(),
                        note,
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    (cols, rows)
}

/// Entities grouped across the corpus.
fn entities_table(corpus: Option<&Corpus>, width: u16) -> Table {
    let cols =
        columns(width, &[("entity", 0, 2), ("mentions", 8, 0), ("labels", 0, 1), ("forms", 0, 2)]);
    let rows = corpus
        .map(|c| {
            c.entity_index()
                .into_iter()
                .map(|EntityGroup { name, mentions, .. }| {
                    let mut labels: Vec<&str> = mentions.iter().map(|m| m.label.as_str()).collect();
                    labels.sort_unstable();
                    labels.dedup();
                    let mut forms: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
                    forms.sort_unstable();
                    forms.dedup();
                    vec![name, mentions.len().to_string(), labels.join(" "), forms.join("، ")]
                })
                .collect()
        })
        .unwrap_or_default();
    (cols, rows)
}

/// Who said what, across the corpus.
fn claims_table(app: &App, corpus: Option<&Corpus>, width: u16) -> Table {
    let cols = columns(
        width,
        &[("claimant", 0, 2), ("cue", 8, 0), ("claim", 0, 5), ("kind", 8, 0), ("article", 0, 1)],
    );
    let name = |i: usize| app.articles.get(i).map(|a| a.name.clone()).unwrap_or_default();
    let rows = corpus
        .map(|c| {
            c.claims()
                .into_iter()
                .map(|(i, r)| vec![r.claimant, r.cue, r.text, r.label, name(i)])
                .collect()
        })
        .unwrap_or_default();
    (cols, rows)
}

/// Label counts as bars.
fn labels_table(corpus: Option<&Corpus>, width: u16) -> Table {
    let cols = columns(width, &[("label", 9, 0), ("count", 6, 0), ("", 0, 1)]);
    let counts = corpus.map(Corpus::label_counts).unwrap_or_default();
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let bar_room = usize::from(cols.last().map_or(0, |c| c.width));
    let rows = counts
        .into_iter()
        .map(|(label, n)| {
            let bar = "█".repeat((n * bar_room).div_ceil(max).min(bar_room));
            vec![label, n.to_string(), bar]
        })
        .collect();
    (cols, rows)
}
