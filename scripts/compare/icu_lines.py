#!/usr/bin/python3
"""Wrapped lines of `hashiya render --width W` checked against ICU.

Usage:
  /usr/bin/python3 scripts/compare/icu_lines.py \\
      [--hashiya target/debug/hashiya] [--width 40 --width 72] [--show N] FILE...

For each W, `hashiya render --width W --shape off --no-pad FILE` is run once
per file, and each of its lines is checked:

 (i)   fits:  its display width is at most W (a unicode-width equivalent:
              marks and format characters 0, East Asian wide 2, else 1);
 (ii)  words: it does not end inside a word that would fit on a line. A
              line that is not its paragraph's last must end after whitespace,
              or at another UAX #14 line-break opportunity (ICU's line break
              iterator: after a hyphen, a slash...), or inside a word (maximal
              run of non-whitespace) or an unbreakable run (between two of
              ICU's opportunities: UAX #14 glues `( x`, `a ,b`, `a ...` across
              spaces) wider than W, which must be cut somewhere. (Breaks inside such long words are not checked
              against ICU's opportunities: ICU 72 and unicode-linebreak tailor
              UAX #14 differently, e.g. ICU allows a break in `%(` where
              unicode-linebreak applies the pair rule PO × OP.);
 (iii) ICU:   it equals ICU's reordering of the same logical characters as a
              line of their paragraph: Bidi.setPara(paragraph, level) with the
              level hashiya uses (P2/P3, left to right by default),
              setLine(start, end), writeReordered(DO_MIRRORING |
              REMOVE_BIDI_CONTROLS | KEEP_BASE_COMBINING). KEEP_BASE_COMBINING
              is ICU's rule L3 (a mark stays after its letter, as a terminal
              needs and as `fribidi --reordernsm` does); without it
              (`--no-keep-combining`) every mark on an RTL letter differs. Characters that draw nothing (which
              hashiya hides and ICU partly keeps: ALM, BOM, ZWSP, soft hyphen)
              are dropped from ICU's line, tabs become 4 spaces and C0/C1
              controls hashiya's visible stand-ins, as hashiya documents.
              Three figures. `exact`: equal. `hanging`: equal, or equal but
              for spaces missing at the line's paragraph-end side (left in an
              RTL line, right in an LTR one): hashiya keeps the spaces at a
              break in the line they end, where rule L1 puts them, but draws
              them only as far as they fit, whereas ICU always returns them.
              `trimmed`: equal with whitespace stripped from both ends of both
              lines (forgives spaces on the wrong side too; the differences it
              forgives beyond `hanging` are listed as EXACT-ONLY mismatches).

Recovering the logical characters of each output line (the method):
hashiya breaks lines only between grapheme clusters and lays out each line
from a contiguous logical range, so the lines of a paragraph partition its
text in order. Walking the paragraph's logical text from the current
position, we take characters until the multiset of visible non-space
characters taken equals the multiset of the output line's non-space
characters (mirrored pairs such as ( and ) are folded to one key, since
rule L4 may swap them). Spaces are left out of both multisets because
hashiya may hide hanging spaces. The line then also takes the whitespace
that follows (and any invisible character before that whitespace): UAX #14
puts line-break opportunities after spaces, so spaces end a line, never start
one. The multiset grows monotonically, so the end found is unique up to
those spaces. If a line cannot be matched (hashiya lost or changed a
character) the paragraph's lines all count as failures and are reported.

Output per file and width, and overall per width:
  `FILE width W: lines N fits A/N (x%) words B/N (y%) icu-exact C/N (z%)
   icu-hanging H/N (h%) icu-trimmed D/N (t%)`
then `overall width W: ...`, then the first mismatches of each check.
"""

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import icu  # noqa: E402

ICU_OPTIONS = None  # set in main once icu is known to be present


def is_space(c):
    return c == " " or unicodedata.category(c) == "Zs" or c == "\t"


_mirror_cache = {}


def fold(c):
    """One key for a character and its bidi mirror."""
    k = _mirror_cache.get(c)
    if k is None:
        m = icu.Char.charMirror(c)
        m = m if isinstance(m, str) else chr(m)
        k = min(c, m)
        _mirror_cache[c] = k
    return k


def visible_keys(s):
    return collections.Counter(fold(c) for c in s if not is_space(c))


def split_lines(para, lines):
    """Logical (start, end) char ranges of `lines`, or None if they cannot
    be matched to `para` in order."""
    n = len(para)
    ranges = []
    s = 0
    for li, line in enumerate(lines):
        need = visible_keys(line)
        acc = collections.Counter()
        e = s
        while acc != need:
            if e >= n:
                return None
            for g in common.glyph(para[e]):
                if not is_space(g):
                    k = fold(g)
                    acc[k] += 1
                    if acc[k] > need[k]:
                        return None
            e += 1
        if li == len(lines) - 1:
            e = n  # the last line takes what is left (only spaces/invisibles)
        else:
            j, last_space = e, None
            while j < n and (common.glyph(para[j]) == "" or all(is_space(g) for g in common.glyph(para[j]))):
                if is_space(para[j]):
                    last_space = j
                j += 1
            if last_space is not None:
                e = last_space + 1
        if any(g and not is_space(g) for c in para[e:] for g in common.glyph(c)) and li == len(lines) - 1:
            return None
        ranges.append((s, e))
        s = e
    return ranges


