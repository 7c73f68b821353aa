#!/usr/bin/env bash
# Spawned commands side by side: dev.loop.bench.SpawnBench (on an Io.create() loop) and
# bench/node/spawn.js (Node's child_process), one process per case, alternating, ROUNDS times.
# Prints JSON lines.
# Usage: bench/spawn.sh [ROUNDS] [CASES]   (default 3, "exec-true cat")
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
CASES=${2:-exec-true cat}
. bench/bench-jar.sh
for round in $(seq "$ROUNDS"); do
  for c in $CASES; do
    "$JAVA" -Xms512m -Xmx512m --enable-native-access=ALL-UNNAMED -Ddev.loop.io.backend=nio -cp "$JAR" dev.loop.bench.SpawnBench --case "$c"
    if command -v node > /dev/null; then node bench/node/spawn.js --case "$c"; fi
  done
done
