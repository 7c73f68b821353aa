#!/usr/bin/env bash
# The TCP echo benchmark: for each server (ours on the NIO backend and on io_uring, Netty 4.2 on NIO
# and on io_uring, and Node's net when node is on PATH), start it in a process of its own, run the
# same Netty client against it (50 connections x 64 B ping-pong by default) and print one JSON line
# per server, with its round trips/s and its CPU time per round trip (user and system apart).
# Usage: bench/echo.sh [--connections N] [--size N] [--warmup S] [--seconds S]
# JAR picks the benchmarks jar (default loop-bench/target/benchmarks.jar), SERVERS which servers
# run (default "loop loop-io_uring netty-nio netty-io_uring node"), e.g. to compare two builds of ours:
#   JAR=before.jar SERVERS=loop bench/echo.sh; JAR=after.jar SERVERS=loop bench/echo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
JAR=${JAR:-loop-bench/target/benchmarks.jar}
SERVERS=${SERVERS:-loop loop-io_uring netty-nio netty-io_uring node}
[[ -f "$JAR" ]] || ./mvnw -q -B install -DskipTests -pl loop-bench -am
JVM=(-Xms1g -Xmx1g --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

CLIENT=dev.loop.bench.EchoClient
. bench/run-against.sh

CLIENT_ARGS=("$@")
if [[ " $SERVERS " == *" loop "* ]]; then
  run_against loop "$JAVA" "${JVM[@]}" -Ddev.loop.io.backend=nio -cp "$JAR" dev.loop.bench.EchoServer --impl loop
fi
if [[ " $SERVERS " == *" loop-io_uring "* ]]; then
  run_against loop-io_uring "$JAVA" "${JVM[@]}" -Ddev.loop.io.backend=io_uring -cp "$JAR" dev.loop.bench.EchoServer --impl loop
fi
if [[ " $SERVERS " == *" netty-nio "* ]]; then
  run_against netty-nio "$JAVA" "${JVM[@]}" -cp "$JAR" dev.loop.bench.EchoServer --impl netty
fi
if [[ " $SERVERS " == *" netty-io_uring "* ]]; then
  run_against netty-io_uring "$JAVA" "${JVM[@]}" -cp "$JAR" dev.loop.bench.EchoServer --impl netty-io_uring
fi
if [[ " $SERVERS " == *" node "* ]] && command -v node > /dev/null; then
  run_against node node bench/node/echo-server.js
fi
