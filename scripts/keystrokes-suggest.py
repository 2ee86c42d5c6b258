#!/usr/bin/env python3
"""Keystrokes to annotate one held-out sample article, with and without
suggestions, in the real binary driven in tmux (issue 17's measure).

Usage: keystrokes-suggest.py [HASHIYA]   (default: target/debug/hashiya)

The corpus is a scratch folder: the four other annotated samples of
tests/data/annotated/ with their sidecars, and the held-out article 004
without its sidecar. The reader opens 004 (annotator "tester") and the
script annotates its entities to match the gold sidecar
(tests/data/annotated/004_*.ann.toml), counting every key it sends (a
typed character is one key):

- without suggestions: per mention, `/` + the mention's text + Enter, `n`
  until the right occurrence is selected, `e` and the label's digit;
- with suggestions: `s`, then `'` from suggestion to suggestion; `y` on one
  that is a gold entity (span and label), nothing on one that is not (the
  next `'` passes it); then the mentions still missing by hand as above
  (after `g`).

The suggestion under the cursor is read from the status line (label,
source, and its text, which the terminal shows shaped and in visual order:
read back by reversing it and undoing the presentation forms).

At the end (`q`), the sidecar's entities must equal the gold's (start,
end, label) or the script fails. Claims are NOT annotated here (the claim
form's keys are not scripted): the counts are for the 42 entities only.
Prints one line per run and exits 0 when both match the gold.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "annotated")
HELD_OUT = "004_c29349fac5246de1.txt"
OTHERS = [
    "000_5aca6166c9697b1f.txt",
    "001_0d543047192bbcf6.txt",
    "002_429bb908716aee8d.txt",
    "003_b2e10a9c1d4ea0b9.txt",
]
LABEL_KEYS = {"PERSON": "1", "ORG": "2", "GPE": "3", "LOC": "4", "DATE": "5",
              "EVENT": "6", "NORP": "7", "MISC": "8"}
SOURCES = ("gazetteer", "dates", "claims")


class Session:
    """The binary in a tmux session of its own (own socket), counting keys."""

    def __init__(self, binary, folder):
        self.sock = f"keystrokes-{os.getpid()}"
        self.folder = folder
        self.keys = 0
        args = [binary, "--annotator", "tester", HELD_OUT] + OTHERS
        cmd = " ".join(f"'{a}'" for a in args) + "; echo EXITED:$?; sleep 60"
        self.tmux("new-session", "-d", "-s", "k", "-x", "120", "-y", "40", "-c", folder, cmd)
        self.wait("the reader", lambda s: "READ" in s[-1])

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.sock, *args], capture_output=True,
                              text=True, timeout=20).stdout

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "k").rstrip("\n").split("\n")

    def wait(self, what, pred, secs=10):
        end = time.time() + secs
        while time.time() < end:
            s = self.screen()
            if s and pred(s):
                return s
            time.sleep(0.02)
        raise SystemExit(f"timed out waiting for {what}:\n" + "\n".join(self.screen()))

    def send(self, *keys):
        self.keys += len(keys)
        self.tmux("send-keys", "-t", "k", *keys)

    def type(self, text):
        self.keys += len(text)
        self.tmux("send-keys", "-t", "k", "-l", text)

    def close(self):
        self.tmux("kill-server")


def occurrences(text, word):
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def tag(t, chars, entity, cursor):
    """Tags `entity` by search from `cursor`; returns the new cursor."""
    word = entity["text"]
    # Python's str offsets are code points: the sidecar's `char` offsets.
    starts = occurrences("".join(chars), word)
    first = next(i for i, s in enumerate(starts) if s >= cursor)
    target = starts.index(entity["start"])
    t.send("/")
    t.type(word)
    t.send("Enter")
    t.wait("the match", lambda s: "READ" in s[-1] and "[" in s[-1] and "/" in s[-1])
    for _ in range((target - first) % len(starts)):
        t.send("n")
    t.send("e")
    t.wait("the label picker", lambda s: any("LABEL" in r for r in s))
    t.send(LABEL_KEYS[entity["label"]])
    t.wait("the tag", lambda s: "READ" in s[-1])
    return entity["start"]


def logical(visual):
    """A status line's Arabic text back in logical order and plain letters."""
    rev = visual[::-1]
    out, run = [], []
    for c in rev:
        if c.isdigit() or c in ".,%":
            run.append(c)
            continue
        out.extend(reversed(run))
        run = []
        out.append(unicodedata.normalize("NFKC", c))
    out.extend(reversed(run))
    return "".join(out)


