'use strict';
// Uploads and downloads through Node's http with stream.pipeline at both ends, server and client
// on one process (as dev.loop.bench.HttpTransferBench runs ours): a Readable of 64 KiB chunks piped
// into the request (or the response), the other side piped into a Writable that counts. WARMUP
// transfers of 256 MiB each way (printed with "warmup":true), then COPIES of SIZE MiB each way.
// Usage: node bench/node/http-transfer.js [MiB] [COPIES] [WARMUP]
const http = require('node:http');
const { Readable, Writable } = require('node:stream');
const { pipeline } = require('node:stream/promises');

const size = (+(process.argv[2] || 1024)) * 1024 * 1024;
const copies = +(process.argv[3] || 3);
const warmup = +(process.argv[4] || 2);
const chunk = Buffer.alloc(64 * 1024, 120);

function source(total) {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) { this.push(null); return; }
      const length = Math.min(chunk.length, total - sent);
      sent += length;
      this.push(length === chunk.length ? chunk : chunk.subarray(0, length));
    },
  });
}

function sink() {
  const counting = new Writable({ write(c, encoding, callback) { counting.count += c.length; callback(); } });
  counting.count = 0;
  return counting;
}

const server = http.createServer((req, res) => {
  if (req.method === 'PUT') {
    const counter = sink();
    pipeline(req, counter).then(() => res.end(String(counter.count)));
  } else {
    const total = +req.url.slice(1);
    res.setHeader('Content-Length', total);
    pipeline(source(total), res).catch(() => {});
  }
});

function report(name, warm, bytes, t0) {
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ side: 'node', case: name, warmup: warm, bytes, mib_per_s: +(bytes / 1048576 / seconds).toFixed(1) }));
}

server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  const agent = new http.Agent({ keepAlive: true });
  const upload = (total, warm) => new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ port, host: '127.0.0.1', method: 'PUT', path: '/', agent,
      headers: { 'Content-Length': total } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => { report('upload', warm, +body, t0); resolve(); });
    });
    pipeline(source(total), req).catch(reject);
  });
  const download = (total, warm) => new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http.get({ port, host: '127.0.0.1', path: '/' + total, agent }, (res) => {
      const counter = sink();
      pipeline(res, counter).then(() => { report('download', warm, counter.count, t0); resolve(); }, reject);
    });
  });
  for (let i = 0; i < warmup + copies; i++) {
    const warm = i < warmup;
    const total = warm ? 256 * 1024 * 1024 : size;
    await upload(total, warm);
    await download(total, warm);
  }
  agent.destroy();
  server.close();
});
