'use strict';
// The server side of the HTTP benchmark (see HttpServerBench.java): Node's http answering every
// request with the same small JSON body; prints {"port":N,"pid":P} when it listens and exits when
// its standard input closes.
const http = require('node:http');

const body = '{"status":true,"sent":true}';
const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port, pid: process.pid }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
