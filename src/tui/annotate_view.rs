//! What the annotator adds to the screen: annotation spans for the article
//! pane, the label picker and the claim form.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::screen::draw_text;
use super::theme;
use crate::annotate::{AnnotationRef, Claimant};
use crate::app::App;
use crate::app::claim_form::{Choice, ClaimForm, Field};
use crate::view::{SpanKind, SpanMark};

/// The label styles, in schema order (an unknown label's index is past
/// the end: it is drawn in italics).
pub fn palette(app: &App) -> Vec<theme::LabelStyle> {
    app.ann.schema.labels.iter().map(|l| theme::LabelStyle::of(l.color)).collect()
}

/// The annotation spans over `visible` (document offsets), plus the
/// claimant and cue of the claim under the cursor.
pub fn spans(app: &App, visible: Range<usize>) -> Vec<SpanMark> {
    let store = &app.ann.store;
    let labels = &app.ann.schema.labels;
    let color = |label: &str| labels.iter().position(|l| l.name == label).unwrap_or(labels.len());
    let mut out: Vec<SpanMark> = store
        .overlapping(visible.clone())
        .into_iter()
        .map(|a| match a {
            AnnotationRef::Entity(e) => {
                SpanMark { range: e.range(), kind: SpanKind::Entity(color(&e.label)) }
            }
            AnnotationRef::Claim(c) => SpanMark { range: c.range(), kind: SpanKind::Claim },
        })
        .collect();
    for orphan in store.orphans() {
        let r = orphan.range();
        if r.start < visible.end && visible.start < r.end {
            out.push(SpanMark { range: r, kind: SpanKind::Orphan });
        }
    }
    // The claim under the cursor shows who said it and with which verb.
    for a in store.at(app.reader.cursor) {
        if let AnnotationRef::Claim(c) = a {
            if let Some(Claimant::Entity(id)) = &c.claimant {
                if let Some(e) = store.entity(id) {
                    out.push(SpanMark { range: e.range(), kind: SpanKind::Linked });
                }
            }
            if let Some(cue) = &c.cue {
                out.push(SpanMark { range: cue.range(), kind: SpanKind::Linked });
            }
        }
    }
    out
}

/// A box of `height` rows at the bottom of `area`.
fn bottom_box(area: Rect, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let h = height.saturating_add(2).min(area.height);
    let rect = Rect { y: area.bottom().saturating_sub(h), height: h, ..area };
    theme::overlay(buf, rect, title, 1)
}

