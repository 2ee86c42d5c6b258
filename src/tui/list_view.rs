//! The article list (`a`): each article's status, file name and title —
//! and the search across every article (`F`): the query, how far the
//! search is, and the matches per article, each in its context with the
//! match marked. Everything from a file goes through the UI text path
//! ([`super::text`]): names, titles and snippets as isolates, controls as
//! symbols.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::screen::centred;
use super::text::{self, Field, TextOptions};
use super::theme;
use crate::annotate::ArticleStatus;
use crate::app::App;

/// Width of the status column of the article list.
const STATUS_WIDTH: u16 = 15;

/// The words for a status in the list (none counts as to do).
fn status_words(status: Option<ArticleStatus>) -> &'static str {
    status.map_or("to do", ArticleStatus::label)
}

/// The article list overlay: status, name and title of each article the
/// filter lets through; titles and statuses fill in as they are read.
pub fn draw_list(buf: &mut Buffer, area: Rect, app: &App, selected: usize) {
    let options = TextOptions::of(app);
    let listed = app.listed_articles();
    let height = u16::try_from(listed.len()).unwrap_or(u16::MAX).saturating_add(2).max(3);
    let filter = app.list_filter.map_or("all", ArticleStatus::label);
    let title = format!(" Articles: {filter} (Enter opens) ");
    let inner = theme::overlay(buf, centred(area, 100, height), &title, 1);
    if listed.is_empty() {
        let row = Rect { height: 1, ..inner };
        text::draw_fields(
            buf,
            row,
            &[Field::ui("no article has this status", theme::dim())],
            options,
        );
        return;
    }
    // Keep the highlighted entry in view.
    let at = listed.partition_point(|&i| i < selected);
    let first = at.saturating_sub(usize::from(inner.height).saturating_sub(1));
    let name_width = (inner.width.saturating_sub(STATUS_WIDTH + 2) / 3).max(8);
    for (&i, y) in listed.iter().skip(first).zip(inner.top()..inner.bottom()) {
        let Some(article) = app.articles.get(i) else { continue };
        let mut style = Style::default();
        if i == selected {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let row = Rect { y, height: 1, ..inner };
        buf.set_style(row, style);
        let mark = if i == app.current { "▸ " } else { "  " };
        let status = status_words(app.status_of(i));
        let status_area = Rect { width: STATUS_WIDTH.min(row.width), ..row };
        text::draw_fields(
            buf,
            status_area,
            &[Field::ui(format!("{mark}{status}"), style)],
            options,
        );
        let name_x = row.x + STATUS_WIDTH.min(row.width);
        let name_area =
            Rect { x: name_x, width: name_width.min(row.right().saturating_sub(name_x)), ..row };
        text::draw_fields(buf, name_area, &[Field::data(article.name.as_str(), style)], options);
        let title_x = name_area.right().saturating_add(2).min(row.right());
        let title_area = Rect { x: title_x, width: row.right() - title_x, ..row };
        match app.infos.get(i) {
            Some(info) => {
                text::draw_fields(
                    buf,
                    title_area,
                    &[Field::data(info.title.as_str(), style)],
                    options,
                );
            }
            None if app.infos.is_running() => {
                text::draw_fields(
                    buf,
                    title_area,
                    &[Field::ui("…", style.patch(theme::dim()))],
                    options,
                );
            }
            None => {}
        }
    }
}

/// One row of the search results.
#[derive(Debug, Clone, Copy)]
enum Row {
    /// An article's heading: its index in the results.
    Article(usize),
    /// A match: the result, the match in it, and its index in all kept.
    Hit(usize, usize, usize),
}

/// The search of every article: prompt, progress, matches per article.
pub fn draw_corpus_search(buf: &mut Buffer, area: Rect, app: &App) {
    let options = TextOptions::of(app);
    let s = &app.corpus_search;
    let inner = theme::overlay(buf, area, " Search all articles (Enter opens · Esc closes) ", 1);
    if inner.height == 0 {
        return;
    }
    let prompt =
        [Field::ui("search: ", Style::default()), Field::input(s.query.as_str(), Style::default())];
    text::draw_fields(buf, Rect { height: 1, ..inner }, &prompt, options);
    if inner.height < 2 {
        return;
    }
    let found = crate::text::plural::count(s.found(), "match", "matches");
    let articles = crate::text::plural::count(s.results.len(), "article", "articles");
    let progress = if s.query.trim().is_empty() {
        "type to search every article (spelling-insensitive, as /)".to_string()
    } else if s.done {
        let mut p = format!("{found} in {articles}");
        if s.unreadable > 0 {
            let _ = write!(p, " · {} unreadable", s.unreadable);
        }
        if s.kept() < s.found() {
            let _ = write!(p, " · the first {} listed", s.kept());
        }
        p
    } else {
        format!("searching… {}/{} articles · {found} in {articles}", s.searched, s.total)
    };
    let row = Rect { y: inner.y + 1, height: 1, ..inner };
    text::draw_fields(buf, row, &[Field::ui(progress, theme::dim())], options);
    let list = Rect { y: inner.y + 2, height: inner.height - 2, ..inner };
    let mut rows = Vec::new();
    let mut flat = 0usize;
    for (r, result) in s.results.iter().enumerate() {
        rows.push(Row::Article(r));
        for h in 0..result.hits.hits.len() {
            rows.push(Row::Hit(r, h, flat));
            flat += 1;
        }
    }
    let at = rows.iter().position(|row| matches!(row, Row::Hit(_, _, f) if *f == s.selected));
    let first = at.map_or(0, |at| at.saturating_sub(usize::from(list.height).saturating_sub(1)));
    for (row, y) in rows.iter().skip(first).zip(list.top()..list.bottom()) {
        let area = Rect { y, height: 1, ..list };
        match *row {
            Row::Article(r) => {
                let Some(result) = s.results.get(r) else { continue };
                let name = app.articles.get(result.article).map_or("", |a| a.name.as_str());
                let bold = Style::default().add_modifier(Modifier::BOLD);
                let count = crate::text::plural::count(result.hits.total, "match", "matches");
                let fields =
                    [Field::data(name, bold), Field::ui(format!(" · {count}"), theme::dim())];
                text::draw_fields(buf, area, &fields, options);
            }
            Row::Hit(r, h, f) => {
                let Some(hit) = s.results.get(r).and_then(|res| res.hits.hits.get(h)) else {
                    continue;
                };
                let mut style = Style::default();
                if f == s.selected {
                    style = style.add_modifier(Modifier::REVERSED);
                    buf.set_style(area, style);
                }
                let fields = [
                    Field::ui("  ", style),
                    Field::data_marked(
                        hit.snippet.as_str(),
                        style,
                        hit.in_snippet.clone(),
                        theme::match_style(),
                    ),
                ];
                text::draw_fields(buf, area, &fields, options);
            }
        }
    }
}
