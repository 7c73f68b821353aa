'use strict';
// The timer workload of TimerBenchmark and TimerLateness: delays uniform on 0..1000 ms from
// java.util.Random(42), reimplemented below so that Node schedules the same sequence.
//  1. schedule time: setTimeout for every delay in one synchronous loop, ns per timer (median of
//     --reps runs after --warmup; the timers are cleared after each run);
//  2. lateness: the same timers scheduled in chunks of 1000 per loop turn (setImmediate between
//     chunks), each recording fire time minus (schedule time + max(1, delay)); p50/p99/max in ms.
// Usage: node timers.js [--timers N] [--warmup N] [--reps N]
const { performance } = require('node:perf_hooks');
const { options, median } = require('./harness');

const MASK = (1n << 48n) - 1n;

/** java.util.Random(seed).nextInt(bound) for `count` draws. */
function javaRandomInts(seed, bound, count) {
  let state = (BigInt(seed) ^ 0x5DEECE66Dn) & MASK;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let r;
    let u;
    do {
      state = (state * 0x5DEECE66Dn + 0xBn) & MASK;
      u = Number(state >> 17n); // next(31)
      r = u % bound;
    } while (u - r + (bound - 1) >= 2 ** 31);
    out[i] = r;
  }
  return out;
}

function scheduleTime(delays) {
  const handles = new Array(delays.length);
  const noop = () => {};
  const start = performance.now();
  for (let i = 0; i < delays.length; i++) {
    handles[i] = setTimeout(noop, delays[i]);
  }
  const ms = performance.now() - start;
  for (const handle of handles) clearTimeout(handle);
  return (ms * 1e6) / delays.length;
}

function lateness(delays) {
  const count = delays.length;
  const deadlines = new Float64Array(count);
  const late = new Float64Array(count);
  return new Promise((resolve) => {
    let fired = 0;
    function scheduleChunk(from) {
      const to = Math.min(from + 1000, count);
      for (let i = from; i < to; i++) {
        deadlines[i] = performance.now() + Math.max(1, delays[i]);
        setTimeout(() => {
          late[i] = performance.now() - deadlines[i];
          if (++fired === count) resolve(late);
        }, delays[i]);
      }
      if (to < count) setImmediate(() => scheduleChunk(to));
    }
    scheduleChunk(0);
  });
}

async function main() {
  const opts = options();
  const delays = javaRandomInts(42, 1001, opts.timers);
  for (let i = 0; i < opts.warmup; i++) scheduleTime(delays);
  const nanos = [];
  for (let i = 0; i < opts.reps; i++) nanos.push(scheduleTime(delays));
  console.log(JSON.stringify({
    bench: 'timerSchedule', impl: 'node', node: process.version, unit: 'ns/op', score: median(nanos),
    timers: opts.timers, reps: opts.reps,
  }));
  const late = await lateness(delays);
  late.sort();
  const at = (p) => late[Math.ceil(p * late.length) - 1];
  console.log(JSON.stringify({
    bench: 'timerLateness', contestant: 'node', node: process.version, timers: opts.timers,
    p50_ms: at(0.5), p99_ms: at(0.99), max_ms: late[late.length - 1], min_ms: late[0],
  }));
}

main();