def status_suggestion(line):
    """(label, text, source) of the suggestion the status line describes."""
    if "«" not in line or "»" not in line:
        return None
    label = line.split("«")[0].split()[-1]
    text = line.split("«")[1].split("»")[0]
    source = line.split("»")[1].strip().lstrip("(").split(",")[0]
    if source not in SOURCES:
        return None
    return label, logical(text), source


def saved_entities(folder):
    path = os.path.join(folder, HELD_OUT + ".ann.toml")
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        return tomllib.load(f).get("entity", [])


def quit_and_check(t, gold):
    t.send("q")
    t.wait("the exit", lambda s: any(r.startswith("EXITED:0") for r in s))
    got = {(e["start"], e["end"], e["label"]) for e in saved_entities(t.folder)}
    want = {(e["start"], e["end"], e["label"]) for e in gold}
    return got == want, sorted(want - got), sorted(got - want)


def without(binary, folder, chars, gold):
    t = Session(binary, folder)
    try:
        cursor = 0
        for e in sorted(gold, key=lambda e: e["start"]):
            cursor = tag(t, chars, e, cursor)
        keys = t.keys
        ok = quit_and_check(t, gold)
    finally:
        t.close()
    return keys, ok, {}


def with_suggestions(binary, folder, chars, gold):
    t = Session(binary, folder)
    text = "".join(chars)
    todo = {(e["start"], e["end"], e["label"]) for e in gold}
    stats = {"accepted": 0, "passed": 0}
    try:
        t.send("s")
        t.wait("suggestions on", lambda s: any("suggestions on" in r for r in s))
        time.sleep(2)  # computed in the background (well under 50 ms)
        pos = -1
        while True:
            t.send("'")
            time.sleep(0.15)
            got = status_suggestion(t.screen()[-1])
            if got is None:
                break
            label, shown, _source = got
            # The suggestion is at the first occurrence of its text after the
            # last one visited; none after: ' wrapped around, done.
            starts = [i for i in occurrences(text, shown) if i > pos]
            if not starts:
                break
            # Offsets in chars, not bytes: `text` is a str, so they are chars.
            start = starts[0]
            span = (start, start + len(shown), label)
            pos = start
            if span in todo:
                t.send("y")
                t.wait("the acceptance", lambda s: "accepted:" in s[-1])
                todo.discard(span)
                stats["accepted"] += 1
            else:
                stats["passed"] += 1
        # What is missing, by hand.
        have = {(e["start"], e["end"], e["label"]) for e in saved_entities(folder)}
        missing = [e for e in gold if (e["start"], e["end"], e["label"]) not in have]
        stats["by_hand"] = len(missing)
        if missing:
            t.send("g")
            cursor = 0
            for e in sorted(missing, key=lambda e: e["start"]):
                cursor = tag(t, chars, e, cursor)
        keys = t.keys
        ok = quit_and_check(t, gold)
    finally:
        t.close()
    return keys, ok, stats


def corpus():
    folder = tempfile.mkdtemp(prefix="keystrokes-")
    shutil.copy(os.path.join(DATA, HELD_OUT), folder)
    for name in OTHERS:
        shutil.copy(os.path.join(DATA, name), folder)
        shutil.copy(os.path.join(DATA, name + ".ann.toml"), folder)
    return folder


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                             else os.path.join(ROOT, "target", "debug", "hashiya"))
    with open(os.path.join(DATA, HELD_OUT), encoding="utf-8") as f:
        chars = list(f.read())
    with open(os.path.join(DATA, HELD_OUT + ".ann.toml"), "rb") as f:
        gold = tomllib.load(f).get("entity", [])
    all_ok = True
    for name, run in (("without", without), ("with", with_suggestions)):
        folder = corpus()
        try:
            keys, (ok, missing, extra), stats = run(binary, folder, chars, gold)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        all_ok &= ok
        extra_stats = " ".join(f"{k}={v}" for k, v in stats.items())
        print(f"{name} suggestions: keys={keys} entities={len(gold)} "
              f"matches_gold={'yes' if ok else 'no'} {extra_stats}".rstrip())
        if not ok:
            print(f"  missing={missing[:10]} extra={extra[:10]}")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