def line_opportunities(para, offs16):
    """Char offsets where ICU's UAX #14 iterator allows a line break."""
    bi = icu.BreakIterator.createLineInstance(icu.Locale.getRoot())
    bi.setText(para)
    back = {u: i for i, u in enumerate(offs16)}
    return {back[u] for u in bi if u in back}


def word_around(para, e):
    """The maximal run of non-whitespace characters around offset e."""
    a = e
    while a > 0 and not para[a - 1].isspace():
        a -= 1
    b = e
    while b < len(para) and not para[b].isspace():
        b += 1
    return a, b


def end_kind(para, e, opps, width):
    """How a line that is not the paragraph's last ends at offset e:
    `space` after whitespace, `opportunity` at another UAX #14 break
    opportunity (ICU's), `long` inside a word wider than the line (it has to
    be cut somewhere) or inside a run without break opportunity wider
    than the line, else `cut`: a word that fits was cut."""
    if e > 0 and para[e - 1].isspace():
        return "space"
    if e in opps:
        return "opportunity"
    a, b = word_around(para, e)
    if sum(common.width(common.glyph(c)) for c in para[a:b]) > width:
        return "long"
    # UAX #14 also glues words across spaces (OP SP* ×, × IS, × CL...):
    # then the unbreakable run is what must fit.
    a = max((o for o in opps if o < e), default=0)
    b = min((o for o in opps if o > e), default=len(para))
    if sum(common.width(common.glyph(c)) for c in para[a:b].rstrip()) > width:
        return "long"
    return "cut"


def icu_line(bidi, offs16, start, end):
    line = bidi.setLine(offs16[start], offs16[end])
    out = str(line.writeReordered(ICU_OPTIONS))
    return "".join(common.glyph(c) for c in out)


