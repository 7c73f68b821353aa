#!/usr/bin/env python3
"""Summarises the JSON lines of a benchmark that runs both sides in ROUNDS processes each, with
warm-up lines marked "warmup": per round and case, the median of each side's timed figures and
their ratio (loop over node); then per case the median of the round ratios, with min and max.
Usage: summarize.py FILE [FIELD]   (FIELD: the figure to compare, mib_per_s by default)"""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
field = sys.argv[2] if len(sys.argv) > 2 else "mib_per_s"
timed = [r for r in rows if not r.get("warmup") and field in r]
ratios = {}
for case in dict.fromkeys(r["case"] for r in timed):
    for rnd in sorted({r["round"] for r in timed if r["case"] == case}):
        med = {side: statistics.median(r[field] for r in timed if r["case"] == case and r["round"] == rnd and r["side"] == side)
               for side in ("loop", "node") if any(r["case"] == case and r["round"] == rnd and r["side"] == side for r in timed)}
        line = {"summary": "round", "case": case, "round": rnd}
        line.update({f"{side}_{field}": value for side, value in med.items()})
        if "alloc_bytes_per_chunk" in timed[0]:
            line["alloc_bytes_per_chunk"] = statistics.median(
                r["alloc_bytes_per_chunk"] for r in timed if r["case"] == case and r["round"] == rnd and r["side"] == "loop")
        if len(med) == 2:
            line["ratio"] = round(med["loop"] / med["node"], 2)
            ratios.setdefault(case, []).append(line["ratio"])
        print(json.dumps(line))
for case, values in ratios.items():
    print(json.dumps({"summary": "all", "case": case, "median_ratio": statistics.median(values), "min": min(values), "max": max(values)}))
