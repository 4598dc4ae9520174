#!/usr/bin/env bash
# Regenerates the generated parts of the docs from the code: the parameter tables of
# docs/model.md (from each stage's descriptor table) and the key table of docs/config.md (from the
# config schema). The tests GeneratedDocs.* fail when either is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset ci >/dev/null
cmake --build --preset ci --target test_io
SKINTWIN_UPDATE_DOCS=1 ./build/ci/tests/test_io --gtest_filter='GeneratedDocs.*'
git diff --stat -- docs/model.md docs/config.md || true
