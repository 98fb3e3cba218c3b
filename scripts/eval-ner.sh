#!/usr/bin/env bash
# Scores the entity recognizer on the CoNLL-2003 dev documents (plain text):
# builds dossier-entities if needed, tags ../shared/eval/ner/docs, runs the
# shared scorer and prints per-kind and micro F1 (document- and mention-level)
# plus tagging speed.
#
#   scripts/eval-ner.sh [--model FILE] [extra score.py options, e.g. --errors 20]
#
# Environment: DOSSIER_SHARED (default: <repo>/../shared), BUILD_DIR (default:
# <repo>/build-ner), DOSSIER_ENTITIES (use this dossier-entities binary, no build).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${DOSSIER_SHARED:-$repo/../shared}"
build="${BUILD_DIR:-$repo/build-ner}"
ner="$shared/eval/ner"

model_args=()
if [[ "${1:-}" == "--model" ]]; then
  model_args=(--model "$2")
  shift 2
fi

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
"$bin" "${model_args[@]}" --stats "$ner/docs" >"$out/pred.tsv" 2>"$out/stats.txt"
python3 "$ner/score.py" "$out/pred.tsv" --gold "$ner/dev_entities.tsv" --docs-dir "$ner/docs" "$@"
echo
cat "$out/stats.txt"
