//! The one way UI text reaches the screen: the status line, prompts, forms,
//! the note editor, table cells, the corpus views, help, messages and
//! banners are all laid out here, by the article's layout engine.
//!
//! A line of UI text is a list of [`Field`]s, each with its style:
//!
//! - [`Field::ui`]: the program's own words (and messages). Left-to-right
//!   frame; the balanced first-strong isolates (FSI … PDI) the app puts
//!   around quoted fields act (see [`crate::text::safe::ui_line`]), every
//!   other control and bidi control is shown as a symbol or a mark;
//! - [`Field::data`]: text from a file or typed (a name, a note, a cell):
//!   its own isolate, so that its direction comes from its first strong
//!   letter and it keeps its own order whatever surrounds it; controls and
//!   bidi controls shown as symbols and marks;
//! - [`Field::input`]: a field being typed into, with the caret at its end:
//!   the caret is a cell of the isolate, so it lands where the next letter
//!   will (left of right-to-left text) and letters appear right to left.
//!
//! The fields of a line are composed into one paragraph (the isolates keep
//! them apart) and laid out with the app's shaping; each cell takes the
//! style of the field it shows. A line too wide for its area is cut at a
//! grapheme cluster with an ellipsis at its logical end (visually left of
//! right-to-left text); an input keeps its end in view and loses its start.
//! [`wrap`] lays longer text out on as many rows as it needs (banners,
//! help, the message log).
//!
//! In terminal-bidi mode ([`TextOptions::logical`]) cells are sent in
//! logical order, as the article's are, and the terminal reorders each row
//! by itself. So that it keeps fields apart and rows left to right, every
//! right-to-left isolate is sent after an RLM (its opening quote is its
//! own), itself after an LRM when nothing left-to-right came before (the row
//! stays left to right), and before an RLM (its closing quote is its own)
//! and an LRM (a number after it stays outside: `«…» [1/2]`). Each mark
//! takes a column: a cell holding the mark and a space ([`super::marks`]
//! places the next cell whatever width the terminal gives the mark; one
//! mark per cell, as mlterm keeps only the first). A wrapped row that would
//! start with a right-to-left letter gets an LRM in its first column.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_bidi::{BidiClass, bidi_class};
use unicode_segmentation::UnicodeSegmentation;

use crate::layout::{BaseDirection, LayoutOptions, Layouter, Line, ParagraphLayout};

const FSI: char = '\u{2068}';
const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const PDI: char = '\u{2069}';
const LRM: char = '\u{200E}';
const RLM: char = '\u{200F}';
/// What ends a cut line.
pub const ELLIPSIS: char = '…';
/// Stands for the caret in the composed paragraph: a neutral that is not
/// white space (rule L1 would move trailing white space to the frame's
/// direction), so it takes the direction of the end of its field.
const CARET: char = '\u{00A0}';
/// Stands for a direction mark (terminal-bidi mode) in the composed
/// paragraph: one column wide, never drawn as itself.
const MARK: char = '\u{E000}';

/// How UI text is laid out: the app's shaping, and whether the terminal
/// reorders (cells then go out in logical order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextOptions {
    /// Shape Arabic letters (`--shape`).
    pub shape: bool,
    /// Send logical order for a terminal that reorders by itself
    /// (terminal-bidi mode).
    pub logical: bool,
}

impl TextOptions {
    /// The options of `app`'s layout.
    pub fn of(app: &crate::app::App) -> Self {
        Self::from_layout(&app.options)
    }

    /// The options matching the article's `layout` options.
    pub fn from_layout(layout: &LayoutOptions) -> Self {
        Self { shape: layout.shape, logical: !layout.reorder }
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The program's words; balanced isolates act.
    Ui,
    /// Text from a file or typed: its own isolate.
    Data,
    /// Data being typed, with the caret at its end.
    Input,
}

/// A piece of a line of UI text, with its style.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<'a> {
    text: Cow<'a, str>,
    style: Style,
    kind: Kind,
    /// A part of a data field drawn in another style: its `char` range in
    /// `text`, and the style.
    marked: Option<(Range<usize>, Style)>,
}

