#!/usr/bin/env bash
# Measures the HTML article extractor on the dev set ../shared/eval/artx_dev:
# runs dossier-extract over its pages and scores the main text with the set's
# own score.py (token 4-gram precision, recall, F1 averaged over pages), then
# headline and date accuracy (scripts/eval-extract-fields.py).
#
#   scripts/eval-extract.sh                      # the figures in README.md
#   scripts/eval-extract.sh --per-page pp.tsv    # extra score.py options
#   ARTX_DIR=/path/to/other/set scripts/eval-extract.sh
source "$(dirname "$0")/common.sh"

ARTX_DIR="${ARTX_DIR:-$DOSSIER_ROOT/../shared/eval/artx_dev}"
if [ ! -d "$ARTX_DIR/html" ]; then
  echo "no evaluation set at $ARTX_DIR (set ARTX_DIR)" >&2
  exit 1
fi
ensure_packages "${DOSSIER_PACKAGES[@]}"
build_targets dossier-extract

predictions="$(mktemp --suffix=.json)"
trap 'rm -f "$predictions"' EXIT
"$DOSSIER_BUILD/examples/dossier-extract" "$ARTX_DIR/html" >"$predictions"
echo "== main text ($(ls "$ARTX_DIR/html" | wc -l) pages)"
python3 "$ARTX_DIR/score.py" "$predictions" "$ARTX_DIR/gold.json" "$@"
echo "== headline and date"
python3 "$DOSSIER_ROOT/scripts/eval-extract-fields.py" "$predictions" "$ARTX_DIR/gold.json" "$ARTX_DIR/html"
