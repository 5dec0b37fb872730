#!/usr/bin/env bash
# PacsSeg set-up: installs the Debian packages the project needs to build, run and test, builds the
# native libtorch bridge and the .NET solution. Idempotent: when nothing is missing or changed it
# finishes in about a second.
#
# Usage: install/setup.sh [--check] [--force] [--quiet]
#   --check   only report what is missing (exit 1 if anything is), change nothing
#   --force   rebuild the native bridge and the solution even if they look current
#   --quiet   print only what is being done (nothing when all is current)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE="$ROOT/.build"
NATIVE_SRC="$ROOT/core/Torch/native"
NATIVE_BUILD="$NATIVE_SRC/build"
NATIVE_OUT="$NATIVE_SRC/out"
CONFIGURATION=${PACSSEG_CONFIGURATION:-Release}

CHECK=0; FORCE=0; QUIET=0
for arg in "$@"; do
  case "$arg" in
    --check) CHECK=1 ;;
    --force) FORCE=1 ;;
    --quiet) QUIET=1 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say()  { [ "$QUIET" = 1 ] || echo "setup: $*"; }
act()  { echo "setup: $*"; }
fail() { echo "setup: ERROR: $*" >&2; exit 1; }

# Debian packages, by purpose. Later issues add theirs here.
PACKAGES_BUILD="cmake g++ make libtorch-dev"
PACKAGES_RUN="libopenblas0-pthread libglfw3 libegl1 libegl-mesa0 libgl1-mesa-dri libgdcm-cil curl"
PACKAGES_TEST="xvfb dcmtk orthanc orthanc-dicomweb dicom3tools python3-pydicom python3-numpy python3-torch python3-grpcio python3-protobuf python3-prometheus-client"
PACKAGES="$PACKAGES_BUILD $PACKAGES_RUN $PACKAGES_TEST"

# ---- 1. the system ---------------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
  fail "the .NET SDK is not on PATH. Install the .NET 10 SDK (https://dot.net), then run this again."
fi
if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  fail "PacsSeg needs the .NET 10 SDK; found: $(dotnet --list-sdks | tr '\n' ' ')"
fi
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
setup: this system has no apt/dpkg, so setup.sh cannot install what PacsSeg needs. Install by hand:
  - libtorch 1.13+ with its CMake files (TorchConfig.cmake), CMake >= 3.18 and a C++17 compiler
  - OpenBLAS, GLFW 3, EGL + Mesa (or your GPU's GL driver), GDCM's C# bindings (optional codecs)
  - for the tests: dcmtk, Orthanc with its DICOMweb plugin, dicom3tools, Python 3 with pydicom, numpy,
    torch and grpcio, and Xvfb
then build the bridge: cmake -S core/Torch/native -B core/Torch/native/build && cmake --build core/Torch/native/build
and the solution: dotnet build PacsSegPlugin.sln -c Release. Windows: see install/WINDOWS.md.
MSG
  exit 1
fi

mkdir -p "$STATE"
exec 9>"$STATE/setup.lock"
flock 9   # two launchers at once wait for each other instead of building over each other

# ---- 2. Debian packages ----------------------------------------------------------------------
missing=()
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$CHECK" = 1 ]; then echo "setup: missing packages: ${missing[*]}"; exit 1; fi
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "not root and no sudo: install as root: apt-get install ${missing[*]}"
    SUDO="sudo"
  fi
  act "installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -o DPkg::Lock::Timeout=600 -qq || fail "apt-get update failed"
  if ! $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" > "$STATE/apt.log" 2>&1; then
    tail -20 "$STATE/apt.log" >&2
    fail "apt-get install failed (full log: .build/apt.log). On a system other than Debian 12, install the equivalents of: ${missing[*]}"
  fi
fi

# libtorch calls libblas.so.3 for the 3D convolutions oneDNN does not take; the reference BLAS is
# 6x slower than OpenBLAS there (ARCHITECTURE.md), so make sure the alternative points at OpenBLAS.
BLAS_ALT=libblas.so.3-x86_64-linux-gnu
if command -v update-alternatives >/dev/null 2>&1 && update-alternatives --query "$BLAS_ALT" >/dev/null 2>&1; then
  blas=$(update-alternatives --query "$BLAS_ALT" | sed -n 's/^Value: //p')
  if [[ "$blas" != *openblas* ]]; then
    cand=$(update-alternatives --query "$BLAS_ALT" | sed -n 's/^Alternative: //p' | grep openblas | head -1 || true)
    if [ -n "$cand" ]; then
      if [ "$CHECK" = 1 ]; then echo "setup: libblas.so.3 points at $blas, not OpenBLAS"; exit 1; fi
      act "pointing libblas.so.3 at OpenBLAS ($cand)"
      ${SUDO:-} update-alternatives --set "$BLAS_ALT" "$cand" >/dev/null
    fi
  fi
fi

# ---- 3. the native bridge --------------------------------------------------------------------
if [ -f "$NATIVE_SRC/CMakeLists.txt" ]; then
  if [ "$CHECK" = 1 ]; then
    [ -f "$NATIVE_OUT/libpacsseg_torch.so" ] || { echo "setup: native bridge not built"; exit 1; }
  else
    if [ "$FORCE" = 1 ] || [ ! -f "$NATIVE_BUILD/CMakeCache.txt" ]; then
      act "configuring the native bridge (core/Torch/native)"
      cmake -S "$NATIVE_SRC" -B "$NATIVE_BUILD" -DCMAKE_BUILD_TYPE=Release > "$STATE/native-configure.log" 2>&1 \
        || { tail -30 "$STATE/native-configure.log" >&2; fail "CMake could not configure the bridge (log: .build/native-configure.log)"; }
    fi
    # cmake --build is itself incremental; it only prints when it compiles something.
    if ! cmake --build "$NATIVE_BUILD" --parallel "$(nproc)" > "$STATE/native-build.log" 2>&1; then
      tail -40 "$STATE/native-build.log" >&2
      fail "the native bridge did not build (log: .build/native-build.log)"
    fi
    grep -q 'Building CXX' "$STATE/native-build.log" && act "built the native bridge into core/Torch/native/out"
  fi
fi

# ---- 4. the .NET solution --------------------------------------------------------------------
STAMP="$STATE/build-$CONFIGURATION.stamp"
changed() {
  [ -f "$STAMP" ] || return 0
  local hit
  hit=$(cd "$ROOT" && find . \( -path ./.git -o -name bin -o -name obj -o -path ./.build -o -path ./core/Torch/native/build -o -path ./data -o -path ./runs -o -path ./TestResults \) -prune -o \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.sln' -o -name '*.proto' \
           -o -name '*.json' -o -name 'libpacsseg_torch.so' \) -newer "$STAMP" -print -quit)
  [ -n "$hit" ]
}
if [ "$FORCE" = 1 ] || changed; then
  if [ "$CHECK" = 1 ]; then echo "setup: the solution needs a build"; exit 1; fi
  act "building PacsSegPlugin.sln ($CONFIGURATION)"
  touch "$STAMP.new"
  if ! (cd "$ROOT" && dotnet build PacsSegPlugin.sln -c "$CONFIGURATION" -nologo -clp:ErrorsOnly -v:q > "$STATE/dotnet-build.log" 2>&1); then
    grep -E 'error|Error' "$STATE/dotnet-build.log" | sort -u | head -40 >&2
    rm -f "$STAMP.new"
    fail "the solution did not build (log: .build/dotnet-build.log)"
  fi
  mv "$STAMP.new" "$STAMP"
fi

say "ready"
