#!/usr/bin/env python3
"""Draws the focus-country gold sample from Reuters-21578: 8 articles per file
of ../shared/data/reuters21578 (176 in all), with a fixed seed, skipping
articles with an empty body. Prints one JSON object per line (id, file, title,
dateline, body) for the annotator to read; gold.jsonl holds the judgements.

Usage: draw.py [DATA_DIR] > sample.jsonl
"""
import json
import os
import random
import sys

SEED = 15
PER_FILE = 8


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/reuters21578"
    rng = random.Random(SEED)
    for name in sorted(os.listdir(data)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(data, name), encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        rows = [r for r in rows if r.get("body", "").strip()]
        for r in rng.sample(rows, PER_FILE):
            print(json.dumps({"id": r["id"], "file": name, "title": r.get("title", ""),
                              "dateline": r.get("dateline", ""), "body": r["body"]}))


if __name__ == "__main__":
    main()
