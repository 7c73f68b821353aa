// Node's worker_threads on the workloads of dev.loop.bench.WorkerBench, one JSON line per case.
// Usage: node bench/node/workers.js --case ping-pong|throughput|atomics|buffer-transfer|buffer-clone [--rounds N]
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

if (!isMainThread) {
  const { kind, n, shared } = workerData;
  if (kind === 'echo') {
    parentPort.on('message', (m) => { if (m === 'stop') parentPort.close(); else parentPort.postMessage(m); });
  } else if (kind === 'buffer') {
    parentPort.on('message', (m) => {
      if (m === 'stop') parentPort.close();
      else parentPort.postMessage(m, workerData.transfer ? [m] : []);
    });
  } else if (kind === 'throughput') {
    for (let i = 0; i < 2 * n; i++) parentPort.postMessage({ seq: i, text: 'item' });
  } else if (kind === 'atomics') {
    const t = new Int32Array(shared);
    for (let i = 0; i < n; i++) {
      while (Atomics.load(t, 0) === 0) Atomics.wait(t, 0, 0); // a notify is not tied to a value
      Atomics.store(t, 0, 0);
      Atomics.notify(t, 0, 1);
    }
  }
  return;
}

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const name = opt('--case');
const now = () => process.hrtime.bigint();
const cpu0 = process.cpuUsage();
// The process's CPU (all threads, user + system) per operation, as WorkerBench reports it.
const cpuPerOp = (ops) => { const c = process.cpuUsage(cpu0); return +((c.user + c.system) / ops).toFixed(3); };

function latency(rtt) {
  const ops = rtt.length;
  const kept = rtt.slice(Math.floor(rtt.length / 5)).sort((a, b) => a - b);
  const p = (q) => kept[Math.floor(kept.length * q)] / 1e3;
  console.log(JSON.stringify({ side: 'node', case: name, p50_us: +p(0.5).toFixed(2), p99_us: +p(0.99).toFixed(2), n: kept.length,
    cpu_us_per_op: cpuPerOp(ops) }));
}

if (name === 'ping-pong') {
  const rounds = +opt('--rounds', 200000);
  const rtt = new Array(rounds);
  const w = new Worker(__filename, { workerData: { kind: 'echo' } });
  let i = 0; let sent = now();
  w.on('message', () => {
    rtt[i++] = Number(now() - sent);
    if (i === rounds) { w.postMessage('stop'); latency(rtt); return; }
    sent = now();
    w.postMessage({ seq: i, text: 'ping' });
  });
  w.postMessage({ seq: 0, text: 'ping' });
} else if (name === 'throughput') {
  const n = +opt('--rounds', 2000000);
  const w = new Worker(__filename, { workerData: { kind: 'throughput', n } });
  // timed from the first message after a warm-up of the same size, as WorkerBench does
  let start = 0n; let received = 0;
  w.on('message', () => {
    if (++received === n) { start = now(); return; }
    if (received === 2 * n) {
      const perSecond = (n - 1) / (Number(now() - start) / 1e9);
      console.log(JSON.stringify({ side: 'node', case: name, msgs_per_s: Math.round(perSecond), cpu_us_per_op: cpuPerOp(2 * n) }));
    }
  });
} else if (name === 'atomics') {
  const rounds = +opt('--rounds', 200000);
  const shared = new SharedArrayBuffer(8);
  const turn = new Int32Array(shared);
  const w = new Worker(__filename, { workerData: { kind: 'atomics', n: rounds, shared } });
  w.on('online', () => {
    const rtt = new Array(rounds);
    for (let i = 0; i < rounds; i++) {
      const start = now();
      Atomics.store(turn, 0, 1);
      Atomics.notify(turn, 0, 1);
      while (Atomics.load(turn, 0) === 1) Atomics.wait(turn, 0, 1);
      rtt[i] = Number(now() - start);
    }
    latency(rtt);
  });
} else if (name === 'buffer-transfer' || name === 'buffer-clone') {
  const transfer = name === 'buffer-transfer';
  const rounds = +opt('--rounds', 5000);
  const rtt = new Array(rounds);
  const w = new Worker(__filename, { workerData: { kind: 'buffer', transfer } });
  let i = 0; let sent = 0n;
  w.on('message', (b) => {
    rtt[i++] = Number(now() - sent);
    if (i === rounds) { w.postMessage('stop'); latency(rtt); return; }
    sent = now();
    w.postMessage(b, transfer ? [b] : []);
  });
  const first = new ArrayBuffer(1 << 20);
  sent = now();
  w.postMessage(first, transfer ? [first] : []);
} else {
  console.error('unknown --case ' + name);
  process.exit(2);
}
