'use strict';
// Shared by the chain scripts: run a workload a few times, print one JSON line with the median rate.
// Usage of a script: node <script>.js [--warmup N] [--reps N] [--length N]

const { performance } = require('node:perf_hooks');

function options() {
  const opts = { warmup: 5, reps: 10, length: 100_000, timers: 1_000_000 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts) || i + 1 >= argv.length) {
      console.error(`unknown or incomplete option ${argv[i]}; use --warmup N --reps N --length N --timers N`);
      process.exit(2);
    }
    opts[key] = Number(argv[i + 1]);
  }
  return opts;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// runOnce(length) returns a promise that settles when one chain of `length` callbacks has ended.
async function measureRate(bench, runOnce) {
  const opts = options();
  for (let i = 0; i < opts.warmup; i++) {
    await runOnce(opts.length);
  }
  const rates = [];
  for (let i = 0; i < opts.reps; i++) {
    const start = performance.now();
    await runOnce(opts.length);
    const ms = performance.now() - start;
    rates.push(opts.length / (ms / 1000));
  }
  console.log(JSON.stringify({
    bench, impl: 'node', node: process.version, unit: 'ops/s', score: median(rates),
    min: Math.min(...rates), max: Math.max(...rates), reps: opts.reps, length: opts.length,
  }));
}

module.exports = { options, median, measureRate };
