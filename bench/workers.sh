#!/usr/bin/env bash
# Workers side by side: dev.loop.bench.WorkerBench (ours and the floor) and bench/node/workers.js
# (Node's worker_threads), one process per case, alternating, ROUNDS times. Prints JSON lines.
# Usage: bench/workers.sh [ROUNDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
. bench/bench-jar.sh
JFLAGS=(-Xms1g -Xmx1g -cp "$JAR")
for round in $(seq "$ROUNDS"); do
  for c in ping-pong throughput atomics buffer-transfer buffer-clone; do
    "$JAVA" "${JFLAGS[@]}" dev.loop.bench.WorkerBench --case "$c" 2>/dev/null
    # Node copies its {seq, text} object: the copied cases carry a Map, the same work.
    if [[ $c == ping-pong || $c == throughput ]]; then
      "$JAVA" "${JFLAGS[@]}" dev.loop.bench.WorkerBench --case "$c-copied" 2>/dev/null
    fi
    if command -v node > /dev/null; then node bench/node/workers.js --case "$c"; fi
  done
  for c in floor-ping-pong floor-throughput; do
    "$JAVA" "${JFLAGS[@]}" dev.loop.bench.WorkerBench --case "$c"
  done
done
