#!/usr/bin/env bash
# The same ProcessBench cases from two benchmark jars (before and after a change), alternating,
# ROUNDS times, one process per case: for a change to loop-process's channel.
# Usage: bench/process-compare.sh BEFORE.jar AFTER.jar [ROUNDS] [CASES]   (default 3, "rtt throughput")
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:?before jar}; AFTER=${2:?after jar}; ROUNDS=${3:-3}; CASES=${4:-rtt throughput}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
for round in $(seq "$ROUNDS"); do
  for c in $CASES; do
    for side in before after; do
      jar=$BEFORE; [[ $side == after ]] && jar=$AFTER
      printf '%s ' "$side"
      "$JAVA" -Xms512m -Xmx512m --enable-native-access=ALL-UNNAMED -Ddev.loop.io.backend=nio -cp "$jar" \
          dev.loop.bench.ProcessBench --case "$c" --transport ring 2>/dev/null
    done
  done
done
