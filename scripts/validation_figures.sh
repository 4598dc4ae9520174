#!/usr/bin/env bash
# Regenerates docs/figures/validation_cheek.png: the default example at 1.5 mm, and the same at
# 0.5 and 2.0 mm for the redness-by-depth panel, plotted against the targets of docs/validation.md.
# Needs a built skintwin (scripts/setup.sh) and Debian's matplotlib (apt-get install python3-matplotlib).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SKINTWIN:-build/ci/bin/skintwin}
out=build/validation-runs
mkdir -p "$out" docs/figures
export OMP_WAIT_POLICY=passive
# The calibration case (one section on a channel's axis) for the timeline panels ...
"$bin" simulate examples/cheek_pen_1p5mm.toml --quiet -o "$out/channel_1.5" --set protocol.indication=research
# ... and the redness by depth over the area, where it is calibrated (8 stratified sections).
for depth in 0.5 1.5 2.0; do
  "$bin" simulate examples/cheek_pen_1p5mm.toml --quiet -o "$out/area_$depth" \
    --set protocol.indication=research --set device.set_depth_mm=$depth --set simulate.duration_days=10 \
    --set simulate.section_on_channel=false --set simulate.sections=8 --set simulate.fields_every_days=0
done
/usr/bin/python3 scripts/plot_validation.py "$out/channel_1.5" docs/figures/validation_cheek.png \
  --depth-runs "$out/area_0.5" "$out/area_1.5" "$out/area_2.0"
echo "wrote docs/figures/validation_cheek.png"
