#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs the whole suite: indexing, queries,
# and the side-by-side comparison with raw Xapian and SQLite FTS5. Writes the
# results, a Markdown summary and an SVG plot (bench/README.md explains them).
#
#   scripts/bench.sh [options]
#
#   --quick               sizes 5 and 2225 only, shorter runs (about 2 minutes)
#   --out DIR             results folder (default: build-bench/bench-results)
#   --build DIR           build folder (default: build-bench; configured Release)
#   --corpus PATH         source articles, .jsonl or a folder of .txt (default:
#                         $DOSSIER_BENCH_CORPUS, else ../shared/bench/bbc.jsonl
#                         beside the repo if it exists, else corpus/)
#   --sizes LIST          corpus sizes of the pipeline and query benchmarks
#                         (default 5,2225,10k,100k)
#   --component-sizes LIST  sizes of the per-part indexing benchmarks
#                         (analysis, recognition, ...; default 5,2225,10k)
#   --compare-docs LIST   sizes of the comparison (default 2225,20k)
#   --reps N              comparison: runs of every query per engine (default 30)
#   --index-runs N        comparison: indexing runs per engine, best kept (default 1)
#   --min-time SECONDS    Google Benchmark --benchmark_min_time (default 0.5)
#   --body-scale F        keep this fraction of each generated body (default 1)
#   --update-readme       copy the plot to bench/plot.svg and the tables into
#                         bench/README.md (between its "results" markers)
#   --no-build            use the binaries already in the build folder
#
# Indexes go to the results folder (never into the repo): the pipeline
# benchmark leaves its indexes for the query benchmark, then they are deleted. Measurements are wall clock:
# run on an otherwise idle machine (the script records `uptime` before and
# after).
source "$(dirname "$0")/common.sh"

OUT="$DOSSIER_ROOT/build-bench/bench-results"
BUILD="$DOSSIER_ROOT/build-bench"
SIZES="5,2225,10k,100k"
COMPONENT_SIZES="5,2225,10k"
COMPARE_DOCS="2225,20k"
REPS=30
INDEX_RUNS=1
MIN_TIME=0.5
BODY_SCALE=1
CORPUS=""
UPDATE_README=0
BUILD_FIRST=1

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SIZES="5,2225"; COMPONENT_SIZES="5,2225"; COMPARE_DOCS="2225"; REPS=10
             MIN_TIME=0.2 ;;
    --out) OUT="$2"; shift ;;
    --build) BUILD="$2"; shift ;;
    --corpus) CORPUS="$2"; shift ;;
    --sizes) SIZES="$2"; shift ;;
    --component-sizes) COMPONENT_SIZES="$2"; shift ;;
    --compare-docs) COMPARE_DOCS="$2"; shift ;;
    --reps) REPS="$2"; shift ;;
    --index-runs) INDEX_RUNS="$2"; shift ;;
    --min-time) MIN_TIME="$2"; shift ;;
    --body-scale) BODY_SCALE="$2"; shift ;;
    --update-readme) UPDATE_README=1 ;;
    --no-build) BUILD_FIRST=0 ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

[ "$BUILD_FIRST" = 1 ] && build_benchmarks "$BUILD" dossier_bench_indexing dossier_bench_query dossier_compare

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
COMMON=(--scratch="$OUT/scratch" --body-scale="$BODY_SCALE")
[ -n "$CORPUS" ] && COMMON+=(--corpus="$CORPUS")
BIN="$BUILD/bench"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$DOSSIER_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

step() { echo; echo "== $* ($(date +%T), load $(cut -d' ' -f1 /proc/loadavg))"; }

step "indexing benchmarks"
rm -rf "$OUT/indexes"
"$BIN/dossier_bench_indexing" "${COMMON[@]}" --sizes="$SIZES" \
  --component-sizes="$COMPONENT_SIZES" --benchmark_min_time="$MIN_TIME" \
  --keep-indexes="$OUT/indexes" \
  --benchmark_out="$OUT/indexing.json" --benchmark_out_format=json \
  | tee "$OUT/indexing.txt"

step "query benchmarks"
# Reuses the indexes the pipeline benchmark just built (same library, corpus
# and options); builds any that are missing.
"$BIN/dossier_bench_query" "${COMMON[@]}" --sizes="$SIZES" --index-dir="$OUT/indexes" \
  --benchmark_min_time="$MIN_TIME" \
  --benchmark_out="$OUT/query.json" --benchmark_out_format=json \
  | tee "$OUT/query.txt"
rm -rf "$OUT/indexes"

step "comparison with raw Xapian and SQLite FTS5"
"$BIN/dossier_compare" "${COMMON[@]}" --docs="$COMPARE_DOCS" --reps="$REPS" \
  --index-runs="$INDEX_RUNS" --json="$OUT/compare.json" --markdown="$OUT/compare.md"

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
rm -rf "$OUT/scratch"

python3 "$DOSSIER_ROOT/bench/plot.py" "$OUT" --svg "$OUT/plot.svg" --markdown "$OUT/summary.md"

if [ "$UPDATE_README" = 1 ]; then
  cp "$OUT/plot.svg" "$DOSSIER_ROOT/bench/plot.svg"
  python3 - "$DOSSIER_ROOT/bench/README.md" "$OUT" <<'EOF'
import sys, pathlib
readme, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
text = readme.read_text()
begin, end = "<!-- results:begin -->", "<!-- results:end -->"
if begin not in text or end not in text:
    sys.exit("bench.sh: bench/README.md has no results markers")
machine = (out / "machine.txt").read_text().strip()
section = "\n".join([
    begin, "", "```", machine, "```", "",
    "### Comparison (`dossier_compare`)", "", (out / "compare.md").read_text().strip(), "",
    "### Benchmark suite", "", (out / "summary.md").read_text().strip(), "", end])
head, rest = text.split(begin, 1)
readme.write_text(head + section + rest.split(end, 1)[1])
EOF
  echo "updated bench/README.md and bench/plot.svg"
fi
echo
echo "results in $OUT: summary.md, compare.md, plot.svg, *.json"
