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
misspellings="$DOSSIER_ROOT/data/spelling-misspellings.tsv"
echo "== local index (spelling dictionary)"
"$DOSSIER_BUILD/tools/dossier-eval-spelling" "$work/index" "$misspellings" "${1:-200}" "${2:-2}"

# A remote shard has no spelling table (Xapian's protocol does not carry it):
# the same index served by xapian-tcpsrv measures the single-edit fallback.
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv: remote run skipped"; exit 0; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$work/index" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "== the same index as a remote shard (no dictionary: words one edit away)"
"$DOSSIER_BUILD/tools/dossier-eval-spelling" "$work/index" "$misspellings" "${1:-200}" "${2:-2}" \
  "tcp://127.0.0.1:$port"
