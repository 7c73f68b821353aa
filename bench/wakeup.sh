#!/usr/bin/env bash
# Wake-up round trip to a sleeping loop with an I/O backend attached (WakeupLatencyBenchmark, p50):
# the NIO backend (a selector wake-up), io_uring's IORING_OP_MSG_RING wake-up, and its eventfd
# fallback (-Ddev.loop.io.uring.wakeup=eventfd), and the park/unpark floor. One JMH fork per
# contestant per round, the rounds alternating, so noise hits all alike.
# Results: bench/results/wakeup-<stamp>/. Usage: bench/wakeup.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-jar.sh
ROUNDS=${1:-3}
OUT=bench/results/wakeup-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
run() { # name contestant [jvm property]
  local name=$1 contestant=$2 extra=${3:-}
  "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$JAR" -f 1 -wi 3 -i 5 -w 1s -r 1s \
      -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED $extra" -p contestant="$contestant" -rf json -rff "$OUT/$name-$round.json" \
      'WakeupLatencyBenchmark' > "$OUT/$name-$round.log" 2>&1
  python3 - "$OUT/$name-$round.json" "$name" "$round" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]['primaryMetric']
print(f"round {sys.argv[3]}  {sys.argv[2]:<22} p50 {r['scorePercentiles']['50.0']:.2f} us  p99 {r['scorePercentiles']['99.0']:.2f} us")
PY
}
for round in $(seq 1 "$ROUNDS"); do
  run nio loop-io
  run io_uring-msg_ring loop-io-uring
  run io_uring-eventfd loop-io-uring -Ddev.loop.io.uring.wakeup=eventfd
  run park-unpark park-unpark
done | tee "$OUT/summary.txt"
