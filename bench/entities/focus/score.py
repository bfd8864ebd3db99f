#!/usr/bin/env python3
"""Scores focus countries against the hand-annotated gold set.

Usage:
  dateline-index -q --db DB ../shared/data/reuters21578
  dateline-query --db DB export --format jsonl > export.jsonl
  score.py [--json] gold.jsonl export.jsonl

Prints micro precision, recall and F1 of the system's "focus_countries"
against gold "focus", per split (dev: files 00-10, the rule was developed
on it; test: files 11-21, held out) and overall, beside the baseline that
takes every country mentioned ("countries") as a focus country. Exits 1 if
a gold article is missing from the export.
"""
import json
import sys


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    as_json = "--json" in sys.argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    gold = [json.loads(line) for line in open(args[0], encoding="utf-8") if line.strip()]
    wanted = {g["id"] for g in gold}
    system = {}
    with open(args[1], encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a.get("id") in wanted:
                system[a["id"]] = a
    missing = sorted(wanted - system.keys())
    if missing:
        sys.exit("not in the export: " + " ".join(missing))
    out = {}
    for split in ("dev", "test", "all"):
        counts = {"focus_countries": [0, 0, 0], "countries": [0, 0, 0]}
        n = 0
        for g in gold:
            if split != "all" and g["split"] != split:
                continue
            n += 1
            want = set(g["focus"])
            for field, c in counts.items():
                got = set(system[g["id"]].get(field) or [])
                c[0] += len(got & want)
                c[1] += len(got - want)
                c[2] += len(want - got)
        out[split] = {"articles": n, "focus": prf(*counts["focus_countries"]),
                      "all_countries_baseline": prf(*counts["countries"])}
    if as_json:
        print(json.dumps(out, indent=2))
        return
    print(f"{'split':5} {'n':>4}  {'method':22} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")
    for split, r in out.items():
        for name, key in (("focus_countries", "focus"), ("countries (baseline)", "all_countries_baseline")):
            m = r[key]
            print(f"{split:5} {r['articles']:>4}  {name:22} {m['precision']:6.3f} {m['recall']:6.3f} "
                  f"{m['f1']:6.3f}   {m['tp']}/{m['fp']}/{m['fn']}")


if __name__ == "__main__":
    main()
