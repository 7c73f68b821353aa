/**
 * JMH benchmarks of loop against the baselines a Java user would pick instead (Netty 4.2 event
 * loops, JDK executors, Netty's {@code HashedWheelTimer}) and against the floor (a bare JCTools
 * queue hand-off, a bare park/unpark ping-pong), in the same run so that ratios mean something:
 * the same work on both sides, on the same machine, at the same time.
 *
 * <p>One class per question; each states what it measures and how the measurement accounts for the
 * work actually done. {@code bench/run.sh} runs them all and prints the ratios against the targets.
 * The names in the {@code contestant} parameters are the ones {@link dev.loop.bench.Contestant}
 * starts.
 */
package dev.loop.bench;
