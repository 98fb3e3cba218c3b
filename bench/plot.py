#!/usr/bin/env python3
"""Turns the benchmark results into Markdown tables and an SVG plot.

    bench/plot.py RESULTS_DIR [--svg FILE] [--markdown FILE]

RESULTS_DIR holds what scripts/bench.sh writes: indexing.json and query.json
(Google Benchmark JSON) and compare.json (dossier_compare --json). Missing
files are skipped. Standard library only.
"""
import argparse
import json
import math
import os
import re
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def benchmarks(data):
    """{(family, size): entry} from Google Benchmark JSON; family is 'query/or3'."""
    out = {}
    for b in (data or {}).get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        name = re.sub(r"(/iterations:\d+)?(/real_time)?$", "", b["name"])
        m = re.match(r"(.*)/(\d+)$", name)
        if m:
            out[(m.group(1), int(m.group(2)))] = b
    return out


def seconds(entry):
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[entry.get("time_unit", "ns")]
    return entry["real_time"] * unit


def fmt_us(x):
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def fmt_size(n):
    return f"{n // 1000}k" if n >= 10000 and n % 1000 == 0 else str(n)


KINDS = ["frequent", "rare", "and2", "or3", "phrase2", "entity", "facets", "page", "page_default"]


def markdown(indexing, query, compare):
    lines = []
    idx = benchmarks(indexing)
    if idx:
        ctx = indexing.get("context", {})
        lines.append(f"Indexing (`dossier_bench_indexing`; corpus {ctx.get('corpus', '?')}; "
                     f"{ctx.get('num_cpus', '?')} cores):\n")
        lines.append("| docs | MB | Dossier pipeline MB/s | docs/s | peak RSS (MB) | index (MB) "
                     "| no entities MB/s | peak RSS (MB) |")
        lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for (family, n), b in sorted(idx.items(), key=lambda kv: kv[0][1]):
            if family != "index_pipeline":
                continue
            ne = idx.get(("index_pipeline_no_entities", n))
            ne_cells = (f"{ne['bytes_per_second'] / 1e6:.2f} | {ne.get('peak_rss_MB', 0):.0f}"
                        if ne else "- | -")
            lines.append(
                f"| {n} | {b.get('MB', 0):.1f} | {b['bytes_per_second'] / 1e6:.2f} | "
                f"{b['docs_per_s']:.0f} | {b.get('peak_rss_MB', 0):.0f} | {b.get('index_MB', 0):.1f} | "
                f"{ne_cells} |")
        parts = [("generate", "corpus generator"), ("analyze", "analysis alone (1 thread)"),
                 ("recognize", "entity recognition alone (1 thread)"),
                 ("extract_entities", "recognition + resolution (1 thread)"),
                 ("build_documents", "worker part: entities + analysis + Xapian::Document (1 thread)"),
                 ("apply_documents", "writer part: replace_document + commit (1 thread, serial)"),
                 ("raw_xapian_index", "raw Xapian TermGenerator + replace_document (1 thread)"),
                 ("fts5_index", "SQLite FTS5 insert (1 thread)")]
        sizes = sorted({n for (f, n) in idx if f == "analyze"})
        if sizes:
            lines.append("\nParts of the pipeline, MB/s (docs/s), wall clock:\n")
            lines.append("| part | " + " | ".join(f"{fmt_size(n)} docs" for n in sizes) + " |")
            lines.append("|---|" + "---:|" * len(sizes))
            for family, label in parts:
                cells = []
                for n in sizes:
                    b = idx.get((family, n))
                    cells.append(f"{b['bytes_per_second'] / 1e6:.2f} ({b['docs_per_s']:.0f})" if b else "-")
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
    q = benchmarks(query)
    if q:
        sizes = sorted({n for (_, n) in q})
        lines.append(f"\nQuery latency (`dossier_bench_query`), p50 / p99 in microseconds:\n")
        lines.append("| kind | " + " | ".join(f"{fmt_size(n)} docs" for n in sizes) + " |")
        lines.append("|---|" + "---:|" * len(sizes))
        for kind in KINDS:
            cells = []
            for n in sizes:
                b = q.get((f"query/{kind}", n))
                cells.append(f"{fmt_us(b.get('p50_us'))} / {fmt_us(b.get('p99_us'))}" if b else "-")
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
        lines.append("\nFacet cost, ns per document:\n")
        lines.append("| measure | " + " | ".join(f"{fmt_size(n)} docs" for n in sizes) + " |")
        lines.append("|---|" + "---:|" * len(sizes))
        rows = [("end to end: (search with facets − without) / matches", "query/facets", "facet_ns_per_match"),
                ("FacetCounter called on every document", "facet_counter", "ns_per_doc"),
                ("its column loop alone", "facet_column", "ns_per_doc")]
        for label, family, counter in rows:
            cells = []
            for n in sizes:
                b = q.get((family, n))
                cells.append(f"{b[counter]:.1f}" if b and counter in b else "-")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ SVG

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
          "#7f7f7f", "#bcbd22", "#17becf"]