/// The label picker: one row per label, with its key and colour.
pub fn draw_label_picker(buf: &mut Buffer, area: Rect, app: &App, selected: usize) {
    let labels = &app.ann.schema.labels;
    let inner =
        bottom_box(area, labels.len() as u16, " Label (key or ↑↓ Enter · Esc cancels) ", buf);
    for (i, (label, y)) in labels.iter().zip(inner.top()..inner.bottom()).enumerate() {
        let mut style = Style::default();
        if i == selected {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let row = Rect { y, height: 1, ..inner };
        buf.set_style(row, style);
        let key = label.key.map_or_else(|| " ".to_string(), |k| k.to_string());
        buf.set_stringn(row.x, y, format!(" {key} "), 3, style);
        let swatch = Style::default().bg(theme::label_color(label.color));
        buf.set_stringn(row.x + 3, y, "  ", 2, swatch);
        // A `hashiya.toml` label shows its controls as the CLI does.
        buf.set_stringn(row.x + 6, y, crate::text::safe::line(&label.name), 8, style);
        let text = Rect { x: row.x + 15, width: row.width.saturating_sub(15), ..row };
        draw_text(buf, text, &label.display, true, style);
    }
}

/// The claim form: one row per field, and a last row listing the focused
/// field's choices (the highlighted one in brackets) or what its keys do.
pub fn draw_claim_form(buf: &mut Buffer, area: Rect, form: &ClaimForm) {
    let state = if form.fresh { "new" } else { "editing" };
    let title = format!(
        " Claim {} · {state} (Tab field · ←→ choose · type to filter · Enter/Esc close) ",
        form.id
    );
    let inner = bottom_box(area, 5, &title, buf);
    let claimant = match (form.current_claimant(), form.claimant_filter.trim().is_empty()) {
        (Some(c), true) => describe(&c),
        (None, true) => "—".to_string(),
        (Some(c), false) if form.free_text || form.claimant_matches().is_empty() => {
            format!("{} (free text: no entity chosen; Ctrl-t: the matches)", iso(c.text()))
        }
        (c, false) => format!(
            "{} ▸ {}",
            iso(&form.claimant_filter),
            c.map_or_else(|| "—".to_string(), |c| describe(&c))
        ),
    };
    let cue = match (form.current_cue(), form.cue_filter.trim().is_empty()) {
        (Some((_, t)), true) => iso(&t),
        (None, true) => "—".to_string(),
        (Some((_, t)), false) => format!("{} ▸ {}", iso(&form.cue_filter), iso(&t)),
        (None, false) => {
            format!("{} ▸ no word of the sentence matches", iso(&form.cue_filter))
        }
    };
    let kind = format!("{} ({})", form.kind.display(), form.kind.name());
    let rows = [
        (Field::Claimant, "claimant", claimant),
        (Field::Cue, "cue", cue),
        (Field::Kind, "kind", kind),
        (Field::Note, "note", iso(&form.note)),
    ];
    for ((field, name, value), y) in rows.into_iter().zip(inner.top()..inner.bottom()) {
        let focused = field == form.field;
        let style = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        buf.set_stringn(inner.x, y, format!("{name:>9} "), 10, theme::dim());
        let value_area =
            Rect { x: inner.x + 10, y, width: inner.width.saturating_sub(10), height: 1 };
        buf.set_style(value_area, style);
        draw_text(buf, value_area, &value, true, style);
    }
    if inner.height >= 5 {
        let y = inner.top() + 4;
        let area = Rect { x: inner.x + 10, y, width: inner.width.saturating_sub(10), height: 1 };
        draw_text(buf, area, &choices_line(form), true, theme::dim());
    }
}

/// The focused field's choices, the current one in brackets, or its keys.
fn choices_line(form: &ClaimForm) -> String {
    fn list(items: &[String], current: Option<usize>) -> String {
        if items.is_empty() {
            return "no choice here: type".to_string();
        }
        let at = current.unwrap_or(0);
        // From the current one on, so that it is always in view.
        let start = at.saturating_sub(1);
        let shown: Vec<String> = items
            .iter()
            .enumerate()
            .skip(start)
            .take(12)
            .map(|(i, t)| if Some(i) == current { format!("[{t}]") } else { t.clone() })
            .map(|t| format!("\u{2068}{t}\u{2069}"))
            .collect();
        let more = if start + shown.len() < items.len() { " …" } else { "" };
        format!("{} of {}: {}{more}", at + 1, items.len(), shown.join(" · "))
    }
    match form.field {
        Field::Claimant if !form.claimant_filter.trim().is_empty() => {
            let matches = form.claimant_matches();
            let items: Vec<String> = matches.iter().map(|&i| short(&form.claimants[i])).collect();
            let pick = (!matches.is_empty()).then(|| form.claimant_pick.min(matches.len() - 1));
            list(&items, pick)
        }
        Field::Claimant => {
            let items: Vec<String> = form.claimants.iter().map(short).collect();
            list(&items, form.claimant)
        }
        Field::Cue if !form.cue_filter.trim().is_empty() => {
            let matches = form.cue_matches();
            let items: Vec<String> = matches.into_iter().map(|(_, t)| iso(&t)).collect();
            let pick = (!items.is_empty()).then(|| form.cue_pick.min(items.len() - 1));
            list(&items, pick)
        }
        Field::Cue => {
            let items: Vec<String> = form.cues.iter().map(|(_, t)| iso(t)).collect();
            list(&items, form.cue)
        }
        Field::Kind => "←→: direct (quoted), indirect (reported), mixed".to_string(),
        Field::Note => "type the note".to_string(),
    }
}

/// Text from the article or typed, as one isolated piece (FSI … PDI), so
/// that the Arabic pieces of a line keep their own order; its controls and
/// bidi controls are shown as symbols.
fn iso(text: &str) -> String {
    format!("\u{2068}{}\u{2069}", crate::text::safe::line(text))
}

/// A claimant choice on its row: `يفمينوف (PERSON e13)`.
fn describe(choice: &Choice) -> String {
    match choice {
        Choice::Entity { id, text, label } => {
            format!("{} ({} {})", iso(text), crate::text::safe::line(label), id)
        }
        Choice::Words { text, .. } => format!("{} (not tagged: Ctrl-e tags it)", iso(text)),
        Choice::Text(text) => format!("{} (text)", iso(text)),
    }
}

/// A claimant choice in the list: its text, with the id of an entity.
fn short(choice: &Choice) -> String {
    match choice {
        Choice::Entity { id, text, .. } => format!("{} {id}", iso(text)),
        Choice::Words { text, .. } => format!("{} (not tagged)", iso(text)),
        Choice::Text(text) => iso(text),
    }
}
