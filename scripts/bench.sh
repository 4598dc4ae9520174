#!/usr/bin/env bash
# Diffusion throughput on the reference problem (docs/performance.md): configures and builds the
# release preset (-march=native), then runs the 3D 100^3 x 10-species case on 2 and 1 threads
# and the 2D 1000 x 300 case. Then the whole simulation: the default example
# (examples/cheek_pen_1p5mm.toml, 2D 200 x 105, 15 species) end to end in voxel-species-steps/s,
# beside the diffusion-only kernel on the same grid and species count, and their ratio.
# Other work on the machine skews the figures: check `uptime` first.
#   scripts/bench.sh [steps] [repeats]
#   SKINTWIN_BENCH_THREADS (default 2): threads of the whole-simulation comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-100}"
repeats="${2:-5}"

cmake --preset release >/dev/null
cmake --build --preset release --target skintwin_bench_diffusion bench_diffusion skintwin_cli >/dev/null
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

# Whole simulation vs its own diffusion kernel, same grid (200 x 105 at 20 um), 15 species.
threads="${SKINTWIN_BENCH_THREADS:-2}"
example=examples/cheek_pen_1p5mm.toml
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "== whole simulation: $example, $threads thread(s)"
start=$(date +%s.%N)
OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=passive build/release/bin/skintwin simulate "$example" -o "$out/run" >/dev/null 2>&1
end=$(date +%s.%N)
read -r nx nz species steps < <(python3 - "$out/run" <<'PY'
import json, sys, pathlib
run = pathlib.Path(sys.argv[1])
summary = json.loads((run / "summary.json").read_text())
grid = summary["grid"]
header = (run / "timeseries.csv").read_text().splitlines()[0].split(",")
species = sum(1 for column in header if column.startswith("epidermis."))  # one per model species
print(grid["nx"], grid["nz"], species, summary["time"]["steps"])
PY
)
sim_rate=$(python3 -c "print($nx * $nz * $species * $steps / ($end - $start) / 1e6)")
sim_wall=$(python3 -c "print(f'{$end - $start:.2f}')")
printf 'simulation: %d x %d x %d species, %d steps in %.2f s -> %.1f M voxel-species-steps/s\n' \
  "$nx" "$nz" "$species" "$steps" "$sim_wall" "$sim_rate"
echo "== diffusion only, same grid and species, $threads thread(s)"
diff_out=$("$bin" --2d --nx "$nx" --nz "$nz" --spacing-um 20 --species "$species" --threads "$threads" \
  --steps "$((steps > 100 ? steps : 100))" --repeats "$repeats")
echo "$diff_out"
diff_rate=$(echo "$diff_out" | awk '/throughput best/ {print $3}')
python3 -c "print(f'whole simulation / diffusion kernel: {$sim_rate:.1f} / {$diff_rate:.1f} M voxel-species-steps/s = {100 * $sim_rate / $diff_rate:.2f} %')"
