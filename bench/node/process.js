// Node's child_process.fork on the cases of dev.loop.bench.ProcessBench, one JSON line per run.
// Usage: node bench/node/process.js --case startup|rtt|idle-rtt|throughput
'use strict';
const { fork } = require('child_process');

const value = (seq) => ({ seq, text: 'abcdefghijklmnopqrstuvwxyz01', ok: true });

if (process.argv[2] === 'child') {
  process.send('ready');
  process.on('message', (m) => {
    if (typeof m === 'string' && m.startsWith('stream ')) {
      const count = +m.slice(7);
      let next = 0;
      const pump = () => {
        while (next < count) {
          if (!process.send(value(next++))) { setImmediate(pump); return; } // the channel's backlog is full
        }
      };
      pump();
    } else {
      process.send(m);
    }
  });
  return;
}

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const name = opt('--case', 'rtt');
const now = () => process.hrtime.bigint();
const out = (fields) => console.log(JSON.stringify({ side: 'node', case: name, ...fields }));
const child = () => fork(__filename, ['child']);

if (name === 'startup') {
  const ms = [];
  const once = () => {
    const start = now();
    const c = child();
    c.once('message', () => {
      ms.push(Number(now() - start) / 1e6);
      c.disconnect();
      c.once('exit', () => (ms.length < 10 ? once() : done()));
    });
  };
  const done = () => {
    ms.sort((a, b) => a - b);
    out({ median_ms: Math.round(ms[5]), min_ms: Math.round(ms[0]), max_ms: Math.round(ms[9]) });
  };
  once();
} else if (name === 'rtt' || name === 'idle-rtt') {
  const idle = name === 'idle-rtt';
  const warmup = 20000; // busy either way, so that the idle case measures a warm JIT
  const measured = idle ? 300 : 100000;
  const samples = [];
  const c = child();
  let done = -warmup;
  let sent = 0n;
  let ticker;
  let cpuStart;
  let wallStart;
  const cpuOf = () => { // the child's user+system time, from /proc (clock ticks of 10 ms)
    const f = require('fs').readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (+f[11] + +f[12]) * 10e6;
  };
  const ping = () => { sent = now(); c.send(value(done)); };
  c.on('message', (m) => {
    if (m === 'ready') { ping(); return; }
    const rtt = Number(now() - sent);
    if (done >= 0) samples.push(rtt);
    done++;
    if (done === 0 && idle) { // warm: from now on one ping every 10 ms, each from idle
      ticker = setInterval(ping, 10);
      setTimeout(() => { cpuStart = cpuOf(); wallStart = now(); }, 5);
      return;
    }
    if (done === measured) {
      const cpu = idle ? (cpuOf() - cpuStart) / Number(now() - wallStart) : 0;
      if (ticker) clearInterval(ticker);
      c.disconnect();
      samples.sort((a, b) => a - b);
      const fields = { p50_us: +(samples[measured >> 1] / 1e3).toFixed(2), p99_us: +(samples[Math.floor(measured * 0.99)] / 1e3).toFixed(2), n: measured };
      if (idle) fields.child_cpu_pct = +(cpu * 100).toFixed(2);
      out(fields);
    } else if (!idle || done < 0) {
      ping(); // the next at once: busy, or warming up
    }
  });
} else if (name === 'throughput') {
  const count = 1000000;
  const c = child();
  let received = 0;
  let start;
  c.on('message', (m) => {
    if (m === 'ready') { start = now(); c.send('stream ' + count); return; }
    if (++received === count) {
      const s = Number(now() - start) / 1e9;
      c.disconnect();
      out({ msgs_per_s: Math.round(count / s), n: count });
    }
  });
}
