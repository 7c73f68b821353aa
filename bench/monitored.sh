#!/usr/bin/env bash
# The cost of monitoring a loop as production does (issue 20): the immediate chain and cross-thread
# execute on a plain loop against the same with a delay histogram enabled at 10 ms (utilisation is
# always kept), in one build, ROUNDS rounds of both in one JMH run each. Prints, per pair, the
# per-round ratio monitored/plain, their median and min..max. Results: bench/results/monitored-<stamp>/.
#
# Usage: bench/monitored.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
OUT=bench/results/monitored-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
./mvnw -q -B -o package -DskipTests -pl loop-bench -am
cp loop-bench/target/benchmarks.jar "$OUT/benchmarks.jar"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$OUT/benchmarks.jar" -f 1 -wi 5 -i 5 -w 1s -r 2s \
      -p contestant=loop,loop-monitored -rf json -rff "$OUT/round-$round.json" \
      'CrossThreadSubmitBenchmark|ImmediateChainBenchmark\.loop(Monitored)?$' > "$OUT/round-$round.log" 2>&1
  grep -E '^[A-Za-z]+Benchmark\.' "$OUT/round-$round.log"
done
grep -m1 "model name" /proc/cpuinfo | sed 's/^/cpu: /'
python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
pairs = {  # monitored name -> plain name
    "ImmediateChainBenchmark.loopMonitored": "ImmediateChainBenchmark.loop",
    "CrossThreadSubmitBenchmark.oneProducer [loop-monitored]": "CrossThreadSubmitBenchmark.oneProducer [loop]",
    "CrossThreadSubmitBenchmark.twoProducers [loop-monitored]": "CrossThreadSubmitBenchmark.twoProducers [loop]",
}
ratios = {k: [] for k in pairs}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "round-*.json"))):
    scores = {}
    for row in json.load(open(path)):
        name = row["benchmark"].replace("dev.loop.bench.", "")
        if "contestant" in (row.get("params") or {}):
            name += " [" + row["params"]["contestant"] + "]"
        scores[name] = row["primaryMetric"]["score"]
    for monitored, plain in pairs.items():
        if monitored in scores and plain in scores:
            ratios[monitored].append(scores[monitored] / scores[plain])
print("| pair | monitored/plain, median (min..max) over rounds |")
print("|---|---|")
for monitored, values in ratios.items():
    if values:
        print(f"| {monitored} | {statistics.median(values):.3f} ({min(values):.3f}..{max(values):.3f}) |")
PY
