#!/usr/bin/env bash
# A 200 MiB file-to-file pipeline, ours (dev.loop.bench.PipelineBench) against Node's stream.pipeline
# (bench/node/pipeline.js), alternating, ROUNDS processes each of 5 timed copies. Prints JSON lines.
# Usage: bench/pipeline.sh [ROUNDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
. bench/bench-jar.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for round in $(seq "$ROUNDS"); do
  "$JAVA" -Xms1g -Xmx1g -cp "$JAR" dev.loop.bench.PipelineBench "$WORK/source.bin" "$WORK/target.bin" 5
  if command -v node > /dev/null; then node bench/node/pipeline.js "$WORK/source.bin" "$WORK/target.bin" 5; fi
done
