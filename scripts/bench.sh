#!/usr/bin/env bash
# Diffusion throughput on the reference problem (docs/performance.md): configures and builds the
# release preset (-march=native), then runs the 3D 100^3 x 10-species case on 2 and 1 threads
# and the 2D 1000 x 300 case. Other work on the machine skews the figures: check `uptime` first.
#   scripts/bench.sh [steps] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-100}"
repeats="${2:-5}"

cmake --preset release >/dev/null
cmake --build --preset release --target skintwin_bench_diffusion bench_diffusion >/dev/null
bin=build/release/bench/skintwin_bench_diffusion

echo "== $(uptime)"
echo "== 3D reference, 2 threads"
"$bin" --threads 2 --steps "$steps" --repeats "$repeats"
echo "== 3D reference, 1 thread"
"$bin" --threads 1 --steps "$steps" --repeats "$repeats"
echo "== 2D 1000 x 300, 2 threads"
"$bin" --2d --threads 2 --steps "$steps" --repeats "$repeats"
echo "== 2D 1000 x 300, 1 thread"
"$bin" --2d --threads 1 --steps "$steps" --repeats "$repeats"
