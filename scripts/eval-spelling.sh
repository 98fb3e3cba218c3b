#!/usr/bin/env bash
# "Did you mean" quality (README.md "Did you mean"): indexes the BBC News
# collection and corpus/ into one index and runs dossier-eval-spelling over it
# with data/spelling-misspellings.tsv. Prints the share of misspelled queries
# whose suggestion finds the intended articles and the share of correctly
# spelled words (sampled from the index) that get a suggestion anyway.
# Arguments: [SAMPLE_SIZE [SEED]] (default 200 words, seed 2; seed 1 is the
# one the thresholds in lib/search/spelling.h were looked at with).
# The collection is read from ../shared/bench/bbc.jsonl (override: DOSSIER_SHARED).
source "$(dirname "$0")/common.sh"

shared="${DOSSIER_SHARED:-$DOSSIER_ROOT/../shared}"
bbc="$shared/bench/bbc.jsonl"
[ -f "$bbc" ] || { echo "no BBC News collection at $bbc" >&2; exit 1; }

ensure_packages "${DOSSIER_PACKAGES[@]}"
build_targets dossier-index dossier-eval-spelling >/dev/null

work="$DOSSIER_BUILD/eval-spelling"
rm -rf "$work" && mkdir -p "$work"
"$DOSSIER_BUILD/examples/dossier-index" --quiet "$work/index" "$bbc" "$DOSSIER_ROOT/corpus" >&2
"$DOSSIER_BUILD/tools/dossier-eval-spelling" "$work/index" \
  "$DOSSIER_ROOT/data/spelling-misspellings.tsv" "$@"
