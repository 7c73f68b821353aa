// Node's stream.pipeline of fs streams (64 KiB chunks) on the file dev.loop.bench.PipelineBench copies.
// Same protocol as PipelineBench: WARMUP copies (printed with "warmup":true), then COPIES.
// Usage: node bench/node/pipeline.js SOURCE TARGET [COPIES] [WARMUP]
'use strict';
const fs = require('fs');
const { pipeline } = require('stream/promises');
const [source, target, copiesArg, warmupArg] = process.argv.slice(2);
const copies = +(copiesArg || 5);
const warmup = +(warmupArg || 0);
(async () => {
  const size = fs.statSync(source).size;
  for (let i = 0; i < warmup + copies; i++) {
    const start = process.hrtime.bigint();
    await pipeline(fs.createReadStream(source, { highWaterMark: 65536 }), fs.createWriteStream(target));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({ side: 'node', case: 'pipeline-200MiB', warmup: i < warmup, mib_per_s: +(size / 1048576 / seconds).toFixed(1) }));
  }
})();
