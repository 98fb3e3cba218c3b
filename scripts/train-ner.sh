#!/usr/bin/env bash
# Trains the entity model and writes data/ner-model.bin (built into the library
# on the next build). Deterministic: the same data and code give the same file.
#
#   scripts/train-ner.sh [extra dossier-train-ner options, e.g. --heldout 10]
#
# Environment: DOSSIER_SHARED (default: <repo>/../shared; reads
# eval/ner/train.conll there), BUILD_DIR (default: <repo>/build-ner).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${DOSSIER_SHARED:-$repo/../shared}"
build="${BUILD_DIR:-$repo/build-ner}"
train="$shared/eval/ner/train.conll"
[[ -f "$train" ]] || { echo "train-ner: no training data at $train" >&2; exit 1; }

if [[ ! -f "$build/build.ninja" && ! -f "$build/Makefile" ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DDOSSIER_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target dossier-train-ner

tmp="$repo/data/ner-model.bin.tmp"
trap 'rm -f "$tmp"' EXIT
"$build/tools/dossier-train-ner" --train "$train" --lexicons "$repo/data/lexicons" \
  --out "$tmp" "$@"
mv "$tmp" "$repo/data/ner-model.bin"
echo "wrote $repo/data/ner-model.bin ($(stat -c %s "$repo/data/ner-model.bin") bytes)"
