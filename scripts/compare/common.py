"""Shared helpers of the reference comparisons (run with /usr/bin/python3).

Everything here mirrors a documented behaviour of `hashiya render`, not its
code: paragraphs end at "\\n" (a "\\r" before it is dropped, a final newline
adds no paragraph); characters that draw nothing are hidden; each paragraph's
direction comes from its first strong character (UAX #9 P2/P3), left to
right when there is none.
"""

import subprocess
import sys
import unicodedata

try:
    import icu  # PyICU: Debian package python3-icu
except ImportError:  # pragma: no cover - reported by the callers
    icu = None

# Characters `hashiya render` hides (they act on layout but draw nothing):
# ZWSP..RLM, LRE..RLO, WJ..PDI, ALM, BOM, soft hyphen.
INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x206A)]
    + ["\u061c", "\ufeff", "\u00ad"]
)


def require_icu():
    if icu is None:
        sys.exit("error: the Python module `icu` is missing: install python3-icu "
                 "and run with /usr/bin/python3")


def paragraphs(text):
    """The paragraphs of an article, as hashiya splits them."""
    parts = text.split("\n")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return [p[:-1] if p.endswith("\r") else p for p in parts]


def read_article(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")


def utf16_offsets(text):
    """offs[i] = UTF-16 offset of char i (len(text)+1 entries)."""
    offs = [0]
    for c in text:
        offs.append(offs[-1] + (2 if ord(c) > 0xFFFF else 1))
    return offs


def paragraph_level(text):
    """0 or 1: P2/P3 with a left-to-right default, as computed by ICU."""
    require_icu()
    b = icu.Bidi()
    u = icu.UnicodeString(text)
    b.setPara(u, icu.Bidi.DEFAULT_LTR)
    return b.getParaLevel()


TAB = "    "


def glyph(c):
    """What hashiya draws for logical char c (its documented glyph rules)."""
    if c == "\t":
        return TAB
    o = ord(c)
    if o < 0x20:
        return chr(0x2400 + o)
    if o == 0x7F:
        return "\u2421"
    if 0x80 <= o <= 0x9F:
        return "\ufffd"
    if c == "\u2028":
        return "\u2424"
    if c == "\u2029":
        return "\u00b6"
    if c in INVISIBLE:
        return ""
    return c


def hashiya_glyphs(s):
    """s with every char replaced by what hashiya draws for it."""
    return "".join(glyph(c) for c in s)


def drop_invisible(s):
    return "".join(c for c in s if c not in INVISIBLE)


def nfkc(s):
    return unicodedata.normalize("NFKC", s)


def char_width(c):
    """Columns of one char, like unicode-width 0.2 for the text we test:
    0 for marks, format characters and Hangul medial/final jamo, 2 for
    East Asian Wide/Fullwidth, 1 otherwise."""
    cat = unicodedata.category(c)
    if cat in ("Mn", "Me", "Cf") or "\u1160" <= c <= "\u11ff" or c == "\u200b":
        return 0
    if unicodedata.east_asian_width(c) in ("W", "F"):
        return 2
    return 1


def width(s):
    return sum(char_width(c) for c in s)


def run_hashiya(binary, args, path):
    """Output lines of `hashiya render ARGS PATH` (without newlines)."""
    proc = subprocess.run([binary, "render", *args, path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        sys.exit(f"error: {binary} render {' '.join(args)} {path} exited "
                 f"{proc.returncode}: {proc.stderr.decode('utf-8', 'replace')}")
    out = proc.stdout.decode("utf-8")
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def dump(s, limit=80):
    """A codepoint dump: `U+0642 ق` items, marks and controls shown by name."""
    items = []
    for c in s[:limit]:
        cat = unicodedata.category(c)
        shown = c if cat[0] not in "CMZ" else unicodedata.name(c, "?").lower()
        items.append(f"{ord(c):04X}:{shown}")
    more = f" …(+{len(s) - limit})" if len(s) > limit else ""
    return " ".join(items) + more


def first_difference(a, b):
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def percent(good, total):
    return 100.0 * good / total if total else 100.0
