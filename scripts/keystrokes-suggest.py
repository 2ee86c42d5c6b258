#!/usr/bin/env python3
"""Keystrokes to annotate one held-out sample article, with and without
suggestions, in the real binary driven in tmux (issue 17's measure).

Usage: keystrokes-suggest.py [HASHIYA]   (default: target/debug/hashiya)

The corpus is a scratch folder: the four other annotated samples of
tests/data/annotated/ with their sidecars, and the held-out article 004
without its sidecar. The reader opens 004 (annotator "tester") and the
script annotates its 42 entities and 12 claims to match the gold sidecar
(tests/data/annotated/004_*.ann.toml), counting every key it sends (a
typed character is one key):

- without suggestions: per mention, `/` + the mention's text + Enter, `n`
  until the right occurrence is selected, `e` and the label's digit; then
  `g` and per claim: `/` + the content's first two words + Enter, `n` to
  the right occurrence, Shift-← once per further word (a lone comma is not
  a word), `c`; the claimant, cue and kind the form shows are read off
  it and, where not the gold's, set: the claimant's words typed (Ctrl-t to
  keep free text that an entity also matches), Tab and the cue's words
  typed (or ← to "—", none), Tab and ←/→ to the kind; Enter. Where the
  content's end is then not the gold's (a closing quotation mark is not
  part of a word), `E`, `,`/`.` by words or Alt-`,`/Alt-`.` by
  characters, `E`;
- with suggestions: `s`, then `'` from suggestion to suggestion; `y` on an
  entity suggestion that is a gold entity (span and label), nothing on one
  that is not (the next `'` passes it); `y` on a claim suggestion that
  starts where a gold claim starts, its end then moved with `E` where it is
  not the gold's (`u` if it cannot be), its claimant, cue and kind set in
  its form where they are not; then the entities still missing by hand as
  above (after `g`), then the claims still missing by hand as above.

The suggestion under the cursor is read from the status line (label,
source, and its text — for a claim its first words —, which the terminal
shows shaped and in visual order: read back by reversing it and undoing the
presentation forms). An accepted claim suggestion is saved at once: its
span, claimant, cue and kind are read from the sidecar, and its form (`c`
on it) opened only where one is not the gold's.

At the end (`q`), the sidecar's entities must equal the gold's (start,
end, label) and its claims the gold's (content span, cue span, the
claimant's words — its entity's text or the free text —, kind) or the
script fails. Prints one line per run (keys in all, and split into entity
and claim keys: a `'` counts for what it lands on) and exits 0 when both
match the gold.
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


KINDS = ["direct", "indirect", "mixed"]


def saved(folder):
    path = os.path.join(folder, HELD_OUT + ".ann.toml")
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


def claimant_text(claim, entities):
    """The claimant's words: its entity's text, or the free text."""
    if "claimant" in claim:
        ent = next((e for e in entities if e["id"] == claim["claimant"]), None)
        return ent["text"] if ent else None
    return claim.get("claimant_text")


def claim_key(claim, entities):
    """What must equal the gold's: content span, cue span, claimant words, kind."""
    cue = claim.get("cue")
    return (claim["start"], claim["end"], (cue["start"], cue["end"]) if cue else None,
            claimant_text(claim, entities), claim.get("kind", "indirect"))


def new_claim(folder, before):
    """The claim of the sidecar whose id is not in `before`."""
    return next((c for c in saved(folder).get("claim", []) if c["id"] not in before), None)


def claim_by_id(folder, cid):
    return next((c for c in saved(folder).get("claim", []) if c["id"] == cid), None)


def form_row(screen, name):
    """The value shown on the open claim form's row `name`."""
    for r in screen:
        body = r.strip().strip("│").strip()
        if body.startswith(name + " ") or body == name:
            return body[len(name):].strip()
    return ""


