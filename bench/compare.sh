#!/usr/bin/env bash
# Measures a change: builds loop-bench at REV (default: the first parent of HEAD's branch point
# given) and at the working tree, then runs the same JMH benchmarks and TimerLateness on both,
# alternating A B A B so that machine noise hits both alike. Results: bench/results/compare-<stamp>/.
#
# Usage: bench/compare.sh REV [JMH regexp] [rounds]
#   e.g. bench/compare.sh 35243c9 'TimerBenchmark.loop|ImmediateChain.*loop|TickChain.*Chain' 2
# JMH_ARGS adds JMH options to every run, e.g. JMH_ARGS='-p contestant=loop,netty-nio'.
set -euo pipefail

cd "$(dirname "$0")/.."
REV=${1:?usage: bench/compare.sh REV [JMH regexp] [rounds]}
REGEXP=${2:-'TimerBenchmark\.loop$|ImmediateChainBenchmark\.loop$|TickChainBenchmark'}
ROUNDS=${3:-2}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
OUT=bench/results/compare-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

BEFORE=$(mktemp -d)
git worktree add -q --detach "$BEFORE" "$REV"
trap 'git worktree remove --force "$BEFORE"' EXIT
# A benchmark added with the change is measured on both sides: it only calls the public API.
for f in loop-bench/src/main/java/dev/loop/bench/*.java; do
  [[ -e "$BEFORE/$f" ]] || cp "$f" "$BEFORE/$f"
done
echo "== building $REV in $BEFORE"
(cd "$BEFORE" && ./mvnw -q -B -o package -DskipTests -pl loop-bench -am)
cp "$BEFORE/loop-bench/target/benchmarks.jar" "$OUT/before.jar"
echo "== building the working tree"
./mvnw -q -B -o package -DskipTests -pl loop-bench -am
cp loop-bench/target/benchmarks.jar "$OUT/after.jar"

for round in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    echo "== round $round: $side"
    "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$OUT/$side.jar" -f 1 -wi 5 -i 5 -w 1s -r 2s \
        -rf json -rff "$OUT/$side-$round.json" ${JMH_ARGS:-} "$REGEXP" > "$OUT/$side-$round.log" 2>&1
    grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' "$OUT/$side-$round.log" | sed "s/^/$side $round  /"
    "$JAVA" -Xms2g -Xmx2g --sun-misc-unsafe-memory-access=allow -cp "$OUT/$side.jar" \
        dev.loop.bench.TimerLateness --timers 1000000 2>&1 | grep '"contestant":"loop"' | sed "s/^/$side $round  lateness /" || true
  done
done
