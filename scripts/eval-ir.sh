#!/usr/bin/env bash
# Ranking quality on the Cranfield collection: indexes its documents, runs its
# 225 queries through dossier-search's batch mode and scores the run with
# evaluate.py (nDCG@10, MAP, R@100, ...). Extra arguments go to dossier-search.
# The collection is read from ../shared/eval/ir (override: DOSSIER_SHARED).
source "$(dirname "$0")/common.sh"

shared="${DOSSIER_SHARED:-$DOSSIER_ROOT/../shared}"
cranfield="$shared/eval/ir/cranfield"
[ -f "$cranfield/docs.jsonl" ] || { echo "no Cranfield collection at $cranfield" >&2; exit 1; }

ensure_packages "${DOSSIER_PACKAGES[@]}"
build_targets dossier-index dossier-search >/dev/null

work="$DOSSIER_BUILD/eval-ir"
rm -rf "$work" && mkdir -p "$work"
"$DOSSIER_BUILD/examples/dossier-index" --quiet --no-entities "$work/index" "$cranfield/docs.jsonl" >&2
"$DOSSIER_BUILD/examples/dossier-search" "$work/index" --batch "$cranfield/queries.tsv" \
  --trec "$work/run.txt" --depth 1000 "$@"
python3 "$shared/eval/ir/evaluate.py" "$cranfield/qrels.tsv" "$work/run.txt"
