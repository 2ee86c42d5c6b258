#!/usr/bin/env python3
"""An external recommender for Hashiya: a spaCy pipeline's entities.

Declared in a corpus's hashiya.toml (see docs/suggest.md):

    [[recommender]]
    name = "spacy"
    command = "python3"
    args = ["recommender_spacy.py", "xx_ent_wiki_sm"]
    timeout_ms = 20000

Reads Hashiya's request (one JSON line on standard input), runs the
pipeline named by its argument (any spaCy pipeline with an entity
recognizer: the multilingual xx_ent_wiki_sm, or one trained on the corpus:
`hashiya export --format spacy` then `spacy train`), and writes one
suggestion per line. Its labels are mapped to the schema's; entities whose
label the schema does not have, and spans already annotated or rejected,
are left out. Not run in CI (it needs a model download); the protocol is
tested with tests/data/recommenders/stub.py.
"""
import json
import sys

import spacy

# spaCy's label names → Hashiya's default schema.
LABELS = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC",
          "DATE": "DATE", "EVENT": "EVENT", "NORP": "NORP", "MISC": "MISC"}


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else "xx_ent_wiki_sm"
    request = json.loads(sys.stdin.readline())
    if request.get("protocol") != 1:
        sys.exit(f"protocol {request.get('protocol')} is not 1")
    nlp = spacy.load(model)
    known = set(request["labels"])
    taken = [(a["start"], a["end"]) for a in request["annotations"] if a["type"] == "entity"]
    rejected = {(r["start"], r["end"], r["label"]) for r in request["rejected"]}
    # spaCy's character offsets are code points, as Hashiya's.
    for ent in nlp(request["text"]).ents:
        label = LABELS.get(ent.label_, ent.label_)
        span = (ent.start_char, ent.end_char)
        if label not in known or (*span, label) in rejected:
            continue
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        print(json.dumps({"start": span[0], "end": span[1], "label": label, "score": 0.5}))


if __name__ == "__main__":
    main()
