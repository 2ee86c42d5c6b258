//! What the annotator adds to the screen: annotation spans for the article
//! pane, the label picker and the claim form.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::text::{self, Field, TextOptions};
use super::theme;
use crate::annotate::{AnnotationRef, Claimant};
use crate::app::App;
use crate::app::claim_form::{Choice, ClaimForm, Field as FormField};
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
        .filter_map(|a| match a {
            AnnotationRef::Entity(e) => {
                Some(SpanMark { range: e.range(), kind: SpanKind::Entity(color(&e.label)) })
            }
            AnnotationRef::Claim(c) => Some(SpanMark { range: c.range(), kind: SpanKind::Claim }),
            AnnotationRef::Record(_) => None,
        })
        .collect();
    for orphan in store.orphans() {
        let r = orphan.range();
        if r.start < visible.end && visible.start < r.end {
            out.push(SpanMark { range: r, kind: SpanKind::Orphan });
        }
    }
    // Suggestions: their own mark, never an annotation's colour.
    out.extend(
        app.visible_suggestions()
            .iter()
            .filter(|s| s.range.start < visible.end && visible.start < s.range.end)
            .map(|s| SpanMark { range: s.range.clone(), kind: SpanKind::Suggested }),
    );
    // A linked mention under the cursor lights its coreference chain.
    if let Some((_, chain)) = app.chain() {
        for range in chain {
            if range.start < visible.end && visible.start < range.end {
                out.push(SpanMark { range, kind: SpanKind::Linked });
            }
        }
    }
    // A relation being made: its first end; an entity under the cursor:
    // both ends of each of its relations.
    let first = app.relation_from.as_deref().and_then(|id| store.entity(id));
    out.extend(first.map(|e| SpanMark { range: e.range(), kind: SpanKind::Linked }));
    for a in store.at(app.reader.cursor) {
        if let AnnotationRef::Entity(e) = a {
            for r in store.referring_to(&e.id) {
                for (_, id) in r.references() {
                    if let Some(end) = store.entity(id).filter(|end| !end.orphan) {
                        out.push(SpanMark { range: end.range(), kind: SpanKind::Linked });
                    }
                }
            }
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
    let options = TextOptions::of(app);
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
        let swatch = Style::default().bg(theme::label_color(label.color));
        let head = [
            Field::ui(" ", style),
            Field::data(key, style),
            Field::ui(" ", style),
            Field::ui("  ", swatch),
            Field::ui(" ", style),
        ];
        let x = text::draw_fields(buf, row, &head, options) as u16;
        // A `hashiya.toml` label shows its controls as the CLI does.
        let name = Rect { x: row.x + x, width: 8.min(row.width.saturating_sub(x)), ..row };
        text::draw_fields(buf, name, &[Field::data(label.name.as_str(), style)], options);
        let rest = Rect { x: row.x + x + 9, width: row.width.saturating_sub(x + 9), ..row };
        text::draw_fields(buf, rest, &[Field::data(label.display.as_str(), style)], options);
    }
}

/// The relation type picker: one row per type the schema allows between
/// the two ends, with its key, name and display name; the ends in the title.
pub fn draw_relation_picker(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    pick: &crate::app::relating::RelationPick,
) {
    let options = TextOptions::of(app);
    let title = " Relation (key or ↑↓ Enter · Esc cancels) ";
    let inner = bottom_box(area, pick.choices.len() as u16 + 1, title, buf);
    let end = |id: &str| app.ann.store.entity(id).map_or_else(|| id.to_owned(), |e| e.text.clone());
    let ends = [
        Field::ui(" ", theme::dim()),
        Field::data(end(&pick.from), theme::dim()),
        Field::ui(" → ", theme::dim()),
        Field::data(end(&pick.to), theme::dim()),
    ];
    text::draw_fields(buf, Rect { height: 1, ..inner }, &ends, options);
    let rows = (inner.top() + 1)..inner.bottom();
    for (i, (name, y)) in pick.choices.iter().zip(rows).enumerate() {
        let style = if i == pick.selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let row = Rect { y, height: 1, ..inner };
        buf.set_style(row, style);
        let def = app.ann.schema.relation(name);
        let key = def.and_then(|r| r.key).map_or_else(|| " ".to_string(), |k| k.to_string());
        let head = [Field::ui(" ", style), Field::data(key, style), Field::ui(" ", style)];
        let x = text::draw_fields(buf, row, &head, options) as u16;
        let name_area = Rect { x: row.x + x, width: 12.min(row.width.saturating_sub(x)), ..row };
        text::draw_fields(buf, name_area, &[Field::data(name.as_str(), style)], options);
        let rest = Rect { x: row.x + x + 13, width: row.width.saturating_sub(x + 13), ..row };
        let display = def.map_or(name.as_str(), |r| r.display.as_str());
        text::draw_fields(buf, rest, &[Field::data(display, style)], options);
    }
}