class Panel:
    def __init__(self, x0, y0, w, h, title, xlabel, ylabel, xs, ys, ylog=True):
        self.x0, self.y0, self.w, self.h = x0, y0, w, h
        self.title, self.xlabel, self.ylabel, self.ylog = title, xlabel, ylabel, ylog
        xs = [x for x in xs if x > 0] or [1, 10]
        ys = [y for y in ys if y > 0] or [1, 10]
        self.xmin = 10 ** math.floor(math.log10(min(xs)))
        self.xmax = 10 ** math.ceil(math.log10(max(xs)))
        if ylog:
            self.ymin = 10 ** math.floor(math.log10(min(ys)))
            self.ymax = 10 ** math.ceil(math.log10(max(ys)))
        else:
            self.ymin, self.ymax = 0, max(ys) * 1.15

    def px(self, x):
        t = (math.log10(x) - math.log10(self.xmin)) / (math.log10(self.xmax) - math.log10(self.xmin))
        return self.x0 + t * self.w

    def py(self, y):
        if self.ylog:
            t = (math.log10(y) - math.log10(self.ymin)) / (math.log10(self.ymax) - math.log10(self.ymin))
        else:
            t = (y - self.ymin) / (self.ymax - self.ymin)
        return self.y0 + self.h - t * self.h

    def frame(self):
        s = [f'<rect x="{self.x0}" y="{self.y0}" width="{self.w}" height="{self.h}" fill="none" stroke="#333"/>',
             f'<text x="{self.x0 + self.w / 2}" y="{self.y0 - 12}" text-anchor="middle" font-size="14" font-weight="bold">{self.title}</text>',
             f'<text x="{self.x0 + self.w / 2}" y="{self.y0 + self.h + 38}" text-anchor="middle" font-size="12">{self.xlabel}</text>',
             f'<text transform="translate({self.x0 - 48},{self.y0 + self.h / 2}) rotate(-90)" text-anchor="middle" font-size="12">{self.ylabel}</text>']
        x = self.xmin
        while x <= self.xmax * 1.001:
            X = self.px(x)
            s.append(f'<line x1="{X:.1f}" y1="{self.y0}" x2="{X:.1f}" y2="{self.y0 + self.h}" stroke="#ddd"/>')
            s.append(f'<text x="{X:.1f}" y="{self.y0 + self.h + 16}" text-anchor="middle" font-size="11">{fmt_size(int(x)) if x >= 1 else x}</text>')
            x *= 10
        if self.ylog:
            y = self.ymin
            while y <= self.ymax * 1.001:
                Y = self.py(y)
                s.append(f'<line x1="{self.x0}" y1="{Y:.1f}" x2="{self.x0 + self.w}" y2="{Y:.1f}" stroke="#ddd"/>')
                s.append(f'<text x="{self.x0 - 6}" y="{Y + 4:.1f}" text-anchor="end" font-size="11">{y:g}</text>')
                y *= 10
        else:
            step = 10 ** math.floor(math.log10(self.ymax / 2))
            if self.ymax / step > 10:
                step *= 2
            y = 0
            while y <= self.ymax:
                Y = self.py(y)
                s.append(f'<line x1="{self.x0}" y1="{Y:.1f}" x2="{self.x0 + self.w}" y2="{Y:.1f}" stroke="#ddd"/>')
                s.append(f'<text x="{self.x0 - 6}" y="{Y + 4:.1f}" text-anchor="end" font-size="11">{y:g}</text>')
                y += step
        return s

    def series(self, points, color, label, index, dashed=False):
        points = sorted((x, y) for x, y in points if x > 0 and y > 0)
        if not points:
            return []
        path = " ".join(f"{self.px(x):.1f},{self.py(y):.1f}" for x, y in points)
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        s = [f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>']
        for x, y in points:
            s.append(f'<circle cx="{self.px(x):.1f}" cy="{self.py(y):.1f}" r="3" fill="{color}"/>')
        ly = self.y0 + 14 + 15 * index
        lx = self.x0 + self.w + 12
        s.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 18}" y2="{ly - 4}" stroke="{color}" stroke-width="2"{dash}/>')
        s.append(f'<text x="{lx + 22}" y="{ly}" font-size="11">{label}</text>')
        return s


