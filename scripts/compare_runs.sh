#!/usr/bin/env bash
# Before/after wall time of whole simulations, measured in one session on one machine: runs each
# example with the BEFORE and the AFTER binary alternately (A B A B ...), with passive OpenMP waits,
# and prints every wall time (summary.json's wall_time_s), the best of each and their ratio.
# Build the old commit beside the new one first, e.g.
#   git worktree add /tmp/skintwin-before 76ce7ba
#   (cd /tmp/skintwin-before && cmake --preset ci -DSKINTWIN_BUILD_TESTS=OFF && cmake --build --preset ci --target skintwin_cli)
#   scripts/compare_runs.sh /tmp/skintwin-before/build/ci/bin/skintwin build/ci/bin/skintwin
# Options (environment): THREADS (default 2), REPEATS (default 2), EXAMPLES (default: the 2D and 3D examples).
# Check `uptime` first: other work on the machine skews the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 2 ]; then
  echo "usage: $0 BEFORE_BINARY AFTER_BINARY" >&2
  exit 2
fi
before="$1"
after="$2"
threads="${THREADS:-2}"
repeats="${REPEATS:-2}"
examples="${EXAMPLES:-examples/cheek_pen_1p5mm.toml examples/forehead_pen_0p5mm_3d.toml}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

wall_of() {  # binary example -> wall seconds of one run
  rm -rf "$out/run"
  OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=passive "$1" simulate "$2" -o "$out/run" \
    --set simulate.fields_every_days=0 >/dev/null 2>&1
  python3 -c "import json, sys; print(f\"{json.load(open(sys.argv[1]))['wall_time_s']:.2f}\")" "$out/run/summary.json"
}

echo "== $(uptime)"
echo "== $threads thread(s), OMP_WAIT_POLICY=passive, fields off"
for example in $examples; do
  a=()
  b=()
  for _ in $(seq "$repeats"); do
    a+=("$(wall_of "$before" "$example")")
    b+=("$(wall_of "$after" "$example")")
  done
  python3 - "$example" "${a[*]}" "${b[*]}" <<'PY'
import sys
name, a, b = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
print(f"{name}: before {a} s, after {b} s, best/best {min(a) / min(b):.2f} x")
PY
done
