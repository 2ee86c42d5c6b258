//! The direct text path: a paragraph's visual lines written straight to
//! text, for `hashiya render`.
//!
//! [`super::Layouter`] builds a [`super::ParagraphLayout`], the cell map
//! that the TUI needs (every cell knows the logical characters it shows).
//! `render` needs only the text of each line. For a paragraph made only of
//! characters that the fast paths' table marks as direct
//! ([`super::fast::CharInfo::direct`]: eligible for the one-pass bidi
//! resolution, simple for grapheme segmentation, drawn as themselves, of
//! known width), [`LineWriter`] takes the same steps as the general path in
//! fewer passes, and writes each line's glyphs without building cells:
//!
//! 1. one pass decodes the characters and looks each up once in the table
//!    (class, grapheme extension, mirroring, width, line break class),
//!    feeding the level resolution of [`super::fast`] (the same code as the
//!    general path's fast levels, which gives a paragraph of one direction
//!    its level without the weak and neutral rules) and the line breaking
//!    of [`super::linebreak`];
//! 2. shaping is [`super::shape::shape_arabic`] itself;
//! 3. clusters are found from the table's extension flag (what
//!    [`super::fast::simple_graphemes`] does), their break opportunities
//!    from [`super::linebreak`] in the pass of step 1 (or from
//!    `unicode-linebreak`, as in the general path, when a character's line
//!    break class is outside its subset), the width of a
//!    single-character cluster from the table, and that of any other cluster
//!    by the general path's own function;
//! 4. wrapping is the general greedy [`super::wrap::wrap_by`], the
//!    reordering [`super::bidi::visual_order`].
//!
//! Anything else (a character outside the table or not direct, a paragraph
//! the fast levels refuse) makes [`LineWriter::write_lines`] refuse before
//! it writes anything, and the caller takes the general path.
//! `tests/fast_path.rs` proves the output byte-identical to the general
//! path's on random strings of the eligible alphabet and of a mixed one,
//! with every option, and on the sample articles and the test corpus;
//! [`super::fast::force_general_path`] turns this path off too.

use std::ops::Range;

use unicode_bidi::BidiClass;

use super::LayoutOptions;
use super::bidi::{BaseDirection, mirror_at, visual_order};
use super::engine::{cluster_width, is_mark};
use super::fast::{CharInfo, Scratch, general_path_forced, lookup, table};
use super::linebreak::{Machine, after_word_initial_hyphen};
use super::shape::shape_arabic;
use super::wrap::{Item, wrap_by};

/// [`mirror_at`], out of the way of the common case.
#[cold]
#[inline(never)]
fn mirrored(c: char, level: u8) -> char {
    mirror_at(c, level)
}

/// The glyph of a character `c` (whose table entry is `info`) shaped as
/// `s`: mirrored at odd levels (rule L4) as `mirror_at` does, which leaves
/// alone the characters that the table says have no mirror.
#[inline]
fn glyph_of(s: char, c: char, info: CharInfo, level: u8, table: &[CharInfo]) -> char {
    let unmirrored =
        if s == c { !info.mirrored() } else { lookup(table, s).is_some_and(|i| !i.mirrored()) };
    if level % 2 == 0 || unmirrored { s } else { mirrored(s, level) }
}

/// [`glyph_of`] for a cluster of one character, with the table's entry for
/// the glyph.
#[inline]
fn single_glyph(
    s: char,
    c: char,
    info: CharInfo,
    level: u8,
    table: &[CharInfo],
) -> (char, Option<CharInfo>) {
    let entry = if s == c { Some(info) } else { lookup(table, s) };
    if level % 2 == 1 && entry.is_none_or(CharInfo::mirrored) {
        let g = mirrored(s, level);
        (g, lookup(table, g))
    } else {
        (s, entry)
    }
}

/// One display cluster, in logical order.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Its glyph when it is one character (the common case), else `None`
    /// and its glyphs are `text`.
    glyph: Option<char>,
    /// Its glyphs as a byte range of [`LineWriter::extra`], when `glyph`
    /// is `None`.
    text: (u32, u32),
    /// Columns taken.
    width: u8,
    /// Its resolved level (before rule L1).
    level: u8,
    /// Whitespace (bidi class WS): rule L1 resets it at the end of a line.
    space: bool,
    /// Whitespace alone (no mark on it): hangs at the end of a line.
    hangs: bool,
    /// A line may start with it.
    break_before: bool,
}

/// Writes paragraphs' visual lines as text, keeping its buffers between
/// calls.
#[derive(Debug, Default)]
pub struct LineWriter {
    chars: Vec<char>,
    infos: Vec<CharInfo>,
    classes: Vec<BidiClass>,
    levels: Vec<u8>,
    scratch: Scratch,
    shaped: Vec<Option<char>>,
    /// Break opportunities (byte offsets), then `u32::MAX`.
    breaks: Vec<u32>,
    /// `breaks` were found by [`Machine`] while resolving.
    breaks_done: bool,
    /// The glyphs of the clusters that are not one plain character.
    extra: String,
    units: Vec<Unit>,
    ranges: Vec<Range<usize>>,
    line_levels: Vec<u8>,
    order: Vec<usize>,
}

