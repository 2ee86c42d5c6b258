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
//!    (class, grapheme extension, mirroring, width), feeding the level
//!    resolution of [`super::fast`] (the same code as the general path's
//!    fast levels);
//! 2. shaping is [`super::shape::shape_arabic`] itself;
//! 3. clusters are found from the table's extension flag (what
//!    [`super::fast::simple_graphemes`] does), their break opportunities
//!    from `unicode-linebreak` as in the general path, the width of a
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
use super::engine::cluster_width;
use super::fast::{CharInfo, Scratch, general_path_forced, lookup, table};
use super::shape::shape_arabic;
use super::wrap::{Item, wrap_by};

/// One display cluster, in logical order.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Its glyphs, as a byte range of [`LineWriter::glyphs`].
    glyph: (u32, u32),
    /// Columns taken.
    width: u8,
    /// Its resolved level (before rule L1).
    level: u8,
    /// Whitespace (bidi class WS): hangs, and rule L1 resets it at the end
    /// of a line.
    space: bool,
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
    glyphs: String,
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

    /// Step 1: characters, their table entries and their levels; the
    /// paragraph level, or `None` when the paragraph is not eligible.
    fn resolve(&mut self, text: &str, base: BaseDirection) -> Option<u8> {
        self.chars.clear();
        self.infos.clear();
        self.classes.clear();
        self.scratch.start();
        let table = table();
        for (i, c) in text.chars().enumerate() {
            let info = lookup(table, c)?;
            if !info.direct() || !self.scratch.take(i, info, &mut self.classes) {
                return None;
            }
            self.chars.push(c);
            self.infos.push(info);
        }
        let forced = match base {
            BaseDirection::Auto => None,
            BaseDirection::Rtl => Some(1),
            BaseDirection::Ltr => Some(0),
        };
        self.scratch.resolve(forced, &mut self.levels, &self.classes)
    }

    /// Step 3: the display clusters with their glyphs, widths and break
    /// opportunities, as `Layouter::build_clusters` finds them; false when
    /// the shaping gave what this path does not expect (an absorbed
    /// character with nothing before it).
    fn build_units(&mut self, text: &str, options: &LayoutOptions) -> bool {
        self.glyphs.clear();
        self.units.clear();
        let max_width = options.width.map_or(usize::from(u8::MAX), |w| w.clamp(1, 255));
        let table = table();
        let mut breaks = unicode_linebreak::linebreaks(text).map(|(b, _)| b).peekable();
        let (chars, infos, shaped, levels) = (&self.chars, &self.infos, &self.shaped, &self.levels);
        let glyphs = &mut self.glyphs;
        let n = chars.len();
        let mut previous = 0;
        let mut carried = false;
        let mut byte = 0;
        let mut k = 0;
        while k < n {
            let first = k;
            let start_byte = byte;
            byte += chars[k].len_utf8();
            k += 1;
            while k < n && infos[k].extends() {
                byte += chars[k].len_utf8();
                k += 1;
            }
            // Opportunities inside the previous cluster count at its end,
            // as in the general path.
            let mut inside = false;
            while let Some(b) = breaks.next_if(|&b| b < start_byte) {
                inside |= b > previous;
            }
            previous = start_byte;
            let break_before =
                std::mem::take(&mut carried) || inside || breaks.peek() == Some(&start_byte);
            let glyph_start = glyphs.len();
            let mut absorbed = false;
            let mut visible = false;
            let mut single = None;
            for j in first..k {
                let Some(s) = shaped[j] else {
                    absorbed |= !visible;
                    continue;
                };
                let g = if levels[j] % 2 == 0 {
                    s
                } else if s == chars[j] {
                    if infos[j].mirrored() { mirror_at(s, levels[j]) } else { s }
                } else {
                    mirror_at(s, levels[j])
                };
                single = if visible { None } else { Some((j, g)) };
                visible = true;
                glyphs.push(g);
            }
            if absorbed {
                // The alef of a lam-alef joins the ligature's cluster.
                carried = break_before;
                let Some(prev) = self.units.last_mut() else {
                    return false;
                };
                let width = cluster_width(glyphs, prev.glyph.0 as usize, false, options);
                prev.width = u8::try_from(width).unwrap_or(u8::MAX);
                prev.glyph.1 = glyphs.len() as u32;
                continue;
            }
            // A single character's width is in the table; anything else,
            // or a width the general path adjusts (0, or over the line), is
            // measured by the general path's function.
            let known = single.and_then(|(j, g)| {
                let w = if g == chars[j] {
                    usize::from(infos[j].known_width())
                } else {
                    lookup(table, g)?.width()?
                };
                (w != 0 && w <= max_width).then_some(w)
            });
            let width = known.unwrap_or_else(|| cluster_width(glyphs, glyph_start, false, options));
            self.units.push(Unit {
                glyph: (glyph_start as u32, glyphs.len() as u32),
                width: u8::try_from(width).unwrap_or(u8::MAX),
                level: levels[first],
                space: self.classes[first] == BidiClass::WS,
                break_before,
            });
        }
        true
    }

    /// Step 4: wraps the clusters, reorders each line and writes it.
    fn write(&mut self, para: u8, options: &LayoutOptions, pad: bool, out: &mut String) {
        let max = options.width.unwrap_or(usize::MAX);
        self.ranges.clear();
        let item = |u: &Unit| Item {
            width: usize::from(u.width),
            space: u.space,
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
                if !u.space {
                    break;
                }
                width -= usize::from(u.width);
                u.width = 0;
                u.glyph.1 = u.glyph.0;
            }
            // Rule L1: whitespace at the end of the line goes back to the
            // paragraph level (the only class it resets here).
            self.line_levels.clear();
            self.line_levels.extend(units.iter().map(|u| u.level));
            for (u, level) in units.iter().zip(self.line_levels.iter_mut()).rev() {
                if !u.space {
                    break;
                }
                *level = para;
            }
            if options.reorder {
                visual_order(&self.line_levels, &mut self.order);
            } else {
                self.order.clear();
                self.order.extend(0..units.len());
            }
            if pad && para % 2 == 1 {
                if let Some(w) = options.width {
                    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width)));
                }
            }
            for &i in &self.order {
                let (a, b) = units[i].glyph;
                out.push_str(&self.glyphs[a as usize..b as usize]);
            }
            out.push('\n');
        }
    }
}
