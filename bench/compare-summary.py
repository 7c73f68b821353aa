#!/usr/bin/env python3
"""Summarizes a bench/compare.sh run: per benchmark (and contestant), the median of the rounds on
each side with the spread (min..max), and after/before as a ratio of the medians.

Usage: python3 bench/compare-summary.py bench/results/compare-STAMP
Standard library only.
"""

import glob
import json
import os
import statistics
import sys


def scores(directory, side):
    found = {}
    for path in sorted(glob.glob(os.path.join(directory, side + "-*.json"))):
        with open(path) as f:
            for row in json.load(f):
                name = row["benchmark"].replace("dev.loop.bench.", "")
                params = row.get("params") or {}
                if "contestant" in params:
                    name += " [" + params["contestant"] + "]"
                metric = row["primaryMetric"]
                if row["mode"] == "sample":
                    value, unit = metric["scorePercentiles"]["50.0"], metric["scoreUnit"] + " p50"
                else:
                    value, unit = metric["score"], metric["scoreUnit"]
                found.setdefault(name, (unit, []))[1].append(value)
    return found


def main():
    directory = sys.argv[1]
    before, after = scores(directory, "before"), scores(directory, "after")
    print("| benchmark | unit | before: median (min..max) | after: median (min..max) | after/before |")
    print("|---|---|---|---|---|")
    for name in sorted(before):
        if name not in after:
            continue
        unit, b = before[name]
        a = after[name][1]
        mb, ma = statistics.median(b), statistics.median(a)
        fmt = (lambda v: f"{v / 1e6:.1f}M") if "ops/s" in unit else (lambda v: f"{v:.2f}")
        print(f"| {name} | {unit} | {fmt(mb)} ({fmt(min(b))}..{fmt(max(b))}) | {fmt(ma)} ({fmt(min(a))}..{fmt(max(a))}) "
              f"| {ma / mb:.2f} |")


if __name__ == "__main__":
    main()
