#!/usr/bin/env python3
"""Fit the cross-linking rate k_xl (model.rates.k_xl_per_min) so that the wound zone of a run has
recovered a given share of the tensile strength the session took, a given number of days after it
(docs/model.md, "Tensile strength"; docs/validation.md, "Tensile strength").

A larger k_xl can only recover more (new collagen I matures sooner), so a bisection on log k_xl
finds it. Each candidate is one run of `skintwin simulate` to that day (the config's sampling:
the default example pools 8 sections). Usage:
    scripts/fit_strength.py [--binary build/ci/bin/skintwin] [--config examples/cheek_pen_1p5mm.toml]
                            [--day 21] [--share 0.20]
Prints each candidate and the fitted rate, per minute and as a time constant in days.
"""
import argparse
import json
import math
import os
import subprocess
import tempfile


def recovery(args, k_xl):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([args.binary, "simulate", args.config, "-o", out, "--quiet", "--set",
                        f"simulate.duration_days={args.day:g}", "--set", "simulate.fields_every_days=0", "--set",
                        f"model.rates.k_xl_per_min={k_xl:.6g}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ, OMP_WAIT_POLICY="passive"))
        with open(f"{out}/summary.json") as f:
            return json.load(f)["outcomes"]["tensile_strength_wound"]["recovery"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="build/ci/bin/skintwin")
    parser.add_argument("--config", default="examples/cheek_pen_1p5mm.toml")
    parser.add_argument("--day", type=float, default=21.0, help="days after the session (default 21: 3 weeks)")
    parser.add_argument("--share", type=float, default=0.20, help="recovered share to reach (default 0.20)")
    args = parser.parse_args()
    low, high = 1e-7, 1e-3  # per minute: 1 / (19 years) to 1 / (17 hours)
    for _ in range(14):
        k = math.sqrt(low * high)
        r = recovery(args, k)
        print(f"k_xl {k:.4g} /min (1 / {1.0 / (k * 1440.0):.1f} days): recovery {r:.4f} on day {args.day:g}")
        low, high = (k, high) if r < args.share else (low, k)
    k = math.sqrt(low * high)
    print(f"fitted k_xl = {k:.3g} /min (1 / {1.0 / (k * 1440.0):.1f} days)")


if __name__ == "__main__":
    main()
