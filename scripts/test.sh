#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite.
source "$(dirname "$0")/common.sh"

ensure_packages "${DOSSIER_PACKAGES[@]}"
build_targets
cd "$DOSSIER_BUILD"
ctest --output-on-failure -j "$DOSSIER_JOBS"
