#!/usr/bin/env python3
"""A stub recommender speaking Hashiya's protocol (docs/suggest.md), for CI.

It reads the request, checks it, and proposes every occurrence of the words
given as arguments (WORD=LABEL) that is not annotated yet, plus one claim
for the first «قال» it finds (its next 10 characters).
"""
import json
import sys

request = json.loads(sys.stdin.readline())
assert request["protocol"] == 1
text = request["text"]
taken = [(a["start"], a["end"]) for a in request["annotations"]]
for arg in sys.argv[1:]:
    word, label = arg.split("=")
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not any(s < end and start < e for s, e in taken):
            print(json.dumps({"start": start, "end": end, "label": label, "score": 0.42}))
        start = text.find(word, end)
cue = text.find("قال")
if cue >= 0:
    print()
    print(json.dumps({"type": "claim", "start": cue + 4, "end": cue + 14,
                      "cue": {"start": cue, "end": cue + 3}, "kind": "indirect",
                      "claimant": "stub"}, ensure_ascii=False))
