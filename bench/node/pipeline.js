// Node's stream.pipeline of fs streams (64 KiB chunks) on the file dev.loop.bench.PipelineBench copies.
// Usage: node bench/node/pipeline.js SOURCE TARGET [ROUNDS]
'use strict';
const fs = require('fs');
const { pipeline } = require('stream/promises');
const [source, target, roundsArg] = process.argv.slice(2);
const rounds = +(roundsArg || 5);
(async () => {
  const size = fs.statSync(source).size;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await pipeline(fs.createReadStream(source, { highWaterMark: 65536 }), fs.createWriteStream(target));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({ side: 'node', case: 'pipeline-200MiB', mib_per_s: +(size / 1048576 / seconds).toFixed(1) }));
  }
})();
