#!/usr/bin/env python3
"""Fit the erythema index's free parameters (load length l_I, macrophage weight R_M, visible
threshold theta_vis) to the redness downtime by depth, from the time series of finished runs.

The index is a function of three area means that every timeseries.csv holds
(erythema.column_damage_um, erythema.column_inflammation_um, erythema.new_vessel_blood;
docs/model.md, "Erythema index"), so no run is repeated: each candidate is evaluated on the saved
series. Usage:
    scripts/fit_redness.py DEPTH_MM=RUN_DIR[:LOW-HIGH] ...
e.g. 0.5=runs/d05:1.5-3.5 1.5=runs/d15:3.5-5.5 2.0=runs/d20:5.5-7.5 0.25=runs/d025:1-99
Prints the best candidates (windows missed by the least, then the margin to the window edges).
"""
import csv
import itertools
import math
import sys

DILATION_GAIN = 1.5   # a_dil, held at its estimate
PERFUSION = 0.1       # phi, held at its estimate
INDEX_SCALE = 100.0   # kappa_EI


def series(run_dir):
    rows = list(csv.DictReader(open(f"{run_dir}/timeseries.csv")))
    return [(float(r["t_days"]), float(r["erythema.column_damage_um"]), float(r["erythema.column_inflammation_um"]),
             float(r["erythema.new_vessel_blood"])) for r in rows]


def index(row, load_length, per_damage):
    _, damage, inflammation, new_vessels = row
    load = (damage + inflammation / per_damage) / load_length
    return INDEX_SCALE * (DILATION_GAIN * load / (1.0 + load) + PERFUSION * new_vessels)


def downtime(rows, load_length, per_damage, threshold):
    values = [index(r, load_length, per_damage) for r in rows]
    for n in range(len(values) - 1, -1, -1):
        if values[n] > threshold:
            if n + 1 == len(values):
                return rows[n][0]
            share = (values[n] - threshold) / (values[n] - values[n + 1])
            return rows[n][0] + share * (rows[n + 1][0] - rows[n][0])
    return 0.0


def main(args):
    cases = []
    for arg in args:
        depth, rest = arg.split("=", 1)
        run_dir, _, window = rest.partition(":")
        low, high = (float(x) for x in window.split("-")) if window else (0.0, math.inf)
        cases.append((float(depth), series(run_dir), low, high))
    results = []
    load_lengths = [0.5 * 1.25 ** k for k in range(30)]
    per_damages = [10.0 * 1.5 ** k for k in range(24)]
    thresholds = [0.5 * k for k in range(1, 121)]
    for load_length, per_damage, threshold in itertools.product(load_lengths, per_damages, thresholds):
        times = [downtime(rows, load_length, per_damage, threshold) for _, rows, _, _ in cases]
        miss = sum(max(0.0, low - t, t - high) for t, (_, _, low, high) in zip(times, cases))
        margin = min(min(t - low, high - t) for t, (_, _, low, high) in zip(times, cases))
        results.append((miss, -margin, load_length, per_damage, threshold, times))
    results.sort()
    print("miss_days margin_days l_I_um R_M theta_vis | downtime by depth " + " ".join(f"{c[0]}mm" for c in cases))
    for miss, neg_margin, load_length, per_damage, threshold, times in results[:10]:
        print(f"{miss:.2f} {-neg_margin:.2f} {load_length:.3g} {per_damage:.3g} {threshold:.3g} | "
              + " ".join(f"{t:.2f}" for t in times))


if __name__ == "__main__":
    main(sys.argv[1:])