def form_values(t, ents):
    """(claimant's words, cue text, kind) the open claim form shows."""
    screen = t.screen()
    who = form_row(screen, "claimant")
    words, _, note = who.partition(" (")
    ids = [e["text"] for e in ents if e["id"] in note.split()]
    who = ids[0] if ids else (logical(words.strip()) or None)
    cue = form_row(screen, "cue")
    cue = None if cue in ("", "—") else logical(cue)
    kind = form_row(screen, "kind").rsplit("(", 1)[-1].rstrip(")")
    return who, cue, kind


def fill_form(t, need_who, need_cue, need_kind, kind_now, g, gold_ents, ents):
    """On the open claim form (at its claimant field), sets what is needed
    to the gold `g`'s: the claimant typed (filtering the entities; Ctrl-t
    when the gold's is free text that an entity also matches), Tab and the
    cue typed (← to "none" when the gold has none), Tab and ←→ to the kind."""
    field = 0
    if need_who:
        want_who = claimant_text(g, gold_ents)
        t.type(want_who)
        if "claimant" not in g and any(want_who in e["text"] for e in ents):
            t.send("C-t")
    if need_cue:
        t.send("Tab")
        field = 1
        if g.get("cue"):
            t.type(g["cue"]["text"])
        else:
            # None (shown "—") is one step before the first choice: ← until
            # it shows.
            for _ in range(12):
                t.send("Left")
                time.sleep(0.1)
                if form_row(t.screen(), "cue") in ("", "—"):
                    break
    if need_kind:
        t.send(*["Tab"] * (2 - field))
        steps = (KINDS.index(g["kind"]) - KINDS.index(kind_now)) % 3
        t.send(*(["Right"] if steps == 1 else ["Left"]))


def fix_fields(t, cid, g, gold_ents):
    """Opens claim `cid`'s form (`c` on it) where its claimant, cue or kind
    (as saved) is not the gold `g`'s, sets them, Enter. Returns whether it
    was needed."""
    have = saved(t.folder)
    cur = claim_by_id(t.folder, cid)
    ents = have.get("entity", [])
    need_who = claimant_text(cur, ents) != claimant_text(g, gold_ents)
    need_cue = (cur.get("cue") or {}).get("start") != (g.get("cue") or {}).get("start") \
        or (cur.get("cue") is None) != (g.get("cue") is None)
    need_kind = cur.get("kind", "indirect") != g["kind"]
    if not (need_who or need_cue or need_kind):
        return False
    t.send("c")
    t.wait("the claim's form", lambda s: any(f"{cid} · editing" in r for r in s))
    fill_form(t, need_who, need_cue, need_kind, cur.get("kind", "indirect"), g, gold_ents, ents)
    t.send("Enter")
    t.wait("the claim saved", lambda s: "READ" in s[-1] and f"claim {cid} saved" in s[-1])
    return True


def respan(t, cid, g, text):
    """Sets claim `cid`'s content end to the gold's with `E` (on the claim
    under the cursor): `,` / `.` move the end edge a word on / back (Arabic),
    with Alt a character; `E` sets it. Repeated while it is not there yet
    (every key counted). Returns whether `E` was used (it leaves the cursor
    at the claim's start)."""
    used = False
    for _ in range(4):
        cur = claim_by_id(t.folder, cid)
        if cur["start"] != g["start"] or cur["end"] == g["end"]:
            return used
        used = True
        t.send("E")
        time.sleep(0.3)
        lo, hi = sorted((cur["end"], g["end"]))
        words = len(text[lo:hi].split())
        longer = g["end"] > cur["end"]
        if hi - lo <= 2 or words <= 1 and not text[lo:hi].strip(" \n").isalpha():
            t.send(*(["M-,"] if longer else ["M-."]) * (hi - lo))
        else:
            t.send(*([","] if longer else ["."]) * words)
        time.sleep(0.1)
        t.send("E")
        t.wait("the new span", lambda s: "READ" in s[-1] and any("now covers" in r for r in s[-3:]))
    return used