impl<'a> Field<'a> {
    /// The program's own words, or a message of the app (whose quoted
    /// fields are isolated, FSI … PDI).
    pub fn ui(text: impl Into<Cow<'a, str>>, style: Style) -> Self {
        Self { text: text.into(), style, kind: Kind::Ui, marked: None }
    }

    /// Text from a file or typed, isolated: a direction of its own.
    pub fn data(text: impl Into<Cow<'a, str>>, style: Style) -> Self {
        Self { text: text.into(), style, kind: Kind::Data, marked: None }
    }

    /// Text from a file, isolated (as [`Field::data`]), with the `char`s
    /// `marked` of it drawn in `marked_style` (a search match in its
    /// context): one isolate, so the text keeps its order.
    pub fn data_marked(
        text: impl Into<Cow<'a, str>>,
        style: Style,
        marked: Range<usize>,
        marked_style: Style,
    ) -> Self {
        Self { text: text.into(), style, kind: Kind::Data, marked: Some((marked, marked_style)) }
    }

    /// Text being typed, isolated, with the caret after its last letter.
    pub fn input(text: impl Into<Cow<'a, str>>, style: Style) -> Self {
        Self { text: text.into(), style, kind: Kind::Input, marked: None }
    }

    /// The field with `modifier` added to its style.
    #[must_use]
    pub fn patched(mut self, modifier: Modifier) -> Self {
        self.style = self.style.add_modifier(modifier);
        self
    }
}

/// One run of the composed paragraph: safe text, isolated or not.
#[derive(Debug, Clone)]
struct Segment {
    text: String,
    style: Style,
    isolated: bool,
    caret: bool,
    /// A `char` range of `text` in another style.
    marked: Option<(Range<usize>, Style)>,
}

/// True when an isolate of `text` (as FSI) runs right to left: its first
/// strong letter, outside nested isolates, is right-to-left.
fn first_strong_rtl(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            FSI | LRI | RLI => depth += 1,
            PDI => depth = depth.saturating_sub(1),
            _ if depth == 0 => match bidi_class(c) {
                BidiClass::L => return false,
                BidiClass::R | BidiClass::AL => return true,
                _ => {}
            },
            _ => {}
        }
    }
    false
}

