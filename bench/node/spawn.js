// Node's child_process on the cases of dev.loop.bench.SpawnBench, one JSON line per run.
// Usage: node bench/node/spawn.js --case exec-true|cat
'use strict';
const { execFile, spawn } = require('child_process');

const args = process.argv.slice(2);
const name = args[args.indexOf('--case') + 1] || 'exec-true';
const now = () => process.hrtime.bigint();
const out = (fields) => console.log(JSON.stringify({ side: 'node', case: name, ...fields }));

if (name === 'exec-true') {
  const warmup = 50;
  const measured = 1000;
  let done = 0;
  let start;
  const next = () => {
    if (done === warmup) start = now();
    if (done === warmup + measured) {
      out({ ms_per_spawn: +(Number(now() - start) / 1e6 / measured).toFixed(3), n: measured });
      return;
    }
    done++;
    execFile('true', [], (err) => { if (err) throw err; next(); });
  };
  next();
} else if (name === 'cat') {
  // Twice, each through a new cat: the first cold, the second after it (as SpawnBench).
  const total = 1 << 30;
  const chunk = Buffer.alloc(64 * 1024);
  const once = (done) => {
    let received = 0;
    let sent = 0;
    const start = now();
    const cat = spawn('cat');
    cat.stdout.on('data', (d) => { received += d.length; });
    cat.on('close', () => {
      if (received !== total) throw new Error(`received ${received} of ${total}`);
      done(+(total / (Number(now() - start) / 1e9) / (1 << 20)).toFixed(1));
    });
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!cat.stdin.write(chunk)) { cat.stdin.once('drain', pump); return; }
      }
      cat.stdin.end();
    };
    pump();
  };
  once((cold) => once((warm) => out({ cold_mib_per_s: cold, mib_per_s: warm })));
}