def make_claim(t, text, g, gold_ents, cursor, stats):
    """A claim by hand: `/` + its first two words + Enter, `n` to the right
    occurrence, Shift-← once per further word (the selection grows by whole
    words), `c`, Enter on the form's choices; then the fields the form
    guessed wrong fixed in the claim's form. Returns the new cursor."""
    words = g["text"].split()
    head = " ".join(words[:2])
    starts = occurrences(text, head)
    first = next((i for i, s in enumerate(starts) if s >= cursor), 0)
    target = starts.index(g["start"])
    before = {c["id"] for c in saved(t.folder).get("claim", [])}
    t.send("/")
    t.type(head)
    t.send("Enter")
    t.wait("the match", lambda s: "READ" in s[-1] and "[" in s[-1] and "/" in s[-1])
    for _ in range((target - first) % len(starts)):
        t.send("n")
    # A comma standing alone is not a word the selection steps over.
    for _ in range(sum(any(c.isalpha() for c in w) for w in words[2:])):
        t.send("S-Left")
    time.sleep(0.1)
    t.send("c")
    t.wait("the claim form", lambda s: "CLAIM" in s[-1] and form_row(s, "kind"))
    # What the form guessed, read off it, is set right before Enter.
    ents = saved(t.folder).get("entity", [])
    who, cue, kind = form_values(t, ents)
    need = (who != claimant_text(g, gold_ents), cue != (g.get("cue") or {}).get("text"),
            kind != g["kind"])
    if any(need):
        fill_form(t, *need, kind, g, gold_ents, ents)
        stats["hand_form_set"] = ",".join(filter(None, [stats.get("hand_form_set", ""), g["id"]]))
    t.send("Enter")
    t.wait("the claim saved", lambda s: "READ" in s[-1] and "saved" in s[-1])
    made = new_claim(t.folder, before)
    moved = respan(t, made["id"], g, text)
    fixed = fix_fields(t, made["id"], g, gold_ents)
    for what, done in (("hand_respanned", moved), ("hand_fixed", fixed)):
        if done:
            stats[what] = ",".join(filter(None, [stats.get(what, ""), g["id"]]))
    # The cursor is left on the selection's last word (after `E`, on the
    # claim's start): a search goes on from there.
    return g["start"] if moved else g["end"]


def claims_match(folder, gold_claims, gold_ents):
    have = saved(folder)
    got = sorted(claim_key(c, have.get("entity", [])) for c in have.get("claim", []))
    want = sorted(claim_key(c, gold_ents) for c in gold_claims)
    return got == want, [w for w in want if w not in got], [g for g in got if g not in want]


def quit_and_check(t, gold, gold_claims):
    t.send("q")
    t.wait("the exit", lambda s: any(r.startswith("EXITED:0") for r in s))
    got = {(e["start"], e["end"], e["label"]) for e in saved_entities(t.folder)}
    want = {(e["start"], e["end"], e["label"]) for e in gold}
    ok, c_missing, c_extra = claims_match(t.folder, gold_claims, gold)
    return (got == want and ok, sorted(want - got) + c_missing,
            sorted(got - want) + c_extra)


def without(binary, folder, chars, gold, gold_claims):
    t = Session(binary, folder)
    text = "".join(chars)
    stats = {}
    try:
        cursor = 0
        for e in sorted(gold, key=lambda e: e["start"]):
            cursor = tag(t, chars, e, cursor)
        stats["entity_keys"] = t.keys
        t.send("g")
        cursor = 0
        for g in sorted(gold_claims, key=lambda c: c["start"]):
            cursor = make_claim(t, text, g, gold, cursor, stats)
        keys = t.keys
        stats["claim_keys"] = keys - stats["entity_keys"]
        ok = quit_and_check(t, gold, gold_claims)
    finally:
        t.close()
    return keys, ok, stats