/// The segments of `fields`: their text made safe, a UI field split at its
/// balanced top-level isolates.
fn segments(fields: &[Field<'_>]) -> Vec<Segment> {
    let mut out = Vec::new();
    for field in fields {
        match field.kind {
            Kind::Data | Kind::Input => {
                let (text, marked) = safe_marked(&field.text, field.marked.as_ref());
                out.push(Segment {
                    text,
                    style: field.style,
                    isolated: true,
                    caret: field.kind == Kind::Input,
                    marked,
                });
            }
            Kind::Ui => {
                let text = crate::text::safe::ui_line(&field.text);
                let mut plain = String::new();
                let mut inner = String::new();
                let mut depth = 0usize;
                for c in text.chars() {
                    match c {
                        FSI | LRI | RLI if depth == 0 => {
                            depth = 1;
                            inner.clear();
                        }
                        PDI if depth == 1 => {
                            depth = 0;
                            push_plain(&mut out, &mut plain, field.style);
                            out.push(Segment {
                                text: std::mem::take(&mut inner),
                                style: field.style,
                                isolated: true,
                                caret: false,
                                marked: None,
                            });
                        }
                        _ if depth > 0 => {
                            // Nested isolates are balanced (ui_line showed
                            // the others): they stay in the text.
                            match c {
                                FSI | LRI | RLI => depth += 1,
                                PDI => depth -= 1,
                                _ => {}
                            }
                            inner.push(c);
                        }
                        _ => plain.push(c),
                    }
                }
                push_plain(&mut out, &mut plain, field.style);
            }
        }
    }
    out
}

fn push_plain(out: &mut Vec<Segment>, plain: &mut String, style: Style) {
    if !plain.is_empty() {
        out.push(Segment {
            text: std::mem::take(plain),
            style,
            isolated: false,
            caret: false,
            marked: None,
        });
    }
}

/// `text` made safe (controls as symbols), and the marked range in `char`s
/// of the safe text: each part is made safe on its own, so the range
/// follows the symbols.
fn safe_marked(
    text: &str,
    marked: Option<&(Range<usize>, Style)>,
) -> (String, Option<(Range<usize>, Style)>) {
    let Some((range, style)) = marked else {
        return (crate::text::safe::line(text).into_owned(), None);
    };
    let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (start, end) = (byte(range.start), byte(range.end.max(range.start)));
    let before = crate::text::safe::line(&text[..start]);
    let inside = crate::text::safe::line(&text[start..end]);
    let after = crate::text::safe::line(&text[end..]);
    let from = before.chars().count();
    let to = from + inside.chars().count();
    (format!("{before}{inside}{after}"), Some((from..to, *style)))
}

/// The segments composed into one paragraph.
#[derive(Debug, Clone, Default)]
struct Composed {
    text: String,
    /// Per segment: the `char` range of its content in `text`.
    content: Vec<Range<u32>>,
    /// Per segment: the `char` offset where its controls start, and its style.
    starts: Vec<(u32, Style)>,
    /// Direction marks (logical order only): `char` offset of the
    /// placeholder, and the mark it stands for.
    marks: Vec<(u32, char)>,
    /// The caret's placeholder.
    caret: Option<u32>,
}

impl Composed {
    fn new(segments: &[Segment], options: TextOptions) -> Self {
        let mut c = Self::default();
        let mut n = 0u32;
        // A strong left-to-right letter (or mark) came before: the row is
        // left to right whatever follows.
        let mut ltr_before = false;
        for s in segments {
            c.starts.push((n, s.style));
            let rtl = s.isolated && options.logical && first_strong_rtl(&s.text);
            if rtl {
                if !ltr_before {
                    c.mark(&mut n, LRM);
                }
                c.mark(&mut n, RLM);
            }
            if s.isolated {
                c.push(&mut n, FSI);
            }
            let content_start = n;
            for (i, ch) in s.text.chars().enumerate() {
                if let Some((range, style)) = &s.marked {
                    if i == range.start && range.start < range.end {
                        c.starts.push((n, *style));
                    } else if i == range.end && range.start < range.end {
                        c.starts.push((n, s.style));
                    }
                }
                c.push(&mut n, ch);
            }
            if s.marked.as_ref().is_some_and(|(r, _)| r.end >= s.text.chars().count()) {
                // Back to the field's style for the controls that close it.
                c.starts.push((n, s.style));
            }
            c.content.push(content_start..n);
            if s.caret {
                c.caret = Some(c.push(&mut n, CARET));
            }
            if rtl {
                c.mark(&mut n, RLM);
            }
            if s.isolated {
                c.push(&mut n, PDI);
            }
            if rtl {
                c.mark(&mut n, LRM);
                ltr_before = true;
            } else if !s.isolated || !first_strong_rtl(&s.text) {
                ltr_before |= s.text.chars().any(|ch| bidi_class(ch) == BidiClass::L);
            }
        }
        c
    }

    /// Appends the placeholder of direction mark `mark`.
    fn mark(&mut self, n: &mut u32, mark: char) {
        let at = self.push(n, MARK);
        self.marks.push((at, mark));
    }

    /// Appends `ch`, the `n`th character; returns its offset.
    fn push(&mut self, n: &mut u32, ch: char) -> u32 {
        self.text.push(ch);
        *n += 1;
        *n - 1
    }

    /// The style of the character at `offset`.
    fn style_at(&self, offset: u32) -> Style {
        let i = self.starts.partition_point(|&(start, _)| start <= offset);
        self.starts.get(i.saturating_sub(1)).map_or_else(Style::default, |s| s.1)
    }

    fn mark_at(&self, offset: u32) -> Option<char> {
        self.marks.iter().find(|m| m.0 == offset).map(|m| m.1)
    }
}

/// UI text laid out: the composed paragraph and its lines.
#[derive(Debug, Clone)]
pub struct Laid {
    composed: Composed,
    layout: ParagraphLayout,
    logical: bool,
    /// The isolate of the only field, when it runs right to left (a cell
    /// is then right-aligned).
    rtl: bool,
    /// A line was cut to fit.
    cut: bool,
}

impl Laid {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.layout.lines.len()
    }

    /// Columns the widest row takes (a row's direction mark included).
    pub fn width(&self) -> usize {
        self.layout.lines.iter().map(|l| self.line_width(l)).max().unwrap_or(0)
    }

    /// True when the text was cut to fit (an ellipsis ends it).
    pub fn is_cut(&self) -> bool {
        self.cut
    }

    /// True when the text is one right-to-left field.
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// The text of row `i` as drawn, left to right, without alignment.
    pub fn row_text(&self, i: usize) -> String {
        let mut buf = Buffer::empty(Rect::new(0, 0, self.width().max(1) as u16, 1));
        let area = buf.area;
        self.draw_row(&mut buf, area, i, false);
        (0..area.width).map(|x| buf[(x, 0)].symbol().to_string()).collect::<String>()
    }

    /// Columns row `line` takes.
    fn line_width(&self, line: &Line) -> usize {
        line.width as usize + usize::from(self.row_mark(line).is_some())
    }

    /// In logical order, the LRM a row needs before it when the terminal
    /// would find it right-to-left (its first strong letter is).
    fn row_mark(&self, line: &Line) -> Option<char> {
        if !self.logical {
            return None;
        }
        for cell in self.layout.line_cells(line) {
            if let Some(mark) = self.composed.mark_at(cell.logical.start) {
                return (mark == RLM).then_some(LRM);
            }
            let glyph = self.layout.glyph(cell);
            match glyph.chars().next().map(bidi_class) {
                Some(BidiClass::L) => return None,
                Some(BidiClass::R | BidiClass::AL) => return Some(LRM),
                _ => {}
            }
        }
        None
    }

    /// Draws row `i` into `area` (one row): from its left edge, or
    /// right-aligned when `right`.
    pub fn draw_row(&self, buf: &mut Buffer, area: Rect, i: usize, right: bool) {
        let Some(line) = self.layout.lines.get(i) else { return };
        let width = usize::from(area.width);
        let used = self.line_width(line);
        let mut x = if right { width.saturating_sub(used) } else { 0 };
        let y = area.y;
        if let Some(mark) = self.row_mark(line) {
            if x < width {
                set(buf, area.x + x as u16, y, &format!("{mark} "), self.style_before(line));
                x += 1;
            }
        }
        for cell in self.layout.line_cells(line) {
            let offset = cell.logical.start;
            let w = usize::from(cell.width);
            if w == 0 {
                continue;
            }
            if x + w > width {
                break;
            }
            let style = self.composed.style_at(offset);
            let left = area.x + x as u16;
            if let Some(mark) = self.composed.mark_at(offset) {
                // One mark per cell, then a space: mlterm gives a mark a
                // column of its own (and the next cell, placed after it,
                // covers the space), others none (the space fills it).
                set(buf, left, y, &format!("{mark} "), style);
            } else if self.composed.caret == Some(offset) {
                set(buf, left, y, " ", caret_style(style));
            } else {
                let glyph = self.layout.glyph(cell);
                if glyph.starts_with(' ') {
                    for k in 0..w as u16 {
                        set(buf, left + k, y, " ", style);
                    }
                } else {
                    set(buf, left, y, glyph, style);
                    for k in 1..w as u16 {
                        buf[(left + k, y)].reset();
                    }
                }
            }
            x += w;
        }
    }

    /// The style of the first cell of `line`.
    fn style_before(&self, line: &Line) -> Style {
        self.composed.style_at(line.logical.start)
    }

    /// Draws every row into `area`, from its top, skipping the first
    /// `skip` rows; returns the rows drawn.
    pub fn draw(&self, buf: &mut Buffer, area: Rect, skip: usize) -> usize {
        let mut drawn = 0;
        for (i, y) in (skip..self.rows()).zip(area.top()..area.bottom()) {
            self.draw_row(buf, Rect { y, height: 1, ..area }, i, false);
            drawn += 1;
        }
        drawn
    }
}