impl LineWriter {
    /// A writer with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends to `out` the visual lines of `text` (one paragraph without
    /// its newline), each followed by `\n` and, with `pad` and a width,
    /// right-to-left lines preceded by the spaces that right-align them:
    /// exactly what laying the paragraph out with [`super::Layouter`] and
    /// printing its lines gives. Returns false, having written nothing,
    /// when the paragraph is not eligible (see the module documentation).
    pub fn write_lines(
        &mut self,
        text: &str,
        options: &LayoutOptions,
        pad: bool,
        out: &mut String,
    ) -> bool {
        if general_path_forced() {
            return false;
        }
        let Some(para) = self.resolve(text, options.base) else {
            return false;
        };
        if options.shape {
            shape_arabic(&self.chars, &self.levels, &mut self.shaped);
        } else {
            self.shaped.clear();
            self.shaped.extend(self.chars.iter().copied().map(Some));
        }
        if !self.build_units(text, options) {
            return false;
        }
        self.write(para, options, pad, out);
        true
    }

    /// Step 1: characters, their table entries and their levels, and the
    /// break opportunities when [`Machine`] can find them; the paragraph
    /// level, or `None` when the paragraph is not eligible.
    #[inline(never)]
    fn resolve(&mut self, text: &str, base: BaseDirection) -> Option<u8> {
        self.chars.clear();
        self.infos.clear();
        self.scratch.start();
        // At most one `char` per byte: no growing in the loop.
        self.chars.reserve(text.len());
        self.infos.reserve(text.len());
        self.breaks.clear();
        let table = table();
        // Line breaking by the fast path while every class allows it.
        let mut breaker = Machine::new();
        for (i, (byte, c)) in text.char_indices().enumerate() {
            let info = lookup(table, c)?;
            if !info.direct() || !self.scratch.see(i, info) {
                return None;
            }
            if breaker.step(info.line_break()) {
                self.breaks.push(byte as u32);
            }
            self.chars.push(c);
            self.infos.push(info);
        }
        self.breaks_done = !breaker.failed();
        let forced = match base {
            BaseDirection::Auto => None,
            BaseDirection::Rtl => Some(1),
            BaseDirection::Ltr => Some(0),
        };
        let (para, uniform) = self.scratch.prepare(forced)?;
        if uniform {
            self.levels.clear();
            self.levels.resize(self.chars.len(), para);
        } else {
            self.classes.clear();
            self.classes.extend(self.infos.iter().map(|i| i.class));
            self.scratch.finish(para, &mut self.levels, &self.classes);
        }
        Some(para)
    }

