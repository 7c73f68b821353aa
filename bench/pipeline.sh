#!/usr/bin/env bash
# A 200 MiB file-to-file pipeline, ours (dev.loop.bench.PipelineBench) against Node's stream.pipeline
# (bench/node/pipeline.js), alternating, ROUNDS processes each: 3 warm-up copies, then 7 timed ones.
# Prints a JSON line per copy, then per round the two medians of the timed copies and their ratio.
# Usage: bench/pipeline.sh [ROUNDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
COPIES=7
WARMUP=3
. bench/bench-jar.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for round in $(seq "$ROUNDS"); do
  "$JAVA" -Xms1g -Xmx1g -cp "$JAR" dev.loop.bench.PipelineBench "$WORK/source.bin" "$WORK/target.bin" $COPIES $WARMUP \
    | sed "s/^{/{\"round\":$round,/" | tee -a "$WORK/copies.jsonl"
  if command -v node > /dev/null; then
    node bench/node/pipeline.js "$WORK/source.bin" "$WORK/target.bin" $COPIES $WARMUP \
      | sed "s/^{/{\"round\":$round,/" | tee -a "$WORK/copies.jsonl"
  fi
done
python3 - "$WORK/copies.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
ratios = []
for r in sorted({row["round"] for row in rows}):
    med = {side: statistics.median(x["mib_per_s"] for x in rows if x["round"] == r and x["side"] == side and not x["warmup"])
           for side in ("loop", "node") if any(x["round"] == r and x["side"] == side for x in rows)}
    alloc = [x["alloc_bytes_per_chunk"] for x in rows if x["round"] == r and x["side"] == "loop" and not x["warmup"]]
    line = {"summary": "round", "round": r, "loop_mib_per_s": med["loop"], "alloc_bytes_per_chunk": statistics.median(alloc)}
    if "node" in med:
        line["node_mib_per_s"] = med["node"]
        line["ratio"] = round(med["loop"] / med["node"], 2)
        ratios.append(line["ratio"])
    print(json.dumps(line))
if ratios:
    print(json.dumps({"summary": "all", "median_ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}))
PY
