#!/usr/bin/env python3
"""Extract the translations (msgstr values) of gettext catalogues into a
plain-text corpus, one paragraph per line.

Usage: extract_po.py [--script arabic|hebrew|thaana] [--max N] OUTPUT FILE.po [FILE.po ...]

Compiled catalogues (`/usr/share/locale/LANG/LC_MESSAGES/*.mo`, as Debian
packages install them) are read after `msgunfmt FILE.mo -o FILE.po`
(package gettext).

* Only translated entries count: the header (empty msgid), fuzzy and
  obsolete (#~) entries are skipped.
* Every msgstr / msgstr[n] is unescaped (\\n, \\t, \\", \\\\); a value holding
  newlines gives one line per non-empty piece; tabs become spaces.
* A line is kept only if it holds at least one letter of the script
  (`--script`, default arabic: U+0600-U+06FF; hebrew: U+0590-U+05FF;
  thaana: U+0780-U+07BF), and only once (first occurrence order is kept),
  so the output is deterministic.
* With `--max N`, at most N lines are kept, spread evenly over the catalogue
  order: line floor(k * total / N) for k = 0 .. N-1.

No dependency beyond the standard library (no polib needed).
"""

import re
import sys
import unicodedata

ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": ""}


def unquote(s):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        return ""
    body = s[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def entries(path):
    """Yields (msgid, [msgstr...], fuzzy) for each entry of a .po file."""
    msgid, strs, fuzzy = None, [], False
    current = None  # which field continuation lines extend
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip():
                if msgid is not None:
                    yield msgid, strs, fuzzy
                msgid, strs, fuzzy, current = None, [], False, None
                continue
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
                continue
            if line.startswith("#"):
                continue
            if line.startswith("msgid "):
                if msgid is not None and strs:
                    yield msgid, strs, fuzzy
                    strs, fuzzy = [], False
                msgid = unquote(line[6:])
                current = "id"
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith("msgctxt "):
                current = "ctx"
            elif line.startswith("msgstr"):
                m = re.match(r"msgstr(\[\d+\])?\s+(.*)$", line)
                strs.append(unquote(m.group(2)) if m else "")
                current = "str"
            elif line.startswith('"'):
                if current == "id":
                    msgid += unquote(line)
                elif current == "str" and strs:
                    strs[-1] += unquote(line)
    if msgid is not None:
        yield msgid, strs, fuzzy


SCRIPTS = {"arabic": ("\u0600", "\u06ff"), "hebrew": ("\u0590", "\u05ff"),
           "thaana": ("\u0780", "\u07bf")}


def is_letter_of(c, script):
    low, high = SCRIPTS[script]
    return low <= c <= high and unicodedata.category(c).startswith("L")


def options(argv):
    """(script, max or None, remaining arguments)."""
    script, most, rest = "arabic", None, []
    args = iter(argv[1:])
    for a in args:
        if a == "--script":
            script = next(args, "")
            if script not in SCRIPTS:
                sys.exit("--script takes one of: " + ", ".join(SCRIPTS))
        elif a == "--max":
            most = int(next(args, "0"))
        else:
            rest.append(a)
    return script, most, rest


def main(argv):
    script, most, argv = options(argv)
    argv = ["extract_po.py"] + argv
    if len(argv) < 3:
        sys.exit(__doc__)
    seen = set()
    out = []
    for path in argv[2:]:
        for msgid, strs, fuzzy in entries(path):
            if msgid == "" or fuzzy:
                continue
            for s in strs:
                for piece in s.split("\n"):
                    piece = piece.replace("\t", " ").strip()
                    if not piece or piece in seen:
                        continue
                    if not any(is_letter_of(c, script) for c in piece):
                        continue
                    seen.add(piece)
                    out.append(piece)
    if most is not None and len(out) > most:
        out = [out[k * len(out) // most] for k in range(most)]
    with open(argv[1], "w", encoding="utf-8") as f:
        for line in out:
            f.write(line + "\n")
    print(f"{argv[1]}: {len(out)} lines", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