    /// Step 3: the display clusters with their glyphs, widths and break
    /// opportunities, as `Layouter::build_clusters` finds them; false when
    /// the shaping gave what this path does not expect (an absorbed
    /// character with nothing before it).
    #[inline(never)]
    fn build_units(&mut self, text: &str, options: &LayoutOptions) -> bool {
        self.units.clear();
        self.extra.clear();
        if !self.breaks_done {
            // A class outside the fast path's: `unicode-linebreak` decides.
            self.breaks.clear();
            self.breaks.extend(unicode_linebreak::linebreaks(text).map(|(b, _)| b as u32));
        }
        // Rule LB20a, as the general path applies it.
        self.breaks.retain(|&b| !after_word_initial_hyphen(text, b as usize));
        self.breaks.push(u32::MAX);
        let max_width = options.width.map_or(usize::from(u8::MAX), |w| w.clamp(1, 255));
        let table = table();
        let len = self.chars.len();
        // Every slice cut to the same length, so that indexes below `len`
        // need no bounds check.
        let chars = &self.chars[..len];
        let (infos, shaped, levels) =
            (&self.infos[..len], &self.shaped[..len], &self.levels[..len]);
        let breaks = &self.breaks[..];
        let extra = &mut self.extra;
        // The glyph of character `j`, shaped as `s`: mirrored at odd levels
        // (rule L4), as `mirror_at` does, without a lookup for the
        // characters whose table entry says they have no mirror.
        // In logical order nothing is mirrored (the terminal mirrors as it
        // reorders): every level is taken as even for the glyph.
        let parity: u8 = u8::from(options.reorder);
        let glyph = |j: usize, s: char| glyph_of(s, chars[j], infos[j], levels[j] & parity, table);
        let mut next_break = 0;
        let mut previous = 0;
        let mut carried = false;
        let mut byte = 0;
        let mut k = 0;
        while k < len {
            let first = k;
            let start_byte = byte;
            byte += chars[k].len_utf8() as u32;
            k += 1;
            while k < len && infos[k].extends() {
                byte += chars[k].len_utf8() as u32;
                k += 1;
            }
            // Opportunities inside the previous cluster count at its end,
            // as in the general path.
            let mut inside = false;
            while breaks[next_break] < start_byte {
                inside |= breaks[next_break] > previous;
                next_break += 1;
            }
            previous = start_byte;
            let break_before =
                std::mem::take(&mut carried) || inside || breaks[next_break] == start_byte;
            // Absorbed: the cluster starts with a character the shaping drew
            // into the ligature before it (the alef of lam-alef).
            if shaped[first].is_none() {
                // The cluster joins the ligature's: their glyphs together,
                // measured again.
                carried = break_before;
                let Some(prev) = self.units.last_mut() else {
                    return false;
                };
                let start = match prev.glyph {
                    Some(g) => {
                        let start = extra.len();
                        extra.push(g);
                        start
                    }
                    None => prev.text.0 as usize,
                };
                for (j, s) in shaped.iter().enumerate().take(k).skip(first) {
                    if let Some(s) = *s {
                        extra.push(glyph(j, s));
                    }
                }
                let width = cluster_width(extra, start, false, options);
                prev.glyph = None;
                prev.text = (start as u32, extra.len() as u32);
                prev.width = u8::try_from(width).unwrap_or(u8::MAX);
                continue;
            }
            // One character of a width the general path keeps as it is (not
            // 0, not over the line) is the plain case; anything else is
            // measured by the general path's function.
            let plain = match shaped[first] {
                Some(s) if k == first + 1 => {
                    let (g, entry) =
                        single_glyph(s, chars[first], infos[first], levels[first] & parity, table);
                    entry
                        .and_then(CharInfo::width)
                        .filter(|&w| w != 0 && w <= max_width)
                        .map(|w| (g, w))
                }
                _ => None,
            };
            let space = infos[first].class == BidiClass::WS;
            let (glyph_char, text, width, hangs) = if let Some((g, w)) = plain {
                (Some(g), (0, 0), w, space)
            } else {
                let start = extra.len();
                for (j, s) in shaped.iter().enumerate().take(k).skip(first) {
                    if let Some(s) = *s {
                        extra.push(glyph(j, s));
                    }
                }
                let w = cluster_width(extra, start, false, options);
                // A mark on a space is drawn, as in the general path.
                let hangs = space && !chars[first..k].iter().any(|&c| is_mark(c));
                (None, (start as u32, extra.len() as u32), w, hangs)
            };
            self.units.push(Unit {
                glyph: glyph_char,
                text,
                width: u8::try_from(width).unwrap_or(u8::MAX),
                level: levels[first],
                space,
                hangs,
                break_before,
            });
        }
        true
    }

    /// Step 4: wraps the clusters, reorders each line and writes it.
    #[inline(never)]
    fn write(&mut self, para: u8, options: &LayoutOptions, pad: bool, out: &mut String) {
        let max = options.width.unwrap_or(usize::MAX);
        self.ranges.clear();
        let item = |u: &Unit| Item {
            width: usize::from(u.width),
            space: u.hangs,
            break_before: u.break_before,
        };
        wrap_by(&self.units, item, max, &mut self.ranges);
        for r in &self.ranges {
            let units = &mut self.units[r.clone()];
            // Hanging whitespace that does not fit is not drawn.
            let mut width: usize = units.iter().map(|u| usize::from(u.width)).sum();
            for u in units.iter_mut().rev() {
                if width <= max {
                    break;
                }
                if u.width == 0 {
                    continue;
                }
                if !u.hangs {
                    break;
                }
                width -= usize::from(u.width);
                u.width = 0;
                u.glyph = None;
                u.text.1 = u.text.0;
            }
            // Rule L1: whitespace at the end of the line (from `trail` on)
            // goes back to the paragraph level (the only class it resets
            // here).
            let trail = units.iter().rposition(|u| !u.space).map_or(0, |i| i + 1);
            // The level of the whole line when it has one.
            let first = units[..trail].first().map_or(para, |u| u.level);
            let uniform = (trail == units.len() || first == para)
                && units[..trail].iter().all(|u| u.level == first);
            if pad && para % 2 == 1 {
                if let Some(w) = options.width {
                    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width)));
                }
            }
            let extra = &self.extra;
            let mut put = |u: &Unit| match u.glyph {
                Some(g) => out.push(g),
                None => out.push_str(&extra[u.text.0 as usize..u.text.1 as usize]),
            };
            // Rule L2. A line at one level is kept as it is (even) or
            // reversed (odd): what reversing runs from the highest level to
            // the lowest odd one gives.
            if !options.reorder || (uniform && first % 2 == 0) {
                units.iter().for_each(&mut put);
            } else if uniform {
                units.iter().rev().for_each(&mut put);
            } else {
                self.line_levels.clear();
                self.line_levels.extend(units[..trail].iter().map(|u| u.level));
                self.line_levels.resize(units.len(), para);
                visual_order(&self.line_levels, &mut self.order);
                self.order.iter().for_each(|&i| put(&units[i]));
            }
            out.push('\n');
        }
    }
}
