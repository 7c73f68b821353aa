#!/usr/bin/env python3
"""Prints the loop-bench report: one table of "ours / baseline" ratios against the targets.

Reads what bench/run.sh wrote into one results directory:
  jmh.json            JMH's JSON result file (-rf json)
  timer-lateness.jsonl  TimerLateness's lines
  node.jsonl          the Node scripts' lines (optional: missing when node is not installed)
Usage: python3 bench/report.py RESULTS_DIR [--jmh-args "..."] [--smoke]
Standard library only.
"""

import argparse
import json
import os
import platform
import re
import sys

PKG = "dev.loop.bench."


def load_jsonl(path):
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    rows.append(json.loads(line))
    return rows


class Results:
    """Scores by (benchmark, contestant): JMH's, TimerLateness's and Node's."""

    def __init__(self, directory):
        self.directory = directory
        self.jmh = {}
        self.jmh_runs = []
        path = os.path.join(directory, "jmh.json")
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path) as f:
                self.jmh_runs = json.load(f)
        for run in self.jmh_runs:
            name = run["benchmark"].replace(PKG, "")
            contestant = run.get("params", {}).get("contestant")
            self.jmh[(name, contestant)] = run["primaryMetric"]
        self.lateness = {r["contestant"]: r for r in load_jsonl(os.path.join(directory, "timer-lateness.jsonl"))}
        self.http = [r for r in load_jsonl(os.path.join(directory, "http.jsonl")) if r.get("bench") == "httpKeepAlive"]
        self.summaries = {name: [r for r in load_jsonl(os.path.join(directory, name + ".jsonl")) if "summary" in r]
                          for name in ("http-transfer", "pipeline")}
        self.node = {}
        self.node_rounds = {}
        for row in load_jsonl(os.path.join(directory, "node.jsonl")):
            if row["bench"] == "timerLateness":
                self.lateness["node"] = row
            else:
                self.node[row["bench"]] = row
                self.node_rounds.setdefault(row["bench"], []).append(row["score"])

    def rounds(self, benchmark, contestant=None):
        """The score of each JMH fork (a round: the mean of its measured iterations), or the one score."""
        metric = self.jmh.get((benchmark, contestant))
        if metric is None:
            return []
        raw = metric.get("rawData") or []
        per_fork = [sum(fork) / len(fork) for fork in raw if fork]
        return per_fork or [metric["score"]]

    def score(self, benchmark, contestant=None):
        """The median of the rounds (JMH forks: bench/run.sh runs three), with their spread."""
        return figure(self.rounds(benchmark, contestant))

    def spread(self, benchmark, contestant=None):
        values = self.rounds(benchmark, contestant)
        return (min(values), max(values)) if len(values) > 1 else None

    def percentile(self, benchmark, contestant, p):
        metric = self.jmh.get((benchmark, contestant))
        if metric is None:
            return None
        return metric.get("scorePercentiles", {}).get(p)

    def node_score(self, bench):
        """The median of the Node script's runs (bench/run.sh runs each three times), with their spread."""
        return figure(self.node_rounds.get(bench, []))

    def node_spread(self, bench):
        values = self.node_rounds.get(bench, [])
        return (min(values), max(values)) if len(values) > 1 else None

    def http_rounds(self):
        """requests/s per server, one per round, in the order bench/http.sh ran them."""
        rounds = {}
        for row in self.http:
            rounds.setdefault(row["server"], []).append(row["requests_per_s"])
        return rounds

    def echo_rounds(self):
        """Per (server, field): one value per round of bench/echo.sh, in the order it ran them."""
        rounds = {}
        for row in load_jsonl(os.path.join(self.directory, "tcp-echo.jsonl")):
            for field in ("round_trips_per_s", "server_cpu_us_per_round_trip"):
                if field in row:
                    rounds.setdefault((row["server"], field), []).append(row[field])
        return rounds

    def file_read(self, contestant, case):
        """The median of FileReads' lines for one contestant and case."""
        return figure([row["median_ms"] for row in load_jsonl(os.path.join(self.directory, "file-reads.jsonl"))
                       if row.get("contestant") == contestant and row.get("case") == case])

    def summarized(self, name, case):
        """From a script that ends with bench/summarize.py: ours and Node's per-round medians, and the round ratios."""
        rows = [row for row in self.summaries.get(name, []) if row.get("summary") == "round" and row.get("case") == case]
        ours = [row["loop_mib_per_s"] for row in rows if "loop_mib_per_s" in row]
        node = [row["node_mib_per_s"] for row in rows if "node_mib_per_s" in row]
        return figure(ours), figure(node), [row["ratio"] for row in rows if "ratio" in row]

    def late(self, contestant, key):
        row = self.lateness.get(contestant)
        return None if row is None else row[key]


