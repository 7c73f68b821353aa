# Sourced by the bench scripts that run loop-bench's main classes: JAVA (JAVA_HOME's, else the
# project machines' Temurin 25) and JAR (built if missing). Run from the repository root.
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=${JAR:-loop-bench/target/benchmarks.jar}
[[ -f "$JAR" ]] || ./mvnw -q -B install -DskipTests -pl loop-bench -am
