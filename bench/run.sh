#!/usr/bin/env bash
# Runs every loop-bench benchmark, TimerLateness and (when node is on PATH) the Node scripts, writes
# the results to bench/results/<stamp>/, and prints the ratio table (bench/report.py).
#
# Usage: bench/run.sh [--smoke] [JMH options...]
#   --smoke   minimal settings, about 3 minutes: proves that everything runs, measures nothing
#   anything else is passed to JMH, e.g. a benchmark regexp: bench/run.sh 'CrossThread'
# Sized for a 2-core machine: the full run takes about half an hour (three JMH forks per benchmark).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JDK25_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64
JAR=loop-bench/target/benchmarks.jar

SMOKE=0
JMH_EXTRA=()
for arg in "$@"; do
  if [[ "$arg" == "--smoke" ]]; then SMOKE=1; else JMH_EXTRA+=("$arg"); fi
done

java_major() { # prints the major version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

# A JDK 25 or newer: JAVA_HOME's, else the default java's, else Temurin 25 where this project's machines have it.
JAVA=""
for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" "$JDK25_DEFAULT/bin/java"; do
  if [[ -x "$candidate" ]] && (( $(java_major "$candidate" || echo 0) >= 25 )); then
    JAVA=$candidate
    break
  fi
done
if [[ -z "$JAVA" ]]; then
  echo "bench/run.sh needs a JDK 25 or newer; install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")

# Build when the jar is missing or older than any source or pom it is made from.
if [[ ! -f "$JAR" ]] || [[ -n "$(find pom.xml loop-api loop-core loop-io loop-workers loop-http loop-process loop-process-chronicle loop-value loop-bench -path '*/target' -prune -o -newer "$JAR" -type f -print -quit)" ]]; then
  echo "== building $JAR (JAVA_HOME=$JAVA_HOME)"
  ./mvnw -q -B install -DskipTests -pl loop-bench -am
fi

STAMP=$(date +%Y%m%d-%H%M%S)
if (( SMOKE )); then
  OUT=bench/results/smoke-$STAMP
  JMH_ARGS=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
  TIMERS=200000
  NODE_ARGS=(--warmup 1 --reps 3)
  NODE_TIMER_ARGS=(--warmup 1 --reps 2)
  FILE_ARGS=(--warmup 1 --reps 1)
  ECHO_ARGS=(--warmup 1 --seconds 2)
else
  OUT=bench/results/$STAMP
  JMH_ARGS=(-f 3 -wi 5 -i 5 -w 1s -r 2s) # three forks: the report gives the median of the three rounds
  TIMERS=1000000
  NODE_ARGS=(--warmup 10 --reps 15)
  NODE_TIMER_ARGS=(--warmup 3 --reps 5)
  FILE_ARGS=(--warmup 5 --reps 9)
  ECHO_ARGS=(--warmup 3 --seconds 10)
fi
mkdir -p "$OUT"
echo "== results go to $OUT"

# JMH 1.37 itself calls sun.misc.Unsafe (in this JVM and in every fork, whose flags are in @Fork).
echo "== JMH ${JMH_ARGS[*]} ${JMH_EXTRA[*]:-}"
"$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$JAR" "${JMH_ARGS[@]}" \
    -rf json -rff "$OUT/jmh.json" "${JMH_EXTRA[@]}" 2>&1 | tee "$OUT/jmh.log" \
  || echo "!! JMH failed; the report shows what it finished" >&2

echo "== TimerLateness --timers $TIMERS"
"$JAVA" -Xms2g -Xmx2g --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED \
    -cp "$JAR" dev.loop.bench.TimerLateness --timers "$TIMERS" | tee "$OUT/timer-lateness.jsonl" \
  || echo "!! TimerLateness failed" >&2

echo "== FileReads (Fs.readFile on the NIO backend)"
: > "$OUT/file-reads.jsonl"
for case in readFile100MiB concurrent1000x64KiB; do # a JVM each: the big reads' heap slows what follows
  for backend in nio io_uring; do
    "$JAVA" -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED -Ddev.loop.io.backend=$backend -cp "$JAR" dev.loop.bench.FileReads \
      "${FILE_ARGS[@]}" --case "$case" | tee -a "$OUT/file-reads.jsonl" || echo "!! FileReads $case on $backend failed" >&2
  done
