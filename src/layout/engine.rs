//! The layout pipeline for one paragraph: levels → shaping → clusters →
//! wrapping → per-line reordering.

use std::ops::Range;

use unicode_bidi::BidiClass;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::bidi::{BaseDirection, ParagraphLevels, mirror_at, reset_line_levels, visual_order};
use super::fast::{char_info, simple_graphemes};
use super::linebreak::after_word_initial_hyphen;
use super::paragraph::{Cell, Line, ParagraphLayout};
use super::shape::shape_arabic;
use super::wrap::{Item, wrap};
use crate::text::glyph::{Glyph, TAB_WIDTH, glyph_of};

/// How paragraphs are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Columns per line; `None` lays each paragraph out as one line.
    pub width: Option<usize>,
    /// Shape Arabic letters to their contextual presentation forms.
    pub shape: bool,
    /// The paragraph direction, or how to find it.
    pub base: BaseDirection,
    /// Draw combining marks that have no base on a dotted circle, so that
    /// every cluster takes at least one column (the TUI wants this; `render`
    /// prints text as it is).
    pub mark_placeholder: bool,
    /// Reorder lines visually (rules L1–L4). Off for terminals that reorder
    /// by themselves (terminal-bidi mode): cells then stay in logical order,
    /// brackets unmirrored, and each line knows its first strong direction
    /// ([`super::Line::first_strong_rtl`]) for the terminal's sake.
    pub reorder: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            width: Some(80),
            shape: true,
            base: BaseDirection::Auto,
            mark_placeholder: false,
            reorder: true,
        }
    }
}

/// A display cluster in logical order, before reordering.
#[derive(Debug, Clone)]
struct Cluster {
    logical: Range<u32>,
    glyph: Range<u32>,
    width: usize,
    level: u8,
    class: BidiClass,
    space: bool,
    break_before: bool,
    /// Only format controls: a zero-width cell with an empty glyph.
    hidden: bool,
}

/// Lays out paragraphs, keeping its buffers between calls so that laying out
/// many paragraphs allocates little.
#[derive(Debug, Default)]
pub struct Layouter {
    levels: ParagraphLevels,
    chars: Vec<char>,
    shaped: Vec<Option<char>>,
    clusters: Vec<Cluster>,
    items: Vec<Item>,
    ranges: Vec<Range<usize>>,
    line_levels: Vec<u8>,
    line_classes: Vec<BidiClass>,
    order: Vec<usize>,
    /// Grapheme clusters: byte offset, first char, end char.
    graphemes: Vec<(u32, u32, u32)>,
}

impl Layouter {
    /// A layouter with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lays out `text`, one paragraph without its terminating newline.
    pub fn layout(&mut self, text: &str, options: &LayoutOptions) -> ParagraphLayout {
        let mut out = ParagraphLayout::default();
        self.layout_into(text, options, &mut out);
        out
    }

    /// Like [`Layouter::layout`], reusing the buffers of `out`.
    pub fn layout_into(&mut self, text: &str, options: &LayoutOptions, out: &mut ParagraphLayout) {
        out.glyphs.clear();
        out.cells.clear();
        out.lines.clear();
        self.chars.clear();
        self.chars.extend(text.chars());
        self.levels.resolve_chars_into(text, &self.chars, options.base);
        out.rtl = self.levels.is_rtl();
        out.logical = !options.reorder;
        out.char_len = self.chars.len() as u32;
        if options.shape {
            shape_arabic(&self.chars, &self.levels.levels, &mut self.shaped);
        } else {
            self.shaped.clear();
            self.shaped.extend(self.chars.iter().copied().map(Some));
        }
        self.build_clusters(text, options, &mut out.glyphs);
        self.items.clear();
        self.items.extend(self.clusters.iter().map(|c| Item {
            width: c.width,
            space: c.space,
            break_before: c.break_before,
        }));
        self.ranges.clear();
        wrap(&self.items, options.width.unwrap_or(usize::MAX), &mut self.ranges);
        let max = options.width.unwrap_or(usize::MAX);
        for r in std::mem::take(&mut self.ranges) {
            self.emit_line(r.clone(), max, options.reorder, out);
            self.ranges.push(r);
        }
    }