fn set(buf: &mut Buffer, x: u16, y: u16, symbol: &str, style: Style) {
    if buf.area.contains(ratatui::layout::Position { x, y }) {
        buf[(x, y)].set_symbol(symbol).set_style(style);
    }
}

/// The caret over a field of `style`: reversed (or, in a reversed field,
/// not).
fn caret_style(style: Style) -> Style {
    if style.add_modifier.contains(Modifier::REVERSED) {
        style.remove_modifier(Modifier::REVERSED).add_modifier(Modifier::BOLD)
    } else {
        style.add_modifier(Modifier::REVERSED)
    }
}

/// Lays out composed text on lines of at most `width` columns (`None`: one line).
fn lay(composed: Composed, width: Option<usize>, options: TextOptions, rtl: bool) -> Laid {
    let layout_options = LayoutOptions {
        width,
        shape: options.shape,
        base: BaseDirection::Ltr,
        mark_placeholder: true,
        reorder: !options.logical,
    };
    let layout = Layouter::new().layout(&composed.text, &layout_options);
    Laid { composed, layout, logical: options.logical, rtl, cut: false }
}

/// `fields` laid out on one line, whole.
pub fn line(fields: &[Field<'_>], options: TextOptions) -> Laid {
    let segments = segments(fields);
    let rtl = segments.len() == 1 && segments[0].isolated && first_strong_rtl(&segments[0].text);
    lay(Composed::new(&segments, options), None, options, rtl)
}

/// Columns `fields` take on one line.
pub fn width(fields: &[Field<'_>], options: TextOptions) -> usize {
    line(fields, options).width()
}

/// `fields` laid out on one line of at most `width` columns: cut at a
/// grapheme cluster with an ellipsis at the logical end of what is left —
/// or, with an input field, at the start of the input, so that its end
/// (where typing goes) stays in view.
pub fn fit(fields: &[Field<'_>], width: usize, options: TextOptions) -> Laid {
    let mut segments = segments(fields);
    let rtl = segments.len() == 1 && segments[0].isolated && first_strong_rtl(&segments[0].text);
    let whole = lay(Composed::new(&segments, options), None, options, rtl);
    if whole.width() <= width {
        return whole;
    }
    if width == 0 {
        let mut empty = lay(Composed::default(), None, options, rtl);
        empty.cut = true;
        return empty;
    }
    let mut laid = match segments.iter().position(|s| s.caret) {
        Some(input) => cut_start(&mut segments, input, &whole, width, options, rtl),
        None => cut_end(&segments, &whole, width, options, rtl),
    };
    laid.cut = true;
    laid
}

/// Cuts the input segment `input` at its start until the line fits.
fn cut_start(
    segments: &mut [Segment],
    input: usize,
    whole: &Laid,
    width: usize,
    options: TextOptions,
    rtl: bool,
) -> Laid {
    let text = std::mem::take(&mut segments[input].text);
    // Cluster boundaries of the input (byte offsets), after its start.
    let bounds: Vec<usize> =
        text.grapheme_indices(true).map(|(i, _)| i).skip(1).chain([text.len()]).collect();
    // Skip clusters while the columns saved fall short of what is needed.
    let need = whole.width() + 1 - width;
    let mut saved = 0;
    let mut k = 0;
    while k + 1 < bounds.len() && saved < need {
        let from = if k == 0 { 0 } else { bounds[k - 1] };
        saved += unicode_width::UnicodeWidthStr::width(&text[from..bounds[k]]);
        k += 1;
    }
    loop {
        let from = if k == 0 { 0 } else { bounds[k - 1] };
        segments[input].text = format!("{ELLIPSIS}{}", &text[from..]);
        let laid = lay(Composed::new(segments, options), None, options, rtl);
        if laid.width() <= width || k + 1 >= bounds.len() {
            if laid.width() <= width {
                return laid;
            }
            // Even the ellipsis alone does not fit beside the prompt: cut
            // the prompt too.
            return cut_end(segments, &laid, width, options, rtl);
        }
        k += 1;
    }
}

/// Cuts the line at the last cluster boundary where it fits with an
/// ellipsis after it.
fn cut_end(
    segments: &[Segment],
    whole: &Laid,
    width: usize,
    options: TextOptions,
    rtl: bool,
) -> Laid {
    // Cluster starts in logical order, with the columns before each.
    let mut cells: Vec<(u32, usize)> = whole
        .layout
        .cells
        .iter()
        .filter(|c| c.width > 0)
        .map(|c| (c.logical.start, usize::from(c.width)))
        .collect();
    cells.sort_unstable();
    let mut before = 0usize;
    let mut cut = 0usize;
    for (i, &(_, w)) in cells.iter().enumerate() {
        if before + w + 1 > width {
            break;
        }
        before += w;
        cut = i + 1;
    }
    loop {
        let at = cells.get(cut).map_or(u32::MAX, |c| c.0);
        let cut_segments = truncate(segments, &whole.composed, at);
        let laid = lay(Composed::new(&cut_segments, options), None, options, rtl);
        if laid.width() <= width || cut == 0 {
            return laid;
        }
        cut -= 1;
    }
}

/// `segments` cut at composed offset `at`, with an ellipsis at the end of
/// what is left (inside the segment that was cut).
fn truncate(segments: &[Segment], composed: &Composed, at: u32) -> Vec<Segment> {
    let mut out = Vec::new();
    for (s, content) in segments.iter().zip(&composed.content) {
        if at >= content.end {
            let mut s = s.clone();
            if composed.caret.is_some_and(|c| c >= at) {
                s.caret = false;
            }
            out.push(s);
            continue;
        }
        let keep = at.saturating_sub(content.start) as usize;
        let mut text: String = s.text.chars().take(keep).collect();
        text.push(ELLIPSIS);
        out.push(Segment { text, caret: false, ..s.clone() });
        return out;
    }
    if let Some(last) = out.last_mut() {
        last.text.push(ELLIPSIS);
    }
    out
}

/// `fields` wrapped to rows of `width` columns (a word longer than a row
/// is broken), each row left-aligned; in logical order a row may start
/// with a direction mark, counted in its width.
pub fn wrap(fields: &[Field<'_>], width: usize, options: TextOptions) -> Laid {
    let segments = segments(fields);
    let width = width.max(2);
    // In logical order a row may need a mark column of its own.
    let room = if options.logical { width - 1 } else { width };
    lay(Composed::new(&segments, options), Some(room), options, false)
}

/// Draws `fields` on the row `area` (its first row), cut to fit; returns
/// the columns used.
pub fn draw_fields(
    buf: &mut Buffer,
    area: Rect,
    fields: &[Field<'_>],
    options: TextOptions,
) -> usize {
    draw_fields_aligned(buf, area, fields, options, false)
}

/// Draws `fields` right-aligned on the row `area`, cut to fit; returns
/// the columns used.
pub fn draw_fields_right(
    buf: &mut Buffer,
    area: Rect,
    fields: &[Field<'_>],
    options: TextOptions,
) -> usize {
    draw_fields_aligned(buf, area, fields, options, true)
}

/// Draws `fields` on the first row of `area`, cut to fit, on its right
/// when `right`; returns the columns used.
fn draw_fields_aligned(
    buf: &mut Buffer,
    area: Rect,
    fields: &[Field<'_>],
    options: TextOptions,
    right: bool,
) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let laid = fit(fields, usize::from(area.width), options);
    laid.draw_row(buf, Rect { height: 1, ..area }, 0, right);
    laid.width()
}

/// Draws one table cell: `text` (from a file) as its own isolate,
/// right-aligned when it runs right to left, cut with an ellipsis to fit.
/// Line breaks in it are shown as symbols.
pub fn draw_cell(buf: &mut Buffer, area: Rect, text: &str, style: Style, options: TextOptions) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let laid = fit(&[Field::data(text, style)], usize::from(area.width), options);
    let right = laid.is_rtl();
    laid.draw_row(buf, Rect { height: 1, ..area }, 0, right);
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISUAL: TextOptions = TextOptions { shape: false, logical: false };
    const SHAPED: TextOptions = TextOptions { shape: true, logical: false };
    const LOGICAL: TextOptions = TextOptions { shape: false, logical: true };

    fn plain() -> Style {
        Style::default()
    }

    /// The row drawn into `width` columns, as text.
    fn drawn(fields: &[Field<'_>], width: u16, options: TextOptions) -> String {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        let area = buf.area;
        draw_fields(&mut buf, area, fields, options);
        (0..width).map(|x| buf[(x, 0)].symbol().to_string()).collect()
    }

    #[test]
    fn a_marked_part_of_a_data_field_takes_its_style_in_place() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        // "قال الرئيس" with the second word marked; a control before it is
        // shown as a symbol and the mark follows it.
        let fields = [Field::data_marked("\u{1b}قال الرئيس ذلك", plain(), 5..11, bold)];
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        let area = buf.area;
        draw_fields(&mut buf, area, &fields, VISUAL);
        let row: String = (0..20).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(row.trim_end(), "كلذ سيئرلا لاق␛");
        let styled: String = (0..20)
            .filter(|&x| buf[(x, 0)].modifier.contains(Modifier::BOLD))
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect();
        assert_eq!(styled, "سيئرلا");
    }

    #[test]
    fn fields_keep_their_own_order_in_a_left_to_right_frame() {
        // Two Arabic fields side by side: each reversed in place, the first
        // on the left (without isolates they would swap).
        let fields = [
            Field::ui("by ", plain()),
            Field::data("قال", plain()),
            Field::ui(" ", plain()),
            Field::data("بكين", plain()),
        ];
        assert_eq!(drawn(&fields, 14, VISUAL), "by لاق نيكب   ");
        // A message's quoted fields are isolates already.
        let message = [Field::ui("c1 by \u{2068}«قال»\u{2069} \u{2068}«بكين»\u{2069}", plain())];
        assert_eq!(drawn(&message, 20, VISUAL), "c1 by «لاق» «نيكب»  ");
    }

    #[test]
    fn shaping_follows_the_option() {
        let fields = [Field::data("قال", plain())];
        assert_eq!(drawn(&fields, 3, SHAPED), "ﻝﺎﻗ");
        assert_eq!(drawn(&fields, 3, VISUAL), "لاق");
    }

    #[test]
    fn controls_in_data_are_shown_never_obeyed() {
        let fields = [Field::data("a\u{1b}[2Jb\u{202E}c", plain())];
        assert_eq!(drawn(&fields, 14, VISUAL), "a␛[2Jb⟪RLO⟫c  ");
        // A UI message's unbalanced isolate is shown too.
        let fields = [Field::ui("x\u{2068}y", plain())];
        assert_eq!(drawn(&fields, 8, VISUAL), "x⟪FSI⟫y ");
    }

    #[test]
    fn the_caret_follows_the_direction_of_what_is_typed() {
        let caret_x = |fields: &[Field<'_>], width: u16| {
            let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
            let area = buf.area;
            draw_fields(&mut buf, area, fields, VISUAL);
            (0..width).find(|&x| buf[(x, 0)].modifier.contains(Modifier::REVERSED))
        };
        // Arabic: the caret is left of the text, where the next letter goes.
        let ar = [Field::ui("/", plain()), Field::input("قال ذ", plain())];
        assert_eq!(drawn(&ar, 10, VISUAL), "/ ذ لاق   ");
        assert_eq!(caret_x(&ar, 10), Some(1));
        // Latin: right of it. Empty: right after the prompt.
        let en = [Field::ui("/", plain()), Field::input("ab", plain())];
        assert_eq!(caret_x(&en, 10), Some(3));
        let empty = [Field::ui("/", plain()), Field::input("", plain())];
        assert_eq!(caret_x(&empty, 10), Some(1));
    }

    #[test]
    fn too_long_text_is_cut_with_an_ellipsis_at_a_cluster() {
        let fields = [Field::ui("deleted e1 and more", plain())];
        assert_eq!(drawn(&fields, 10, VISUAL), "deleted e…");
        // Right-to-left data loses its logical end: the left of it.
        let fields = [Field::data("مرحبا بكم", plain())];
        let laid = fit(&fields, 6, VISUAL);
        assert!(laid.is_cut());
        assert_eq!(laid.row_text(0), "…ابحرم");
        // A lam-alef ligature is one cluster: never cut in two.
        let fields = [Field::data("سلام", plain())];
        assert_eq!(fit(&fields, 3, SHAPED).row_text(0), "ﻡﻼﺳ");
        assert_eq!(fit(&fields, 2, SHAPED).row_text(0), "…ﺱ");
        // An input keeps its end.
        let fields = [Field::ui("/", plain()), Field::input("abcdefgh", plain())];
        assert_eq!(drawn(&fields, 6, VISUAL), "/…fgh ");
    }

    #[test]
    fn cells_align_by_their_direction() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 2));
        draw_cell(&mut buf, Rect::new(0, 0, 8, 1), "بكين", plain(), VISUAL);
        draw_cell(&mut buf, Rect::new(0, 1, 8, 1), "Reuters", plain(), VISUAL);
        assert_eq!(buf, Buffer::with_lines(["    نيكب", "Reuters "]));
    }

    #[test]
    fn wrapping_keeps_every_word() {
        let laid = wrap(&[Field::ui("one two three four", plain())], 9, VISUAL);
        assert_eq!(laid.rows(), 3);
        assert_eq!(
            (0..laid.rows()).map(|i| laid.row_text(i).trim_end().to_string()).collect::<Vec<_>>(),
            ["one two", "three", "four"]
        );
    }

    #[test]
    fn logical_order_brackets_right_to_left_fields_with_marks() {
        // Sent in logical order; an LRM before and an RLM after the Arabic
        // field, each in a column of its own with a space.
        let fields = [Field::ui("by ", plain()), Field::data("قال", plain())];
        let laid = line(&fields, LOGICAL);
        assert_eq!(laid.row_text(0), "by \u{200F} قال\u{200F} \u{200E} ");
        // Nothing left to right before: an LRM first, so that the row stays
        // left to right.
        let laid = line(&[Field::data("قال", plain())], LOGICAL);
        assert_eq!(laid.row_text(0), "\u{200E} \u{200F} قال\u{200F} \u{200E} ");
        // A Latin field needs none.
        let laid = line(&[Field::data("abc", plain())], LOGICAL);
        assert_eq!(laid.row_text(0), "abc");
        // A wrapped row that would start right to left gets an LRM first.
        let laid = wrap(&[Field::ui("ab قال كلمة", plain())], 6, LOGICAL);
        assert_eq!(laid.row_text(0).trim_end(), "ab");
        assert_eq!(laid.row_text(1).trim_end(), "\u{200E} قال");
        assert_eq!(laid.row_text(2).trim_end(), "\u{200E} كلمة");
    }
}