/// The claim form: one row per field, and a last row listing the focused
/// field's choices (the highlighted one in brackets) or what its keys do.
/// What is typed (a filter, the note) shows the caret in the focused field.
pub fn draw_claim_form(buf: &mut Buffer, area: Rect, form: &ClaimForm, options: TextOptions) {
    let state = if form.fresh { "new" } else { "editing" };
    let title = format!(
        " Claim {} · {state} (Tab field · ←→ choose · type to filter · Enter/Esc close) ",
        crate::text::safe::line(&form.id)
    );
    let inner = bottom_box(area, 5, &title, buf);
    for (field, y) in [FormField::Claimant, FormField::Cue, FormField::Kind, FormField::Note]
        .into_iter()
        .zip(inner.top()..inner.bottom())
    {
        let focused = field == form.field;
        let style = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let name = Rect { x: inner.x, y, width: 9.min(inner.width), height: 1 };
        let label = [Field::ui(field_name(field), theme::dim())];
        text::draw_fields_right(buf, name, &label, options);
        let value_area =
            Rect { x: inner.x + 10, y, width: inner.width.saturating_sub(10), height: 1 };
        buf.set_style(value_area, style);
        text::draw_fields(buf, value_area, &value(form, field, focused, style), options);
    }
    if inner.height >= 5 {
        let y = inner.top() + 4;
        let area = Rect { x: inner.x + 10, y, width: inner.width.saturating_sub(10), height: 1 };
        text::draw_fields(buf, area, &choices_line(form), options);
    }
}

/// The name of a form field.
fn field_name(field: FormField) -> &'static str {
    match field {
        FormField::Claimant => "claimant",
        FormField::Cue => "cue",
        FormField::Kind => "kind",
        FormField::Note => "note",
    }
}

/// What typed text shows as: with the caret when its field is focused.
fn typed(text: &str, focused: bool, style: Style) -> Field<'_> {
    if focused { Field::input(text, style) } else { Field::data(text, style) }
}

/// The value a field will save, as fields of text.
fn value(form: &ClaimForm, field: FormField, focused: bool, style: Style) -> Vec<Field<'_>> {
    let dash = || vec![Field::ui("—", style)];
    match field {
        FormField::Claimant => {
            let filter = form.claimant_filter.as_str();
            match (form.current_claimant(), filter.trim().is_empty()) {
                (Some(c), true) => describe(&c, style),
                (None, true) => dash(),
                (Some(c), false) if form.free_text || form.claimant_matches().is_empty() => vec![
                    typed(filter, focused, style),
                    Field::ui(" (free text: no entity chosen; Ctrl-t: the matches)", style),
                ]
                .into_iter()
                .chain((c.text() != filter).then(|| Field::data(c.text().to_string(), style)))
                .collect(),
                (c, false) => {
                    let mut out = vec![typed(filter, focused, style), Field::ui(" ▸ ", style)];
                    out.extend(c.map_or_else(dash, |c| describe(&c, style)));
                    out
                }
            }
        }
        FormField::Cue => {
            let filter = form.cue_filter.as_str();
            match (form.current_cue(), filter.trim().is_empty()) {
                (Some((_, t)), true) => vec![Field::data(t, style)],
                (None, true) => dash(),
                (Some((_, t)), false) => {
                    vec![
                        typed(filter, focused, style),
                        Field::ui(" ▸ ", style),
                        Field::data(t, style),
                    ]
                }
                (None, false) => vec![
                    typed(filter, focused, style),
                    Field::ui(" ▸ no word of the sentence matches", style),
                ],
            }
        }
        FormField::Kind => vec![
            Field::data(form.kind.display(), style),
            Field::ui(format!(" ({})", form.kind.name()), style),
        ],
        FormField::Note => vec![typed(form.note.as_str(), focused, style)],
    }
}