    /// Groups the paragraph into display clusters (grapheme clusters, with
    /// a lam-alef ligature as one), writing their glyphs to `glyphs`.
    fn build_clusters(&mut self, text: &str, options: &LayoutOptions, glyphs: &mut String) {
        self.clusters.clear();
        let mut breaks = unicode_linebreak::linebreaks(text)
            .map(|(b, _)| b)
            .filter(|&b| !after_word_initial_hyphen(text, b))
            .peekable();
        if !simple_graphemes(&self.chars, text.len(), &mut self.graphemes) {
            self.graphemes.clear();
            let mut char_index = 0u32;
            for (byte, grapheme) in text.grapheme_indices(true) {
                let first = char_index;
                char_index += grapheme.chars().count() as u32;
                self.graphemes.push((byte as u32, first, char_index));
            }
        }
        let mut previous = 0;
        // An opportunity swallowed by a ligature counts after it.
        let mut carried = false;
        for &(byte, first, char_index) in &self.graphemes {
            let byte = byte as usize;
            // An opportunity inside the previous grapheme cluster (UAX #14
            // breaks a space from a combining mark after it, and a hyphen
            // from a Lao or Thai mark) counts at its end: clusters are never
            // split, and losing it would cut a word that fits.
            let mut inside = false;
            while let Some(b) = breaks.next_if(|&b| b < byte) {
                inside |= b > previous;
            }
            previous = byte;
            let break_before =
                std::mem::take(&mut carried) || inside || breaks.peek() == Some(&byte);
            let glyph_start = glyphs.len();
            let mut absorbed = false;
            let mut visible: Option<usize> = None;
            let mut tab = false;
            let mut mark = false;
            for k in first as usize..char_index as usize {
                let Some(shaped) = self.shaped[k] else {
                    absorbed |= visible.is_none();
                    continue;
                };
                match glyph_of(shaped) {
                    Glyph::Hidden => {}
                    Glyph::Tab => {
                        tab = true;
                        visible.get_or_insert(k);
                        glyphs.extend(std::iter::repeat_n(' ', TAB_WIDTH));
                    }
                    Glyph::Symbol(s) => {
                        visible.get_or_insert(k);
                        glyphs.push(s);
                    }
                    Glyph::Plain(c) => {
                        visible.get_or_insert(k);
                        mark |= is_mark(c);
                        // Mirroring is part of reordering (rule L4): a
                        // terminal that reorders mirrors by itself.
                        glyphs.push(if options.reorder {
                            mirror_at(c, self.levels.levels[k])
                        } else {
                            c
                        });
                    }
                }
            }
            let logical = first..char_index;
            if absorbed {
                // The alef of a lam-alef joins the ligature's cluster, and so
                // do the format controls between them (they are transparent
                // to joining, so a shaper may ligate across them).
                let mut swallowed = break_before;
                while self.clusters.len() > 1 && self.clusters.last().is_some_and(|c| c.hidden) {
                    swallowed |= self.clusters.pop().is_some_and(|c| c.break_before);
                }
                carried = swallowed;
                if let Some(prev) = self.clusters.last_mut() {
                    prev.logical.end = logical.end;
                    // What the alef brought (marks, modifiers) may widen the cell.
                    prev.width = cluster_width(glyphs, prev.glyph.start as usize, false, options);
                    prev.glyph.end = glyphs.len() as u32;
                    continue;
                }
            }
            let (base, width) = match visible {
                // Only format controls: they draw nothing, but keep a
                // zero-width cell so that they still take part in rule L2
                // (an RLM or an isolate between two runs changes their order)
                // and every character stays in the cell map.
                None => {
                    glyphs.truncate(glyph_start);
                    (first as usize, 0)
                }
                Some(base) => (base, cluster_width(glyphs, glyph_start, tab, options)),
            };
            let class = self.levels.classes[base];
            self.clusters.push(Cluster {
                logical,
                glyph: glyph_start as u32..glyphs.len() as u32,
                width,
                level: self.levels.levels[base],
                class,
                // A mark on a space is drawn (UAX #14 LB10 treats it as a
                // letter): only a cluster of whitespace alone hangs.
                space: tab || (matches!(class, BidiClass::WS) && !mark),
                break_before,
                hidden: visible.is_none(),
            });
        }
    }