def fmt(value, unit=""):
    if value is None:
        return "n/a"
    spread = getattr(value, "spread", None)
    if spread is not None:
        return f"{fmt(float(value), unit)} ({fmt(spread[0])}..{fmt(spread[1])})"
    if abs(value) >= 1e6:
        text = f"{value / 1e6:.2f}M"
    elif abs(value) >= 1e4:
        text = f"{value / 1e3:.1f}k"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


class Figure(float):
    """A median that remembers the min and max of the rounds it is the median of."""
    spread = None


def figure(values):
    value = median(values)
    if value is None:
        return None
    result = Figure(value)
    if len(values) > 1:
        result.spread = (min(values), max(values))
    return result


def median(values):
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def ratio(ours, base):
    if ours is None or base in (None, 0):
        return None
    return ours / base


def cpu_info():
    model, flags = platform.processor() or "unknown", []
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
        match = re.search(r"^model name\s*:\s*(.*)$", text, re.M)
        if match:
            model = match.group(1).strip()
        match = re.search(r"^flags\s*:\s*(.*)$", text, re.M)
        if match:
            flags = match.group(1).split()
    except OSError:
        pass
    return model, flags


def header(results, args):
    lines = []
    model, flags = cpu_info()
    lines.append("loop-bench report" + ("  (SMOKE RUN: minimal settings, the numbers are not measurements)" if args.smoke else ""))
    if results.jmh_runs:
        first = results.jmh_runs[0]
        lines.append(f"JDK:  {first.get('jdkVersion')} ({first.get('vmName')} {first.get('vmVersion')})")
        lines.append(f"JMH:  {first.get('jmhVersion')}, flags: {args.jmh_args or '(defaults)'}")
        # Forks inherit the host JVM's flags, so a flag given to both shows twice: list each once.
        jvm_args = sorted({" ".join(dict.fromkeys(run.get("jvmArgs", []))) for run in results.jmh_runs})
        for flags_of_fork in jvm_args:
            lines.append(f"fork JVM flags: {flags_of_fork or '(none)'}")
    else:
        lines.append("JDK:  (no JMH results)")
    node = next(iter(results.node.values()), None)
    lines.append(f"Node: {node['node'] if node else 'not run (node not on PATH)'}")
    lines.append(f"CPU:  {model}, {os.cpu_count()} logical CPUs visible")
    try:
        load = os.getloadavg()
        lines.append(f"Load average when the report was made: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min)")
    except OSError:
        pass
    lines.append("Each figure is the median of the rounds (JMH forks; Node script runs), min..max beside it.")
    wanted = ["avx2", "avx512f", "constant_tsc", "nonstop_tsc", "hypervisor"]
    lines.append("CPU flags (selected): " + (" ".join(f for f in wanted if f in flags) or "n/a")
                 + f"  [{len(flags)} flags in /proc/cpuinfo]")
    return lines


def table(rows, columns):
    widths = [max(len(str(row[i])) for row in rows + [columns]) for i in range(len(columns))]
    out = ["  ".join(str(c).ljust(w) for c, w in zip(columns, widths))]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        out.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    return out


def fmt_ratio(value):
    spread = getattr(value, "spread", None)
    text = f"{float(value):.3g}x"
    return text if spread is None else f"{text} ({spread[0]:.3g}..{spread[1]:.3g})"


def paired_ratios(ours, base):
    """Round i of ours over round i of the baseline: the scripts run the two side by side, round by round."""
    return [a / b for a, b in zip(ours, base) if b]


