#!/usr/bin/env bash
# Courses on lesions: each lesion example (examples/course_*_3x.toml: ice-pick, boxcar, rolling,
# wrinkle, striae alba, melasma with a topical agent, and the ice-pick set deeper over the scar) as it stands, three sessions four weeks apart
# read 90 days after the last, 3D patches. Prints one Markdown row per example (docs/validation.md,
# "Lesions"): the floor's depth before and after, the fraction filled (scar_depth_reduction) after
# each session and at the end, the volume filled, the needles that landed on the lesion and reached
# its floor, the melanin excess removed and the agent's dose ratio (with / without needling) in the
# papillary dermis, and the wall time. About 28 minutes on 2 cores.
# Usage: scripts/lesion_response.sh [BINARY] [EXAMPLE...] (default build/ci/bin/skintwin, all).
# Environment: THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/ci/bin/skintwin}"
shift || true
threads="${THREADS:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
  examples=(examples/course_icepick_scar_pen_1p5mm_3x.toml examples/course_boxcar_scar_pen_1p5mm_3x.toml
            examples/course_rolling_scar_pen_1p5mm_3x.toml examples/course_wrinkle_forehead_pen_1mm_3x.toml
            examples/course_striae_alba_abdomen_pen_2mm_3x.toml examples/course_melasma_txa_pen_0p5mm_3x.toml
            examples/course_icepick_scar_pen_1mm_deeper_over_scar_3x.toml)
fi

echo "| example | lesion | floor depth before → after (µm) | filled after each session | filled at the end | volume filled | needles on it: reached the floor (mean depth below it, µm) | melanin excess removed | agent dose, needled / intact (papillary) | wall (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for example in "${examples[@]}"; do
  rm -rf "$out/run"
  OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=passive "$bin" simulate "$example" -o "$out/run" --quiet \
    --set simulate.fields_every_days=0 >/dev/null 2>&1
  python3 - "$example" "$out/run/summary.json" <<'PY'
import json, os, sys
example, path = sys.argv[1], sys.argv[2]
s = json.load(open(path))
o = s["outcomes"]
lesion = s["lesion"]
scar = o.get("scar")
pigment = o.get("pigment")
dose = o.get("delivered_dose", {}).get("papillary_dermis")
dash = "–"
def pct(x): return f"{100 * x:.0f} %"
each = " / ".join(pct(r["outcomes"]["scar_depth_reduction"]) for r in s["sessions"] if "scar_depth_reduction" in r["outcomes"])
needles = " / ".join(f"{r['lesion_needles']['reached_floor']} of {r['lesion_needles']['landed']} "
                     f"({r['lesion_needles']['mean_depth_below_floor_um']:.0f})" for r in s["sessions"])
row = [os.path.basename(example), f"{lesion['type']} {lesion['width_mm']:g} × {lesion['depth_mm']:g} mm",
       f"{scar['baseline_depth_um']:.0f} → {scar['depth_um']:.0f}" if scar else dash,
       each or dash, pct(scar["depth_reduction"]) if scar else dash, pct(scar["volume_reduction"]) if scar else dash,
       needles if scar else dash, pct(pigment["excess_reduction"]) if pigment else dash,
       f"{dose['ratio']:.0f} ×" if dose and dose.get("ratio") else dash, f"{s['wall_time_s']:.0f}"]
print("| " + " | ".join(row) + " |")
PY
done
