"""Loads every brat document of a folder with brat's own reader.

brat's `annotation.py` and `projectconfig.py` as bundled by bratiaa
(`bratsubset`): `TextAnnotations` reads `NAME.txt` (UTF-8, universal
newlines, as brat's server does) and `NAME.ann`, checks every T line's text
against the document at its offsets and runs brat's sanity checks (events
have triggers, triggers are referenced only by events, ids are defined).
`annotation.conf` is read by brat's `ProjectConfiguration`, and every type
used is checked to be declared there.

Usage: python brat_load.py FOLDER
Prints one JSON object per document (sorted by name) on standard output:
  {"doc": NAME, "errors": [...], "failed_lines": [...],
   "counts": {"T": n, "E": n, "R": n, "A": n, "N": n, "*": n, "#": n},
   "textbounds": [[id, type, [[s, e], ...], text], ...],
   "normalizations": [[id, target, refdb, refid], ...], ...,
   "canonical": [...]}
`canonical` is the document without brat's ids (which every export gives
afresh): one sorted string per annotation, naming what it is on by type and
offsets, so that two documents with the same annotations compare equal.
"""
import json
import os
import sys

from bratsubset import annotation
from bratsubset.realmessage import Messager
from bratsubset import projectconfig


def pending():
    """The messages brat queued (errors and warnings), then cleared."""
    out = {}
    Messager.output_json(out)
    return [(m[1], m[0]) for m in out.get("messages", [])]


def conf_types(folder):
    """The types annotation.conf declares, by brat's own parser."""
    if not os.path.exists(os.path.join(folder, "annotation.conf")):
        return None
    config = projectconfig.ProjectConfiguration(folder)
    return {
        "entities": set(config.get_entity_types()),
        "events": set(config.get_event_types()),
        "relations": set(config.get_relation_types()),
        "attributes": set(config.get_attribute_types()),
    }


def load(folder, name, types):
    base = os.path.join(folder, name)
    errors, failed = [], []
    pending()
    try:
        ann = annotation.TextAnnotations(base, read_only=True)
    except Exception as e:  # brat refuses the whole document
        return {"doc": name, "errors": ["%s: %s" % (type(e).__name__, e)] + [m for k, m in pending()],
                "failed_lines": [], "counts": {}}
    errors += ["%s: %s" % (k, m) for k, m in pending() if k in ("error", "warning")]
    failed = [n + 1 for n in ann.failed_lines]
    counts = {"T": 0, "E": 0, "R": 0, "A": 0, "N": 0, "*": 0, "#": 0}
    out = {"doc": name, "textbounds": [], "events": [], "relations": [], "attributes": [],
           "normalizations": [], "equivs": [], "notes": []}
    for a in ann:
        if isinstance(a, annotation.TextBoundAnnotation):
            counts["T"] += 1
            out["textbounds"].append([a.id, a.type, [list(s) for s in a.spans], a.get_text()])
            if types is not None and a.type not in types["entities"] | types["events"]:
                errors.append("type %s of %s is not declared in annotation.conf" % (a.type, a.id))
        elif isinstance(a, annotation.EventAnnotation):
            counts["E"] += 1
            out["events"].append([a.id, a.type, a.trigger, [list(x) for x in a.args]])
            if types is not None and a.type not in types["events"]:
                errors.append("event type %s of %s is not declared" % (a.type, a.id))
        elif isinstance(a, annotation.BinaryRelationAnnotation):
            counts["R"] += 1
            out["relations"].append([a.id, a.type, a.arg1l, a.arg1, a.arg2l, a.arg2])
            if types is not None and a.type not in types["relations"]:
                errors.append("relation type %s of %s is not declared" % (a.type, a.id))
        elif isinstance(a, annotation.AttributeAnnotation):
            counts["A"] += 1
            out["attributes"].append([a.id, a.type, a.target, a.value])
            if types is not None and a.type not in types["attributes"]:
                errors.append("attribute %s of %s is not declared" % (a.type, a.id))
        elif isinstance(a, annotation.NormalizationAnnotation):
            counts["N"] += 1
            out["normalizations"].append([a.id, a.type, a.target, a.refdb, a.refid, a.tail.strip()])
        elif isinstance(a, annotation.EquivAnnotation):
            counts["*"] += 1
            out["equivs"].append([a.type, list(a.entities)])
        elif isinstance(a, annotation.OnelineCommentAnnotation):
            counts["#"] += 1
            out["notes"].append([a.id, a.type, a.target, a.get_text()])
        else:
            errors.append("unparsed line: %r" % str(a))
    out.update({"errors": errors, "failed_lines": failed, "counts": counts,
                "canonical": canonical(ann) if not errors and not failed else []})
    return out


def canonical(ann):
    """Every annotation without brat ids, sorted."""
    def spans(t):
        return ";".join("%d %d" % tuple(s) for s in t.spans)

    def ref(i, depth=0):
        try:
            a = ann.get_ann_by_id(i)
        except annotation.AnnotationNotFoundError:
            return "?" + i
        if depth > 20:
            return "…"
        if isinstance(a, annotation.TextBoundAnnotation):
            return "%s@%s" % (a.type, spans(a))
        if isinstance(a, annotation.EventAnnotation):
            return "E:" + ref(a.trigger, depth + 1)
        if isinstance(a, annotation.BinaryRelationAnnotation):
            return "R:%s(%s,%s)" % (a.type, ref(a.arg1, depth + 1), ref(a.arg2, depth + 1))
        return "%s:%s" % (a.id[0], a.type)

    triggers = {e.trigger for e in ann.get_events()}
    out = []
    for a in ann:
        if isinstance(a, annotation.TextBoundAnnotation):
            if a.id not in triggers:
                out.append("T %s %s\t%s" % (a.type, spans(a), a.get_text()))
        elif isinstance(a, annotation.EventAnnotation):
            args = " ".join("%s=%s" % (r, ref(t)) for r, t in a.args)
            out.append("E %s %s %s\t%s" % (a.type, ref(a.trigger), args,
                                            ann.get_ann_by_id(a.trigger).get_text()))
        elif isinstance(a, annotation.BinaryRelationAnnotation):
            out.append("R %s %s=%s %s=%s" % (a.type, a.arg1l, ref(a.arg1), a.arg2l, ref(a.arg2)))
        elif isinstance(a, annotation.EquivAnnotation):
            out.append("* %s %s" % (a.type, " ".join(sorted(ref(e) for e in a.entities))))
        elif isinstance(a, annotation.AttributeAnnotation):
            out.append("%s %s %s %s" % (a.id[0], a.type, ref(a.target), a.value))
        elif isinstance(a, annotation.NormalizationAnnotation):
            out.append("N %s %s %s:%s\t%s" % (a.type, ref(a.target), a.refdb, a.refid, a.tail.strip()))
        elif isinstance(a, annotation.OnelineCommentAnnotation):
            out.append("# %s %s\t%s" % (a.type, ref(a.target), a.get_text()))
    return sorted(out)


def main():
    folder = sys.argv[1]
    types = conf_types(folder)
    for name in sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".ann")):
        print(json.dumps(load(folder, name, types), ensure_ascii=False))


main()