    /// Reorders the clusters of one line and appends its cells.
    fn emit_line(
        &mut self,
        range: Range<usize>,
        max: usize,
        reorder: bool,
        out: &mut ParagraphLayout,
    ) {
        let clusters = &mut self.clusters[range];
        // Hanging whitespace that does not fit is kept in the map, undrawn.
        let mut width: usize = clusters.iter().map(|c| c.width).sum();
        for c in clusters.iter_mut().rev() {
            if width <= max {
                break;
            }
            if c.width == 0 {
                // Format controls after the whitespace do not stop it hanging.
                continue;
            }
            if !c.space {
                break;
            }
            width -= c.width;
            c.width = 0;
            c.glyph.end = c.glyph.start;
        }
        self.line_levels.clear();
        self.line_classes.clear();
        for c in clusters.iter() {
            self.line_levels.push(c.level);
            self.line_classes.push(c.class);
        }
        reset_line_levels(&self.line_classes, &mut self.line_levels, self.levels.paragraph_level);
        if reorder {
            visual_order(&self.line_levels, &mut self.order);
        } else {
            self.order.clear();
            self.order.extend(0..self.line_levels.len());
        }
        let first_cell = out.cells.len() as u32;
        for &i in &self.order {
            let c = &clusters[i];
            out.cells.push(Cell {
                logical: c.logical.clone(),
                glyph: c.glyph.clone(),
                width: c.width as u8,
                level: self.line_levels[i],
            });
        }
        let logical = if let (Some(a), Some(b)) = (clusters.first(), clusters.last()) {
            a.logical.start..b.logical.end
        } else {
            let end = out.lines.last().map_or(0, |l| l.logical.end);
            end..end
        };
        let first_strong_rtl =
            clusters.iter().filter(|c| c.width > 0).find_map(|c| match c.class {
                BidiClass::L => Some(false),
                BidiClass::R | BidiClass::AL => Some(true),
                _ => None,
            });
        out.lines.push(Line {
            logical,
            cells: first_cell..out.cells.len() as u32,
            width: width as u32,
            first_strong_rtl,
        });
    }
}

/// True for a nonspacing mark: one on a space makes the cluster visible,
/// so it does not hang at the end of a line.
pub(super) fn is_mark(c: char) -> bool {
    unicode_bidi::bidi_class(c) == BidiClass::NSM
}

