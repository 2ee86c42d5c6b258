#!/usr/bin/python3
"""Agreement of `hashiya render --no-wrap` with GNU FriBidi, per paragraph.

Usage:
  /usr/bin/python3 scripts/compare/fribidi_agreement.py \\
      [--hashiya target/debug/hashiya] [--show N] FILE...

For every non-empty paragraph (line) of each FILE:
  * its direction is found independently with ICU (UAX #9 P2/P3, left to
    right when it has no strong character), which is what hashiya's default
    `--base auto` promises;
  * FriBidi reorders it: `fribidi --nopad --nobreak --reordernsm --clean`
    with `--rtl` or `--ltr` forced to that direction. All paragraphs of one
    direction go through ONE fribidi process (it takes each input line as a
    paragraph), so two processes per file;
  * hashiya reorders the whole file once: `hashiya render --no-wrap
    --shape off --no-pad FILE` (one output line per paragraph).
FriBidi's command line always shapes Arabic (it has no option not to) and
joins lam+alef into one ligature U+FEF5..U+FEFC. NFKC undoes the
presentation forms, but it expands a ligature in LOGICAL order (lam, alef)
while the string is visual (the lam is drawn right of the alef): so each
ligature is first replaced with its alef then U+0644 (see `unligate`).
Both outputs are then NFKC-normalised and compared. The headline figure also
maps, on both sides, every character to what hashiya documents it draws
(`common.glyph`): format characters that draw nothing (ZWSP..RLM, bidi
embeddings and isolates, WJ.., ALM, BOM, soft hyphen) are dropped (hashiya
hides them all, `fribidi --clean` keeps ALM), a tab is 4 spaces, C0/C1
controls, U+2028 and U+2029 are visible stand-ins. The strict figure (NFKC
only, no mapping) is printed too; the two differ only on such characters.

Output: `FILE: agreement: X/Y (Z%) strict: X'/Y (Z'%)` per file, then
`overall: agreement: X/Y (Z%) strict: ...`, then the first N mismatches
with codepoint dumps. Exit status 0 whatever the figures (the caller
judges), 2 on a tool failure.
"""

import argparse
import os
import shutil
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FRIBIDI_ARGS = ["--nopad", "--nobreak", "--reordernsm", "--clean"]


def fribidi_batch(lines, rtl):
    """FriBidi's visual line for each of `lines` (no newlines inside)."""
    if not lines:
        return []
    data = ("\n".join(lines) + "\n").encode("utf-8")
    proc = subprocess.run(["fribidi", *FRIBIDI_ARGS, "--rtl" if rtl else "--ltr"],
                          input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False)
    if proc.returncode != 0:
        print(f"error: fribidi exited {proc.returncode}: {proc.stderr.decode()}",
              file=sys.stderr)
        sys.exit(2)
    out = proc.stdout.decode("utf-8").split("\n")
    if out and out[-1] == "":
        out.pop()
    if len(out) != len(lines):
        print(f"error: fribidi gave {len(out)} lines for {len(lines)}", file=sys.stderr)
        sys.exit(2)
    return out


def unligate(visual):
    """FriBidi's visual string with each lam-alef ligature written as the
    letters it shows, left to right: the alef with the marks that follow the
    ligature (FriBidi ligates only a lam directly followed by an alef, so
    marks after the ligature are the alef's), then the lam."""
    out = []
    i = 0
    while i < len(visual):
        c = visual[i]
        i += 1
        if "\ufef5" <= c <= "\ufefc":
            d = common.nfkc(c)  # "\u0644" + the alef
            j = i
            while j < len(visual) and unicodedata.category(visual[j]) == "Mn":
                j += 1
            out.append(d[1:] + visual[i:j] + d[0])
            i = j
        else:
            out.append(c)
    return "".join(out)


def compare_file(path, binary):
    """Returns (total, agree, strict, mismatches) for one file."""
    paras = common.paragraphs(common.read_article(path))
    ours = common.run_hashiya(binary, ["--no-wrap", "--shape", "off", "--no-pad"], path)
    if len(ours) != len(paras):
        print(f"error: {path}: hashiya printed {len(ours)} lines for {len(paras)} "
              "paragraphs", file=sys.stderr)
        sys.exit(2)
    todo = [(i, p, common.paragraph_level(p)) for i, p in enumerate(paras) if p.strip()]
    theirs = {}
    for rtl in (False, True):
        group = [(i, p) for i, p, lvl in todo if (lvl == 1) == rtl]
        for (i, _), line in zip(group, fribidi_batch([p for _, p in group], rtl)):
            theirs[i] = line
    agree = strict = 0
    mismatches = []
    for i, p, lvl in todo:
        a, b = common.nfkc(ours[i]), common.nfkc(unligate(theirs[i]))
        if a == b:
            strict += 1
        if common.hashiya_glyphs(a) == common.hashiya_glyphs(b):
            agree += 1
        else:
            mismatches.append((path, i + 1, lvl, p, ours[i], theirs[i]))
    return len(todo), agree, strict, mismatches


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hashiya", default="target/debug/hashiya")
    ap.add_argument("--show", type=int, default=10, help="mismatches to print")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    common.require_icu()
    if shutil.which("fribidi") is None:
        print("error: fribidi is missing: install libfribidi-bin", file=sys.stderr)
        sys.exit(2)
    tot = ag = st = 0
    shown = []
    for path in args.files:
        n, a, s, mism = compare_file(path, args.hashiya)
        tot, ag, st = tot + n, ag + a, st + s
        shown.extend(mism)
        print(f"{path}: agreement: {a}/{n} ({common.percent(a, n):.2f}%) "
              f"strict: {s}/{n} ({common.percent(s, n):.2f}%)")
    print(f"overall: agreement: {ag}/{tot} ({common.percent(ag, tot):.2f}%) "
          f"strict: {st}/{tot} ({common.percent(st, tot):.2f}%)")
    for path, line_no, lvl, p, ours, theirs in shown[:args.show]:
        a = common.hashiya_glyphs(common.nfkc(ours))
        b = common.hashiya_glyphs(common.nfkc(unligate(theirs)))
        d = common.first_difference(a, b)
        print(f"\nMISMATCH {path}:{line_no} ({'rtl' if lvl else 'ltr'})")
        print(f"  logical: {p}")
        print(f"  hashiya: {ours}")
        print(f"  fribidi: {theirs}")
        print(f"  first difference at visual index {d}:")
        print(f"    hashiya[{d}:]: {common.dump(a[max(0, d - 3):], 24)}")
        print(f"    fribidi[{d}:]: {common.dump(b[max(0, d - 3):], 24)}")
        print(f"  logical codepoints: {common.dump(p, 60)}")
    if len(shown) > args.show:
        print(f"\n… {len(shown) - args.show} more mismatches (--show N)")


if __name__ == "__main__":
    main()
