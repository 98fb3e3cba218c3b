#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite:
# the tests (with the benchmarks' smoke pass and the install check), then the
# same tests under AddressSanitizer and UndefinedBehaviorSanitizer, the
# concurrency and process tests under ThreadSanitizer, then each fuzz target
# for a bounded time (FUZZ_SECONDS, default 20).
# DOSSIER_QUICK=1 skips the sanitizer and fuzzing passes.
source "$(dirname "$0")/common.sh"

ensure_packages "${DOSSIER_PACKAGES[@]}" "${DOSSIER_TEST_PACKAGES[@]}"
build_targets
(cd "$DOSSIER_BUILD" && ctest --output-on-failure -j "$DOSSIER_JOBS")

if [ -z "${DOSSIER_QUICK:-}" ]; then
  "$DOSSIER_ROOT/scripts/sanitize.sh"
  "$DOSSIER_ROOT/scripts/sanitize.sh" thread
  "$DOSSIER_ROOT/scripts/fuzz.sh"
fi
