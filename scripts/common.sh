# Sourced by the scripts in this folder: package checks and the shared build.
set -euo pipefail

DOSSIER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOSSIER_BUILD="${DOSSIER_BUILD:-$DOSSIER_ROOT/build}"
DOSSIER_JOBS="${DOSSIER_JOBS:-$(nproc)}"

# Debian packages Dossier builds and tests with.
DOSSIER_PACKAGES=(g++ cmake make pkg-config python3
  libxapian-dev xapian-tools libicu-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libbenchmark-dev libsqlite3-dev libcpp-httplib-dev libgumbo-dev)
# Only the tests need these: the browser that drives dossier-serve's page.
DOSSIER_TEST_PACKAGES=(chromium)

# Installs the packages that are missing, or says exactly how to.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Dossier needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Configures (once) and builds the given targets in $DOSSIER_BUILD.
build_targets() {
  if [ ! -f "$DOSSIER_BUILD/CMakeCache.txt" ]; then
    cmake -S "$DOSSIER_ROOT" -B "$DOSSIER_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$DOSSIER_BUILD" -j "$DOSSIER_JOBS" ${1:+--target "$@"}
}

# Configures (once, Release, benchmarks on) and builds benchmark targets in the
# folder $1: the benchmark scripts' own build, apart from the tests'.
build_benchmarks() {
  local build="$1"
  shift
  ensure_packages "${DOSSIER_PACKAGES[@]}"
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$DOSSIER_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      -DDOSSIER_BUILD_BENCHMARKS=ON >/dev/null
  fi
  cmake --build "$build" -j "$DOSSIER_JOBS" --target "$@"
}
