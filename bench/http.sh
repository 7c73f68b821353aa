#!/usr/bin/env bash
# The HTTP keep-alive benchmark: for each server (loop-http on the NIO backend, Netty 4.2's HTTP
# codec on NIO, and Node's http when node is on PATH), start it in a process of its own, run the
# same Netty client against it (50 keep-alive connections, a small GET each, the next one sent when
# the whole response is in) and print one JSON line per server with requests/s, latency and the
# server's CPU per request.
# Usage: bench/http.sh [ROUNDS] [client options: --connections N --warmup S --seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-1}
shift || true
. bench/bench-jar.sh
JVM=(-Xms1g -Xmx1g --sun-misc-unsafe-memory-access=allow)

CLIENT=dev.loop.bench.HttpClientBench
. bench/run-against.sh

CLIENT_ARGS=("$@")
for round in $(seq "$ROUNDS"); do
  run_against loop "$JAVA" "${JVM[@]}" -cp "$JAR" dev.loop.bench.HttpServerBench --impl loop
  run_against netty "$JAVA" "${JVM[@]}" -cp "$JAR" dev.loop.bench.HttpServerBench --impl netty
  if command -v node > /dev/null; then run_against node node bench/node/http-server.js; fi
done
