#!/usr/bin/env bash
# Scores the entity recognizer on both dev sets (plain text articles with gold
# entity lists): CoNLL-2003 dev (../shared/eval/ner/docs, 1996 Reuters) and
# news2020_dev (../shared/eval/ner/news2020_dev, Reuters news of December 2020).
# Builds dossier-entities if needed, tags each set with character offsets, runs
# the shared scorer (document- and mention-level, per kind and micro F1) and
# prints tagging speed, then one summary line per set.
#
#   scripts/eval-ner.sh [--model FILE] [--set conll|news2020] [extra score.py options, e.g. --errors 20]
#
# Both sets are for measuring and tuning only: never train on them.
#
# Environment: DOSSIER_SHARED (default: <repo>/../shared), BUILD_DIR (default:
# <repo>/build-ner), DOSSIER_ENTITIES (use this dossier-entities binary, no build).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${DOSSIER_SHARED:-$repo/../shared}"
build="${BUILD_DIR:-$repo/build-ner}"
ner="$shared/eval/ner"

model_args=()
sets=(conll news2020)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model_args=(--model "$2"); shift 2 ;;
    --set) sets=("$2"); shift 2 ;;
    *) break ;;
  esac
done

if [[ -n "${DOSSIER_ENTITIES:-}" ]]; then
  bin="$DOSSIER_ENTITIES"
else
  if [[ ! -f "$build/build.ninja" && ! -f "$build/Makefile" ]]; then
    cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DDOSSIER_BUILD_BENCHMARKS=OFF >/dev/null
  fi
  if ! cmake --build "$build" -j2 --target dossier-entities >"$build/eval-ner-build.log" 2>&1; then
    cat "$build/eval-ner-build.log" >&2
    exit 1
  fi
  bin="$build/examples/dossier-entities"
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
summary=()
for set in "${sets[@]}"; do
  case "$set" in
    conll) dir="$ner" ;;
    news2020) dir="$ner/news2020_dev" ;;
    *) echo "eval-ner: unknown set '$set' (conll or news2020)" >&2; exit 2 ;;
  esac
  [[ -d "$dir/docs" && -f "$dir/dev_entities.tsv" ]] ||
    { echo "eval-ner: no dev set at $dir (docs/ and dev_entities.tsv)" >&2; exit 1; }
  echo "=== $set ($dir)"
  "$bin" "${model_args[@]}" --offsets=chars --stats "$dir/docs" >"$out/$set.tsv" 2>"$out/$set.stats"
  python3 "$ner/score.py" "$out/$set.tsv" --gold "$dir/dev_entities.tsv" --docs-dir "$dir/docs" \
    --json "$out/$set.json" "$@"
  echo
  cat "$out/$set.stats"
  echo
  summary+=("$(python3 - "$set" "$out/$set.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
doc = json.load(open(path))["doc_level"]
kinds = " ".join("%s %.3f" % (k[:3], doc[k]["f1"]) for k in ("PERSON", "LOCATION", "ORGANIZATION"))
print("%-9s doc-level micro F1 %.3f  (%s)" % (name, doc["micro"]["f1"], kinds))
PY
)")
done
printf '%s\n' "${summary[@]}"
