#!/usr/bin/python3
"""Which presentation forms the common terminal fonts draw.

For each font given (default: the fonts below, as Debian installs them:
fonts-dejavu-core, fonts-noto-mono, fonts-noto-core, fonts-liberation,
fonts-freefont-ttf, fonts-unifont), reads its character map with fontTools
(Debian package python3-fonttools) and prints how many of the presentation
forms that Hashiya's shaping table uses (tests/data/presentation_forms.txt)
it has, and which it lacks, by letter. "Noto Sans Mono + Noto Sans Arabic"
is the fallback pair a terminal with Noto Sans Mono gets from fontconfig.

With --missing-anywhere, prints only the forms that one of the monospaced
fonts (DejaVu Sans Mono, FreeMono, Unifont, Noto Sans Mono with its Arabic
fallback) lacks: the forms src/layout/shape.rs leaves nominal.

Usage: /usr/bin/python3 scripts/font-coverage.py [--missing-anywhere] [FONT ...]
"""
import os
import sys

from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONTS = [
    ("DejaVu Sans Mono", ["/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"]),
    ("Noto Sans Mono + Noto Sans Arabic", ["/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
                                           "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"]),
    ("Liberation Mono", ["/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"]),
    ("FreeMono", ["/usr/share/fonts/truetype/freefont/FreeMono.ttf"]),
    ("Unifont", ["/usr/share/fonts/opentype/unifont/unifont.otf"]),
]


def forms():
    out = []
    with open(os.path.join(ROOT, "tests/data/presentation_forms.txt"), encoding="ascii") as f:
        for line in f:
            if line.startswith("#"):
                continue
            code, slot, base = line.split()
            out.append((int(code, 16), slot, int(base, 16)))
    return out


def cmap(paths):
    codes = set()
    for p in paths:
        codes |= set(TTFont(p, lazy=True).getBestCmap())
    return codes


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    fonts = [(os.path.basename(a), [a]) for a in args] or FONTS
    table = forms()
    if "--missing-anywhere" in sys.argv:
        missing = set()
        for name, paths in fonts:
            if name == "Liberation Mono":  # no Arabic letters at all
                continue
            have = cmap(paths)
            missing |= {c for c, _, _ in table if c not in have}
        for code, slot, base in table:
            if code in missing:
                print("%04X %s %04X %s" % (code, slot, base, chr(base)))
        return
    for name, paths in fonts:
        have = cmap(paths)
        letters = sorted({b for _, _, b in table})
        n_letters = sum(1 for b in letters if b in have)
        lacking = [(c, s, b) for c, s, b in table if c not in have]
        print("%s: %d/%d presentation forms, %d/%d of their letters" %
              (name, len(table) - len(lacking), len(table), n_letters, len(letters)))
        by_letter = {}
        for c, s, b in lacking:
            by_letter.setdefault(b, []).append(s)
        if 0 < len(by_letter) <= 60:
            print("  lacks: " + ", ".join("%s U+%04X (%s)" % (chr(b), b, " ".join(s))
                                          for b, s in sorted(by_letter.items())))


main()
