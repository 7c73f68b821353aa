'use strict';
// A 1 GiB upload and a 1 GiB download through Node's http on one process (server and client on
// the same loop, as HttpTransferBench runs ours): 64 KiB chunks written with back pressure (write
// until false, then wait for drain), counted on the other side. Prints one JSON line per case.
// Usage: node bench/node/http-transfer.js [MiB]
const http = require('node:http');

const total = (+(process.argv[2] || 1024)) * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 120);

function pump(stream, done) {
  let sent = 0;
  const more = () => {
    while (sent < total) {
      sent += chunk.length;
      if (!stream.write(chunk)) { stream.once('drain', more); return; }
    }
    stream.end();
    if (done) done();
  };
  more();
}

const server = http.createServer((req, res) => {
  if (req.method === 'PUT') {
    let got = 0;
    req.on('data', (c) => { got += c.length; });
    req.on('end', () => res.end(String(got)));
  } else {
    res.setHeader('Content-Length', total);
    pump(res);
  }
});

server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  const agent = new http.Agent({ keepAlive: true });
  const upload = () => new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ port, host: '127.0.0.1', method: 'PUT', path: '/', agent,
      headers: { 'Content-Length': total } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ name: 'upload', t0, bytes: +body }));
    });
    pump(req);
  });
  const download = () => new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    http.get({ port, host: '127.0.0.1', path: '/', agent }, (res) => {
      let got = 0;
      res.on('data', (c) => { got += c.length; });
      res.on('end', () => resolve({ name: 'download', t0, bytes: got }));
    });
  });
  for (const next of [upload, download]) {
    const { name, t0, bytes } = await next();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(JSON.stringify({ side: 'node', case: name, bytes, mib_per_s: +(bytes / 1048576 / seconds).toFixed(1) }));
  }
  agent.destroy();
  server.close();
});
