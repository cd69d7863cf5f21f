// The floor of `ujm bench submit --external`: a trivial HTTP server that reads each request's body
// and answers 201 with a small JSON body, so what the load generator measures against it is what the
// machine, Node's HTTP stack and the load generator cost without any job system.
//
// Usage: node floor-server.mjs <port>   (listens on 127.0.0.1, prints "listening" once it does)
import http from 'node:http';

const port = Number(process.argv[2]);
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end('{"id":"0","state":"queued"}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log('listening'));