/// The width of the visible cluster whose glyphs start at `glyph_start`,
/// adjusting its glyphs: a dotted circle under a lone mark (if asked),
/// U+FFFD for a cluster wider than a line or than a [`Cell`] can say
/// (255 columns: a grapheme cluster may hold any number of prepended
/// characters or Hangul jamo, each taking columns).
pub(super) fn cluster_width(
    glyphs: &mut String,
    glyph_start: usize,
    tab: bool,
    options: &LayoutOptions,
) -> usize {
    let mut width = if tab {
        TAB_WIDTH
    } else {
        let cluster = &glyphs[glyph_start..];
        let mut it = cluster.chars();
        // A single character's width, cached by the fast path's table
        // (computed with the same function).
        match (it.next(), it.next()) {
            (Some(c), None) => char_info(c)
                .and_then(super::fast::CharInfo::width)
                .unwrap_or_else(|| cluster.width()),
            _ => cluster.width(),
        }
    };
    if width == 0 && options.mark_placeholder {
        glyphs.insert(glyph_start, '\u{25CC}');
        width = 1;
    }
    let max = options.width.map_or(usize::from(u8::MAX), |w| w.clamp(1, usize::from(u8::MAX)));
    if width > max {
        glyphs.truncate(glyph_start);
        glyphs.push('\u{FFFD}');
        width = 1;
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: Option<usize>) -> Vec<String> {
        let options = LayoutOptions { width, shape: false, ..LayoutOptions::default() };
        let p = Layouter::new().layout(text, &options);
        p.lines.iter().map(|l| p.line_text(l)).collect()
    }

    #[test]
    fn arabic_is_reversed_and_numbers_keep_their_order() {
        assert_eq!(lines("قال 42 شخصا", None), vec!["اصخش 42 لاق"]);
    }

    #[test]
    fn latin_inside_arabic_keeps_its_order() {
        assert_eq!(lines("مع Vladimir Putin اليوم", None), vec!["مويلا Vladimir Putin عم"]);
    }

    #[test]
    fn brackets_are_mirrored_in_rtl() {
        assert_eq!(lines("قال (نعم)", None), vec!["(معن) لاق"]);
    }

    #[test]
    fn harakat_stay_after_their_letter() {
        // "بَت": the fatha must follow the beh in the output.
        assert_eq!(lines("بَت", None), vec!["تبَ"]);
    }

    #[test]
    fn wraps_at_words_and_reorders_each_line() {
        assert_eq!(lines("واحد اثنان ثلاثة", Some(11)), vec![" نانثا دحاو", "ةثالث"]);
    }

    #[test]
    fn bidi_controls_draw_nothing() {
        assert_eq!(lines("a\u{202B}b\u{202C}c", None), vec!["abc"]);
    }

    #[test]
    fn invisible_marks_still_separate_runs() {
        // The LRM is a strong LTR character between two RTL letters: each is
        // its own run, so they are not swapped.
        assert_eq!(lines("ab ب\u{200E}ج", None), vec!["ab بج"]);
        // An ALM between two numbers in RTL text splits them into two runs.
        assert_eq!(lines("قال 2023\u{061C}50", None), vec!["502023 لاق"]);
        // An unterminated isolate raises what follows it.
        assert_eq!(lines("a ب\u{2067}c", None), vec!["a بc"]);
    }

    #[test]
    fn hidden_marks_still_take_part_in_reordering() {
        // The RLM splits "1" (AN after the beh) from "2" (EN after the RLM):
        // levels ب1‏2 = 1 2 1 2, so the four reverse as a whole. GNU FriBidi
        // (`fribidi --nopad --nobreak --ltr`) gives "a 2‏1ب c" too. Dropping
        // the RLM before rule L2 used to give "a 12ب c".
        assert_eq!(lines("a ب1\u{200F}2 c", None), vec!["a 21ب c"]);
        // The RLM itself is a zero-width, empty cell in the map.
        let options = LayoutOptions { width: None, shape: false, ..LayoutOptions::default() };
        let p = Layouter::new().layout("a\u{200F}b", &options);
        let cells = p.line_cells(&p.lines[0]);
        assert_eq!(cells.len(), 3, "the RLM keeps a cell of its own");
        assert_eq!((cells[1].logical.clone(), cells[1].width, p.glyph(&cells[1])), (1..2, 0, ""));
    }

    #[test]
    fn an_opportunity_inside_a_cluster_counts_at_its_end() {
        // UAX #14 allows a break between a space and a combining mark on it
        // (LB10), inside the grapheme cluster " \u{301}". The ten-letter word
        // after it fits a 10-column line and must not be cut; it used to be
        // ("  ́abcdefghi" / "j") because the opportunity was lost.
        assert_eq!(lines(" \u{301}abcdefghij", Some(10)), vec![" \u{301}", "abcdefghij"]);
    }

    #[test]
    fn a_mark_on_a_space_does_not_hang() {
        // A space carrying a mark is a visible cluster: at the end of a full
        // line it is drawn (or wrapped), never dropped like bare whitespace.
        // Found by the shaping property: with shaping off the fatha vanished.
        let options = LayoutOptions { width: Some(2), shape: false, ..LayoutOptions::default() };
        let p = Layouter::new().layout("ab \u{64E}", &options);
        let drawn: String = p.cells.iter().map(|c| p.glyph(c)).collect();
        assert!(drawn.contains('\u{64E}'), "the fatha is drawn: {drawn:?}");
        // Bare trailing spaces still hang.
        let p = Layouter::new().layout("ab   ", &options);
        assert_eq!(p.lines.len(), 1);
        assert_eq!(p.lines[0].width, 2);
    }

    #[test]
    fn a_cluster_wider_than_a_cell_can_say_is_replaced() {
        // 300 ARABIC NUMBER SIGNs (Prepend) and a letter are one grapheme
        // cluster 301 columns wide; its cell's `u8` width used to wrap to 45
        // while the line said 301, so the cell map lied.
        let text = "\u{600}".repeat(300) + "a";
        let options = LayoutOptions { width: None, shape: false, ..LayoutOptions::default() };
        let p = Layouter::new().layout(&text, &options);
        assert_eq!(p.cells.len(), 1);
        assert_eq!((p.cells[0].width, p.glyph(&p.cells[0])), (1, "\u{FFFD}"));
        assert_eq!(p.lines[0].width, 1);
        assert_eq!(p.cells[0].logical, 0..301);
    }

    #[test]
    fn an_absorbed_alef_joins_the_ligature_across_format_controls() {
        // Format controls are transparent to joining: a shaper may make one
        // ligature of "ل", RLM, "ا" (the shaper is not in yet, so its output
        // is set by hand). The alef must join the lam's cell, not the RLM's.
        let mut layouter = Layouter::new();
        let text = "ل\u{200F}ا";
        layouter.levels.resolve_into(text, BaseDirection::Auto);
        layouter.shaped = vec![Some('\u{FEFB}'), Some('\u{200F}'), None];
        let mut glyphs = String::new();
        layouter.build_clusters(text, &LayoutOptions::default(), &mut glyphs);
        let clusters: Vec<_> =
            layouter.clusters.iter().map(|c| (c.logical.clone(), c.width)).collect();
        assert_eq!(clusters, vec![(0..3, 1)]);
        assert_eq!(glyphs, "\u{FEFB}");
    }

    #[test]
    fn a_ligature_takes_the_width_of_what_the_alef_carries() {
        // The alef's skin-tone modifier joins the lam-alef cell: 1 + 2 columns.
        let options = LayoutOptions { width: None, shape: true, ..LayoutOptions::default() };
        let p = Layouter::new().layout("لا\u{1F3FB}", &options);
        assert_eq!(p.cells.len(), 1);
        assert_eq!((p.glyph(&p.cells[0]), p.cells[0].width), ("\u{FEFB}\u{1F3FB}", 3));
    }

    #[test]
    fn an_opportunity_inside_a_ligature_counts_after_it() {
        // lam, ZWSP, alef: one ligature cell (ZWSP is transparent to joining),
        // but UAX #14 allows a break after the ZWSP. The word after the
        // ligature fits a line and must not be cut.
        let options = LayoutOptions { width: Some(6), shape: true, ..LayoutOptions::default() };
        let p = Layouter::new().layout("abل\u{200B}اxyz12", &options);
        let starts: Vec<u32> = p.lines.iter().map(|l| l.logical.start).collect();
        assert_eq!(starts, [0, 5]);
    }

    #[test]
    fn logical_order_leaves_mirroring_to_the_terminal_and_knows_each_line_direction() {
        let visual = LayoutOptions { width: Some(8), shape: false, ..LayoutOptions::default() };
        let logical = LayoutOptions { reorder: false, ..visual };
        let text = "عن (كذا) Google نعم";
        let v = Layouter::new().layout(text, &visual);
        let l = Layouter::new().layout(text, &logical);
        assert!(v.line_text(&v.lines[0]).contains(')'), "visual order mirrors at odd levels");
        // Logical order: the characters as they are, the terminal mirrors.
        assert_eq!(l.line_text(&l.lines[0]), "عن (كذا)");
        assert!(l.logical && !v.logical);
        let first: Vec<Option<bool>> = l.lines.iter().map(|line| line.first_strong_rtl).collect();
        assert_eq!(first, [Some(true), Some(false), Some(true)]);
        assert_eq!(l.direction_mark(&l.lines[1]), Some('\u{200F}'));
        assert_eq!(l.direction_mark(&l.lines[0]), None);
        assert_eq!(v.direction_mark(&v.lines[1]), None, "visual order needs no mark");
        // Logical lines start at the left edge (column 1 after a mark).
        assert_eq!(l.start_column(&l.lines[0], 8), 0);
        assert_eq!(l.start_column(&l.lines[1], 8), 1);
        // The last line, نعم: right-aligned in visual order, from column 0
        // in logical order (the terminal's reversal right-aligns it); its
        // text padding is the same in both.
        assert_eq!((v.start_column(&v.lines[2], 8), l.start_column(&l.lines[2], 8)), (5, 0));
        assert_eq!((v.indent(&v.lines[2], 8), l.indent(&l.lines[2], 8)), (5, 5));
    }

    #[test]
    fn escape_sequences_are_made_visible() {
        assert_eq!(lines("a\u{1b}[2Jb", None), vec!["a␛[2Jb"]);
    }

    #[test]
    fn cell_map_points_back_to_logical_chars() {
        let options = LayoutOptions { width: None, shape: false, ..LayoutOptions::default() };
        let p = Layouter::new().layout("اب cd", &options);
        let line = &p.lines[0];
        let cells = p.line_cells(line);
        // Visual: "cd با" — leftmost cell is 'c' at logical 3.
        assert_eq!(cells[0].logical, 3..4);
        assert_eq!(cells[cells.len() - 1].logical, 0..1);
        assert!(p.rtl);
        assert_eq!(p.locate(0).map(|(l, x)| (l, x.start)), Some((0, 4)));
    }
}
