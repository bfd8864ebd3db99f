#!/usr/bin/env python3
"""Times dateline-index on the same articles in three formats (issue 14).

Converts the Reuters-21578 JSON Lines (../shared/data/reuters21578) into
  - one HTML page per article, as a news site would serve it (JSON-LD
    NewsArticle, OpenGraph and article:published_time metadata, a header,
    navigation and footer around the <article>), and
  - one gzip-compressed WARC holding those pages as HTTP 200 responses (each
    after its request record, one gzip member per record, as crawlers write),
then indexes JSONL, the HTML directory and the WARC with `dateline-index
--no-entities` and with entities, interleaving the formats within each
round, and writes the median wall times and their ratios to RESULTS.md
beside this script. Converted files and indexes live in a temporary
directory under /tmp, removed at the end.

Run by hand (not by CI): bench/formats/run.py [--rounds N] [--build-dir DIR]
"""
import argparse
import datetime
import glob
import gzip
import html
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def page(a):
    url = "https://news.example.com/%s.html" % a["id"]
    title = html.escape(a.get("title", ""))
    date = a.get("date") or ""
    body = a.get("body", "")
    paras = [p.strip() for p in body.replace("\n    ", "\n\n").split("\n\n") if p.strip()]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.get("title", ""),
          "datePublished": date, "url": url, "publisher": {"@type": "Organization", "name": a.get("source", "")}}
    if a.get("dateline"):
        ld["dateline"] = a["dateline"]
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           "<title>%s | News Example</title>" % title,
           '<meta property="og:title" content="%s">' % title,
           '<meta property="og:type" content="article">',
           '<meta property="og:url" content="%s">' % url,
           '<meta property="og:site_name" content="News Example">',
           '<meta property="article:published_time" content="%s">' % date,
           '<script type="application/ld+json">%s</script>' % json.dumps(ld).replace("</", "<\\/"),
           '</head><body><header><a href="/">News Example</a><nav><ul><li><a href="/business">Business</a>'
           '</li><li><a href="/markets">Markets</a></li><li><a href="/world">World</a></li></ul></nav></header>',
           "<main><article><h1>%s</h1>" % title,
           '<p class="byline">By Reuters staff <time datetime="%s">%s</time></p>' % (date, date)]
    out += ["<p>%s</p>" % html.escape(" ".join(p.split())) for p in paras]
    out.append('</article><aside><h2>Most read</h2><ul><li><a href="/a">Markets close higher</a></li>'
               '<li><a href="/b">Oil prices steady</a></li></ul></aside></main>'
               "<footer><p>&copy; 1987 News Example. All rights reserved.</p></footer></body></html>")
    return url, "\n".join(out).encode("utf-8")


def warc_record(kind, uri, date, block, content_type):
    head = ("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: %s\r\n"
            "WARC-Target-URI: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (kind, uuid.uuid4(), date, uri, content_type, len(block))).encode()
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=6)


def convert(jsonl_dir, work):
    html_dir = os.path.join(work, "html")
    os.makedirs(html_dir)
    warc_path = os.path.join(work, "reuters.warc.gz")
    n = 0
    with open(warc_path, "wb") as warc:
        for path in sorted(glob.glob(os.path.join(jsonl_dir, "*.jsonl"))):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    a = json.loads(line)
                    url, doc = page(a)
                    with open(os.path.join(html_dir, "%s.html" % a["id"]), "wb") as out:
                        out.write(doc)
                    date = "2024-01-01T00:00:00Z"
                    req = ("GET /%s.html HTTP/1.1\r\nHost: news.example.com\r\n\r\n" % a["id"]).encode()
                    warc.write(warc_record("request", url, date, req, "application/http; msgtype=request"))
                    resp = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                            + str(len(doc)).encode() + b"\r\n\r\n" + doc)
                    warc.write(warc_record("response", url, date, resp, "application/http; msgtype=response"))
                    n += 1
    return n, html_dir, warc_path


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def indexed(stderr):
    for line in stderr.splitlines():
        if line.startswith("indexed "):
            return int(line.split()[1])
    return -1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--build-dir", default=os.environ.get("DATELINE_BUILD", os.path.join(ROOT, "build")))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "reuters21578"))
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    args = ap.parse_args()
    index_bin = os.path.join(args.build_dir, "indexer", "dateline-index")
    if not os.path.exists(index_bin):
        sys.exit("no %s: build first" % index_bin)
    if not glob.glob(os.path.join(args.data, "*.jsonl")):
        sys.exit("no Reuters JSON Lines in %s" % args.data)

    work = tempfile.mkdtemp(prefix="dateline-formats-", dir="/tmp")
    try:
        load_start = os.getloadavg()[0]
        t0 = time.monotonic()
        n, html_dir, warc_path = convert(args.data, work)
        conv = time.monotonic() - t0
        inputs = {"jsonl": args.data, "html": html_dir, "warc": warc_path}
        modes = {"no-entities": ["--no-entities"], "entities": []}
        times = {(f, m): [] for f in inputs for m in modes}
        counts = {}
        for r in range(args.rounds):
            for m, flags in modes.items():
                for f, path in inputs.items():
                    db = os.path.join(work, "idx")
                    shutil.rmtree(db, ignore_errors=True)
                    t = time.monotonic()
                    p = subprocess.run([index_bin, "--db", db] + flags + [path], capture_output=True, text=True)
                    wall = time.monotonic() - t
                    if p.returncode not in (0, 1):  # 1: some input skipped
                        sys.exit("%s failed (%d):\n%s" % (" ".join(p.args), p.returncode, p.stderr[-2000:]))
                    times[(f, m)].append(wall)
                    counts[(f, m)] = indexed(p.stderr)
                    print("round %d %-11s %-5s %7.2f s  %d articles" % (r + 1, m, f, wall, counts[(f, m)]),
                          flush=True)
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        lines = ["# Input formats: JSONL vs HTML pages vs WARC (issue 14)", "",
                 "Generated by `bench/formats/run.py` on %s, commit %s, %s, %d CPUs; %d rounds, formats "
                 "interleaved within each round; median wall time of `dateline-index` into an empty index."
                 % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), commit, platform.machine(),
                    os.cpu_count(), args.rounds), "",
                 "Input: Reuters-21578, %d articles: the JSON Lines files; one HTML page per article "
                 "(JSON-LD, OpenGraph, site furniture); one WARC.gz of request + response records. "
                 "Conversion took %.1f s. Load average (1 min) %.1f before, %.1f after: a figure well over "
                 "the CPU count means other work shared the machine and the times drift." %
                 (n, conv, load_start, os.getloadavg()[0]), "",
                 "| input | size | mode | articles indexed | median wall (s) | all rounds (s) | vs JSONL |",
                 "|---|---|---|---|---|---|---|"]
        for m in modes:
            base = statistics.median(times[("jsonl", m)])
            for f, path in inputs.items():
                med = statistics.median(times[(f, m)])
                lines.append("| %s | %.1f MB | %s | %d | %.2f | %s | %.2fx |"
                             % (f, du(path) / 1e6, m, counts[(f, m)], med,
                                " ".join("%.2f" % t for t in times[(f, m)]), med / base))
        with open(args.out, "w") as out:
            out.write("\n".join(lines) + "\n")
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
