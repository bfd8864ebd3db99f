#!/usr/bin/env python3
"""Prints article_id<TAB>story_id for every article of a dateline index, read with xapian-delve.

    bench/stories/delve_stories.py DB > stories.tsv

For indexes whose `dateline-query export` does not show the story yet: the story
id is value slot 9 (kSlotStory in src/schema/schema.h), listed per docid by
`xapian-delve -V9`, and the article id is the "id" of each document's stored
JSON data (`xapian-delve -r DOCID -d`, asked for a batch of docids at a time).
An article with no story value is printed as its own story.
"""

import json
import re
import subprocess
import sys

STORY_SLOT = 9
BATCH = 1000


def delve(*args):
    return subprocess.run(["xapian-delve", *args], check=True, capture_output=True, text=True).stdout


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: delve_stories.py DB")
    db = sys.argv[1]
    last = int(re.search(r"highest document id ever used = (\d+)", delve(db)).group(1))

    story = {}
    values = delve(f"-V{STORY_SLOT}", db).split(":", 1)[-1] if last else ""
    # "Value 9 for each document: 1:reuters-1 2:reuters-2 ..."; ids hold no spaces.
    for item in values.split():
        docid, _, value = item.partition(":")
        if docid.isdigit():
            story[int(docid)] = value

    for start in range(1, last + 1, BATCH):
        args = []
        for docid in range(start, min(last, start + BATCH - 1) + 1):
            args += ["-r", str(docid)]
        current = None
        try:
            text = delve(*args, "-d", db)
        except subprocess.CalledProcessError:
            # A deleted docid in the batch makes delve fail: ask one at a time.
            text = ""
            for i in range(1, len(args), 2):
                try:
                    text += delve("-r", args[i], "-d", db)
                except subprocess.CalledProcessError:
                    pass
        for line in text.splitlines():
            m = re.match(r"Data for record #(\d+):", line)
            if m:
                current = int(m.group(1))
            elif current is not None and line.startswith("{"):
                article_id = json.loads(line)["id"]
                print(f"{article_id}\t{story.get(current) or article_id}")
                current = None
    return 0


if __name__ == "__main__":
    sys.exit(main())
