#!/usr/bin/env bash
# Installs what is missing, builds, indexes corpus/ and runs one search, or
# with --serve, serves the search page over it until Ctrl-C.
# Usage: scripts/demo.sh "some query" [dossier-search options]
#        scripts/demo.sh --serve [dossier-serve options, e.g. --port 0]
source "$(dirname "$0")/common.sh"

serve=
if [ "${1:-}" = "--serve" ]; then
  serve=1
  shift
fi

ensure_packages "${DOSSIER_PACKAGES[@]}"
build_targets dossier-index "$([ -n "$serve" ] && echo dossier-serve || echo dossier-search)" >/dev/null

index="$DOSSIER_BUILD/demo-index"
rm -rf "$index"
"$DOSSIER_BUILD/examples/dossier-index" "$index" "$DOSSIER_ROOT/corpus"
echo
if [ -n "$serve" ]; then
  exec "$DOSSIER_BUILD/examples/dossier-serve" "$index" "$@"
fi
"$DOSSIER_BUILD/examples/dossier-search" "$index" "${@:-Pompeo Maduro}"
