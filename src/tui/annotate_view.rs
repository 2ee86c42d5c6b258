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
use crate::app::claim_form::{ClaimForm, Field};
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

/// The claim form.
pub fn draw_claim_form(buf: &mut Buffer, area: Rect, form: &ClaimForm) {
    let title =
        format!(" Claim {} (Tab field · ←→ choose · type text · Enter/Esc close) ", form.id);
    let inner = bottom_box(area, 4, &title, buf);
    let claimant = match form.entity.and_then(|i| form.entities.get(i)) {
        Some(e) => format!("{} ({} {})", e.text, e.label, e.id),
        None if !form.claimant_text.is_empty() => form.claimant_text.clone(),
        None => "—".to_string(),
    };
    let cue = form.cue.and_then(|i| form.cues.get(i)).map_or("—".to_string(), |(_, t)| t.clone());
    let kind = format!("{} ({})", form.kind.display(), form.kind.name());
    let rows = [
        (Field::Claimant, "claimant", claimant),
        (Field::Cue, "cue", cue),
        (Field::Kind, "kind", kind),
        (Field::Note, "note", form.note.clone()),
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
}
