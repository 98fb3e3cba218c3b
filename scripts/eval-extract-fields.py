#!/usr/bin/env python3
"""Headline and date accuracy of dossier-extract predictions (stdlib only).

Usage: eval-extract-fields.py PREDICTIONS.json GOLD.json HTML_DIR

* headline: the predicted "title" equals gold "title" after case folding and
  collapsing whitespace and quote/dash variants; over all pages with a gold
  title, and over those whose HTML carries og:title or a JSON-LD headline.
* date: share of pages with a predicted "published" date among pages whose HTML
  metadata names one (article:published_time, datePublished, <time datetime>,
  ...); and, where the gold URL holds a /YYYY/MM/DD/ path, how often the
  predicted date equals it (a publication date the page itself cannot fake).
"""
import json
import os
import re
import sys

DATE_META = re.compile(
    r'article:published_time|"datePublished"|itemprop="datePublished"|parsely-pub-date'
    r'|name="(?:date|pubdate|publishdate|dc\.date)"|<time[^>]*datetime', re.I)
HEADLINE_META = re.compile(r'property="og:title"|"headline"\s*:', re.I)
URL_DATE = re.compile(r'/(\d{4})[/-](\d{2})[/-](\d{2})(?:/|$|-)')


def norm(text):
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split()).casefold()


def share(hits, total):
    return f"{hits}/{total} = {hits / total:.3f}" if total else "no pages"


def main():
    predictions = json.load(open(sys.argv[1], encoding="utf-8"))
    gold = json.load(open(sys.argv[2], encoding="utf-8"))
    html_dir = sys.argv[3]
    title_all = title_meta = title_all_hits = title_meta_hits = 0
    date_meta = date_meta_found = url_dates = url_date_hits = 0
    misses = []
    for page_id, entry in sorted(gold.items()):
        predicted = predictions.get(page_id, {})
        with open(os.path.join(html_dir, page_id + ".html"), encoding="utf-8",
                  errors="replace") as fh:
            html = fh.read()
        if entry.get("title"):
            same = norm(predicted.get("title")) == norm(entry["title"])
            title_all += 1
            title_all_hits += same
            if HEADLINE_META.search(html):
                title_meta += 1
                title_meta_hits += same
            if not same:
                misses.append((page_id, predicted.get("title"), entry["title"]))
        if DATE_META.search(html):
            date_meta += 1
            date_meta_found += bool(predicted.get("published"))
        match = URL_DATE.search(entry.get("url", ""))
        if match:
            url_dates += 1
            url_date_hits += predicted.get("published") == "-".join(match.groups())
    print(f"headline = gold title: {share(title_all_hits, title_all)} of pages with a gold title; "
          f"{share(title_meta_hits, title_meta)} of those with og:title or a JSON-LD headline")
    print(f"date found: {share(date_meta_found, date_meta)} of pages whose metadata has one")
    print(f"date = the date in the URL: {share(url_date_hits, url_dates)} of pages with one")
    if "-v" in sys.argv:
        for page_id, got, want in misses:
            print(f"  {page_id}: got {got!r}, gold {want!r}")


if __name__ == "__main__":
    main()
