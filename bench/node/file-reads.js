'use strict';
// The workloads of FileReads.java: fs.promises.readFile of one 100 MiB file, and of 1000 files of
// 64 KiB started together; the median time of each as a JSON line. Files are written first, so
// both sides read from the page cache.
// Usage: node file-reads.js [--warmup N] [--reps N]
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { median } = require('./harness');

const BIG = 100 << 20;
const SMALL = 64 << 10;
const FILES = 1000;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function measure(warmup, reps, workload) {
  const times = [];
  for (let i = -warmup; i < reps; i++) {
    const start = performance.now();
    await workload();
    if (i >= 0) times.push(performance.now() - start);
  }
  return median(times);
}

async function main() {
  const warmup = option('warmup', 3);
  const reps = option('reps', 9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-bench-files'));
  try {
    const bytes = Buffer.alloc(BIG);
    for (let i = 0; i < BIG; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    const big = path.join(dir, 'big.bin');
    fs.writeFileSync(big, bytes);
    const small = [];
    for (let i = 0; i < FILES; i++) {
      const file = path.join(dir, `small-${i}.bin`);
      fs.writeFileSync(file, bytes.subarray(i * 1024, i * 1024 + SMALL));
      small.push(file);
    }
    const report = (name, ms) => console.log(JSON.stringify({ bench: 'fileReads', contestant: 'node', case: name, median_ms: Number(ms.toFixed(3)) }));
    report('readFile100MiB', await measure(warmup, reps, async () => {
      const data = await fsp.readFile(big);
      if (data.length !== BIG) throw new Error('short read');
    }));
    report('concurrent1000x64KiB', await measure(warmup, reps, async () => {
      const all = await Promise.all(small.map((file) => fsp.readFile(file)));
      if (all.length !== FILES) throw new Error('missing reads');
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
