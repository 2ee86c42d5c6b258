//! The curation screen, drawn from [`Curation`]: a title line, the article
//! with the highlighted disagreement's versions marked in each annotator's
//! colour, the table of disagreements with every annotator's version side
//! by side and the decision, the highlighted row's versions in full, and
//! the status line. Text goes through [`super::text`] (the one layout path
//! for UI text), with the curation's shaping.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::article::ArticleView;
use super::text::{self, Field, TextOptions};
use super::theme;
use crate::annotate::palette::DEFAULT_PALETTE;
use crate::annotate::{AnnotationKind, Color};
use crate::app::curation::{Curation, Entry};
use crate::keymap::Action;
use crate::review::agree::Version;
use crate::review::curate::{Decision, Row, describe};
use crate::view::{Highlights, SpanKind, SpanMark};

/// How the curation's UI text is laid out (its articles' shaping).
fn options(c: &Curation) -> TextOptions {
    TextOptions::from_layout(&c.options)
}

/// Draws our own words (and app messages with isolated quotes) on one row.
fn draw_text(buf: &mut Buffer, area: Rect, words: &str, options: TextOptions, style: Style) {
    text::draw_fields(buf, Rect { height: 1, ..area }, &[Field::ui(words, style)], options);
}

/// Draws a table cell: text from files, as its own isolate.
fn draw_cell(buf: &mut Buffer, area: Rect, cell: &str, style: Style, options: TextOptions) {
    text::draw_cell(buf, area, cell, style, options);
}

/// The colour of source `i` (the default label palette, in order).
pub fn source_style(i: usize) -> theme::LabelStyle {
    theme::LabelStyle::of(Color::Rgb(DEFAULT_PALETTE[i % DEFAULT_PALETTE.len()]))
}

/// One version in a table cell: `PERSON: text`, a claim's kind, text,
/// claimant and cue.
fn cell(v: &Version) -> String {
    let mut s = format!("{}: {}", v.label, v.text);
    if let Some(who) = &v.claimant {
        s.push_str(" ← ");
        s.push_str(who);
    }
    if let Some(cue) = &v.cue {
        s.push_str(" · ");
        s.push_str(cue);
    }
    s
}

/// The decision as the table shows it.
fn decision_cell(decision: Option<&Decision>, sources: &[String]) -> String {
    match decision {
        None => "· open".to_owned(),
        Some(Decision::Take(i)) => format!("✓ {}", sources.get(*i).map_or("", String::as_str)),
        Some(Decision::All) => "✓ all".to_owned(),
        Some(Decision::Drop) => "✗ none".to_owned(),
    }
}