def with_suggestions(binary, folder, chars, gold, gold_claims):
    t = Session(binary, folder)
    text = "".join(chars)
    todo = {(e["start"], e["end"], e["label"]) for e in gold}
    stats = {"accepted": 0, "passed": 0, "claims_accepted": 0, "claims_fixed": 0, "claims_respanned": 0,
             "claims_undone": 0, "claims_passed": 0}
    claims_todo = {c["start"]: c for c in gold_claims}
    try:
        t.send("s")
        t.wait("suggestions on", lambda s: any("suggestions on" in r for r in s))
        time.sleep(2)  # computed in the background (well under 50 ms)
        pos = -1
        last_claim = None
        stats["claim_keys"] = 0
        while True:
            # Each `'` and what follows it is counted for claims when it
            # lands on a claim suggestion.
            if last_claim is not None:
                stats["claim_keys"] += t.keys - last_claim
            last_claim = t.keys
            t.send("'")
            time.sleep(0.15)
            got = status_suggestion(t.screen()[-1])
            if got is None:
                last_claim = None
                break
            label, shown, source = got
            if source != "claims":
                last_claim = None
            if source == "claims":
                # The status line shows the content's first words only.
                shown = shown.strip()
                starts = [i for i in occurrences(text, shown) if i > pos]
                if not starts:
                    break
                pos = starts[0]
                g = claims_todo.get(pos)
                if g is None:
                    stats["claims_passed"] += 1
                    continue
                before = {c["id"] for c in saved(folder).get("claim", [])}
                t.send("y")
                t.wait("the acceptance", lambda s: "accepted:" in s[-1])
                made = new_claim(folder, before)
                if made["start"] == g["start"] and made["end"] != g["end"]:
                    # Its end is not the gold's: moved with `E`.
                    respan(t, made["id"], g, text)
                    made = claim_by_id(folder, made["id"])
                    if made["end"] == g["end"]:
                        stats["claims_respanned"] = g["id"]
                if (made["start"], made["end"]) != (g["start"], g["end"]):
                    # Another content span: taken back, made by hand below.
                    t.send("u")
                    t.wait("the undo", lambda s: "undone" in s[-1])
                    stats["claims_undone"] += 1
                    continue
                stats["claims_accepted"] += 1
                if fix_fields(t, made["id"], g, gold):
                    stats["claims_fixed"] = ",".join(filter(None, [stats["claims_fixed"] or "", g["id"]]))
                del claims_todo[pos]
                continue
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
        if last_claim is not None:
            stats["claim_keys"] += t.keys - last_claim
        # What is missing, by hand.
        have = {(e["start"], e["end"], e["label"]) for e in saved_entities(folder)}
        missing = [e for e in gold if (e["start"], e["end"], e["label"]) not in have]
        stats["by_hand"] = len(missing)
        if missing:
            t.send("g")
            cursor = 0
            for e in sorted(missing, key=lambda e: e["start"]):
                cursor = tag(t, chars, e, cursor)
        stats["claims_by_hand"] = ",".join(c["id"] for c in claims_todo.values()) or 0
        by_hand_from = t.keys
        if claims_todo:
            t.send("g")
            cursor = 0
            for g in sorted(claims_todo.values(), key=lambda c: c["start"]):
                cursor = make_claim(t, text, g, gold, cursor, stats)
        keys = t.keys
        stats["claim_keys"] += keys - by_hand_from
        stats["entity_keys"] = keys - stats["claim_keys"]
        ok = quit_and_check(t, gold, gold_claims)
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
        sidecar = tomllib.load(f)
    gold, gold_claims = sidecar.get("entity", []), sidecar.get("claim", [])
    all_ok = True
    for name, run in (("without", without), ("with", with_suggestions)):
        folder = corpus()
        try:
            keys, (ok, missing, extra), stats = run(binary, folder, chars, gold, gold_claims)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        all_ok &= ok
        extra_stats = " ".join(f"{k}={v}" for k, v in stats.items())
        print(f"{name} suggestions: keys={keys} entities={len(gold)} claims={len(gold_claims)} "
              f"matches_gold={'yes' if ok else 'no'} {extra_stats}".rstrip())
        if not ok:
            print(f"  missing={missing[:10]} extra={extra[:10]}")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