def targets(r):
    """(target, ours, baseline name, baseline, unit, goal text, ratio, met)."""
    rows = []

    def add(target, ours, base_name, base, unit, higher_is_better, goal, paired=None):
        # side-by-side rounds: the median of the per-round ratios; otherwise the ratio of the medians
        value = figure(paired) if paired else ratio(ours, base)
        if value is None:
            met = "n/a"
        elif higher_is_better:
            met = "met" if value >= goal else "MISSED"
        else:
            met = "met" if value <= goal else "MISSED"
        goal_text = (">= " if higher_is_better else "<= ") + f"{goal}x"
        rows.append((target, fmt(ours, unit), base_name, fmt(base, unit),
                     "n/a" if value is None else fmt_ratio(value), goal_text, met))

    cross = "CrossThreadSubmitBenchmark."
    for method, label in (("oneProducer", "1 producer"), ("twoProducers", "2 producers")):
        ours = r.score(cross + method, "loop")
        add(f"1. execute throughput, {label}", ours, "Netty NIO loop",
            r.score(cross + method, "netty-nio"), "ops/s", True, 1.1)
        add(f"1. execute throughput, {label}", ours, "reference: bare atomic JCTools queue",
            r.score(cross + method, "jctools-floor"), "ops/s", True, 0.8)
    add("2. self-submit throughput", r.score("SelfSubmitBenchmark.burst", "loop"), "Netty NIO loop",
        r.score("SelfSubmitBenchmark.burst", "netty-nio"), "ops/s", True, 1.2)
    for contestant, label in (("loop", "bare loop"), ("loop-io", "I/O loop")):
        add(f"2. self-submit chain, one in flight, {label}", r.score("SelfSubmitBenchmark.chain", contestant),
            "Netty NIO execute chain", r.score("SelfSubmitBenchmark.chain", "netty-nio"), "ops/s", True, 0.5)
    add("3. setImmediate chain", r.score("ImmediateChainBenchmark.loop"), "Node.js",
        r.node_score("immediateChain"), "ops/s", True, 10)
    add("3. setImmediate chain, I/O loop, one idle socket", r.score("ImmediateChainBenchmark.ioLoopIdleSocket"),
        "Node.js", r.node_score("immediateChain"), "ops/s", True, 2)
    add("3. setImmediate chain, io_uring loop, one idle socket", r.score("ImmediateChainBenchmark.ioUringLoopIdleSocket"),
        "the same on NIO", r.score("ImmediateChainBenchmark.ioLoopIdleSocket"), "ops/s", True, 3)
    add("3. setImmediate chain, I/O loop, no channel", r.score("ImmediateChainBenchmark.ioLoop"),
        "the same chain, bare loop", r.score("ImmediateChainBenchmark.loop"), "ops/s", True, 0.8)
    add("4. nextTick chain", r.score("TickChainBenchmark.nextTickChain"), "Node.js",
        r.node_score("nextTickChain"), "ops/s", True, 5)
    add("4. promise then chain", r.score("TickChainBenchmark.promiseChain"), "Node.js",
        r.node_score("promiseChain"), "ops/s", True, 2)
    add("5. wake-up round trip p50", r.percentile("WakeupLatencyBenchmark.roundTrip", "loop", "50.0"),
        "floor: park/unpark", r.percentile("WakeupLatencyBenchmark.roundTrip", "park-unpark", "50.0"),
        "us", False, 1.1)
    add("6. schedule 1M timers", r.score("TimerBenchmark.loop"), "Netty schedule() on loop",
        r.score("TimerBenchmark.nettyNio"), "ns/timer", False, 0.5)
    keep_alive = r.http_rounds()
    for base_name, label, goal in (("netty", "Netty HTTP codec", 1.0), ("node", "Node.js http", 3.0)):
        add("7. HTTP keep-alive GET, 50 connections", figure(keep_alive.get("loop", [])), label,
            figure(keep_alive.get(base_name, [])), "req/s", True, goal,
            paired=paired_ratios(keep_alive.get("loop", []), keep_alive.get(base_name, [])))
    for case, label in (("upload", "8. HTTP 1 GiB upload through pipeline"), ("download", "8. HTTP 1 GiB download through pipeline")):
        ours, node, ratios = r.summarized("http-transfer", case)
        add(label, ours, "Node.js http + pipeline", node, "MiB/s", True, 1.5, paired=ratios)
    echo = r.echo_rounds()
    add("10. TCP echo on io_uring, 50 x 64 B: round trips/s", figure(echo.get(("loop-io_uring", "round_trips_per_s"), [])),
        "Netty io_uring", figure(echo.get(("netty-io_uring", "round_trips_per_s"), [])), "rt/s", True, 1.0,
        paired=paired_ratios(echo.get(("loop-io_uring", "round_trips_per_s"), []), echo.get(("netty-io_uring", "round_trips_per_s"), [])))
    add("10. TCP echo on io_uring: server CPU per round trip", figure(echo.get(("loop-io_uring", "server_cpu_us_per_round_trip"), [])),
        "Netty io_uring", figure(echo.get(("netty-io_uring", "server_cpu_us_per_round_trip"), [])), "us", False, 0.9,
        paired=paired_ratios(echo.get(("loop-io_uring", "server_cpu_us_per_round_trip"), []),
                             echo.get(("netty-io_uring", "server_cpu_us_per_round_trip"), [])))
    for case, label in (("readFile100MiB", "11. readFile 100 MiB on io_uring (time)"),
                        ("concurrent1000x64KiB", "11. 1000 concurrent readFile 64 KiB on io_uring (time)")):
        add(label, r.file_read("loop-io_uring", case), "the same on NIO", r.file_read("loop", case), "ms", False, round(1 / 1.2, 3))
    ours, node, ratios = r.summarized("pipeline", "pipeline-200MiB")
    add("9. 200 MiB file-to-file pipeline", ours, "Node.js stream.pipeline", node, "MiB/s", True, 1.5, paired=ratios)
    p99 = r.late("loop", "p99_ms")
    met = "n/a" if p99 is None else ("met" if p99 <= 5 else "MISSED")
    rows.append(("6. timer lateness p99", fmt(p99, "ms"), "(absolute)", "-", "-", "<= 5 ms", met))
    return rows


