#!/usr/bin/env bash
# How much the default example's answer depends on how the treated area is sampled: one section on
# a channel's axis (the calibration case) against ensembles of sections (docs/simulate.md,
# "Sampling") of other widths, seeds, offsets and spacings, and a 3D patch; then a dense protocol. Prints one Markdown
# row per case (docs/validation.md, "Robustness"). Takes about 16 minutes on 2 cores.
# Cases: one section on a channel; ensembles over the whole area (seeds, widths, counts, spacing;
# stratified on the injury, the default, and not);
# ensembles and a 3D patch in the same centre square; a dense protocol.
# Usage: scripts/robustness.sh [BINARY] (default build/ci/bin/skintwin). Environment: THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/ci/bin/skintwin}"
threads="${THREADS:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
example=examples/cheek_pen_1p5mm.toml
ensemble=(--set simulate.section_on_channel=false --set simulate.sections=8)

run_case() {  # label, then simulate arguments
  local label="$1"
  shift
  rm -rf "$out/run"
  OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=passive "$bin" simulate "$example" -o "$out/run" --quiet \
    --set simulate.fields_every_days=0 "$@" >/dev/null 2>&1
  python3 - "$label" "$out/run/summary.json" <<'PY'
import json, sys
label, path = sys.argv[1], sys.argv[2]
s = json.load(open(path))
o = s["outcomes"]
spread = s.get("spread", {})
def cell(key, value, digits=1):
    text = "-" if value is None else f"{value:.{digits}f}"
    if key in spread and spread[key]["members"] > 1:
        # The design's standard error where the sections are stratified on their injury.
        sem = spread[key].get("sem_stratified", spread[key]["sem"])
        text += f" ± {sem:.{digits}f}"
    return text
change = o["layer_change"]
row = [label,
       cell("redness_downtime_days", o["redness_downtime_days"], 2),
       cell("erythema_index.value", o["erythema_index"]["value"]),
       cell("layer_change.papillary_dermis.collagen_total_pct", change["papillary_dermis"]["collagen_total_pct"]),
       cell("layer_change.reticular_dermis.collagen_total_pct", change["reticular_dermis"]["collagen_total_pct"]),
       cell("layer_change.papillary_dermis.elastin_pct", change["papillary_dermis"]["elastin_pct"]),
       cell("inflammation_ratio_wound.value", o["inflammation_ratio_wound"]["value"]),
       cell("closure_time_h", o["closure_time_h"]),
       str(s["session"]["punctures_on_grid"]),
       f"{s['wall_time_s']:.0f}"]
print("| " + " | ".join(row) + " |")
PY
}

echo "| case | redness downtime (d) | ΔEI peak | papillary collagen, day 28 (%) | reticular collagen, day 28 (%) | papillary elastin, day 28 (%) | inflammation peak (M/M_b, wound) | closure (h) | punctures on grid | wall (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
run_case "one 4 mm section on a channel (calibration case)"
run_case "one 16 mm section on a channel" --set simulate.width_mm=16
for seed in 1 2 3; do
  run_case "8 sections x 4 mm over the area, seed $seed" "${ensemble[@]}" --seed "$seed"
done
for seed in 1 2 3; do
  run_case "8 sections x 4 mm over the area, not stratified on the injury, seed $seed" "${ensemble[@]}" \
    --set simulate.section_candidates=1 --seed "$seed"
done
run_case "16 sections x 4 mm over the area, seed 1" --set simulate.section_on_channel=false --set simulate.sections=16
run_case "8 sections x 16 mm over the area, seed 1" "${ensemble[@]}" --set simulate.width_mm=16
run_case "8 sections x 4 mm over the area at 40 um, seed 1" "${ensemble[@]}" --set simulate.spacing_um=40
square=(--set simulate.sections_band_mm=4)
run_case "8 sections x 4 mm in the centre 4 x 4 mm, seed 1" "${ensemble[@]}" "${square[@]}"
run_case "8 sections x 4 mm in the band 3 mm off centre, seed 1" "${ensemble[@]}" "${square[@]}" \
  --set simulate.section_offset_y_mm=3
run_case "8 sections x 4 mm in the centre 4 x 4 mm at 40 um, seed 1" "${ensemble[@]}" "${square[@]}" \
  --set simulate.spacing_um=40
run_case "64 sections x 4 mm in the centre 4 x 4 mm at 40 um, seed 1" --set simulate.section_on_channel=false \
  --set simulate.sections=64 "${square[@]}" --set simulate.spacing_um=40
run_case "3D patch, the centre 4 x 4 mm at 40 um, seed 1" --set simulate.dimensions=3 --set simulate.length_mm=4 \
  --set simulate.spacing_um=40
example=examples/pen_12_cheek.toml
run_case "pen_12_cheek.toml (1 mm, 3 slow passes, 11,250 /cm2): 8 sections over the area, seed 7"
run_case "pen_12_cheek.toml: 8 sections over the area, seed 2" --seed 2
