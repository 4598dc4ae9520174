#!/usr/bin/env python3
"""Draw a `skintwin sensitivity` screening: for each outcome, every parameter's mu* (mean absolute
change of the outcome over the parameter's range) against sigma (the spread of that change:
interactions or non-linearity), the largest labelled.

Usage (Debian's matplotlib: apt-get install python3-matplotlib):
    /usr/bin/python3 scripts/plot_sensitivity.py DIR [OUT.png]      (default DIR/sensitivity.png)
"""
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NOTICE = "skintwin is a research and education tool, not a medical device."
LABELLED = 6


def read_table(path):
    with open(path) as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    by_outcome = {}
    for r in rows:
        by_outcome.setdefault(r["outcome"], []).append(r)
    return by_outcome


def main(args):
    if not args:
        sys.exit(__doc__)
    run_dir = args[0]
    out = args[1] if len(args) > 1 else f"{run_dir}/sensitivity.png"
    table = read_table(f"{run_dir}/sensitivity.csv")
    columns = min(2, len(table))
    lines = math.ceil(len(table) / columns)
    fig, axes = plt.subplots(lines, columns, figsize=(6.5 * columns, 4.8 * lines), squeeze=False)
    for ax, (outcome, rows) in zip(axes.flat, table.items()):
        mu_star = [float(r["mu_star"]) for r in rows]
        sigma = [float(r["sigma"]) for r in rows]
        ax.scatter(mu_star, sigma, s=14, color="tab:blue")
        moving = [r for r in rows if float(r["mu_star"]) > 0.0]
        for r in sorted(moving, key=lambda r: -float(r["mu_star"]))[:LABELLED]:
            ax.annotate(r["parameter"].split(".", 1)[1], (float(r["mu_star"]), float(r["sigma"])), fontsize=7,
                        xytext=(3, 3), textcoords="offset points")
        ax.set_title(outcome, fontsize=9)
        ax.set_xlabel("mu*: mean |change| over the parameter's range")
        ax.set_ylabel("sigma")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(table):]:
        ax.axis("off")
    fig.suptitle(f"Morris screening of {run_dir}\n{NOTICE}", fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
