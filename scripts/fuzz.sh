#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang in build-fuzz and runs
# each for FUZZ_SECONDS (default 20) seconds. Exits non-zero when a target
# finds a crash, a sanitizer report or a broken check; the input that caused
# it is saved as build-fuzz/artifacts/<target>-crash-...
#
#   FUZZ_SECONDS=600 scripts/fuzz.sh          # longer runs
#   FUZZ_TARGETS="query jsonl" scripts/fuzz.sh  # some targets only
#   FUZZ_JOBS=4 scripts/fuzz.sh               # parallel fuzzing processes per target
#
# New inputs that reach new code collect in build-fuzz/corpus/<target> (kept
# between runs); the seeds in tests/fuzz/corpus/<target> are only read.
source "$(dirname "$0")/common.sh"

FUZZ_BUILD="${FUZZ_BUILD:-$DOSSIER_ROOT/build-fuzz}"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
FUZZ_TARGETS="${FUZZ_TARGETS:-analyzer entities query jsonl html word_map}"
FUZZ_JOBS="${FUZZ_JOBS:-1}"

ensure_packages clang libclang-rt-14-dev ninja-build "${DOSSIER_PACKAGES[@]}"

if [ ! -f "$FUZZ_BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$DOSSIER_ROOT" -B "$FUZZ_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOSSIER_BUILD_FUZZERS=ON \
    -DDOSSIER_BUILD_TESTS=OFF -DDOSSIER_BUILD_EXAMPLES=OFF \
    -DDOSSIER_BUILD_BENCHMARKS=OFF -DDOSSIER_INSTALL=OFF >/dev/null
fi
targets=()
for name in $FUZZ_TARGETS; do targets+=("${name}_fuzzer"); done
cmake --build "$FUZZ_BUILD" -j "$DOSSIER_JOBS" --target "${targets[@]}"

mkdir -p "$FUZZ_BUILD/artifacts"
failed=()
for name in $FUZZ_TARGETS; do
  corpus="$FUZZ_BUILD/corpus/$name"
  mkdir -p "$corpus"
  echo "== fuzzing $name for ${FUZZ_SECONDS}s"
  # The extractor's test pages seed the html target too.
  seeds=("$DOSSIER_ROOT/tests/fuzz/corpus/$name")
  if [ "$name" = html ]; then seeds+=("$DOSSIER_ROOT/tests/data/html"); fi
  jobs_flags=()
  if [ "$FUZZ_JOBS" -gt 1 ]; then jobs_flags=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
  if ! (cd "$FUZZ_BUILD" &&
        ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        "$FUZZ_BUILD/tests/fuzz/${name}_fuzzer" \
          -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2560 -max_len=8192 \
          -print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/artifacts/$name-" \
          "${jobs_flags[@]}" "$corpus" "${seeds[@]}" \
          >"$FUZZ_BUILD/$name.log" 2>&1); then
    failed+=("$name")
    echo "!! $name failed; the end of $FUZZ_BUILD/$name.log:" >&2
    tail -n 40 "$FUZZ_BUILD/$name.log" >&2
  else
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$FUZZ_BUILD/$name.log" | tr '\n' ' '
    echo
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs in $FUZZ_BUILD/artifacts)" >&2
  exit 1
fi
echo "fuzzing: no problems found"
