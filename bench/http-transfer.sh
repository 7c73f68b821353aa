#!/usr/bin/env bash
# 1 GiB up and 1 GiB down through HTTP, ours (dev.loop.bench.HttpTransferBench) against Node's http
# (bench/node/http-transfer.js), server and client in one process on each side, alternating,
# ROUNDS rounds. Prints JSON lines.   Usage: bench/http-transfer.sh [ROUNDS] [MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MIB=${2:-1024}
. bench/bench-jar.sh
for round in $(seq "$ROUNDS"); do
  "$JAVA" -Xms1g -Xmx1g -cp "$JAR" dev.loop.bench.HttpTransferBench "$MIB"
  if command -v node > /dev/null; then node bench/node/http-transfer.js "$MIB"; fi
done
