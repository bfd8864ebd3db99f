#!/usr/bin/env python3
"""Scores story clusters against the gold clusters of bench/stories/make-eval (issue #16).

    bench/stories/score.py GOLD EXPORT [--articles EVAL.jsonl] [--errors N] [--json]

GOLD is gold.jsonl (or gold.tsv) from make-eval. EXPORT gives each article's
story id, either as `dateline-query export --format jsonl` lines carrying
"story": {"id": ...}, or as a TSV of `article_id<TAB>story_id` (see
bench/stories/run for how it reads that from an index with delve). An article
without a story id is its own story.

Reported:
  * pairwise precision and recall over the generated articles (the picked
    originals and their copies), per half (dev, test) and overall. A pair is
    predicted when both articles share a story id; precision counts every
    predicted pair with at least one generated article, so merging a copy into
    an unrelated Reuters story costs precision too.
  * merges among the rest of Reuters (pairs of articles outside the gold
    clusters given one story id), split by a check of our own into near-exact
    duplicates (same normalised first 200 characters, or word 5-shingle
    Jaccard >= 0.8: correct merges) and merges of different stories (false
    merges; --errors N lists N of them with ids and titles).
The bodies for that check come from --articles (default: eval.jsonl beside GOLD).
"""

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

NEAR_DUP_JACCARD = 0.8


def read_gold(path):
    gold = {}
    with open(path, encoding="utf-8") as f:
        if path.endswith(".tsv"):
            header = f.readline().rstrip("\n").split("\t")
            for line in f:
                row = dict(zip(header, line.rstrip("\n").split("\t")))
                gold[row["id"]] = (row["cluster"], row["half"])
        else:
            for line in f:
                if line.strip():
                    g = json.loads(line)
                    gold[g["id"]] = (str(g["cluster"]), g["half"])
    return gold


def read_stories(path):
    """Article id -> story id, from export JSON Lines or a two-column TSV."""
    stories = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("{"):
                a = json.loads(line)
                story = a.get("story")
                sid = story.get("id") if isinstance(story, dict) else story
                stories[a["id"]] = sid or a["id"]
            else:
                parts = line.split("\t")
                if len(parts) < 2:
                    sys.exit(f"score.py: {path}:line {n}: expected article_id<TAB>story_id")
                stories[parts[0]] = parts[1] or parts[0]
    return stories


def read_articles(path):
    arts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                arts[a["id"]] = (a.get("title") or "", a.get("body") or "")
    return arts


