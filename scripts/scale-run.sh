#!/usr/bin/env bash
# The scale run of bench/README.md: one index of generated articles (default
# 1,000,000, bodies cut to a quarter), then query latency per kind, facet
# searches steady and after a commit, and memory, on that one index.
#
#   scripts/scale-run.sh [--docs N] [--body-scale F] [--out DIR] [--build DIR] [--no-build]
#
#   --docs N          articles to generate and index (default 1M; 10k for a dry run)
#   --body-scale F    fraction of each generated body kept (default 0.25)
#   --out DIR         results and the index (default build-bench/scale-results;
#                     the index needs about 2.5 GB per million quarter-length articles)
#   --build DIR       Release build folder (default build-bench)
#   --no-build        use the binaries already built
#
# Two steps, each a Google Benchmark program of bench/ (flags as scripts/bench.sh
# passes them): dossier_bench_indexing times the whole pipeline into one index
# (entities on, all cores) and records its peak memory and size, and leaves the
# index; dossier_bench_query then reuses it. Wall clock: run on an idle machine
# (the load average is recorded before and after each step).
source "$(dirname "$0")/common.sh"

DOCS=1M
BODY_SCALE=0.25
OUT="$DOSSIER_ROOT/build-bench/scale-results"
BUILD="$DOSSIER_ROOT/build-bench"
BUILD_FIRST=1
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) DOCS="$2"; shift ;;
    --body-scale) BODY_SCALE="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --build) BUILD="$2"; shift ;;
    --no-build) BUILD_FIRST=0 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "scale-run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

[ "$BUILD_FIRST" = 1 ] && build_benchmarks "$BUILD" dossier_bench_indexing dossier_bench_query

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
BIN="$BUILD/bench"
COMMON=(--scratch="$OUT/scratch" --body-scale="$BODY_SCALE")
load() { cut -d' ' -f1-3 /proc/loadavg; }
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$DOSSIER_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "docs: $DOCS, body scale $BODY_SCALE"
  echo "load before indexing: $(load)"
} >"$OUT/machine.txt"

rm -rf "$OUT/indexes"
"$BIN/dossier_bench_indexing" "${COMMON[@]}" --sizes="$DOCS" --component-sizes=5 \
  --benchmark_filter='^index_pipeline/' --keep-indexes="$OUT/indexes" \
  --benchmark_out="$OUT/indexing.json" --benchmark_out_format=json | tee "$OUT/indexing.txt"
echo "load after indexing: $(load)" >>"$OUT/machine.txt"

# Query latency per kind, the default page, and facets steady / after a commit.
# The bare counting loops (facet_counter*, facet_column, attribute_column) are
# left to scripts/bench.sh.
"$BIN/dossier_bench_query" "${COMMON[@]}" --sizes="$DOCS" --index-dir="$OUT/indexes" \
  --benchmark_filter='^(query/|facets_after_commit)' --benchmark_min_time=2 \
  --benchmark_out="$OUT/query.json" --benchmark_out_format=json | tee "$OUT/query.txt"
echo "load after queries: $(load)" >>"$OUT/machine.txt"
du -sm "$OUT/indexes" | cut -f1 | sed 's/^/index directory (MB): /' >>"$OUT/machine.txt"
rm -rf "$OUT/scratch"
cat "$OUT/machine.txt"
echo "results in $OUT: indexing.txt, query.txt (and .json); the index stays in $OUT/indexes"
