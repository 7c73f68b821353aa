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
python3 bench/summarize.py "$WORK/copies.jsonl"
