#!/usr/bin/env bash
# What a course adds: the default example's protocol (1.5 mm pen-12, 2 brisk passes on the cheek)
# given 1, 2, 3 and 5 times 28 days apart, read 180 days after the first session, and Lotfi 2013's
# protocol (five monthly 1.5 mm roller sessions, data/literature.md) read a month after the last.
# Each run is 8 sections stratified on their injury at 40 um with daily samples (docs/simulate.md,
# "Courses"). Prints one Markdown row per case (docs/validation.md, "Courses"). About 2 minutes on
# 2 cores. Usage: scripts/course_response.sh [BINARY] (default build/ci/bin/skintwin).
# Environment: THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/ci/bin/skintwin}"
threads="${THREADS:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

run_case() {  # label, example, then simulate arguments
  local label="$1" example="$2"
  shift 2
  rm -rf "$out/run"
  OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=passive "$bin" simulate "$example" -o "$out/run" --quiet \
    --set simulate.fields_every_days=0 --set simulate.section_on_channel=false --set simulate.sections=8 \
    --set simulate.spacing_um=40 --set simulate.output_every_days=1 \
    "$@" >/dev/null 2>&1
  python3 - "$label" "$out/run/summary.json" <<'PY'
import json, sys
label, path = sys.argv[1], sys.argv[2]
s = json.load(open(path))
o = s["outcomes"]
change = o["layer_change"]
spread = s.get("spread", {})
def cell(key, value):
    text = f"{value:.1f}"
    if key in spread and spread[key]["members"] > 1:
        text += f" ± {spread[key].get('sem_stratified', spread[key]['sem']):.1f}"
    return text
sessions = s["sessions"]
row = [label, f"{o['final_day']:g}",
       cell("layer_change.papillary_dermis.collagen_total_pct", change["papillary_dermis"]["collagen_total_pct"]),
       cell("layer_change.reticular_dermis.collagen_total_pct", change["reticular_dermis"]["collagen_total_pct"]),
       cell("layer_change.papillary_dermis.elastin_pct", change["papillary_dermis"]["elastin_pct"]),
       " / ".join(f"{r['outcomes']['redness_downtime_days']:.1f}" for r in sessions),
       f"{o['redness_downtime_days']:.1f}",
       f"{s['wall_time_s']:.0f}"]
print("| " + " | ".join(row) + " |")
PY
}

echo "| course | read on day | papillary collagen (%) | reticular collagen (%) | papillary elastin (%) | redness per session (d) | redness, all sessions (d) | wall (s) |"
echo "|---|---|---|---|---|---|---|---|"
pen=examples/cheek_pen_1p5mm.toml
for n in 1 2 3 5; do
  run_case "$n x pen 1.5 mm, monthly" "$pen" --set course.sessions="$n" --set course.interval_days=28 \
    --set simulate.duration_days="$((180 - 28 * (n - 1)))"
done
run_case "Lotfi 2013: 5 x roller 1.5 mm, monthly" examples/roller_192.toml --set device.set_depth_mm=1.5 \
  --set course.sessions=5 --set course.interval_days=28 --set simulate.duration_days=28
