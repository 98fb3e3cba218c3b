#!/usr/bin/env bash
# Builds the test suite with sanitizers and runs it with ctest. Any sanitizer
# report fails the test it happens in.
#
#   scripts/sanitize.sh          # AddressSanitizer + UndefinedBehaviorSanitizer
#                                # (with LeakSanitizer), every test, in build-asan
#   scripts/sanitize.sh thread   # ThreadSanitizer, the tests that run threads or
#                                # processes, in build-tsan
#   DOSSIER_SANITIZE=address scripts/sanitize.sh   # other sanitizers
source "$(dirname "$0")/common.sh"

ensure_packages ninja-build "${DOSSIER_PACKAGES[@]}"

if [ "${1:-}" = thread ]; then
  BUILD_DIR="${TSAN_BUILD:-$DOSSIER_ROOT/build-tsan}"
  SANITIZERS=thread
  # The concurrency tests (reader threads, the writer's workers, the worker
  # pool), and the process tests whose child (crash_indexer) is built with
  # TSan too. Everything else is single-threaded and runs in the other passes.
  TARGETS=(dossier_tests crash_indexer fault_shim)
  TESTS='^(ConcurrentSearch|CommitVisibility|WriterLock|WriterThreads|RecognizerThreads|WorkerPool|WriterFailure|CrashSafety|ProcessLock|ReadOnlyIndex|FailedWrite|FaultInjection)\.'
else
  BUILD_DIR="${ASAN_BUILD:-$DOSSIER_ROOT/build-asan}"
  SANITIZERS="${DOSSIER_SANITIZE:-address,undefined}"
  TESTS='.'
  # The entity trainer too: its command-line test (dossier_train_ner_arguments) runs here.
  TARGETS=(dossier_tests crash_indexer fault_shim dossier-train-ner)
fi

# Lean: -O1, tests only (no examples, benchmarks or install check).
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  cmake -S "$DOSSIER_ROOT" -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCMAKE_C_FLAGS_DEBUG="-O1 -g" \
    -DDOSSIER_SANITIZE="$SANITIZERS" -DDOSSIER_BUILD_TESTS=ON \
    -DDOSSIER_BUILD_EXAMPLES=OFF -DDOSSIER_BUILD_BENCHMARKS=OFF \
    -DDOSSIER_INSTALL=OFF >/dev/null
fi
cmake --build "$BUILD_DIR" -j "$DOSSIER_JOBS" --target "${TARGETS[@]}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# tests/tsan.supp says why each suppression is there.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$DOSSIER_ROOT/tests/tsan.supp"
cd "$BUILD_DIR"
ctest --output-on-failure -j "$DOSSIER_JOBS" --timeout 900 -R "$TESTS"