def svg(indexing, query, compare):
    q = benchmarks(query)
    idx = benchmarks(indexing)
    body = []
    # Query latency.
    qseries = {}
    for (family, n), b in q.items():
        if family.startswith("query/") and "p50_us" in b:
            qseries.setdefault(family[len("query/"):], []).append((n, b["p50_us"]))
    allq = [p for pts in qseries.values() for p in pts]
    p1 = Panel(70, 40, 380, 300, "Dossier query latency (p50)", "documents", "microseconds",
               [x for x, _ in allq], [y for _, y in allq])
    body += p1.frame()
    for i, kind in enumerate(k for k in KINDS if k in qseries):
        body += p1.series(qseries[kind], COLORS[i % len(COLORS)], kind, i)
    # Indexing throughput.
    iseries = {}
    labels = {"index_pipeline": "Dossier (all cores)", "index_pipeline_no_entities": "Dossier, no entities",
              "raw_xapian_index": "raw Xapian", "fts5_index": "SQLite FTS5"}
    for (family, n), b in idx.items():
        if family in labels:
            iseries.setdefault(labels[family], {})[n] = b["bytes_per_second"] / 1e6
    for size in (compare or {}).get("sizes", []):
        n = size["docs"]
        for engine, r in size.get("indexing", {}).items():
            name = {"Dossier": "Dossier (all cores)"}.get(engine, engine)
            iseries.setdefault(name, {}).setdefault(n, r["mb_per_s"])
    alli = [(x, y) for pts in iseries.values() for x, y in pts.items()]
    p2 = Panel(700, 40, 380, 300, "Indexing throughput", "documents", "MB/s of text",
               [x for x, _ in alli], [y for _, y in alli], ylog=True)
    body += p2.frame()
    for i, name in enumerate(sorted(iseries)):
        body += p2.series(list(iseries[name].items()), COLORS[i % len(COLORS)], name, i,
                          dashed=not name.startswith("Dossier"))
    head = ('<svg xmlns="http://www.w3.org/2000/svg" width="1260" height="400" '
            'font-family="Helvetica, Arial, sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n')
    return head + "\n".join(body) + "\n</svg>\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--svg")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    indexing = load(os.path.join(args.results, "indexing.json"))
    query = load(os.path.join(args.results, "query.json"))
    compare = load(os.path.join(args.results, "compare.json"))
    if not (indexing or query or compare):
        sys.exit(f"plot.py: no results in {args.results}")
    text = markdown(indexing, query, compare)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.svg:
        with open(args.svg, "w") as f:
            f.write(svg(indexing, query, compare))


if __name__ == "__main__":
    main()
