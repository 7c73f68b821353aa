#!/usr/bin/env bash
# An Atomics ping-pong (store, notify, wait for the answer) across processes, against the same
# ping-pong between two workers and against Node's IPC round trip (child_process.fork, a message
# there and back). One process per case, alternating, ROUNDS times; JSON lines, then the medians.
# Usage: bench/atomics.sh [ROUNDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
. bench/bench-jar.sh
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for round in $(seq "$ROUNDS"); do
  "$JAVA" -Xms512m -Xmx512m --enable-native-access=ALL-UNNAMED -Ddev.loop.io.backend=nio -cp "$JAR" \
      dev.loop.bench.ProcessBench --case atomics --transport ring 2>/dev/null | tee -a "$OUT"
  "$JAVA" -Xms1g -Xmx1g -cp "$JAR" dev.loop.bench.WorkerBench --case atomics 2>/dev/null | tee -a "$OUT"
  if command -v node > /dev/null; then node bench/node/process.js --case rtt | tee -a "$OUT"; fi
done
python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
def p50s(side, case):
    return [r['p50_us'] for r in rows if r.get('case') == case and r.get('side', '').startswith(side)]
procs, workers, node = p50s('loop-ring', 'atomics'), p50s('loop', 'atomics'), p50s('node', 'rtt')
workers = [r['p50_us'] for r in rows if r.get('case') == 'atomics' and r.get('side') != 'loop-ring']
for name, xs in (('processes, Atomics', procs), ('workers, Atomics', workers), ('Node IPC round trip', node)):
    if xs:
        print(f"{name:<22} p50 us per round: {', '.join(f'{x:.2f}' for x in xs)}; median {statistics.median(xs):.2f}")
if procs and node:
    ratios = [p / n for p, n in zip(procs, node)]
    print(f"processes / Node IPC: {', '.join(f'{r:.3f}' for r in ratios)}; median {statistics.median(ratios):.3f} (target <= 0.1)")
if procs and workers:
    ratios = [p / w for p, w in zip(procs, workers)]
    print(f"processes / workers:  {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}")
PY