/// The focused field's choices, the current one in brackets, or its keys.
fn choices_line(form: &ClaimForm) -> Vec<Field<'static>> {
    let dim = theme::dim();
    let list = |items: Vec<Vec<Field<'static>>>, current: Option<usize>| {
        if items.is_empty() {
            return vec![Field::ui("no choice here: type", dim)];
        }
        let at = current.unwrap_or(0);
        // From the current one on, so that it is always in view.
        let start = at.saturating_sub(1);
        let total = items.len();
        let mut out = vec![Field::ui(format!("{} of {total}: ", at + 1), dim)];
        let mut shown = 0;
        for (i, item) in items.into_iter().enumerate().skip(start).take(12) {
            if shown > 0 {
                out.push(Field::ui(" · ", dim));
            }
            let bracket = Some(i) == current;
            if bracket {
                out.push(Field::ui("[", dim));
            }
            out.extend(item);
            if bracket {
                out.push(Field::ui("]", dim));
            }
            shown += 1;
        }
        if start + shown < total {
            out.push(Field::ui(" …", dim));
        }
        out
    };
    match form.field {
        FormField::Claimant if !form.claimant_filter.trim().is_empty() => {
            let matches = form.claimant_matches();
            let items = matches.iter().map(|&i| short(&form.claimants[i], dim)).collect();
            let pick = (!matches.is_empty()).then(|| form.claimant_pick.min(matches.len() - 1));
            list(items, pick)
        }
        FormField::Claimant => {
            let items = form.claimants.iter().map(|c| short(c, dim)).collect();
            list(items, form.claimant)
        }
        FormField::Cue if !form.cue_filter.trim().is_empty() => {
            let matches = form.cue_matches();
            let pick = (!matches.is_empty()).then(|| form.cue_pick.min(matches.len() - 1));
            let items = matches.into_iter().map(|(_, t)| vec![Field::data(t, dim)]).collect();
            list(items, pick)
        }
        FormField::Cue => {
            let items = form.cues.iter().map(|(_, t)| vec![Field::data(t.clone(), dim)]).collect();
            list(items, form.cue)
        }
        FormField::Kind => vec![Field::ui("←→: direct (quoted), indirect (reported), mixed", dim)],
        FormField::Note => vec![Field::ui("type the note", dim)],
    }
}

/// A claimant choice on its row: `يفمينوف (PERSON e13)`.
fn describe(choice: &Choice, style: Style) -> Vec<Field<'static>> {
    match choice {
        Choice::Entity { id, text, label } => vec![
            Field::data(text.clone(), style),
            Field::ui(" (", style),
            Field::data(label.clone(), style),
            Field::ui(" ", style),
            Field::data(id.clone(), style),
            Field::ui(")", style),
        ],
        Choice::Words { text, .. } => vec![
            Field::data(text.clone(), style),
            Field::ui(" (not tagged: Ctrl-e tags it)", style),
        ],
        Choice::Text(text) => vec![Field::data(text.clone(), style), Field::ui(" (text)", style)],
    }
}

/// A claimant choice in the list: its text, with the id of an entity.
fn short(choice: &Choice, style: Style) -> Vec<Field<'static>> {
    match choice {
        Choice::Entity { id, text, .. } => vec![
            Field::data(text.clone(), style),
            Field::ui(" ", style),
            Field::data(id.clone(), style),
        ],
        Choice::Words { text, .. } => {
            vec![Field::data(text.clone(), style), Field::ui(" (not tagged)", style)]
        }
        Choice::Text(text) => vec![Field::data(text.clone(), style)],
    }
}

/// The link picker: the canonical entities matching what is typed (unlink
/// first when the mention is linked, a new entity last), the typed filter
/// on the title row.
pub fn draw_link_picker(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    picker: &crate::app::linking::LinkPicker,
) {
    use crate::app::linking::LinkChoice;
    let options = TextOptions::of(app);
    let choices = app.link_choices(picker);
    let rows = (choices.len() as u16 + 1).min(area.height.saturating_sub(4).max(2));
    let inner = bottom_box(area, rows, " Link to (type to filter · ↑↓ Enter · Esc cancels) ", buf);
    let Some(first) = (inner.height > 0).then_some(inner.top()) else { return };
    let filter = Rect { y: first, height: 1, ..inner };
    let dim = theme::dim();
    let head = [
        Field::ui(" ", dim),
        Field::data(picker.text.as_str(), dim),
        Field::ui(" ▸ ", dim),
        Field::input(picker.query.as_str(), Style::default()),
    ];
    text::draw_fields(buf, filter, &head, options);
    let shown = usize::from(inner.height.saturating_sub(1));
    let selected = picker.selected.min(choices.len().saturating_sub(1));
    let start = (selected + 1).saturating_sub(shown);
    for ((i, choice), y) in choices.iter().enumerate().skip(start).zip(first + 1..inner.bottom()) {
        let style = if i == selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let row = Rect { y, height: 1, ..inner };
        buf.set_style(row, style);
        let fields: Vec<Field<'_>> = match choice {
            LinkChoice::Unlink => vec![Field::ui(" unlink", style)],
            LinkChoice::Entity { id, name, kind, aliases } => {
                let mut f = vec![
                    Field::ui(" ", style),
                    Field::data(name.as_str(), style),
                    Field::ui(" (", style),
                    Field::data(kind.as_str(), style),
                    Field::ui(" ", style),
                    Field::data(id.as_str(), style),
                    Field::ui(")", style),
                ];
                if !aliases.is_empty() {
                    f.push(Field::ui(" also ", style));
                    f.push(Field::data(aliases.as_str(), style));
                }
                f
            }
            LinkChoice::New(name) => vec![
                Field::ui(" new entity «", style),
                Field::data(name.as_str(), style),
                Field::ui("»", style),
            ],
        };
        text::draw_fields(buf, row, &fields, options);
    }
}
