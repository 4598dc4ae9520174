#!/usr/bin/env bash
# The whole test suite: a release build with warnings as errors, and an ASan+UBSan build.
# Expects the dependencies installed by scripts/setup.sh. CTest's summary is the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j "$jobs"

cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j "$jobs"
