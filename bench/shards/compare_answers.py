#!/usr/bin/env python3
"""Compares `dateline-query batch --per-query --answers --json` outputs of
one index (the first file) and other layouts of the same articles.

Totals, facet counts and the timeline must be identical: any difference is
a failure (exit 1). Top-10 ids must be too, except that hits of exactly
equal score and date (undated copies of one article) come in docid order,
which depends on the layout: those are reported apart, as tie order, when
the scores are the same list and every differing id has a tied score.
A facet value shown in another case ("GenCorp", "Gencorp": one value to a
filter) with the same count is reported apart too, as a display form.

  compare_answers.py ONE.json OTHER.json...
"""
import json
import sys


def answers(path):
    with open(path) as f:
        return {q["query"]: q.get("answer") for q in json.load(f)["per_query"]}


def folded(answer):
    """The answer without ids and scores, facet values and labels lower-cased."""
    out = {k: v for k, v in answer.items() if k not in ("ids", "scores")}
    out["facets"] = {
        f: [{**v, "value": v["value"].lower(), "label": v["label"].lower()} for v in values]
        for f, values in answer.get("facets", {}).items()
    }
    return out


def tie_order_only(a, b):
    if a["scores"] != b["scores"]:
        return False
    for i, (x, y) in enumerate(zip(a["ids"], b["ids"])):
        if x == y:
            continue
        s = a["scores"][i]
        if a["scores"].count(s) < 2:
            return False
    return True


def main(argv):
    one = answers(argv[1])
    failed = False
    for path in argv[2:]:
        other = answers(path)
        counts = ties = forms = same = 0
        shown = 0
        for q, a in one.items():
            b = other.get(q)
            if a == b:
                same += 1
                continue
            if b is not None and folded(a) == folded(b) and (a["ids"] == b["ids"] or tie_order_only(a, b)):
                if a.get("facets") != b.get("facets"):
                    forms += 1
                    print(f"  display form {path}: {q!r}", file=sys.stderr)
                else:
                    ties += 1
                continue
            counts += 1
            if shown < 3:
                shown += 1
                keys = [k for k in a if b is None or a[k] != b.get(k)]
                print(f"  MISMATCH {path}: {q!r} differs in {', '.join(keys)}", file=sys.stderr)
        print(f"{path}: {len(one)} queries: {same} identical, {ties} differ only in the order of exactly "
              f"tied hits, {forms} only in the case of a value's display form, {counts} differ in totals, "
              f"ids, facet counts or timeline")
        failed |= counts > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
