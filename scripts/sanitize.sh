#!/usr/bin/env bash
# Builds the test suite with AddressSanitizer and UndefinedBehaviorSanitizer
# in build-asan and runs it with ctest. Any sanitizer report fails the test
# it happens in (-fno-sanitize-recover=all, halt_on_error).
#
#   DOSSIER_SANITIZE=address scripts/sanitize.sh   # other sanitizers
source "$(dirname "$0")/common.sh"

ASAN_BUILD="${ASAN_BUILD:-$DOSSIER_ROOT/build-asan}"
SANITIZERS="${DOSSIER_SANITIZE:-address,undefined}"

ensure_packages ninja-build "${DOSSIER_PACKAGES[@]}"

# Lean: -O1, tests only (no examples, benchmarks or install check).
if [ ! -f "$ASAN_BUILD/CMakeCache.txt" ]; then
  cmake -S "$DOSSIER_ROOT" -B "$ASAN_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
    -DDOSSIER_SANITIZE="$SANITIZERS" -DDOSSIER_BUILD_TESTS=ON \
    -DDOSSIER_BUILD_EXAMPLES=OFF -DDOSSIER_BUILD_BENCHMARKS=OFF \
    -DDOSSIER_INSTALL=OFF >/dev/null
fi
cmake --build "$ASAN_BUILD" -j "$DOSSIER_JOBS" --target dossier_tests crash_indexer

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$ASAN_BUILD"
ctest --output-on-failure -j "$DOSSIER_JOBS" --timeout 900
