#!/usr/bin/env bash
# Installs what is missing, builds, indexes corpus/ and runs one search.
# Usage: scripts/demo.sh "some query" [dossier-search options]
source "$(dirname "$0")/common.sh"

ensure_packages "${DOSSIER_PACKAGES[@]}"
build_targets dossier-index dossier-search >/dev/null

index="$DOSSIER_BUILD/demo-index"
rm -rf "$index"
"$DOSSIER_BUILD/examples/dossier-index" "$index" "$DOSSIER_ROOT/corpus"
echo
"$DOSSIER_BUILD/examples/dossier-search" "$index" "${@:-Pompeo Maduro}"
