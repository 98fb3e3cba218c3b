#!/usr/bin/env bash
# Splits a corpus into N shards by id hash and indexes them in parallel, one
# dossier-index process per shard; optionally merges the shards into one index.
#
#   scripts/index-shards.sh [options] N PREFIX INPUT... [-- DOSSIER-INDEX-OPTIONS]
#
# Shard K (0 <= K < N) is written to PREFIX-K and holds the documents whose id
# hashes to K (dossier::shard_of: 64-bit FNV-1a of the id, modulo N). Every
# process reads the whole input and keeps its own share, so the processes need
# no coordination; rerunning one shard's process is safe (ids are replaced).
#
# Options:
#   --merge OUT          afterwards, merge the shards into the new index OUT with
#                        `dossier-index --merge` (keeps the best entity names)
#   --xapian-compact     merge with plain xapian-compact instead (on conflicting
#                        entity display names it keeps the first shard's)
#   --threads T          analysis threads per process (default: cores / N, >= 1)
#   --dossier-index P    the dossier-index program (default: $DOSSIER_INDEX, the
#                        one on PATH, or the one in build/examples)
#
# Anything after "--" goes to every dossier-index process (e.g. --language,
# --aliases FILE: give every shard the same options).
#
# Example:
#   scripts/index-shards.sh 4 /srv/news/shard news.jsonl -- --aliases aliases.txt
#   dossier-search /srv/news/shard-0 --shard /srv/news/shard-1 \
#     --shard /srv/news/shard-2 --shard /srv/news/shard-3 "oil sanctions"
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit "${1:-2}"; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
merge_out="" compact=0 threads="" program="${DOSSIER_INDEX:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --merge) merge_out="${2:?--merge needs OUT}"; shift 2 ;;
    --xapian-compact) compact=1; shift ;;
    --threads) threads="${2:?--threads needs T}"; shift 2 ;;
    --dossier-index) program="${2:?--dossier-index needs a path}"; shift 2 ;;
    -h|--help) usage 0 ;;
    --) break ;;
    -*) echo "index-shards.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] || usage
shards="$1" prefix="$2"; shift 2
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "index-shards.sh: N must be a positive number" >&2; exit 2; }
inputs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do inputs+=("$1"); shift; done
[ $# -gt 0 ] && shift  # the "--"
extra=("$@")
[ ${#inputs[@]} -gt 0 ] || usage
if [ $compact -eq 1 ] && [ -z "$merge_out" ]; then
  echo "index-shards.sh: --xapian-compact goes with --merge OUT" >&2; exit 2
fi

if [ -z "$program" ]; then
  program="$(command -v dossier-index || true)"
  [ -n "$program" ] || program="${DOSSIER_BUILD:-$root/build}/examples/dossier-index"
fi
[ -x "$program" ] || { echo "index-shards.sh: cannot run $program (build Dossier, or pass --dossier-index)" >&2; exit 1; }
if [ -z "$threads" ]; then
  threads=$(( $(nproc) / shards )); [ "$threads" -ge 1 ] || threads=1
fi
if [ -n "$merge_out" ] && [ -e "$merge_out" ]; then
  echo "index-shards.sh: $merge_out already exists" >&2; exit 1
fi

mkdir -p "$(dirname "$prefix")"
pids=() logs=()
for ((k = 0; k < shards; k++)); do
  log="$prefix-$k.log"
  "$program" --quiet --threads "$threads" --shards "$shards" --shard-index "$k" \
    ${extra[@]+"${extra[@]}"} "$prefix-$k" "${inputs[@]}" >"$log" 2>&1 &
  pids+=($!) logs+=("$log")
done
# Stop the other processes if this script is interrupted.
trap 'kill "${pids[@]}" 2>/dev/null || true' INT TERM
failed=0
for ((k = 0; k < shards; k++)); do
  if wait "${pids[$k]}"; then
    echo "shard $k: $(head -n 1 "${logs[$k]}")"
  else
    echo "shard $k FAILED (log: ${logs[$k]}):" >&2
    tail -n 5 "${logs[$k]}" >&2
    failed=1
  fi
done
trap - INT TERM
[ $failed -eq 0 ] || exit 1

if [ -n "$merge_out" ]; then
  sources=()
  for ((k = 0; k < shards; k++)); do sources+=("$prefix-$k"); done
  if [ $compact -eq 1 ]; then
    xapian-compact "${sources[@]}" "$merge_out"
  else
    "$program" --merge "$merge_out" "${sources[@]}"
  fi
fi