def shingles(body):
    words = re.findall(r"[a-z0-9]+", body.lower())
    return {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def near_duplicate(a, b, arts, cache):
    """Whether articles a and b have near-exact bodies; cache keeps each body's prefix and shingles."""
    for x in (a, b):
        if x not in cache:
            body = arts[x][1]
            cache[x] = (re.sub(r"[^a-z0-9]+", " ", body.lower()).strip()[:200], shingles(body))
    (ka, sa), (kb, sb) = cache[a], cache[b]
    if ka and ka == kb:
        return True
    return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= NEAR_DUP_JACCARD


def pairs(n):
    return n * (n - 1) // 2


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("export")
    ap.add_argument("--articles", help="the indexed JSON Lines (default: eval.jsonl beside GOLD)")
    ap.add_argument("--errors", type=int, default=0, help="list N false merges and N missed gold pairs")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()

    gold = read_gold(args.gold)
    half_of_cluster = {c: h for c, h in gold.values()}
    stories = read_stories(args.export)
    result, members, missing = score(gold, stories, half_of_cluster)

    articles_path = args.articles or os.path.join(os.path.dirname(os.path.abspath(args.gold)), "eval.jsonl")
    arts = read_articles(articles_path) if os.path.exists(articles_path) else {}

    # Merges among the rest of Reuters, and generated articles merged with it.
    dup_pairs, false_pairs, gold_rest_pairs = [], [], []
    cache = {}
    for sid, ids in members.items():
        if len(ids) < 2:
            continue
        rest = sorted(a for a in ids if a not in gold)
        mine = [a for a in ids if a in gold]
        for i in range(len(rest)):
            for j in range(i + 1, len(rest)):
                a, b = rest[i], rest[j]
                if a in arts and b in arts and near_duplicate(a, b, arts, cache):
                    dup_pairs.append((sid, a, b))
                else:
                    false_pairs.append((sid, a, b))
        gold_rest_pairs += [(sid, g, r) for g in mine for r in rest]
    # A picked original can have a Reuters near-duplicate that make-eval's prefix check missed;
    # merging with it is right, so it is counted apart (precision above still counts it false).
    gold_rest_dups = sum(1 for _, g, r in gold_rest_pairs
                         if g in arts and r in arts and near_duplicate(g, r, arts, cache))

    result["reuters_rest"] = {
        "merged_pairs": len(dup_pairs) + len(false_pairs),
        "near_duplicate_pairs": len(dup_pairs),
        "different_story_pairs": len(false_pairs),
        "different_story_stories": len({s for s, _, _ in false_pairs}),
    }
    result["generated_with_rest_pairs"] = len(gold_rest_pairs)
    result["generated_with_rest_near_duplicate_pairs"] = gold_rest_dups
    a = result["all"]
    a["precision_near_duplicates_ok"] = ((a["true_pairs"] + gold_rest_dups) / a["predicted_pairs"]
                                         if a["predicted_pairs"] else 1.0)
    result["missing_from_export"] = len(missing)
    result["articles_checked"] = bool(arts)

    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"{'half':<6} {'precision':>9} {'recall':>7} {'gold pairs':>10} {'predicted':>9} {'true':>6}")
        for half in ("dev", "test", "all"):
            r = result[half]
            print(f"{half:<6} {r['precision']:9.4f} {r['recall']:7.4f} {r['gold_pairs']:10d} "
                  f"{r['predicted_pairs']:9d} {r['true_pairs']:6d}")
        rr = result["reuters_rest"]
        print(f"Reuters' own articles merged: {rr['merged_pairs']} pairs: {rr['near_duplicate_pairs']} near-exact "
              f"duplicates (correct), {rr['different_story_pairs']} pairs of different stories "
              f"(false merges, in {rr['different_story_stories']} stories)")
        print(f"generated articles merged with Reuters' rest: {len(gold_rest_pairs)} pairs, {gold_rest_dups} of them "
              f"with a near-exact duplicate (overall precision counting those as right: "
              f"{result['all']['precision_near_duplicates_ok']:.4f})")
        if missing:
            print(f"warning: {len(missing)} gold articles are not in the export (scored as their own stories)")
        if not arts:
            print(f"warning: {articles_path} not found: every Reuters merge counted as a different story")
    if args.errors:
        def title(a):
            return arts.get(a, ("?", ""))[0]

        out = sys.stdout if not args.json else sys.stderr
        print(f"\nfalse merges among Reuters' own articles (first {args.errors}):", file=out)
        for sid, a, b in false_pairs[: args.errors]:
            print(f"  story {sid}: {a} [{title(a)}] + {b} [{title(b)}]", file=out)
        print(f"\ngenerated articles merged with Reuters' rest (first {args.errors}):", file=out)
        for sid, g, r in gold_rest_pairs[: args.errors]:
            print(f"  story {sid}: {g} [{title(g)}] + {r} [{title(r)}]", file=out)
        print(f"\nmissed gold pairs (first {args.errors}):", file=out)
        by_cluster = defaultdict(list)
        for aid, (c, _) in gold.items():
            by_cluster[c].append(aid)
        shown = 0
        for c, ids in by_cluster.items():
            for i in range(len(ids)):
                for j in range(i + 1, len(ids)):
                    a, b = ids[i], ids[j]
                    if stories.get(a, a) != stories.get(b, b) and shown < args.errors:
                        print(f"  cluster {c}: {a} (story {stories.get(a)}) / {b} (story {stories.get(b)})",
                              file=out)
                        shown += 1
    return 0


def score(gold, stories, half_of_cluster):
    """Pairwise counts per half and overall; also returns story id -> members and the missing gold ids."""
    members = defaultdict(list)
    for aid, sid in stories.items():
        members[sid].append(aid)
    # A gold article missing from the export is its own story (and is reported).
    missing = [aid for aid in gold if aid not in stories]
    for aid in missing:
        members["\0missing:" + aid].append(aid)
    cluster_size = Counter(c for c, _ in gold.values())
    result = {}
    for half in ("dev", "test", "all"):
        def in_half(aid):
            return aid in gold and (half == "all" or gold[aid][1] == half)

        gold_pairs = sum(pairs(n) for c, n in cluster_size.items() if half in ("all", half_of_cluster[c]))
        tp = predicted = 0
        for ids in members.values():
            mine = [a for a in ids if in_half(a)]
            if not mine:
                continue
            rest = sum(1 for a in ids if a not in gold)
            predicted += pairs(len(mine)) + len(mine) * rest
            tp += sum(pairs(n) for n in Counter(gold[a][0] for a in mine).values())
        result[half] = {
            "gold_pairs": gold_pairs, "predicted_pairs": predicted, "true_pairs": tp,
            "precision": tp / predicted if predicted else 1.0,
            "recall": tp / gold_pairs if gold_pairs else 1.0,
        }
    return result, members, missing


if __name__ == "__main__":
    sys.exit(main())
