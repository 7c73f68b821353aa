'use strict';
// The Node side of NodeDifferentialTest: answers every request as DifferentialHandler does in Java.
// Prints {"port":N} when it listens; exits when its standard input closes.
const http = require('node:http');

const server = http.createServer((req, res) => {
  let length = 0;
  req.on('data', (chunk) => { length += chunk.length; });
  req.on('end', () => {
    const status = req.url.startsWith('/status/') ? Number(req.url.substring('/status/'.length)) : 200;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/chunked') {
      res.write('{"part":1}');
      res.end('{"part":2}');
      return;
    }
    res.end(JSON.stringify({ method: req.method, url: req.url, length }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
