#!/usr/bin/env bash
# Forked children side by side: dev.loop.bench.ProcessBench on each transport (the ring, Chronicle)
# and bench/node/process.js (Node's child_process.fork), one process per case, alternating,
# ROUNDS times. Prints JSON lines.
# Usage: bench/process.sh [ROUNDS] [CASES]   (default 3, "startup startup-aot pool-startup pool-idle
# rtt idle-rtt throughput"; startup-aot and the pool cases have no Node run of their own: their
# counterpart is Node's startup). AOT caches go to a fresh directory per run (AOT_DIR).
AOT_DIR=$(mktemp -d)
trap 'rm -rf "$AOT_DIR"' EXIT
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
CASES=${2:-startup startup-aot pool-startup pool-idle rtt idle-rtt throughput}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=loop-bench/target/benchmarks.jar
[[ -f "$JAR" ]] || ./mvnw -q -B install -DskipTests -pl loop-bench -am
# Chronicle's flags (the children get them from the launcher), and native access for the futex.
JFLAGS=(-Xms512m -Xmx512m --enable-native-access=ALL-UNNAMED -Ddev.loop.io.backend=nio
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Ddev.loop.process.aotCacheDir="$AOT_DIR" -cp "$JAR")
for round in $(seq "$ROUNDS"); do
  for c in $CASES; do
    for t in ring chronicle; do
      "$JAVA" "${JFLAGS[@]}" dev.loop.bench.ProcessBench --case "$c" --transport "$t"
    done
    if [[ $c != pool-* && $c != startup-aot ]] && command -v node > /dev/null; then node bench/node/process.js --case "$c"; fi
  done
done
