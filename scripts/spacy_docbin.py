#!/usr/bin/env python3
"""Hashiya's `export --format spacy` (spacy.jsonl) to a spaCy DocBin for `spacy train`.

    hashiya export --format spacy --out out/ corpus/
    python scripts/spacy_docbin.py out/spacy.jsonl train.spacy --lang ar

Each line becomes a `Doc` built from the export's own tokens (`words`, `spaces`),
so its text is the article's, character for character. `spans` become `doc.ents`
(they never overlap) and each of `span_groups` (`sc`: every entity, nested ones
too; `claims`; `cues`) becomes `doc.spans[KEY]`. The article's id is kept in
`doc.user_data["hashiya_id"]`. Every span is checked to start and end where the
export says; a line that does not is an error naming it (exit 1).

See docs/formats.md ("spaCy / Prodigy JSONL") for training with the result.
"""

import argparse
import json
import sys

import spacy
from spacy.tokens import Doc, DocBin, Span


def span(doc, item, where):
    """The Span of `item` (token_end inclusive), checked against its characters."""
    s = Span(doc, item["token_start"], item["token_end"] + 1, label=item["label"])
    if (s.start_char, s.end_char) != (item["start"], item["end"]):
        raise ValueError(
            f"{where}: span {item['start']}..{item['end']} is {s.start_char}..{s.end_char} in tokens"
        )
    return s


def doc_of(nlp, line, where):
    """The Doc of one exported article."""
    tokens = line["tokens"]
    doc = Doc(nlp.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
    if doc.text != line["text"]:
        raise ValueError(f"{where}: the tokens do not spell the text")
    doc.ents = [span(doc, s, where) for s in line["spans"]]
    for key, group in line.get("span_groups", {}).items():
        doc.spans[key] = [span(doc, s, where) for s in group]
    doc.user_data["hashiya_id"] = line.get("meta", {}).get("id")
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", help="spacy.jsonl written by `hashiya export --format spacy`")
    parser.add_argument("output", help="the DocBin to write (NAME.spacy)")
    parser.add_argument("--lang", default="ar", help="spaCy language code of the vocabulary (ar)")
    args = parser.parse_args()
    nlp = spacy.blank(args.lang)
    docs = DocBin(store_user_data=True)
    count = 0
    with open(args.jsonl, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                docs.add(doc_of(nlp, json.loads(raw), f"{args.jsonl}:{number}"))
            except (ValueError, KeyError) as e:
                print(f"spacy_docbin: {e}", file=sys.stderr)
                return 1
            count += 1
    docs.to_disk(args.output)
    print(f"spacy_docbin: {count} doc(s) written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