def other_ratios(r):
    """Ratios with no target: the price of the atomic queues, and the other baselines."""
    rows = []
    cross = "CrossThreadSubmitBenchmark."
    for method, label in (("oneProducer", "1 producer"), ("twoProducers", "2 producers")):
        atomic = r.score(cross + method, "jctools-floor")
        for name, title in (("jctools-unsafe-floor", "Unsafe MpscUnboundedArrayQueue"),
                            ("jctools-xadd-floor", "Unsafe MpscUnboundedXaddArrayQueue")):
            value = ratio(atomic, r.score(cross + method, name))
            rows.append((f"atomic JCTools floor / {title}, {label}", "n/a" if value is None else f"{value:.3g}x"))
        ours = r.score(cross + method, "loop")
        for name in ("netty-default", "jdk-single"):
            value = ratio(ours, r.score(cross + method, name))
            rows.append((f"execute, {label}: ours / {name}", "n/a" if value is None else f"{value:.3g}x"))
    ours = r.score("SelfSubmitBenchmark.burst", "loop")
    for name in ("netty-default", "jdk-single"):
        value = ratio(ours, r.score("SelfSubmitBenchmark.burst", name))
        rows.append((f"self-submit: ours / {name}", "n/a" if value is None else f"{value:.3g}x"))
    for method, title in (("loopThread", "setImmediate chain on a startThread loop"),
                          ("nettyNio", "Netty NIO execute chain")):
        value = ratio(r.score("ImmediateChainBenchmark.loop"), r.score("ImmediateChainBenchmark." + method))
        rows.append((f"setImmediate chain (owned loop) / {title}", "n/a" if value is None else f"{value:.3g}x"))
    ours = r.percentile("WakeupLatencyBenchmark.roundTrip", "loop", "50.0")
    for name in ("netty-nio", "netty-default", "jdk-single"):
        value = ratio(ours, r.percentile("WakeupLatencyBenchmark.roundTrip", name, "50.0"))
        rows.append((f"wake-up p50: ours / {name}", "n/a" if value is None else f"{value:.3g}x"))
    ours = r.score("TimerBenchmark.loop")
    for method, title in (("scheduledThreadPool", "ScheduledThreadPoolExecutor"),
                          ("hashedWheel", "HashedWheelTimer")):
        value = ratio(ours, r.score("TimerBenchmark." + method))
        rows.append((f"timer schedule time: ours / {title}", "n/a" if value is None else f"{value:.3g}x"))
    value = ratio(ours, r.node_score("timerSchedule"))
    rows.append(("timer schedule time: ours / Node.js setTimeout", "n/a" if value is None else f"{value:.3g}x"))
    return rows


def wakeup_rows(r):
    rows = []
    for name in ("loop", "netty-nio", "netty-default", "jdk-single", "park-unpark"):
        p50 = r.percentile("WakeupLatencyBenchmark.roundTrip", name, "50.0")
        p99 = r.percentile("WakeupLatencyBenchmark.roundTrip", name, "99.0")
        rows.append((name, fmt(p50, "us"), fmt(p99, "us")))
    return rows


def lateness_rows(r):
    rows = []
    for name, row in r.lateness.items():
        rows.append((name, row["timers"], f"{row['p50_ms']:.3f}", f"{row['p99_ms']:.3f}", f"{row['max_ms']:.3f}"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--jmh-args", default="")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    r = Results(args.directory)
    out = header(r, args)
    out.append("")
    out.append("Targets (ratio = ours / baseline; throughput: higher is better, times: lower is better)")
    out += table(targets(r), ("target", "ours", "baseline", "baseline value", "ratio", "goal", "status"))
    out.append("")
    out.append("Other ratios (no target)")
    out += table(other_ratios(r), ("comparison", "ratio"))
    out.append("")
    out.append("Wake-up round trip (WakeupLatencyBenchmark)")
    out += table(wakeup_rows(r), ("contestant", "p50", "p99"))
    out.append("")
    out.append("Timer lateness: fire time - intended deadline (TimerLateness, bench/node/timers.js)")
    out += table(lateness_rows(r), ("contestant", "timers", "p50 ms", "p99 ms", "max ms"))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
