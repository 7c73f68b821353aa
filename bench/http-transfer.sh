#!/usr/bin/env bash
# Uploads and downloads through HTTP with pipeline at both ends, ours (dev.loop.bench.HttpTransferBench)
# against Node's http and stream.pipeline (bench/node/http-transfer.js), server and client in one
# process on each side, alternating, ROUNDS processes each: 2 warm-up transfers of 256 MiB each way,
# then 3 timed ones of MiB (1024) each way. Prints a JSON line per transfer, then per round and case
# the two medians and their ratio, then the median ratio per case.
# Usage: bench/http-transfer.sh [ROUNDS] [MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MIB=${2:-1024}
. bench/bench-jar.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for round in $(seq "$ROUNDS"); do
  "$JAVA" -Xms1g -Xmx1g -cp "$JAR" dev.loop.bench.HttpTransferBench "$MIB" 3 2 \
    | sed "s/^{/{\"round\":$round,/" | tee -a "$WORK/transfers.jsonl"
  if command -v node > /dev/null; then
    node bench/node/http-transfer.js "$MIB" 3 2 | sed "s/^{/{\"round\":$round,/" | tee -a "$WORK/transfers.jsonl"
  fi
done
python3 bench/summarize.py "$WORK/transfers.jsonl"
