#!/usr/bin/env python3
"""Scores the datelines of an index against gold.tsv, and counts them.

Usage:
  dateline-query --db DB export > articles.jsonl
  bench/entities/datelines/score.py articles.jsonl [--gold gold.tsv] [--errors]

Prints how many articles have a dateline, how many resolve to a place with a
country, the top 10 dateline countries, and on the gold sample: place and
country accuracy with the errors by kind (--errors lists them one a line).
"""

import argparse
import collections
import json
import os
import sys
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def read_gold(path):
    gold = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            id_, text, places, country = (line.split("\t") + ["", "", ""])[:4]
            gold.append((id_, text, [p for p in places.split("|") if p], country))
    return gold


def error_kind(want_places, want_country, d):
    """Why a sample dateline is wrong, or None when it is right."""
    place = d["place"] if d else None
    if not want_country:  # no place to find
        return None if not place or not place.get("country") else "place found where there is none"
    if not place:
        return "no dateline"
    got_country = place.get("country") or ""
    if place.get("kind") == "unresolved":
        return "unresolved (name not in gazetteer)"
    if got_country != want_country:
        return "wrong country"
    if fold(place["name"]) not in {fold(p) for p in want_places}:
        if place.get("kind") == "region":
            return "town unknown: resolved to its state or province"
        return "right country, other place"
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export", help="export JSONL of the index (dateline-query export)")
    ap.add_argument("--gold", default=os.path.join(here, "gold.tsv"))
    ap.add_argument("--errors", action="store_true", help="list the sample's errors")
    args = ap.parse_args()

    datelines = {}
    total = 0
    with open(args.export, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            total += 1
            datelines[a["id"]] = a.get("dateline")
    have = [d for d in datelines.values() if d]
    with_country = [d for d in have if d["place"].get("country")]
    print(f"articles: {total}")
    print(f"with a dateline: {len(have)} ({100.0 * len(have) / max(total, 1):.1f}%)")
    print(f"resolved to a place with a country: {len(with_country)} "
          f"({100.0 * len(with_country) / max(total, 1):.1f}% of articles, "
          f"{100.0 * len(with_country) / max(len(have), 1):.1f}% of datelines)")
    kinds = collections.Counter(d["place"].get("kind") for d in have)
    print("place kinds: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    countries = collections.Counter(d["place"]["country"] for d in with_country)
    print("top 10 dateline countries: " + ", ".join(f"{c} {n}" for c, n in countries.most_common(10)))

    gold = read_gold(args.gold)
    missing = [g[0] for g in gold if g[0] not in datelines]
    if missing:
        sys.exit(f"{len(missing)} gold ids are not in the export, e.g. {missing[0]}")
    errors = collections.Counter()
    listed = []
    country_ok = 0
    for id_, text, places, country in gold:
        d = datelines[id_]
        got = (d["place"].get("country") or "") if d else ""
        if got == country:
            country_ok += 1
        kind = error_kind(places, country, d)
        if kind:
            errors[kind] += 1
            shown = f'{d["place"]["name"]}/{d["place"]["kind"]}/{got}' if d else "-"
            listed.append(f"{id_}\t{text}\twant {'|'.join(places) or '-'}/{country or '-'}\tgot {shown}\t{kind}")
    n = len(gold)
    right = n - sum(errors.values())
    print(f"gold sample: {n} datelines")
    print(f"  place and country right: {right} ({100.0 * right / n:.1f}%)")
    print(f"  country right: {country_ok} ({100.0 * country_ok / n:.1f}%)")
    for kind, k in errors.most_common():
        print(f"  error: {kind}: {k}")
    if args.errors:
        for line in listed:
            print(line)


if __name__ == "__main__":
    main()
