#!/usr/bin/env bash
# Dose response of the default example's protocol (docs/validation.md, "Dose response"): redness and
# collagen at day 90 against the set depth (0.25-2.5 mm; the calibration case, one section on a
# channel's axis) and against the number of passes at 1.5 mm (1-8; 8 sections over the treated area at
# 40 um, since one on-channel plane never sees a second pass). Prints two Markdown tables.
# Takes about 12 minutes on 2 cores. Usage: scripts/dose_response.sh [BINARY]. Environment: THREADS (2);
# EXTRA, more simulate arguments for every run (e.g. EXTRA="--set injury.cell_loss_crush=0.3"); ONLY=passes
# runs the passes table alone.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/ci/bin/skintwin}"
threads="${THREADS:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
example=examples/cheek_pen_1p5mm.toml

row() {  # label, summary.json, timeseries.csv
  python3 - "$@" <<'PY'
import csv, json, sys
label, summary_path, csv_path = sys.argv[1:4]
s = json.load(open(summary_path))
o, b, spread = s["outcomes"], s["baseline"], s.get("spread", {})
rows = list(csv.DictReader(open(csv_path)))
def collagen_change(layer, day):
    row = next(r for r in rows if float(r["t_days"]) >= day - 1e-9)
    total = float(row[f"{layer}.collagen_i"]) + float(row[f"{layer}.collagen_iii"])
    return 100.0 * (total / b[layer]["collagen_total"] - 1.0)
def sem(key):
    if key not in spread or spread[key]["members"] < 2:
        return ""
    # The design's standard error where the sections are stratified on their injury.
    return f" ± {spread[key].get('sem_stratified', spread[key]['sem']):.1f}"
cells = [label, f"{o['redness_downtime_days']:.2f}{sem('redness_downtime_days')}",
         f"{collagen_change('papillary_dermis', 28):.1f}", f"{collagen_change('papillary_dermis', 90):.1f}"
         + sem("layer_change.papillary_dermis.collagen_total_pct"),
         f"{collagen_change('reticular_dermis', 90):.1f}" + sem("layer_change.reticular_dermis.collagen_total_pct"),
         f"{o['layer_change']['papillary_dermis']['elastin_pct']:.1f}",
         str(s["session"]["punctures_on_grid"])]
print("| " + " | ".join(cells) + " |")
PY
}

run() {  # label, then simulate arguments
  local label="$1"
  shift
  rm -rf "$out/run"
  OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=passive "$bin" simulate "$example" -o "$out/run" --quiet \
    --set simulate.fields_every_days=0 --set simulate.duration_days=90 --set protocol.indication=research "$@" ${EXTRA:-} \
    >/dev/null 2>&1
  row "$label" "$out/run/summary.json" "$out/run/timeseries.csv"
}

if [ "${ONLY:-}" != passes ]; then
header="| redness downtime (d) | papillary collagen, day 28 (%) | papillary collagen, day 90 (%) | reticular collagen, day 90 (%) | papillary elastin, day 90 (%) | punctures on grid |"
echo "Depth (one section on a channel's axis, 2 passes at 200 mm/s):"
echo
echo "| set depth $header"
echo "|---|---|---|---|---|---|---|"
for depth in 0.25 0.5 1.0 1.5 2.0 2.5; do
  run "$depth mm" --set device.set_depth_mm="$depth"
done
echo
echo "Depth over the area (8 sections stratified on their injury at 40 um, 2 passes at 200 mm/s):"
echo
echo "| set depth $header"
echo "|---|---|---|---|---|---|---|"
for depth in 0.25 0.5 1.0 1.5 2.0 2.5; do
  run "$depth mm" --set device.set_depth_mm="$depth" --set simulate.section_on_channel=false \
    --set simulate.sections=8 --set simulate.spacing_um=40
done
fi
header="| redness downtime (d) | papillary collagen, day 28 (%) | papillary collagen, day 90 (%) | reticular collagen, day 90 (%) | papillary elastin, day 90 (%) | punctures on grid |"
echo
echo "Passes at 1.5 mm, 40 mm/s (8 sections over the area at 40 um):"
echo
echo "| passes $header"
echo "|---|---|---|---|---|---|---|"
for passes in 1 2 3 4 6 8; do
  run "$passes" --set protocol.passes="$passes" --set protocol.hand_speed_mm_per_s=40 \
    --set simulate.section_on_channel=false --set simulate.sections=8 --set simulate.spacing_um=40
done
