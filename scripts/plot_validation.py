#!/usr/bin/env python3
"""Plot a `skintwin simulate` run against the literature targets of docs/validation.md.

Usage (Debian's matplotlib: apt-get install python3-matplotlib):
    /usr/bin/python3 scripts/plot_validation.py RUN_DIR OUT.png [--depth-runs DIR_0.5 DIR_1.5 DIR_2.0]

Shaded bands are the target windows the validation test asserts (issue 4; sources in
data/literature.md and docs/validation.md). The figure carries the not-a-medical-device notice.
"""
import csv
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NOTICE = "skintwin is a research and education tool, not a medical device."


def read_series(run_dir):
    with open(f"{run_dir}/timeseries.csv") as f:
        rows = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(rows)
    cols = {}
    for row in reader:
        for k, v in row.items():
            cols.setdefault(k, []).append(float(v))
    with open(f"{run_dir}/summary.json") as f:
        summary = json.load(f)
    return cols, summary


def panel(ax, t, y, title, ylabel, band_days=None, hline=None, note=None):
    ax.plot(t, y, color="C0", lw=1.8, label="model")
    if band_days:
        ax.axvspan(*band_days, color="C2", alpha=0.15, label="target window (peak day)")
    if hline is not None:
        ax.axhline(hline, color="grey", ls="--", lw=1)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("days after the session")
    ax.set_ylabel(ylabel)
    if note:
        ax.text(0.98, 0.95, note, transform=ax.transAxes, ha="right", va="top", fontsize=8)
    ax.grid(alpha=0.3)


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    run_dir, out = argv[1], argv[2]
    depth_runs = argv[argv.index("--depth-runs") + 1:] if "--depth-runs" in argv else []
    s, summary = read_series(run_dir)
    o = summary["outcomes"]
    t = s["t_days"]
    fig, axes = plt.subplots(3, 3, figsize=(14, 11))
    ax = axes.ravel()
    hours = [x * 24 for x in t]
    ax[0].plot(hours, s["closure_fraction"], color="C0", lw=1.8)
    ax[0].axvspan(2, 18, color="C2", alpha=0.15)
    ax[0].set_xlim(0, 48)
    ax[0].set_title("Epidermal closure of the channels (target 2-18 h)", fontsize=10)
    ax[0].set_xlabel("hours after the session")
    ax[0].set_ylabel("fraction of openings closed")
    ax[0].grid(alpha=0.3)
    panel(ax[1], t, s["wound.growth_factor"], "Growth factor, wound mean (peak days 1-3)", "G (normalised)",
          (0.5, 3), note=f"peak day {o['growth_factor_wound']['day']:.2f}")
    panel(ax[2], t, s["inflammation_ratio_wound"], "Inflammatory cells / healthy, wound (peak days 1-3)",
          "M / M healthy", (0.5, 3), hline=1.5, note=f"peak day {o['inflammation_ratio_wound']['day']:.2f}")
    panel(ax[3], t, s["fibroblast_ratio_wound"], "Fibroblasts / healthy, wound (peak near day 7)", "F / F healthy",
          (4, 10), note=f"peak day {o['fibroblast_ratio_wound']['day']:.2f}")
    panel(ax[4], t, [100 * x for x in s["collagen_iii_fraction_wound"]],
          "Collagen III share of collagen, wound (up to ~30 %)", "% collagen III", None, hline=30)
    panel(ax[5], t, s["wound.vessels"], "Vessel density, wound mean (peak days 7-14, ~baseline by 28)",
          "V (papillary healthy = 1)", (5, 16),
          note=f"peak {o['vessel_ratio_wound']['value']:.2f}x healthy at day {o['vessel_ratio_wound']['day']:.2f}")
    panel(ax[6], t, s["erythema_index"], "Erythema index around this channel (visible above the dashed line)",
          "ΔEI (%)", None, hline=o.get("redness_threshold"),
          note=f"{o['redness_downtime_days']:.1f} d here; the target (4-5 d) is over the area: last panel")
    collagen = [a + b for a, b in zip(s["wound.collagen_i"], s["wound.collagen_iii"])]
    panel(ax[7], t, collagen, "Total collagen, wound mean", "C (reticular healthy = 1)", None)
    if depth_runs:
        targets = {0: "1.5-3.5", 1: "3.5-5.5", 2: "5.5-7.5"}
        for i, d in enumerate(depth_runs):
            ds, dsum = read_series(d)
            depth = dsum["config"].get("device.set_depth_mm", "?")
            ax[8].plot(ds["t_days"], ds["erythema_index"], lw=1.5,
                       label=f"{depth} mm: {dsum['outcomes']['redness_downtime_days']:.1f} d (window {targets.get(i, '?')} d)")
        ax[8].axhline(o.get("redness_threshold"), color="grey", ls="--", lw=1)
        ax[8].set_xlim(0, 14)
        ax[8].set_title("Erythema over the area by set depth (targets 2-3, 4-5, 6-7 days)", fontsize=10)
        ax[8].set_xlabel("days after the session")
        ax[8].set_ylabel("ΔEI (%)")
        ax[8].legend(fontsize=7)
        ax[8].grid(alpha=0.3)
    else:
        ax[8].axis("off")
    fig.suptitle(f"1.5 mm pen session on the cheek: model vs literature targets\n{NOTICE}", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