done

echo "== TCP echo (bench/echo.sh: ours, Netty NIO and Node's net, each server in a process of its own)"
for round in $(seq $(( SMOKE ? 1 : 3 ))); do # rounds, each server in turn: the report pairs them
  bash bench/echo.sh "${ECHO_ARGS[@]}" | tee -a "$OUT/tcp-echo.jsonl" || echo "!! echo.sh failed" >&2
done

echo "== Workers (bench/workers.sh: ours, the JCTools-plus-park floor and, with node, worker_threads)"
bash bench/workers.sh $(( SMOKE ? 1 : 3 )) | tee "$OUT/workers.jsonl" || echo "!! workers.sh failed" >&2

echo "== Forked children (bench/process.sh: the ring, Chronicle and, with node, child_process.fork)"
bash bench/process.sh $(( SMOKE ? 1 : 3 )) | tee "$OUT/process.jsonl" || echo "!! process.sh failed" >&2
echo "== Atomics ping-pong across processes (bench/atomics.sh: against workers and, with node, Node's IPC round trip)"
bash bench/atomics.sh $(( SMOKE ? 1 : 3 )) | tee "$OUT/atomics.txt" || echo "!! atomics.sh failed" >&2
echo "== Cross-thread wake-up of an I/O loop (bench/wakeup.sh: NIO, io_uring's MSG_RING and eventfd)"
bash bench/wakeup.sh $(( SMOKE ? 1 : 3 )) | tee "$OUT/wakeup.txt" || echo "!! wakeup.sh failed" >&2
echo "== Monitoring's cost (bench/monitored.sh: the immediate chain and cross-thread execute with a delay histogram on, against off)"
bash bench/monitored.sh $(( SMOKE ? 1 : 3 )) | tee "$OUT/monitored.txt" || echo "!! monitored.sh failed" >&2
echo "== Spawned commands (bench/spawn.sh: execFile and a cat pipe, with node, child_process)"
bash bench/spawn.sh $(( SMOKE ? 1 : 3 )) | tee "$OUT/spawn.jsonl" || echo "!! spawn.sh failed" >&2

echo "== HTTP keep-alive (bench/http.sh: loop-http, Netty's HTTP codec and, with node, Node's http)"
bash bench/http.sh $(( SMOKE ? 1 : 3 )) "${ECHO_ARGS[@]}" | tee "$OUT/http.jsonl" || echo "!! http.sh failed" >&2
echo "== HTTP upload and download through pipeline (bench/http-transfer.sh, with node)"
bash bench/http-transfer.sh $(( SMOKE ? 1 : 3 )) $(( SMOKE ? 64 : 1024 )) | tee "$OUT/http-transfer.jsonl" \
  || echo "!! http-transfer.sh failed" >&2
echo "== File-to-file pipeline (bench/pipeline.sh, with node)"
bash bench/pipeline.sh $(( SMOKE ? 1 : 3 )) | tee "$OUT/pipeline.jsonl" || echo "!! pipeline.sh failed" >&2

if command -v node > /dev/null; then
  echo "== Node.js $(node --version)"
  node bench/node/file-reads.js "${FILE_ARGS[@]}" | tee -a "$OUT/file-reads.jsonl" || echo "!! file-reads.js failed" >&2
  : > "$OUT/node.jsonl"
  for round in $(seq $(( SMOKE ? 1 : 3 ))); do # rounds, as the JMH forks: the report takes the median
    for script in immediate-chain tick-chain promise-chain; do
      node "bench/node/$script.js" "${NODE_ARGS[@]}" | tee -a "$OUT/node.jsonl" || echo "!! $script.js failed" >&2
    done
  done
  node --max-old-space-size=4096 bench/node/timers.js --timers "$TIMERS" "${NODE_TIMER_ARGS[@]}" \
    | tee -a "$OUT/node.jsonl" || echo "!! timers.js failed" >&2
else
  echo "== node not on PATH: the Node.js comparisons are skipped"
fi

echo
REPORT_ARGS=(--jmh-args "${JMH_ARGS[*]} ${JMH_EXTRA[*]:-}")
if (( SMOKE )); then REPORT_ARGS+=(--smoke); fi
python3 bench/report.py "$OUT" "${REPORT_ARGS[@]}" | tee "$OUT/report.txt"