class Stats:
    def __init__(self):
        self.n = self.fits = self.words = self.exact = self.hanging = self.trimmed = 0
        self.bad = {"fits": [], "words": [], "icu": [], "match": [], "exact": []}
        self.ends = collections.Counter()

    def add(self, other):
        for k in ("n", "fits", "words", "exact", "hanging", "trimmed"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.ends.update(other.ends)
        for k, v in other.bad.items():
            self.bad[k].extend(v)

    def summary(self):
        p = common.percent
        return (f"lines {self.n} fits {self.fits}/{self.n} ({p(self.fits, self.n):.2f}%) "
                f"words {self.words}/{self.n} ({p(self.words, self.n):.2f}%) "
                f"icu-exact {self.exact}/{self.n} ({p(self.exact, self.n):.2f}%) "
                f"icu-hanging {self.hanging}/{self.n} ({p(self.hanging, self.n):.2f}%) "
                f"icu-trimmed {self.trimmed}/{self.n} ({p(self.trimmed, self.n):.2f}%)")


def lines_of_one_paragraph(binary, args, para):
    """hashiya's lines for `para` alone (used to resynchronise after a
    paragraph whose lines could not be matched)."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt",
                                     delete=False) as f:
        f.write(para + "\n")
        name = f.name
    try:
        return common.run_hashiya(binary, args, name)
    finally:
        os.unlink(name)


def check_paragraph(where, para, lines, width, st):
    level = common.paragraph_level(para)
    ranges = split_lines(para, lines)
    if ranges is None:
        st.n += len(lines)
        st.bad["match"].append((where, para, lines))
        return
    offs16 = common.utf16_offsets(para)
    u = icu.UnicodeString(para)  # must outlive `bidi`: ICU keeps a pointer
    bidi = icu.Bidi()
    bidi.setPara(u, level)
    opps = line_opportunities(para, offs16)
    for k, (line, (s, e)) in enumerate(zip(lines, ranges)):
        st.n += 1
        w = common.width(line)
        if w <= width:
            st.fits += 1
        else:
            st.bad["fits"].append((where, k, line, f"width {w} > {width}"))
        ok_word = True
        if k < len(lines) - 1:
            kind = end_kind(para, e, opps, width)
            st.ends[kind] += 1
            if kind == "cut":
                ok_word = False
                a, b = word_around(para, e)
                st.bad["words"].append((where, k, line,
                                        f"cut {para[a:e]!r} | {para[e:b]!r}"))
        st.words += ok_word
        try:
            ref = icu_line(bidi, offs16, s, e)
        except (icu.ICUError, icu.InvalidArgsError) as err:
            # ICU splits a paragraph at U+2029 and friends (hashiya does not)
            # and refuses a line that crosses them.
            ref = f"<ICU refused setLine({s}, {e}): {err}>"
        if ref == line:
            st.exact += 1
            st.hanging += 1
        if ref.strip() == line.strip():
            st.trimmed += 1
            if ref != line:
                # Only whitespace at the ends differs: is it exactly the
                # trailing spaces of the break, that hashiya drew only as far
                # as they fit? (L1 put them at the paragraph end: the left of
                # an RTL line, the right of an LTR one.)
                side = str.lstrip if level else str.rstrip
                hidden = (side(ref, " ") == side(line, " ")
                          and len(line) - len(side(line, " ")) < len(ref) - len(side(ref, " ")))
                st.hanging += hidden
                st.ends["exact-only: hanging spaces not drawn" if hidden
                        else "exact-only: other whitespace"] += 1
                if not hidden:
                    st.bad["exact"].append((where, k, line, ref, para[s:e], level))
        else:
            st.bad["icu"].append((where, k, line, ref, para[s:e], level))


def check_file(path, binary, width):
    st = Stats()
    paras = common.paragraphs(common.read_article(path))
    args = ["--width", str(width), "--shape", "off", "--no-pad"]
    out = common.run_hashiya(binary, args, path)
    pos = 0
    for i, para in enumerate(paras):
        where = f"{path}:{i + 1}"
        if pos >= len(out):
            sys.exit(f"error: {where}: hashiya's output ended early")
        if para == "" or all(common.glyph(c) == "" for c in para):
            pos += 1  # an empty paragraph is one empty line
            continue
        # Take lines until the paragraph's visible characters are used up.
        need = visible_keys("".join(common.glyph(c) for c in para))
        acc = collections.Counter()
        j = pos
        while j < len(out) and (j == pos or acc != need):
            acc += visible_keys(out[j])
            j += 1
            if any(acc[k] > need[k] for k in acc):
                break
        if acc != need:
            j = pos + len(lines_of_one_paragraph(binary, args, para))
        check_paragraph(where, para, out[pos:j], width, st)
        pos = j
    if pos != len(out):
        sys.exit(f"error: {path}: {len(out) - pos} output lines left over")
    return st


def show(st, limit):
    for where, para, lines in st.bad["match"][:limit]:
        print(f"\nUNMATCHED {where}: lines could not be mapped to the logical text")
        print(f"  logical: {para}")
        for l in lines:
            print(f"  hashiya: {l}")
    for where, k, line, why in st.bad["fits"][:limit]:
        print(f"\nTOO WIDE {where} line {k + 1}: {why}\n  hashiya: {line!r}")
    for where, k, line, why in st.bad["words"][:limit]:
        print(f"\nCUT WORD {where} line {k + 1}: {why}\n  hashiya: {line!r}")
    for what, key in (("ICU MISMATCH", "icu"), ("ICU EXACT-ONLY (whitespace)", "exact")):
        show_icu(what, st.bad[key][:limit])


def show_icu(what, items):
    for where, k, line, ref, logical, level in items:
        d = common.first_difference(line, ref)
        print(f"\n{what} {where} line {k + 1} ({'rtl' if level else 'ltr'})")
        print(f"  logical: {logical!r}")
        print(f"  hashiya: {line!r}")
        print(f"  icu:     {ref!r}")
        print(f"  hashiya[{d}:]: {common.dump(line[d:], 20)}")
        print(f"  icu[{d}:]:     {common.dump(ref[d:], 20)}")


def main():
    global ICU_OPTIONS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hashiya", default="target/debug/hashiya")
    ap.add_argument("--width", type=int, action="append")
    ap.add_argument("--show", type=int, default=5, help="mismatches per check")
    ap.add_argument("--no-keep-combining", action="store_true",
                    help="leave out ICU's KEEP_BASE_COMBINING (marks then precede "
                         "their letter in RTL runs: pure L2, no L3)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    common.require_icu()
    ICU_OPTIONS = icu.Bidi.DO_MIRRORING | icu.Bidi.REMOVE_BIDI_CONTROLS
    if not args.no_keep_combining:
        ICU_OPTIONS |= icu.Bidi.KEEP_BASE_COMBINING
    widths = args.width or [40, 72]
    totals = {}
    for width in widths:
        total = Stats()
        for path in args.files:
            st = check_file(path, args.hashiya, width)
            print(f"{path} width {width}: {st.summary()}")
            total.add(st)
        totals[width] = total
    for width in widths:
        print(f"overall width {width}: {totals[width].summary()}")
    for width in widths:
        ends = totals[width].ends
        print(f"line ends at width {width} (all but paragraph-last lines): "
              + " ".join(f"{k} {ends[k]}" for k in ("space", "opportunity", "long", "cut")))
        print(f"icu-exact failures at width {width} that icu-trimmed forgives: "
              + ", ".join(f"{k[12:]} {v}" for k, v in sorted(ends.items())
                          if k.startswith("exact-only")))
    for width in widths:
        print(f"\n=== mismatches at width {width} ===")
        show(totals[width], args.show)


if __name__ == "__main__":
    main()
