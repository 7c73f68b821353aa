'use strict';
// The server side of the TCP echo benchmark (see EchoServer.java): Node's net module echoing every
// chunk back; prints {"port":N,"pid":P} when it listens and exits when its standard input closes.
const net = require('node:net');

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('data', (data) => socket.write(data));
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port, pid: process.pid }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