/// The marks of the article pane: the highlighted disagreement's versions
/// in their annotators' colours (claims underlined, their cues linked), the
/// agreed entities in italics.
fn marks(c: &Curation) -> Vec<SpanMark> {
    let Some(article) = c.article() else { return Vec::new() };
    let agreed = c.sources.len();
    let mut out: Vec<SpanMark> = article
        .comparison
        .agreed
        .iter()
        .filter(|a| a.kind == AnnotationKind::Entity)
        .map(|a| SpanMark {
            range: article.sides[0].entities[a.versions[0]].range(),
            kind: SpanKind::Entity(agreed),
        })
        .collect();
    if let Some(row) = article.rows.get(c.selected) {
        for (side, versions) in row.disagreement.versions.iter().enumerate() {
            for &i in versions {
                match row.disagreement.kind {
                    AnnotationKind::Entity => out.push(SpanMark {
                        range: article.sides[side].entities[i].range(),
                        kind: SpanKind::Entity(side),
                    }),
                    AnnotationKind::Claim => {
                        let claim = &article.sides[side].claims[i];
                        out.push(SpanMark { range: claim.range(), kind: SpanKind::Claim });
                        if let Some(cue) = &claim.cue {
                            out.push(SpanMark { range: cue.range(), kind: SpanKind::Linked });
                        }
                    }
                    AnnotationKind::Record => {
                        // Both ends light up.
                        let view = article.sides[side].side();
                        let entities = view.claimants();
                        let r = &article.sides[side].relations[i];
                        for (_, id) in r.references() {
                            if let Some(e) = entities.get(id) {
                                out.push(SpanMark {
                                    range: e.range(),
                                    kind: SpanKind::Entity(side),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Column widths: `#`, where, kind, why, one per source (sharing what is
/// left), decision.
fn widths(width: u16, sources: usize) -> Vec<u16> {
    let fixed = [3u16, 9, 6, 16];
    let last = 10u16;
    let used: u16 = fixed.iter().map(|w| w + 1).sum::<u16>() + last;
    let n = u16::try_from(sources.max(1)).unwrap_or(u16::MAX);
    let each = (width.saturating_sub(used) / n).saturating_sub(1).max(4);
    let mut out = fixed.to_vec();
    out.extend(std::iter::repeat_n(each, sources));
    out.push(last);
    out
}

/// Draws `cells` in columns of `widths` on row `y`.
fn draw_cells(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    widths: &[u16],
    cells: &[String],
    style: Style,
    options: TextOptions,
) {
    buf.set_style(Rect { y, height: 1, ..area }, style);
    let mut x = area.x;
    for (w, text) in widths.iter().zip(cells) {
        if x >= area.right() {
            break;
        }
        let width = (*w).min(area.right() - x);
        draw_cell(buf, Rect { x, y, width, height: 1 }, text, style, options);
        x = x.saturating_add(w + 1);
    }
}

/// The cells of one row of the table.
fn row_cells(c: &Curation, index: usize, row: &Row) -> Vec<String> {
    let Some(article) = c.article() else { return Vec::new() };
    let d = &row.disagreement;
    let mut cells = vec![
        (index + 1).to_string(),
        format!("{}–{}", d.range.start, d.range.end),
        crate::review::curate::kind_name(d.kind).to_owned(),
        describe(&d.why),
    ];
    for side in 0..c.sources.len() {
        let versions = article.versions(row, side);
        cells.push(if versions.is_empty() {
            "—".to_owned()
        } else {
            versions.iter().map(cell).collect::<Vec<_>>().join(" | ")
        });
    }
    cells.push(decision_cell(c.decision(row).as_ref(), &c.sources));
    cells
}

/// Draws the whole curation screen.
pub fn draw(frame: &mut Frame<'_>, c: &mut Curation) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if area.height < 6 || area.width < 20 {
        let words = "the terminal is too small to curate";
        draw_text(buf, area, words, options(c), Style::default());
        return;
    }
    let details = u16::try_from(c.sources.len()).unwrap_or(u16::MAX).saturating_add(1);
    let details = if area.height >= 16 + details { details } else { 0 };
    let pane_height = ((area.height - 1) * 2 / 5).max(3);
    let title = Rect { height: 1, ..area };
    let pane = Rect { y: area.y + 1, height: pane_height, ..area };
    let rule = Rect { y: pane.bottom(), height: 1, ..area };
    let status = Rect { y: area.bottom() - 1, height: 1, ..area };
    let detail = Rect { y: status.y - details, height: details, ..area };
    let table = Rect { y: rule.y + 1, height: detail.y.saturating_sub(rule.y + 1), ..area };

    c.resize_pane(usize::from(pane.width), usize::from(pane.height));
    draw_title(buf, title, c);
    let rows = c.pane.viewport.rows(&c.pane.doc);
    let mut palette: Vec<theme::LabelStyle> = (0..c.sources.len()).map(source_style).collect();
    palette.truncate(c.sources.len());
    let highlights = Highlights::new(None, None, &[], marks(c));
    frame.render_widget(
        ArticleView { rows: &rows, doc: &c.pane.doc, highlights: &highlights, palette: &palette },
        pane,
    );
    let buf = frame.buffer_mut();
    draw_table(buf, rule, table, c);
    if details > 0 {
        draw_details(buf, detail, c);
    }
    draw_status(buf, status, c);
    if c.help {
        draw_help(buf, Rect { y: area.y + 1, height: area.height - 2, ..area }, c);
    }
}

fn draw_title(buf: &mut Buffer, area: Rect, c: &Curation) {
    buf.set_style(area, theme::status());
    let name = c.entries.get(c.current).map_or("", Entry::name);
    let text = match c.entries.get(c.current) {
        Some(Entry::Ready(a)) => format!(
            " curate {}/{} {}  ·  {} open of {} disagreements  ·  {} agreed (in the gold)",
            c.current + 1,
            c.entries.len(),
            name,
            c.open_count(c.current),
            a.rows.len(),
            a.agreed(),
        ),
        Some(Entry::Failed(_, why)) => {
            format!(" curate {}/{} {}: not curated: {why}", c.current + 1, c.entries.len(), name)
        }
        None => " curate: no article is annotated in every source".to_owned(),
    };
    draw_text(buf, area, &text, options(c), theme::status());
}

fn draw_table(buf: &mut Buffer, rule: Rect, table: Rect, c: &Curation) {
    let widths = widths(table.width, c.sources.len());
    let mut titles: Vec<String> = ["#", "where", "kind", "why"].map(str::to_owned).to_vec();
    for (i, name) in c.sources.iter().enumerate() {
        titles.push(format!("{} {}", i + 1, crate::text::safe::ui_line(name)));
    }
    titles.push("decision".to_owned());
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let underlined = bold.add_modifier(Modifier::UNDERLINED);
    draw_cells(buf, table, rule.y, &widths, &titles, underlined, options(c));
    // The source columns' titles in their colours.
    let mut x = table.x + widths[..4].iter().map(|w| w + 1).sum::<u16>();
    for (i, w) in widths[4..widths.len() - 1].iter().enumerate() {
        let style = source_style(i);
        let title =
            Rect { x, y: rule.y, width: (*w).min(table.right().saturating_sub(x)), height: 1 };
        let fill = Style::default().fg(style.text).bg(style.fill).add_modifier(Modifier::BOLD);
        draw_cell(buf, title, &titles[4 + i], fill, options(c));
        x = x.saturating_add(w + 1);
    }
    let Some(article) = c.article() else {
        if let Some(Entry::Failed(_, why)) = c.entries.get(c.current) {
            draw_cell(buf, Rect { height: 1, ..table }, why, theme::dim(), options(c));
        }
        return;
    };
    if article.rows.is_empty() {
        let text = "no disagreement: every annotation is agreed ( ] next article · q quit )";
        draw_text(buf, Rect { height: 1, ..table }, text, options(c), theme::dim());
        return;
    }
    let visible = usize::from(table.height);
    let first = c.selected.saturating_sub(visible.saturating_sub(1));
    for ((i, row), y) in
        article.rows.iter().enumerate().skip(first).zip(table.top()..table.bottom())
    {
        let mut style = Style::default();
        if c.decision(row).is_some() {
            style = theme::dim();
        }
        if i == c.selected {
            style = Style::default().add_modifier(Modifier::REVERSED);
        }
        let cells: Vec<String> = row_cells(c, i, row)
            .iter()
            .map(|s| crate::text::safe::ui_line(s).into_owned())
            .collect();
        draw_cells(buf, table, y, &widths, &cells, style, options(c));
    }
}

/// The highlighted row's versions in full, one line per annotator.
fn draw_details(buf: &mut Buffer, area: Rect, c: &Curation) {
    let rule = "─".repeat(usize::from(area.width));
    buf.set_stringn(area.x, area.y, &rule, usize::from(area.width), theme::dim());
    let Some(article) = c.article() else { return };
    let Some(row) = article.rows.get(c.selected) else { return };
    for (side, y) in (0..c.sources.len()).zip(area.y + 1..area.bottom()) {
        let versions = article.versions(row, side);
        let style = source_style(side);
        let tag = format!(" {} {} ", side + 1, crate::text::safe::ui_line(&c.sources[side]));
        let tag_width = u16::try_from(tag.chars().count()).unwrap_or(u16::MAX).min(area.width);
        let fill = Style::default().fg(style.text).bg(style.fill);
        draw_text(buf, Rect { y, height: 1, width: tag_width, ..area }, &tag, options(c), fill);
        let text = if versions.is_empty() {
            "— (nothing here)".to_owned()
        } else {
            versions
                .iter()
                .map(|v| {
                    let by = v.by.as_ref().map(|b| format!(" (by {b})")).unwrap_or_default();
                    format!("{} {}–{}{by}: {}", v.id, v.start, v.end, cell(v))
                })
                .collect::<Vec<_>>()
                .join("  |  ")
        };
        let rest = Rect {
            x: area.x + tag_width + 1,
            y,
            height: 1,
            width: area.width.saturating_sub(tag_width + 1),
        };
        draw_cell(buf, rest, &text, Style::default(), options(c));
    }
}

fn draw_status(buf: &mut Buffer, area: Rect, c: &Curation) {
    buf.set_style(area, theme::status());
    let n = c.sources.len();
    let keys = format!(
        "1–{n} take · a all · x drop · n/N next/previous open · ]/[ article · u undo · ? keys · q quit"
    );
    let text = match (&c.failing, &c.message) {
        (Some(e), _) => format!(" SAVE FAILED (tried again): {e}"),
        (None, Some(m)) => format!(" {m}"),
        (None, None) => format!(" {keys}"),
    };
    draw_text(buf, area, &text, options(c), theme::status());
}

/// What an action does on the curation screen.
fn meaning(action: Action) -> Option<&'static str> {
    Some(match action {
        Action::Quit => "Leave (every decision is written already)",
        Action::Help => "Show or hide these keys",
        Action::NextItem => "Next disagreement",
        Action::PreviousItem => "Previous disagreement",
        Action::ScrollPageDown => "A page of disagreements down",
        Action::ScrollPageUp => "A page of disagreements up",
        Action::ScrollLineDown => "Scroll the article down a line",
        Action::ScrollLineUp => "Scroll the article up a line",
        Action::GoTop => "First disagreement",
        Action::GoBottom => "Last disagreement",
        Action::NextArticle => "Next article",
        Action::PreviousArticle => "Previous article",
        Action::TakeAll => "Take every annotator's version",
        Action::Drop => "Take no version",
        Action::NextOpen => "Next disagreement not decided yet (in the next articles too)",
        Action::PreviousOpen => "Previous disagreement not decided yet",
        Action::Undo => "Undo the last decision",
        _ => return None,
    })
}

fn draw_help(buf: &mut Buffer, area: Rect, c: &Curation) {
    let inner = theme::overlay(buf, area, " Curation keys (? or any key closes) ", 2);
    let n = c.sources.len();
    let mut lines = vec![(format!("1–{n}"), "Take that annotator's version".to_owned())];
    for (action, keys) in c.keymap.bindings(crate::keymap::Mode::Curate) {
        if let (false, Some(what)) = (keys.is_empty(), meaning(action)) {
            lines.push((keys.join(" "), what.to_owned()));
        }
    }
    lines.push((String::new(), String::new()));
    let gold = crate::text::safe::ui_line(&c.gold.display().to_string()).into_owned();
    lines.push(("gold".to_owned(), format!("every decision is written at once into {gold}")));
    for ((keys, what), y) in lines.iter().zip(inner.top()..inner.bottom()) {
        buf.set_stringn(inner.x, y, keys, 14, Style::default().add_modifier(Modifier::BOLD));
        let rest = Rect { x: inner.x + 15, y, width: inner.width.saturating_sub(15), height: 1 };
        draw_text(buf, rest, what, options(c), Style::default());
    }
}
