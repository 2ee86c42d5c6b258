//! Greedy line breaking at UAX #14 opportunities.
//!
//! Works on display clusters: a line ends at the last break opportunity that
//! lets it fit; whitespace before a break hangs (it never forces a break),
//! and a word is cut between grapheme clusters only when it cannot fit a line
//! on its own.

use std::ops::Range;

/// What the wrapper needs to know of one cluster.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    /// Columns taken.
    pub width: usize,
    /// Whitespace hangs at the end of a line instead of forcing a break.
    pub space: bool,
    /// A line may start with this cluster (UAX #14 opportunity before it).
    pub break_before: bool,
}

/// Splits `items` into lines of at most `max` columns (hanging whitespace
/// aside), appending cluster ranges to `lines`. There is always at least one
/// line, empty for an empty paragraph.
pub fn wrap(items: &[Item], max: usize, lines: &mut Vec<Range<usize>>) {
    wrap_by(items, |&item| item, max, lines);
}

/// Like [`wrap`], on any slice whose elements `item` describes.
#[inline]
pub fn wrap_by<T>(
    items: &[T],
    item: impl Fn(&T) -> Item,
    max: usize,
    lines: &mut Vec<Range<usize>>,
) {
    let max = max.max(1);
    let mut start = 0;
    let mut x = 0usize;
    let mut last_break: Option<(usize, usize)> = None;
    for (i, item) in items.iter().map(item).enumerate() {
        if i > start && item.break_before {
            last_break = Some((i, x));
        }
        if item.space || item.width == 0 {
            // Whitespace hangs; and what takes no column (format controls,
            // a lone mark) cannot overflow a line: breaking before it would
            // give a line that shows nothing.
            x = x.saturating_add(item.width);
            continue;
        }
        if x.saturating_add(item.width) > max {
            if let Some((b, xb)) = last_break.take() {
                lines.push(start..b);
                start = b;
                x -= xb;
            }
            if x.saturating_add(item.width) > max && i > start {
                lines.push(start..i);
                start = i;
                x = 0;
            }
        }
        x = x.saturating_add(item.width);
    }
    lines.push(start..items.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items from a compact notation: letters are 1-column clusters, `_` a
    /// space, `|` an opportunity before the next cluster.
    fn items(spec: &str) -> Vec<Item> {
        let mut out = Vec::new();
        let mut brk = false;
        for c in spec.chars() {
            if c == '|' {
                brk = true;
                continue;
            }
            out.push(Item { width: 1, space: c == '_', break_before: brk });
            brk = false;
        }
        out
    }

    fn lines(spec: &str, max: usize) -> Vec<Range<usize>> {
        let mut v = Vec::new();
        wrap(&items(spec), max, &mut v);
        v
    }

    #[test]
    fn breaks_after_spaces_at_opportunities() {
        // "ab cd ef" with breaks before c and e.
        assert_eq!(lines("ab_|cd_|ef", 5), vec![0..6, 6..8]);
        assert_eq!(lines("ab_|cd_|ef", 2), vec![0..3, 3..6, 6..8]);
    }

    #[test]
    fn cuts_only_words_longer_than_a_line() {
        assert_eq!(lines("ab_|cdefg", 3), vec![0..3, 3..6, 6..8]);
        assert_eq!(lines("abcdefg", 3), vec![0..3, 3..6, 6..7]);
    }

    #[test]
    fn trailing_spaces_hang() {
        assert_eq!(lines("abc___|d", 3), vec![0..6, 6..7]);
    }

    #[test]
    fn zero_width_items_never_start_a_line_of_their_own() {
        // "ab", three hanging spaces, then an invisible control (width 0)
        // with an opportunity before it, as UAX #14 gives before an RLM
        // after spaces. The control used to count as overflowing the line
        // and was put on a line of its own, a line that shows nothing.
        let mut v = items("ab___|");
        v.push(Item { width: 0, space: false, break_before: true });
        let mut lines = Vec::new();
        wrap(&v, 2, &mut lines);
        assert_eq!(lines, vec![0..6]);
        // Followed by a word, the control goes with it to the next line.
        v.extend(items("cd"));
        lines.clear();
        wrap(&v, 2, &mut lines);
        assert_eq!(lines, vec![0..5, 5..8]);
    }

    #[test]
    fn empty_paragraph_has_one_empty_line() {
        assert_eq!(lines("", 10), vec![0..0]);
    }
}
