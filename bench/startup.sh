#!/usr/bin/env bash
# Time from `java` to a script's first callbacks (dev.loop.examples.Startup), cold and with a JDK 25
# AOT cache made by a training run of the same program (the README's recipe), and Node on the same
# script (bench/node/startup.js) when node is on the PATH.
# Usage: bench/startup.sh [RUNS]   (default 7; prints each run's JSON line, then the medians)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[[ -f loop-examples/target/loop-examples-0.1.0-SNAPSHOT.jar ]] || ./mvnw -q -B install -DskipTests -pl loop-examples -am
MP=$(./mvnw -q -B -o dependency:build-classpath -pl loop-examples -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime):loop-examples/target/loop-examples-0.1.0-SNAPSHOT.jar
MAIN=(-p "$MP" --add-modules dev.loop.core -m dev.loop.examples/dev.loop.examples.Startup)
AOT=$(mktemp -d)/startup.aot
run() { "$JAVA" "$@" "${MAIN[@]}" "$(date +%s%N)"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== cold"
cold=$(for i in $(seq "$RUNS"); do run; done | tee /dev/stderr)
echo "== training run (writes $AOT)"
run -XX:AOTCacheOutput="$AOT" > /dev/null 2>&1
echo "== with the AOT cache"
warm=$(for i in $(seq "$RUNS"); do run -XX:AOTCache="$AOT"; done | tee /dev/stderr)
node_runs=""
if command -v node > /dev/null; then
  echo "== Node"
  node_runs=$(for i in $(seq "$RUNS"); do node bench/node/startup.js "$(date +%s%N)"; done | tee /dev/stderr)
fi
for label in cold warm node_runs; do
  [[ -n "${!label}" ]] || continue
  lines=${!label}
  entry=$(grep -o '"entry_ms":[0-9.]*' <<< "$lines" | cut -d: -f2 | median)
  first=$(grep -o '"first_immediate_ms":[0-9.]*' <<< "$lines" | cut -d: -f2 | median)
  echo "{\"run\":\"$label\",\"runs\":$RUNS,\"entry_ms_median\":$entry,\"first_immediate_ms_median\":$first}"
done
