#!/usr/bin/env python3
"""Draws the gold sample's ids: 220 of the Reuters-21578 articles whose
dateline field is not empty, with a fixed seed, across all 22 files.

Usage: bench/entities/datelines/draw.py ../shared/data/reuters21578
Prints "id<TAB>dateline" in id order; gold.tsv adds the place and country.
"""

import glob
import json
import os
import random
import sys


def main():
    rows = []
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "reuters-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a.get("dateline", "").strip():
                    rows.append((a["id"], a["dateline"].strip()))
    sample = random.Random(15).sample(rows, 220)
    sample.sort(key=lambda r: int(r[0].split("-")[1]))
    for id_, dateline in sample:
        print(f"{id_}\t{dateline}")


if __name__ == "__main__":
    main()
